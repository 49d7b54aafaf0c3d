//! The review log added up: per 15-minute bucket of UTC time and per card. The statistics need
//! no more of the log than this, so the store keeps these totals up to date as the log changes
//! (triggers of schema version 7) instead of reading a million answers for every report.
//!
//! [`LogTotals::from_log`] is the same sum worked out from the answers themselves: the
//! reference the stored totals are tested against.

use std::collections::BTreeMap;

use super::StatsAnswer;
use crate::srs::{Maturity, Phase, Rating};

/// Width of a bucket in milliseconds: 15 minutes. Every time zone offset in use is a multiple of
/// 15 minutes and a study day starts on a whole hour, so all the answers of one bucket belong to
/// the same study day, whatever the offset and the rollover hour (and their later changes).
pub const BUCKET_MS: i64 = 15 * 60 * 1000;

/// The most time one answer adds to the time spent (2^40 ms, about 35 years), so that a sum of
/// answers in one bucket cannot overflow however the log was written (an import takes any
/// duration). Real answers are far below it.
pub const MAX_COUNTED_DURATION_MS: u64 = 1 << 40;

/// The start of the bucket holding the instant `ms` (milliseconds since the Unix epoch).
pub const fn bucket_start_ms(ms: i64) -> i64 {
    ms - ms.rem_euclid(BUCKET_MS)
}

/// The time one answer adds to the time spent, in milliseconds.
pub fn counted_duration_ms(duration_ms: u64) -> u64 {
    duration_ms.min(MAX_COUNTED_DURATION_MS)
}

/// The answers of one bucket, added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BucketTotals {
    /// All answers.
    pub answers: u64,
    /// Answers to new cards.
    pub new: u64,
    /// Answers to learning and relearning cards.
    pub learning: u64,
    /// Answers to review cards.
    pub review: u64,
    /// Answers rated Again.
    pub again: u64,
    /// Answers given in drills.
    pub drill: u64,
    /// Time spent answering, in milliseconds (each answer counted up to
    /// [`MAX_COUNTED_DURATION_MS`]).
    pub duration_ms: u64,
    /// Answers to young review cards (interval under 21 days, or unknown).
    pub young: u64,
    /// Of those, not rated Again.
    pub young_passed: u64,
    /// Answers to mature review cards.
    pub mature: u64,
    /// Of those, not rated Again.
    pub mature_passed: u64,
}

impl BucketTotals {
    /// Counts one answer.
    pub fn add(&mut self, answer: &StatsAnswer) {
        let passed = u64::from(answer.rating != Rating::Again);
        self.answers += 1;
        match answer.phase_before {
            Phase::New => self.new += 1,
            Phase::Learning | Phase::Relearning => self.learning += 1,
            Phase::Review => {
                self.review += 1;
                if answer.maturity_before == Some(Maturity::Mature) {
                    self.mature += 1;
                    self.mature_passed += passed;
                } else {
                    self.young += 1;
                    self.young_passed += passed;
                }
            }
        }
        self.again += 1 - passed;
        self.drill += u64::from(answer.drill);
        self.duration_ms = self
            .duration_ms
            .saturating_add(counted_duration_ms(answer.duration_ms));
    }

    /// Adds another bucket's totals (for a day made of several buckets).
    pub fn absorb(&mut self, other: &BucketTotals) {
        self.answers += other.answers;
        self.new += other.new;
        self.learning += other.learning;
        self.review += other.review;
        self.again += other.again;
        self.drill += other.drill;
        self.duration_ms = self.duration_ms.saturating_add(other.duration_ms);
        self.young += other.young;
        self.young_passed += other.young_passed;
        self.mature += other.mature;
        self.mature_passed += other.mature_passed;
    }
}

/// The answers to one card, added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CardTotals {
    /// All answers.
    pub answers: u64,
    /// Those not rated Again.
    pub passed: u64,
}

