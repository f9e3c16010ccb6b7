//! Which base URL a provider is reached at.
//!
//! Precedence: `VIBECTL_<P>_BASE_URL`, then the config's `providers.<p>.base_url`, then the
//! provider's own variable (`ANTHROPIC_BASE_URL`, `OPENAI_BASE_URL`, `OLLAMA_HOST`), else the
//! public default. A provider of the user's own has no variable or default of its own.

use crate::config::Config;
use crate::providers::Provider;

/// The base URL of the provider called `name`, without a trailing slash; None for a provider
/// of the user's own with no `base_url` set.
pub fn base_url_for(name: &str, config: &Config) -> Option<String> {
    let configured = config.string(&format!("providers.{name}.base_url"));
    base_url_from(name, configured, |var| std::env::var(var).ok())
}

/// The variable that overrides every other setting of a provider's address.
pub fn override_var(name: &str) -> String {
    format!(
        "VIBECTL_{}_BASE_URL",
        name.to_ascii_uppercase().replace('-', "_")
    )
}

fn base_url_from(
    name: &str,
    configured: Option<String>,
    env: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let clean = |v: String| {
        let v = v.trim().trim_end_matches('/').to_string();
        (!v.is_empty()).then_some(v)
    };
    if let Some(url) = env(&override_var(name)).and_then(clean) {
        return Some(url);
    }
    if let Some(url) = configured.and_then(clean) {
        return Some(url);
    }
    let provider = Provider::from_name(name)?;
    Some(match env(provider.base_url_var()).and_then(clean) {
        Some(value) => provider.base_url_from_var(&value),
        None => provider.default_base_url().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn url(provider: Provider, vars: &[(&str, &str)]) -> String {
        configured_url(provider.name(), None, vars).unwrap()
    }

    fn configured_url(
        name: &str,
        configured: Option<&str>,
        vars: &[(&str, &str)],
    ) -> Option<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        base_url_from(name, configured.map(String::from), |var| {
            vars.get(var).cloned()
        })
    }

    #[test]
    fn the_config_sits_between_the_two_variables() {
        let gateway = Some("http://gateway:4000/v1/");
        assert_eq!(
            configured_url("openai", gateway, &[("OPENAI_BASE_URL", "http://env")]).unwrap(),
            "http://gateway:4000/v1"
        );
        assert_eq!(
            configured_url(
                "openai",
                gateway,
                &[("VIBECTL_OPENAI_BASE_URL", "http://mine")]
            )
            .unwrap(),
            "http://mine"
        );
        assert_eq!(
            configured_url("my-gw", gateway, &[]).unwrap(),
            "http://gateway:4000/v1"
        );
        assert_eq!(
            configured_url("my-gw", None, &[("VIBECTL_MY_GW_BASE_URL", "http://x")]).unwrap(),
            "http://x"
        );
        assert_eq!(configured_url("my-gw", None, &[]), None);
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
