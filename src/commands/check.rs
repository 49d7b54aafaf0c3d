//! `stagecraft check [DIR|FILE]`: validate content packs (folders or pack files).
//!
//! - `check` checks exactly the packs the app would load: the embedded pack and every
//!   `--content` folder, in that order, so duplicate ids between them are reported as the app
//!   would find them.
//! - `check DIR` checks the pack in `DIR` and reports only what is in it: its problems and the
//!   number of its own lessons, questions and examples. It is loaded on top of the packs the
//!   app would load, as `--content DIR` would be, so its links to lessons of the embedded pack
//!   resolve and an id it takes from another pack is an error.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::content::{ContentSet, Diagnostic, Pack, PackSource};

/// The sections of a pack whose files can carry a problem.
const SECTIONS: [&str; 3] = ["lessons", "quizzes", "examples"];

/// Runs `check` (see the module documentation): `loaded` are the packs the app would load,
/// `dir` the pack given on the command line. Prints every problem as
/// `path:line:col: severity: message` and a summary; returns 1 if any problem is an error.
pub fn run(loaded: &[PackSource], dir: Option<PathBuf>, out: &mut impl Write) -> io::Result<i32> {
    let Some(dir) = dir else {
        return report(&ContentSet::load(loaded), out);
    };
    let mut packs: Vec<Pack> = loaded
        .iter()
        .filter(|source| {
            !matches!(source, PackSource::Dir(other) | PackSource::File(other) if same_folder(other, &dir))
        })
        .map(Pack::read)
        .collect();
    let pack = Pack::read(&PackSource::from_path(dir));
    let own = paths_of(&pack);
    packs.push(pack);
    let set = ContentSet::from_packs(&packs);
    let mine = |path: &str| own.contains(path);
    let counts = Counts {
        lessons: set.lessons.iter().filter(|l| mine(&l.origin.path)).count(),
        questions: set
            .questions
            .iter()
            .filter(|q| mine(&q.origin.path))
            .count(),
        examples: set.examples.iter().filter(|e| mine(&e.origin.path)).count(),
    };
    // This pack's lessons that replace earlier ones move the earlier questions' links that
    // the new lesson cannot keep: those warnings are about this pack too.
    let relinked: Vec<&Diagnostic> = set
        .overrides
        .iter()
        .filter(|o| mine(&o.by.path))
        .flat_map(|o| &o.relinked)
        .collect();
    let diagnostics: Vec<&Diagnostic> = set
        .diagnostics
        .iter()
        .filter(|d| mine(&d.path) || relinked.contains(d))
        .collect();
    summary(&counts, &diagnostics, out)
}

/// Prints the diagnostics and summary of a loaded set; returns the exit code.
pub fn report(set: &ContentSet, out: &mut impl Write) -> io::Result<i32> {
    let counts = Counts {
        lessons: set.lessons.len(),
        questions: set.questions.len(),
        examples: set.examples.len(),
    };
    let diagnostics: Vec<&Diagnostic> = set.diagnostics.iter().collect();
    summary(&counts, &diagnostics, out)
}

/// How many items were checked.
struct Counts {
    lessons: usize,
    questions: usize,
    examples: usize,
}

fn summary(counts: &Counts, diagnostics: &[&Diagnostic], out: &mut impl Write) -> io::Result<i32> {
    for diagnostic in diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    writeln!(
        out,
        "checked {} lessons, {} questions, {} examples: {errors} error{}, {warnings} warning{}",
        counts.lessons,
        counts.questions,
        counts.examples,
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    )?;
    Ok(if errors > 0 { 1 } else { 0 })
}

/// The paths a pack's diagnostics and items can name: its files (the image catalog too) and the places of the
/// problems met while reading it (e.g. the folder itself when it cannot be opened).
fn paths_of(pack: &Pack) -> HashSet<String> {
    SECTIONS
        .iter()
        .flat_map(|section| pack.files_in(section, &[""]))
        .map(|(rel, _)| pack.display_path(rel))
        .chain(std::iter::once(
            pack.display_path(crate::content::images::FILE),
        ))
        .chain(pack.problems.iter().map(|d| d.path.clone()))
        .collect()
}

