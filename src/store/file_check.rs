//! Checks made on the database file *before* SQLite touches it, so that a file that is not ours,
//! is damaged, or cannot be written is reported and never modified.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::StoreError;

/// The 16-byte magic string at the start of every SQLite 3 database.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Size of the SQLite database header.
const HEADER_LEN: usize = 100;

/// What was found at the database path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// No file: a new database will be created.
    Missing,
    /// A zero-byte file with no write-ahead log: holds nothing, treated as new.
    Empty,
    /// A file with a valid SQLite header.
    Database,
}

/// Checks that a profile name is safe as a file name.
pub(crate) fn validate_profile(name: &str) -> Result<(), StoreError> {
    let invalid = |reason| {
        // The name is echoed in the message: made inert, and cut short when very long.
        let shown: String = crate::sanitize::inert_line(name).chars().take(80).collect();
        Err(StoreError::InvalidProfile {
            name: shown,
            reason,
        })
    };
    if name.is_empty() {
        return invalid("it is empty");
    }
    if name.len() > 64 {
        return invalid("it is too long");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return invalid("it contains other characters");
    }
    Ok(())
}

/// The path of a sibling file SQLite keeps next to the database (`-wal`, `-shm`).
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Inspects the file at `path` without modifying it.
pub(crate) fn inspect(path: &Path) -> Result<Existing, StoreError> {
    let wal = sibling(path, "-wal");
    let wal_len = fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            if wal_len > 0 {
                return Err(StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: format!(
                        "the database file is missing but its write-ahead log {} exists",
                        wal.display()
                    ),
                });
            }
            return Ok(Existing::Missing);
        }
        Err(source) => {
            return Err(StoreError::DataDir {
                path: path.to_owned(),
                source,
            });
        }
    };
    if !metadata.is_file() {
        return Err(StoreError::NotADatabase {
            path: path.to_owned(),
            detail: "it is not a regular file".to_owned(),
        });
    }
    let file_len = metadata.len();
    if file_len == 0 {
        if wal_len > 0 {
            return Err(StoreError::Corrupt {
                path: path.to_owned(),
                detail: "the file is empty but its write-ahead log holds data".to_owned(),
            });
        }
        return Ok(Existing::Empty);
    }

    let mut header = Vec::with_capacity(HEADER_LEN);
    File::open(path)
        .and_then(|file| file.take(HEADER_LEN as u64).read_to_end(&mut header))
        .map_err(|err| read_error(path, err))?;
    if !header.starts_with(SQLITE_MAGIC) {
        return Err(StoreError::NotADatabase {
            path: path.to_owned(),
            detail: "it does not start with the SQLite file header".to_owned(),
        });
    }
    if header.len() < HEADER_LEN {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("truncated: only {file_len} bytes, shorter than the header"),
        });
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("invalid page size {page_size} in the header"),
        });
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let change_counter = be32(24);
    let page_count = u64::from(be32(28));
    let valid_for = be32(92);
    // The page count in the header is only authoritative when it was written by the same
    // transaction as the change counter (SQLite 3.7.0 and later), and only when there is no
    // write-ahead log: a checkpoint cut short (by a full disk) writes the new header and leaves
    // the pages that do not fit in the log, where SQLite reads them and its check verifies them.
    if page_count > 0 && change_counter == valid_for && wal_len == 0 {
        let expected = page_count * page_size;
        if file_len < expected {
            return Err(StoreError::Corrupt {
                path: path.to_owned(),
                detail: format!(
                    "truncated: the header promises {expected} bytes but the file has {file_len}"
                ),
            });
        }
    }
    Ok(Existing::Database)
}

fn read_error(path: &Path, err: std::io::Error) -> StoreError {
    if err.kind() == std::io::ErrorKind::PermissionDenied {
        StoreError::PermissionDenied {
            path: path.to_owned(),
            detail: format!("cannot read it: {err}"),
        }
    } else {
        StoreError::DataDir {
            path: path.to_owned(),
            source: err,
        }
    }
}

/// Refuses files and directories whose permission bits forbid writing.
///
/// SQLite would otherwise open a write-protected file read-only and fail at the first answer
/// (and the superuser would silently ignore the protection). A write-protected file is the
/// user's explicit wish that it not be modified, so it is respected for everyone.
pub(crate) fn check_writable(path: &Path) -> Result<(), StoreError> {
    let readonly = |p: &Path| {
        fs::metadata(p)
            .map(|m| m.permissions().readonly())
            .unwrap_or(false)
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && readonly(dir)
    {
        return Err(StoreError::ReadOnly {
            path: dir.to_owned(),
            detail: "the directory is write-protected, so SQLite cannot create its journal files"
                .to_owned(),
        });
    }
    for file in [
        path.to_owned(),
        sibling(path, "-wal"),
        sibling(path, "-shm"),
    ] {
        if readonly(&file) {
            return Err(StoreError::ReadOnly {
                path: file,
                detail: "the file is write-protected".to_owned(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_are_restricted() {
        for good in ["default", "work-2", "A_b"] {
            assert!(validate_profile(good).is_ok(), "{good}");
        }
        for bad in ["", "../x", "a b", "é", "a.b", &"x".repeat(65)] {
            assert!(
                matches!(
                    validate_profile(bad),
                    Err(StoreError::InvalidProfile { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn classifies_files_by_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        assert_eq!(inspect(&path).unwrap(), Existing::Missing);
        fs::write(&path, b"").unwrap();
        assert_eq!(inspect(&path).unwrap(), Existing::Empty);
        fs::write(&path, b"hello, I am a text file and not a database at all").unwrap();
        assert!(matches!(
            inspect(&path),
            Err(StoreError::NotADatabase { .. })
        ));
        fs::write(&path, &SQLITE_MAGIC[..]).unwrap();
        assert!(matches!(inspect(&path), Err(StoreError::Corrupt { .. })));
    }

    #[test]
    fn missing_file_with_a_write_ahead_log_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        fs::write(sibling(&path, "-wal"), b"frames").unwrap();
        assert!(matches!(inspect(&path), Err(StoreError::Corrupt { .. })));
    }
}
