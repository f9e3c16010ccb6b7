//! OpenAI chat completions (and the many servers that copy them): request body, JSON answers,
//! the `data:` event stream and error bodies.

use std::collections::{BTreeMap, VecDeque};

use eventsource_stream::Event;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::CoreError;
use crate::http::chunks::{chunk_stream, Decode};
use crate::http::exchange::{bearer, failure, ByteStream};
use crate::http::sse;
use crate::keys::check::KeyShape;
use crate::keys::ResolvedKey;
use crate::llm::completion::{
    Answer, Chunk, ChunkStream, Completion, Output, Repair, Request, Usage,
};
use crate::llm::tool::{StructuredMode, ToolCall};
use crate::providers::wire::{system_and_user, text_repair, WireFormat};
use crate::providers::Provider;

const PROVIDER: Provider = Provider::OpenAI;

/// The chat completions URL for a base URL written the way the official SDKs take
/// `OPENAI_BASE_URL`: with the API version (`https://api.openai.com/v1`,
/// `http://localhost:8000/v1`, `https://openrouter.ai/api/v1`). A bare `scheme://host[:port]`
/// gets `/v1` added, since no server answers chat completions at its root.
pub fn chat_url(base_url: &str) -> String {
    let has_path = base_url
        .split_once("://")
        .is_some_and(|(_, rest)| rest.contains('/'));
    if has_path {
        format!("{base_url}/chat/completions")
    } else {
        format!("{base_url}/v1/chat/completions")
    }
}

pub struct OpenAI;

impl WireFormat for OpenAI {
    const BASE_URL_VAR: &'static str = "OPENAI_BASE_URL";
    const DEFAULT_BASE_URL: &'static str = "https://api.openai.com/v1";
    const DEFAULT_MODEL: &'static str = "gpt-6.1-terra";
    const NEEDS_KEY: bool = true;
    const KEY_SHAPE: Option<KeyShape> = Some(KeyShape {
        vendor: "OpenAI",
        prefix: "sk-",
        variants: &["sk-proj-"],
        min_len: 20,
    });
    const STRUCTURED_MODE: StructuredMode = StructuredMode::ForcedTool;

    fn url(base_url: &str) -> String {
        chat_url(base_url)
    }

    fn models_url(base_url: &str) -> String {
        format!("{base_url}/models")
    }

    fn headers(key: Option<&ResolvedKey>) -> Result<HeaderMap, CoreError> {
        bearer(PROVIDER, key)
    }

    fn opening(req: &Request) -> Vec<Value> {
        system_and_user(req)
    }

    fn repair_turns(repair: &Repair) -> [Value; 2] {
        match &repair.answer {
            Answer::ToolCall {
                id,
                name,
                arguments,
            } => [
                json!({"role": "assistant", "content": null, "tool_calls": [{
                    "id": id,
                    "type": "function",
                    "function": {"name": name, "arguments": arguments.to_string()},
                }]}),
                json!({"role": "tool", "tool_call_id": id, "content": repair.error}),
            ],
            Answer::Text(text) => text_repair(text, &repair.error),
        }
    }

    fn body(model: &str, req: &Request, messages: Vec<Value>, stream: bool) -> Value {
        let mut body = json!({
            "model": model,
            // `max_tokens` is refused by OpenAI's reasoning models; compatible servers take both.
            "max_completion_tokens": req.max_tokens,
            "messages": messages,
            "stream": stream,
        });
        if stream {
            body["stream_options"] = json!({"include_usage": true});
        }
        match &req.output {
            Output::Text => {}
            Output::Tool {
                tool,
                mode: mode @ (StructuredMode::ForcedTool | StructuredMode::PromptedTool),
            } => {
                body["tools"] = json!([{"type": "function", "function": {
                    "name": tool.name,
                    "description": tool.description,
                    "parameters": tool.input_schema,
                }}]);
                if *mode == StructuredMode::ForcedTool {
                    body["tool_choice"] =
                        json!({"type": "function", "function": {"name": tool.name}});
                }
            }
            Output::Tool {
                tool,
                mode: StructuredMode::JsonSchema,
            } => {
                body["response_format"] = json!({"type": "json_schema", "json_schema": {
                    "name": tool.name,
                    "description": tool.description,
                    "schema": tool.input_schema,
                }});
            }
        }
        body
    }

