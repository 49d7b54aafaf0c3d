//! The content model: what lessons, questions and examples are once loaded and checked.

use serde::Serialize;

use super::diagnostic::Origin;
use crate::markdown::anchor::Heading;

/// A lesson: Markdown with front matter.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// Unique id, used in links and progress.
    pub id: String,
    /// Title shown in lists.
    pub title: String,
    /// Position in the list of lessons.
    pub order: i64,
    /// One sentence for the home screen.
    pub summary: String,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// Estimated reading time.
    pub minutes: u32,
    /// The Markdown body, without front matter.
    pub body: String,
    /// The body's headings with their anchors.
    pub headings: Vec<Heading>,
    /// Where the lesson file starts.
    pub origin: Origin,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// A link from a question or example to the lesson section that teaches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LessonLink {
    /// The lesson's id.
    pub lesson: String,
    /// A heading anchor in that lesson, if the link names one.
    pub anchor: Option<String>,
}

impl LessonLink {
    /// Parses `lesson-id` or `lesson-id#anchor`.
    pub fn parse(text: &str) -> Option<LessonLink> {
        let (lesson, anchor) = match text.split_once('#') {
            Some((lesson, anchor)) => (lesson, Some(anchor)),
            None => (text, None),
        };
        let lesson = lesson.trim();
        if lesson.is_empty() || anchor.is_some_and(|a| a.trim().is_empty()) {
            return None;
        }
        Some(LessonLink {
            lesson: lesson.to_owned(),
            anchor: anchor.map(|a| a.trim().to_owned()),
        })
    }
}

impl std::fmt::Display for LessonLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.anchor {
            Some(anchor) => write!(f, "{}#{anchor}", self.lesson),
            None => f.write_str(&self.lesson),
        }
    }
}

/// A question of any kind.
#[derive(Debug, Clone)]
pub struct Question {
    /// Stable unique id; progress is stored under it.
    pub id: String,
    /// What is asked, in Markdown.
    pub prompt: String,
    /// A Dockerfile shown with the prompt.
    pub dockerfile: Option<String>,
    /// The topic the question belongs to (for drills and statistics).
    pub topic: String,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// The lesson section that teaches the answer.
    pub lesson: LessonLink,
    /// Shown after the answer, in Markdown.
    pub explanation: String,
    /// What kind of answer is expected, and the right one.
    pub kind: QuestionKind,
    /// For ordering questions: groups of 0-based item indexes that may appear in any order
    /// among themselves (steps that build the same image in either order). Empty otherwise.
    pub independent: Vec<Vec<usize>>,
    /// Where the question is defined.
    pub origin: Origin,
}

/// The kinds of question, each with its right answer.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Pick one choice; `answer` is a 0-based index.
    Single { choices: Vec<String>, answer: usize },
    /// Pick every right choice; `answers` are 0-based indexes, sorted.
    Multiple {
        choices: Vec<String>,
        answers: Vec<usize>,
    },
    /// Say whether the prompt's statement is true.
    TrueFalse { correct: bool },
    /// Type an answer; any of `accepted` (compared normalised) is right.
    Short { accepted: Vec<String> },
    /// Put `items` (given here in the right order) in order.
    Order { items: Vec<String> },
    /// Pick the wrong line of the question's Dockerfile; `line` is 1-based.
    SpotBug { line: usize },
    /// Fill each `___` of the question's Dockerfile; one list of accepted answers per blank.
    FillBlank { blanks: Vec<Vec<String>> },
    /// Recall, reveal the model answer, rate yourself.
    Flashcard { model_answer: String },
    /// Edit a Dockerfile until every goal passes.
    Lab(Lab),
}

impl QuestionKind {
    /// The name used in quiz files.
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::Single { .. } => "single",
            QuestionKind::Multiple { .. } => "multiple",
            QuestionKind::TrueFalse { .. } => "true_false",
            QuestionKind::Short { .. } => "short",
            QuestionKind::Order { .. } => "order",
            QuestionKind::SpotBug { .. } => "spot_bug",
            QuestionKind::FillBlank { .. } => "fill_blank",
            QuestionKind::Flashcard { .. } => "flashcard",
            QuestionKind::Lab(_) => "lab",
        }
    }

    /// A short label for people.
    pub fn label(&self) -> &'static str {
        match self {
            QuestionKind::Single { .. } => "single choice",
            QuestionKind::Multiple { .. } => "multiple choice",
            QuestionKind::TrueFalse { .. } => "true or false",
            QuestionKind::Short { .. } => "short answer",
            QuestionKind::Order { .. } => "ordering",
            QuestionKind::SpotBug { .. } => "spot the bug",
            QuestionKind::FillBlank { .. } => "fill in the blank",
            QuestionKind::Flashcard { .. } => "flashcard",
            QuestionKind::Lab(_) => "lab",
        }
    }

    /// Whether the learner grades the answer themselves.
    pub fn is_self_graded(&self) -> bool {
        matches!(self, QuestionKind::Flashcard { .. })
    }
}

