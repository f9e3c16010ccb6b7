//! Every way a core operation can fail, as one enum. `py/errors.rs` maps it onto the Python tree.

use std::fmt;
use std::time::Duration;

use crate::http::shown_url;
use crate::keys::mask::mask_keys;

/// What a provider said when it refused or failed a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderFailure {
    /// The provider as the user named it (`litellm`, not the `openai` wire format).
    pub provider: String,
    /// Its base URL as configured; empty until the failure is placed (`CoreError::at`).
    pub url: String,
    /// HTTP status, when the failure came with one (an in-stream error event has none).
    pub status: Option<u16>,
    /// The provider's own error type, e.g. `rate_limit_error`.
    pub kind: String,
    pub message: String,
    pub request_id: Option<String>,
    /// What the user can do about it, when we know (e.g. which variable holds the rejected key).
    pub hint: Option<String>,
}

impl fmt::Display for ProviderFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", named(&self.provider, &self.url))?;
        if let Some(status) = self.status {
            write!(f, " returned {status}")?;
        } else {
            write!(f, " reported an error")?;
        }
        // Gateways put the status in the error's code too (LiteLLM: "code": "400"): say it once.
        let status_again = self.status.is_some_and(|s| s.to_string() == self.kind);
        if !self.kind.is_empty() && !status_again {
            write!(f, " {}", self.kind)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request-id {id})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A config file or value that cannot be used; the message names the file, key and fix.
    #[error("{0}")]
    Config(String),
    #[error("no API key for {provider} (model {model}): {fix}")]
    MissingKey {
        provider: String,
        model: String,
        fix: String,
    },
    #[error("the {provider} key from {source_name} cannot be used: {reason}")]
    InvalidKey {
        provider: String,
        source_name: String,
        reason: String,
    },
    #[error("{0}")]
    Authentication(Box<ProviderFailure>),
    #[error("{failure}{}", retry_after.map(|d| format!(" (retry after {:.1}s)", d.as_secs_f64())).unwrap_or_default())]
    RateLimited {
        failure: Box<ProviderFailure>,
        retry_after: Option<Duration>,
    },
    #[error("{0}")]
    Overloaded(Box<ProviderFailure>),
    #[error("{0}")]
    Unavailable(Box<ProviderFailure>),
    #[error("{0}")]
    BadRequest(Box<ProviderFailure>),
    /// The connection was refused or the host could not be reached.
    #[error("could not connect to {}: {detail}", named(url, provider))]
    Unreachable {
        provider: String,
        url: String,
        detail: String,
    },
    #[error("{} did not answer within {}s ({phase})", named(provider, url), after.as_secs_f64())]
    Timeout {
        provider: String,
        url: String,
        phase: &'static str,
        after: Duration,
    },
    #[error("{provider} sent a response vibectl could not read ({detail}): {raw}")]
    ResponseFormat {
        provider: String,
        detail: String,
        raw: String,
    },
    /// A reply over its byte cap (`http/bounded.rs`); the rest of it was never read.
    #[error("{provider} sent {what} over {limit} bytes, more than llm.max_reply_chars = {max_chars} allows; the rest was not read (`vibectl config set llm.max_reply_chars N` raises the cap)")]
    ReplyTooLarge {
        provider: String,
        what: &'static str,
        limit: usize,
        max_chars: usize,
    },
    #[error("{provider} stream ended early: {detail}")]
    StreamInterrupted { provider: String, detail: String },
    #[error("unknown model {name:?}{}; `vibectl models` lists the models vibectl knows, and a model not listed works as anthropic/NAME, openai/NAME or ollama:NAME", closest_and_asked(closest, asked.as_deref()))]
    UnknownModel {
        name: String,
        closest: Vec<String>,
        /// Why the Ollama server did not take the name, when it was asked.
        asked: Option<String>,
    },
}

/// `first (second)`, or `first` alone while the second is unknown: "litellm (http://…)",
/// "http://… (litellm)".
fn named(first: &str, second: &str) -> String {
    if second.is_empty() {
        first.to_string()
    } else {
        format!("{first} ({second})")
    }
}

