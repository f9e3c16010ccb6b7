//! Anthropic's Messages API: request body, JSON answers, the SSE event stream and error bodies.

use eventsource_stream::{Event, EventStreamError, Eventsource};
use futures_util::StreamExt;
use reqwest::header::HeaderValue;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::json;

use crate::completion::{Chunk, ChunkStream, Completion, Request, Usage};
use crate::config::Config;
use crate::endpoint::base_url;
use crate::error::{excerpt, CoreError, ProviderFailure};
use crate::http::client_for;
use crate::keys::ResolvedKey;
use crate::provider::Provider;
use crate::transport::{request_id, retry_after, send_error};

const API_VERSION: &str = "2023-06-01";
const PROVIDER: Provider = Provider::Anthropic;

pub async fn complete(
    model_id: &str,
    req: &Request,
    key: &ResolvedKey,
) -> Result<Completion, CoreError> {
    let response = send(model_id, req, key, false).await?;
    let body = response
        .text()
        .await
        .map_err(|e| send_error(PROVIDER, &e))?;
    parse_message(&body)
}

pub async fn stream(
    model_id: &str,
    req: &Request,
    key: &ResolvedKey,
) -> Result<ChunkStream, CoreError> {
    let response = send(model_id, req, key, true).await?;
    let events = response.bytes_stream().eventsource();
    let state = (events, Decoder::default());
    Ok(Box::pin(futures_util::stream::unfold(
        Some(state),
        |state| async move {
            let (mut events, mut decoder) = state?;
            loop {
                let item = match events.next().await {
                    Some(Ok(event)) => match decoder.decode(&event) {
                        Ok(None) => continue,
                        Ok(Some(chunk)) => Ok(chunk),
                        Err(err) => Err(err),
                    },
                    Some(Err(err)) => Err(stream_error(err)),
                    None => Err(CoreError::StreamInterrupted {
                        provider: PROVIDER.to_string(),
                        detail: "the connection closed before message_stop".into(),
                    }),
                };
                // After the end, or after any error, the stream yields nothing more.
                let more = matches!(item, Ok(Chunk::Text(_)));
                return Some((item, more.then_some((events, decoder))));
            }
        },
    )))
}

async fn send(
    model_id: &str,
    req: &Request,
    key: &ResolvedKey,
    stream: bool,
) -> Result<reqwest::Response, CoreError> {
    let base = base_url(PROVIDER, Config::current()?.as_ref());
    let mut key_header =
        HeaderValue::from_str(key.secret.expose_secret()).map_err(|_| CoreError::InvalidKey {
            provider: PROVIDER.to_string(),
            source_name: key.source.clone(),
            reason: "it contains characters that cannot be sent in an HTTP header".into(),
        })?;
    key_header.set_sensitive(true);
    let body = json!({
        "model": model_id,
        "max_tokens": req.max_tokens,
        "system": req.system,
        "messages": [{"role": "user", "content": req.user}],
        "stream": stream,
    });
    log::debug!("anthropic: POST {base}/v1/messages model={model_id} stream={stream}");
    let response = client_for(&base)
        .post(format!("{base}/v1/messages"))
        .header("x-api-key", key_header)
        .header("anthropic-version", API_VERSION)
        .json(&body)
        .send()
        .await
        .map_err(|e| send_error(PROVIDER, &e))?;
    let status = response.status();
    let id = request_id(response.headers());
    log::debug!(
        "anthropic: {status} request-id={}",
        id.as_deref().unwrap_or("-")
    );
    if status.is_success() {
        return Ok(response);
    }
    let wait = retry_after(response.headers());
    let body = response.text().await.unwrap_or_default();
    let mut failure = parse_error_body(&body, Some(status.as_u16()), id);
    if matches!(status.as_u16(), 401 | 403) {
        failure.hint = Some(format!("check the key in {}", key.source));
    }
    Err(CoreError::from_provider(failure, wait))
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    message: String,
}