/// The whole review log, added up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogTotals {
    /// By bucket start (milliseconds since the Unix epoch, a multiple of [`BUCKET_MS`]); only
    /// buckets with answers.
    pub buckets: BTreeMap<i64, BucketTotals>,
    /// By question id; only cards with answers.
    pub cards: BTreeMap<String, CardTotals>,
}

impl LogTotals {
    /// Adds up `log` (in any order).
    pub fn from_log(log: &[StatsAnswer]) -> LogTotals {
        let mut totals = LogTotals::default();
        let mut cards: BTreeMap<&str, CardTotals> = BTreeMap::new();
        for answer in log {
            let bucket = bucket_start_ms(answer.reviewed_at.timestamp_millis());
            totals.buckets.entry(bucket).or_default().add(answer);
            let card = cards.entry(&answer.card_id).or_default();
            card.answers += 1;
            card.passed += u64::from(answer.rating != Rating::Again);
        }
        totals.cards = cards
            .into_iter()
            .map(|(id, card)| (id.to_owned(), card))
            .collect();
        totals
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{DateTime, Utc};

    use super::*;

    #[test]
    fn buckets_start_at_multiples_of_15_minutes_before_and_after_1970() {
        assert_eq!(bucket_start_ms(0), 0);
        assert_eq!(bucket_start_ms(BUCKET_MS - 1), 0);
        assert_eq!(bucket_start_ms(BUCKET_MS), BUCKET_MS);
        assert_eq!(bucket_start_ms(-1), -BUCKET_MS);
        assert_eq!(bucket_start_ms(-BUCKET_MS), -BUCKET_MS);
        assert_eq!(bucket_start_ms(-BUCKET_MS - 1), -2 * BUCKET_MS);
    }

    fn answer(at: &str, rating: Rating, phase: Phase, maturity: Option<Maturity>) -> StatsAnswer {
        StatsAnswer {
            card_id: Arc::from("q"),
            reviewed_at: DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&Utc),
            rating,
            duration_ms: 1000,
            drill: false,
            phase_before: phase,
            maturity_before: maturity,
        }
    }

    #[test]
    fn answers_are_added_to_their_bucket_by_phase_maturity_and_rating() {
        let log = [
            answer("2024-03-01T10:00:00Z", Rating::Good, Phase::New, None),
            answer(
                "2024-03-01T10:14:59.999Z",
                Rating::Again,
                Phase::Learning,
                None,
            ),
            answer("2024-03-01T10:15:00Z", Rating::Again, Phase::Review, None),
            answer(
                "2024-03-01T10:20:00Z",
                Rating::Hard,
                Phase::Review,
                Some(Maturity::Mature),
            ),
        ];
        let totals = LogTotals::from_log(&log);
        let first = bucket_start_ms(log[0].reviewed_at.timestamp_millis());
        assert_eq!(totals.buckets.len(), 2);
        assert_eq!(
            totals.buckets[&first],
            BucketTotals {
                answers: 2,
                new: 1,
                learning: 1,
                again: 1,
                duration_ms: 2000,
                ..BucketTotals::default()
            }
        );
        assert_eq!(
            totals.buckets[&(first + BUCKET_MS)],
            BucketTotals {
                answers: 2,
                review: 2,
                again: 1,
                duration_ms: 2000,
                young: 1,
                mature: 1,
                mature_passed: 1,
                ..BucketTotals::default()
            }
        );
        assert_eq!(
            totals.cards["q"],
            CardTotals {
                answers: 4,
                passed: 2
            }
        );
    }

    #[test]
    fn an_absurd_duration_counts_up_to_the_cap() {
        let mut huge = answer("2024-03-01T10:00:00Z", Rating::Good, Phase::New, None);
        huge.duration_ms = u64::MAX;
        let totals = LogTotals::from_log(&[huge.clone(), huge]);
        let bucket = totals.buckets.values().next().unwrap();
        assert_eq!(bucket.duration_ms, 2 * MAX_COUNTED_DURATION_MS);
    }
}
