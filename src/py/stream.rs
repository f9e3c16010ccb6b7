//! One stream class for both iteration styles: `__next__` blocks (GIL released), `__anext__` awaits.

use std::sync::{Arc, Mutex as StdMutex};
use std::time::Instant;

use futures_util::StreamExt;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use tokio::sync::Mutex;

use crate::error::CoreError;
use crate::llm::completion::{Chunk, ChunkStream, Completion, Request};
use crate::llm::fallback::with_fallbacks;
use crate::llm::model::Model;
use crate::py::sync::block_on;
use crate::py::types::{PyMetrics, PyUsage};

enum State {
    /// Not sent yet: the request goes out on the first step.
    Pending(Arc<Model>, Box<Request>),
    Open(Box<Open>),
    Done,
}

struct Open {
    model: Arc<Model>,
    chunks: ChunkStream,
    started: Instant,
    first_token: Option<Instant>,
    retries: u32,
    /// Characters of text still shown before the reply is cut (`llm.max_reply_chars`).
    chars_left: usize,
}

/// Usage and metrics, once the stream has been read to its end.
type Finished = Arc<StdMutex<Option<(PyUsage, PyMetrics)>>>;

#[pyclass(name = "CompletionStream", module = "vibectl._core", frozen)]
pub struct PyCompletionStream {
    state: Arc<Mutex<State>>,
    finished: Finished,
}

impl PyCompletionStream {
    pub fn new(model: Arc<Model>, req: Request) -> Self {
        PyCompletionStream {
            state: Arc::new(Mutex::new(State::Pending(model, Box::new(req)))),
            finished: Arc::new(StdMutex::new(None)),
        }
    }

    fn handles(&self) -> (Arc<Mutex<State>>, Finished) {
        (Arc::clone(&self.state), Arc::clone(&self.finished))
    }

    fn finished(&self) -> Option<(PyUsage, PyMetrics)> {
        self.finished
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// The next piece of text, or None once the answer is complete. After an error, the stream is over.
async fn next_text(
    state: Arc<Mutex<State>>,
    finished: Finished,
) -> Result<Option<String>, CoreError> {
    let mut guard = state.lock().await;
    loop {
        match std::mem::replace(&mut *guard, State::Done) {
            State::Pending(model, req) => {
                let started = Instant::now();
                let req = &req;
                let (model, opened) = with_fallbacks(model, |m| async move {
                    let opened = m.open_stream(req).await?;
                    Ok((m, opened))
                })
                .await?;
                *guard = State::Open(Box::new(Open {
                    chars_left: model.max_reply_chars,
                    model,
                    chunks: opened.chunks,
                    started,
                    first_token: None,
                    retries: opened.retries,
                }));
            }
            State::Open(mut open) => match open.chunks.next().await {
                Some(Ok(Chunk::Text(mut text))) => {
                    open.first_token.get_or_insert_with(Instant::now);
                    match text.char_indices().nth(open.chars_left) {
                        // Past the cap: the rest is never read (the connection is dropped).
                        Some((cut, _)) => {
                            text.truncate(cut);
                            log::warn!(
                                "the model's reply was cut after {} characters (llm.max_reply_chars)",
                                open.model.max_reply_chars
                            );
                        }
                        None => {
                            open.chars_left -= text.chars().count();
                            *guard = State::Open(open);
                        }
                    }
                    return Ok(Some(text));
                }
                Some(Ok(Chunk::ToolCall(_))) => *guard = State::Open(open),
                Some(Ok(end @ Chunk::End { .. })) => {
                    let mut completion = Completion::default();
                    completion.absorb(end);
                    let metrics = open.model.metrics(
                        &completion,
                        open.started,
                        open.first_token,
                        open.retries,
                    );
                    *finished.lock().unwrap_or_else(|p| p.into_inner()) =
                        Some((completion.usage.into(), metrics.into()));
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
        let (state, finished) = self.handles();
        block_on(py, next_text(state, finished))
    }

    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (state, finished) = self.handles();
        pyo3_async_runtimes::tokio::future_into_py(py, async move {
            match next_text(state, finished).await? {
                Some(text) => Ok(text),
                None => Err(PyStopAsyncIteration::new_err(())),
            }
        })
    }

    /// Token usage, available once the stream has been read to the end.
    #[getter]
    fn usage(&self) -> Option<PyUsage> {
        self.finished().map(|(usage, _)| usage)
    }

    /// Tokens, latency, time to first token and retries, once the stream has been read to the end.
    #[getter]
    fn metrics(&self) -> Option<PyMetrics> {
        self.finished().map(|(_, metrics)| metrics)
    }
}
