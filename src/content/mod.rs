//! Content: loading and checking lessons, quizzes and examples from content packs.
//!
//! [`ContentSet::load`] reads the embedded default pack and any `--content` folders, keeps every
//! item that is well formed, and reports every problem as a [`Diagnostic`] with file, line and
//! column. Bad content never panics and never hides the good content beside it.

pub mod balance;
pub mod diagnostic;
pub mod example;
pub mod grade;
pub mod images;
pub mod interview;
pub mod keypoints;
pub mod lesson;
pub mod model;
pub mod outdated;
pub mod overrides;
pub mod pack;
pub mod pack_file;
pub mod quiz;
pub mod readings;
pub mod shuffle;
pub mod slide_refs;
pub mod validate;
pub mod yaml;

pub use diagnostic::{Diagnostic, Origin, Severity};
pub use model::{Example, Lesson, LessonLink, Question, QuestionKind};
pub use overrides::Override;
pub use pack::{Pack, PackSource};

use std::collections::HashSet;

use crate::dockerfile::image_catalog::ImageCatalog;

/// Everything loaded from a set of packs, with the problems found on the way.
#[derive(Debug, Default)]
pub struct ContentSet {
    /// Lessons sorted by `order`, then id.
    pub lessons: Vec<Lesson>,
    /// Questions in file order.
    pub questions: Vec<Question>,
    /// Examples sorted by id.
    pub examples: Vec<Example>,
    /// The image catalog: the embedded one, extended by the `images.yaml` of every other pack (a
    /// later pack's entries are consulted first).
    pub images: ImageCatalog,
    /// Every problem found, errors first within each file.
    pub diagnostics: Vec<Diagnostic>,
    /// Items of earlier packs replaced by a later pack's item with the same id (each also has
    /// a warning in [`ContentSet::diagnostics`]).
    pub overrides: Vec<Override>,
    /// Interview notes (key points, follow-ups, scenarios) by question id.
    pub interview: std::collections::HashMap<String, interview::InterviewNotes>,
}

/// A topic and how many questions it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The topic's name.
    pub name: String,
    /// Number of questions in it.
    pub questions: usize,
}

impl ContentSet {
    /// The embedded pack alone.
    pub fn embedded() -> ContentSet {
        Self::load(&[PackSource::Embedded])
    }

    /// Loads the given packs in order. Items with problems are left out; the rest load.
    pub fn load(sources: &[PackSource]) -> ContentSet {
        let packs: Vec<Pack> = sources.iter().map(Pack::read).collect();
        Self::from_packs(&packs)
    }

    /// Builds the content of packs already read, in order, as [`ContentSet::load`] does.
    /// A later pack overrides an earlier one's items with the same id ([`overrides`]).
    pub fn from_packs(packs: &[Pack]) -> ContentSet {
        // The embedded catalog is the analyzer's knowledge even when the embedded lessons are not
        // loaded; each pack's own `images.yaml` extends it.
        let mut set = ContentSet {
            images: images::embedded().clone(),
            ..ContentSet::default()
        };
        let (mut lesson_pack, mut question_pack, mut example_pack) = (vec![], vec![], vec![]);
        for (index, pack) in packs.iter().enumerate() {
            set.add_pack(pack);
            lesson_pack.resize(set.lessons.len(), index);
            question_pack.resize(set.questions.len(), index);
            example_pack.resize(set.examples.len(), index);
        }
        set.apply_overrides(&lesson_pack, &question_pack, &example_pack);
        set.lessons
            .sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
        set.examples.sort_by(|a, b| a.id.cmp(&b.id));
        let mut cross = validate::cross_check(&set.lessons, &set.questions, &set.examples);
        cross.extend(validate::analyzer_checks(
            &set.questions,
            &set.examples,
            &set.images,
        ));
        cross.extend(validate::interview_checks(&set.questions, &set.interview));
        set.drop_items_with(&cross);
        set.diagnostics.extend(cross);
        set.diagnostics.extend(outdated::check(
            &set.images,
            &set.lessons,
            &set.questions,
            &set.examples,
        ));
        set.diagnostics.sort_by(|a, b| {
            (a.path.as_str(), a.line, a.col).cmp(&(b.path.as_str(), b.line, b.col))
        });
        set
    }

