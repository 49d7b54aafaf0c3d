use chrono::{FixedOffset, TimeZone};

use super::*;
use crate::srs::card::{Memory, Rating};
use crate::srs::test_time::at;

/// Study days in UTC+2 starting at 4 AM; the collection is created on 2026-11-01.
fn days() -> AnkiDays {
    let clock = DayClock::fixed(FixedOffset::east_opt(2 * 3600).unwrap(), 4);
    AnkiDays {
        clock,
        creation: clock.day_of(at("2026-11-01T12:00:00Z")),
    }
}

fn ctx(config: &SchedulerConfig) -> ScheduleContext<'_> {
    ScheduleContext {
        config,
        decay: 0.1542,
        days: days(),
        now: at("2026-11-30T12:00:00Z"),
    }
}

fn memory() -> Option<Memory> {
    Some(Memory {
        stability: 12.345_67,
        difficulty: 5.678_9,
    })
}

fn review_card() -> CardState {
    CardState {
        phase: Phase::Review,
        memory: memory(),
        last_review: Some(at("2026-11-20T10:00:00Z")),
        due: Some(at("2026-11-30T10:00:00Z")),
        reps: 4,
        lapses: 1,
        ..CardState::new()
    }
}

#[test]
fn anki_counts_days_from_the_start_of_the_creation_day() {
    let days = days();
    // 04:00 local (UTC+2) on 2026-11-01 is 02:00 UTC.
    assert_eq!(
        days.creation_secs(),
        Utc.with_ymd_and_hms(2026, 11, 1, 2, 0, 0)
            .unwrap()
            .timestamp()
    );
    assert_eq!(days.creation_minutes_west(), -120);
    assert_eq!(days.day_number(at("2026-11-01T02:00:00Z")), 0);
    assert_eq!(days.day_number(at("2026-11-02T01:59:59Z")), 0);
    assert_eq!(days.day_number(at("2026-11-02T02:00:00Z")), 1);
    assert_eq!(days.day_number(at("2026-11-30T10:00:00Z")), 29);
}

#[test]
fn new_cards_are_new_at_their_position() {
    let config = SchedulerConfig::default();
    let s = card_schedule(&CardState::new(), 7, &ctx(&config));
    assert_eq!(
        s,
        AnkiCardSchedule {
            card_type: card_type::NEW,
            queue: queue::NEW,
            due: 7,
            ivl: 0,
            factor: 0,
            left: 0,
            data: "{}".to_owned(),
        }
    );
}

#[test]
fn review_cards_are_due_on_their_day_with_their_interval_and_memory() {
    let config = SchedulerConfig::default();
    let s = card_schedule(&review_card(), 1, &ctx(&config));
    assert_eq!(s.card_type, card_type::REVIEW);
    assert_eq!(s.queue, queue::REVIEW);
    assert_eq!(s.due, 29);
    assert_eq!(s.ivl, 10);
    assert_eq!(s.factor, INITIAL_EASE);
    assert_eq!(s.left, 0);
    let data: serde_json::Value = serde_json::from_str(&s.data).unwrap();
    assert_eq!(data["s"].as_f64().unwrap() as f32, 12.3457);
    assert_eq!(data["d"].as_f64().unwrap() as f32, 5.679);
    assert_eq!(data["dr"].as_f64().unwrap() as f32, 0.9);
    assert_eq!(data["decay"].as_f64().unwrap() as f32, 0.154);
    assert_eq!(data["lrt"], at("2026-11-20T10:00:00Z").timestamp());
}

#[test]
fn suspended_and_buried_cards_leave_the_queue_but_keep_their_type() {
    let config = SchedulerConfig::default();
    let ctx = ctx(&config);
    let suspended = card_schedule(&review_card().suspended(), 1, &ctx);
    assert_eq!(
        (suspended.card_type, suspended.queue, suspended.due),
        (card_type::REVIEW, queue::SUSPENDED, 29)
    );
    let new_suspended = card_schedule(&CardState::new().suspended(), 3, &ctx);
    assert_eq!(
        (
            new_suspended.card_type,
            new_suspended.queue,
            new_suspended.due
        ),
        (card_type::NEW, queue::SUSPENDED, 3)
    );
    let today = ctx.days.clock.day_of(ctx.now);
    let buried = card_schedule(&review_card().buried(today), 1, &ctx);
    assert_eq!(buried.queue, queue::USER_BURIED);
    let buried_yesterday = card_schedule(&review_card().buried(today.plus(-1)), 1, &ctx);
    assert_eq!(buried_yesterday.queue, queue::REVIEW);
}

