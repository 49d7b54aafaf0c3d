//! Study queues: what to show next, within the daily limits.
//!
//! Order: cards that are due (learning and relearning cards once their step time has passed,
//! review cards from the start of their due day) sorted by due time; then new cards in content
//! order within the new-card limit. As in Anki, review cards are limited by the review limit and
//! new cards by both the new-card limit and whatever is left of the review limit. Learning cards
//! are never limited. When nothing else is left, learning cards due within the learn-ahead
//! window are shown early.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::card::{CardState, Phase};
use super::config::SchedulerConfig;
use super::day::{Day, DayClock};
use super::log::ReviewRecord;
use super::time_serde;

/// What has already been studied on the current study day, counted against the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DoneToday {
    /// Distinct cards answered for the first time.
    pub new_cards: u32,
    /// Answers to cards in the review phase.
    pub reviews: u32,
    /// Answers to cards in learning or relearning.
    pub learning: u32,
}

impl DoneToday {
    /// Counts the answers of `records` that fall on `today`.
    pub fn from_records(records: &[ReviewRecord], clock: &DayClock, today: Day) -> DoneToday {
        DoneToday::from_answers(
            records
                .iter()
                .map(|r| (r.card_id.as_str(), r.reviewed_at, r.before.phase)),
            clock,
            today,
        )
    }

    /// Counts the answers, given as (card id, time, phase before the answer), that fall on
    /// `today`.
    pub fn from_answers<'a>(
        answers: impl IntoIterator<Item = (&'a str, DateTime<Utc>, Phase)>,
        clock: &DayClock,
        today: Day,
    ) -> DoneToday {
        let mut done = DoneToday::default();
        let mut new_ids = HashSet::new();
        for (card_id, _, phase) in answers
            .into_iter()
            .filter(|(_, at, _)| clock.day_of(*at) == today)
        {
            match phase {
                Phase::New => {
                    if new_ids.insert(card_id) {
                        done.new_cards += 1;
                    }
                }
                Phase::Review => done.reviews += 1,
                Phase::Learning | Phase::Relearning => done.learning += 1,
            }
        }
        done
    }
}

/// One card in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueEntry {
    /// Question id.
    pub card_id: String,
    /// The card's phase (New, Learning, Review or Relearning).
    pub phase: Phase,
    /// When it is due; `None` for new cards.
    #[serde(with = "time_serde::optional")]
    pub due: Option<DateTime<Utc>>,
}

/// The cards to study now, in order, and what is waiting.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Queue {
    /// Cards in the order to show them.
    pub entries: Vec<QueueEntry>,
    /// The earliest due time of a learning card that is not in `entries` yet (come back then).
    #[serde(with = "time_serde::optional")]
    pub next_learning_due: Option<DateTime<Utc>>,
    /// Review cards due today but left out by the review limit.
    pub reviews_over_limit: u32,
}

impl Queue {
    /// Number of entries in a phase (Learning also counts Relearning).
    pub fn count(&self, phase: Phase) -> usize {
        self.entries
            .iter()
            .filter(|e| match phase {
                Phase::Learning | Phase::Relearning => {
                    matches!(e.phase, Phase::Learning | Phase::Relearning)
                }
                other => e.phase == other,
            })
            .count()
    }

