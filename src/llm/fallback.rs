//! `llm.fallbacks`: other models tried in order when the chosen one cannot answer at all.
//!
//! Only failures that another model could get past lead on: no key for the provider, the
//! provider unreachable, overloaded after the retries, or rate-limited past the retry cap. A
//! 400 or a rejected key is the user's to fix, and a stream that has started is never switched.

use std::future::Future;
use std::sync::Arc;

use crate::config::Config;
use crate::error::CoreError;
use crate::llm::model::Model;

pub fn falls_back(err: &CoreError) -> bool {
    matches!(
        err,
        CoreError::MissingKey { .. }
            | CoreError::Unavailable(_)
            | CoreError::Unreachable { .. }
            | CoreError::Overloaded(_)
            | CoreError::RateLimited { .. }
            | CoreError::Timeout { .. }
    )
}

/// `call` with the chosen model, then with each fallback while the failure allows it; one
/// warning line names each switch.
pub async fn with_fallbacks<T, F, Fut>(chosen: Arc<Model>, call: F) -> Result<T, CoreError>
where
    F: Fn(Arc<Model>) -> Fut,
    Fut: Future<Output = Result<T, CoreError>>,
{
    let fallbacks = Config::current()?.strings("llm.fallbacks");
    let mut model = chosen;
    let mut result = call(Arc::clone(&model)).await;
    for name in fallbacks {
        let err = match &result {
            Err(err) if falls_back(err) => err,
            _ => break,
        };
        let next = Model::named(&name)?;
        if next.name == model.name {
            continue;
        }
        log::warn!(target: "vibectl.fallback", "{} failed ({err}); trying the fallback {}", model.name, next.name);
        model = next;
        result = call(Arc::clone(&model)).await;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::provider_error as failure;

    #[test]
    fn only_failures_another_model_could_get_past_fall_back() {
        assert!(falls_back(&failure(529, "overloaded_error")));
        assert!(falls_back(&failure(503, "api_error")));
        assert!(falls_back(&failure(429, "rate_limit_error")));
        assert!(!falls_back(&failure(400, "invalid_request_error")));
        assert!(!falls_back(&failure(401, "authentication_error")));
        assert!(!falls_back(&CoreError::StreamInterrupted {
            provider: "x".into(),
            detail: String::new()
        }));
    }
}