/// Anthropic's `{"type":"error","error":{"type":…,"message":…}}`, or whatever else came back.
fn parse_error_body(
    body: &str,
    status: Option<u16>,
    request_id: Option<String>,
) -> ProviderFailure {
    let (kind, message) = match serde_json::from_str::<ErrorBody>(body) {
        Ok(parsed) => (parsed.error.kind, parsed.error.message),
        Err(_) => (String::new(), excerpt(body)),
    };
    ProviderFailure {
        provider: PROVIDER.to_string(),
        status,
        kind,
        message,
        request_id,
        hint: None,
    }
}

#[derive(Deserialize, Default)]
struct WireUsage {
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct WireMessage {
    #[serde(default)]
    model: String,
    #[serde(default)]
    content: Vec<WireBlock>,
    #[serde(default)]
    stop_reason: Option<String>,
    #[serde(default)]
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum WireBlock {
    #[serde(rename = "text")]
    Text { text: String },
    #[serde(other)]
    Other,
}

fn format_error(detail: &str, raw: &str) -> CoreError {
    CoreError::ResponseFormat {
        provider: PROVIDER.to_string(),
        detail: detail.to_string(),
        raw: excerpt(raw),
    }
}

fn parse_message(body: &str) -> Result<Completion, CoreError> {
    let message: WireMessage = serde_json::from_str(body)
        .map_err(|e| format_error(&format!("not a message: {e}"), body))?;
    let text = message
        .content
        .into_iter()
        .filter_map(|block| match block {
            WireBlock::Text { text } => Some(text),
            WireBlock::Other => None,
        })
        .collect();
    let usage = message.usage.unwrap_or_default();
    Ok(Completion {
        text,
        model: message.model,
        stop_reason: message.stop_reason,
        usage: Usage {
            input_tokens: usage.input_tokens.unwrap_or(0),
            output_tokens: usage.output_tokens.unwrap_or(0),
        },
    })
}

fn stream_error(err: EventStreamError<reqwest::Error>) -> CoreError {
    match err {
        EventStreamError::Transport(e) if e.is_timeout() => send_error(PROVIDER, &e),
        EventStreamError::Transport(e) => CoreError::StreamInterrupted {
            provider: PROVIDER.to_string(),
            detail: e.to_string(),
        },
        EventStreamError::Utf8(e) => format_error("the stream is not UTF-8", &e.to_string()),
        EventStreamError::Parser(e) => format_error("the stream is not valid SSE", &e.to_string()),
    }
}

/// Folds Anthropic's SSE events into text chunks and one final `End` with the usage.
#[derive(Default)]
struct Decoder {
    usage: Usage,
    stop_reason: Option<String>,
}

#[derive(Deserialize)]
struct MessageStart {
    message: WireMessageStart,
}

#[derive(Deserialize)]
struct WireMessageStart {
    #[serde(default)]
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct BlockDelta {
    delta: WireDelta,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum WireDelta {
    #[serde(rename = "text_delta")]
    Text { text: String },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct MessageDelta {
    #[serde(default)]
    delta: MessageDeltaBody,
    #[serde(default)]
    usage: Option<WireUsage>,
}

#[derive(Deserialize, Default)]
struct MessageDeltaBody {
    #[serde(default)]
    stop_reason: Option<String>,
}

impl Decoder {
    fn decode(&mut self, event: &Event) -> Result<Option<Chunk>, CoreError> {
        let parse_err = |e: serde_json::Error| {
            format_error(&format!("bad {} event: {e}", event.event), &event.data)
        };
        match event.event.as_str() {
            "message_start" => {
                let start: MessageStart = serde_json::from_str(&event.data).map_err(parse_err)?;
                if let Some(usage) = start.message.usage {
                    self.usage.input_tokens = usage.input_tokens.unwrap_or(0);
                    self.usage.output_tokens = usage.output_tokens.unwrap_or(0);
                }
                Ok(None)
            }
            "content_block_delta" => {
                let delta: BlockDelta = serde_json::from_str(&event.data).map_err(parse_err)?;
                Ok(match delta.delta {
                    WireDelta::Text { text } if !text.is_empty() => Some(Chunk::Text(text)),
                    _ => None,
                })
            }
            "message_delta" => {
                let delta: MessageDelta = serde_json::from_str(&event.data).map_err(parse_err)?;
                if delta.delta.stop_reason.is_some() {
                    self.stop_reason = delta.delta.stop_reason;
                }
                if let Some(tokens) = delta.usage.and_then(|u| u.output_tokens) {
                    self.usage.output_tokens = tokens;
                }
                Ok(None)
            }
            "message_stop" => Ok(Some(Chunk::End {
                usage: self.usage,
                stop_reason: self.stop_reason.take(),
            })),
            "error" => {
                let failure = parse_error_body(&event.data, None, None);
                Err(CoreError::from_provider(failure, None))
            }
            // ping, content_block_start/stop and event types added after this was written.
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, data: &str) -> Event {
        Event {
            event: name.into(),
            data: data.into(),
            id: String::new(),
            retry: None,
        }
    }

    #[test]
    fn decodes_the_real_event_sequence() {
        let mut d = Decoder::default();
        let seq = [
            (
                "message_start",
                r#"{"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":25,"output_tokens":1}}}"#,
            ),
            (
                "content_block_start",
                r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            ),
            ("ping", r#"{"type":"ping"}"#),
            (
                "content_block_delta",
                r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#,
            ),
            (
                "content_block_delta",
                r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}}"#,
            ),
            (
                "content_block_stop",
                r#"{"type":"content_block_stop","index":0}"#,
            ),
            (
                "message_delta",
                r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"#,
            ),
            ("message_stop", r#"{"type":"message_stop"}"#),
        ];
        let chunks: Vec<Chunk> = seq
            .iter()
            .filter_map(|(n, d2)| d.decode(&event(n, d2)).unwrap())
            .collect();
        assert_eq!(
            chunks,
            vec![
                Chunk::Text("Hello".into()),
                Chunk::Text(" world".into()),
                Chunk::End {
                    usage: Usage {
                        input_tokens: 25,
                        output_tokens: 15
                    },
                    stop_reason: Some("end_turn".into()),
                },
            ]
        );
    }

    #[test]
    fn in_stream_error_becomes_the_matching_variant() {
        let mut d = Decoder::default();
        let err = d
            .decode(&event(
                "error",
                r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            ))
            .unwrap_err();
        assert!(matches!(err, CoreError::Overloaded(_)), "{err:?}");
    }

    #[test]
    fn malformed_event_keeps_the_raw_data() {
        let mut d = Decoder::default();
        let err = d
            .decode(&event("content_block_delta", "{not json"))
            .unwrap_err();
        assert!(err.to_string().contains("{not json"), "{err}");
    }

    #[test]
    fn parses_a_message_leniently() {
        let c = parse_message(
            r#"{"id":"m","type":"message","model":"claude-x","content":[{"type":"text","text":"hi"},{"type":"thinking","thinking":"…"}],"stop_reason":"end_turn","usage":{"input_tokens":3},"new_field":1}"#,
        )
        .unwrap();
        assert_eq!(c.text, "hi");
        assert_eq!(
            c.usage,
            Usage {
                input_tokens: 3,
                output_tokens: 0
            }
        );
    }

    #[test]
    fn error_body_is_read_or_kept_raw() {
        let f = parse_error_body(
            r#"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#,
            Some(429),
            None,
        );
        assert_eq!(
            (f.kind.as_str(), f.message.as_str()),
            ("rate_limit_error", "slow down")
        );
        let f = parse_error_body("<html>bad gateway</html>", Some(502), None);
        assert_eq!(f.message, "<html>bad gateway</html>");
    }
}
