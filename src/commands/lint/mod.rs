//! `stagecraft lint FILE...`: check Dockerfiles, for people (text), programs (JSON) and code
//! scanning (SARIF 2.1.0). `stagecraft lint --rules` lists every rule.
//!
//! Text output has one line per problem: `path:line:col: severity: message` for parse
//! diagnostics and `path:line: severity rule-id: message` for findings. The exit code is 2 when
//! a file cannot be read or parsed (or `--target` names no stage, or the configuration is
//! wrong), else 1 when any finding reaches `--severity-threshold` (default: error), else 0.
//!
//! Settings come from `--config FILE` or a `.stagecraft-lint.yaml` beside each Dockerfile (see
//! [`config`]); `# stagecraft-ignore rule-id` comments in the file hide single findings.

pub mod config;
mod sarif;
mod shellcheck;

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Serialize;

use crate::dockerfile::facts;
use crate::dockerfile::graph::{Edge, ExternalImage, Stage};
use crate::dockerfile::rules::Finding;
use crate::dockerfile::{
    Analysis, AnalysisOptions, BuildOptions, Diagnostic, Platform, RULES, RuleOptions, Severity,
    analyze_for, parse,
};
use crate::sanitize::inert_line;
use config::Config;

/// Output formats of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per problem, for people and editors.
    Text,
    /// One JSON document with stages, edges, the final stage and findings per file.
    Json,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
}

/// The severity from which findings fail the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Threshold {
    /// Any finding fails the run.
    Info,
    /// Warnings and errors fail the run.
    Warning,
    /// Only errors fail the run.
    Error,
    /// Findings never fail the run (unreadable files still do).
    Never,
}

impl Threshold {
    fn fails(self, severity: Severity) -> bool {
        match self {
            Threshold::Info => true,
            Threshold::Warning => severity >= Severity::Warning,
            Threshold::Error => severity == Severity::Error,
            Threshold::Never => false,
        }
    }
}

/// The arguments of `stagecraft lint`.
#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Dockerfiles to check; `-` reads standard input.
    #[arg(required_unless_present = "rules", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Analyse this stage as the final one, like `docker build --target NAME`.
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// The platform built for, which gives TARGETOS, TARGETARCH... their values.
    #[arg(long, value_name = "OS/ARCH[/VARIANT]", default_value = "linux/amd64")]
    pub platform: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a finding has this severity or a higher one.
    #[arg(long, value_enum, default_value_t = Threshold::Error)]
    pub severity_threshold: Threshold,
    /// Configuration file (otherwise `.stagecraft-lint.yaml` beside each Dockerfile is used).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// List every rule (id, severity, what it checks, why, lesson) and exit.
    #[arg(long, conflicts_with_all = ["target", "config"])]
    pub rules: bool,
}

/// Exit code: everything is fine (findings below the threshold allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code: some finding reaches the severity threshold.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: a file could not be read or parsed, `--target` names no stage, or the options
/// or configuration are wrong.
pub const EXIT_UNUSABLE: i32 = 2;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    platform: String,
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

    fn exit_code(&self, threshold: Threshold) -> i32 {
        match self.status {
            Status::Ok if self.findings.iter().any(|f| threshold.fails(f.severity)) => {
                EXIT_FINDINGS
            }
            Status::Ok => EXIT_OK,
            _ => EXIT_UNUSABLE,
        }
    }
}

/// Runs `lint`, reading `-` from standard input. Returns the exit code.
pub fn run(args: &LintArgs, out: &mut impl Write) -> io::Result<i32> {
    run_with(
        args,
        &mut io::stdin().lock(),
        out,
        &mut io::stderr().lock(),
        shellcheck::locate(),
    )
}

