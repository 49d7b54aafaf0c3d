//! Golden histories produced by py-fsrs 6.3.2 with fuzz off (see tests/golden/generate_py_fsrs.py):
//! replaying the same ratings at the same times through our scheduler must give the same phase,
//! step and due time, and stability and difficulty within 1e-4 (relative for values above 1;
//! the `fsrs` crate computes in f32, py-fsrs in f64).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use stagecraft::srs::{CardState, Phase, Rating, Scheduler, SchedulerConfig};

#[derive(Deserialize)]
struct Golden {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    desired_retention: f32,
    learning_steps_secs: Vec<u32>,
    relearning_steps_secs: Vec<u32>,
    maximum_interval_days: u32,
    cards: Vec<GoldenCard>,
}

#[derive(Deserialize)]
struct GoldenCard {
    id: String,
    reviews: Vec<Review>,
}

#[derive(Deserialize)]
struct Review {
    at: String,
    rating: u8,
    state: String,
    step: Option<u32>,
    stability: f64,
    difficulty: f64,
    due: String,
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|err| panic!("bad time {text}: {err}"))
        .with_timezone(&Utc)
}

fn close(actual: f32, expected: f64) -> bool {
    (f64::from(actual) - expected).abs() <= 1e-4 * expected.abs().max(1.0)
}

#[test]
fn scheduler_matches_py_fsrs_histories() {
    let golden: Golden =
        serde_json::from_str(include_str!("golden/py_fsrs_histories.json")).unwrap();
    let mut checked = 0;
    for case in &golden.cases {
        let scheduler = Scheduler::new(SchedulerConfig {
            desired_retention: case.desired_retention,
            learning_steps_secs: case.learning_steps_secs.clone(),
            relearning_steps_secs: case.relearning_steps_secs.clone(),
            maximum_interval_days: case.maximum_interval_days,
            enable_fuzz: false,
            ..SchedulerConfig::default()
        })
        .unwrap();
        for card in &case.cards {
            let mut state = CardState::new();
            for (n, review) in card.reviews.iter().enumerate() {
                let context = format!("{} / {} / review {}", case.name, card.id, n + 1);
                let rating = Rating::from_number(review.rating).unwrap();
                let answer = scheduler
                    .answer(&card.id, &state, rating, time(&review.at))
                    .unwrap();
                state = answer.after;
                assert_eq!(state.phase.name(), review.state, "{context}: phase");
                let expected_step = match state.phase {
                    Phase::Review => None,
                    _ => review.step,
                };
                assert_eq!(state.step, expected_step, "{context}: step");
                assert_eq!(state.due, Some(time(&review.due)), "{context}: due");
                let memory = state.memory.unwrap();
                assert!(
                    close(memory.stability, review.stability),
                    "{context}: stability {} vs {}",
                    memory.stability,
                    review.stability
                );
                assert!(
                    close(memory.difficulty, review.difficulty),
                    "{context}: difficulty {} vs {}",
                    memory.difficulty,
                    review.difficulty
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 250, "only {checked} reviews checked");
}
