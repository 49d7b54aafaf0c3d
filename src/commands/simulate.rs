//! `stagecraft simulate [--retention X] [--days N]`: the reviews per day a desired retention
//! would cause, next to the current one, before changing it with `stagecraft config`.

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::srs::workload::{Workload, simulate_workload};
use crate::srs::{CardState, Phase, SchedulerConfig, SrsError};
use crate::store::Store;

use super::{CommandError, QuestionMeta};

/// The comparison: the current retention's workload, and the proposed one's when given.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The desired retention in force.
    pub current_retention: f32,
    /// Its workload.
    pub current: Workload,
    /// The proposed retention and its workload.
    pub proposed: Option<(f32, Workload)>,
}

/// What a simulation starts from: the profile's settings, its started cards and how many
/// loaded questions are not started yet. Read from the store once; simulated as often as
/// wanted (off the interface's thread too: it owns its data).
#[derive(Debug, Clone)]
pub struct Deck {
    /// The settings in force (limits, parameters, retention).
    pub config: SchedulerConfig,
    /// Every card past the new phase.
    pub started: Vec<CardState>,
    /// Loaded questions not started yet (and not suspended).
    pub new_cards: usize,
}

impl Deck {
    /// The profile's deck for the loaded `questions`.
    pub fn read(store: &Store, questions: &[QuestionMeta]) -> Result<Deck, CommandError> {
        let config = store.scheduler_config()?;
        let mut states = store.card_states()?;
        let new_cards = questions
            .iter()
            .filter(|q| {
                states
                    .get(&q.id)
                    .is_none_or(|s| s.phase == Phase::New && !s.suspended)
            })
            .count();
        // In the order of their ids: the simulator draws for the cards in turn, so the same
        // profile gives the same figures every time.
        let mut started: Vec<(String, CardState)> = states
            .drain()
            .filter(|(_, state)| state.phase != Phase::New)
            .collect();
        started.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(Deck {
            config,
            started: started.into_iter().map(|(_, state)| state).collect(),
            new_cards,
        })
    }

    /// The expected workload of the next `days` days from `now` at `retention`.
    pub fn workload(
        &self,
        retention: f32,
        days: usize,
        now: DateTime<Utc>,
    ) -> Result<Workload, SrsError> {
        let started: Vec<&CardState> = self.started.iter().collect();
        simulate_workload(&self.config, retention, &started, self.new_cards, now, days)
    }
}

/// Simulates the profile's cards (and the loaded questions not yet started) at the current
/// and at the proposed retention.
pub fn compare(
    store: &Store,
    questions: &[QuestionMeta],
    proposed: Option<f32>,
    days: usize,
    now: DateTime<Utc>,
) -> Result<Comparison, CommandError> {
    let deck = Deck::read(store, questions)?;
    let run = |retention| deck.workload(retention, days, now);
    Ok(Comparison {
        current_retention: deck.config.desired_retention,
        current: run(deck.config.desired_retention)?,
        proposed: proposed
            .map(|retention| Ok::<_, CommandError>((retention, run(retention)?)))
            .transpose()?,
    })
}

