//! The study queue and today's counts, read with queries that touch only the rows they need,
//! so that they stay fast with a hundred thousand cards and a million answers.
//!
//! The queue needs three things from the database:
//!
//! * the cards that can be studied today: every card not in review (new rows, learning,
//!   relearning) and the review cards due before tomorrow. One range read of the covering
//!   index `cards_queue` gives them without touching the table;
//! * which questions of the content have no card yet, in content order, but only until there
//!   are as many new cards as today's limit allows. Those are looked up by id, a few at a time;
//!   when many lookups find nothing new (a long pack studied far), one pass over the index of
//!   stored ids answers for the rest;
//! * what was done today, from the time index of the review log.
//!
//! Every other card (a review due after today) cannot be in the queue and is never read.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, params_from_iter};

use super::rows::{from_ms, queue_card_from_row, to_ms};
use super::{Store, StoreError};
use crate::srs::{
    CardState, DayClock, DoneToday, Phase, Queue, SchedulerConfig, build_queue_from, queue,
};

/// A review card due at least this long after the start of tomorrow cannot be due today, even
/// across a daylight-saving change of the day's length.
const NOT_TODAY_MARGIN_HOURS: i64 = 3;

/// How questions without a known card are looked up.
#[derive(Debug, Clone, Copy)]
struct Lookups {
    /// Questions looked up by id before the rest are answered by one pass over the stored ids.
    before_scan: usize,
    /// Ids in the first lookup query; each later query doubles, up to `MAX_IDS_PER_QUERY`.
    first_per_query: usize,
}

/// A lookup costs about as much as reading eight ids in the pass over stored ids (0.8 µs
/// against 0.1 µs), so when few questions are new, 3000 lookups cost at most a quarter of that
/// pass over 100k cards. The first query is small, since a few questions often hold enough new
/// ones.
const LOOKUPS: Lookups = Lookups {
    before_scan: 3_000,
    first_per_query: 32,
};

/// The most ids in one lookup query.
const MAX_IDS_PER_QUERY: usize = 512;

/// The cards that may be studied today (see [`Store::cards_maybe_today`]): three terms on the
/// same index, so that SQLite reads three ranges of it. Parameters: the codes of the new,
/// learning, relearning and review phases, and the due time from which a review card is not
/// due today.
const MAYBE_TODAY: &str = "SELECT question_id, phase, due_ms, suspended, buried_day FROM cards \
                           WHERE phase IN (?1, ?2, ?3) \
                           OR (phase = ?4 AND due_ms < ?5) \
                           OR (phase = ?4 AND due_ms IS NULL)";

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

