//! Turning what happened on the wire (a reqwest error, response headers) into core facts.

use std::error::Error as _;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use crate::error::{CoreError, ProviderFailure};
use crate::http::shown_url::masked_in;
use crate::llm::call_settings::CallSettings;
use crate::providers::Provider;

/// A request that never got an answer: refused, unreachable, or too slow to connect.
pub fn send_error(provider: Provider, err: &reqwest::Error, settings: &CallSettings) -> CoreError {
    if err.is_timeout() {
        return CoreError::Timeout {
            provider: provider.to_string(),
            url: String::new(),
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
    if err.is_connect() {
        return CoreError::Unreachable {
            provider: provider.to_string(),
            url: String::new(),
            detail: describe(err),
        };
    }
    CoreError::Unavailable(Box::new(ProviderFailure {
        provider: provider.to_string(),
        url: String::new(),
        status: None,
        kind: "transport error".into(),
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
    let text = if parts.is_empty() {
        err.to_string()
    } else {
        parts.join(": ")
    };
    match err.url() {
        Some(url) => masked_in(&text, url.as_str()),
        None => text,
    }
}

pub fn request_id(headers: &HeaderMap) -> Option<String> {
    ["request-id", "x-request-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::to_string)
}

/// The wait a server asked for: `retry-after-ms` (milliseconds) or `retry-after`, as seconds or
/// as an HTTP date (RFC 9110: IMF-fixdate, or the obsolete RFC 850 and asctime forms, read by
/// the `httpdate` crate, which hyper's stack has long used for exactly this). A date in the
/// past means "now".
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, SystemTime::now())
}

fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| Some(headers.get(name)?.to_str().ok()?.trim());
    let number = |name: &str| -> Option<f64> {
        let value: f64 = text(name)?.parse().ok()?;
        (value.is_finite() && value >= 0.0).then_some(value)
    };
    let date = || {
        let when = httpdate::parse_http_date(text("retry-after")?).ok()?;
        Some(when.duration_since(now).unwrap_or(Duration::ZERO))
    };
    number("retry-after-ms")
        .map(|ms| Duration::from_secs_f64(ms / 1000.0))
        .or_else(|| number("retry-after").map(Duration::from_secs_f64))
        .or_else(date)
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
    fn retry_after_reads_http_dates_in_all_three_forms() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        let mut headers = HeaderMap::new();
        for form in [
            "Wed, 21 Oct 2015 07:28:05 GMT",
            "Wednesday, 21-Oct-15 07:28:05 GMT",
            "Wed Oct 21 07:28:05 2015",
        ] {
            headers.insert("retry-after", HeaderValue::from_static(form));
            assert_eq!(
                retry_after_at(&headers, now),
                Some(Duration::from_secs(5)),
                "{form}"
            );
        }
        headers.insert(
            "retry-after",
            HeaderValue::from_static("Tue, 20 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after_at(&headers, now), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_ignores_garbage() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("-1"));
        assert_eq!(retry_after(&headers), None);
        headers.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
