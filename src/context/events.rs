//! Events (`get events`, `kubectl events`) grouped by reason and object, Warnings first: each
//! group is shown by its last row, verbatim, with how many events it holds.

use std::collections::HashMap;

use super::lines::{fit_lines, thousands};
use super::table::header;
use super::Reduced;

struct Group<'a> {
    row: &'a str,
    count: usize,
}

/// Whether a header is an event table's.
pub fn is_events_header(line: &str) -> bool {
    header(line).is_some_and(|h| h.names.contains(&"TYPE") && h.names.contains(&"REASON"))
}

pub fn reduce(text: &str, budget_chars: usize) -> Option<Reduced> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = header(lines.next()?)?;
    let column = |name: &str| header.names.iter().position(|n| *n == name);
    let (kind, reason) = (column("TYPE")?, column("REASON")?);
    let key_columns: Vec<usize> = [
        column("NAMESPACE"),
        Some(kind),
        Some(reason),
        column("OBJECT"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut warnings: Vec<Group> = Vec::new();
    let mut others: Vec<Group> = Vec::new();
    let mut index: HashMap<Vec<&str>, (bool, usize)> = HashMap::new();
    let mut cells = Vec::new();
    let mut events = 0;
    for line in lines {
        header.cells(line, &mut cells);
        events += 1;
        let key: Vec<&str> = key_columns
            .iter()
            .map(|&i| cells.get(i).copied().unwrap_or(""))
            .collect();
        let warning = cells.get(kind) == Some(&"Warning");
        match index.get(&key) {
            Some(&(w, i)) => {
                let group = if w { &mut warnings[i] } else { &mut others[i] };
                group.row = line;
                group.count += 1;
            }
            None => {
                let groups = if warning { &mut warnings } else { &mut others };
                index.insert(key, (warning, groups.len()));
                groups.push(Group {
                    row: line,
                    count: 1,
                });
            }
        }
    }
    let shown = |g: &Group| {
        if g.count > 1 {
            format!("{}  (×{})", g.row, thousands(g.count))
        } else {
            g.row.to_owned()
        }
    };
    let warning_rows: Vec<String> = warnings.iter().map(shown).collect();
    let other_rows: Vec<String> = others.iter().map(shown).collect();
    let title = |what: &str, groups: &[Group]| {
        let n: usize = groups.iter().map(|g| g.count).sum();
        format!("… {what}: {} events in {} groups by reason and object, each shown by its last row (×N: how many):", thousands(n), thousands(groups.len()))
    };
    let mut out = format!("{}\n", header.line);
    let mut budget = budget_chars.saturating_sub(out.len());
    let mut cut = 0;
    for (what, groups, rows) in [
        ("Warning", &warnings, &warning_rows),
        ("other", &others, &other_rows),
    ] {
        if groups.is_empty() {
            continue;
        }
        let title = title(what, groups);
        let (kept, left_out) = fit_lines(rows, budget.saturating_sub(title.len() + 1), "groups");
        cut += left_out;
        out.push_str(&title);
        out.push('\n');
        for line in &kept {
            out.push_str(line);
            out.push('\n');
        }
        budget = budget_chars.saturating_sub(out.len());
    }
    let mut words = format!(
        "{} events grouped into {} groups by reason and object ({} of Warnings, listed first)",
        thousands(events),
        thousands(warnings.len() + others.len()),
        thousands(warnings.len())
    );
    if cut > 0 {
        words.push_str(&format!(", {} groups left out", thousands(cut)));
    }
    Some(Reduced { text: out, words })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_first_grouped_with_counts() {
        let mut text = "LAST SEEN   TYPE      REASON      OBJECT          MESSAGE\n".to_owned();
        for i in 0..300 {
            text.push_str(&format!(
                "{:<12}Normal    Pulled      pod/web-{}       pulled\n",
                format!("{i}m"),
                i % 3
            ));
        }
        text.push_str("1m          Warning   BackOff     pod/api-1       Back-off restarting\n");
        text.push_str("2m          Warning   BackOff     pod/api-1       Back-off restarting\n");
        let reduced = reduce(&text, 4_000).unwrap();
        let warning = reduced.text.find("Warning   BackOff").unwrap();
        assert!(warning < reduced.text.find("Normal").unwrap());
        assert!(reduced.text.contains(
            "2m          Warning   BackOff     pod/api-1       Back-off restarting  (×2)"
        ));
        assert!(reduced.text.contains("pod/web-2       pulled  (×100)"));
        assert_eq!(
            reduced.words,
            "302 events grouped into 4 groups by reason and object (1 of Warnings, listed first)"
        );
        assert!(is_events_header(
            "NAMESPACE   LAST SEEN   TYPE   REASON   OBJECT   MESSAGE"
        ));
    }
}