    /// `{"error": {"message", "type", "code"}}`, or what compatible servers send instead: an error
    /// string, or FastAPI's `{"detail": ...}`.
    fn read_error(body: &str) -> Option<(String, String)> {
        let parsed: Value = serde_json::from_str(body).ok()?;
        let text = |v: Option<&Value>| -> String {
            match v {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            }
        };
        match parsed.get("error") {
            Some(Value::Object(error)) => {
                // The code is the more specific of the two (`invalid_api_key`, `insufficient_quota`).
                let code = text(error.get("code"));
                let kind = if code.is_empty() {
                    text(error.get("type"))
                } else {
                    code
                };
                Some((kind, text(error.get("message"))))
            }
            Some(Value::String(message)) => Some((String::new(), message.clone())),
            _ => parsed
                .get("detail")
                .map(|detail| (String::new(), text(Some(detail)))),
        }
    }

    fn parse(body: &str) -> Result<Completion, CoreError> {
        parse_response(body)
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

#[derive(Deserialize, Default)]
struct WireUsage {
    #[serde(default)]
    prompt_tokens: Option<u64>,
    #[serde(default)]
    completion_tokens: Option<u64>,
}

impl WireUsage {
    fn usage(&self) -> Usage {
        Usage {
            input_tokens: self.prompt_tokens.unwrap_or(0),
            output_tokens: self.completion_tokens.unwrap_or(0),
        }
    }
}

#[derive(Deserialize)]
struct WireResponse {
    #[serde(default)]
    model: String,
    #[serde(default)]
    choices: Vec<WireChoice>,
    #[serde(default)]
    usage: Option<WireUsage>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Deserialize)]
struct WireChoice {
    #[serde(default)]
    message: WireMessage,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize, Default)]
struct WireMessage {
    #[serde(default)]
    content: Value,
    #[serde(default)]
    tool_calls: Vec<WireToolCall>,
}

#[derive(Deserialize)]
struct WireToolCall {
    #[serde(default)]
    index: Option<u32>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    function: WireFunction,
}

#[derive(Deserialize, Default)]
struct WireFunction {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    arguments: Option<String>,
}

/// Message content: a string, or (on some compatible servers) a list of text parts.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(text) => text.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect(),
        _ => String::new(),
    }
}

/// An empty `finish_reason` (some compatible servers send `""`) means none.
fn reason(value: Option<String>) -> Option<String> {
    value.filter(|r| !r.is_empty())
}

fn parse_response(body: &str) -> Result<Completion, CoreError> {
    let response: WireResponse = serde_json::from_str(body).map_err(|e| {
        CoreError::unreadable(PROVIDER, format!("not a chat completion: {e}"), body)
    })?;
    if response.error.is_some() && response.choices.is_empty() {
        let failure = failure(PROVIDER, body, OpenAI::read_error, None, None);
        return Err(CoreError::from_provider(failure, None));
    }
    let mut completion = Completion {
        model: response.model,
        usage: response.usage.unwrap_or_default().usage(),
        ..Completion::default()
    };
    if let Some(choice) = response.choices.into_iter().next() {
        completion.text = content_text(&choice.message.content);
        completion.stop_reason = reason(choice.finish_reason);
        completion.tool_calls = choice
            .message
            .tool_calls
            .into_iter()
            .enumerate()
            .map(|(i, call)| ToolCall {
                id: call.id.unwrap_or_else(|| format!("call_{i}")),
                name: call.function.name.unwrap_or_default(),
                arguments: call.function.arguments.unwrap_or_default(),
            })
            .collect();
    }
    Ok(completion)
}

