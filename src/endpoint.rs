//! Which base URL a provider is reached at.
//!
//! Precedence: `VIBECTL_<P>_BASE_URL`, then the provider's own variable (`ANTHROPIC_BASE_URL`,
//! `OPENAI_BASE_URL`, `OLLAMA_HOST`), else the public default. The config file's
//! `providers.<p>.base_url` belongs between the two variables.

use crate::provider::Provider;

/// The provider's base URL without a trailing slash.
pub fn base_url(provider: Provider) -> String {
    base_url_from(provider, |name| std::env::var(name).ok())
}

/// The variable that overrides every other setting of a provider's address.
pub fn override_var(provider: Provider) -> String {
    format!("VIBECTL_{}_BASE_URL", provider.name().to_ascii_uppercase())
}

fn base_url_from(provider: Provider, env: impl Fn(&str) -> Option<String>) -> String {
    let set = |name: &str| {
        env(name)
            .map(|v| v.trim().trim_end_matches('/').to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(url) = set(&override_var(provider)) {
        return url;
    }
    match set(provider.base_url_var()) {
        Some(host) if provider == Provider::Ollama => ollama_host(&host),
        Some(url) => url,
        None => provider.default_base_url().to_string(),
    }
}

/// `OLLAMA_HOST` as Ollama's own client reads it: `host`, `host:port` or a full URL.
fn ollama_host(value: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn url(provider: Provider, vars: &[(&str, &str)]) -> String {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        base_url_from(provider, |name| vars.get(name).cloned())
    }

    #[test]
    fn the_vibectl_variable_wins_then_the_providers_own_then_the_default() {
        assert_eq!(url(Provider::Anthropic, &[]), "https://api.anthropic.com");
        assert_eq!(
            url(
                Provider::OpenAI,
                &[("OPENAI_BASE_URL", "http://gw:4000/v1/")]
            ),
            "http://gw:4000/v1"
        );
        assert_eq!(
            url(
                Provider::OpenAI,
                &[
                    ("OPENAI_BASE_URL", "http://gw:4000/v1"),
                    ("VIBECTL_OPENAI_BASE_URL", "http://mine:1")
                ]
            ),
            "http://mine:1"
        );
        assert_eq!(
            url(Provider::Anthropic, &[("ANTHROPIC_BASE_URL", "  ")]),
            "https://api.anthropic.com"
        );
    }

    #[test]
    fn ollama_host_may_lack_scheme_and_port() {
        let host = |v: &str| url(Provider::Ollama, &[("OLLAMA_HOST", v)]);
        assert_eq!(url(Provider::Ollama, &[]), "http://127.0.0.1:11434");
        assert_eq!(host("gpu-box"), "http://gpu-box:11434");
        assert_eq!(host("0.0.0.0:8080"), "http://0.0.0.0:8080");
        assert_eq!(host("[::1]:9000"), "http://[::1]:9000");
        assert_eq!(host("[::1]"), "http://[::1]:11434");
        assert_eq!(
            host("https://ollama.example.com/"),
            "https://ollama.example.com"
        );
    }
}
