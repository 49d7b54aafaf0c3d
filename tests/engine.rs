//! Real builds on a real engine: every check of `lab --build`, passing and failing.
//!
//! These tests need a Docker daemon with the base image `stagecraft-test/busybox`;
//! `.ci/engine-daemon.sh start` starts a private one and prints the variables to export
//! (STAGECRAFT_TEST_DOCKER_HOST, STAGECRAFT_TEST_DOCKER_CLI, STAGECRAFT_TEST_BASE_IMAGE).
//! Without STAGECRAFT_TEST_DOCKER_HOST each test prints that it is skipped, by name; with
//! STAGECRAFT_REQUIRE_ENGINE_TESTS set (as `.ci/run` does) a missing daemon fails them instead.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use stagecraft::engine::lab_build::{self, Expectations, RealCheckKind, RealReport, Status};
use stagecraft::engine::{Engine, EngineError};

/// The test engine, or `None` (with a line saying this test is skipped) when none is set up.
fn engine(test: &str) -> Option<(Engine, String)> {
    let Some(host) = std::env::var("STAGECRAFT_TEST_DOCKER_HOST")
        .ok()
        .filter(|h| !h.is_empty())
    else {
        assert!(
            std::env::var_os("STAGECRAFT_REQUIRE_ENGINE_TESTS").is_none(),
            "engine test `{test}` must run but STAGECRAFT_TEST_DOCKER_HOST is not set"
        );
        // Written to the process's standard error directly, past the test harness's capture,
        // so that a plain `cargo test` lists every skipped test by name.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED engine test `{test}`: STAGECRAFT_TEST_DOCKER_HOST is not set \
             (run `.ci/engine-daemon.sh start` and export what it prints)"
        );
        return None;
    };
    let cli = std::env::var("STAGECRAFT_TEST_DOCKER_CLI").unwrap_or_else(|_| "docker".into());
    let base = std::env::var("STAGECRAFT_TEST_BASE_IMAGE")
        .unwrap_or_else(|_| "stagecraft-test/busybox".into());
    let engine = Engine::at(&PathBuf::from(cli), Some(host)).expect("the test engine answers");
    Some((engine, base))
}

fn context() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("greeting.txt".to_owned(), "ready\n".to_owned()),
        ("nested/ignored.txt".to_owned(), "x\n".to_owned()),
    ])
}

fn status(report: &RealReport, kind: RealCheckKind) -> Status {
    report
        .checks
        .iter()
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} line in {report:#?}"))
        .status
}

fn build(engine: &Engine, tag: &str, dockerfile: &str, expect: &Expectations) -> RealReport {
    let mut lines = 0;
    let report = lab_build::run(engine, dockerfile, &context(), tag, expect, &mut |_| {
        lines += 1
    })
    .expect("the engine answers");
    assert!(lines > 2, "progress reached the callback: {lines} lines");
    report
}

/// A multi-stage build whose final stage is `FROM scratch` with a busybox binary but no `sh`,
/// a non-root numeric user, and a PID 1 that exits on SIGTERM.
fn good_dockerfile(base: &str) -> String {
    format!(
        r#"FROM {base} AS build
COPY greeting.txt /src/greeting.txt
RUN mkdir -p /out && cp /src/greeting.txt /out/greeting.txt

FROM {base} AS unused
RUN echo this stage is not needed by the final image

FROM scratch
COPY --from=build /bin/busybox /bin/busybox
COPY --from=build /out/greeting.txt /greeting.txt
USER 1000:1000
ENTRYPOINT ["/bin/busybox", "sh", "-c", "trap 'exit 0' TERM; /bin/busybox cat /greeting.txt; while true; do /bin/busybox sleep 0.2; done"]
"#
    )
}

#[test]
fn a_good_image_passes_every_real_check() {
    let Some((engine, base)) = engine("a_good_image_passes_every_real_check") else {
        return;
    };
    let expect = Expectations {
        output: Some("ready".into()),
        exit_code: None,
        max_size: Some(5_000_000),
        user: Some(1000),
    };
    let report = build(
        &engine,
        "stagecraft-test/good",
        &good_dockerfile(&base),
        &expect,
    );
    for check in &report.checks {
        assert_eq!(check.status, Status::Pass, "{check:#?}");
    }
    assert_eq!(report.checks.len(), 6, "{report:#?}");
    let size = report.measures.size.expect("size measured");
    assert!(size > 100_000 && size < 5_000_000, "{size}");
    assert!(report.measures.stop_time.is_some());
    let layers = engine.history("stagecraft-test/good").expect("history");
    assert!(
        layers.iter().any(|l| l.created_by.starts_with("USER 1000")),
        "{layers:#?}"
    );
    assert!(
        layers
            .iter()
            .any(|l| l.created_by.contains("COPY") && l.size > 100_000),
        "the busybox layer is measured: {layers:#?}"
    );
}

