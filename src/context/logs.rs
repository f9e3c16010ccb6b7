//! Logs reduced to what explains them: the first lines, the last lines (more of them), every
//! distinct error and warning line with the lines around it, and the most repeated lines
//! collapsed into one with a count. Lines are compared with their numbers, times and ids aside
//! (`pod-5f6c7b-x2` and `pod-9a8b7c-k1` are the same line). One pass; only kept lines are held.
//! The body of a PEM block is never kept on its own: redaction replaces the block by its first
//! line, so a middle line kept as context would leak it.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::Hasher;
use std::sync::OnceLock;

use regex::Regex;

use super::lines::{fit_lines, shorten, thousands};

const CONTEXT: usize = 2;
const MAX_TEMPLATES: usize = 100_000;
const REPEATED_SHOWN: usize = 5;

fn error_line() -> &'static Regex {
    static ERROR: OnceLock<Regex> = OnceLock::new();
    ERROR.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:errors?|err|fatal|panic(?:ked)?|exception|fail(?:ed|ure|ing)?|warn(?:ing)?|critical|crit|traceback|denied|refused|unauthori[sz]ed|forbidden|time[sd]? ?out|oomkilled|killed|unavailable|unhealthy|crash(?:ed|loopbackoff)?)\b|^[EWF]\d{4} ",
        )
        .expect("built-in pattern compiles")
    })
}

/// The line's hash with every word that holds a digit (numbers, times, ids) taken as one.
fn template(line: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    for word in line.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.bytes().any(|b| b.is_ascii_digit()) {
            hasher.write_u8(b'#');
        } else {
            hasher.write(word.as_bytes());
        }
        hasher.write_u8(0);
    }
    hasher.finish()
}

struct Distinct<'a> {
    at: usize,
    line: &'a str,
    before: Vec<(usize, &'a str)>,
    after: Vec<(usize, &'a str)>,
    template: u64,
}

pub struct Reduced {
    pub text: String,
    pub words: String,
}

pub fn reduce(text: &str, budget_chars: usize) -> Reduced {
    let head_share = budget_chars / 6;
    let tail_share = budget_chars * 2 / 3;
    let mut counts: HashMap<u64, (usize, &str)> = HashMap::new();
    let mut head: Vec<(usize, &str)> = Vec::new();
    let mut head_used = 0;
    let mut tail: VecDeque<(usize, &str)> = VecDeque::new();
    let mut tail_used = 0;
    let mut recent: VecDeque<(usize, &str)> = VecDeque::new();
    let mut distinct: Vec<Distinct> = Vec::new();
    let mut error_templates: HashMap<u64, usize> = HashMap::new();
    let mut errors = 0;
    let mut in_pem = false;
    let mut total = 0;
    for (at, line) in text.lines().enumerate() {
        total += 1;
        if in_pem {
            let base64 = line
                .trim()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c));
            in_pem = base64 && !line.contains("-----END ");
            if base64 || line.contains("-----END ") {
                continue;
            }
        }
        if let Some(begin) = line.find("-----BEGIN ") {
            in_pem = !line[begin..].contains("-----END ");
        }
        let hash = template(line);
        let seen = counts.len() < MAX_TEMPLATES || counts.contains_key(&hash);
        if seen {
            counts.entry(hash).or_insert((0, line)).0 += 1;
        }
        if let Some(last) = distinct.last_mut() {
            if last.after.len() < CONTEXT && at <= last.at + CONTEXT {
                last.after.push((at, line));
            }
        }
        if error_line().is_match(line) {
            errors += 1;
            let count = error_templates.entry(hash).or_insert(0);
            *count += 1;
            if *count == 1 {
                distinct.push(Distinct {
                    at,
                    line,
                    before: recent.iter().copied().collect(),
                    after: Vec::new(),
                    template: hash,
                });
            }
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
    let mut kept: BTreeMap<usize, String> = BTreeMap::new();
    // Error lines first, with their context while it fits in half the budget.
    let error_share = budget_chars / 2;
    let with_context: usize = distinct
        .iter()
        .map(|d| {
            d.line.len()
                + 1
                + d.before
                    .iter()
                    .chain(&d.after)
                    .map(|(_, l)| l.len() + 1)
                    .sum::<usize>()
        })
        .sum();
    let line_limit = budget_chars / 8;
    let mut error_cut = 0;
    if with_context <= error_share {
        for d in &distinct {
            for &(at, line) in d.before.iter().chain(&d.after) {
                kept.insert(at, shorten(line, line_limit).into_owned());
            }
        }
    }
    let repeats = |d: &Distinct| error_templates.get(&d.template).copied().unwrap_or(1);
    let marked: Vec<String> = distinct
        .iter()
        .map(|d| match repeats(d) {
            1 => shorten(d.line, line_limit).into_owned(),
            n => format!("{}  (×{} alike)", shorten(d.line, line_limit), thousands(n)),
        })
        .collect();
    let (lines, left_out) = fit_lines(&marked, error_share, "distinct error lines");
    error_cut += left_out;
    // When cut, `lines` holds the first errors, a marker, then the last ones; the gaps between
    // kept lines are marked anyway, so the marker itself is not placed.
    let marker = (left_out > 0)
        .then(|| {
            lines
                .iter()
                .position(|l| l.ends_with("distinct error lines left out …"))
        })
        .flatten();
    let tail_start = marker.map_or(0, |m| distinct.len() - (lines.len() - m - 1));
    for (i, line) in lines.into_iter().enumerate() {
        let d = match marker {
            Some(m) if i == m => continue,
            Some(m) if i > m => &distinct[tail_start + i - m - 1],
            _ => &distinct[i],
        };
        kept.insert(d.at, line.into_owned());
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
    let mut used: usize = kept.values().map(|l| l.len() + 1).sum::<usize>()
        + summary.iter().map(|l| l.len() + 1).sum::<usize>()
        + 200;
    for &(at, line) in &head {
        if used + line.len() + 1 > budget_chars {
            break;
        }
        if let std::collections::btree_map::Entry::Vacant(slot) = kept.entry(at) {
            used += line.len() + 1;
            slot.insert(shorten(line, line_limit).into_owned());
        }
    }
    for &(at, line) in tail.iter().rev() {
        if kept.contains_key(&at) {
            continue;
        }
        if used + line.len() + 1 > budget_chars {
            break;
        }
        used += line.len() + 1;
        kept.insert(at, shorten(line, line_limit).into_owned());
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
    let mut words = format!(
        "{} log lines reduced to {}: the first and last lines, {} error and warning lines ({} distinct, each kept once with its count{}), repeated lines collapsed with counts",
        thousands(total),
        thousands(kept.len()),
        thousands(errors),
        thousands(distinct.len()),
        if with_context <= error_share { ", with context" } else { "" },
    );
    if error_cut > 0 {
        words.push_str(&format!(
            "; {} distinct error lines left out",
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
        assert!(reduced
            .text
            .contains("WARN retry 3000 of the queue  (×3 alike)"));
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
        assert!(reduced.words.starts_with("5,000 log lines reduced to"));
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
