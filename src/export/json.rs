//! The JSON export: every card state and the full review log, with the scheduler settings that
//! produced them and the history of those settings. Field by field (see also
//! `docs/export-format.md`):
//!
//! * `format` = `"stagecraft-progress"`, `version` = 2, `exported_at` (RFC 3339, UTC).
//! * `scheduler`: every scheduling setting in force: the 21 FSRS parameters actually used,
//!   desired retention, learning and relearning steps in seconds, maximum interval in days,
//!   whether fuzz is on, the daily limits of new cards and reviews, leech threshold and
//!   action, the day rollover hour and the learn-ahead limit.
//! * `settings_history`: each saved change of those settings, oldest first, as `changed_at`
//!   plus the same fields as `scheduler`; an answer was scheduled under the latest entry at or
//!   before its time.
//! * `cards`: one object per stored card: `question_id` plus the [`CardState`] fields (`phase`,
//!   `step`, `memory` {`stability`, `difficulty`}, `due`, `last_review`, `reps`, `lapses`,
//!   `suspended`, `buried_on`, `leech`).
//! * `review_log`: every answer, oldest first: `id`, `question_id`, `reviewed_at`, `rating`
//!   (1 Again, 2 Hard, 3 Good, 4 Easy: py-fsrs's `Rating` values), `rating_label`,
//!   `elapsed_days`, `duration_ms`, `drill`, `overridden` (the learner overrode the grader's
//!   verdict, which set the rating), `due` (the due time the answer produced) and the full
//!   `state_before` / `state_after`.
//! * `labs`: completed labs, sorted by id: `lab_id` and `completed_at` (first completion).
//!
//! Replaying each card's answers (`rating` at `reviewed_at`) through py-fsrs's `Scheduler`
//! with the same settings and fuzz off reproduces every `due` (tests/golden/replay_export.py).
//! Version 1 files (no `labs`, no `settings_history`, no daily limits or leech action) still
//! import.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::srs::time_serde;
use crate::srs::{CardState, LeechAction, Rating, ReviewRecord, SchedulerConfig};
use crate::store::ProgressSnapshot;

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
    /// Every saved change of the settings, oldest first (absent in version 1).
    #[serde(default)]
    pub settings_history: Vec<SettingsEntry>,
    /// Card states, by question id.
    pub cards: Vec<ExportedCard>,
    /// Every answer, oldest first.
    pub review_log: Vec<ExportedReview>,
    /// Completed labs, by id (absent in version 1 files).
    #[serde(default)]
    pub labs: Vec<ExportedLab>,
    /// Saved mock interviews, oldest first (left out when there are none; absent in version 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mock_interviews: Vec<crate::srs::interview::MockInterview>,
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
pub fn exported_labs<'a>(
    completions: impl IntoIterator<Item = (&'a String, &'a DateTime<Utc>)>,
) -> Vec<ExportedLab> {
    let mut labs: Vec<ExportedLab> = completions
        .into_iter()
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
    /// New cards introduced per study day (absent in version 1: the default).
    #[serde(default = "defaults::new_per_day")]
    pub new_per_day: u32,
    /// Review cards answered per study day (absent in version 1: the default).
    #[serde(default = "defaults::reviews_per_day")]
    pub reviews_per_day: u32,
    /// Lapses that make a leech.
    pub leech_threshold: u32,
    /// What happens to a new leech (absent in version 1: the default).
    #[serde(default)]
    pub leech_action: LeechAction,
    /// Local hour at which a study day starts.
    pub rollover_hour: u32,
    /// Learning cards due within this many seconds are shown early when nothing else is left
    /// (absent in version 1: the default).
    #[serde(default = "defaults::learn_ahead_secs")]
    pub learn_ahead_secs: u32,
}

/// Defaults of the fields version 1 did not have.
mod defaults {
    use crate::srs::SchedulerConfig;

    pub(super) fn new_per_day() -> u32 {
        SchedulerConfig::default().new_per_day
    }

