use std::fs;
use std::os::unix::fs::PermissionsExt;

use chrono::{Duration, FixedOffset};

use super::*;
use crate::srs::{DayClock, DoneToday, Phase, Rating, Scheduler};

use crate::srs::test_time::at;

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        enable_fuzz: false,
        ..SchedulerConfig::default()
    })
    .unwrap()
}

fn answer(store: &Store, s: &Scheduler, id: &str, rating: Rating, now: DateTime<Utc>) -> i64 {
    let state = store.card_state(id).unwrap().unwrap_or_default();
    let answer = s.answer(id, &state, rating, now).unwrap();
    store.record_answer(&answer, 1500, false).unwrap()
}

/// A real database with some history, closed so that everything is in the main file.
fn populated_db(dir: &Path) -> PathBuf {
    let store = Store::open(dir, "p").unwrap();
    let s = scheduler();
    for n in 0..40 {
        answer(
            &store,
            &s,
            &format!("question-{n}"),
            Rating::Good,
            at("2024-01-01T10:00:00Z"),
        );
    }
    let path = store.path().to_owned();
    drop(store);
    path
}

#[test]
fn creates_a_versioned_wal_database_per_profile() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("nested/data"), "work-2").unwrap();
    assert!(store.path().ends_with("nested/data/work-2.sqlite3"));
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let mode: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let timeout: i64 = store
        .conn
        .pragma_query_value(None, "busy_timeout", |row| row.get(0))
        .unwrap();
    assert_eq!(timeout, 5000);
    drop(store);
    // Reopening runs no migration twice.
    let again = Store::open(&dir.path().join("nested/data"), "work-2").unwrap();
    assert_eq!(again.schema_version().unwrap(), schema::latest_version());
    assert_eq!(again.integrity_check().unwrap(), ["ok"]);
}

#[test]
fn rejects_bad_profile_names_without_creating_anything() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path(), "../escape").unwrap_err();
    assert!(matches!(err, StoreError::InvalidProfile { .. }), "{err}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn answers_round_trip_and_update_card_state() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "default").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00.123Z");
    let first = s.answer("q1", &CardState::new(), Rating::Good, t0).unwrap();
    let id1 = store.record_answer(&first, 2500, false).unwrap();
    let second = s
        .answer("q1", &first.after, Rating::Good, t0 + Duration::minutes(10))
        .unwrap();
    let id2 = store.record_answer(&second, 800, true).unwrap();
    assert!(id2 > id1);

    assert_eq!(store.card_state("q1").unwrap(), Some(second.after.clone()));
    assert_eq!(store.card_state("nope").unwrap(), None);
    let log = store.review_log().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].id, id1);
    assert_eq!(log[0].reviewed_at, t0);
    assert_eq!(log[0].before, CardState::new());
    assert_eq!(log[0].after, first.after);
    assert_eq!((log[0].duration_ms, log[0].drill), (2500, false));
    assert_eq!(
        (log[1].rating, log[1].drill, log[1].elapsed_days),
        (Rating::Good, true, Some(0))
    );
    assert_eq!(log[1].after.phase, Phase::Review);
    assert_eq!(store.review_log_for("q1").unwrap().len(), 2);
    assert_eq!(store.card_states().unwrap().len(), 1);
}

#[test]
fn undo_restores_the_previous_state_and_removes_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "default").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let a1 = answer(&store, &s, "a", Rating::Good, t0);
    let after_first = store.card_state("a").unwrap().unwrap();
    let b = answer(&store, &s, "b", Rating::Again, t0);
    let a2 = answer(&store, &s, "a", Rating::Easy, t0 + Duration::minutes(10));

    let err = store.undo_answer(a1).unwrap_err();
    assert!(matches!(err, StoreError::CannotUndo { .. }), "{err}");

    let undone = store.undo_answer(a2).unwrap();
    assert_eq!((undone.id, undone.card_id.as_str()), (a2, "a"));
    assert_eq!(store.card_state("a").unwrap(), Some(after_first));
    assert_eq!(store.review_log().unwrap().len(), 2);

    store.undo_answer(b).unwrap();
    store.undo_answer(a1).unwrap();
    assert_eq!(store.card_state("a").unwrap(), Some(CardState::new()));
    assert!(store.review_log().unwrap().is_empty());
    assert!(matches!(
        store.undo_answer(a1),
        Err(StoreError::CannotUndo { .. })
    ));
    assert!(matches!(
        store.undo_answer(12345),
        Err(StoreError::CannotUndo { .. })
    ));
}

