//! Our scheduling state in Anki's terms: a card's `type`, `queue`, `due`, `ivl`, `factor`,
//! `left` and `data` columns, and a review log entry's `revlog` row.
//!
//! Anki counts review due dates in days since the collection's creation (`crt`), learning due
//! times in seconds since 1970, and new cards' `due` is their position in the new queue. The
//! collection is given a creation time at the start of one of our study days, with our rollover
//! hour and UTC offset, so that Anki's day count agrees with ours (see [`AnkiDays`]).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::srs::card::{CardState, Phase};
use crate::srs::config::SchedulerConfig;
use crate::srs::day::{Day, DayClock};
use crate::srs::log::ReviewRecord;

/// Anki's `type` column: where the card is in its life cycle.
pub mod card_type {
    /// Never studied.
    pub const NEW: i64 = 0;
    /// In the learning steps.
    pub const LEARNING: i64 = 1;
    /// Graduated.
    pub const REVIEW: i64 = 2;
    /// In the relearning steps after a lapse.
    pub const RELEARNING: i64 = 3;
}

/// Anki's `queue` column: which queue the card is shown from.
pub mod queue {
    /// Buried by the user until the next day.
    pub const USER_BURIED: i64 = -3;
    /// Suspended.
    pub const SUSPENDED: i64 = -1;
    /// New.
    pub const NEW: i64 = 0;
    /// Learning or relearning, due at a time in seconds.
    pub const LEARNING: i64 = 1;
    /// Review, due on a day.
    pub const REVIEW: i64 = 2;
    /// Learning or relearning with a step of a day or more, due on a day.
    pub const DAY_LEARNING: i64 = 3;
}

/// Anki's revlog `type` column.
pub mod revlog_type {
    /// Answered while new or learning.
    pub const LEARNING: i64 = 0;
    /// Answered in review.
    pub const REVIEW: i64 = 1;
    /// Answered while relearning.
    pub const RELEARNING: i64 = 2;
}

/// The ease factor (in permille) Anki gives a card when it graduates.
pub const INITIAL_EASE: i64 = 2500;

/// Seconds in a day.
const DAY_SECS: i64 = 86_400;

/// Anki's day numbers for a collection created at the start of study day `creation`: day `n`
/// is `creation` plus `n`, so a collection whose `crt` is [`AnkiDays::creation_secs`] and whose
/// rollover hour and creation offset are ours counts days as we do.
#[derive(Debug, Clone, Copy)]
pub struct AnkiDays {
    /// Our study calendar.
    pub clock: DayClock,
    /// The study day the collection is created on.
    pub creation: Day,
}

impl AnkiDays {
    /// The collection's creation time (`crt`), in seconds: the start of the creation day.
    pub fn creation_secs(&self) -> i64 {
        self.clock.start_of(self.creation).timestamp()
    }

    /// Minutes west of UTC at the creation time (Anki's `creationOffset`).
    pub fn creation_minutes_west(&self) -> i64 {
        // The day starts at the rollover hour of its date in local time.
        let utc_start = self.clock.start_of(self.creation).naive_utc();
        let local_start = self
            .creation
            .date()
            .and_hms_opt(self.clock.rollover_hour(), 0, 0)
            .unwrap_or(utc_start);
        (utc_start - local_start).num_minutes()
    }

    /// Anki's day number of an instant.
    pub fn day_number(&self, instant: DateTime<Utc>) -> i64 {
        i64::from(self.clock.day_of(instant).days_since(self.creation))
    }
}

/// A card's scheduling columns in Anki.
#[derive(Debug, Clone, PartialEq)]
pub struct AnkiCardSchedule {
    /// `type`: [`card_type`].
    pub card_type: i64,
    /// `queue`: [`queue`].
    pub queue: i64,
    /// `due`: position (new), seconds (learning queue) or day number (review, day learning).
    pub due: i64,
    /// `ivl`: the review interval in days (0 before graduation).
    pub ivl: i64,
    /// `factor`: ease in permille (0 before graduation).
    pub factor: i64,
    /// `left`: learning steps still to go.
    pub left: i64,
    /// `data`: JSON with the FSRS memory state.
    pub data: String,
}

/// The FSRS state Anki keeps in a card's `data` column (Anki 23.10 and later).
#[derive(Debug, Serialize)]
struct CardData {
    /// Stability in days.
    s: f32,
    /// Difficulty, 1 to 10.
    d: f32,
    /// Desired retention.
    dr: f32,
    /// The forgetting curve's decay (FSRS-6).
    decay: f32,
    /// Time of the last review, in seconds.
    lrt: i64,
}

/// What the card mapping needs besides the card.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleContext<'a> {
    /// Scheduler settings (learning steps, desired retention).
    pub config: &'a SchedulerConfig,
    /// The forgetting curve's decay of the FSRS parameters in use.
    pub decay: f32,
    /// Anki's day numbering.
    pub days: AnkiDays,
    /// The export time (decides whether a buried card is still buried).
    pub now: DateTime<Utc>,
}

