//! Combining students' exports into one class report: per-question miss rate, per-topic
//! mastery, the hardest questions, and each student's coverage.
//!
//! Definitions (also in `docs/classroom.md`):
//! * a **miss** is an answer rated Again (1): wrong, or not remembered;
//! * a question's **miss rate** is its misses over all its answers, by every student;
//! * a card is **mastered** when it is in the review phase: it has graduated from learning and
//!   has not been forgotten since;
//! * a topic's **mastery** is its mastered cards over (students × questions of the topic);
//! * a student's **coverage** is the course's questions they have answered at least once over
//!   all the course's questions.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::input::StudentExport;
use crate::content::ContentSet;
use crate::srs::Phase;

/// How many questions the "hardest" list holds at most.
pub const HARDEST_COUNT: usize = 10;

/// The topic shown for question ids the loaded content does not have.
pub const UNKNOWN_TOPIC: &str = "(not in the loaded content)";

/// What the report knows about a question of the course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseQuestion {
    /// Question id.
    pub id: String,
    /// Its topic.
    pub topic: String,
    /// Its prompt.
    pub prompt: String,
    /// The right answer, in words.
    pub right_answer: String,
}

impl CourseQuestion {
    /// The scheduled questions of the loaded content, in course order.
    pub fn from_content(content: &ContentSet) -> Vec<CourseQuestion> {
        content
            .scheduled_questions()
            .into_iter()
            .map(|q| CourseQuestion {
                id: q.id.clone(),
                topic: q.topic.clone(),
                prompt: q.prompt.clone(),
                right_answer: crate::content::grade::right_answer(&q.kind),
            })
            .collect()
    }
}

/// The whole class report (also the `--format json` document).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    /// Number of exports combined.
    pub students: usize,
    /// Number of questions in the course (the loaded content).
    pub course_questions: usize,
    /// Whether the exports record which answer was chosen. They do not: the review log holds
    /// the rating of each answer, not the choice, so the most chosen wrong answer is unknown.
    pub chosen_answers_recorded: bool,
    /// Every question answered by someone, in course order, then unknown ids by id.
    pub questions: Vec<QuestionStats>,
    /// Every topic of the course, in course order.
    pub topics: Vec<TopicStats>,
    /// The questions with the highest miss rate (only those missed at least once).
    pub hardest: Vec<QuestionStats>,
    /// One row per student, in file order.
    pub student_rows: Vec<StudentStats>,
    /// Question ids found in the exports but not in the loaded content.
    pub unknown_question_ids: Vec<String>,
    /// Files left out because they could not be read (with `--skip-invalid`).
    pub skipped: Vec<SkippedFile>,
}

/// One question across the class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionStats {
    /// Question id.
    pub id: String,
    /// Its topic ([`UNKNOWN_TOPIC`] when not in the content).
    pub topic: String,
    /// Its prompt (empty when not in the content).
    pub prompt: String,
    /// The right answer (empty when not in the content).
    pub right_answer: String,
    /// Answers by all students.
    pub answers: u64,
    /// Answers rated Again.
    pub misses: u64,
    /// `misses / answers` (0 without answers).
    pub miss_rate: f64,
    /// Students who answered it.
    pub students_answered: usize,
    /// Students who missed it at least once.
    pub students_missed: usize,
}

/// One topic across the class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicStats {
    /// The topic.
    pub topic: String,
    /// Its questions in the course.
    pub questions: usize,
    /// Answers by all students.
    pub answers: u64,
    /// Answers rated Again.
    pub misses: u64,
    /// `misses / answers` (0 without answers).
    pub miss_rate: f64,
    /// Mastered cards over (students × questions).
    pub mastery: f64,
}

/// One student.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentStats {
    /// Name (the export's file name).
    pub name: String,
    /// Course questions answered at least once.
    pub answered: usize,
    /// `answered / course_questions`.
    pub coverage: f64,
    /// Course questions mastered.
    pub mastered: usize,
    /// All answers.
    pub answers: u64,
    /// Answers rated Again.
    pub misses: u64,
    /// `misses / answers` (0 without answers).
    pub miss_rate: f64,
}

/// A file left out of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedFile {
    /// The file.
    pub file: String,
    /// Why.
    pub reason: String,
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[derive(Default)]
struct Tally {
    answers: u64,
    misses: u64,
    students_answered: usize,
    students_missed: usize,
}

