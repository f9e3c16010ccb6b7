//! The Python exception tree, and the one mapping from `CoreError` onto it.

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::{create_exception, IntoPyObjectExt};

use crate::error::CoreError;

create_exception!(
    vibectl._core,
    VibectlError,
    PyException,
    "Base of every error raised by vibectl's core."
);
create_exception!(
    vibectl._core,
    ConfigError,
    VibectlError,
    "A config file or value cannot be used."
);
create_exception!(
    vibectl._core,
    MissingKeyError,
    VibectlError,
    "No API key was found for the provider a model needs."
);
create_exception!(
    vibectl._core,
    InvalidKeyError,
    VibectlError,
    "An API key was found but cannot be used."
);
create_exception!(
    vibectl._core,
    UnknownModelError,
    VibectlError,
    "No model of that name is known, and it has no provider prefix."
);
create_exception!(
    vibectl._core,
    ProviderError,
    VibectlError,
    "A call to a provider failed."
);
create_exception!(
    vibectl._core,
    AuthenticationError,
    ProviderError,
    "The provider rejected the API key (401/403)."
);
create_exception!(
    vibectl._core,
    RateLimitError,
    ProviderError,
    "The provider is rate-limiting requests (429)."
);
create_exception!(
    vibectl._core,
    OverloadedError,
    ProviderError,
    "The provider is overloaded (529 or overloaded_error)."
);
create_exception!(
    vibectl._core,
    UnavailableError,
    ProviderError,
    "The provider could not be reached or failed (5xx)."
);
create_exception!(
    vibectl._core,
    BadRequestError,
    ProviderError,
    "The provider refused the request as malformed (4xx)."
);
create_exception!(
    vibectl._core,
    ProviderTimeoutError,
    ProviderError,
    "The provider did not answer in time."
);
create_exception!(
    vibectl._core,
    ResponseFormatError,
    ProviderError,
    "The provider's answer could not be read."
);
create_exception!(
    vibectl._core,
    StreamInterruptedError,
    ProviderError,
    "A streamed answer ended before it was complete."
);

/// Class-level defaults, so every attribute of an exception exists before a raise sets it.
pub fn set_class_defaults(py: Python<'_>) -> PyResult<()> {
    py.get_type::<VibectlError>().setattr("provider", "")?;
    let provider_error = py.get_type::<ProviderError>();
    provider_error.setattr("status", py.None())?;
    provider_error.setattr("request_id", py.None())?;
    py.get_type::<RateLimitError>()
        .setattr("retry_after", py.None())?;
    py.get_type::<UnknownModelError>()
        .setattr("closest", pyo3::types::PyList::empty(py))?;
    Ok(())
}

impl From<CoreError> for PyErr {
    fn from(err: CoreError) -> PyErr {
        let message = err.to_string();
        let pyerr = match &err {
            CoreError::Config(_) => ConfigError::new_err(message),
            CoreError::MissingKey { .. } => MissingKeyError::new_err(message),
            CoreError::InvalidKey { .. } => InvalidKeyError::new_err(message),
            CoreError::Authentication(_) => AuthenticationError::new_err(message),
            CoreError::RateLimited { .. } => RateLimitError::new_err(message),
            CoreError::Overloaded(_) => OverloadedError::new_err(message),
            CoreError::Unavailable(_) | CoreError::Unreachable { .. } => {
                UnavailableError::new_err(message)
            }
            CoreError::BadRequest(_) => BadRequestError::new_err(message),
            CoreError::Timeout { .. } => ProviderTimeoutError::new_err(message),
            CoreError::ResponseFormat { .. } | CoreError::ReplyTooLarge { .. } => {
                ResponseFormatError::new_err(message)
            }
            CoreError::StreamInterrupted { .. } => StreamInterruptedError::new_err(message),
            CoreError::UnknownModel { .. } => UnknownModelError::new_err(message),
        };
        Python::attach(|py| {
            let value = pyerr.value(py);
            // Setting an attribute on a fresh exception instance does not fail in practice; if
            // it did, the exception would still carry its message, which is what matters most.
            let set = |name: &str, object: PyResult<Py<PyAny>>| {
                if let Ok(object) = object {
                    let _ = value.setattr(name, object);
                }
            };
            match &err {
                CoreError::Config(_) => {}
                CoreError::MissingKey { provider, .. }
                | CoreError::InvalidKey { provider, .. }
                | CoreError::Unreachable { provider, .. }
                | CoreError::Timeout { provider, .. }
                | CoreError::ResponseFormat { provider, .. }
                | CoreError::ReplyTooLarge { provider, .. }
                | CoreError::StreamInterrupted { provider, .. } => {
                    set("provider", provider.as_str().into_py_any(py));
                }
                CoreError::Authentication(f)
                | CoreError::Overloaded(f)
                | CoreError::Unavailable(f)
                | CoreError::BadRequest(f)
                | CoreError::RateLimited { failure: f, .. } => {
                    set("provider", f.provider.as_str().into_py_any(py));
                    set("status", f.status.into_py_any(py));
                    set("request_id", f.request_id.as_deref().into_py_any(py));
                }
                CoreError::UnknownModel { closest, .. } => {
                    set("closest", closest.clone().into_py_any(py));
                }
            }
            if let CoreError::RateLimited { retry_after, .. } = &err {
                set(
                    "retry_after",
                    retry_after.map(|d| d.as_secs_f64()).into_py_any(py),
                );
            }
        });
        pyerr
    }
}
