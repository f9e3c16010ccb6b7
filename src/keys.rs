//! Where a provider's API key comes from: the one precedence list, first found wins.
//!
//! Keys live in `SecretString` until a request header is built; Python never receives one.
//! The order here is stated identically in docs/keys.md.

pub mod check;
mod command_group;
pub mod mask;
pub mod read;
pub mod status;
pub mod store;

use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};

use crate::config::paths::{expand_tilde, llm_keys_json};
use crate::config::Config;
use crate::error::CoreError;
use crate::keys::check::Verdict;
use crate::providers::{is_builtin, kind_of, known_providers, Provider};

/// The places a key is looked for, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `VIBECTL_<P>_API_KEY`
    Var,
    /// `VIBECTL_<P>_API_KEY_FILE`
    FileVar,
    /// config `providers.<p>.key`
    ConfigKey,
    /// config `providers.<p>.key_file`
    ConfigKeyFile,
    /// config `providers.<p>.key_command`
    ConfigKeyCommand,
    /// `$CREDENTIALS_DIRECTORY/<p>_api_key` (systemd `LoadCredential=`)
    Credentials,
    /// `ANTHROPIC_API_KEY`, `OPENAI_API_KEY`, `OLLAMA_API_KEY`
    LegacyVar,
    /// the `llm` tool's keys.json
    LlmKeysJson,
}

pub const ORDER: [Source; 8] = [
    Source::Var,
    Source::FileVar,
    Source::ConfigKey,
    Source::ConfigKeyFile,
    Source::ConfigKeyCommand,
    Source::Credentials,
    Source::LegacyVar,
    Source::LlmKeysJson,
];

/// A key and the place it was found (a variable name or file path, never the value).
#[derive(Clone)]
pub struct ResolvedKey {
    pub secret: SecretString,
    pub source: String,
}

/// `NAME` as it appears in variable names: upper case, `-` as `_`.
fn var_stem(provider: &str) -> String {
    provider.to_ascii_uppercase().replace('-', "_")
}

/// The variable vibectl reads a provider's key from, e.g. `VIBECTL_ANTHROPIC_API_KEY`.
pub fn key_var(provider: &str) -> String {
    format!("VIBECTL_{}_API_KEY", var_stem(provider))
}

fn legacy_var(provider: &str) -> Option<String> {
    is_builtin(provider).then(|| format!("{}_API_KEY", var_stem(provider)))
}

/// Every environment variable the core reads a key from: a child process must not inherit them.
pub fn secret_env_vars(config: &Config) -> Vec<String> {
    known_providers(config)
        .iter()
        .flat_map(|p| {
            [
                Some(key_var(p)),
                Some(format!("{}_FILE", key_var(p))),
                legacy_var(p),
            ]
        })
        .flatten()
        .collect()
}

/// Where a source points, found without reading a file or running a command.
enum Place {
    Value(SecretString),
    File(PathBuf),
    Command(Vec<String>),
}

struct Found {
    name: String,
    place: Place,
}