    /// Whether there is nothing to study now.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Builds the queue for `now`.
///
/// `question_ids` lists every question of the loaded content in content order (this decides the
/// order of new cards; stored states of questions no longer in the content are ignored).
/// `states` holds the stored card states; questions without one are new.
pub fn build_queue<S: AsRef<str>>(
    question_ids: &[S],
    states: &HashMap<String, CardState>,
    now: DateTime<Utc>,
    clock: &DayClock,
    done: DoneToday,
    config: &SchedulerConfig,
) -> Queue {
    let mut seen = HashSet::new();
    let cards = question_ids
        .iter()
        .map(AsRef::as_ref)
        .filter(|id| seen.insert(*id))
        .map(|id| (id, states.get(id)));
    build_queue_from(cards, now, clock, done, config)
}

/// Which part of the queue a card belongs to, by its phase and due time.
enum Placement {
    /// A new card, limited by the new-card limit (also a card with no due time).
    New,
    /// A learning or relearning card due at that time.
    Learning(DateTime<Utc>),
    /// A review card due at that time.
    Review(DateTime<Utc>),
}

fn placement(state: &CardState) -> Placement {
    match (state.phase, state.due) {
        (Phase::New, _) | (_, None) => Placement::New,
        (Phase::Learning | Phase::Relearning, Some(at)) => Placement::Learning(at),
        (Phase::Review, Some(at)) => Placement::Review(at),
    }
}

/// Whether the queue takes `state` as a new card on `today`, counted against the new-card
/// limit.
pub fn counts_as_new(state: &CardState, today: Day) -> bool {
    state.is_available(today) && matches!(placement(state), Placement::New)
}

/// [`build_queue`] for questions given once each, in content order, with their stored state
/// (`None` for a question never answered).
pub fn build_queue_from<'a, 's>(
    cards: impl IntoIterator<Item = (&'a str, Option<&'s CardState>)>,
    now: DateTime<Utc>,
    clock: &DayClock,
    done: DoneToday,
    config: &SchedulerConfig,
) -> Queue {
    let today = clock.day_of(now);
    let learn_ahead_until = now + Duration::seconds(config.learn_ahead_secs.into());
    let new_state = CardState::new();
    let mut due = Vec::new();
    let mut reviews = Vec::new();
    let mut new = Vec::new();
    let mut ahead = Vec::new();
    let mut later_learning: Option<DateTime<Utc>> = None;

    for (id, state) in cards {
        let state = state.unwrap_or(&new_state);
        if !state.is_available(today) {
            continue;
        }
        let entry = |due| QueueEntry {
            card_id: id.to_owned(),
            phase: state.phase,
            due,
        };
        match placement(state) {
            Placement::New => new.push(entry(None)),
            Placement::Learning(at) => {
                if at <= now {
                    due.push(entry(Some(at)));
                } else if at <= learn_ahead_until {
                    ahead.push(entry(Some(at)));
                } else {
                    later_learning = Some(later_learning.map_or(at, |t| t.min(at)));
                }
            }
            Placement::Review(at) => {
                if clock.day_of(at) <= today {
                    reviews.push(entry(Some(at)));
                }
            }
        }
    }

    reviews.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.card_id.cmp(&b.card_id)));
    let review_room = config.reviews_per_day.saturating_sub(done.reviews) as usize;
    let reviews_over_limit = reviews.len().saturating_sub(review_room);
    reviews.truncate(review_room);
    let review_room_left = review_room - reviews.len();
    let new_room =
        (config.new_per_day.saturating_sub(done.new_cards) as usize).min(review_room_left);
    new.truncate(new_room);

    due.extend(reviews);
    due.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.card_id.cmp(&b.card_id)));
    let mut entries = due;
    entries.extend(new);
    ahead.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.card_id.cmp(&b.card_id)));
    if entries.is_empty() {
        entries = ahead;
    } else if let Some(first) = ahead.first() {
        later_learning = Some(later_learning.map_or(first.due.unwrap_or(now), |t| {
            t.min(first.due.unwrap_or(now))
        }));
    }
    Queue {
        entries,
        next_learning_due: later_learning,
        reviews_over_limit: u32::try_from(reviews_over_limit).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::card::{Memory, Rating};
    use chrono::FixedOffset;

    use crate::srs::test_time::at;

    fn clock() -> DayClock {
        DayClock::fixed(FixedOffset::east_opt(0).unwrap(), 4)
    }

    fn card(phase: Phase, due: &str) -> CardState {
        CardState {
            phase,
            step: matches!(phase, Phase::Learning | Phase::Relearning).then_some(0),
            memory: Some(Memory {
                stability: 3.0,
                difficulty: 5.0,
            }),
            due: Some(at(due)),
            last_review: Some(at("2024-01-01T10:00:00Z")),
            reps: 2,
            ..CardState::new()
        }
    }

    fn ids(queue: &Queue) -> Vec<&str> {
        queue.entries.iter().map(|e| e.card_id.as_str()).collect()
    }

    #[test]
    fn due_cards_come_first_by_due_time_then_new_in_content_order() {
        let now = at("2024-01-10T12:00:00Z");
        let states = HashMap::from([
            (
                "r-late".to_owned(),
                card(Phase::Review, "2024-01-10T20:00:00Z"),
            ),
            (
                "r-old".to_owned(),
                card(Phase::Review, "2024-01-08T09:00:00Z"),
            ),
            (
                "l-due".to_owned(),
                card(Phase::Learning, "2024-01-10T11:59:00Z"),
            ),
            (
                "rl-due".to_owned(),
                card(Phase::Relearning, "2024-01-10T11:00:00Z"),
            ),
            (
                "l-later".to_owned(),
                card(Phase::Learning, "2024-01-10T13:00:00Z"),
            ),
            (
                "r-tomorrow".to_owned(),
                card(Phase::Review, "2024-01-11T05:00:00Z"),
            ),
        ]);
        let questions = [
            "n1",
            "r-late",
            "l-due",
            "n2",
            "r-old",
            "rl-due",
            "l-later",
            "r-tomorrow",
            "n3",
        ];
        let queue = build_queue(
            &questions,
            &states,
            now,
            &clock(),
            DoneToday::default(),
            &SchedulerConfig::default(),
        );
        // r-late is due later today but its day has started; r-tomorrow's day has not.
        assert_eq!(
            ids(&queue),
            ["r-old", "rl-due", "l-due", "r-late", "n1", "n2", "n3"]
        );
        assert_eq!(queue.next_learning_due, Some(at("2024-01-10T13:00:00Z")));
        assert_eq!(queue.count(Phase::Learning), 2);
        assert_eq!(queue.count(Phase::Review), 2);
        assert_eq!(queue.count(Phase::New), 3);
    }

    #[test]
    fn review_cards_appear_at_the_rollover_hour() {
        let states = HashMap::from([("r".to_owned(), card(Phase::Review, "2024-01-11T20:00:00Z"))]);
        let config = SchedulerConfig::default();
        let before = build_queue(
            &["r"],
            &states,
            at("2024-01-11T03:59:00Z"),
            &clock(),
            DoneToday::default(),
            &config,
        );
        let after = build_queue(
            &["r"],
            &states,
            at("2024-01-11T04:00:00Z"),
            &clock(),
            DoneToday::default(),
            &config,
        );
        assert!(before.is_empty());
        assert_eq!(ids(&after), ["r"]);
    }

    #[test]
    fn limits_count_what_was_done_today() {
        let config = SchedulerConfig {
            new_per_day: 3,
            reviews_per_day: 4,
            ..SchedulerConfig::default()
        };
        let now = at("2024-01-10T12:00:00Z");
        let mut states = HashMap::new();
        let mut questions = Vec::new();
        for n in 0..3 {
            let id = format!("r{n}");
            states.insert(id.clone(), card(Phase::Review, "2024-01-09T12:00:00Z"));
            questions.push(id);
        }
        for n in 0..5 {
            questions.push(format!("n{n}"));
        }
        let fresh = build_queue(
            &questions,
            &states,
            now,
            &clock(),
            DoneToday::default(),
            &config,
        );
        // 3 reviews leave room for 1 new card under the review limit of 4.
        assert_eq!(ids(&fresh), ["r0", "r1", "r2", "n0"]);

        let done = DoneToday {
            new_cards: 2,
            reviews: 1,
            learning: 5,
        };
        let later = build_queue(&questions, &states, now, &clock(), done, &config);
        assert_eq!(ids(&later), ["r0", "r1", "r2"]);

        let done = DoneToday {
            new_cards: 0,
            reviews: 2,
            learning: 0,
        };
        let capped = build_queue(&questions, &states, now, &clock(), done, &config);
        assert_eq!(ids(&capped), ["r0", "r1"]);
        assert_eq!(capped.reviews_over_limit, 1);
    }

    #[test]
    fn suspended_and_buried_cards_are_skipped() {
        let now = at("2024-01-10T12:00:00Z");
        let today = clock().day_of(now);
        let states = HashMap::from([
            (
                "s".to_owned(),
                card(Phase::Review, "2024-01-09T12:00:00Z").suspended(),
            ),
            (
                "b".to_owned(),
                card(Phase::Review, "2024-01-09T12:00:00Z").buried(today),
            ),
            (
                "old-bury".to_owned(),
                card(Phase::Review, "2024-01-09T12:00:00Z").buried(today.plus(-1)),
            ),
            ("ns".to_owned(), CardState::new().suspended()),
        ]);
        let queue = build_queue(
            &["s", "b", "old-bury", "ns", "s"],
            &states,
            now,
            &clock(),
            DoneToday::default(),
            &SchedulerConfig::default(),
        );
        assert_eq!(ids(&queue), ["old-bury"]);
    }

    #[test]
    fn learn_ahead_only_when_nothing_else_is_left() {
        let now = at("2024-01-10T12:00:00Z");
        let states = HashMap::from([(
            "l".to_owned(),
            card(Phase::Learning, "2024-01-10T12:15:00Z"),
        )]);
        let config = SchedulerConfig::default();
        let alone = build_queue(
            &["l"],
            &states,
            now,
            &clock(),
            DoneToday::default(),
            &config,
        );
        assert_eq!(ids(&alone), ["l"]);
        let with_new = build_queue(
            &["l", "n"],
            &states,
            now,
            &clock(),
            DoneToday::default(),
            &config,
        );
        assert_eq!(ids(&with_new), ["n"]);
        assert_eq!(with_new.next_learning_due, Some(at("2024-01-10T12:15:00Z")));
        let far = build_queue(
            &["l"],
            &states,
            at("2024-01-10T11:00:00Z"),
            &clock(),
            DoneToday::default(),
            &config,
        );
        assert!(far.is_empty());
        assert_eq!(far.next_learning_due, Some(at("2024-01-10T12:15:00Z")));
    }

    #[test]
    fn done_today_counts_by_phase_before_the_answer() {
        let clock = clock();
        let today = clock.day_of(at("2024-01-10T12:00:00Z"));
        let record = |id: &str, phase: Phase, time: &str| ReviewRecord {
            id: 0,
            card_id: id.to_owned(),
            reviewed_at: at(time),
            rating: Rating::Good,
            elapsed_days: None,
            duration_ms: 1000,
            drill: false,
            overridden: false,
            before: CardState {
                phase,
                ..CardState::new()
            },
            after: CardState::new(),
        };
        let records = [
            record("a", Phase::New, "2024-01-10T05:00:00Z"),
            record("a", Phase::New, "2024-01-10T05:01:00Z"),
            record("b", Phase::New, "2024-01-10T05:00:00Z"),
            record("a", Phase::Learning, "2024-01-10T05:10:00Z"),
            record("c", Phase::Review, "2024-01-11T03:59:00Z"),
            record("d", Phase::Review, "2024-01-10T03:59:00Z"),
        ];
        assert_eq!(
            DoneToday::from_records(&records, &clock, today),
            DoneToday {
                new_cards: 2,
                reviews: 1,
                learning: 1
            }
        );
    }
}