/// Builds the report from the exports that read and the course's questions.
pub fn build_report(
    students: &[StudentExport],
    course: &[CourseQuestion],
    skipped: Vec<SkippedFile>,
) -> ClassReport {
    let index: HashMap<&str, usize> = course
        .iter()
        .enumerate()
        .map(|(n, q)| (q.id.as_str(), n))
        .collect();
    let mut course_tallies: Vec<Tally> = course.iter().map(|_| Tally::default()).collect();
    let mut unknown_tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut mastered_per_question = vec![0usize; course.len()];
    let mut student_rows = Vec::with_capacity(students.len());

    for student in students {
        // Per student: answers and misses of each question touched.
        let mut own: HashMap<&str, (u64, u64)> = HashMap::new();
        for answer in &student.answers {
            let entry = own.entry(answer.question_id.as_str()).or_default();
            entry.0 += 1;
            entry.1 += u64::from(answer.is_miss());
        }
        // A card answered before the log was kept still counts as answered.
        let mut answered_ids: HashSet<&str> = own.keys().copied().collect();
        answered_ids.extend(
            student
                .cards
                .iter()
                .filter(|c| c.reps > 0 || c.phase != Phase::New)
                .map(|c| c.question_id.as_str()),
        );
        for (id, (answers, misses)) in &own {
            let tally = match index.get(id) {
                Some(&n) => &mut course_tallies[n],
                None => unknown_tallies.entry((*id).to_owned()).or_default(),
            };
            tally.answers += answers;
            tally.misses += misses;
            tally.students_answered += 1;
            tally.students_missed += usize::from(*misses > 0);
        }
        let mut mastered = 0;
        let mut seen_cards: HashSet<&str> = HashSet::new();
        for card in &student.cards {
            if card.phase == Phase::Review
                && seen_cards.insert(card.question_id.as_str())
                && let Some(&n) = index.get(card.question_id.as_str())
            {
                mastered_per_question[n] += 1;
                mastered += 1;
            }
        }
        let answered = answered_ids
            .iter()
            .filter(|id| index.contains_key(*id))
            .count();
        let answers: u64 = own.values().map(|(a, _)| a).sum();
        let misses: u64 = own.values().map(|(_, m)| m).sum();
        student_rows.push(StudentStats {
            name: student.name.clone(),
            answered,
            coverage: ratio(answered as u64, course.len() as u64),
            mastered,
            answers,
            misses,
            miss_rate: ratio(misses, answers),
        });
    }

    let stats = |id: &str, question: Option<&CourseQuestion>, tally: &Tally| QuestionStats {
        id: id.to_owned(),
        topic: question.map_or_else(|| UNKNOWN_TOPIC.to_owned(), |q| q.topic.clone()),
        prompt: question.map(|q| q.prompt.clone()).unwrap_or_default(),
        right_answer: question.map(|q| q.right_answer.clone()).unwrap_or_default(),
        answers: tally.answers,
        misses: tally.misses,
        miss_rate: ratio(tally.misses, tally.answers),
        students_answered: tally.students_answered,
        students_missed: tally.students_missed,
    };
    let mut questions: Vec<QuestionStats> = course
        .iter()
        .zip(&course_tallies)
        .filter(|(_, t)| t.answers > 0)
        .map(|(q, t)| stats(&q.id, Some(q), t))
        .collect();
    questions.extend(unknown_tallies.iter().map(|(id, t)| stats(id, None, t)));

    let topics = topic_rows(
        course,
        &course_tallies,
        &mastered_per_question,
        students.len(),
    );

    let mut hardest: Vec<QuestionStats> =
        questions.iter().filter(|q| q.misses > 0).cloned().collect();
    hardest.sort_by(|a, b| {
        b.miss_rate
            .total_cmp(&a.miss_rate)
            .then_with(|| b.misses.cmp(&a.misses))
            .then_with(|| a.id.cmp(&b.id))
    });
    hardest.truncate(HARDEST_COUNT);

    ClassReport {
        students: students.len(),
        course_questions: course.len(),
        chosen_answers_recorded: false,
        questions,
        topics,
        hardest,
        student_rows,
        unknown_question_ids: unknown_tallies.into_keys().collect(),
        skipped,
    }
}

