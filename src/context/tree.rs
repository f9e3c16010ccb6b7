//! kubectl's objects as a tree that keeps the order of keys as printed, whether they came as
//! JSON or YAML, so that they can be reduced, redacted and cut in one place and printed back.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// A number as printed (JSON and YAML numbers are never computed with here).
    Number(String),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// What was left out, in words: a comment in YAML, a string in JSON.
    Elided(String),
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Map(fields) => fields.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Every value of `key` in a map: a parser keeps a key written twice, and redaction must
    /// not be fooled by the first.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Node> {
        let fields = match self {
            Node::Map(fields) => fields.as_slice(),
            _ => &[],
        };
        fields.iter().filter(move |(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn all_mut<'a>(&'a mut self, key: &'a str) -> impl Iterator<Item = &'a mut Node> {
        let fields = match self {
            Node::Map(fields) => fields.as_mut_slice(),
            _ => &mut [],
        };
        fields
            .iter_mut()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Removes `key` from a map; whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        match self {
            Node::Map(fields) => {
                let before = fields.len();
                fields.retain(|(k, _)| k != key);
                fields.len() != before
            }
            _ => false,
        }
    }

    /// Whether a value holds nothing worth a line (`{}`, `[]`, `null`, `""`).
    pub fn is_empty(&self) -> bool {
        match self {
            Node::Null => true,
            Node::Str(s) => s.is_empty(),
            Node::List(items) => items.is_empty(),
            Node::Map(fields) => fields.is_empty(),
            _ => false,
        }
    }
}

/// Builds a `Node` from any serde value.
pub struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            fields.push((key, value));
        }
        Ok(Node::Map(fields))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}
