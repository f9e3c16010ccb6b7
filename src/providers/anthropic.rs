//! Anthropic's Messages API: request body, JSON answers, the SSE event stream and error bodies.

use std::collections::VecDeque;

use eventsource_stream::Event;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::CoreError;
use crate::http::chunks::{chunk_stream, Decode};
use crate::http::exchange::{failure, secret_header, ByteStream};
use crate::http::sse;
use crate::keys::check::KeyShape;
use crate::keys::ResolvedKey;
use crate::llm::completion::{
    Answer, Chunk, ChunkStream, Completion, Output, Repair, Request, Usage,
};
use crate::llm::tool::{StructuredMode, ToolCall};
use crate::providers::wire::{text_repair, WireFormat};
use crate::providers::Provider;

/// The current API version (platform.claude.com/docs/en/api/versioning), the one anthropic
/// 2.x sends. Its breaking changes (no temperature, top_p or top_k; no document blocks in
/// assistant turns; no citations in user text) touch nothing vibectl sends.
const API_VERSION: &str = "2026-10-21";
const PROVIDER: Provider = Provider::Anthropic;

pub struct Anthropic;

impl WireFormat for Anthropic {
    const BASE_URL_VAR: &'static str = "ANTHROPIC_BASE_URL";
    const DEFAULT_BASE_URL: &'static str = "https://api.anthropic.com";
    const DEFAULT_MODEL: &'static str = "claude-sonnet-5-5";
    const NEEDS_KEY: bool = true;
    const KEY_SHAPE: Option<KeyShape> = Some(KeyShape {
        vendor: "Anthropic",
        prefix: "sk-ant-",
        variants: &[],
        min_len: 40,
    });
    const STRUCTURED_MODE: StructuredMode = StructuredMode::ForcedTool;

    fn url(base_url: &str) -> String {
        format!("{base_url}/v1/messages")
    }

    fn models_url(base_url: &str) -> String {
        format!("{base_url}/v1/models")
    }

    /// The key twice: as `x-api-key`, the header the API reference documents and the one
    /// Anthropic-format gateways and servers such as llm-katan read (some read only it), and
    /// as a bearer token, the scheme the official SDK sends since 2.0.
    fn headers(key: Option<&ResolvedKey>) -> Result<HeaderMap, CoreError> {
        let mut headers = HeaderMap::new();
        if let Some(key) = key {
            headers.insert("x-api-key", secret_header(PROVIDER, key, "")?);
            headers.insert(AUTHORIZATION, secret_header(PROVIDER, key, "Bearer ")?);
        }
        headers.insert("anthropic-version", HeaderValue::from_static(API_VERSION));
        Ok(headers)
    }

    fn opening(req: &Request) -> Vec<Value> {
        vec![json!({"role": "user", "content": req.user})]
    }

    fn repair_turns(repair: &Repair) -> [Value; 2] {
        match &repair.answer {
            Answer::ToolCall {
                id,
                name,
                arguments,
            } => [
                json!({"role": "assistant", "content": [
                    {"type": "tool_use", "id": id, "name": name, "input": arguments}
                ]}),
                json!({"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": id, "is_error": true, "content": repair.error}
                ]}),
            ],
            Answer::Text(text) => text_repair(text, &repair.error),
        }
    }

    fn body(model: &str, req: &Request, messages: Vec<Value>, stream: bool) -> Value {
        let mut body = json!({
            "model": model,
            "max_tokens": req.max_tokens,
            "system": req.system_text(),
            "messages": messages,
            "stream": stream,
        });
        match &req.output {
            Output::Text => {}
            Output::Tool {
                tool,
                mode: mode @ (StructuredMode::ForcedTool | StructuredMode::PromptedTool),
            } => {
                body["tools"] = json!([{
                    "name": tool.name,
                    "description": tool.description,
                    "input_schema": tool.input_schema,
                }]);
                if *mode == StructuredMode::ForcedTool {
                    body["tool_choice"] = json!({"type": "tool", "name": tool.name});
                }
            }
            Output::Tool {
                tool,
                mode: StructuredMode::JsonSchema,
            } => {
                body["output_config"] =
                    json!({"format": {"type": "json_schema", "schema": tool.input_schema}});
            }
        }
        body
    }

    /// Anthropic's `{"type":"error","error":{"type":…,"message":…}}`.
    fn read_error(body: &str) -> Option<(String, String)> {
        let parsed: ErrorBody = serde_json::from_str(body).ok()?;
        Some((parsed.error.kind, parsed.error.message))
    }

    fn parse(body: &str) -> Result<Completion, CoreError> {
        parse_message(body)
    }

    fn decode(bytes: ByteStream, max_chars: usize) -> ChunkStream {
        chunk_stream(
            sse::events(PROVIDER, bytes),
            Decoder::default(),
            PROVIDER,
            max_chars,
        )
    }
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
    #[serde(rename = "tool_use")]
    ToolUse {
        id: String,
        name: String,
        #[serde(default)]
        input: Value,
    },
    #[serde(other)]
    Other,
}