#[test]
fn counts_today_and_builds_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "default").unwrap();
    let s = scheduler();
    let clock = DayClock::fixed(FixedOffset::east_opt(0).unwrap(), 4);
    let yesterday = at("2024-01-01T10:00:00Z");
    answer(&store, &s, "old", Rating::Good, yesterday);
    let now = at("2024-01-02T10:00:00Z");
    answer(&store, &s, "n1", Rating::Good, now - Duration::hours(1));
    answer(&store, &s, "n1", Rating::Good, now - Duration::minutes(30));
    let done = store.done_today(now, &clock).unwrap();
    assert_eq!(
        done,
        DoneToday {
            new_cards: 1,
            reviews: 0,
            learning: 1
        }
    );

    let config = SchedulerConfig {
        new_per_day: 2,
        ..SchedulerConfig::default()
    };
    let queue = store
        .due_queue(&["old", "n1", "n2", "n3", "n4"], now, &clock, &config)
        .unwrap();
    let ids: Vec<&str> = queue.entries.iter().map(|e| e.card_id.as_str()).collect();
    // "old" is in learning (step 1 due 10:10 yesterday); one new card left today.
    assert_eq!(ids, ["old", "n2"]);
}

#[test]
fn suspend_and_bury_persist() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "default").unwrap();
    let state = store.set_suspended("q", true).unwrap();
    assert!(state.suspended);
    assert_eq!(store.card_state("q").unwrap().unwrap().phase, Phase::New);
    assert!(!store.set_suspended("q", false).unwrap().suspended);
    let day = Day::from_number(19_000);
    assert_eq!(store.bury("q", day).unwrap().buried_on, Some(day));
    assert_eq!(store.card_state("q").unwrap().unwrap().buried_on, Some(day));
}

#[test]
fn lesson_progress_labs_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "default").unwrap();
    assert_eq!(store.lesson_progress("intro").unwrap(), None);
    let progress = LessonProgress {
        line: 42,
        percent: 37.5,
        updated: at("2024-01-01T10:00:00Z"),
    };
    store.set_lesson_progress("intro", &progress).unwrap();
    assert_eq!(store.lesson_progress("intro").unwrap(), Some(progress));
    let later = LessonProgress {
        line: 80,
        percent: 100.0,
        updated: at("2024-01-02T10:00:00Z"),
    };
    store.set_lesson_progress("intro", &later).unwrap();
    assert_eq!(store.all_lesson_progress().unwrap()["intro"], later);

    store
        .complete_lab("go-scratch", at("2024-01-01T10:00:00Z"))
        .unwrap();
    store
        .complete_lab("go-scratch", at("2024-02-01T10:00:00Z"))
        .unwrap();
    assert_eq!(
        store.lab_completions().unwrap()["go-scratch"],
        at("2024-01-01T10:00:00Z")
    );

    assert_eq!(store.setting("theme").unwrap(), None);
    store.set_setting("theme", "dark").unwrap();
    store.set_setting("theme", "light").unwrap();
    assert_eq!(store.setting("theme").unwrap().as_deref(), Some("light"));

    assert_eq!(
        store.scheduler_config().unwrap(),
        SchedulerConfig::default()
    );
    let config = SchedulerConfig {
        desired_retention: 0.85,
        new_per_day: 5,
        ..SchedulerConfig::default()
    };
    store.set_scheduler_config(&config).unwrap();
    assert_eq!(store.scheduler_config().unwrap(), config);
}

/// Opens `path` expecting an error, and checks the file's bytes did not change.
fn open_fails_untouched(path: &Path) -> StoreError {
    let before = fs::read(path).unwrap();
    let err = Store::open_path(path).unwrap_err();
    assert_eq!(fs::read(path).unwrap(), before, "the file was modified");
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()) || matches!(err, StoreError::ReadOnly { .. }),
        "{message}"
    );
    err
}

#[test]
fn garbage_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    fs::write(&path, &garbage).unwrap();
    let err = open_fails_untouched(&path);
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert!(err.to_string().contains("left untouched"));
}

#[test]
fn truncated_database_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated_db(dir.path());
    let full = fs::read(&path).unwrap();
    assert!(full.len() > 8192, "test database too small: {}", full.len());
    fs::write(&path, &full[..full.len() / 2]).unwrap();
    let err = open_fails_untouched(&path);
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("truncated"), "{err}");
}

#[test]
fn damaged_pages_fail_the_integrity_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated_db(dir.path());
    let mut bytes = fs::read(&path).unwrap();
    // Scribble over the second page (a b-tree page) but keep the header intact.
    for byte in &mut bytes[4096..4096 + 64] {
        *byte = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let err = open_fails_untouched(&path);
    assert!(
        matches!(
            err,
            StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }
        ),
        "{err}"
    );
}

