//! Mock interviews: the plan of questions, the answers given, and the debrief.
//!
//! Pure like the rest of [`srs`](super): the plan depends on the candidates, card states, the
//! scheduler, the time, the length and the level; the debrief on the answers and earlier
//! scores. A mock interview never takes new cards from the day's allowance and never changes a
//! card's schedule: the caller records answers as reviews only when the learner asks for it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::card::{CardState, Rating};
use super::drill::{DrillCandidate, drill_order};
use super::scheduler::Scheduler;

/// How senior the interview is: more scenarios and less time per answer as it rises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Fundamentals, more time per answer, two warm-up questions.
    Junior,
    /// The usual mix.
    Mid,
    /// Mostly open questions and debugging scenarios.
    Senior,
}

impl Level {
    /// The level's name.
    pub fn name(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
        }
    }

    fn warm_ups(self) -> usize {
        if self == Level::Junior { 2 } else { 1 }
    }

    /// Out of ten main questions, how many are scenarios.
    fn scenarios_in_ten(self) -> usize {
        match self {
            Level::Junior => 3,
            Level::Mid => 4,
            Level::Senior => 5,
        }
    }

    /// Extra seconds on every soft limit (juniors get more time to think).
    fn extra_secs(self) -> u32 {
        match self {
            Level::Junior => 30,
            Level::Mid => 0,
            Level::Senior => 0,
        }
    }
}

/// Where a question stands in the interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// A quick closed question to settle in.
    WarmUp,
    /// An open question answered in words.
    Core,
    /// "This container will not start: why?"
    Scenario,
    /// Asked right after a good answer to the question before.
    FollowUp,
}

impl Stage {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Stage::WarmUp => "warm-up",
            Stage::Core => "core",
            Stage::Scenario => "scenario",
            Stage::FollowUp => "follow-up",
        }
    }

    /// The soft time limit of a question at this stage, in seconds, before the level's extra.
    fn base_secs(self) -> u32 {
        match self {
            Stage::WarmUp => 60,
            Stage::Core => 180,
            Stage::Scenario => 240,
            Stage::FollowUp => 120,
        }
    }
}

/// What the planner needs to know about a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewCandidate<'a> {
    /// Question id.
    pub id: &'a str,
    /// Topic name.
    pub topic: &'a str,
    /// A typed open answer with key points (a flashcard in the content).
    pub open: bool,
    /// A debugging scenario.
    pub scenario: bool,
    /// Ids of the questions asked after a good answer.
    pub follow_ups: &'a [String],
}

/// One question of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedQuestion {
    /// Question id.
    pub id: String,
    /// Topic name.
    pub topic: String,
    /// Its place in the interview.
    pub stage: Stage,
    /// The soft time limit shown with the clock.
    pub soft_limit_secs: u32,
}

/// A mock interview's questions, in order, with the follow-ups each may lead to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewPlan {
    /// The chosen length in minutes.
    pub minutes: u32,
    /// The chosen level.
    pub level: Level,
    /// The main questions in order (warm-up, then core and scenarios interleaved).
    pub questions: Vec<PlannedQuestion>,
    /// Follow-up questions by the id of the question they follow.
    pub follow_ups: HashMap<String, Vec<PlannedQuestion>>,
}

impl InterviewPlan {
    /// The follow-ups to ask after a good answer to `id` (empty when there are none).
    pub fn follow_ups_of(&self, id: &str) -> &[PlannedQuestion] {
        self.follow_ups.get(id).map_or(&[], Vec::as_slice)
    }

    /// The sum of the main questions' soft limits, in seconds.
    pub fn planned_secs(&self) -> u32 {
        self.questions.iter().map(|q| q.soft_limit_secs).sum()
    }
}

/// The share of the interview's time kept free for follow-ups, in percent.
const FOLLOW_UP_SHARE: u32 = 20;

