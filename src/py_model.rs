//! `Model` for Python: one object per model name, with sync, asyncio and streaming calls.

use std::sync::Arc;

use pyo3::prelude::*;

use crate::completion::Request;
use crate::model::{Model, DEFAULT_MODEL};
use crate::py_stream::PyCompletionStream;
use crate::py_types::PyCompletion;
use crate::sync::block_on;

#[pyclass(name = "Model", module = "vibectl._core", frozen)]
pub struct PyModel {
    inner: Arc<Model>,
}

fn request(system: String, user: String, max_tokens: u32) -> Request {
    Request {
        system,
        user,
        max_tokens,
    }
}

#[pymethods]
impl PyModel {
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    #[getter]
    fn provider(&self) -> &str {
        self.inner.provider.name()
    }

    /// Ask the model and wait for the whole answer (the GIL is released meanwhile).
    #[pyo3(signature = (system, user, *, max_tokens = 1024))]
    fn complete(
        &self,
        py: Python<'_>,
        system: String,
        user: String,
        max_tokens: u32,
    ) -> PyResult<PyCompletion> {
        let model = Arc::clone(&self.inner);
        let req = request(system, user, max_tokens);
        block_on(py, async move { model.complete(&req).await }).map(PyCompletion::from)
    }

    /// The same as `complete`, as an awaitable for asyncio.
    #[pyo3(signature = (system, user, *, max_tokens = 1024))]
    fn complete_async<'py>(
        &self,
        py: Python<'py>,
        system: String,
        user: String,
        max_tokens: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        let model = Arc::clone(&self.inner);
        let req = request(system, user, max_tokens);
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            Ok(PyCompletion::from(model.complete(&req).await?))
        })
    }

    /// Ask the model and iterate over the answer as it arrives (`for` or `async for`).
    /// The request is sent on the first step of the iteration.
    #[pyo3(signature = (system, user, *, max_tokens = 1024))]
    fn stream(&self, system: String, user: String, max_tokens: u32) -> PyCompletionStream {
        PyCompletionStream::new(Arc::clone(&self.inner), request(system, user, max_tokens))
    }

    fn __repr__(&self) -> String {
        format!(
            "Model(name={:?}, provider={:?})",
            self.inner.name,
            self.inner.provider.name()
        )
    }
}

/// The model called `name` (the default model when `name` is None); the same object each time.
#[pyfunction]
#[pyo3(signature = (name = None))]
pub fn get_model(name: Option<&str>) -> PyModel {
    PyModel {
        inner: Model::named(name.unwrap_or(DEFAULT_MODEL)),
    }
}
