//! Reading a key from where a source points: a file, a command, keys.json. Never logged.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use secrecy::{ExposeSecret, SecretString};

/// How long a key command may take; `VIBECTL_KEY_COMMAND_TIMEOUT` (seconds) changes it, for
/// unlock prompts that take longer.
fn command_timeout() -> Duration {
    std::env::var("VIBECTL_KEY_COMMAND_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(Duration::from_secs(10), Duration::from_secs_f64)
}

/// Key text as people store it: a BOM, CRLF and spaces around it are not part of the key.
pub fn clean(text: &str) -> SecretString {
    SecretString::from(text.trim_start_matches('\u{feff}').trim())
}

pub fn warn_once(message: String) {
    static WARNED: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    let mut warned = WARNED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if !warned.contains(&message) {
        log::warn!(target: "vibectl.keys", "{message}");
        warned.push(message);
    }
}

struct CachedFile {
    modified: Option<SystemTime>,
    len: u64,
    key: SecretString,
}

/// A key file's content, re-read only when the file changed (mtime or size).
pub fn key_file(path: &Path) -> Result<SecretString, String> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, CachedFile>>> = OnceLock::new();
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "does not exist".to_string(),
        _ => format!("cannot be read: {e}"),
    })?;
    if meta.is_dir() {
        return Err("is a directory, not a key file".into());
    }
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let modified = meta.modified().ok();
    if let Some(hit) = cache
        .get(path)
        .filter(|c| c.modified == modified && c.len == meta.len())
    {
        return Ok(hit.key.clone());
    }
    let text = fs::read_to_string(path).map_err(|e| format!("cannot be read: {e}"))?;
    let key = clean(&text);
    if key.expose_secret().is_empty() {
        return Err("is empty".into());
    }
    if meta.permissions().mode() & 0o077 != 0 {
        let shown = path.display();
        warn_once(format!(
            "key file {shown} can be read by other users; run `chmod 600 {shown}`"
        ));
    }
    cache.insert(
        path.to_path_buf(),
        CachedFile {
            modified,
            len: meta.len(),
            key: key.clone(),
        },
    );
    Ok(key)
}

/// What a key command gave, by its argument list.
type CommandResults = HashMap<Vec<String>, Result<SecretString, String>>;

/// The first line a command prints; each command runs at most once per process.
pub fn key_command(argv: &[String]) -> Result<SecretString, String> {
    static RESULTS: OnceLock<Mutex<CommandResults>> = OnceLock::new();
    let mut results = RESULTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    results
        .entry(argv.to_vec())
        .or_insert_with(|| run(argv))
        .clone()
}

fn run(argv: &[String]) -> Result<SecretString, String> {
    let (program, args) = argv.split_first().ok_or("is an empty command")?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    let timeout = command_timeout();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("did not finish within {}s", timeout.as_secs_f64()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut s) = child.stdout.take() {
        s.read_to_string(&mut out)
            .map_err(|e| format!("printed something unreadable: {e}"))?;
    }
    if let Some(mut s) = child.stderr.take() {
        let _ = s.read_to_string(&mut err);
    }
    if !status.success() {
        let said = err
            .lines()
            .next()
            .map(|l| format!(": {}", l.trim()))
            .unwrap_or_default();
        return Err(format!(
            "exited with {}{said}",
            status.code().map_or("a signal".into(), |c| c.to_string())
        ));
    }
    let key = clean(out.lines().next().unwrap_or(""));
    if key.expose_secret().is_empty() {
        return Err("printed no key".into());
    }
    Ok(key)
}

/// The `llm` tool's entry for `alias` in its keys.json (its "// Note" entry is not a key).
pub fn llm_keys_json(path: &Path, alias: &str) -> Result<Option<SecretString>, String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot be read: {e}")),
    };
    let entries: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|_| "is not a JSON object".to_string())?;
    Ok(entries
        .iter()
        .filter(|(name, _)| !name.starts_with("//"))
        .find(|(name, _)| name.as_str() == alias)
        .and_then(|(_, v)| v.as_str())
        .map(clean)
        .filter(|k| !k.expose_secret().is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_strips_bom_crlf_and_spaces() {
        assert_eq!(
            clean("\u{feff}sk-ant-abc  \r\n").expose_secret(),
            "sk-ant-abc"
        );
    }

    #[test]
    fn key_files_are_reread_when_they_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        fs::write(&path, "first\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(key_file(&path).unwrap().expose_secret(), "first");
        fs::write(&path, "second-longer\n").unwrap();
        assert_eq!(key_file(&path).unwrap().expose_secret(), "second-longer");
        fs::write(&path, " \r\n").unwrap();
        assert_eq!(key_file(&path).unwrap_err(), "is empty");
        assert_eq!(
            key_file(&dir.path().join("nope")).unwrap_err(),
            "does not exist"
        );
    }

    #[test]
    fn commands_give_their_first_line_or_a_reason() {
        let sh = |script: &str| vec!["sh".to_string(), "-c".to_string(), script.to_string()];
        assert_eq!(
            key_command(&sh("printf 'sk-1\\nsecond\\n'"))
                .unwrap()
                .expose_secret(),
            "sk-1"
        );
        assert_eq!(
            key_command(&sh("echo nope >&2; exit 3")).unwrap_err(),
            "exited with 3: nope"
        );
        assert_eq!(key_command(&sh("true")).unwrap_err(), "printed no key");
        assert!(key_command(&["/no/such/program".to_string()])
            .unwrap_err()
            .starts_with("could not start"));
    }

    #[test]
    fn keys_json_skips_the_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.json");
        fs::write(&path, r#"{"// Note": "This file stores secret API credentials. Do not share!", "anthropic": "sk-ant-llm"}"#).unwrap();
        assert_eq!(
            llm_keys_json(&path, "anthropic")
                .unwrap()
                .unwrap()
                .expose_secret(),
            "sk-ant-llm"
        );
        assert!(llm_keys_json(&path, "openai").unwrap().is_none());
        assert!(llm_keys_json(&dir.path().join("none.json"), "anthropic")
            .unwrap()
            .is_none());
    }
}
