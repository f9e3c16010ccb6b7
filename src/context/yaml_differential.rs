//! `kubectl_yaml` against the full parser: for YAML as kubectl prints it, the fast reader
//! gives exactly the trees yaml-rust2 gives; for hostile YAML (flow maps, anchors, tags,
//! comments, quoting tricks, odd indents, CRLF, a BOM, control characters, several documents)
//! it declines or gives exactly those trees. Secrets' redaction reads these trees.

use proptest::prelude::*;

use super::tree::Node;
use super::yaml::parse_by;

/// Strings that mean something to YAML, and ordinary ones.
const WORDS: &[&str] = &[
    "web",
    "api-7qg4c",
    "true",
    "True",
    "FALSE",
    "null",
    "~",
    "",
    "0x1F",
    "0o17",
    "+5",
    "-5",
    "007",
    "1e3",
    "1.5",
    ".inf",
    "-.INF",
    ".nan",
    "nan",
    "inf",
    "--port=80",
    "- x",
    "-",
    "a: b",
    "a:b",
    "a #b",
    "a#b",
    "#c",
    "'q'",
    "it's",
    "\"d\"",
    "x\\y",
    " lead",
    "trail ",
    "a  b",
    "é ü",
    "{}",
    "[]",
    "{a: b}",
    "[a, b]",
    "<<",
    "---",
    "...",
    "%x",
    "@x",
    "`x`",
    "? k",
    "|",
    ">",
    "&a",
    "*a",
    "!!str",
    "http://x:80/y",
    "2026-11-01T00:00:00Z",
    "a,b",
    "[x]",
    "k: {p: v}",
    "\u{85}",
    "\u{2028}",
    "x\ty",
    "\u{1}",
    "\u{7f}",
    "\u{feff}",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        2 => "[a-z][a-z0-9.-]{0,12}",
        1 => "[ -~]{0,24}",
        1 => proptest::collection::vec("[a-z]{1,9}", 8..20).prop_map(|w| w.join(" ")),
        1 => proptest::collection::vec("[ -~]{0,12}", 2..5).prop_map(|l| l.join("\n")),
    ]
}

fn tree() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        word().prop_map(Node::Str),
        any::<i32>().prop_map(|n| Node::Number(n.to_string())),
        any::<bool>().prop_map(Node::Bool),
        Just(Node::Null),
        Just(Node::Map(Vec::new())),
        Just(Node::List(Vec::new())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        // go-yaml prints a list in a list as `- - x`, which the fast reader declines.
        let item = inner.clone().prop_map(|n| match n {
            Node::List(items) if !items.is_empty() => {
                Node::Map(vec![("l".to_owned(), Node::List(items))])
            }
            n => n,
        });
        prop_oneof![
            proptest::collection::vec(item, 1..6).prop_map(Node::List),
            proptest::collection::vec((word(), inner), 1..6).prop_map(Node::Map),
        ]
    })
}

/// A document as go-yaml prints one: block style, sequences at their key's indent, strings
/// plain, single- or double-quoted (by `style`, where each can hold them), long ones wrapped
/// at 80 columns, multi-line ones as `|` blocks.
fn kubectl(node: &Node, style: u8) -> String {
    let mut out = String::new();
    match node {
        Node::Map(fields) if !fields.is_empty() => map(&mut out, fields, 0, style),
        Node::List(items) if !items.is_empty() => list(&mut out, items, 0, style),
        other => {
            out.push_str("v:");
            value(&mut out, other, 0, style);
        }
    }
    out
}

fn map(out: &mut String, fields: &[(String, Node)], indent: usize, style: u8) {
    for (i, (key, node)) in fields.iter().enumerate() {
        if i > 0 {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&one_line(key, style));
        out.push(':');
        value(out, node, indent, style);
    }
}

fn list(out: &mut String, items: &[Node], indent: usize, style: u8) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&" ".repeat(indent));
        }
        out.push('-');
        match item {
            Node::Map(fields) if !fields.is_empty() => {
                out.push(' ');
                map(out, fields, indent + 2, style);
            }
            other => value(out, other, indent, style),
        }
    }
}

