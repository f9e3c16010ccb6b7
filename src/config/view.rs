//! What `vibectl config show` and `config get` print: effective values, secrets masked.

use toml::{Table, Value};

use crate::config::legacy_yaml::insert;
use crate::config::schema::{is_section, lookup, suggestion, Kind, SCHEMA};
use crate::config::{get_in, Config};
use crate::error::CoreError;
use crate::http::shown_url::shown;
use crate::keys::fingerprint;

/// Every key in effect (set, or defaulted), with secrets replaced by their fingerprint.
fn effective_table(config: &Config) -> Table {
    let mut view = Table::new();
    for spec in SCHEMA.iter().filter(|s| !s.key.contains('*')) {
        if let Some(value) = config.effective(spec.key) {
            insert(&mut view, spec.key, value);
        }
    }
    for section in ["providers", "models.aliases"] {
        if let Some(Value::Table(set)) = config.get(section) {
            let mut set = set.clone();
            mask_secrets(&mut set, section);
            insert(&mut view, section, Value::Table(set));
        }
    }
    view
}

fn mask_secrets(table: &mut Table, prefix: &str) {
    for (name, value) in table.iter_mut() {
        let key = format!("{prefix}.{name}");
        match value {
            Value::Table(inner) => mask_secrets(inner, &key),
            Value::String(s) => match lookup(&key).map(|spec| spec.kind) {
                Some(Kind::Secret) => *s = fingerprint(s),
                Some(Kind::Url) => *s = shown(s),
                _ => {}
            },
            // A key written literally into the command (`echo sk-…`) must not be shown: only
            // the program is, the arguments are masked.
            Value::Array(argv)
                if argv.len() > 1 && lookup(&key).is_some_and(|spec| spec.kind == Kind::Argv) =>
            {
                argv.truncate(1);
                argv.push(Value::String("…".into()));
            }
            _ => {}
        }
    }
}

/// Why a selector shows nothing: a known key that is unset, or a key (or section) that is not
/// in the schema at all.
fn unknown(selector: &str) -> CoreError {
    CoreError::Config(if lookup(selector).is_some() || is_section(selector) {
        format!("{selector} is not set and has no default; set it with `vibectl config set`")
    } else {
        format!("unknown key {selector}; {}", suggestion(selector))
    })
}

/// The effective config as TOML, whole or for one section or key.
pub fn show(config: &Config, selector: Option<&str>) -> Result<String, CoreError> {
    let view = effective_table(config);
    let Some(selector) = selector else {
        return render(&view);
    };
    match get_in(&view, selector) {
        Some(Value::Table(section)) => {
            let mut wrapped = Table::new();
            insert(&mut wrapped, selector, Value::Table(section.clone()));
            render(&wrapped)
        }
        Some(value) => Ok(format!("{selector} = {value}\n")),
        None => Err(unknown(selector)),
    }
}

/// One value as plain text: strings bare, everything else as TOML.
pub fn get(config: &Config, key: &str) -> Result<String, CoreError> {
    match get_in(&effective_table(config), key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Table(_)) if lookup(key).is_none() => Err(CoreError::Config(format!(
            "{key} is a section; use `vibectl config show {key}`"
        ))),
        Some(value) => Ok(value.to_string()),
        None => Err(unknown(key)),
    }
}

fn render(table: &Table) -> Result<String, CoreError> {
    toml::to_string(table).map_err(|e| CoreError::Config(format!("cannot render the config: {e}")))
}
