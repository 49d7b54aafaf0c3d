//! Custom study: which cards a practice session outside the schedule asks. A custom study
//! writes nothing (no answer, no card state), so it can neither reschedule a card nor use the
//! day's new-card allowance; this module only chooses its cards.
//!
//! - A topic: its cards, weakest first as in a drill ([`drill_order`]); suspended cards and
//!   cards buried today are left out, new cards are included (they stay new).
//! - Missed today: cards with an answer rated Again (a wrong answer is always Again) during
//!   the current study day, which starts at the profile's rollover hour; in the order they
//!   were first missed; suspended cards are left out.
//! - Leeches: every card tagged as a leech, suspended or not (the leech action may have
//!   suspended it, and practising it is the point), in course order.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::card::{CardState, Rating};
use super::day::DayClock;
use super::drill::{DrillCandidate, drill_order};
use super::log::ReviewRecord;
use super::scheduler::Scheduler;

/// The kinds of custom study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomStudy {
    /// The cards of one topic (its name, compared ignoring case).
    Topic(String),
    /// The cards answered wrong (rated Again) today.
    MissedToday,
    /// The cards tagged as leeches.
    Leeches,
}

impl CustomStudy {
    /// A short name for titles and messages, e.g. `topic caching` or `missed today`.
    pub fn label(&self) -> String {
        match self {
            CustomStudy::Topic(topic) => format!("topic {topic}"),
            CustomStudy::MissedToday => "missed today".to_owned(),
            CustomStudy::Leeches => "leeches".to_owned(),
        }
    }

    /// What an empty selection means, as a sentence.
    pub fn nothing(&self) -> String {
        match self {
            CustomStudy::Topic(topic) => {
                format!("Topic {topic} has no card to study (its cards are suspended or buried).")
            }
            CustomStudy::MissedToday => "No card was missed today.".to_owned(),
            CustomStudy::Leeches => "No card is a leech.".to_owned(),
        }
    }
}

/// Everything the choice depends on: the questions (course order), the stored card states,
/// the answers logged (at least those of today), the scheduler for recall, the day clock and
/// the time.
pub struct StudyPool<'a> {
    /// The scheduled questions, in course order.
    pub candidates: &'a [DrillCandidate<'a>],
    /// Stored card states by question id (a question without one is new).
    pub states: &'a HashMap<String, CardState>,
    /// Logged answers; only those of the current study day count.
    pub log: &'a [ReviewRecord],
    /// For the predicted recall that orders a topic.
    pub scheduler: &'a Scheduler,
    /// The profile's study days.
    pub clock: DayClock,
    /// Now.
    pub now: DateTime<Utc>,
}

