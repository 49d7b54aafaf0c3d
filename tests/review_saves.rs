//! The review screen never loses an answer it could not save, and its undo reaches only the
//! answers of its own session. Driven through the app on ratatui's TestBackend.

use std::time::Duration;

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stagecraft::cli::Cli;
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::srs::Rating;
use stagecraft::store::{NewAnswer, Store};
use stagecraft::tui::home::HomeScreen;
use stagecraft::tui::{app::App, context_for};

const PACK: &str = "tests/fixtures/packs/good";

/// An app on the fixture pack with its data in `dir` and a fixed clock.
fn app(dir: &std::path::Path) -> App {
    let cli = Cli::parse_from([
        "stagecraft",
        "--color",
        "never",
        "--content",
        PACK,
        "--data-dir",
        &dir.display().to_string(),
    ]);
    let content = ContentSet::load(&[PackSource::Dir(PACK.into())]);
    let mut ctx = context_for(content, &cli).expect("context");
    ctx.fixed_now = Some(
        chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00Z")
            .expect("time")
            .into(),
    );
    let home = Box::new(HomeScreen::new(&ctx));
    App::new(ctx, home)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| app.draw(frame)).expect("draw");
    terminal.backend().to_string()
}

/// The screen's text without the quotes and padding TestBackend adds, as one line.
fn flat(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches('"').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Another program holding the profile's write lock.
fn lock(app: &App) -> rusqlite::Connection {
    let other = rusqlite::Connection::open(app.context().store.path()).expect("open");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    other
}

#[test]
fn an_answer_refused_by_a_lock_is_kept_retried_and_counted_once_saved() {
    let dir = tempfile::tempdir().expect("dir");
    let mut app = app(dir.path());
    app.context()
        .store
        .set_busy_timeout(Duration::from_millis(20))
        .expect("timeout");
    press(&mut app, KeyCode::Char('r'));
    let other = lock(&app);
    press(&mut app, KeyCode::Char('2')); // the right answer: saved as Good at once
    let shown = screen(&mut app, 60, 24);
    assert!(
        shown.contains("0 done"),
        "an unsaved answer is not counted\n{shown}"
    );
    let text = flat(&shown);
    assert!(text.contains("Not saved yet"), "{shown}");
    assert!(
        text.contains("r: retry · x: discard it"),
        "the whole message is shown, wrapped\n{shown}"
    );
    // Enter, Esc and q do not move on and lose it; the card is not stuck either.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.current_title(), "Review");
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Char('r'));
    assert!(screen(&mut app, 60, 24).contains("Without `--target`"));
    drop(other);
    press(&mut app, KeyCode::Char('r'));
    let shown = screen(&mut app, 60, 24);
    assert!(shown.contains("1 done"), "{shown}");
    assert!(!shown.contains("not saved"), "{shown}");
    let log = app.context().store.review_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].rating, Rating::Good);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&mut app, 60, 24).contains("Why multi-stage?"));
}

#[test]
fn a_discarded_unsaved_answer_leaves_the_card_to_be_answered_again() {
    let dir = tempfile::tempdir().expect("dir");
    let mut app = app(dir.path());
    app.context()
        .store
        .set_busy_timeout(Duration::from_millis(20))
        .expect("timeout");
    press(&mut app, KeyCode::Char('r'));
    let other = lock(&app);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('x'));
    drop(other);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("0 done"), "{shown}");
    assert!(shown.contains("Without `--target`"), "asked again\n{shown}");
    assert!(app.context().store.review_log().expect("log").is_empty());
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.context().store.review_log().expect("log").len(), 1);
}

/// Saves an Easy answer to `card` through a store of its own, as another instance (or an
/// earlier session) would.
fn answer_elsewhere(dir: &std::path::Path, card: &str) {
    let store = Store::open(dir, "default").expect("store");
    let scheduler = stagecraft::srs::Scheduler::new(store.scheduler_config().expect("config"))
        .expect("scheduler");
    let answer = NewAnswer {
        card_id: card.into(),
        rating: Rating::Easy,
        at: chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z")
            .expect("time")
            .into(),
        duration_ms: 1000,
        drill: false,
        overridden: false,
    };
    store.answer(&scheduler, &answer).expect("answer");
}

fn logged_cards(app: &App) -> Vec<String> {
    app.context()
        .store
        .review_log()
        .expect("log")
        .into_iter()
        .map(|r| r.card_id)
        .collect()
}

#[test]
fn undo_leaves_an_earlier_sessions_answers_alone() {
    let dir = tempfile::tempdir().expect("dir");
    // An earlier session answered both cards: nothing is due now.
    answer_elsewhere(dir.path(), "demo-final-stage");
    answer_elsewhere(dir.path(), "demo-flash");
    let mut app = app(dir.path());
    press(&mut app, KeyCode::Char('r'));
    screen(&mut app, 80, 24);
    assert!(
        !app.screen_keys().iter().any(|k| k.keys == "u"),
        "nothing of this session to undo: u is not offered"
    );
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(logged_cards(&app), ["demo-final-stage", "demo-flash"]);
}

#[test]
fn undo_leaves_another_instances_later_answer_alone() {
    let dir = tempfile::tempdir().expect("dir");
    let mut app = app(dir.path());
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('2'));
    // Another instance answers after this session did: the newest row of the log is theirs.
    answer_elsewhere(dir.path(), "demo-flash");
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(logged_cards(&app), ["demo-flash"]);
    assert!(screen(&mut app, 80, 24).contains("Without `--target`"));
}

/// The card whose answer could not be saved, at 80x24 and 40x12: the message and its advice
/// are shown whole (wrapped), the header does not count the answer, and the hint line offers
/// `r` and `x`. The data folder has a fixed relative path, in case a message names the file.
#[test]
fn the_unsaved_answer_screen() {
    let dir = std::path::Path::new("target/test-data/review-unsaved");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("dir");
    let mut app = app(dir);
    app.context()
        .store
        .set_busy_timeout(Duration::from_millis(1))
        .expect("timeout");
    press(&mut app, KeyCode::Char('r'));
    let other = lock(&app);
    press(&mut app, KeyCode::Char('2'));
    drop(other);
    let wide = screen(&mut app, 80, 24);
    assert!(wide.contains("0 done"), "{wide}");
    assert!(
        flat(&wide).contains("close it or wait. r: retry · x: discard it"),
        "{wide}"
    );
    insta::assert_snapshot!("review_unsaved_80x24", wide);
    let small = screen(&mut app, 40, 12);
    assert!(
        flat(&small).contains("close it or wait. r: retry · x: discard it"),
        "{small}"
    );
    insta::assert_snapshot!("review_unsaved_40x12", small);
    drop(app);
    let _ = std::fs::remove_dir_all(dir);
}