/// Plans a mock interview of `minutes` at `level`: warm-up questions (closed ones), then open
/// questions and scenarios interleaved, topics weakest first (by predicted recall of their
/// cards) and taken in turn so that the interview moves across topics. Questions that are some
/// other question's follow-up are kept for after that question. Suspended cards are left out.
/// Card states are only read: planning changes nothing.
pub fn plan_interview(
    candidates: &[InterviewCandidate<'_>],
    states: &HashMap<String, CardState>,
    scheduler: &Scheduler,
    now: DateTime<Utc>,
    minutes: u32,
    level: Level,
) -> InterviewPlan {
    let follow_up_ids: std::collections::HashSet<&str> = candidates
        .iter()
        .flat_map(|c| c.follow_ups.iter().map(String::as_str))
        .collect();
    let by_id: HashMap<&str, &InterviewCandidate<'_>> =
        candidates.iter().map(|c| (c.id, c)).collect();
    let drill: Vec<DrillCandidate<'_>> = candidates
        .iter()
        .map(|c| DrillCandidate {
            id: c.id,
            topic: c.topic,
        })
        .collect();
    let ordered = drill_order(&drill, states, scheduler, now);
    let main = |wanted: fn(&InterviewCandidate<'_>) -> bool| -> Vec<&InterviewCandidate<'_>> {
        let list: Vec<&InterviewCandidate<'_>> = ordered
            .iter()
            .filter_map(|d| by_id.get(d.id).copied())
            .filter(|c| wanted(c) && !follow_up_ids.contains(c.id))
            .collect();
        across_topics(list)
    };
    let warm = main(|c| !c.open && !c.scenario);
    let open = main(|c| c.open && !c.scenario);
    let scenarios = main(|c| c.scenario);

    let budget = minutes * 60 * (100 - FOLLOW_UP_SHARE) / 100;
    let limit = |stage: Stage| stage.base_secs() + level.extra_secs();
    let mut questions: Vec<PlannedQuestion> = Vec::new();
    let mut used = 0;
    let mut push = |c: &InterviewCandidate<'_>, stage: Stage, questions: &mut Vec<_>| {
        let secs = limit(stage);
        if used + secs > budget && !questions.is_empty() {
            return false;
        }
        used += secs;
        questions.push(PlannedQuestion {
            id: c.id.to_owned(),
            topic: c.topic.to_owned(),
            stage,
            soft_limit_secs: secs,
        });
        true
    };
    for c in warm.iter().take(level.warm_ups()) {
        push(c, Stage::WarmUp, &mut questions);
    }
    let (mut open, mut scenarios) = (open.into_iter(), scenarios.into_iter());
    let mut scenarios_asked = 0usize;
    let mut main_asked = 0usize;
    loop {
        // Keep the share of scenarios at the level's, starting with an open question.
        let want_scenario =
            main_asked > 0 && scenarios_asked * 10 < (main_asked + 1) * level.scenarios_in_ten();
        let next = if want_scenario {
            scenarios
                .next()
                .map(|c| (c, Stage::Scenario))
                .or_else(|| open.next().map(|c| (c, Stage::Core)))
        } else {
            open.next()
                .map(|c| (c, Stage::Core))
                .or_else(|| scenarios.next().map(|c| (c, Stage::Scenario)))
        };
        let Some((c, stage)) = next else { break };
        if !push(c, stage, &mut questions) {
            break;
        }
        main_asked += 1;
        scenarios_asked += usize::from(stage == Stage::Scenario);
    }
    let mut follow_ups = HashMap::new();
    for planned in &questions {
        if let Some(c) = by_id.get(planned.id.as_str()) {
            let list: Vec<PlannedQuestion> = c
                .follow_ups
                .iter()
                .filter_map(|id| by_id.get(id.as_str()))
                .filter(|f| !states.get(f.id).is_some_and(|s| s.suspended))
                .map(|f| PlannedQuestion {
                    id: f.id.to_owned(),
                    topic: f.topic.to_owned(),
                    stage: Stage::FollowUp,
                    soft_limit_secs: limit(Stage::FollowUp),
                })
                .collect();
            if !list.is_empty() {
                follow_ups.insert(planned.id.clone(), list);
            }
        }
    }
    InterviewPlan {
        minutes,
        level,
        questions,
        follow_ups,
    }
}

/// Reorders a weakest-first list so that topics take turns: the first question of each topic
/// (in the order topics first appear), then the second of each, and so on.
fn across_topics<'a, 'b>(list: Vec<&'a InterviewCandidate<'b>>) -> Vec<&'a InterviewCandidate<'b>> {
    let mut topics: Vec<(&str, Vec<&'a InterviewCandidate<'b>>)> = Vec::new();
    for c in list {
        match topics.iter_mut().find(|(t, _)| *t == c.topic) {
            Some((_, items)) => items.push(c),
            None => topics.push((c.topic, vec![c])),
        }
    }
    let mut out = Vec::new();
    let mut round = 0;
    loop {
        let before = out.len();
        for (_, items) in &topics {
            if let Some(c) = items.get(round) {
                out.push(*c);
            }
        }
        if out.len() == before {
            return out;
        }
        round += 1;
    }
}

/// One answer of a mock interview, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewAnswer {
    /// Question id.
    pub question_id: String,
    /// Topic name.
    pub topic: String,
    /// Its place in the interview.
    pub stage: Stage,
    /// The lesson section to revisit: `lesson-id` or `lesson-id#anchor`.
    pub lesson: String,
    /// What the learner typed.
    pub answer: String,
    /// The learner's rating of their answer.
    pub rating: Rating,
    /// Every key point of the question.
    pub key_points: Vec<String>,
    /// The key points the learner says they covered.
    pub covered: Vec<String>,
    /// Seconds spent on the question.
    pub seconds: u32,
    /// The soft limit it had.
    pub soft_limit_secs: u32,
}

