//! Checks across files: unique ids, and links that lead to real lessons and headings.

use std::collections::HashMap;

use super::diagnostic::{Diagnostic, Origin};
use super::model::{Example, Lesson, LessonLink, Question, QuestionKind};

/// Lesson and example ids: lowercase ASCII letters, digits and single hyphens.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Question ids: ASCII letters, digits, `-`, `_` and `.`.
pub fn is_valid_question_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Reports each id used a second time, pointing at the second use and naming the first.
pub fn duplicate_ids<'a>(
    what: &str,
    items: impl Iterator<Item = (&'a str, &'a Origin)>,
) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &Origin> = HashMap::new();
    let mut problems = Vec::new();
    for (id, origin) in items {
        if let Some(previous) = first.get(id) {
            problems.push(origin.error(format!(
                "{what} id `{id}` is already used at {}:{}",
                previous.path, previous.line
            )));
        } else {
            first.insert(id, origin);
        }
    }
    problems
}

/// Checks that a link names a lesson and, if it has an anchor, a heading of that lesson.
pub fn check_link(link: &LessonLink, lessons: &[Lesson], origin: &Origin) -> Option<Diagnostic> {
    let Some(lesson) = lessons.iter().find(|l| l.id == link.lesson) else {
        return Some(origin.error(format!("link to missing lesson `{}`", link.lesson)));
    };
    let anchor = link.anchor.as_deref()?;
    if lesson.headings.iter().any(|h| h.anchor == anchor) {
        None
    } else {
        let known: Vec<&str> = lesson.headings.iter().map(|h| h.anchor.as_str()).collect();
        Some(origin.error(format!(
            "lesson `{}` has no heading `#{anchor}`; its anchors are: {}",
            lesson.id,
            known.join(", ")
        )))
    }
}

/// Every cross-file problem of a set of lessons, questions and examples.
pub fn cross_check(
    lessons: &[Lesson],
    questions: &[Question],
    examples: &[Example],
) -> Vec<Diagnostic> {
    let mut problems = duplicate_ids("lesson", lessons.iter().map(|l| (l.id.as_str(), &l.origin)));
    problems.extend(duplicate_ids(
        "question",
        questions.iter().map(|q| (q.id.as_str(), &q.origin)),
    ));
    problems.extend(duplicate_ids(
        "example",
        examples.iter().map(|e| (e.id.as_str(), &e.origin)),
    ));
    problems.extend(
        questions
            .iter()
            .filter_map(|q| check_link(&q.lesson, lessons, &q.origin)),
    );
    problems.extend(
        examples
            .iter()
            .filter_map(|e| check_link(&e.lesson, lessons, &e.origin)),
    );
    problems
}

/// Checks that need the Dockerfile analyzer: every example's "after" file has no error-level
/// finding (with the facts of `images`), and every lab's solution passes all of its goals while
/// its start fails one.
pub fn analyzer_checks(
    questions: &[Question],
    examples: &[Example],
    images: &crate::dockerfile::ImageCatalog,
) -> Vec<Diagnostic> {
    use crate::dockerfile::{analyze_with, goals, parse};
    let mut problems = Vec::new();
    for example in examples {
        let file = &example.after;
        let dockerfile = parse(&file.text);
        if let Some(diag) = dockerfile.errors().next() {
            problems.push(Diagnostic::error(
                &file.path,
                diag.position.line,
                diag.position.column,
                format!("the \"after\" Dockerfile does not parse: {}", diag.message),
            ));
            continue;
        }
        match analyze_with(&dockerfile, file.target.as_deref(), images) {
            Ok(analysis) => {
                for finding in analysis.findings.iter().filter(|f| f.is_error()) {
                    problems.push(Diagnostic::error(
                        &file.path,
                        finding.line,
                        1,
                        format!(
                            "the \"after\" Dockerfile has an error-level finding {}: {}",
                            finding.rule, finding.message
                        ),
                    ));
                }
            }
            Err(err) => problems.push(example.origin.error(format!(
                "the \"after\" Dockerfile cannot be analysed: {err}"
            ))),
        }
    }
    for question in questions {
        let QuestionKind::Lab(lab) = &question.kind else {
            continue;
        };
        let checks: Vec<_> = lab.goals.iter().map(|g| g.check.clone()).collect();
        if let Some(solution) = &lab.solution {
            let passed = goals::evaluate(solution, None, &checks);
            for (goal, ok) in lab.goals.iter().zip(passed) {
                if !ok {
                    problems.push(question.origin.error(format!(
                        "lab `{}`: its solution fails the goal \"{}\"",
                        question.id,
                        goal.text()
                    )));
                }
            }
        }
        if lab.hints.is_empty() {
            problems.push(question.origin.warning(format!(
                "lab `{}` has no `hints`; write at least one, revealed one at a time",
                question.id
            )));
        }
        if goals::evaluate(&lab.start, None, &checks)
            .into_iter()
            .all(|ok| ok)
        {
            problems.push(question.origin.warning(format!(
                "lab `{}`: its starting Dockerfile already passes every goal",
                question.id
            )));
        }
    }
    problems
}