    fn add_pack(&mut self, pack: &Pack) {
        self.diagnostics.extend(pack.problems.iter().cloned());
        if let Some(text) = pack.root_file(images::FILE)
            && !pack.is_embedded()
        {
            let (catalog, problems) = images::parse(&pack.display_path(images::FILE), text);
            self.diagnostics.extend(problems);
            self.images.extend_with(catalog);
        }
        for (rel, text) in pack.files_in("lessons", &[".md"]) {
            match lesson::parse(&pack.display_path(rel), text) {
                Ok(lesson) => {
                    self.diagnostics.extend(slide_refs::check(&lesson));
                    self.lessons.push(lesson);
                }
                Err(diag) => self.diagnostics.push(diag),
            }
        }
        let first_of_pack = self.questions.len();
        for (rel, text) in pack.files_in("quizzes", &[".yaml", ".yml"]) {
            let (mut questions, notes, mut problems) =
                quiz::parse_with_notes(&pack.display_path(rel), text);
            fill_build_contexts(pack, rel, &mut questions, &mut problems);
            // A question that replaces an earlier pack's one brings its own notes or none.
            for question in &questions {
                self.interview.remove(&question.id);
            }
            self.questions.extend(questions);
            self.interview.extend(notes);
            self.diagnostics.extend(problems);
        }
        let pack_questions: Vec<&Question> = self.questions[first_of_pack..].iter().collect();
        self.diagnostics.extend(balance::check(&pack_questions));
        for (rel, text) in pack.files_in("examples", &["/example.yaml", "/example.yml"]) {
            match example::parse(pack, rel, text) {
                Ok(example) => self.examples.push(example),
                Err(problems) => self.diagnostics.extend(problems),
            }
        }
    }

    /// Keeps the last pack's item of each id and says what it replaced.
    fn apply_overrides(
        &mut self,
        lesson_pack: &[usize],
        question_pack: &[usize],
        example_pack: &[usize],
    ) {
        let mut replaced = overrides::keep_latest("lesson", &mut self.lessons, lesson_pack, |l| {
            (l.id.as_str(), &l.origin)
        });
        replaced.extend(overrides::keep_latest(
            "question",
            &mut self.questions,
            question_pack,
            |q| (q.id.as_str(), &q.origin),
        ));
        replaced.extend(overrides::keep_latest(
            "example",
            &mut self.examples,
            example_pack,
            |e| (e.id.as_str(), &e.origin),
        ));
        overrides::keep_links_valid(
            &mut replaced,
            &self.lessons,
            &mut self.questions,
            &mut self.examples,
        );
        self.diagnostics
            .extend(replaced.iter().map(Override::notice));
        self.diagnostics
            .extend(replaced.iter().flat_map(|o| o.relinked.iter().cloned()));
        self.overrides = replaced;
    }

    /// Leaves out the second use of an id and items whose links lead nowhere: items with an
    /// error (a warning, such as a lab without hints, keeps the item).
    fn drop_items_with(&mut self, problems: &[Diagnostic]) {
        let bad: HashSet<(&str, usize, usize)> = problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.path.as_str(), d.line, d.col))
            .collect();
        let keep = |o: &Origin| !bad.contains(&(o.path.as_str(), o.line, o.col));
        self.lessons.retain(|l| keep(&l.origin));
        self.questions.retain(|q| keep(&q.origin));
        self.examples.retain(|e| keep(&e.origin));
        let ids: HashSet<&str> = self.questions.iter().map(|q| q.id.as_str()).collect();
        self.interview.retain(|id, _| ids.contains(id.as_str()));
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// A lesson by id.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The interview notes of a question (empty notes when it has none).
    pub fn notes(&self, id: &str) -> interview::InterviewNotes {
        self.interview.get(id).cloned().unwrap_or_default()
    }

    /// An example by id.
    pub fn example(&self, id: &str) -> Option<&Example> {
        self.examples.iter().find(|e| e.id == id)
    }

    /// The questions that link to a lesson.
    pub fn questions_for_lesson<'a>(
        &'a self,
        lesson_id: &'a str,
    ) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions
            .iter()
            .filter(move |q| q.lesson.lesson == lesson_id)
    }

    /// The topics of all questions, in the order of the lessons they link to.
    pub fn topics(&self) -> Vec<Topic> {
        let lesson_rank = |id: &str| {
            self.lessons
                .iter()
                .position(|l| l.id == id)
                .unwrap_or(usize::MAX)
        };
        let mut topics: Vec<(usize, Topic)> = Vec::new();
        for question in &self.questions {
            let rank = lesson_rank(&question.lesson.lesson);
            match topics.iter_mut().find(|(_, t)| t.name == question.topic) {
                Some((best, topic)) => {
                    topic.questions += 1;
                    *best = (*best).min(rank);
                }
                None => topics.push((
                    rank,
                    Topic {
                        name: question.topic.clone(),
                        questions: 1,
                    },
                )),
            }
        }
        topics.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
        topics.into_iter().map(|(_, t)| t).collect()
    }

    /// The questions the scheduler reviews (every kind but labs, which the lab screen checks),
    /// in course order: topics as [`ContentSet::topics`] orders them (by the earliest lesson
    /// they teach), and file order within a topic. New cards are introduced in this order.
    pub fn scheduled_questions(&self) -> Vec<&Question> {
        let ranks: std::collections::HashMap<String, usize> = self
            .topics()
            .into_iter()
            .enumerate()
            .map(|(rank, topic)| (topic.name, rank))
            .collect();
        let mut questions: Vec<&Question> = self
            .questions
            .iter()
            .filter(|q| !matches!(q.kind, QuestionKind::Lab(_)))
            .collect();
        // A stable sort: file order stays within a topic.
        questions.sort_by_key(|q| ranks.get(&q.topic).copied().unwrap_or(usize::MAX));
        questions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_questions_follow_the_course_topic_by_topic() {
        let content = ContentSet::embedded();
        let topics: Vec<String> = content.topics().into_iter().map(|t| t.name).collect();
        let rank = |topic: &str| topics.iter().position(|t| t == topic).unwrap();
        let file_place = |id: &str| content.questions.iter().position(|q| q.id == id).unwrap();
        let scheduled = content.scheduled_questions();

        assert_eq!(
            scheduled.len(),
            content
                .questions
                .iter()
                .filter(|q| !matches!(q.kind, QuestionKind::Lab(_)))
                .count()
        );
        assert!(
            scheduled
                .iter()
                .all(|q| !matches!(q.kind, QuestionKind::Lab(_)))
        );
        // The first lesson's topic comes first, although its quiz file is not first by name.
        assert_eq!(scheduled[0].topic, "single-stage");
        assert_ne!(content.questions[0].topic, "single-stage");
        for pair in scheduled.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert!(rank(&a.topic) <= rank(&b.topic), "{} before {}", a.id, b.id);
            if a.topic == b.topic {
                assert!(
                    file_place(&a.id) < file_place(&b.id),
                    "{} before {}",
                    a.id,
                    b.id
                );
            }
        }
    }
}

