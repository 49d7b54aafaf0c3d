//! `stagecraft lab ID --check FILE` (a lab's goals on a file, without the interface) and
//! `stagecraft labs` (the labs with the date each was completed).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::content::{ContentSet, QuestionKind};
use crate::lab::{self, LabError, Report};
use crate::sanitize::inert_line;

/// How `lab --check` prints its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CheckFormat {
    /// One line per goal: `✓` or `✗`, the goal and why.
    #[default]
    Text,
    /// One JSON object.
    Json,
}

/// One goal in the JSON output of `lab --check`.
#[derive(Debug, Serialize)]
struct JsonGoal<'a> {
    check: &'a str,
    label: &'a str,
    passed: bool,
    why: &'a str,
}

/// One line mark in the JSON output of `lab --check`.
#[derive(Debug, Serialize)]
struct JsonMark<'a> {
    line: usize,
    severity: &'a str,
    message: &'a str,
}

/// The JSON output of `lab --check`.
#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    lab: &'a str,
    file: String,
    passed: bool,
    goals: Vec<JsonGoal<'a>>,
    findings: Vec<JsonMark<'a>>,
}

/// Checks `file` against the goals of lab `id` and prints the verdict. Returns the exit code:
/// 0 when every goal passes, 1 otherwise. An unknown lab or an unreadable file is an error
/// (the binary exits 2).
pub fn run_check(
    content: &ContentSet,
    id: &str,
    file: &Path,
    format: CheckFormat,
    out: &mut impl Write,
) -> Result<i32, CheckError> {
    let (_, lab) = lab::find(content, id)?;
    let text = lab::read_file(file)?;
    let report = lab::check(&text, lab);
    match format {
        CheckFormat::Text => write_text(&report, out)?,
        CheckFormat::Json => write_json(id, file, &report, out)?,
    }
    Ok(if report.all_pass() { 0 } else { 1 })
}

/// Why `lab --check` could not judge the file.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The lab or the file.
    #[error(transparent)]
    Lab(#[from] LabError),
    /// Writing the output.
    #[error("cannot write the result: {0}")]
    Write(#[from] io::Error),
}

fn write_text(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for goal in &report.goals {
        writeln!(
            out,
            "{} {} — {}",
            if goal.passed { "✓" } else { "✗" },
            inert_line(&goal.text),
            inert_line(&goal.why)
        )?;
    }
    writeln!(
        out,
        "{} of {} goals pass",
        report.passed(),
        report.goals.len()
    )
}

fn write_json(id: &str, file: &Path, report: &Report, out: &mut impl Write) -> io::Result<()> {
    let json = JsonReport {
        lab: id,
        file: file.display().to_string(),
        passed: report.all_pass(),
        goals: report
            .goals
            .iter()
            .map(|g| JsonGoal {
                check: g.check,
                label: &g.text,
                passed: g.passed,
                why: &g.why,
            })
            .collect(),
        findings: report
            .marks
            .iter()
            .map(|m| JsonMark {
                line: m.line,
                severity: m.severity.as_str(),
                message: &m.text,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json).map_err(io::Error::other)?;
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// The title of a lab for lists: the first sentence of its prompt, on one line, cut at 70
/// characters.
pub fn lab_title(prompt: &str) -> String {
    let line = inert_line(prompt.trim());
    let sentence = match line.find(". ") {
        Some(end) => &line[..=end],
        None => line.as_str(),
    };
    let mut title: String = sentence.chars().take(70).collect();
    if sentence.chars().count() > 70 {
        title.push('…');
    }
    title
}

/// `stagecraft labs`: every lab with its title, and the date it was completed.
pub fn run_labs(
    content: &ContentSet,
    completions: &HashMap<String, DateTime<Utc>>,
    out: &mut impl Write,
) -> io::Result<()> {
    let labs: Vec<_> = content
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Lab(_)))
        .collect();
    let width = labs.iter().map(|q| q.id.chars().count()).max().unwrap_or(0);
    for question in &labs {
        let done = match completions.get(&question.id) {
            Some(at) => format!("✓ {}", at.format("%Y-%m-%d")),
            None => "-".repeat(12),
        };
        writeln!(
            out,
            "{done}  {:width$}  {}",
            inert_line(&question.id),
            lab_title(&question.prompt)
        )?;
    }
    let finished = labs
        .iter()
        .filter(|q| completions.contains_key(&q.id))
        .count();
    writeln!(out, "{finished} of {} labs done", labs.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_prints_one_line_per_goal_and_exits_by_verdict() {
        let content = ContentSet::embedded();
        let temp = tempfile::tempdir().expect("temp dir");
        let file = temp.path().join("Dockerfile");
        let (_, lab) = lab::find(&content, "lab-go-scratch").expect("lab");
        std::fs::write(&file, &lab.start).expect("write");
        let mut out = Vec::new();
        let code = run_check(
            &content,
            "lab-go-scratch",
            &file,
            CheckFormat::Text,
            &mut out,
        )
        .expect("check");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(code, 1);
        assert_eq!(text.lines().count(), lab.goals.len() + 1, "{text}");
        assert!(text.contains("✗ the CA bundle"), "{text}");
        std::fs::write(&file, lab.solution.as_deref().unwrap_or("")).expect("write");
        let mut out = Vec::new();
        let code = run_check(
            &content,
            "lab-go-scratch",
            &file,
            CheckFormat::Json,
            &mut out,
        )
        .expect("check");
        assert_eq!(code, 0);
        let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(json["passed"], true);
        assert_eq!(json["goals"][0]["check"], "final_base");
        let missing = run_check(
            &content,
            "lab-go-scratch",
            &temp.path().join("none"),
            CheckFormat::Text,
            &mut Vec::new(),
        );
        assert!(missing.is_err());
        assert!(run_check(&content, "nope", &file, CheckFormat::Text, &mut Vec::new()).is_err());
    }

    #[test]
    fn labs_lists_ids_titles_and_done_dates() {
        let content = ContentSet::embedded();
        let at = DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let done = HashMap::from([("lab-go-scratch".to_owned(), at)]);
        let mut out = Vec::new();
        run_labs(&content, &done, &mut out).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let line = text
            .lines()
            .find(|l| l.contains("lab-go-scratch"))
            .expect("listed");
        assert!(line.starts_with("✓ 2026-11-30"), "{line}");
        assert!(
            line.contains("This weather service calls an HTTPS API."),
            "{line}"
        );
        assert!(text.ends_with("1 of 13 labs done\n"), "{text}");
    }
}
