//! Snapshots of every screen, drawn on ratatui's TestBackend.

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stagecraft::cli::Cli;
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::tui::home::HomeScreen;
use stagecraft::tui::viewer::ViewerScreen;
use stagecraft::tui::{app::App, context_for};

/// An app on `pack` with a fresh data dir and a fixed clock. The data dir lives as long as
/// the test process: each test gets its own.
fn app(pack: &str) -> App {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    let cli = Cli::parse_from(
        [
            "stagecraft",
            "--color",
            "never",
            "--content",
            pack,
            "--data-dir",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([dir.display().to_string()]),
    );
    // The fixture pack alone, so that these snapshots do not change with the embedded content.
    let content = ContentSet::load(&[PackSource::Dir(pack.into())]);
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
    assert!(home.contains("18 content problems"), "{home}");
    insta::assert_snapshot!("home_problems", home);
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(app.current_title(), "Content problems");
    insta::assert_snapshot!("problems_100x20", screen(&mut app, 100, 20));
    // On a narrow terminal the path wraps like the message: nothing is cut at the edge.
    let narrow = screen(&mut app, 40, 14);
    assert!(narrow.contains("│after/Dockerfile:2:1: error"), "{narrow}");
    insta::assert_snapshot!("problems_40x14", narrow);
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
    let first_text_line = jumped.lines().nth(2).unwrap_or_default();
    assert!(
        first_text_line.contains("│Copying between stages"),
        "{jumped}"
    );
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

#[test]
fn review_session_answers_commits_and_summarises() {
    let mut app = app("tests/fixtures/packs/good");
    let home = screen(&mut app, 80, 24);
    assert!(home.contains("0 due · 2 new today"), "{home}");
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.current_title(), "Review");
    insta::assert_snapshot!("review_question_80x24", screen(&mut app, 80, 24));
    // The right answer is committed as Good the moment it is given.
    press(&mut app, KeyCode::Char('2'));
    let log = app.context().store.review_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].card_id, "demo-final-stage");
    assert_eq!(log[0].rating.label(), "Good");
    insta::assert_snapshot!("review_answered_80x24", screen(&mut app, 80, 24));
    // Changing the rating replaces the logged answer rather than adding one.
    press(&mut app, KeyCode::Char('4'));
    let log = app.context().store.review_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].rating.label(), "Easy");
    press(&mut app, KeyCode::Enter);
    // The flashcard: reveal, then rate yourself.
    press(&mut app, KeyCode::Char(' '));
    let revealed = screen(&mut app, 80, 24);
    assert!(revealed.contains("Model answer"), "{revealed}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.context().store.review_log().expect("log").len(),
        1,
        "Enter before rating does nothing"
    );
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context().store.review_log().expect("log").len(), 2);
    // Good on a new card is a 10-minute learning step; with nothing else left it is shown
    // early (learn-ahead), as Anki does.
    let again = screen(&mut app, 80, 24);
    assert!(again.contains("Why multi-stage?"), "{again}");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Enter);
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("3 answered, 3 recalled (100%)"), "{done}");
    insta::assert_snapshot!("review_done_80x24", done);
    // Undo brings the last card back.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.context().store.review_log().expect("log").len(), 2);
    assert!(screen(&mut app, 80, 24).contains("Why multi-stage?"));
}

#[test]
fn wrong_answers_are_again_and_locked() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('3'));
    let log = app.context().store.review_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].rating.label(), "Again");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Not quite"), "{shown}");
}

#[test]
fn drill_counts_down_and_scores_by_topic() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(app.current_title(), "Interview drill");
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("⏱ 10:00 · 2 left"), "{first}");
    insta::assert_snapshot!("drill_question_80x24", first);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    let log = app.context().store.review_log().expect("log");
    assert!(log[0].drill, "drill answers are logged as such");
    // Time runs out while the flashcard is asked: it is not counted.
    let later = app.context().now() + chrono::Duration::minutes(11);
    app.context_mut().fixed_now = Some(later);
    app.tick();
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("Time is up."), "{done}");
    assert!(done.contains("1 answered"), "{done}");
    insta::assert_snapshot!("drill_done_80x24", done);
}

#[test]
fn stats_after_a_review() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.current_title(), "Statistics");
    let shown = screen(&mut app, 100, 30);
    assert!(shown.contains("1 answers in all"), "{shown}");
    insta::assert_snapshot!("stats_100x30", shown);
    // Small terminals still draw without panicking.
    screen(&mut app, 20, 6);
}

const VIEWED: &str = "ARG GO=1.27\nFROM golang:${GO} AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM alpine:3.24 AS unused\nRUN apk add curl\n\nFROM scratch\nCOPY --from=build /out/app /app\nUSER nonroot\nCMD /app\n";

#[test]
fn viewer_shows_stages_findings_and_explanations() {
    let mut app = app("tests/fixtures/packs/good");
    app.push(Box::new(ViewerScreen::new("Dockerfile", VIEWED, None)));
    let shown = screen(&mut app, 120, 36);
    assert!(shown.contains("── stage 2: #2  ★ final image"), "{shown}");
    assert!(shown.contains("○ 1 `unused`"), "{shown}");
    insta::assert_snapshot!("viewer_120x36", shown);
    // `f` jumps to the first finding and explains it.
    press(&mut app, KeyCode::Char('f'));
    let finding = screen(&mut app, 120, 36);
    assert!(finding.contains("go-build-with-cgo"), "{finding}");
    // Walkthrough mode: Enter steps to the next instruction.
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::Enter);
    let step = screen(&mut app, 80, 24);
    assert!(
        step.contains("Walkthrough: Enter/j next, k back · 2/"),
        "{step}"
    );
    insta::assert_snapshot!("viewer_walkthrough_80x24", step);
    screen(&mut app, 20, 6);
}

#[test]
fn examples_open_in_the_viewer_with_before_and_after() {
    let mut app = app_embedded();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    let title = app.current_title();
    assert!(title.ends_with("(after)"), "{title}");
    press(&mut app, KeyCode::Tab);
    assert!(app.current_title().ends_with("(before)"));
}

/// An app on the embedded content alone.
fn app_embedded() -> App {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    let cli = Cli::parse_from([
        "stagecraft",
        "--color",
        "never",
        "--data-dir",
        &dir.display().to_string(),
    ]);
    let ctx = context_for(ContentSet::embedded(), &cli).expect("context");
    let home = Box::new(HomeScreen::new(&ctx));
    App::new(ctx, home)
}

#[test]
fn lesson_links_to_its_questions_and_its_dockerfiles() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Enter);
    screen(&mut app, 80, 24);
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.current_title(), "A demo lesson");
    let viewer = screen(&mut app, 100, 30);
    assert!(viewer.contains("COPY --from=build /app /app"), "{viewer}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.current_title(), "Practice: demo-lesson");
    let practice = screen(&mut app, 80, 24);
    assert!(practice.contains("2 left"), "{practice}");
}

#[test]
fn cards_are_suspended_and_unsuspended_from_their_topic() {
    let mut app = app("tests/fixtures/packs/good");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('s'));
    let state = app
        .context()
        .store
        .card_state("demo-final-stage")
        .expect("state");
    assert!(state.is_some_and(|s| s.suspended));
    assert!(screen(&mut app, 80, 24).contains("suspended  single choice"));
    press(&mut app, KeyCode::Char('s'));
    let state = app
        .context()
        .store
        .card_state("demo-final-stage")
        .expect("state");
    assert!(!state.is_some_and(|s| s.suspended));
}
