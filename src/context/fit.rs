//! Objects cut to a budget by structure, in steps until they fit: lists keep their first and
//! last items, long values their start and end, multi-line values their first and last lines,
//! and what lies deeper than a limit is elided; `Node::Elided` says how much went where. If even
//! the last step is too long, the printed result is cut as text.

use super::lines::{fit_text, shorten, thousands};
use super::tree::Node;

struct Level {
    ends: usize,
    depth: usize,
    chars: usize,
    lines: usize,
}

const LEVELS: &[Level] = &[
    Level {
        ends: 50,
        depth: 1000,
        chars: 4000,
        lines: 200,
    },
    Level {
        ends: 10,
        depth: 12,
        chars: 1000,
        lines: 40,
    },
    Level {
        ends: 4,
        depth: 8,
        chars: 300,
        lines: 10,
    },
    Level {
        ends: 2,
        depth: 6,
        chars: 120,
        lines: 4,
    },
    Level {
        ends: 1,
        depth: 4,
        chars: 60,
        lines: 2,
    },
];

#[derive(Default)]
struct Cuts {
    lists: usize,
    items: usize,
    values: usize,
    deep: usize,
    lines: usize,
}

impl Cuts {
    fn words(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.lists > 0 {
            parts.push(format!(
                "{} lists shortened ({} items left out)",
                thousands(self.lists),
                thousands(self.items)
            ));
        }
        if self.values > 0 {
            parts.push(format!("{} long values shortened", thousands(self.values)));
        }
        if self.deep > 0 {
            parts.push(format!(
                "{} deeply nested sections elided",
                thousands(self.deep)
            ));
        }
        if self.lines > 0 {
            parts.push(format!("{} lines left out", thousands(self.lines)));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// `documents` printed by `render` within `budget` characters, and what was cut, in words.
pub fn fit(
    documents: &[Node],
    render: fn(&[Node]) -> String,
    budget: usize,
) -> (String, Option<String>) {
    let text = render(documents);
    if text.len() <= budget {
        return (text, None);
    }
    let mut attempt = text;
    let mut cuts = Cuts::default();
    for level in LEVELS {
        cuts = Cuts::default();
        let cut: Vec<Node> = documents
            .iter()
            .map(|d| cut_node(d, level, 0, &mut cuts))
            .collect();
        attempt = render(&cut);
        if attempt.len() <= budget {
            return (attempt, cuts.words());
        }
    }
    let (text, lines) = fit_text(&attempt, budget);
    cuts.lines = lines;
    (text.into_owned(), cuts.words())
}

fn cut_node(node: &Node, level: &Level, depth: usize, cuts: &mut Cuts) -> Node {
    match node {
        Node::Str(s) if s.contains('\n') && s.lines().count() > 2 * level.lines + 1 => {
            cuts.values += 1;
            let lines: Vec<&str> = s.lines().collect();
            let left_out = lines.len() - 2 * level.lines;
            let marker = format!("… {} lines left out …", thousands(left_out));
            let kept = lines[..level.lines]
                .iter()
                .copied()
                .chain([marker.as_str()])
                .chain(lines[lines.len() - level.lines..].iter().copied());
            Node::Str(
                kept.map(|l| shorten(l, level.chars))
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n",
            )
        }
        Node::Str(s) if s.len() > level.chars => {
            cuts.values += 1;
            Node::Str(shorten(s, level.chars).into_owned())
        }
        Node::Map(fields) if !fields.is_empty() && depth >= level.depth => {
            cuts.deep += 1;
            Node::Elided(format!("… {} fields elided …", thousands(fields.len())))
        }
        Node::List(items) if !items.is_empty() && depth >= level.depth => {
            cuts.deep += 1;
            Node::Elided(format!("… {} items elided …", thousands(items.len())))
        }
        Node::Map(fields) => Node::Map(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), cut_node(v, level, depth + 1, cuts)))
                .collect(),
        ),
        Node::List(items) if items.len() > 2 * level.ends + 1 => {
            cuts.lists += 1;
            let left_out = items.len() - 2 * level.ends;
            cuts.items += left_out;
            let head = items[..level.ends]
                .iter()
                .map(|i| cut_node(i, level, depth + 1, cuts));
            let head: Vec<Node> = head.collect();
            let tail: Vec<Node> = items[items.len() - level.ends..]
                .iter()
                .map(|i| cut_node(i, level, depth + 1, cuts))
                .collect();
            let marker = Node::Elided(format!("… {} items left out …", thousands(left_out)));
            Node::List(head.into_iter().chain([marker]).chain(tail).collect())
        }
        Node::List(items) => Node::List(
            items
                .iter()
                .map(|i| cut_node(i, level, depth + 1, cuts))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{json, yaml};
    use super::*;

    #[test]
    fn json_lists_keep_their_first_and_last_items() {
        let items: Vec<String> = (0..5_000)
            .map(|i| format!(r#"{{"name": "pod-{i}", "ready": true}}"#))
            .collect();
        let documents = json::parse(&format!(
            r#"{{"kind": "List", "items": [{}]}}"#,
            items.join(",")
        ))
        .unwrap();
        let (text, words) = fit(&documents, json::render, 20_000);
        assert!(text.len() <= 20_000);
        let back = json::parse(&text).unwrap();
        let Some(Node::List(kept)) = back[0].get("items") else {
            panic!("{text}")
        };
        assert_eq!(kept[0].get("name").and_then(Node::as_str), Some("pod-0"));
        assert_eq!(
            kept[kept.len() - 1].get("name").and_then(Node::as_str),
            Some("pod-4999")
        );
        assert!(words.unwrap().starts_with("1 lists shortened"));
    }

    #[test]
    fn deep_json_is_elided_and_stays_json() {
        let mut deep =
            r#"{"leaf": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#.to_owned();
        let other: Vec<String> = (0..50).map(|i| i.to_string()).collect();
        for level in 0..30 {
            deep = format!(
                r#"{{"level{level}": {deep}, "other": [{}]}}"#,
                other.join(",")
            );
        }
        let (text, _) = fit(&json::parse(&deep).unwrap(), json::render, 400);
        assert!(text.len() <= 400, "{}", text.len());
        assert!(text.contains("fields elided"));
        assert!(json::parse(&text).is_some());
    }

    #[test]
    fn yaml_sequences_keep_their_ends_as_comments() {
        let items: String = (0..3_000)
            .map(|i| format!("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: pod-{i}\n"))
            .collect();
        let documents =
            yaml::parse(&format!("apiVersion: v1\nitems:\n{items}kind: List\n")).unwrap();
        let (text, _) = fit(&documents, yaml::render, 12_000);
        assert!(text.len() <= 12_000);
        assert!(text.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n"));
        assert!(text.contains("    name: pod-0\n") && text.contains("    name: pod-2999\n"));
        assert!(text.contains("items left out …\n"));
        assert!(text.ends_with("kind: List\n"));
    }
}
