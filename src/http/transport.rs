//! Turning what happened on the wire (a reqwest error, response headers) into core facts.

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::error::{CoreError, ProviderFailure};
use crate::llm::call_settings::CallSettings;
use crate::providers::Provider;

/// A request that never got an answer: refused, unreachable, or too slow to connect.
pub fn send_error(provider: Provider, err: &reqwest::Error, settings: &CallSettings) -> CoreError {
    if err.is_timeout() {
        return CoreError::Timeout {
            provider: provider.to_string(),
            phase: if err.is_connect() {
                "connecting"
            } else {
                "waiting for data"
            },
            after: if err.is_connect() {
                settings.connect_timeout
            } else {
                settings.idle_timeout
            },
        };
    }
    CoreError::Unavailable(Box::new(ProviderFailure {
        provider: provider.to_string(),
        status: None,
        kind: if err.is_connect() {
            "connection failed".into()
        } else {
            "transport error".into()
        },
        message: describe(err),
        request_id: None,
        hint: None,
    }))
}

/// A response body that broke off: the connection closed or failed before its end.
pub fn body_error(provider: Provider, err: &reqwest::Error, settings: &CallSettings) -> CoreError {
    if err.is_timeout() {
        return send_error(provider, err, settings);
    }
    CoreError::StreamInterrupted {
        provider: provider.to_string(),
        detail: format!(
            "the connection broke before the response was complete ({})",
            describe(err)
        ),
    }
}

/// reqwest's Display hides the cause ("error sending request"); the causes say what went wrong.
pub fn describe(err: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cause = err.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cause = c.source();
    }
    if parts.is_empty() {
        err.to_string()
    } else {
        parts.join(": ")
    }
}

pub fn request_id(headers: &HeaderMap) -> Option<String> {
    ["request-id", "x-request-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::to_string)
}

/// The wait a server asked for: `retry-after-ms` (milliseconds) or `retry-after` (seconds).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| -> Option<f64> {
        let value: f64 = headers.get(name)?.to_str().ok()?.trim().parse().ok()?;
        (value.is_finite() && value >= 0.0).then_some(value)
    };
    number("retry-after-ms")
        .map(|ms| Duration::from_secs_f64(ms / 1000.0))
        .or_else(|| number("retry-after").map(Duration::from_secs_f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_prefers_milliseconds() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(250)));
    }

    #[test]
    fn retry_after_ignores_dates_and_garbage() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), None);
        headers.insert("retry-after", HeaderValue::from_static("-1"));
        assert_eq!(retry_after(&headers), None);
    }
}
