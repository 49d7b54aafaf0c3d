//! `stagecraft class report`: combining students' progress exports into one class report.
//!
//! [`input`] reads and checks the exports, [`report`] computes the figures, [`text`] and
//! [`html`] render them (JSON is the report's own serialisation), and [`sample`] makes classes
//! of made-up exports for tests and benchmarks. See `docs/classroom.md`.

pub mod follow;
pub mod html;
pub mod input;
pub mod report;
pub mod sample;
pub mod tally;
pub mod text;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use input::{ExportError, StudentExport, read_exports};
pub use report::{ClassReport, CourseQuestion, build_report};

/// Output formats of `stagecraft class report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Plain text tables.
    #[default]
    Text,
    /// The report as one JSON document.
    Json,
    /// One self-contained HTML page with charts.
    Html,
}

/// Arguments of `stagecraft class report`.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct ReportArgs {
    /// Students' exports (`stagecraft export --format json`), or folders of them (`*.json`).
    #[arg(value_name = "FILES|DIR", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out exports that cannot be read (each is named on standard error and in the
    /// report) instead of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
}

/// Failures of `stagecraft class report`.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    /// A named input could not be listed.
    #[error(transparent)]
    Input(#[from] ExportError),
    /// No export was named or found.
    #[error(
        "no exports found: name JSON files made by `stagecraft export --format json`, or folders holding them"
    )]
    NoExports,
    /// Some exports could not be read and `--skip-invalid` was not given.
    #[error("{} of the exports cannot be read:\n{}\n(--skip-invalid reports on the others)", .0.len(), list(.0))]
    Invalid(Vec<ExportError>),
    /// Every export was invalid.
    #[error("none of the exports can be read:\n{}", list(.0))]
    NoneValid(Vec<ExportError>),
    /// Writing the report failed.
    #[error("cannot write {target}: {source}")]
    Write {
        /// The output file, or "standard output".
        target: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

fn list(errors: &[ExportError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {}", crate::sanitize::inert(&e.to_string())))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the exports named by `args` and builds the report. With `skip_invalid`, the files
/// that cannot be read are written to `warnings` and listed in the report.
pub fn make_report(
    args: &ReportArgs,
    course: &[CourseQuestion],
    warnings: &mut dyn Write,
) -> Result<ClassReport, ClassError> {
    let files = input::collect_export_files(&args.inputs)?;
    if files.is_empty() {
        return Err(ClassError::NoExports);
    }
    let read = read_exports(&files);
    if read.students.is_empty() {
        return Err(ClassError::NoneValid(read.errors));
    }
    if !read.errors.is_empty() && !args.skip_invalid {
        return Err(ClassError::Invalid(read.errors));
    }
    let skipped = read
        .errors
        .iter()
        .map(|err| {
            let reason = err.to_string();
            let _ = writeln!(
                warnings,
                "stagecraft: skipped {}",
                crate::sanitize::inert(&reason)
            );
            report::SkippedFile {
                file: err.file().to_owned(),
                reason,
            }
        })
        .collect();
    Ok(build_report(&read.students, course, skipped))
}

/// The report in the chosen format.
pub fn render(report: &ClassReport, format: ReportFormat) -> Vec<u8> {
    match format {
        ReportFormat::Text => text::render_text(report).into_bytes(),
        ReportFormat::Html => html::render_html(report).into_bytes(),
        ReportFormat::Json => {
            // The report holds only strings, numbers and lists: serialising cannot fail.
            let mut bytes = serde_json::to_vec_pretty(report).unwrap_or_default();
            bytes.push(b'\n');
            bytes
        }
    }
}

/// `stagecraft class report`: builds the report and writes it to `args.output` (atomically)
/// or to `out`.
pub fn run_report(
    args: &ReportArgs,
    course: &[CourseQuestion],
    out: &mut dyn Write,
    warnings: &mut dyn Write,
) -> Result<(), ClassError> {
    let report = make_report(args, course, warnings)?;
    let bytes = render(&report, args.format);
    match &args.output {
        Some(path) => write_file(path, &bytes),
        None => out
            .write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|source| ClassError::Write {
                target: "standard output".to_owned(),
                source,
            }),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ClassError> {
    crate::commands::write_atomically(path, bytes).map_err(|source| ClassError::Write {
        target: path.display().to_string(),
        source,
    })
}
