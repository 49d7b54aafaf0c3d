//! Reading a file named by the learner or by a content pack, only if it is a regular file, and
//! without ever blocking.
//!
//! A path can name a named pipe (opening it for reading waits for a writer for ever), a device
//! (`/dev/zero` never ends, a terminal or a tape may act on being opened), a socket or a
//! folder, directly or through a symbolic link. [`read`] looks at what the path names before
//! opening it, opens it with `O_NONBLOCK` (so that a pipe swapped in meanwhile cannot block the
//! `open`) and looks again at the open descriptor before reading a byte.

use std::fs::{self, File, FileType, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum RegularFileError {
    /// The file cannot be found, opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The path names something other than a regular file.
    #[error("{} is {kind}, not a regular file", path.display())]
    NotAFile {
        /// The path as given.
        path: PathBuf,
        /// What it is, for people: see [`kind_of`].
        kind: &'static str,
    },
    /// The file holds more than the limit the caller gave.
    #[error("{} is {size} bytes; at most {limit} are read", path.display())]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// Its size (or the bytes read before the limit was passed).
        size: u64,
        /// The caller's limit.
        limit: u64,
    },
}

impl RegularFileError {
    /// The cause without the path, for messages that name the file themselves.
    pub fn cause(&self) -> String {
        match self {
            RegularFileError::Io { source, .. } => source.to_string(),
            RegularFileError::NotAFile { kind, .. } => format!("it is {kind}, not a regular file"),
            RegularFileError::TooLarge { size, limit, .. } => {
                format!("it is {size} bytes; at most {limit} are read")
            }
        }
    }
}

impl From<RegularFileError> for io::Error {
    fn from(error: RegularFileError) -> io::Error {
        match error {
            RegularFileError::Io { source, .. } => source,
            other => io::Error::new(io::ErrorKind::InvalidInput, other.cause()),
        }
    }
}

/// What a file type is, for people, when it is not a regular file: "a named pipe (FIFO)", "a
/// character device", ... `None` for a regular file.
pub fn kind_of(file_type: FileType) -> Option<&'static str> {
    if file_type.is_file() {
        None
    } else if file_type.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if file_type.is_char_device() {
        Some("a character device")
    } else if file_type.is_block_device() {
        Some("a block device")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_dir() {
        Some("a folder")
    } else {
        Some("neither a file nor a folder")
    }
}

/// Opens `path` for reading if it is a regular file (following symbolic links), without
/// blocking: the type is checked before the open and again on the open descriptor.
pub fn open(path: &Path) -> Result<File, RegularFileError> {
    let io_error = |source| RegularFileError::Io {
        path: path.to_owned(),
        source,
    };
    let not_a_file = |kind| RegularFileError::NotAFile {
        path: path.to_owned(),
        kind,
    };
    // A device is not even opened: opening some of them has effects of its own.
    if let Some(kind) = kind_of(fs::metadata(path).map_err(io_error)?.file_type()) {
        return Err(not_a_file(kind));
    }
    // Between that look and this open the path may have been replaced by a pipe: without
    // O_NONBLOCK the open would wait for a writer.
    let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
        .map_err(io_error)?;
    if let Some(kind) = kind_of(file.metadata().map_err(io_error)?.file_type()) {
        return Err(not_a_file(kind));
    }
    Ok(file)
}

/// The bytes of `path` if it is a regular file of at most `limit` bytes (see [`open`]).
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, RegularFileError> {
    let too_large = |size| RegularFileError::TooLarge {
        path: path.to_owned(),
        size,
        limit,
    };
    let file = open(path)?;
    let io_error = |source| RegularFileError::Io {
        path: path.to_owned(),
        source,
    };
    let size = file.metadata().map_err(io_error)?.len();
    if size > limit {
        return Err(too_large(size));
    }
    // The size is a hint: the file may grow while it is read.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(too_large(read));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fifo(path: &Path) {
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            path,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .expect("mkfifo");
    }

    #[test]
    fn a_named_pipe_and_a_link_to_it_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("dir");
        let pipe = dir.path().join("pipe");
        fifo(&pipe);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&pipe, &link).expect("link");
        for path in [&pipe, &link] {
            // Without the checks this read would wait for a writer for ever.
            let error = read(path, 100).expect_err("a pipe");
            assert!(
                matches!(
                    error,
                    RegularFileError::NotAFile {
                        kind: "a named pipe (FIFO)",
                        ..
                    }
                ),
                "{error}"
            );
        }
    }

    #[test]
    fn devices_and_folders_are_named_for_what_they_are() {
        let dir = tempfile::tempdir().expect("dir");
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
        let error = read(&zero, 10).expect_err("a device");
        assert_eq!(
            error.to_string(),
            format!(
                "{} is a character device, not a regular file",
                zero.display()
            )
        );
        assert_eq!(
            error.cause(),
            "it is a character device, not a regular file"
        );
        let error = read(dir.path(), 10).expect_err("a folder");
        assert!(
            error
                .to_string()
                .ends_with("is a folder, not a regular file")
        );
    }

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("Dockerfile");
        fs::write(&file, "FROM scratch\n").expect("write");
        assert_eq!(read(&file, 13).expect("read"), b"FROM scratch\n");
        let error = read(&file, 12).expect_err("too large");
        assert_eq!(error.cause(), "it is 13 bytes; at most 12 are read");
        let missing = read(&dir.path().join("none"), 10).expect_err("missing");
        assert!(matches!(missing, RegularFileError::Io { .. }), "{missing}");
    }
}