impl InterviewAnswer {
    /// The answer's score from 0 to 1: the self-rating (Again 0 … Easy 1), averaged with the
    /// share of key points covered when the question has key points.
    pub fn score(&self) -> f64 {
        let rated = f64::from(self.rating.number() - 1) / 3.0;
        if self.key_points.is_empty() {
            rated
        } else {
            let covered = self.covered.len().min(self.key_points.len()) as f64;
            (rated + covered / self.key_points.len() as f64) / 2.0
        }
    }
}

/// A mock interview, as saved: its settings, answers and whether it was left early.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MockInterview {
    /// The store's id (absent before the first save).
    #[serde(default)]
    pub id: Option<i64>,
    /// When it started.
    #[serde(with = "super::time_serde::required")]
    pub started_at: DateTime<Utc>,
    /// When it ended (absent while it runs).
    #[serde(with = "super::time_serde::optional", default)]
    pub finished_at: Option<DateTime<Utc>>,
    /// The chosen length in minutes.
    pub minutes: u32,
    /// The chosen level.
    pub level: Level,
    /// The learner left before the plan was done.
    pub left_early: bool,
    /// The answers, in the order given.
    pub answers: Vec<InterviewAnswer>,
}

impl MockInterview {
    /// The mean score of the answers (0 when none was given).
    pub fn score(&self) -> f64 {
        if self.answers.is_empty() {
            return 0.0;
        }
        self.answers.iter().map(InterviewAnswer::score).sum::<f64>() / self.answers.len() as f64
    }
}

/// One line of `stats` about a saved mock interview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MockSummary {
    /// The store's id.
    pub id: Option<i64>,
    /// When it started.
    #[serde(with = "super::time_serde::required")]
    pub started_at: DateTime<Utc>,
    /// The chosen length.
    pub minutes: u32,
    /// The chosen level.
    pub level: Level,
    /// Questions answered.
    pub answered: usize,
    /// The overall score, 0 to 1.
    pub score: f64,
    /// Whether the learner left early.
    pub left_early: bool,
}

impl MockSummary {
    /// The summary of a saved interview.
    pub fn of(interview: &MockInterview) -> MockSummary {
        MockSummary {
            id: interview.id,
            started_at: interview.started_at,
            minutes: interview.minutes,
            level: interview.level,
            answered: interview.answers.len(),
            score: interview.score(),
            left_early: interview.left_early,
        }
    }
}

/// A score for one topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicScore {
    /// Topic name.
    pub topic: String,
    /// Questions answered in it.
    pub answers: usize,
    /// Mean score, 0 to 1.
    pub score: f64,
}

/// How often a key point was covered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyPointScore {
    /// The question it belongs to.
    pub question_id: String,
    /// The point.
    pub point: String,
    /// Whether the learner covered it.
    pub covered: bool,
}