/// A hands-on lab: a starting Dockerfile and the goals its fix must pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Lab {
    /// The Dockerfile the learner starts from.
    pub start: String,
    /// Checks run by the analyzer.
    pub goals: Vec<LabGoal>,
    /// A Dockerfile that passes every goal.
    pub solution: Option<String>,
    /// Hints in the order they are revealed, one at a time (Markdown).
    pub hints: Vec<String>,
    /// What a real build of the learner's file must show, when the lab ships a sample
    /// application (see [`crate::engine`]).
    pub build: Option<LabBuild>,
}

/// The `build:` section of a lab: the sample application built with the learner's Dockerfile
/// and what the running container must show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabBuild {
    /// The context folder as written, relative to the quiz file's folder.
    pub context: String,
    /// The files of the context folder once the pack is read: path inside the folder -> text.
    pub files: std::collections::BTreeMap<String, String>,
    /// Text the container must print (standard output or error), if any.
    pub output: Option<String>,
    /// The exit code the container must end with; `None` for a service that keeps running.
    pub exit_code: Option<i64>,
    /// The largest final image allowed, in megabytes (10^6 bytes).
    pub max_size_mb: Option<f64>,
    /// The numeric user id the process must run as; `None` means any id but 0.
    pub user: Option<u32>,
    /// Where the section is written, for messages about its context folder.
    pub origin: Origin,
}

/// One goal of a lab.
#[derive(Debug, Clone, PartialEq)]
pub struct LabGoal {
    /// What is checked.
    pub check: LabCheck,
    /// Text shown in the checklist instead of the default.
    pub label: Option<String>,
}

impl LabGoal {
    /// The checklist text.
    pub fn text(&self) -> String {
        self.label.clone().unwrap_or_else(|| self.check.describe())
    }
}

/// The checks a lab goal can make: the analyzer's own.
pub use crate::dockerfile::LabCheck;

/// A worked example: a Dockerfile, usually as a before/after pair.
#[derive(Debug, Clone)]
pub struct Example {
    /// Unique id.
    pub id: String,
    /// Title shown in lists.
    pub title: String,
    /// One sentence.
    pub summary: String,
    /// The lesson section it illustrates.
    pub lesson: LessonLink,
    /// The naive version, which may have findings on purpose.
    pub before: Option<ExampleFile>,
    /// The fixed version.
    pub after: ExampleFile,
    /// The sample application both files build, for real builds (`context:` in the manifest).
    pub context: Option<ExampleContext>,
    /// Where the example is defined.
    pub origin: Origin,
}

/// The build context of an example: a folder of the pack read into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleContext {
    /// The folder as the pack names it, e.g. `examples/go-scratch/app`.
    pub folder: String,
    /// Its files: path inside the folder -> text.
    pub files: std::collections::BTreeMap<String, String>,
}

/// One Dockerfile of an example, with notes for the walkthrough.
#[derive(Debug, Clone)]
pub struct ExampleFile {
    /// Path inside the pack.
    pub path: String,
    /// The Dockerfile.
    pub text: String,
    /// The stage to treat as final, like `--target`.
    pub target: Option<String>,
    /// Notes on instructions, by 1-based line.
    pub notes: Vec<Note>,
}

/// A note on the instruction that starts at `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line.
    pub line: usize,
    /// Markdown text.
    pub text: String,
}

/// Normalises a typed answer for comparison: case folded, backticks and surrounding space
/// removed, runs of white space collapsed.
pub fn normalise_answer(text: &str) -> String {
    text.trim()
        .trim_matches('`')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_parse_with_and_without_anchor() {
        assert_eq!(
            LessonLink::parse("scratch-images#what-is-missing"),
            Some(LessonLink {
                lesson: "scratch-images".into(),
                anchor: Some("what-is-missing".into())
            })
        );
        assert_eq!(
            LessonLink::parse("a").map(|l| l.to_string()).as_deref(),
            Some("a")
        );
        assert_eq!(LessonLink::parse("#x"), None);
        assert_eq!(LessonLink::parse("a#"), None);
    }

    #[test]
    fn answers_normalise() {
        assert_eq!(normalise_answer("  `--From=Build`  "), "--from=build");
        assert_eq!(normalise_answer("USER   65532\t"), "user 65532");
    }
}
