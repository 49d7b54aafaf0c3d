//! A progress database written by an older stagecraft is upgraded in place by the real binary:
//! its settings survive, and on a large file the upgrade is announced (it can take seconds).

use std::path::Path;
use std::process::Command;

use rusqlite::Connection;

/// Runs the binary with `args` on the data directory; returns (exit code, stdout, stderr).
fn run(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Takes the database back to schema 2 (before the statistics' column and index) and makes it
/// larger than the size up to which it is checked at open.
fn make_old_and_large(db: &Path) {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(
        "DROP INDEX review_log_stats; \
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
