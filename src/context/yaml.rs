//! YAML documents read into trees, by `kubectl_yaml` when they are as kubectl prints them, else
//! by a full parser (yaml-rust2: block and flow style alike, so `data: {password: …}` is a map
//! like any other), both through the same events; and printed back as kubectl prints them:
//! two-space indents, sequences at their key's indent, multi-line strings as `|` blocks, what
//! was left out as `# …` comments.

use yaml_rust2::parser::{Event, EventReceiver, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::Yaml;

use super::items::{Documents, Items, Lists};
use super::kubectl_yaml;
use super::tree::Node;

/// Every document in `text`, or `None` if it does not parse as YAML (or is only a scalar,
/// which is text, not an object).
#[cfg(test)]
pub fn parse(text: &str) -> Option<Vec<Node>> {
    parse_into(text, &mut Lists::new(usize::MAX, render, false))
}

/// Every document in `text`, the `items` of each and a stream of them read one at a time into
/// `lists`; `None` if it does not parse as YAML or is only scalars.
pub fn parse_into(text: &str, lists: &mut Lists) -> Option<Vec<Node>> {
    let mut fast = lists.fresh();
    if let Some(documents) = build(&mut fast, |b| kubectl_yaml::events(text, b)) {
        *lists = fast;
        return documents;
    }
    build(lists, |b| parsed(text, b))?
}

/// How deep a document may nest: serde_json's own limit, so YAML and JSON deeper than any
/// object kubectl prints are alike read as text. Every level costs stack when a tree is printed.
const MAX_DEPTH: usize = 128;

/// yaml-rust2's events fed one at a time (its `load` recurses once per level, so a document
/// nested deep enough overflows the stack and aborts the process), stopped past MAX_DEPTH.
fn parsed(text: &str, builder: &mut Builder) -> Option<()> {
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, _) = parser.next_token().ok()?;
        if event == Event::StreamEnd {
            return Some(());
        }
        builder.on_event(event);
        if builder.too_deep {
            return None;
        }
    }
}

/// The documents `read` sends as events (`None` if it fails), or `Some(None)` if they are only
/// scalars.
fn build(
    lists: &mut Lists,
    read: impl FnOnce(&mut Builder) -> Option<()>,
) -> Option<Option<Vec<Node>>> {
    let mut builder = Builder {
        lists,
        stack: Vec::new(),
        documents: Documents::default(),
        empty: false,
        too_deep: false,
    };
    read(&mut builder)?;
    if builder.too_deep {
        return None;
    }
    let Builder {
        lists, documents, ..
    } = builder;
    Some(documents.objects.then(|| documents.finish(lists)))
}

/// `text` read by the full parser alone, or by `kubectl_yaml` alone (`None` if it declines).
#[cfg(test)]
pub fn parse_by(text: &str, fast: bool) -> Option<Vec<Node>> {
    let mut lists = Lists::new(usize::MAX, render, false);
    if fast {
        build(&mut lists, |b| kubectl_yaml::events(text, b)).flatten()
    } else {
        build(&mut lists, |b| parsed(text, b)).flatten()
    }
}

/// What is being built: a list, a map (and the key read, whose value comes next), or the
/// `items` of a document.
enum Frame {
    List(Vec<Node>),
    Map(Vec<(String, Node)>, Option<String>),
    Items(Box<Items>),
}

/// Trees from the parser's events, as `YamlLoader` builds its own.
struct Builder<'a> {
    lists: &'a mut Lists,
    stack: Vec<Frame>,
    documents: Documents,
    /// Whether the document being read holds nothing yet.
    empty: bool,
    /// Whether a document nested deeper than MAX_DEPTH: what follows is not read.
    too_deep: bool,
}

impl Builder<'_> {
    fn insert(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                self.empty = false;
                self.documents.add(node, self.lists);
            }
            Some(Frame::List(items)) => items.push(node),
            Some(Frame::Items(items)) => items.add(node),
            Some(Frame::Map(fields, key)) => match key.take() {
                Some(key) => fields.push((key, node)),
                None => *key = Some(key_of(node)),
            },
        }
    }

    /// Whether a sequence starting now is a document's `items`.
    fn at_items(&self) -> bool {
        matches!(self.stack.as_slice(), [Frame::Map(_, Some(key))] if key == "items")
    }
}

