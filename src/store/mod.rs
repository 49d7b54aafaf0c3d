//! Progress storage in SQLite: one database file per profile under the data directory.
//!
//! * The file is `<data_dir>/<profile>.sqlite3`. The schema is versioned with
//!   `PRAGMA user_version` and upgraded by ordered migrations (`schema`).
//! * WAL journal, `synchronous=FULL` and a 5 s busy timeout: every answer is committed in its own
//!   transaction before [`Store::record_answer`] returns, and two running instances wait for
//!   each other instead of failing or losing writes.
//! * A file that is not SQLite, is truncated or damaged, was written by a newer schema, or is
//!   write-protected is reported with a [`StoreError`] naming the file, and is never modified:
//!   those checks run before anything is written. SQLite's integrity check of a large file runs
//!   in the background and every write waits for it (`integrity`), so that a long history does
//!   not slow down every start.

mod answers;
mod due;
mod error;
mod file_check;
mod integrity;
mod mock;
mod progress;
mod rows;
mod schema;
mod session;
mod stats_log;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};

pub use answers::{NewAnswer, SavedAnswer};
pub use error::StoreError;
pub use progress::{CardChange, ProgressSnapshot, SettingsChange};
pub use session::{CardAnswer, SaveOutcome, SessionAnswers};

use crate::srs::{CardState, Day, ReviewRecord, SchedulerConfig};
use file_check::Existing;
use rows::{card_from_row, from_ms, record_from_row, to_ms};

/// How long a write waits for another instance's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Settings key under which the scheduler configuration is stored (as JSON).
const SCHEDULER_CONFIG_KEY: &str = "scheduler_config";

/// Columns of `review_log` in the order [`rows::record_from_row`] reads them.
const RECORD_COLUMNS: &str = "id, question_id, reviewed_at_ms, rating, elapsed_days, duration_ms, \
                              drill, state_before, state_after, overridden";

/// Columns of `cards` in the order [`rows::card_from_row`] reads them.
const CARD_COLUMNS: &str = "question_id, phase, step, stability, difficulty, due_ms, \
                            last_review_ms, reps, lapses, suspended, buried_day, leech";

/// Where a lesson was left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LessonProgress {
    /// Where the top of the view was, in thousandths of the lesson (0..=1000), so the reader
    /// resumes at the same place whatever the terminal's width.
    pub line: u32,
    /// How far the reader got (the bottom of the view), 0..=100.
    pub percent: f32,
    /// When it was saved.
    pub updated: DateTime<Utc>,
}

/// The default data directory: the platform's data directory plus `stagecraft`
/// (`~/.local/share/stagecraft` on Linux). `None` when the platform has none.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("stagecraft"))
}

/// The database path of a profile, after validating the profile name.
pub fn profile_path(data_dir: &Path, profile: &str) -> Result<PathBuf, StoreError> {
    file_check::validate_profile(profile)?;
    Ok(data_dir.join(format!("{profile}.sqlite3")))
}

/// An open progress database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    integrity: integrity::Integrity,
}

