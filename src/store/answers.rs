//! Writing answers: logging one, changing its rating, undoing it.
//!
//! Every change here is one write transaction that takes the write lock first
//! (`BEGIN IMMEDIATE`), so it either happens completely or not at all, and two instances on
//! one profile never interleave. [`Store::answer`] and [`Store::rerate`] read the card's state
//! inside that transaction and schedule from it: when another instance answered the same card
//! in the meantime, the new answer builds on that one instead of overwriting it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::rows::{self, card_from_row, record_from_row, to_ms};
use super::{CARD_COLUMNS, RECORD_COLUMNS, Store, StoreError};
use crate::srs::{Answer, CardState, Rating, ReviewRecord, Scheduler};

/// An answer the learner gave, before it is scheduled and saved.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAnswer {
    /// Question id of the card.
    pub card_id: String,
    /// The rating given.
    pub rating: Rating,
    /// When it was given.
    pub at: DateTime<Utc>,
    /// Time spent on the question, in milliseconds.
    pub duration_ms: u64,
    /// Whether it was given in an interview drill rather than a review session.
    pub drill: bool,
    /// Whether the learner overrode the grader's verdict, which set this rating.
    pub overridden: bool,
}

/// An answer as it was saved.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedAnswer {
    /// Its row in the review log: the handle for [`Store::rerate`] and [`Store::undo_answer`].
    pub log_id: i64,
    /// The answer as scheduled from the card's state at the moment it was written.
    pub answer: Answer,
}

impl Store {
    /// Logs an answer whose new state the caller already computed, and stores that state, in
    /// one transaction committed (and synced to disk) before returning; returns the log row id.
    ///
    /// For imports, tools and tests that own the profile. The app uses [`Store::answer`],
    /// which schedules from the state stored at the moment of writing.
    pub fn record_answer(
        &self,
        answer: &Answer,
        duration_ms: u64,
        drill: bool,
    ) -> Result<i64, StoreError> {
        let tx = self.begin()?;
        let id = insert_answer(&tx, answer, duration_ms, drill, false).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(id)
    }

    /// Saves an answer: reads the card's current state, schedules `new` from it with
    /// `scheduler`, logs the answer and stores the new state, all in one transaction committed
    /// (and synced to disk) before returning.
    ///
    /// Reading inside the transaction is what keeps two instances on one profile from losing
    /// an update: whichever writes second schedules from the first one's result.
    pub fn answer(
        &self,
        scheduler: &Scheduler,
        new: &NewAnswer,
    ) -> Result<SavedAnswer, StoreError> {
        let tx = self.begin()?;
        let current = self.card_in(&tx, &new.card_id)?;
        let saved = self.schedule_and_insert(&tx, scheduler, &current, new)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(saved)
    }

    /// Replaces the answer logged as `log_id` by `new` (another rating of the same card), in
    /// one transaction: the old row is deleted, the card goes back to its state before the old
    /// answer, and `new` is scheduled from that state and logged. On any error the old answer
    /// stays exactly as it was. Only a card's latest answer can be re-rated.
    pub fn rerate(
        &self,
        log_id: i64,
        scheduler: &Scheduler,
        new: &NewAnswer,
    ) -> Result<SavedAnswer, StoreError> {
        let tx = self.begin()?;
        let old = self.latest_record_in(&tx, log_id)?;
        if old.card_id != new.card_id {
            return Err(StoreError::CannotUndo {
                log_id,
                reason: "it is an answer to another card",
            });
        }
        tx.execute("DELETE FROM review_log WHERE id = ?1", [log_id])
            .map_err(|e| self.err(e))?;
        let saved = self.schedule_and_insert(&tx, scheduler, &old.before, new)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(saved)
    }

    /// Undoes the answer logged as `log_id`: deletes exactly that row and gives the card back
    /// its state from before the answer, in one transaction. Only a card's latest answer can
    /// be undone; other answers, of this card or others, are never touched.
    pub fn undo_answer(&self, log_id: i64) -> Result<ReviewRecord, StoreError> {
        let tx = self.begin()?;
        let record = self.latest_record_in(&tx, log_id)?;
        tx.execute("DELETE FROM review_log WHERE id = ?1", [log_id])
            .map_err(|e| self.err(e))?;
        rows::upsert_card(&tx, &record.card_id, &record.before).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(record)
    }

    /// The card's stored state as seen by the transaction `conn` (new if it has none).
    pub(super) fn card_in(
        &self,
        conn: &Connection,
        card_id: &str,
    ) -> Result<CardState, StoreError> {
        Ok(conn
            .query_row(
                &format!("SELECT {CARD_COLUMNS} FROM cards WHERE question_id = ?1"),
                [card_id],
                |row| Ok(card_from_row(row)),
            )
            .optional()
            .map_err(|e| self.err(e))?
            .transpose()
            .map_err(|e| e.into_store_error(&self.path))?
            .map(|(_, state)| state)
            .unwrap_or_default())
    }

    /// The logged answer `log_id`, if it is its card's latest answer.
    fn latest_record_in(&self, conn: &Connection, log_id: i64) -> Result<ReviewRecord, StoreError> {
        let record = conn
            .query_row(
                &format!("SELECT {RECORD_COLUMNS} FROM review_log WHERE id = ?1"),
                [log_id],
                |row| Ok(record_from_row(row)),
            )
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::CannotUndo {
                log_id,
                reason: "there is no such answer",
            })?
            .map_err(|e| e.into_store_error(&self.path))?;
        let latest: i64 = conn
            .query_row(
                "SELECT max(id) FROM review_log WHERE question_id = ?1",
                [&record.card_id],
                |row| row.get(0),
            )
            .map_err(|e| self.err(e))?;
        if latest != log_id {
            return Err(StoreError::CannotUndo {
                log_id,
                reason: "the same card was answered again later",
            });
        }
        Ok(record)
    }

    fn schedule_and_insert(
        &self,
        conn: &Connection,
        scheduler: &Scheduler,
        from: &CardState,
        new: &NewAnswer,
    ) -> Result<SavedAnswer, StoreError> {
        let answer = scheduler
            .answer(&new.card_id, from, new.rating, new.at)
            .map_err(|source| StoreError::Schedule {
                card_id: new.card_id.clone(),
                source,
            })?;
        let log_id = insert_answer(conn, &answer, new.duration_ms, new.drill, new.overridden)
            .map_err(|e| self.err(e))?;
        Ok(SavedAnswer { log_id, answer })
    }
}

/// Inserts the log row of `answer` and stores the card's new state; returns the row id.
fn insert_answer(
    conn: &Connection,
    answer: &Answer,
    duration_ms: u64,
    drill: bool,
    overridden: bool,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO review_log (question_id, reviewed_at_ms, rating, elapsed_days, \
         duration_ms, drill, phase_before, phase_after, state_before, state_after, \
         interval_before_ms, overridden) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            answer.card_id,
            to_ms(answer.reviewed_at),
            answer.rating.number(),
            answer.elapsed_days,
            i64::try_from(duration_ms).unwrap_or(i64::MAX),
            drill,
            answer.before.phase.code(),
            answer.after.phase.code(),
            rows::state_json(&answer.before),
            rows::state_json(&answer.after),
            rows::logged_interval_ms(&answer.before),
            overridden,
        ],
    )?;
    let id = conn.last_insert_rowid();
    rows::upsert_card(conn, &answer.card_id, &answer.after)?;
    Ok(id)
}

#[cfg(test)]
mod tests;
