//! Snapshots of every screen, drawn on ratatui's TestBackend.

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stagecraft::cli::Cli;
use stagecraft::tui::{app::App, build_app};

fn app(pack: &str) -> App {
    let cli = Cli::parse_from(["stagecraft", "--color", "never", "--content", pack]);
    build_app(&cli)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| app.draw(frame)).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn home() {
    let mut app = app("tests/fixtures/packs/good");
    insta::assert_snapshot!("home_80x24", screen(&mut app, 80, 24));
    insta::assert_snapshot!("home_40x12", screen(&mut app, 40, 12));
}

#[test]
fn home_with_content_problems_and_their_list() {
    let mut app = app("tests/fixtures/packs/bad");
    let home = screen(&mut app, 100, 20);
    assert!(home.contains("13 content problems"), "{home}");
    insta::assert_snapshot!("home_problems", home);
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(app.current_title(), "Content problems");
    insta::assert_snapshot!("problems_100x20", screen(&mut app, 100, 20));
}

#[test]
fn help_overlay_opens_and_closes() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Char('?'));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Help"), "{shown}");
    insta::assert_snapshot!("help_80x24", shown);
    press(&mut app, KeyCode::Char('x'));
    assert!(!screen(&mut app, 80, 24).contains("Everywhere"));
}

#[test]
fn lesson_opens_and_goes_back() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.current_title(), "A demo lesson");
    insta::assert_snapshot!("lesson_80x24", screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.current_title(), "Home");
    assert_eq!(app.depth(), 1);
}

#[test]
fn topic_lists_questions_and_opens_their_lesson_section() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.current_title(), "Topic: demo");
    insta::assert_snapshot!("topic_80x24", screen(&mut app, 80, 24));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.current_title(), "A demo lesson");
    assert_eq!(app.depth(), 3);
}

#[test]
fn q_quits_and_tiny_terminals_do_not_panic() {
    let mut app = app("tests/fixtures/packs/good");
    for (w, h) in [(1, 1), (19, 5), (20, 6), (200, 60)] {
        screen(&mut app, w, h);
    }
    assert!(screen(&mut app, 19, 5).contains("Terminal too small"));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

#[test]
fn lesson_table_of_contents_jumps_to_a_heading() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Enter);
    screen(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('t'));
    let toc = screen(&mut app, 80, 24);
    assert!(toc.contains("Contents"), "{toc}");
    insta::assert_snapshot!("lesson_toc_80x24", toc);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    let jumped = screen(&mut app, 80, 8);
    assert!(jumped.contains("## Copying between stages"), "{jumped}");
    assert!(!jumped.contains("# A demo lesson"), "{jumped}");
}

#[test]
fn lesson_search_highlights_and_counts_matches() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Enter);
    screen(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "stage");
    // While typing, q is a letter, not quit.
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Enter);
    let found = screen(&mut app, 80, 24);
    assert!(found.contains("/stage: match 1 of 3"), "{found}");
    press(&mut app, KeyCode::Char('n'));
    assert!(screen(&mut app, 80, 24).contains("match 2 of 3"));
    press(&mut app, KeyCode::Char('N'));
    press(&mut app, KeyCode::Char('N'));
    assert!(screen(&mut app, 80, 24).contains("match 3 of 3"));
    insta::assert_snapshot!("lesson_search_80x24", screen(&mut app, 80, 24));
}
