//! Structured output as a tool call: ask for a tool's arguments, check them against its
//! schema, and give a wrong answer one repair attempt before failing with a clear error.

use std::time::Instant;

use serde_json::Value;

use crate::error::{excerpt, CoreError};
use crate::llm::completion::{Answer, Completion, Output, Repair, Request};
use crate::llm::json_schema;
use crate::llm::metrics::Metrics;
use crate::llm::model::Model;
use crate::llm::tool::{StructuredMode, Tool};

/// Arguments for `tool`, asked for with `req`'s prompt and valid against the tool's schema.
pub async fn call_tool(
    model: &Model,
    mut req: Request,
    tool: Tool,
) -> Result<(Value, Metrics), CoreError> {
    let mode = model.structured_mode();
    req.output = Output::Tool {
        tool: tool.clone(),
        mode,
    };
    let started = Instant::now();
    let (first, metrics) = model.collect(&req, started).await?;
    let problem = match read_arguments(&first, &tool, mode) {
        Ok(arguments) => return Ok((arguments, metrics)),
        Err(problem) => problem,
    };
    log::info!(
        "{}: the answer for tool {} was not usable ({}); asking once more",
        model.provider,
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
            provider: model.provider.to_string(),
            detail: format!(
                "tool {}: {}, also after one repair attempt; a more capable model may follow the schema",
                tool.name, problem.what
            ),
            raw: excerpt(&problem.raw),
        }),
    }
}

/// An answer that cannot be used, and what is wrong with it.
struct Problem {
    answer: Answer,
    what: String,
    raw: String,
}

fn instruction(tool: &Tool, mode: StructuredMode) -> String {
    match mode {
        StructuredMode::ForcedTool => format!(
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
    let (arguments, as_answer, raw) = match mode {
        StructuredMode::ForcedTool => {
            let Some(call) = answer.tool_calls.iter().find(|c| c.name == tool.name) else {
                return Err(text_problem(
                    format!("the answer does not call `{}`", tool.name),
                    &answer.text,
                ));
            };
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
        StructuredMode::JsonSchema => {
            let arguments: Value = serde_json::from_str(without_code_fence(&answer.text))
                .map_err(|e| text_problem(format!("the answer is not JSON ({e})"), &answer.text))?;
            (
                arguments,
                Answer::Text(answer.text.clone()),
                answer.text.clone(),
            )
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