fn parse_message(body: &str) -> Result<Completion, CoreError> {
    let message: WireMessage = serde_json::from_str(body)
        .map_err(|e| CoreError::unreadable(PROVIDER, format!("not a message: {e}"), body))?;
    let mut completion = Completion {
        model: message.model,
        stop_reason: message.stop_reason,
        ..Completion::default()
    };
    for block in message.content {
        match block {
            WireBlock::Text { text } => completion.text.push_str(&text),
            WireBlock::ToolUse { id, name, input } => completion.tool_calls.push(ToolCall {
                id,
                name,
                arguments: input.to_string(),
            }),
            WireBlock::Other => {}
        }
    }
    let usage = message.usage.unwrap_or_default();
    completion.usage = Usage {
        input_tokens: usage.input_tokens.unwrap_or(0),
        output_tokens: usage.output_tokens.unwrap_or(0),
    };
    Ok(completion)
}

/// Folds Anthropic's SSE events into text, assembled tool calls and one final `End`.
#[derive(Default)]
struct Decoder {
    model: String,
    usage: Usage,
    stop_reason: Option<String>,
    /// The tool_use block being streamed: its id, name and the JSON received so far.
    tool_use: Option<(String, String, String)>,
}

#[derive(Deserialize)]
struct MessageStart {
    message: WireMessageStart,
}

