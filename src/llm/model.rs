//! A model: the name the user gave, the provider and API id it resolved to, its call settings,
//! and the calls it makes, each through the one retry layer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use futures_util::StreamExt;
use secrecy::ExposeSecret;

use crate::config::paths::llm_aliases_json;
use crate::config::{llm_aliases, Config};
use crate::error::{CoreError, Origin};
use crate::http::exchange::Target;
use crate::keys::{self, ResolvedKey};
use crate::llm::call_settings::CallSettings;
use crate::llm::completion::{ChunkStream, Completion, Request};
use crate::llm::metrics::Metrics;
use crate::llm::registry::{self, Lookups, ModelInfo, Resolution};
use crate::llm::retry::with_retries;
use crate::llm::tool::{StructuredMode, StructuredSetting};
use crate::providers::anthropic::Anthropic;
use crate::providers::endpoint::base_url_for;
use crate::providers::ollama_tags;
use crate::providers::wire::{self, WireFormat};
use crate::providers::{is_builtin, kind_of, known_providers, with_wire_format, Provider};

/// The model used when none is named and no key picks another provider.
pub const DEFAULT_MODEL: &str = Anthropic::DEFAULT_MODEL;

/// The model to use when none is named: `llm.model`, else the default model of the first
/// provider that is set up, in the order of `Provider::ALL` (a provider that needs no key
/// counts once it is configured: a key, its base-URL variable such as `OLLAMA_HOST`, or
/// `[providers.NAME]`).
pub fn default_name(config: &Config) -> String {
    if let Some(model) = config.string("llm.model") {
        return model;
    }
    let set_up = |provider: Provider| {
        let name = provider.name();
        !keys::present_sources(name, config).is_empty()
            || (!provider.needs_key()
                && (std::env::var_os(provider.base_url_var()).is_some()
                    || config.get(&format!("providers.{name}")).is_some()))
    };
    Provider::ALL
        .into_iter()
        .find(|&provider| set_up(provider))
        .map_or(DEFAULT_MODEL, Provider::default_model)
        .to_string()
}

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    /// The provider as the user names it: a built-in one, or a gateway of their own.
    pub provider_name: String,
    /// The wire format it speaks.
    pub provider: Provider,
    /// The id sent to the provider's API.
    pub api_id: String,
    /// The registry entry; None for a model reached by prefix (`ollama:NAME`, ...).
    pub info: Option<&'static ModelInfo>,
    /// Set when the name is outdated: what it means now and what to set instead.
    pub notice: Option<String>,
    pub settings: CallSettings,
    /// `llm.max_reply_chars`: the longest reply text, and what its byte caps come from.
    pub max_reply_chars: usize,
    /// `structured_output` from the config, for this model.
    pub structured: StructuredSetting,
}

/// A stream whose first chunk has arrived: from here on nothing is retried.
pub struct OpenStream {
    pub chunks: ChunkStream,
    pub retries: u32,
}

impl Model {
    /// The model called `name`, resolved once and shared until the config changes.
    pub fn named(name: &str) -> Result<Arc<Model>, CoreError> {
        type Cache = HashMap<String, (Arc<Config>, Arc<Model>)>;
        static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
        let config = Config::current()?;
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((seen, model)) = cache.get(name) {
            if Arc::ptr_eq(seen, &config) {
                return Ok(Arc::clone(model));
            }
        }
        let model = Arc::new(Model::resolve(name, &config)?);
        if let Some(notice) = &model.notice {
            log::warn!("{notice}");
        }
        cache.insert(name.to_string(), (config, Arc::clone(&model)));
        Ok(model)
    }

    fn resolve(name: &str, config: &Config) -> Result<Model, CoreError> {
        let settings = CallSettings::from_config(config);
        let max_reply_chars = usize::try_from(config.integer("llm.max_reply_chars")).unwrap_or(0);
        let mut model = match resolve_name(name, config)? {
            Resolution::Known(resolved) => Model {
                name: name.to_string(),
                provider_name: resolved.provider.name().to_string(),
                provider: resolved.provider,
                api_id: resolved.api_id,
                info: resolved.info,
                notice: resolved.notice,
                settings,
                max_reply_chars,
                structured: StructuredSetting::Auto,
            },
            Resolution::Custom { provider, model } => {
                let kind = kind_of(&provider, config).ok_or_else(|| {
                    CoreError::Config(format!(
                        "providers.{provider}.kind is not set; set it with \
                             `vibectl config set providers.{provider}.kind openai`"
                    ))
                })?;
                Model {
                    name: name.to_string(),
                    provider_name: provider,
                    provider: kind,
                    api_id: model,
                    info: None,
                    notice: None,
                    settings,
                    max_reply_chars,
                    structured: StructuredSetting::Auto,
                }
            }
        };
        model.structured = structured_setting(config, &model.provider_name, &model.api_id);
        Ok(model)
    }

