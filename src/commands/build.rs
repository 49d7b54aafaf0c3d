//! `stagecraft lab ID --build`: the learner's Dockerfile built for real with the lab's sample
//! application, run with no network, and checked (see [`crate::engine::lab_build`]).

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::lab::CheckFormat;
use crate::content::ContentSet;
use crate::engine::compare::{self, Comparison};
use crate::engine::lab_build::{
    self, Expectations, Progress, RealReport, Status, megabytes, seconds,
};
use crate::engine::{Engine, EngineError, NoEngine};
use crate::lab::{self, LabError};
use crate::sanitize::inert_line;

/// Why `lab --build` could not judge the file.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The lab or the file.
    #[error(transparent)]
    Lab(#[from] LabError),
    /// No example has this id.
    #[error("{0}")]
    UnknownExample(String),
    /// The example names no build context.
    #[error(
        "example `{0}` names no sample application to build (no `context:` in its \
         example.yaml); examples that can be built: {1}"
    )]
    ExampleNotBuildable(String, String),
    /// The lab ships no sample application.
    #[error(
        "lab `{0}` has no sample application to build (no `build:` section); \
         `stagecraft lab {0} --check FILE` judges the file without an engine"
    )]
    NothingToBuild(String),
    /// No engine, or the engine failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// Writing the output.
    #[error("cannot write the result: {0}")]
    Write(#[from] io::Error),
}

impl From<NoEngine> for BuildError {
    fn from(missing: NoEngine) -> BuildError {
        BuildError::Engine(EngineError::NotFound(missing))
    }
}

/// The image tag of a lab's build: `stagecraft-lab/<id>`, with characters an image name cannot
/// hold replaced by `-`.
pub fn lab_tag(id: &str) -> String {
    crate::engine::image::tag_name("stagecraft-lab", id)
}

/// `stagecraft view ID --build`: builds example `id`'s "before" and "after" on `engine` and
/// prints the comparison; build output and steps go to `progress_out` as they come. Returns
/// the exit code: 0 when every file built, 1 otherwise. No engine, an engine failure or an
/// example without a build context are errors (the binary exits 2).
pub fn run_example_build(
    content: &ContentSet,
    id: &str,
    engine: Result<Engine, NoEngine>,
    format: CheckFormat,
    out: &mut impl Write,
    progress_out: &mut impl Write,
) -> Result<i32, BuildError> {
    let Some(example) = content.example(id) else {
        let ids: Vec<&str> = content.examples.iter().map(|e| e.id.as_str()).collect();
        return Err(BuildError::UnknownExample(super::view::unknown_example(
            id, &ids,
        )));
    };
    let (Some(variants), Some(context)) =
        (compare::example_variants(example), example.context.as_ref())
    else {
        let buildable: Vec<&str> = content
            .examples
            .iter()
            .filter(|e| e.context.is_some())
            .map(|e| e.id.as_str())
            .collect();
        return Err(BuildError::ExampleNotBuildable(
            id.to_owned(),
            buildable.join(", "),
        ));
    };
    let engine = engine?;
    writeln!(progress_out, "real build on {}", engine.describe())?;
    let comparison = compare::run(&engine, id, &variants, &context.files, &mut |step| {
        let _ = match step {
            Progress::Step(step) => writeln!(progress_out, "== {step}"),
            Progress::Output(line) => writeln!(progress_out, "   {}", inert_line(line)),
        };
    })?;
    match format {
        CheckFormat::Text => write_comparison_text(&comparison, out)?,
        CheckFormat::Json => write_comparison_json(id, &comparison, out)?,
    }
    Ok(if comparison.images.iter().all(|i| i.ok) {
        0
    } else {
        1
    })
}

fn write_comparison_text(comparison: &Comparison, out: &mut impl Write) -> io::Result<()> {
    for line in comparison.summary() {
        writeln!(out, "{line}")?;
    }
    for image in &comparison.images {
        if image.layers.is_empty() {
            continue;
        }
        writeln!(
            out,
            "layers of {} ({}), newest first:",
            image.label, image.tag
        )?;
        for layer in &image.layers {
            writeln!(
                out,
                "  {:>10}  {}",
                compare::human_size(layer.size),
                clip(&layer.created_by, 100)
            )?;
        }
        let stages: Vec<String> = image
            .stages
            .iter()
            .map(|s| {
                format!(
                    "{} ({}, {})",
                    s.label,
                    if s.needed { "needed" } else { "not needed" },
                    if s.built { "built" } else { "skipped" }
                )
            })
            .collect();
        writeln!(
            out,
            "stages of {} as {} ran them: {}",
            image.label,
            image.builder.name(),
            stages.join(", ")
        )?;
    }
    Ok(())
}

