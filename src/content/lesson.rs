//! Lesson files: YAML front matter between `---` lines, then the CommonMark body.

use serde::Deserialize;

use super::diagnostic::{Diagnostic, Origin};
use super::model::Lesson;
use super::yaml;
use crate::markdown::anchor;

/// The front matter fields of a lesson.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    order: i64,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    tags: Vec<String>,
    minutes: u32,
}

/// A lesson file split into its parts.
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub front: &'a str,
    /// The Markdown after them.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits front matter from body. The file must start with a `---` line.
pub fn split_front_matter(text: &str) -> Option<Split<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Some(Split {
                front: &rest[..offset],
                body,
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    None
}

/// Parses a lesson file at `path` (as shown to the user).
pub fn parse(path: &str, text: &str) -> Result<Lesson, Diagnostic> {
    let split = split_front_matter(text).ok_or_else(|| {
        Diagnostic::error(
            path,
            1,
            1,
            "expected front matter: a `---` line, YAML with id, title, order and minutes, and a closing `---`",
        )
    })?;
    let front: FrontMatter = yaml::parse(split.front, path, 1)?;
    let origin = Origin {
        path: path.to_owned(),
        line: 2,
        col: 1,
    };
    if !super::validate::is_valid_id(&front.id) {
        return Err(origin.error(format!(
            "lesson id `{}` must be lowercase letters, digits and hyphens",
            front.id
        )));
    }
    if front.title.trim().is_empty() {
        return Err(origin.error("lesson title is empty"));
    }
    Ok(Lesson {
        id: front.id,
        title: front.title,
        order: front.order,
        summary: front.summary,
        tags: front.tags,
        minutes: front.minutes,
        headings: anchor::headings(split.body),
        body: split.body.to_owned(),
        origin,
        body_line: split.body_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "---\nid: demo\ntitle: Demo\norder: 1\nminutes: 3\n---\n# Demo\n\n## Part one\n";

    #[test]
    fn parses_front_matter_and_headings() {
        let lesson = parse("lessons/demo.md", GOOD).unwrap();
        assert_eq!(lesson.id, "demo");
        assert_eq!(lesson.body_line, 7);
        assert_eq!(lesson.headings[1].anchor, "part-one");
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        let err = parse("x.md", "# Hello\n").unwrap_err();
        assert_eq!((err.line, err.col), (1, 1));
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let err = parse(
            "x.md",
            "---\nid: demo\ntitle: Demo\norder: first\nminutes: 3\n---\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 4, "{err}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(parse("x.md", "---\nid: demo\n").is_err());
    }
}
