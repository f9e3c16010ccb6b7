//! `Prompt`, `Resource` and `Tool` for Python: what a model call is made of, in MCP terms.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::llm::completion::{Output, Request};
use crate::llm::prompt::{join_fragments, user_turn, Resource};
use crate::llm::tool::Tool;
use crate::py::json::{from_python, to_python};

/// Named context for the model, such as kubectl output or memory.
#[pyclass(
    name = "Resource",
    module = "vibectl._core",
    frozen,
    eq,
    from_py_object
)]
#[derive(Clone, PartialEq)]
pub struct PyResource {
    inner: Resource,
}

#[pymethods]
impl PyResource {
    #[new]
    #[pyo3(signature = (uri, text, *, mime_type = "text/plain", name = None))]
    fn new(uri: String, text: String, mime_type: &str, name: Option<String>) -> Self {
        PyResource {
            inner: Resource {
                uri,
                text,
                mime_type: mime_type.to_string(),
                name,
            },
        }
    }

    #[getter]
    fn uri(&self) -> &str {
        &self.inner.uri
    }

    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    #[getter]
    fn mime_type(&self) -> &str {
        &self.inner.mime_type
    }

    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    fn __repr__(&self) -> String {
        format!(
            "Resource(uri={:?}, mime_type={:?}, text=<{} chars>)",
            self.inner.uri,
            self.inner.mime_type,
            self.inner.text.chars().count()
        )
    }
}

/// A tool: a name, a description and a JSON Schema for its input.
#[pyclass(name = "Tool", module = "vibectl._core", frozen)]
#[derive(Clone)]
pub struct PyTool {
    pub inner: Tool,
}

#[pymethods]
impl PyTool {
    #[new]
    fn new(name: String, description: String, input_schema: &Bound<'_, PyAny>) -> PyResult<Self> {
        let schema = from_python(input_schema)?;
        Tool::new(name, description, schema)
            .map(|inner| PyTool { inner })
            .map_err(PyValueError::new_err)
    }

    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    #[getter]
    fn description(&self) -> &str {
        &self.inner.description
    }

    /// The schema as a new dict (changing it does not change the tool).
    #[getter]
    fn input_schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.input_schema)
    }

    fn __repr__(&self) -> String {
        format!("Tool(name={:?})", self.inner.name)
    }
}

/// System and user fragments (each joined with blank lines) and the resources they refer to.
#[pyclass(name = "Prompt", module = "vibectl._core", frozen)]
pub struct PyPrompt {
    system: String,
    user: String,
    resources: Vec<PyResource>,
}

/// A fragment or a list of fragments.
fn fragments(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.to_string());
    }
    value
        .extract::<Vec<String>>()
        .map(|parts| join_fragments(&parts))
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a str or a list of str")))
}

#[pymethods]
impl PyPrompt {
    #[new]
    #[pyo3(signature = (system, user, resources = Vec::new()))]
    fn new(
        system: &Bound<'_, PyAny>,
        user: &Bound<'_, PyAny>,
        resources: Vec<PyResource>,
    ) -> PyResult<Self> {
        Ok(PyPrompt {
            system: fragments(system, "system")?,
            user: fragments(user, "user")?,
            resources,
        })
    }

    #[getter]
    fn system(&self) -> &str {
        &self.system
    }

    #[getter]
    fn user(&self) -> &str {
        &self.user
    }

    #[getter]
    fn resources(&self) -> Vec<PyResource> {
        self.resources.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Prompt(system=<{} chars>, user=<{} chars>, resources={})",
            self.system.chars().count(),
            self.user.chars().count(),
            self.resources.len()
        )
    }
}

impl PyPrompt {
    /// A request for a text answer; `call_tool` turns it into one for a tool.
    pub fn request(&self, max_tokens: u32) -> Request {
        let resources: Vec<Resource> = self.resources.iter().map(|r| r.inner.clone()).collect();
        Request {
            system: self.system.clone(),
            user: user_turn(&self.user, &resources),
            max_tokens,
            output: Output::Text,
            repair: None,
        }
    }
}
