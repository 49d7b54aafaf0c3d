use chrono::Duration;

use super::*;
use crate::srs::test_time::at;
use crate::srs::{Phase, SchedulerConfig};

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
        duration_ms: 1200,
        drill: false,
        overridden: false,
    }
}

/// Makes the database refuse to grow, as on a full disk: every later answer needs ~50 more
/// pages (a temporary trigger stores a large blob with it) and only two are allowed.
fn fill_up(store: &Store) {
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER pad AFTER INSERT ON main.review_log BEGIN \
             INSERT INTO main.settings (key, value) VALUES ('pad' || NEW.id, hex(randomblob(100000))); \
             END;",
        )
        .unwrap();
    let pages: i64 = store
        .conn
        .pragma_query_value(None, "page_count", |row| row.get(0))
        .unwrap();
    store
        .conn
        .pragma_update(None, "max_page_count", pages + 2)
        .unwrap();
}

#[test]
fn two_handles_on_one_profile_both_count() {
    let dir = tempfile::tempdir().unwrap();
    let first = Store::open(dir.path(), "shared").unwrap();
    let second = Store::open(dir.path(), "shared").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    // Both show the new card; then both answer it.
    assert_eq!(first.card_state("q").unwrap(), None);
    assert_eq!(second.card_state("q").unwrap(), None);
    let one = first.answer(&s, &new("q", Rating::Good, t0)).unwrap();
    let two = second
        .answer(&s, &new("q", Rating::Good, t0 + Duration::minutes(1)))
        .unwrap();
    assert_eq!(
        two.answer.before, one.answer.after,
        "built on the first answer"
    );
    let state = first.card_state("q").unwrap().unwrap();
    assert_eq!(state.reps, 2);
    assert_eq!(state, two.answer.after);
    let log = second.review_log().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].before, log[0].after);
}

#[test]
fn a_rerate_replaces_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    store.answer(&s, &new("other", Rating::Hard, t0)).unwrap();
    let first = store.answer(&s, &new("q", Rating::Good, t0)).unwrap();
    let again = store
        .rerate(first.log_id, &s, &new("q", Rating::Again, t0))
        .unwrap();
    assert_ne!(again.log_id, first.log_id);
    assert_eq!(again.answer.before, first.answer.before);
    let log = store.review_log_for("q").unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].id, log[0].rating), (again.log_id, Rating::Again));
    assert_eq!(store.card_state("q").unwrap(), Some(again.answer.after));
    assert_eq!(
        store.review_log().unwrap().len(),
        2,
        "the other card is kept"
    );
}

#[test]
fn an_overridden_verdict_is_logged_with_the_rating_it_gave_and_can_be_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let graded = store.answer(&s, &new("q", Rating::Again, t0)).unwrap();
    let said_right = NewAnswer {
        overridden: true,
        ..new("q", Rating::Good, t0)
    };
    let overridden = store.rerate(graded.log_id, &s, &said_right).unwrap();
    let log = store.review_log_for("q").unwrap();
    assert_eq!(log.len(), 1, "one answer, re-rated in place");
    assert_eq!((log[0].rating, log[0].overridden), (Rating::Good, true));
    assert_eq!(
        store.card_state("q").unwrap(),
        Some(overridden.answer.after)
    );
    // Taking the override back is another re-rating, with the flag off.
    store
        .rerate(overridden.log_id, &s, &new("q", Rating::Again, t0))
        .unwrap();
    let log = store.review_log_for("q").unwrap();
    assert_eq!((log[0].rating, log[0].overridden), (Rating::Again, false));
    assert_eq!(store.card_state("q").unwrap(), Some(graded.answer.after));
}

#[test]
fn a_rerate_that_does_not_fit_leaves_the_answer_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let first = store.answer(&s, &new("q", Rating::Good, t0)).unwrap();
    let log_before = store.review_log().unwrap();
    let card_before = store.card_state("q").unwrap();
    fill_up(&store);

    let err = store
        .rerate(first.log_id, &s, &new("q", Rating::Easy, t0))
        .unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert_eq!(store.review_log().unwrap(), log_before);
    assert_eq!(store.card_state("q").unwrap(), card_before);
    assert_eq!(
        store.card_state("q").unwrap().unwrap().phase,
        Phase::Learning
    );

    // With space again, the same re-rate goes through.
    store.conn.execute_batch("DROP TRIGGER temp.pad").unwrap();
    store
        .rerate(first.log_id, &s, &new("q", Rating::Easy, t0))
        .unwrap();
    assert_eq!(store.review_log().unwrap()[0].rating, Rating::Easy);
}

#[test]
fn an_answer_that_does_not_fit_is_not_logged() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    let s = scheduler();
    fill_up(&store);
    let err = store
        .answer(&s, &new("q", Rating::Good, at("2024-01-01T10:00:00Z")))
        .unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(store.review_log().unwrap().is_empty());
    assert_eq!(store.card_state("q").unwrap(), None);
}

#[test]
fn only_a_cards_latest_answer_is_rerated_or_undone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "p").unwrap();
    let s = scheduler();
    let t0 = at("2024-01-01T10:00:00Z");
    let first = store.answer(&s, &new("q", Rating::Good, t0)).unwrap();
    let later = t0 + Duration::minutes(20);
    store.answer(&s, &new("q", Rating::Good, later)).unwrap();
    for err in [
        store
            .rerate(first.log_id, &s, &new("q", Rating::Hard, later))
            .unwrap_err(),
        store.undo_answer(first.log_id).unwrap_err(),
        store
            .rerate(first.log_id, &s, &new("elsewhere", Rating::Hard, later))
            .unwrap_err(),
    ] {
        assert!(matches!(err, StoreError::CannotUndo { .. }), "{err}");
    }
    assert_eq!(store.review_log().unwrap().len(), 2);
}
