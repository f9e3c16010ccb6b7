//! Reading a key from where a source points: a file, a command, keys.json. Never logged.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use secrecy::{ExposeSecret, SecretString};

use crate::keys::command_group;
use crate::regular_file::{read_optional_text, read_text, ReadError, CONFIG_CAP, KEY_FILE_CAP};

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

/// A key file's content, re-read only when the file changed (mtime or size). Only a regular
/// file of at most 64 KiB is read; a FIFO, device or directory is refused at once.
pub fn key_file(path: &Path) -> Result<SecretString, String> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, CachedFile>>> = OnceLock::new();
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound.to_string(),
        _ => ReadError::Io(e).to_string(),
    })?;
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let modified = meta.modified().ok();
    if let Some(hit) = cache
        .get(path)
        .filter(|c| meta.is_file() && c.modified == modified && c.len == meta.len())
    {
        return Ok(hit.key.clone());
    }
    let text = read_text(path, KEY_FILE_CAP).map_err(|e| e.to_string())?;
    let key = clean(&text);
    if key.expose_secret().is_empty() {
        return Err("is empty".into());
    }
    warn_if_shared(path, &meta);
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

/// A key file others can read is used, with a warning. Windows has no mode bits to check: the
/// file's ACL (private to the user under the profile directory) is not inspected.
#[cfg(unix)]
fn warn_if_shared(path: &Path, meta: &fs::Metadata) {
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o077 != 0 {
        let shown = path.display();
        warn_once(format!(
            "key file {shown} can be read by other users; run `chmod 600 {shown}`"
        ));
    }
}

#[cfg(windows)]
fn warn_if_shared(_path: &Path, _meta: &fs::Metadata) {}

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
        .or_insert_with(|| run(argv, command_timeout()))
        .clone()
}

/// The most a key command may print: a key is one line, so more is a mistake (a whole vault?).
const COMMAND_OUTPUT_CAP: u64 = 64 * 1024;