impl Store {
    /// What was studied on the study day containing `now`.
    pub fn done_today(
        &self,
        now: DateTime<Utc>,
        clock: &DayClock,
    ) -> Result<DoneToday, StoreError> {
        let today = clock.day_of(now);
        let (start, end) = clock.bounds(today);
        let mut stmt = self
            .conn
            .prepare_cached(
                // No ORDER BY: the counts do not depend on the order, and sorting by id would
                // make SQLite walk the whole log in id order instead of the time index.
                "SELECT question_id, reviewed_at_ms, phase_before FROM review_log \
                 WHERE reviewed_at_ms >= ?1 AND reviewed_at_ms < ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([to_ms(start), to_ms(end)], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        let mut answers = Vec::with_capacity(rows.len());
        for (id, ms, phase) in &rows {
            let decode = |what, detail: String| StoreError::Decode {
                path: self.path.clone(),
                what,
                detail,
            };
            let at = from_ms(*ms)
                .ok_or_else(|| decode("review time", format!("{ms} is not a valid time")))?;
            let phase = Phase::from_code(*phase)
                .ok_or_else(|| decode("review phase", format!("unknown phase {phase} for {id}")))?;
            answers.push((id.as_str(), at, phase));
        }
        Ok(DoneToday::from_answers(answers, clock, today))
    }

    /// The study queue for `now`: due cards, then new ones within today's remaining limits.
    /// `question_ids` are all questions of the loaded content, in content order; a question
    /// listed twice counts once, and cards of questions not listed are ignored.
    pub fn due_queue<S: AsRef<str>>(
        &self,
        question_ids: &[S],
        now: DateTime<Utc>,
        clock: &DayClock,
        config: &SchedulerConfig,
    ) -> Result<Queue, StoreError> {
        self.due_queue_with(question_ids, now, clock, config, LOOKUPS)
    }

    /// [`Store::due_queue`], looking up questions as `lookups` says.
    fn due_queue_with<S: AsRef<str>>(
        &self,
        question_ids: &[S],
        now: DateTime<Utc>,
        clock: &DayClock,
        config: &SchedulerConfig,
        lookups: Lookups,
    ) -> Result<Queue, StoreError> {
        let done = self.done_today(now, clock)?;
        let today = clock.day_of(now);
        let mut candidates = self.cards_maybe_today(now, clock)?;
        let new_wanted = config.new_per_day.saturating_sub(done.new_cards) as usize;

        let mut walk = Walk::default();
        walk.places.reserve(question_ids.len());
        walk.walked.reserve(question_ids.len());
        let mut per_query = lookups.first_per_query;
        for id in question_ids.iter().map(AsRef::as_ref) {
            if let Some(state) = candidates.remove(id) {
                walk.new_found += usize::from(queue::counts_as_new(&state, today));
                walk.places.insert(id.as_bytes(), walk.walked.len());
                walk.walked.push((id, Slot::Card(walk.cards.len())));
                walk.cards.push(state);
                continue;
            }
            // Past enough new questions, the others without a card cannot be in the queue.
            if walk.new_found >= new_wanted {
                continue;
            }
            let Entry::Vacant(place) = walk.places.entry(id.as_bytes()) else {
                continue; // listed twice
            };
            place.insert(walk.walked.len());
            if walk.lookups < lookups.before_scan {
                walk.pending.push(walk.walked.len());
                walk.lookups += 1;
            }
            walk.walked.push((id, Slot::Unknown));
            if walk.pending.len() >= per_query {
                self.look_up_pending(&mut walk)?;
                per_query = (per_query * 2).min(MAX_IDS_PER_QUERY);
            }
        }
        self.look_up_pending(&mut walk)?;
        if walk
            .walked
            .iter()
            .any(|(_, slot)| matches!(slot, Slot::Unknown))
        {
            self.mark_stored_by_scan(&mut walk)?;
        }
        let states = walk.walked.iter().filter_map(|(id, slot)| match slot {
            Slot::Card(n) => Some((*id, walk.cards.get(*n))),
            Slot::Stored => None,
            Slot::NoCard | Slot::Unknown => Some((*id, None)),
        });
        Ok(build_queue_from(states, now, clock, done, config))
    }

    /// Looks up the questions of `walk.pending` by id: each is stored or has no card.
    fn look_up_pending(&self, walk: &mut Walk<'_>) -> Result<(), StoreError> {
        if walk.pending.is_empty() {
            return Ok(());
        }
        let marks = vec!["?"; walk.pending.len()].join(", ");
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT question_id FROM cards WHERE question_id IN ({marks})"
            ))
            .map_err(|e| self.err(e))?;
        let ids = walk.pending.iter().map(|&place| walk.walked[place].0);
        let mut rows = stmt.query(params_from_iter(ids)).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let id = row.get_ref(0).map_err(|e| self.err(e))?;
            if let Some(&place) = id.as_bytes().ok().and_then(|id| walk.places.get(id)) {
                walk.walked[place].1 = Slot::Stored;
            }
        }
        for place in walk.pending.drain(..) {
            let slot = &mut walk.walked[place].1;
            if matches!(slot, Slot::Unknown) {
                *slot = Slot::NoCard;
                walk.new_found += 1;
            }
        }
        Ok(())
    }

    /// Marks the questions of `walk` that have a card but were not looked up: one pass over the
    /// index of stored question ids.
    fn mark_stored_by_scan(&self, walk: &mut Walk<'_>) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT question_id FROM cards")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let id = row.get_ref(0).map_err(|e| self.err(e))?;
            if let Some(&place) = id.as_bytes().ok().and_then(|id| walk.places.get(id)) {
                let slot = &mut walk.walked[place].1;
                if matches!(slot, Slot::Unknown) {
                    *slot = Slot::Stored;
                }
            }
        }
        Ok(())
    }

    /// Every card that may be studied on the day of `now`, by question id, with the fields
    /// the queue reads (phase, due time, suspension, burial): all cards not in review, and
    /// review cards due before the start of tomorrow (plus a margin).
    fn cards_maybe_today(
        &self,
        now: DateTime<Utc>,
        clock: &DayClock,
    ) -> Result<FastMap<String, CardState>, StoreError> {
        let tomorrow = clock.start_of(clock.day_of(now).plus(1));
        let not_today_from = to_ms(tomorrow + Duration::hours(NOT_TODAY_MARGIN_HOURS));
        let mut stmt = self
            .conn
            .prepare_cached(MAYBE_TODAY)
            .map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(params![
                Phase::New.code(),
                Phase::Learning.code(),
                Phase::Relearning.code(),
                Phase::Review.code(),
                not_today_from
            ])
            .map_err(|e| self.err(e))?;
        let mut cards = FastMap::default();
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let (id, state) =
                queue_card_from_row(row).map_err(|e| e.into_store_error(&self.path))?;
            cards.insert(id, state);
        }
        Ok(cards)
    }
}

