//! The rule for ids shared by several packs: a later pack overrides an earlier one.
//!
//! Packs load in order (the embedded pack first, then each `--content` folder as given). When
//! a lesson, question or example of a later pack has the id of one from an earlier pack, the
//! later one replaces it, whatever their `order`, and a warning says so. A question or example
//! of an earlier pack that linked to a heading the replacing lesson does not have keeps its
//! link to the lesson (to its top), with a warning: replacing a lesson never drops the
//! questions that teach from it, nor the history learners have with them. Within one pack an
//! id used twice stays an error (see [`super::validate::duplicate_ids`]).

use std::collections::HashMap;

use super::diagnostic::{Diagnostic, Origin};
use super::model::{Example, Lesson, LessonLink, Question};

/// One item of an earlier pack replaced by an item of a later pack with the same id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// `lesson`, `question` or `example`.
    pub kind: &'static str,
    /// The shared id.
    pub id: String,
    /// Where the replaced item was.
    pub replaced: Origin,
    /// Where the item that replaces it is.
    pub by: Origin,
    /// For a lesson: the warnings about earlier questions and examples that linked to a
    /// heading the replacing lesson lacks and now link to its top. They are also in the
    /// content's diagnostics, at those questions; `check DIR` shows them with the lesson
    /// that caused them.
    pub relinked: Vec<Diagnostic>,
}

impl Override {
    /// The notice shown in `check` and the list of content problems, at the replacing item.
    pub fn notice(&self) -> Diagnostic {
        self.by.warning(format!(
            "{} `{}` overrides the one at {}:{} (a later pack replaces an earlier pack's item \
             with the same id)",
            self.kind, self.id, self.replaced.path, self.replaced.line
        ))
    }
}

/// Keeps, for each id, only the items of the last pack that has it; `pack_of[i]` is the pack
/// index of `items[i]`. Returns what was replaced.
pub(crate) fn keep_latest<T>(
    kind: &'static str,
    items: &mut Vec<T>,
    pack_of: &[usize],
    key: impl Fn(&T) -> (&str, &Origin),
) -> Vec<Override> {
    let mut last_pack: HashMap<&str, (usize, &Origin)> = HashMap::new();
    for (item, &pack) in items.iter().zip(pack_of) {
        let (id, origin) = key(item);
        match last_pack.get(id) {
            Some(&(seen, _)) if seen >= pack => {}
            _ => {
                last_pack.insert(id, (pack, origin));
            }
        }
    }
    let mut overrides = Vec::new();
    let mut keep = Vec::with_capacity(items.len());
    for (item, &pack) in items.iter().zip(pack_of) {
        let (id, origin) = key(item);
        let (latest, by) = last_pack[id];
        let kept = pack == latest;
        if !kept {
            overrides.push(Override {
                kind,
                id: id.to_owned(),
                replaced: origin.clone(),
                by: by.clone(),
                relinked: Vec::new(),
            });
        }
        keep.push(kept);
    }
    let mut flags = keep.into_iter();
    items.retain(|_| flags.next().unwrap_or(true));
    overrides
}

