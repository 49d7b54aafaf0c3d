//! The mock interview in the app: set-up, question, scenario, the answer beside the model
//! answer with key-point hints, a follow-up after a good answer, leaving early and the
//! debrief, drawn on ratatui's TestBackend; and proof that no card is rescheduled.

mod common;

use chrono::Duration;
use common::tui::{app_on, press, screen, type_text};
use stagecraft::tui::app::App;

const PACK: &str = "tests/fixtures/packs/interview";

/// Moves the app's clock on.
fn wait(app: &mut App, seconds: i64) {
    let later = app.context().now() + Duration::seconds(seconds);
    app.context_mut().fixed_now = Some(later);
    app.tick();
}

fn started() -> App {
    let mut app = app_on(PACK);
    press(&mut app, "i");
    assert_eq!(app.current_title(), "Mock interview");
    app
}

#[test]
fn set_up_chooses_length_and_level() {
    let mut app = started();
    insta::assert_snapshot!("interview_setup_80x24", screen(&mut app, 80, 24));
    press(&mut app, "ml");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("( ) 15 minutes  (•) 30 minutes"), "{shown}");
    assert!(shown.contains("( ) mid  (•) senior"), "{shown}");
    insta::assert_snapshot!("interview_setup_40x12", screen(&mut app, 40, 12));
}

#[test]
fn a_whole_interview_with_a_follow_up_a_scenario_and_the_debrief() {
    let mut app = started();
    press(&mut app, "<Enter>");
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("Q1 · core · mock"), "{first}");
    assert!(
        // The prompt's source line break does not break the line (the fixture has one).
        first.contains("Why would you ship a `distroless` image?"),
        "{first}"
    );
    // q is a letter while typing; Enter is a new line.
    type_text(&mut app, "a smaller image, quick");
    press(&mut app, "<Enter>");
    type_text(&mut app, "it does not remove the shell");
    wait(&mut app, 75);
    let typing = screen(&mut app, 80, 24);
    assert!(typing.contains("⏱ 1:15 of 3:00"), "{typing}");
    insta::assert_snapshot!("interview_question_80x24", typing);
    insta::assert_snapshot!("interview_question_40x12", screen(&mut app, 40, 12));
    press(&mut app, "<C-s>");
    let review = screen(&mut app, 80, 24);
    // The hint marks the point mentioned and not the one the answer negates.
    assert!(review.contains("1. [x] * smaller image"), "{review}");
    assert!(
        review.contains("3. [ ]   no shell for an attacker"),
        "{review}"
    );
    insta::assert_snapshot!("interview_answer_80x24", review);
    insta::assert_snapshot!("interview_answer_40x12", screen(&mut app, 40, 12));
    press(&mut app, "2<Enter>3");
    // A good answer: its follow-up comes next.
    let follow = screen(&mut app, 80, 24);
    assert!(follow.contains("Q2 · follow-up"), "{follow}");
    assert!(follow.contains("debug it without a shell"), "{follow}");
    insta::assert_snapshot!("interview_follow_up_80x24", follow);
    press(&mut app, "<C-s><Enter>1");
    let scenario = screen(&mut app, 80, 24);
    assert!(scenario.contains("Q3 · scenario"), "{scenario}");
    insta::assert_snapshot!("interview_scenario_80x24", scenario);
    press(&mut app, "<PgDn>");
    let scrolled = screen(&mut app, 80, 24);
    assert!(scrolled.contains("stat /bin/sh"), "{scrolled}");
    type_text(&mut app, "shell form needs /bin/sh");
    press(&mut app, "<C-s>f");
    type_text(&mut app, "CMD [\"/app\"]");
    press(&mut app, "<C-s>");
    let checked = screen(&mut app, 100, 30);
    assert!(
        checked.contains("The analyzer accepts the fix."),
        "{checked}"
    );
    press(&mut app, "<Enter>4");
    assert_eq!(app.current_title(), "Mock interview: debrief");
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("over 3 answer(s)"), "{done}");
    assert!(!done.contains("left early"), "{done}");
    insta::assert_snapshot!("interview_debrief_80x24", done);
    let saved = app.context().store.mock_interviews().expect("saved");
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].answers.len(), 3);
    assert!(saved[0].finished_at.is_some());
    // Nothing was rescheduled, and no review was logged.
    assert!(app.context().store.review_log().expect("log").is_empty());
    assert!(
        app.context()
            .store
            .card_states()
            .expect("states")
            .is_empty()
    );
}

#[test]
fn leaving_early_asks_first_then_shows_the_debrief_and_opens_a_lesson() {
    let mut app = started();
    press(&mut app, "<Enter>");
    type_text(&mut app, "no idea");
    press(&mut app, "<C-s><Enter>1");
    // Saved after the answer, before the interview ends.
    let saved = app.context().store.mock_interviews().expect("saved");
    assert_eq!(saved[0].answers.len(), 1);
    assert!(saved[0].finished_at.is_none());
    press(&mut app, "<Esc>");
    let asking = screen(&mut app, 80, 24);
    assert!(asking.contains("Leave the interview? y"), "{asking}");
    press(&mut app, "n");
    assert!(!screen(&mut app, 80, 24).contains("Leave the interview?"));
    press(&mut app, "<Esc>y");
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("(left early)"), "{done}");
    assert!(done.contains("› mock-why-distroless"), "{done}");
    insta::assert_snapshot!(
        "interview_debrief_left_early_40x12",
        screen(&mut app, 40, 12)
    );
    let saved = app.context().store.mock_interviews().expect("saved");
    assert!(saved[0].left_early);
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Interview preparation");
    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Mock interview: debrief");
    press(&mut app, "q");
    assert_eq!(app.current_title(), "Home");
}

#[test]
fn stats_lists_the_mock_interviews() {
    let mut app = started();
    press(&mut app, "<Esc>s");
    let none = screen(&mut app, 100, 30);
    assert!(none.contains("Mocks  none yet"), "{none}");
    press(&mut app, "<Esc>i<Enter>");
    type_text(&mut app, "smaller image");
    press(&mut app, "<C-s><Enter>1<Esc>y<Esc>s");
    let listed = screen(&mut app, 100, 30);
    assert!(
        listed.contains(
            "Mocks  1 in all · last 17% over 1 answer(s) (15 min, mid, left early) · trend 17%"
        ),
        "{listed}"
    );
}
