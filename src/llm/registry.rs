//! The models vibectl knows (`models.json`, compiled in), and how a name a user wrote becomes
//! a provider and the id its API expects.
//!
//! The data comes from the providers' model pages (each entry names its `source`), read in
//! November 2026, and, for the names the older vibectl took, from the alias tables of the llm
//! versions it ran on (`older_names`, with their source). `docs/models.md` lists it; a test
//! keeps the two equal.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::CoreError;
use crate::llm::tool::StructuredMode;
use crate::providers::ollama_tags::could_be_ollama;
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

/// A name the older vibectl took (llm's and llm-anthropic's ids and aliases): the provider and
/// the id llm sent for it.
#[derive(Debug, Deserialize)]
pub struct OlderName {
    pub name: String,
    pub provider: Provider,
    pub api_id: String,
}

#[derive(Deserialize)]
struct Data {
    models: Vec<ModelInfo>,
    retired: Vec<Retired>,
    older_names: Vec<OlderName>,
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

pub fn older_names() -> &'static [OlderName] {
    &data().older_names
}

/// What a model the registry has no entry for is assumed to offer: conservative, so a prompt
/// fits any model still served (docs/models.md says so).
pub const UNKNOWN_CONTEXT_WINDOW: u64 = 128_000;

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

/// Asks the Ollama server for a name: the name it lists for it, or why not (a clause for the
/// unknown-model error).
pub type AskOllama<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Where names come from besides the registry's own tables.
#[derive(Default)]
pub struct Lookups<'a> {
    /// The user's `[models.aliases]`, tried first.
    pub aliases: HashMap<String, String>,
    /// The `llm` tool's aliases (its aliases.json), tried next, on the name or on the target
    /// of one of the user's aliases.
    pub llm_aliases: HashMap<String, String>,
    /// The names of the configured OpenAI-compatible gateways.
    pub custom_providers: Vec<String>,
    /// Asked last, for a name nothing else knows.
    pub ollama: Option<AskOllama<'a>>,
}

/// What `name` refers to. First the aliases: the user's own, then the `llm` tool's (each one
/// step, so aliases cannot loop). Then: the registry's ids, aliases and old names; the names
/// the older vibectl took (as the id it sent); `PROVIDER/NAME` or `ollama:NAME`; a name in a
/// provider's own naming (`claude-…`, `gpt-…`, `o3…`), passed as typed; last, a model the
/// Ollama server lists under that name (as llm-ollama took it), asked only here.
pub fn resolve(name: &str, lookups: &Lookups<'_>) -> Result<Resolution, CoreError> {
    let name = name.trim();
    let wanted = lookups
        .aliases
        .get(name)
        .map_or(name, String::as_str)
        .trim();
    let wanted = lookups
        .llm_aliases
        .get(wanted)
        .map_or(wanted, String::as_str)
        .trim();
    if let Some(known) = lookup(wanted, None) {
        return Ok(Resolution::Known(known));
    }
    let lower = wanted.to_ascii_lowercase();
    if let Some(older) = older_names().iter().find(|o| o.name == lower) {
        return Ok(Resolution::Known(passed_through(
            older.provider,
            &older.api_id,
        )));
    }
    if let Some((prefix, model)) = split_prefix(wanted).filter(|(_, m)| !m.is_empty()) {
        if let Some(provider) = Provider::from_name(prefix) {
            return Ok(Resolution::Known(passed_through(provider, model)));
        }
        if lookups.custom_providers.iter().any(|p| p == prefix) {
            return Ok(Resolution::Custom {
                provider: prefix.to_string(),
                model: model.to_string(),
            });
        }
    }
    if let Some(provider) = provider_by_naming(&lower) {
        return Ok(Resolution::Known(passed_through(provider, wanted)));
    }
    let asked = match lookups.ollama.filter(|_| could_be_ollama(wanted)) {
        Some(ollama) => match ollama(wanted) {
            Ok(listed) => return Ok(Resolution::Known(passed_through(Provider::Ollama, &listed))),
            Err(why) => Some(why),
        },
        None => None,
    };
    Err(CoreError::UnknownModel {
        name: name.to_string(),
        closest: closest(wanted),
        asked,
    })
}

/// How the registry's model behind an API id gets structured output, when it knows the model:
/// a gateway's `claude-sonnet-5-5` or `anthropic/claude-sonnet-5-5` is the model it names.
pub fn structured_mode_of(api_id: &str) -> Option<StructuredMode> {
    let known = lookup(api_id, None).or_else(|| {
        let (prefix, model) = split_prefix(api_id)?;
        lookup(model, Some(Provider::from_name(prefix)?))
    })?;
    known.info.map(|info| info.structured_output)
}