impl Store {
    /// Opens (creating if needed) the database of `profile` under `data_dir`.
    pub fn open(data_dir: &Path, profile: &str) -> Result<Store, StoreError> {
        let path = profile_path(data_dir, profile)?;
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_owned(),
            source,
        })?;
        Store::open_path(&path)
    }

    /// Opens (creating if needed) the database at `path`. The parent directory must exist.
    pub fn open_path(path: &Path) -> Result<Store, StoreError> {
        Store::open_path_checking(path, integrity::CHECK_AT_OPEN_MAX_BYTES)
    }

    /// [`Store::open_path`], running the integrity check at open for files up to
    /// `check_at_open_max_bytes` and in the background for larger ones.
    pub(crate) fn open_path_checking(
        path: &Path,
        check_at_open_max_bytes: u64,
    ) -> Result<Store, StoreError> {
        let existing = file_check::inspect(path)?;
        file_check::check_writable(path)?;
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if existing != Existing::Database {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            integrity: integrity::Integrity::passed(),
        };
        store
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| store.err(e))?;
        if store
            .conn
            .is_readonly(rusqlite::MAIN_DB)
            .map_err(|e| store.err(e))?
        {
            let detail = "SQLite could only open it for reading".to_owned();
            return Err(not_writable(&store.path, detail.clone()).unwrap_or(
                StoreError::ReadOnly {
                    path: store.path.clone(),
                    detail,
                },
            ));
        }
        let large = existing == Existing::Database
            && integrity::database_bytes(path) > check_at_open_max_bytes;
        if existing == Existing::Database {
            if large {
                store.integrity = integrity::Integrity::start(path)?;
            } else {
                integrity::quick_check(&store.conn, path)?;
            }
            store.verify_existing()?;
        }
        store.configure()?;
        store.migrate(large)?;
        Ok(store)
    }

    /// Changes how long a write waits for another instance's transaction before failing with
    /// [`StoreError::Busy`] ([`BUSY_TIMEOUT`] when opened).
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(wait).map_err(|e| self.err(e))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, error: rusqlite::Error) -> StoreError {
        classify(&self.path, error)
    }

    /// Read-only checks on an existing file: ownership, schema version.
    fn verify_existing(&self) -> Result<(), StoreError> {
        let pragma = |name: &str| -> Result<i64, StoreError> {
            self.conn
                .pragma_query_value(None, name, |row| row.get(0))
                .map_err(|e| self.err(e))
        };
        let application_id = pragma("application_id")?;
        let version = pragma("user_version")?;
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
            .map_err(|e| self.err(e))?;
        let foreign = if application_id == 0 {
            objects > 0
        } else {
            application_id != schema::APPLICATION_ID
        };
        if foreign {
            return Err(StoreError::NotADatabase {
                path: self.path.clone(),
                detail: format!(
                    "it is an SQLite database of another application (application id {application_id:#x})"
                ),
            });
        }
        if version > schema::latest_version() {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                supported: schema::latest_version(),
            });
        }
        Ok(())
    }

    fn configure(&self) -> Result<(), StoreError> {
        let current: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .map_err(|e| self.err(e))?;
        if !current.eq_ignore_ascii_case("wal") {
            // Switching the journal mode writes to the file.
            self.writable()?;
        }
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(|e| self.err(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                detail: format!("cannot switch to write-ahead logging (journal mode is {mode})"),
            });
        }
        self.conn
            .pragma_update(None, "synchronous", "FULL")
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Applies the pending migrations. With `announce`, says so on standard error first (before
    /// any terminal set-up): on a long history an upgrade takes seconds, once.
    fn migrate(&self, announce: bool) -> Result<(), StoreError> {
        let mut announced = !announce;
        loop {
            // Look before taking the write lock: an up-to-date file needs no write at all.
            let current = self.schema_version()?;
            let pending = usize::try_from(current)
                .ok()
                .and_then(|v| schema::MIGRATIONS.get(v))
                .is_some();
            if !pending && current <= schema::latest_version() {
                return Ok(());
            }
            if !announced && pending {
                eprintln!(
                    "stagecraft: updating {} to the current format (once; a long history takes a few seconds)",
                    self.path.display()
                );
                announced = true;
            }
            let tx = self.begin()?;
            let version: i64 = tx
                .pragma_query_value(None, "user_version", |row| row.get(0))
                .map_err(|e| self.err(e))?;
            if version > schema::latest_version() {
                return Err(StoreError::TooNew {
                    path: self.path.clone(),
                    found: version,
                    supported: schema::latest_version(),
                });
            }
            let Some(migration) = usize::try_from(version)
                .ok()
                .and_then(|v| schema::MIGRATIONS.get(v))
            else {
                return Ok(());
            };
            tx.execute_batch(migration).map_err(|e| self.err(e))?;
            if version == 0 {
                tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
                    .map_err(|e| self.err(e))?;
            }
            tx.pragma_update(None, "user_version", version + 1)
                .map_err(|e| self.err(e))?;
            tx.commit().map_err(|e| self.err(e))?;
        }
    }

    /// Starts a write transaction, taking the write lock at once (waiting up to the busy
    /// timeout) so that it cannot fail half-way because another instance wrote first.
    fn begin(&self) -> Result<Transaction<'_>, StoreError> {
        self.writable()?;
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))
    }

    /// Waits for the integrity check of a large file; an error when it failed. Every write
    /// goes through here first.
    fn writable(&self) -> Result<(), StoreError> {
        self.integrity.wait(&self.path)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.err(e))
    }

    /// Runs SQLite's full integrity check; `["ok"]` when the database is sound.
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        self.conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut stmt| {
                stmt.query_map([], |row| row.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|e| self.err(e))
    }

    // ---- card states ---------------------------------------------------------------------

    /// The stored state of one card (`None` if it was never answered or changed).
    pub fn card_state(&self, question_id: &str) -> Result<Option<CardState>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {CARD_COLUMNS} FROM cards WHERE question_id = ?1"),
                [question_id],
                |row| Ok(card_from_row(row)),
            )
            .optional()
            .map_err(|e| self.err(e))?
            .map(|decoded| decoded.map(|(_, state)| state))
            .transpose()
            .map_err(|e| e.into_store_error(&self.path))
    }

    /// The stored states of the given questions, by question id (questions without one are
    /// left out).
    pub fn card_states_of<S: AsRef<str>>(
        &self,
        question_ids: &[S],
    ) -> Result<HashMap<String, CardState>, StoreError> {
        let mut states = HashMap::new();
        for chunk in question_ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {CARD_COLUMNS} FROM cards WHERE question_id IN ({marks})"
                ))
                .map_err(|e| self.err(e))?;
            let decoded = stmt
                .query_map(
                    rusqlite::params_from_iter(chunk.iter().map(AsRef::as_ref)),
                    |row| Ok(card_from_row(row)),
                )
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| self.err(e))?;
            for row in decoded {
                let (id, state) = row.map_err(|e| e.into_store_error(&self.path))?;
                states.insert(id, state);
            }
        }
        Ok(states)
    }

    /// All stored card states by question id.
    pub fn card_states(&self) -> Result<HashMap<String, CardState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {CARD_COLUMNS} FROM cards"))
            .map_err(|e| self.err(e))?;
        let decoded = stmt
            .query_map([], |row| Ok(card_from_row(row)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        decoded
            .into_iter()
            .map(|d| d.map_err(|e| e.into_store_error(&self.path)))
            .collect()
    }

    /// Stores a card state without logging an answer (suspend, bury, reset).
    pub fn put_card_state(&self, question_id: &str, state: &CardState) -> Result<(), StoreError> {
        let tx = self.begin()?;
        rows::upsert_card(&tx, question_id, state).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))
    }

    /// Applies `change` to a card's current state (new if none) atomically and returns the
    /// result.
    pub fn update_card(
        &self,
        question_id: &str,
        change: impl FnOnce(&CardState) -> CardState,
    ) -> Result<CardState, StoreError> {
        let tx = self.begin()?;
        let current = self.card_in(&tx, question_id)?;
        let next = change(&current);
        rows::upsert_card(&tx, question_id, &next).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(next)
    }

    /// Suspends or unsuspends a card.
    pub fn set_suspended(
        &self,
        question_id: &str,
        suspended: bool,
    ) -> Result<CardState, StoreError> {
        self.update_card(question_id, |state| {
            if suspended {
                state.suspended()
            } else {
                state.unsuspended()
            }
        })
    }

    /// Buries a card for the rest of `today`.
    pub fn bury(&self, question_id: &str, today: Day) -> Result<CardState, StoreError> {
        self.update_card(question_id, |state| state.buried(today))
    }

    // ---- review log queries ----------------------------------------------------------------

    /// The whole review log, oldest first.
    pub fn review_log(&self) -> Result<Vec<ReviewRecord>, StoreError> {
        self.records(
            &format!("SELECT {RECORD_COLUMNS} FROM review_log ORDER BY id"),
            &[],
        )
    }

    /// Answers given in `[start, end)`, oldest first.
    pub fn review_log_between(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<ReviewRecord>, StoreError> {
        self.records(
            &format!(
                "SELECT {RECORD_COLUMNS} FROM review_log \
                 WHERE reviewed_at_ms >= ?1 AND reviewed_at_ms < ?2 ORDER BY id"
            ),
            &[to_ms(start), to_ms(end)],
        )
    }

    /// The answers to one card, oldest first.
    pub fn review_log_for(&self, question_id: &str) -> Result<Vec<ReviewRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {RECORD_COLUMNS} FROM review_log WHERE question_id = ?1 ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        let decoded = stmt
            .query_map([question_id], |row| Ok(record_from_row(row)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        decoded
            .into_iter()
            .map(|d| d.map_err(|e| e.into_store_error(&self.path)))
            .collect()
    }

    fn records(&self, sql: &str, args: &[i64]) -> Result<Vec<ReviewRecord>, StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let decoded = stmt
            .query_map(rusqlite::params_from_iter(args), |row| {
                Ok(record_from_row(row))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        decoded
            .into_iter()
            .map(|d| d.map_err(|e| e.into_store_error(&self.path)))
            .collect()
    }

    // ---- lessons and labs --------------------------------------------------------------

    /// Where a lesson was left, if it was opened before.
    pub fn lesson_progress(&self, lesson_id: &str) -> Result<Option<LessonProgress>, StoreError> {
        self.conn
            .query_row(
                "SELECT line, percent, updated_ms FROM lesson_progress WHERE lesson_id = ?1",
                [lesson_id],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, f64>(1)?,
                        row.get::<_, i64>(2)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?
            .map(|(line, percent, updated)| self.lesson_row(line, percent, updated))
            .transpose()
    }

    /// Progress of every lesson opened so far.
    pub fn all_lesson_progress(&self) -> Result<HashMap<String, LessonProgress>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT lesson_id, line, percent, updated_ms FROM lesson_progress")
            .map_err(|e| self.err(e))?;
        let raw = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, f64>(2)?,
                    row.get::<_, i64>(3)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        raw.into_iter()
            .map(|(id, line, percent, updated)| Ok((id, self.lesson_row(line, percent, updated)?)))
            .collect()
    }

    fn lesson_row(
        &self,
        line: i64,
        percent: f64,
        updated: i64,
    ) -> Result<LessonProgress, StoreError> {
        Ok(LessonProgress {
            line: u32::try_from(line).unwrap_or(0),
            percent: (percent as f32).clamp(0.0, 100.0),
            updated: from_ms(updated).ok_or_else(|| StoreError::Decode {
                path: self.path.clone(),
                what: "lesson progress time",
                detail: format!("{updated} is not a valid time"),
            })?,
        })
    }

    /// Saves where a lesson was left.
    pub fn set_lesson_progress(
        &self,
        lesson_id: &str,
        progress: &LessonProgress,
    ) -> Result<(), StoreError> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO lesson_progress (lesson_id, line, percent, updated_ms) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (lesson_id) DO UPDATE SET \
                 line = excluded.line, percent = excluded.percent, updated_ms = excluded.updated_ms",
                params![
                    lesson_id,
                    progress.line,
                    f64::from(progress.percent.clamp(0.0, 100.0)),
                    to_ms(progress.updated)
                ],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Records a lab as completed (the first completion time is kept).
    pub fn complete_lab(&self, lab_id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT OR IGNORE INTO lab_completion (lab_id, completed_ms) VALUES (?1, ?2)",
                params![lab_id, to_ms(at)],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Completed labs and when they were first completed.
    pub fn lab_completions(&self) -> Result<HashMap<String, DateTime<Utc>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT lab_id, completed_ms FROM lab_completion")
            .map_err(|e| self.err(e))?;
        let raw = stmt
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        raw.into_iter()
            .map(|(id, ms)| {
                let time = from_ms(ms).ok_or_else(|| StoreError::Decode {
                    path: self.path.clone(),
                    what: "lab completion time",
                    detail: format!("{ms} is not a valid time"),
                })?;
                Ok((id, time))
            })
            .collect()
    }

    // ---- settings ----------------------------------------------------------------------

    /// A stored setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Stores a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// The stored scheduler configuration, or the defaults when none was saved.
    pub fn scheduler_config(&self) -> Result<SchedulerConfig, StoreError> {
        match self.setting(SCHEDULER_CONFIG_KEY)? {
            None => Ok(SchedulerConfig::default()),
            Some(json) => serde_json::from_str(&json).map_err(|err| StoreError::Decode {
                path: self.path.clone(),
                what: "scheduler configuration",
                detail: err.to_string(),
            }),
        }
    }

    /// Saves the scheduler configuration, and records it in the settings history (see
    /// [`Store::set_scheduler_config_at`]) as changed now.
    pub fn set_scheduler_config(&self, config: &SchedulerConfig) -> Result<(), StoreError> {
        self.set_scheduler_config_at(config, Utc::now())
    }
}

/// Maps SQLite errors to the variants users can act on.
fn classify(path: &Path, error: rusqlite::Error) -> StoreError {
    let path = path.to_owned();
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path,
            detail: error.to_string(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: error.to_string(),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path,
            detail: error.to_string(),
        },
        Some(ErrorCode::PermissionDenied) => StoreError::PermissionDenied {
            path,
            detail: error.to_string(),
        },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) if disk_is_full(&path) => {
            StoreError::DiskFull { path }
        }
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => {
            not_writable(&path, error.to_string()).unwrap_or(StoreError::Io {
                path,
                detail: error.to_string(),
            })
        }
        _ => StoreError::Sqlite {
            path,
            source: error,
        },
    }
}