/// The questions of the content that may be in the queue, gathered in content order.
#[derive(Default)]
struct Walk<'a> {
    /// Each question once, with what is known of it.
    walked: Vec<(&'a str, Slot)>,
    /// The place of each question in `walked`.
    places: FastMap<&'a [u8], usize>,
    /// The cards that may be studied today, as `Slot::Card` numbers them.
    cards: Vec<CardState>,
    /// Places in `walked` of the questions to look up next.
    pending: Vec<usize>,
    /// Questions looked up by id so far.
    lookups: usize,
    /// New questions found so far (without a card, or with a new card available today).
    new_found: usize,
}

/// What the walk over the content found for one question.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// A card that may be studied today: the n-th of `Walk::cards`.
    Card(usize),
    /// It has no card: a new question.
    NoCard,
    /// It has a card that cannot be studied today.
    Stored,
    /// Not known yet; without a card unless a lookup or the pass over stored ids finds one.
    Unknown,
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;
    use crate::srs::{Day, Memory, build_queue};

    use crate::srs::test_time::at;

    /// Cards in every situation around `now`: due, due later today, tomorrow, far ahead,
    /// learning now and later, suspended, buried today and earlier, new with a row.
    fn varied_store(dir: &std::path::Path, now: DateTime<Utc>, today: Day) -> Vec<String> {
        let store = Store::open(dir, "default").unwrap();
        let mut ids = Vec::new();
        let offsets_hours = [-72, -5, -1, 0, 3, 10, 17, 20, 23, 26, 30, 48, 400];
        for (n, hours) in offsets_hours.iter().enumerate() {
            for (k, phase) in Phase::ALL.into_iter().enumerate() {
                for variant in 0..4 {
                    let id = format!("c{n}-{k}-{variant}");
                    let mut state = CardState {
                        phase,
                        step: matches!(phase, Phase::Learning | Phase::Relearning).then_some(0),
                        memory: (phase != Phase::New).then_some(Memory {
                            stability: 4.0,
                            difficulty: 5.0,
                        }),
                        due: (phase != Phase::New).then(|| now + Duration::hours(*hours)),
                        last_review: (phase != Phase::New).then(|| now - Duration::days(3)),
                        reps: u32::from(phase != Phase::New),
                        ..CardState::new()
                    };
                    match variant {
                        1 => state = state.suspended(),
                        2 => state = state.buried(today),
                        3 => state = state.buried(today.plus(-1)),
                        _ => {}
                    }
                    store.put_card_state(&id, &state).unwrap();
                    ids.push(id);
                }
            }
        }
        // Questions with no stored card, between the others.
        for n in 0..30 {
            ids.insert(n * 7, format!("fresh-{n}"));
        }
        ids
    }

    #[test]
    fn the_narrow_reads_give_the_same_queue_as_all_card_states() {
        let dir = tempfile::tempdir().unwrap();
        let clock = DayClock::fixed(FixedOffset::east_opt(3600).unwrap(), 4);
        let now = at("2024-03-10T15:00:00Z");
        let ids = varied_store(dir.path(), now, clock.day_of(now));
        let store = Store::open(dir.path(), "default").unwrap();
        let all = store.card_states().unwrap();
        let done = store.done_today(now, &clock).unwrap();
        let mut twice = ids.clone();
        twice.extend(ids.iter().rev().cloned());
        let subsets = [
            ids.clone(),
            ids.iter().step_by(13).cloned().collect(),
            ids.iter().rev().cloned().collect(),
            twice,
        ];
        for new_per_day in [0, 3, 7, 500] {
            let config = SchedulerConfig {
                new_per_day,
                reviews_per_day: 1000,
                ..SchedulerConfig::default()
            };
            for subset in &subsets {
                let expected = build_queue(subset, &all, now, &clock, done, &config);
                assert!(!expected.entries.is_empty());
                // Lookups only, a pass over the stored ids only, and a switch half-way.
                for before_scan in [usize::MAX, 0, 5] {
                    for first_per_query in [1, 32] {
                        let lookups = Lookups {
                            before_scan,
                            first_per_query,
                        };
                        let got = store
                            .due_queue_with(subset, now, &clock, &config, lookups)
                            .unwrap();
                        assert_eq!(got, expected, "{new_per_day} new a day, {lookups:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_queue_reads_only_the_covering_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {MAYBE_TODAY}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(params![0, 1, 3, 2, 0], |row| row.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let searches: Vec<&String> = plan.iter().filter(|s| s.contains("cards")).collect();
        assert_eq!(searches.len(), 3, "{plan:?}");
        for step in searches {
            assert!(
                step.starts_with("SEARCH cards USING COVERING INDEX cards_queue"),
                "{plan:?}"
            );
        }
    }

    #[test]
    fn done_today_reads_the_phase_column() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let scheduler = crate::srs::Scheduler::new(SchedulerConfig::default()).unwrap();
        let clock = DayClock::fixed(FixedOffset::east_opt(0).unwrap(), 4);
        let now = at("2024-01-02T10:00:00Z");
        let mut state = CardState::new();
        for minutes in [120, 60, 5] {
            let answer = scheduler
                .answer(
                    "q",
                    &state,
                    crate::srs::Rating::Good,
                    now - Duration::minutes(minutes),
                )
                .unwrap();
            store.record_answer(&answer, 1000, false).unwrap();
            state = answer.after;
        }
        let log = store.review_log().unwrap();
        assert_eq!(
            store.done_today(now, &clock).unwrap(),
            DoneToday::from_records(&log, &clock, clock.day_of(now))
        );
    }
}

#[cfg(test)]
mod props {
    use chrono::FixedOffset;
    use proptest::prelude::*;

    use super::*;
    use crate::srs::{Memory, build_queue};

    use crate::srs::test_time::at;

    /// One stored card: phase, due offset in hours from now, suspended, buried (0 no,
    /// 1 today, 2 yesterday).
    type CardSpec = (usize, i64, bool, u8);

    fn card_spec() -> impl Strategy<Value = CardSpec> {
        (0..4usize, -60i64..60, any::<bool>(), 0..3u8)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever the cards, the content order (with repeats and questions without a card)
        /// and the limits, the queue read from the index equals the queue built from every
        /// stored card.
        #[test]
        fn the_index_reads_agree_with_all_card_states(
            cards in proptest::collection::vec(proptest::option::of(card_spec()), 1..40),
            order in proptest::collection::vec(0..50usize, 0..70),
            new_per_day in 0..8u32,
            before_scan in prop_oneof![Just(usize::MAX), 0..6usize],
            first_per_query in 1..4usize,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(dir.path(), "default").unwrap();
            let clock = DayClock::fixed(FixedOffset::east_opt(0).unwrap(), 4);
            let now = at("2024-05-05T12:00:00Z");
            let today = clock.day_of(now);
            for (n, spec) in cards.iter().enumerate() {
                let Some((phase, hours, suspended, buried)) = *spec else { continue };
                let phase = Phase::ALL[phase];
                let mut state = CardState {
                    phase,
                    step: matches!(phase, Phase::Learning | Phase::Relearning).then_some(0),
                    memory: (phase != Phase::New).then_some(Memory { stability: 2.0, difficulty: 6.0 }),
                    due: (phase != Phase::New).then(|| now + Duration::hours(hours)),
                    last_review: (phase != Phase::New).then(|| now - Duration::days(2)),
                    suspended,
                    ..CardState::new()
                };
                match buried {
                    1 => state = state.buried(today),
                    2 => state = state.buried(today.plus(-1)),
                    _ => {}
                }
                store.put_card_state(&format!("q{n}"), &state).unwrap();
            }
            // Ids past the cards have none; cards not named in `order` are not in the content.
            let content: Vec<String> = order.iter().map(|n| format!("q{n}")).collect();
            let config = SchedulerConfig { new_per_day, reviews_per_day: 6, ..SchedulerConfig::default() };
            let all = store.card_states().unwrap();
            let done = store.done_today(now, &clock).unwrap();
            let expected = build_queue(&content, &all, now, &clock, done, &config);
            let lookups = Lookups { before_scan, first_per_query };
            let got = store.due_queue_with(&content, now, &clock, &config, lookups).unwrap();
            prop_assert_eq!(got, expected);
        }
    }
}
