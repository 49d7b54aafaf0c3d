//! The JSON export: every card state and the full review log, with the scheduler settings that
//! produced them. Field by field (see also `docs/export-format.md`):
//!
//! * `format` = `"stagecraft-progress"`, `version` = 2, `exported_at` (RFC 3339, UTC).
//! * `scheduler`: the 21 FSRS parameters actually used, desired retention, learning and
//!   relearning steps in seconds, maximum interval in days, whether fuzz is on, leech threshold
//!   and the day rollover hour.
//! * `cards`: one object per stored card: `question_id` plus the [`CardState`] fields (`phase`,
//!   `step`, `memory` {`stability`, `difficulty`}, `due`, `last_review`, `reps`, `lapses`,
//!   `suspended`, `buried_on`, `leech`).
//! * `review_log`: every answer, oldest first: `id`, `question_id`, `reviewed_at`, `rating`
//!   (1 Again, 2 Hard, 3 Good, 4 Easy: py-fsrs's `Rating` values), `rating_label`,
//!   `elapsed_days`, `duration_ms`, `drill`, `overridden` (the learner overrode the grader's
//!   verdict, which set the rating), `due` (the due time the answer produced) and the full
//!   `state_before` / `state_after`.
//!
//! Replaying each card's answers (`rating` at `reviewed_at`) through py-fsrs's `Scheduler`
//! with the same settings and fuzz off reproduces every `due` (tests/golden/replay_export.py).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::srs::time_serde;
use crate::srs::{CardState, Rating, ReviewRecord, SchedulerConfig};

/// Value of the `format` field.
pub const FORMAT_NAME: &str = "stagecraft-progress";
/// Value of the `version` field.
pub const FORMAT_VERSION: u32 = 2;

/// The whole export document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonExport {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// Always [`FORMAT_VERSION`] for this layout.
    pub version: u32,
    /// When the export was made.
    #[serde(with = "time_serde::required")]
    pub exported_at: DateTime<Utc>,
    /// Scheduler settings in force.
    pub scheduler: SchedulerSection,
    /// Card states, by question id.
    pub cards: Vec<ExportedCard>,
    /// Every answer, oldest first.
    pub review_log: Vec<ExportedReview>,
    /// Completed labs, by id (added in version 2; absent in version 1 files).
    #[serde(default)]
    pub labs: Vec<ExportedLab>,
}

/// A completed lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedLab {
    /// The lab's question id.
    pub lab_id: String,
    /// When every goal first passed.
    #[serde(with = "time_serde::required")]
    pub completed_at: DateTime<Utc>,
}

/// The completed labs of a profile as export entries, sorted by id.
pub fn exported_labs(completions: &HashMap<String, DateTime<Utc>>) -> Vec<ExportedLab> {
    let mut labs: Vec<ExportedLab> = completions
        .iter()
        .map(|(id, at)| ExportedLab {
            lab_id: id.clone(),
            completed_at: *at,
        })
        .collect();
    labs.sort_by(|a, b| a.lab_id.cmp(&b.lab_id));
    labs
}

/// The scheduler settings, in py-fsrs's terms where they exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchedulerSection {
    /// The 21 FSRS-6 parameters.
    pub parameters: Vec<f32>,
    /// Desired retention.
    pub desired_retention: f32,
    /// Learning steps in seconds.
    pub learning_steps_secs: Vec<u32>,
    /// Relearning steps in seconds.
    pub relearning_steps_secs: Vec<u32>,
    /// Maximum interval in days.
    pub maximum_interval_days: u32,
    /// Whether review intervals were fuzzed.
    pub enable_fuzz: bool,
    /// Lapses that make a leech.
    pub leech_threshold: u32,
    /// Local hour at which a study day starts.
    pub rollover_hour: u32,
}

/// One card's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedCard {
    /// Question id.
    pub question_id: String,
    /// The scheduling state.
    #[serde(flatten)]
    pub state: CardState,
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedReview {
    /// Log row id.
    pub id: i64,
    /// Question id.
    pub question_id: String,
    /// When it was answered.
    #[serde(with = "time_serde::required")]
    pub reviewed_at: DateTime<Utc>,
    /// 1 Again, 2 Hard, 3 Good, 4 Easy.
    pub rating: u8,
    /// "Again", "Hard", "Good" or "Easy".
    pub rating_label: String,
    /// Whole days since the previous answer (`null` for the first).
    pub elapsed_days: Option<u32>,
    /// Time spent, in milliseconds.
    pub duration_ms: u64,
    /// Answered in a drill.
    pub drill: bool,
    /// The learner overrode the grader's verdict, which set the rating (absent, so false, in
    /// files written before the override existed).
    #[serde(default)]
    pub overridden: bool,
    /// Due time the answer produced.
    #[serde(with = "time_serde::optional")]
    pub due: Option<DateTime<Utc>>,
    /// State before the answer.
    pub state_before: CardState,
    /// State after the answer.
    pub state_after: CardState,
}