/// What follows a key's `:` or a dash, to the end of its lines.
fn value(out: &mut String, node: &Node, indent: usize, style: u8) {
    let text = match node {
        Node::Map(fields) if !fields.is_empty() => {
            out.push('\n');
            out.push_str(&" ".repeat(indent + 2));
            return map(out, fields, indent + 2, style);
        }
        Node::List(items) if !items.is_empty() => {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            return list(out, items, indent, style);
        }
        Node::Map(_) => "{}".to_owned(),
        Node::List(_) => "[]".to_owned(),
        Node::Null => "null".to_owned(),
        Node::Bool(b) => b.to_string(),
        Node::Number(n) | Node::Elided(n) => n.clone(),
        Node::Str(s) if block_safe(s) => {
            let chomp = if s.ends_with('\n') { "" } else { "-" };
            out.push_str(&format!(" |{chomp}\n"));
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str(line);
                }
                out.push('\n');
            }
            return;
        }
        Node::Str(s) => wrapped(&one_line(s, style), indent + 2),
    };
    out.push(' ');
    out.push_str(&text);
    out.push('\n');
}

fn block_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && s.chars().all(|c| c == '\n' || (' '..='~').contains(&c))
        && !s.split('\n').any(|l| l.ends_with(' '))
}

/// `s` on one line: plain if it can be, else single-quoted, else double-quoted; `style`
/// prefers a quoted style over the plain one.
fn one_line(s: &str, style: u8) -> String {
    let printable = s.chars().all(|c| (' '..='~').contains(&c));
    let plain = printable
        && !s.is_empty()
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([':', ' '])
        && !s.starts_with(|c: char| "?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !(s.starts_with('-') && (s.len() == 1 || s.starts_with("- ")))
        && !s.starts_with("---")
        && !s.starts_with("...");
    match style % 3 {
        0 if plain => s.to_owned(),
        0 | 1 if printable => format!("'{}'", s.replace('\'', "''")),
        _ => double_quoted(s),
    }
}

/// `s` double-quoted, what is not printable escaped as go-yaml escapes it.
fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => out.extend(['\\', c]),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ' '..='~' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{fefe}' => out.push(c),
            _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            _ => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A plain or single-quoted scalar broken at single spaces past column 80, as go-yaml breaks
/// it, its further lines at `indent`.
fn wrapped(text: &str, indent: usize) -> String {
    if text.starts_with('"') || text.len() < 80 {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut column = 0;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let single = c == ' ' && i > 0 && chars[i - 1] != ' ' && chars.get(i + 1) != Some(&' ');
        let next_plain = chars
            .get(i + 1)
            .is_some_and(|n| !"-?:,[]{}#&*!|>'\"%@`".contains(*n));
        if column > 80 && single && next_plain {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            column = indent;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// Pieces of hostile YAML, put into kubectl's at random places.
const HOSTILE: &[&str] = &[
    "\r",
    "\u{feff}",
    "\t",
    " #c",
    "# comment\n",
    "&a ",
    "*a",
    "!!str ",
    "!t ",
    "? ",
    "<<: *a\n",
    "{password: x}",
    "[a, b]",
    "---\n",
    "--- ",
    "...\n",
    "%YAML 1.2\n",
    "'",
    "\"",
    "''",
    "\\",
    ": ",
    ":",
    "-",
    "- ",
    "|",
    ">",
    "|+",
    "|2",
    "\n",
    "\n\n",
    "  ",
    " ",
    "\u{85}",
    "\u{2028}",
    "\u{0}",
    "\u{7f}",
    "é",
    "\u{1}",
    "data: {password: aHVudGVy}\n",
    "  data: {p: v}\n",
    "- - x\n",
    "-  x\n",
    "a: b: c\n",
    "\"k\": v\n",
    "'k': v\n",
    "k: 'a\n  b'\n",
    "k: \"a\n  b\"\n",
    "k: a\n  b\n",
    "k: |\n  x\n\n  y\n",
    "k: |-\n   x\n  y\n",
    "k: >\n  x\n  y\n",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, &'static str),
    Delete(usize),
    Indent(usize, bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), proptest::sample::select(HOSTILE)).prop_map(|(at, s)| Edit::Insert(at, s)),
        1 => any::<usize>().prop_map(Edit::Delete),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(at, more)| Edit::Indent(at, more)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_owned();
    for edit in edits {
        let at = |i: usize, text: &str| {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&b| text.is_char_boundary(b))
                .collect();
            bounds[i % bounds.len()]
        };
        match *edit {
            Edit::Insert(i, piece) => text.insert_str(at(i, &text), piece),
            Edit::Delete(i) if !text.is_empty() => {
                let b = at(i, &text).min(text.len() - 1);
                let b = (0..=b)
                    .rev()
                    .find(|&b| text.is_char_boundary(b))
                    .unwrap_or(0);
                text.remove(b);
            }
            Edit::Delete(_) => {}
            Edit::Indent(i, more) => {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(n, _)| n + 1))
                    .filter(|&s| s < text.len())
                    .collect();
                if let Some(&start) = starts.get(i % starts.len().max(1)) {
                    if more {
                        text.insert(start, ' ');
                    } else if text[start..].starts_with(' ') {
                        text.remove(start);
                    }
                }
            }
        }
    }
    text
}

