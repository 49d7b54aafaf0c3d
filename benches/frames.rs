//! Time to draw one frame of every screen at 200x60 (after a first frame has laid it out), and
//! to build the app with the embedded content and a fresh progress database.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use clap::Parser;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stagecraft::cli::Cli;
use stagecraft::tui::lab::LabScreen;
use stagecraft::tui::present::PresentScreen;
use stagecraft::tui::{app::App, build_app};

/// A fresh data folder for one app (so every review starts with new cards).
fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join("stagecraft-bench-frames")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("data dir");
    dir
}

fn cli(dir: &Path, pack: Option<&str>) -> Cli {
    let mut args = vec![
        "stagecraft".to_owned(),
        "--color".to_owned(),
        "always".to_owned(),
        "--data-dir".to_owned(),
        dir.display().to_string(),
    ];
    if let Some(pack) = pack {
        args.extend(["--content".to_owned(), pack.to_owned()]);
    }
    Cli::parse_from(args)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The app on the embedded content (and `pack`), after pressing `keys` on the home screen.
fn app_at(name: &str, pack: Option<&str>, keys: &[KeyCode]) -> App {
    let dir = data_dir(name);
    let mut app = build_app(&cli(&dir, pack)).expect("app");
    for &code in keys {
        press(&mut app, code);
    }
    app
}

fn typed(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

/// Answers the question on screen, whatever its kind: the keys below answer every kind
/// (a choice with Enter, a flashcard by showing it and rating it Good, true/false with `t`).
fn answer(app: &mut App) {
    let answered = |app: &App| {
        app.context()
            .store
            .review_log()
            .is_ok_and(|log| !log.is_empty())
    };
    for code in [
        KeyCode::Enter,
        KeyCode::Char('3'),
        KeyCode::Char('t'),
        KeyCode::Char('x'),
        KeyCode::Enter,
    ] {
        if answered(app) {
            break;
        }
        press(app, code);
    }
    assert!(answered(app), "the review question was not answered");
}

/// Every screen, by name, opened as a user would.
fn screens() -> Vec<(&'static str, App)> {
    let mut search = vec![KeyCode::Enter, KeyCode::Char('/')];
    search.extend(typed("image"));
    search.push(KeyCode::Enter);
    let mut answered = app_at("review-answered", None, &[KeyCode::Char('r')]);
    answer(&mut answered);
    let mut present = app_at("present", None, &[]);
    let first_lesson = present.context().content.lessons[0].id.clone();
    let slides = PresentScreen::open(present.context(), &first_lesson).expect("lesson");
    present.push(Box::new(slides));
    let mut lab = app_at("lab", None, &[]);
    let lab_dir = data_dir("lab-work");
    let screen = LabScreen::open(lab.context(), "lab-go-scratch", &lab_dir).expect("lab");
    lab.push(Box::new(screen));
    vec![
        ("home", app_at("home", None, &[])),
        ("lesson", app_at("lesson", None, &[KeyCode::Enter])),
        (
            "lesson_toc",
            app_at("toc", None, &[KeyCode::Enter, KeyCode::Char('t')]),
        ),
        ("lesson_search", app_at("search", None, &search)),
        (
            "topic",
            app_at("topic", None, &[KeyCode::Tab, KeyCode::Enter]),
        ),
        (
            "diagnostics",
            app_at(
                "diagnostics",
                Some("tests/fixtures/packs/bad"),
                &[KeyCode::Char('w')],
            ),
        ),
        (
            "review_question",
            app_at("review", None, &[KeyCode::Char('r')]),
        ),
        ("review_answered", answered),
        ("drill", app_at("drill", None, &[KeyCode::Char('d')])),
        ("stats", app_at("stats", None, &[KeyCode::Char('s')])),
        (
            "viewer",
            app_at(
                "viewer",
                None,
                &[KeyCode::Tab, KeyCode::Tab, KeyCode::Enter],
            ),
        ),
        ("presenter", present),
        ("lab", lab),
        ("help", app_at("help", None, &[KeyCode::Char('?')])),
    ]
}

fn frames(c: &mut Criterion) {
    for (name, mut app) in screens() {
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        // The first frame lays out and caches; the benchmark measures the steady state.
        terminal.draw(|f| app.draw(f)).expect("draw");
        eprintln!("{name}: {}", app.current_title());
        c.bench_function(&format!("frame_200x60_{name}"), |b| {
            b.iter(|| terminal.draw(|f| app.draw(black_box(f))).map(|_| ()))
        });
    }
}

fn first_frame(c: &mut Criterion) {
    // Building the app and drawing its first frame, as at start-up (without the terminal).
    let dir = data_dir("start");
    let cli = cli(&dir, None);
    c.bench_function("build_app_and_first_frame_200x60", |b| {
        b.iter(|| {
            let mut app = build_app(&cli).expect("app");
            let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
            terminal.draw(|f| app.draw(f)).map(|_| ()).expect("draw");
            black_box(app.depth())
        })
    });
}

criterion_group!(benches, frames, first_frame);
criterion_main!(benches);
