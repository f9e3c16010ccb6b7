//! The memory vibectl keeps between invocations: one text file in the state directory, read as
//! a regular file of bounded size and changed only under its lock, atomically.

use std::path::Path;

use crate::atomic_write::atomic_write;
use crate::config::config_error;
use crate::error::CoreError;
use crate::file_lock::{self, Held};
use crate::regular_file::{read_optional_text, CONFIG_CAP};

/// The memory's text; empty when there is none yet.
pub fn read(path: &Path) -> Result<String, CoreError> {
    Ok(read_optional_text(path, CONFIG_CAP)
        .map_err(|e| config_error(path, e))?
        .unwrap_or_default())
}

/// Take the memory's lock (waiting for another vibectl that is changing it).
pub fn lock(path: &Path) -> Result<Held, CoreError> {
    file_lock::lock(path, file_lock::WAIT)
}

/// Write the memory; call it while holding [`lock`].
pub fn write(path: &Path, text: &str) -> Result<(), CoreError> {
    atomic_write(path, text.as_bytes())
        .map_err(|e| config_error(path, format!("was not written: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_state_is_one_line_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        // A parent that is a regular file fails for root too (ENOTDIR), unlike file modes.
        let blocker = dir.path().join("state");
        std::fs::write(&blocker, "").unwrap();
        let path = blocker.join("memory.txt");
        let err = read(&path).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}: cannot be read: ", path.display())),
            "{err}"
        );
        let err = lock(&path).err().unwrap().to_string();
        assert!(
            err.starts_with(&format!("{}: cannot be changed", path.display())),
            "{err}"
        );
        assert!(!err.contains('\n'));
        let fine = dir.path().join("ok/memory.txt");
        assert_eq!(read(&fine).unwrap(), "");
        let _held = lock(&fine).unwrap();
        write(&fine, "three nodes").unwrap();
        assert_eq!(read(&fine).unwrap(), "three nodes");
    }
}
