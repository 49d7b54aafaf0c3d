//! The review log as the statistics read it: a million answers in well under a second, by
//! reading plain columns and, for answers to review cards only, the two times in the stored
//! state that decide young or mature.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::rows::from_ms;
use super::{Store, StoreError};
use crate::srs::stats::StatsAnswer;
use crate::srs::{CardState, Phase, Rating};

/// The part of a stored card state that decides its maturity.
#[derive(Deserialize)]
struct Interval {
    #[serde(with = "crate::srs::time_serde::optional")]
    due: Option<DateTime<Utc>>,
    #[serde(with = "crate::srs::time_serde::optional")]
    last_review: Option<DateTime<Utc>>,
}

impl Store {
    /// The whole review log for [`crate::srs::stats::compute_stats`], oldest first.
    pub fn stats_answers(&self) -> Result<Vec<StatsAnswer>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, question_id, reviewed_at_ms, rating, duration_ms, drill, phase_before, \
                 CASE WHEN phase_before = ?1 THEN state_before END FROM review_log ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query([Phase::Review.code()])
            .map_err(|e| self.err(e))?;
        let mut names: HashSet<Arc<str>> = HashSet::new();
        let mut answers = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let get = |index| row.get_ref(index).map_err(|e| self.err(e));
            let id = get(0)?
                .as_i64()
                .map_err(|e| self.decode("review log id", e))?;
            let card = get(1)?
                .as_str()
                .map_err(|e| self.decode("review question id", e))?;
            let card_id = match names.get(card) {
                Some(name) => Arc::clone(name),
                None => {
                    let name: Arc<str> = Arc::from(card);
                    names.insert(Arc::clone(&name));
                    name
                }
            };
            let ms = get(2)?
                .as_i64()
                .map_err(|e| self.decode("review time", e))?;
            let reviewed_at = from_ms(ms)
                .ok_or_else(|| self.decode("review time", format!("{ms} in row {id}")))?;
            let number = get(3)?
                .as_i64()
                .map_err(|e| self.decode("review rating", e))?;
            let rating = u8::try_from(number)
                .ok()
                .and_then(Rating::from_number)
                .ok_or_else(|| self.decode("review rating", format!("{number} in row {id}")))?;
            let duration = get(4)?
                .as_i64()
                .map_err(|e| self.decode("review duration", e))?;
            let drill = get(5)?
                .as_i64()
                .map_err(|e| self.decode("review drill flag", e))?
                != 0;
            let code = get(6)?
                .as_i64()
                .map_err(|e| self.decode("review phase", e))?;
            let phase_before = Phase::from_code(code)
                .ok_or_else(|| self.decode("review phase", format!("{code} in row {id}")))?;
            let maturity_before = match get(7)?.as_str_or_null() {
                Ok(Some(json)) => {
                    let interval: Interval = serde_json::from_str(json).map_err(|err| {
                        self.decode("review state before", format!("row {id}: {err}"))
                    })?;
                    CardState {
                        phase: Phase::Review,
                        due: interval.due,
                        last_review: interval.last_review,
                        ..CardState::new()
                    }
                    .maturity()
                }
                Ok(None) => None,
                Err(e) => return Err(self.decode("review state before", e)),
            };
            answers.push(StatsAnswer {
                card_id,
                reviewed_at,
                rating,
                duration_ms: u64::try_from(duration).unwrap_or(0),
                drill,
                phase_before,
                maturity_before,
            });
        }
        Ok(answers)
    }

    fn decode(&self, what: &'static str, detail: impl ToString) -> StoreError {
        StoreError::Decode {
            path: self.path.clone(),
            what,
            detail: detail.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::srs::{Scheduler, SchedulerConfig};

    #[test]
    fn the_short_log_agrees_with_the_full_records() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        let start = DateTime::parse_from_rfc3339("2024-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let ratings = [Rating::Good, Rating::Easy, Rating::Again, Rating::Hard];
        for card in ["a", "b", "c"] {
            let mut state = CardState::new();
            let mut now = start;
            for n in 0..12 {
                let rating = ratings[n % ratings.len()];
                let answer = scheduler.answer(card, &state, rating, now).unwrap();
                store.record_answer(&answer, 1500, n % 5 == 0).unwrap();
                now = answer.after.due.unwrap_or(now) + Duration::hours(1);
                state = answer.after;
            }
        }
        let full: Vec<StatsAnswer> = store
            .review_log()
            .unwrap()
            .iter()
            .map(StatsAnswer::from)
            .collect();
        assert!(full.iter().any(|a| a.maturity_before.is_some()));
        assert_eq!(store.stats_answers().unwrap(), full);
    }
}
