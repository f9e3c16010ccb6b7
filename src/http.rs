//! One process-wide HTTP client per endpoint, so connections are kept alive across calls.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use reqwest::Client;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest silence tolerated between two chunks of a response.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// The shared client for `base_url` (cheap to clone: it is a handle to one connection pool).
pub fn client_for(base_url: &str) -> Client {
    static CLIENTS: OnceLock<Mutex<HashMap<String, Client>>> = OnceLock::new();
    let mut clients = CLIENTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    clients
        .entry(base_url.to_string())
        .or_insert_with(|| {
            Client::builder()
                .user_agent(concat!("vibectl/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(CONNECT_TIMEOUT)
                .read_timeout(IDLE_TIMEOUT)
                .build()
                .expect("the HTTP client configuration is static and valid")
        })
        .clone()
}
