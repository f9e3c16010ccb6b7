//! Ollama's native chat API (`/api/chat`): request body, JSON answers, the NDJSON stream and
//! `{"error": ...}` bodies and lines.

use std::collections::VecDeque;

use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::CoreError;
use crate::http::chunks::{chunk_stream, Decode};
use crate::http::exchange::{bearer, failure, ByteStream};
use crate::http::ndjson;
use crate::keys::check::KeyShape;
use crate::keys::ResolvedKey;
use crate::llm::completion::{
    Answer, Chunk, ChunkStream, Completion, Output, Repair, Request, Usage,
};
use crate::llm::tool::{StructuredMode, ToolCall};
use crate::providers::wire::{system_and_user, text_repair, WireFormat};
use crate::providers::Provider;

const PROVIDER: Provider = Provider::Ollama;

pub struct Ollama;

impl WireFormat for Ollama {
    const BASE_URL_VAR: &'static str = "OLLAMA_HOST";
    const DEFAULT_BASE_URL: &'static str = "http://127.0.0.1:11434";
    const DEFAULT_MODEL: &'static str = "ollama:llama3.2";
    /// A local Ollama needs no key.
    const NEEDS_KEY: bool = false;
    const KEY_SHAPE: Option<KeyShape> = None;
    /// Ollama has no forced tool choice; `format` constrains the answer to the schema.
    const STRUCTURED_MODE: StructuredMode = StructuredMode::JsonSchema;

    /// `OLLAMA_HOST` as Ollama's own client reads it: `host`, `host:port` or a full URL.
    fn base_url_from_var(value: &str) -> String {
        if value.contains("://") {
            return value.to_string();
        }
        let has_port = match value.rsplit_once(':') {
            // An IPv6 address without a port ends in `]` or has no brackets at all.
            Some((host, port)) => {
                port.parse::<u16>().is_ok() && (!host.contains(':') || host.ends_with(']'))
            }
            None => false,
        };
        if has_port {
            format!("http://{value}")
        } else {
            format!("http://{value}:11434")
        }
    }

    fn url(base_url: &str) -> String {
        format!("{base_url}/api/chat")
    }

    fn models_url(base_url: &str) -> String {
        format!("{base_url}/api/tags")
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
                name, arguments, ..
            } => [
                json!({"role": "assistant", "content": "", "tool_calls": [
                    {"function": {"name": name, "arguments": arguments}}
                ]}),
                json!({"role": "tool", "tool_name": name, "content": repair.error}),
            ],
            Answer::Text(text) => text_repair(text, &repair.error),
        }
    }

    fn body(model: &str, req: &Request, messages: Vec<Value>, stream: bool) -> Value {
        let mut body = json!({
            "model": model,
            "messages": messages,
            "stream": stream,
            "options": {"num_predict": req.max_tokens},
        });
        // Ollama has no forced tool choice: `format` constrains the answer to the schema instead.
        if let Output::Tool { tool, .. } = &req.output {
            body["format"] = tool.input_schema.clone();
        }
        body
    }

    /// Ollama's `{"error": "..."}`; it has no error types.
    fn read_error(body: &str) -> Option<(String, String)> {
        #[derive(Deserialize)]
        struct ErrorBody {
            error: String,
        }
        let parsed: ErrorBody = serde_json::from_str(body).ok()?;
        Some((String::new(), parsed.error))
    }

    /// One JSON object, the same as the final line of a stream with all the text in it.
    fn parse(body: &str) -> Result<Completion, CoreError> {
        let line: WireLine = serde_json::from_str(body).map_err(|e| {
            CoreError::unreadable(PROVIDER, format!("not a chat response: {e}"), body)
        })?;
        let mut out = VecDeque::new();
        Decoder::default().take(line, body, &mut out)?;
        let mut completion = Completion::default();
        out.into_iter().for_each(|chunk| completion.absorb(chunk));
        Ok(completion)
    }

    fn decode(bytes: ByteStream, max_chars: usize) -> ChunkStream {
        chunk_stream(
            ndjson::lines(PROVIDER, bytes),
            Decoder::default(),
            PROVIDER,
            max_chars,
        )
    }
}

/// One object of `/api/chat`: a piece of the answer, the final one (`done`), or an error.
#[derive(Deserialize)]
struct WireLine {
    #[serde(default)]
    model: String,
    #[serde(default)]
    message: Option<WireMessage>,
    #[serde(default)]
    done: bool,
    #[serde(default)]
    done_reason: Option<String>,
    #[serde(default)]
    prompt_eval_count: Option<u64>,
    #[serde(default)]
    eval_count: Option<u64>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Deserialize)]
