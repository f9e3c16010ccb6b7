//! The effective configuration: the system layer, then the user layer over it, key by key.
//!
//! When the user has no `config.toml`, the older vibectl's YAML config (mapped onto this
//! schema) stands in for the user layer, read-only. Every layer is validated against the schema.

pub mod edit;
pub mod legacy_yaml;
pub mod llm_aliases;
pub mod paths;
pub mod schema;
pub mod view;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use toml::{Table, Value};

use crate::config::paths::{legacy_yaml_candidates, system_file, user_file};
use crate::config::schema::{is_section, lookup, suggestion, valid_name, SCHEMA};
use crate::error::CoreError;
use crate::regular_file::{read_optional_text, CONFIG_CAP};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    System,
    User,
    /// The older vibectl's YAML, read because there is no user `config.toml`.
    LegacyYaml,
}

impl Origin {
    pub fn name(self) -> &'static str {
        match self {
            Origin::System => "system",
            Origin::User => "user",
            Origin::LegacyYaml => "older vibectl YAML",
        }
    }
}

/// One file's contribution to the configuration.
pub struct Layer {
    pub path: PathBuf,
    pub table: Table,
}

pub struct Config {
    layers: Vec<Layer>,
    merged: Table,
}

pub fn config_error(path: &Path, what: impl std::fmt::Display) -> CoreError {
    CoreError::Config(format!("{}: {what}", path.display()))
}

/// Read a config file that may be absent: a regular file of at most 1 MiB; anything else (a
/// FIFO, a device, a directory, a huge file) is an error naming the file, at once.
pub fn read_optional(path: &Path) -> Result<Option<String>, CoreError> {
    read_optional_text(path, CONFIG_CAP).map_err(|e| config_error(path, e))
}

/// Parse and validate one TOML layer.
pub fn parse_layer(path: &Path, text: &str) -> Result<Table, CoreError> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        let place = e
            .span()
            .map(|span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("line {line}, column {column}: ")
            })
            .unwrap_or_default();
        config_error(path, format!("{place}{}", e.message().trim()))
    })?;
    validate(&table, "", path)?;
    Ok(table)
}

fn validate(table: &Table, prefix: &str, path: &Path) -> Result<(), CoreError> {
    let names_are_chosen = SCHEMA
        .iter()
        .any(|s| s.key.starts_with(&format!("{prefix}.*")));
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        if names_are_chosen && !valid_name(name) {
            return Err(config_error(
                path,
                format!("{key}: the name {name:?} must be lowercase letters, digits, - or _, starting with a letter"),
            ));
        }
        if let Some(spec) = lookup(&key) {
            schema::check(spec, value)
                .map_err(|why| config_error(path, format!("{key}: {why}")))?;
        } else if is_section(&key) {
            let Value::Table(inner) = value else {
                return Err(config_error(
                    path,
                    format!("{key} must be a table ([{key}])"),
                ));
            };
            validate(inner, &key, path)?;
        } else {
            return Err(config_error(
                path,
                format!("unknown key {key}; {}", suggestion(&key)),
            ));
        }
    }
    Ok(())
}

/// Put `over` on top of `base`, key by key (tables merge, anything else is replaced).
fn merge(base: &mut Table, over: &Table) {
    for (name, value) in over {
        match (base.get_mut(name), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o),
            _ => {
                base.insert(name.clone(), value.clone());
            }
        }
    }
}

/// Look up a dotted key in a table.
pub fn get_in<'a>(table: &'a Table, key: &str) -> Option<&'a Value> {
    let mut parts = key.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
}

