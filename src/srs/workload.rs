//! The workload a desired retention would cause: reviews and new cards per day over the next
//! days, simulated with the `fsrs` crate's simulator ([`fsrs::simulate`]) from the learner's
//! own cards.
//!
//! Every started, unsuspended card enters the simulation with its memory (stability,
//! difficulty), its last answer and its due day; an overdue card counts as due today. Cards
//! not yet started are introduced at the profile's new-cards-per-day limit, and reviews are
//! capped at its reviews-per-day limit, as the queue does. The simulator draws recall from the
//! memory model and ratings from Anki's typical rating shares; a run is repeated with
//! [`RUNS`] seeds and the counts averaged, so the figures are expectations, not one random
//! outcome. Learning steps are simulated by the crate in its own way (its transition
//! probabilities), not by our scheduler, and fuzz is ignored: the figures are estimates.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use fsrs::{SimulatorConfig, simulate};

use super::SrsError;
use super::card::{CardState, Phase};
use super::config::SchedulerConfig;

/// Seeds averaged per simulation.
pub const RUNS: u64 = 8;

/// Expected counts per day, day 0 being today.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// Reviews of started cards per day.
    pub reviews_per_day: Vec<f32>,
    /// New cards introduced per day.
    pub new_per_day: Vec<f32>,
}

impl Workload {
    /// Mean reviews per day.
    pub fn mean_reviews(&self) -> f32 {
        if self.reviews_per_day.is_empty() {
            0.0
        } else {
            self.reviews_per_day.iter().sum::<f32>() / self.reviews_per_day.len() as f32
        }
    }
}

/// Days as a fraction, `to - from`.
fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f32 {
    ((to - from).num_milliseconds() as f64 / 86_400_000.0) as f32
}

/// Simulates `days` days from `now` at `desired_retention`, for the started cards in
/// `cards` plus `new_cards` not yet started, under `config`'s parameters and limits.
pub fn simulate_workload(
    config: &SchedulerConfig,
    desired_retention: f32,
    cards: &[&CardState],
    new_cards: usize,
    now: DateTime<Utc>,
    days: usize,
) -> Result<Workload, SrsError> {
    let model = |err: fsrs::FSRSError| SrsError::Model(err.to_string());
    let parameters = Arc::new(fsrs::check_and_fill_parameters(&config.parameters).map_err(model)?);
    let existing: Vec<fsrs::Card> = cards
        .iter()
        .filter(|state| !state.suspended && state.phase != Phase::New)
        .filter_map(|state| {
            let memory = state.memory?;
            let last = state.last_review?;
            let due = state.due.unwrap_or(now);
            Some(fsrs::Card {
                id: 1,
                difficulty: memory.difficulty,
                stability: memory.stability,
                last_date: days_between(now, last).min(0.0),
                due: days_between(now, due).max(0.0).floor(),
                interval: days_between(last, due).max(0.0),
                lapses: state.lapses,
                desired_retention,
                parameters: parameters.clone(),
            })
        })
        .collect();
    let mut workload = Workload {
        reviews_per_day: vec![0.0; days],
        new_per_day: vec![0.0; days],
    };
    let deck_size = existing.len() + new_cards;
    if days == 0 || deck_size == 0 {
        return Ok(workload);
    }
    let limit = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
    let simulator = SimulatorConfig {
        deck_size,
        learn_span: days,
        max_cost_perday: f32::INFINITY,
        max_ivl: config.maximum_interval_days as f32,
        learn_limit: limit(config.new_per_day),
        review_limit: limit(config.reviews_per_day),
        new_cards_ignore_review_limit: true,
        learning_step_count: config.learning_steps_secs.len().min(5),
        relearning_step_count: config.relearning_steps_secs.len().min(5),
        ..SimulatorConfig::default()
    };
    for seed in 0..RUNS {
        let result = simulate(
            &simulator,
            &parameters,
            desired_retention,
            Some(seed),
            Some(existing.clone()),
        )
        .map_err(model)?;
        for (total, count) in workload
            .reviews_per_day
            .iter_mut()
            .zip(&result.review_cnt_per_day)
        {
            *total += *count as f32 / RUNS as f32;
        }
        for (total, count) in workload
            .new_per_day
            .iter_mut()
            .zip(&result.learn_cnt_per_day)
        {
            *total += *count as f32 / RUNS as f32;
        }
    }
    Ok(workload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::Scheduler;
    use crate::srs::card::Rating;
    use crate::srs::test_time::at;
    use chrono::Duration;

    /// 300 cards learnt over the last 60 days, each answered Good twice.
    fn history(now: DateTime<Utc>) -> Vec<CardState> {
        let scheduler = Scheduler::new(SchedulerConfig {
            enable_fuzz: false,
            learning_steps_secs: vec![],
            ..SchedulerConfig::default()
        })
        .unwrap();
        (0..300)
            .map(|i| {
                let first = now - Duration::days(60) + Duration::hours(i * 4);
                let state = scheduler
                    .answer("c", &CardState::new(), Rating::Good, first)
                    .unwrap()
                    .after;
                let second = state.due.unwrap();
                scheduler
                    .answer("c", &state, Rating::Good, second.min(now))
                    .unwrap()
                    .after
            })
            .collect()
    }

    #[test]
    fn a_higher_retention_means_more_reviews() {
        let now = at("2026-11-30T12:00:00Z");
        let states = history(now);
        let cards: Vec<&CardState> = states.iter().collect();
        let config = SchedulerConfig::default();
        let low = simulate_workload(&config, 0.80, &cards, 0, now, 30).unwrap();
        let high = simulate_workload(&config, 0.95, &cards, 0, now, 30).unwrap();
        assert_eq!(low.reviews_per_day.len(), 30);
        assert!(low.mean_reviews() > 0.0);
        assert!(
            high.mean_reviews() > low.mean_reviews() * 1.3,
            "0.95: {} a day, 0.80: {} a day",
            high.mean_reviews(),
            low.mean_reviews()
        );
        assert!(low.new_per_day.iter().all(|&n| n == 0.0));
    }

    #[test]
    fn new_cards_come_at_the_daily_limit_and_suspended_cards_are_left_out() {
        let now = at("2026-11-30T12:00:00Z");
        let config = SchedulerConfig {
            new_per_day: 10,
            ..SchedulerConfig::default()
        };
        let workload = simulate_workload(&config, 0.9, &[], 45, now, 30).unwrap();
        assert_eq!(&workload.new_per_day[..5], &[10.0, 10.0, 10.0, 10.0, 5.0]);
        assert!(workload.new_per_day[5..].iter().all(|&n| n == 0.0));
        assert!(workload.mean_reviews() > 0.0);

        let states = history(now);
        let suspended: Vec<CardState> = states.iter().map(CardState::suspended).collect();
        let cards: Vec<&CardState> = suspended.iter().collect();
        let none = simulate_workload(&config, 0.9, &cards, 0, now, 30).unwrap();
        assert_eq!(none.mean_reviews(), 0.0);
    }

    #[test]
    fn review_limit_caps_each_day() {
        let now = at("2026-11-30T12:00:00Z");
        let states = history(now);
        let cards: Vec<&CardState> = states.iter().collect();
        let config = SchedulerConfig {
            reviews_per_day: 5,
            ..SchedulerConfig::default()
        };
        let workload = simulate_workload(&config, 0.95, &cards, 0, now, 30).unwrap();
        assert!(
            workload.reviews_per_day.iter().all(|&n| n <= 5.0),
            "{:?}",
            workload.reviews_per_day
        );
    }
}