/// One image in the JSON output of `view --build`.
#[derive(Debug, Serialize)]
struct JsonImage<'a> {
    label: &'a str,
    image: &'a str,
    built: bool,
    detail: &'a str,
    size_bytes: Option<u64>,
    build_seconds: f64,
    builder: compare::Builder,
    stages: &'a [compare::StageRun],
    build_stage: Option<&'a compare::StageSize>,
    layers: Vec<JsonLayer<'a>>,
}

/// The JSON output of `view --build`.
#[derive(Debug, Serialize)]
struct JsonComparison<'a> {
    example: &'a str,
    engine: &'a str,
    images: Vec<JsonImage<'a>>,
    summary: Vec<String>,
}

fn write_comparison_json(
    id: &str,
    comparison: &Comparison,
    out: &mut impl Write,
) -> io::Result<()> {
    let json = JsonComparison {
        example: id,
        engine: &comparison.engine,
        images: comparison
            .images
            .iter()
            .map(|i| JsonImage {
                label: &i.label,
                image: &i.tag,
                built: i.ok,
                detail: &i.detail,
                size_bytes: i.size,
                build_seconds: i.build_time.as_secs_f64(),
                builder: i.builder,
                stages: &i.stages,
                build_stage: i.build_stage.as_ref(),
                layers: i
                    .layers
                    .iter()
                    .map(|l| JsonLayer {
                        size_bytes: l.size,
                        created_by: &l.created_by,
                    })
                    .collect(),
            })
            .collect(),
        summary: comparison.summary(),
    };
    let mut text = serde_json::to_string_pretty(&json).map_err(io::Error::other)?;
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// Builds `file` for lab `id` on `engine` and prints one line per real check; build output
/// and steps go to `progress_out` as they come. Returns the exit code: 0 when no check fails,
/// 1 otherwise. No engine, an engine failure, a lab without a sample application or an
/// unreadable file are errors (the binary exits 2).
pub fn run_lab_build(
    content: &ContentSet,
    id: &str,
    file: &Path,
    engine: Result<Engine, NoEngine>,
    format: CheckFormat,
    out: &mut impl Write,
    progress_out: &mut impl Write,
) -> Result<i32, BuildError> {
    let (_, lab) = lab::find(content, id)?;
    let build = lab
        .build
        .as_ref()
        .ok_or_else(|| BuildError::NothingToBuild(id.to_owned()))?;
    let text = lab::read_file(file)?;
    let engine = engine?;
    writeln!(progress_out, "real build on {}", engine.describe())?;
    let tag = lab_tag(id);
    let report = lab_build::run(
        &engine,
        &text,
        &build.files,
        &tag,
        &Expectations::of(build),
        &mut |step| {
            let _ = match step {
                Progress::Step(step) => writeln!(progress_out, "== {step}"),
                Progress::Output(line) => writeln!(progress_out, "   {}", inert_line(line)),
            };
        },
    )?;
    let layers = if report.measures.size.is_some() {
        engine.history(&tag)?
    } else {
        Vec::new()
    };
    let unneeded = crate::engine::image::stages_not_needed(&text);
    match format {
        CheckFormat::Text => write_text(&report, &layers, &unneeded, out)?,
        CheckFormat::Json => write_json(id, file, &report, &layers, &unneeded, out)?,
    }
    Ok(if report.all_pass() { 0 } else { 1 })
}

fn write_text(
    report: &RealReport,
    layers: &[crate::engine::image::Layer],
    unneeded: &[String],
    out: &mut impl Write,
) -> io::Result<()> {
    for check in &report.checks {
        let mark = match check.status {
            Status::Pass => "✓",
            Status::Fail => "✗",
            Status::Skipped => "-",
        };
        writeln!(
            out,
            "{mark} {} — {} (checked by a real build)",
            inert_line(&check.label),
            inert_line(&check.why)
        )?;
    }
    if !layers.is_empty() {
        writeln!(out, "layers of {}, newest first:", report.tag)?;
        for layer in layers {
            writeln!(
                out,
                "  {:>10}  {}",
                compare::human_size(layer.size),
                clip(&layer.created_by, 100)
            )?;
        }
    }
    if !unneeded.is_empty() {
        writeln!(
            out,
            "stages the final image does not need: {} (BuildKit skips them; the classic \
             builder still builds them)",
            unneeded.join(", ")
        )?;
    }
    let measures = &report.measures;
    let mut figures = Vec::new();
    if let Some(size) = measures.size {
        figures.push(format!("size {}", megabytes(size)));
    }
    if let Some(time) = measures.build_time {
        figures.push(format!("build {}", seconds(time)));
    }
    if let Some(time) = measures.start_time {
        figures.push(format!("start {}", seconds(time)));
    }
    if let Some(time) = measures.stop_time {
        figures.push(format!("stop {}", seconds(time)));
    }
    let failed = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .count();
    let passed = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Pass)
        .count();
    writeln!(
        out,
        "{passed} of {} real checks pass, {failed} fail; {}",
        report.checks.len(),
        figures.join(", ")
    )
}

