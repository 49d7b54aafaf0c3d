//! Card phases, ratings and the per-card scheduling state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::day::Day;
use super::time_serde;

/// Review cards with an interval of at least this many days count as mature (Anki's rule).
pub const MATURE_INTERVAL_DAYS: i64 = 21;

/// Where a card is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Never answered.
    New,
    /// Going through the learning steps (minutes apart) after its first answer.
    Learning,
    /// Graduated: scheduled in whole days by the memory model.
    Review,
    /// Forgotten in review; going through the relearning steps.
    Relearning,
}

impl Phase {
    /// All phases in life-cycle order.
    pub const ALL: [Phase; 4] = [
        Phase::New,
        Phase::Learning,
        Phase::Review,
        Phase::Relearning,
    ];

    /// Stable numeric code used in the database (0 new, 1 learning, 2 review, 3 relearning).
    pub const fn code(self) -> i64 {
        match self {
            Phase::New => 0,
            Phase::Learning => 1,
            Phase::Review => 2,
            Phase::Relearning => 3,
        }
    }

    /// The phase for a database code, if the code is known.
    pub const fn from_code(code: i64) -> Option<Phase> {
        match code {
            0 => Some(Phase::New),
            1 => Some(Phase::Learning),
            2 => Some(Phase::Review),
            3 => Some(Phase::Relearning),
            _ => None,
        }
    }

    /// Lower-case name (`new`, `learning`, `review`, `relearning`).
    pub const fn name(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }
}

/// How well an answer was recalled: the four FSRS/Anki buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Forgotten or answered wrongly.
    Again,
    /// Recalled with serious difficulty.
    Hard,
    /// Recalled correctly.
    Good,
    /// Recalled effortlessly.
    Easy,
}

impl Rating {
    /// The four ratings in button order.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// FSRS's numeric grade: 1 Again, 2 Hard, 3 Good, 4 Easy (also py-fsrs's and Anki's).
    pub const fn number(self) -> u8 {
        match self {
            Rating::Again => 1,
            Rating::Hard => 2,
            Rating::Good => 3,
            Rating::Easy => 4,
        }
    }

    /// The rating for a numeric grade 1..=4.
    pub const fn from_number(number: u8) -> Option<Rating> {
        match number {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    /// Button label ("Again", "Hard", "Good", "Easy").
    pub const fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

/// FSRS memory state: stability in days (interval at 90 % recall) and difficulty 1..=10.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Days after which recall probability falls to 90 %.
    pub stability: f32,
    /// Intrinsic difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f32,
}

/// Young or mature review card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Maturity {
    /// Review interval under 21 days.
    Young,
    /// Review interval of 21 days or more.
    Mature,
}

impl Maturity {
    /// Young or mature for a review interval of `interval_ms` milliseconds.
    pub fn of_interval(interval_ms: i64) -> Maturity {
        if days_of_interval(interval_ms) >= MATURE_INTERVAL_DAYS {
            Maturity::Mature
        } else {
            Maturity::Young
        }
    }
}

/// An interval in milliseconds as whole days, rounded.
fn days_of_interval(interval_ms: i64) -> i64 {
    (interval_ms as f64 / 86_400_000.0).round() as i64
}

/// Everything the scheduler knows about one card (one question).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    /// Life-cycle phase.
    pub phase: Phase,
    /// Index of the current learning or relearning step; `None` outside those phases.
    pub step: Option<u32>,
    /// FSRS memory; `None` until the first answer.
    pub memory: Option<Memory>,
    /// When the card is next due; `None` for new cards.
    #[serde(with = "time_serde::optional")]
    pub due: Option<DateTime<Utc>>,
    /// Time of the last answer; `None` for new cards.
    #[serde(with = "time_serde::optional")]
    pub last_review: Option<DateTime<Utc>>,
    /// Number of answers given.
    pub reps: u32,
    /// Number of times the card was forgotten in review (rated Again in the review phase).
    pub lapses: u32,
    /// Suspended cards never enter a queue until unsuspended.
    pub suspended: bool,
    /// Buried on this study day: hidden until the next day starts.
    pub buried_on: Option<Day>,
    /// Tagged as a leech (forgotten too often).
    pub leech: bool,
}