    /// The same model with other retry and timeout settings.
    pub fn with_settings(&self, settings: CallSettings) -> Model {
        Model {
            settings,
            ..self.clone()
        }
    }

    /// The ways `call_tool` asks this model for arguments, in the order they are tried: the
    /// one configured, or under `auto` the one `remembered` from an earlier negotiation, else
    /// the one the registry knows (else the provider's: a forced tool), then the other, then
    /// a prompted tool. Ollama always gets the schema as `format`.
    pub fn structured_modes(&self, remembered: Option<StructuredMode>) -> Vec<StructuredMode> {
        use StructuredMode::{ForcedTool, JsonSchema, PromptedTool};
        if self.provider == Provider::Ollama {
            return vec![JsonSchema];
        }
        if let StructuredSetting::Only(mode) = self.structured {
            return vec![mode];
        }
        let known = self
            .info
            .map(|info| info.structured_output)
            .or_else(|| registry::structured_mode_of(&self.api_id))
            .unwrap_or(self.provider.structured_mode());
        let other = if known == JsonSchema {
            ForcedTool
        } else {
            JsonSchema
        };
        let mut modes = Vec::from_iter(remembered);
        for mode in [known, other, PromptedTool] {
            if !modes.contains(&mode) {
                modes.push(mode);
            }
        }
        modes
    }

    /// The whole answer in one JSON response.
    pub async fn complete(&self, req: &Request) -> Result<(Completion, Metrics), CoreError> {
        let started = Instant::now();
        let key = self.key()?;
        let base = self.base_url()?;
        let target = self.target(&base, key.as_ref());
        let (completion, retries) =
            with_retries(&self.settings, || self.send(&target, req)).await?;
        let metrics = self.metrics(&completion, started, None, retries);
        Ok((completion, metrics))
    }

    /// A streamed answer, retried until its first chunk arrives.
    pub async fn open_stream(&self, req: &Request) -> Result<OpenStream, CoreError> {
        let key = self.key()?;
        let base = self.base_url()?;
        let target = self.target(&base, key.as_ref());
        let (chunks, retries) = with_retries(&self.settings, || async {
            let mut chunks = self.stream(&target, req).await?;
            let first = chunks.next().await.transpose()?;
            let rest: ChunkStream =
                Box::pin(futures_util::stream::iter(first.map(Ok)).chain(chunks));
            Ok(rest)
        })
        .await?;
        Ok(OpenStream { chunks, retries })
    }

    /// A streamed answer read to its end before anything is returned, so a failure anywhere
    /// in it can be retried. `started` is when the caller's call began.
    pub async fn collect(
        &self,
        req: &Request,
        started: Instant,
    ) -> Result<(Completion, Metrics), CoreError> {
        let key = self.key()?;
        let base = self.base_url()?;
        let target = Target {
            whole_stream: true,
            ..self.target(&base, key.as_ref())
        };
        let ((completion, first_token), retries) = with_retries(&self.settings, || async {
            let mut chunks = self.stream(&target, req).await?;
            let mut completion = Completion::default();
            let mut first_token = None;
            while let Some(chunk) = chunks.next().await {
                first_token.get_or_insert_with(Instant::now);
                completion.absorb(chunk?);
            }
            Ok((completion, first_token))
        })
        .await?;
        let metrics = self.metrics(&completion, started, first_token, retries);
        Ok((completion, metrics))
    }

    pub fn metrics(
        &self,
        completion: &Completion,
        started: Instant,
        first_token: Option<Instant>,
        retries: u32,
    ) -> Metrics {
        Metrics::finished(
            &completion.model,
            &self.api_id,
            completion.usage,
            started,
            first_token,
            retries,
        )
    }

    /// The provider's key, checked offline; Ollama goes without one unless one is set.
    fn key(&self) -> Result<Option<ResolvedKey>, CoreError> {
        keys::for_call(&self.provider_name, &self.name, Config::current()?.as_ref())
    }

    /// Where the provider is reached.
    pub fn base_url(&self) -> Result<String, CoreError> {
        base_url_for(&self.provider_name, Config::current()?.as_ref()).ok_or_else(|| {
            let p = &self.provider_name;
            CoreError::Config(format!(
                "providers.{p}.base_url is not set; set it with `vibectl config set providers.{p}.base_url URL`"
            ))
        })
    }