/// The Anki scheduling of a card in state `state`, whose new-queue position is `position`.
pub fn card_schedule(
    state: &CardState,
    position: i64,
    ctx: &ScheduleContext<'_>,
) -> AnkiCardSchedule {
    let steps = |phase| match phase {
        Phase::Relearning => ctx.config.relearning_steps_secs.len(),
        _ => ctx.config.learning_steps_secs.len(),
    };
    let (card_type, mut queue, due, ivl, left) = match (state.phase, state.due) {
        (Phase::New, _) | (_, None) => (card_type::NEW, queue::NEW, position, 0, 0),
        (Phase::Review, Some(due)) => (
            card_type::REVIEW,
            queue::REVIEW,
            ctx.days.day_number(due),
            state.scheduled_days().unwrap_or(1).max(1),
            0,
        ),
        (phase, Some(due)) => {
            let card_type = if phase == Phase::Relearning {
                card_type::RELEARNING
            } else {
                card_type::LEARNING
            };
            let step = state.step.unwrap_or(0) as usize;
            let left = steps(phase).saturating_sub(step).max(1) as i64;
            let step_secs = state
                .last_review
                .map_or(0, |last| (due - last).num_seconds());
            let (queue, due) = if step_secs >= DAY_SECS {
                (queue::DAY_LEARNING, ctx.days.day_number(due))
            } else {
                (queue::LEARNING, due.timestamp())
            };
            // A relearning card keeps the interval it will have once relearnt; we use the
            // stability (the interval at 90 % recall), at least a day.
            let ivl = match (phase, state.memory) {
                (Phase::Relearning, Some(memory)) => (memory.stability.round() as i64).max(1),
                _ => 0,
            };
            (card_type, queue, due, ivl, left)
        }
    };
    if state.suspended {
        queue = queue::SUSPENDED;
    } else if state.is_buried(ctx.days.clock.day_of(ctx.now)) {
        queue = queue::USER_BURIED;
    }
    let factor = if matches!(card_type, card_type::REVIEW | card_type::RELEARNING) {
        INITIAL_EASE
    } else {
        0
    };
    let data = match (state.memory, state.last_review) {
        (Some(memory), Some(last)) if card_type != card_type::NEW => {
            serde_json::to_string(&CardData {
                s: round_to(memory.stability, 4),
                d: round_to(memory.difficulty, 3),
                dr: round_to(ctx.config.desired_retention, 2),
                decay: round_to(ctx.decay, 3),
                lrt: last.timestamp(),
            })
            .unwrap_or_else(|_| "{}".to_owned())
        }
        _ => "{}".to_owned(),
    };
    AnkiCardSchedule {
        card_type,
        queue,
        due,
        ivl,
        factor,
        left,
        data,
    }
}

/// `value` rounded to `places` decimals (Anki stores them so).
fn round_to(value: f32, places: i32) -> f32 {
    let factor = 10f32.powi(places);
    (value * factor).round() / factor
}

/// One row of Anki's review log, without its id and card id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevlogRow {
    /// `ease`: the button, 1 Again to 4 Easy.
    pub ease: i64,
    /// `ivl`: the interval given, days when positive, seconds when negative.
    pub ivl: i64,
    /// `lastIvl`: the interval before, in the same units.
    pub last_ivl: i64,
    /// `factor`: for FSRS, the difficulty after the answer mapped to 100..=1100.
    pub factor: i64,
    /// `time`: milliseconds taken.
    pub time: i64,
    /// `type`: [`revlog_type`].
    pub kind: i64,
}

/// The revlog row of a logged answer.
pub fn revlog_row(record: &ReviewRecord) -> RevlogRow {
    let kind = match record.before.phase {
        Phase::New | Phase::Learning => revlog_type::LEARNING,
        Phase::Review => revlog_type::REVIEW,
        Phase::Relearning => revlog_type::RELEARNING,
    };
    let factor = record.after.memory.map_or(0, |memory| {
        (((memory.difficulty - 1.0) / 9.0 + 0.1) * 1000.0).round() as i64
    });
    RevlogRow {
        ease: i64::from(record.rating.number()),
        ivl: anki_interval(&record.after, record.reviewed_at),
        last_ivl: anki_interval(
            &record.before,
            record.before.last_review.unwrap_or_default(),
        ),
        factor,
        time: i64::try_from(record.duration_ms)
            .unwrap_or(i64::MAX)
            .min(i64::from(i32::MAX)),
        kind,
    }
}

/// A state's interval as Anki logs it: whole days (at least one) for review cards, minus the
/// seconds from `from` to the due time for learning cards, 0 for new cards.
fn anki_interval(state: &CardState, from: DateTime<Utc>) -> i64 {
    match (state.phase, state.due) {
        (Phase::New, _) | (_, None) => 0,
        (Phase::Review, Some(due)) => ((due - from).num_milliseconds() as f64 / 86_400_000.0)
            .round()
            .max(1.0) as i64,
        (_, Some(due)) => -(due - from).num_seconds().max(1),
    }
}

#[cfg(test)]
mod tests;