/// An answer worth going back to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revisit {
    /// Question id.
    pub question_id: String,
    /// Its score.
    pub score: f64,
    /// The lesson section that teaches it.
    pub lesson: String,
}

/// Time spent on one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionTime {
    /// Question id.
    pub question_id: String,
    /// Seconds spent.
    pub seconds: u32,
    /// Its soft limit.
    pub soft_limit_secs: u32,
}

/// The debrief of a mock interview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debrief {
    /// The overall score, 0 to 1.
    pub score: f64,
    /// Questions answered.
    pub answered: usize,
    /// Whether the learner left early.
    pub left_early: bool,
    /// Scores by topic, weakest first.
    pub by_topic: Vec<TopicScore>,
    /// Every key point with whether it was covered, missed ones first.
    pub by_key_point: Vec<KeyPointScore>,
    /// Answers scoring under [`REVISIT_BELOW`], weakest first, with their lessons.
    pub revisit: Vec<Revisit>,
    /// Time per question, in the order asked.
    pub times: Vec<QuestionTime>,
    /// Scores of the previous mock interviews, oldest first, then this one.
    pub trend: Vec<f64>,
    /// This score minus the previous interview's (absent for the first).
    pub change: Option<f64>,
}

/// Answers scoring under this are listed to revisit.
pub const REVISIT_BELOW: f64 = 0.6;