#[derive(Deserialize)]
struct WireChunk {
    #[serde(default)]
    model: String,
    #[serde(default)]
    choices: Vec<WireChunkChoice>,
    #[serde(default)]
    usage: Option<WireUsage>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Deserialize)]
struct WireChunkChoice {
    #[serde(default)]
    delta: WireDelta,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize, Default)]
struct WireDelta {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tool_calls: Vec<WireToolCall>,
}

/// Folds `data:` chunks into text, tool calls (their arguments arrive in pieces) and `End`.
#[derive(Default)]
struct Decoder {
    model: String,
    usage: Usage,
    stop_reason: Option<String>,
    /// Tool calls by index: id, name and the arguments so far.
    calls: BTreeMap<u32, (String, String, String)>,
}

impl Decoder {
    fn flush_calls(&mut self, out: &mut VecDeque<Chunk>) {
        for (index, (id, name, arguments)) in std::mem::take(&mut self.calls) {
            out.push_back(Chunk::ToolCall(ToolCall {
                id: if id.is_empty() {
                    format!("call_{index}")
                } else {
                    id
                },
                name,
                arguments,
            }));
        }
    }

    fn end(&mut self, out: &mut VecDeque<Chunk>) {
        self.flush_calls(out);
        out.push_back(Chunk::End {
            usage: self.usage,
            stop_reason: self.stop_reason.take(),
            model: std::mem::take(&mut self.model),
        });
    }
}

impl Decode for Decoder {
    type Item = Event;

    fn held(&self) -> usize {
        let call = |(id, name, arguments): &(String, String, String)| {
            id.len() + name.len() + arguments.len()
        };
        self.calls.values().map(call).sum()
    }

