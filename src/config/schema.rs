//! The config schema, defined once: every key, its type, default, allowed values and meaning.
//!
//! `docs/config.md` is checked against this table by a test; the typed `Config`, `config set`
//! and the older-YAML mapping all go through it.

use toml::Value;

use crate::llm::tool::StructuredSetting;
use crate::providers::Provider;

/// What a key holds. `*` in a key stands for one name chosen by the user (a provider, an alias).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Str,
    /// An http(s) URL.
    Url,
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    Float {
        min: f64,
        max: f64,
    },
    Choice(&'static [&'static str]),
    /// A table whose keys the user chooses (quoted when they hold dots) and whose values are
    /// each one of the choices.
    ChoiceTable(&'static [&'static str]),
    StrList,
    /// A command as an argument list: run directly, never through a shell.
    Argv,
    /// A string that is never shown in full.
    Secret,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Default {
    Unset,
    Str(&'static str),
    Bool(bool),
    Int(i64),
    Float(f64),
    EmptyList,
}

pub struct KeySpec {
    pub key: &'static str,
    pub kind: Kind,
    pub default: Default,
    pub doc: &'static str,
}

pub const THEMES: &[&str] = &["default", "dark", "light", "accessible"];

const fn spec(key: &'static str, kind: Kind, default: Default, doc: &'static str) -> KeySpec {
    KeySpec {
        key,
        kind,
        default,
        doc,
    }
}

pub const SCHEMA: &[KeySpec] = &[
    spec("core.kubeconfig", Kind::Str, Default::Unset, "kubeconfig passed to kubectl as --kubeconfig, unless the command line gives one"),
    spec("core.kubectl_command", Kind::Str, Default::Str("kubectl"), "the kubectl program to run (a name on PATH or a path)"),
    spec("llm.model", Kind::Str, Default::Unset, "the model name or alias; unset: a current model of the first provider that is set up (anthropic or openai with a key; ollama with a key, OLLAMA_HOST or [providers.ollama])"),
    spec("llm.fallbacks", Kind::StrList, Default::EmptyList, "models tried in order when the chosen one has no key, is unreachable, or stays overloaded or rate-limited"),
    spec("llm.max_retries", Kind::Int { min: 0, max: 10 }, Default::Int(2), "retries after a failed attempt (connection errors, 408, 429, 5xx, 529)"),
    spec("llm.max_retry_wait", Kind::Float { min: 0.0, max: 600.0 }, Default::Float(30.0), "longest retry-after, in seconds, that is waited for; a longer one fails at once"),
    spec("llm.connect_timeout", Kind::Float { min: 0.1, max: 600.0 }, Default::Float(10.0), "seconds to wait for a connection to the provider"),
    spec("llm.first_byte_timeout", Kind::Float { min: 0.1, max: 3600.0 }, Default::Float(120.0), "seconds to wait for the provider's first byte (without streaming, the whole answer comes first)"),
    spec("llm.max_reply_chars", Kind::Int { min: 1000, max: 100_000_000 }, Default::Int(200_000), "the longest reply, in characters: a streamed one is cut there with a notice; a reply body is read to 4 bytes a character plus 1 MiB at most (see Limits)"),
    spec("llm.idle_timeout", Kind::Float { min: 0.1, max: 3600.0 }, Default::Float(60.0), "seconds of silence tolerated between two chunks of an answer"),
    spec("llm.input_budget", Kind::Int { min: 500, max: 10_000_000 }, Default::Int(8000), "tokens of kubectl's output a prompt may carry, never more than a quarter of the model's context window; what does not fit is reduced (docs/verbs.md)"),
    spec("providers.*.kind", Kind::Choice(&Provider::NAMES), Default::Unset, "the wire format; anthropic, openai and ollama imply their own, other names need it"),
    spec("providers.*.base_url", Kind::Url, Default::Unset, "where the provider is reached, e.g. a LiteLLM or vLLM gateway"),
    spec("providers.*.structured_output", Kind::Choice(StructuredSetting::NAMES), Default::Str("auto"), "how the planner gets structured answers from this provider's models: json_schema (the schema as the answer format), tool (a forced tool call) or auto (negotiated, see docs/models.md)"),
    spec("providers.*.structured_output_by_model", Kind::ChoiceTable(StructuredSetting::NAMES), Default::Unset, "structured_output for single models, by the id the provider's API takes, e.g. { \"team-sonnet\" = \"json_schema\" }"),
    spec("providers.*.key", Kind::Secret, Default::Unset, "the API key itself (prefer key_file or key_command)"),
    spec("providers.*.key_file", Kind::Str, Default::Unset, "a file holding the API key (~ is expanded)"),
    spec("providers.*.key_command", Kind::Argv, Default::Unset, "a command whose first line of output is the API key, e.g. [\"pass\", \"show\", \"anthropic\"]"),
    spec("models.aliases.*", Kind::Str, Default::Unset, "a name of your own for a model, e.g. fast = \"claude-haiku-5-5\""),
    spec("display.theme", Kind::Choice(THEMES), Default::Str("default"), "colour theme of the terminal output"),
    spec("display.show_raw_output", Kind::Bool, Default::Bool(false), "print kubectl's own output before the summary"),
    spec("display.show_vibe", Kind::Bool, Default::Bool(true), "print the model's summary"),
    spec("display.show_kubectl", Kind::Bool, Default::Bool(false), "print the kubectl command that runs"),
    spec("display.show_metrics", Kind::Bool, Default::Bool(false), "print tokens, latency and retries of each model call"),
    spec("display.stream", Kind::Bool, Default::Bool(true), "show the summary as it arrives"),
    spec("memory.enabled", Kind::Bool, Default::Bool(true), "keep a memory between invocations and give it to the model"),
    spec("memory.max_chars", Kind::Int { min: 100, max: 100_000 }, Default::Int(1000), "the longest the memory may grow, in characters"),
    spec("system.custom_instructions", Kind::Str, Default::Unset, "instructions added to every prompt"),
    spec("system.max_instructions_chars", Kind::Int { min: 100, max: 1_000_000 }, Default::Int(20_000), "the longest custom instructions sent, in characters; longer ones are cut there, with a notice"),
];

/// Whether `key` (e.g. `providers.anthropic.key`) fits `pattern` (e.g. `providers.*.key`).
fn fits(pattern: &str, key: &str) -> bool {
    let (p, k): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), key.split('.').collect());
    p.len() == k.len() && p.iter().zip(&k).all(|(p, k)| *p == "*" || p == k)
}

