//! `Model` for Python: one object per model name, with sync, asyncio, streaming and tool calls.

use std::sync::Arc;

use pyo3::prelude::*;

use crate::config::Config;
use crate::error::CoreError;
use crate::llm::completion::Request;
use crate::llm::fallback::with_fallbacks;
use crate::llm::metrics::Metrics;
use crate::llm::model::{default_name, Model};
use crate::llm::registry;
use crate::llm::structured::call_tool;
use crate::llm::tool::Tool;
use crate::py::call_settings::PyCallSettings;
use crate::py::prompt::{PyPrompt, PyTool};
use crate::py::stream::PyCompletionStream;
use crate::py::sync::block_on;
use crate::py::types::{PyCompletion, PyToolResult};

#[pyclass(name = "Model", module = "vibectl._core", frozen)]
pub struct PyModel {
    inner: Arc<Model>,
}

#[pymethods]
impl PyModel {
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    #[getter]
    fn provider(&self) -> &str {
        &self.inner.provider_name
    }

    /// The id sent to the provider's API.
    #[getter]
    fn api_id(&self) -> &str {
        &self.inner.api_id
    }

    /// The model's context window in tokens: the registry's, or a conservative default for a
    /// model it does not list.
    #[getter]
    fn context_window(&self) -> u64 {
        self.inner
            .info
            .map_or(registry::UNKNOWN_CONTEXT_WINDOW, |info| info.context_window)
    }

    /// Set when the name is outdated: one line saying what it means now and what to set instead.
    #[getter]
    fn notice(&self) -> Option<&str> {
        self.inner.notice.as_deref()
    }

    #[getter]
    fn settings(&self) -> PyCallSettings {
        PyCallSettings {
            inner: self.inner.settings,
        }
    }

    /// The same model with other retry and timeout settings (a new object, not cached).
    fn with_settings(&self, settings: PyRef<'_, PyCallSettings>) -> PyModel {
        PyModel {
            inner: Arc::new(self.inner.with_settings(settings.inner)),
        }
    }

    /// Ask the model and wait for the whole answer (the GIL is released meanwhile).
    #[pyo3(signature = (prompt, *, max_tokens = 1024))]
    fn complete(
        &self,
        py: Python<'_>,
        prompt: PyRef<'_, PyPrompt>,
        max_tokens: u32,
    ) -> PyResult<PyCompletion> {
        let model = Arc::clone(&self.inner);
        let req = prompt.request(max_tokens);
        let (completion, metrics) = block_on(py, async move {
            let req = &req;
            with_fallbacks(model, |m| async move { m.complete(req).await }).await
        })?;
        Ok(PyCompletion::new(completion, metrics))
    }

    /// The same as `complete`, as an awaitable for asyncio.
    #[pyo3(signature = (prompt, *, max_tokens = 1024))]
    fn complete_async<'py>(
        &self,
        py: Python<'py>,
        prompt: PyRef<'_, PyPrompt>,
        max_tokens: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        let model = Arc::clone(&self.inner);
        let req = prompt.request(max_tokens);
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            let req = &req;
            let (completion, metrics) =
                with_fallbacks(model, |m| async move { m.complete(req).await }).await?;
            Ok(PyCompletion::new(completion, metrics))
        })
    }

    /// Ask the model and iterate over the answer as it arrives (`for` or `async for`).
    /// The request is sent on the first step of the iteration.
    #[pyo3(signature = (prompt, *, max_tokens = 1024))]
    fn stream(&self, prompt: PyRef<'_, PyPrompt>, max_tokens: u32) -> PyCompletionStream {
        PyCompletionStream::new(Arc::clone(&self.inner), prompt.request(max_tokens))
    }

    /// Structured output: the arguments of `tool` for this prompt, valid against its schema.
    #[pyo3(signature = (prompt, tool, *, max_tokens = 1024))]
    fn call_tool(
        &self,
        py: Python<'_>,
        prompt: PyRef<'_, PyPrompt>,
        tool: PyRef<'_, PyTool>,
        max_tokens: u32,
    ) -> PyResult<PyToolResult> {
        let model = Arc::clone(&self.inner);
        let (req, tool) = (prompt.request(max_tokens), tool.inner.clone());
        let (arguments, metrics) = block_on(py, async move {
            with_fallbacks(model, |m| call_tool_on(m, &req, &tool)).await
        })?;
        Ok(PyToolResult {
            arguments,
            metrics: metrics.into(),
        })
    }

    /// The same as `call_tool`, as an awaitable for asyncio.
    #[pyo3(signature = (prompt, tool, *, max_tokens = 1024))]
    fn call_tool_async<'py>(
        &self,
        py: Python<'py>,
        prompt: PyRef<'_, PyPrompt>,
        tool: PyRef<'_, PyTool>,
        max_tokens: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        let model = Arc::clone(&self.inner);
        let (req, tool) = (prompt.request(max_tokens), tool.inner.clone());
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            let (arguments, metrics) =
                with_fallbacks(model, |m| call_tool_on(m, &req, &tool)).await?;
            Ok(PyToolResult {
                arguments,
                metrics: metrics.into(),
            })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Model(name={:?}, provider={:?})",
            self.inner.name, self.inner.provider_name
        )
    }
}

/// The model called `name`; when None, `llm.model` or a current model of the first provider
/// that has a key. The same object each time, until the config changes. Without the GIL: a
/// name nothing else knows is asked of the Ollama server.
#[pyfunction]
#[pyo3(signature = (name = None))]
pub fn get_model(py: Python<'_>, name: Option<&str>) -> PyResult<PyModel> {
    let inner = py.detach(|| {
        let name = match name {
            Some(name) => name.to_string(),
            None => default_name(Config::current()?.as_ref()),
        };
        Model::named(&name)
    })?;
    Ok(PyModel { inner })
}

async fn call_tool_on(
    model: Arc<Model>,
    req: &Request,
    tool: &Tool,
) -> Result<(serde_json::Value, Metrics), CoreError> {
    call_tool(&model, req.clone(), tool.clone()).await
}
