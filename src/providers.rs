//! The LLM providers the core speaks to: the built-in ones, each a wire format whose type
//! states every fact about it (`wire::WireFormat`), and those the config names
//! (`[providers.NAME]` with a `kind`). Provider names are strings only at the edges.

pub mod anthropic;
pub mod endpoint;
pub mod ollama;
pub mod ollama_tags;
pub mod openai;
#[cfg(test)]
mod stream_properties;
pub mod wire;

use std::fmt;

use reqwest::header::HeaderMap;
use serde::Deserialize;

use crate::config::Config;
use crate::error::CoreError;
use crate::keys::check::KeyShape;
use crate::keys::ResolvedKey;
use crate::llm::tool::StructuredMode;
use wire::WireFormat;

/// Run `$body` with `$W` standing for the wire-format type of `$provider`.
macro_rules! with_wire_format {
    ($provider:expr, $W:ident => $body:expr) => {
        match $provider {
            $crate::providers::Provider::Anthropic => {
                type $W = $crate::providers::anthropic::Anthropic;
                $body
            }
            $crate::providers::Provider::OpenAI => {
                type $W = $crate::providers::openai::OpenAI;
                $body
            }
            $crate::providers::Provider::Ollama => {
                type $W = $crate::providers::ollama::Ollama;
                $body
            }
        }
    };
}
pub(crate) use with_wire_format;

/// The built-in providers, which are also the wire formats a `[providers.NAME]` may speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Anthropic,
    OpenAI,
    Ollama,
}

impl Provider {
    /// In the order a default model is looked for.
    pub const ALL: [Provider; 3] = [Provider::Anthropic, Provider::OpenAI, Provider::Ollama];

    /// The names of `ALL`, as config files and Python write them.
    pub const NAMES: [&'static str; 3] = {
        let mut names = [""; 3];
        let mut i = 0;
        while i < names.len() {
            names[i] = Provider::ALL[i].name();
            i += 1;
        }
        names
    };

    pub const fn name(self) -> &'static str {
        match self {
            Provider::Anthropic => "anthropic",
            Provider::OpenAI => "openai",
            Provider::Ollama => "ollama",
        }
    }

    pub fn from_name(name: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn base_url_var(self) -> &'static str {
        with_wire_format!(self, W => W::BASE_URL_VAR)
    }

    pub fn default_base_url(self) -> &'static str {
        with_wire_format!(self, W => W::DEFAULT_BASE_URL)
    }

    pub fn base_url_from_var(self, value: &str) -> String {
        with_wire_format!(self, W => W::base_url_from_var(value))
    }

    pub fn default_model(self) -> &'static str {
        with_wire_format!(self, W => W::DEFAULT_MODEL)
    }

    pub fn needs_key(self) -> bool {
        with_wire_format!(self, W => W::NEEDS_KEY)
    }

    pub fn key_shape(self) -> Option<KeyShape> {
        with_wire_format!(self, W => W::KEY_SHAPE)
    }

    pub fn structured_mode(self) -> StructuredMode {
        with_wire_format!(self, W => W::STRUCTURED_MODE)
    }

    pub fn models_url(self, base_url: &str) -> String {
        with_wire_format!(self, W => W::models_url(base_url))
    }

    pub fn headers(self, key: Option<&ResolvedKey>) -> Result<HeaderMap, CoreError> {
        with_wire_format!(self, W => W::headers(key))
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

pub fn is_builtin(name: &str) -> bool {
    Provider::from_name(name).is_some()
}

/// The built-in providers, then those the config names, without repeats.
pub fn known_providers(config: &Config) -> Vec<String> {
    let mut names: Vec<String> = Provider::NAMES.iter().map(|s| s.to_string()).collect();
    for name in config.names_under("providers") {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// A provider's wire format: its own for the built-in ones, `providers.NAME.kind` otherwise.
pub fn kind_of(name: &str, config: &Config) -> Option<Provider> {
    Provider::from_name(name).or_else(|| {
        config
            .string(&format!("providers.{name}.kind"))
            .and_then(|kind| Provider::from_name(&kind))
    })
}
