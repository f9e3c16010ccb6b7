//! What goes into a model call and what comes out, independent of any provider's wire format.

use std::borrow::Cow;
use std::pin::Pin;

use futures_util::Stream;
use serde_json::Value;

use crate::error::CoreError;
use crate::llm::tool::{StructuredMode, Tool, ToolCall};

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub system: String,
    /// The user turn: the prompt's fragments with its resources, rendered (`prompt`).
    pub user: String,
    pub max_tokens: u32,
    pub output: Output,
    /// A second turn that sends a wrong answer back with what is wrong with it.
    pub repair: Option<Repair>,
}

/// What the answer has to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Text,
    /// The arguments of `tool`, obtained the way `mode` says.
    Tool {
        tool: Tool,
        mode: StructuredMode,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    pub answer: Answer,
    /// What is wrong with the answer and what to do instead, addressed to the model.
    pub error: String,
}

/// A model's answer to a tool request, as it is sent back in a repair turn.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A call of the tool whose arguments are JSON but do not fit the schema.
    ToolCall {
        id: String,
        name: String,
        arguments: Value,
    },
    /// Text: no tool call, or arguments that are not JSON.
    Text(String),
}

impl Request {
    /// The system prompt, plus what to answer with when the request itself cannot force it
    /// (the schema as an output format, a tool offered but not forced).
    pub fn system_text(&self) -> Cow<'_, str> {
        let Output::Tool { tool, mode } = &self.output else {
            return Cow::Borrowed(&self.system);
        };
        let answer = match mode {
            StructuredMode::JsonSchema => "with one JSON object only: the arguments of",
            StructuredMode::PromptedTool => "only by calling the tool",
            StructuredMode::ForcedTool => return Cow::Borrowed(&self.system),
        };
        Cow::Owned(format!(
            "{}\n\nAnswer {answer} `{}` ({}).",
            self.system, tool.name, tool.description
        ))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    pub text: String,
    pub tool_calls: Vec<ToolCall>,
    /// The model the provider says answered (it may differ from the alias asked for).
    pub model: String,
    pub stop_reason: Option<String>,
    pub usage: Usage,
}

impl Completion {
    /// The answer as the chunks a stream of it would have carried.
    pub fn into_chunks(self) -> Vec<Chunk> {
        let mut chunks = Vec::with_capacity(self.tool_calls.len() + 2);
        if !self.text.is_empty() {
            chunks.push(Chunk::Text(self.text));
        }
        chunks.extend(self.tool_calls.into_iter().map(Chunk::ToolCall));
        chunks.push(Chunk::End {
            usage: self.usage,
            stop_reason: self.stop_reason,
            model: self.model,
        });
        chunks
    }

    /// Add one streamed chunk to the answer.
    pub fn absorb(&mut self, chunk: Chunk) {
        match chunk {
            Chunk::Text(text) => self.text.push_str(&text),
            Chunk::ToolCall(call) => self.tool_calls.push(call),
            Chunk::End {
                usage,
                stop_reason,
                model,
            } => {
                self.usage = usage;
                self.stop_reason = stop_reason;
                self.model = model;
            }
        }
    }
}

/// One piece of a streamed completion: text and tool calls as they complete, then one `End`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    Text(String),
    ToolCall(ToolCall),
    End {
        usage: Usage,
        stop_reason: Option<String>,
        model: String,
    },
}

pub type ChunkStream = Pin<Box<dyn Stream<Item = Result<Chunk, CoreError>> + Send>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_answer_as_chunks_absorbs_back_into_itself() {
        let whole = Completion {
            text: "Scaling.".into(),
            tool_calls: vec![ToolCall {
                id: "c1".into(),
                name: "plan".into(),
                arguments: "{}".into(),
            }],
            model: "m".into(),
            stop_reason: Some("tool_use".into()),
            usage: Usage {
                input_tokens: 3,
                output_tokens: 4,
            },
        };
        let mut again = Completion::default();
        for chunk in whole.clone().into_chunks() {
            again.absorb(chunk);
        }
        assert_eq!(again, whole);
    }
}
