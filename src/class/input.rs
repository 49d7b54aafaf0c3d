//! Reading students' progress exports (`stagecraft export --format json`) for a class report.
//!
//! Student files are untrusted: every problem becomes an [`ExportError`] naming the file (and the
//! line and column of a JSON error), never a panic. Only the fields the report needs are read;
//! fields this version does not know are ignored, so an export from a newer stagecraft that only
//! added fields still reads. An export whose `format` is not `stagecraft-progress`, or whose
//! `version` is newer than [`SUPPORTED_VERSION`], is refused.

use std::fs;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::export::json::{FORMAT_NAME, FORMAT_VERSION};
use crate::regular_file::RegularFileError;
use crate::srs::Phase;

/// The newest export layout this version reads (the `version` field); older ones read too.
pub const SUPPORTED_VERSION: u32 = FORMAT_VERSION;

/// The largest export file read, so a stray huge file cannot exhaust memory.
pub const MAX_EXPORT_BYTES: u64 = 256 * 1024 * 1024;

/// One student's progress, as far as the class report needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentExport {
    /// The student's name: the export's file name without `.json`.
    pub name: String,
    /// The file it came from, as given.
    pub file: PathBuf,
    /// The card states.
    pub cards: Vec<CardRow>,
    /// Every answer, oldest first.
    pub answers: Vec<AnswerRow>,
}

/// The part of a card's state the report uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CardRow {
    /// Question id.
    pub question_id: String,
    /// Scheduling phase.
    pub phase: Phase,
    /// Number of answers.
    #[serde(default)]
    pub reps: u32,
    /// Times forgotten in review.
    #[serde(default)]
    pub lapses: u32,
}

/// The part of a review log entry the report uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AnswerRow {
    /// Question id.
    pub question_id: String,
    /// 1 Again, 2 Hard, 3 Good, 4 Easy.
    pub rating: u8,
}

impl AnswerRow {
    /// Whether the answer was a miss (rated Again: wrong, or not remembered).
    pub fn is_miss(&self) -> bool {
        self.rating == 1
    }
}

/// The document as read, before its header is checked.
#[derive(Deserialize)]
struct RawExport {
    format: String,
    version: u32,
    #[serde(default)]
    cards: Vec<CardRow>,
    #[serde(default)]
    review_log: Vec<AnswerRow>,
}