/// Runs `lint` with `stdin` as the source of `-`, notes (such as skipped shellcheck checks)
/// to `notes`, and `shellcheck` as the shellcheck program if there is one. Returns the exit
/// code.
pub fn run_with(
    args: &LintArgs,
    stdin: &mut impl Read,
    out: &mut impl Write,
    notes: &mut impl Write,
    shellcheck: Option<PathBuf>,
) -> io::Result<i32> {
    if args.rules {
        write_rules(args.format, out)?;
        return Ok(EXIT_OK);
    }
    let platform = match Platform::parse(&args.platform) {
        Ok(platform) => platform,
        Err(e) => {
            writeln!(notes, "error: --platform: {}", inert_line(&e))?;
            return Ok(EXIT_UNUSABLE);
        }
    };
    let explicit_config = match &args.config {
        Some(path) => match Config::read(path) {
            Ok(config) => Some(config),
            Err(e) => {
                writeln!(notes, "error: {}", inert_line(&e))?;
                return Ok(EXIT_UNUSABLE);
            }
        },
        None => None,
    };
    let mut configs = Configs::default();
    let mut reports = Vec::with_capacity(args.files.len());
    let mut stdin_text: Option<io::Result<String>> = None;
    let mut shellcheck_skipped = false;
    for path in &args.files {
        let is_stdin = path == Path::new("-");
        let (name, text) = if is_stdin {
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
            // Only a regular file, opened without blocking: a pipe or a device is refused.
            let text = crate::regular_file::read(path, u64::MAX)
                .map_err(io::Error::from)
                .and_then(decode);
            (path.display().to_string(), text)
        };
        let config = match &explicit_config {
            Some(config) => config.clone(),
            None => {
                let dir = if is_stdin {
                    PathBuf::from(".")
                } else {
                    path.parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
                };
                match configs.beside(&dir) {
                    Ok(config) => config,
                    Err(e) => {
                        let mut report = FileReport::new(name, Status::Unreadable);
                        report.error = Some(e);
                        reports.push(report);
                        continue;
                    }
                }
            }
        };
        let options = AnalysisOptions {
            build: BuildOptions {
                target: args.target.clone(),
                platform: platform.clone(),
                ..BuildOptions::default()
            },
            rules: RuleOptions {
                trusted_registries: config.trusted_registries.clone(),
            },
        };
        let (mut report, scripts) = lint_text(name, text, &options);
        if report.status == Status::Ok && !scripts.is_empty() {
            match &shellcheck {
                Some(program) => {
                    match shellcheck::check(program, &scripts) {
                        Ok(found) => report.findings.extend(found),
                        Err(e) => writeln!(notes, "note: {}", inert_line(&e))?,
                    }
                    if scripts.len() > shellcheck::MAX_SCRIPTS {
                        writeln!(
                            notes,
                            "note: {}: shellcheck checked the first {} of {} RUN scripts",
                            inert_line(&report.path),
                            shellcheck::MAX_SCRIPTS,
                            scripts.len()
                        )?;
                    }
                }
                None => shellcheck_skipped = true,
            }
        }
        config.apply(&mut report.findings);
        report
            .findings
            .sort_by(|a, b| a.line.cmp(&b.line).then(a.rule.cmp(b.rule)));
        reports.push(report);
    }
    if shellcheck_skipped {
        writeln!(
            notes,
            "note: shellcheck is not installed, so the checks of RUN scripts by shellcheck were skipped"
        )?;
    }
    match args.format {
        Format::Text => {
            for report in &reports {
                write_text(report, out)?;
            }
        }
        Format::Json => {
            let output = Output {
                platform: platform.to_string(),
                files: &reports,
            };
            serde_json::to_writer_pretty(&mut *out, &output)?;
            writeln!(out)?;
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif::document(&reports))?;
            writeln!(out)?;
        }
    }
    Ok(reports
        .iter()
        .map(|r| r.exit_code(args.severity_threshold))
        .max()
        .unwrap_or(EXIT_OK))
}

/// Configurations found beside Dockerfiles, read once per folder.
#[derive(Default)]
struct Configs {
    by_dir: HashMap<PathBuf, Result<Config, String>>,
}

impl Configs {
    fn beside(&mut self, dir: &Path) -> Result<Config, String> {
        self.by_dir
            .entry(dir.to_owned())
            .or_insert_with(|| {
                let path = dir.join(config::FILE_NAME);
                if path.is_file() {
                    Config::read(&path)
                } else {
                    Ok(Config::default())
                }
            })
            .clone()
    }
}

fn decode(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8 text"))
}