impl Default for CardState {
    fn default() -> Self {
        CardState::new()
    }
}

impl CardState {
    /// A card that has never been answered.
    pub const fn new() -> CardState {
        CardState {
            phase: Phase::New,
            step: None,
            memory: None,
            due: None,
            last_review: None,
            reps: 0,
            lapses: 0,
            suspended: false,
            buried_on: None,
            leech: false,
        }
    }

    /// The current review interval in milliseconds (due minus last review), for review cards
    /// only.
    pub fn interval_ms(&self) -> Option<i64> {
        if self.phase != Phase::Review {
            return None;
        }
        let (due, last) = (self.due?, self.last_review?);
        Some((due - last).num_milliseconds())
    }

    /// Length of the current review interval in whole days (due minus last review, rounded),
    /// for review cards only.
    pub fn scheduled_days(&self) -> Option<i64> {
        self.interval_ms().map(days_of_interval)
    }

    /// Young or mature, for review cards only.
    pub fn maturity(&self) -> Option<Maturity> {
        self.interval_ms().map(Maturity::of_interval)
    }

    /// Whether the card is buried on `today`.
    pub fn is_buried(&self, today: Day) -> bool {
        self.buried_on.is_some_and(|day| day >= today)
    }

    /// Whether the card may be studied on `today` (neither suspended nor buried).
    pub fn is_available(&self, today: Day) -> bool {
        !self.suspended && !self.is_buried(today)
    }

    /// A copy that is suspended.
    pub fn suspended(&self) -> CardState {
        CardState {
            suspended: true,
            ..self.clone()
        }
    }

    /// A copy that is not suspended (the leech tag stays).
    pub fn unsuspended(&self) -> CardState {
        CardState {
            suspended: false,
            ..self.clone()
        }
    }

    /// A copy buried for the rest of `today`.
    pub fn buried(&self, today: Day) -> CardState {
        CardState {
            buried_on: Some(today),
            ..self.clone()
        }
    }

    /// A copy that is not buried.
    pub fn unburied(&self) -> CardState {
        CardState {
            buried_on: None,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn codes_and_numbers_round_trip() {
        for phase in Phase::ALL {
            assert_eq!(Phase::from_code(phase.code()), Some(phase));
        }
        assert_eq!(Phase::from_code(9), None);
        for rating in Rating::ALL {
            assert_eq!(Rating::from_number(rating.number()), Some(rating));
        }
        assert_eq!(Rating::from_number(0), None);
        assert_eq!(Rating::Good.number(), 3);
    }

    #[test]
    fn maturity_follows_the_21_day_rule() {
        let last = DateTime::parse_from_rfc3339("2024-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut card = CardState {
            phase: Phase::Review,
            last_review: Some(last),
            due: Some(last + Duration::days(20)),
            ..CardState::new()
        };
        assert_eq!(card.maturity(), Some(Maturity::Young));
        card.due = Some(last + Duration::days(21));
        assert_eq!(card.maturity(), Some(Maturity::Mature));
        card.phase = Phase::Relearning;
        assert_eq!(card.maturity(), None);
    }

    #[test]
    fn burying_lasts_until_the_next_day() {
        let today = Day::from_number(100);
        let card = CardState::new().buried(today);
        assert!(card.is_buried(today));
        assert!(!card.is_available(today));
        assert!(card.is_available(today.plus(1)));
        assert!(card.unburied().is_available(today));
    }

    #[test]
    fn suspension_toggles() {
        let card = CardState::new().suspended();
        assert!(!card.is_available(Day::from_number(0)));
        assert!(card.unsuspended().is_available(Day::from_number(0)));
    }

    #[test]
    fn serializes_timestamps_as_rfc3339() {
        let time = DateTime::parse_from_rfc3339("2024-01-01T10:00:00.250Z")
            .unwrap()
            .with_timezone(&Utc);
        let card = CardState {
            due: Some(time),
            ..CardState::new()
        };
        let json = serde_json::to_string(&card).unwrap();
        assert!(
            json.contains("\"due\":\"2024-01-01T10:00:00.250Z\""),
            "{json}"
        );
        let back: CardState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, card);
    }
}
