//! A progress database written by an older stagecraft is upgraded in place by the real binary:
//! its settings survive, on a large file the upgrade is announced (it can take seconds), and
//! the statistics' totals are built from the log it already has.

mod common;

use std::path::Path;

use chrono::{Duration, Utc};
use common::run;
use rusqlite::Connection;
use stagecraft::srs::stats::LogTotals;
use stagecraft::srs::{Rating, Scheduler, SchedulerConfig};
use stagecraft::store::{NewAnswer, Store};

/// Takes the database back to schema 2 (before the statistics' column, index and totals, and the
/// override column) and makes it larger than the size up to which it is checked at open.
fn make_old_and_large(db: &Path) {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER stats_log_insert; DROP TRIGGER stats_log_delete; \
         DROP TRIGGER stats_log_update_before; DROP TRIGGER stats_log_update_after; \
         DROP VIEW stats_answer_terms; DROP TABLE stats_buckets; DROP TABLE stats_cards; \
         DROP INDEX review_log_stats; \
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

/// The statistics as `stagecraft stats --json` prints them, without the time they were made.
fn stats_json(dir: &Path) -> serde_json::Value {
    let (code, out, err) = run(dir, &["stats", "--json"]);
    assert_eq!(code, 0, "{err}");
    let mut value: serde_json::Value = serde_json::from_str(&out).unwrap();
    value.as_object_mut().unwrap().remove("generated_at");
    value
}

#[test]
fn an_upgraded_database_gets_the_totals_of_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    // Answers over the past weeks, some of them days apart, to several questions.
    let mut now = Utc::now() - Duration::days(40);
    {
        let store = Store::open(dir.path(), "default").unwrap();
        let ratings = [Rating::Good, Rating::Again, Rating::Easy, Rating::Hard];
        for n in 0..60usize {
            let new = NewAnswer {
                card_id: format!("question-{}", n % 7),
                rating: ratings[n % ratings.len()],
                at: now,
                duration_ms: 700 * n as u64,
                drill: n % 5 == 0,
                overridden: false,
            };
            store.answer(&scheduler, &new).unwrap();
            now += Duration::minutes([13, 400, 1500][n % 3]);
        }
    }
    let before = stats_json(dir.path());
    assert!(before["totals"]["answers"] == 60, "{before}");
    let db = dir.path().join("default.sqlite3");
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER stats_log_insert; DROP TRIGGER stats_log_delete; \
             DROP TRIGGER stats_log_update_before; DROP TRIGGER stats_log_update_after; \
             DROP VIEW stats_answer_terms; DROP TABLE stats_buckets; DROP TABLE stats_cards; \
             PRAGMA user_version = 6;",
        )
        .unwrap();

    assert_eq!(stats_json(dir.path()), before);
    let store = Store::open(dir.path(), "default").unwrap();
    let totals = store.log_totals().unwrap();
    assert_eq!(totals, LogTotals::from_log(&store.stats_answers().unwrap()));
    assert!(totals.buckets.len() > 10, "{totals:?}");
    // The triggers are back: a new answer is counted.
    let new = NewAnswer {
        card_id: "question-9".to_owned(),
        rating: Rating::Good,
        at: Utc::now(),
        duration_ms: 1000,
        drill: false,
        overridden: false,
    };
    store.answer(&scheduler, &new).unwrap();
    let answers: u64 = store
        .log_totals()
        .unwrap()
        .buckets
        .values()
        .map(|b| b.answers)
        .sum();
    assert_eq!(answers, 61);
}
