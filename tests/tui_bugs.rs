//! The interface bugs of issue 16, one test each, driven like a learner would: keys in,
//! frames out, on ratatui's TestBackend.

mod common;

use std::path::{Path, PathBuf};

use common::tui::{app_with, data_dir, press, screen, terminal};
use ratatui::crossterm::event::KeyModifiers;
use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::tui::app::App;
use stagecraft::tui::viewer::ViewerScreen;

const GOOD: &str = "tests/fixtures/packs/good";

/// A pack of its own: the good pack's lesson and `quiz` as its only quiz file.
fn pack_with(quiz: &str) -> PathBuf {
    let dir = data_dir().join("pack");
    std::fs::create_dir_all(dir.join("lessons")).expect("dir");
    std::fs::create_dir_all(dir.join("quizzes")).expect("dir");
    std::fs::copy(
        Path::new(GOOD).join("lessons/demo.md"),
        dir.join("lessons/demo.md"),
    )
    .expect("lesson");
    std::fs::write(dir.join("quizzes/bugs.yaml"), quiz).expect("quiz");
    dir
}

fn app_for(pack: &Path, color: bool) -> App {
    let content = ContentSet::load(&[PackSource::Dir(pack.to_path_buf())]);
    assert!(!content.has_errors(), "{:?}", content.diagnostics);
    app_with(content, &data_dir(), color)
}

fn good() -> App {
    app_for(Path::new(GOOD), false)
}