impl Config {
    pub fn load() -> Result<Config, CoreError> {
        let mut layers = Vec::new();
        let system = system_file();
        if let Some(text) = read_optional(&system)? {
            let table = parse_layer(&system, &text)?;
            layers.push(Layer {
                path: system,
                table,
            });
        }
        let user = user_file();
        if let Some(text) = read_optional(&user)? {
            let table = parse_layer(&user, &text)?;
            layers.push(Layer { path: user, table });
        } else if let Some(path) = legacy_yaml_path() {
            let table = legacy_yaml::read(&path)?.table;
            layers.push(Layer { path, table });
        }
        let mut merged = Table::new();
        for layer in &layers {
            merge(&mut merged, &layer.table);
        }
        Ok(Config { layers, merged })
    }

    /// The configuration, loaded again only when a file it comes from appeared, changed or went.
    pub fn current() -> Result<Arc<Config>, CoreError> {
        let stamp = files_stamp();
        let mut cached = CURRENT.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((seen, config)) = cached.as_ref() {
            if *seen == stamp {
                return Ok(Arc::clone(config));
            }
        }
        let config = Arc::new(Config::load()?);
        *cached = Some((stamp, Arc::clone(&config)));
        Ok(config)
    }

    /// Forget the loaded configuration (after a write), so the next use reads the files again.
    pub fn invalidate() {
        *CURRENT.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The value set in some layer, without defaults.
    pub fn get(&self, key: &str) -> Option<&Value> {
        get_in(&self.merged, key)
    }

    /// The value in effect: set in some layer, else the schema's default.
    pub fn effective(&self, key: &str) -> Option<Value> {
        self.get(key)
            .cloned()
            .or_else(|| lookup(key).and_then(schema::default_value))
    }

    /// The file a key's value comes from (the last layer that sets it).
    pub fn origin_of(&self, key: &str) -> Option<&Layer> {
        self.layers
            .iter()
            .rev()
            .find(|layer| get_in(&layer.table, key).is_some())
    }

    /// The names under a section of user-chosen names, e.g. the providers or the aliases.
    pub fn names_under(&self, section: &str) -> Vec<String> {
        self.get(section)
            .and_then(Value::as_table)
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    }

    pub fn number(&self, key: &str) -> f64 {
        match self.effective(key) {
            Some(Value::Float(x)) => x,
            Some(Value::Integer(n)) => n as f64,
            _ => 0.0,
        }
    }

    pub fn strings(&self, key: &str) -> Vec<String> {
        match self.effective(key) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The user's `[models.aliases]`.
    pub fn aliases(&self) -> HashMap<String, String> {
        self.names_under("models.aliases")
            .into_iter()
            .filter_map(|name| {
                let target = self.string(&format!("models.aliases.{name}"))?;
                Some((name, target))
            })
            .collect()
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.effective(key)
            .and_then(|v| v.as_str().map(str::to_string))
    }

    /// `system.custom_instructions`, cut to `system.max_instructions_chars` with a warning:
    /// 20 MB of instructions would be sent, and paid for, with every prompt.
    pub fn custom_instructions(&self) -> Option<String> {
        let text = self.string("system.custom_instructions")?;
        let cap = usize::try_from(self.integer("system.max_instructions_chars")).unwrap_or(0);
        match text.char_indices().nth(cap) {
            None => Some(text),
            Some((cut, _)) => {
                log::warn!(
                    "system.custom_instructions is {} characters; only the first {cap} are sent \
                     (system.max_instructions_chars)",
                    text.chars().count()
                );
                Some(text[..cut].to_string())
            }
        }
    }

    pub fn boolean(&self, key: &str) -> bool {
        self.effective(key)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    pub fn integer(&self, key: &str) -> i64 {
        self.effective(key)
            .and_then(|v| v.as_integer())
            .unwrap_or(0)
    }
}

/// Which files the configuration comes from and when each last changed.
type Stamp = Vec<(PathBuf, Option<SystemTime>, u64)>;

static CURRENT: Mutex<Option<(Stamp, Arc<Config>)>> = Mutex::new(None);

fn files_stamp() -> Stamp {
    let user = user_file();
    let mut files = vec![system_file(), user.clone()];
    if !user.exists() {
        files.extend(legacy_yaml_candidates());
    }
    files
        .into_iter()
        .map(|path| {
            let meta = fs::metadata(&path).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.map_or(0, |m| m.len());
            (path, modified, len)
        })
        .collect()
}

/// The older YAML config in use: the first candidate that exists (only without a config.toml).
/// Something other than a file there (a FIFO, a directory) counts, so reading it says so.
pub fn legacy_yaml_path() -> Option<PathBuf> {
    legacy_yaml_candidates().into_iter().find(|p| p.exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Table, String> {
        parse_layer(Path::new("/c.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_the_documented_shape() {
        let table = parse(
            r#"
            [core]
            kubectl_command = "kubectl"
            [llm]
            model = "fast"
            fallbacks = ["gpt-5-mini"]
            max_retries = 3
            connect_timeout = 5
            [providers.litellm]
            kind = "openai"
            base_url = "http://127.0.0.1:4000/v1"
            key_command = ["pass", "show", "litellm"]
            structured_output = "auto"
            structured_output_by_model = { "team-sonnet" = "json_schema", "gpt-6.2-sol" = "tool" }
            [models.aliases]
            fast = "claude-haiku-4-5"
            "#,
        )
        .unwrap();
        assert_eq!(
            get_in(&table, "providers.litellm.kind").unwrap().as_str(),
            Some("openai")
        );
        let wrong = parse("[providers.gw.structured_output_by_model]\n\"m.1\" = \"forced\"\n");
        assert!(
            wrong
                .unwrap_err()
                .contains("\"m.1\" = \"forced\" is not allowed"),
            "a mode outside the choices names the model and the value"
        );
    }

    #[test]
    fn errors_are_one_line_naming_file_key_value_and_what_is_allowed() {
        assert_eq!(
            parse("[display]\ntheme = \"neon\"\n").unwrap_err(),
            "/c.toml: display.theme: \"neon\" is not allowed; use one of: default, dark, light, accessible"
        );
        assert_eq!(
            parse("[display]\nthem = \"dark\"\n").unwrap_err(),
            "/c.toml: unknown key display.them; did you mean display.theme?"
        );
        assert_eq!(
            parse("display = 3\n").unwrap_err(),
            "/c.toml: display must be a table ([display])"
        );
        assert!(parse("[providers.Bad]\nkind = \"openai\"\n")
            .unwrap_err()
            .contains("must be lowercase"));
        let syntax = parse("[core]\nkubeconfig = \n").unwrap_err();
        assert!(
            syntax.starts_with("/c.toml: line 2, column 14: "),
            "{syntax}"
        );
        assert!(!syntax.contains('\n'));
    }

    #[test]
    fn layers_merge_key_by_key() {
        let mut base = parse("[display]\ntheme = \"dark\"\nshow_vibe = false\n").unwrap();
        let over = parse("[display]\ntheme = \"light\"\n").unwrap();
        merge(&mut base, &over);
        assert_eq!(
            get_in(&base, "display.theme").unwrap().as_str(),
            Some("light")
        );
        assert_eq!(
            get_in(&base, "display.show_vibe").unwrap().as_bool(),
            Some(false)
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_table_or_a_one_line_error(text in "\\PC*") {
            if let Err(e) = parse_layer(Path::new("/c.toml"), &text) {
                proptest::prop_assert!(!e.to_string().contains('\n'));
            }
        }

        #[test]
        fn toml_like_text_gives_a_table_or_a_one_line_error(
            text in "(\\[[a-z.]{1,20}\\]\n|[a-z_.]{1,20} = (\"[a-z]*\"|[0-9]{1,3}|true|\\[\"a\"\\])\n){0,8}"
        ) {
            if let Err(e) = parse_layer(Path::new("/c.toml"), &text) {
                proptest::prop_assert!(!e.to_string().contains('\n'));
            }
        }
    }
}
