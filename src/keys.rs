//! Where a provider's API key comes from. Keys live in `SecretString` until a header is built.

use secrecy::{ExposeSecret, SecretString};

use crate::error::CoreError;
use crate::provider::Provider;

/// A key and the name of the place it was found (a variable or file name, never the value).
pub struct ResolvedKey {
    pub secret: SecretString,
    pub source: String,
}

/// The variable vibectl reads a provider's key from, e.g. `VIBECTL_ANTHROPIC_API_KEY`.
pub fn key_var(provider: Provider) -> String {
    format!("VIBECTL_{}_API_KEY", provider.name().to_ascii_uppercase())
}

/// Every environment variable the core reads a key from: a child process must not inherit them.
pub fn secret_env_vars() -> Vec<String> {
    Provider::ALL.iter().map(|&p| key_var(p)).collect()
}

/// A recognisable but useless form of a secret, e.g. `sk-ant-…f3a9`.
pub fn fingerprint(secret: &str) -> String {
    let prefix = ["sk-ant-", "sk-proj-", "sk-"]
        .into_iter()
        .find(|p| secret.starts_with(p))
        .unwrap_or("");
    let chars: Vec<char> = secret.chars().collect();
    // Short secrets show nothing of their own: four characters of a short key is too much.
    if chars.len() < prefix.len() + 16 {
        return format!("{prefix}…");
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

/// The key for `provider`, needed to call `model`.
pub fn resolve(provider: Provider, model: &str) -> Result<ResolvedKey, CoreError> {
    let var = key_var(provider);
    let missing = |fix: String| CoreError::MissingKey {
        provider: provider.to_string(),
        model: model.to_string(),
        fix,
    };
    let Some(raw) = std::env::var_os(&var) else {
        return Err(missing(format!("set {var}, e.g. `export {var}=…`")));
    };
    let Some(text) = raw.to_str() else {
        return Err(CoreError::InvalidKey {
            provider: provider.to_string(),
            source_name: var,
            reason: "it is not valid UTF-8".into(),
        });
    };
    let secret = SecretString::from(text.trim());
    if secret.expose_secret().is_empty() {
        return Err(missing(format!(
            "{var} is set but empty; put the key in it"
        )));
    }
    Ok(ResolvedKey {
        secret,
        source: var,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_show_the_prefix_and_last_four() {
        assert_eq!(
            fingerprint("sk-ant-api03-abcdefghijklmnopf3a9"),
            "sk-ant-…f3a9"
        );
        assert_eq!(fingerprint("sk-ant-short"), "sk-ant-…");
        assert_eq!(fingerprint("0123456789abcdefXYZW"), "…XYZW");
        assert_eq!(fingerprint("tiny"), "…");
    }

    #[test]
    fn names_the_variable_per_provider() {
        assert_eq!(key_var(Provider::Anthropic), "VIBECTL_ANTHROPIC_API_KEY");
        assert!(secret_env_vars().contains(&"VIBECTL_ANTHROPIC_API_KEY".to_string()));
    }
}
