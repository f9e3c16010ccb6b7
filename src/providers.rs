//! The LLM providers the core speaks to: the wire formats, the built-in providers, and those
//! the config names (`[providers.NAME]` with a `kind`).

pub mod anthropic;
pub mod endpoint;
pub mod ollama;
pub mod openai;
#[cfg(test)]
mod stream_properties;
pub mod wire;

use std::fmt;

use serde::Deserialize;

use crate::config::Config;

/// Providers that need no configuration; others are `[providers.NAME]` with a `kind`.
pub const BUILTIN: &[&str] = &["anthropic", "openai", "ollama"];

pub fn is_builtin(name: &str) -> bool {
    BUILTIN.contains(&name)
}

/// The built-in providers, then those the config names, without repeats.
pub fn known_providers(config: &Config) -> Vec<String> {
    let mut names: Vec<String> = BUILTIN.iter().map(|s| s.to_string()).collect();
    for name in config.names_under("providers") {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// A provider's wire format: its own for the built-in ones, `providers.NAME.kind` otherwise.
pub fn kind_of(name: &str, config: &Config) -> Option<String> {
    if is_builtin(name) {
        return Some(name.to_string());
    }
    config.string(&format!("providers.{name}.kind"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Anthropic,
    OpenAI,
    Ollama,
}

impl Provider {
    pub const ALL: &'static [Provider] = &[Provider::Anthropic, Provider::OpenAI, Provider::Ollama];

    pub fn name(self) -> &'static str {
        match self {
            Provider::Anthropic => "anthropic",
            Provider::OpenAI => "openai",
            Provider::Ollama => "ollama",
        }
    }

    pub fn from_name(name: &str) -> Option<Provider> {
        Provider::ALL.iter().copied().find(|p| p.name() == name)
    }

    /// The variable other tools already use for the provider's address (the SDKs', Ollama's).
    pub fn base_url_var(self) -> &'static str {
        match self {
            Provider::Anthropic => "ANTHROPIC_BASE_URL",
            Provider::OpenAI => "OPENAI_BASE_URL",
            Provider::Ollama => "OLLAMA_HOST",
        }
    }

    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::Anthropic => "https://api.anthropic.com",
            Provider::OpenAI => "https://api.openai.com/v1",
            Provider::Ollama => "http://127.0.0.1:11434",
        }
    }

    /// A local Ollama needs no key; one is sent only when the user set it (e.g. behind a proxy).
    pub fn needs_key(self) -> bool {
        !matches!(self, Provider::Ollama)
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
