//! vibectl's core: everything between a prompt and a provider's answer, exposed as `vibectl._core`.

mod anthropic;
mod atomic_write;
mod chunks;
mod completion;
mod config;
mod config_edit;
mod config_paths;
mod config_schema;
mod config_view;
mod endpoint;
mod error;
mod exchange;
mod fallback;
mod http;
mod key_check;
mod key_read;
mod key_status;
mod key_store;
mod keys;
mod legacy_yaml;
mod metrics;
mod model;
mod ndjson;
mod ollama;
mod openai;
mod prompt;
mod provider;
mod py_config;
mod py_errors;
mod py_json;
mod py_keys;
mod py_model;
mod py_prompt;
mod py_registry;
mod py_settings;
mod py_stream;
mod py_types;
mod registry;
mod retry;
mod schema;
mod settings;
mod sse;
#[cfg(test)]
mod stream_properties;
mod structured;
mod sync;
mod tool;
mod transport;
mod wire;

use std::sync::OnceLock;

use pyo3::prelude::*;

/// pyo3-log caches Python loggers and their levels; this clears that cache.
static LOG_CACHE: OnceLock<pyo3_log::ResetHandle> = OnceLock::new();

/// Make Rust log records follow Python's `logging` configuration again after it changed.
#[pyfunction]
fn refresh_logging() {
    if let Some(handle) = LOG_CACHE.get() {
        handle.reset();
    }
}

/// Names of the environment variables the core reads keys from; a child process must not see them.
#[pyfunction]
fn secret_env_vars() -> PyResult<Vec<String>> {
    Ok(keys::secret_env_vars(config::Config::current()?.as_ref()))
}

#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Rust `log` records flow into Python's `logging` (a second import must not fail).
    if let Ok(handle) = pyo3_log::try_init() {
        let _ = LOG_CACHE.set(handle);
    }
    m.setattr("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_MODEL", model::DEFAULT_MODEL)?;
    m.add_class::<py_model::PyModel>()?;
    m.add_class::<py_stream::PyCompletionStream>()?;
    m.add_class::<py_types::PyCompletion>()?;
    m.add_class::<py_types::PyUsage>()?;
    m.add_class::<py_types::PyMetrics>()?;
    m.add_class::<py_types::PyToolResult>()?;
    m.add_class::<py_prompt::PyPrompt>()?;
    m.add_class::<py_prompt::PyResource>()?;
    m.add_class::<py_prompt::PyTool>()?;
    m.add_class::<py_settings::PyCallSettings>()?;
    m.add_class::<py_registry::PyModelInfo>()?;
    m.add_function(wrap_pyfunction!(py_model::get_model, m)?)?;
    m.add_function(wrap_pyfunction!(py_registry::list_models, m)?)?;
    m.add_function(wrap_pyfunction!(secret_env_vars, m)?)?;
    m.add_function(wrap_pyfunction!(refresh_logging, m)?)?;
    m.add_class::<py_config::PySettings>()?;
    m.add_class::<py_config::PyConfigFile>()?;
    m.add_class::<py_config::PyConfigKey>()?;
    m.add_class::<py_config::PyMigration>()?;
    m.add_class::<py_keys::PyKeyStatus>()?;
    m.add_class::<py_keys::PyLiveCheck>()?;
    for function in [
        wrap_pyfunction!(py_config::load_settings, m)?,
        wrap_pyfunction!(py_config::config_files, m)?,
        wrap_pyfunction!(py_config::config_show, m)?,
        wrap_pyfunction!(py_config::config_get, m)?,
        wrap_pyfunction!(py_config::config_set, m)?,
        wrap_pyfunction!(py_config::config_unset, m)?,
        wrap_pyfunction!(py_config::config_replace, m)?,
        wrap_pyfunction!(py_config::config_migrate, m)?,
        wrap_pyfunction!(py_config::config_schema, m)?,
        wrap_pyfunction!(py_config::user_config_path, m)?,
        wrap_pyfunction!(py_config::memory_path, m)?,
        wrap_pyfunction!(py_config::state_dir, m)?,
        wrap_pyfunction!(py_config::legacy_memory, m)?,
        wrap_pyfunction!(py_config::config_adopt_legacy, m)?,
        wrap_pyfunction!(py_config::atomic_write_text, m)?,
        wrap_pyfunction!(py_keys::key_statuses, m)?,
        wrap_pyfunction!(py_keys::keys_check_live, m)?,
        wrap_pyfunction!(py_keys::keys_set, m)?,
        wrap_pyfunction!(py_keys::keys_set_file, m)?,
        wrap_pyfunction!(py_keys::keys_unset, m)?,
    ] {
        m.add_function(function)?;
    }
    py_errors::register(m)?;
    Ok(())
}
