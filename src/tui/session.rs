//! A review or drill session as pure bookkeeping: which cards a drill asks and in what order,
//! the tally of ratings, the cards missed, the score by topic, what `u` can undo, and the
//! rules for which ratings an answer allows. No database and no terminal: the review screen
//! does the saving and drawing around it, and these rules are tested here directly.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::content::grade::Verdict;
use crate::srs::Rating;

/// The rating an auto-graded answer gets without asking: Good when right, Again when wrong.
/// Self-graded answers (flashcards) wait for the learner's rating.
pub fn automatic_rating(verdict: Verdict) -> Option<Rating> {
    match verdict {
        Verdict::Correct => Some(Rating::Good),
        Verdict::Incorrect => Some(Rating::Again),
        Verdict::SelfGraded => None,
    }
}

/// Whether `rating` may be given to an answer with `verdict`: a wrong answer is Again, the
/// rest may be rated freely.
pub fn rating_allowed(verdict: Verdict, rating: Rating) -> bool {
    verdict != Verdict::Incorrect || rating == Rating::Again
}

/// Something done in this session that `u` can take back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undoable {
    /// An answer, logged as `log_id`.
    Answer {
        /// The question.
        card_id: String,
        /// The logged answer's row.
        log_id: i64,
        /// Its rating.
        rating: Rating,
        /// Its topic (for a drill's score).
        topic: String,
    },
    /// A card suspended from the session.
    Suspend {
        /// The question.
        card_id: String,
    },
}

/// The counts of a session, for the header and the summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Answers given (a changed rating counts once).
    pub answered: u32,
    /// Answers by rating, Again to Easy.
    pub by_rating: [u32; 4],
    /// Seconds spent answering.
    pub seconds: u64,
}

impl Tally {
    /// Answers recalled (not Again).
    pub fn recalled(&self) -> u32 {
        self.answered.saturating_sub(self.by_rating[0])
    }
}

/// A drill's fixed list of cards and its clock.
#[derive(Debug, Clone)]
pub struct DrillPlan {
    cards: Vec<String>,
    next: usize,
    /// When time is up.
    pub deadline: DateTime<Utc>,
    /// Whether time ran out.
    pub timed_out: bool,
}

/// One session: what was answered, what can be undone, and for a drill which card is next.
#[derive(Debug, Clone, Default)]
pub struct Session {
    tally: Tally,
    undo: Vec<Undoable>,
    /// Cards rated Again at least once in this session, in the order they were missed.
    missed: Vec<String>,
    /// Topic -> (answered, right), for a drill's score.
    scores: BTreeMap<String, (u32, u32)>,
    drill: Option<DrillPlan>,
}

impl Session {
    /// A review session over the scheduler's queue.
    pub fn review() -> Self {
        Self::default()
    }

    /// A drill over `cards`, in order, until `deadline`.
    pub fn drill(cards: Vec<String>, deadline: DateTime<Utc>) -> Self {
        Self {
            drill: Some(DrillPlan {
                cards,
                next: 0,
                deadline,
                timed_out: false,
            }),
            ..Self::default()
        }
    }

    /// The drill plan, if this is a drill.
    pub fn drill_plan(&self) -> Option<&DrillPlan> {
        self.drill.as_ref()
    }

    /// The next card of a drill (`None` when the list is done or time is up); always `None`
    /// for a review, whose cards come from the queue.
    pub fn next_drill_card(&mut self) -> Option<String> {
        let plan = self.drill.as_mut()?;
        if plan.timed_out {
            return None;
        }
        let card = plan.cards.get(plan.next).cloned();
        plan.next = (plan.next + 1).min(plan.cards.len());
        card
    }

    /// Cards of a drill not shown yet.
    pub fn drill_left(&self) -> usize {
        self.drill
            .as_ref()
            .map_or(0, |p| p.cards.len().saturating_sub(p.next))
    }

    /// Marks a drill as out of time at `now` if its deadline has passed; returns whether it
    /// just ran out.
    pub fn check_time(&mut self, now: DateTime<Utc>) -> bool {
        match &mut self.drill {
            Some(plan) if !plan.timed_out && now >= plan.deadline => {
                plan.timed_out = true;
                true
            }
            _ => false,
        }
    }

