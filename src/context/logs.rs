//! Logs reduced to what explains them: the first lines, the last lines (more of them), every
//! distinct error and warning line with the lines around it, and the most repeated lines
//! collapsed into one with a count. Lines are compared with their numbers, times and ids aside
//! (`pod-5f6c7b-x2` and `pod-9a8b7c-k1` are the same line). One pass; only kept lines are held.
//! The body of a PEM block is never kept on its own: redaction replaces the block by its first
//! line, so a middle line kept as context would leak it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use regex::Regex;

use super::lines::{fit_lines, shorten, thousands};
use super::Reduced;

const CONTEXT: usize = 2;
/// Errors beyond this many keep no context (it would not fit anyway), so memory stays bounded.
const CONTEXT_KEPT_FOR: usize = 2_000;
const MAX_TEMPLATES: usize = 100_000;
const REPEATED_SHOWN: usize = 5;

fn error_line() -> &'static Regex {
    static ERROR: OnceLock<Regex> = OnceLock::new();
    ERROR.get_or_init(|| {
        Regex::new(
            r"(?i)(?-u:\b)(?:errors?|err|fatal|panic(?:ked)?|exception|fail(?:ed|ure|ing)?|warn(?:ing)?|critical|crit|traceback|denied|refused|unauthori[sz]ed|forbidden|time[sd]? ?out|oomkilled|killed|unavailable|unhealthy|crash(?:ed|loopbackoff)?)(?-u:\b)|^[EWF][0-9]{4} ",
        )
        .expect("built-in pattern compiles")
    })
}

/// The line's hash with every word that holds a digit (numbers, times, ids) taken as one.
fn template(line: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut hash = 0u64;
    let mut mix = |byte: u8| hash = (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
    for word in line.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        if word.iter().any(u8::is_ascii_digit) {
            mix(b'#');
        } else {
            word.iter().copied().for_each(&mut mix);
        }
        mix(0);
    }
    hash
}

/// Keys that are hashes already.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByTemplate<V> = HashMap<u64, V, BuildHasherDefault<Identity>>;

struct ErrorLine<'a> {
    at: usize,
    line: &'a str,
    template: u64,
    /// The first line of its template among the errors.
    first: bool,
    /// The lines around it, kept for the first `CONTEXT_KEPT_FOR` errors only.
    with_context: bool,
    context: Vec<(usize, &'a str)>,
}

/// Which error lines are kept: all of them or one per template, with or without context.
struct Choice {
    all: bool,
    context: bool,
}

