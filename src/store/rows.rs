//! Conversions between database rows and scheduler types.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

use super::StoreError;
use crate::srs::{CardState, Day, Memory, Phase, Rating, ReviewRecord};

/// A row that could not be turned into a value.
#[derive(Debug)]
pub(crate) struct DecodeError {
    what: &'static str,
    detail: String,
}

impl DecodeError {
    fn new(what: &'static str, detail: impl Into<String>) -> DecodeError {
        DecodeError {
            what,
            detail: detail.into(),
        }
    }

    /// Attaches the database path.
    pub(crate) fn into_store_error(self, path: &Path) -> StoreError {
        StoreError::Decode {
            path: path.to_owned(),
            what: self.what,
            detail: self.detail,
        }
    }
}

/// Milliseconds since the Unix epoch.
pub(crate) fn to_ms(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

/// The instant for milliseconds since the Unix epoch, if representable.
pub(crate) fn from_ms(ms: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
}

/// The review interval of `state` as the log's `interval_before_ms` column holds it: from the
/// times cut to milliseconds, as the JSON state stores them. Review cards only.
pub(crate) fn logged_interval_ms(state: &CardState) -> Option<i64> {
    if state.phase != Phase::Review {
        return None;
    }
    Some(to_ms(state.due?) - to_ms(state.last_review?))
}

/// A card state as JSON, for the review log's before/after columns.
pub(crate) fn state_json(state: &CardState) -> String {
    // Serializing a plain struct of numbers, strings and options cannot fail.
    serde_json::to_string(state).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
}

fn get<T: rusqlite::types::FromSql>(
    row: &Row<'_>,
    index: usize,
    what: &'static str,
) -> Result<T, DecodeError> {
    row.get(index)
        .map_err(|err| DecodeError::new(what, err.to_string()))
}

fn time(ms: Option<i64>, what: &'static str) -> Result<Option<DateTime<Utc>>, DecodeError> {
    ms.map(|ms| {
        from_ms(ms).ok_or_else(|| DecodeError::new(what, format!("{ms} is not a valid time")))
    })
    .transpose()
}

fn count(value: i64, what: &'static str) -> Result<u32, DecodeError> {
    u32::try_from(value).map_err(|_| DecodeError::new(what, format!("{value} is out of range")))
}

fn phase(row: &Row<'_>, index: usize, id: &str) -> Result<Phase, DecodeError> {
    let code: i64 = get(row, index, "card phase")?;
    Phase::from_code(code)
        .ok_or_else(|| DecodeError::new("card phase", format!("unknown phase {code} for {id}")))
}

fn buried_day(row: &Row<'_>, index: usize) -> Result<Option<Day>, DecodeError> {
    let buried: Option<i64> = get(row, index, "card buried day")?;
    buried
        .map(|d| {
            i32::try_from(d)
                .map(Day::from_number)
                .map_err(|_| DecodeError::new("card buried day", format!("{d} is out of range")))
        })
        .transpose()
}

/// Reads a `cards` row selected with `CARD_COLUMNS`.
pub(crate) fn card_from_row(row: &Row<'_>) -> Result<(String, CardState), DecodeError> {
    let id: String = get(row, 0, "card id")?;
    let state = card_state_from_row(row, &id)?;
    Ok((id, state))
}

/// The id of a `cards` row selected with `CARD_COLUMNS`, borrowed from the row.
pub(crate) fn card_id_of_row<'r>(row: &'r Row<'_>) -> Result<&'r str, DecodeError> {
    row.get_ref(0)
        .and_then(|value| value.as_str().map_err(Into::into))
        .map_err(|err| DecodeError::new("card id", err.to_string()))
}

/// The state in a `cards` row selected with `CARD_COLUMNS` (`id` names it in errors).
pub(crate) fn card_state_from_row(row: &Row<'_>, id: &str) -> Result<CardState, DecodeError> {
    let phase = phase(row, 1, id)?;
    let step: Option<i64> = get(row, 2, "card step")?;
    let stability: Option<f64> = get(row, 3, "card stability")?;
    let difficulty: Option<f64> = get(row, 4, "card difficulty")?;
    let state = CardState {
        phase,
        step: step.map(|s| count(s, "card step")).transpose()?,
        memory: memory(stability, difficulty),
        due: time(get(row, 5, "card due time")?, "card due time")?,
        last_review: time(get(row, 6, "card last review")?, "card last review")?,
        reps: count(get(row, 7, "card reps")?, "card reps")?,
        lapses: count(get(row, 8, "card lapses")?, "card lapses")?,
        suspended: get(row, 9, "card suspended flag")?,
        buried_on: buried_day(row, 10)?,
        leech: get(row, 11, "card leech flag")?,
    };
    Ok(state)
}

/// Reads the fields the statistics use (`question_id, phase, stability, difficulty, due_ms,
/// last_review_ms, suspended, buried_day, leech`; `id` names the card in errors); the card's
/// other fields keep the values of a new card.
pub(crate) fn stats_card_from_row(row: &Row<'_>, id: &str) -> Result<CardState, DecodeError> {
    let stability: Option<f64> = get(row, 2, "card stability")?;
    let difficulty: Option<f64> = get(row, 3, "card difficulty")?;
    Ok(CardState {
        phase: phase(row, 1, id)?,
        memory: memory(stability, difficulty),
        due: time(get(row, 4, "card due time")?, "card due time")?,
        last_review: time(get(row, 5, "card last review")?, "card last review")?,
        suspended: get(row, 6, "card suspended flag")?,
        buried_on: buried_day(row, 7)?,
        leech: get(row, 8, "card leech flag")?,
        ..CardState::new()
    })
}

/// A card's memory, when both of its figures are stored.
fn memory(stability: Option<f64>, difficulty: Option<f64>) -> Option<Memory> {
    match (stability, difficulty) {
        (Some(stability), Some(difficulty)) => Some(Memory {
            stability: stability as f32,
            difficulty: difficulty as f32,
        }),
        _ => None,
    }
}

/// Reads the fields the study queue uses (`question_id, phase, due_ms, suspended,
/// buried_day`); the card's other fields keep the values of a new card.
pub(crate) fn queue_card_from_row(row: &Row<'_>) -> Result<(String, CardState), DecodeError> {
    let id: String = get(row, 0, "card id")?;
    let state = CardState {
        phase: phase(row, 1, &id)?,
        due: time(get(row, 2, "card due time")?, "card due time")?,
        suspended: get(row, 3, "card suspended flag")?,
        buried_on: buried_day(row, 4)?,
        ..CardState::new()
    };
    Ok((id, state))
}

/// Reads a `review_log` row selected with `RECORD_COLUMNS`.
pub(crate) fn record_from_row(row: &Row<'_>) -> Result<ReviewRecord, DecodeError> {
    let id: i64 = get(row, 0, "review log id")?;
    let rating_number: i64 = get(row, 3, "review rating")?;
    let rating = u8::try_from(rating_number)
        .ok()
        .and_then(Rating::from_number)
        .ok_or_else(|| DecodeError::new("review rating", format!("{rating_number} in row {id}")))?;
    let state = |index, what| -> Result<CardState, DecodeError> {
        let json: String = get(row, index, what)?;
        serde_json::from_str(&json)
            .map_err(|err| DecodeError::new(what, format!("row {id}: {err}")))
    };
    let reviewed_at_ms: i64 = get(row, 2, "review time")?;
    let elapsed: Option<i64> = get(row, 4, "review elapsed days")?;
    let duration: i64 = get(row, 5, "review duration")?;
    Ok(ReviewRecord {
        id,
        card_id: get(row, 1, "review question id")?,
        reviewed_at: time(Some(reviewed_at_ms), "review time")?
            .ok_or_else(|| DecodeError::new("review time", format!("row {id}")))?,
        rating,
        elapsed_days: elapsed
            .map(|e| count(e, "review elapsed days"))
            .transpose()?,
        duration_ms: u64::try_from(duration).unwrap_or(0),
        drill: get(row, 6, "review drill flag")?,
        before: state(7, "review state before")?,
        after: state(8, "review state after")?,
        overridden: get(row, 9, "review overridden flag")?,
    })
}

/// Inserts or replaces a card's state.
pub(crate) fn upsert_card(
    conn: &Connection,
    question_id: &str,
    state: &CardState,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO cards (question_id, phase, step, stability, difficulty, due_ms, \
         last_review_ms, reps, lapses, suspended, buried_day, leech) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
         ON CONFLICT (question_id) DO UPDATE SET phase = excluded.phase, step = excluded.step, \
         stability = excluded.stability, difficulty = excluded.difficulty, \
         due_ms = excluded.due_ms, last_review_ms = excluded.last_review_ms, \
         reps = excluded.reps, lapses = excluded.lapses, suspended = excluded.suspended, \
         buried_day = excluded.buried_day, leech = excluded.leech",
        params![
            question_id,
            state.phase.code(),
            state.step,
            state.memory.map(|m| f64::from(m.stability)),
            state.memory.map(|m| f64::from(m.difficulty)),
            state.due.map(to_ms),
            state.last_review.map(to_ms),
            state.reps,
            state.lapses,
            state.suspended,
            state.buried_on.map(Day::number),
            state.leech,
        ],
    )
}
