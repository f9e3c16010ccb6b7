//! The config for Python: typed settings for the CLI, and the `vibectl config` operations.

use std::collections::HashMap;
use std::path::Path;

use pyo3::prelude::*;

use crate::atomic_write;
use crate::config::edit;
use crate::config::legacy_yaml;
use crate::config::paths::{memory_file, state_dir as state_directory, system_file, user_file};
use crate::config::schema::{default_value, describe, SCHEMA};
use crate::config::view;
use crate::config::{legacy_yaml_path, Config, Origin};
use crate::error::CoreError;

/// The settings the command line uses, with defaults filled in.
#[pyclass(name = "Settings", module = "vibectl._core", frozen, get_all)]
pub struct PyCliConfig {
    kubeconfig: Option<String>,
    kubectl_command: String,
    model: Option<String>,
    theme: String,
    show_raw_output: bool,
    show_vibe: bool,
    show_kubectl: bool,
    show_metrics: bool,
    stream: bool,
    memory_enabled: bool,
    memory_max_chars: i64,
    /// Tokens of kubectl's output a prompt may carry (`llm.input_budget`).
    input_budget: i64,
    custom_instructions: Option<String>,
    /// The user's `[models.aliases]`.
    aliases: HashMap<String, String>,
}

#[pyfunction]
pub fn load_settings() -> PyResult<PyCliConfig> {
    let c = Config::current()?;
    Ok(PyCliConfig {
        kubeconfig: c.string("core.kubeconfig"),
        kubectl_command: c.string("core.kubectl_command").unwrap_or_default(),
        model: c.string("llm.model"),
        theme: c.string("display.theme").unwrap_or_default(),
        show_raw_output: c.boolean("display.show_raw_output"),
        show_vibe: c.boolean("display.show_vibe"),
        show_kubectl: c.boolean("display.show_kubectl"),
        show_metrics: c.boolean("display.show_metrics"),
        stream: c.boolean("display.stream"),
        memory_enabled: c.boolean("memory.enabled"),
        memory_max_chars: c.integer("memory.max_chars"),
        input_budget: c.integer("llm.input_budget"),
        custom_instructions: c.custom_instructions(),
        aliases: c.aliases(),
    })
}

/// One file the config is read from.
#[pyclass(name = "ConfigFile", module = "vibectl._core", frozen, get_all)]
pub struct PyConfigFile {
    layer: String,
    path: String,
    exists: bool,
}

/// The files read, in order: the system file, then the user file (or, without one, the older
/// vibectl's YAML config).
#[pyfunction]
pub fn config_files() -> Vec<PyConfigFile> {
    let file = |origin: Origin, path: &Path| PyConfigFile {
        layer: origin.name().to_string(),
        path: path.display().to_string(),
        exists: path.is_file(),
    };
    let user = user_file();
    let mut files = vec![
        file(Origin::System, &system_file()),
        file(Origin::User, &user),
    ];
    if !user.is_file() {
        if let Some(yaml) = legacy_yaml_path() {
            files.push(file(Origin::LegacyYaml, &yaml));
        }
    }
    files
}

#[pyfunction]
#[pyo3(signature = (selector = None))]
pub fn config_show(selector: Option<&str>) -> PyResult<String> {
    Ok(view::show(Config::current()?.as_ref(), selector)?)
}

#[pyfunction]
pub fn config_get(key: &str) -> PyResult<String> {
    Ok(view::get(Config::current()?.as_ref(), key)?)
}

/// Set a key in the user file; returns the file's path. The writes run without the GIL: one
/// that migrates the older config first may ask the Ollama server about its model.
#[pyfunction]
pub fn config_set(py: Python<'_>, key: &str, value: &str) -> PyResult<String> {
    Ok(py.detach(|| edit::set(key, value))?.display().to_string())
}

/// Remove a key from the user file; False when it was not set there.
#[pyfunction]
pub fn config_unset(py: Python<'_>, key: &str) -> PyResult<bool> {
    Ok(py.detach(|| edit::unset(key))?)
}

/// Replace the user file with an edited copy once the copy is valid; returns the file's path.
#[pyfunction]
pub fn config_replace(py: Python<'_>, edited: &str) -> PyResult<String> {
    Ok(py
        .detach(|| edit::replace_user_file(Path::new(edited)))?
        .display()
        .to_string())
}

#[pyfunction]
pub fn user_config_path() -> String {
    user_file().display().to_string()
}

#[pyfunction]
pub fn memory_path() -> String {
    memory_file().display().to_string()
}

/// Where vibectl keeps what it writes itself: the memory, the audit log.
#[pyfunction]
pub fn state_dir() -> String {
    state_directory().display().to_string()
}

/// Before a write creates `config.toml`: migrate the older YAML config still in use (with a
/// notice), so the new file starts from everything it held.
#[pyfunction]
pub fn config_adopt_legacy(py: Python<'_>) -> PyResult<()> {
    Ok(py.detach(edit::adopt_legacy)?)
}

/// The memory the older vibectl kept inside its YAML config, while that YAML is the config in
/// use (there is no `config.toml` yet); None otherwise.
#[pyfunction]
pub fn legacy_memory() -> PyResult<Option<String>> {
    if user_file().is_file() {
        return Ok(None);
    }
    match legacy_yaml_path() {
        Some(path) => Ok(legacy_yaml::read(&path)?.memory),
        None => Ok(None),
    }
}

/// What `vibectl config migrate` did.
#[pyclass(name = "Migration", module = "vibectl._core", frozen, get_all)]
pub struct PyMigration {
    source: String,
    written: Vec<String>,
    mapped: Vec<String>,
    dropped: Vec<String>,
    notes: Vec<String>,
}

#[pyfunction]
pub fn config_migrate(py: Python<'_>) -> PyResult<PyMigration> {
    let m = py.detach(edit::migrate)?;
    Ok(PyMigration {
        source: m.source.display().to_string(),
        written: m.written.iter().map(|p| p.display().to_string()).collect(),
        mapped: m.mapped,
        dropped: m.dropped,
        notes: m.notes,
    })
}

/// One key of the schema, as documented in docs/config.md.
#[pyclass(name = "ConfigKey", module = "vibectl._core", frozen, get_all)]
pub struct PyConfigKey {
    key: String,
    kind: String,
    default: Option<String>,
    description: String,
}

#[pyfunction]
pub fn config_schema() -> Vec<PyConfigKey> {
    SCHEMA
        .iter()
        .map(|s| PyConfigKey {
            key: s.key.to_string(),
            kind: describe(s.kind),
            default: default_value(s).map(|v| v.to_string()),
            description: s.doc.to_string(),
        })
        .collect()
}

/// Write a file atomically (temp file, fsync, rename); a new file is created 0600.
#[pyfunction]
pub fn atomic_write_text(py: Python<'_>, path: &str, text: &str) -> PyResult<()> {
    let path = Path::new(path);
    py.detach(|| atomic_write::atomic_write(path, text.as_bytes()))
        .map_err(|e| CoreError::Config(format!("{}: was not written: {e}", path.display())).into())
}