    fn decode(&mut self, event: Event, out: &mut VecDeque<Chunk>) -> Result<(), CoreError> {
        let data = event.data.trim();
        if data.is_empty() {
            return Ok(());
        }
        if data == "[DONE]" {
            self.end(out);
            return Ok(());
        }
        let chunk: WireChunk = serde_json::from_str(data)
            .map_err(|e| CoreError::unreadable(PROVIDER, format!("bad stream chunk: {e}"), data))?;
        if chunk.error.is_some() {
            let failure = failure(PROVIDER, data, OpenAI::read_error, None, None);
            return Err(CoreError::from_provider(failure, None));
        }
        if !chunk.model.is_empty() {
            self.model = chunk.model;
        }
        if let Some(usage) = chunk.usage {
            self.usage = usage.usage();
        }
        for choice in chunk.choices {
            if let Some(text) = choice.delta.content.filter(|t| !t.is_empty()) {
                out.push_back(Chunk::Text(text));
            }
            for call in choice.delta.tool_calls {
                let entry = self.calls.entry(call.index.unwrap_or(0)).or_default();
                if let Some(id) = call.id {
                    entry.0 = id;
                }
                if let Some(name) = call.function.name {
                    entry.1.push_str(&name);
                }
                if let Some(arguments) = call.function.arguments {
                    entry.2.push_str(&arguments);
                }
            }
            if let Some(finish) = reason(choice.finish_reason) {
                self.stop_reason = Some(finish);
                self.flush_calls(out);
            }
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut VecDeque<Chunk>) -> Result<(), CoreError> {
        Err(CoreError::StreamInterrupted {
            provider: PROVIDER.to_string(),
            detail: "the connection closed before [DONE]".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(text: &str) -> Event {
        Event {
            event: "message".into(),
            data: text.into(),
            id: String::new(),
            retry: None,
        }
    }

    fn decode_all(d: &mut Decoder, lines: &[&str]) -> Vec<Chunk> {
        let mut out = VecDeque::new();
        for line in lines {
            d.decode(data(line), &mut out).unwrap();
        }
        out.into_iter().collect()
    }

    #[test]
    fn the_base_url_is_taken_as_the_sdks_take_it() {
        assert_eq!(
            chat_url("https://api.openai.com/v1"),
            "https://api.openai.com/v1/chat/completions"
        );
        assert_eq!(
            chat_url("https://openrouter.ai/api/v1"),
            "https://openrouter.ai/api/v1/chat/completions"
        );
        assert_eq!(
            chat_url("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080/v1/chat/completions"
        );
    }

    #[test]
    fn decodes_text_tool_calls_and_usage() {
        let mut d = Decoder::default();
        let chunks = decode_all(
            &mut d,
            &[
                r#"{"id":"c","model":"gpt-x","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}"#,
                r#"{"model":"gpt-x","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#,
                r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"plan","arguments":""}}]}}]}"#,
                r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]}}]}"#,
                r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}]}"#,
                r#"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
                r#"{"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}"#,
                "[DONE]",
            ],
        );
        assert_eq!(
            chunks,
            vec![
                Chunk::Text("Hi".into()),
                Chunk::ToolCall(ToolCall {
                    id: "call_1".into(),
                    name: "plan".into(),
                    arguments: r#"{"a":1}"#.into()
                }),
                Chunk::End {
                    usage: Usage {
                        input_tokens: 7,
                        output_tokens: 3
                    },
                    stop_reason: Some("tool_calls".into()),
                    model: "gpt-x".into(),
                },
            ]
        );
    }

    #[test]
    fn compatible_servers_quirks_do_not_fail() {
        let mut d = Decoder::default();
        let chunks = decode_all(
            &mut d,
            &[
                r#"{"choices":[{"delta":{"content":"ok","reasoning":"x"},"finish_reason":"","logprobs":{}}],"usage":{},"new":1}"#,
                r#"{"choices":[{"delta":{},"finish_reason":"eos_token"}]}"#,
                "[DONE]",
            ],
        );
        assert_eq!(
            chunks,
            vec![
                Chunk::Text("ok".into()),
                Chunk::End {
                    usage: Usage::default(),
                    stop_reason: Some("eos_token".into()),
                    model: String::new(),
                }
            ]
        );
        let err = Decoder::default().finish(&mut VecDeque::new()).unwrap_err();
        assert!(
            matches!(err, CoreError::StreamInterrupted { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn a_bad_chunk_keeps_its_raw_text_and_an_error_chunk_is_an_error() {
        let err = Decoder::default()
            .decode(data(r#"{"choices":[{"delta":"#), &mut VecDeque::new())
            .unwrap_err();
        assert!(
            err.to_string().contains(r#"{"choices":[{"delta":"#),
            "{err}"
        );
        let err = Decoder::default()
            .decode(
                data(r#"{"error":{"message":"Overloaded","type":"overloaded_error","code":null}}"#),
                &mut VecDeque::new(),
            )
            .unwrap_err();
        assert!(matches!(err, CoreError::Overloaded(_)), "{err:?}");
    }

    #[test]
    fn parses_a_response_leniently() {
        let c = parse_response(
            r#"{"model":"gpt-x","choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"plan","arguments":"{}"}}]},"finish_reason":""}],"usage":{}}"#,
        )
        .unwrap();
        assert_eq!(c.text, "");
        assert_eq!(c.stop_reason, None);
        assert_eq!(c.usage, Usage::default());
        assert_eq!(c.tool_calls[0].id, "call_9");
        let err =
            parse_response(r#"{"error":{"message":"busy","type":"server_error"}}"#).unwrap_err();
        assert!(matches!(err, CoreError::Unavailable(_)), "{err:?}");
    }

    #[test]
    fn error_bodies_of_openai_and_compatible_servers() {
        assert_eq!(
            OpenAI::read_error(
                r#"{"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}}"#
            ),
            Some(("invalid_api_key".into(), "Incorrect API key".into()))
        );
        assert_eq!(
            OpenAI::read_error(r#"{"error":{"message":"m","type":"server_error","code":null}}"#),
            Some(("server_error".into(), "m".into()))
        );
        assert_eq!(
            OpenAI::read_error(r#"{"detail":"Not Found"}"#),
            Some((String::new(), "Not Found".into()))
        );
        assert_eq!(OpenAI::read_error("Bad Gateway"), None);
    }
}
