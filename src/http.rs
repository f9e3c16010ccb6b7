//! One process-wide HTTP client per endpoint, so connections are kept alive across calls.

pub mod bounded;
pub mod chunks;
pub mod exchange;
pub mod ndjson;
pub mod shown_url;
pub mod sse;
pub mod transport;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use reqwest::Client;

/// The shared client for `base_url` (cheap to clone: it is a handle to one connection pool).
///
/// The connect timeout is part of a client, so models with different timeouts get their own
/// pool; the other timeouts are applied per request (`http/exchange.rs`).
pub fn client_for(base_url: &str, connect_timeout: Duration) -> Client {
    static CLIENTS: OnceLock<Mutex<HashMap<(String, Duration), Client>>> = OnceLock::new();
    let mut clients = CLIENTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    clients
        .entry((base_url.to_string(), connect_timeout))
        .or_insert_with(|| {
            Client::builder()
                .user_agent(concat!("vibectl/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(connect_timeout)
                .build()
                .expect("the HTTP client configuration is static and valid")
        })
        .clone()
}
