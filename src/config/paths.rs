//! Where vibectl's files live: the user and system config, the older YAML configs, state.
//!
//! On Windows the home directory is `%USERPROFILE%` (else `%HOME%`), and where Unix falls back to
//! `~/.config`, `~/.local/state` and `/etc`, Windows uses `%APPDATA%`, `%LOCALAPPDATA%` and
//! `%PROGRAMDATA%`; the variables vibectl and XDG define win on both.

use std::path::PathBuf;

/// A variable's value, treating an empty one as unset.
fn var(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

#[cfg(unix)]
fn home() -> PathBuf {
    var("HOME").unwrap_or_else(|| PathBuf::from("/"))
}

#[cfg(windows)]
fn home() -> PathBuf {
    var("USERPROFILE")
        .or_else(|| var("HOME"))
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// What separates `~` from the rest: `/`, and on Windows `\` too.
fn after_tilde(rest: &str) -> Option<&str> {
    rest.strip_prefix('/')
        .or_else(|| rest.strip_prefix('\\').filter(|_| cfg!(windows)))
}

/// `~` and `~/…` expanded to the home directory; anything else unchanged.
pub fn expand_tilde(path: &str) -> PathBuf {
    match path.strip_prefix('~') {
        Some("") => home(),
        Some(rest) => match after_tilde(rest) {
            Some(rest) => home().join(rest),
            None => PathBuf::from(path),
        },
        None => PathBuf::from(path),
    }
}

/// `$name`, else `fallback` (on Unix a directory under the home directory; on Windows the
/// value of the variable named by `windows`, else that directory's default under the home).
fn xdg(name: &str, fallback: &str, windows: (&str, &str)) -> PathBuf {
    var(name).unwrap_or_else(|| {
        if cfg!(windows) {
            var(windows.0).unwrap_or_else(|| home().join(windows.1))
        } else {
            home().join(fallback)
        }
    })
}

/// `$XDG_CONFIG_HOME`, else `~/.config` (Windows: `%APPDATA%`).
fn config_home() -> PathBuf {
    xdg("XDG_CONFIG_HOME", ".config", ("APPDATA", "AppData/Roaming"))
}

/// `$VIBECTL_CONFIG_DIR/config.toml`, else `$XDG_CONFIG_HOME/vibectl/config.toml`, else
/// `~/.config/vibectl/config.toml` (Windows: `%APPDATA%\vibectl\config.toml`).
pub fn user_file() -> PathBuf {
    var("VIBECTL_CONFIG_DIR")
        .unwrap_or_else(|| config_home().join("vibectl"))
        .join("config.toml")
}

/// `$VIBECTL_SYSTEM_CONFIG`, else `/etc/vibectl/config.toml` (written by the NixOS module;
/// Windows: `%PROGRAMDATA%\vibectl\config.toml`).
pub fn system_file() -> PathBuf {
    var("VIBECTL_SYSTEM_CONFIG").unwrap_or_else(|| {
        if cfg!(windows) {
            var("PROGRAMDATA")
                .unwrap_or_else(|| PathBuf::from("C:/ProgramData"))
                .join("vibectl/config.toml")
        } else {
            PathBuf::from("/etc/vibectl/config.toml")
        }
    })
}

/// Where the older Python vibectl kept its YAML config, in the order it is looked for.
pub fn legacy_yaml_candidates() -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Some(dir) = var("VIBECTL_CLIENT_CONFIG_DIR") {
        found.push(dir.join("config.yaml"));
    }
    if let Some(dir) = var("VIBECTL_CONFIG_DIR") {
        found.push(dir.join("client").join("config.yaml"));
        found.push(dir.join("config.yaml"));
    }
    if let Some(dir) = var("XDG_CONFIG_HOME") {
        found.push(dir.join("vibectl").join("client").join("config.yaml"));
    }
    found.push(home().join(".config/vibectl/client/config.yaml"));
    found.push(home().join(".vibectl/config.yaml"));
    found
}

/// Windows' local (not roaming) application data: `%LOCALAPPDATA%`, else its default under home.
const LOCAL_APPDATA: (&str, &str) = ("LOCALAPPDATA", "AppData/Local");

/// `$XDG_STATE_HOME/vibectl`, else `~/.local/state/vibectl` (Windows:
/// `%LOCALAPPDATA%\vibectl`): memory and other state.
pub fn state_dir() -> PathBuf {
    xdg("XDG_STATE_HOME", ".local/state", LOCAL_APPDATA).join("vibectl")
}

/// `$XDG_CACHE_HOME/vibectl`, else `~/.cache/vibectl` (Windows: `%LOCALAPPDATA%\vibectl\cache`,
/// as `%LOCALAPPDATA%\vibectl` is the state there): what can be lost without harm.
pub fn cache_dir() -> PathBuf {
    let dir = xdg("XDG_CACHE_HOME", ".cache", LOCAL_APPDATA).join("vibectl");
    if cfg!(windows) && var("XDG_CACHE_HOME").is_none() {
        dir.join("cache")
    } else {
        dir
    }
}

pub fn memory_file() -> PathBuf {
    state_dir().join("memory.txt")
}

/// The `llm` tool's user dir: `$LLM_USER_PATH`, else its default for the OS (click's app dir
/// for `io.datasette.llm`).
fn llm_user_dir() -> PathBuf {
    var("LLM_USER_PATH").unwrap_or_else(|| {
        if cfg!(target_os = "macos") {
            home().join("Library/Application Support/io.datasette.llm")
        } else if cfg!(windows) {
            var("APPDATA").unwrap_or_else(home).join("io.datasette.llm")
        } else {
            config_home().join("io.datasette.llm")
        }
    })
}

/// The `llm` tool's keys.json, in its user dir.
pub fn llm_keys_json() -> PathBuf {
    llm_user_dir().join("keys.json")
}

/// The `llm` tool's aliases.json (`llm aliases set`), next to its keys.json.
pub fn llm_aliases_json() -> PathBuf {
    llm_user_dir().join("aliases.json")
}

/// Where `vibectl keys set` keeps the keys it is given: one 0600 file per provider.
pub fn keys_dir() -> PathBuf {
    user_file().with_file_name("keys")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_expands_only_at_the_start() {
        let home = home();
        assert_eq!(expand_tilde("~"), home);
        assert_eq!(expand_tilde("~/keys/a"), home.join("keys/a"));
        assert_eq!(expand_tilde("/etc/~x"), PathBuf::from("/etc/~x"));
        assert_eq!(expand_tilde("~other/x"), PathBuf::from("~other/x"));
        let backslash = if cfg!(windows) {
            home.join("keys")
        } else {
            PathBuf::from("~\\keys")
        };
        assert_eq!(expand_tilde("~\\keys"), backslash);
    }
}
