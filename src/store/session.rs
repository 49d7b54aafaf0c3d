//! What one review session wrote, and the answer to the card on screen: the small pieces of
//! state a review screen needs so that undo touches only its own answers and a failed save
//! loses nothing.

use super::{NewAnswer, SavedAnswer, Store, StoreError};
use crate::srs::{Rating, ReviewRecord, Scheduler};

/// The answers this session saved, oldest first: the only ones its undo may remove.
///
/// Another instance's answers, and those of earlier sessions, are never in here, so undo
/// cannot reach them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SessionAnswers {
    log_ids: Vec<i64>,
}

impl SessionAnswers {
    /// An empty record, for a new session.
    pub fn new() -> Self {
        Self::default()
    }

    /// Notes an answer this session saved.
    pub fn push(&mut self, log_id: i64) {
        self.log_ids.push(log_id);
    }

    /// Notes that the answer `old` was replaced by `new` (a re-rating); `new` takes its place
    /// as the most recent answer.
    pub fn replace(&mut self, old: i64, new: i64) {
        self.log_ids.retain(|&id| id != old);
        self.log_ids.push(new);
    }

    /// The most recent answer of this session still in the log, if any.
    pub fn latest(&self) -> Option<i64> {
        self.log_ids.last().copied()
    }

    /// Whether `log_id` is an answer of this session.
    pub fn contains(&self, log_id: i64) -> bool {
        self.log_ids.contains(&log_id)
    }

    /// How many answers of this session are in the log.
    pub fn len(&self) -> usize {
        self.log_ids.len()
    }

    /// Whether this session has no answer left in the log.
    pub fn is_empty(&self) -> bool {
        self.log_ids.is_empty()
    }

    /// Undoes this session's most recent answer and returns it; `Ok(None)` when the session
    /// has none left.
    ///
    /// When the answer can no longer be undone (the same card was answered again since, by
    /// another instance) it is dropped from the record, so that the next undo reaches the
    /// one before; other errors (a locked or full disk) keep it for another try.
    pub fn undo_latest(&mut self, store: &Store) -> Result<Option<ReviewRecord>, StoreError> {
        let Some(log_id) = self.latest() else {
            return Ok(None);
        };
        match store.undo_answer(log_id) {
            Ok(record) => {
                self.log_ids.pop();
                Ok(Some(record))
            }
            Err(err @ StoreError::CannotUndo { .. }) => {
                self.log_ids.pop();
                Err(err)
            }
            Err(err) => Err(err),
        }
    }
}

/// The answer to the card on screen: the rating saved for it, and a rating given but not
/// saved yet because the save failed.
///
/// An unsaved rating is kept until [`CardAnswer::retry`] saves it or [`CardAnswer::discard`]
/// drops it; it never counts as an answer. A failed re-rating leaves the saved answer as it
/// was ([`Store::rerate`] is one transaction).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CardAnswer {
    saved: Option<SavedAnswer>,
    unsaved: Option<NewAnswer>,
}

/// What a successful save changed, for the session's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveOutcome {
    /// The rating saved before, when this save replaced it.
    pub replaced: Option<Rating>,
    /// The rating now saved.
    pub rating: Rating,
}

impl CardAnswer {
    /// The saved answer, if any.
    pub fn saved(&self) -> Option<&SavedAnswer> {
        self.saved.as_ref()
    }

    /// The saved rating, if any.
    pub fn saved_rating(&self) -> Option<Rating> {
        self.saved.as_ref().map(|s| s.answer.rating)
    }

    /// The rating waiting to be saved after a failed save, if any.
    pub fn unsaved_rating(&self) -> Option<Rating> {
        self.unsaved.as_ref().map(|n| n.rating)
    }

    /// Whether a rating is waiting to be saved.
    pub fn has_unsaved(&self) -> bool {
        self.unsaved.is_some()
    }

    /// Saves `new` for this card: a first answer, or a re-rating of the saved one. On
    /// success the session records the log row; on failure `new` is kept as the unsaved
    /// rating (replacing an earlier unsaved one) and the saved answer is unchanged.
    pub fn give(
        &mut self,
        store: &Store,
        scheduler: &Scheduler,
        session: &mut SessionAnswers,
        new: NewAnswer,
    ) -> Result<SaveOutcome, StoreError> {
        let result = match &self.saved {
            Some(saved) => store.rerate(saved.log_id, scheduler, &new),
            None => store.answer(scheduler, &new),
        };
        match result {
            Ok(saved) => {
                let replaced = self.saved.as_ref().map(|old| {
                    session.replace(old.log_id, saved.log_id);
                    old.answer.rating
                });
                if replaced.is_none() {
                    session.push(saved.log_id);
                }
                let rating = saved.answer.rating;
                self.saved = Some(saved);
                self.unsaved = None;
                Ok(SaveOutcome { replaced, rating })
            }
            Err(err) => {
                self.unsaved = Some(new);
                Err(err)
            }
        }
    }

    /// Tries again to save the unsaved rating; `Ok(None)` when there is none.
    pub fn retry(
        &mut self,
        store: &Store,
        scheduler: &Scheduler,
        session: &mut SessionAnswers,
    ) -> Result<Option<SaveOutcome>, StoreError> {
        match self.unsaved.clone() {
            Some(new) => self.give(store, scheduler, session, new).map(Some),
            None => Ok(None),
        }
    }

    /// Drops the unsaved rating; the saved answer, if any, stays.
    pub fn discard(&mut self) {
        self.unsaved = None;
    }
}

#[cfg(test)]
mod tests;
