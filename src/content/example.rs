//! Example manifests: `examples/<id>/example.yaml` naming a before/after pair of Dockerfiles.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, Origin};
use super::model::{Example, ExampleContext, ExampleFile, LessonLink, Note};
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
    /// The folder of the sample application, relative to the manifest's folder.
    #[serde(default)]
    context: Option<Spanned<String>>,
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
    let context = raw
        .context
        .and_then(|folder| read_context(pack, &path, base_dir, folder, &mut problems));
    match (problems.is_empty(), lesson, after, before) {
        (true, Some(lesson), Some(after), before) => Ok(Example {
            id: raw.id,
            title: raw.title,
            summary: raw.summary,
            lesson,
            before: before.flatten(),
            after,
            context,
            origin,
        }),
        _ => Err(problems),
    }
}

/// The files of the build context folder `raw` (relative to the manifest's folder): it must
/// stay inside the pack and hold at least one file.
fn read_context(
    pack: &Pack,
    manifest: &str,
    base_dir: &str,
    raw: Spanned<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<ExampleContext> {
    let (line, col) = yaml::position(&raw.referenced, 0);
    let folder = match super::pack::join_inside(base_dir, raw.value.trim()) {
        Ok(folder) => folder,
        Err(message) => {
            problems.push(Diagnostic::error(
                manifest,
                line,
                col,
                format!("`context`: {message}"),
            ));
            return None;
        }
    };
    let files: std::collections::BTreeMap<String, String> = pack
        .files_under(&folder)
        .map(|(path, text)| (path.to_owned(), text.to_owned()))
        .collect();
    if files.is_empty() {
        problems.push(Diagnostic::error(
            manifest,
            line,
            col,
            format!("`context`: the folder `{folder}` has no files in this pack"),
        ));
        return None;
    }
    Some(ExampleContext {
        folder: pack.display_path(&folder),
        files,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(manifest: &str, extra: &[(&str, &str)]) -> Pack {
        let mut files = vec![
            ("examples/demo/example.yaml".to_owned(), manifest.to_owned()),
            (
                "examples/demo/Dockerfile".to_owned(),
                "FROM scratch\n".to_owned(),
            ),
        ];
        files.extend(
            extra
                .iter()
                .map(|(p, t)| ((*p).to_owned(), (*t).to_owned())),
        );
        Pack::from_files(files)
    }

    const MANIFEST: &str = "id: demo\ntitle: Demo\nlesson: l#a\nafter:\n  file: Dockerfile\n";

    #[test]
    fn an_example_names_its_build_context() {
        let manifest = format!("{MANIFEST}context: app\n");
        let pack = pack(
            &manifest,
            &[
                ("examples/demo/app/main.go", "package main\n"),
                ("examples/demo/app/go.mod", "module demo\n"),
            ],
        );
        let example = parse(&pack, "examples/demo/example.yaml", &manifest).expect("parses");
        let context = example.context.expect("a context");
        assert_eq!(context.folder, "examples/demo/app");
        let names: Vec<&str> = context.files.keys().map(String::as_str).collect();
        assert_eq!(names, ["go.mod", "main.go"]);
        let plain = parse(&pack, "examples/demo/example.yaml", MANIFEST).expect("parses");
        assert!(plain.context.is_none());
    }

    #[test]
    fn a_context_outside_the_pack_or_empty_is_an_error_with_its_place() {
        for (folder, expected) in [
            ("../../etc", "leaves"),
            ("/etc", "absolute"),
            ("none", "no files"),
        ] {
            let manifest = format!("{MANIFEST}context: {folder}\n");
            let pack = pack(&manifest, &[]);
            let problems = parse(&pack, "examples/demo/example.yaml", &manifest).unwrap_err();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(
                problems[0].message.contains(expected),
                "{folder}: {problems:?}"
            );
            assert_eq!(problems[0].line, 6, "{problems:?}");
        }
    }
}