/// Checks of interview notes across questions: follow-ups name existing questions (not the
/// question itself) and never lead back in a cycle; a scenario's Dockerfile parses, triggers
/// the findings its fix removes, and its expected fix lines pass the analyzer's check.
pub fn interview_checks(
    questions: &[Question],
    notes: &HashMap<String, super::interview::InterviewNotes>,
) -> Vec<Diagnostic> {
    let by_id: HashMap<&str, &Question> = questions.iter().map(|q| (q.id.as_str(), q)).collect();
    let mut problems = Vec::new();
    for question in questions {
        let Some(note) = notes.get(&question.id) else {
            continue;
        };
        for follow_up in &note.follow_ups {
            if follow_up == &question.id {
                problems.push(question.origin.error(format!(
                    "question `{}` lists itself as a follow-up",
                    question.id
                )));
            } else if !by_id.contains_key(follow_up.as_str()) {
                problems.push(question.origin.error(format!(
                    "question `{}` has follow-up `{follow_up}`, which is no question",
                    question.id
                )));
            }
        }
        if let Some(cycle) = follow_up_cycle(&question.id, notes) {
            problems.push(question.origin.error(format!(
                "follow-ups lead back to `{}`: {}",
                question.id,
                cycle.join(" -> ")
            )));
        }
        if let Some(scenario) = &note.scenario
            && let Some(text) = &question.dockerfile
        {
            let dockerfile = crate::dockerfile::parse(text);
            for problem in super::interview::scenario_problems(&dockerfile, text, scenario) {
                problems.push(
                    question
                        .origin
                        .error(format!("scenario `{}`: {problem}", question.id)),
                );
            }
        }
    }
    problems
}

/// The path of follow-ups from `start` back to itself, if there is one.
fn follow_up_cycle(
    start: &str,
    notes: &HashMap<String, super::interview::InterviewNotes>,
) -> Option<Vec<String>> {
    let mut stack: Vec<Vec<String>> = vec![vec![start.to_owned()]];
    let mut seen = std::collections::HashSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last()?;
        for next in notes.get(last).map_or(&[][..], |n| &n.follow_ups[..]) {
            if next == start && path.len() > 1 {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if next != start && seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("multi-stage-anatomy"));
        assert!(!is_valid_id("Multi"));
        assert!(!is_valid_id("-x"));
        assert!(is_valid_question_id("scratch.certs_1"));
        assert!(!is_valid_question_id("a b"));
    }

    #[test]
    fn follow_up_cycles_are_found() {
        use super::super::interview::InterviewNotes;
        let notes = |ids: &[&str]| InterviewNotes {
            follow_ups: ids.iter().map(|s| (*s).to_owned()).collect(),
            ..InterviewNotes::default()
        };
        let map = HashMap::from([
            ("a".to_owned(), notes(&["b"])),
            ("b".to_owned(), notes(&["c"])),
            ("c".to_owned(), notes(&["a"])),
            ("d".to_owned(), notes(&["a"])),
        ]);
        assert_eq!(follow_up_cycle("a", &map).unwrap(), ["a", "b", "c", "a"]);
        assert!(follow_up_cycle("d", &map).is_none());
    }

    #[test]
    fn duplicates_name_the_first_use() {
        let a = Origin {
            path: "a.yaml".into(),
            line: 3,
            col: 5,
        };
        let b = Origin {
            path: "b.yaml".into(),
            line: 7,
            col: 5,
        };
        let problems = duplicate_ids("question", [("x", &a), ("x", &b)].into_iter());
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "b.yaml:7:5: error: question id `x` is already used at a.yaml:3"
        );
    }
}
