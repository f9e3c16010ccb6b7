//! What one call cost and how it went: tokens, latency, time to first token, retries.

use std::time::{Duration, Instant};

use crate::llm::completion::Usage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metrics {
    /// The model that actually answered, as the provider names it.
    pub model: String,
    pub usage: Usage,
    /// From the call to its last byte, retries and their waits included.
    pub latency: Duration,
    /// From the call to the first streamed text or tool call; None without streaming.
    pub first_token: Option<Duration>,
    pub retries: u32,
}

impl Metrics {
    /// The metrics of a call that began at `started` and just ended. A provider that does not
    /// say which model answered is taken to have used `asked_for`.
    pub fn finished(
        reported_model: &str,
        asked_for: &str,
        usage: Usage,
        started: Instant,
        first_token: Option<Instant>,
        retries: u32,
    ) -> Metrics {
        let model = if reported_model.is_empty() {
            asked_for
        } else {
            reported_model
        };
        Metrics {
            model: model.to_string(),
            usage,
            latency: started.elapsed(),
            first_token: first_token.map(|t| t.duration_since(started)),
            retries,
        }
    }

    /// Two calls made for one result (an answer and its repair), as one.
    pub fn and_then(self, later: Metrics) -> Metrics {
        Metrics {
            model: later.model,
            usage: Usage {
                input_tokens: self.usage.input_tokens + later.usage.input_tokens,
                output_tokens: self.usage.output_tokens + later.usage.output_tokens,
            },
            latency: later.latency,
            first_token: self.first_token,
            retries: self.retries + later.retries,
        }
    }
}
