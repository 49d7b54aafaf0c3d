//! Whether a pack's answer keys can be guessed from position or length: the rules
//! `stagecraft check` applies to each pack (see docs/authoring.md, "Balanced answer keys").

use super::diagnostic::Diagnostic;
use super::model::{Question, QuestionKind};

/// Fewer questions of a kind than this are not judged: a handful cannot be balanced.
pub const MIN_QUESTIONS: usize = 6;

/// The largest share of single-choice answers one position may hold.
pub const MAX_POSITION_SHARE: f64 = 0.4;

/// The largest share of true/false questions one key may have.
pub const MAX_TRUTH_SHARE: f64 = 0.65;

/// The largest share of single-choice questions whose right answer may be the longest choice
/// (by chance, with four choices, about a quarter are).
pub const MAX_LONGEST_SHARE: f64 = 0.4;

/// The most questions out of `n` that may share one position or key under `share`.
pub fn allowed(n: usize, share: f64) -> usize {
    // Whole questions: 40% of 25 is 10.
    let exact = n as f64 * share;
    exact.floor() as usize
}

/// Warnings about one pack's questions: single-choice answers crowding one position, and
/// true/false keys leaning one way.
pub fn check(questions: &[&Question]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let singles: Vec<(&Question, usize)> = questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Single { answer, .. } => Some((*q, *answer)),
            _ => None,
        })
        .collect();
    if singles.len() >= MIN_QUESTIONS {
        let longest = singles
            .iter()
            .filter(|(q, answer)| right_is_longest(q, *answer))
            .count();
        let cap = allowed(singles.len(), MAX_LONGEST_SHARE);
        if longest > cap {
            problems.push(singles[0].0.origin.warning(format!(
                "the right answer is the longest choice in {longest} of this pack's {} single-choice questions; at most {cap} ({}%) may be, or the key can be guessed by length (shorten right answers or give wrong ones as much detail)",
                singles.len(),
                (MAX_LONGEST_SHARE * 100.0) as u32
            )));
        }
        let most = singles.iter().map(|(_, a)| *a).max().unwrap_or(0);
        let cap = allowed(singles.len(), MAX_POSITION_SHARE);
        for position in 0..=most {
            let count = singles.iter().filter(|(_, a)| *a == position).count();
            if count > cap {
                problems.push(singles[0].0.origin.warning(format!(
                    "the right answer is choice {} in {count} of this pack's {} single-choice questions; at most {cap} ({}%) may share a position, or the key can be guessed (reorder choices, e.g. with rebalance.py)",
                    position + 1,
                    singles.len(),
                    (MAX_POSITION_SHARE * 100.0) as u32
                )));
            }
        }
    }
    let truths: Vec<(&Question, bool)> = questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::TrueFalse { correct } => Some((*q, *correct)),
            _ => None,
        })
        .collect();
    if truths.len() >= MIN_QUESTIONS {
        let cap = allowed(truths.len(), MAX_TRUTH_SHARE);
        for key in [true, false] {
            let count = truths.iter().filter(|(_, c)| *c == key).count();
            if count > cap {
                problems.push(truths[0].0.origin.warning(format!(
                    "{count} of this pack's {} true/false questions are {key}; at most {cap} ({}%) may share a key (reword some statements so that they are {})",
                    truths.len(),
                    (MAX_TRUTH_SHARE * 100.0) as u32,
                    !key
                )));
            }
        }
    }
    problems
}

