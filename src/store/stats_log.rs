//! The review log as the statistics read it. The report reads the log's totals
//! ([`Store::log_totals`]: the tables `stats_buckets` and `stats_cards`, which triggers keep up
//! to date in the transaction of every change to the log); [`Store::stats_answers`] reads the
//! answers themselves, plain columns only, all of them in the narrow covering index
//! `review_log_stats` (young or mature comes from `interval_before_ms`), for a full
//! recomputation.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::integrity::Integrity;
use super::rows::{self, from_ms};
use super::{BUSY_TIMEOUT, Store, StoreError};
use crate::srs::stats::{BUCKET_MS, BucketTotals, CardTotals, LogTotals, StatsAnswer};
use crate::srs::{CardState, Maturity, Phase, Rating};

/// The log's totals per bucket, oldest first.
const BUCKET_TOTALS: &str = "SELECT start_ms, answers, new_cards, learning, review, again, \
                             drill, duration_ms, young, young_passed, mature, mature_passed \
                             FROM stats_buckets ORDER BY start_ms";

/// The cards as the statistics read them ([`rows::stats_card_from_row`]), in question id order,
/// all from the index `cards_stats`.
const STATS_CARDS: &str = "SELECT question_id, phase, stability, difficulty, due_ms, \
                           last_review_ms, suspended, buried_day, leech \
                           FROM cards ORDER BY question_id";

/// The log's totals per card, in question id order (the table's own order).
const CARD_TOTALS: &str =
    "SELECT question_id, answers, passed FROM stats_cards ORDER BY question_id";

/// The statistics' columns of the log, oldest answer first.
const STATS_ANSWERS: &str = "SELECT id, question_id, reviewed_at_ms, rating, duration_ms, drill, \
                             phase_before, interval_before_ms FROM review_log ORDER BY id";

impl Store {
    /// The review log added up, as triggers keep it (the same as [`LogTotals::from_log`] on
    /// [`Store::stats_answers`]).
    pub fn log_totals(&self) -> Result<LogTotals, StoreError> {
        let mut cards = Vec::new();
        self.for_each_card_totals(|id, figures| cards.push((id.to_owned(), figures)))?;
        Ok(LogTotals {
            buckets: self.bucket_totals()?,
            cards: BTreeMap::from_iter(cards),
        })
    }