/// The debrief of `interview`, compared with the scores of earlier ones (oldest first).
pub fn debrief(interview: &MockInterview, previous_scores: &[f64]) -> Debrief {
    let mut topics: Vec<(String, f64, usize)> = Vec::new();
    for answer in &interview.answers {
        match topics.iter_mut().find(|(t, _, _)| *t == answer.topic) {
            Some((_, sum, n)) => {
                *sum += answer.score();
                *n += 1;
            }
            None => topics.push((answer.topic.clone(), answer.score(), 1)),
        }
    }
    let mut by_topic: Vec<TopicScore> = topics
        .into_iter()
        .map(|(topic, sum, n)| TopicScore {
            topic,
            answers: n,
            score: sum / n as f64,
        })
        .collect();
    by_topic.sort_by(|a, b| a.score.total_cmp(&b.score));
    let mut by_key_point: Vec<KeyPointScore> = interview
        .answers
        .iter()
        .flat_map(|a| {
            a.key_points.iter().map(|p| KeyPointScore {
                question_id: a.question_id.clone(),
                point: p.clone(),
                covered: a.covered.contains(p),
            })
        })
        .collect();
    by_key_point.sort_by_key(|k| k.covered);
    let mut revisit: Vec<Revisit> = interview
        .answers
        .iter()
        .filter(|a| a.score() < REVISIT_BELOW)
        .map(|a| Revisit {
            question_id: a.question_id.clone(),
            score: a.score(),
            lesson: a.lesson.clone(),
        })
        .collect();
    revisit.sort_by(|a, b| a.score.total_cmp(&b.score));
    let score = interview.score();
    let mut trend = previous_scores.to_vec();
    trend.push(score);
    Debrief {
        score,
        answered: interview.answers.len(),
        left_early: interview.left_early,
        by_topic,
        by_key_point,
        revisit,
        times: interview
            .answers
            .iter()
            .map(|a| QuestionTime {
                question_id: a.question_id.clone(),
                seconds: a.seconds,
                soft_limit_secs: a.soft_limit_secs,
            })
            .collect(),
        trend,
        change: previous_scores.last().map(|last| score - last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::SchedulerConfig;
    use crate::srs::test_time::at;

    fn scheduler() -> Scheduler {
        Scheduler::new(SchedulerConfig {
            enable_fuzz: false,
            ..SchedulerConfig::default()
        })
        .unwrap()
    }

    fn candidates(follow: &[String]) -> Vec<InterviewCandidate<'_>> {
        let mut list = Vec::new();
        for (i, topic) in ["caching", "distroless", "scratch"].iter().enumerate() {
            for n in 0..6 {
                let id: &'static str = Box::leak(format!("{topic}-{n}").into_boxed_str());
                list.push(InterviewCandidate {
                    id,
                    topic,
                    open: n % 3 == 1,
                    scenario: n % 3 == 2,
                    follow_ups: if i == 0 && n == 1 { follow } else { &[] },
                });
            }
        }
        list
    }

    #[test]
    fn a_plan_warms_up_then_mixes_topics_open_questions_and_scenarios() {
        let follow = vec!["caching-4".to_owned()];
        let list = candidates(&follow);
        let now = at("2026-11-30T10:00:00Z");
        let states = HashMap::from([(
            "caching-1".to_owned(),
            scheduler().replay("x", &[(Rating::Easy, now)]).unwrap(),
        )]);
        let plan = plan_interview(&list, &states, &scheduler(), now, 15, Level::Mid);
        assert_eq!(plan.questions[0].stage, Stage::WarmUp);
        assert!(plan.planned_secs() <= 15 * 60 * 80 / 100);
        let main = &plan.questions[1..];
        assert!(main.iter().all(|q| q.stage != Stage::WarmUp));
        assert!(main.iter().any(|q| q.stage == Stage::Scenario));
        // Consecutive main questions change topic.
        assert!(main.windows(2).any(|w| w[0].topic != w[1].topic));
        // The weak (never seen) topics come before the one with a fresh card.
        assert_ne!(main[0].topic, "caching");
        // caching-4 is a follow-up: it is only asked after caching-1.
        assert!(plan.questions.iter().all(|q| q.id != "caching-4"));
        if plan.questions.iter().any(|q| q.id == "caching-1") {
            assert_eq!(plan.follow_ups_of("caching-1")[0].id, "caching-4");
        }
        let long = plan_interview(&list, &states, &scheduler(), now, 30, Level::Senior);
        assert!(long.questions.len() > plan.questions.len());
        let scen = |p: &InterviewPlan| {
            p.questions
                .iter()
                .filter(|q| q.stage == Stage::Scenario)
                .count()
        };
        assert!(scen(&long) >= scen(&plan));
        let junior = plan_interview(&list, &states, &scheduler(), now, 15, Level::Junior);
        assert_eq!(
            junior
                .questions
                .iter()
                .filter(|q| q.stage == Stage::WarmUp)
                .count(),
            2
        );
        assert!(junior.questions[2].soft_limit_secs > plan.questions[1].soft_limit_secs);
    }

    fn answer(id: &str, topic: &str, rating: Rating, covered: usize) -> InterviewAnswer {
        InterviewAnswer {
            question_id: id.into(),
            topic: topic.into(),
            stage: Stage::Core,
            lesson: format!("lesson-{id}#part"),
            answer: "typed".into(),
            rating,
            key_points: vec!["a".into(), "b".into()],
            covered: ["a", "b"][..covered]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            seconds: 100,
            soft_limit_secs: 180,
        }
    }

    #[test]
    fn the_debrief_scores_topics_points_and_the_trend() {
        let interview = MockInterview {
            id: None,
            started_at: at("2026-11-30T10:00:00Z"),
            finished_at: None,
            minutes: 15,
            level: Level::Mid,
            left_early: true,
            answers: vec![
                answer("q1", "caching", Rating::Easy, 2),
                answer("q2", "distroless", Rating::Again, 0),
                answer("q3", "distroless", Rating::Good, 1),
            ],
        };
        let d = debrief(&interview, &[0.25]);
        assert_eq!(d.answered, 3);
        assert!(d.left_early);
        assert_eq!(d.by_topic[0].topic, "distroless");
        assert!((d.by_topic[1].score - 1.0).abs() < 1e-9);
        assert!(!d.by_key_point[0].covered);
        assert_eq!(d.revisit.len(), 2, "{:?}", d.revisit);
        assert_eq!(d.revisit[0].lesson, "lesson-q2#part");
        assert_eq!(d.trend.len(), 2);
        let expected = (1.0 + 0.0 + (2.0 / 3.0 + 0.5) / 2.0) / 3.0;
        assert!((d.score - expected).abs() < 1e-9);
        assert!((d.change.unwrap() - (expected - 0.25)).abs() < 1e-9);
    }
}
