//! Changing the user's config file: `set`, `unset`, replacing it after `edit`, and `migrate`.
//!
//! Edits go through toml_edit so the user's comments and ordering survive; every result is
//! validated before it is written, and written atomically.

use std::path::{Path, PathBuf};

use toml::Value;
use toml_edit::{DocumentMut, Item, Table as EditTable};

use crate::atomic_write::atomic_write;
use crate::config::legacy_yaml;
use crate::config::paths::{memory_file, user_file};
use crate::config::schema::{self, lookup, suggestion, Kind};
use crate::config::{config_error, get_in, legacy_yaml_path, parse_layer, read_optional, Config};
use crate::error::CoreError;
use crate::file_lock::{self, Held};
use crate::llm::model::resolve_name;
use crate::llm::registry::{Resolution, Resolved};
use crate::memory;

fn spec_for(key: &str) -> Result<&'static schema::KeySpec, CoreError> {
    lookup(key).ok_or_else(|| {
        let why = if schema::is_section(key) {
            format!("{key} is a section, not a key; name a key in it, e.g. with `vibectl config show {key}`")
        } else {
            format!("unknown key {key}; {}", suggestion(key))
        };
        CoreError::Config(why)
    })
}

/// A value typed on the command line, read as the key's kind.
pub fn parse_value(key: &str, raw: &str) -> Result<Value, CoreError> {
    let spec = spec_for(key)?;
    let bad = |why: String| CoreError::Config(format!("{key}: {why}"));
    let list = |raw: &str, split: fn(&str) -> Vec<String>| -> Result<Value, CoreError> {
        if raw.trim_start().starts_with('[') {
            let doc: toml::Table = format!("v = {raw}")
                .parse()
                .map_err(|_| bad(format!("{raw} is not a TOML list")))?;
            Ok(doc.get("v").cloned().unwrap_or(Value::Array(Vec::new())))
        } else {
            Ok(Value::Array(
                split(raw).into_iter().map(Value::String).collect(),
            ))
        }
    };
    let value = match spec.kind {
        Kind::Secret => {
            return Err(bad(
                "a key given on the command line would stay in your shell history; \
                 use `vibectl keys set PROVIDER`, or set providers.PROVIDER.key_file"
                    .into(),
            ))
        }
        Kind::Str | Kind::Url | Kind::Choice(_) => Value::String(raw.to_string()),
        Kind::Bool => match raw.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Value::Boolean(true),
            "false" | "no" | "off" | "0" => Value::Boolean(false),
            _ => return Err(bad(format!("{raw:?} is not true or false"))),
        },
        Kind::Int { .. } => Value::Integer(
            raw.trim()
                .parse()
                .map_err(|_| bad(format!("{raw:?} is not a whole number")))?,
        ),
        Kind::Float { .. } => Value::Float(
            raw.trim()
                .parse()
                .map_err(|_| bad(format!("{raw:?} is not a number")))?,
        ),
        Kind::StrList => list(raw, |r| {
            r.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })?,
        Kind::Argv => list(raw, |r| r.split_whitespace().map(String::from).collect())?,
        // `team-sonnet=json_schema, local=tool`, or a TOML inline table.
        Kind::ChoiceTable(_) => {
            let inline = if raw.trim_start().starts_with('{') {
                raw.to_string()
            } else {
                let pairs: Vec<String> = raw
                    .split(',')
                    .filter(|pair| !pair.trim().is_empty())
                    .map(|pair| {
                        let (name, mode) = pair.split_once('=').unwrap_or((pair, ""));
                        format!("{:?} = {:?}", name.trim(), mode.trim())
                    })
                    .collect();
                format!("{{ {} }}", pairs.join(", "))
            };
            let doc: toml::Table = format!("v = {inline}")
                .parse()
                .map_err(|_| bad(format!("{raw} is not a list of model=mode pairs")))?;
            doc.get("v")
                .cloned()
                .unwrap_or(Value::Table(toml::Table::new()))
        }
    };
    schema::check(spec, &value).map_err(bad)?;
    Ok(value)
}

/// Before a write creates the user file (`config.toml` absent): migrate the older YAML config
/// still in use, with a notice, so the new file starts from everything it held.
pub fn adopt_legacy() -> Result<(), CoreError> {
    let _held = lock_user_file()?;
    if user_file().is_file() {
        return Ok(());
    }
    migrate_legacy_yaml_first()
}

/// Creating a user file would hide an older YAML config still in use: migrate it first, with a
/// notice, so the write lands on top of everything the YAML held. The caller holds the user
/// file's lock (a second `flock` of it from this process would wait for itself).
fn migrate_legacy_yaml_first() -> Result<(), CoreError> {
    if legacy_yaml_path().is_none() {
        return Ok(());
    }
    let done = migrate_holding_lock()?;
    log::warn!(
        "migrated the older vibectl config {} to {} first, so nothing in it is lost ({} \
         settings mapped, {} dropped; the YAML is left as it was; `vibectl config show` shows \
         the result)",
        done.source.display(),
        user_file().display(),
        done.mapped.len(),
        done.dropped.len()
    );
    Ok(())
}

