//! Healthy rows or items counted by namespace and status, in the order namespaces were first
//! seen, and told in words with the largest namespaces first.

use std::collections::HashMap;

use super::lines::thousands;

/// How many namespaces are named; the rest are counted as "N more namespaces".
const GROUPS_SHOWN: usize = 40;

#[derive(Default)]
pub struct Tally {
    pub total: usize,
    groups: Vec<(String, Vec<(String, usize)>)>,
    index: HashMap<String, usize>,
}

impl Tally {
    pub fn add(&mut self, namespace: &str, status: &str) {
        self.total += 1;
        let group = match self.index.get(namespace) {
            Some(&i) => i,
            None => {
                self.index.insert(namespace.to_owned(), self.groups.len());
                self.groups.push((namespace.to_owned(), Vec::new()));
                self.groups.len() - 1
            }
        };
        let statuses = &mut self.groups[group].1;
        match statuses.iter_mut().find(|(s, _)| s == status) {
            Some((_, n)) => *n += 1,
            None => statuses.push((status.to_owned(), 1)),
        }
    }

    /// `team-1: 130 Running, 2 Completed; team-2: …; and 3 more namespaces`; a status that is
    /// empty is counted as `what` (`rows`, `items`).
    pub fn words(&self, what: &str) -> String {
        let mut groups: Vec<_> = self.groups.iter().collect();
        groups.sort_by_key(|(_, s)| std::cmp::Reverse(s.iter().map(|(_, n)| n).sum::<usize>()));
        let shown: Vec<String> = groups
            .iter()
            .take(GROUPS_SHOWN)
            .map(|(namespace, statuses)| {
                let counts: Vec<String> = statuses
                    .iter()
                    .map(|(s, n)| {
                        format!("{} {}", thousands(*n), if s.is_empty() { what } else { s })
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
        format!("{}{more}", shown.join("; "))
    }
}
