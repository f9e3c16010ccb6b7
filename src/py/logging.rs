//! Rust `log` records flowing into Python's `logging`, and following its configuration.

use std::sync::OnceLock;

use pyo3::prelude::*;

/// pyo3-log caches Python loggers and their levels; this clears that cache.
static LOG_CACHE: OnceLock<pyo3_log::ResetHandle> = OnceLock::new();

/// Route Rust `log` records to Python's `logging` (a second import must not fail).
pub fn init() {
    if let Ok(handle) = pyo3_log::try_init() {
        let _ = LOG_CACHE.set(handle);
    }
}

/// Make Rust log records follow Python's `logging` configuration again after it changed.
#[pyfunction]
pub fn refresh_logging() {
    if let Some(handle) = LOG_CACHE.get() {
        handle.reset();
    }
}
