//! What of a command reaches the model, for Python: kubectl's arguments and the bytes it
//! printed in, the prepared output (`crate::context`) out.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::context::{prepare, Request};

/// kubectl's output as the model may see it: reduced, redacted, fitted to the budget.
#[pyclass(name = "PreparedOutput", module = "vibectl._core", frozen, get_all)]
pub struct PyPreparedOutput {
    /// kubectl's arguments, credentials hidden.
    args: Vec<String>,
    stdout: String,
    stderr: String,
    mime_type: String,
    /// How many values were replaced by `<redacted>`.
    redacted: usize,
    /// What was aggregated to fit the budget, in words; the lists shown are not complete.
    reduced: Option<String>,
    /// What was cut to fit the budget, in words.
    cut: Option<String>,
    /// How many bookkeeping fields of objects were dropped (`managedFields`, `uid`, …).
    bookkeeping: usize,
}

#[pymethods]
impl PyPreparedOutput {
    fn __repr__(&self) -> String {
        format!(
            "PreparedOutput(mime_type={:?}, stdout={} chars, stderr={} chars, redacted={}, \
             reduced={:?}, cut={:?})",
            self.mime_type,
            self.stdout.len(),
            self.stderr.len(),
            self.redacted,
            self.reduced,
            self.cut
        )
    }
}

/// `kubectl ARGS…` and the bytes it printed, prepared for a prompt of `budget_tokens`; the
/// bytes are read where they are, with the GIL released.
#[pyfunction]
#[pyo3(signature = (args, stdout, stderr, *, budget_tokens, redact))]
pub fn prepare_output(
    py: Python<'_>,
    args: Vec<String>,
    stdout: &Bound<'_, PyBytes>,
    stderr: &Bound<'_, PyBytes>,
    budget_tokens: usize,
    redact: bool,
) -> PyPreparedOutput {
    let (stdout, stderr) = (stdout.as_bytes(), stderr.as_bytes());
    let prepared = py.detach(|| {
        prepare(&Request {
            args: &args,
            stdout,
            stderr,
            budget_tokens,
            redact,
        })
    });
    PyPreparedOutput {
        args: prepared.args,
        stdout: prepared.stdout,
        stderr: prepared.stderr,
        mime_type: prepared.mime_type.to_owned(),
        redacted: prepared.redacted,
        reduced: prepared.reduced,
        cut: prepared.cut,
        bookkeeping: prepared.bookkeeping,
    }
}
