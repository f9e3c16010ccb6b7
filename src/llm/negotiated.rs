//! The structured-output mode a model took when it had to be negotiated, remembered between runs
//! in `$XDG_CACHE_HOME/vibectl/structured-output.json`, keyed by provider, base URL and model:
//! the same model name behind another gateway may take another mode.
//!
//! It is a cache: a missing or unreadable file means "nothing known", and a write that fails
//! costs one more negotiation next time, never the call.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::atomic_write::atomic_write;
use crate::config::paths::cache_dir;
use crate::llm::tool::StructuredMode;

#[derive(Default, Serialize, Deserialize)]
struct Remembered {
    /// `"PROVIDER BASE_URL MODEL"` -> the mode that worked.
    #[serde(default)]
    models: BTreeMap<String, String>,
}

pub fn file() -> PathBuf {
    cache_dir().join("structured-output.json")
}

fn key(provider: &str, base_url: &str, model: &str) -> String {
    format!("{provider} {base_url} {model}")
}

/// The largest file read: a few hundred models fit many times over.
const MAX_BYTES: u64 = 1 << 20;

fn read() -> Remembered {
    let path = file();
    // Only a regular file of sane size: a FIFO or device put there must not hang a call.
    let readable = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_BYTES);
    if !readable {
        return Remembered::default();
    }
    std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// The mode that worked last time for this model at this address, if one was remembered.
pub fn recall(provider: &str, base_url: &str, model: &str) -> Option<StructuredMode> {
    let name = read().models.remove(&key(provider, base_url, model))?;
    StructuredMode::from_name(&name)
}

/// Remember `mode` for this model at this address (a no-op when it is already remembered).
pub fn remember(provider: &str, base_url: &str, model: &str, mode: StructuredMode) {
    let mut remembered = read();
    let previous = remembered
        .models
        .insert(key(provider, base_url, model), mode.name().to_string());
    if previous.as_deref() == Some(mode.name()) {
        return;
    }
    let written = serde_json::to_vec_pretty(&remembered)
        .map_err(std::io::Error::other)
        .and_then(|json| atomic_write(&file(), &json));
    if let Err(err) = written {
        log::debug!(
            "could not remember the structured-output mode in {}: {err}",
            file().display()
        );
    }
}