impl EventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event) {
        let opens = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        if self.too_deep || (opens && self.stack.len() == MAX_DEPTH) {
            self.too_deep = true;
            return;
        }
        match event {
            Event::DocumentStart => self.empty = true,
            // An empty document is a null, as YamlLoader reads it.
            Event::DocumentEnd if self.empty => self.insert(Node::Null),
            Event::SequenceStart(..) if self.at_items() => self
                .stack
                .push(Frame::Items(Box::new(Items::new(self.lists, "items")))),
            Event::SequenceStart(..) => self.stack.push(Frame::List(Vec::new())),
            Event::MappingStart(..) => self.stack.push(Frame::Map(Vec::new(), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::List(items)) => Node::List(items),
                    Some(Frame::Map(fields, _)) => Node::Map(fields),
                    Some(Frame::Items(items)) => Node::List(items.finish(self.lists)),
                    None => return,
                };
                self.insert(node);
            }
            Event::Scalar(value, style, _, tag) => self.insert(scalar_node(value, style, tag)),
            // Aliases are not expanded: kubectl never prints them, and expanding is how bombs
            // go off.
            Event::Alias(_) => self.insert(Node::Null),
            _ => {}
        }
    }
}

/// A scalar as YamlLoader resolves it: quoted, `!!str` or under a tag of its own is a string,
/// a plain one is read as YAML's core schema reads it.
fn scalar_node(value: String, style: TScalarStyle, tag: Option<Tag>) -> Node {
    let string_tag = tag.is_some_and(|t| t.handle != "tag:yaml.org,2002:" || t.suffix == "str");
    if style != TScalarStyle::Plain || string_tag || surely_string(&value) {
        return Node::Str(value);
    }
    match Yaml::from_str(&value) {
        Yaml::Real(_) => Node::Number(value),
        Yaml::Integer(i) => Node::Number(i.to_string()),
        Yaml::String(_) => Node::Str(value),
        Yaml::Boolean(b) => Node::Bool(b),
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) | Yaml::Array(_) | Yaml::Hash(_) => Node::Null,
    }
}

/// Whether `Yaml::from_str` reads a plain scalar as a string without asking it (most are, and
/// it copies them): one that starts with a letter (or any character but a digit, a sign, `.`
/// and `~`) is a string unless it is `null`, `true` or `false` in one of their spellings.
fn surely_string(value: &str) -> bool {
    let Some(first) = value.bytes().next() else {
        return false;
    };
    let words = ["null", "true", "True", "TRUE", "false", "False", "FALSE"];
    !matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.' | b'~') && !words.contains(&value)
}

/// A map's key as text (`"80"`, `"true"`); a key that is a map or list is `""`.
fn key_of(node: Node) -> String {
    match node {
        Node::Str(s) | Node::Number(s) => s,
        Node::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

pub fn render(documents: &[Node]) -> String {
    let mut out = String::new();
    for (i, document) in documents.iter().enumerate() {
        // What a stream's aggregation says follows its last document, as comments.
        if let Node::Elided(words) = document {
            out.push_str(&format!("# {words}\n"));
            continue;
        }
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

    /// A map nested `depth` levels deep, as kubectl indents it.
    fn nested(depth: usize) -> String {
        (0..depth)
            .map(|level| format!("{}k{level}:\n", "  ".repeat(level)))
            .chain([format!("{}leaf: x\n", "  ".repeat(depth))])
            .collect()
    }

    #[test]
    fn documents_deeper_than_json_may_nest_are_text_whichever_reader_reads_them() {
        for fast in [true, false] {
            assert!(
                parse_by(&nested(MAX_DEPTH - 1), fast).is_some(),
                "fast: {fast}"
            );
            assert!(parse_by(&nested(MAX_DEPTH), fast).is_none(), "fast: {fast}");
        }
        assert!(parse(&nested(MAX_DEPTH)).is_none());
    }

    #[test]
    fn nesting_that_would_overflow_the_stack_is_text_at_once() {
        // 200,000 levels in 400 kB: yaml-rust2's `load` recursed once per level and aborted.
        let deep = format!("{}x\n", "- ".repeat(200_000));
        assert!(parse(&deep).is_none());
        let deep = format!("{}x{}\n", "[".repeat(200_000), "]".repeat(200_000));
        assert!(parse(&deep).is_none());
    }
}