#[test]
fn a_root_image_with_a_shell_that_ignores_sigterm_fails_those_checks() {
    let Some((engine, base)) =
        engine("a_root_image_with_a_shell_that_ignores_sigterm_fails_those_checks")
    else {
        return;
    };
    // `sleep` as PID 1 has no SIGTERM handler, and PID 1 ignores signals it does not handle.
    let dockerfile = format!(
        "FROM {base}\nCOPY greeting.txt /greeting.txt\nENTRYPOINT [\"sh\", \"-c\", \"echo starting; exec sleep 60\"]\n"
    );
    let expect = Expectations {
        output: Some("ready".into()),
        exit_code: None,
        max_size: Some(1_000_000),
        user: None,
    };
    let report = build(&engine, "stagecraft-test/bad", &dockerfile, &expect);
    assert_eq!(status(&report, RealCheckKind::Builds), Status::Pass);
    for kind in [
        RealCheckKind::Size,
        RealCheckKind::Runs,
        RealCheckKind::User,
        RealCheckKind::StopsOnSigterm,
        RealCheckKind::NoShell,
    ] {
        assert_eq!(status(&report, kind), Status::Fail, "{kind:?}: {report:#?}");
    }
    assert!(!report.all_pass());
    let runs = report
        .checks
        .iter()
        .find(|c| c.kind == RealCheckKind::Runs)
        .expect("runs");
    assert!(
        runs.why.contains("starting"),
        "the last line is shown: {}",
        runs.why
    );
}

#[test]
fn a_job_is_judged_by_its_exit_code_and_its_user() {
    let Some((engine, base)) = engine("a_job_is_judged_by_its_exit_code_and_its_user") else {
        return;
    };
    let dockerfile =
        format!("FROM {base}\nUSER 65534\nCMD [\"sh\", \"-c\", \"echo done; exit 3\"]\n");
    let right = Expectations {
        output: Some("done".into()),
        exit_code: Some(3),
        max_size: None,
        user: Some(65534),
    };
    let report = build(&engine, "stagecraft-test/job", &dockerfile, &right);
    assert_eq!(
        status(&report, RealCheckKind::Runs),
        Status::Pass,
        "{report:#?}"
    );
    assert_eq!(
        status(&report, RealCheckKind::User),
        Status::Pass,
        "{report:#?}"
    );
    assert_eq!(
        status(&report, RealCheckKind::StopsOnSigterm),
        Status::Skipped
    );
    let wrong = Expectations {
        exit_code: Some(0),
        user: Some(1000),
        ..right
    };
    let report = build(&engine, "stagecraft-test/job", &dockerfile, &wrong);
    assert_eq!(
        status(&report, RealCheckKind::Runs),
        Status::Fail,
        "{report:#?}"
    );
    assert_eq!(
        status(&report, RealCheckKind::User),
        Status::Fail,
        "{report:#?}"
    );
}

#[test]
fn a_failing_build_fails_the_first_check_and_skips_the_rest() {
    let Some((engine, base)) = engine("a_failing_build_fails_the_first_check_and_skips_the_rest")
    else {
        return;
    };
    let dockerfile = format!("FROM {base}\nRUN echo about to fail && false\n");
    let report = build(
        &engine,
        "stagecraft-test/broken",
        &dockerfile,
        &Expectations::default(),
    );
    assert_eq!(status(&report, RealCheckKind::Builds), Status::Fail);
    assert!(
        report.checks[1..]
            .iter()
            .all(|c| c.status == Status::Skipped),
        "{report:#?}"
    );
    assert!(report.measures.size.is_none());
}

#[test]
fn a_missing_base_image_is_named_and_never_pulled() {
    let Some((engine, _)) = engine("a_missing_base_image_is_named_and_never_pulled") else {
        return;
    };
    let dockerfile = "FROM stagecraft-test/not-here:1\nRUN true\n";
    let err = lab_build::run(
        &engine,
        dockerfile,
        &context(),
        "stagecraft-test/missing",
        &Expectations::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, EngineError::MissingImages { .. }), "{err}");
    assert!(
        err.to_string().contains("pull stagecraft-test/not-here:1"),
        "{err}"
    );
    assert!(
        !engine
            .has_image("stagecraft-test/not-here:1")
            .expect("inspect")
    );
}