#[test]
fn learning_cards_are_due_in_seconds_with_their_remaining_steps() {
    let config = SchedulerConfig::default(); // steps 1 min, 10 min
    let card = CardState {
        phase: Phase::Learning,
        step: Some(1),
        memory: memory(),
        last_review: Some(at("2026-11-30T11:00:00Z")),
        due: Some(at("2026-11-30T11:10:00Z")),
        reps: 1,
        ..CardState::new()
    };
    let s = card_schedule(&card, 1, &ctx(&config));
    assert_eq!(s.card_type, card_type::LEARNING);
    assert_eq!(s.queue, queue::LEARNING);
    assert_eq!(s.due, at("2026-11-30T11:10:00Z").timestamp());
    assert_eq!((s.ivl, s.factor, s.left), (0, 0, 1));
    let first_step = CardState {
        step: Some(0),
        ..card
    };
    assert_eq!(card_schedule(&first_step, 1, &ctx(&config)).left, 2);
}

#[test]
fn a_learning_step_of_a_day_or_more_is_due_on_a_day() {
    let config = SchedulerConfig {
        learning_steps_secs: vec![600, 2 * 86_400],
        ..SchedulerConfig::default()
    };
    let card = CardState {
        phase: Phase::Learning,
        step: Some(1),
        memory: memory(),
        last_review: Some(at("2026-11-28T10:00:00Z")),
        due: Some(at("2026-11-30T10:00:00Z")),
        reps: 2,
        ..CardState::new()
    };
    let s = card_schedule(&card, 1, &ctx(&config));
    assert_eq!((s.queue, s.due, s.left), (queue::DAY_LEARNING, 29, 1));
}

#[test]
fn relearning_cards_keep_an_interval_and_their_ease() {
    let config = SchedulerConfig::default();
    let card = CardState {
        phase: Phase::Relearning,
        step: Some(0),
        memory: Some(Memory {
            stability: 2.4,
            difficulty: 7.0,
        }),
        last_review: Some(at("2026-11-30T11:00:00Z")),
        due: Some(at("2026-11-30T11:10:00Z")),
        reps: 6,
        lapses: 2,
        ..CardState::new()
    };
    let s = card_schedule(&card, 1, &ctx(&config));
    assert_eq!(s.card_type, card_type::RELEARNING);
    assert_eq!(s.queue, queue::LEARNING);
    assert_eq!(s.due, at("2026-11-30T11:10:00Z").timestamp());
    assert_eq!((s.ivl, s.factor, s.left), (2, INITIAL_EASE, 1));
}

fn record(before: CardState, after: CardState, rating: Rating, at_: &str) -> ReviewRecord {
    ReviewRecord {
        id: 1,
        card_id: "q".into(),
        reviewed_at: at(at_),
        rating,
        elapsed_days: None,
        duration_ms: 4_200,
        drill: false,
        before,
        after,
        overridden: false,
    }
}

#[test]
fn a_first_answer_is_a_learning_entry_with_its_step_in_seconds() {
    let after = CardState {
        phase: Phase::Learning,
        step: Some(1),
        memory: Some(Memory {
            stability: 2.3,
            difficulty: 1.0,
        }),
        last_review: Some(at("2026-11-30T11:00:00Z")),
        due: Some(at("2026-11-30T11:10:00Z")),
        reps: 1,
        ..CardState::new()
    };
    let row = revlog_row(&record(
        CardState::new(),
        after,
        Rating::Good,
        "2026-11-30T11:00:00Z",
    ));
    assert_eq!(
        row,
        RevlogRow {
            ease: 3,
            ivl: -600,
            last_ivl: 0,
            factor: 100,
            time: 4_200,
            kind: revlog_type::LEARNING,
        }
    );
}

#[test]
fn review_and_relearning_entries_log_days_and_difficulty() {
    let before = review_card();
    let after = CardState {
        last_review: Some(at("2026-11-30T10:00:00Z")),
        due: Some(at("2026-12-25T10:00:00Z")),
        memory: Some(Memory {
            stability: 30.0,
            difficulty: 10.0,
        }),
        reps: 5,
        ..review_card()
    };
    let row = revlog_row(&record(
        before.clone(),
        after,
        Rating::Easy,
        "2026-11-30T10:00:00Z",
    ));
    assert_eq!(
        (row.ease, row.ivl, row.last_ivl, row.factor, row.kind),
        (4, 25, 10, 1100, revlog_type::REVIEW)
    );
    let relearning = CardState {
        phase: Phase::Relearning,
        step: Some(0),
        last_review: Some(at("2026-11-30T10:00:00Z")),
        due: Some(at("2026-11-30T10:10:00Z")),
        ..before.clone()
    };
    let lapse = revlog_row(&record(
        before,
        relearning.clone(),
        Rating::Again,
        "2026-11-30T10:00:00Z",
    ));
    assert_eq!(
        (lapse.ease, lapse.ivl, lapse.last_ivl, lapse.kind),
        (1, -600, 10, revlog_type::REVIEW)
    );
    let relearnt = revlog_row(&record(
        relearning,
        review_card(),
        Rating::Good,
        "2026-11-30T10:10:00Z",
    ));
    assert_eq!(
        (relearnt.last_ivl, relearnt.kind),
        (-600, revlog_type::RELEARNING)
    );
}
