//! `stagecraft lint FILE... [--target NAME] [--format text|json]`: check Dockerfiles.
//!
//! Text output has one line per problem: `path:line:col: severity: message` for parse
//! diagnostics and `path:line: severity rule-id: message` for findings. The exit code is 2 when
//! a file cannot be read or parsed (or `--target` names no stage), else 1 when any finding is an
//! error, else 0.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Serialize;

use crate::dockerfile::graph::{Edge, ExternalImage, Stage};
use crate::dockerfile::rules::Finding;
use crate::dockerfile::{Analysis, Diagnostic, analyze, parse};
use crate::sanitize::inert_line;

/// Output formats of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per problem, for people and editors.
    Text,
    /// One JSON document with stages, edges, the final stage and findings per file.
    Json,
}

/// The arguments of `stagecraft lint`.
#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Dockerfiles to check; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Analyse this stage as the final one, like `docker build --target NAME`.
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Exit code: everything is fine (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code: some finding is an error.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: a file could not be read or parsed, or `--target` names no stage.
pub const EXIT_UNUSABLE: i32 = 2;

/// What happened to one file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    /// Analysed.
    Ok,
    /// Could not be read.
    Unreadable,
    /// Has parse errors.
    Unparsable,
    /// Parsed, but the stage graph could not be built (no stage, unknown target).
    NoGraph,
}

/// The final stage in JSON.
#[derive(Debug, Serialize)]
struct FinalStage {
    index: usize,
    name: Option<String>,
}

/// The JSON document.
#[derive(Debug, Serialize)]
struct Output<'a> {
    files: &'a [FileReport],
}

/// One file's result, as written in JSON.
#[derive(Debug, Serialize)]
struct FileReport {
    path: String,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    diagnostics: Vec<Diagnostic>,
    stages: Vec<Stage>,
    edges: Vec<Edge>,
    images: Vec<ExternalImage>,
    final_stage: Option<FinalStage>,
    findings: Vec<Finding>,
}

impl FileReport {
    fn new(path: String, status: Status) -> Self {
        FileReport {
            path,
            status,
            error: None,
            diagnostics: Vec::new(),
            stages: Vec::new(),
            edges: Vec::new(),
            images: Vec::new(),
            final_stage: None,
            findings: Vec::new(),
        }
    }

    fn exit_code(&self) -> i32 {
        match self.status {
            Status::Ok if self.findings.iter().any(Finding::is_error) => EXIT_FINDINGS,
            Status::Ok => EXIT_OK,
            _ => EXIT_UNUSABLE,
        }
    }
}

/// Runs `lint`, reading `-` from standard input. Returns the exit code.
pub fn run(args: &LintArgs, out: &mut impl Write) -> io::Result<i32> {
    run_with_stdin(args, &mut io::stdin().lock(), out)
}

/// Runs `lint` with `stdin` as the source of `-`. Returns the exit code.
pub fn run_with_stdin(
    args: &LintArgs,
    stdin: &mut impl Read,
    out: &mut impl Write,
) -> io::Result<i32> {
    let mut reports = Vec::with_capacity(args.files.len());
    let mut stdin_text: Option<io::Result<String>> = None;
    for path in &args.files {
        let (name, text) = if path == Path::new("-") {
            let text = stdin_text.get_or_insert_with(|| {
                let mut buffer = Vec::new();
                stdin.read_to_end(&mut buffer)?;
                decode(buffer)
            });
            let text = match text {
                Ok(t) => Ok(t.clone()),
                Err(e) => Err(io::Error::new(e.kind(), e.to_string())),
            };
            ("<stdin>".to_owned(), text)
        } else {
            let text = std::fs::read(path).and_then(decode);
            (path.display().to_string(), text)
        };
        reports.push(lint_text(name, text, args.target.as_deref()));
    }
    match args.format {
        Format::Text => {
            for report in &reports {
                write_text(report, out)?;
            }
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &Output { files: &reports })?;
            writeln!(out)?;
        }
    }
    Ok(reports
        .iter()
        .map(FileReport::exit_code)
        .max()
        .unwrap_or(EXIT_OK))
}

fn decode(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8 text"))
}

fn lint_text(path: String, text: io::Result<String>, target: Option<&str>) -> FileReport {
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            let mut report = FileReport::new(path, Status::Unreadable);
            report.error = Some(format!("cannot read the file: {e}"));
            return report;
        }
    };
    let dockerfile = parse(&text);
    if dockerfile.has_errors() {
        let mut report = FileReport::new(path, Status::Unparsable);
        report.diagnostics = dockerfile.diagnostics;
        return report;
    }
    match analyze(&dockerfile, target) {
        Ok(analysis) => {
            let Analysis { graph, findings } = analysis;
            let final_stage = graph.final_stage();
            let mut report = FileReport::new(path, Status::Ok);
            report.final_stage = Some(FinalStage {
                index: final_stage.index,
                name: final_stage.name.clone(),
            });
            report.diagnostics = dockerfile.diagnostics;
            report.stages = graph.stages;
            report.edges = graph.edges;
            report.images = graph.images;
            report.findings = findings;
            report
        }
        Err(e) => {
            let mut report = FileReport::new(path, Status::NoGraph);
            report.error = Some(e.to_string());
            report.diagnostics = dockerfile.diagnostics;
            report
        }
    }
}

