//! `check`'s warnings on lessons whose slides lean on each other: "the file above" when the
//! file is on an earlier slide, and code blocks referenced by a name no block has
//! ([`crate::markdown::slides::reference_problems`]), located at `path:line:col`.

use super::diagnostic::Diagnostic;
use super::model::Lesson;
use crate::markdown::slides;

/// The slide reference problems of `lesson`, as warnings at their place in the lesson file.
pub fn check(lesson: &Lesson) -> Vec<Diagnostic> {
    slides::reference_problems(&lesson.body)
        .into_iter()
        .map(|problem| {
            let (line, col) = line_col(&lesson.body, problem.offset);
            Diagnostic::warning(
                lesson.origin.path.clone(),
                lesson.body_line + line - 1,
                col,
                problem.message,
            )
        })
        .collect()
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::lesson;

    #[test]
    fn warnings_point_into_the_lesson_file() {
        let text = "---\nid: demo\ntitle: Demo\norder: 1\nminutes: 3\n---\n## One\n\n```dockerfile\nFROM scratch\n```\n\n## Two\n\nÉ: the file above is small.\n";
        let lesson = lesson::parse("lessons/demo.md", text).expect("lesson");
        let warnings = check(&lesson);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!(
            (w.path.as_str(), w.line, w.col),
            ("lessons/demo.md", 15, 13)
        );
        assert!(!w.is_error());
        assert!(w.message.contains("\"above\""), "{}", w.message);
    }
}