    fn target<'a>(&'a self, base_url: &'a str, key: Option<&'a ResolvedKey>) -> Target<'a> {
        Target {
            provider: self.provider,
            provider_name: &self.provider_name,
            base_url,
            api_id: &self.api_id,
            key,
            settings: &self.settings,
            max_reply_chars: self.max_reply_chars,
            whole_stream: false,
        }
    }

    async fn send(&self, target: &Target<'_>, req: &Request) -> Result<Completion, CoreError> {
        let sent = with_wire_format!(self.provider, W => wire::complete::<W>(target, req).await);
        sent.map_err(|err| err.at(&self.origin(target.base_url, target.key)))
    }

    /// The stream, its failures (before and inside it) placed where the call went.
    async fn stream(&self, target: &Target<'_>, req: &Request) -> Result<ChunkStream, CoreError> {
        let opened = with_wire_format!(self.provider, W => wire::stream::<W>(target, req).await);
        let chunks = opened.map_err(|err| err.at(&self.origin(target.base_url, target.key)))?;
        let model = self.clone();
        let base_url = target.base_url.to_string();
        let key = target.key.cloned();
        Ok(Box::pin(chunks.map(move |chunk| {
            chunk.map_err(|err| err.at(&model.origin(&base_url, key.as_ref())))
        })))
    }

    fn origin<'a>(&'a self, base_url: &'a str, key: Option<&'a ResolvedKey>) -> Origin<'a> {
        Origin {
            provider: &self.provider_name,
            base_url,
            key: key.map(|key| key.secret.expose_secret()),
        }
    }
}

/// What `name` refers to, with all the registry is given besides its tables: the user's
/// aliases, the `llm` tool's, the configured gateways, and the Ollama server to ask last.
pub fn resolve_name(name: &str, config: &Config) -> Result<Resolution, CoreError> {
    let ollama = |wanted: &str| ollama_tags::listed(wanted, config);
    let lookups = Lookups {
        aliases: config.aliases(),
        llm_aliases: llm_aliases::read(&llm_aliases_json()),
        custom_providers: known_providers(config)
            .into_iter()
            .filter(|p| !is_builtin(p))
            .collect(),
        ollama: Some(&ollama),
    };
    registry::resolve(name, &lookups)
}

/// The config's `structured_output` for a model: its entry in
/// `providers.P.structured_output_by_model`, else the provider's, else auto.
fn structured_setting(config: &Config, provider: &str, api_id: &str) -> StructuredSetting {
    let by_model = config
        .get(&format!("providers.{provider}.structured_output_by_model"))
        .and_then(|table| table.get(api_id)?.as_str().map(str::to_string));
    by_model
        .or_else(|| config.string(&format!("providers.{provider}.structured_output")))
        .and_then(|name| StructuredSetting::from_name(&name))
        .unwrap_or(StructuredSetting::Auto)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_cached_by_name_and_resolved_through_the_registry() {
        let a = Model::named("claude-3.7-sonnet").unwrap();
        let b = Model::named("claude-3.7-sonnet").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(
            (a.provider, a.api_id.as_str()),
            (Provider::Anthropic, "claude-sonnet-5-5")
        );
        assert!(a.notice.is_some());
        assert!(Model::named("no-such-model").is_err());
    }

    #[test]
    fn the_structured_modes_come_from_memory_the_registry_or_the_provider() {
        use StructuredMode::{ForcedTool, JsonSchema, PromptedTool};
        let modes = |name: &str| Model::named(name).unwrap().structured_modes(None);
        assert_eq!(
            modes("claude-opus-5-5"),
            [JsonSchema, ForcedTool, PromptedTool]
        );
        assert_eq!(
            modes("anthropic/claude-older"),
            [ForcedTool, JsonSchema, PromptedTool]
        );
        assert_eq!(modes("openai/gpt-6.2-sol")[0], JsonSchema);
        assert_eq!(modes("ollama:llama3"), [JsonSchema]);
        let remembered = Model::named("openai/local-model")
            .unwrap()
            .structured_modes(Some(PromptedTool));
        assert_eq!(remembered, [PromptedTool, ForcedTool, JsonSchema]);
        let mut fixed = Model::named("claude-opus-5-5").unwrap().as_ref().clone();
        fixed.structured = StructuredSetting::Only(ForcedTool);
        assert_eq!(fixed.structured_modes(Some(JsonSchema)), [ForcedTool]);
    }
}
