//! The real-build panel's states drawn from fake reports (no engine needed), and the keys that
//! lead to a real build: the lab's `b`, the viewer's `b`, and a lesson's `b` that opens its
//! example and builds it.

mod common;

use std::collections::VecDeque;
use std::time::Duration;

use common::tui::{app_with, data_dir, press, screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stagecraft::content::ContentSet;
use stagecraft::engine::NoEngine;
use stagecraft::engine::compare::{Builder, Comparison, Measured, StageRun, StageSize};
use stagecraft::engine::image::Layer;
use stagecraft::engine::lab_build::{Measures, RealCheck, RealCheckKind, RealReport, Status};
use stagecraft::tui::build_panel::{self, BuildPanel, Outcome, State};
use stagecraft::tui::theme::Theme;

fn draw(panel: &BuildPanel, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| build_panel::draw(panel, frame, frame.area(), Theme::new(false)))
        .expect("draw");
    terminal.backend().to_string()
}

const ENGINE: &str = "Docker 28.2.2 through docker on unix:///run/docker.sock";

fn check(kind: RealCheckKind, label: &str, status: Status, why: &str) -> RealCheck {
    RealCheck {
        kind,
        label: label.into(),
        status,
        why: why.into(),
    }
}

fn lab_report() -> RealReport {
    RealReport {
        engine: ENGINE.into(),
        tag: "stagecraft-lab/lab-go-scratch".into(),
        checks: vec![
            check(
                RealCheckKind::Builds,
                "the image builds",
                Status::Pass,
                "built in 4.2 s",
            ),
            check(
                RealCheckKind::Size,
                "the image is at most 15.00 MB",
                Status::Pass,
                "the image is 7.31 MB",
            ),
            check(
                RealCheckKind::Runs,
                "the container prints `weather: listening on :8080`",
                Status::Pass,
                "printed it 0.4 s after start",
            ),
            check(
                RealCheckKind::User,
                "the process runs as user id 65532",
                Status::Fail,
                "the running process has user id 0 (root)",
            ),
            check(
                RealCheckKind::StopsOnSigterm,
                "it stops within 3.0 s of SIGTERM",
                Status::Skipped,
                "not checked: the program ended by itself (exit code 0)",
            ),
            check(
                RealCheckKind::NoShell,
                "there is no shell in the image",
                Status::Pass,
                "`sh` could not be started: the image has no shell",
            ),
        ],
        measures: Measures {
            build_time: Some(Duration::from_millis(4200)),
            size: Some(7_310_000),
            start_time: Some(Duration::from_millis(400)),
            stop_time: None,
        },
    }
}

fn layers() -> Vec<Layer> {
    vec![
        Layer {
            size: 0,
            created_by: "ENTRYPOINT [\"/weather\"]".into(),
        },
        Layer {
            size: 0,
            created_by: "USER 65532:65532".into(),
        },
        Layer {
            size: 7_090_000,
            created_by: "COPY /out/weather /weather # buildkit".into(),
        },
        Layer {
            size: 220_000,
            created_by: "COPY /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ # buildkit".into(),
        },
    ]
}

fn measured(label: &str, size: u64, skipped_lint: bool, build_stage: Option<u64>) -> Measured {
    Measured {
        label: label.into(),
        tag: format!("stagecraft-example/go-scratch-{label}"),
        ok: true,
        detail: String::new(),
        build_time: Duration::from_millis(31_400),
        size: Some(size),
        layers: layers().into_iter().skip(2).collect(),
        builder: Builder::BuildKit,
        stages: vec![
            StageRun {
                label: "build".into(),
                needed: true,
                built: true,
            },
            StageRun {
                label: "lint".into(),
                needed: false,
                built: !skipped_lint,
            },
            StageRun {
                label: "#2".into(),
                needed: true,
                built: true,
            },
        ],
        build_stage: build_stage.map(|size| StageSize {
            label: "build".into(),
            size,
        }),
    }
}

