//! Offline checks of a key for the provider about to use it: catch what cannot possibly work.

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

/// `kind` is the provider's wire format (`anthropic`, `openai`, `ollama`); `builtin` is false
/// for a gateway of the user's, whose keys may look like anything.
pub fn check(kind: &str, builtin: bool, key: &str) -> Verdict {
    if key.chars().any(char::is_whitespace) {
        return Verdict::Bad("it contains whitespace".into());
    }
    if !key.chars().all(|c| c.is_ascii_graphic()) {
        return Verdict::Bad("it contains characters that cannot be sent in an HTTP header".into());
    }
    let lower = key.to_ascii_lowercase();
    let looks_filled_in = lower.contains('<') || lower.contains("...") || lower.contains('…');
    if looks_filled_in || (key.len() < 48 && PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))) {
        return Verdict::Bad("it looks like placeholder text, not a key".into());
    }
    if !builtin {
        return Verdict::Fine;
    }
    let (prefix, min) = match kind {
        "anthropic" => ("sk-ant-", 40),
        "openai" => ("sk-", 20),
        _ => return Verdict::Fine,
    };
    if kind == "openai" && key.starts_with("sk-ant-") {
        return Verdict::Suspicious(
            "it looks like an Anthropic key (sk-ant-…), not an OpenAI one".into(),
        );
    }
    if !key.starts_with(prefix) {
        return Verdict::Suspicious(format!(
            "{kind} keys start with {prefix}, this one does not"
        ));
    }
    if key.len() < min || key.len() > 400 {
        return Verdict::Suspicious(format!(
            "its length ({} characters) is unusual for {kind}",
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
        assert_eq!(check("anthropic", true, GOOD_ANTHROPIC), Verdict::Fine);
        assert_eq!(
            check("openai", true, "sk-proj-abcdefghijklmnopqrstuvwx"),
            Verdict::Fine
        );
        assert_eq!(check("openai", false, "litellm-master-1"), Verdict::Fine);
        assert_eq!(check("ollama", true, "anything"), Verdict::Fine);
    }

    #[test]
    fn impossible_keys_are_bad() {
        assert!(matches!(
            check("anthropic", true, "sk-ant-a b"),
            Verdict::Bad(_)
        ));
        assert!(matches!(
            check("anthropic", true, "sk-ant-…"),
            Verdict::Bad(_)
        ));
        assert!(matches!(
            check("openai", true, "sk-your-key-here"),
            Verdict::Bad(_)
        ));
        assert!(matches!(check("openai", false, "<key>"), Verdict::Bad(_)));
        assert!(matches!(
            check("anthropic", true, "sk-ant-é"),
            Verdict::Bad(_)
        ));
    }

    #[test]
    fn odd_keys_are_suspicious() {
        assert!(
            matches!(check("anthropic", true, "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD"), Verdict::Suspicious(m) if m.contains("sk-ant-"))
        );
        assert!(
            matches!(check("openai", true, GOOD_ANTHROPIC), Verdict::Suspicious(m) if m.contains("Anthropic"))
        );
        assert!(
            matches!(check("anthropic", true, "sk-ant-short"), Verdict::Suspicious(m) if m.contains("length"))
        );
    }
}
