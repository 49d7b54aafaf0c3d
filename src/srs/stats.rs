//! Statistics computed from card states and the review log: activity per day, true retention,
//! a due forecast, per-topic mastery, the study streak and counts per state.
//!
//! Pure: the caller passes the stored rows, the time and the day clock. The report serializes
//! to JSON for `stagecraft stats --json`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::card::{CardState, Maturity, Phase, Rating};
use super::day::{Day, DayClock, DayCursor};
use super::log::ReviewRecord;
use super::scheduler::Scheduler;
use super::time_serde;

mod cards;
mod log_totals;

pub use cards::{AnswerTally, CardFigures, CardTally, QuestionTopics};
pub use log_totals::{
    BUCKET_MS, BucketTotals, CardTotals, LogTotals, MAX_COUNTED_DURATION_MS, bucket_start_ms,
    counted_duration_ms,
};

/// Number of days covered by the due forecast.
pub const FORECAST_DAYS: u32 = 30;

/// What the statistics are computed from.
#[derive(Debug, Clone, Copy)]
pub struct StatsInput<'a> {
    /// Scheduler (for retrievability).
    pub scheduler: &'a Scheduler,
    /// Stored card states by question id.
    pub cards: &'a HashMap<String, CardState>,
    /// The review log, in any order.
    pub log: &'a [StatsAnswer],
    /// Topic of every question of the loaded content. When empty, the counts cover the stored
    /// cards only and there are no topics.
    pub topics: &'a HashMap<String, String>,
    /// The time the report is for.
    pub now: DateTime<Utc>,
    /// Day rollover and time zone.
    pub clock: DayClock,
    /// How many days (today included) the activity chart and the recent retention cover.
    pub window_days: u32,
}

/// What the statistics need of one logged answer (a [`ReviewRecord`] without the full card
/// states, so that a long log is read quickly).
#[derive(Debug, Clone, PartialEq)]
pub struct StatsAnswer {
    /// Question id of the card (shared between the answers to one card).
    pub card_id: Arc<str>,
    /// When the answer was given.
    pub reviewed_at: DateTime<Utc>,
    /// The rating.
    pub rating: Rating,
    /// Time spent on the question, in milliseconds.
    pub duration_ms: u64,
    /// Whether it was given in a drill.
    pub drill: bool,
    /// The card's phase before the answer.
    pub phase_before: Phase,
    /// Young or mature before the answer, for cards that were in review.
    pub maturity_before: Option<Maturity>,
}

impl From<&ReviewRecord> for StatsAnswer {
    fn from(record: &ReviewRecord) -> StatsAnswer {
        StatsAnswer {
            card_id: Arc::from(record.card_id.as_str()),
            reviewed_at: record.reviewed_at,
            rating: record.rating,
            duration_ms: record.duration_ms,
            drill: record.drill,
            phase_before: record.before.phase,
            maturity_before: record.before.maturity(),
        }
    }
}

/// The full statistics report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsReport {
    /// When the report was computed.
    #[serde(with = "time_serde::required")]
    pub generated_at: DateTime<Utc>,
    /// The current study day (YYYY-MM-DD).
    pub today: String,
    /// Cards per state.
    pub counts: StateCounts,
    /// Answers per day over the window, oldest first, today last.
    pub reviews_per_day: Vec<DayActivity>,
    /// True retention of review-phase answers.
    pub retention: Retention,
    /// Cards coming due on each of the next 30 days (overdue cards count for today).
    pub forecast: Vec<ForecastDay>,
    /// Mastery per topic, by topic name.
    pub topics: Vec<TopicMastery>,
    /// Consecutive study days.
    pub streak: Streak,
    /// Totals over the whole log.
    pub totals: Totals,
}

/// How many cards are in each state. Suspended and buried cards are counted only as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct StateCounts {
    /// Never answered.
    pub new: u32,
    /// In the learning steps.
    pub learning: u32,
    /// In the relearning steps.
    pub relearning: u32,
    /// Review cards with an interval under 21 days.
    pub young: u32,
    /// Review cards with an interval of 21 days or more.
    pub mature: u32,
    /// Suspended.
    pub suspended: u32,
    /// Buried for today (and not suspended).
    pub buried: u32,
    /// Tagged as leeches (also counted in one of the other states).
    pub leeches: u32,
    /// All cards.
    pub total: u32,
}

