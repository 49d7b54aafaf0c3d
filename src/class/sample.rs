//! Made-up classes for tests and benchmarks: N students' JSON exports, produced by the real
//! scheduler and the real exporter, so the report reads exactly what `stagecraft export` writes.
//!
//! Deterministic: the same seed gives the same files. Each student answers a share of the
//! course's questions (between a third and all of them), each question one to five times; each
//! question has its own difficulty, so some are missed far more often than others.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::export::build_json_export;
use crate::srs::{CardState, Rating, ReviewRecord, Scheduler, SchedulerConfig};

/// A small, seedable pseudo-random generator (SplitMix64): no dependency for made-up data.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// One student's export as pretty-printed JSON, as `stagecraft export --format json` writes it.
pub fn student_export(
    question_ids: &[String],
    seed: u64,
    start: DateTime<Utc>,
) -> std::io::Result<Vec<u8>> {
    let scheduler = Scheduler::new(SchedulerConfig {
        enable_fuzz: false,
        ..SchedulerConfig::default()
    })
    .map_err(std::io::Error::other)?;
    let mut rng = SplitMix::new(seed);
    let share = 0.33 + rng.unit() * 0.67;
    let skill = rng.unit() * 0.3;
    let mut cards: HashMap<String, CardState> = HashMap::new();
    let mut log = Vec::new();
    let mut now = start;
    for (n, id) in question_ids.iter().enumerate() {
        if rng.unit() > share {
            continue;
        }
        // Difficulty depends on the question alone, so the class agrees on what is hard.
        let difficulty = SplitMix::new(n as u64 ^ 0x5eed).unit() * 0.7;
        let mut state = CardState::new();
        for _ in 0..=rng.below(5) {
            let miss = rng.unit() < (difficulty - skill).max(0.02);
            let rating = if miss {
                Rating::Again
            } else {
                [Rating::Hard, Rating::Good, Rating::Good, Rating::Easy][rng.below(4) as usize]
            };
            let answer = scheduler
                .answer(id, &state, rating, now)
                .map_err(std::io::Error::other)?;
            log.push(ReviewRecord {
                id: log.len() as i64 + 1,
                card_id: id.clone(),
                reviewed_at: answer.reviewed_at,
                rating,
                elapsed_days: answer.elapsed_days,
                duration_ms: 4000 + rng.below(30_000),
                drill: false,
                overridden: false,
                before: answer.before,
                after: answer.after.clone(),
            });
            state = answer.after;
            now += Duration::minutes(7 + rng.below(600) as i64);
        }
        cards.insert(id.clone(), state);
    }
    log.sort_by_key(|r| (r.reviewed_at, r.id));
    let export = build_json_export(scheduler.config(), &cards, &log, now);
    let mut bytes = serde_json::to_vec_pretty(&export).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// `students` exports for the given questions: (file name, JSON bytes), named
/// `student-001.json` and so on.
pub fn class_exports(
    question_ids: &[String],
    students: usize,
    seed: u64,
) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let start = DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default();
    (0..students)
        .map(|n| {
            let bytes = student_export(question_ids, seed.wrapping_add(n as u64 * 7919), start)?;
            Ok((format!("student-{:03}.json", n + 1), bytes))
        })
        .collect()
}

/// Writes [`class_exports`] into `dir` (which must exist).
pub fn write_class_exports(
    dir: &std::path::Path,
    question_ids: &[String],
    students: usize,
    seed: u64,
) -> std::io::Result<()> {
    let exports = class_exports(question_ids, students, seed)?;
    for (name, bytes) in exports {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}
