//! The one retry layer: which failures are worth another attempt, and how long to wait first.

use std::future::Future;
use std::time::Duration;

use crate::error::CoreError;
use crate::llm::call_settings::CallSettings;

/// The longest wait between attempts that backoff alone produces.
const MAX_BACKOFF: Duration = Duration::from_secs(8);

#[derive(Debug, PartialEq)]
enum Decision {
    Retry(Duration),
    GiveUp,
}

/// Run `attempt` until it succeeds or fails in a way retrying cannot fix; the number of
/// retries it took comes with the value.
///
/// Every attempt must be one a caller has seen nothing of yet: a stream is only retried
/// before its first chunk is handed out.
pub async fn with_retries<T, F, Fut>(
    settings: &CallSettings,
    mut attempt: F,
) -> Result<(T, u32), CoreError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CoreError>>,
{
    let mut retries = 0;
    loop {
        let err = match attempt().await {
            Ok(value) => return Ok((value, retries)),
            Err(err) => err,
        };
        match decide(&err, retries, settings, fastrand::f64()) {
            Decision::GiveUp => return Err(err),
            Decision::Retry(wait) => {
                retries += 1;
                log::info!(
                    "{err}; retry {retries} of {} in {:.2}s",
                    settings.max_retries,
                    wait.as_secs_f64()
                );
                tokio::time::sleep(wait).await;
            }
        }
    }
}

/// What to do after `err`, with `retries` retries done so far; `jitter` is in [0, 1).
fn decide(err: &CoreError, retries: u32, settings: &CallSettings, jitter: f64) -> Decision {
    let wait = match err {
        // A wait beyond the cap fails at once; the error carries the wait for the caller.
        CoreError::RateLimited {
            retry_after: Some(wait),
            ..
        } if *wait > settings.retry_cap => return Decision::GiveUp,
        CoreError::RateLimited {
            retry_after: Some(wait),
            ..
        } => *wait,
        CoreError::RateLimited { .. }
        | CoreError::Overloaded(_)
        | CoreError::Unavailable(_)
        | CoreError::Unreachable { .. }
        | CoreError::StreamInterrupted { .. }
        | CoreError::Timeout {
            phase: "connecting",
            ..
        } => backoff(retries, settings.backoff_base, jitter),
        // Refusals are the user's to fix; a read timeout means the provider is working on it
        // (another attempt would cost as much again); a broken answer would break again.
        _ => return Decision::GiveUp,
    };
    if retries >= settings.max_retries {
        Decision::GiveUp
    } else {
        Decision::Retry(wait)
    }
}

/// Exponential backoff with jitter: base·2^retries, capped, minus up to a quarter at random.
fn backoff(retries: u32, base: Duration, jitter: f64) -> Duration {
    let full = base
        .saturating_mul(2u32.saturating_pow(retries))
        .min(MAX_BACKOFF);
    full.mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{provider_error as failure, ProviderFailure};

    fn settings() -> CallSettings {
        CallSettings::default()
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered_down_by_at_most_a_quarter() {
        let base = Duration::from_millis(500);
        assert_eq!(backoff(0, base, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(1, base, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(3, base, 0.0), Duration::from_secs(4));
        assert_eq!(backoff(10, base, 0.0), MAX_BACKOFF);
        assert_eq!(backoff(40, base, 0.0), MAX_BACKOFF);
        // 1.0 is the (excluded) upper end of the jitter range.
        assert_eq!(backoff(1, base, 1.0), Duration::from_millis(750));
    }

    #[test]
    fn transient_failures_are_retried_up_to_max_retries() {
        for err in [
            failure(429, ""),
            failure(500, "api_error"),
            failure(503, ""),
            failure(529, "overloaded_error"),
            failure(408, ""),
        ] {
            assert!(
                matches!(decide(&err, 0, &settings(), 0.0), Decision::Retry(_)),
                "{err:?}"
            );
            assert_eq!(
                decide(&err, 1, &settings(), 0.0),
                Decision::Retry(Duration::from_secs(1))
            );
            assert_eq!(
                decide(&err, 2, &settings(), 0.0),
                Decision::GiveUp,
                "{err:?}"
            );
        }
    }

    #[test]
    fn refusals_and_read_timeouts_are_never_retried() {
        for status in [400, 401, 403, 404, 422] {
            assert_eq!(
                decide(&failure(status, ""), 0, &settings(), 0.0),
                Decision::GiveUp
            );
        }
        let slow = CoreError::Timeout {
            provider: "openai".into(),
            url: String::new(),
            phase: "waiting for the response to start",
            after: Duration::from_secs(1),
        };
        assert_eq!(decide(&slow, 0, &settings(), 0.0), Decision::GiveUp);
        let connect = CoreError::Timeout {
            provider: "openai".into(),
            url: String::new(),
            phase: "connecting",
            after: Duration::from_secs(1),
        };
        assert!(matches!(
            decide(&connect, 0, &settings(), 0.0),
            Decision::Retry(_)
        ));
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let limited = |secs: u64| CoreError::RateLimited {
            failure: Box::new(ProviderFailure {
                provider: "openai".into(),
                url: String::new(),
                status: Some(429),
                kind: String::new(),
                message: String::new(),
                request_id: None,
                hint: None,
            }),
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(
            decide(&limited(7), 0, &settings(), 0.5),
            Decision::Retry(Duration::from_secs(7))
        );
        assert_eq!(
            decide(&limited(30), 0, &settings(), 0.5),
            Decision::Retry(Duration::from_secs(30))
        );
        assert_eq!(decide(&limited(31), 0, &settings(), 0.5), Decision::GiveUp);
    }

    #[tokio::test]
    async fn the_loop_counts_retries_and_stops_on_success() {
        let fast = CallSettings {
            backoff_base: Duration::from_millis(1),
            ..CallSettings::default()
        };
        let mut calls = 0;
        let (value, retries) = with_retries(&fast, || {
            calls += 1;
            let outcome = if calls < 3 {
                Err(failure(503, ""))
            } else {
                Ok(calls)
            };
            async move { outcome }
        })
        .await
        .unwrap();
        assert_eq!((value, retries), (3, 2));
        let mut calls = 0;
        let err = with_retries(&fast, || {
            calls += 1;
            async { Err::<(), _>(failure(529, "overloaded_error")) }
        })
        .await
        .unwrap_err();
        assert!(matches!(err, CoreError::Overloaded(_)));
        assert_eq!(calls, 3);
    }
}