    /// Calls `visit` with every stored card as the statistics see it, in question id order
    /// (bytes, as [`str`] compares), without collecting them (a report adds up a hundred thousand cards this way). Only the
    /// fields the statistics use are read: phase, memory, due, last review, suspended, buried
    /// and leech; the others keep a new card's values.
    pub fn for_each_stats_card(
        &self,
        mut visit: impl FnMut(&str, &CardState),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(STATS_CARDS).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let decoded = rows::card_id_of_row(row)
                .and_then(|id| rows::stats_card_from_row(row, id).map(|state| (id, state)));
            let (id, state) = decoded.map_err(|e| e.into_store_error(&self.path))?;
            visit(id, &state);
        }
        Ok(())
    }

    /// Reads what the statistics report needs, two parts side by side: the cards go to
    /// `visit_card` ([`Store::for_each_stats_card`]) on this connection, while a second,
    /// read-only connection on another thread gives the log's per-card totals to
    /// `visit_totals` ([`Store::for_each_card_totals`]) and returns its buckets
    /// ([`Store::bucket_totals`]). When a second connection cannot be opened, both parts are
    /// read here, one after the other. The two parts are separate read transactions: an answer
    /// saved by another instance in between may be counted in one and not yet in the other.
    pub fn read_stats(
        &self,
        visit_card: impl FnMut(&str, &CardState),
        mut visit_totals: impl FnMut(&str, CardTotals) + Send,
    ) -> Result<BTreeMap<i64, BucketTotals>, StoreError> {
        let Ok(reader) = self.open_reader() else {
            self.for_each_stats_card(visit_card)?;
            self.for_each_card_totals(visit_totals)?;
            return self.bucket_totals();
        };
        std::thread::scope(|scope| {
            let log = scope.spawn(move || {
                reader.for_each_card_totals(&mut visit_totals)?;
                reader.bucket_totals()
            });
            let cards = self.for_each_stats_card(visit_card);
            let buckets = log.join().unwrap_or_else(|_| {
                Err(self.decode("statistics", "the thread reading the log stopped"))
            });
            cards.and(buckets)
        })
    }

    /// A second connection to the same file, for reading only (no checks, no migrations: this
    /// store has done them).
    fn open_reader(&self) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(|e| self.err(e))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| self.err(e))?;
        // Reading the schema opens the write-ahead log's index too, so that a connection that
        // could not read is found here, before any total was handed on.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
            row.get::<_, i64>(0)
        })
        .map_err(|e| self.err(e))?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            integrity: Integrity::passed(),
        })
    }

    /// The log's totals per bucket ([`LogTotals::buckets`]).
    pub fn bucket_totals(&self) -> Result<BTreeMap<i64, BucketTotals>, StoreError> {
        let mut buckets = BTreeMap::new();
        let mut stmt = self.conn.prepare(BUCKET_TOTALS).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let start = row
                .get_ref(0)
                .map_err(|e| self.err(e))?
                .as_i64()
                .map_err(|e| self.decode("statistics bucket", e))?;
            if start % BUCKET_MS != 0 || from_ms(start).is_none() {
                return Err(self.decode("statistics bucket", format!("start {start}")));
            }
            let mut figures = [0u64; 11];
            for (index, figure) in (1..).zip(figures.iter_mut()) {
                let value = row.get_ref(index).map_err(|e| self.err(e))?;
                *figure = count(value).ok_or_else(|| {
                    self.decode(
                        "statistics bucket",
                        format!("{value:?} in column {index} of bucket {start}"),
                    )
                })?;
            }
            let [
                answers,
                new,
                learning,
                review,
                again,
                drill,
                duration_ms,
                young,
                young_passed,
                mature,
                mature_passed,
            ] = figures;
            buckets.insert(
                start,
                BucketTotals {
                    answers,
                    new,
                    learning,
                    review,
                    again,
                    drill,
                    duration_ms,
                    young,
                    young_passed,
                    mature,
                    mature_passed,
                },
            );
        }
        Ok(buckets)
    }

    /// Calls `visit` with the log's totals of every answered card ([`LogTotals::cards`]), in
    /// question id order, without collecting them.
    pub fn for_each_card_totals(
        &self,
        mut visit: impl FnMut(&str, CardTotals),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(CARD_TOTALS).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let id = row
                .get_ref(0)
                .map_err(|e| self.err(e))?
                .as_str()
                .map_err(|e| self.decode("statistics card", e))?;
            let figure = |index| {
                let value = row.get_ref(index).map_err(|e| self.err(e))?;
                count(value)
                    .ok_or_else(|| self.decode("statistics card", format!("{value:?} for {id}")))
            };
            visit(
                id,
                CardTotals {
                    answers: figure(1)?,
                    passed: figure(2)?,
                },
            );
        }
        Ok(())
    }

    /// The whole review log for [`crate::srs::stats::compute_stats`], oldest first.
    pub fn stats_answers(&self) -> Result<Vec<StatsAnswer>, StoreError> {
        let mut stmt = self.conn.prepare(STATS_ANSWERS).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut names: HashSet<Arc<str>, foldhash::fast::RandomState> = HashSet::default();
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
            let interval = get(7)?
                .as_i64_or_null()
                .map_err(|e| self.decode("review interval before", e))?;
            let maturity_before = interval
                .filter(|_| phase_before == Phase::Review)
                .map(Maturity::of_interval);
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

/// A count of the statistics' totals: an integer, not negative.
fn count(value: ValueRef<'_>) -> Option<u64> {
    value.as_i64().ok().and_then(|v| u64::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, Utc};

    use super::*;
    use crate::srs::{CardState, Scheduler, SchedulerConfig};

    /// The statistics' answers made from the whole records, JSON card states included.
    fn answers_from_full_records(store: &Store) -> Vec<StatsAnswer> {
        let log = store.review_log().unwrap();
        log.iter().map(StatsAnswer::from).collect()
    }

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
        let full = answers_from_full_records(&store);
        assert!(full.iter().any(|a| a.maturity_before.is_some()));
        assert_eq!(store.stats_answers().unwrap(), full);
    }

    /// What `read_stats` hands on: the cards and the per-card totals as visited, and the
    /// buckets.
    type StatsRead = (Vec<(String, CardState)>, Vec<(String, CardTotals)>, usize);

    fn read_all(store: &Store) -> StatsRead {
        let (mut cards, mut totals) = (Vec::new(), Vec::new());
        let buckets = store
            .read_stats(
                |id, state| cards.push((id.to_owned(), state.clone())),
                |id, figures| totals.push((id.to_owned(), figures)),
            )
            .unwrap();
        (cards, totals, buckets.len())
    }

    #[test]
    fn the_statistics_are_read_alike_with_or_without_a_second_connection() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        let mut now = DateTime::parse_from_rfc3339("2024-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for card in ["delta", "alpha", "charlie", "bravo"] {
            let answer = scheduler
                .answer(card, &CardState::new(), Rating::Good, now)
                .unwrap();
            store.record_answer(&answer, 1000, false).unwrap();
            now += Duration::hours(5);
        }
        let side_by_side = read_all(&store);
        let ids: Vec<&str> = side_by_side.0.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["alpha", "bravo", "charlie", "delta"], "in id order");
        assert_eq!(side_by_side.1.len(), 4);
        assert_eq!(side_by_side.2, store.bucket_totals().unwrap().len());
        // With the file moved away, a second connection cannot be opened; this one still
        // reads the file it has open, and reads both parts itself.
        std::fs::rename(store.path(), dir.path().join("moved.sqlite3")).unwrap();
        assert!(store.open_reader().is_err());
        assert_eq!(read_all(&store), side_by_side);
    }

    /// An answer to a review card whose interval is `interval` after a last review at `last`.
    fn review_answer(card: &str, last: DateTime<Utc>, interval: Duration) -> crate::srs::Answer {
        let before = CardState {
            phase: Phase::Review,
            memory: Some(crate::srs::Memory {
                stability: 20.0,
                difficulty: 5.0,
            }),
            due: Some(last + interval),
            last_review: Some(last),
            reps: 3,
            ..CardState::new()
        };
        let reviewed_at = last + interval;
        crate::srs::Answer {
            card_id: card.to_owned(),
            rating: Rating::Good,
            reviewed_at,
            elapsed_days: Some(20),
            after: CardState {
                due: Some(reviewed_at + Duration::days(40)),
                last_review: Some(reviewed_at),
                ..before.clone()
            },
            before,
            interval: Duration::days(40),
            leech: None,
        }
    }

    #[test]
    fn the_migration_fills_intervals_as_the_json_gives_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("default.sqlite3");
        // Around the mature boundary (20.5 days rounds to 21), and times with more precision
        // than the milliseconds the JSON keeps.
        let last = DateTime::parse_from_rfc3339("2024-01-01T10:00:00.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        let half_day_before_mature = Duration::hours(20 * 24 + 12);
        let intervals = [
            half_day_before_mature,
            half_day_before_mature - Duration::milliseconds(1),
            half_day_before_mature - Duration::nanoseconds(1),
            half_day_before_mature + Duration::nanoseconds(999_999),
            Duration::days(3),
            Duration::days(400),
        ];
        let written = {
            let store = Store::open(dir.path(), "default").unwrap();
            for (n, interval) in intervals.iter().enumerate() {
                let answer = review_answer(&format!("card{n}"), last, *interval);
                store.record_answer(&answer, 900, false).unwrap();
            }
            store.stats_answers().unwrap()
        };
        let maturities: Vec<_> = written.iter().map(|a| a.maturity_before).collect();
        assert!(maturities.contains(&Some(Maturity::Young)));
        assert!(maturities.contains(&Some(Maturity::Mature)));
        // Back to schema 2, as an older stagecraft left it, and open again.
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "DROP TRIGGER stats_log_insert; DROP TRIGGER stats_log_delete; \
                 DROP TRIGGER stats_log_update_before; DROP TRIGGER stats_log_update_after; \
                 DROP VIEW stats_answer_terms; DROP TABLE stats_buckets; \
                 DROP TABLE stats_cards; \
                 DROP INDEX review_log_stats; \
                 ALTER TABLE review_log DROP COLUMN overridden; \
                 ALTER TABLE review_log DROP COLUMN interval_before_ms; \
                 PRAGMA user_version = 2;",
            )
            .unwrap();
        }
        let store = Store::open(dir.path(), "default").unwrap();
        let migrated = store.stats_answers().unwrap();
        assert_eq!(migrated, written);
        assert_eq!(migrated, answers_from_full_records(&store));
    }

    #[test]
    fn the_statistics_read_the_cards_in_id_order_from_their_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {STATS_CARDS}"))
            .unwrap()
            .query_map([], |row| row.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(plan, ["SCAN cards USING COVERING INDEX cards_stats"]);
    }

    #[test]
    fn the_statistics_read_only_the_covering_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {STATS_ANSWERS}"))
            .unwrap()
            .query_map([], |row| row.get(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            plan,
            ["SCAN review_log USING COVERING INDEX review_log_stats"]
        );
    }
}