/// Reads the sample application of each lab with a `build:` section from the pack: the
/// context folder is relative to the quiz file's folder and must stay inside the pack and hold
/// at least one file. A lab whose context cannot be read is left out, with an error.
fn fill_build_contexts(
    pack: &Pack,
    quiz_rel: &str,
    questions: &mut Vec<Question>,
    problems: &mut Vec<Diagnostic>,
) {
    let base_dir = quiz_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    questions.retain_mut(|question| {
        let QuestionKind::Lab(lab) = &mut question.kind else {
            return true;
        };
        let Some(build) = &mut lab.build else {
            return true;
        };
        let folder = match pack::join_inside(base_dir, &build.context) {
            Ok(folder) => folder,
            Err(message) => {
                problems.push(build.origin.error(format!("`build.context`: {message}")));
                return false;
            }
        };
        build.files = pack
            .files_under(&folder)
            .map(|(path, text)| (path.to_owned(), text.to_owned()))
            .collect();
        if build.files.is_empty() {
            problems.push(build.origin.error(format!(
                "`build.context`: the folder `{folder}` has no files in this pack"
            )));
            return false;
        }
        true
    });
}

#[cfg(test)]
mod build_context_tests {
    use super::*;

    const LAB: &str = "topic: t\nquestions:\n  - id: lab-x\n    kind: lab\n    prompt: Fix it.\n    lesson: l#a\n    explanation: Because.\n    start: FROM x\n    goals:\n      - check: non_root\n    build:\n      context: apps/x\n";

    fn load(files: &[(&str, &str)]) -> (Vec<Question>, Vec<Diagnostic>) {
        let pack = Pack::from_files(
            files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), (*t).to_owned())),
        );
        let (mut questions, mut problems) = quiz::parse("quizzes/labs.yaml", LAB);
        assert!(problems.is_empty(), "{problems:?}");
        fill_build_contexts(&pack, "quizzes/labs.yaml", &mut questions, &mut problems);
        (questions, problems)
    }

    #[test]
    fn the_context_folder_is_read_from_the_pack() {
        let (questions, problems) = load(&[
            ("quizzes/apps/x/main.go", "package main\n"),
            ("quizzes/apps/x/sub/go.mod", "module x\n"),
            ("quizzes/apps/xy/other.txt", "not this folder\n"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let QuestionKind::Lab(lab) = &questions[0].kind else {
            panic!("not a lab")
        };
        let files: Vec<&str> = lab
            .build
            .as_ref()
            .expect("build")
            .files
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(files, ["main.go", "sub/go.mod"]);
    }

    #[test]
    fn an_empty_or_missing_context_folder_is_an_error() {
        let (questions, problems) = load(&[("quizzes/apps/other/main.go", "x\n")]);
        assert!(questions.is_empty());
        assert!(problems[0].message.contains("has no files"), "{problems:?}");
        assert_eq!(problems[0].path, "quizzes/labs.yaml");
    }
}
