//! One HTTP exchange with a provider: a JSON POST whose status line must come within the
//! first-byte timeout, error answers sorted into `CoreError`, and a body read under the idle
//! timeout and its byte cap (`http/bounded.rs`).

use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::Response;
use secrecy::ExposeSecret;
use serde_json::Value;

use crate::error::{excerpt, CoreError, ProviderFailure};
use crate::http::bounded::{capped, read_at_most, reply_bytes, too_large, Cap, ERROR_BODY_CAP};
use crate::http::client_for;
use crate::http::shown_url::shown;
use crate::http::transport::{body_error, request_id, retry_after, send_error};
use crate::keys::{key_var, ResolvedKey};
use crate::llm::call_settings::CallSettings;
use crate::providers::Provider;

/// Everything a wire format needs to reach one model.
pub struct Target<'a> {
    pub provider: Provider,
    /// The provider as the user named it (a gateway's own name), for what the user is told.
    pub provider_name: &'a str,
    pub base_url: &'a str,
    pub api_id: &'a str,
    pub key: Option<&'a ResolvedKey>,
    pub settings: &'a CallSettings,
    /// `llm.max_reply_chars`: what the body caps are derived from.
    pub max_reply_chars: usize,
    /// Whether a stream is read to its end before it is used (structured output), and so
    /// capped as a whole rather than line by line.
    pub whole_stream: bool,
}

/// How a provider words an error body: its error type and message, when the body is one.
pub type ErrorReader = fn(&str) -> Option<(String, String)>;

pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, CoreError>> + Send>>;

/// POST `body` to `url`; a success status gives the response, any other an error.
pub async fn post(
    target: &Target<'_>,
    url: &str,
    headers: HeaderMap,
    body: &Value,
    read_error: ErrorReader,
) -> Result<Response, CoreError> {
    let provider = target.provider;
    let settings = target.settings;
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    log::debug!(
        "{provider}: POST {} model={} stream={stream}",
        shown(url),
        target.api_id
    );
    let sending = client_for(target.base_url, settings.connect_timeout)
        .post(url)
        .headers(headers)
        .json(body)
        .send();
    let response = match tokio::time::timeout(settings.first_byte_timeout, sending).await {
        Err(_) => {
            return Err(timeout(
                provider,
                "waiting for the response to start",
                settings.first_byte_timeout,
            ))
        }
        Ok(Err(err)) => return Err(send_error(provider, &err, settings)),
        Ok(Ok(response)) => response,
    };
    let status = response.status();
    let id = request_id(response.headers());
    log::debug!(
        "{provider}: {status} request-id={}",
        id.as_deref().unwrap_or("-")
    );
    if status.is_success() {
        return Ok(response);
    }
    let wait = retry_after(response.headers());
    // The status says what went wrong; the body, read this far, only how the server words it.
    let text = match read_at_most(byte_stream(provider, response, settings), ERROR_BODY_CAP).await {
        Ok((bytes, _)) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::new(),
    };
    let mut failure = failure(provider, &text, read_error, Some(status.as_u16()), id);
    if matches!(status.as_u16(), 401 | 403) {
        failure.hint = Some(match target.key {
            Some(key) => format!("check the key in {}", key.source),
            None => format!(
                "the server wants a key: set {}",
                key_var(target.provider_name)
            ),
        });
    }
    if status.as_u16() == 404 {
        let closest = crate::llm::registry::closest(target.api_id);
        let near = if closest.is_empty() {
            String::new()
        } else {
            format!(" (closest known: {})", closest.join(", "))
        };
        failure.hint = Some(format!(
            "no model {:?} there{near}: `vibectl models` lists the models vibectl knows (a \
             gateway also needs the right base_url)",
            target.api_id
        ));
    }
    Err(CoreError::from_provider(failure, wait))
}

/// A provider's error (an HTTP error body or an error inside a stream) as a failure.
pub fn failure(
    provider: Provider,
    body: &str,
    read_error: ErrorReader,
    status: Option<u16>,
    request_id: Option<String>,
) -> ProviderFailure {
    let (kind, message) = read_error(body).unwrap_or_else(|| (String::new(), excerpt(body)));
    ProviderFailure {
        provider: provider.to_string(),
        url: String::new(),
        status,
        kind,
        message,
        request_id,
        hint: None,
    }
}

/// A key as a header value that is never printed (`prefix` is e.g. "Bearer ").
pub fn secret_header(
    provider: Provider,
    key: &ResolvedKey,
    prefix: &str,
) -> Result<HeaderValue, CoreError> {
    let mut value = HeaderValue::from_str(&format!("{prefix}{}", key.secret.expose_secret()))
        .map_err(|_| CoreError::InvalidKey {
            provider: provider.to_string(),
            source_name: key.source.clone(),
            reason: "it contains characters that cannot be sent in an HTTP header".into(),
        })?;
    value.set_sensitive(true);
    Ok(value)
}

/// `Authorization: Bearer KEY` when there is a key (OpenAI, Ollama behind a proxy).
pub fn bearer(provider: Provider, key: Option<&ResolvedKey>) -> Result<HeaderMap, CoreError> {
    let mut headers = HeaderMap::new();
    if let Some(key) = key {
        headers.insert(AUTHORIZATION, secret_header(provider, key, "Bearer ")?);
    }
    Ok(headers)
}

/// The whole body as text, each chunk arriving within the idle timeout; a body over
/// `reply_bytes` of `llm.max_reply_chars` is an error, the rest of it never read.
pub async fn read_text(target: &Target<'_>, response: Response) -> Result<String, CoreError> {
    let provider = target.provider;
    let cap = reply_bytes(target.max_reply_chars);
    let (body, more) = read_at_most(byte_stream(provider, response, target.settings), cap).await?;
    if more {
        return Err(too_large(provider, Cap::Whole(cap), target.max_reply_chars));
    }
    String::from_utf8(body).map_err(|e| {
        CoreError::unreadable(
            provider,
            "the response is not UTF-8",
            &String::from_utf8_lossy(e.as_bytes()),
        )
    })
}

/// A streamed body under its cap: as a whole when it is collected, else line by line.
pub fn stream_body(target: &Target<'_>, response: Response) -> ByteStream {
    let limit = reply_bytes(target.max_reply_chars);
    let cap = if target.whole_stream {
        Cap::Whole(limit)
    } else {
        Cap::Line(limit)
    };
    let bytes = byte_stream(target.provider, response, target.settings);
    capped(target.provider, bytes, cap, target.max_reply_chars)
}

/// The body chunk by chunk; a silence longer than the idle timeout ends it with an error.
fn byte_stream(provider: Provider, response: Response, settings: &CallSettings) -> ByteStream {
    let settings = *settings;
    let idle = settings.idle_timeout;
    Box::pin(futures_util::stream::unfold(
        Some(response.bytes_stream()),
        move |state| async move {
            let mut body = state?;
            match tokio::time::timeout(idle, body.next()).await {
                Err(_) => Some((
                    Err(timeout(provider, "waiting for the next chunk", idle)),
                    None,
                )),
                Ok(None) => None,
                Ok(Some(Ok(bytes))) => Some((Ok(bytes), Some(body))),
                Ok(Some(Err(err))) => Some((Err(body_error(provider, &err, &settings)), None)),
            }
        },
    ))
}

fn timeout(provider: Provider, phase: &'static str, after: Duration) -> CoreError {
    CoreError::Timeout {
        provider: provider.to_string(),
        url: String::new(),
        phase,
        after,
    }
}
