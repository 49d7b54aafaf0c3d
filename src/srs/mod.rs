//! Spaced-repetition scheduling around the `fsrs` crate.
//!
//! The `fsrs` crate models memory only (stability and difficulty). Everything around it lives
//! here: card phases and learning steps ([`card`]), the scheduler that turns a rating into the
//! next state ([`scheduler`]), interval fuzz ([`fuzz`]), the 4 AM day rollover ([`day`]),
//! study queues with daily limits ([`queue`]), human interval labels ([`format`](mod@format)), the review
//! log record ([`log`]), statistics over that log ([`stats`]) and the drill order ([`drill`]).
//!
//! Every function here is pure: the result depends only on its arguments (state, rating, time,
//! configuration), so the whole module is tested without a clock, a terminal or a database.
//!
//! # Compatibility with py-fsrs
//!
//! The memory model and the card life cycle follow py-fsrs 6.3 (`fsrs` on PyPI) exactly so that
//! an exported review log replayed through py-fsrs with fuzz off yields the same due times:
//! elapsed days are whole 24-hour periods since the last review, a due time is the review
//! time plus the interval, and learning steps behave as in py-fsrs. The 4 AM day rollover only
//! decides *when a review card shows up* in the queue (from the start of its due day), and
//! which answers count towards today's limits.

pub mod card;
pub mod config;
pub mod custom_study;
pub mod day;
pub mod drill;
pub mod format;
pub mod fuzz;
pub mod interview;
pub mod log;
pub mod optimize;
pub mod queue;
pub mod scheduler;
pub mod stats;
pub mod synthetic;
pub(crate) mod time_serde;
pub mod workload;

pub use card::{CardState, Maturity, Memory, Phase, Rating};
pub use config::{LeechAction, SchedulerConfig};
pub use day::{Day, DayClock, DayCursor, DaySlots};
pub use drill::{DrillCandidate, drill_order};
pub use format::format_interval;
pub use log::ReviewRecord;
pub use queue::{DoneToday, Queue, QueueEntry, build_queue, build_queue_from};
pub use scheduler::{Answer, LeechEvent, Preview, Scheduler};

/// Errors from the scheduler: an invalid configuration or a memory state the model rejects.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SrsError {
    /// A configuration value is out of range.
    #[error("invalid scheduler setting `{field}`: {reason}")]
    InvalidConfig {
        /// The configuration field at fault.
        field: &'static str,
        /// What was expected.
        reason: String,
    },
    /// The FSRS model rejected its input (for example a non-finite stability).
    #[error("the FSRS model rejected the card's memory state: {0}")]
    Model(String),
}

/// Times for tests, written as RFC 3339.
#[cfg(test)]
pub(crate) mod test_time {
    use chrono::{DateTime, Utc};

    /// The instant `text` (RFC 3339, e.g. `2026-11-20T10:00:00Z`) names; panics on a typo.
    pub(crate) fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("a valid RFC 3339 time")
            .with_timezone(&Utc)
    }
}
