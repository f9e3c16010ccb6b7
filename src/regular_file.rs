//! Reading a file a user points at, without trusting what it is: never hangs, never floods.
//!
//! A FIFO at `config.toml` would block a plain `open` until some writer appears, a device
//! could stream forever, and a huge file would be read whole into memory. So the file is opened
//! non-blocking (`O_NONBLOCK` makes opening a FIFO return at once), checked with `fstat` on the
//! open descriptor (no race with a swap between a check and the open), required to be a regular
//! file, and read up to a cap.
//!
//! On Windows there are no FIFOs in the file system (named pipes live under `\\.\pipe\`) and
//! opening never waits for a writer; the open handle's `GetFileType` must say "disk" (not a
//! console, `NUL`, a serial port or a pipe), and a directory is opened with
//! `FILE_FLAG_BACKUP_SEMANTICS` so it is named as one.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
#[cfg(unix)]
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
#[cfg(windows)]
use std::os::windows::fs::OpenOptionsExt;
use std::path::Path;

/// The most a config file (TOML or the older YAML) or keys.json may hold.
pub const CONFIG_CAP: u64 = 1024 * 1024;
/// The most a key file may hold: a key is one line.
pub const KEY_FILE_CAP: u64 = 64 * 1024;

#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// A directory, FIFO, socket or device: what it is.
    NotRegular(&'static str),
    TooLarge(u64),
    NotText,
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "does not exist"),
            ReadError::NotRegular(kind) => write!(f, "is {kind}, not a regular file"),
            ReadError::TooLarge(cap) => {
                write!(f, "is larger than {}, more than vibectl reads", size(*cap))
            }
            ReadError::NotText => write!(f, "is not UTF-8 text"),
            ReadError::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

/// `1 MiB`, `64 KiB`: caps as people say them.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 && b % (1024 * 1024) == 0 => format!("{} MiB", b / (1024 * 1024)),
        b if b >= 1024 && b % 1024 == 0 => format!("{} KiB", b / 1024),
        b => format!("{b} bytes"),
    }
}

/// What the open file is, if not a regular file.
#[cfg(unix)]
fn not_regular(file: &File) -> io::Result<Option<&'static str>> {
    let file_type = file.metadata()?.file_type();
    Ok(if file_type.is_file() {
        None
    } else if file_type.is_dir() {
        Some("a directory")
    } else if file_type.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_char_device() {
        Some("a character device")
    } else if file_type.is_block_device() {
        Some("a block device")
    } else {
        Some("not a file")
    })
}

/// What the open handle is, if not a regular file: Windows names devices by `GetFileType`.
#[cfg(windows)]
fn not_regular(file: &File) -> io::Result<Option<&'static str>> {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Storage::FileSystem::{
        GetFileType, FILE_TYPE_CHAR, FILE_TYPE_DISK, FILE_TYPE_PIPE,
    };
    // SAFETY: a query on a handle the caller owns.
    let kind = unsafe { GetFileType(file.as_raw_handle()) };
    Ok(match kind {
        FILE_TYPE_DISK if file.metadata()?.is_dir() => Some("a directory"),
        FILE_TYPE_DISK => None,
        FILE_TYPE_PIPE => Some("a named pipe"),
        FILE_TYPE_CHAR => Some("a character device"),
        _ => Some("not a file"),
    })
}

/// Opened for reading without waiting: `O_NONBLOCK` on Unix (a FIFO opens at once); on
/// Windows nothing waits, and a directory opens too so that it can be named.
fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    options.custom_flags(libc::O_NONBLOCK);
    #[cfg(windows)]
    options.custom_flags(windows_sys::Win32::Storage::FileSystem::FILE_FLAG_BACKUP_SEMANTICS);
    options.open(path)
}

/// The text of the regular file at `path` (symlinks followed), at most `cap` bytes.
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    let file = open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    if let Some(kind) = not_regular(&file).map_err(ReadError::Io)? {
        return Err(ReadError::NotRegular(kind));
    }
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.len() > cap {
        return Err(ReadError::TooLarge(cap));
    }
    // The size may change between fstat and the read: never take more than the cap.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}

/// Like [`read_text`], but a file that does not exist is `None`.
pub fn read_optional_text(path: &Path, cap: u64) -> Result<Option<String>, ReadError> {
    match read_text(path, cap) {
        Ok(text) => Ok(Some(text)),
        Err(ReadError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_at_once() {
        use std::time::{Duration, Instant};
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        mkfifo(&fifo);
        let started = Instant::now();
        let err = read_text(&fifo, CONFIG_CAP).unwrap_err().to_string();
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(err, "is a FIFO (named pipe), not a regular file");
    }

    const DEVICE: &str = if cfg!(windows) { "NUL" } else { "/dev/zero" };

    #[test]
    fn directories_and_devices_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_text(dir.path(), CONFIG_CAP).unwrap_err().to_string(),
            "is a directory, not a regular file"
        );
        assert_eq!(
            read_text(Path::new(DEVICE), CONFIG_CAP)
                .unwrap_err()
                .to_string(),
            "is a character device, not a regular file"
        );
    }

    #[test]
    fn the_size_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 64 * 1024 + 1]).unwrap();
        assert_eq!(
            read_text(&big, KEY_FILE_CAP).unwrap_err().to_string(),
            "is larger than 64 KiB, more than vibectl reads"
        );
        std::fs::write(&big, vec![b'a'; 64 * 1024]).unwrap();
        assert_eq!(read_text(&big, KEY_FILE_CAP).unwrap().len(), 64 * 1024);
        assert!(read_optional_text(&dir.path().join("none"), CONFIG_CAP)
            .unwrap()
            .is_none());
        std::fs::write(&big, b"\xff\xfe").unwrap();
        assert_eq!(
            read_text(&big, KEY_FILE_CAP).unwrap_err().to_string(),
            "is not UTF-8 text"
        );
    }
}