#[derive(Deserialize)]
struct WireMessageStart {
    #[serde(default)]
    model: String,
    #[serde(default)]
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct BlockStart {
    content_block: WireBlock,
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
    #[serde(rename = "input_json_delta")]
    InputJson { partial_json: String },
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

impl Decode for Decoder {
    type Item = Event;

    fn held(&self) -> usize {
        self.tool_use.as_ref().map_or(0, |(_, _, json)| json.len())
    }

    fn decode(&mut self, event: Event, out: &mut VecDeque<Chunk>) -> Result<(), CoreError> {
        let parse_err = |e: serde_json::Error| {
            CoreError::unreadable(
                PROVIDER,
                format!("bad {} event: {e}", event.event),
                &event.data,
            )
        };
        match event.event.as_str() {
            "message_start" => {
                let start: MessageStart = serde_json::from_str(&event.data).map_err(parse_err)?;
                self.model = start.message.model;
                if let Some(usage) = start.message.usage {
                    self.usage.input_tokens = usage.input_tokens.unwrap_or(0);
                    self.usage.output_tokens = usage.output_tokens.unwrap_or(0);
                }
            }
            "content_block_start" => {
                let start: BlockStart = serde_json::from_str(&event.data).map_err(parse_err)?;
                if let WireBlock::ToolUse { id, name, .. } = start.content_block {
                    self.tool_use = Some((id, name, String::new()));
                }
            }
            "content_block_delta" => {
                let delta: BlockDelta = serde_json::from_str(&event.data).map_err(parse_err)?;
                match delta.delta {
                    WireDelta::Text { text } if !text.is_empty() => {
                        out.push_back(Chunk::Text(text))
                    }
                    WireDelta::InputJson { partial_json } => {
                        if let Some((_, _, json)) = &mut self.tool_use {
                            json.push_str(&partial_json);
                        }
                    }
                    _ => {}
                }
            }
            "content_block_stop" => {
                if let Some((id, name, json)) = self.tool_use.take() {
                    let arguments = if json.trim().is_empty() {
                        "{}".into()
                    } else {
                        json
                    };
                    out.push_back(Chunk::ToolCall(ToolCall {
                        id,
                        name,
                        arguments,
                    }));
                }
            }
            "message_delta" => {
                let delta: MessageDelta = serde_json::from_str(&event.data).map_err(parse_err)?;
                if delta.delta.stop_reason.is_some() {
                    self.stop_reason = delta.delta.stop_reason;
                }
                if let Some(tokens) = delta.usage.and_then(|u| u.output_tokens) {
                    self.usage.output_tokens = tokens;
                }
            }
            "message_stop" => out.push_back(Chunk::End {
                usage: self.usage,
                stop_reason: self.stop_reason.take(),
                model: std::mem::take(&mut self.model),
            }),
            "error" => {
                let failure = failure(PROVIDER, &event.data, Anthropic::read_error, None, None);
                return Err(CoreError::from_provider(failure, None));
            }
            // ping, thinking deltas and event types added after this was written.
            _ => {}
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut VecDeque<Chunk>) -> Result<(), CoreError> {
        Err(CoreError::StreamInterrupted {
            provider: PROVIDER.to_string(),
            detail: "the connection closed before message_stop".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::tool::Tool;
    use crate::providers::wire::request_body;

    fn event(name: &str, data: &str) -> Event {
        Event {
            event: name.into(),
            data: data.into(),
            id: String::new(),
            retry: None,
        }
    }

    fn decode_all(seq: &[(&str, &str)]) -> Vec<Chunk> {
        let mut d = Decoder::default();
        let mut out = VecDeque::new();
        for (name, data) in seq {
            d.decode(event(name, data), &mut out).unwrap();
        }
        out.into_iter().collect()
    }

    #[test]
    fn decodes_the_real_event_sequence() {
        let chunks = decode_all(&[
            (
                "message_start",
                r#"{"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":25,"output_tokens":1}}}"#,
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
        ]);
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
                    model: "claude-x".into(),
                },
            ]
        );
    }

    #[test]
    fn assembles_a_streamed_tool_call() {
        let chunks = decode_all(&[
            (
                "content_block_start",
                r#"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"plan","input":{}}}"#,
            ),
            (
                "content_block_delta",
                r#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"replicas\":"}}"#,
            ),
            (
                "content_block_delta",
                r#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"3}"}}"#,
            ),
            (
                "content_block_stop",
                r#"{"type":"content_block_stop","index":0}"#,
            ),
        ]);
        assert_eq!(
            chunks,
            vec![Chunk::ToolCall(ToolCall {
                id: "toolu_1".into(),
                name: "plan".into(),
                arguments: r#"{"replicas":3}"#.into(),
            })]
        );
    }

    #[test]
    fn in_stream_error_becomes_the_matching_variant() {
        let err = Decoder::default()
            .decode(
                event(
                    "error",
                    r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
                ),
                &mut VecDeque::new(),
            )
            .unwrap_err();
        assert!(matches!(err, CoreError::Overloaded(_)), "{err:?}");
    }

    #[test]
    fn malformed_event_keeps_the_raw_data() {
        let err = Decoder::default()
            .decode(
                event("content_block_delta", "{not json"),
                &mut VecDeque::new(),
            )
            .unwrap_err();
        assert!(err.to_string().contains("{not json"), "{err}");
    }

    #[test]
    fn parses_a_message_leniently() {
        let c = parse_message(
            r#"{"id":"m","type":"message","model":"claude-x","content":[{"type":"text","text":"hi"},{"type":"thinking","thinking":"…"},{"type":"tool_use","id":"t","name":"plan","input":{"a":1}}],"stop_reason":"end_turn","usage":{"input_tokens":3},"new_field":1}"#,
        )
        .unwrap();
        assert_eq!(c.text, "hi");
        assert_eq!(c.tool_calls[0].arguments, r#"{"a":1}"#);
        assert_eq!(
            c.usage,
            Usage {
                input_tokens: 3,
                output_tokens: 0
            }
        );
    }

    #[test]
    fn error_body_is_read_or_left_to_the_caller() {
        assert_eq!(
            Anthropic::read_error(
                r#"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#
            ),
            Some(("rate_limit_error".into(), "slow down".into()))
        );
        assert_eq!(Anthropic::read_error("<html>bad gateway</html>"), None);
    }

    #[test]
    fn a_forced_tool_and_a_schema_format_are_asked_differently() {
        let tool = Tool::new("plan".into(), "Plan it".into(), json!({"type": "object"})).unwrap();
        let mut req = Request {
            system: "sys".into(),
            user: "u".into(),
            max_tokens: 9,
            output: Output::Tool {
                tool: tool.clone(),
                mode: StructuredMode::ForcedTool,
            },
            repair: None,
        };
        let forced = request_body::<Anthropic>("m", &req, true);
        assert_eq!(
            forced["tool_choice"],
            json!({"type": "tool", "name": "plan"})
        );
        assert_eq!(forced["system"], "sys");
        req.output = Output::Tool {
            tool,
            mode: StructuredMode::JsonSchema,
        };
        req.repair = Some(Repair {
            answer: Answer::Text(String::new()),
            error: "not JSON".into(),
        });
        let schema = request_body::<Anthropic>("m", &req, true);
        assert!(schema.get("tools").is_none());
        assert_eq!(schema["output_config"]["format"]["type"], "json_schema");
        assert_eq!(schema["messages"][1]["content"], "(no answer)");
        assert_eq!(
            schema["messages"][2],
            json!({"role": "user", "content": "not JSON"})
        );
    }
}
