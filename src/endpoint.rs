//! Which base URL a provider is reached at.

use crate::config::Config;
use crate::provider::{kind_of, Provider};

/// The variable each built-in provider's own tools read for a base URL.
fn conventional_var(name: &str) -> Option<&'static str> {
    match name {
        "anthropic" => Some("ANTHROPIC_BASE_URL"),
        "openai" => Some("OPENAI_BASE_URL"),
        "ollama" => Some("OLLAMA_HOST"),
        _ => None,
    }
}

fn default_for_kind(kind: &str) -> Option<&'static str> {
    match kind {
        "anthropic" => Some("https://api.anthropic.com"),
        "openai" => Some("https://api.openai.com/v1"),
        "ollama" => Some("http://127.0.0.1:11434"),
        _ => None,
    }
}

fn clean(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    if url.is_empty() {
        return None;
    }
    // OLLAMA_HOST is often `host:port` without a scheme.
    Some(if url.contains("://") {
        url.to_string()
    } else {
        format!("http://{url}")
    })
}

/// `VIBECTL_<P>_BASE_URL`, else config `providers.<p>.base_url`, else the provider's own variable
/// (`ANTHROPIC_BASE_URL`, `OPENAI_BASE_URL`, `OLLAMA_HOST`), else the public default.
pub fn base_url_for(name: &str, config: &Config) -> Option<String> {
    let stem = name.to_ascii_uppercase().replace('-', "_");
    std::env::var(format!("VIBECTL_{stem}_BASE_URL"))
        .ok()
        .and_then(|v| clean(&v))
        .or_else(|| {
            config
                .string(&format!("providers.{name}.base_url"))
                .and_then(|v| clean(&v))
        })
        .or_else(|| {
            conventional_var(name)
                .and_then(|var| std::env::var(var).ok())
                .and_then(|v| clean(&v))
        })
        .or_else(|| {
            kind_of(name, config)
                .filter(|_| conventional_var(name).is_some())
                .and_then(|k| default_for_kind(&k))
                .map(String::from)
        })
}

/// The base URL of a built-in wire format's provider.
pub fn base_url(provider: Provider, config: &Config) -> String {
    base_url_for(provider.name(), config).unwrap_or_else(|| provider.default_base_url().to_string())
}