/// One day of the activity chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayActivity {
    /// The study day (YYYY-MM-DD).
    pub date: String,
    /// All answers given.
    pub answers: u32,
    /// Answers to new cards.
    pub new: u32,
    /// Answers to learning and relearning cards.
    pub learning: u32,
    /// Answers to review cards.
    pub review: u32,
    /// Answers rated Again.
    pub again: u32,
    /// Time spent answering, in milliseconds.
    pub duration_ms: u64,
}

/// Passed and total answers for one group of review answers.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct RetentionFigure {
    /// Review-phase answers.
    pub answers: u32,
    /// Those not rated Again.
    pub passed: u32,
    /// `passed / answers`, or `None` without answers.
    pub rate: Option<f64>,
}

impl RetentionFigure {
    fn of(answers: u64, passed: u64) -> RetentionFigure {
        let (answers, passed) = (count32(answers), count32(passed));
        RetentionFigure {
            answers,
            passed,
            rate: (answers > 0).then(|| f64::from(passed) / f64::from(answers)),
        }
    }
}

/// Retention split by card maturity.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct RetentionSplit {
    /// Cards whose interval was under 21 days when answered.
    pub young: RetentionFigure,
    /// Cards whose interval was 21 days or more when answered.
    pub mature: RetentionFigure,
    /// Both.
    pub total: RetentionFigure,
}

/// True retention: the share of answers to review-phase cards that were not rated Again.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Retention {
    /// Days covered by `recent`.
    pub window_days: u32,
    /// Answers within the window.
    pub recent: RetentionSplit,
    /// All answers.
    pub all_time: RetentionSplit,
}

/// Cards due on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForecastDay {
    /// The study day (YYYY-MM-DD).
    pub date: String,
    /// Cards due (today includes overdue cards).
    pub due: u32,
}

/// How well one topic is known.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct TopicMastery {
    /// Topic name.
    pub topic: String,
    /// Questions in the topic.
    pub questions: u32,
    /// Questions never answered.
    pub new: u32,
    /// Questions in learning or relearning.
    pub learning: u32,
    /// Young review cards.
    pub young: u32,
    /// Mature review cards.
    pub mature: u32,
    /// Mean predicted recall probability now, 0..=1 (unanswered questions count as 0).
    pub mastery: f64,
    /// Answers logged for the topic.
    pub answers: u32,
    /// Answers not rated Again.
    pub correct: u32,
    /// `correct / answers`, or `None` without answers.
    pub accuracy: Option<f64>,
}

/// Consecutive days with at least one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Streak {
    /// Current streak: ends today, or yesterday when nothing was studied yet today.
    pub current: u32,
    /// Longest streak ever.
    pub longest: u32,
    /// Whether anything was answered today.
    pub studied_today: bool,
}

/// Totals over the whole log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    /// All answers.
    pub answers: u32,
    /// Answers given in drills.
    pub drill_answers: u32,
    /// Total time spent answering, in milliseconds.
    pub duration_ms: u64,
    /// Distinct study days with answers.
    pub days_studied: u32,
}

/// What the report is computed from once the log is added up: [`StatsInput`] with the log's
/// totals instead of its answers.
#[derive(Debug, Clone, Copy)]
pub struct TotalsInput<'a> {
    /// Scheduler (for retrievability).
    pub scheduler: &'a Scheduler,
    /// Stored card states by question id.
    pub cards: &'a HashMap<String, CardState>,
    /// The review log, added up.
    pub totals: &'a LogTotals,
    /// Topic of every question of the loaded content. When empty, the counts cover the stored
    /// cards only and there are no topics.
    pub topics: &'a HashMap<String, String>,
    /// The time the report is for.
    pub now: DateTime<Utc>,
    /// Day rollover and time zone.
    pub clock: DayClock,
    /// How many days (today included) the activity chart and the recent retention cover.
    pub window_days: u32,
}

/// Computes the report from the answers themselves.
pub fn compute_stats(input: &StatsInput<'_>) -> StatsReport {
    let totals = LogTotals::from_log(input.log);
    compute_stats_from_totals(&TotalsInput {
        scheduler: input.scheduler,
        cards: input.cards,
        totals: &totals,
        topics: input.topics,
        now: input.now,
        clock: input.clock,
        window_days: input.window_days,
    })
}

