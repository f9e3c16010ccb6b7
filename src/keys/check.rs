//! Offline checks of a key for the provider about to use it: catch what cannot possibly work.

use crate::providers::Provider;

/// What a provider's own keys look like (each provider states its own, on its wire format).
#[derive(Clone, Copy, Debug)]
pub struct KeyShape {
    /// Whose keys these are, as people call them.
    pub vendor: &'static str,
    /// What every key starts with.
    pub prefix: &'static str,
    /// Longer prefixes some of its keys have, shown in fingerprints (e.g. `sk-proj-`).
    pub variants: &'static [&'static str],
    pub min_len: usize,
}

/// No provider's key is longer.
const MAX_LEN: usize = 400;

/// Every prefix a key may start with, the longest first: a key shows the first that fits.
pub fn known_prefixes() -> Vec<&'static str> {
    let mut prefixes: Vec<&'static str> = Provider::ALL
        .into_iter()
        .filter_map(Provider::key_shape)
        .flat_map(|shape| shape.variants.iter().copied().chain([shape.prefix]))
        .collect();
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    prefixes
}

/// What is wrong with a key: `Bad` stops the call, `Suspicious` is worth a warning.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Fine,
    Suspicious(String),
    Bad(String),
}

const PLACEHOLDER_WORDS: &[&str] = &[
    "your",
    "xxxx",
    "changeme",
    "placeholder",
    "insert",
    "paste",
    "replace",
    "todo",
    "dummy",
];

/// `builtin` is the built-in provider the key is for; None for a gateway of the user's, whose
/// keys may look like anything.
pub fn check(builtin: Option<Provider>, key: &str) -> Verdict {
    // Placeholders first: `<your key>` has a space too, but what is wrong with it is that it
    // was never filled in.
    let lower = key.to_lowercase();
    let looks_filled_in = lower.contains('<') || lower.contains("...") || lower.contains('…');
    if looks_filled_in || (key.len() < 48 && PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))) {
        return Verdict::Bad("it looks like placeholder text, not a key".into());
    }
    if key.chars().any(char::is_whitespace) {
        return Verdict::Bad("it contains whitespace".into());
    }
    if !key.chars().all(|c| c.is_ascii_graphic()) {
        return Verdict::Bad("it contains characters that cannot be sent in an HTTP header".into());
    }
    let Some((provider, shape)) = builtin.and_then(|p| Some((p, p.key_shape()?))) else {
        return Verdict::Fine;
    };
    let prefix = shape.prefix;
    // Another provider's key whose prefix starts with this one's (sk-ant-… for sk-…).
    let other = Provider::ALL
        .into_iter()
        .filter(|&p| p != provider)
        .filter_map(Provider::key_shape)
        .find(|other| other.prefix.starts_with(prefix) && key.starts_with(other.prefix));
    if let Some(other) = other {
        return Verdict::Suspicious(format!(
            "it looks like an {} key ({}…), not an {} one",
            other.vendor, other.prefix, shape.vendor
        ));
    }
    if !key.starts_with(prefix) {
        return Verdict::Suspicious(format!(
            "{provider} keys start with {prefix}, this one does not"
        ));
    }
    if key.len() < shape.min_len || key.len() > MAX_LEN {
        return Verdict::Suspicious(format!(
            "its length ({} characters) is unusual for {provider}",
            key.len()
        ));
    }
    Verdict::Fine
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD_ANTHROPIC: &str =
        "sk-ant-api03-Zq3kT9vR2mW8xN4bL6cJ1hF5dG7sA0eYuIoPqWeRtYuIoPaSdFgHjK";

    #[test]
    fn fine_keys_pass() {
        assert_eq!(
            check(Some(Provider::Anthropic), GOOD_ANTHROPIC),
            Verdict::Fine
        );
        assert_eq!(
            check(Some(Provider::OpenAI), "sk-proj-abcdefghijklmnopqrstuvwx"),
            Verdict::Fine
        );
        assert_eq!(check(None, "litellm-master-1"), Verdict::Fine);
        assert_eq!(check(Some(Provider::Ollama), "anything"), Verdict::Fine);
    }

    #[test]
    fn impossible_keys_are_bad() {
        assert!(matches!(
            check(Some(Provider::Anthropic), "sk-ant-a b"),
            Verdict::Bad(_)
        ));
        assert!(matches!(
            check(Some(Provider::Anthropic), "sk-ant-…"),
            Verdict::Bad(_)
        ));
        assert!(matches!(
            check(Some(Provider::OpenAI), "sk-your-key-here"),
            Verdict::Bad(_)
        ));
        assert!(matches!(check(None, "<key>"), Verdict::Bad(_)));
        assert!(matches!(
            check(Some(Provider::Anthropic), "sk-ant-é"),
            Verdict::Bad(_)
        ));
    }

    #[test]
    fn a_placeholder_is_named_one_even_with_spaces() {
        for placeholder in ["<your key>", "your api key", "paste key here", "sk-ant-…"] {
            assert_eq!(
                check(Some(Provider::Anthropic), placeholder),
                Verdict::Bad("it looks like placeholder text, not a key".into()),
                "{placeholder}"
            );
        }
    }

    #[test]
    fn odd_keys_are_suspicious() {
        assert!(
            matches!(check(Some(Provider::Anthropic), "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD"), Verdict::Suspicious(m) if m.contains("sk-ant-"))
        );
        assert!(
            matches!(check(Some(Provider::OpenAI), GOOD_ANTHROPIC), Verdict::Suspicious(m) if m.contains("Anthropic"))
        );
        assert!(
            matches!(check(Some(Provider::Anthropic), "sk-ant-short"), Verdict::Suspicious(m) if m.contains("length"))
        );
    }
}