impl StudyPool<'_> {
    /// The ids of the cards a custom study of `kind` asks, in the order it asks them.
    pub fn cards(&self, kind: &CustomStudy) -> Vec<String> {
        match kind {
            CustomStudy::Topic(topic) => self.topic(topic),
            CustomStudy::MissedToday => self.missed_today(),
            CustomStudy::Leeches => self.leeches(),
        }
    }

    fn state(&self, id: &str) -> Option<&CardState> {
        self.states.get(id)
    }

    fn topic(&self, topic: &str) -> Vec<String> {
        let today = self.clock.day_of(self.now);
        let chosen: Vec<DrillCandidate<'_>> = self
            .candidates
            .iter()
            .filter(|c| c.topic.eq_ignore_ascii_case(topic))
            .filter(|c| self.state(c.id).is_none_or(|s| s.is_available(today)))
            .copied()
            .collect();
        drill_order(&chosen, self.states, self.scheduler, self.now)
            .into_iter()
            .map(|c| c.id.to_owned())
            .collect()
    }

    fn missed_today(&self) -> Vec<String> {
        let (start, end) = self.clock.bounds(self.clock.day_of(self.now));
        let known: HashSet<&str> = self.candidates.iter().map(|c| c.id).collect();
        let mut seen = HashSet::new();
        let mut missed = Vec::new();
        let mut log: Vec<&ReviewRecord> = self
            .log
            .iter()
            .filter(|r| r.rating == Rating::Again && start <= r.reviewed_at && r.reviewed_at < end)
            .collect();
        log.sort_by_key(|r| (r.reviewed_at, r.id));
        for record in log {
            let id = record.card_id.as_str();
            let suspended = self.state(id).is_some_and(|s| s.suspended);
            if known.contains(id) && !suspended && seen.insert(id) {
                missed.push(id.to_owned());
            }
        }
        missed
    }

    fn leeches(&self) -> Vec<String> {
        self.candidates
            .iter()
            .filter(|c| self.state(c.id).is_some_and(|s| s.leech))
            .map(|c| c.id.to_owned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::SchedulerConfig;
    use crate::srs::test_time::at;

    fn scheduler() -> Scheduler {
        Scheduler::new(SchedulerConfig {
            enable_fuzz: false,
            ..SchedulerConfig::default()
        })
        .expect("scheduler")
    }

    const CANDIDATES: [DrillCandidate<'static>; 5] = [
        DrillCandidate {
            id: "a",
            topic: "caching",
        },
        DrillCandidate {
            id: "b",
            topic: "Caching",
        },
        DrillCandidate {
            id: "c",
            topic: "distroless",
        },
        DrillCandidate {
            id: "d",
            topic: "distroless",
        },
        DrillCandidate {
            id: "e",
            topic: "caching",
        },
    ];

    fn answer(id: i64, card: &str, rating: Rating, when: &str) -> ReviewRecord {
        ReviewRecord {
            id,
            card_id: card.to_owned(),
            reviewed_at: at(when),
            rating,
            elapsed_days: None,
            duration_ms: 1000,
            drill: false,
            before: CardState::new(),
            after: CardState::new(),
            overridden: false,
        }
    }

    fn pool<'a>(
        states: &'a HashMap<String, CardState>,
        log: &'a [ReviewRecord],
        scheduler: &'a Scheduler,
        now: &str,
    ) -> StudyPool<'a> {
        StudyPool {
            candidates: &CANDIDATES,
            states,
            log,
            scheduler,
            clock: DayClock::utc(4),
            now: at(now),
        }
    }

    #[test]
    fn a_topic_is_its_available_cards_weakest_first_new_ones_included() {
        let scheduler = scheduler();
        let learnt = scheduler
            .replay("a", &[(Rating::Easy, at("2026-11-20T09:00:00Z"))])
            .expect("replay");
        let today = DayClock::utc(4).day_of(at("2026-11-20T10:00:00Z"));
        let states = HashMap::from([
            ("a".to_owned(), learnt),
            ("b".to_owned(), CardState::new().suspended()),
            ("e".to_owned(), CardState::new().buried(today)),
        ]);
        let pool = pool(&states, &[], &scheduler, "2026-11-20T10:00:00Z");
        // b is suspended, e buried today; c and d are another topic.
        assert_eq!(pool.cards(&CustomStudy::Topic("CACHING".into())), ["a"]);
        // New cards (recall 0) come first.
        let states = HashMap::from([("c".to_owned(), states["a"].clone())]);
        let pool = StudyPool {
            states: &states,
            ..pool
        };
        assert_eq!(
            pool.cards(&CustomStudy::Topic("distroless".into())),
            ["d", "c"]
        );
        assert!(pool.cards(&CustomStudy::Topic("none".into())).is_empty());
    }

    #[test]
    fn missed_today_counts_from_the_rollover_hour_first_miss_first() {
        let scheduler = scheduler();
        let states = HashMap::from([("d".to_owned(), CardState::new().suspended())]);
        let log = [
            // Before 04:00 UTC: yesterday's study day.
            answer(1, "a", Rating::Again, "2026-11-20T03:59:59Z"),
            answer(2, "c", Rating::Again, "2026-11-20T04:00:00Z"),
            answer(3, "b", Rating::Good, "2026-11-20T05:00:00Z"),
            answer(4, "e", Rating::Again, "2026-11-20T06:00:00Z"),
            answer(5, "c", Rating::Again, "2026-11-20T07:00:00Z"),
            // Suspended since: left out.
            answer(6, "d", Rating::Again, "2026-11-20T08:00:00Z"),
            // A card no longer loaded: left out.
            answer(7, "gone", Rating::Again, "2026-11-20T08:30:00Z"),
            // After now (a clock set back) is still today until the next 04:00.
            answer(8, "b", Rating::Again, "2026-11-21T03:00:00Z"),
            answer(9, "a", Rating::Again, "2026-11-21T04:00:00Z"),
        ];
        let pool = pool(&states, &log, &scheduler, "2026-11-20T10:00:00Z");
        assert_eq!(pool.cards(&CustomStudy::MissedToday), ["c", "e", "b"]);
        // At 03:00 the next morning it is still the same study day; at 04:00 a new one.
        let pool_late = StudyPool {
            now: at("2026-11-21T03:00:00Z"),
            ..pool
        };
        assert_eq!(pool_late.cards(&CustomStudy::MissedToday), ["c", "e", "b"]);
        let pool_next = StudyPool {
            now: at("2026-11-21T04:00:00Z"),
            ..pool_late
        };
        assert_eq!(pool_next.cards(&CustomStudy::MissedToday), ["a"]);
        // With the rollover at midnight, 03:59 belongs to the 20th too.
        let midnight = StudyPool {
            clock: DayClock::utc(0),
            now: at("2026-11-20T10:00:00Z"),
            ..pool_next
        };
        assert_eq!(midnight.cards(&CustomStudy::MissedToday), ["a", "c", "e"]);
    }

    #[test]
    fn leeches_are_every_tagged_card_suspended_or_not_in_course_order() {
        let scheduler = scheduler();
        let leech = CardState {
            leech: true,
            ..CardState::new()
        };
        let states = HashMap::from([
            ("d".to_owned(), leech.clone().suspended()),
            ("b".to_owned(), leech),
            ("a".to_owned(), CardState::new()),
        ]);
        let pool = pool(&states, &[], &scheduler, "2026-11-20T10:00:00Z");
        assert_eq!(pool.cards(&CustomStudy::Leeches), ["b", "d"]);
    }
}
