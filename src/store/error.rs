//! Errors from opening and using a progress database. Every variant names the file and says
//! what the user can do about it.

use std::path::PathBuf;

/// A failure of the progress store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The profile name cannot be used as a file name.
    #[error(
        "invalid profile name `{name}`: {reason}; use letters, digits, `-` and `_` (at most 64)"
    )]
    InvalidProfile {
        /// The rejected name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The data directory cannot be created or read.
    #[error(
        "cannot use the data directory {}: {source}; create it or pass --data-dir to use another one",
        path.display()
    )]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file exists but is not an SQLite database, or not a stagecraft one.
    #[error(
        "{} is not a stagecraft progress database ({detail}); it was left untouched. \
         Move it away or choose another --profile",
        path.display()
    )]
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// Why it was rejected.
        detail: String,
    },
    /// The database is damaged (truncated or failing SQLite's integrity check).
    #[error(
        "{} is damaged ({detail}); it was left untouched. Restore it from a backup, or move it \
         away to start a fresh profile",
        path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What was found.
        detail: String,
    },
    /// The database was written by a newer stagecraft with a schema this build does not know.
    #[error(
        "{} uses schema version {found}, but this stagecraft knows only up to version \
         {supported}; it was left untouched. Upgrade stagecraft to open it",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Schema version found in the file.
        found: i64,
        /// Newest schema version this build knows.
        supported: i64,
    },
    /// The database file or its directory is read-only: write-protected on purpose, or on a
    /// file system mounted read-only.
    #[error(
        "{} is read-only ({detail}); stagecraft must write your progress there. Make it \
         writable (remove the write protection, or mount the disk read-write) or pass \
         --data-dir to use another directory",
        path.display()
    )]
    ReadOnly {
        /// The file or directory.
        path: PathBuf,
        /// What is read-only.
        detail: String,
    },
    /// The operating system refuses this user access to the file or its directory (it
    /// belongs to another user, or its permissions leave this user out).
    #[error(
        "permission denied for {} ({detail}); it may belong to another user. Fix its owner or \
         permissions (`ls -l` shows them), or pass --data-dir to use another directory",
        path.display()
    )]
    PermissionDenied {
        /// The file or directory.
        path: PathBuf,
        /// What was refused.
        detail: String,
    },
    /// Another process held the database locked for longer than the busy wait.
    #[error(
        "{} is kept locked by another program (another stagecraft on the same profile?); \
         nothing was changed. Close the other instance, or wait, and try again",
        path.display()
    )]
    Busy {
        /// The file.
        path: PathBuf,
    },
    /// The disk (or the database's size limit) is full: the change was not written and the
    /// database is as it was before it.
    #[error(
        "the disk holding {} is full; nothing more could be written, and the history already \
         in the file is intact. Free some space on that disk and try again",
        path.display()
    )]
    DiskFull {
        /// The file.
        path: PathBuf,
    },
    /// The operating system failed to read or write the file (a failing disk, a removed drive,
    /// a network file system gone away). Not a sign that the database itself is damaged.
    #[error(
        "cannot read or write {} ({detail}); this is a problem of the disk or file system, not \
         damage to the database. Check that the disk is present and healthy, then try again",
        path.display()
    )]
    Io {
        /// The file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
    },
    /// A row holds a value this build cannot interpret.
    #[error("{} holds an unreadable {what}: {detail}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// What could not be read.
        what: &'static str,
        /// Details.
        detail: String,
    },
    /// Undo was asked for an answer that is not the card's latest.
    #[error("cannot undo answer #{log_id}: {reason}")]
    CannotUndo {
        /// The log row.
        log_id: i64,
        /// Why not.
        reason: &'static str,
    },
    /// The scheduler could not compute the card's next review from its stored state.
    #[error("cannot schedule card `{card_id}`: {source}; nothing was saved")]
    Schedule {
        /// The card.
        card_id: String,
        /// What the scheduler reported.
        source: crate::srs::SrsError,
    },
    /// Any other SQLite error.
    #[error("database error in {}: {source}", path.display())]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// What went wrong and what to do, in one short sentence without the file's path, for a
    /// message that must fit a small pane (a save that failed while the app runs, whose
    /// profile is on screen). Errors without a short form give their full message.
    pub fn brief(&self) -> String {
        match self {
            StoreError::Busy { .. } => "another program (another stagecraft?) holds the \
                                        profile locked; close it or wait"
                .to_owned(),
            StoreError::DiskFull { .. } => {
                "the disk is full (your history is intact); free some space".to_owned()
            }
            StoreError::Io { .. } => "the disk failed to read or write (not damage to the \
                                      database); check the disk"
                .to_owned(),
            StoreError::ReadOnly { .. } => {
                "the profile's file is read-only; make it writable".to_owned()
            }
            StoreError::PermissionDenied { .. } => {
                "permission denied on the profile's file; fix its owner or permissions".to_owned()
            }
            other => other.to_string(),
        }
    }
}