#[test]
fn a_first_version_database_is_upgraded_and_keeps_its_cards() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("default.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO cards (question_id, phase, due_ms) VALUES ('kept', 2, 0)",
            [],
        )
        .unwrap();
    }
    let store = Store::open(dir.path(), "default").unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let indexes: Vec<String> = store
        .conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cards' AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(indexes, ["cards_queue", "cards_stats"]);
    let clock = DayClock::fixed(FixedOffset::east_opt(0).unwrap(), 4);
    let queue = store
        .due_queue(
            &["kept"],
            at("2024-01-02T10:00:00Z"),
            &clock,
            &SchedulerConfig::default(),
        )
        .unwrap();
    assert_eq!(queue.entries.len(), 1);
    assert_eq!(queue.entries[0].phase, Phase::Review);
}

#[test]
fn newer_schema_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated_db(dir.path());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let err = open_fails_untouched(&path);
    match err {
        StoreError::TooNew {
            found, supported, ..
        } => {
            assert_eq!((found, supported), (999, schema::latest_version()));
        }
        other => panic!("expected TooNew, got {other}"),
    }
}

#[test]
fn foreign_sqlite_database_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('cat');").unwrap();
    }
    let err = open_fails_untouched(&path);
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
}

#[test]
fn read_only_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated_db(dir.path());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let err = open_fails_untouched(&path);
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("read-only"));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    assert!(Store::open_path(&path).is_ok());
}

#[test]
fn read_only_directory_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = populated_db(dir.path());
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let before = fs::read(&path).unwrap();
    let err = Store::open_path(&path).unwrap_err();
    let listing: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(
        err.to_string().contains(&dir.path().display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(listing.len(), 1, "files were created: {listing:?}");
}

#[test]
fn empty_file_becomes_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    fs::write(&path, b"").unwrap();
    let store = Store::open_path(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
}

#[test]
fn two_connections_interleave_without_losing_answers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_owned();
    Store::open(&data, "shared").unwrap();
    let workers: Vec<_> = (0..2)
        .map(|worker| {
            let data = data.clone();
            std::thread::spawn(move || {
                let store = Store::open(&data, "shared").unwrap();
                let s = scheduler();
                for n in 0..50 {
                    let id = format!("w{worker}-q{n}");
                    answer(&store, &s, &id, Rating::Good, at("2024-01-01T10:00:00Z"));
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let store = Store::open(&data, "shared").unwrap();
    assert_eq!(store.review_log().unwrap().len(), 100);
    assert_eq!(store.card_states().unwrap().len(), 100);
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
}

#[test]
fn full_disk_io_locked_and_read_only_are_told_apart_from_damage() {
    use rusqlite::ffi;
    let path = Path::new("/data/default.sqlite3");
    let sqlite = |code| rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
    let damage_advice = ["damaged", "move it away", "fresh profile"];
    type Expected = fn(&StoreError) -> bool;
    let cases: [(i32, Expected, &str); 5] = [
        (
            ffi::SQLITE_FULL,
            |e| matches!(e, StoreError::DiskFull { .. }),
            "Free some space",
        ),
        (
            ffi::SQLITE_IOERR,
            |e| matches!(e, StoreError::Io { .. }),
            "Check that the disk",
        ),
        (
            ffi::SQLITE_BUSY,
            |e| matches!(e, StoreError::Busy { .. }),
            "try again",
        ),
        (
            ffi::SQLITE_READONLY,
            |e| matches!(e, StoreError::ReadOnly { .. }),
            "Make it writable",
        ),
        (
            ffi::SQLITE_PERM,
            |e| matches!(e, StoreError::PermissionDenied { .. }),
            "Fix its owner or permissions",
        ),
    ];
    let mut briefs = Vec::new();
    for (code, expected, advice) in cases {
        let err = classify(path, sqlite(code));
        assert!(expected(&err), "code {code}: {err:?}");
        let message = err.to_string();
        assert!(message.contains(advice), "{message}");
        assert!(message.contains("/data/default.sqlite3"), "{message}");
        // The short form shown in a small pane: its own advice, never damage, no path.
        let brief = err.brief();
        assert!(brief.len() < 90, "{brief}");
        assert!(!brief.contains("/data"), "{brief}");
        for wrong in damage_advice {
            assert!(!message.contains(wrong), "{message}");
            assert!(!brief.contains(wrong), "{brief}");
        }
        assert!(!briefs.contains(&brief), "{brief} is not told apart");
        briefs.push(brief);
    }
    let corrupt = classify(path, sqlite(ffi::SQLITE_CORRUPT));
    assert!(matches!(corrupt, StoreError::Corrupt { .. }), "{corrupt:?}");
}
