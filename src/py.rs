//! The Python module `vibectl._core`: the only place that uses PyO3.

mod call_settings;
mod config;
mod errors;
mod json;
mod keys;
mod model;
mod prompt;
mod registry;
mod stream;
mod sync;
mod types;

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
    Ok(crate::keys::secret_env_vars(
        crate::config::Config::current()?.as_ref(),
    ))
}

#[pymodule(gil_used = false)]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Rust `log` records flow into Python's `logging` (a second import must not fail).
    if let Ok(handle) = pyo3_log::try_init() {
        let _ = LOG_CACHE.set(handle);
    }
    m.setattr("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_MODEL", crate::llm::model::DEFAULT_MODEL)?;
    m.add_class::<model::PyModel>()?;
    m.add_class::<stream::PyCompletionStream>()?;
    m.add_class::<types::PyCompletion>()?;
    m.add_class::<types::PyUsage>()?;
    m.add_class::<types::PyMetrics>()?;
    m.add_class::<types::PyToolResult>()?;
    m.add_class::<prompt::PyPrompt>()?;
    m.add_class::<prompt::PyResource>()?;
    m.add_class::<prompt::PyTool>()?;
    m.add_class::<call_settings::PyCallSettings>()?;
    m.add_class::<registry::PyModelInfo>()?;
    m.add_function(wrap_pyfunction!(model::get_model, m)?)?;
    m.add_function(wrap_pyfunction!(registry::list_models, m)?)?;
    m.add_function(wrap_pyfunction!(secret_env_vars, m)?)?;
    m.add_function(wrap_pyfunction!(refresh_logging, m)?)?;
    m.add_class::<config::PySettings>()?;
    m.add_class::<config::PyConfigFile>()?;
    m.add_class::<config::PyConfigKey>()?;
    m.add_class::<config::PyMigration>()?;
    m.add_class::<keys::PyKeyStatus>()?;
    m.add_class::<keys::PyLiveCheck>()?;
    for function in [
        wrap_pyfunction!(config::load_settings, m)?,
        wrap_pyfunction!(config::config_files, m)?,
        wrap_pyfunction!(config::config_show, m)?,
        wrap_pyfunction!(config::config_get, m)?,
        wrap_pyfunction!(config::config_set, m)?,
        wrap_pyfunction!(config::config_unset, m)?,
        wrap_pyfunction!(config::config_replace, m)?,
        wrap_pyfunction!(config::config_migrate, m)?,
        wrap_pyfunction!(config::config_schema, m)?,
        wrap_pyfunction!(config::user_config_path, m)?,
        wrap_pyfunction!(config::memory_path, m)?,
        wrap_pyfunction!(config::atomic_write_text, m)?,
        wrap_pyfunction!(keys::key_statuses, m)?,
        wrap_pyfunction!(keys::keys_check_live, m)?,
        wrap_pyfunction!(keys::keys_set, m)?,
        wrap_pyfunction!(keys::keys_set_file, m)?,
        wrap_pyfunction!(keys::keys_unset, m)?,
    ] {
        m.add_function(function)?;
    }
    errors::register(m)?;
    Ok(())
}
