//! The model registry for Python (`list_models`), for `vibectl models`.

use pyo3::prelude::*;

use crate::llm::registry::{self, ModelInfo};

#[pyclass(name = "ModelInfo", module = "vibectl._core", frozen, get_all)]
pub struct PyModelInfo {
    pub id: String,
    pub provider: String,
    pub api_id: String,
    pub aliases: Vec<String>,
    /// Outdated names that now lead to this model.
    pub replaces: Vec<String>,
    pub context_window: u64,
    pub output_limit: u64,
    pub supports_tools: bool,
    pub supports_streaming: bool,
    /// How structured output is obtained: "json_schema" or "forced_tool".
    pub structured_output: String,
}

#[pymethods]
impl PyModelInfo {
    fn __repr__(&self) -> String {
        format!("ModelInfo(id={:?}, provider={:?})", self.id, self.provider)
    }
}

impl From<&ModelInfo> for PyModelInfo {
    fn from(m: &ModelInfo) -> Self {
        PyModelInfo {
            id: m.id.clone(),
            provider: m.provider.to_string(),
            api_id: m.api_id().to_string(),
            aliases: m.aliases.clone(),
            replaces: registry::replaced_by(m)
                .into_iter()
                .map(String::from)
                .collect(),
            context_window: m.context_window,
            output_limit: m.output_limit,
            supports_tools: m.tools,
            supports_streaming: m.streaming,
            structured_output: m.structured_output.name().to_string(),
        }
    }
}

/// Every model in the registry, in its order.
#[pyfunction]
pub fn list_models() -> Vec<PyModelInfo> {
    registry::models().iter().map(PyModelInfo::from).collect()
}
