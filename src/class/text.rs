//! The class report as plain text, for a terminal or a file.
//!
//! Every string from a student's file or a content pack passes through
//! [`crate::sanitize::inert`], so no control sequence reaches the terminal.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::report::ClassReport;
use crate::sanitize::inert;

/// The sentence printed where the most chosen wrong answer would go.
pub const CHOICES_NOT_RECORDED: &str = "Most chosen wrong answer: not recorded. Exports hold how \
    each answer was rated (Again, Hard, Good, Easy), not which choice was picked.";

/// Longest prompt shown in a table, in columns.
const PROMPT_WIDTH: usize = 60;

/// `0.4567` -> `46%`.
pub fn percent(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

/// Cuts `text` to one line of at most `width` columns, with `…` when cut.
pub fn one_line(text: &str, width: usize) -> String {
    let flat: String = inert(text).split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.width() <= width {
        return flat;
    }
    let mut out = String::new();
    for c in flat.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Pads `text` with spaces to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
    out
}

/// Writes rows as columns separated by two spaces; the first row is the header.
fn table(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            line.push_str(&pad(cell, widths[c]));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The whole report as text.
pub fn render_text(report: &ClassReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Class report: {} students, {} questions in the course",
        report.students, report.course_questions
    );
    for skipped in &report.skipped {
        let _ = writeln!(
            out,
            "Skipped {}: {}",
            one_line(&skipped.file, 200),
            one_line(&skipped.reason, 200)
        );
    }

    let _ = writeln!(
        out,
        "\nTopics (mastery: cards in review over students × questions)"
    );
    let mut rows = vec![vec![
        "topic".to_owned(),
        "questions".to_owned(),
        "answers".to_owned(),
        "miss rate".to_owned(),
        "mastery".to_owned(),
    ]];
    rows.extend(report.topics.iter().map(|t| {
        vec![
            one_line(&t.topic, 40),
            t.questions.to_string(),
            t.answers.to_string(),
            percent(t.miss_rate),
            percent(t.mastery),
        ]
    }));
    table(&mut out, &rows);

    let _ = writeln!(out, "\nHardest questions");
    if report.hardest.is_empty() {
        let _ = writeln!(out, "No question was missed.");
    }
    for (n, q) in report.hardest.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {} ({}): missed {} of {} answers ({}), by {} of {} students",
            n + 1,
            one_line(&q.id, 80),
            one_line(&q.topic, 40),
            q.misses,
            q.answers,
            percent(q.miss_rate),
            q.students_missed,
            q.students_answered
        );
        if !q.prompt.is_empty() {
            let _ = writeln!(out, "   {}", one_line(&q.prompt, PROMPT_WIDTH + 40));
            let _ = writeln!(out, "   Right answer: {}", one_line(&q.right_answer, 90));
        }
    }
    if !report.chosen_answers_recorded {
        let _ = writeln!(out, "{CHOICES_NOT_RECORDED}");
    }

    let _ = writeln!(out, "\nQuestions answered");
    let mut rows = vec![vec![
        "question".to_owned(),
        "topic".to_owned(),
        "answers".to_owned(),
        "misses".to_owned(),
        "miss rate".to_owned(),
        "students".to_owned(),
    ]];
    rows.extend(report.questions.iter().map(|q| {
        vec![
            one_line(&q.id, 40),
            one_line(&q.topic, 30),
            q.answers.to_string(),
            q.misses.to_string(),
            percent(q.miss_rate),
            q.students_answered.to_string(),
        ]
    }));
    table(&mut out, &rows);

    let _ = writeln!(out, "\nStudents");
    let mut rows = vec![vec![
        "student".to_owned(),
        "answered".to_owned(),
        "coverage".to_owned(),
        "mastered".to_owned(),
        "answers".to_owned(),
        "miss rate".to_owned(),
    ]];
    rows.extend(report.student_rows.iter().map(|s| {
        vec![
            one_line(&s.name, 40),
            format!("{}/{}", s.answered, report.course_questions),
            percent(s.coverage),
            s.mastered.to_string(),
            s.answers.to_string(),
            percent(s.miss_rate),
        ]
    }));
    table(&mut out, &rows);

    if !report.unknown_question_ids.is_empty() {
        let _ = writeln!(
            out,
            "\n{} question ids in the exports are not in the loaded content (load the same \
             --content pack the students used): {}",
            report.unknown_question_ids.len(),
            one_line(&report.unknown_question_ids.join(", "), 200)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::input::{AnswerRow, StudentExport};
    use crate::class::report::{CourseQuestion, SkippedFile, build_report};

    #[test]
    fn text_report_lists_every_part_and_is_inert() {
        let course = [CourseQuestion {
            id: "q1".into(),
            topic: "stages".into(),
            prompt: "Which stage\nships?".into(),
            right_answer: "the last".into(),
        }];
        let students = [StudentExport {
            name: "eve\u{1b}[31m".into(),
            file: "eve.json".into(),
            cards: Vec::new(),
            answers: vec![
                AnswerRow {
                    question_id: "q1".into(),
                    rating: 1,
                },
                AnswerRow {
                    question_id: "q1".into(),
                    rating: 4,
                },
            ],
        }];
        let skipped = vec![SkippedFile {
            file: "bad.json".into(),
            reason: "bad.json:1:1: EOF".into(),
        }];
        let text = render_text(&build_report(&students, &course, skipped));
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(
            text.contains("Class report: 1 students, 1 questions"),
            "{text}"
        );
        assert!(text.contains("Skipped bad.json"), "{text}");
        assert!(
            text.contains("1. q1 (stages): missed 1 of 2 answers (50%)"),
            "{text}"
        );
        assert!(text.contains("   Which stage ships?"), "{text}");
        assert!(text.contains("Right answer: the last"), "{text}");
        assert!(text.contains(CHOICES_NOT_RECORDED), "{text}");
        assert!(text.contains("eve␛[31m  1/1"), "{text}");
    }

    #[test]
    fn one_line_cuts_by_columns() {
        assert_eq!(one_line("abcdef", 4), "abc…");
        assert_eq!(one_line("a\n b", 10), "a b");
    }
}
