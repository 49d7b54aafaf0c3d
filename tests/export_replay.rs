//! An exported review log, replayed through the scheduler with fuzz off, reproduces every due
//! date stored in the database (the same property the issue checks with py-fsrs; run
//! tests/golden/replay_export.py on the file this test leaves in CARGO_TARGET_TMPDIR to check
//! it against py-fsrs itself).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use stagecraft::commands::run_export;
use stagecraft::export::{ExportFormat, JsonExport};
use stagecraft::srs::{CardState, Rating, Scheduler, SchedulerConfig};
use stagecraft::store::Store;

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-02-01T08:30:00.250Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// Deterministic pseudo-random numbers (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Cards whose stability passes this are left alone: the `fsrs` crate caps stability at 36 500
/// days while py-fsrs does not, and no real history gets near it.
const STABILITY_LIMIT: f32 = 3650.0;

/// Answers cards on time, early and late with mixed ratings; undoes some answers on the way.
fn build_history(store: &Store, scheduler: &Scheduler) {
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    let ids: Vec<String> = (0..8).map(|n| format!("question-{n}")).collect();
    let mut clock: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for round in 0..160 {
        let id = ids[rng.below(ids.len() as u64) as usize].as_str();
        let state = store.card_state(id).unwrap().unwrap_or_default();
        if state.memory.is_some_and(|m| m.stability > STABILITY_LIMIT) {
            continue;
        }
        let last = *clock
            .entry(id)
            .or_insert(start() + Duration::minutes(round));
        let now = match state.due {
            None => last,
            Some(due) => {
                let gap = (due - last).num_seconds().max(60);
                let moment = match rng.below(4) {
                    0 => due,
                    1 => last + Duration::seconds((gap as f64 * 0.4) as i64),
                    2 => due + Duration::hours(rng.below(60) as i64 + 1),
                    _ => due + Duration::days(rng.below(20) as i64 + 2),
                };
                moment.max(last + Duration::seconds(1))
            }
        };
        let rating = match rng.below(10) {
            0 | 1 => Rating::Again,
            2 => Rating::Hard,
            3 => Rating::Easy,
            _ => Rating::Good,
        };
        let answer = scheduler.answer(id, &state, rating, now).unwrap();
        let log_id = store
            .record_answer(&answer, 1000 + rng.below(9000), rng.below(5) == 0)
            .unwrap();
        clock.insert(id, answer.reviewed_at);
        if rng.below(12) == 0 {
            let undone = store.undo_answer(log_id).unwrap();
            assert_eq!(undone.card_id, id);
            clock.insert(id, undone.before.last_review.unwrap_or(last));
        }
    }
}

#[test]
fn replaying_the_exported_log_reproduces_every_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "replay").unwrap();
    let config = SchedulerConfig {
        enable_fuzz: false,
        ..SchedulerConfig::default()
    };
    store.set_scheduler_config(&config).unwrap();
    build_history(&store, &Scheduler::new(config).unwrap());

    let mut bytes = Vec::new();
    run_export(&store, &[], ExportFormat::Json, None, &mut bytes).unwrap();
    if let Some(tmp) = option_env!("CARGO_TARGET_TMPDIR") {
        let _ = std::fs::write(std::path::Path::new(tmp).join("replay-export.json"), &bytes);
    }
    let export: JsonExport = serde_json::from_slice(&bytes).unwrap();
    assert!(export.review_log.len() > 100, "{}", export.review_log.len());

    // Rebuild the scheduler from the export alone.
    let scheduler = Scheduler::new(SchedulerConfig {
        parameters: export.scheduler.parameters.clone(),
        desired_retention: export.scheduler.desired_retention,
        learning_steps_secs: export.scheduler.learning_steps_secs.clone(),
        relearning_steps_secs: export.scheduler.relearning_steps_secs.clone(),
        maximum_interval_days: export.scheduler.maximum_interval_days,
        enable_fuzz: export.scheduler.enable_fuzz,
        ..SchedulerConfig::default()
    })
    .unwrap();

    let mut replayed: HashMap<&str, CardState> = HashMap::new();
    for review in &export.review_log {
        let state = replayed.entry(review.question_id.as_str()).or_default();
        let rating = Rating::from_number(review.rating).unwrap();
        let answer = scheduler
            .answer(&review.question_id, state, rating, review.reviewed_at)
            .unwrap();
        assert_eq!(answer.after.due, review.due, "log row {}", review.id);
        assert_eq!(answer.after, review.state_after, "log row {}", review.id);
        assert_eq!(
            answer.elapsed_days, review.elapsed_days,
            "log row {}",
            review.id
        );
        *state = answer.after;
    }
    assert_eq!(replayed.len(), export.cards.len());
    for card in &export.cards {
        let state = &replayed[card.question_id.as_str()];
        assert_eq!(state.due, card.state.due, "{}", card.question_id);
        assert_eq!(state, &card.state, "{}", card.question_id);
    }
}
