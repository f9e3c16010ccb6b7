//! The plain result values Python receives: usage, metrics, a completion, a tool result.

use pyo3::prelude::*;
use serde_json::Value;

use crate::llm::completion::{Completion, Usage};
use crate::llm::metrics::Metrics;
use crate::py::json::to_python;

#[pyclass(name = "Usage", module = "vibectl._core", frozen, get_all, eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct PyUsage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

#[pymethods]
impl PyUsage {
    fn __repr__(&self) -> String {
        format!(
            "Usage(input_tokens={}, output_tokens={})",
            self.input_tokens, self.output_tokens
        )
    }
}

impl From<Usage> for PyUsage {
    fn from(u: Usage) -> Self {
        PyUsage {
            input_tokens: u.input_tokens,
            output_tokens: u.output_tokens,
        }
    }
}

#[pyclass(name = "Metrics", module = "vibectl._core", frozen, get_all)]
#[derive(Clone)]
pub struct PyMetrics {
    pub model: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub latency_s: f64,
    pub first_token_s: Option<f64>,
    pub retries: u32,
}

#[pymethods]
impl PyMetrics {
    fn __repr__(&self) -> String {
        format!(
            "Metrics(model={:?}, input_tokens={}, output_tokens={}, latency_s={:.3}, \
             first_token_s={}, retries={})",
            self.model,
            self.input_tokens,
            self.output_tokens,
            self.latency_s,
            self.first_token_s
                .map_or("None".to_string(), |s| format!("{s:.3}")),
            self.retries
        )
    }
}

impl From<Metrics> for PyMetrics {
    fn from(m: Metrics) -> Self {
        PyMetrics {
            model: m.model,
            input_tokens: m.usage.input_tokens,
            output_tokens: m.usage.output_tokens,
            latency_s: m.latency.as_secs_f64(),
            first_token_s: m.first_token.map(|d| d.as_secs_f64()),
            retries: m.retries,
        }
    }
}

#[pyclass(name = "Completion", module = "vibectl._core", frozen, get_all)]
pub struct PyCompletion {
    pub text: String,
    pub model: String,
    pub stop_reason: Option<String>,
    pub usage: PyUsage,
    pub metrics: PyMetrics,
}

#[pymethods]
impl PyCompletion {
    fn __repr__(&self) -> String {
        format!(
            "Completion(model={:?}, stop_reason={:?}, usage={}, text=<{} chars>)",
            self.model,
            self.stop_reason,
            self.usage.__repr__(),
            self.text.chars().count()
        )
    }
}

impl PyCompletion {
    pub fn new(c: Completion, metrics: Metrics) -> Self {
        PyCompletion {
            text: c.text,
            model: c.model,
            stop_reason: c.stop_reason,
            usage: c.usage.into(),
            metrics: metrics.into(),
        }
    }
}

/// The arguments of a tool call, valid against the tool's input schema.
#[pyclass(name = "ToolResult", module = "vibectl._core", frozen)]
pub struct PyToolResult {
    pub arguments: Value,
    pub metrics: PyMetrics,
}

#[pymethods]
impl PyToolResult {
    /// The arguments as a new dict.
    #[getter]
    fn arguments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.arguments)
    }

    #[getter]
    fn metrics(&self) -> PyMetrics {
        self.metrics.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "ToolResult(arguments={}, metrics={})",
            self.arguments,
            self.metrics.__repr__()
        )
    }
}
