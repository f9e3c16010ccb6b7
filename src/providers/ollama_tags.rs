//! Whether the Ollama server has a model by the name a user wrote: llm-ollama made every model
//! `ollama list` shows usable by that bare name (`llama3.2`, `qwen2.5-coder:7b`), and the older
//! vibectl took those names.
//!
//! The server's `GET /api/tags` lists its local models as `{"models": [{"name", "model", …}]}`
//! (ollama/ollama `docs/api.md`, "List Local Models", and `api/types.go` `ListModelResponse`).
//! Names follow Ollama's rules: a name without a tag means `:latest`, case does not matter, and
//! the default registry and namespace (`registry.ollama.ai/library/`) may be left out.

use std::time::Duration;

use serde::Deserialize;

use crate::config::Config;
use crate::http::shown_url::shown;
use crate::http::transport::describe;
use crate::keys;
use crate::providers::endpoint::base_url_for;
use crate::providers::Provider;

/// How long a name nothing else knows waits for Ollama's list, at most.
pub const LIST_TIMEOUT: Duration = Duration::from_secs(2);
/// The longest model list read: a real one is a few KiB a model.
const MAX_LIST_BYTES: usize = 8 << 20;

/// The name the Ollama server lists for `name`, or why it is not there, as a clause for the
/// unknown-model error ("Ollama at URL does not list it").
pub fn listed(name: &str, config: &Config) -> Result<String, String> {
    let name_ollama = Provider::Ollama.name();
    let base = base_url_for(name_ollama, config)
        .ok_or_else(|| format!("providers.{name_ollama}.base_url is not set"))?;
    let at = format!("Ollama at {}", shown(&base));
    let key = keys::resolve(name_ollama, config).ok().flatten();
    let headers = Provider::Ollama
        .headers(key.as_ref())
        .map_err(|e| format!("{at} was not asked: {e}"))?;
    let url = Provider::Ollama.models_url(&base);
    // The caller may be anywhere (a Python thread, a tokio worker): the request gets a thread
    // and a runtime of its own, and a client that lives as long as they do.
    let body = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())?;
                runtime.block_on(fetch(&url, headers))
            })
            .join()
            .unwrap_or_else(|_| Err("the request failed".to_string()))
    })
    .map_err(|why| format!("{at} could not be asked: {why}"))?;
    let tags: Tags =
        serde_json::from_slice(&body).map_err(|_| format!("{at} sent no model list"))?;
    find(name, &tags.names()).ok_or_else(|| format!("{at} does not list it"))
}

async fn fetch(url: &str, headers: reqwest::header::HeaderMap) -> Result<Vec<u8>, String> {
    let client = reqwest::Client::builder()
        .user_agent(concat!("vibectl/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(LIST_TIMEOUT)
        .timeout(LIST_TIMEOUT)
        .build()
        .map_err(|e| describe(&e))?;
    let mut response = client
        .get(url)
        .headers(headers)
        .send()
        .await
        .map_err(|e| describe(&e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("it answered {status}"));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
        if body.len() + chunk.len() > MAX_LIST_BYTES {
            return Err(format!(
                "its model list is over {} MiB",
                MAX_LIST_BYTES >> 20
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[derive(Deserialize)]
struct Tags {
    models: Vec<Tag>,
}

#[derive(Deserialize)]
struct Tag {
    #[serde(default)]
    name: String,
    #[serde(default)]
    model: String,
}

impl Tags {
    fn names(&self) -> Vec<&str> {
        self.models
            .iter()
            .flat_map(|t| [t.name.as_str(), t.model.as_str()])
            .filter(|n| !n.is_empty())
            .collect()
    }
}

/// Whether `name` could be an Ollama model name at all (`[host/][namespace/]model[:tag]`),
/// so nothing else is sent to the server.
pub fn could_be_ollama(name: &str) -> bool {
    name.len() <= 256
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-:/".contains(c))
}

/// The listed name that is `name` by Ollama's rules.
fn find(name: &str, listed: &[&str]) -> Option<String> {
    let wanted = full(name);
    listed
        .iter()
        .find(|l| full(l) == wanted)
        .map(|l| l.to_string())
}

/// `name` in one spelling: lowercase, the default registry and namespace left out, the tag
/// `latest` when it has none.
fn full(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let short = lower
        .strip_prefix("registry.ollama.ai/")
        .unwrap_or(&lower)
        .trim_start_matches("library/");
    let model = short.rsplit('/').next().unwrap_or(short);
    if model.contains(':') {
        short.to_string()
    } else {
        format!("{short}:latest")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_model_list_past_its_cap_is_refused_not_read() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/api/tags", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let _ = conn.read(&mut [0u8; 4096]);
            let size = 4 * MAX_LIST_BYTES;
            let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {size}\r\n\r\n");
            let _ = conn.write_all(head.as_bytes());
            let block = vec![b' '; 1 << 16];
            for _ in 0..size / block.len() {
                if conn.write_all(&block).is_err() {
                    return;
                }
            }
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let got = runtime.block_on(fetch(&url, reqwest::header::HeaderMap::new()));
        assert_eq!(got, Err("its model list is over 8 MiB".to_string()));
    }
    use super::*;

    #[test]
    fn names_match_by_ollamas_rules() {
        let listed = [
            "llama3.2:latest",
            "qwen2.5-coder:7b",
            "hf.co/org/Model-GGUF:Q4_K_M",
        ];
        for (typed, found) in [
            ("llama3.2", Some("llama3.2:latest")),
            ("llama3.2:latest", Some("llama3.2:latest")),
            ("Llama3.2", Some("llama3.2:latest")),
            ("library/llama3.2", Some("llama3.2:latest")),
            (
                "registry.ollama.ai/library/llama3.2:latest",
                Some("llama3.2:latest"),
            ),
            ("qwen2.5-coder:7b", Some("qwen2.5-coder:7b")),
            (
                "hf.co/org/model-gguf:q4_k_m",
                Some("hf.co/org/Model-GGUF:Q4_K_M"),
            ),
            ("qwen2.5-coder", None),
            ("qwen2.5-coder:14b", None),
            ("llama3.2:1b", None),
            ("llama3", None),
        ] {
            assert_eq!(find(typed, &listed).as_deref(), found, "{typed}");
        }
    }

    #[test]
    fn only_names_ollama_could_have_are_asked_for() {
        for name in ["llama3.2", "qwen2.5-coder:7b", "hf.co/org/m:q4", "sonet"] {
            assert!(could_be_ollama(name), "{name}");
        }
        for name in [
            "",
            ":latest",
            "-x",
            "two words",
            "a\u{1b}[31m",
            "ünï",
            &"a".repeat(257),
        ] {
            assert!(!could_be_ollama(name), "{name:?}");
        }
    }

    #[test]
    fn the_list_is_read_as_ollama_sends_it() {
        // The example of "List Local Models" in ollama's docs/api.md (no `model` field).
        let body = r#"{"models": [{"name": "codellama:13b", "modified_at":
            "2023-11-04T14:56:49.277302595-07:00", "size": 7365960935, "digest": "9f43",
            "details": {"format": "gguf", "family": "llama", "families": null,
            "parameter_size": "13B", "quantization_level": "Q4_0"}}]}"#;
        let tags: Tags = serde_json::from_str(body).unwrap();
        assert_eq!(tags.names(), ["codellama:13b"]);
    }
}