    pub(super) fn reviews_per_day() -> u32 {
        SchedulerConfig::default().reviews_per_day
    }

    pub(super) fn learn_ahead_secs() -> u32 {
        SchedulerConfig::default().learn_ahead_secs
    }
}

impl SchedulerSection {
    /// The section for a configuration, with the parameters filled to all 21.
    pub fn from_config(config: &SchedulerConfig) -> SchedulerSection {
        let parameters = if config.parameters.is_empty() {
            fsrs::DEFAULT_PARAMETERS.to_vec()
        } else {
            fsrs::check_and_fill_parameters(&config.parameters)
                .unwrap_or_else(|_| config.parameters.clone())
        };
        SchedulerSection {
            parameters,
            desired_retention: config.desired_retention,
            learning_steps_secs: config.learning_steps_secs.clone(),
            relearning_steps_secs: config.relearning_steps_secs.clone(),
            maximum_interval_days: config.maximum_interval_days,
            enable_fuzz: config.enable_fuzz,
            new_per_day: config.new_per_day,
            reviews_per_day: config.reviews_per_day,
            leech_threshold: config.leech_threshold,
            leech_action: config.leech_action,
            rollover_hour: config.rollover_hour,
            learn_ahead_secs: config.learn_ahead_secs,
        }
    }

    /// The configuration this section describes (parameters equal to the crate's defaults
    /// become "the defaults", as a profile that never optimised stores them). Not validated.
    pub fn to_config(&self) -> SchedulerConfig {
        let parameters = if self.parameters == fsrs::DEFAULT_PARAMETERS {
            Vec::new()
        } else {
            self.parameters.clone()
        };
        SchedulerConfig {
            desired_retention: self.desired_retention,
            learning_steps_secs: self.learning_steps_secs.clone(),
            relearning_steps_secs: self.relearning_steps_secs.clone(),
            maximum_interval_days: self.maximum_interval_days,
            enable_fuzz: self.enable_fuzz,
            new_per_day: self.new_per_day,
            reviews_per_day: self.reviews_per_day,
            leech_threshold: self.leech_threshold,
            leech_action: self.leech_action,
            rollover_hour: self.rollover_hour,
            learn_ahead_secs: self.learn_ahead_secs,
            parameters,
        }
    }
}

/// One saved change of the settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsEntry {
    /// From when the settings were in force (the Unix epoch: from the start).
    #[serde(with = "time_serde::required")]
    pub changed_at: DateTime<Utc>,
    /// The settings.
    #[serde(flatten)]
    pub scheduler: SchedulerSection,
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
        scheduler: SchedulerSection::from_config(config),
        settings_history: Vec::new(),
        cards: exported_cards,
        review_log: log.iter().map(ExportedReview::from_record).collect(),
        labs: Vec::new(),
        mock_interviews: Vec::new(),
    }
}

/// The export of a whole profile snapshot, settings history included.
pub fn export_snapshot(snapshot: &ProgressSnapshot, now: DateTime<Utc>) -> JsonExport {
    JsonExport {
        format: FORMAT_NAME.to_owned(),
        version: FORMAT_VERSION,
        exported_at: now,
        scheduler: SchedulerSection::from_config(&snapshot.config),
        settings_history: snapshot
            .settings_history
            .iter()
            .map(|change| SettingsEntry {
                changed_at: change.at,
                scheduler: SchedulerSection::from_config(&change.config),
            })
            .collect(),
        cards: snapshot
            .cards
            .iter()
            .map(|(id, state)| ExportedCard {
                question_id: id.clone(),
                state: state.clone(),
            })
            .collect(),
        review_log: snapshot
            .log
            .iter()
            .map(ExportedReview::from_record)
            .collect(),
        labs: exported_labs(&snapshot.labs),
        mock_interviews: snapshot.mock_interviews.clone(),
    }
}

impl ExportedReview {
    /// The exported form of a log record.
    pub fn from_record(record: &ReviewRecord) -> ExportedReview {
        ExportedReview {
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
        }
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
