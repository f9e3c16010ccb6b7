//! The older Python vibectl's YAML config, read-only, mapped onto today's schema.
//!
//! Two shapes exist: the flat one of versions 0.2–0.9 (`model`, `model_keys`, `memory`, …) and
//! the sectioned one of 0.10+ (`llm.model`, `providers.<p>.key`, `memory_content`, …).

use std::path::Path;

use toml::{Table, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

use crate::config::schema::{self, lookup};
use crate::config::{config_error, get_in, read_optional};
use crate::error::CoreError;

/// An older config in today's terms, with an account of what was kept and what was not.
pub struct Mapped {
    pub table: Table,
    /// The memory text the older vibectl kept inside its config.
    pub memory: Option<String>,
    /// `old.key → new.key` lines.
    pub mapped: Vec<String>,
    /// `old.key (why)` lines.
    pub dropped: Vec<String>,
}

/// Old key → new key, for both shapes (they do not collide).
const RENAMES: &[(&str, &str)] = &[
    ("kubeconfig", "core.kubeconfig"),
    ("kubectl_command", "core.kubectl_command"),
    ("theme", "display.theme"),
    ("show_raw_output", "display.show_raw_output"),
    ("show_vibe", "display.show_vibe"),
    ("show_kubectl", "display.show_kubectl"),
    ("show_streaming", "display.stream"),
    ("model", "llm.model"),
    ("custom_instructions", "system.custom_instructions"),
    ("memory_enabled", "memory.enabled"),
    ("memory_max_chars", "memory.max_chars"),
    ("core.kubeconfig", "core.kubeconfig"),
    ("core.kubectl_command", "core.kubectl_command"),
    ("display.theme", "display.theme"),
    ("display.show_raw_output", "display.show_raw_output"),
    ("display.show_vibe", "display.show_vibe"),
    ("display.show_kubectl", "display.show_kubectl"),
    ("display.show_streaming", "display.stream"),
    ("llm.model", "llm.model"),
    ("llm.max_retries", "llm.max_retries"),
    ("memory.enabled", "memory.enabled"),
    ("memory.max_chars", "memory.max_chars"),
    ("system.custom_instructions", "system.custom_instructions"),
];

pub fn read(path: &Path) -> Result<Mapped, CoreError> {
    let text = read_optional(path)?.ok_or_else(|| config_error(path, "does not exist"))?;
    map(path, &text)
}

pub fn map(path: &Path, text: &str) -> Result<Mapped, CoreError> {
    let nodes =
        expanded_nodes(text).map_err(|e| config_error(path, format!("is not valid YAML: {e}")))?;
    if nodes > MAX_NODES {
        return Err(config_error(
            path,
            format!("its aliases expand to more than {MAX_NODES} values (an alias bomb?); vibectl does not read it"),
        ));
    }
    let docs = YamlLoader::load_from_str(text)
        .map_err(|e| config_error(path, format!("is not valid YAML: {e}")))?;
    let mut out = Mapped {
        table: Table::new(),
        memory: None,
        mapped: Vec::new(),
        dropped: Vec::new(),
    };
    match docs.into_iter().next() {
        None | Some(Yaml::Null) => {}
        Some(root @ Yaml::Hash(_)) => {
            let mut leaves = Vec::new();
            flatten(&root, String::new(), &mut leaves);
            for (key, value) in leaves {
                place(&mut out, &key, value);
            }
        }
        Some(_) => return Err(config_error(path, "is not a YAML mapping of settings")),
    }
    Ok(out)
}

/// The most values the older config may hold once its aliases are expanded. A real one holds
/// a few dozen; yaml-rust2 copies an alias's whole node for every use and has no limit of its
/// own, so 341 bytes of nested aliases would otherwise expand to gigabytes.
const MAX_NODES: u64 = 10_000;

/// Counts the values a YAML text holds with every alias expanded, from the parser's events,
/// without building anything.
#[derive(Default)]
struct Expansion {
    total: u64,
    /// An anchored node's size, once it is complete.
    sizes: std::collections::HashMap<usize, u64>,
    /// The collections being read: their anchor and the count where they began.
    open: Vec<(usize, u64)>,
}

impl MarkedEventReceiver for Expansion {
    fn on_event(&mut self, event: Event, _mark: Marker) {
        match event {
            Event::Scalar(_, _, anchor, _) => {
                self.total = self.total.saturating_add(1);
                if anchor > 0 {
                    self.sizes.insert(anchor, 1);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((anchor, self.total));
                self.total = self.total.saturating_add(1);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = self.open.pop() {
                    if anchor > 0 {
                        self.sizes.insert(anchor, self.total - start);
                    }
                }
            }
            Event::Alias(anchor) => {
                let size = self.sizes.get(&anchor).copied().unwrap_or(1);
                self.total = self.total.saturating_add(size);
            }
            _ => {}
        }
    }
}

fn expanded_nodes(text: &str) -> Result<u64, yaml_rust2::ScanError> {
    let mut counter = Expansion::default();
    Parser::new_from_str(text).load(&mut counter, true)?;
    Ok(counter.total)
}

/// Every leaf as (dotted key, value); lists are leaves too.
fn flatten(node: &Yaml, prefix: String, out: &mut Vec<(String, Yaml)>) {
    match node {
        Yaml::Hash(map) => {
            for (k, v) in map {
                let name = match k {
                    Yaml::String(s) => s.clone(),
                    Yaml::Integer(n) => n.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    _ => continue,
                };
                let key = if prefix.is_empty() {
                    name
                } else {
                    format!("{prefix}.{name}")
                };
                flatten(v, key, out);
            }
        }
        leaf => out.push((prefix, leaf.clone())),
    }
}

fn to_toml(value: &Yaml) -> Option<Value> {
    Some(match value {
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(n) => Value::Integer(*n),
        Yaml::Real(r) => Value::Float(r.parse().ok()?),
        Yaml::Boolean(b) => Value::Boolean(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(to_toml).collect::<Option<_>>()?),
        _ => return None,
    })
}

/// Where an old key goes today, when it has a home.
fn destination(key: &str, value: &Yaml) -> Option<String> {
    if let Some((_, new)) = RENAMES.iter().find(|(old, _)| *old == key) {
        return Some((*new).to_string());
    }
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        ["model_keys", p] => Some(format!("providers.{p}.key")),
        ["model_key_files", p] => Some(format!("providers.{p}.key_file")),
        ["providers", p, field @ ("key" | "key_file")] => Some(format!("providers.{p}.{field}")),
        ["show_metrics"] | ["display", "show_metrics"]
            if matches!(value, Yaml::String(_) | Yaml::Boolean(_)) =>
        {
            Some("display.show_metrics".into())
        }
        _ => None,
    }
}

fn place(out: &mut Mapped, key: &str, value: Yaml) {
    if value.is_null() {
        return; // unset in the old config: nothing to carry over
    }
    if matches!(key, "memory" | "memory_content") {
        if let Yaml::String(text) = value {
            if !text.trim().is_empty() {
                out.mapped.push(format!("{key} → the memory file"));
                out.memory = Some(text);
            }
            return;
        }
    }
    let Some(new_key) = destination(key, &value) else {
        out.dropped
            .push(format!("{key} (no equivalent in this vibectl)"));
        return;
    };
    let converted = match (new_key.as_str(), &value) {
        // 0.10+ had none|total|sub|all; anything but none means "show them".
        ("display.show_metrics", Yaml::String(level)) => Some(Value::Boolean(level != "none")),
        _ => to_toml(&value),
    };
    let spec = lookup(&new_key);
    let checked = match (spec, converted) {
        (Some(spec), Some(v)) => schema::check(spec, &v).map(|()| v),
        _ => Err("a value of an unexpected type".to_string()),
    };
    match checked {
        Ok(v) if get_in(&out.table, &new_key).is_none() => {
            insert(&mut out.table, &new_key, v);
            out.mapped.push(format!("{key} → {new_key}"));
        }
        Ok(_) => out.dropped.push(format!(
            "{key} ({new_key} is already set from another old key)"
        )),
        Err(why) => out.dropped.push(format!("{key} ({why})")),
    }
}

/// Set a dotted key in a table, creating the tables on the way.
pub fn insert(table: &mut Table, key: &str, value: Value) {
    let mut parts: Vec<&str> = key.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut here = table;
    for part in parts {
        here = here
            .entry(part.to_string())
            .or_insert_with(|| Value::Table(Table::new()))
            .as_table_mut()
            .expect("only tables are created on the way");
    }
    here.insert(last.to_string(), value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(text: &str) -> Mapped {
        map(Path::new("/old.yaml"), text).unwrap()
    }

    #[test]
    fn flat_schema_of_0_2_to_0_9() {
        let m = mapped(
            "kubeconfig: null\nkubectl_command: kubectl\ntheme: dark\nuse_emoji: true\nshow_raw_output: false\n\
             show_vibe: true\nwarn_no_output: true\nmodel: claude-3.7-sonnet\ncustom_instructions: Be terse\n\
             memory: Cluster has 3 nodes\nmemory_enabled: true\nmemory_max_chars: 500\ncolored_output: true\n\
             model_keys:\n  anthropic: sk-ant-old\n  openai: null\nmodel_key_files:\n  openai: /keys/openai\n",
        );
        assert_eq!(
            get_in(&m.table, "llm.model").unwrap().as_str(),
            Some("claude-3.7-sonnet")
        );
        assert_eq!(
            get_in(&m.table, "display.theme").unwrap().as_str(),
            Some("dark")
        );
        assert_eq!(
            get_in(&m.table, "providers.anthropic.key")
                .unwrap()
                .as_str(),
            Some("sk-ant-old")
        );
        assert_eq!(
            get_in(&m.table, "providers.openai.key_file")
                .unwrap()
                .as_str(),
            Some("/keys/openai")
        );
        assert_eq!(
            get_in(&m.table, "system.custom_instructions")
                .unwrap()
                .as_str(),
            Some("Be terse")
        );
        assert_eq!(m.memory.as_deref(), Some("Cluster has 3 nodes"));
        assert!(m.dropped.iter().any(|d| d.starts_with("use_emoji")));
        assert!(m.dropped.iter().any(|d| d.starts_with("colored_output")));
        assert!(get_in(&m.table, "core.kubeconfig").is_none());
    }

    #[test]
    fn sectioned_schema_of_0_10_and_later() {
        let m = mapped(
            "core:\n  kubeconfig: ~/.kube/other\n  kubectl_command: kubectl\ndisplay:\n  theme: default\n  \
             show_metrics: all\n  show_streaming: false\n  show_iterations: true\nllm:\n  model: gpt-4\n  \
             max_retries: 3\n  retry_delay_seconds: 1.0\nproviders:\n  anthropic:\n    key: null\n    \
             key_file: /run/keys/a\nmemory:\n  enabled: false\n  max_chars: 800\nsystem:\n  log_level: WARNING\n  \
             custom_instructions: null\nproxy:\n  active: null\nmemory_content: Remember payments\n",
        );
        assert_eq!(
            get_in(&m.table, "llm.model").unwrap().as_str(),
            Some("gpt-4")
        );
        assert_eq!(
            get_in(&m.table, "llm.max_retries").unwrap().as_integer(),
            Some(3)
        );
        assert_eq!(
            get_in(&m.table, "display.show_metrics").unwrap().as_bool(),
            Some(true)
        );
        assert_eq!(
            get_in(&m.table, "display.stream").unwrap().as_bool(),
            Some(false)
        );
        assert_eq!(
            get_in(&m.table, "memory.enabled").unwrap().as_bool(),
            Some(false)
        );
        assert_eq!(
            get_in(&m.table, "providers.anthropic.key_file")
                .unwrap()
                .as_str(),
            Some("/run/keys/a")
        );
        assert_eq!(m.memory.as_deref(), Some("Remember payments"));
        assert!(m
            .dropped
            .iter()
            .any(|d| d.starts_with("llm.retry_delay_seconds")));
        assert!(m.dropped.iter().any(|d| d.starts_with("system.log_level")));
    }

    #[test]
    fn invalid_old_values_are_dropped_with_the_reason() {
        let m = mapped("theme: neon\nmemory_max_chars: 5\n");
        assert!(get_in(&m.table, "display.theme").is_none());
        assert!(m
            .dropped
            .iter()
            .any(|d| d.starts_with("theme (\"neon\" is not allowed")));
        assert!(m
            .dropped
            .iter()
            .any(|d| d.starts_with("memory_max_chars (")));
    }

    #[test]
    fn broken_yaml_is_one_clear_error() {
        let err = map(Path::new("/old.yaml"), "a: [1, 2\n")
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("/old.yaml: is not valid YAML"), "{err}");
        assert!(map(Path::new("/old.yaml"), "- a\n- b\n").is_err());
        assert!(mapped("").table.is_empty());
    }

    #[test]
    fn an_alias_bomb_is_one_line_not_an_abort() {
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (i, name) in "bcdefghi".chars().enumerate() {
            let prev = (b'a' + i as u8) as char;
            let refs = vec![format!("*{prev}"); 9].join(",");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let err = map(Path::new("/old.yaml"), &bomb)
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            err,
            "/old.yaml: its aliases expand to more than 10000 values (an alias bomb?); vibectl does not read it"
        );
        // A few honest aliases are fine.
        let m = mapped("base: &b dark\ntheme: *b\n");
        assert_eq!(
            get_in(&m.table, "display.theme").unwrap().as_str(),
            Some("dark")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_maps_or_errors_without_panicking(text in "\\PC*") {
            let _ = map(Path::new("/old.yaml"), &text);
        }
    }
}
