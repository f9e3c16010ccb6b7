//! Structured output as a tool call: ask for a tool's arguments, check them against its
//! schema, and give a wrong answer one repair attempt before failing with a clear error.

use std::time::Instant;

use serde_json::Value;

use crate::error::{excerpt, CoreError};
use crate::llm::completion::{Answer, Completion, Output, Repair, Request};
use crate::llm::json_schema;
use crate::llm::metrics::Metrics;
use crate::llm::model::Model;
use crate::llm::negotiated;
use crate::llm::tool::{StructuredMode, Tool};

/// Arguments for `tool`, asked for with `req`'s prompt and valid against the tool's schema.
///
/// The ways of asking (`Model::structured_modes`) are tried in order while the server refuses
/// one as unsupported (a 400 naming it); the one that worked after a refusal is remembered
/// for this provider, base URL and model (`negotiated`).
pub async fn call_tool(
    model: &Model,
    mut req: Request,
    tool: Tool,
) -> Result<(Value, Metrics), CoreError> {
    let base_url = model.base_url()?;
    let remembered = negotiated::recall(&model.provider_name, &base_url, &model.api_id);
    let modes = model.structured_modes(remembered);
    let started = Instant::now();
    let mut tried = modes.iter().copied().peekable();
    let (mode, first, metrics) = loop {
        let mode = tried.next().expect("structured_modes is never empty");
        req.output = Output::Tool {
            tool: tool.clone(),
            mode,
        };
        match model.collect(&req, started).await {
            Ok((first, metrics)) => break (mode, first, metrics),
            Err(err) => match tried.peek() {
                Some(next) if refuses(&err, mode) => log::info!(
                    "{}: {} refuses {} ({err}); asking with {} instead",
                    model.provider_name,
                    model.api_id,
                    mode.name(),
                    next.name()
                ),
                _ => return Err(err),
            },
        }
    };
    if mode != modes[0] {
        negotiated::remember(&model.provider_name, &base_url, &model.api_id, mode);
    }
    let problem = match read_arguments(&first, &tool, mode) {
        Ok(arguments) => return Ok((arguments, metrics)),
        Err(problem) => problem,
    };
    log::info!(
        "{}: the answer for tool {} was not usable ({}); asking once more",
        model.provider_name,
        tool.name,
        problem.what
    );
    let Problem { answer, what, .. } = *problem;
    req.repair = Some(Repair {
        error: format!(
            "Your previous answer cannot be used: {what}. {}",
            instruction(&tool, mode)
        ),
        answer,
    });
    let (second, more) = model.collect(&req, started).await?;
    let metrics = metrics.and_then(more);
    match read_arguments(&second, &tool, mode) {
        Ok(arguments) => Ok((arguments, metrics)),
        Err(problem) => Err(CoreError::ResponseFormat {
            provider: model.provider_name.clone(),
            detail: format!(
                "tool {}: {}, also after one repair attempt; a more capable model may follow the schema",
                tool.name, problem.what
            ),
            raw: excerpt(&problem.raw),
        }),
    }
}

/// Whether `err` is the server saying it does not take this way of asking: a 400 (or 422)
/// that names the parameter the mode sends.
fn refuses(err: &CoreError, mode: StructuredMode) -> bool {
    let CoreError::BadRequest(failure) = err else {
        return false;
    };
    if !matches!(failure.status, Some(400 | 422)) {
        return false;
    }
    let said = format!("{} {}", failure.kind, failure.message).to_ascii_lowercase();
    let names: &[&str] = match mode {
        StructuredMode::ForcedTool => &["tool_choice", "tool choice", "forced tool", "tool use"],
        StructuredMode::JsonSchema => &[
            "response_format",
            "json_schema",
            "json schema",
            "output_config",
            "output_format",
            "structured output",
        ],
        StructuredMode::PromptedTool => &["tools", "tool use", "function call"],
    };
    names.iter().any(|name| said.contains(name))
}

/// An answer that cannot be used, and what is wrong with it.
struct Problem {
    answer: Answer,
    what: String,
    raw: String,
}

fn instruction(tool: &Tool, mode: StructuredMode) -> String {
    match mode {
        StructuredMode::ForcedTool | StructuredMode::PromptedTool => format!(
            "Call `{}` again with arguments that match its input schema.",
            tool.name
        ),
        StructuredMode::JsonSchema => {
            "Answer again with only a JSON object that matches the schema.".to_string()
        }
    }
}