struct WireMessage {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tool_calls: Vec<WireToolCall>,
}

#[derive(Deserialize)]
struct WireToolCall {
    function: WireFunction,
}

#[derive(Deserialize)]
struct WireFunction {
    name: String,
    #[serde(default)]
    arguments: Value,
}

/// Folds NDJSON lines into text, tool calls and `End` (Ollama's lines carry no call ids, so the
/// calls are numbered).
#[derive(Default)]
struct Decoder {
    calls: usize,
}

impl Decoder {
    fn take(
        &mut self,
        line: WireLine,
        raw: &str,
        out: &mut VecDeque<Chunk>,
    ) -> Result<(), CoreError> {
        if line.error.is_some() {
            let failure = failure(PROVIDER, raw, Ollama::read_error, None, None);
            return Err(CoreError::from_provider(failure, None));
        }
        if let Some(message) = line.message {
            if let Some(text) = message.content.filter(|t| !t.is_empty()) {
                out.push_back(Chunk::Text(text));
            }
            for call in message.tool_calls {
                out.push_back(Chunk::ToolCall(ToolCall {
                    id: format!("call_{}", self.calls),
                    name: call.function.name,
                    arguments: call.function.arguments.to_string(),
                }));
                self.calls += 1;
            }
        }
        if line.done {
            out.push_back(Chunk::End {
                usage: Usage {
                    input_tokens: line.prompt_eval_count.unwrap_or(0),
                    output_tokens: line.eval_count.unwrap_or(0),
                },
                stop_reason: line.done_reason.filter(|r| !r.is_empty()),
                model: line.model,
            });
        }
        Ok(())
    }
}

impl Decode for Decoder {
    type Item = String;

    fn decode(&mut self, line: String, out: &mut VecDeque<Chunk>) -> Result<(), CoreError> {
        let parsed: WireLine = serde_json::from_str(&line)
            .map_err(|e| CoreError::unreadable(PROVIDER, format!("bad stream line: {e}"), &line))?;
        self.take(parsed, &line, out)
    }

    fn finish(&mut self, _out: &mut VecDeque<Chunk>) -> Result<(), CoreError> {
        Err(CoreError::StreamInterrupted {
            provider: PROVIDER.to_string(),
            detail: "the connection closed before the line with \"done\": true".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::wire::request_body;

    fn decode_all(lines: &[&str]) -> Result<Vec<Chunk>, CoreError> {
        let mut d = Decoder::default();
        let mut out = VecDeque::new();
        for line in lines {
            d.decode(line.to_string(), &mut out)?;
        }
        Ok(out.into_iter().collect())
    }

    #[test]
    fn decodes_text_tool_calls_and_counts() {
        let chunks = decode_all(&[
            r#"{"model":"llama3","created_at":"t","message":{"role":"assistant","content":"Hi"},"done":false}"#,
            r#"{"model":"llama3","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"plan","arguments":{"a":1}}}]},"done":false}"#,
            r#"{"model":"llama3","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":12,"eval_count":4,"total_duration":5}"#,
        ])
        .unwrap();
        assert_eq!(
            chunks,
            vec![
                Chunk::Text("Hi".into()),
                Chunk::ToolCall(ToolCall {
                    id: "call_0".into(),
                    name: "plan".into(),
                    arguments: r#"{"a":1}"#.into()
                }),
                Chunk::End {
                    usage: Usage {
                        input_tokens: 12,
                        output_tokens: 4
                    },
                    stop_reason: Some("stop".into()),
                    model: "llama3".into(),
                },
            ]
        );
    }

    #[test]
    fn error_lines_and_bad_lines() {
        let err = decode_all(&[r#"{"error":"model requires more system memory"}"#]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ollama reported an error: model requires more system memory"
        );
        let err = decode_all(&[r#"{"message":{"content":"#]).unwrap_err();
        assert!(
            err.to_string().contains(r#"{"message":{"content":"#),
            "{err}"
        );
    }

    #[test]
    fn the_schema_goes_in_format() {
        let tool =
            crate::llm::tool::Tool::new("plan".into(), "d".into(), json!({"type": "object"}))
                .unwrap();
        let req = Request {
            system: "s".into(),
            user: "u".into(),
            max_tokens: 5,
            output: Output::Tool {
                tool,
                mode: crate::llm::tool::StructuredMode::JsonSchema,
            },
            repair: None,
        };
        let body = request_body::<Ollama>("llama3", &req, false);
        assert_eq!(body["format"], json!({"type": "object"}));
        assert_eq!(body["options"]["num_predict"], 5);
        assert_eq!(body["stream"], false);
    }
}