/// `model` at `provider`: the registry's entry when it has one (an old name maps on to its
/// successor), else the id as given, with no metadata.
fn passed_through(provider: Provider, model: &str) -> Resolved {
    lookup(model, Some(provider)).unwrap_or_else(|| Resolved {
        provider,
        api_id: model.to_string(),
        info: None,
        notice: None,
    })
}

/// The provider whose model ids look like `name` (lowercase): Anthropic's `claude-…`, OpenAI's
/// `gpt-…`, `chatgpt-…` and reasoning models `o1`, `o3`, `o4-mini`, ….
fn provider_by_naming(name: &str) -> Option<Provider> {
    let reasoning = name.strip_prefix('o').is_some_and(|rest| {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        digits > 0 && (rest.len() == digits || rest[digits..].starts_with('-'))
    });
    if name.starts_with("claude-") && name.len() > "claude-".len() {
        Some(Provider::Anthropic)
    } else if ["gpt-", "chatgpt-"]
        .iter()
        .any(|p| name.starts_with(p) && name.len() > p.len())
        || reasoning
    {
        Some(Provider::OpenAI)
    } else {
        None
    }
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

/// Up to three current names that look like `name` (an old name is never suggested: it would
/// only lead to its successor, with a warning).
pub fn closest(name: &str) -> Vec<String> {
    let name = name.to_ascii_lowercase();
    let candidates = models()
        .iter()
        .flat_map(|m| std::iter::once(&m.id).chain(&m.aliases));
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

    /// Where `older_names` come from, as models.json notes it.
    fn older_names_source() -> String {
        let raw: serde_json::Value = serde_json::from_str(include_str!("models.json")).unwrap();
        raw["older_names_source"].as_str().unwrap().to_string()
    }

    fn known(name: &str) -> Resolved {
        match resolve(name, &Lookups::default()).unwrap() {
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
        let lookups = Lookups {
            aliases: HashMap::from([("fast".to_string(), "haiku".to_string())]),
            custom_providers: vec!["litellm".to_string()],
            ..Lookups::default()
        };
        match resolve("fast", &lookups).unwrap() {
            Resolution::Known(r) => assert_eq!(r.api_id, "claude-haiku-5-5"),
            other => panic!("{other:?}"),
        }
        match resolve("litellm/meta/llama-4", &lookups).unwrap() {
            Resolution::Custom { provider, model } => {
                assert_eq!(
                    (provider.as_str(), model.as_str()),
                    ("litellm", "meta/llama-4")
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(resolve("litellm/x", &Lookups::default()).is_err());
    }

    #[test]
    fn llm_aliases_come_after_the_users_own_and_never_loop() {
        let pairs = |p: &[(&str, &str)]| {
            p.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<HashMap<_, _>>()
        };
        let lookups = Lookups {
            aliases: pairs(&[("sonnet", "opus"), ("quick", "fast")]),
            llm_aliases: pairs(&[
                ("fast", "anthropic/claude-3-5-haiku-latest"),
                ("sonnet", "gpt-4o"),
                ("a", "b"),
                ("b", "a"),
            ]),
            ..Lookups::default()
        };
        let api_id = |name: &str| match resolve(name, &lookups) {
            Ok(Resolution::Known(r)) => Ok((r.provider, r.api_id)),
            Ok(other) => panic!("{other:?}"),
            Err(err) => Err(err.to_string()),
        };
        let haiku = (Provider::Anthropic, "claude-3-5-haiku-latest".to_string());
        assert_eq!(api_id("fast"), Ok(haiku.clone()));
        assert_eq!(
            api_id("quick"),
            Ok(haiku),
            "a user alias may name an llm alias"
        );
        assert_eq!(
            api_id("sonnet"),
            Ok((Provider::Anthropic, "claude-opus-5-5".to_string())),
            "the user's own alias wins"
        );
        assert!(api_id("a").unwrap_err().starts_with("unknown model \"a\""));
    }

    #[test]
    fn ollama_is_asked_last_and_only_for_names_nothing_else_knows() {
        let asked = std::cell::RefCell::new(Vec::new());
        let ollama = |name: &str| {
            asked.borrow_mut().push(name.to_string());
            if name == "llama3.2" {
                Ok("llama3.2:latest".to_string())
            } else {
                Err("Ollama at http://127.0.0.1:11434 does not list it".to_string())
            }
        };
        let lookups = Lookups {
            ollama: Some(&ollama),
            ..Lookups::default()
        };
        match resolve("llama3.2", &lookups).unwrap() {
            Resolution::Known(r) => assert_eq!(
                (r.provider, r.api_id.as_str()),
                (Provider::Ollama, "llama3.2:latest")
            ),
            other => panic!("{other:?}"),
        }
        for known in [
            "sonnet",
            "claude-3.5-haiku",
            "gpt-7",
            "o3",
            "ollama:x",
            "openai/x",
        ] {
            assert!(resolve(known, &lookups).is_ok(), "{known}");
        }
        let err = resolve("tinyllama", &lookups).unwrap_err().to_string();
        assert!(
            err.contains("(Ollama at http://127.0.0.1:11434 does not list it)"),
            "{err}"
        );
        assert!(resolve("two words", &lookups).is_err());
        assert_eq!(*asked.borrow(), ["llama3.2", "tinyllama"]);
    }

    #[test]
    fn anything_else_is_unknown_with_the_closest_current_names() {
        let err = resolve("sonet", &Lookups::default()).unwrap_err();
        match &err {
            CoreError::UnknownModel { closest, .. } => {
                assert_eq!(closest.first().map(String::as_str), Some("sonnet"))
            }
            other => panic!("{other:?}"),
        }
        for bad in [
            "", "ollama:", "llama3", "foo/bar", "o", "oak", "o1x", "claude-", "gpt-",
        ] {
            assert!(resolve(bad, &Lookups::default()).is_err(), "{bad}");
        }
        // `--model gpt-5` once hinted "closest: gpt-4", a retired name.
        for typed in ["gpt-5", "gpt-4x", "claude-3.7-sonet", "gpt-3.5"] {
            let old: Vec<&str> = retired()
                .iter()
                .flat_map(|r| std::iter::once(&r.name).chain(&r.also))
                .map(String::as_str)
                .collect();
            for hint in closest(typed) {
                assert!(!old.contains(&hint.as_str()), "{typed} hinted {hint}");
            }
        }
    }

    #[test]
    fn the_names_the_older_vibectl_took_reach_their_provider() {
        for (name, provider, api_id) in [
            (
                "claude-3.5-sonnet",
                Provider::Anthropic,
                "claude-3-5-sonnet-latest",
            ),
            (
                "claude-3.5-haiku",
                Provider::Anthropic,
                "claude-3-5-haiku-latest",
            ),
            (
                "claude-3-haiku",
                Provider::Anthropic,
                "claude-3-haiku-20240307",
            ),
            ("claude-4-sonnet", Provider::Anthropic, "claude-sonnet-4-0"),
            (
                "claude-haiku-4.5",
                Provider::Anthropic,
                "claude-haiku-4-5-20251001",
            ),
            (
                "claude-opus-4.1",
                Provider::Anthropic,
                "claude-opus-4-1-20250805",
            ),
            ("gpt-4o", Provider::OpenAI, "gpt-4o"),
            ("GPT-4o-mini", Provider::OpenAI, "gpt-4o-mini"),
            ("4o", Provider::OpenAI, "gpt-4o"),
            ("gpt-4.1", Provider::OpenAI, "gpt-4.1"),
            ("gpt-5-mini", Provider::OpenAI, "gpt-5-mini"),
        ] {
            let r = known(name);
            assert_eq!(
                (r.provider, r.api_id.as_str()),
                (provider, api_id),
                "{name}"
            );
            assert!(r.info.is_none() && r.notice.is_none(), "{name}");
        }
        // Old names of the older tool keep leading to the successors, with the notice.
        let sonnet = known("claude-sonnet-4.5");
        assert_eq!(sonnet.api_id, "claude-sonnet-5-5");
        assert!(sonnet.notice.unwrap().contains("end-of-life on 2026-11-30"));
        let chatgpt = known("chatgpt");
        assert_eq!(chatgpt.api_id, "gpt-6.1-terra");
        assert!(chatgpt
            .notice
            .unwrap()
            .starts_with("gpt-3.5-turbo: OpenAI shut"));
        assert!(older_names_source().contains("llm 0.36"));
    }

    #[test]
    fn a_name_in_a_providers_naming_goes_there_as_typed() {
        for (name, provider) in [
            ("o1", Provider::OpenAI),
            ("o3-mini", Provider::OpenAI),
            ("o4-mini-2025-04-16", Provider::OpenAI),
            ("o5", Provider::OpenAI),
            ("chatgpt-4o-latest", Provider::OpenAI),
            ("gpt-7-nova", Provider::OpenAI),
            ("claude-opus-9-1", Provider::Anthropic),
        ] {
            let r = known(name);
            assert_eq!((r.provider, r.api_id.as_str()), (provider, name));
            assert!(r.info.is_none());
        }
        assert_eq!(known("Claude-Opus-9").api_id, "Claude-Opus-9", "as typed");
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("sonnet", "sonet"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    /// docs/models.md as the data says it should be.
    fn models_doc() -> String {
        let ollama_wait = crate::providers::ollama_tags::LIST_TIMEOUT.as_secs();
        let mut doc = format!(
            "# Models\n\n\
             The models vibectl knows, from `src/models.json` (compiled into the core). \
             `cargo test` fails when this file and the data disagree; \
             `VIBECTL_WRITE_DOCS=1 cargo test models_doc` rewrites it, up to the \
             sections from *Gateways* on, which are written by hand.\n\n\
             Any other model works with a provider prefix: `anthropic/NAME`, `openai/NAME`, \
             `ollama:NAME` or `ollama/NAME`; a name in a provider's own naming needs none: \
             `claude-…` goes to Anthropic, `gpt-…`, `chatgpt-…` and `o1`, `o3`, `o4-…` go to \
             OpenAI, as typed. If the provider has no such model, the error is one line naming \
             it and `vibectl models`.\n\n\
             A name is looked up in this order: your `[models.aliases]`; the `llm` tool's \
             aliases (`llm aliases set NAME MODEL`, read from its `aliases.json` in \
             `$LLM_USER_PATH`, else `~/.config/io.datasette.llm/`; never written; a file that is \
             not a JSON object of names is ignored with a warning), each one step, so an alias \
             may name an llm alias but aliases never loop; this registry's ids, aliases and old \
             names; the names the older vibectl took; a provider prefix; a provider's own \
             naming. Last, a name nothing above knows is asked of the Ollama server \
             vibectl calls (`providers.ollama.base_url`, else `OLLAMA_HOST`, else \
             `127.0.0.1:11434`; \
             `GET /api/tags`, at most {ollama_wait} seconds and 8 MiB): a model it lists under that name, \
             by Ollama's rules (no tag means `:latest`, case does not matter), is used as \
             llm-ollama let the older vibectl use it, e.g. `llama3.2` or `qwen2.5-coder:7b`. \
             Otherwise the error is the one line `unknown model`, with what Ollama said, the \
             closest names and `vibectl models`.\n\n\
             A model the registry does not list gets conservative defaults: a context window of \
             {UNKNOWN_CONTEXT_WINDOW} tokens (kubectl's output gets a quarter of it), and \
             structured output by `forced_tool` (Ollama: the schema as `format`).\n\n\
             *Tools* is function calling over the API vibectl speaks for the provider (Messages, \
             chat completions). *Structured output* is how `call_tool` gets arguments: \
             `json_schema` sends the tool's schema as the answer format, because these models \
             refuse a forced tool choice or offer tools only on another API; `forced_tool` forces \
             a call of the tool. Under `structured_output = \"auto\"` a model the registry does not list \
             switches when the server refuses `forced_tool` (see \
             [Structured output through a gateway](#structured-output-through-a-gateway)).\n\n\
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
        write!(
            doc,
            "\n## Names the older vibectl took\n\n\
             The older Python vibectl (0.11.6) passed its model name to the `llm` tool, which \
             knew these names. They work here too, and go to the same provider as the id it \
             sent (an id listed above as an old name maps on to its successor, with the \
             warning). Source: {}.\n\n\
             | name | provider | id sent |\n|---|---|---|\n",
            older_names_source()
        )
        .unwrap();
        for o in older_names() {
            writeln!(doc, "| `{}` | {} | `{}` |", o.name, o.provider, o.api_id).unwrap();
        }
        doc
    }

    /// Where the hand-written part of docs/models.md begins; everything before is generated.
    const HANDWRITTEN: &str = "\n## Gateways\n";

    #[test]
    fn models_doc_matches_the_data() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/models.md");
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        let (generated, handwritten) = actual
            .find(HANDWRITTEN)
            .map_or((actual.as_str(), ""), |at| actual.split_at(at));
        let expected = models_doc();
        if std::env::var_os("VIBECTL_WRITE_DOCS").is_some() {
            std::fs::write(path, format!("{expected}{handwritten}")).unwrap();
        } else {
            assert!(
                generated == expected,
                "docs/models.md is out of date: run `VIBECTL_WRITE_DOCS=1 cargo test models_doc`"
            );
        }
    }
}