    /// The tally so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Cards missed (rated Again) in this session, first miss first.
    pub fn missed(&self) -> &[String] {
        &self.missed
    }

    /// A drill's score by topic: (answered, right).
    pub fn scores(&self) -> &BTreeMap<String, (u32, u32)> {
        &self.scores
    }

    /// Whether `u` has something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// The last thing `u` would undo.
    pub fn last_undoable(&self) -> Option<&Undoable> {
        self.undo.last()
    }

    /// Records a first rating of a card, logged as `log_id`, after `seconds` on it.
    pub fn answered(
        &mut self,
        card_id: &str,
        topic: &str,
        rating: Rating,
        log_id: i64,
        seconds: u64,
    ) {
        self.tally.answered += 1;
        self.tally.seconds += seconds;
        self.count(card_id, topic, rating, 1);
        self.undo.push(Undoable::Answer {
            card_id: card_id.to_owned(),
            log_id,
            rating,
            topic: topic.to_owned(),
        });
    }

    /// Replaces the rating of the last answer (the one just given) with `rating`, logged
    /// again as `log_id`. Returns `false` when the last thing done is not that card's answer.
    pub fn rerated(&mut self, card_id: &str, rating: Rating, log_id: i64) -> bool {
        let Some(Undoable::Answer {
            card_id: last,
            log_id: old_log,
            rating: old,
            topic,
        }) = self.undo.last_mut()
        else {
            return false;
        };
        if last != card_id {
            return false;
        }
        let (old, topic) = (*old, topic.clone());
        *old_log = log_id;
        if let Some(Undoable::Answer { rating: r, .. }) = self.undo.last_mut() {
            *r = rating;
        }
        self.uncount(card_id, &topic, old, 0);
        self.count(card_id, &topic, rating, 0);
        true
    }

    /// Records that a card was suspended from the session.
    pub fn suspended(&mut self, card_id: &str) {
        self.undo.push(Undoable::Suspend {
            card_id: card_id.to_owned(),
        });
    }

    /// Takes back the last thing done, for the caller to undo in the store and to ask its
    /// card again; the tally and scores forget it. A drill goes on after that card.
    pub fn undo(&mut self) -> Option<Undoable> {
        let last = self.undo.pop()?;
        let card = match &last {
            Undoable::Answer {
                card_id,
                rating,
                topic,
                ..
            } => {
                self.tally.answered = self.tally.answered.saturating_sub(1);
                self.uncount(card_id, topic, *rating, 1);
                card_id
            }
            Undoable::Suspend { card_id } => card_id,
        };
        if let Some(plan) = &mut self.drill
            && let Some(index) = plan.cards.iter().position(|c| c == card)
        {
            plan.next = index + 1;
        }
        Some(last)
    }

    /// Puts back on the undo list what [`Session::undo`] took, when the store refused it.
    pub fn restore(&mut self, undone: Undoable) {
        if let Undoable::Answer {
            card_id,
            rating,
            topic,
            ..
        } = &undone
        {
            self.tally.answered += 1;
            self.count(card_id, topic, *rating, 1);
        }
        self.undo.push(undone);
    }

    fn count(&mut self, card_id: &str, topic: &str, rating: Rating, answers: u32) {
        self.tally.by_rating[usize::from(rating.number() - 1)] += 1;
        if rating == Rating::Again && !self.missed.iter().any(|c| c == card_id) {
            self.missed.push(card_id.to_owned());
        }
        if self.drill.is_some() {
            let score = self.scores.entry(topic.to_owned()).or_insert((0, 0));
            score.0 += answers;
            score.1 += u32::from(rating != Rating::Again);
        }
    }

    fn uncount(&mut self, card_id: &str, topic: &str, rating: Rating, answers: u32) {
        let slot = &mut self.tally.by_rating[usize::from(rating.number() - 1)];
        *slot = slot.saturating_sub(1);
        let still_missed = self.undo.iter().any(|u| {
            matches!(u, Undoable::Answer { card_id: c, rating: Rating::Again, .. } if c == card_id)
        });
        if rating == Rating::Again && !still_missed {
            self.missed.retain(|c| c != card_id);
        }
        if self.drill.is_some()
            && let Some(score) = self.scores.get_mut(topic)
        {
            score.0 = score.0.saturating_sub(answers);
            score.1 = score.1.saturating_sub(u32::from(rating != Rating::Again));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + minutes * 60, 0).expect("time")
    }