/// Computes the report from the log's totals (the same report as [`compute_stats`] on the
/// answers they add up).
pub fn compute_stats_from_totals(input: &TotalsInput<'_>) -> StatsReport {
    let topics = QuestionTopics::new(
        input
            .topics
            .iter()
            .map(|(question, topic)| (question.as_str(), topic.as_str())),
    );
    let mut cards = CardTally::new(&topics, input.scheduler, input.now, input.clock);
    for (id, state) in input.cards {
        cards.add_card(id, state);
    }
    let mut answers = AnswerTally::new(&topics);
    for (id, card) in &input.totals.cards {
        answers.add(id, *card);
    }
    assemble_report(&ReportParts {
        cards: cards.finish(answers),
        buckets: &input.totals.buckets,
        now: input.now,
        clock: input.clock,
        window_days: input.window_days,
    })
}

/// The report's two halves before they are put together: what the cards give ([`CardTally`])
/// and the log's buckets.
#[derive(Debug, Clone)]
pub struct ReportParts<'a> {
    /// The cards, added up.
    pub cards: CardFigures,
    /// The log's totals per bucket ([`LogTotals::buckets`]).
    pub buckets: &'a BTreeMap<i64, BucketTotals>,
    /// The time the report is for.
    pub now: DateTime<Utc>,
    /// Day rollover and time zone.
    pub clock: DayClock,
    /// How many days (today included) the activity chart and the recent retention cover.
    pub window_days: u32,
}

/// Puts the report together from its parts.
pub fn assemble_report(parts: &ReportParts<'_>) -> StatsReport {
    let today = parts.clock.day_of(parts.now);
    let days = study_days(parts.buckets, parts.clock);
    let window_days = parts.window_days.max(1);
    StatsReport {
        generated_at: parts.now,
        today: today.to_string(),
        counts: parts.cards.counts,
        reviews_per_day: activity(&days, today, window_days),
        retention: retention(&days, today, window_days),
        forecast: (0..)
            .zip(&parts.cards.due)
            .map(|(offset, &due)| ForecastDay {
                date: today.plus(offset).to_string(),
                due,
            })
            .collect(),
        topics: parts.cards.topics.clone(),
        streak: streak(&days, today),
        totals: totals(&days),
    }
}

/// The log's buckets added up by study day: only days with answers.
fn study_days(
    buckets: &BTreeMap<i64, BucketTotals>,
    clock: DayClock,
) -> BTreeMap<Day, BucketTotals> {
    let mut cursor = DayCursor::new(clock);
    let mut days: BTreeMap<Day, BucketTotals> = BTreeMap::new();
    for (&start, bucket) in buckets {
        if bucket.answers == 0 {
            continue;
        }
        let Some(day) = cursor.day_of_ms(start) else {
            continue;
        };
        days.entry(day).or_default().absorb(bucket);
    }
    days
}

/// A count for the report (which has 32-bit counts).
fn count32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn window_start(today: Day, window_days: u32) -> Day {
    let days = i32::try_from(window_days.max(1)).unwrap_or(i32::MAX);
    today.plus(1 - days)
}

fn activity(
    answered: &BTreeMap<Day, BucketTotals>,
    today: Day,
    window_days: u32,
) -> Vec<DayActivity> {
    let mut activity = Vec::new();
    let mut day = window_start(today, window_days);
    while day <= today {
        let figures = answered.get(&day).copied().unwrap_or_default();
        activity.push(DayActivity {
            date: day.to_string(),
            answers: count32(figures.answers),
            new: count32(figures.new),
            learning: count32(figures.learning),
            review: count32(figures.review),
            again: count32(figures.again),
            duration_ms: figures.duration_ms,
        });
        day = day.plus(1);
    }
    activity
}

fn retention(answered: &BTreeMap<Day, BucketTotals>, today: Day, window_days: u32) -> Retention {
    let first = window_start(today, window_days);
    let mut all_time = BucketTotals::default();
    let mut recent = BucketTotals::default();
    for (day, figures) in answered {
        all_time.absorb(figures);
        if *day >= first {
            recent.absorb(figures);
        }
    }
    Retention {
        window_days,
        recent: retention_split(&recent),
        all_time: retention_split(&all_time),
    }
}

fn retention_split(figures: &BucketTotals) -> RetentionSplit {
    RetentionSplit {
        young: RetentionFigure::of(figures.young, figures.young_passed),
        mature: RetentionFigure::of(figures.mature, figures.mature_passed),
        total: RetentionFigure::of(
            figures.young + figures.mature,
            figures.young_passed + figures.mature_passed,
        ),
    }
}

