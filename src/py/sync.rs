//! Running core futures from synchronous Python: GIL released, Ctrl-C still honoured.

use std::future::Future;
use std::time::Duration;

use pyo3::prelude::*;

use crate::error::CoreError;

/// How often a blocked call looks for a pending signal such as Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// Run `fut` to completion on the process-wide tokio runtime without holding the GIL.
///
/// Python only runs signal handlers when it gets control back, so while waiting we check
/// for signals now and then; a KeyboardInterrupt cancels the future and is raised as usual.
pub fn block_on<T, F>(py: Python<'_>, fut: F) -> PyResult<T>
where
    T: Send,
    F: Future<Output = Result<T, CoreError>> + Send,
{
    let outcome: PyResult<Result<T, CoreError>> = py.detach(|| {
        pyo3_async_runtimes::tokio::get_runtime().block_on(async {
            tokio::pin!(fut);
            let mut tick = tokio::time::interval(SIGNAL_POLL);
            loop {
                tokio::select! {
                    result = &mut fut => return Ok(result),
                    _ = tick.tick() => {
                        Python::attach(|py| py.check_signals())?;
                    }
                }
            }
        })
    });
    outcome?.map_err(PyErr::from)
}