pub fn lookup(key: &str) -> Option<&'static KeySpec> {
    SCHEMA.iter().find(|s| fits(s.key, key))
}

/// Whether some key lies below `prefix` (so a table there is a section, not a value).
pub fn is_section(prefix: &str) -> bool {
    let depth = prefix.split('.').count();
    SCHEMA.iter().any(|s| {
        let pattern: Vec<&str> = s.key.split('.').collect();
        pattern.len() > depth && fits(&pattern[..depth].join("."), prefix)
    })
}

/// A user-chosen name (provider, alias) must be a plain word, so it can be a variable name too.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The sentence that ends an unknown-key error: the closest key, when one is close.
pub fn suggestion(key: &str) -> String {
    let segments: Vec<&str> = key.split('.').collect();
    let candidates = SCHEMA.iter().map(|s| {
        // Fill wildcards with the user's own names, so `providers.antropic.key_fiel` suggests
        // `providers.antropic.key_file` rather than a pattern with a star.
        s.key
            .split('.')
            .enumerate()
            .map(|(i, part)| {
                if part == "*" {
                    segments.get(i).copied().unwrap_or("NAME")
                } else {
                    part
                }
            })
            .collect::<Vec<_>>()
            .join(".")
    });
    let best = candidates
        .map(|c| (strsim::damerau_levenshtein(&c, key), c))
        .min_by_key(|(distance, _)| *distance);
    match best {
        Some((distance, c)) if distance <= key.len().max(4) / 3 + 1 => format!("did you mean {c}?"),
        _ => "see `vibectl config show` for the keys".to_string(),
    }
}

