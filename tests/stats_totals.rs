//! The statistics' totals that the store keeps beside the review log (schema 7's triggers)
//! stay equal to a full recomputation from the log, whatever changes the log: answers,
//! re-rates and overrides, undos, imports that replace it, merges, forgets and hand edits of
//! its rows. And the report computed from those totals is the report computed from the answers,
//! day by day in time zones whose offsets are not whole hours.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use proptest::prelude::*;
use stagecraft::commands::{QuestionMeta, STATS_WINDOW_DAYS, stats_report};
use stagecraft::export::import::merge_snapshots;
use stagecraft::srs::stats::{
    LogTotals, StatsAnswer, StatsInput, StatsReport, TotalsInput, compute_stats,
    compute_stats_from_totals,
};
use stagecraft::srs::{CardState, Day, DayClock, Phase, Rating, Scheduler, SchedulerConfig};
use stagecraft::store::{NewAnswer, Store, StoreError};

const CARDS: [&str; 5] = ["alpha", "beta", "gamma", "delta", "epsilon"];

/// One change to the profile.
#[derive(Debug, Clone)]
enum Op {
    /// An answer given `minutes` after the previous one.
    Answer {
        card: usize,
        rating: u8,
        minutes: i64,
        duration_ms: u64,
        drill: bool,
    },
    /// The card's latest answer re-rated (an override when `overridden`).
    Rerate {
        card: usize,
        rating: u8,
        overridden: bool,
    },
    /// The card's latest answer undone.
    Undo { card: usize },
    /// The card forgotten: back to new, its answers kept.
    Forget { card: usize },
    /// An import that replaces the profile with every `keep`-th answer of it.
    Import { keep: usize },
    /// A merge with a copy of every `every`-th answer, `shift_minutes` later.
    Merge { every: usize, shift_minutes: i64 },
    /// A hand edit of one row of the log.
    Edit {
        pick: usize,
        rating: u8,
        phase: u8,
        shift_minutes: i64,
        interval_before_ms: Option<i64>,
        duration_ms: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let card = 0..CARDS.len();
    prop_oneof![
        6 => (card.clone(), 1u8..=4, 0i64..3000, 0u64..200_000, any::<bool>()).prop_map(
            |(card, rating, minutes, duration_ms, drill)| Op::Answer {
                card,
                rating,
                minutes,
                duration_ms,
                drill
            }
        ),
        2 => (card.clone(), 1u8..=4, any::<bool>()).prop_map(|(card, rating, overridden)| {
            Op::Rerate {
                card,
                rating,
                overridden,
            }
        }),
        1 => card.clone().prop_map(|card| Op::Undo { card }),
        1 => card.prop_map(|card| Op::Forget { card }),
        1 => (1usize..4).prop_map(|keep| Op::Import { keep }),
        1 => (1usize..4, -2000i64..2000).prop_map(|(every, shift_minutes)| Op::Merge {
            every,
            shift_minutes
        }),
        2 => (
            any::<usize>(),
            1u8..=4,
            0u8..4,
            -3000i64..3000,
            prop::option::of(0i64..4_000_000_000),
            -5i64..100_000,
        )
            .prop_map(
                |(pick, rating, phase, shift_minutes, interval_before_ms, duration_ms)| {
                    Op::Edit {
                        pick,
                        rating,
                        phase,
                        shift_minutes,
                        interval_before_ms,
                        duration_ms,
                    }
                }
            ),
    ]
}

fn rating(number: u8) -> Rating {
    Rating::from_number(number).expect("1 to 4")
}

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig::default()).expect("scheduler")
}

/// The latest logged answer to `card`, if any.
fn latest_answer(store: &Store, card: &str) -> Option<i64> {
    store
        .review_log()
        .expect("log")
        .iter()
        .filter(|r| r.card_id == card)
        .map(|r| r.id)
        .max()
}

