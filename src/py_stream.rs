//! One stream class for both iteration styles: `__next__` blocks (GIL released), `__anext__` awaits.

use std::sync::{Arc, Mutex as StdMutex};

use futures_util::StreamExt;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use tokio::sync::Mutex;

use crate::completion::{Chunk, ChunkStream, Request, Usage};
use crate::error::CoreError;
use crate::model::Model;
use crate::py_types::PyUsage;
use crate::sync::block_on;

enum State {
    /// Not sent yet: the request goes out on the first step.
    Pending(Arc<Model>, Request),
    Open(ChunkStream),
    Done,
}

#[pyclass(name = "CompletionStream", module = "vibectl._core", frozen)]
pub struct PyCompletionStream {
    state: Arc<Mutex<State>>,
    usage: Arc<StdMutex<Option<Usage>>>,
}

impl PyCompletionStream {
    pub fn new(model: Arc<Model>, req: Request) -> Self {
        PyCompletionStream {
            state: Arc::new(Mutex::new(State::Pending(model, req))),
            usage: Arc::new(StdMutex::new(None)),
        }
    }

    fn handles(&self) -> (Arc<Mutex<State>>, Arc<StdMutex<Option<Usage>>>) {
        (Arc::clone(&self.state), Arc::clone(&self.usage))
    }
}

/// The next piece of text, or None once the answer is complete. After an error, the stream is over.
async fn next_text(
    state: Arc<Mutex<State>>,
    usage: Arc<StdMutex<Option<Usage>>>,
) -> Result<Option<String>, CoreError> {
    let mut guard = state.lock().await;
    loop {
        match std::mem::replace(&mut *guard, State::Done) {
            State::Pending(model, req) => *guard = State::Open(model.stream(&req).await?),
            State::Open(mut chunks) => match chunks.next().await {
                Some(Ok(Chunk::Text(text))) => {
                    *guard = State::Open(chunks);
                    return Ok(Some(text));
                }
                Some(Ok(Chunk::End {
                    usage: final_usage, ..
                })) => {
                    *usage.lock().unwrap_or_else(|p| p.into_inner()) = Some(final_usage);
                    return Ok(None);
                }
                Some(Err(err)) => return Err(err),
                None => return Ok(None),
            },
            State::Done => return Ok(None),
        }
    }
}

#[pymethods]
impl PyCompletionStream {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<String>> {
        let (state, usage) = self.handles();
        block_on(py, next_text(state, usage))
    }

    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (state, usage) = self.handles();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match next_text(state, usage).await? {
                Some(text) => Ok(text),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }

    /// Token usage, available once the stream has been read to the end.
    #[getter]
    fn usage(&self) -> Option<PyUsage> {
        let usage = self.usage.lock().unwrap_or_else(|p| p.into_inner());
        usage.map(PyUsage::from)
    }
}
