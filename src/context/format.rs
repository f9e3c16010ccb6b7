//! What kind of output kubectl printed: objects (YAML or JSON, read by a parser), a table, an
//! event table, a log, or other text; from the verb, the `-o` flag and the output itself.

use super::args::Args;
use super::events::is_events_header;
use super::tree::Node;
use super::{json, table, yaml};

pub enum Shape {
    Json(Vec<Node>),
    Yaml(Vec<Node>),
    Table,
    Events,
    Logs,
    Text,
}

impl Shape {
    pub fn mime_type(&self) -> &'static str {
        match self {
            Shape::Json(_) => "application/json",
            Shape::Yaml(_) => "application/yaml",
            _ => "text/plain",
        }
    }
}

/// Whether the output should have been objects (and so, if it does not parse, may hide them).
pub fn objects_asked(args: &Args) -> bool {
    matches!(args.output, Some("json" | "yaml")) || args.verb == "config"
}

pub fn detect(args: &Args, text: &str) -> Shape {
    if args.templated() {
        return Shape::Text;
    }
    let start = text.trim_start();
    let looks_json = start.starts_with(['{', '[']);
    if args.output == Some("json") || looks_json {
        if let Some(documents) = json::parse(text) {
            return Shape::Json(documents);
        }
    }
    let looks_yaml = start.starts_with("apiVersion:") || start.starts_with("kind:");
    if args.output == Some("yaml") || looks_yaml || args.verb == "config" {
        if let Some(documents) = yaml::parse(text) {
            return Shape::Yaml(documents);
        }
    }
    if args.verb == "logs" {
        return Shape::Logs;
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if is_events_header(first) {
        Shape::Events
    } else if table::header(first).is_some() {
        Shape::Table
    } else {
        Shape::Text
    }
}
