//! Every lab's known solutions: the right ones (tests/fixtures/labs/<id>/right-*.Dockerfile and
//! the lab's own `solution`) pass every goal; each wrong one
//! (tests/fixtures/labs/<id>/wrong-*.Dockerfile) fails, and fails the goals its first line
//! names (`# expect-fail: check, check`: a goal of each named check fails), which are the
//! mistakes the lab teaches.

use std::fs;
use std::path::{Path, PathBuf};

use stagecraft::content::model::Lab;
use stagecraft::content::{ContentSet, QuestionKind};
use stagecraft::lab::{Report, check};

fn fixtures(id: &str) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/labs")
        .join(id);
    let mut right = Vec::new();
    let mut wrong = Vec::new();
    let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("right-") {
            right.push(path);
        } else if name.starts_with("wrong-") {
            wrong.push(path);
        }
    }
    right.sort();
    wrong.sort();
    (right, wrong)
}

fn labs() -> Vec<(String, Lab)> {
    ContentSet::embedded()
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Lab(lab) => Some((q.id.clone(), lab.clone())),
            _ => None,
        })
        .collect()
}

fn show(report: &Report) -> String {
    report
        .goals
        .iter()
        .map(|g| {
            format!(
                "  {} {}: {} ({})\n",
                if g.passed { "ok  " } else { "FAIL" },
                g.check,
                g.text,
                g.why
            )
        })
        .collect()
}

/// The check names listed on a `# expect-fail:` first line.
fn expected_failures(text: &str) -> Vec<String> {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect-fail:"))
        .map(|list| list.split(',').map(|s| s.trim().to_owned()).collect())
        .unwrap_or_default()
}

#[test]
fn every_lab_has_right_and_wrong_solutions_that_are_judged_right() {
    let labs = labs();
    assert!(labs.len() >= 13, "{} labs", labs.len());
    let mut problems = Vec::new();
    for (id, lab) in &labs {
        let (right, wrong) = fixtures(id);
        if right.len() < 2 || wrong.len() < 3 {
            problems.push(format!(
                "{id}: {} right and {} wrong solutions; at least 2 and 3 are needed",
                right.len(),
                wrong.len()
            ));
        }
        let solution = lab.solution.clone().unwrap_or_default();
        let report = check(&solution, lab);
        if !report.all_pass() {
            problems.push(format!("{id}: its solution fails\n{}", show(&report)));
        }
        let report = check(&lab.start, lab);
        if report.all_pass() {
            problems.push(format!("{id}: its start passes every goal"));
        }
        for path in &right {
            let text = fs::read_to_string(path).expect("read");
            let report = check(&text, lab);
            if !report.all_pass() {
                problems.push(format!("{}: fails\n{}", path.display(), show(&report)));
            }
        }
        for path in &wrong {
            let text = fs::read_to_string(path).expect("read");
            let expected = expected_failures(&text);
            let report = check(&text, lab);
            if expected.is_empty() {
                problems.push(format!("{}: no `# expect-fail:` line", path.display()));
            }
            for name in &expected {
                if !lab.goals.iter().any(|g| g.check.name() == name) {
                    problems.push(format!("{}: the lab has no `{name}` goal", path.display()));
                } else if !report.goals.iter().any(|g| g.check == name && !g.passed) {
                    problems.push(format!(
                        "{}: should fail `{name}` but passes it\n{}",
                        path.display(),
                        show(&report)
                    ));
                }
            }
            if report.all_pass() {
                problems.push(format!("{}: passes every goal", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_lab_has_hints() {
    for (id, lab) in labs() {
        assert!(!lab.hints.is_empty(), "{id} has no hints");
    }
}
