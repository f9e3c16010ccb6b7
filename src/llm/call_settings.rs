//! How a model's calls are retried and timed out: one struct, held by each `Model`.

use std::time::Duration;

use crate::config::Config;

/// Retry and timeout knobs for every call a model makes.
///
/// The defaults suit an interactive CLI; `[llm]` config and tests replace them per model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallSettings {
    /// Retries after the first attempt (2 means up to 3 attempts).
    pub max_retries: u32,
    /// The wait before the first retry; it doubles with each further retry.
    pub backoff_base: Duration,
    /// The longest `retry-after` honoured; a provider asking for more fails the call at once.
    pub retry_cap: Duration,
    pub connect_timeout: Duration,
    /// From sending the request to the response's status line. Without streaming the whole
    /// answer is generated before that, hence the generous default.
    pub first_byte_timeout: Duration,
    /// The longest silence between two chunks of a response body.
    pub idle_timeout: Duration,
}

impl Default for CallSettings {
    fn default() -> Self {
        CallSettings {
            max_retries: 2,
            backoff_base: Duration::from_millis(500),
            retry_cap: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            first_byte_timeout: Duration::from_secs(120),
            idle_timeout: Duration::from_secs(60),
        }
    }
}

impl CallSettings {
    /// The `[llm]` settings in effect (each has a default in the schema).
    pub fn from_config(config: &Config) -> Self {
        let seconds = |key: &str| Duration::from_secs_f64(config.number(key));
        CallSettings {
            max_retries: u32::try_from(config.integer("llm.max_retries")).unwrap_or(0),
            retry_cap: seconds("llm.max_retry_wait"),
            connect_timeout: seconds("llm.connect_timeout"),
            first_byte_timeout: seconds("llm.first_byte_timeout"),
            idle_timeout: seconds("llm.idle_timeout"),
            ..CallSettings::default()
        }
    }
}
