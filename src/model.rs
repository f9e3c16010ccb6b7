//! A model: a name the user gave, the provider that serves it, and the calls it can make.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::anthropic;
use crate::completion::{ChunkStream, Completion, Request};
use crate::config::Config;
use crate::error::CoreError;
use crate::keys::{self, ResolvedKey};
use crate::provider::Provider;

/// The model used when none is named.
pub const DEFAULT_MODEL: &str = "claude-sonnet-4-5";

#[derive(Debug)]
pub struct Model {
    pub name: String,
    pub provider: Provider,
    /// The id sent to the provider's API.
    pub api_id: String,
}

impl Model {
    /// The model called `name`, built once per process and shared afterwards.
    pub fn named(name: &str) -> Arc<Model> {
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<Model>>>> = OnceLock::new();
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .entry(name.to_string())
            .or_insert_with(|| {
                Arc::new(Model {
                    name: name.to_string(),
                    provider: Provider::Anthropic,
                    api_id: name.to_string(),
                })
            })
            .clone()
    }

    /// The key for this model's provider (Anthropic and OpenAI always need one).
    fn key(&self) -> Result<ResolvedKey, CoreError> {
        let config = Config::current()?;
        keys::for_call(self.provider.name(), &self.name, &config)?
            .ok_or_else(|| CoreError::Config(format!("{} needs an API key", self.provider)))
    }

    pub async fn complete(&self, req: &Request) -> Result<Completion, CoreError> {
        let key = self.key()?;
        match self.provider {
            Provider::Anthropic => anthropic::complete(&self.api_id, req, &key).await,
        }
    }

    pub async fn stream(&self, req: &Request) -> Result<ChunkStream, CoreError> {
        let key = self.key()?;
        match self.provider {
            Provider::Anthropic => anthropic::stream(&self.api_id, req, &key).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_cached_by_name() {
        let a = Model::named("claude-test");
        let b = Model::named("claude-test");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.provider, Provider::Anthropic);
    }
}
