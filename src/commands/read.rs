//! `stagecraft read ID|FILE.md --print`: a lesson rendered for the terminal, on standard
//! output.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::cli::ReadArgs;
use crate::markdown::{RenderOptions, render};

/// The width used when neither `--width` nor a terminal says otherwise.
pub const DEFAULT_WIDTH: u16 = 80;

/// What went wrong while reading a lesson.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// No lesson has this id.
    #[error("no lesson with id `{0}` (to read a Markdown file, give its path, e.g. ./{0}.md)")]
    UnknownLesson(String),
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{}: not UTF-8 text (byte {offset})", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// Writing the output failed (e.g. a closed pipe).
    #[error("cannot write the lesson")]
    Output(#[source] io::Error),
}

/// How the lesson is printed: resolved by the caller from the flags and standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintTarget {
    /// Whether to write colours, styles and hyperlinks.
    pub color: bool,
    /// The terminal's width, when writing to a terminal.
    pub terminal_width: Option<u16>,
}

impl PrintTarget {
    /// The width to lay out for: `--width`, else the terminal's, else [`DEFAULT_WIDTH`].
    pub fn width(&self, requested: Option<u16>) -> u16 {
        requested
            .or(self.terminal_width)
            .filter(|&w| w > 0)
            .unwrap_or(DEFAULT_WIDTH)
    }
}

/// What `read` was asked to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonRef {
    /// A Markdown file.
    File(PathBuf),
    /// A lesson id.
    Id(String),
}

impl LessonRef {
    /// A path when the argument names an existing file, ends in `.md` or contains a path
    /// separator; an id otherwise.
    pub fn parse(arg: &str) -> LessonRef {
        let path = Path::new(arg);
        let looks_like_path = arg.contains('/')
            || arg.contains(std::path::MAIN_SEPARATOR)
            || path
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
        if looks_like_path || path.is_file() {
            LessonRef::File(path.to_path_buf())
        } else {
            LessonRef::Id(arg.to_owned())
        }
    }
}

/// Renders the lesson `args.lesson` and writes it to `out`, in colour with hyperlinks when
/// `target.color`, as plain text otherwise. `lesson_body(id)` gives the Markdown body of the
/// lesson with that id.
pub fn run_read(
    args: &ReadArgs,
    target: &PrintTarget,
    lesson_body: impl Fn(&str) -> Option<String>,
    out: &mut impl Write,
) -> Result<(), ReadError> {
    let markdown = match LessonRef::parse(&args.lesson) {
        LessonRef::File(path) => read_markdown_file(&path)?,
        LessonRef::Id(id) => lesson_body(&id).ok_or(ReadError::UnknownLesson(id))?,
    };
    let doc = render(
        &markdown,
        RenderOptions::new(target.width(args.width), target.color),
    );
    let text = if target.color {
        doc.to_ansi(true)
    } else {
        doc.to_plain()
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(ReadError::Output)
}

/// The Markdown of a file, without its YAML front matter.
pub fn read_markdown_file(path: &Path) -> Result<String, ReadError> {
    let bytes = crate::regular_file::read(path, u64::MAX).map_err(|error| ReadError::File {
        path: path.to_path_buf(),
        source: error.into(),
    })?;
    let text = String::from_utf8(bytes).map_err(|err| ReadError::NotUtf8 {
        path: path.to_path_buf(),
        offset: err.utf8_error().valid_up_to(),
    })?;
    Ok(strip_front_matter(&text).to_owned())
}

/// The text after its YAML front matter: a leading `---` ... `---` block (a byte-order mark
/// before it is allowed) whose content is a YAML mapping, or empty. Anything else between two
/// `---` lines is Markdown (a rule, text, another rule) and is returned whole, as is text
/// without a closed block. TOML front matter (`+++`) is not recognised.
pub fn strip_front_matter(text: &str) -> &str {
    match crate::content::lesson::split_front_matter(text) {
        Some(split) if is_yaml_mapping_or_empty(split.front) => split.body,
        _ => text,
    }
}

/// Whether `yaml` holds nothing but blank lines and comments, or parses as a mapping.
fn is_yaml_mapping_or_empty(yaml: &str) -> bool {
    let empty = yaml.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    });
    empty || serde_saphyr::from_str::<Mapping>(yaml).is_ok()
}

/// Accepts any YAML mapping and nothing else.
struct Mapping;

