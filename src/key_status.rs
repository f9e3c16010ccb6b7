//! What `vibectl keys` reports per provider: which source won, a fingerprint, what it shadows,
//! and (with `--live`) whether the provider accepts the key.

use std::time::Duration;

use secrecy::ExposeSecret;

use crate::anthropic::Anthropic;
use crate::config::Config;
use crate::endpoint::base_url_for;
use crate::http::client_for;
use crate::key_check::{self, Verdict};
use crate::keys::{fingerprint, present_sources, resolve, ResolvedKey};
use crate::provider::{is_builtin, kind_of};
use crate::settings::CallSettings;
use crate::wire::WireFormat;

pub struct KeyStatus {
    pub provider: String,
    pub kind: String,
    /// `ok`, `missing`, `invalid` or `not needed`.
    pub state: &'static str,
    pub source: Option<String>,
    pub fingerprint: Option<String>,
    /// Lower sources that are set but not used.
    pub shadowed: Vec<String>,
    /// Why the key is invalid, or what looks wrong with a usable one.
    pub problem: Option<String>,
}

pub fn status(provider: &str, config: &Config) -> KeyStatus {
    let kind = kind_of(provider, config).unwrap_or_default();
    let mut status = KeyStatus {
        provider: provider.to_string(),
        kind: kind.clone(),
        state: "missing",
        source: None,
        fingerprint: None,
        shadowed: Vec::new(),
        problem: None,
    };
    match resolve(provider, config) {
        Ok(Some(key)) => {
            status.state = "ok";
            status.fingerprint = Some(fingerprint(key.secret.expose_secret()));
            match key_check::check(&kind, is_builtin(provider), key.secret.expose_secret()) {
                Verdict::Fine => {}
                Verdict::Suspicious(why) => status.problem = Some(why),
                Verdict::Bad(why) => {
                    status.state = "invalid";
                    status.problem = Some(why);
                }
            }
            status.shadowed = present_sources(provider, config)
                .into_iter()
                .filter(|s| *s != key.source)
                .collect();
            status.source = Some(key.source);
        }
        Ok(None) if kind == "ollama" => status.state = "not needed",
        Ok(None) => {}
        Err(err) => {
            status.state = "invalid";
            status.problem = Some(err.to_string());
        }
    }
    status
}

/// The outcome of one cheap authenticated request.
pub struct LiveCheck {
    /// `ok`, `rejected`, `unreachable` or `unexpected`.
    pub state: &'static str,
    pub detail: String,
}

const LIVE_TIMEOUT: Duration = Duration::from_secs(10);

/// List the provider's models: cheap, and authenticated like a real call.
pub async fn live_check(provider: &str, key: Option<&ResolvedKey>, config: &Config) -> LiveCheck {
    let kind = kind_of(provider, config).unwrap_or_default();
    let Some(base) = base_url_for(provider, config) else {
        return LiveCheck {
            state: "unexpected",
            detail: format!("no base_url is set for {provider}"),
        };
    };
    let client = client_for(&base, CallSettings::from_config(config).connect_timeout);
    let request = match kind.as_str() {
        // The headers of a real call: version and key as the Messages API takes them.
        "anthropic" => match Anthropic::headers(key) {
            Ok(headers) => client.get(format!("{base}/v1/models")).headers(headers),
            Err(err) => {
                return LiveCheck {
                    state: "unexpected",
                    detail: err.to_string(),
                }
            }
        },
        "ollama" => client.get(format!("{base}/api/tags")),
        _ => client.get(format!("{base}/models")),
    };
    let request = match (kind.as_str(), key) {
        ("anthropic", _) | (_, None) => request,
        (_, Some(key)) => request.bearer_auth(key.secret.expose_secret()),
    };
    match request.timeout(LIVE_TIMEOUT).send().await {
        Ok(response) => {
            let status = response.status();
            let detail = format!("{} answered {status}", base);
            match status.as_u16() {
                200..=299 => LiveCheck {
                    state: "ok",
                    detail,
                },
                401 | 403 => LiveCheck {
                    state: "rejected",
                    detail,
                },
                _ => LiveCheck {
                    state: "unexpected",
                    detail,
                },
            }
        }
        Err(err) => LiveCheck {
            state: "unreachable",
            detail: format!("{base}: {}", crate::transport::describe(&err)),
        },
    }
}
