//! JSON documents (one, or a stream such as `get -w -o json` prints) read into trees and printed
//! back with two-space indents.

use super::tree::Node;

/// Every JSON document in `text`, or `None` if it is not JSON throughout.
pub fn parse(text: &str) -> Option<Vec<Node>> {
    let documents = serde_json::Deserializer::from_str(text).into_iter::<Node>();
    let documents: Vec<Node> = documents.collect::<Result<_, _>>().ok()?;
    (!documents.is_empty()).then_some(documents)
}

pub fn render(documents: &[Node]) -> String {
    let mut out = String::new();
    for document in documents {
        write(&mut out, document, 0);
        out.push('\n');
    }
    out
}

fn quoted(out: &mut String, text: &str) {
    out.push_str(&serde_json::to_string(text).expect("a string serialises"));
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write(out: &mut String, node: &Node, indent: usize) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Number(n) => out.push_str(n),
        Node::Str(s) | Node::Elided(s) => quoted(out, s),
        Node::List(items) if items.is_empty() => out.push_str("[]"),
        Node::Map(fields) if fields.is_empty() => out.push_str("{}"),
        Node::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent + 2);
                write(out, item, indent + 2);
            }
            newline(out, indent);
            out.push(']');
        }
        Node::Map(fields) => {
            out.push('{');
            for (i, (key, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent + 2);
                quoted(out, key);
                out.push_str(": ");
                write(out, value, indent + 2);
            }
            newline(out, indent);
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_and_documents_their_number() {
        let text = r#"{"b": 1, "a": [true, null, "x"]} {"c": {}}"#;
        let documents = parse(text).unwrap();
        assert_eq!(
            render(&documents),
            "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null,\n    \"x\"\n  ]\n}\n{\n  \"c\": {}\n}\n"
        );
        assert!(parse("NAME READY").is_none());
        assert!(parse("{\"a\": 1} trailing").is_none());
    }
}
