//! One writer at a time: a read-modify-write of a file happens under an exclusive `flock` on a
//! lock file beside it (`config.toml.lock`, `memory.txt.lock`).
//!
//! Without it, ten `vibectl config set` at once each read the old file, each wrote their own
//! change, and the last rename won: most changes were lost. `flock` (through libc, already in
//! the tree; no crate needed for one call) is released by the kernel when the process dies, so
//! a killed vibectl never leaves a stale lock. Waiting is bounded: after the timeout the
//! operation fails with one line instead of hanging behind a stuck process.
//!
//! On Windows the lock is `LockFileEx` (exclusive, fail-immediately) on the same lock file,
//! released when its handle closes or the process ends, with the same bounded wait.

use std::fs::{self, File, OpenOptions};
use std::io;
#[cfg(unix)]
use std::os::fd::AsRawFd;
#[cfg(unix)]
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::CoreError;

/// How long a writer waits for another one to finish.
pub const WAIT: Duration = Duration::from_secs(10);

/// The lock file of `target`: beside it, named after it.
pub fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!("{name}.lock"))
}

/// Held while it lives; dropping it (or the process ending) releases the lock.
pub struct Held {
    _file: File,
}

#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    // SAFETY: a plain syscall on a descriptor this function's caller owns.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EWOULDBLOCK) | Some(libc::EINTR) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(windows)]
fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Foundation::ERROR_LOCK_VIOLATION;
    use windows_sys::Win32::Storage::FileSystem::{
        LockFileEx, LOCKFILE_EXCLUSIVE_LOCK, LOCKFILE_FAIL_IMMEDIATELY,
    };
    // SAFETY: a zeroed OVERLAPPED (offset 0) is what a synchronous handle's lock takes.
    let mut overlapped = unsafe { std::mem::zeroed() };
    // SAFETY: the whole file's range locked on a handle the caller owns.
    let locked = unsafe {
        LockFileEx(
            file.as_raw_handle(),
            LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY,
            0,
            u32::MAX,
            u32::MAX,
            &mut overlapped,
        )
    };
    if locked != 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(code) if code as u32 == ERROR_LOCK_VIOLATION => Ok(false),
        _ => Err(err),
    }
}

/// The lock file, opened without blocking (`O_NONBLOCK`: a FIFO planted there cannot hang us)
/// and private (0600) when new. Windows has neither FIFOs nor modes.
fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    options.mode(0o600).custom_flags(libc::O_NONBLOCK);
    options.open(path)
}

/// Take the lock of `target`, waiting up to `wait` for another holder to let go.
pub fn lock(target: &Path, wait: Duration) -> Result<Held, CoreError> {
    let path = lock_path(target);
    let failed = |why: String| CoreError::Config(format!("{}: {why}", target.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .map_err(|e| failed(format!("cannot be changed: {}: {e}", dir.display())))?;
    }
    let file = open(&path).map_err(|e| {
        failed(format!(
            "cannot be changed: its lock {} cannot be opened: {e}",
            path.display()
        ))
    })?;
    let started = Instant::now();
    loop {
        match try_lock(&file) {
            Ok(true) => return Ok(Held { _file: file }),
            Ok(false) if started.elapsed() < wait => std::thread::sleep(Duration::from_millis(10)),
            Ok(false) => {
                return Err(failed(format!(
                    "another vibectl has been changing it for {}s (it holds {}); nothing was changed, try again",
                    wait.as_secs_f64(),
                    path.display()
                )))
            }
            Err(e) => return Err(failed(format!("cannot be locked ({}): {e}", path.display()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_fails_with_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("config.toml");
        let held = lock(&target, WAIT).unwrap();
        assert!(lock_path(&target).exists());
        // flock locks belong to the open file: a second open in this process conflicts too.
        let err = lock(&target, Duration::from_millis(100))
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with(&format!(
                "{}: another vibectl has been changing it for 0.1s",
                target.display()
            )),
            "{err}"
        );
        drop(held);
        assert!(lock(&target, Duration::from_millis(100)).is_ok());
    }
}
