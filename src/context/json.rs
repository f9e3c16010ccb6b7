//! JSON documents (one, or a stream such as `get -w -o json` prints) read into trees and printed
//! back with two-space indents. The `items` of a document, and the documents of a stream, are
//! read one at a time into `items::Items`, so a large list or stream is never held whole.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::items::{Documents, Items, Lists};
use super::tree::{Node, NodeVisitor};

/// Every JSON document in `text`, or `None` if it is not JSON throughout.
#[cfg(test)]
pub fn parse(text: &str) -> Option<Vec<Node>> {
    parse_into(text, &mut Lists::new(usize::MAX, render, false))
}

/// Every JSON document in `text`, their lists and a stream of them read into `lists`; `None`
/// if it is not JSON throughout.
pub fn parse_into(text: &str, lists: &mut Lists) -> Option<Vec<Node>> {
    // Each document is found by skimming it, then read from its own slice: asking one reader
    // whether more follows (`Deserializer::end`) counts the lines up to there each time.
    let mut skim = serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>();
    let mut documents = Documents::default();
    loop {
        let start = skim.byte_offset();
        match skim.next() {
            None => break,
            Some(skimmed) => skimmed.ok()?,
        };
        let mut reader = serde_json::Deserializer::from_str(&text[start..skim.byte_offset()]);
        let document = Top {
            lists,
            items: false,
        };
        documents.add(document.deserialize(&mut reader).ok()?, lists);
    }
    (!documents.is_empty()).then(|| documents.finish(lists))
}

/// A document (whose `items` are read into `lists`), or, when `items`, its list of items.
struct Top<'a> {
    lists: &'a mut Lists,
    items: bool,
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        NodeVisitor.expecting(f)
    }
    fn visit_unit<E: Error>(self) -> Result<Node, E> {
        NodeVisitor.visit_unit()
    }
    fn visit_bool<E: Error>(self, v: bool) -> Result<Node, E> {
        NodeVisitor.visit_bool(v)
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<Node, E> {
        NodeVisitor.visit_i64(v)
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<Node, E> {
        NodeVisitor.visit_u64(v)
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<Node, E> {
        NodeVisitor.visit_f64(v)
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Node, E> {
        NodeVisitor.visit_str(v)
    }
    fn visit_string<E: Error>(self, v: String) -> Result<Node, E> {
        NodeVisitor.visit_string(v)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        if !self.items {
            return NodeVisitor.visit_seq(seq);
        }
        let mut items = Items::new(self.lists, "items");
        while let Some(item) = seq.next_element::<Node>()? {
            items.add(item);
        }
        Ok(Node::List(items.finish(self.lists)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        if self.items {
            return NodeVisitor.visit_map(map);
        }
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = if key == "items" {
                map.next_value_seed(Top {
                    lists: &mut *self.lists,
                    items: true,
                })?
            } else {
                map.next_value::<Node>()?
            };
            fields.push((key, value));
        }
        Ok(Node::Map(fields))
    }
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