/// The user file as an editable document (empty when it does not exist yet).
fn user_document() -> Result<(PathBuf, DocumentMut), CoreError> {
    let path = user_file();
    let text = match read_optional(&path)? {
        Some(text) => text,
        None => {
            migrate_legacy_yaml_first()?;
            read_optional(&path)?.unwrap_or_default()
        }
    };
    let doc = text.parse::<DocumentMut>().map_err(|_| {
        config_error(&path, "is not valid TOML; fix it with `vibectl config edit` (see `vibectl config show` for the error)")
    })?;
    Ok((path, doc))
}

/// Validate the edited document as a whole, then write it atomically.
fn save(path: &Path, doc: &DocumentMut) -> Result<(), CoreError> {
    let text = doc.to_string();
    parse_layer(path, &text)?;
    atomic_write(path, text.as_bytes())
        .map_err(|e| config_error(path, format!("was not written: {e}")))?;
    Config::invalidate();
    Ok(())
}

/// The user file's lock: every read-modify-write of it holds this.
fn lock_user_file() -> Result<Held, CoreError> {
    file_lock::lock(&user_file(), file_lock::WAIT)
}

pub fn set(key: &str, raw: &str) -> Result<PathBuf, CoreError> {
    let value = parse_value(key, raw)?;
    let _held = lock_user_file()?;
    let (path, mut doc) = user_document()?;
    let item: toml_edit::Value = value
        .to_string()
        .parse()
        .map_err(|_| CoreError::Config(format!("{key}: cannot be written")))?;
    let mut parts: Vec<&str> = key.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut table: &mut EditTable = doc.as_table_mut();
    for part in parts {
        let entry = table.entry(part).or_insert_with(|| {
            let mut t = EditTable::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        table = entry.as_table_mut().ok_or_else(|| {
            config_error(
                &path,
                format!("{part} is not a table; fix it with `vibectl config edit`"),
            )
        })?;
    }
    match table.get_mut(last).and_then(Item::as_value_mut) {
        // Replace the value in place: the key keeps its comments, the value its trailing one.
        Some(existing) => {
            let decor = existing.decor().clone();
            *existing = item;
            *existing.decor_mut() = decor;
        }
        None => {
            table.insert(last, Item::Value(item));
        }
    }
    save(&path, &doc)?;
    Ok(path)
}

/// Remove a key from the user file; false when it was not set there.
pub fn unset(key: &str) -> Result<bool, CoreError> {
    spec_for(key)?;
    let _held = lock_user_file()?;
    let (path, mut doc) = user_document()?;
    let parts: Vec<&str> = key.split('.').collect();
    let removed = remove(doc.as_table_mut(), &parts);
    if removed {
        save(&path, &doc)?;
    }
    Ok(removed)
}

/// Remove a dotted key, and the tables it leaves empty (unless they carry a comment).
fn remove(table: &mut EditTable, parts: &[&str]) -> bool {
    match parts {
        [] => false,
        [last] => table.remove(last).is_some(),
        [first, rest @ ..] => {
            let Some(inner) = table.get_mut(first).and_then(Item::as_table_mut) else {
                return false;
            };
            let removed = remove(inner, rest);
            let commented = inner
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .is_some_and(|p| p.contains('#'));
            if removed && inner.is_empty() && !commented {
                table.remove(first);
            }
            removed
        }
    }
}

/// Replace the user file with an edited copy, once the copy is valid.
pub fn replace_user_file(edited: &Path) -> Result<PathBuf, CoreError> {
    let text = read_optional(edited)?.ok_or_else(|| config_error(edited, "does not exist"))?;
    let path = user_file();
    let _held = lock_user_file()?;
    if !path.exists() {
        migrate_legacy_yaml_first()?;
    }
    parse_layer(edited, &text)?;
    atomic_write(&path, text.as_bytes())
        .map_err(|e| config_error(&path, format!("was not written: {e}")))?;
    Config::invalidate();
    Ok(path)
}

/// The older config's model as one that works today: an old name becomes its successor, and a
/// name no provider is known to take is left out (the default model applies). The note says so.
/// A name is looked up as a call looks it up (llm's aliases, the Ollama server), in `config`,
/// the one being migrated from.
fn model_that_works(table: &mut toml::Table, config: &Config) -> Option<String> {
    let model = get_in(table, "llm.model")?.as_str()?.to_string();
    match resolve_name(&model, config) {
        Ok(Resolution::Known(Resolved {
            info: Some(info),
            notice: Some(notice),
            ..
        })) => {
            legacy_yaml::insert(table, "llm.model", Value::String(info.id.clone()));
            Some(format!(
                "llm.model is {} instead of {model}: {notice}",
                info.id
            ))
        }
        Ok(_) => None,
        Err(err) => {
            if let Some(Value::Table(llm)) = table.get_mut("llm") {
                llm.remove("model");
            }
            Some(format!(
                "llm.model {model:?} left out ({err}); the default model applies until you \
                 `vibectl config set llm.model NAME`"
            ))
        }
    }
}

pub struct Migration {
    pub source: PathBuf,
    pub written: Vec<PathBuf>,
    pub mapped: Vec<String>,
    pub dropped: Vec<String>,
    pub notes: Vec<String>,
}

/// Write `config.toml` (and the memory file) from the older YAML config, never touching it.
pub fn migrate() -> Result<Migration, CoreError> {
    let _held = lock_user_file()?;
    migrate_holding_lock()
}

fn migrate_holding_lock() -> Result<Migration, CoreError> {
    let target = user_file();
    if target.exists() {
        return Err(config_error(
            &target,
            "already exists; `vibectl config migrate` only writes a new config",
        ));
    }
    let source = legacy_yaml_path().ok_or_else(|| {
        CoreError::Config("no older vibectl config found (looked for client/config.yaml and ~/.vibectl/config.yaml)".into())
    })?;
    let mut old = legacy_yaml::read(&source)?;
    let notes = model_that_works(&mut old.table, Config::current()?.as_ref())
        .into_iter()
        .collect();
    let body = toml::to_string(&old.table)
        .map_err(|e| CoreError::Config(format!("cannot render the config: {e}")))?;
    let text = format!(
        "# Migrated by `vibectl config migrate` from {}\n\n{body}",
        source.display()
    );
    parse_layer(&target, &text)?;
    atomic_write(&target, text.as_bytes())
        .map_err(|e| config_error(&target, format!("was not written: {e}")))?;
    Config::invalidate();
    let mut report = Migration {
        source,
        written: vec![target],
        mapped: old.mapped,
        dropped: old.dropped,
        notes,
    };
    if let Some(memory) = old.memory {
        let path = memory_file();
        let _memory_held = memory::lock(&path)?;
        match read_optional(&path)? {
            Some(existing) if !existing.trim().is_empty() => {
                report.notes.push(format!(
                    "kept the memory already at {}; the older memory was not copied",
                    path.display()
                ));
            }
            _ => {
                memory::write(&path, &memory)?;
                report.written.push(path);
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_values_are_typed_by_the_schema() {
        assert_eq!(
            parse_value("display.show_vibe", "no").unwrap(),
            Value::Boolean(false)
        );
        assert_eq!(
            parse_value("llm.max_retries", "4").unwrap(),
            Value::Integer(4)
        );
        assert_eq!(
            parse_value("llm.connect_timeout", "2.5").unwrap(),
            Value::Float(2.5)
        );
        assert_eq!(
            parse_value("llm.fallbacks", "gpt-5-mini, claude-haiku-4-5")
                .unwrap()
                .to_string(),
            r#"["gpt-5-mini", "claude-haiku-4-5"]"#
        );
        assert_eq!(
            parse_value(
                "providers.anthropic.key_command",
                r#"["pass", "show", "a b"]"#
            )
            .unwrap()
            .to_string(),
            r#"["pass", "show", "a b"]"#
        );
        assert_eq!(
            parse_value("providers.anthropic.key_command", "pass show a")
                .unwrap()
                .to_string(),
            r#"["pass", "show", "a"]"#
        );
    }

    #[test]
    fn bad_command_line_values_are_one_line_errors() {
        let err = |k: &str, v: &str| parse_value(k, v).unwrap_err().to_string();
        assert_eq!(
            err("display.show_vibe", "maybe"),
            "display.show_vibe: \"maybe\" is not true or false"
        );
        assert_eq!(
            err("llm.max_retries", "99"),
            "llm.max_retries: 99 is not a whole number from 0 to 10"
        );
        assert!(err("providers.anthropic.key", "sk-ant-x").contains("vibectl keys set"));
        assert_eq!(
            err("display.them", "dark"),
            "unknown key display.them; did you mean display.theme?"
        );
        assert!(err("display", "x").contains("is a section"));
    }

    #[test]
    fn remove_prunes_emptied_tables_but_never_a_comment() {
        let pruned = |text: &str| {
            let mut doc: DocumentMut = text.parse().unwrap();
            assert!(remove(doc.as_table_mut(), &["providers", "a", "key_file"]));
            assert!(!remove(doc.as_table_mut(), &["providers", "a", "key_file"]));
            doc.to_string()
        };
        assert_eq!(
            pruned("[providers.a]\nkey_file = \"/k\"\n[display]\ntheme = \"dark\"\n"),
            "[display]\ntheme = \"dark\"\n"
        );
        assert_eq!(
            pruned("# my gateway\n[providers.a]\nkey_file = \"/k\"\n"),
            "# my gateway\n[providers.a]\n"
        );
    }
}
