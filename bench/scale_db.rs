//! The generator of a large progress database, for the scale benchmark, its test and
//! `bench/make_scale_db.rs` (the command `bench/compare.sh` runs).
//!
//! The database is created through the store's own `Store::open` (so it has the real schema and
//! migrations), then filled in one transaction with prepared statements. The data is
//! deterministic (a fixed-seed generator) and shaped like a year of use:
//!
//! * every question of the embedded content has a card, the rest are `gen-NNNNNN`;
//! * about 97 % of the cards are in review (4 % of all cards suspended), 0.5 % learning,
//!   0.5 % relearning and 2 % new (reset, half of them suspended, before any answer);
//! * review rows are spread over the past year, a card's answers in time order, its last
//!   answer giving its due date, so a little over 1 % of the cards are due today or overdue;
//! * about 1 in 500 cards was answered earlier today, so today's limits are partly used.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, params};
use stagecraft::srs::{CardState, Memory, Phase, Rating};
use stagecraft::store::Store;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Rows in `cards`.
    pub cards: usize,
    /// Rows in `review_log` (spread over the cards, about `reviews / cards` each).
    pub reviews: usize,
}

/// The size the issue asks for: 100k cards and 1M review rows.
pub const FULL: Shape = Shape {
    cards: 100_000,
    reviews: 1_000_000,
};

/// SplitMix64: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The card ids: the embedded content's scheduled questions first, then generated ones.
pub fn card_ids(count: usize) -> Vec<String> {
    let content = stagecraft::content::ContentSet::embedded();
    let mut ids: Vec<String> = content
        .scheduled_questions()
        .into_iter()
        .map(|q| q.id.clone())
        .take(count)
        .collect();
    let mut n = 0;
    while ids.len() < count {
        ids.push(format!("gen-{n:06}"));
        n += 1;
    }
    ids
}

