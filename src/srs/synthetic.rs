//! Synthetic review logs from a simulated learner whose memory follows known FSRS parameters,
//! for testing and benchmarking the optimiser ([`super::optimize`]).
//!
//! Each card is introduced on some day, answered, and then reviewed on the day the
//! *scheduler* (the crate's default parameters at 90 % desired retention, as for a learner who
//! never optimised) sets. Whether the learner recalls it is drawn from the *true* model: the
//! retrievability that the true parameters give after the elapsed days. A recalled card is
//! rated Hard, Good or Easy (10 %, 80 %, 10 %), a forgotten one Again; a new card's first
//! rating is Again, Hard, Good or Easy with 15 %, 10 %, 60 %, 15 %. The true memory state is
//! then advanced with the true parameters. Every answer is on a different day from the
//! previous one, so the log has no short-term reviews.

use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};

use super::card::{CardState, Rating};
use super::log::ReviewRecord;

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerSpec {
    /// The learner's true FSRS-6 parameters (21 values).
    pub parameters: Vec<f32>,
    /// Cards to introduce.
    pub cards: usize,
    /// New cards are introduced evenly over this many days.
    pub introduce_over_days: u32,
    /// The simulation ends on this day (answers after it are not made).
    pub horizon_days: u32,
    /// Seed of the random draws; the same seed gives the same log.
    pub seed: u64,
}

/// A small deterministic generator (SplitMix64): enough for simulation, no dependency.
#[derive(Debug, Clone)]
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Picks an index by cumulative probabilities.
    fn pick(&mut self, weights: &[f64]) -> usize {
        let draw = self.unit();
        let mut total = 0.0;
        for (index, weight) in weights.iter().enumerate() {
            total += weight;
            if draw < total {
                return index;
            }
        }
        weights.len() - 1
    }
}

/// First day of the simulated calendar.
fn epoch() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default()
}

/// Simulates the learner and returns the log, oldest first. `Err` when the parameters are not
/// 21 valid FSRS parameters.
pub fn simulate_learner(spec: &LearnerSpec) -> Result<Vec<ReviewRecord>, fsrs::FSRSError> {
    let truth = FSRS::new(&spec.parameters)?;
    let scheduler = FSRS::new(&[])?;
    let decay = spec
        .parameters
        .get(20)
        .copied()
        .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
    let mut rng = SplitMix(spec.seed);
    let mut log = Vec::new();
    let ratings = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];
    for card in 0..spec.cards {
        let card_id = format!("card-{card:06}");
        let mut day =
            (card as u64 * u64::from(spec.introduce_over_days) / spec.cards.max(1) as u64) as u32;
        let second_of_day = i64::try_from(rng.next_u64() % 36_000).unwrap_or(0) + 8 * 3600;
        let mut true_memory: Option<MemoryState> = None;
        let mut scheduled_memory: Option<MemoryState> = None;
        let mut elapsed: Option<u32> = None;
        while day <= spec.horizon_days {
            let rating = match true_memory {
                None => ratings[rng.pick(&[0.15, 0.10, 0.60, 0.15])],
                Some(memory) => {
                    let days = elapsed.unwrap_or(0) as f32;
                    let recall = fsrs::current_retrievability(memory, days, decay);
                    if rng.unit() < f64::from(recall) {
                        ratings[1 + rng.pick(&[0.10, 0.80, 0.10])]
                    } else {
                        Rating::Again
                    }
                }
            };
            log.push(ReviewRecord {
                id: log.len() as i64 + 1,
                card_id: card_id.clone(),
                reviewed_at: epoch()
                    + Duration::days(day.into())
                    + Duration::seconds(second_of_day),
                rating,
                elapsed_days: elapsed,
                duration_ms: 0,
                drill: false,
                overridden: false,
                before: CardState::new(),
                after: CardState::new(),
            });
            let grade = usize::from(rating.number() - 1);
            let gap = elapsed.unwrap_or(0);
            let next_truth = truth.next_states(true_memory, 0.9, gap)?;
            let next_scheduled = scheduler.next_states(scheduled_memory, 0.9, gap)?;
            let pick = |states: &fsrs::NextStates| {
                [&states.again, &states.hard, &states.good, &states.easy][grade].clone()
            };
            true_memory = Some(pick(&next_truth).memory);
            let scheduled = pick(&next_scheduled);
            scheduled_memory = Some(scheduled.memory);
            let interval = (scheduled.interval.round() as u32).clamp(1, 36_500);
            elapsed = Some(interval);
            day = day.saturating_add(interval);
        }
    }
    log.sort_by_key(|record| (record.reviewed_at, record.id));
    Ok(log)
}
