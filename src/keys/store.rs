//! `vibectl keys set` and `unset`: a key read in the core (never by Python), kept in a 0600 file
//! in a 0700 directory. Windows has no modes: the file and directory take the ACL of the config
//! directory under the user's profile (`%APPDATA%`), which only the user (and administrators) can
//! read.

use std::fs;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

use crate::atomic_write::atomic_write;
use crate::config::edit;
use crate::config::paths::{expand_tilde, keys_dir};
use crate::config::Config;
use crate::error::CoreError;
use crate::keys::check::{self, Verdict};
use crate::keys::read::{clean, warn_once};
use crate::providers::{kind_of, Provider};
use crate::regular_file::{size, KEY_FILE_CAP};

/// Keys are stored only for a provider vibectl can reach.
fn check_known(provider: &str) -> Result<(), CoreError> {
    kind_of(provider, Config::current()?.as_ref())
        .map(|_| ())
        .ok_or_else(|| {
            CoreError::Config(format!(
            "unknown provider {provider}: use anthropic, openai or ollama, or add it first with \
             `vibectl config set providers.{provider}.kind openai` and a base_url"
        ))
        })
}

/// The key from a hidden prompt on the terminal, or from standard input when it is piped.
fn read_key(provider: &str) -> Result<SecretString, CoreError> {
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{provider} API key (input hidden): ")).map_err(|e| {
            CoreError::Config(format!("could not read the key from the terminal: {e}"))
        })?
    } else {
        // A key is one line: `yes | vibectl keys set …` must not be read forever.
        let mut text = String::new();
        std::io::stdin()
            .take(KEY_FILE_CAP + 1)
            .read_to_string(&mut text)
            .map_err(|e| {
                CoreError::Config(format!("could not read the key from standard input: {e}"))
            })?;
        if text.len() as u64 > KEY_FILE_CAP {
            return Err(CoreError::Config(format!(
                "standard input holds more than {}; a key is one line; nothing was changed",
                size(KEY_FILE_CAP)
            )));
        }
        text
    };
    Ok(clean(text.lines().next().unwrap_or("")))
}

#[cfg(unix)]
fn make_private(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

/// Windows has no modes; the inherited ACL is the user's.
#[cfg(windows)]
fn make_private(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// Store a key typed or piped in, and point `providers.<p>.key_file` at it.
pub fn set_from_input(provider: &str) -> Result<PathBuf, CoreError> {
    check_known(provider)?;
    let key = read_key(provider)?;
    if key.expose_secret().is_empty() {
        return Err(CoreError::Config(
            "no key was given; nothing was changed".into(),
        ));
    }
    match check::check(Provider::from_name(provider), key.expose_secret()) {
        Verdict::Bad(why) => {
            return Err(CoreError::Config(format!(
                "that is not a usable {provider} key: {why}; nothing was changed"
            )))
        }
        Verdict::Suspicious(why) => warn_once(format!("the {provider} key given: {why}")),
        Verdict::Fine => {}
    }
    let dir = keys_dir();
    fs::create_dir_all(&dir)
        .map_err(|e| CoreError::Config(format!("{}: cannot be created: {e}", dir.display())))?;
    make_private(&dir, 0o700).map_err(|e| {
        CoreError::Config(format!("{}: cannot be made private: {e}", dir.display()))
    })?;
    let path = dir.join(provider);
    let write = |path: &Path| -> std::io::Result<()> {
        atomic_write(path, format!("{}\n", key.expose_secret()).as_bytes())?;
        make_private(path, 0o600)
    };
    write(&path)
        .map_err(|e| CoreError::Config(format!("{}: was not written: {e}", path.display())))?;
    edit::set(
        &format!("providers.{provider}.key_file"),
        &path.display().to_string(),
    )?;
    Ok(path)
}

/// Point `providers.<p>.key_file` at a file the user manages (agenix, sops-nix, …).
pub fn set_file(provider: &str, path: &str) -> Result<(), CoreError> {
    check_known(provider)?;
    let expanded = expand_tilde(path);
    if !expanded.is_file() {
        warn_once(format!(
            "{} does not exist yet; vibectl will read it when it needs the key",
            expanded.display()
        ));
    }
    edit::set(&format!("providers.{provider}.key_file"), path)?;
    Ok(())
}

/// Remove the stored key of a provider from the user config (and the file `keys set` wrote).
pub fn unset(provider: &str) -> Result<Vec<String>, CoreError> {
    let mut removed = Vec::new();
    let ours = keys_dir().join(provider);
    let config = Config::current()?;
    let pointed = config
        .string(&format!("providers.{provider}.key_file"))
        .map(|p| expand_tilde(&p));
    for field in ["key", "key_file"] {
        let key = format!("providers.{provider}.{field}");
        if edit::unset(&key)? {
            removed.push(key);
        }
    }
    if pointed.as_deref() == Some(ours.as_path()) && ours.exists() {
        fs::remove_file(&ours).map_err(|e| {
            CoreError::Config(format!("{}: cannot be removed: {e}", ours.display()))
        })?;
        removed.push(ours.display().to_string());
    }
    Ok(removed)
}