/// Check one value against its key's kind; the error is the tail of a one-line message.
pub fn check(spec: &KeySpec, value: &Value) -> Result<(), String> {
    // A URL's password is masked even in an error about it.
    let shown = match value {
        Value::String(s) if spec.kind == Kind::Url => {
            format!("{:?}", crate::http::shown_url::shown(s))
        }
        _ => value.to_string(),
    };
    let want = |what: &str| Err(format!("{shown} is not {what}"));
    match (spec.kind, value) {
        (Kind::Str | Kind::Secret, Value::String(_)) | (Kind::Bool, Value::Boolean(_)) => Ok(()),
        (Kind::Url, Value::String(s)) => match reqwest::Url::parse(s) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
            _ => want("an http:// or https:// URL"),
        },
        (Kind::Int { min, max }, Value::Integer(n)) if (min..=max).contains(n) => Ok(()),
        (Kind::Int { min, max }, _) => want(&format!("a whole number from {min} to {max}")),
        (Kind::Float { min, max }, Value::Float(x)) if (min..=max).contains(x) => Ok(()),
        (Kind::Float { min, max }, Value::Integer(n)) if (min..=max).contains(&(*n as f64)) => {
            Ok(())
        }
        (Kind::Float { min, max }, _) => want(&format!("a number from {min} to {max}")),
        (Kind::Choice(allowed), Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        (Kind::Choice(allowed), _) => want(&format!("allowed; use one of: {}", allowed.join(", "))),
        (Kind::ChoiceTable(allowed), Value::Table(table)) => {
            match table
                .iter()
                .find(|(_, v)| !v.as_str().is_some_and(|s| allowed.contains(&s)))
            {
                None => Ok(()),
                Some((name, v)) => Err(format!(
                    "{name:?} = {v} is not allowed; use one of: {}",
                    allowed.join(", ")
                )),
            }
        }
        (Kind::ChoiceTable(allowed), _) => want(&format!(
            "a table of model = mode, e.g. {{ \"a-model\" = \"{}\" }}",
            allowed[0]
        )),
        (Kind::StrList, Value::Array(items)) if items.iter().all(Value::is_str) => Ok(()),
        (Kind::Argv, Value::Array(items))
            if !items.is_empty() && items.iter().all(Value::is_str) =>
        {
            Ok(())
        }
        (Kind::StrList, _) => want("a list of strings, e.g. [\"a\", \"b\"]"),
        (Kind::Argv, _) => want(
            "a command as a non-empty list of strings, e.g. [\"pass\", \"show\", \"anthropic\"]",
        ),
        (Kind::Bool, _) => want("true or false"),
        (Kind::Str | Kind::Url | Kind::Secret, _) => want("a string"),
    }
}

/// The default as a TOML value, when there is one.
pub fn default_value(spec: &KeySpec) -> Option<Value> {
    match spec.default {
        Default::Unset => None,
        Default::Str(s) => Some(Value::String(s.into())),
        Default::Bool(b) => Some(Value::Boolean(b)),
        Default::Int(n) => Some(Value::Integer(n)),
        Default::Float(x) => Some(Value::Float(x)),
        Default::EmptyList => Some(Value::Array(Vec::new())),
    }
}

/// How a kind is described to users (in errors, `docs/config.md` and `config show`).
pub fn describe(kind: Kind) -> String {
    match kind {
        Kind::Str => "string".into(),
        Kind::Url => "URL".into(),
        Kind::Bool => "boolean".into(),
        Kind::Int { min, max } => format!("integer {min}–{max}"),
        Kind::Float { min, max } => format!("number {min}–{max}"),
        Kind::Choice(allowed) => format!("one of {}", allowed.join(", ")),
        Kind::ChoiceTable(allowed) => format!("table of model = one of {}", allowed.join(", ")),
        Kind::StrList => "list of strings".into(),
        Kind::Argv => "command (list of strings)".into(),
        Kind::Secret => "secret string".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_segment() {
        assert_eq!(
            lookup("providers.anthropic.key_file").unwrap().key,
            "providers.*.key_file"
        );
        assert_eq!(
            lookup("models.aliases.fast").unwrap().key,
            "models.aliases.*"
        );
        assert!(lookup("providers.anthropic").is_none());
        assert!(is_section("providers.anthropic"));
        assert!(is_section("display"));
        assert!(!is_section("display.theme"));
    }

    #[test]
    fn suggests_the_closest_key() {
        assert_eq!(suggestion("display.them"), "did you mean display.theme?");
        assert_eq!(
            suggestion("providers.anthropic.keyfile"),
            "did you mean providers.anthropic.key_file?"
        );
        assert_eq!(
            suggestion("zzz.qqqqqq"),
            "see `vibectl config show` for the keys"
        );
    }

    #[test]
    fn checks_values_by_kind() {
        let theme = lookup("display.theme").unwrap();
        assert!(check(theme, &Value::String("dark".into())).is_ok());
        assert_eq!(
            check(theme, &Value::String("neon".into())).unwrap_err(),
            "\"neon\" is not allowed; use one of: default, dark, light, accessible"
        );
        let retries = lookup("llm.max_retries").unwrap();
        assert!(check(retries, &Value::Integer(11)).is_err());
        let url = lookup("providers.x.base_url").unwrap();
        assert!(check(url, &Value::String("ftp://x".into())).is_err());
        assert!(check(url, &Value::String("http://127.0.0.1:4000/v1".into())).is_ok());
        let argv = lookup("providers.x.key_command").unwrap();
        assert!(check(argv, &Value::Array(vec![])).is_err());
    }

    #[test]
    fn names_are_plain_words() {
        assert!(valid_name("litellm"));
        assert!(valid_name("my-gateway_2"));
        assert!(!valid_name("My"));
        assert!(!valid_name("a.b"));
        assert!(!valid_name(""));
    }
}
