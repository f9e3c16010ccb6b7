//! The memory file for Python: read it, or change it under its lock (the change is Python's).

use pyo3::prelude::*;

use crate::config::paths::memory_file;
use crate::memory;

/// The memory's text ("" when there is none); a file that cannot be read is a `ConfigError`.
#[pyfunction]
pub fn memory_read(py: Python<'_>) -> PyResult<String> {
    Ok(py.detach(|| memory::read(&memory_file()))?)
}

/// Replace the memory with `change(current)` under its lock; returns what was stored. The lock
/// is waited for without the GIL; an exception `change` raises passes through unchanged.
#[pyfunction]
pub fn memory_update(py: Python<'_>, change: Bound<'_, PyAny>) -> PyResult<String> {
    let path = memory_file();
    let _held = py.detach(|| memory::lock(&path))?;
    let current = py.detach(|| memory::read(&path))?;
    let new: String = change.call1((current.as_str(),))?.extract()?;
    if new != current {
        py.detach(|| memory::write(&path, &new))?;
    }
    Ok(new)
}