fn streak(answered: &BTreeMap<Day, BucketTotals>, today: Day) -> Streak {
    let studied_today = answered.contains_key(&today);
    let mut current = 0;
    let mut day = if studied_today { today } else { today.plus(-1) };
    while answered.contains_key(&day) {
        current += 1;
        day = day.plus(-1);
    }
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<Day> = None;
    for &day in answered.keys() {
        run = match previous {
            Some(p) if day.days_since(p) == 1 => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    Streak {
        current,
        longest,
        studied_today,
    }
}

fn totals(answered: &BTreeMap<Day, BucketTotals>) -> Totals {
    let mut all = BucketTotals::default();
    for figures in answered.values() {
        all.absorb(figures);
    }
    Totals {
        answers: count32(all.answers),
        drill_answers: count32(all.drill),
        duration_ms: all.duration_ms,
        days_studied: u32::try_from(answered.len()).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::config::SchedulerConfig;
    use chrono::{Duration, FixedOffset};

    use crate::srs::test_time::at;

    struct Fixture {
        scheduler: Scheduler,
        cards: HashMap<String, CardState>,
        log: Vec<ReviewRecord>,
        topics: HashMap<String, String>,
    }

    impl Fixture {
        fn new() -> Fixture {
            let scheduler = Scheduler::new(SchedulerConfig {
                enable_fuzz: false,
                ..SchedulerConfig::default()
            })
            .unwrap();
            Fixture {
                scheduler,
                cards: HashMap::new(),
                log: Vec::new(),
                topics: HashMap::new(),
            }
        }

        fn answer(&mut self, id: &str, rating: Rating, time: DateTime<Utc>) {
            let state = self.cards.get(id).cloned().unwrap_or_default();
            let answer = self.scheduler.answer(id, &state, rating, time).unwrap();
            self.log.push(ReviewRecord {
                id: self.log.len() as i64 + 1,
                card_id: id.to_owned(),
                reviewed_at: answer.reviewed_at,
                rating,
                elapsed_days: answer.elapsed_days,
                duration_ms: 2000,
                drill: false,
                overridden: false,
                before: answer.before,
                after: answer.after.clone(),
            });
            self.cards.insert(id.to_owned(), answer.after);
        }

        fn report(&self, now: DateTime<Utc>) -> StatsReport {
            let log: Vec<StatsAnswer> = self.log.iter().map(StatsAnswer::from).collect();
            compute_stats(&StatsInput {
                scheduler: &self.scheduler,
                cards: &self.cards,
                log: &log,
                topics: &self.topics,
                now,
                clock: DayClock::fixed(FixedOffset::east_opt(0).unwrap(), 4),
                window_days: 7,
            })
        }
    }

    #[test]
    fn counts_activity_and_streaks_agree_with_the_log() {
        let mut f = Fixture::new();
        for id in ["a", "b", "c", "d"] {
            f.topics.insert(id.to_owned(), "distroless".to_owned());
        }
        f.topics.insert("e".to_owned(), "caching".to_owned());
        let day1 = at("2024-03-01T10:00:00Z");
        f.answer("a", Rating::Good, day1);
        f.answer("a", Rating::Good, day1 + Duration::minutes(10));
        f.answer("b", Rating::Again, day1);
        f.answer("c", Rating::Easy, day1 + Duration::days(1));
        // Day 3 skipped; days 4 and 5 studied.
        let a_due = f.cards["a"].due.unwrap();
        f.answer("a", Rating::Again, a_due + Duration::days(1));
        f.answer("c", Rating::Good, day1 + Duration::days(4));
        f.cards.insert("d".to_owned(), CardState::new().suspended());

        let now = day1 + Duration::days(4) + Duration::hours(1);
        let report = f.report(now);

        assert_eq!(report.today, "2024-03-05");
        assert_eq!(report.totals.answers, 6);
        assert_eq!(report.totals.duration_ms, 12_000);
        assert_eq!(report.totals.days_studied, 4);
        let sum: u32 = report.reviews_per_day.iter().map(|d| d.answers).sum();
        assert_eq!(sum, 6);
        assert_eq!(report.reviews_per_day.len(), 7);
        let last = report.reviews_per_day.last().unwrap();
        assert_eq!(
            (last.date.as_str(), last.answers, last.review),
            ("2024-03-05", 1, 1)
        );
        let first_day = &report.reviews_per_day[2]; // 2024 is a leap year: 02-28, 02-29, 03-01
        assert_eq!(
            (
                first_day.answers,
                first_day.new,
                first_day.learning,
                first_day.again
            ),
            (3, 2, 1, 1)
        );

        assert_eq!(
            report.streak,
            Streak {
                current: 2,
                longest: 2,
                studied_today: true
            }
        );

        // Two review-phase answers: a (Again), c (Good).
        assert_eq!(report.retention.all_time.total.answers, 2);
        assert_eq!(report.retention.all_time.total.passed, 1);
        assert_eq!(report.retention.all_time.total.rate, Some(0.5));
        assert_eq!(report.retention.all_time.young.answers, 2);
        assert_eq!(report.retention.all_time.mature.answers, 0);

        assert_eq!(report.counts.total, 5);
        assert_eq!(report.counts.new, 1);
        assert_eq!(report.counts.suspended, 1);
        assert_eq!(report.counts.learning, 1); // b, still in learning after Again
        assert_eq!(report.counts.relearning, 1); // a
        // c: Easy (8 d) then Good after 3 days gives a 22-day interval.
        assert_eq!((report.counts.young, report.counts.mature), (0, 1));

        let distroless = report
            .topics
            .iter()
            .find(|t| t.topic == "distroless")
            .unwrap();
        assert_eq!(distroless.questions, 4);
        assert_eq!(distroless.answers, 6);
        assert_eq!(distroless.correct, 4);
        assert!(distroless.mastery > 0.0 && distroless.mastery < 1.0);
        let caching = report.topics.iter().find(|t| t.topic == "caching").unwrap();
        assert_eq!(
            (caching.new, caching.mastery, caching.accuracy),
            (1, 0.0, None)
        );

        let forecast_total: u32 = report.forecast.iter().map(|d| d.due).sum();
        assert_eq!(report.forecast.len(), 30);
        assert_eq!(
            forecast_total, 3,
            "a, b and c are scheduled; d suspended, e new"
        );
        assert_eq!(report.forecast[0].date, "2024-03-05");
    }

    #[test]
    fn streak_survives_until_the_day_ends() {
        let mut f = Fixture::new();
        f.answer("a", Rating::Good, at("2024-03-01T10:00:00Z"));
        f.answer("b", Rating::Good, at("2024-03-02T10:00:00Z"));
        let report = f.report(at("2024-03-03T10:00:00Z"));
        assert_eq!(
            report.streak,
            Streak {
                current: 2,
                longest: 2,
                studied_today: false
            }
        );
        let broken = f.report(at("2024-03-04T10:00:00Z"));
        assert_eq!(broken.streak.current, 0);
        assert_eq!(broken.streak.longest, 2);
    }

    #[test]
    fn mature_retention_uses_the_interval_before_the_answer() {
        let mut f = Fixture::new();
        let last = at("2024-01-01T10:00:00Z");
        f.cards.insert(
            "m".to_owned(),
            CardState {
                phase: Phase::Review,
                memory: Some(crate::srs::Memory {
                    stability: 30.0,
                    difficulty: 5.0,
                }),
                due: Some(last + Duration::days(30)),
                last_review: Some(last),
                reps: 5,
                ..CardState::new()
            },
        );
        f.answer("m", Rating::Good, last + Duration::days(30));
        let report = f.report(last + Duration::days(30));
        assert_eq!(report.retention.all_time.mature.answers, 1);
        assert_eq!(report.retention.recent.mature.rate, Some(1.0));
        assert_eq!(report.retention.recent.young.rate, None);
        // Without a topic map the counts cover the stored cards.
        assert_eq!(report.counts.total, 1);
        assert_eq!(report.counts.mature, 1);
    }

    #[test]
    fn report_serializes_to_json() {
        let mut f = Fixture::new();
        f.answer("a", Rating::Good, at("2024-03-01T10:00:00Z"));
        let json = serde_json::to_value(f.report(at("2024-03-01T11:00:00Z"))).unwrap();
        assert_eq!(json["generated_at"], "2024-03-01T11:00:00.000Z");
        assert_eq!(json["totals"]["answers"], 1);
        assert!(json["retention"]["all_time"]["total"]["rate"].is_null());
    }
}