fn clip(text: &str, width: usize) -> String {
    let line = inert_line(text);
    if line.chars().count() <= width {
        return line;
    }
    let mut clipped: String = line.chars().take(width - 1).collect();
    clipped.push('…');
    clipped
}

/// The JSON output of `lab --build`.
#[derive(Debug, Serialize)]
struct JsonBuild<'a> {
    lab: &'a str,
    file: String,
    engine: &'a str,
    image: &'a str,
    passed: bool,
    checks: &'a [lab_build::RealCheck],
    size_bytes: Option<u64>,
    build_seconds: Option<f64>,
    start_seconds: Option<f64>,
    stop_seconds: Option<f64>,
    layers: Vec<JsonLayer<'a>>,
    unneeded_stages: &'a [String],
}

/// One layer in the JSON output.
#[derive(Debug, Serialize)]
struct JsonLayer<'a> {
    size_bytes: u64,
    created_by: &'a str,
}

fn write_json(
    id: &str,
    file: &Path,
    report: &RealReport,
    layers: &[crate::engine::image::Layer],
    unneeded: &[String],
    out: &mut impl Write,
) -> io::Result<()> {
    let measures = &report.measures;
    let json = JsonBuild {
        lab: id,
        file: file.display().to_string(),
        engine: &report.engine,
        image: &report.tag,
        passed: report.all_pass(),
        checks: &report.checks,
        size_bytes: measures.size,
        build_seconds: measures.build_time.map(|d| d.as_secs_f64()),
        start_seconds: measures.start_time.map(|d| d.as_secs_f64()),
        stop_seconds: measures.stop_time.map(|d| d.as_secs_f64()),
        layers: layers
            .iter()
            .map(|l| JsonLayer {
                size_bytes: l.size,
                created_by: &l.created_by,
            })
            .collect(),
        unneeded_stages: unneeded,
    };
    let mut text = serde_json::to_string_pretty(&json).map_err(io::Error::other)?;
    text.push('\n');
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_valid_image_names() {
        assert_eq!(lab_tag("lab-go-scratch"), "stagecraft-lab/lab-go-scratch");
        assert_eq!(lab_tag("Lab Ünïcode"), "stagecraft-lab/lab--n-code");
    }

    #[test]
    fn without_an_engine_the_error_says_how_to_enable_real_builds() {
        let content = ContentSet::embedded();
        let id = content
            .questions
            .iter()
            .find(|q| matches!(&q.kind, crate::content::QuestionKind::Lab(l) if l.build.is_some()))
            .map(|q| q.id.clone())
            .expect("a lab with a build section");
        let temp = tempfile::tempdir().expect("temp dir");
        let file = temp.path().join("Dockerfile");
        std::fs::write(&file, "FROM scratch\n").expect("write");
        let missing = NoEngine {
            tried: vec!["docker: not found".into()],
        };
        let err = run_lab_build(
            &content,
            &id,
            &file,
            Err(missing),
            CheckFormat::Text,
            &mut Vec::new(),
            &mut Vec::new(),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("Real builds need Docker or Podman"), "{text}");
        let no_build = run_lab_build(
            &content,
            "lab-nonroot-user",
            &file,
            Err(NoEngine { tried: Vec::new() }),
            CheckFormat::Text,
            &mut Vec::new(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(
            matches!(no_build, BuildError::NothingToBuild(_)),
            "{no_build}"
        );
    }
}