pub fn reduce(text: &str, budget_chars: usize) -> Reduced {
    let head_share = budget_chars / 6;
    let tail_share = budget_chars * 2 / 3;
    let line_limit = budget_chars / 8;
    let mut counts: ByTemplate<(usize, &str)> = ByTemplate::default();
    let mut error_counts: ByTemplate<usize> = ByTemplate::default();
    let mut head: Vec<(usize, &str)> = Vec::new();
    let mut head_used = 0;
    let mut tail: VecDeque<(usize, &str)> = VecDeque::new();
    let mut tail_used = 0;
    let mut recent: VecDeque<(usize, &str)> = VecDeque::new();
    let mut errors: Vec<ErrorLine> = Vec::new();
    let mut in_pem = false;
    let mut total = 0;
    for (at, line) in text.lines().enumerate() {
        total += 1;
        if in_pem {
            let end = line.contains("-----END ");
            let base64 = line
                .trim()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b));
            in_pem = base64 && !end;
            if base64 || end {
                continue;
            }
        }
        if let Some(begin) = line.find("-----BEGIN ") {
            in_pem = !line[begin..].contains("-----END ");
        }
        let hash = template(line);
        if counts.len() < MAX_TEMPLATES || counts.contains_key(&hash) {
            counts.entry(hash).or_insert((0, line)).0 += 1;
        }
        for error in errors.iter_mut().rev().take_while(|e| e.at + CONTEXT >= at) {
            if error.with_context {
                error.context.push((at, line));
            }
        }
        if error_line().is_match(line) {
            let count = error_counts.entry(hash).or_insert(0);
            *count += 1;
            let with_context = errors.len() < CONTEXT_KEPT_FOR;
            let context = if with_context {
                recent.iter().copied().collect()
            } else {
                Vec::new()
            };
            errors.push(ErrorLine {
                at,
                line,
                template: hash,
                first: *count == 1,
                with_context,
                context,
            });
        }
        recent.push_back((at, line));
        if recent.len() > CONTEXT {
            recent.pop_front();
        }
        if head_used + line.len() < head_share {
            head_used += line.len() + 1;
            head.push((at, line));
            continue;
        }
        tail_used += line.len() + 1;
        tail.push_back((at, line));
        while tail_used > tail_share {
            let (_, dropped) = tail.pop_front().expect("not empty");
            tail_used -= dropped.len() + 1;
        }
    }
    // The error lines get half the budget: all of them with context if they fit, else fewer.
    let error_share = budget_chars / 2;
    let shown = |e: &ErrorLine, all: bool| {
        let line = shorten(e.line, line_limit);
        match error_counts.get(&e.template) {
            Some(&n) if !all && n > 1 => format!("{line}  (×{} alike)", thousands(n)),
            _ => line.into_owned(),
        }
    };
    let size = |choice: &Choice| -> usize {
        let kept = errors.iter().filter(|e| choice.all || e.first);
        kept.map(|e| {
            let context: usize = if choice.context {
                e.context
                    .iter()
                    .map(|(_, l)| l.len().min(line_limit) + 1)
                    .sum()
            } else {
                0
            };
            shown(e, choice.all).len() + 1 + context
        })
        .sum()
    };
    let choices = [
        Choice {
            all: true,
            context: true,
        },
        Choice {
            all: true,
            context: false,
        },
        Choice {
            all: false,
            context: true,
        },
        Choice {
            all: false,
            context: false,
        },
    ];
    let choice = choices
        .into_iter()
        .find(|c| size(c) <= error_share)
        .unwrap_or(Choice {
            all: false,
            context: false,
        });
    let mut kept: BTreeMap<usize, String> = BTreeMap::new();
    let chosen: Vec<&ErrorLine> = errors.iter().filter(|e| choice.all || e.first).collect();
    let marked: Vec<String> = chosen.iter().map(|e| shown(e, choice.all)).collect();
    let (lines, error_cut) = fit_lines(&marked, error_share, "error lines");
    // When cut, `lines` holds the first errors, a marker, then the last ones; the gaps between
    // kept lines are marked anyway, so the marker itself is not placed.
    let marker = (error_cut > 0)
        .then(|| {
            lines
                .iter()
                .position(|l| l.ends_with("error lines left out …"))
        })
        .flatten();
    let tail_start = marker.map_or(0, |m| chosen.len() - (lines.len() - m - 1));
    for (i, line) in lines.into_iter().enumerate() {
        let error = match marker {
            Some(m) if i == m => continue,
            Some(m) if i > m => chosen[tail_start + i - m - 1],
            _ => chosen[i],
        };
        if choice.context {
            for &(at, context) in &error.context {
                kept.entry(at)
                    .or_insert_with(|| shorten(context, line_limit).into_owned());
            }
        }
        kept.insert(error.at, line.into_owned());
    }
    // The most repeated lines, once each with a count.
    let mut repeated: Vec<(usize, &str)> = counts
        .values()
        .copied()
        .filter(|(n, _)| *n >= 3.max(total / 100))
        .collect();
    repeated.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    repeated.truncate(REPEATED_SHOWN);
    let summary: Vec<String> = repeated
        .iter()
        .map(|(n, line)| format!("  {}× {}", thousands(*n), shorten(line, line_limit)))
        .collect();
    // Room for the gap markers and the summary's title.
    let mut used: usize = kept.values().map(|l| l.len() + 30).sum::<usize>()
        + summary.iter().map(|l| l.len() + 1).sum::<usize>()
        + 120;
    let mut keep = |at: usize, line: &str, kept: &mut BTreeMap<usize, String>| {
        let line = shorten(line, line_limit);
        if used + line.len() + 30 > budget_chars {
            return false;
        }
        if let std::collections::btree_map::Entry::Vacant(slot) = kept.entry(at) {
            used += line.len() + 30;
            slot.insert(line.into_owned());
        }
        true
    };
    for &(at, line) in &head {
        if !keep(at, line, &mut kept) {
            break;
        }
    }
    for &(at, line) in tail.iter().rev() {
        if !keep(at, line, &mut kept) {
            break;
        }
    }
    let mut out = String::with_capacity(budget_chars);
    let mut next = 0;
    for (at, line) in &kept {
        if *at > next {
            out.push_str(&format!("… {} lines left out …\n", thousands(at - next)));
        }
        out.push_str(line);
        out.push('\n');
        next = at + 1;
    }
    if total > next {
        out.push_str(&format!("… {} lines left out …\n", thousands(total - next)));
    }
    if !summary.is_empty() {
        out.push_str("… the most repeated lines (numbers, times and ids aside), with how often each occurs:\n");
        for line in &summary {
            out.push_str(line);
            out.push('\n');
        }
    }
    let distinct = errors.iter().filter(|e| e.first).count();
    let which = if choice.all {
        format!(
            "all {} error and warning lines kept",
            thousands(errors.len())
        )
    } else {
        format!(
            "{} error and warning lines kept once per kind ({} kinds), with counts",
            thousands(errors.len()),
            thousands(distinct)
        )
    };
    let mut words = format!(
        "{} log lines reduced to {}: the first and last lines, {which}{}, the most repeated lines collapsed with counts",
        thousands(total),
        thousands(kept.len()),
        if choice.context { " with the lines around them" } else { "" },
    );
    if error_cut > 0 {
        words.push_str(&format!(
            "; {} of those error lines left out",
            thousands(error_cut)
        ));
    }
    Reduced { text: out, words }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_ends_and_repeats() {
        let mut log = String::new();
        for i in 0..5_000 {
            match i {
                1_234 => log.push_str(
                    "2026-01-01T00:20:34Z ERROR payment 991 failed: connection refused\n",
                ),
                3_000..=3_002 => log.push_str(&format!(
                    "2026-01-01T00:50:0{}Z WARN retry {i} of the queue\n",
                    i - 3_000
                )),
                _ => log.push_str(&format!(
                    "2026-01-01T00:{:02}:{:02}Z INFO request {i} served in {} ms\n",
                    i / 60 % 60,
                    i % 60,
                    i % 97
                )),
            }
        }
        let reduced = reduce(&log, 8_000);
        assert!(reduced.text.len() <= 8_000, "{}", reduced.text.len());
        assert!(reduced
            .text
            .contains("ERROR payment 991 failed: connection refused"));
        assert!(reduced.text.contains("WARN retry 3001 of the queue"));
        assert!(
            reduced.text.contains("INFO request 1233 served"),
            "context before the error"
        );
        assert!(reduced
            .text
            .starts_with("2026-01-01T00:00:00Z INFO request 0 served"));
        assert!(reduced.text.contains("INFO request 4999 served"));
        assert!(reduced
            .text
            .contains("  4,996× 2026-01-01T00:00:00Z INFO request 0 served"));
        assert!(reduced
            .words
            .contains("all 4 error and warning lines kept with the lines around them"));
    }

    #[test]
    fn many_errors_alike_are_kept_once_with_a_count() {
        let mut log = String::new();
        for i in 0..20_000 {
            if i % 10 == 0 {
                log.push_str(&format!(
                    "E{i:04} connection to 10.0.{}.{} refused\n",
                    i % 7,
                    i % 250
                ));
            } else if i == 15_001 {
                log.push_str("FATAL out of memory\n");
            } else {
                log.push_str(&format!("INFO tick {i}\n"));
            }
        }
        let reduced = reduce(&log, 8_000);
        assert!(reduced.text.len() <= 8_000);
        assert!(reduced
            .text
            .contains("E0000 connection to 10.0.0.0 refused  (×2,000 alike)"));
        assert!(reduced.text.contains("FATAL out of memory"));
        assert!(reduced
            .words
            .contains("2,001 error and warning lines kept once per kind (2 kinds)"));
    }

    #[test]
    fn a_pem_body_is_never_kept_alone() {
        let mut log = "-----BEGIN PRIVATE KEY-----\n".to_owned();
        log.push_str(
            &"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n".repeat(50),
        );
        log.push_str("-----END PRIVATE KEY-----\nERROR boom\n");
        log.push_str(&"INFO fine\n".repeat(2_000));
        let reduced = reduce(&log, 2_000);
        assert!(!reduced.text.contains("MIIEvQ"), "{}", reduced.text);
        assert!(reduced.text.contains("ERROR boom"));
    }
}