/// Points the links of `questions` and `examples` to a replaced lesson's heading that the
/// replacing lesson lacks at the lesson itself, with a warning for each, kept in the
/// override's [`Override::relinked`].
pub(crate) fn keep_links_valid(
    overrides: &mut [Override],
    lessons: &[Lesson],
    questions: &mut [Question],
    examples: &mut [Example],
) {
    let mut repair = |link: &mut LessonLink, origin: &Origin| {
        let Some(replaced) = overrides
            .iter_mut()
            .find(|o| o.kind == "lesson" && o.id == link.lesson)
        else {
            return;
        };
        let Some(lesson) = lessons.iter().find(|l| l.id == link.lesson) else {
            return;
        };
        let Some(anchor) = link.anchor.as_deref() else {
            return;
        };
        if lesson.headings.iter().any(|h| h.anchor == anchor) {
            return;
        }
        let notice = origin.warning(format!(
            "lesson `{}` is replaced by the one at {}:{}, which has no heading `#{anchor}`; \
             this links to the top of the lesson instead",
            link.lesson, replaced.by.path, replaced.by.line
        ));
        replaced.relinked.push(notice);
        link.anchor = None;
    };
    for question in questions.iter_mut() {
        repair(&mut question.lesson, &question.origin);
    }
    for example in examples.iter_mut() {
        repair(&mut example.lesson, &example.origin);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ContentSet, Pack};

    fn lesson(id: &str, order: u32, heading: &str) -> (String, String) {
        (
            format!("lessons/{id}.md"),
            format!(
                "---\nid: {id}\ntitle: {heading}\norder: {order}\nsummary: s\ntags: [t]\nminutes: 1\n---\n# {heading}\n\n## {heading}\n\nText.\n"
            ),
        )
    }

    fn quiz(name: &str, id: &str, link: &str) -> (String, String) {
        (
            format!("quizzes/{name}.yaml"),
            format!(
                "topic: t\nquestions:\n  - id: {id}\n    kind: flashcard\n    prompt: P?\n    model_answer: A.\n    lesson: {link}\n    explanation: E.\n"
            ),
        )
    }

    #[test]
    fn a_later_pack_overrides_by_id_whatever_the_order_and_keeps_links_valid() {
        // The built-in lesson comes first in the course (order 1); the pack's is order 99.
        let builtin = Pack::from_files([
            lesson("intro", 1, "Part one"),
            quiz("builtin", "q-builtin", "intro#part-one"),
            quiz("shared", "q-shared", "intro"),
        ]);
        let pack = Pack::from_files([
            lesson("intro", 99, "Something else"),
            quiz("mine", "q-shared", "intro#something-else"),
        ]);
        let set = ContentSet::from_packs(&[builtin, pack]);
        assert!(!set.has_errors(), "{:?}", set.diagnostics);
        let intro = set.lesson("intro").expect("intro");
        assert_eq!(intro.title, "Something else", "the later pack wins");
        assert_eq!(set.lessons.len(), 1);

        // The built-in question is kept; its link leads to the replacing lesson's top.
        let kept = set.question("q-builtin").expect("kept");
        assert_eq!(kept.lesson.lesson, "intro");
        assert_eq!(kept.lesson.anchor, None);
        // The question with the same id is the pack's.
        let shared = set.question("q-shared").expect("shared");
        assert_eq!(shared.lesson.anchor.as_deref(), Some("something-else"));

        let replaced: Vec<(&str, &str)> = set
            .overrides
            .iter()
            .map(|o| (o.kind, o.id.as_str()))
            .collect();
        assert_eq!(replaced, [("lesson", "intro"), ("question", "q-shared")]);
        let notices: Vec<String> = set.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            notices.iter().any(
                |n| n.contains("warning: lesson `intro` overrides the one at lessons/intro.md")
            ),
            "{notices:?}"
        );
        assert!(
            notices.iter().any(|n| n.contains("no heading `#part-one`")),
            "{notices:?}"
        );
    }

    #[test]
    fn the_pack_order_decides_not_the_lesson_order() {
        let early = || Pack::from_files([lesson("intro", 1, "Early")]);
        let late = || Pack::from_files([lesson("intro", 99, "Late")]);
        let set = ContentSet::from_packs(&[late(), early()]);
        assert_eq!(set.lesson("intro").map(|l| l.title.as_str()), Some("Early"));
        let set = ContentSet::from_packs(&[early(), late()]);
        assert_eq!(set.lesson("intro").map(|l| l.title.as_str()), Some("Late"));
    }

    #[test]
    fn an_id_used_twice_in_one_pack_is_still_an_error() {
        let pack = Pack::from_files([
            quiz("a", "q", "intro"),
            quiz("b", "q", "intro"),
            lesson("intro", 1, "Intro"),
        ]);
        let set = ContentSet::from_packs(&[pack]);
        assert!(set.has_errors());
        assert!(set.overrides.is_empty());
    }
}