fn env(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

fn locate(source: Source, provider: &str, config: &Config) -> Result<Option<Found>, CoreError> {
    let config_entry = |field: &str| {
        let key = format!("providers.{provider}.{field}");
        let value = config.get(&key)?.clone();
        let file = config
            .origin_of(&key)
            .map(|l| l.path.display().to_string())
            .unwrap_or_default();
        Some((key, value, file))
    };
    Ok(match source {
        Source::Var => env(&key_var(provider)).map(|v| Found {
            name: key_var(provider),
            place: Place::Value(read::clean(&v)),
        }),
        Source::FileVar => {
            let var = format!("{}_FILE", key_var(provider));
            env(&var).filter(|v| !v.is_empty()).map(|path| Found {
                name: format!("{var}={path}"),
                place: Place::File(expand_tilde(&path)),
            })
        }
        Source::ConfigKey => config_entry("key").and_then(|(key, value, file)| {
            Some(Found {
                name: format!("{key} in {file}"),
                place: Place::Value(read::clean(value.as_str()?)),
            })
        }),
        Source::ConfigKeyFile => config_entry("key_file").and_then(|(key, value, file)| {
            let path = value.as_str()?.to_string();
            Some(Found {
                name: format!("{key}={path} in {file}"),
                place: Place::File(expand_tilde(&path)),
            })
        }),
        Source::ConfigKeyCommand => config_entry("key_command").and_then(|(key, value, file)| {
            let argv: Vec<String> = value
                .as_array()?
                .iter()
                .filter_map(|a| a.as_str().map(String::from))
                .collect();
            Some(Found {
                name: format!("{key} ({} …) in {file}", argv.first()?),
                place: Place::Command(argv),
            })
        }),
        Source::Credentials => env("CREDENTIALS_DIRECTORY")
            .filter(|d| !d.is_empty())
            .and_then(|dir| {
                let path = PathBuf::from(dir).join(format!("{provider}_api_key"));
                path.exists().then(|| Found {
                    name: format!("$CREDENTIALS_DIRECTORY/{provider}_api_key"),
                    place: Place::File(path),
                })
            }),
        Source::LegacyVar => legacy_var(provider).and_then(|var| {
            Some(Found {
                place: Place::Value(read::clean(&env(&var)?)),
                name: var,
            })
        }),
        Source::LlmKeysJson => {
            if !is_builtin(provider) {
                return Ok(None);
            }
            let path = llm_keys_json();
            let name = format!("llm keys.json ({})", path.display());
            let entry = read::llm_keys_json(&path, provider)
                .map_err(|why| invalid(provider, &name, &format!("the file {why}")))?;
            entry.map(|key| Found {
                name,
                place: Place::Value(key),
            })
        }
    })
}

fn invalid(provider: &str, source: &str, reason: &str) -> CoreError {
    CoreError::InvalidKey {
        provider: provider.to_string(),
        source_name: source.to_string(),
        reason: reason.to_string(),
    }
}

fn read(found: &Found, provider: &str) -> Result<SecretString, CoreError> {
    let key = match &found.place {
        Place::Value(v) => v.clone(),
        Place::File(path) => read::key_file(path).map_err(|why| {
            invalid(
                provider,
                &found.name,
                &format!("the file {} {why}", path.display()),
            )
        })?,
        Place::Command(argv) => read::key_command(argv)
            .map_err(|why| invalid(provider, &found.name, &format!("the command {why}")))?,
    };
    if key.expose_secret().is_empty() {
        return Err(invalid(provider, &found.name, "it is set but empty"));
    }
    Ok(key)
}

/// The first source that has something for `provider`, read; None when no source has anything.
pub fn resolve(provider: &str, config: &Config) -> Result<Option<ResolvedKey>, CoreError> {
    for source in ORDER {
        if let Some(found) = locate(source, provider, config)? {
            let secret = read(&found, provider)?;
            return Ok(Some(ResolvedKey {
                secret,
                source: found.name,
            }));
        }
    }
    Ok(None)
}

/// The names of the sources that have something for `provider`, in order (nothing is read).
pub fn present_sources(provider: &str, config: &Config) -> Vec<String> {
    ORDER
        .iter()
        .filter_map(|&source| {
            locate(source, provider, config)
                .ok()
                .flatten()
                .map(|f| f.name)
        })
        .collect()
}

/// The key a call to `model` through `provider` uses, checked offline. Ollama needs none.
pub fn for_call(
    provider: &str,
    model: &str,
    config: &Config,
) -> Result<Option<ResolvedKey>, CoreError> {
    let Some(key) = resolve(provider, config)? else {
        if !needs_key(provider, config) {
            return Ok(None);
        }
        return Err(missing(provider, model, config));
    };
    match check::check(Provider::from_name(provider), key.secret.expose_secret()) {
        Verdict::Fine => {}
        Verdict::Suspicious(why) => {
            read::warn_once(format!("the {provider} key from {}: {why}", key.source))
        }
        Verdict::Bad(why) => return Err(invalid(provider, &key.source, &why)),
    }
    Ok(Some(key))
}

fn missing(provider: &str, model: &str, config: &Config) -> CoreError {
    let var = key_var(provider);
    let mut fix = format!("run `vibectl keys set {provider}` or `export {var}=…`");
    let others: Vec<String> = known_providers(config)
        .into_iter()
        .filter(|p| p != provider && needs_key(p, config))
        .filter(|p| !present_sources(p, config).is_empty())
        .collect();
    if !others.is_empty() {
        fix.push_str(&format!(
            " (a key is set for {}: choose one of its models with --model or `vibectl config set llm.model …`)",
            others.join(", ")
        ));
    }
    CoreError::MissingKey {
        provider: provider.to_string(),
        model: model.to_string(),
        fix,
    }
}

/// Whether a call through `provider` needs a key: a gateway without a `kind` counts as needing one.
pub fn needs_key(provider: &str, config: &Config) -> bool {
    kind_of(provider, config).is_none_or(Provider::needs_key)
}

/// A recognisable but useless form of a secret, e.g. `sk-ant-…f3a9`.
pub fn fingerprint(secret: &str) -> String {
    let prefix = check::known_prefixes()
        .into_iter()
        .find(|p| secret.starts_with(p))
        .unwrap_or("");
    let chars: Vec<char> = secret.chars().collect();
    // Short secrets show nothing of their own: four characters of a short key is too much.
    if chars.len() < prefix.len() + 16 {
        return format!("{prefix}…");
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_show_the_prefix_and_last_four() {
        assert_eq!(
            fingerprint("sk-ant-api03-abcdefghijklmnopf3a9"),
            "sk-ant-…f3a9"
        );
        assert_eq!(fingerprint("sk-ant-short"), "sk-ant-…");
        assert_eq!(fingerprint("sk-proj-abcdefghijklmnopf3a9"), "sk-proj-…f3a9");
        assert_eq!(fingerprint("sk-abcdefghijklmnopf3a9"), "sk-…f3a9");
        assert_eq!(fingerprint("0123456789abcdefXYZW"), "…XYZW");
        assert_eq!(fingerprint("tiny"), "…");
    }

    #[test]
    fn variable_names_follow_the_provider_name() {
        assert_eq!(key_var("anthropic"), "VIBECTL_ANTHROPIC_API_KEY");
        assert_eq!(key_var("my-gateway"), "VIBECTL_MY_GATEWAY_API_KEY");
        assert_eq!(legacy_var("openai").as_deref(), Some("OPENAI_API_KEY"));
        assert_eq!(legacy_var("my-gateway"), None);
    }
}
