//! What `vibectl keys` reports per provider: which source won, a fingerprint, what it shadows,
//! and (with `--live`) whether the provider accepts the key.

use std::time::Duration;

use secrecy::ExposeSecret;

use crate::config::Config;
use crate::http::client_for;
use crate::http::shown_url::shown;
use crate::keys::check::{self, Verdict};
use crate::keys::{fingerprint, needs_key, present_sources, resolve, ResolvedKey};
use crate::llm::call_settings::CallSettings;
use crate::providers::endpoint::base_url_for;
use crate::providers::{kind_of, Provider};

pub struct KeyStatus {
    pub provider: String,
    /// The wire format; None for a gateway without a `kind`.
    pub kind: Option<Provider>,
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
    let mut status = KeyStatus {
        provider: provider.to_string(),
        kind: kind_of(provider, config),
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
            match check::check(Provider::from_name(provider), key.secret.expose_secret()) {
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
        Ok(None) if !needs_key(provider, config) => status.state = "not needed",
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

/// List the provider's models: cheap, and sent with the same headers as a real call.
pub async fn live_check(provider: &str, key: Option<&ResolvedKey>, config: &Config) -> LiveCheck {
    // A gateway without a `kind` is asked the OpenAI way, as most are.
    let kind = kind_of(provider, config).unwrap_or(Provider::OpenAI);
    let Some(base) = base_url_for(provider, config) else {
        return LiveCheck {
            state: "unexpected",
            detail: format!("no base_url is set for {provider}"),
        };
    };
    let headers = match kind.headers(key) {
        Ok(headers) => headers,
        Err(err) => {
            return LiveCheck {
                state: "unreachable",
                detail: format!("{}: {err}", shown(&base)),
            }
        }
    };
    let request = client_for(&base, CallSettings::from_config(config).connect_timeout)
        .get(kind.models_url(&base))
        .headers(headers);
    match request.timeout(LIVE_TIMEOUT).send().await {
        Ok(response) => {
            let status = response.status();
            let detail = format!("{} answered {status}", shown(&base));
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
            detail: format!(
                "{}: {}",
                shown(&base),
                crate::http::transport::describe(&err)
            ),
        },
    }
}
