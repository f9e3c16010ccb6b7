//! `CallSettings` for Python: retries and timeouts of a model's calls, in seconds.

use std::time::Duration;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::llm::call_settings::CallSettings;

#[pyclass(name = "CallSettings", module = "vibectl._core", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyCallSettings {
    pub inner: CallSettings,
}

fn seconds(name: &str, value: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero() || name == "backoff_base")
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "{name} must be a positive number of seconds, not {value}"
            ))
        })
}

#[pymethods]
impl PyCallSettings {
    #[new]
    #[pyo3(signature = (
        *,
        max_retries = CallSettings::default().max_retries,
        backoff_base = CallSettings::default().backoff_base.as_secs_f64(),
        retry_cap = CallSettings::default().retry_cap.as_secs_f64(),
        connect_timeout = CallSettings::default().connect_timeout.as_secs_f64(),
        first_byte_timeout = CallSettings::default().first_byte_timeout.as_secs_f64(),
        idle_timeout = CallSettings::default().idle_timeout.as_secs_f64(),
    ))]
    fn new(
        max_retries: u32,
        backoff_base: f64,
        retry_cap: f64,
        connect_timeout: f64,
        first_byte_timeout: f64,
        idle_timeout: f64,
    ) -> PyResult<Self> {
        Ok(PyCallSettings {
            inner: CallSettings {
                max_retries,
                backoff_base: seconds("backoff_base", backoff_base)?,
                retry_cap: seconds("retry_cap", retry_cap)?,
                connect_timeout: seconds("connect_timeout", connect_timeout)?,
                first_byte_timeout: seconds("first_byte_timeout", first_byte_timeout)?,
                idle_timeout: seconds("idle_timeout", idle_timeout)?,
            },
        })
    }

    #[getter]
    fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }

    #[getter]
    fn backoff_base(&self) -> f64 {
        self.inner.backoff_base.as_secs_f64()
    }

    #[getter]
    fn retry_cap(&self) -> f64 {
        self.inner.retry_cap.as_secs_f64()
    }

    #[getter]
    fn connect_timeout(&self) -> f64 {
        self.inner.connect_timeout.as_secs_f64()
    }

    #[getter]
    fn first_byte_timeout(&self) -> f64 {
        self.inner.first_byte_timeout.as_secs_f64()
    }

    #[getter]
    fn idle_timeout(&self) -> f64 {
        self.inner.idle_timeout.as_secs_f64()
    }

    fn __repr__(&self) -> String {
        let s = &self.inner;
        format!(
            "CallSettings(max_retries={}, backoff_base={}, retry_cap={}, connect_timeout={}, \
             first_byte_timeout={}, idle_timeout={})",
            s.max_retries,
            s.backoff_base.as_secs_f64(),
            s.retry_cap.as_secs_f64(),
            s.connect_timeout.as_secs_f64(),
            s.first_byte_timeout.as_secs_f64(),
            s.idle_timeout.as_secs_f64()
        )
    }
}