/// Creates `<data_dir>/<profile>.sqlite3` with `shape`'s rows, answered up to `now`.
/// An existing file is replaced.
pub fn generate(
    data_dir: &Path,
    profile: &str,
    shape: Shape,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join(format!("{profile}.sqlite3"));
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    drop(Store::open(data_dir, profile)?);

    let mut conn = Connection::open(&path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "cache_size", -262_144)?;
    let tx = conn.transaction()?;
    {
        let mut card_stmt = tx.prepare(
            "INSERT INTO cards (question_id, phase, step, stability, difficulty, due_ms, \
             last_review_ms, reps, lapses, suspended, buried_day, leech) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut log_stmt = tx.prepare(
            "INSERT INTO review_log (question_id, reviewed_at_ms, rating, elapsed_days, \
             duration_ms, drill, phase_before, phase_after, state_before, state_after, \
             interval_before_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut rng = Rng(0x5354_4743);
        let ids = card_ids(shape.cards);
        let per_card = shape.reviews as f64 / shape.cards.max(1) as f64;
        let mut written = 0usize;
        // Rows are written in time order (the log's ids grow with time), so collect first.
        let mut log: Vec<LogRow> = Vec::with_capacity(shape.reviews + shape.cards);
        for (index, id) in ids.iter().enumerate() {
            let remaining_cards = (shape.cards - index) as f64;
            let remaining_rows = shape.reviews.saturating_sub(written) as f64;
            let mean = (remaining_rows / remaining_cards).max(0.0);
            let state = card(&mut rng, id, mean, per_card, now, &mut log);
            written = log.len();
            card_stmt.execute(params![
                id,
                state.phase.code(),
                state.step,
                state.memory.map(|m| f64::from(m.stability)),
                state.memory.map(|m| f64::from(m.difficulty)),
                state.due.map(|t| t.timestamp_millis()),
                state.last_review.map(|t| t.timestamp_millis()),
                state.reps,
                state.lapses,
                state.suspended,
                None::<i64>,
                state.leech,
            ])?;
        }
        log.sort_by_key(|row| row.at);
        for row in &log {
            log_stmt.execute(params![
                row.card,
                row.at.timestamp_millis(),
                row.rating.number(),
                row.elapsed_days,
                row.duration_ms,
                row.drill,
                row.before.phase.code(),
                row.after.phase.code(),
                serde_json::to_string(&row.before)?,
                serde_json::to_string(&row.after)?,
                // As the store logs it: the interval of a review card, in stored milliseconds.
                row.before
                    .due
                    .zip(row.before.last_review)
                    .filter(|_| row.before.phase == Phase::Review)
                    .map(|(due, last)| due.timestamp_millis() - last.timestamp_millis()),
            ])?;
        }
    }
    tx.commit()?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    Ok(())
}

struct LogRow {
    card: String,
    at: DateTime<Utc>,
    rating: Rating,
    elapsed_days: Option<u32>,
    duration_ms: i64,
    drill: bool,
    before: CardState,
    after: CardState,
}

/// One card's history (pushed to `log`) and its final state.
fn card(
    rng: &mut Rng,
    id: &str,
    mean_reviews: f64,
    per_card: f64,
    now: DateTime<Utc>,
    log: &mut Vec<LogRow>,
) -> CardState {
    const DAY_MS: f64 = 86_400_000.0;
    let days = |d: f64| Duration::milliseconds((d * DAY_MS) as i64);
    let roll = rng.below(1000);
    let phase = match roll {
        0..=4 => Phase::Learning,
        5..=9 => Phase::Relearning,
        10..=29 => Phase::New,
        _ => Phase::Review,
    };
    let suspended = (30..=69).contains(&roll) || (phase == Phase::New && rng.below(2) == 0);
    if phase == Phase::New {
        return CardState {
            suspended,
            ..CardState::new()
        };
    }
    let answered_today = rng.below(500) == 0;
    // The final due time and the last answer.
    let (last, due, interval) = match phase {
        Phase::Review => {
            let (last, due) = if rng.below(1000) < 15 {
                // Due today or overdue by up to five days.
                let due = now - days(5.0 * rng.unit());
                (due - days(1.0 + 59.0 * rng.unit()), due)
            } else {
                let last = if answered_today {
                    now - Duration::minutes(1 + rng.below(180) as i64)
                } else {
                    now - days(0.2 + 120.0 * rng.unit())
                };
                (last, now + days(1.0 + 200.0 * rng.unit()))
            };
            let interval = (due - last).num_milliseconds() as f64 / DAY_MS;
            (last, due, interval)
        }
        _ => {
            let last = if answered_today {
                now - Duration::minutes(11 + rng.below(180) as i64)
            } else {
                now - days(1.0 + 300.0 * rng.unit())
            };
            (last, last + Duration::minutes(10), 1.0)
        }
    };
    let earliest = now - days(365.0);
    let first = (last - days(365.0 * rng.unit())).max(earliest).min(last);
    // Between 1 and about twice the mean number of answers.
    let answers = 1 + rng.below((2.0 * mean_reviews.max(per_card * 0.5)).round() as u64) as u32;
    let mut state = CardState::new();
    let mut previous: Option<DateTime<Utc>> = None;
    for n in 0..answers {
        let at = if answers == 1 {
            last
        } else {
            let share = f64::from(n) / f64::from(answers - 1);
            first
                + Duration::milliseconds(((last - first).num_milliseconds() as f64 * share) as i64)
        };
        let rating = match rng.below(100) {
            0..=9 => Rating::Again,
            10..=19 => Rating::Hard,
            20..=89 => Rating::Good,
            _ => Rating::Easy,
        };
        let before = state.clone();
        let final_answer = n + 1 == answers;
        let after_phase = if final_answer {
            phase
        } else if rating == Rating::Again && before.phase == Phase::Review {
            Phase::Relearning
        } else {
            Phase::Review
        };
        let lapse = rating == Rating::Again && before.phase == Phase::Review;
        let gap = if final_answer {
            interval
        } else {
            (interval * f64::from(n + 1) / f64::from(answers)).max(0.5)
        };
        state = CardState {
            phase: after_phase,
            step: matches!(after_phase, Phase::Learning | Phase::Relearning).then_some(0),
            memory: Some(Memory {
                stability: gap as f32,
                difficulty: 1.0 + 9.0 * rng.unit() as f32,
            }),
            due: Some(if final_answer {
                due
            } else if after_phase == Phase::Review {
                at + days(gap)
            } else {
                at + Duration::minutes(10)
            }),
            last_review: Some(at),
            reps: before.reps + 1,
            lapses: before.lapses + u32::from(lapse),
            suspended: false,
            buried_on: None,
            leech: false,
        };
        log.push(LogRow {
            card: id.to_owned(),
            at,
            rating,
            elapsed_days: previous.map(|p| (at - p).num_days().max(0) as u32),
            duration_ms: 2_000 + rng.below(20_000) as i64,
            drill: rng.below(20) == 0,
            before,
            after: state.clone(),
        });
        previous = Some(at);
    }
    state.suspended = suspended;
    state.leech = state.lapses >= 8;
    state
}