/// Where a call went, as the user configured it.
pub struct Origin<'a> {
    /// The provider's name: a built-in one, or a gateway of the user's own.
    pub provider: &'a str,
    pub base_url: &'a str,
    /// The key that was sent, masked wherever a server echoes it.
    pub key: Option<&'a str>,
}

/// ` (closest: a, b; Ollama at URL does not list it)`, or as much of it as is known.
fn closest_and_asked(closest: &[String], asked: Option<&str>) -> String {
    let closest = (!closest.is_empty()).then(|| format!("closest: {}", closest.join(", ")));
    let parts: Vec<String> = closest
        .into_iter()
        .chain(asked.map(str::to_string))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

impl CoreError {
    /// Sort a provider's error answer into the right variant by HTTP status and error type.
    pub fn from_provider(failure: ProviderFailure, retry_after: Option<Duration>) -> Self {
        let failure = Box::new(failure);
        let status = failure.status.unwrap_or(0);
        match (status, failure.kind.as_str()) {
            (401 | 403, _) | (_, "authentication_error" | "permission_error") => {
                Self::Authentication(failure)
            }
            (429, _) | (_, "rate_limit_error") => Self::RateLimited {
                failure,
                retry_after,
            },
            (529, _) | (_, "overloaded_error") => Self::Overloaded(failure),
            // 408: the server gave up waiting for the request; nothing was wrong with it.
            (408, _) => Self::Unavailable(failure),
            (400..=499, _) => Self::BadRequest(failure),
            _ => Self::Unavailable(failure),
        }
    }
}

impl CoreError {
    /// The error placed where the call went: the provider as the user named it and its URL,
    /// and every key the server may have echoed masked. Wire formats raise errors in their
    /// own names; every call passes its errors through here.
    pub fn at(self, origin: &Origin<'_>) -> CoreError {
        let mask =
            |text: String| shown_url::masked_in(&mask_keys(&text, origin.key), origin.base_url);
        let name = || origin.provider.to_string();
        let url = || shown_url::shown(origin.base_url);
        let place = |mut failure: Box<ProviderFailure>| {
            failure.provider = name();
            failure.url = url();
            failure.message = mask(std::mem::take(&mut failure.message));
            failure
        };
        match self {
            Self::Authentication(f) => Self::Authentication(place(f)),
            Self::RateLimited {
                failure,
                retry_after,
            } => Self::RateLimited {
                failure: place(failure),
                retry_after,
            },
            Self::Overloaded(f) => Self::Overloaded(place(f)),
            Self::Unavailable(f) => Self::Unavailable(place(f)),
            Self::BadRequest(f) => Self::BadRequest(place(f)),
            Self::Unreachable { detail, .. } => Self::Unreachable {
                provider: name(),
                url: url(),
                detail: mask(detail),
            },
            Self::Timeout { phase, after, .. } => Self::Timeout {
                provider: name(),
                url: url(),
                phase,
                after,
            },
            Self::ResponseFormat { detail, raw, .. } => Self::ResponseFormat {
                provider: name(),
                detail: mask(detail),
                raw: mask(raw),
            },
            Self::StreamInterrupted { detail, .. } => Self::StreamInterrupted {
                provider: name(),
                detail: mask(detail),
            },
            Self::ReplyTooLarge {
                what,
                limit,
                max_chars,
                ..
            } => Self::ReplyTooLarge {
                provider: name(),
                what,
                limit,
                max_chars,
            },
            other => other,
        }
    }

    /// An answer that cannot be read; `raw` is kept, bounded, so the user can see what came.
    pub fn unreadable(provider: impl fmt::Display, detail: impl Into<String>, raw: &str) -> Self {
        Self::ResponseFormat {
            provider: provider.to_string(),
            detail: detail.into(),
            raw: excerpt(raw),
        }
    }
}

/// A provider's error answer with this status and error type (for tests).
#[cfg(test)]
pub fn provider_error(status: u16, kind: &str) -> CoreError {
    CoreError::from_provider(
        ProviderFailure {
            provider: "anthropic".into(),
            url: String::new(),
            status: Some(status),
            kind: kind.into(),
            message: String::new(),
            request_id: None,
            hint: None,
        },
        None,
    )
}

/// Bound a raw body kept in an error so a huge page does not flood the terminal.
pub fn excerpt(raw: &str) -> String {
    const LIMIT: usize = 300;
    let trimmed = raw.trim();
    match trimmed.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(status: Option<u16>, kind: &str) -> ProviderFailure {
        ProviderFailure {
            provider: "anthropic".into(),
            url: String::new(),
            status,
            kind: kind.into(),
            message: "msg".into(),
            request_id: Some("req_1".into()),
            hint: None,
        }
    }

    #[test]
    fn classifies_by_status_and_kind() {
        let cases = [
            (Some(401), "authentication_error", "Authentication"),
            (Some(403), "permission_error", "Authentication"),
            (Some(429), "rate_limit_error", "RateLimited"),
            (Some(529), "overloaded_error", "Overloaded"),
            (None, "overloaded_error", "Overloaded"),
            (Some(500), "api_error", "Unavailable"),
            (Some(400), "invalid_request_error", "BadRequest"),
            (Some(408), "", "Unavailable"),
            (Some(503), "server_error", "Unavailable"),
            (Some(404), "not_found_error", "BadRequest"),
        ];
        for (status, kind, want) in cases {
            let got = CoreError::from_provider(failure(status, kind), None);
            let name = format!("{got:?}");
            assert!(name.starts_with(want), "{status:?} {kind}: got {name}");
        }
    }

    #[test]
    fn message_names_status_kind_message_and_request_id() {
        let err = CoreError::from_provider(
            failure(Some(429), "rate_limit_error"),
            Some(Duration::from_millis(1500)),
        );
        assert_eq!(
            err.to_string(),
            "anthropic returned 429 rate_limit_error: msg (request-id req_1) (retry after 1.5s)"
        );
    }

    #[test]
    fn an_error_placed_names_the_provider_as_configured_its_url_and_the_status_once() {
        let origin = Origin {
            provider: "litellm",
            base_url: "http://127.0.0.1:4000/v1",
            key: Some("sk-gateway-0123456789"),
        };
        let mut said = failure(Some(400), "400");
        said.provider = "openai".into();
        said.message = "bad key sk-gateway-0123456789".into();
        let err = CoreError::from_provider(said, None).at(&origin);
        assert_eq!(
            err.to_string(),
            "litellm (http://127.0.0.1:4000/v1) returned 400: bad key [masked key] (request-id req_1)"
        );
        let refused = CoreError::Unreachable {
            provider: "anthropic".into(),
            url: String::new(),
            detail: "tcp connect error: Connection refused (os error 111)".into(),
        };
        assert_eq!(
            refused.at(&origin).to_string(),
            "could not connect to http://127.0.0.1:4000/v1 (litellm): tcp connect error: Connection refused (os error 111)"
        );
    }

    #[test]
    fn unknown_model_names_the_closest_and_the_prefixes() {
        let err = CoreError::UnknownModel {
            name: "clade-sonnet".into(),
            closest: vec!["claude-sonnet-5-5".into(), "sonnet".into()],
            asked: None,
        };
        assert_eq!(
            err.to_string(),
            "unknown model \"clade-sonnet\" (closest: claude-sonnet-5-5, sonnet); `vibectl models` lists the models vibectl knows, and a model not listed works as anthropic/NAME, openai/NAME or ollama:NAME"
        );
        let err = CoreError::UnknownModel {
            name: "tinyllama".into(),
            closest: vec![],
            asked: Some("Ollama at http://127.0.0.1:11434 does not list it".into()),
        };
        assert!(err.to_string().starts_with(
            "unknown model \"tinyllama\" (Ollama at http://127.0.0.1:11434 does not list it); "
        ));
    }

    #[test]
    fn excerpt_bounds_long_bodies() {
        let long = "x".repeat(1000);
        assert_eq!(excerpt(&long).chars().count(), 301);
        assert_eq!(excerpt(" short "), "short");
    }
}