/// The comparison as a table: one row per day, then the means.
pub fn render(comparison: &Comparison) -> String {
    let mut text = String::from("Simulated workload (expected answers per day; day 1 is today):\n");
    let header = |retention: f32| format!("reviews @{retention:.2}");
    text.push_str(&format!(
        "  {:>4}  {:>14}",
        "day",
        header(comparison.current_retention)
    ));
    if let Some((retention, _)) = &comparison.proposed {
        text.push_str(&format!("  {:>14}", header(*retention)));
    }
    text.push_str(&format!("  {:>9}\n", "new cards"));
    for (day, reviews) in comparison.current.reviews_per_day.iter().enumerate() {
        text.push_str(&format!("  {:>4}  {reviews:>14.1}", day + 1));
        if let Some((_, proposed)) = &comparison.proposed {
            let value = proposed.reviews_per_day.get(day).copied().unwrap_or(0.0);
            text.push_str(&format!("  {value:>14.1}"));
        }
        let new = comparison
            .current
            .new_per_day
            .get(day)
            .copied()
            .unwrap_or(0.0);
        text.push_str(&format!("  {new:>9.1}\n"));
    }
    text.push_str(&format!(
        "  {:>4}  {:>14.1}",
        "mean",
        comparison.current.mean_reviews()
    ));
    if let Some((retention, proposed)) = &comparison.proposed {
        text.push_str(&format!("  {:>14.1}\n", proposed.mean_reviews()));
        text.push_str(&format!(
            "To use it: stagecraft config desired-retention {retention:.2}\n"
        ));
    } else {
        text.push('\n');
    }
    text
}

/// `stagecraft simulate`: writes the table to `out`.
pub fn run(
    store: &Store,
    questions: &[QuestionMeta],
    proposed: Option<f32>,
    days: usize,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let comparison = compare(store, questions, proposed, days, Utc::now())?;
    out.write_all(render(&comparison).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| CommandError::Write {
            target: "standard output".to_owned(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::test_time::at;
    use crate::srs::{CardState, Rating, Scheduler, SchedulerConfig};
    use chrono::Duration;

    fn meta(id: String) -> QuestionMeta {
        QuestionMeta {
            id,
            topic: "t".into(),
            front: String::new(),
            back: String::new(),
            tags: vec![],
        }
    }

    #[test]
    fn the_same_profile_gives_the_same_figures() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let now = at("2026-11-30T12:00:00Z");
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        for i in 0..200 {
            let rating = [Rating::Hard, Rating::Good, Rating::Easy][i % 3];
            let answer = scheduler
                .answer(
                    &format!("q{i}"),
                    &CardState::new(),
                    rating,
                    now - Duration::days(30 - i as i64 % 30),
                )
                .unwrap();
            store.record_answer(&answer, 1000, false).unwrap();
        }
        // Each read of the store hashes the cards anew; the deck keeps them in id order.
        let first = Deck::read(&store, &[])
            .unwrap()
            .workload(0.9, 30, now)
            .unwrap();
        for _ in 0..5 {
            let again = Deck::read(&store, &[])
                .unwrap()
                .workload(0.9, 30, now)
                .unwrap();
            assert_eq!(again, first);
        }
    }

    #[test]
    fn compares_the_current_and_a_proposed_retention() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let now = at("2026-11-30T12:00:00Z");
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        for i in 0..40 {
            let id = format!("q{i}");
            let answer = scheduler
                .answer(
                    &id,
                    &CardState::new(),
                    Rating::Easy,
                    now - Duration::days(20 - i % 20),
                )
                .unwrap();
            store.record_answer(&answer, 1000, false).unwrap();
        }
        let questions: Vec<QuestionMeta> = (0..60).map(|i| meta(format!("q{i}"))).collect();
        let comparison = compare(&store, &questions, Some(0.97), 30, now).unwrap();
        assert_eq!(comparison.current_retention, 0.9);
        // 20 questions not yet started, at 15 a day.
        assert_eq!(&comparison.current.new_per_day[..3], &[15.0, 5.0, 0.0]);
        let (retention, proposed) = comparison.proposed.clone().unwrap();
        assert_eq!(retention, 0.97);
        assert!(proposed.mean_reviews() > comparison.current.mean_reviews());
        let text = render(&comparison);
        assert!(
            text.contains("reviews @0.90") && text.contains("reviews @0.97"),
            "{text}"
        );
        assert_eq!(
            text.lines()
                .filter(|l| l.trim_start().starts_with(char::is_numeric))
                .count(),
            30
        );
        assert!(
            text.contains("stagecraft config desired-retention 0.97"),
            "{text}"
        );
    }
}
