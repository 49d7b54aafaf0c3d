//! The study queue and today's counts, read with queries that touch only the rows they need,
//! so that they stay fast with a hundred thousand cards and a million answers.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::params_from_iter;

use super::rows::{card_from_row, from_ms, to_ms};
use super::{CARD_COLUMNS, Store, StoreError};
use crate::srs::{
    CardState, DayClock, DoneToday, Phase, Queue, SchedulerConfig, build_queue, build_queue_from,
};

/// What the scan found for one question: no stored card (a new question).
const MISSING: u32 = 0;
/// Suspended, or a review card due after today: never in today's queue.
const NOT_TODAY: u32 = 1;
/// A card that may be due today: `CARD + n` is the n-th of those read.
const CARD: u32 = 2;

/// Question ids looked up per `IN (...)` query.
const IDS_PER_QUERY: usize = 500;

/// A review card due at least this long after the start of tomorrow cannot be due today, even
/// across a daylight-saving change of the day's length.
const NOT_TODAY_MARGIN_HOURS: i64 = 3;

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
    /// `question_ids` are all questions of the loaded content, in content order.
    ///
    /// Only the cards of those questions are read; with many of them, only the cards that can
    /// be studied today are decoded.
    pub fn due_queue<S: AsRef<str>>(
        &self,
        question_ids: &[S],
        now: DateTime<Utc>,
        clock: &DayClock,
        config: &SchedulerConfig,
    ) -> Result<Queue, StoreError> {
        let done = self.done_today(now, clock)?;
        let stored = self.card_count_estimate()?;
        if question_ids.len().saturating_mul(8) <= stored {
            let states = self.card_states_of(question_ids)?;
            return Ok(build_queue(question_ids, &states, now, clock, done, config));
        }
        let tomorrow = clock.start_of(clock.day_of(now).plus(1));
        let not_today_from = to_ms(tomorrow + Duration::hours(NOT_TODAY_MARGIN_HOURS));
        // Each question once, in content order, and its place in that order.
        let mut place: HashMap<&str, usize, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(question_ids.len(), Default::default());
        let mut order: Vec<&str> = Vec::with_capacity(question_ids.len());
        for id in question_ids.iter().map(AsRef::as_ref) {
            place.entry(id).or_insert_with(|| {
                order.push(id);
                order.len() - 1
            });
        }
        // One small number per question (see MISSING); the few states read go in `cards`.
        let mut slots: Vec<u32> = vec![MISSING; order.len()];
        let mut cards: Vec<CardState> = Vec::new();
        // First pass: four narrow columns of every card, to see which may be due today.
        let mut maybe_today: Vec<(i64, usize)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT question_id, phase, due_ms, suspended, rowid FROM cards")
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
            let review = Phase::Review.code();
            while let Some(row) = rows.next().map_err(|e| self.err(e))? {
                let id = row.get_ref(0).map_err(|e| self.err(e))?;
                let Some(&at) = id.as_str().ok().and_then(|id| place.get(id)) else {
                    continue;
                };
                let phase: i64 = row.get(1).map_err(|e| self.err(e))?;
                let due: Option<i64> = row.get(2).map_err(|e| self.err(e))?;
                let suspended: bool = row.get(3).map_err(|e| self.err(e))?;
                if suspended || (phase == review && due.is_some_and(|d| d >= not_today_from)) {
                    slots[at] = NOT_TODAY;
                } else {
                    maybe_today.push((row.get(4).map_err(|e| self.err(e))?, at));
                }
            }
        }
        // Second pass: the whole state of those few, by row id.
        for chunk in maybe_today.chunks(IDS_PER_QUERY) {
            let slot_of: HashMap<i64, usize> = chunk.iter().copied().collect();
            let marks = vec!["?"; chunk.len()].join(", ");
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {CARD_COLUMNS}, rowid FROM cards WHERE rowid IN ({marks})"
                ))
                .map_err(|e| self.err(e))?;
            let mut rows = stmt
                .query(params_from_iter(chunk.iter().map(|(rowid, _)| rowid)))
                .map_err(|e| self.err(e))?;
            while let Some(row) = rows.next().map_err(|e| self.err(e))? {
                let rowid: i64 = row.get(12).map_err(|e| self.err(e))?;
                let (_, state) = card_from_row(row).map_err(|e| e.into_store_error(&self.path))?;
                if let Some(&at) = slot_of.get(&rowid) {
                    slots[at] = CARD.saturating_add(u32::try_from(cards.len()).unwrap_or(u32::MAX));
                    cards.push(state);
                }
            }
        }
        // Stands for every card left out above: the queue skips it just as it skips them.
        let skipped = CardState::new().suspended();
        let states = order.iter().zip(&slots).map(|(id, &slot)| {
            let state = match slot {
                MISSING => None,
                NOT_TODAY => Some(&skipped),
                n => cards.get((n - CARD) as usize),
            };
            (*id, state)
        });
        Ok(build_queue_from(states, now, clock, done, config))
    }

    /// About how many cards are stored (the largest row id: cheap, and never too small).
    fn card_count_estimate(&self) -> Result<usize, StoreError> {
        let max: Option<i64> = self
            .conn
            .query_row("SELECT max(rowid) FROM cards", [], |row| row.get(0))
            .map_err(|e| self.err(e))?;
        Ok(max.and_then(|m| usize::try_from(m).ok()).unwrap_or(0))
    }

    /// The stored states of the given questions.
    fn card_states_of<S: AsRef<str>>(
        &self,
        question_ids: &[S],
    ) -> Result<HashMap<String, CardState>, StoreError> {
        let mut states = HashMap::new();
        for chunk in question_ids.chunks(IDS_PER_QUERY) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {CARD_COLUMNS} FROM cards WHERE question_id IN ({marks})"
                ))
                .map_err(|e| self.err(e))?;
            let decoded = stmt
                .query_map(params_from_iter(chunk.iter().map(AsRef::as_ref)), |row| {
                    Ok(card_from_row(row))
                })
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| self.err(e))?;
            for row in decoded {
                let (id, state) = row.map_err(|e| e.into_store_error(&self.path))?;
                states.insert(id, state);
            }
        }
        Ok(states)
    }
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;
    use crate::srs::{Day, Memory};

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
        let config = SchedulerConfig {
            new_per_day: 7,
            reviews_per_day: 1000,
            ..SchedulerConfig::default()
        };
        let all = store.card_states().unwrap();
        let done = store.done_today(now, &clock).unwrap();
        // All questions (every card read, only today's decoded) and a few (looked up by id).
        for subset in [ids.clone(), ids.iter().step_by(13).cloned().collect()] {
            let expected = build_queue(&subset, &all, now, &clock, done, &config);
            let got = store.due_queue(&subset, now, &clock, &config).unwrap();
            assert_eq!(got, expected);
            assert!(!got.entries.is_empty());
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