fn write_text(report: &FileReport, out: &mut impl Write) -> io::Result<()> {
    let path = inert_line(&report.path);
    if let Some(error) = &report.error {
        writeln!(out, "{path}: error: {}", inert_line(error))?;
    }
    for d in &report.diagnostics {
        writeln!(
            out,
            "{path}:{}:{}: {}: {}",
            d.position.line,
            d.position.column,
            d.severity,
            inert_line(&d.message)
        )?;
    }
    for f in &report.findings {
        writeln!(
            out,
            "{path}:{}: {} {}: {}",
            f.line,
            f.severity,
            f.rule,
            inert_line(&f.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(
        files: Vec<PathBuf>,
        target: Option<&str>,
        format: Format,
        stdin: &str,
    ) -> (i32, String) {
        let args = LintArgs {
            files,
            target: target.map(str::to_owned),
            format,
        };
        let mut out = Vec::new();
        let code = run_with_stdin(&args, &mut stdin.as_bytes(), &mut out).unwrap_or(-1);
        (code, String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn clean_input_prints_nothing_and_exits_zero() {
        let src = "FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\
                   FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n\
                   ENTRYPOINT [\"/app\"]\n";
        assert_eq!(
            lint(vec!["-".into()], None, Format::Text, src),
            (0, String::new())
        );
    }

    #[test]
    fn findings_are_lines_with_rule_ids() {
        let src = "FROM python:3.12-slim AS build\nFROM gcr.io/distroless/python3-debian12:nonroot\nCMD [\"python3\", \"app.py\"]\n";
        let (code, out) = lint(vec!["-".into()], None, Format::Text, src);
        assert_eq!(code, 1);
        assert!(
            out.contains("<stdin>:3: error interpreter-in-cmd: CMD starts with `python3`"),
            "{out}"
        );
        assert!(out.contains("<stdin>:1: info unused-stage:"), "{out}");
    }

    #[test]
    fn parse_errors_and_unreadable_files_exit_two() {
        let (code, out) = lint(
            vec!["-".into()],
            None,
            Format::Text,
            "FROM a:1\nCOPY --form=x a b\n",
        );
        assert_eq!(code, 2);
        assert_eq!(
            out,
            "<stdin>:2:6: error: unknown flag `--form` for COPY; expected one of --from, --chown, \
             --chmod, --link, --parents, --exclude\n"
        );
        let (code, out) = lint(
            vec!["/nonexistent/Dockerfile".into()],
            None,
            Format::Text,
            "",
        );
        assert_eq!(code, 2);
        assert!(
            out.starts_with("/nonexistent/Dockerfile: error: cannot read the file:"),
            "{out}"
        );
        let (code, out) = lint(
            vec!["-".into()],
            Some("nope"),
            Format::Text,
            "FROM a:1 AS x\n",
        );
        assert_eq!(code, 2);
        assert!(
            out.contains("no stage is named `nope`; named stages: x"),
            "{out}"
        );
    }

    #[test]
    fn control_characters_in_messages_are_made_visible() {
        let (_, out) = lint(
            vec!["-".into()],
            None,
            Format::Text,
            "FROM a:1\nF\u{1b}[2J x\n",
        );
        assert!(!out.contains('\u{1b}'));
        assert!(out.contains('\u{241b}'), "{out}");
    }

    #[test]
    fn json_has_stages_edges_final_stage_and_findings() {
        let src = "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n";
        let (code, out) = lint(vec!["-".into()], None, Format::Json, src);
        assert_eq!(code, 1);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        let file = &json["files"][0];
        assert_eq!(file["status"], "ok");
        assert_eq!(file["stages"].as_array().map(Vec::len), Some(2));
        assert_eq!(file["stages"][0]["name"], "build");
        assert_eq!(file["stages"][1]["base"]["kind"], "scratch");
        assert_eq!(file["edges"][0]["from"], 0);
        assert_eq!(file["edges"][0]["kind"], "copy");
        assert_eq!(file["final_stage"]["index"], 1);
        let rules: Vec<&str> = file["findings"]
            .as_array()
            .map(|a| a.iter().filter_map(|f| f["rule"].as_str()).collect())
            .unwrap_or_default();
        assert!(rules.contains(&"go-build-with-cgo"), "{rules:?}");
        assert!(rules.contains(&"final-stage-runs-as-root"), "{rules:?}");
        assert_eq!(
            file["findings"][0]["lesson"]
                .as_str()
                .map(|l| !l.is_empty()),
            Some(true)
        );
    }
}
