//! The models vibectl knows (`models.json`, compiled in), and how a name a user wrote becomes
//! a provider and the id its API expects.
//!
//! The data comes from the providers' model pages (each entry names its `source`), read in
//! November 2026. `docs/models.md` lists it; a test keeps the two equal.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::CoreError;
use crate::llm::tool::StructuredMode;
use crate::providers::Provider;

#[derive(Debug, Deserialize)]
pub struct ModelInfo {
    pub id: String,
    pub provider: Provider,
    /// The id the API expects, when it differs from `id`.
    #[serde(default)]
    api_id: Option<String>,
    pub aliases: Vec<String>,
    pub context_window: u64,
    pub output_limit: u64,
    /// Function calling over the wire format vibectl speaks for the provider.
    pub tools: bool,
    pub streaming: bool,
    /// How `call_tool` gets arguments: some current models refuse a forced tool choice.
    pub structured_output: StructuredMode,
    pub source: String,
}

impl ModelInfo {
    pub fn api_id(&self) -> &str {
        self.api_id.as_deref().unwrap_or(&self.id)
    }
}

/// A name that still works but points at another model now.
#[derive(Debug, Deserialize)]
pub struct Retired {
    pub name: String,
    pub also: Vec<String>,
    pub successor: String,
    pub reason: String,
}

#[derive(Deserialize)]
struct Data {
    models: Vec<ModelInfo>,
    retired: Vec<Retired>,
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::from_str(include_str!("models.json"))
            .expect("models.json is compiled in and checked by the registry tests")
    })
}

pub fn models() -> &'static [ModelInfo] {
    &data().models
}

pub fn retired() -> &'static [Retired] {
    &data().retired
}

/// Old names that lead to `info`.
pub fn replaced_by(info: &ModelInfo) -> Vec<&'static str> {
    retired()
        .iter()
        .filter(|r| r.successor == info.id)
        .flat_map(|r| std::iter::once(&r.name).chain(&r.also))
        .map(String::as_str)
        .collect()
}

#[derive(Debug)]
pub struct Resolved {
    pub provider: Provider,
    pub api_id: String,
    /// What the registry knows about the model; None for a name passed through by prefix.
    pub info: Option<&'static ModelInfo>,
    /// One line for the user when the name is outdated: what it means now, what to set instead.
    pub notice: Option<String>,
}

#[derive(Debug)]
pub enum Resolution {
    Known(Resolved),
    /// `NAME/model` where NAME is one of the custom providers the caller passed.
    Custom {
        provider: String,
        model: String,
    },
}

/// What `name` refers to. `aliases` are the user's own (`[models.aliases]`), tried first;
/// `custom_providers` are the names of configured OpenAI-compatible gateways.
pub fn resolve(
    name: &str,
    aliases: &HashMap<String, String>,
    custom_providers: &[String],
) -> Result<Resolution, CoreError> {
    let name = name.trim();
    let wanted = aliases.get(name).map_or(name, String::as_str).trim();
    if let Some(known) = lookup(wanted, None) {
        return Ok(Resolution::Known(known));
    }
    if let Some((prefix, model)) = split_prefix(wanted).filter(|(_, m)| !m.is_empty()) {
        if let Some(provider) = Provider::from_name(prefix) {
            let known = lookup(model, Some(provider)).unwrap_or_else(|| Resolved {
                provider,
                api_id: model.to_string(),
                info: None,
                notice: None,
            });
            return Ok(Resolution::Known(known));
        }
        if custom_providers.iter().any(|p| p == prefix) {
            return Ok(Resolution::Custom {
                provider: prefix.to_string(),
                model: model.to_string(),
            });
        }
    }
    Err(CoreError::UnknownModel {
        name: name.to_string(),
        closest: closest(wanted),
    })
}

/// `ollama:NAME` (Ollama's own tag syntax) or `PROVIDER/NAME` (the llm tool's).
fn split_prefix(name: &str) -> Option<(&str, &str)> {
    if let Some(model) = name.strip_prefix("ollama:") {
        return Some(("ollama", model));
    }
    name.split_once('/')
}

