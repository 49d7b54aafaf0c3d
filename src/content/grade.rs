//! Grading answers: pure functions from a question and a response to right or wrong.

use super::model::{QuestionKind, normalise_answer};

/// What the learner answered, in the shape of the question's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// A 0-based choice (single choice).
    Choice(usize),
    /// 0-based choices (multiple choice), in any order.
    Choices(Vec<usize>),
    /// True or false.
    Truth(bool),
    /// Typed text (short answer).
    Text(String),
    /// The items in the order given, as indexes into the question's (right) order.
    Order(Vec<usize>),
    /// A 1-based line (spot the bug).
    Line(usize),
    /// One text per blank (fill in the blank).
    Blanks(Vec<String>),
    /// The learner revealed the model answer and grades themselves (flashcard).
    SelfGraded,
}

/// The verdict on a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Right.
    Correct,
    /// Wrong.
    Incorrect,
    /// The learner decides (flashcards).
    SelfGraded,
}

/// Grades `response` against `kind`. A response of the wrong shape is wrong.
pub fn grade(kind: &QuestionKind, response: &Response) -> Verdict {
    use QuestionKind as K;
    use Response as R;
    let correct = match (kind, response) {
        (K::Single { answer, .. }, R::Choice(pick)) => pick == answer,
        (K::Multiple { answers, .. }, R::Choices(picks)) => {
            let mut picks = picks.clone();
            picks.sort_unstable();
            picks.dedup();
            &picks == answers
        }
        (K::TrueFalse { correct }, R::Truth(said)) => correct == said,
        (K::Short { accepted }, R::Text(text)) => matches_any(accepted, text),
        (K::Order { items }, R::Order(order)) => {
            order.len() == items.len() && order.iter().enumerate().all(|(i, &j)| i == j)
        }
        (K::SpotBug { line }, R::Line(picked)) => line == picked,
        (K::FillBlank { blanks }, R::Blanks(texts)) => {
            texts.len() == blanks.len()
                && blanks
                    .iter()
                    .zip(texts)
                    .all(|(accepted, text)| matches_any(accepted, text))
        }
        (K::Flashcard { .. }, R::SelfGraded) => return Verdict::SelfGraded,
        _ => false,
    };
    if correct {
        Verdict::Correct
    } else {
        Verdict::Incorrect
    }
}

/// Whether `text` equals one of `accepted` once both are normalised.
pub fn matches_any(accepted: &[String], text: &str) -> bool {
    let text = normalise_answer(text);
    !text.is_empty() && accepted.iter().any(|a| normalise_answer(a) == text)
}

/// The right answer, in words, for the feedback after a wrong one.
pub fn right_answer(kind: &QuestionKind) -> String {
    use QuestionKind as K;
    match kind {
        K::Single { choices, answer } => choices.get(*answer).cloned().unwrap_or_default(),
        K::Multiple { choices, answers } => answers
            .iter()
            .filter_map(|&i| choices.get(i).cloned())
            .collect::<Vec<_>>()
            .join("; "),
        K::TrueFalse { correct } => if *correct { "True" } else { "False" }.into(),
        K::Short { accepted } => accepted.first().cloned().unwrap_or_default(),
        K::Order { items } => items.join(" → "),
        K::SpotBug { line } => format!("line {line}"),
        K::FillBlank { blanks } => blanks
            .iter()
            .map(|b| b.first().cloned().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("; "),
        K::Flashcard { model_answer } => model_answer.clone(),
        K::Lab(_) => "every goal of the lab passes".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn single_and_multiple() {
        let single = QuestionKind::Single {
            choices: s(&["a", "b"]),
            answer: 1,
        };
        assert_eq!(grade(&single, &Response::Choice(1)), Verdict::Correct);
        assert_eq!(grade(&single, &Response::Choice(0)), Verdict::Incorrect);
        let multiple = QuestionKind::Multiple {
            choices: s(&["a", "b", "c"]),
            answers: vec![0, 2],
        };
        assert_eq!(
            grade(&multiple, &Response::Choices(vec![2, 0])),
            Verdict::Correct
        );
        assert_eq!(
            grade(&multiple, &Response::Choices(vec![0])),
            Verdict::Incorrect
        );
        assert_eq!(
            grade(&multiple, &Response::Choices(vec![0, 1, 2])),
            Verdict::Incorrect
        );
    }

    #[test]
    fn typed_answers_are_normalised_and_never_empty() {
        let short = QuestionKind::Short {
            accepted: s(&["65532"]),
        };
        assert_eq!(
            grade(&short, &Response::Text(" `65532` ".into())),
            Verdict::Correct
        );
        let any = QuestionKind::Short { accepted: s(&[""]) };
        assert_eq!(grade(&any, &Response::Text("".into())), Verdict::Incorrect);
        let blanks = QuestionKind::FillBlank {
            blanks: vec![s(&["--from=build", "--from=0"]), s(&["USER"])],
        };
        assert_eq!(
            grade(&blanks, &Response::Blanks(s(&["--FROM=0", "user"]))),
            Verdict::Correct
        );
        assert_eq!(
            grade(&blanks, &Response::Blanks(s(&["--from=0"]))),
            Verdict::Incorrect
        );
    }

    #[test]
    fn order_spot_bug_and_flashcards() {
        let order = QuestionKind::Order {
            items: s(&["a", "b", "c"]),
        };
        assert_eq!(
            grade(&order, &Response::Order(vec![0, 1, 2])),
            Verdict::Correct
        );
        assert_eq!(
            grade(&order, &Response::Order(vec![1, 0, 2])),
            Verdict::Incorrect
        );
        assert_eq!(
            grade(&QuestionKind::SpotBug { line: 3 }, &Response::Line(3)),
            Verdict::Correct
        );
        let card = QuestionKind::Flashcard {
            model_answer: "x".into(),
        };
        assert_eq!(grade(&card, &Response::SelfGraded), Verdict::SelfGraded);
        assert_eq!(grade(&card, &Response::Truth(true)), Verdict::Incorrect);
    }
}
