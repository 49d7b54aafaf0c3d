//! SQLite's integrity check of an existing database, run before anything is written to it.
//!
//! A small file (up to [`CHECK_AT_OPEN_MAX_BYTES`]) is checked while it is opened, so a
//! damaged one is refused before the app starts. A larger one (a long history) would delay
//! every start by the time `PRAGMA quick_check` takes to read the whole file (about half a
//! second for a million answers), so it is checked on a background thread with its own
//! read-only connection instead, and every write waits for that check: a damaged file is still
//! never written to, and the first write reports it.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OpenFlags};

use super::{BUSY_TIMEOUT, StoreError, classify};

/// Database files (with their write-ahead log) up to this size are checked at open.
pub(crate) const CHECK_AT_OPEN_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Runs `PRAGMA quick_check` on `conn`; `Corrupt` unless it reports `ok`.
pub(crate) fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let problems: Vec<String> = conn
        .prepare("PRAGMA quick_check")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| match classify(path, e) {
            StoreError::Sqlite { path, source } => StoreError::Corrupt {
                path,
                detail: format!("the integrity check failed: {source}"),
            },
            other => other,
        })?;
    if problems != ["ok"] {
        let detail = problems
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("the integrity check reports: {detail}"),
        });
    }
    Ok(())
}

/// Whether the open database passed its integrity check.
enum State {
    /// Checked and sound, or created by this process.
    Passed,
    /// Being checked on a background thread, which stops when the flag is set.
    Running(JoinHandle<Result<(), StoreError>>, Arc<AtomicBool>),
    /// The check failed with this message; nothing may be written.
    Failed(String),
}

/// The integrity check's outcome, waited for before the first write.
pub(crate) struct Integrity(RefCell<State>);

impl std::fmt::Debug for Integrity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &*self.0.borrow() {
            State::Passed => "passed",
            State::Running(..) => "running",
            State::Failed(_) => "failed",
        };
        f.debug_tuple("Integrity").field(&state).finish()
    }
}

impl Integrity {
    /// A database that needs no (further) check.
    pub(crate) fn passed() -> Integrity {
        Integrity(RefCell::new(State::Passed))
    }

    /// Starts checking the database at `path` on a background thread. When no thread can be
    /// started, checks it now.
    pub(crate) fn start(path: &Path) -> Result<Integrity, StoreError> {
        let mut conn = read_only(path)?;
        let stop = Arc::new(AtomicBool::new(false));
        let stop_seen = Arc::clone(&stop);
        // SQLite calls this every few thousand instructions; `true` interrupts the check.
        conn.progress_handler(10_000, Some(move || stop_seen.load(Ordering::Relaxed)))
            .map_err(|e| classify(path, e))?;
        let owned = path.to_owned();
        let spawned = std::thread::Builder::new()
            .name("stagecraft-integrity-check".to_owned())
            .spawn(move || quick_check(&conn, &owned));
        match spawned {
            Ok(handle) => Ok(Integrity(RefCell::new(State::Running(handle, stop)))),
            Err(_) => {
                quick_check(&read_only(path)?, path)?;
                Ok(Integrity::passed())
            }
        }
    }

    /// Waits for the check; an error when the database failed it. Call before every write.
    pub(crate) fn wait(&self, path: &Path) -> Result<(), StoreError> {
        let mut state = self.0.borrow_mut();
        if matches!(*state, State::Running(..))
            && let State::Running(handle, _) = std::mem::replace(&mut *state, State::Passed)
        {
            *state = match handle.join() {
                Ok(Ok(())) => State::Passed,
                Ok(Err(err)) => State::Failed(detail_of(err)),
                Err(_) => State::Failed("the integrity check did not finish".to_owned()),
            };
        }
        match &*state {
            State::Passed | State::Running(..) => Ok(()),
            State::Failed(detail) => Err(StoreError::Corrupt {
                path: path.to_owned(),
                detail: detail.clone(),
            }),
        }
    }
}

impl Drop for Integrity {
    /// Stops a check still running: with the store closed, nothing waits for its outcome.
    fn drop(&mut self) {
        if let State::Running(_, stop) = &*self.0.borrow() {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// What went wrong, for a [`StoreError::Corrupt`].
fn detail_of(err: StoreError) -> String {
    match err {
        StoreError::Corrupt { detail, .. } | StoreError::NotADatabase { detail, .. } => detail,
        other => format!("the integrity check could not run: {other}"),
    }
}

/// A second, read-only connection to `path`, for the check.
fn read_only(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| classify(path, e))?;
    Ok(conn)
}

/// The size of the database and its write-ahead log, in bytes (0 when unknown).
pub(crate) fn database_bytes(path: &Path) -> u64 {
    let len = |p: &PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    len(&path.to_owned()) + len(&super::file_check::sibling(path, "-wal"))
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::store::Store;

    /// A database with some rows, closed.
    fn database(dir: &Path) -> PathBuf {
        let store = Store::open(dir, "p").unwrap();
        for n in 0..200 {
            store
                .set_setting(&format!("key-{n}"), &"x".repeat(200))
                .unwrap();
        }
        let path = store.path().to_owned();
        drop(store);
        path
    }

    #[test]
    fn a_large_sound_file_is_checked_in_the_background_and_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(dir.path());
        let store = Store::open_path_checking(&path, 0).unwrap();
        store.set_setting("after", "check").unwrap();
        assert_eq!(store.setting("after").unwrap().as_deref(), Some("check"));
    }

    #[test]
    fn a_large_damaged_file_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(dir.path());
        let mut bytes = fs::read(&path).unwrap();
        let page = 4096;
        assert!(bytes.len() > 4 * page);
        // Scribble over a b-tree page, keeping the header intact.
        for byte in &mut bytes[2 * page..2 * page + 64] {
            *byte = 0xA5;
        }
        fs::write(&path, &bytes).unwrap();
        match Store::open_path_checking(&path, 0) {
            // Opening may already meet the damage.
            Err(err) => assert!(
                matches!(
                    err,
                    StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }
                ),
                "{err}"
            ),
            Ok(store) => {
                for _ in 0..2 {
                    let err = store.set_setting("k", "v").unwrap_err();
                    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
                    assert!(err.to_string().contains("left untouched"), "{err}");
                }
                drop(store);
            }
        }
        assert_eq!(fs::read(&path).unwrap(), bytes, "the file was modified");
    }
}