/// Whether choice `answer` of a single-choice question is longer (in characters) than every
/// other choice.
fn right_is_longest(question: &Question, answer: usize) -> bool {
    let QuestionKind::Single { choices, .. } = &question.kind else {
        return false;
    };
    let length = |c: &String| c.chars().count();
    let Some(right) = choices.get(answer).map(length) else {
        return false;
    };
    choices
        .iter()
        .enumerate()
        .all(|(i, c)| i == answer || length(c) < right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::quiz;

    fn questions(yaml_items: &[String]) -> Vec<Question> {
        let yaml = format!("topic: t\nquestions:\n{}", yaml_items.concat());
        let (questions, problems) = quiz::parse("q.yaml", &yaml);
        assert!(problems.is_empty(), "{problems:?}");
        questions
    }

    fn single(id: usize, answer: usize) -> String {
        format!(
            "  - id: s{id}\n    kind: single\n    prompt: p\n    lesson: l\n    explanation: e\n    choices: [a, b, c, d]\n    answer: {answer}\n"
        )
    }

    fn truth(id: usize, correct: bool) -> String {
        format!(
            "  - id: t{id}\n    kind: true_false\n    prompt: p\n    lesson: l\n    explanation: e\n    correct: {correct}\n"
        )
    }

    #[test]
    fn crowded_positions_warn() {
        let lopsided: Vec<String> = (0..10)
            .map(|i| single(i, if i < 5 { 2 } else { 1 + i % 4 }))
            .collect();
        let qs = questions(&lopsided);
        let refs: Vec<&Question> = qs.iter().collect();
        let problems = check(&refs);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("choice 2 in 7 of"),
            "{}",
            problems[0].message
        );
        let even: Vec<String> = (0..12).map(|i| single(i, 1 + i % 4)).collect();
        let qs = questions(&even);
        assert!(check(&qs.iter().collect::<Vec<_>>()).is_empty());
        let few: Vec<String> = (0..5).map(|i| single(i, 2)).collect();
        let qs = questions(&few);
        assert!(check(&qs.iter().collect::<Vec<_>>()).is_empty());
    }

    fn single_with(id: usize, choices: &str, answer: usize) -> String {
        format!(
            "  - id: s{id}\n    kind: single\n    prompt: p\n    lesson: l\n    explanation: e\n    choices: {choices}\n    answer: {answer}\n"
        )
    }

    #[test]
    fn right_answers_that_are_the_longest_too_often_warn() {
        let choices = "[a, bb, the longest choice, c]";
        // 5 of 10 right answers are the longest choice: more than 40%.
        let leaning: Vec<String> = (0..10)
            .map(|i| single_with(i, choices, if i < 5 { 3 } else { 1 + i % 4 }))
            .collect();
        let qs = questions(&leaning);
        let problems = check(&qs.iter().collect::<Vec<_>>());
        let longest: Vec<_> = problems
            .iter()
            .filter(|p| p.message.contains("longest choice"))
            .collect();
        assert_eq!(longest.len(), 1, "{problems:?}");
        assert!(
            longest[0].message.contains("in 6 of this pack's 10"),
            "{}",
            longest[0].message
        );
        // 4 of 10 is allowed; so are ties for the longest.
        let fair: Vec<String> = (0..10)
            .map(|i| single_with(i, choices, if i < 4 { 3 } else { 1 + (i % 2) * 3 }))
            .collect();
        let qs = questions(&fair);
        let problems = check(&qs.iter().collect::<Vec<_>>());
        assert!(
            problems.iter().all(|p| !p.message.contains("longest")),
            "{problems:?}"
        );
        let tied: Vec<String> = (0..10)
            .map(|i| single_with(i, "[aaa, bbb, ccc]", 1 + i % 3))
            .collect();
        let qs = questions(&tied);
        assert!(check(&qs.iter().collect::<Vec<_>>()).is_empty());
    }

    #[test]
    fn leaning_truth_keys_warn() {
        let leaning: Vec<String> = (0..21).map(|i| truth(i, i < 5)).collect();
        let qs = questions(&leaning);
        let problems = check(&qs.iter().collect::<Vec<_>>());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("16 of this pack's 21"),
            "{}",
            problems[0].message
        );
        let fair: Vec<String> = (0..20).map(|i| truth(i, i % 2 == 0)).collect();
        let qs = questions(&fair);
        assert!(check(&qs.iter().collect::<Vec<_>>()).is_empty());
        assert_eq!(allowed(25, MAX_POSITION_SHARE), 10);
        assert_eq!(allowed(21, MAX_TRUTH_SHARE), 13);
    }
}