    #[test]
    fn wrong_answers_are_again_and_only_again() {
        assert_eq!(automatic_rating(Verdict::Incorrect), Some(Rating::Again));
        assert_eq!(automatic_rating(Verdict::Correct), Some(Rating::Good));
        assert_eq!(automatic_rating(Verdict::SelfGraded), None);
        assert!(rating_allowed(Verdict::Incorrect, Rating::Again));
        for rating in [Rating::Hard, Rating::Good, Rating::Easy] {
            assert!(!rating_allowed(Verdict::Incorrect, rating));
            assert!(rating_allowed(Verdict::Correct, rating));
            assert!(rating_allowed(Verdict::SelfGraded, rating));
        }
    }

    #[test]
    fn the_tally_counts_answers_once_and_follows_a_changed_rating() {
        let mut s = Session::review();
        s.answered("a", "t", Rating::Good, 1, 5);
        s.answered("b", "t", Rating::Again, 2, 7);
        assert_eq!(s.tally().answered, 2);
        assert_eq!(s.tally().by_rating, [1, 0, 1, 0]);
        assert_eq!(s.tally().seconds, 12);
        assert_eq!(s.missed(), ["b"]);
        assert!(!s.rerated("a", Rating::Easy, 3), "a is not the last answer");
        s.answered("c", "t", Rating::Good, 4, 1);
        assert!(s.rerated("c", Rating::Easy, 5));
        assert_eq!(s.tally().answered, 3);
        assert_eq!(s.tally().by_rating, [1, 0, 1, 1]);
        assert_eq!(s.tally().recalled(), 2);
        assert_eq!(
            s.last_undoable(),
            Some(&Undoable::Answer {
                card_id: "c".into(),
                log_id: 5,
                rating: Rating::Easy,
                topic: "t".into()
            })
        );
    }

    #[test]
    fn undo_takes_back_answers_and_suspensions_last_first() {
        let mut s = Session::review();
        assert!(s.undo().is_none(), "nothing from before the session");
        s.answered("a", "t", Rating::Again, 1, 0);
        s.suspended("b");
        assert_eq!(
            s.undo(),
            Some(Undoable::Suspend {
                card_id: "b".into()
            })
        );
        assert_eq!(s.tally().answered, 1);
        let undone = s.undo().expect("the answer");
        assert_eq!(s.tally(), &Tally::default());
        assert!(s.missed().is_empty(), "an undone miss is no miss");
        s.restore(undone);
        assert_eq!(s.tally().answered, 1);
        assert_eq!(s.missed(), ["a"]);
        assert!(s.can_undo());
    }

    #[test]
    fn a_drill_asks_its_cards_in_order_until_time_is_up_and_scores_topics() {
        let mut s = Session::drill(vec!["a".into(), "b".into(), "c".into()], at(10));
        assert_eq!(s.next_drill_card().as_deref(), Some("a"));
        s.answered("a", "x", Rating::Good, 1, 0);
        assert_eq!(s.drill_left(), 2);
        assert_eq!(s.next_drill_card().as_deref(), Some("b"));
        s.answered("b", "y", Rating::Again, 2, 0);
        assert_eq!(s.scores()["x"], (1, 1));
        assert_eq!(s.scores()["y"], (1, 0));
        assert_eq!(s.next_drill_card().as_deref(), Some("c"));
        // Undoing "b" asks it again, then goes on with "c".
        s.undo();
        assert_eq!(s.scores()["y"], (0, 0));
        assert_eq!(s.next_drill_card().as_deref(), Some("c"));
        assert!(!s.check_time(at(9)));
        assert!(s.check_time(at(10)));
        assert!(!s.check_time(at(11)), "runs out once");
        assert_eq!(s.next_drill_card(), None);
    }

    #[test]
    fn a_review_takes_no_cards_from_a_drill_list() {
        let mut s = Session::review();
        assert_eq!(s.next_drill_card(), None);
        assert_eq!(s.drill_left(), 0);
        assert!(!s.check_time(at(100)));
    }
}