fn topic_rows(
    course: &[CourseQuestion],
    tallies: &[Tally],
    mastered: &[usize],
    students: usize,
) -> Vec<TopicStats> {
    let mut rows: Vec<TopicStats> = Vec::new();
    let mut mastered_cards: Vec<usize> = Vec::new();
    for ((question, tally), &mastered) in course.iter().zip(tallies).zip(mastered) {
        let n = match rows.iter().position(|r| r.topic == question.topic) {
            Some(n) => n,
            None => {
                rows.push(TopicStats {
                    topic: question.topic.clone(),
                    questions: 0,
                    answers: 0,
                    misses: 0,
                    miss_rate: 0.0,
                    mastery: 0.0,
                });
                mastered_cards.push(0);
                rows.len() - 1
            }
        };
        rows[n].questions += 1;
        rows[n].answers += tally.answers;
        rows[n].misses += tally.misses;
        mastered_cards[n] += mastered;
    }
    for (row, mastered) in rows.iter_mut().zip(mastered_cards) {
        row.miss_rate = ratio(row.misses, row.answers);
        row.mastery = ratio(mastered as u64, (row.questions * students) as u64);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::input::{AnswerRow, CardRow};
    use std::path::PathBuf;

    fn question(id: &str, topic: &str) -> CourseQuestion {
        CourseQuestion {
            id: id.into(),
            topic: topic.into(),
            prompt: format!("prompt of {id}"),
            right_answer: format!("answer of {id}"),
        }
    }

    fn student(name: &str, answers: &[(&str, u8)], cards: &[(&str, Phase)]) -> StudentExport {
        StudentExport {
            name: name.into(),
            file: PathBuf::from(format!("{name}.json")),
            cards: cards
                .iter()
                .map(|(id, phase)| CardRow {
                    question_id: (*id).into(),
                    phase: *phase,
                    reps: 1,
                    lapses: 0,
                })
                .collect(),
            answers: answers
                .iter()
                .map(|(id, rating)| AnswerRow {
                    question_id: (*id).into(),
                    rating: *rating,
                })
                .collect(),
        }
    }

    #[test]
    fn miss_rates_mastery_hardest_and_coverage() {
        let course = [
            question("a1", "alpha"),
            question("a2", "alpha"),
            question("b1", "beta"),
            question("b2", "beta"),
        ];
        let students = [
            student(
                "ann",
                &[("a1", 1), ("a1", 3), ("b1", 3), ("zz", 1)],
                &[("a1", Phase::Learning), ("b1", Phase::Review)],
            ),
            student(
                "bob",
                &[("a1", 1), ("a2", 3)],
                &[("a1", Phase::Relearning), ("a2", Phase::Review)],
            ),
        ];
        let report = build_report(&students, &course, Vec::new());
        assert_eq!(report.students, 2);
        assert!(!report.chosen_answers_recorded);

        let a1 = &report.questions[0];
        assert_eq!((a1.id.as_str(), a1.answers, a1.misses), ("a1", 3, 2));
        assert!((a1.miss_rate - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!((a1.students_answered, a1.students_missed), (2, 2));
        // Unanswered b2 has no row; the unknown id comes last.
        let ids: Vec<&str> = report.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a2", "b1", "zz"]);
        assert_eq!(report.questions[3].topic, UNKNOWN_TOPIC);
        assert_eq!(report.unknown_question_ids, ["zz"]);

        // alpha: 4 cards (2 students x 2 questions), one mastered (bob's a2).
        assert_eq!(report.topics[0].topic, "alpha");
        assert!((report.topics[0].mastery - 0.25).abs() < 1e-9);
        assert!((report.topics[0].miss_rate - 0.5).abs() < 1e-9);
        assert!((report.topics[1].mastery - 0.25).abs() < 1e-9);
        assert_eq!(report.topics[1].misses, 0);

        // Hardest: zz (1/1), then a1 (2/3); never-missed questions are not listed.
        let hardest: Vec<&str> = report.hardest.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(hardest, ["zz", "a1"]);

        let ann = &report.student_rows[0];
        assert_eq!(
            (ann.answered, ann.mastered, ann.answers, ann.misses),
            (2, 1, 4, 2)
        );
        assert!((ann.coverage - 0.5).abs() < 1e-9);
        let bob = &report.student_rows[1];
        assert_eq!((bob.answered, bob.mastered), (2, 1));
    }

    #[test]
    fn no_students_gives_zeros_not_nans() {
        let report = build_report(&[], &[question("a", "t")], Vec::new());
        assert_eq!(report.topics[0].mastery, 0.0);
        assert!(report.questions.is_empty());
    }
}
