//! YAML documents read by a parser (yaml-rust2: block and flow style alike, so `data: {password:
//! …}` is a map like any other) and printed back as kubectl prints them: two-space indents,
//! sequences at their key's indent, multi-line strings as `|` blocks, what was left out as
//! `# …` comments.

use yaml_rust2::{Yaml, YamlLoader};

use super::tree::Node;

/// Every document in `text`, or `None` if it does not parse as YAML (or is only a scalar,
/// which is text, not an object).
pub fn parse(text: &str) -> Option<Vec<Node>> {
    let documents = YamlLoader::load_from_str(text).ok()?;
    let nodes: Vec<Node> = documents.iter().map(node).collect();
    let objects = nodes
        .iter()
        .any(|n| matches!(n, Node::Map(_) | Node::List(_)));
    objects.then_some(nodes)
}

fn node(yaml: &Yaml) -> Node {
    match yaml {
        Yaml::Real(r) => Node::Number(r.clone()),
        Yaml::Integer(i) => Node::Number(i.to_string()),
        Yaml::String(s) => Node::Str(s.clone()),
        Yaml::Boolean(b) => Node::Bool(*b),
        Yaml::Array(items) => Node::List(items.iter().map(node).collect()),
        Yaml::Hash(map) => Node::Map(map.iter().map(|(k, v)| (key(k), node(v))).collect()),
        // Aliases are not expanded: kubectl never prints them, and expanding is how bombs go off.
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Node::Null,
    }
}

fn key(yaml: &Yaml) -> String {
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

pub fn render(documents: &[Node]) -> String {
    let mut out = String::new();
    for (i, document) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        match document {
            Node::Map(fields) if !fields.is_empty() => map(&mut out, fields, 0, false),
            Node::List(items) if !items.is_empty() => list(&mut out, items, 0, false),
            scalar_node => {
                out.push_str(&scalar(scalar_node, 0).unwrap_or_default());
                out.push('\n');
            }
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Fields at `indent`; the first goes on the current line when `inline` (after `- `).
fn map(out: &mut String, fields: &[(String, Node)], indent: usize, inline: bool) {
    for (i, (k, value)) in fields.iter().enumerate() {
        if i > 0 || !inline {
            pad(out, indent);
        }
        out.push_str(&plain_or_quoted(k));
        out.push(':');
        value_after_key(out, value, indent);
    }
}

fn value_after_key(out: &mut String, value: &Node, indent: usize) {
    match value {
        Node::Map(fields) if !fields.is_empty() => {
            out.push('\n');
            map(out, fields, indent + 2, false);
        }
        // kubectl puts a sequence's dashes at its key's indent.
        Node::List(items) if !items.is_empty() => {
            out.push('\n');
            list(out, items, indent, false);
        }
        Node::Elided(words) => {
            out.push('\n');
            pad(out, indent + 2);
            out.push_str(&format!("# {words}\n"));
        }
        other => match scalar(other, indent + 2) {
            Some(text) if text.starts_with('|') => out.push_str(&format!(" {text}")),
            Some(text) => out.push_str(&format!(" {text}\n")),
            None => out.push('\n'),
        },
    }
}

fn list(out: &mut String, items: &[Node], indent: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if let Node::Elided(words) = item {
            if i > 0 || !inline {
                pad(out, indent);
            }
            out.push_str(&format!("# {words}\n"));
            continue;
        }
        if i > 0 || !inline {
            pad(out, indent);
        }
        out.push('-');
        match item {
            Node::Map(fields) if !fields.is_empty() => {
                out.push(' ');
                map(out, fields, indent + 2, true);
            }
            Node::List(inner) if !inner.is_empty() => {
                out.push(' ');
                list(out, inner, indent + 2, true);
            }
            other => match scalar(other, indent + 2) {
                Some(text) if text.starts_with('|') => out.push_str(&format!(" {text}")),
                Some(text) => out.push_str(&format!(" {text}\n")),
                None => out.push('\n'),
            },
        }
    }
}

/// A scalar as YAML; a multi-line string as a `|` block (with its lines and final newline)
/// indented to `indent`. `None` for null, which prints as nothing after the key.
fn scalar(node: &Node, indent: usize) -> Option<String> {
    match node {
        Node::Null => None,
        Node::Bool(b) => Some(b.to_string()),
        Node::Number(n) => Some(n.clone()),
        Node::Map(_) => Some("{}".into()),
        Node::List(_) => Some("[]".into()),
        Node::Elided(words) => Some(plain_or_quoted(words)),
        Node::Str(s) if s.contains('\n') && block_safe(s) => {
            let chomp = if s.ends_with('\n') { "" } else { "-" };
            let mut text = format!("|{chomp}\n");
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                if !line.is_empty() {
                    text.extend(std::iter::repeat_n(' ', indent));
                    text.push_str(line);
                }
                text.push('\n');
            }
            Some(text)
        }
        Node::Str(s) => Some(plain_or_quoted(s)),
    }
}

/// Whether a multi-line string reads back the same as a `|` block.
fn block_safe(s: &str) -> bool {
    !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && !s.contains(|c: char| c.is_control() && c != '\n')
        && !s.split('\n').any(|l| l.ends_with(' '))
}

fn plain_or_quoted(s: &str) -> String {
    if plain_safe(s) {
        s.to_owned()
    } else {
        serde_json::to_string(s).expect("a string serialises")
    }
}

/// Whether `s` reads back as this same string when printed without quotes.
fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    // `--port=80` is plain; `- x`, `-` and `-5` are not.
    let dash_word = first == '-' && s.len() > 1 && !s.starts_with("- ");
    if "-?:,[]{}#&*!|>'\"%@`~ \t".contains(first) && !dash_word {
        return false;
    }
    if s.ends_with([' ', '\t', ':']) || s.contains(": ") || s.contains(" #") {
        return false;
    }
    if s.contains(|c: char| c.is_control()) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    const SPECIAL: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    !(SPECIAL.contains(&lower.as_str()) || looks_numeric(s))
}

fn looks_numeric(s: &str) -> bool {
    let body = s.trim_start_matches(['-', '+']);
    !body.is_empty()
        && (body.parse::<f64>().is_ok()
            || body.starts_with("0x")
            || body.starts_with("0o")
            || body == ".inf"
            || body == ".nan")
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    app: web\n  name: web-1\nspec:\n  containers:\n  - args:\n    - --port=80\n    image: nginx\n    name: web\n  nodeSelector: {}\nstatus:\n  phase: Running\n";

    #[test]
    fn kubectl_yaml_prints_back_as_it_was() {
        let documents = parse(POD).unwrap();
        assert_eq!(render(&documents), POD);
    }

    #[test]
    fn flow_style_is_a_map_and_strings_stay_strings() {
        let documents = parse("data: {password: aHVudGVy, m: \"1\", t: \"true\"}\n").unwrap();
        let text = render(&documents);
        assert_eq!(
            text,
            "data:\n  password: aHVudGVy\n  m: \"1\"\n  t: \"true\"\n"
        );
        assert_eq!(parse(&text).unwrap(), documents);
    }

    #[test]
    fn multi_line_strings_are_blocks() {
        let documents = parse("a: |\n  one\n  two\nb: x\n").unwrap();
        assert_eq!(render(&documents), "a: |\n  one\n  two\nb: x\n");
        assert_eq!(parse(&render(&documents)).unwrap(), documents);
    }

    #[test]
    fn text_is_not_yaml() {
        assert!(parse("NAME   READY   STATUS\nweb    1/1     Running\n").is_none());
        assert!(parse("a: [unclosed\n").is_none());
    }
}