/// A content pack with one lab whose sample application is `greeting.txt`.
fn pack_with_a_buildable_lab(dir: &std::path::Path) {
    let app = dir.join("quizzes/apps/demo");
    std::fs::create_dir_all(&app).expect("folders");
    std::fs::write(app.join("greeting.txt"), "ready\n").expect("write");
    std::fs::write(
        dir.join("quizzes/demo.yaml"),
        "topic: labs\nquestions:\n  - id: lab-cli-demo\n    kind: lab\n    prompt: Build the greeting.\n    lesson: scratch-images#what-scratch-lacks\n    explanation: It prints its greeting.\n    start: FROM scratch\n    hints: [\"Copy the greeting.\"]\n    goals:\n      - check: non_root\n    build:\n      context: apps/demo\n      output: ready\n      max_size_mb: 5\n      user: 1000\n",
    )
    .expect("write");
}

fn run_binary(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn lab_build_prints_real_checks_layers_and_figures() {
    let Some((engine, base)) = engine("lab_build_prints_real_checks_layers_and_figures") else {
        return;
    };
    let temp = tempfile::tempdir().expect("temp dir");
    pack_with_a_buildable_lab(temp.path());
    let file = temp.path().join("Dockerfile");
    std::fs::write(&file, good_dockerfile(&base)).expect("write");
    let (pack, data, file) = (
        temp.path().display().to_string(),
        temp.path().join("data").display().to_string(),
        file.display().to_string(),
    );
    let host = engine.host.clone().unwrap_or_default();
    let program = engine.program.display().to_string();
    let env = [
        ("STAGECRAFT_ENGINE", program.as_str()),
        ("DOCKER_HOST", host.as_str()),
    ];
    let args = [
        "--content",
        &pack,
        "--data-dir",
        &data,
        "lab",
        "lab-cli-demo",
        "--build",
        "--file",
        &file,
    ];
    let (code, out, err) = run_binary(&args, &env);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("real build on Docker"), "{err}");
    assert!(err.contains("== building the image"), "{err}");
    assert_eq!(out.matches("(checked by a real build)").count(), 6, "{out}");
    assert!(out.contains("✓ the process runs as user id 1000"), "{out}");
    assert!(
        out.contains("layers of stagecraft-lab/lab-cli-demo"),
        "{out}"
    );
    assert!(
        out.contains("does not need: unused (BuildKit skips them"),
        "{out}"
    );
    assert!(
        out.contains("6 of 6 real checks pass, 0 fail; size "),
        "{out}"
    );
    std::fs::write(
        &file,
        format!("FROM {base}\nCMD [\"sh\", \"-c\", \"echo ready\"]\n"),
    )
    .expect("write");
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (code, out, err) = run_binary(&json_args, &env);
    assert_eq!(code, 1, "{out}\n{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["passed"], false);
    assert_eq!(json["checks"][0]["kind"], "builds");
    assert_eq!(json["checks"][0]["status"], "pass");
}

#[test]
fn lab_build_without_an_engine_says_once_how_to_enable_it() {
    let temp = tempfile::tempdir().expect("temp dir");
    pack_with_a_buildable_lab(temp.path());
    let file = temp.path().join("Dockerfile");
    std::fs::write(&file, "FROM scratch\n").expect("write");
    let (pack, data, file) = (
        temp.path().display().to_string(),
        temp.path().join("data").display().to_string(),
        file.display().to_string(),
    );
    let env = [("STAGECRAFT_ENGINE", "/nonexistent/docker")];
    let args = [
        "--content",
        &pack,
        "--data-dir",
        &data,
        "lab",
        "lab-cli-demo",
        "--build",
        "--file",
        &file,
    ];
    let (code, out, err) = run_binary(&args, &env);
    assert_eq!(code, 2, "{out}\n{err}");
    assert_eq!(
        err.matches("Real builds need Docker or Podman").count(),
        1,
        "{err}"
    );
    assert!(out.is_empty(), "{out}");
    // The static check of the same lab still works without an engine.
    let check = [
        "--content",
        &pack,
        "--data-dir",
        &data,
        "lab",
        "lab-cli-demo",
        "--check",
        &file,
    ];
    let (code, out, _) = run_binary(&check, &env);
    assert_eq!(code, 1, "{out}");
}

/// A content pack with one example whose "before" ships the whole build image and whose
/// "after" copies one file onto scratch, with a stage the final image does not need.
fn pack_with_a_buildable_example(dir: &std::path::Path, base: &str) {
    let example = dir.join("examples/demo");
    std::fs::create_dir_all(example.join("app")).expect("folders");
    std::fs::write(example.join("app/greeting.txt"), "ready\n").expect("write");
    std::fs::write(
        example.join("before.Dockerfile"),
        format!("FROM {base}\nCOPY greeting.txt /greeting.txt\nCMD [\"cat\", \"/greeting.txt\"]\n"),
    )
    .expect("write");
    std::fs::write(
        example.join("Dockerfile"),
        format!(
            "FROM {base} AS build\nCOPY greeting.txt /src/greeting.txt\nRUN mkdir -p /out && cp /src/greeting.txt /out/greeting.txt\n\nFROM {base} AS unused\nRUN echo not needed\n\nFROM scratch\nCOPY --from=build /out/greeting.txt /greeting.txt\n"
        ),
    )
    .expect("write");
    std::fs::write(
        example.join("example.yaml"),
        "id: demo\ntitle: Demo\nlesson: scratch-images#what-scratch-lacks\ncontext: app\nbefore:\n  file: before.Dockerfile\nafter:\n  file: Dockerfile\n",
    )
    .expect("write");
}

#[test]
fn an_example_is_built_before_and_after_with_sizes_layers_and_stages() {
    let Some((engine, base)) =
        engine("an_example_is_built_before_and_after_with_sizes_layers_and_stages")
    else {
        return;
    };
    use stagecraft::engine::compare::{self, Builder};
    let temp = tempfile::tempdir().expect("temp dir");
    pack_with_a_buildable_example(temp.path(), &base);
    let content = stagecraft::content::ContentSet::load(&[
        stagecraft::content::PackSource::Embedded,
        stagecraft::content::PackSource::Dir(temp.path().to_path_buf()),
    ]);
    let example = content.example("demo").expect("the example loads");
    let variants = compare::example_variants(example).expect("a build context");
    let context = &example.context.as_ref().expect("context").files;
    let mut steps = Vec::new();
    let comparison = compare::run(&engine, "demo", &variants, context, &mut |p| {
        if let lab_build::Progress::Step(step) = p {
            steps.push(step.to_owned());
        }
    })
    .expect("the engine answers");
    assert!(steps.contains(&"building before".to_owned()), "{steps:?}");
    let [before, after] = comparison.images.as_slice() else {
        panic!("two images: {comparison:#?}");
    };
    assert!(before.ok && after.ok, "{comparison:#?}");
    let (before_size, after_size) = (before.size.expect("size"), after.size.expect("size"));
    assert!(
        after_size < 100 && before_size > 100_000,
        "{before_size} {after_size}"
    );
    let stage = after
        .build_stage
        .as_ref()
        .expect("the build stage is measured");
    assert_eq!(stage.label, "build");
    assert!(stage.size > before_size, "{stage:?}");
    assert!(
        after
            .layers
            .iter()
            .any(|l| l.created_by.contains("COPY") && l.size == 6),
        "the one file is the one layer: {:#?}",
        after.layers
    );
    let unused = after
        .stages
        .iter()
        .find(|s| s.label == "unused")
        .expect("the unused stage is listed");
    assert!(!unused.needed);
    // The builder is read from the output: the classic builder builds the stage, BuildKit
    // skips it; either way the report says which happened.
    let summary = comparison.summary().join("\n");
    match after.builder {
        Builder::Classic => {
            assert!(unused.built);
            assert!(
                summary.contains("the classic builder built unused"),
                "{summary}"
            );
        }
        Builder::BuildKit => {
            assert!(!unused.built);
            assert!(summary.contains("BuildKit skipped unused"), "{summary}");
        }
        other => panic!("unexpected builder {other:?}"),
    }
    assert!(summary.contains("after is "), "{summary}");
    assert!(summary.contains("smaller than before"), "{summary}");
}

#[test]
fn view_build_prints_the_comparison_and_buildkit_skips_the_unneeded_stage() {
    let Some((engine, base)) =
        engine("view_build_prints_the_comparison_and_buildkit_skips_the_unneeded_stage")
    else {
        return;
    };
    let temp = tempfile::tempdir().expect("temp dir");
    pack_with_a_buildable_example(temp.path(), &base);
    let (pack, data) = (
        temp.path().display().to_string(),
        temp.path().join("data").display().to_string(),
    );
    let host = engine.host.clone().unwrap_or_default();
    let program = engine.program.display().to_string();
    let env = [
        ("STAGECRAFT_ENGINE", program.as_str()),
        ("DOCKER_HOST", host.as_str()),
        ("DOCKER_BUILDKIT", "1"),
    ];
    let args = [
        "--content",
        &pack,
        "--data-dir",
        &data,
        "view",
        "demo",
        "--build",
    ];
    let (code, out, err) = run_binary(&args, &env);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("== building after"), "{err}");
    assert!(out.contains("before: "), "{out}");
    assert!(out.contains("after: the build stage `build` is "), "{out}");
    assert!(
        out.contains("after: BuildKit skipped unused (not needed by the final image)"),
        "{out}"
    );
    assert!(
        out.contains("layers of after (stagecraft-example/demo-after)"),
        "{out}"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (code, out, err) = run_binary(&json_args, &env);
    assert_eq!(code, 0, "{out}\n{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["images"][1]["label"], "after");
    assert_eq!(json["images"][1]["builder"], "build_kit");
    assert_eq!(json["images"][1]["build_stage"]["label"], "build");
    // Without an engine, the same command says how to enable real builds.
    let (code, out, err) = run_binary(&args, &[("STAGECRAFT_ENGINE", "/nonexistent/docker")]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert_eq!(
        err.matches("Real builds need Docker or Podman").count(),
        1,
        "{err}"
    );
}

#[test]
fn the_lab_screen_builds_for_real_and_adds_the_checks_to_the_goals() {
    let Some((engine, base)) =
        engine("the_lab_screen_builds_for_real_and_adds_the_checks_to_the_goals")
    else {
        return;
    };
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use stagecraft::tui::build_panel::{Outcome, State};
    use stagecraft::tui::lab::LabScreen;
    use stagecraft::tui::screen::Screen;
    let temp = tempfile::tempdir().expect("temp dir");
    pack_with_a_buildable_lab(temp.path());
    let lab_dir = temp.path().join("work");
    std::fs::create_dir_all(&lab_dir).expect("folder");
    std::fs::write(lab_dir.join("Dockerfile"), good_dockerfile(&base)).expect("write");
    let content = stagecraft::content::ContentSet::load(&[
        stagecraft::content::PackSource::Embedded,
        stagecraft::content::PackSource::Dir(temp.path().to_path_buf()),
    ]);
    let cli = <stagecraft::cli::Cli as clap::Parser>::parse_from([
        "stagecraft",
        "--color",
        "never",
        "--data-dir",
        &temp.path().join("data").display().to_string(),
    ]);
    let ctx = stagecraft::tui::context_for(content, &cli).expect("context");
    let mut lab = LabScreen::open(&ctx, "lab-cli-demo", &lab_dir)
        .expect("the lab opens")
        .with_engine(engine);
    lab.handle(
        &Event::Key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE)),
        &stagecraft::tui::screen::HitMap::none(),
        &ctx,
    );
    assert!(lab.build_panel().is_running(), "b starts the build at once");
    let draw = |lab: &mut LabScreen| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 60)).expect("terminal");
        terminal
            .draw(|frame| {
                lab.layout(frame.area(), &ctx);
                lab.draw(frame, frame.area(), &ctx);
            })
            .expect("draw");
        terminal.backend().to_string()
    };
    // The screen draws while the build runs (the build is on another thread).
    assert!(draw(&mut lab).contains("Real build · running"));
    let mut saw_progress = false;
    for _ in 0..3000 {
        lab.tick(&ctx);
        if let State::Running { lines, .. } = lab.build_panel().state() {
            saw_progress |= !lines.is_empty();
        } else {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let State::Done(Outcome::Lab { report, layers, .. }) = lab.build_panel().state() else {
        panic!(
            "the build ends with a report: {:#?}",
            lab.build_panel().state()
        );
    };
    assert!(saw_progress, "build output reached the panel while it ran");
    assert!(report.all_pass(), "{report:#?}");
    assert!(!layers.is_empty());
    let text = draw(&mut lab);
    assert!(text.contains("Checked by a real build"), "{text}");
    assert!(
        text.contains("✓ the process runs as user id 1000"),
        "{text}"
    );
    assert!(
        text.contains("Layers of stagecraft-lab/lab-cli-demo"),
        "{text}"
    );
}