/// Applies `op` at `now` (moved on by answers). Refusals of the store (an answer that is not
/// the card's latest, say) are part of the game: they must leave the totals exact too.
fn apply(store: &Store, db: &Path, op: &Op, now: &mut DateTime<Utc>) {
    let scheduler = scheduler();
    match *op {
        Op::Answer {
            card,
            rating: number,
            minutes,
            duration_ms,
            drill,
        } => {
            *now += Duration::minutes(minutes);
            let new = NewAnswer {
                card_id: CARDS[card].to_owned(),
                rating: rating(number),
                at: *now,
                duration_ms,
                drill,
                overridden: false,
            };
            store.answer(&scheduler, &new).expect("answer");
        }
        Op::Rerate {
            card,
            rating: number,
            overridden,
        } => {
            let Some(id) = latest_answer(store, CARDS[card]) else {
                return;
            };
            let new = NewAnswer {
                card_id: CARDS[card].to_owned(),
                rating: rating(number),
                at: *now,
                duration_ms: 1234,
                drill: false,
                overridden,
            };
            let _ = store.rerate(id, &scheduler, &new);
        }
        Op::Undo { card } => {
            if let Some(id) = latest_answer(store, CARDS[card]) {
                let _ = store.undo_answer(id);
            }
        }
        Op::Forget { card } => {
            store
                .update_cards::<_, StoreError>(&[CARDS[card]], |_, _| Ok(CardState::new()))
                .expect("forget");
        }
        Op::Import { keep } => {
            store
                .rewrite_progress::<StoreError>(|mut snapshot| {
                    snapshot.log = snapshot.log.into_iter().step_by(keep).collect();
                    Ok(snapshot)
                })
                .expect("import");
        }
        Op::Merge {
            every,
            shift_minutes,
        } => {
            store
                .rewrite_progress::<StoreError>(|existing| {
                    let mut incoming = existing.clone();
                    incoming.log = incoming.log.into_iter().step_by(every).collect();
                    for record in &mut incoming.log {
                        record.reviewed_at += Duration::minutes(shift_minutes);
                    }
                    Ok(merge_snapshots(existing, incoming))
                })
                .expect("merge");
        }
        Op::Edit {
            pick,
            rating,
            phase,
            shift_minutes,
            interval_before_ms,
            duration_ms,
        } => {
            let ids: Vec<i64> = store
                .review_log()
                .expect("log")
                .iter()
                .map(|r| r.id)
                .collect();
            if ids.is_empty() {
                return;
            }
            let id = ids[pick % ids.len()];
            let conn = rusqlite::Connection::open(db).expect("open");
            conn.execute(
                "UPDATE review_log SET rating = ?1, phase_before = ?2, \
                 reviewed_at_ms = reviewed_at_ms + ?3, interval_before_ms = ?4, \
                 duration_ms = ?5 WHERE id = ?6",
                rusqlite::params![
                    rating,
                    phase,
                    shift_minutes * 60_000,
                    interval_before_ms,
                    duration_ms,
                    id
                ],
            )
            .expect("edit");
        }
    }
}

/// Answers, new-card answers, learning answers, review answers, Again ratings and time spent
/// per study day, worked out answer by answer.
type DayFigures = (u32, u32, u32, u32, u32, u64);

fn days_of_answers(answers: &[StatsAnswer], clock: &DayClock) -> BTreeMap<Day, DayFigures> {
    let mut days: BTreeMap<Day, DayFigures> = BTreeMap::new();
    for answer in answers {
        let day = days.entry(clock.day_of(answer.reviewed_at)).or_default();
        day.0 += 1;
        match answer.phase_before {
            Phase::New => day.1 += 1,
            Phase::Learning | Phase::Relearning => day.2 += 1,
            Phase::Review => day.3 += 1,
        }
        day.4 += u32::from(answer.rating == Rating::Again);
        day.5 += answer.duration_ms;
    }
    days
}

/// The report both ways, at `now` on `clock`, over a window that covers the whole log.
fn reports(store: &Store, now: DateTime<Utc>, clock: DayClock) -> (StatsReport, StatsReport) {
    let scheduler = scheduler();
    let cards = store.card_states().expect("cards");
    let answers = store.stats_answers().expect("answers");
    let totals = store.log_totals().expect("totals");
    let topics = CARDS
        .iter()
        .enumerate()
        .map(|(n, id)| ((*id).to_owned(), format!("topic-{}", n % 2)))
        .collect();
    // An edit or a merge may move an answer past `now`: the report is taken after the last one.
    let now = answers
        .iter()
        .map(|a| a.reviewed_at)
        .max()
        .map_or(now, |last| last.max(now));
    let today = clock.day_of(now);
    let first = answers
        .iter()
        .map(|a| clock.day_of(a.reviewed_at))
        .min()
        .unwrap_or(today);
    let window_days = u32::try_from(today.days_since(first).max(0) + 1).expect("window");
    let from_answers = compute_stats(&StatsInput {
        scheduler: &scheduler,
        cards: &cards,
        log: &answers,
        topics: &topics,
        now,
        clock,
        window_days,
    });
    let from_totals = compute_stats_from_totals(&TotalsInput {
        scheduler: &scheduler,
        cards: &cards,
        totals: &totals,
        topics: &topics,
        now,
        clock,
        window_days,
    });
    (from_answers, from_totals)
}