fn read_arguments(
    answer: &Completion,
    tool: &Tool,
    mode: StructuredMode,
) -> Result<Value, Box<Problem>> {
    let text_problem = |what: String, raw: &str| {
        Box::new(Problem {
            answer: Answer::Text(raw.to_string()),
            what,
            raw: raw.to_string(),
        })
    };
    let call = answer.tool_calls.iter().find(|c| c.name == tool.name);
    let text = || serde_json::from_str::<Value>(without_code_fence(&answer.text));
    let as_text = |arguments: Value| {
        (
            arguments,
            Answer::Text(answer.text.clone()),
            answer.text.clone(),
        )
    };
    let (arguments, as_answer, raw) = match (mode, call) {
        (StructuredMode::JsonSchema, _) => as_text(
            text()
                .map_err(|e| text_problem(format!("the answer is not JSON ({e})"), &answer.text))?,
        ),
        (_, Some(call)) => {
            let arguments: Value = serde_json::from_str(&call.arguments).map_err(|e| {
                text_problem(format!("the arguments are not JSON ({e})"), &call.arguments)
            })?;
            let as_answer = Answer::ToolCall {
                id: call.id.clone(),
                name: call.name.clone(),
                arguments: arguments.clone(),
            };
            (arguments, as_answer, call.arguments.clone())
        }
        // An unforced tool may come back as the arguments in JSON text instead of a call.
        (StructuredMode::PromptedTool, None) if text().is_ok() => {
            as_text(text().unwrap_or_default())
        }
        (_, None) => {
            return Err(text_problem(
                format!("the answer does not call `{}`", tool.name),
                &answer.text,
            ))
        }
    };
    let problems = json_schema::validate(&tool.input_schema, &arguments);
    if problems.is_empty() {
        return Ok(arguments);
    }
    Err(Box::new(Problem {
        answer: as_answer,
        what: format!(
            "the arguments do not match the schema: {}",
            problems.join("; ")
        ),
        raw,
    }))
}

/// Servers that ignore the format sometimes wrap the JSON in a Markdown code fence.
fn without_code_fence(text: &str) -> &str {
    let text = text.trim();
    let Some(inner) = text.strip_prefix("```").and_then(|t| t.strip_suffix("```")) else {
        return text;
    };
    inner
        .split_once('\n')
        .map_or(inner, |(_, body)| body)
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::tool::ToolCall;
    use serde_json::json;

    fn tool() -> Tool {
        Tool::new(
            "plan".into(),
            "d".into(),
            json!({"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}),
        )
        .unwrap()
    }

    fn called(arguments: &str) -> Completion {
        Completion {
            tool_calls: vec![ToolCall {
                id: "c1".into(),
                name: "plan".into(),
                arguments: arguments.into(),
            }],
            ..Completion::default()
        }
    }

    fn text(text: &str) -> Completion {
        Completion {
            text: text.into(),
            ..Completion::default()
        }
    }

    fn bad_request(message: &str) -> CoreError {
        CoreError::from_provider(
            crate::error::ProviderFailure {
                provider: "litellm".into(),
                url: String::new(),
                status: Some(400),
                kind: "400".into(),
                message: message.into(),
                request_id: None,
                hint: None,
            },
            None,
        )
    }

    #[test]
    fn a_refusal_is_a_400_that_names_what_the_mode_sends() {
        let litellm = bad_request(
            "litellm.UnsupportedParamsError: claude-sonnet-5-5 does not support forced tool use (tool_choice='required' or a named tool).",
        );
        assert!(refuses(&litellm, StructuredMode::ForcedTool));
        assert!(!refuses(&litellm, StructuredMode::JsonSchema));
        let openai = bad_request("openai does not support parameters: ['response_format']");
        assert!(refuses(&openai, StructuredMode::JsonSchema));
        assert!(!refuses(
            &bad_request("max_tokens is too large"),
            StructuredMode::ForcedTool
        ));
        let overloaded = crate::error::provider_error(529, "overloaded_error");
        assert!(!refuses(&overloaded, StructuredMode::ForcedTool));
    }

    #[test]
    fn an_unforced_tool_is_read_from_a_call_or_from_json_text() {
        let prompted = StructuredMode::PromptedTool;
        let from_call = read_arguments(&called(r#"{"n": 1}"#), &tool(), prompted);
        assert_eq!(from_call.ok(), Some(json!({"n": 1})));
        assert_eq!(
            read_arguments(&text(r#"{"n": 2}"#), &tool(), prompted).ok(),
            Some(json!({"n": 2}))
        );
        let p = read_arguments(&text("I would scale it."), &tool(), prompted)
            .err()
            .unwrap();
        assert_eq!(p.what, "the answer does not call `plan`");
    }

    #[test]
    fn valid_arguments_are_returned() {
        let forced = read_arguments(&called(r#"{"n": 2}"#), &tool(), StructuredMode::ForcedTool);
        assert_eq!(forced.ok(), Some(json!({"n": 2})));
        let fenced = read_arguments(
            &text("```json\n{\"n\": 3}\n```"),
            &tool(),
            StructuredMode::JsonSchema,
        );
        assert_eq!(fenced.ok(), Some(json!({"n": 3})));
    }

    #[test]
    fn each_kind_of_wrong_answer_says_what_is_wrong() {
        let what = |c: Completion, mode| read_arguments(&c, &tool(), mode).err().unwrap();
        let p = what(called(r#"{"n": "two"}"#), StructuredMode::ForcedTool);
        assert_eq!(
            p.what,
            "the arguments do not match the schema: /n: expected integer, got string"
        );
        assert!(matches!(p.answer, Answer::ToolCall { .. }));
        let p = what(called("{n: 2"), StructuredMode::ForcedTool);
        assert!(
            p.what.starts_with("the arguments are not JSON"),
            "{}",
            p.what
        );
        assert_eq!(p.answer, Answer::Text("{n: 2".into()));
        let p = what(text("I would scale it."), StructuredMode::ForcedTool);
        assert_eq!(p.what, "the answer does not call `plan`");
        let p = what(text("{}"), StructuredMode::JsonSchema);
        assert!(
            p.what.contains("missing required property \"n\""),
            "{}",
            p.what
        );
    }
}
