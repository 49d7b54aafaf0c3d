//! A progress database written by an older stagecraft is upgraded in place by the real binary:
//! its settings survive, and on a large file the upgrade is announced (it can take seconds).

mod common;

use std::path::Path;

use common::run;
use rusqlite::Connection;

/// Takes the database back to schema 2 (before the statistics' column and index, and the
/// override column) and makes it larger than the size up to which it is checked at open.
fn make_old_and_large(db: &Path) {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(
        "DROP INDEX review_log_stats; \
         ALTER TABLE review_log DROP COLUMN overridden; \
         ALTER TABLE review_log DROP COLUMN interval_before_ms; \
         PRAGMA user_version = 2;",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('padding', ?1)",
        ["x".repeat(9 << 20)],
    )
    .unwrap();
}

fn user_version(db: &Path) -> i64 {
    Connection::open(db)
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap()
}

#[test]
fn a_large_old_database_is_upgraded_once_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["config", "desired-retention", "0.85"]);
    assert_eq!(code, 0, "{err}");
    let db = dir.path().join("default.sqlite3");
    let current = user_version(&db);
    make_old_and_large(&db);

    let (code, out, err) = run(dir.path(), &["config"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("updating") && err.contains("default.sqlite3"),
        "{err}"
    );
    assert!(out.contains("0.85"), "the setting survived: {out}");
    assert_eq!(user_version(&db), current);

    let (code, _, err) = run(dir.path(), &["config"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "nothing to say the second time: {err}");
}