/// Whether two paths name the same folder (compared as written when either cannot be
/// resolved).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A pack with one lesson `id` and one question linking to `link`.
    fn pack(root: &Path, id: &str, question: &str, link: &str) {
        write(
            root,
            &format!("lessons/{id}.md"),
            &format!(
                "---\nid: {id}\ntitle: T {id}\norder: 900\nsummary: S.\nminutes: 1\n---\n# Intro\n\nText.\n"
            ),
        );
        write(
            root,
            &format!("quizzes/{id}.yaml"),
            &format!(
                "topic: demo\nquestions:\n  - id: {question}\n    kind: flashcard\n    prompt: Why?\n    model_answer: Because.\n    lesson: {link}\n    explanation: It is so.\n"
            ),
        );
    }

    fn output(loaded: &[PackSource], dir: Option<PathBuf>) -> (i32, String) {
        let mut out = Vec::new();
        let code = run(loaded, dir, &mut out).unwrap();
        (code, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_folder_reports_only_its_own_counts_and_may_link_to_the_embedded_pack() {
        let dir = tempfile::tempdir().unwrap();
        let first = crate::content::ContentSet::embedded().lessons[0].id.clone();
        pack(dir.path(), "mine", "mine-q", &first);
        let (code, text) = output(&[PackSource::Embedded], Some(dir.path().to_path_buf()));
        assert_eq!(
            (code, text.as_str()),
            (
                0,
                "checked 1 lessons, 1 questions, 0 examples: 0 errors, 0 warnings\n"
            )
        );
    }

    #[test]
    fn without_a_folder_every_content_pack_is_checked_together() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        pack(&a, "same", "q-a", "same");
        pack(&b, "same", "q-b", "same");
        let loaded = [
            PackSource::Embedded,
            PackSource::Dir(a.clone()),
            PackSource::Dir(b.clone()),
        ];
        // The second pack's lesson overrides the first's, with a warning; checked one by one
        // neither pack sees the other.
        let (code, text) = output(&loaded, None);
        assert_eq!(code, 0, "{text}");
        assert!(text.contains("lesson `same` overrides"), "{text}");
        // The same packs one by one are clean.
        for one in [a, b] {
            assert_eq!(output(&[PackSource::Embedded], Some(one)).0, 0);
        }
    }

    /// `check DIR` on a pack replacing a built-in lesson names the built-in questions whose
    /// heading links the new lesson cannot keep, although they are not in `DIR`.
    #[test]
    fn a_folder_replacing_a_built_in_lesson_reports_the_links_it_breaks() {
        let builtin = crate::content::ContentSet::embedded();
        let (lesson, linked) = builtin
            .lessons
            .iter()
            .map(|l| {
                let anchored = builtin
                    .questions_for_lesson(&l.id)
                    .filter(|q| q.lesson.anchor.is_some())
                    .count();
                (l.id.clone(), anchored)
            })
            .find(|(_, anchored)| *anchored > 0)
            .expect("a built-in lesson with questions linking to its headings");
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "lessons/mine.md",
            &format!(
                "---\nid: {lesson}\ntitle: Mine\norder: 900\nsummary: S.\nminutes: 1\n---\n# Nothing alike\n\nText.\n"
            ),
        );
        let (code, text) = output(&[PackSource::Embedded], Some(dir.path().to_path_buf()));
        assert_eq!(code, 0, "{text}");
        assert!(
            text.contains(&format!("warning: lesson `{lesson}` overrides the one at")),
            "{text}"
        );
        let moved = text
            .lines()
            .filter(|l| l.contains(&format!("lesson `{lesson}` is replaced by the one at")))
            .count();
        assert!(
            moved >= linked,
            "{linked} questions link to headings: {text}"
        );
        assert!(
            text.ends_with(&format!(
                "checked 1 lessons, 0 questions, 0 examples: 0 errors, {} warnings\n",
                moved + 1
            )),
            "{text}"
        );
    }

    #[test]
    fn a_folder_also_given_with_content_is_not_its_own_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        pack(dir.path(), "mine", "mine-q", "mine");
        let loaded = [PackSource::Embedded, PackSource::Dir(dir.path().join("."))];
        let (code, text) = output(&loaded, Some(dir.path().to_path_buf()));
        assert_eq!(code, 0, "{text}");
    }
}