/// Only the header, to explain why a document that failed to read was refused.
#[derive(Deserialize)]
struct RawHeader {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file could not be opened or read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_EXPORT_BYTES`].
    #[error("{file}: the file is larger than {MAX_EXPORT_BYTES} bytes; it is not read")]
    TooLarge {
        /// The file.
        file: String,
    },
    /// Not JSON, or JSON of the wrong shape.
    #[error("{file}:{line}:{column}: {message}")]
    Json {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json found.
        message: String,
    },
    /// JSON, but not a stagecraft progress export.
    #[error(
        "{file}: not a stagecraft progress export ({found}); make one with `stagecraft export --format json`"
    )]
    NotAnExport {
        /// The file.
        file: String,
        /// What the `format` field held.
        found: String,
    },
    /// A layout version this stagecraft does not know.
    #[error(
        "{file}: export format version {found} is not one this stagecraft reads (versions 1 to {SUPPORTED_VERSION}); update stagecraft to read it"
    )]
    UnknownVersion {
        /// The file.
        file: String,
        /// The `version` field as written.
        found: String,
    },
    /// A value outside its range.
    #[error("{file}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
}

impl ExportError {
    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            ExportError::Io { file, .. }
            | ExportError::TooLarge { file }
            | ExportError::Json { file, .. }
            | ExportError::NotAnExport { file, .. }
            | ExportError::UnknownVersion { file, .. }
            | ExportError::Invalid { file, .. } => file,
        }
    }
}

/// Reads one export file.
pub fn read_export_file(path: &Path) -> Result<StudentExport, ExportError> {
    let file = path.display().to_string();
    let io = |source| ExportError::Io {
        file: file.clone(),
        source,
    };
    // Only a regular file is read: a named pipe among the exports would wait for ever.
    let bytes = match crate::regular_file::read(path, MAX_EXPORT_BYTES) {
        Ok(bytes) => bytes,
        Err(RegularFileError::TooLarge { .. }) => return Err(ExportError::TooLarge { file }),
        Err(other) => return Err(io(other.into())),
    };
    parse_export(path, &bytes)
}

/// Reads one export from its bytes; `path` names it in errors and gives the student's name.
pub fn parse_export(path: &Path, bytes: &[u8]) -> Result<StudentExport, ExportError> {
    let file = path.display().to_string();
    let raw: RawExport = match serde_json::from_slice(bytes) {
        Ok(raw) => raw,
        Err(err) => return Err(explain_failure(&file, bytes, &err)),
    };
    check_header(&file, &raw.format, raw.version)?;
    if let Some((index, answer)) = raw
        .review_log
        .iter()
        .enumerate()
        .find(|(_, a)| !(1..=4).contains(&a.rating))
    {
        return Err(ExportError::Invalid {
            file,
            message: format!(
                "review_log entry {} has rating {}; a rating is 1 (Again) to 4 (Easy)",
                index + 1,
                answer.rating
            ),
        });
    }
    Ok(StudentExport {
        name: student_name(path),
        file: path.to_path_buf(),
        cards: raw.cards,
        answers: raw.review_log,
    })
}

/// The header is checked first when the whole document did not read, so that an export of an
/// unknown format or version is reported as such rather than by its first odd field.
fn explain_failure(file: &str, bytes: &[u8], err: &serde_json::Error) -> ExportError {
    if !err.is_syntax()
        && !err.is_eof()
        && let Ok(header) = serde_json::from_slice::<RawHeader>(bytes)
    {
        let format = header.format.unwrap_or(serde_json::Value::Null);
        if format.as_str() != Some(FORMAT_NAME) {
            return ExportError::NotAnExport {
                file: file.to_owned(),
                found: describe_format(&format),
            };
        }
        match header.version.as_ref().map(serde_json::Value::as_u64) {
            Some(Some(version)) if (1..=u64::from(SUPPORTED_VERSION)).contains(&version) => {}
            _ => {
                return ExportError::UnknownVersion {
                    file: file.to_owned(),
                    found: header
                        .version
                        .map_or_else(|| "(missing)".to_owned(), |v| v.to_string()),
                };
            }
        }
    }
    ExportError::Json {
        file: file.to_owned(),
        line: err.line().max(1),
        column: err.column().max(1),
        message: err
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or("")
            .to_owned(),
    }
}

fn check_header(file: &str, format: &str, version: u32) -> Result<(), ExportError> {
    if format != FORMAT_NAME {
        return Err(ExportError::NotAnExport {
            file: file.to_owned(),
            found: describe_format(&serde_json::Value::String(format.to_owned())),
        });
    }
    if !(1..=SUPPORTED_VERSION).contains(&version) {
        return Err(ExportError::UnknownVersion {
            file: file.to_owned(),
            found: version.to_string(),
        });
    }
    Ok(())
}

fn describe_format(format: &serde_json::Value) -> String {
    match format {
        serde_json::Value::Null => "it has no `format` field".to_owned(),
        other => {
            let mut shown = other.to_string();
            if shown.chars().count() > 60 {
                shown = shown.chars().take(60).collect::<String>() + "…";
            }
            format!("its `format` is {shown}, not \"{FORMAT_NAME}\"")
        }
    }
}

/// The student's name: the file name without its `.json` extension.
fn student_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    match name.strip_suffix(".json") {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => name,
    }
}

/// The export files named on the command line: each file as given, and every `*.json` file
/// directly inside each folder, sorted by name. A path that does not exist is an error.
pub fn collect_export_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ExportError> {
    let mut files = Vec::new();
    for path in paths {
        let io = |source| ExportError::Io {
            file: path.display().to_string(),
            source,
        };
        let meta = fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = fs::read_dir(path)
                .map_err(io)?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "json")
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                        && p.is_file()
                })
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// The exports read, and the files refused with why.
#[derive(Debug, Default)]
pub struct ReadExports {
    /// The exports that read, in file order.
    pub students: Vec<StudentExport>,
    /// The files refused.
    pub errors: Vec<ExportError>,
}

/// Reads every file, keeping the good ones and the errors of the others.
pub fn read_exports(files: &[PathBuf]) -> ReadExports {
    let mut read = ReadExports::default();
    for file in files {
        match read_export_file(file) {
            Ok(student) => read.students.push(student),
            Err(err) => read.errors.push(err),
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<StudentExport, ExportError> {
        parse_export(Path::new("class/ann.json"), text.as_bytes())
    }

    const MINIMAL: &str = r#"{"format":"stagecraft-progress","version":1,
        "cards":[{"question_id":"q1","phase":"review","reps":2,"lapses":0}],
        "review_log":[{"question_id":"q1","rating":1},{"question_id":"q1","rating":3}]}"#;

    #[test]
    fn a_named_pipe_among_the_exports_is_named_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("bob.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let error = read_export_file(&pipe).unwrap_err();
        assert!(matches!(error, ExportError::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("named pipe"), "{error}");
        let folder = dir.path().join("carol.json");
        fs::create_dir(&folder).unwrap();
        let error = read_export_file(&folder).unwrap_err();
        assert!(error.to_string().contains("a folder"), "{error}");
    }

    #[test]
    fn reads_the_fields_the_report_needs_and_names_the_student() {
        let export = parse(MINIMAL).unwrap();
        assert_eq!(export.name, "ann");
        assert_eq!(export.cards[0].phase, Phase::Review);
        assert_eq!(export.answers.len(), 2);
        assert!(export.answers[0].is_miss());
        assert!(!export.answers[1].is_miss());
    }

    #[test]
    fn newer_fields_are_ignored() {
        let text = MINIMAL.replace(
            r#""version":1,"#,
            r#""version":1,"lab_completions":[{"lab_id":"x"}],"settings_history":[],"#,
        );
        assert!(parse(&text).is_ok());
    }

    #[test]
    fn syntax_errors_give_file_line_and_column() {
        let err =
            parse("{\"format\": \"stagecraft-progress\",\n  \"version\": 1,,\n}").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("class/ann.json:2:16: "), "{text}");
        let err = parse("").unwrap_err();
        assert!(err.to_string().starts_with("class/ann.json:1:1: "), "{err}");
    }

    #[test]
    fn shape_errors_give_line_and_column() {
        let text = MINIMAL.replace(r#""rating":3"#, r#""rating":"good""#);
        let err = parse(&text).unwrap_err();
        assert!(matches!(err, ExportError::Json { line: 3, .. }), "{err}");
        assert!(err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn other_formats_and_unknown_versions_are_refused_by_name() {
        let err = parse(r#"{"format":"anki","version":1}"#).unwrap_err();
        assert!(matches!(err, ExportError::NotAnExport { .. }), "{err}");
        assert!(err.to_string().contains("\"anki\""), "{err}");
        let err = parse(r#"{"cards":[]}"#).unwrap_err();
        assert!(err.to_string().contains("no `format` field"), "{err}");

        let next = SUPPORTED_VERSION + 1;
        let newer = MINIMAL.replace(r#""version":1"#, &format!(r#""version":{next}"#));
        let err = parse(&newer).unwrap_err();
        assert!(matches!(err, ExportError::UnknownVersion { .. }), "{err}");
        assert!(
            err.to_string().contains(&format!("version {next}")),
            "{err}"
        );
        // A future layout whose fields no longer read is still reported by its version.
        let err =
            parse(r#"{"format":"stagecraft-progress","version":"2.0","cards":{}}"#).unwrap_err();
        assert!(matches!(err, ExportError::UnknownVersion { .. }), "{err}");
        let err = parse(&MINIMAL.replace(r#""version":1"#, r#""version":0"#)).unwrap_err();
        assert!(matches!(err, ExportError::UnknownVersion { .. }), "{err}");
    }

    #[test]
    fn ratings_out_of_range_are_refused() {
        let err = parse(&MINIMAL.replace(r#""rating":3"#, r#""rating":9"#)).unwrap_err();
        assert!(
            err.to_string().contains("review_log entry 2 has rating 9"),
            "{err}"
        );
    }

    #[test]
    fn folders_give_their_json_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.json", "a.json", "notes.txt", ".hidden.json"] {
            std::fs::write(dir.path().join(name), MINIMAL).unwrap();
        }
        let files = collect_export_files(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.json", "b.json"]);
        let err = collect_export_files(&[dir.path().join("missing")]).unwrap_err();
        assert!(err.to_string().contains("missing: cannot read"), "{err}");
    }
}
