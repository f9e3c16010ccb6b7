//! The LLM providers the core speaks to: the built-in ones and those named in the config.

use std::fmt;

use crate::config::Config;

/// The wire formats, one per kind of provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    Anthropic,
}

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

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::Anthropic => "anthropic",
        }
    }

    /// The variable that overrides where the provider is reached.
    pub fn base_url_var(self) -> &'static str {
        match self {
            Provider::Anthropic => "ANTHROPIC_BASE_URL",
        }
    }

    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::Anthropic => "https://api.anthropic.com",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
