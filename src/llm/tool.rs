//! Tools in MCP terms (a name, a description, a JSON Schema for the input) and calls of them.

use serde::Deserialize;
use serde_json::Value;

use crate::llm::json_schema;

#[derive(Debug, Clone, PartialEq)]
pub struct Tool {
    pub name: String,
    pub description: String,
    pub input_schema: Value,
}

impl Tool {
    /// A tool whose name every provider accepts and whose schema `schema` can validate.
    pub fn new(name: String, description: String, input_schema: Value) -> Result<Tool, String> {
        let valid_name = (1..=64).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid_name {
            return Err(format!(
                "tool name {name:?} is not usable: use 1 to 64 letters, digits, '_' or '-'"
            ));
        }
        if input_schema.get("type") != Some(&Value::from("object")) {
            return Err(format!(
                "the input schema of tool {name} must describe an object: set \"type\": \"object\""
            ));
        }
        json_schema::check(&input_schema)
            .map_err(|e| format!("the input schema of tool {name} is not usable: {e}"))?;
        Ok(Tool {
            name,
            description,
            input_schema,
        })
    }
}

/// A tool call as the provider sent it: `arguments` is the raw JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// How a model is made to answer with a tool's arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StructuredMode {
    /// A tool call the request forces (Anthropic `tool_choice`, OpenAI `tool_choice` function).
    ForcedTool,
    /// The schema as the answer's format (Anthropic `output_config.format`, OpenAI
    /// `response_format`, Ollama `format`): the answer is the JSON text itself.
    JsonSchema,
    /// The last resort when a server refuses both: the tool offered but not forced, and the
    /// prompt telling the model to call it.
    PromptedTool,
}

impl StructuredMode {
    const ALL: [StructuredMode; 3] = [
        StructuredMode::ForcedTool,
        StructuredMode::JsonSchema,
        StructuredMode::PromptedTool,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StructuredMode::ForcedTool => "forced_tool",
            StructuredMode::JsonSchema => "json_schema",
            StructuredMode::PromptedTool => "prompted_tool",
        }
    }

    pub fn from_name(name: &str) -> Option<StructuredMode> {
        Self::ALL.into_iter().find(|mode| mode.name() == name)
    }
}

/// What the config asks for (`structured_output`): one mode, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructuredSetting {
    /// The known or remembered mode first; a refusal of it is answered with the other mode,
    /// then with a prompted tool call.
    Auto,
    Only(StructuredMode),
}

impl StructuredSetting {
    /// The config values, in the order `docs/config.md` lists them.
    pub const NAMES: &'static [&'static str] = &["auto", "json_schema", "tool"];

    pub fn from_name(name: &str) -> Option<StructuredSetting> {
        match name {
            "auto" => Some(StructuredSetting::Auto),
            "json_schema" => Some(StructuredSetting::Only(StructuredMode::JsonSchema)),
            "tool" => Some(StructuredSetting::Only(StructuredMode::ForcedTool)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_and_schemas_are_checked_when_the_tool_is_made() {
        let object = json!({"type": "object"});
        assert!(Tool::new("plan_1".into(), "d".into(), object.clone()).is_ok());
        let err = Tool::new("no spaces".into(), "d".into(), object).unwrap_err();
        assert!(err.contains("letters, digits"), "{err}");
        let err = Tool::new("t".into(), "d".into(), json!({"type": "string"})).unwrap_err();
        assert!(err.contains("must describe an object"), "{err}");
        let err = Tool::new(
            "t".into(),
            "d".into(),
            json!({"type": "object", "properties": {"a": {"$ref": "#/x"}}}),
        )
        .unwrap_err();
        assert!(err.contains("$ref"), "{err}");
    }
}
