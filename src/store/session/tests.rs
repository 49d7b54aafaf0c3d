use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::*;
use crate::srs::test_time::at;
use crate::srs::{Rating, SchedulerConfig};

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        enable_fuzz: false,
        ..SchedulerConfig::default()
    })
    .unwrap()
}

fn new(card: &str, rating: Rating, at: DateTime<Utc>) -> NewAnswer {
    NewAnswer {
        card_id: card.to_owned(),
        rating,
        at,
        duration_ms: 900,
        drill: false,
        overridden: false,
    }
}

/// Another connection holding the write lock, as another instance in the middle of a long
/// write would.
fn lock(store: &Store) -> Connection {
    let other = Connection::open(store.path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other
}

#[test]
fn undo_takes_back_only_this_sessions_answers_most_recent_first() {
    let dir = tempfile::tempdir().unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let earlier = Store::open(dir.path(), "p").unwrap();
    let yesterday = earlier.answer(&s, &new("old", Rating::Good, t0)).unwrap();
    drop(earlier);

    let store = Store::open(dir.path(), "p").unwrap();
    let other_instance = Store::open(dir.path(), "p").unwrap();
    let mut session = SessionAnswers::new();
    let mut a = CardAnswer::default();
    let later = t0 + chrono::Duration::days(1);
    a.give(&store, &s, &mut session, new("a", Rating::Good, later))
        .unwrap();
    let mut b = CardAnswer::default();
    b.give(&store, &s, &mut session, new("b", Rating::Hard, later))
        .unwrap();
    // Another instance answers after this session: the newest row of the log is not ours.
    let theirs = other_instance
        .answer(&s, &new("c", Rating::Easy, later))
        .unwrap();

    let undone = session.undo_latest(&store).unwrap().unwrap();
    assert_eq!(undone.card_id, "b");
    let undone = session.undo_latest(&store).unwrap().unwrap();
    assert_eq!(undone.card_id, "a");
    assert!(session.undo_latest(&store).unwrap().is_none());
    let left: Vec<i64> = store.review_log().unwrap().iter().map(|r| r.id).collect();
    assert_eq!(left, vec![yesterday.log_id, theirs.log_id]);
}

#[test]
fn undo_follows_a_rerated_answer() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let mut session = SessionAnswers::new();
    let mut a = CardAnswer::default();
    a.give(&store, &s, &mut session, new("a", Rating::Good, t0))
        .unwrap();
    let mut b = CardAnswer::default();
    b.give(&store, &s, &mut session, new("b", Rating::Good, t0))
        .unwrap();
    let outcome = a
        .give(&store, &s, &mut session, new("a", Rating::Hard, t0))
        .unwrap();
    assert_eq!(outcome.replaced, Some(Rating::Good));
    assert_eq!(session.len(), 2);
    assert_eq!(session.latest(), a.saved().map(|x| x.log_id));
    assert_eq!(
        session.undo_latest(&store).unwrap().unwrap().card_id,
        "a",
        "the re-rated answer is now the most recent"
    );
}

#[test]
fn an_answer_that_cannot_be_undone_any_more_is_dropped_from_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    let other_instance = Store::open(dir.path(), "p").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let mut session = SessionAnswers::new();
    CardAnswer::default()
        .give(&store, &s, &mut session, new("a", Rating::Good, t0))
        .unwrap();
    CardAnswer::default()
        .give(&store, &s, &mut session, new("b", Rating::Good, t0))
        .unwrap();
    other_instance
        .answer(&s, &new("b", Rating::Easy, t0))
        .unwrap();
    let err = session.undo_latest(&store).unwrap_err();
    assert!(matches!(err, StoreError::CannotUndo { .. }), "{err}");
    assert_eq!(session.undo_latest(&store).unwrap().unwrap().card_id, "a");
    assert_eq!(store.review_log_for("b").unwrap().len(), 2);
}

#[test]
fn a_save_refused_by_a_lock_is_kept_until_retried_or_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    store.set_busy_timeout(Duration::from_millis(20)).unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let mut session = SessionAnswers::new();
    let mut card = CardAnswer::default();

    let other = lock(&store);
    let err = card
        .give(&store, &s, &mut session, new("q", Rating::Good, t0))
        .unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    assert_eq!(card.unsaved_rating(), Some(Rating::Good));
    assert_eq!(
        card.saved_rating(),
        None,
        "an unsaved answer is not counted"
    );
    assert!(session.is_empty());
    // Still locked: the retry fails and keeps it.
    assert!(card.retry(&store, &s, &mut session).is_err());
    assert!(card.has_unsaved());
    drop(other);

    let outcome = card.retry(&store, &s, &mut session).unwrap().unwrap();
    assert_eq!(outcome.replaced, None);
    assert_eq!(card.saved_rating(), Some(Rating::Good));
    assert!(!card.has_unsaved());
    assert_eq!(session.len(), 1);
    assert_eq!(store.review_log().unwrap().len(), 1);
    assert!(card.retry(&store, &s, &mut session).unwrap().is_none());
}

#[test]
fn a_failed_rerate_keeps_the_saved_answer_and_the_new_rating() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    store.set_busy_timeout(Duration::from_millis(20)).unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let mut session = SessionAnswers::new();
    let mut card = CardAnswer::default();
    card.give(&store, &s, &mut session, new("q", Rating::Good, t0))
        .unwrap();
    let saved = card.saved().cloned();

    let other = lock(&store);
    assert!(
        card.give(&store, &s, &mut session, new("q", Rating::Easy, t0))
            .is_err()
    );
    drop(other);
    assert_eq!(card.saved().cloned(), saved);
    assert_eq!(card.unsaved_rating(), Some(Rating::Easy));
    assert_eq!(store.review_log().unwrap()[0].rating, Rating::Good);

    card.discard();
    assert!(!card.has_unsaved());
    assert_eq!(card.saved_rating(), Some(Rating::Good));
    assert_eq!(session.latest(), saved.map(|x| x.log_id));
}
