//! Example manifests: `examples/<id>/example.yaml` naming a before/after pair of Dockerfiles.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, Origin};
use super::model::{Example, ExampleFile, LessonLink, Note};
use super::pack::Pack;
use super::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    id: String,
    title: String,
    #[serde(default)]
    summary: String,
    lesson: Spanned<String>,
    before: Option<Spanned<RawFile>>,
    after: Spanned<RawFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    file: String,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    notes: Vec<Spanned<RawNote>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNote {
    line: usize,
    text: String,
}

/// Parses the manifest at `rel` (a pack-relative path) and reads the Dockerfiles it names.
pub fn parse(pack: &Pack, rel: &str, text: &str) -> Result<Example, Vec<Diagnostic>> {
    let path = pack.display_path(rel);
    let raw: RawExample = yaml::parse(text, &path, 0).map_err(|d| vec![d])?;
    let origin = Origin {
        path: path.clone(),
        line: 1,
        col: 1,
    };
    let mut problems = Vec::new();
    if !super::validate::is_valid_id(&raw.id) {
        problems.push(origin.error(format!(
            "example id `{}` must be lowercase letters, digits and hyphens",
            raw.id
        )));
    }
    let lesson = LessonLink::parse(&raw.lesson.value);
    if lesson.is_none() {
        let (line, col) = yaml::position(&raw.lesson.referenced, 0);
        problems.push(Diagnostic::error(
            &path,
            line,
            col,
            format!("`{}` is not a lesson link", raw.lesson.value),
        ));
    }
    let base_dir = rel.rsplit_once('/').map_or("examples", |(dir, _)| dir);
    let before = raw
        .before
        .map(|f| read_file(pack, &path, base_dir, f, &mut problems));
    let after = read_file(pack, &path, base_dir, raw.after, &mut problems);
    match (problems.is_empty(), lesson, after, before) {
        (true, Some(lesson), Some(after), before) => Ok(Example {
            id: raw.id,
            title: raw.title,
            summary: raw.summary,
            lesson,
            before: before.flatten(),
            after,
            origin,
        }),
        _ => Err(problems),
    }
}

fn read_file(
    pack: &Pack,
    manifest: &str,
    base_dir: &str,
    raw: Spanned<RawFile>,
    problems: &mut Vec<Diagnostic>,
) -> Option<ExampleFile> {
    let (line, col) = yaml::position(&raw.referenced, 0);
    let (rel, text) = match pack.resolve(base_dir, &raw.value.file) {
        Ok(found) => found,
        Err(message) => {
            problems.push(Diagnostic::error(manifest, line, col, message));
            return None;
        }
    };
    let line_count = text.lines().count();
    let mut notes = Vec::new();
    for note in raw.value.notes {
        let (nline, ncol) = yaml::position(&note.referenced, 0);
        if note.value.line == 0 || note.value.line > line_count {
            problems.push(Diagnostic::error(
                manifest,
                nline,
                ncol,
                format!(
                    "note on line {} but `{}` has {line_count} lines",
                    note.value.line, raw.value.file
                ),
            ));
            continue;
        }
        notes.push(Note {
            line: note.value.line,
            text: note.value.text,
        });
    }
    notes.sort_by_key(|n| n.line);
    Some(ExampleFile {
        path: pack.display_path(&rel),
        text: text.to_owned(),
        target: raw.value.target,
        notes,
    })
}
