//! kubectl's tables (`get`, `top`, …) reduced to what matters: the header, every row that is
//! not healthy (`health.rs`) verbatim, and the healthy rows counted by namespace and status with
//! a few examples and the outliers among them (most restarts, oldest, newest; for `top`, the
//! heaviest users of CPU and memory). One pass, and only the rows kept are held.

use std::collections::HashMap;

use super::health::{self, Columns};
use super::lines::{fit_lines, thousands};
use super::Reduced;

/// A header line: column names and where each column starts.
pub struct Header<'a> {
    pub line: &'a str,
    pub names: Vec<&'a str>,
    starts: Vec<usize>,
}

/// `line` as a table header: two or more upper-case names, at least two spaces apart.
pub fn header(line: &str) -> Option<Header<'_>> {
    let mut names = Vec::new();
    let mut starts = Vec::new();
    let mut at = 0;
    let trimmed_end = line.trim_end().len();
    while at < trimmed_end {
        let rest = &line[at..trimmed_end];
        let lead = rest.len() - rest.trim_start().len();
        at += lead;
        let rest = &line[at..trimmed_end];
        let end = rest.find("  ").unwrap_or(rest.len());
        names.push(&rest[..end]);
        starts.push(at);
        at += end;
    }
    let upper = |name: &&str| {
        let mut depth = 0;
        name.chars().all(|c| {
            depth += i32::from(c == '(') - i32::from(c == ')');
            c.is_ascii_uppercase()
                || c.is_ascii_digit()
                || " -_()/.%".contains(c)
                || (depth > 0 && c.is_ascii_lowercase())
        }) && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
    };
    (names.len() >= 2 && starts[0] == 0 && names.iter().all(upper)).then_some(Header {
        line,
        names,
        starts,
    })
}

impl Header<'_> {
    /// The row's cells, cut where the header's columns start.
    pub fn cells<'a>(&self, row: &'a str, into: &mut Vec<&'a str>) {
        into.clear();
        for (i, &start) in self.starts.iter().enumerate() {
            let end = self
                .starts
                .get(i + 1)
                .copied()
                .unwrap_or(row.len())
                .min(row.len());
            let cell = row.get(start.min(end)..end).unwrap_or("");
            into.push(cell.trim());
        }
    }
}

/// A CPU or memory quantity (`250m`, `2`, `128Mi`, `12%`) as a number to rank by.
fn quantity(text: &str) -> Option<f64> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let value: f64 = text[..split].parse().ok()?;
    let scale = match &text[split..] {
        "" | "%" => 1.0,
        "m" => 1e-3,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "k" | "K" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        _ => return None,
    };
    Some(value * scale)
}

const EXAMPLES: usize = 3;
const RANKED: usize = 5;
const GROUPS_SHOWN: usize = 40;