/// Presses `spec` with a frame drawn before each key, as a terminal would.
fn go(app: &mut App, spec: &str, width: u16, height: u16) {
    for event in common::tui::keys(spec) {
        screen(app, width, height);
        app.handle(&event);
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    app.handle(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
}

/// The row and column where `text` first shows.
fn find(shown: &str, text: &str) -> Option<(u16, u16)> {
    shown.lines().enumerate().find_map(|(row, line)| {
        let line = line.trim_start_matches('"');
        line.find(text).map(|byte| {
            let col = line[..byte].chars().count();
            (row as u16, col as u16)
        })
    })
}

const QUIZ: &str = r#"topic: bugs
questions:
  - id: bug-wrapped
    kind: single
    prompt: "Which stage does the
      image's `USER` line apply to?"
    choices: ["The `build` stage", "The final stage"]
    answer: 2
    lesson: demo-lesson
    explanation: Only the final stage ships.
  - id: bug-spot
    kind: spot_bug
    prompt: Which line is wrong?
    dockerfile: "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nRUN echo one\nRUN echo two\nRUN echo three\nRUN echo four\nRUN echo five\nCMD /app\n"
    bug_line: 10
    lesson: demo-lesson
    explanation: scratch has no shell, so the shell form of CMD fails.
"#;

#[test]
fn the_topic_screen_keeps_words_apart_across_line_breaks() {
    let mut app = app_for(&pack_with(QUIZ), false);
    go(&mut app, "<Tab><Enter>", 100, 30);
    let shown = screen(&mut app, 100, 30);
    assert!(!shown.contains("theimage"), "{shown}");
    assert!(shown.contains("the image's"), "{shown}");
}

#[test]
fn choices_show_code_without_raw_backticks_in_colour() {
    let mut app = app_for(&pack_with(QUIZ), true);
    go(&mut app, "r", 80, 24);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("The build stage"), "{shown}");
    assert!(!shown.contains("`build`"), "{shown}");
    // The topic list too.
    let mut app = app_for(&pack_with(QUIZ), true);
    go(&mut app, "<Tab><Enter>", 100, 30);
    assert!(!screen(&mut app, 100, 30).contains("`USER`"));
}

#[test]
fn spot_the_bug_feedback_reads_without_colour_and_the_cursor_stays_in_view() {
    let mut app = app_for(&pack_with(QUIZ), false);
    // The spot-the-bug card comes second: answer the first.
    go(&mut app, "r2<Enter>", 40, 12);
    // At 40x12 the Dockerfile does not fit: the cursor scrolls it.
    go(&mut app, "jjjjjjjjj", 40, 12);
    let small = screen(&mut app, 40, 12);
    assert!(
        small.contains("› 10 │ CMD /app"),
        "the cursor shows\n{small}"
    );
    go(&mut app, "k<Enter>", 40, 12);
    go(&mut app, "g", 40, 12);
    let done = screen(&mut app, 80, 40);
    assert!(done.contains("✓ 10 │ CMD /app"), "{done}");
    assert!(done.contains("✗  9 │ RUN echo five"), "{done}");
}

#[test]
fn a_single_click_on_an_answer_selects_it_and_does_not_answer() {
    let mut app = good();
    go(&mut app, "r", 80, 24);
    let shown = screen(&mut app, 80, 24);
    let (row, col) = find(&shown, "2. The last").expect("choice");
    click(&mut app, col, row);
    let after = screen(&mut app, 80, 24);
    assert!(after.contains("› 2. The last"), "{after}");
    assert!(!after.contains("Correct"), "not answered yet\n{after}");
    assert!(app.context().store.review_log().expect("log").is_empty());
}

#[test]
fn clicks_select_panels_and_rows() {
    let mut app = good();
    let shown = screen(&mut app, 80, 24);
    let (row, col) = find(&shown, "2 questions").expect("topic row");
    click(&mut app, col, row);
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Topic: demo");
}

#[test]
fn after_a_wrong_answer_only_again_is_offered_and_the_bar_says_why() {
    let mut app = good();
    go(&mut app, "r1", 80, 24);
    let shown = screen(&mut app, 80, 24);
    assert!(!app.screen_keys().iter().any(|k| k.keys.contains("2-4")));
    assert!(shown.contains("a wrong answer counts as Again"), "{shown}");
    assert!(!shown.contains("2 Hard"), "{shown}");
}

#[test]
fn a_flashcard_offers_no_enter_before_it_is_rated() {
    let mut app = good();
    go(&mut app, "r2<Enter><Space>", 80, 24);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Model answer"), "{shown}");
    let footer = shown.lines().last().unwrap_or_default();
    assert!(!footer.contains("Enter"), "{footer}");
    go(&mut app, "3", 80, 24);
    let footer = screen(&mut app, 80, 24);
    assert!(
        footer
            .lines()
            .last()
            .unwrap_or_default()
            .contains("Enter next card")
    );
}

#[test]
fn suspending_is_in_the_help_undoable_and_never_typed_into_a_choice_card() {
    let mut app = good();
    go(&mut app, "r", 80, 24);
    // While choosing, `s` is nothing: the card is not suspended.
    go(&mut app, "s", 80, 24);
    let store = &app.context().store;
    assert!(
        store
            .card_state("demo-final-stage")
            .expect("state")
            .is_none_or(|s| !s.suspended)
    );
    go(&mut app, "2", 80, 24);
    assert!(app.screen_keys().iter().any(|k| k.keys == "s"));
    go(&mut app, "s", 80, 24);
    let suspended = |app: &App| {
        app.context()
            .store
            .card_state("demo-final-stage")
            .expect("state")
            .is_some_and(|s| s.suspended)
    };
    assert!(suspended(&app));
    assert!(app.notice().is_some_and(|n| n.text.contains("u undoes")));
    go(&mut app, "u", 80, 24);
    assert!(!suspended(&app), "u brings the card back");
    assert!(screen(&mut app, 80, 24).contains("Without `--target`"));
}

#[test]
fn q_closes_the_table_of_contents_and_the_help_not_the_app() {
    let mut app = good();
    go(&mut app, "<Enter>t", 80, 24);
    assert!(screen(&mut app, 80, 24).contains("Contents"));
    go(&mut app, "q", 80, 24);
    assert!(!app.should_quit());
    assert!(!screen(&mut app, 80, 24).contains("Contents"));
    go(&mut app, "?q", 80, 24);
    assert!(!app.should_quit());
    assert!(!app.help_open());
}

#[test]
fn prose_keeps_a_readable_width_on_wide_terminals() {
    let mut app = good();
    go(&mut app, "<Enter>", 200, 30);
    let shown = screen(&mut app, 200, 30);
    let top = shown.lines().nth(1).unwrap_or_default();
    let width = top.trim_matches('"').trim().chars().count();
    assert!(width <= 102, "the text panel is {width} wide\n{shown}");
}

/// The percentage in a lesson's title.
fn percent_in_title(shown: &str) -> u32 {
    let title = shown.lines().nth(1).unwrap_or_default();
    let before = title.split('%').next().unwrap_or_default();
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no percentage in {title}"))
}

#[test]
fn the_title_percentage_is_the_share_of_the_lesson_read_down_to_the_last_line_shown() {
    // A long lesson: at the top, what shows is already read; it grows as the reader moves
    // down and is 100 % at the end.
    let mut app = app_with(ContentSet::embedded(), &data_dir(), false);
    go(&mut app, "<Enter>", 80, 24);
    let top = percent_in_title(&screen(&mut app, 80, 24));
    assert!((1..50).contains(&top), "at the top: {top}%");
    go(&mut app, "<PgDn>", 80, 24);
    let lower = percent_in_title(&screen(&mut app, 80, 24));
    assert!(lower > top, "a page down: {lower}% after {top}%");
    go(&mut app, "G", 80, 24);
    assert_eq!(percent_in_title(&screen(&mut app, 80, 24)), 100);
    // A lesson that fits is read in full as soon as it shows.
    let mut short = good();
    go(&mut short, "<Enter>", 80, 40);
    assert_eq!(percent_in_title(&screen(&mut short, 80, 40)), 100);
}

#[test]
fn opening_a_lesson_from_a_review_keeps_the_saved_reading_place() {
    let mut app = good();
    // Read the lesson to the end, then leave it: the place is saved.
    go(&mut app, "<Enter>G<Esc>", 80, 10);
    let saved = app
        .context()
        .store
        .lesson_progress("demo-lesson")
        .expect("progress")
        .expect("saved");
    go(&mut app, "r2o", 80, 10);
    assert_eq!(app.current_title(), "A demo lesson");
    go(&mut app, "g<Esc>", 80, 10);
    let after = app
        .context()
        .store
        .lesson_progress("demo-lesson")
        .expect("progress")
        .expect("saved");
    assert_eq!(after.line, saved.line, "the place read is unchanged");
}

#[test]
fn the_review_header_counts_new_learning_and_due_and_updates_at_once() {
    let mut app = good();
    go(&mut app, "r", 80, 24);
    assert!(screen(&mut app, 80, 24).contains("new 2 · learning 0 · due 0"));
    go(&mut app, "2", 80, 24);
    let shown = screen(&mut app, 80, 24);
    // The card answered is learning now, but not due again for some minutes.
    assert!(
        shown.contains("new 1 · learning 0 · due 0 · 1 done"),
        "counted as soon as it is answered\n{shown}"
    );
}

#[test]
fn the_summary_lists_missed_cards_the_next_due_time_and_ways_on() {
    let mut app = good();
    go(&mut app, "r1<Enter>", 80, 24);
    // Learning cards come back within the session: answer them easily until it ends.
    for _ in 0..12 {
        let shown = screen(&mut app, 80, 24);
        if shown.contains("Session complete") {
            break;
        }
        let keys = if shown.contains("Recall your answer") {
            "<Space>4<Enter>"
        } else {
            "24<Enter>"
        };
        go(&mut app, keys, 80, 24);
    }
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Missed (1)"), "{shown}");
    assert!(shown.contains("✗ Without `--target`"), "{shown}");
    assert!(shown.contains("next card is due in"), "{shown}");
    assert!(shown.contains("d starts a drill"), "{shown}");
    go(&mut app, "d", 80, 24);
    assert_eq!(app.current_title(), "Interview drill");
}

#[test]
fn the_stats_mastery_panel_scrolls_and_the_charts_label_days_and_values() {
    let content = ContentSet::embedded();
    let mut app = app_with(content, &data_dir(), false);
    go(&mut app, "r2", 80, 24);
    go(&mut app, "<Esc>s", 80, 24);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("j/k scroll"), "{shown}");
    let before = shown.clone();
    go(&mut app, "G", 80, 24);
    assert_ne!(screen(&mut app, 80, 24), before, "the topics scroll");
    // Whole day numbers under the bars, not their first digit.
    let axis = shown
        .lines()
        .find(|l| l.contains("20 "))
        .unwrap_or_default();
    assert!(axis.contains("19 20") || axis.contains("20 21"), "{shown}");
    // The answer given today shows as a value on its bar.
    assert!(shown.contains("1█") || shown.contains("1 "), "{shown}");
}