/// Analyses one file; also returns its RUN scripts for shellcheck.
fn lint_text(
    path: String,
    text: io::Result<String>,
    options: &AnalysisOptions,
) -> (FileReport, Vec<facts::ShellScript>) {
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            let mut report = FileReport::new(path, Status::Unreadable);
            report.error = Some(format!("cannot read the file: {e}"));
            return (report, Vec::new());
        }
    };
    let dockerfile = parse(&text);
    if dockerfile.has_errors() {
        let mut report = FileReport::new(path, Status::Unparsable);
        report.diagnostics = dockerfile.diagnostics;
        return (report, Vec::new());
    }
    match analyze_for(&dockerfile, options, crate::content::images::embedded()) {
        Ok(analysis) => {
            let scripts = facts::shell_scripts(&dockerfile, &analysis.graph);
            let Analysis {
                graph, findings, ..
            } = analysis;
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
            (report, scripts)
        }
        Err(e) => {
            let mut report = FileReport::new(path, Status::NoGraph);
            report.error = Some(e.to_string());
            report.diagnostics = dockerfile.diagnostics;
            (report, Vec::new())
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

/// `lint --rules`: every rule, as text or JSON (SARIF has them in its driver).
fn write_rules(format: Format, out: &mut impl Write) -> io::Result<()> {
    match format {
        Format::Text => {
            for rule in RULES {
                writeln!(out, "{} ({}): {}", rule.id, rule.severity, rule.summary)?;
                writeln!(out, "    why: {}", rule.explanation)?;
                writeln!(out, "    lesson: {}", rule.lesson)?;
            }
            Ok(())
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, RULES)?;
            writeln!(out)
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif::document(&[]))?;
            writeln!(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(files: Vec<PathBuf>, target: Option<&str>, format: Format) -> LintArgs {
        LintArgs {
            files,
            target: target.map(str::to_owned),
            platform: "linux/amd64".to_owned(),
            format,
            severity_threshold: Threshold::Error,
            config: None,
            rules: false,
        }
    }

    fn run_args(args: &LintArgs, stdin: &str) -> (i32, String, String) {
        let mut out = Vec::new();
        let mut notes = Vec::new();
        let code = run_with(args, &mut stdin.as_bytes(), &mut out, &mut notes, None).unwrap_or(-1);
        (
            code,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&notes).into_owned(),
        )
    }

    fn lint(
        files: Vec<PathBuf>,
        target: Option<&str>,
        format: Format,
        stdin: &str,
    ) -> (i32, String) {
        let (code, out, _) = run_args(&args(files, target, format), stdin);
        (code, out)
    }

    #[test]
    fn clean_input_prints_nothing_and_exits_zero() {
        let src = "FROM golang:1.27 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\n\
                   FROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=build /out/app /app\n\
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

    #[test]
    fn threshold_platform_and_notes() {
        let src = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nCMD [\"node\", \"a.js\"]\n";
        let mut a = args(vec!["-".into()], None, Format::Text);
        assert_eq!(run_args(&a, src).0, 0, "warnings do not fail by default");
        a.severity_threshold = Threshold::Warning;
        let (code, out, notes) = run_args(&a, src);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("copy-before-install"), "{out}");
        assert!(notes.contains("shellcheck is not installed"), "{notes}");
        assert_eq!(notes.lines().count(), 1, "said once: {notes}");
        a.platform = "arm64".to_owned();
        let (code, _, notes) = run_args(&a, src);
        assert_eq!(code, 2);
        assert!(
            notes.contains("--platform: `arm64` is not a platform"),
            "{notes}"
        );
        let arm =
            "FROM scratch AS build_amd64\nFROM scratch AS build_arm64\nFROM build_${TARGETARCH}\n";
        let mut a = args(vec!["-".into()], None, Format::Json);
        a.platform = "linux/arm64".to_owned();
        let (_, out, _) = run_args(&a, arm);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(json["platform"], "linux/arm64");
        assert_eq!(json["files"][0]["stages"][2]["base"]["index"], 1);
    }

    #[test]
    fn rules_are_listed_with_why_and_lesson() {
        let mut a = args(Vec::new(), None, Format::Text);
        a.rules = true;
        let (code, out, _) = run_args(&a, "");
        assert_eq!(code, 0);
        for rule in RULES {
            assert!(out.contains(&format!(
                "{} ({}): {}",
                rule.id, rule.severity, rule.summary
            )));
        }
        assert_eq!(out.matches("    lesson: ").count(), RULES.len());
        a.format = Format::Json;
        let (_, out, _) = run_args(&a, "");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(json.as_array().map(Vec::len), Some(RULES.len()));
    }

    #[test]
    fn sarif_has_rules_results_and_locations() {
        let src = "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n";
        let (code, out) = lint(vec!["-".into()], None, Format::Sarif, src);
        assert_eq!(code, 1);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(json["version"], "2.1.0");
        let run = &json["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "stagecraft");
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(rules.len(), RULES.len() + 1);
        let results = run["results"].as_array().cloned().unwrap_or_default();
        let cgo = results
            .iter()
            .find(|r| r["ruleId"] == "go-build-with-cgo")
            .cloned()
            .unwrap_or_default();
        assert_eq!(cgo["level"], "error");
        let index = cgo["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(
            rules.get(index).map(|r| r["id"].clone()),
            Some(cgo["ruleId"].clone())
        );
        let location = &cgo["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "%3Cstdin%3E");
        assert_eq!(location["region"]["startLine"], 2);
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }
}
