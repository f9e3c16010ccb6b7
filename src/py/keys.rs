//! Keys for Python: statuses, fingerprints and sources only; a key value never crosses over.

use pyo3::prelude::*;

use crate::config::Config;
use crate::keys;
use crate::keys::status::{live_check, status, KeyStatus};
use crate::keys::store;
use crate::providers::{known_providers, Provider};
use crate::py::sync::block_on;

#[pyclass(name = "KeyStatus", module = "vibectl._core", frozen, get_all)]
pub struct PyKeyStatus {
    provider: String,
    kind: String,
    state: String,
    source: Option<String>,
    fingerprint: Option<String>,
    shadowed: Vec<String>,
    problem: Option<String>,
}

impl From<KeyStatus> for PyKeyStatus {
    fn from(s: KeyStatus) -> Self {
        PyKeyStatus {
            provider: s.provider,
            kind: s.kind.map_or("", Provider::name).to_string(),
            state: s.state.to_string(),
            source: s.source,
            fingerprint: s.fingerprint,
            shadowed: s.shadowed,
            problem: s.problem,
        }
    }
}

/// Every known provider's key status (key commands run only where they are the source in use).
#[pyfunction]
pub fn key_statuses(py: Python<'_>) -> PyResult<Vec<PyKeyStatus>> {
    let config = Config::current()?;
    Ok(py.detach(|| {
        known_providers(&config)
            .iter()
            .map(|p| PyKeyStatus::from(status(p, &config)))
            .collect()
    }))
}

#[pyclass(name = "LiveCheck", module = "vibectl._core", frozen, get_all)]
pub struct PyLiveCheck {
    provider: String,
    state: String,
    detail: String,
}

/// One cheap authenticated request to the provider: ok, rejected (401/403) or unreachable.
#[pyfunction]
pub fn keys_check_live(py: Python<'_>, provider: &str) -> PyResult<PyLiveCheck> {
    let config = Config::current()?;
    let key = keys::resolve(provider, &config)?;
    let name = provider.to_string();
    let check = block_on(py, async move {
        Ok(live_check(&name, key.as_ref(), &config).await)
    })?;
    Ok(PyLiveCheck {
        provider: provider.to_string(),
        state: check.state.to_string(),
        detail: check.detail,
    })
}

/// Read a key from a hidden prompt (or piped standard input) in the core and store it in a
/// 0600 file that `providers.<p>.key_file` points at; returns the file's path.
#[pyfunction]
pub fn keys_set(py: Python<'_>, provider: &str) -> PyResult<String> {
    Ok(py
        .detach(|| store::set_from_input(provider))?
        .display()
        .to_string())
}

/// Point `providers.<p>.key_file` at a file the user manages.
#[pyfunction]
pub fn keys_set_file(provider: &str, path: &str) -> PyResult<()> {
    Ok(store::set_file(provider, path)?)
}

/// Remove a provider's stored key from the user config; returns what was removed.
#[pyfunction]
pub fn keys_unset(provider: &str) -> PyResult<Vec<String>> {
    Ok(store::unset(provider)?)
}

/// Names of the environment variables the core reads keys from; a child process must not see them.
#[pyfunction]
pub fn secret_env_vars() -> PyResult<Vec<String>> {
    Ok(keys::secret_env_vars(Config::current()?.as_ref()))
}
