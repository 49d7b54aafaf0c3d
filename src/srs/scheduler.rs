//! The scheduler: given a card's state, a rating and the time, compute the card's next state.
//!
//! The memory model is the `fsrs` crate (FSRS-6). Around it this module implements the card life
//! cycle of py-fsrs 6.3: learning steps, relearning steps, rounding to whole days, the minimum
//! of one day, the maximum interval and (optionally) fuzz. Leech detection follows Anki.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use fsrs::{FSRS, MemoryState};

use super::SrsError;
use super::card::{CardState, Memory, Phase, Rating};
use super::config::{LeechAction, SchedulerConfig};
use super::format::format_interval;
use super::fuzz::{apply_fuzz, fuzz_factor};

/// A card that just crossed (or re-crossed) the leech threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeechEvent {
    /// Lapse count that triggered the event.
    pub lapses: u32,
    /// True the first time the card reaches the threshold; later events are reminders every
    /// half threshold (12, 16, ... lapses with the default of 8).
    pub first_time: bool,
    /// Whether the card was suspended because of it.
    pub suspended: bool,
}

/// The outcome of answering a card: everything needed to log the answer and to undo it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Question id of the card.
    pub card_id: String,
    /// The rating given.
    pub rating: Rating,
    /// When it was answered (truncated to milliseconds, as stored).
    pub reviewed_at: DateTime<Utc>,
    /// Whole days since the previous answer; `None` for the first answer.
    pub elapsed_days: Option<u32>,
    /// The state before the answer (restored by undo).
    pub before: CardState,
    /// The state after the answer.
    pub after: CardState,
    /// Time until the card is due again.
    pub interval: Duration,
    /// Set when this answer made the card a leech or repeated the leech warning.
    pub leech: Option<LeechEvent>,
}

/// The next interval for each of the four ratings, for answer buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preview {
    /// Interval after Again.
    pub again: Duration,
    /// Interval after Hard.
    pub hard: Duration,
    /// Interval after Good.
    pub good: Duration,
    /// Interval after Easy.
    pub easy: Duration,
}

impl Preview {
    /// The interval for one rating.
    pub fn interval(&self, rating: Rating) -> Duration {
        match rating {
            Rating::Again => self.again,
            Rating::Hard => self.hard,
            Rating::Good => self.good,
            Rating::Easy => self.easy,
        }
    }

    /// Each rating with its human-readable interval, in button order.
    pub fn labels(&self) -> [(Rating, String); 4] {
        Rating::ALL.map(|rating| (rating, format_interval(self.interval(rating))))
    }