/// Why this process cannot write `path` (or, for a file not made yet, its folder), when
/// the reason is the file system mounted read-only or a permission this user lacks; `None`
/// when it could write there, so that an I/O error stays an I/O error.
fn not_writable(path: &Path, detail: String) -> Option<StoreError> {
    use rustix::fs::{Access, StatVfsMountFlags};
    let probe = if path.exists() {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    let read_only_mount =
        rustix::fs::statvfs(probe).is_ok_and(|fs| fs.f_flag.contains(StatVfsMountFlags::RDONLY));
    if read_only_mount {
        return Some(StoreError::ReadOnly {
            path: probe.to_owned(),
            detail: format!("the file system holding it is mounted read-only; {detail}"),
        });
    }
    match rustix::fs::access(probe, Access::WRITE_OK) {
        Err(rustix::io::Errno::ACCESS | rustix::io::Errno::PERM) => {
            Some(StoreError::PermissionDenied {
                path: probe.to_owned(),
                detail,
            })
        }
        _ => None,
    }
}

/// Whether the file system holding `path` (or its folder, for a file not made yet) has no
/// space left for a normal user. SQLite reports a full disk met while growing its shared-memory
/// file as a plain I/O error; this tells the two apart so that the advice is right.
fn disk_is_full(path: &Path) -> bool {
    let probe = if path.exists() {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    rustix::fs::statvfs(probe).is_ok_and(|fs| fs.f_bavail == 0)
}

#[cfg(test)]
mod tests;