/// A registry id, alias or retired name (case does not matter), from `provider` when given.
fn lookup(name: &str, provider: Option<Provider>) -> Option<Resolved> {
    let name = name.to_ascii_lowercase();
    let known = |info: &'static ModelInfo, notice: Option<String>| Resolved {
        provider: info.provider,
        api_id: info.api_id().to_string(),
        info: Some(info),
        notice,
    };
    let found = if let Some(info) = models()
        .iter()
        .find(|m| m.id == name || m.aliases.contains(&name))
    {
        known(info, None)
    } else {
        let old = retired()
            .iter()
            .find(|r| r.name == name || r.also.contains(&name))?;
        let successor = models()
            .iter()
            .find(|m| m.id == old.successor)
            .expect("every successor in models.json is a listed model");
        let notice = format!(
            "{name}: {}; using {id} instead (set the model to {id})",
            old.reason,
            id = successor.id
        );
        known(successor, Some(notice))
    };
    provider
        .is_none_or(|p| p == found.provider)
        .then_some(found)
}

/// Up to three known names that look like `name`.
fn closest(name: &str) -> Vec<String> {
    let name = name.to_ascii_lowercase();
    let candidates = models()
        .iter()
        .flat_map(|m| std::iter::once(&m.id).chain(&m.aliases))
        .chain(retired().iter().map(|r| &r.name));
    let limit = (name.chars().count() / 3).max(3);
    let mut scored: Vec<(usize, &String)> = candidates
        .map(|c| (distance(&name, c), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c.clone()).collect()
}

/// Levenshtein distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn known(name: &str) -> Resolved {
        match resolve(name, &HashMap::new(), &[]).unwrap() {
            Resolution::Known(r) => r,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn the_data_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for m in models() {
            for name in std::iter::once(&m.id).chain(&m.aliases) {
                assert_eq!(name, &name.to_ascii_lowercase(), "names are lowercase");
                assert!(seen.insert(name.clone()), "{name} is listed twice");
            }
            assert!(m.source.starts_with("https://"), "{} needs a source", m.id);
        }
        for r in retired() {
            for name in std::iter::once(&r.name).chain(&r.also) {
                assert!(seen.insert(name.clone()), "{name} is listed twice");
            }
            assert!(
                models().iter().any(|m| m.id == r.successor),
                "{}",
                r.successor
            );
        }
    }

    #[test]
    fn ids_and_aliases_resolve_to_the_registry_entry() {
        let sonnet = known("claude-sonnet-5-5");
        assert_eq!(
            (sonnet.provider, sonnet.api_id.as_str(), sonnet.notice),
            (Provider::Anthropic, "claude-sonnet-5-5", None)
        );
        assert_eq!(known("Sonnet").api_id, "claude-sonnet-5-5");
        assert_eq!(known("gpt-6.2-sol").provider, Provider::OpenAI);
        assert_eq!(known("anthropic/claude-opus-5-5").api_id, "claude-opus-5-5");
    }

    #[test]
    fn old_names_keep_working_with_a_notice() {
        for (old, now) in [
            ("claude-3.7-sonnet", "claude-sonnet-5-5"),
            ("claude-3.7-opus", "claude-opus-5-5"),
            ("gpt-4", "gpt-6.2-sol"),
            ("gpt-3.5-turbo", "gpt-6.1-terra"),
            ("anthropic/claude-3-7-sonnet-latest", "claude-sonnet-5-5"),
            ("openai/gpt-4", "gpt-6.2-sol"),
        ] {
            let r = known(old);
            assert_eq!(r.api_id, now, "{old}");
            let notice = r.notice.expect(old);
            assert!(
                notice.ends_with(&format!("(set the model to {now})")),
                "{notice}"
            );
            assert!(!notice.contains('\n'));
        }
        assert_eq!(
            known("claude-3.7-opus").notice.unwrap(),
            "claude-3.7-opus: there never was a Claude 3.7 Opus; using claude-opus-5-5 instead \
             (set the model to claude-opus-5-5)"
        );
    }

    #[test]
    fn unknown_names_resolve_by_prefix() {
        let llama = known("ollama:llama3");
        assert_eq!(
            (llama.provider, llama.api_id.as_str()),
            (Provider::Ollama, "llama3")
        );
        assert_eq!(known("ollama/qwen2.5:7b").api_id, "qwen2.5:7b");
        let custom = known("openai/my-finetune");
        assert_eq!(
            (custom.provider, custom.info.is_none()),
            (Provider::OpenAI, true)
        );
        // A registry name under the other provider's prefix is passed through, not redirected.
        assert_eq!(known("openai/claude-sonnet-5-5").provider, Provider::OpenAI);
    }

    #[test]
    fn user_aliases_and_custom_providers() {
        let aliases = HashMap::from([("fast".to_string(), "haiku".to_string())]);
        let gateways = ["litellm".to_string()];
        match resolve("fast", &aliases, &gateways).unwrap() {
            Resolution::Known(r) => assert_eq!(r.api_id, "claude-haiku-5-5"),
            other => panic!("{other:?}"),
        }
        match resolve("litellm/meta/llama-4", &aliases, &gateways).unwrap() {
            Resolution::Custom { provider, model } => {
                assert_eq!(
                    (provider.as_str(), model.as_str()),
                    ("litellm", "meta/llama-4")
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(resolve("litellm/x", &aliases, &[]).is_err());
    }

    #[test]
    fn anything_else_is_unknown_with_the_closest_names() {
        let err = resolve("claude-sonet-5-5", &HashMap::new(), &[]).unwrap_err();
        match &err {
            CoreError::UnknownModel { closest, .. } => {
                assert_eq!(
                    closest.first().map(String::as_str),
                    Some("claude-sonnet-5-5")
                )
            }
            other => panic!("{other:?}"),
        }
        for bad in ["", "ollama:", "llama3", "foo/bar"] {
            assert!(resolve(bad, &HashMap::new(), &[]).is_err(), "{bad}");
        }
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("sonnet", "sonet"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    /// docs/models.md as the data says it should be.
    fn models_doc() -> String {
        let mut doc = String::from(
            "# Models\n\n\
             The models vibectl knows, from `src/models.json` (compiled into the core). \
             `cargo test` fails when this file and the data disagree; \
             `VIBECTL_WRITE_DOCS=1 cargo test models_doc` rewrites it.\n\n\
             Any other model works with a provider prefix: `anthropic/NAME`, `openai/NAME`, \
             `ollama:NAME` or `ollama/NAME`.\n\n\
             *Tools* is function calling over the API vibectl speaks for the provider (Messages, \
             chat completions). *Structured output* is how `call_tool` gets arguments: \
             `json_schema` sends the tool's schema as the answer format, because these models \
             refuse a forced tool choice or offer tools only on another API; `forced_tool` forces \
             a call of the tool. Models reached by prefix use `forced_tool`, except on Ollama, \
             which always gets the schema as `format`.\n\n\
             | id | provider | aliases | context window | output limit | tools | structured output | source |\n\
             |---|---|---|---|---|---|---|---|\n",
        );
        for m in models() {
            let aliases: Vec<String> = m.aliases.iter().map(|a| format!("`{a}`")).collect();
            writeln!(
                doc,
                "| `{}` | {} | {} | {} | {} | {} | {} | [{}]({}) |",
                m.id,
                m.provider,
                aliases.join(", "),
                m.context_window,
                m.output_limit,
                if m.tools { "yes" } else { "no" },
                m.structured_output.name(),
                m.source
                    .trim_start_matches("https://")
                    .split('/')
                    .next()
                    .unwrap_or(""),
                m.source
            )
            .unwrap();
        }
        doc.push_str(
            "\n## Old names\n\n\
             These still work; vibectl logs one warning line saying what to set instead.\n\n\
             | name | also | now | why |\n|---|---|---|---|\n",
        );
        for r in retired() {
            let also: Vec<String> = r.also.iter().map(|a| format!("`{a}`")).collect();
            writeln!(
                doc,
                "| `{}` | {} | `{}` | {} |",
                r.name,
                also.join(", "),
                r.successor,
                r.reason
            )
            .unwrap();
        }
        doc
    }

    #[test]
    fn models_doc_matches_the_data() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/models.md");
        let expected = models_doc();
        if std::env::var_os("VIBECTL_WRITE_DOCS").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/models.md is out of date: run `VIBECTL_WRITE_DOCS=1 cargo test models_doc`"
        );
    }
}
