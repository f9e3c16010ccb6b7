//! The plain result values Python receives: token usage and a finished completion.

use pyo3::prelude::*;

use crate::completion::{Completion, Usage};

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

#[pyclass(name = "Completion", module = "vibectl._core", frozen, get_all)]
#[derive(Clone)]
pub struct PyCompletion {
    pub text: String,
    pub model: String,
    pub stop_reason: Option<String>,
    pub usage: PyUsage,
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

impl From<Completion> for PyCompletion {
    fn from(c: Completion) -> Self {
        PyCompletion {
            text: c.text,
            model: c.model,
            stop_reason: c.stop_reason,
            usage: c.usage.into(),
        }
    }
}
