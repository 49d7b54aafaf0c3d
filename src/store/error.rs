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
    /// The database file or its directory is read-only.
    #[error(
        "{} is read-only ({detail}); stagecraft must write your progress there. Fix the \
         permissions or pass --data-dir to use another directory",
        path.display()
    )]
    ReadOnly {
        /// The file or directory.
        path: PathBuf,
        /// What is read-only.
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