#[test]
fn a_running_build_shows_its_step_and_the_last_output_lines() {
    let panel = BuildPanel::showing(State::Running {
        engine: Some(ENGINE.into()),
        step: "building the image".into(),
        lines: VecDeque::from(
            (1..=12)
                .map(|n| format!("#{n} [build {n}/12] RUN step {n}"))
                .collect::<Vec<_>>(),
        ),
    });
    let text = draw(&panel, 64, 10);
    assert!(
        text.contains("#12 [build 12/12]"),
        "the newest line is shown: {text}"
    );
    assert!(
        !text.contains("#1 [build 1/12]"),
        "old lines give way: {text}"
    );
    insta::assert_snapshot!("build_panel_running", text);
}

#[test]
fn a_finished_lab_build_shows_figures_stages_and_layers() {
    let panel = BuildPanel::showing(State::Done(Outcome::Lab {
        report: lab_report(),
        layers: layers(),
        builder: Builder::Classic,
        stages: vec![
            StageRun {
                label: "build".into(),
                needed: true,
                built: true,
            },
            StageRun {
                label: "lint".into(),
                needed: false,
                built: true,
            },
            StageRun {
                label: "#2".into(),
                needed: true,
                built: true,
            },
        ],
    }));
    insta::assert_snapshot!("build_panel_lab_done", draw(&panel, 72, 14));
    let mut terminal = Terminal::new(TestBackend::new(60, 16)).expect("test terminal");
    terminal
        .draw(|frame| {
            frame.render_widget(
                ratatui::widgets::Paragraph::new(panel.goal_lines(60, Theme::new(false))),
                frame.area(),
            )
        })
        .expect("draw");
    let goals = terminal.backend().to_string();
    assert!(
        goals.contains("✗ the process runs as user id 65532"),
        "{goals}"
    );
    insta::assert_snapshot!("build_panel_lab_goals", goals);
}

#[test]
fn a_finished_example_build_compares_before_and_after() {
    let panel = BuildPanel::showing(State::Done(Outcome::Example(Comparison {
        engine: ENGINE.into(),
        images: vec![
            measured("before", 9_870_000, false, Some(880_000_000)),
            measured("after", 7_310_000, true, Some(912_000_000)),
        ],
    })));
    let text = draw(&panel, 90, 20);
    assert!(
        text.contains("after: the build stage `build` is 912.00 MB"),
        "{text}"
    );
    insta::assert_snapshot!("build_panel_example_done", text);
}

#[test]
fn without_an_engine_the_panel_says_how_to_enable_real_builds() {
    let how = NoEngine {
        tried: vec![
            "docker: cannot run ask the engine its version: No such file or directory (os error 2)"
                .into(),
        ],
    }
    .to_string();
    let panel = BuildPanel::showing(State::NoEngine(how));
    let text = draw(&panel, 72, 12);
    assert!(text.contains("Real build · no engine"), "{text}");
    insta::assert_snapshot!("build_panel_no_engine", text);
    let failed = BuildPanel::showing(State::Failed(
        "these base images are not on this machine: golang:1.27-trixie; stagecraft never pulls, so pull them yourself first (`docker pull golang:1.27-trixie`) and build again".into(),
    ));
    insta::assert_snapshot!("build_panel_failed", draw(&failed, 72, 8));
}

#[test]
fn a_lesson_with_a_buildable_example_opens_it_and_starts_the_real_build() {
    let content = ContentSet::embedded();
    let mut app = app_with(content, &data_dir(), false);
    let lesson = app
        .context()
        .content
        .lesson("scratch-images")
        .expect("lesson")
        .clone();
    let screen_on_top = stagecraft::tui::lesson::LessonScreen::open(&lesson, None, app.context());
    app.push(Box::new(screen_on_top));
    assert!(
        app.screen_keys().iter().any(|k| k.keys == "b"),
        "the lesson offers b"
    );
    press(&mut app, "b");
    assert!(
        app.current_title().contains("go-scratch"),
        "{}",
        app.current_title()
    );
    // The build started at once; whatever the engine says, the panel is shown in place of
    // the explanation.
    let text = screen(&mut app, 100, 30);
    assert!(text.contains("Real build"), "{text}");
    // A lesson without a buildable example does not offer the key.
    let other = app
        .context()
        .content
        .lesson("cmd-entrypoint")
        .expect("lesson")
        .clone();
    let plain = stagecraft::tui::lesson::LessonScreen::open(&other, None, app.context());
    app.push(Box::new(plain));
    assert!(!app.screen_keys().iter().any(|k| k.keys == "b"));
}
