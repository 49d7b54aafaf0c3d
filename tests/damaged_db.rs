//! A damaged, truncated or write-protected progress database, met by the real binary: the app
//! and the commands say clearly what is wrong with which file, exit with status 2 before the
//! terminal is touched, and leave the file byte for byte as it was (no journal files created).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

mod common;

use common::run;

/// A data directory with a real progress database that holds a changed setting.
fn populated(dir: &Path) -> PathBuf {
    let (code, _, err) = run(dir, &["config", "desired-retention", "0.85"]);
    assert_eq!(code, 0, "{err}");
    let db = dir.join("default.sqlite3");
    assert!(db.is_file(), "the database was created at {}", db.display());
    for sibling in ["default.sqlite3-wal", "default.sqlite3-shm"] {
        assert!(
            !dir.join(sibling).exists(),
            "{sibling} left after a clean exit"
        );
    }
    db
}

/// Every way in — the interactive app (it opens the store before the terminal), a review, the
/// statistics and an export — refuses the file with a message naming it, and changes nothing.
fn assert_refused_untouched(dir: &Path, db: &Path, words: &[&str]) {
    let before = fs::read(db).expect("read database");
    let listing = |dir: &Path| {
        let mut names: Vec<_> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    };
    let files_before = listing(dir);
    for args in [
        &[][..],
        &["review"],
        &["stats"],
        &["export", "--format", "json"],
    ] {
        let (code, _, err) = run(dir, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.starts_with("stagecraft: error: "),
            "{args:?}: one clear line, no panic: {err}"
        );
        assert!(
            err.contains(&db.display().to_string()),
            "{args:?}: names the file: {err}"
        );
        for word in words {
            assert!(err.contains(word), "{args:?}: `{word}` missing from: {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        // The terminal was never switched: no escape sequence was written.
        assert!(!err.contains('\u{1b}'), "{err}");
        assert_eq!(
            fs::read(db).expect("read database"),
            before,
            "{args:?} changed the file"
        );
        assert_eq!(
            listing(dir),
            files_before,
            "{args:?} created or removed files"
        );
    }
}

#[test]
fn corrupt_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = populated(dir.path());
    // Scribble over the whole second page, the root of the first table, header included.
    let mut bytes = fs::read(&db).expect("read");
    let page = 4096;
    assert!(bytes.len() > 2 * page, "the database has several pages");
    for b in &mut bytes[page..2 * page] {
        *b = 0xA5;
    }
    fs::write(&db, &bytes).expect("write");
    assert_refused_untouched(dir.path(), &db, &["damaged", "left untouched"]);
}

#[test]
fn truncated_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = populated(dir.path());
    let bytes = fs::read(&db).expect("read");
    fs::write(&db, &bytes[..bytes.len() / 2 + 100]).expect("truncate");
    assert_refused_untouched(dir.path(), &db, &["left untouched"]);
}

#[test]
fn file_that_is_not_a_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("default.sqlite3");
    fs::write(&db, "these are my notes, not a database\n").expect("write");
    assert_refused_untouched(dir.path(), &db, &["not a stagecraft progress database"]);
}

#[test]
fn read_only_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = populated(dir.path());
    fs::set_permissions(&db, fs::Permissions::from_mode(0o444)).expect("chmod");
    assert_refused_untouched(dir.path(), &db, &["read-only", "--data-dir"]);
    // Once writable again, the same file opens with its progress intact.
    fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).expect("chmod");
    let (code, _, err) = run(dir.path(), &["config"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn the_app_without_a_terminal_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = run(dir.path(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "the terminal was not switched: {err:?}"
    );
}