/// The fast reader declines, or reads what the full parser reads.
fn agrees(text: &str) -> Result<bool, TestCaseError> {
    let Some(fast) = parse_by(text, true) else {
        return Ok(false);
    };
    let full = parse_by(text, false);
    prop_assert_eq!(Some(&fast), full.as_ref(), "in {:?}", text);
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: ProptestConfig::default().cases.max(600), ..ProptestConfig::default() })]

    #[test]
    fn kubectl_yaml_is_read_fast_as_the_full_parser_reads_it(
        documents in proptest::collection::vec((tree(), any::<u8>()), 1..4),
    ) {
        let text: Vec<String> = documents.iter().map(|(n, s)| kubectl(n, *s)).collect();
        let text = text.join("---\n");
        prop_assert!(agrees(&text)?, "declined {:?}", text);
    }

    #[test]
    fn hostile_yaml_is_declined_or_read_as_the_full_parser_reads_it(
        documents in proptest::collection::vec((tree(), any::<u8>()), 1..3),
        edits in proptest::collection::vec(edit(), 1..5),
    ) {
        let text: Vec<String> = documents.iter().map(|(n, s)| kubectl(n, *s)).collect();
        agrees(&apply(&text.join("---\n"), &edits))?;
    }
}

#[test]
fn a_secret_in_flow_style_is_read_by_the_full_parser() {
    for text in [
        "kind: Secret\ndata: {password: aHVudGVy}\n",
        "kind: Secret\ndata:\n  password: &p aHVudGVy\n",
        "kind: Secret\ndata: !!map\n  password: aHVudGVy\n",
        "kind: Secret\r\ndata:\r\n  password: aHVudGVy\r\n",
        "\u{feff}kind: Secret\ndata:\n  password: aHVudGVy\n",
        "kind: Secret\ndata:\n  ? password\n  : aHVudGVy\n",
        "kind: Secret\ndata:\n  password: aHVudGVy # note\n",
        "kind: Secret\ndata:\n\tpassword: aHVudGVy\n",
    ] {
        assert!(parse_by(text, true).is_none(), "{text:?}");
        let documents = super::yaml::parse(text);
        if let Some(documents) = documents {
            let data = documents[0].get("data");
            assert!(
                data.and_then(|d| d.get("password")).is_some(),
                "{text:?}: {documents:?}"
            );
        }
    }
}

#[test]
fn a_key_written_longer_than_the_full_parser_allows_is_declined() {
    // Escapes make a quoted key's text longer than its value; the full parser counts the text.
    for text in [
        format!("\"{}\": v\n", "\\u0041".repeat(200)),
        format!("k:\n  '{}': v\n", "''".repeat(600)),
        format!("- \"{}\": v\n", "\\x41".repeat(300)),
    ] {
        assert!(parse_by(&text, false).is_none(), "{text:?}");
        assert!(parse_by(&text, true).is_none(), "{text:?}");
    }
}