    /// One line for a button bar: `Again 10m · Hard 1d · Good 2d · Easy 5d`.
    pub fn button_line(&self) -> String {
        self.labels()
            .iter()
            .map(|(rating, label)| format!("{} {label}", rating.label()))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// What the steps logic decided for a learning or relearning card.
enum StepOutcome {
    /// Stay in (re)learning at this step for this many milliseconds.
    Step { index: u32, millis: i64 },
    /// Move to the review phase.
    Graduate,
}

/// Validated settings plus the FSRS model. Cheap to clone; create once per session.
#[derive(Debug, Clone)]
pub struct Scheduler {
    config: SchedulerConfig,
    fsrs: FSRS,
    decay: f32,
}

impl Scheduler {
    /// Builds a scheduler after validating the settings and the model parameters.
    pub fn new(config: SchedulerConfig) -> Result<Scheduler, SrsError> {
        config.validate()?;
        let invalid = |err: fsrs::FSRSError| SrsError::InvalidConfig {
            field: "parameters",
            reason: format!("expected 0, 17, 19 or 21 valid FSRS parameters ({err})"),
        };
        let filled = fsrs::check_and_fill_parameters(&config.parameters).map_err(invalid)?;
        let fsrs = FSRS::new(&config.parameters).map_err(invalid)?;
        let decay = filled.get(20).copied().unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
        Ok(Scheduler {
            config,
            fsrs,
            decay,
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// Answers a card: the new state, the interval, and any leech event.
    ///
    /// `now` is truncated to whole milliseconds so that the stored and exported times are
    /// exactly the ones the computation used.
    pub fn answer(
        &self,
        card_id: &str,
        state: &CardState,
        rating: Rating,
        now: DateTime<Utc>,
    ) -> Result<Answer, SrsError> {
        let now = now.trunc_subsecs(3);
        let elapsed_days = state
            .last_review
            .map(|last| u32::try_from((now - last).num_days().max(0)).unwrap_or(u32::MAX));
        let previous_memory = match state.phase {
            Phase::New => None,
            _ => state.memory.map(|m| MemoryState {
                stability: m.stability,
                difficulty: m.difficulty,
            }),
        };
        let next = self
            .fsrs
            .next_states(
                previous_memory,
                self.config.desired_retention,
                elapsed_days.unwrap_or(0),
            )
            .map_err(|err| SrsError::Model(err.to_string()))?;
        let item = match rating {
            Rating::Again => next.again,
            Rating::Hard => next.hard,
            Rating::Good => next.good,
            Rating::Easy => next.easy,
        };
        let memory = Memory {
            stability: item.memory.stability,
            difficulty: item.memory.difficulty,
        };

        let review_days = || self.review_interval_days(item.interval, card_id, state.reps);
        let (phase, step, interval) = match state.phase {
            Phase::New | Phase::Learning | Phase::Relearning => {
                let (steps, phase) = if state.phase == Phase::Relearning {
                    (&self.config.relearning_steps_secs, Phase::Relearning)
                } else {
                    (&self.config.learning_steps_secs, Phase::Learning)
                };
                match step_outcome(steps, state.step.unwrap_or(0), rating) {
                    StepOutcome::Step { index, millis } => {
                        (phase, Some(index), Duration::milliseconds(millis))
                    }
                    StepOutcome::Graduate => {
                        (Phase::Review, None, Duration::days(review_days().into()))
                    }
                }
            }
            Phase::Review => match (rating, self.config.relearning_steps_secs.first()) {
                (Rating::Again, Some(&first)) => {
                    (Phase::Relearning, Some(0), Duration::seconds(first.into()))
                }
                _ => (Phase::Review, None, Duration::days(review_days().into())),
            },
        };

        let lapsed = state.phase == Phase::Review && rating == Rating::Again;
        let lapses = state.lapses + u32::from(lapsed);
        let leech =
            (lapsed && leech_threshold_met(lapses, self.config.leech_threshold)).then(|| {
                LeechEvent {
                    lapses,
                    first_time: !state.leech,
                    suspended: self.config.leech_action == LeechAction::Suspend,
                }
            });

        let after = CardState {
            phase,
            step,
            memory: Some(memory),
            due: Some(now + interval),
            last_review: Some(now),
            reps: state.reps.saturating_add(1),
            lapses,
            suspended: state.suspended || leech.is_some_and(|event| event.suspended),
            buried_on: state.buried_on,
            leech: state.leech || leech.is_some(),
        };
        Ok(Answer {
            card_id: card_id.to_owned(),
            rating,
            reviewed_at: now,
            elapsed_days,
            before: state.clone(),
            after,
            interval,
            leech,
        })
    }

    /// The interval each rating would give if the card were answered at `now`.
    pub fn preview(
        &self,
        card_id: &str,
        state: &CardState,
        now: DateTime<Utc>,
    ) -> Result<Preview, SrsError> {
        let interval = |rating| -> Result<Duration, SrsError> {
            Ok(self.answer(card_id, state, rating, now)?.interval)
        };
        Ok(Preview {
            again: interval(Rating::Again)?,
            hard: interval(Rating::Hard)?,
            good: interval(Rating::Good)?,
            easy: interval(Rating::Easy)?,
        })
    }

    /// Replays a history of answers on a new card and returns the final state.
    pub fn replay(
        &self,
        card_id: &str,
        answers: &[(Rating, DateTime<Utc>)],
    ) -> Result<CardState, SrsError> {
        answers
            .iter()
            .try_fold(CardState::new(), |state, &(rating, time)| {
                Ok(self.answer(card_id, &state, rating, time)?.after)
            })
    }

    /// Predicted probability (0..=1) of recalling the card at `now`; 0 for a card never answered.
    pub fn retrievability(&self, state: &CardState, now: DateTime<Utc>) -> f32 {
        let (Some(memory), Some(last)) = (state.memory, state.last_review) else {
            return 0.0;
        };
        let elapsed = ((now - last).num_milliseconds().max(0) as f64 / 86_400_000.0) as f32;
        let value = fsrs::current_retrievability(
            MemoryState {
                stability: memory.stability,
                difficulty: memory.difficulty,
            },
            elapsed,
            self.decay,
        );
        if value.is_finite() {
            value.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Whole days for a review interval: rounded (ties to even, as py-fsrs), at least 1, at most
    /// the maximum interval, then fuzzed when enabled.
    fn review_interval_days(&self, raw_days: f32, card_id: &str, reps: u32) -> u32 {
        let maximum = self.config.maximum_interval_days;
        let days = f64::from(raw_days)
            .round_ties_even()
            .max(1.0)
            .min(f64::from(maximum)) as u32;
        if self.config.enable_fuzz {
            apply_fuzz(days, maximum, fuzz_factor(card_id, reps))
        } else {
            days
        }
    }
}

/// Learning/relearning step logic, as in py-fsrs.
fn step_outcome(steps: &[u32], step: u32, rating: Rating) -> StepOutcome {
    let index = step as usize;
    let millis = |secs: u32| i64::from(secs) * 1000;
    let Some(&first) = steps.first() else {
        return StepOutcome::Graduate;
    };
    if index >= steps.len() && rating != Rating::Again {
        // The steps were shortened since the card entered this step.
        return StepOutcome::Graduate;
    }
    match rating {
        Rating::Again => StepOutcome::Step {
            index: 0,
            millis: millis(first),
        },
        Rating::Hard => {
            let millis = match (index, steps.get(1)) {
                (0, None) => millis(first) * 3 / 2,
                (0, Some(&second)) => (millis(first) + millis(second)) / 2,
                _ => millis(steps[index]),
            };
            StepOutcome::Step {
                index: step,
                millis,
            }
        }
        Rating::Good => match steps.get(index + 1) {
            Some(&next) => StepOutcome::Step {
                index: step + 1,
                millis: millis(next),
            },
            None => StepOutcome::Graduate,
        },
        Rating::Easy => StepOutcome::Graduate,
    }
}

/// Anki's rule: a leech at the threshold, then a reminder every half threshold.
fn leech_threshold_met(lapses: u32, threshold: u32) -> bool {
    if threshold == 0 || lapses < threshold {
        return false;
    }
    let half = (threshold / 2).max(1);
    (lapses - threshold).is_multiple_of(half)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::srs::test_time::at;

    fn scheduler(learning: Vec<u32>, relearning: Vec<u32>) -> Scheduler {
        Scheduler::new(SchedulerConfig {
            learning_steps_secs: learning,
            relearning_steps_secs: relearning,
            enable_fuzz: false,
            ..SchedulerConfig::default()
        })
        .unwrap()
    }

    fn close(actual: f32, expected: f32) -> bool {
        (actual - expected).abs() < 1e-4
    }

    /// Answers each rating on the card's due date, returning (interval, state) per answer.
    fn run_on_due_dates(
        scheduler: &Scheduler,
        ratings: &[Rating],
        start: DateTime<Utc>,
    ) -> Vec<(Duration, CardState)> {
        let mut state = CardState::new();
        let mut now = start;
        let mut out = Vec::new();
        for &rating in ratings {
            let answer = scheduler.answer("golden", &state, rating, now).unwrap();
            now = answer.after.due.unwrap();
            state = answer.after.clone();
            out.push((answer.interval, answer.after));
        }
        out
    }

    #[test]
    fn golden_table_without_steps_matches_srs_md() {
        use Rating::*;
        let history = run_on_due_dates(
            &scheduler(vec![], vec![]),
            &[Good, Good, Again, Good],
            at("2024-01-01T09:00:00Z"),
        );
        let expected = [
            (2, 2.3065, 2.1181),
            (11, 10.9643, 2.1112),
            (2, 1.5383, 7.3922),
            (5, 4.8763, 7.3801),
        ];
        for ((interval, state), (days, s, d)) in history.iter().zip(expected) {
            let memory = state.memory.unwrap();
            assert_eq!(*interval, Duration::days(days));
            assert!(close(memory.stability, s), "S {} vs {s}", memory.stability);
            assert!(
                close(memory.difficulty, d),
                "D {} vs {d}",
                memory.difficulty
            );
            assert_eq!(state.phase, Phase::Review);
        }
        assert_eq!(history[3].1.lapses, 1);
    }

    #[test]
    fn golden_table_with_steps_matches_srs_md() {
        use Rating::*;
        let history = run_on_due_dates(
            &scheduler(vec![60, 600], vec![600]),
            &[Good, Good, Again, Good],
            at("2024-01-01T09:00:00Z"),
        );
        let phases: Vec<(Phase, Duration)> = history.iter().map(|(i, s)| (s.phase, *i)).collect();
        assert_eq!(
            phases,
            vec![
                (Phase::Learning, Duration::minutes(10)),
                (Phase::Review, Duration::days(2)),
                (Phase::Relearning, Duration::minutes(10)),
                (Phase::Review, Duration::days(1)),
            ]
        );
        let last = history[3].1.memory.unwrap();
        assert!(close(last.stability, 0.6598), "S {}", last.stability);
        assert!(close(last.difficulty, 7.3801), "D {}", last.difficulty);
    }

    #[test]
    fn learning_steps_follow_py_fsrs() {
        let s = scheduler(vec![60, 600], vec![600]);
        let now = at("2024-01-01T09:00:00Z");
        let new = CardState::new();
        let preview = s.preview("c", &new, now).unwrap();
        assert_eq!(preview.again, Duration::minutes(1));
        assert_eq!(preview.hard, Duration::seconds(330));
        assert_eq!(preview.good, Duration::minutes(10));
        assert_eq!(preview.easy, Duration::days(8));
        assert_eq!(
            preview.button_line(),
            "Again 1m · Hard 5.5m · Good 10m · Easy 8d"
        );

        let step1 = s.answer("c", &new, Rating::Good, now).unwrap().after;
        assert_eq!(step1.step, Some(1));
        let later = now + Duration::minutes(10);
        let hard = s.answer("c", &step1, Rating::Hard, later).unwrap();
        assert_eq!(
            (hard.after.phase, hard.after.step),
            (Phase::Learning, Some(1))
        );
        assert_eq!(hard.interval, Duration::minutes(10));
        let again = s.answer("c", &step1, Rating::Again, later).unwrap();
        assert_eq!(
            (again.after.step, again.interval),
            (Some(0), Duration::minutes(1))
        );
        // Again in learning is not a lapse.
        assert_eq!(again.after.lapses, 0);
    }

    #[test]
    fn a_single_relearning_step_makes_hard_one_and_a_half_steps() {
        let s = scheduler(vec![60, 600], vec![600]);
        let state = CardState {
            phase: Phase::Relearning,
            step: Some(0),
            memory: Some(Memory {
                stability: 1.5,
                difficulty: 7.0,
            }),
            due: Some(at("2024-01-01T09:10:00Z")),
            last_review: Some(at("2024-01-01T09:00:00Z")),
            reps: 4,
            lapses: 1,
            ..CardState::new()
        };
        let preview = s.preview("c", &state, at("2024-01-01T09:10:00Z")).unwrap();
        assert_eq!(preview.again, Duration::minutes(10));
        assert_eq!(preview.hard, Duration::minutes(15));
        assert!(preview.good >= Duration::days(1));
    }

    #[test]
    fn shortened_steps_graduate_cards_beyond_the_last_step() {
        let s = scheduler(vec![60], vec![600]);
        let state = CardState {
            phase: Phase::Learning,
            step: Some(3),
            memory: Some(Memory {
                stability: 2.3,
                difficulty: 5.0,
            }),
            due: Some(at("2024-01-01T09:00:00Z")),
            last_review: Some(at("2024-01-01T08:50:00Z")),
            reps: 2,
            ..CardState::new()
        };
        let hard = s
            .answer("c", &state, Rating::Hard, at("2024-01-01T09:00:00Z"))
            .unwrap();
        assert_eq!(hard.after.phase, Phase::Review);
        let again = s
            .answer("c", &state, Rating::Again, at("2024-01-01T09:00:00Z"))
            .unwrap();
        assert_eq!(
            (again.after.phase, again.after.step),
            (Phase::Learning, Some(0))
        );
    }

    #[test]
    fn review_again_without_relearning_steps_stays_in_review() {
        let s = scheduler(vec![], vec![]);
        let card = s
            .replay("c", &[(Rating::Good, at("2024-01-01T09:00:00Z"))])
            .unwrap();
        let answer = s
            .answer("c", &card, Rating::Again, at("2024-01-03T09:00:00Z"))
            .unwrap();
        assert_eq!(answer.after.phase, Phase::Review);
        assert_eq!(answer.after.lapses, 1);
        assert!(answer.interval >= Duration::days(1));
    }

    #[test]
    fn elapsed_days_are_whole_24_hour_periods() {
        let s = scheduler(vec![], vec![]);
        let card = s
            .replay("c", &[(Rating::Good, at("2024-01-01T20:00:00Z"))])
            .unwrap();
        let early = s
            .answer("c", &card, Rating::Good, at("2024-01-03T19:59:59Z"))
            .unwrap();
        assert_eq!(early.elapsed_days, Some(1));
        let on_time = s
            .answer("c", &card, Rating::Good, at("2024-01-03T20:00:00Z"))
            .unwrap();
        assert_eq!(on_time.elapsed_days, Some(2));
        // A clock that went backwards counts as the same day, never negative.
        let back = s
            .answer("c", &card, Rating::Good, at("2024-01-01T10:00:00Z"))
            .unwrap();
        assert_eq!(back.elapsed_days, Some(0));
    }

    #[test]
    fn maximum_interval_caps_review_intervals() {
        let s = Scheduler::new(SchedulerConfig {
            maximum_interval_days: 5,
            learning_steps_secs: vec![],
            enable_fuzz: false,
            ..SchedulerConfig::default()
        })
        .unwrap();
        let answer = s
            .answer(
                "c",
                &CardState::new(),
                Rating::Easy,
                at("2024-01-01T09:00:00Z"),
            )
            .unwrap();
        assert_eq!(answer.interval, Duration::days(5));
    }

    #[test]
    fn fuzz_is_deterministic_and_within_bounds() {
        let fuzzy = Scheduler::new(SchedulerConfig::default()).unwrap();
        let plain = scheduler(vec![60, 600], vec![600]);
        let now = at("2024-01-01T09:00:00Z");
        let mut differs = false;
        for n in 0..50 {
            let id = format!("card-{n}");
            let a = fuzzy
                .answer(&id, &CardState::new(), Rating::Easy, now)
                .unwrap();
            let b = fuzzy
                .answer(&id, &CardState::new(), Rating::Easy, now)
                .unwrap();
            let unfuzzed = plain
                .answer(&id, &CardState::new(), Rating::Easy, now)
                .unwrap();
            assert_eq!(a, b);
            assert_eq!(unfuzzed.interval, Duration::days(8));
            // 8 days: delta = 1 + 0.675 + 0.1 = 1.775 -> [6, 10].
            assert!(a.interval >= Duration::days(6) && a.interval <= Duration::days(10));
            differs |= a.interval != unfuzzed.interval;
        }
        assert!(differs, "fuzz never changed an interval");
        // Learning steps are never fuzzed.
        let step = fuzzy
            .answer("x", &CardState::new(), Rating::Good, now)
            .unwrap();
        assert_eq!(step.interval, Duration::minutes(10));
    }

    fn lapse(s: &Scheduler, state: &CardState, now: DateTime<Utc>) -> (Answer, CardState) {
        let answer = s.answer("leechy", state, Rating::Again, now).unwrap();
        let relearned = s
            .answer(
                "leechy",
                &answer.after,
                Rating::Good,
                now + Duration::minutes(10),
            )
            .unwrap()
            .after;
        (answer, relearned)
    }

    #[test]
    fn eighth_lapse_makes_a_leech_and_suspends_it() {
        let s = scheduler(vec![], vec![600]);
        let mut now = at("2024-01-01T09:00:00Z");
        let mut state = s.replay("leechy", &[(Rating::Good, now)]).unwrap();
        let mut events = Vec::new();
        for _ in 0..16 {
            now = state.due.unwrap();
            let (answer, next) = lapse(&s, &state, now);
            if let Some(event) = answer.leech {
                events.push((event.lapses, event.first_time, answer.after.suspended));
            }
            state = next;
        }
        assert_eq!(
            events,
            vec![(8, true, true), (12, false, true), (16, false, true)]
        );
        assert!(state.leech);
        assert_eq!(state.lapses, 16);
    }

    #[test]
    fn tag_only_leeches_stay_active() {
        let s = Scheduler::new(SchedulerConfig {
            leech_threshold: 1,
            leech_action: LeechAction::TagOnly,
            enable_fuzz: false,
            ..SchedulerConfig::default()
        })
        .unwrap();
        let state = CardState {
            phase: Phase::Review,
            memory: Some(Memory {
                stability: 3.0,
                difficulty: 5.0,
            }),
            due: Some(at("2024-01-04T09:00:00Z")),
            last_review: Some(at("2024-01-01T09:00:00Z")),
            reps: 3,
            ..CardState::new()
        };
        let answer = s
            .answer("c", &state, Rating::Again, at("2024-01-04T09:00:00Z"))
            .unwrap();
        assert!(answer.after.leech);
        assert!(!answer.after.suspended);
        assert_eq!(
            answer.leech,
            Some(LeechEvent {
                lapses: 1,
                first_time: true,
                suspended: false
            })
        );
    }

    #[test]
    fn leech_threshold_rule() {
        assert!(!leech_threshold_met(7, 8));
        assert!(leech_threshold_met(8, 8));
        assert!(!leech_threshold_met(10, 8));
        assert!(leech_threshold_met(12, 8));
        assert!(leech_threshold_met(3, 1));
        assert!(!leech_threshold_met(100, 0));
    }

    #[test]
    fn answers_keep_millisecond_precision_only() {
        let s = scheduler(vec![60, 600], vec![600]);
        let now = at("2024-01-01T09:00:00.123456789Z");
        let answer = s.answer("c", &CardState::new(), Rating::Good, now).unwrap();
        assert_eq!(answer.reviewed_at, at("2024-01-01T09:00:00.123Z"));
        assert_eq!(answer.before, CardState::new());
        assert_eq!(answer.after.reps, 1);
    }

    #[test]
    fn retrievability_decays_from_one() {
        let s = scheduler(vec![], vec![]);
        let now = at("2024-01-01T09:00:00Z");
        assert_eq!(s.retrievability(&CardState::new(), now), 0.0);
        let card = s.replay("c", &[(Rating::Good, now)]).unwrap();
        assert!((s.retrievability(&card, now) - 1.0).abs() < 1e-6);
        let at_stability = now + Duration::milliseconds((2.3065 * 86_400_000.0) as i64);
        assert!((s.retrievability(&card, at_stability) - 0.9).abs() < 1e-3);
        assert!(s.retrievability(&card, now + Duration::days(30)) < 0.8);
    }

    #[test]
    fn invalid_parameters_are_rejected() {
        let err = Scheduler::new(SchedulerConfig {
            parameters: vec![1.0; 5],
            ..SchedulerConfig::default()
        })
        .unwrap_err();
        assert!(matches!(
            err,
            SrsError::InvalidConfig {
                field: "parameters",
                ..
            }
        ));
    }
}