impl<'de> serde::Deserialize<'de> for Mapping {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Mapping;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Mapping, A::Error> {
                use serde::de::IgnoredAny;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Mapping)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(lesson: &str, width: Option<u16>) -> ReadArgs {
        ReadArgs {
            lesson: lesson.to_owned(),
            print: true,
            width,
        }
    }

    const PLAIN: PrintTarget = PrintTarget {
        color: false,
        terminal_width: None,
    };

    #[test]
    fn front_matter_is_skipped() {
        assert_eq!(strip_front_matter("---\nid: x\n---\n# T\n"), "# T\n");
        assert_eq!(
            strip_front_matter("\u{feff}---\r\nid: x\r\n---\r\nbody"),
            "body"
        );
        assert_eq!(
            strip_front_matter("# No front matter\n---\n"),
            "# No front matter\n---\n"
        );
        assert_eq!(
            strip_front_matter("---\nnever closed\n"),
            "---\nnever closed\n"
        );
        assert_eq!(strip_front_matter("---\n# a comment\n\n---\nbody"), "body");
        assert_eq!(
            strip_front_matter("---\ntitle: x\ntags: [a, b]\nnested:\n  k: 1\n---\nbody"),
            "body"
        );
    }

    #[test]
    fn a_block_that_is_not_a_yaml_mapping_is_markdown() {
        for text in [
            "---\n\nA paragraph between two rules.\n\n---\n# T\n",
            "---\n- a list\n- of items\n---\n# T\n",
            "---\nnot: [valid\n---\n# T\n",
            "+++\ntitle = \"toml\"\n+++\n# T\n",
        ] {
            assert_eq!(strip_front_matter(text), text);
        }
    }

    #[test]
    fn arguments_are_files_or_ids() {
        assert_eq!(
            LessonRef::parse("basics"),
            LessonRef::Id("basics".to_owned())
        );
        assert_eq!(
            LessonRef::parse("x.MD"),
            LessonRef::File(PathBuf::from("x.MD"))
        );
        assert_eq!(
            LessonRef::parse("dir/x"),
            LessonRef::File(PathBuf::from("dir/x"))
        );
    }

    #[test]
    fn width_comes_from_the_flag_then_the_terminal() {
        let terminal = PrintTarget {
            color: true,
            terminal_width: Some(100),
        };
        assert_eq!(terminal.width(Some(60)), 60);
        assert_eq!(terminal.width(None), 100);
        assert_eq!(PLAIN.width(None), DEFAULT_WIDTH);
    }

    #[test]
    fn prints_a_file_without_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lesson.md");
        std::fs::write(&path, "---\nid: demo\n---\n# Demo\n\nHello *world*.\n").unwrap();
        let mut out = Vec::new();
        run_read(
            &args(path.to_str().unwrap(), Some(40)),
            &PLAIN,
            |_| None,
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("Demo\n━━━━"), "{text}");
        assert!(text.contains("Hello world."));
        assert!(!text.contains("id: demo"));
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn colour_output_has_styles() {
        let target = PrintTarget {
            color: true,
            terminal_width: Some(50),
        };
        let mut out = Vec::new();
        run_read(
            &args("demo", None),
            &target,
            |_| Some("# Hi\n".to_owned()),
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\u{1b}[1;4;36mHi"), "{text:?}");
        assert!(
            text.lines()
                .nth(1)
                .is_some_and(|rule| rule.matches('━').count() == 50)
        );
    }

    #[test]
    fn lessons_are_looked_up_by_id() {
        let mut out = Vec::new();
        let lookup = |id: &str| (id == "demo").then(|| "Demo body\n".to_owned());
        run_read(&args("demo", None), &PLAIN, lookup, &mut out).unwrap();
        assert_eq!(out, b"Demo body\n");
        let err = run_read(&args("nope", None), &PLAIN, lookup, &mut out).unwrap_err();
        assert!(
            err.to_string().starts_with("no lesson with id `nope`"),
            "{err}"
        );
    }

    #[test]
    fn unreadable_files_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.md");
        let err = run_read(
            &args(missing.to_str().unwrap(), None),
            &PLAIN,
            |_| None,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(matches!(err, ReadError::File { .. }), "{err}");
        assert!(err.to_string().contains("missing.md"));
        let binary = dir.path().join("binary.md");
        std::fs::write(&binary, b"ok\xff\xfe").unwrap();
        let err = run_read(
            &args(binary.to_str().unwrap(), None),
            &PLAIN,
            |_| None,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: not UTF-8 text (byte 2)", binary.display())
        );
    }
}