/// Run a key command in a process group (on Windows, a job) of its own, its output read while it
/// runs (so a chatty command cannot fill the pipe and stall), at most [`COMMAND_OUTPUT_CAP`] of
/// it. On timeout or too much output the whole group is killed, grandchildren included. Its
/// standard error is not captured and never shown: it may hold the key.
fn run(argv: &[String], timeout: Duration) -> Result<SecretString, String> {
    let (program, args) = argv.split_first().ok_or("is an empty command")?;
    let (mut child, group) = command_group::spawn(
        Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    )
    .map_err(|e| format!("could not start {program}: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("has no output")?;
    let (sender, output) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let read = (&mut stdout)
            .take(COMMAND_OUTPUT_CAP + 1)
            .read_to_end(&mut out);
        let _ = sender.send(read.map(|_| out));
    });
    let deadline = Instant::now() + timeout;
    let out = match output.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(Ok(out)) if out.len() as u64 > COMMAND_OUTPUT_CAP => {
            group.kill(&mut child);
            return Err(format!(
                "printed more than {}; a key is one line",
                crate::regular_file::size(COMMAND_OUTPUT_CAP)
            ));
        }
        Ok(Ok(out)) => out,
        Ok(Err(e)) => {
            group.kill(&mut child);
            return Err(format!("printed something unreadable: {e}"));
        }
        Err(_) => {
            group.kill(&mut child);
            return Err(format!("did not finish within {}s", timeout.as_secs_f64()));
        }
    };
    // Its output is closed; the command itself may still be finishing.
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if Instant::now() >= deadline {
            group.kill(&mut child);
            return Err(format!("did not finish within {}s", timeout.as_secs_f64()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if !status.success() {
        return Err(format!(
            "exited with {} (its error output is not shown: it may hold the key; run the command yourself to see it)",
            status.code().map_or("a signal".into(), |c| c.to_string())
        ));
    }
    let out = String::from_utf8(out).map_err(|_| "printed something that is not UTF-8 text")?;
    let key = clean(out.lines().next().unwrap_or(""));
    if key.expose_secret().is_empty() {
        return Err("printed no key".into());
    }
    Ok(key)
}

/// The `llm` tool's entry for `alias` in its keys.json (its "// Note" entry is not a key).
pub fn llm_keys_json(path: &Path, alias: &str) -> Result<Option<SecretString>, String> {
    let Some(text) = read_optional_text(path, CONFIG_CAP).map_err(|e| e.to_string())? else {
        return Ok(None);
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
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        }
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

    // `sh`, FIFOs and /proc: Unix only.
    #[cfg(unix)]
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
            key_command(&sh("echo sk-ant-in-stderr >&2; exit 3")).unwrap_err(),
            "exited with 3 (its error output is not shown: it may hold the key; run the command yourself to see it)"
        );
        assert_eq!(key_command(&sh("true")).unwrap_err(), "printed no key");
        assert!(key_command(&["/no/such/program".to_string()])
            .unwrap_err()
            .starts_with("could not start"));
    }

    // `sh`, FIFOs and /proc: Unix only.
    #[cfg(unix)]
    #[test]
    fn a_key_file_that_is_a_fifo_or_too_big_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert_eq!(
            key_file(&fifo).unwrap_err(),
            "is a FIFO (named pipe), not a regular file"
        );
        let big = dir.path().join("big");
        fs::write(&big, "k".repeat(65 * 1024)).unwrap();
        assert_eq!(
            key_file(&big).unwrap_err(),
            "is larger than 64 KiB, more than vibectl reads"
        );
        assert_eq!(
            key_file(dir.path()).unwrap_err(),
            "is a directory, not a regular file"
        );
        fs::write(dir.path().join("keys.json"), "").unwrap();
        let json_fifo = dir.path().join("llm");
        fs::create_dir(&json_fifo).unwrap();
        let c = std::ffi::CString::new(json_fifo.join("keys.json").as_os_str().as_encoded_bytes())
            .unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert_eq!(
            llm_keys_json(&json_fifo.join("keys.json"), "anthropic").unwrap_err(),
            "is a FIFO (named pipe), not a regular file"
        );
    }

    // `sh`, FIFOs and /proc: Unix only.
    #[cfg(unix)]
    #[test]
    fn a_key_command_printing_a_lot_is_cut_off_not_waited_for() {
        let started = Instant::now();
        let err = run(
            &[
                "sh".into(),
                "-c".into(),
                "head -c 200000 /dev/zero | tr '\\0' k; sleep 30".into(),
            ],
            Duration::from_secs(20),
        )
        .unwrap_err();
        assert_eq!(err, "printed more than 64 KiB; a key is one line");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        // Plenty of output below the cap, then the key's line first: read while it runs.
        let big = run(
            &[
                "sh".into(),
                "-c".into(),
                "echo sk-first; head -c 60000 /dev/zero | tr '\\0' x".into(),
            ],
            Duration::from_secs(20),
        );
        assert_eq!(big.unwrap().expose_secret(), "sk-first");
    }

    // `sh`, FIFOs and /proc: Unix only.
    #[cfg(unix)]
    #[test]
    fn a_key_command_that_times_out_takes_its_whole_group_down() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let script = format!("sleep 300 & echo $! > {}; sleep 300", pid_file.display());
        let err = run(
            &["sh".into(), "-c".into(), script],
            Duration::from_millis(500),
        )
        .unwrap_err();
        assert_eq!(err, "did not finish within 0.5s");
        let pid = fs::read_to_string(&pid_file).unwrap().trim().to_string();
        std::thread::sleep(Duration::from_millis(200));
        // Gone, or a zombie waiting for init to reap it: either way no longer running.
        let state = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let running = !state.is_empty()
            && state
                .rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'));
        assert!(!running, "the grandchild {pid} survived: {state}");
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