#[test]
fn the_viewer_names_edges_in_words_and_scrolls_its_explanation() {
    let mut app = good();
    let text = "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD /app\n";
    app.push(Box::new(ViewerScreen::new("Dockerfile", text, None)));
    let wide = screen(&mut app, 120, 36);
    assert!(wide.contains("(COPY --from, line"), "{wide}");
    assert!(!wide.contains("(Copy,"), "{wide}");
    // A short explanation pane says there is more and scrolls.
    go(&mut app, "jjj", 80, 16);
    let small = screen(&mut app, 80, 16);
    assert!(small.contains("more line"), "{small}");
    go(&mut app, "J", 80, 16);
    assert_ne!(screen(&mut app, 80, 16), small);
}

#[test]
fn example_ids_are_shown() {
    let mut app = app_with(ContentSet::embedded(), &data_dir(), false);
    let id = app.context().content.examples[0].id.clone();
    assert!(screen(&mut app, 120, 40).contains(&id), "home lists the id");
    go(&mut app, "<Tab><Tab><Enter>", 120, 40);
    assert!(app.current_title().contains(&id));
}

#[test]
fn footers_fit_without_cutting_a_word() {
    let mut app = app_with(ContentSet::embedded(), &data_dir(), false);
    for width in [80u16, 90, 100] {
        for spec in ["", "<Enter>", "r"] {
            let mut app2 = app_with(ContentSet::embedded(), &data_dir(), false);
            go(&mut app2, spec, width, 24);
            let shown = screen(&mut app2, width, 24);
            let footer = shown.lines().last().unwrap_or_default().trim_matches('"');
            assert!(
                footer.ends_with(' ') || footer.ends_with("help"),
                "{width}: {footer}"
            );
            assert!(footer.contains("? help"), "{width}: {footer}");
        }
    }
    drop(terminal(&mut app, 80, 24));
}