/// One table's rows as they stream by.
struct Section<'a> {
    header: Header<'a>,
    columns: Columns,
    /// Columns to rank rows by (`top`: CPU and memory), with their best rows so far.
    ranked: Vec<(usize, Vec<(f64, &'a str)>)>,
    unhealthy: Vec<&'a str>,
    healthy: usize,
    groups: Vec<(String, Vec<(String, usize)>)>,
    group_index: HashMap<String, usize>,
    examples: Vec<&'a str>,
    most_restarts: Option<(u64, &'a str)>,
    oldest: Option<(u64, &'a str)>,
    newest: Option<(u64, &'a str)>,
}

impl<'a> Section<'a> {
    fn new(header: Header<'a>) -> Section<'a> {
        let columns = Columns::of(&header.names);
        let ranked = header
            .names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.starts_with("CPU") || n.starts_with("MEMORY"))
            .map(|(i, _)| (i, Vec::new()))
            .collect();
        Section {
            header,
            columns,
            ranked,
            unhealthy: Vec::new(),
            healthy: 0,
            groups: Vec::new(),
            group_index: HashMap::new(),
            examples: Vec::new(),
            most_restarts: None,
            oldest: None,
            newest: None,
        }
    }

    fn add(&mut self, line: &'a str, cells: &mut Vec<&'a str>) {
        self.header.cells(line, cells);
        for (column, best) in &mut self.ranked {
            if let Some(value) = cells.get(*column).and_then(|c| quantity(c)) {
                if best.len() < RANKED || value > best[best.len() - 1].0 {
                    best.push((value, line));
                    best.sort_by(|a, b| b.0.total_cmp(&a.0));
                    best.truncate(RANKED);
                }
            }
        }
        let row = health::row(&self.columns, cells);
        if !row.healthy {
            self.unhealthy.push(line);
            return;
        }
        self.healthy += 1;
        if self.examples.len() < EXAMPLES {
            self.examples.push(line);
        }
        let group = match self.group_index.get(row.namespace) {
            Some(&i) => i,
            None => {
                self.group_index
                    .insert(row.namespace.to_owned(), self.groups.len());
                self.groups.push((row.namespace.to_owned(), Vec::new()));
                self.groups.len() - 1
            }
        };
        let statuses = &mut self.groups[group].1;
        match statuses.iter_mut().find(|(s, _)| s == row.status) {
            Some((_, n)) => *n += 1,
            None => statuses.push((row.status.to_owned(), 1)),
        }
        if row.restarts > 0 && self.most_restarts.is_none_or(|(n, _)| row.restarts > n) {
            self.most_restarts = Some((row.restarts, line));
        }
        if let Some(age) = row.age_secs {
            if self.oldest.is_none_or(|(a, _)| age > a) {
                self.oldest = Some((age, line));
            }
            if self.newest.is_none_or(|(a, _)| age < a) {
                self.newest = Some((age, line));
            }
        }
    }

    /// The summary of the healthy rows, one line of counts then labelled rows.
    fn summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.healthy > 0 {
            let mut groups: Vec<_> = self.groups.iter().collect();
            groups.sort_by_key(|(_, s)| std::cmp::Reverse(s.iter().map(|(_, n)| n).sum::<usize>()));
            let shown: Vec<String> = groups
                .iter()
                .take(GROUPS_SHOWN)
                .map(|(namespace, statuses)| {
                    let counts: Vec<String> = statuses
                        .iter()
                        .map(|(s, n)| {
                            format!(
                                "{} {}",
                                thousands(*n),
                                if s.is_empty() { "rows" } else { s }
                            )
                        })
                        .collect();
                    if namespace.is_empty() {
                        counts.join(", ")
                    } else {
                        format!("{namespace}: {}", counts.join(", "))
                    }
                })
                .collect();
            let more = groups.len().saturating_sub(GROUPS_SHOWN);
            let more = if more > 0 {
                format!("; and {more} more namespaces")
            } else {
                String::new()
            };
            let by = if self.columns.namespace.is_some() {
                "by namespace and status"
            } else {
                "by status"
            };
            out.push(format!(
                "… {} healthy rows not listed; counted {by}: {}{more}",
                thousands(self.healthy),
                shown.join("; ")
            ));
            out.push("… examples of the healthy rows:".into());
            out.extend(self.examples.iter().map(|l| l.to_string()));
            for (label, row) in [
                (
                    "the healthy row with the most restarts",
                    self.most_restarts.map(|r| r.1),
                ),
                ("the oldest healthy row", self.oldest.map(|r| r.1)),
                ("the newest healthy row", self.newest.map(|r| r.1)),
            ] {
                if let Some(row) = row.filter(|r| !self.examples.contains(r)) {
                    out.push(format!("… {label}:"));
                    out.push(row.to_owned());
                }
            }
        }
        for (column, best) in &self.ranked {
            out.push(format!("… the highest {}:", self.header.names[*column]));
            out.extend(best.iter().map(|(_, l)| l.to_string()));
        }
        out
    }
}

/// `text` as tables, reduced to about `budget_chars`; `None` when it is not tables.
pub fn reduce(text: &str, budget_chars: usize) -> Option<Reduced> {
    let mut sections: Vec<Section> = Vec::new();
    let mut cells = Vec::new();
    let mut expect_header = true;
    for line in text.lines() {
        if line.trim().is_empty() {
            expect_header = true;
            continue;
        }
        if expect_header {
            sections.push(Section::new(header(line)?));
            expect_header = false;
            continue;
        }
        sections.last_mut()?.add(line, &mut cells);
    }
    if sections.is_empty() {
        return None;
    }
    let share = budget_chars / sections.len();
    let mut out = String::new();
    let (mut healthy, mut unhealthy, mut cut) = (0, 0, 0);
    for section in &sections {
        let summary = section.summary();
        let used: usize =
            section.header.line.len() + summary.iter().map(|l| l.len() + 1).sum::<usize>();
        let (rows, left_out) = fit_lines(
            &section.unhealthy,
            share.saturating_sub(used + 1),
            "rows not healthy",
        );
        healthy += section.healthy;
        unhealthy += section.unhealthy.len();
        cut += left_out;
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(section.header.line);
        out.push('\n');
        for line in rows
            .iter()
            .map(AsRef::as_ref)
            .chain(summary.iter().map(String::as_str))
        {
            out.push_str(line);
            out.push('\n');
        }
    }
    let mut words = format!(
        "{} healthy rows aggregated into counts by namespace and status, with examples and outliers; every one of the {} rows not healthy kept verbatim",
        thousands(healthy),
        thousands(unhealthy)
    );
    if cut > 0 {
        words = format!(
            "{} healthy rows aggregated into counts; {} of the {} rows not healthy kept, {} left out",
            thousands(healthy),
            thousands(unhealthy - cut),
            thousands(unhealthy),
            thousands(cut)
        );
    }
    Some(Reduced { text: out, words })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pods(n: usize, broken: &[usize]) -> String {
        let mut text =
            "NAMESPACE   NAME              READY   STATUS             RESTARTS      AGE\n"
                .to_owned();
        for i in 0..n {
            let ns = format!("team-{}", i % 7);
            let row = if broken.contains(&i) {
                format!(
                    "{ns:<12}{:<18}0/1     CrashLoopBackOff   14 (2m ago)   51m\n",
                    format!("bad-{i}")
                )
            } else {
                format!(
                    "{ns:<12}{:<18}1/1     Running            0             {}d\n",
                    format!("ok-{i}"),
                    1 + i % 30
                )
            };
            text.push_str(&row);
        }
        text
    }

    #[test]
    fn headers() {
        let h = header("NAME                  CPU(cores)   MEMORY(bytes)").unwrap();
        assert_eq!(h.names, ["NAME", "CPU(cores)", "MEMORY(bytes)"]);
        assert_eq!(
            header("LAST SEEN   TYPE   REASON").unwrap().names,
            ["LAST SEEN", "TYPE", "REASON"]
        );
        assert!(header("Name:  web").is_none());
        assert!(header("2026-01-01 INFO started").is_none());
    }

    #[test]
    fn every_unhealthy_row_stays_and_the_rest_is_counted() {
        let broken = [3, 777, 4_000, 9_999];
        let text = pods(10_000, &broken);
        let reduced = reduce(&text, 32_000).unwrap();
        assert!(reduced.text.len() <= 32_000, "{}", reduced.text.len());
        assert!(reduced.text.starts_with("NAMESPACE   NAME"));
        for i in broken {
            assert!(reduced.text.contains(&format!("bad-{i} ")), "bad-{i}");
        }
        assert!(reduced
            .text
            .contains("… 9,996 healthy rows not listed; counted by namespace and status: team-"));
        assert!(reduced.text.contains("… the oldest healthy row:"));
        assert!(reduced.words.starts_with("9,996 healthy rows aggregated"));
    }

    #[test]
    fn top_keeps_the_heaviest() {
        let mut text = "NAME      CPU(cores)   MEMORY(bytes)\n".to_owned();
        for i in 0..500 {
            text.push_str(&format!(
                "pod-{i:<5} {:<12} {}Mi\n",
                format!("{}m", i % 50),
                i
            ));
        }
        let reduced = reduce(&text, 4_000).unwrap();
        assert!(reduced
            .text
            .contains("… the highest MEMORY(bytes):\npod-499"));
    }
}