impl ExportedReview {
    /// Converts back into a log record (`None` if the rating is not 1..=4).
    pub fn to_record(&self) -> Option<ReviewRecord> {
        Some(ReviewRecord {
            id: self.id,
            card_id: self.question_id.clone(),
            reviewed_at: self.reviewed_at,
            rating: Rating::from_number(self.rating)?,
            elapsed_days: self.elapsed_days,
            duration_ms: self.duration_ms,
            drill: self.drill,
            overridden: self.overridden,
            before: self.state_before.clone(),
            after: self.state_after.clone(),
        })
    }
}

/// Assembles the export from the stored rows. Cards are sorted by question id; the log keeps
/// its order.
pub fn build_json_export(
    config: &SchedulerConfig,
    cards: &HashMap<String, CardState>,
    log: &[ReviewRecord],
    now: DateTime<Utc>,
) -> JsonExport {
    let parameters = if config.parameters.is_empty() {
        fsrs::DEFAULT_PARAMETERS.to_vec()
    } else {
        fsrs::check_and_fill_parameters(&config.parameters)
            .unwrap_or_else(|_| config.parameters.clone())
    };
    let mut exported_cards: Vec<ExportedCard> = cards
        .iter()
        .map(|(id, state)| ExportedCard {
            question_id: id.clone(),
            state: state.clone(),
        })
        .collect();
    exported_cards.sort_by(|a, b| a.question_id.cmp(&b.question_id));
    JsonExport {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        exported_at: now,
        scheduler: SchedulerSection {
            parameters,
            desired_retention: config.desired_retention,
            learning_steps_secs: config.learning_steps_secs.clone(),
            relearning_steps_secs: config.relearning_steps_secs.clone(),
            maximum_interval_days: config.maximum_interval_days,
            enable_fuzz: config.enable_fuzz,
            leech_threshold: config.leech_threshold,
            rollover_hour: config.rollover_hour,
        },
        cards: exported_cards,
        review_log: log
            .iter()
            .map(|record| ExportedReview {
                id: record.id,
                question_id: record.card_id.clone(),
                reviewed_at: record.reviewed_at,
                rating: record.rating.number(),
                rating_label: record.rating.label().to_owned(),
                elapsed_days: record.elapsed_days,
                duration_ms: record.duration_ms,
                drill: record.drill,
                overridden: record.overridden,
                due: record.after.due,
                state_before: record.before.clone(),
                state_after: record.after.clone(),
            })
            .collect(),
        labs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::Scheduler;

    #[test]
    fn export_holds_cards_log_and_settings_and_reads_back() {
        let scheduler = Scheduler::new(SchedulerConfig {
            enable_fuzz: false,
            ..SchedulerConfig::default()
        })
        .unwrap();
        let t0 = DateTime::parse_from_rfc3339("2024-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let answer = scheduler
            .answer("q1", &CardState::new(), Rating::Hard, t0)
            .unwrap();
        let record = ReviewRecord {
            id: 7,
            card_id: "q1".into(),
            reviewed_at: answer.reviewed_at,
            rating: answer.rating,
            elapsed_days: answer.elapsed_days,
            duration_ms: 1234,
            drill: true,
            overridden: true,
            before: answer.before.clone(),
            after: answer.after.clone(),
        };
        let cards = HashMap::from([("q1".to_owned(), answer.after.clone())]);
        let export = build_json_export(
            scheduler.config(),
            &cards,
            std::slice::from_ref(&record),
            t0,
        );
        let json = serde_json::to_value(&export).unwrap();
        assert_eq!(json["format"], "stagecraft-progress");
        assert_eq!(
            json["scheduler"]["parameters"].as_array().unwrap().len(),
            21
        );
        assert_eq!(
            json["scheduler"]["learning_steps_secs"],
            serde_json::json!([60, 600])
        );
        assert_eq!(json["cards"][0]["question_id"], "q1");
        assert_eq!(json["cards"][0]["phase"], "learning");
        assert_eq!(json["review_log"][0]["rating"], 2);
        assert_eq!(json["review_log"][0]["rating_label"], "Hard");
        assert_eq!(
            json["review_log"][0]["reviewed_at"],
            "2024-01-01T10:00:00.000Z"
        );
        assert_eq!(json["review_log"][0]["due"], "2024-01-01T10:05:30.000Z");
        assert!(json["review_log"][0]["elapsed_days"].is_null());
        assert_eq!(json["review_log"][0]["overridden"], true);

        let back: JsonExport = serde_json::from_value(json).unwrap();
        assert_eq!(back, export);
        assert_eq!(back.review_log[0].to_record(), Some(record));
    }

    #[test]
    fn answers_exported_before_overrides_existed_read_as_not_overridden() {
        let review = serde_json::json!({
            "id": 1, "question_id": "q", "reviewed_at": "2024-01-01T10:00:00.000Z",
            "rating": 3, "rating_label": "Good", "elapsed_days": null, "duration_ms": 5,
            "drill": false, "due": null,
            "state_before": serde_json::to_value(CardState::new()).unwrap(),
            "state_after": serde_json::to_value(CardState::new()).unwrap(),
        });
        let review: ExportedReview = serde_json::from_value(review).unwrap();
        assert!(!review.overridden);
    }
}
