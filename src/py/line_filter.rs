//! The live display's filter (F): Rust's `regex`, which matches in time linear in the line, so
//! no pattern a user types can hold vibectl up (Python's `re` backtracks: `(a+)+$` on forty a's
//! and a `!` takes 2**40 steps, and cannot be interrupted).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use regex::{Regex, RegexBuilder};

/// What a compiled filter may take: far more than any filter typed by hand needs.
const COMPILED_BYTES: usize = 1 << 20;

#[pyclass(name = "LineFilter", module = "vibectl._core", frozen)]
pub struct PyLineFilter {
    regex: Regex,
}

#[pymethods]
impl PyLineFilter {
    #[new]
    fn new(pattern: &str) -> PyResult<Self> {
        compiled(pattern)
            .map(|regex| Self { regex })
            .map_err(|e| PyValueError::new_err(one_line(&e)))
    }

    #[getter]
    fn pattern(&self) -> &str {
        self.regex.as_str()
    }

    /// Whether the pattern matches anywhere in `line`; the GIL is released while it runs.
    fn matches(&self, py: Python<'_>, line: &str) -> bool {
        py.detach(|| self.regex.is_match(line))
    }
}

fn compiled(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(COMPILED_BYTES)
        .build()
}

/// regex's error is several lines (the pattern, a caret, the reason): its reason alone.
fn one_line(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(_) => "it is too large".into(),
        other => {
            let text = other.to_string();
            let reason = text
                .lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("error: "));
            reason
                .unwrap_or("it is not a regular expression")
                .to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(pattern: &str) -> String {
        one_line(&compiled(pattern).expect_err("refused"))
    }

    #[test]
    fn a_syntax_error_is_its_reason_on_one_line() {
        assert_eq!(refusal("(a"), "unclosed group");
        assert!(refusal("(?<=a)b").contains("look-around"));
        assert!(!refusal("(?<=a)b").contains('\n'));
    }

    #[test]
    fn a_huge_pattern_is_too_large() {
        assert_eq!(refusal("(?:a{1000}){1000}"), "it is too large");
    }
}