/// The report the app shows ([`stats_report`]: the cards and the totals streamed from the
/// store in id order, side by side) is the report computed from every answer and a map of every
/// card: with a content that leaves out a stored card and has a question never answered, and
/// with no content at all.
fn check_streamed(store: &Store, now: DateTime<Utc>, clock: DayClock) {
    let answers = store.stats_answers().expect("answers");
    let now = answers
        .iter()
        .map(|a| a.reviewed_at)
        .max()
        .map_or(now, |last| last.max(now));
    let cards = store.card_states().expect("cards");
    let content: Vec<QuestionMeta> = ["zeta", "delta", "alpha", "gamma", "beta"]
        .iter()
        .enumerate()
        .map(|(n, id)| QuestionMeta {
            id: (*id).to_owned(),
            topic: format!("topic-{}", n % 2),
            front: String::new(),
            back: String::new(),
            tags: Vec::new(),
        })
        .collect();
    for questions in [content, Vec::new()] {
        let topics = questions
            .iter()
            .map(|q| (q.id.clone(), q.topic.clone()))
            .collect();
        let recomputed = compute_stats(&StatsInput {
            scheduler: &scheduler(),
            cards: &cards,
            log: &answers,
            topics: &topics,
            now,
            clock,
            window_days: STATS_WINDOW_DAYS,
        });
        let streamed = stats_report(store, &questions, now, clock).expect("report");
        assert_eq!(streamed, recomputed, "{} questions", questions.len());
    }
}

fn clocks() -> [DayClock; 4] {
    let offset = |seconds| FixedOffset::east_opt(seconds).expect("offset");
    [
        DayClock::utc(4),
        DayClock::fixed(offset(5 * 3600 + 45 * 60), 0),
        DayClock::fixed(offset(-(3 * 3600 + 30 * 60)), 23),
        DayClock::fixed(offset(12 * 3600 + 45 * 60), 4),
    ]
}

fn check(store: &Store, now: DateTime<Utc>) {
    let answers = store.stats_answers().expect("answers");
    assert_eq!(
        store.log_totals().expect("totals"),
        LogTotals::from_log(&answers),
        "the stored totals, bucket by bucket and card by card"
    );
    for clock in clocks() {
        check_streamed(store, now, clock);
        let (from_answers, from_totals) = reports(store, now, clock);
        assert_eq!(from_totals, from_answers);
        let days = days_of_answers(&answers, &clock);
        assert_eq!(from_totals.totals.days_studied as usize, days.len());
        assert_eq!(from_totals.totals.answers as usize, answers.len());
        for activity in &from_totals.reviews_per_day {
            let day = days
                .iter()
                .find(|(day, _)| day.to_string() == activity.date)
                .map(|(_, figures)| *figures)
                .unwrap_or_default();
            assert_eq!(
                (
                    activity.answers,
                    activity.new,
                    activity.learning,
                    activity.review,
                    activity.again,
                    activity.duration_ms
                ),
                day,
                "{} on {clock:?}",
                activity.date
            );
        }
        let in_window: u32 = from_totals.reviews_per_day.iter().map(|d| d.answers).sum();
        assert_eq!(
            in_window as usize,
            answers.len(),
            "the window covers the log"
        );
    }
}

fn start() -> DateTime<Utc> {
    // A week before 1970, so that some buckets start at negative times.
    DateTime::parse_from_rfc3339("1969-12-25T09:07:00Z")
        .expect("time")
        .with_timezone(&Utc)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_stored_totals_equal_a_recomputation_after_any_changes(
        ops in prop::collection::vec(op(), 1..40)
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path(), "default").expect("store");
        let db = dir.path().join("default.sqlite3");
        let mut now = start();
        for op in &ops {
            apply(&store, &db, op, &mut now);
            let answers = store.stats_answers().expect("answers");
            prop_assert_eq!(store.log_totals().expect("totals"), LogTotals::from_log(&answers));
        }
        check(&store, now + Duration::hours(3));
    }
}

#[test]
fn a_long_history_across_time_zones_gives_the_same_report_both_ways() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path(), "default").expect("store");
    let db = dir.path().join("default.sqlite3");
    let mut now = start();
    let ratings = [3u8, 3, 1, 4, 2, 3, 3, 1, 3, 4, 3];
    for n in 0..400usize {
        let op = Op::Answer {
            card: n % CARDS.len(),
            rating: ratings[n % ratings.len()],
            minutes: [7, 95, 180, 600, 1440, 37][n % 6],
            duration_ms: 1000 + (n as u64 % 7) * 1500,
            drill: n % 9 == 0,
        };
        apply(&store, &db, &op, &mut now);
    }
    let answers = store.stats_answers().expect("answers");
    assert!(answers.iter().any(|a| a.phase_before == Phase::Review));
    assert!(
        store
            .log_totals()
            .expect("totals")
            .buckets
            .keys()
            .any(|start| *start < 0)
    );
    check(&store, now);
}
