//! One row of the review log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::card::{CardState, Rating};
use super::time_serde;

/// A logged answer: what was answered, how, when, and the card state before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    /// Log row id, increasing with time of insertion.
    pub id: i64,
    /// Question id of the card.
    pub card_id: String,
    /// When the answer was given.
    #[serde(with = "time_serde::required")]
    pub reviewed_at: DateTime<Utc>,
    /// The rating.
    pub rating: Rating,
    /// Whole days since the previous answer; `None` for a card's first answer.
    pub elapsed_days: Option<u32>,
    /// Time spent on the question, in milliseconds.
    pub duration_ms: u64,
    /// Whether the answer was given in an interview drill rather than a review session.
    pub drill: bool,
    /// Card state before the answer.
    pub before: CardState,
    /// Card state after the answer.
    pub after: CardState,
    /// Whether the learner overrode the grader's verdict on this answer ("I was right" /
    /// "I was wrong"), which set the rating.
    #[serde(default)]
    pub overridden: bool,
}
