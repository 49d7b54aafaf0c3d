//! Snapshots of every screen, drawn on ratatui's TestBackend.

mod common;

use common::tui::{app_on, app_with, data_dir, press, screen, type_text};
use stagecraft::content::ContentSet;
use stagecraft::tui::viewer::ViewerScreen;

#[test]
fn home() {
    let mut app = app_on("tests/fixtures/packs/good");
    insta::assert_snapshot!("home_80x24", screen(&mut app, 80, 24));
    insta::assert_snapshot!("home_40x12", screen(&mut app, 40, 12));
}

#[test]
fn home_with_content_problems_and_their_list() {
    let mut app = app_on("tests/fixtures/packs/bad");
    let home = screen(&mut app, 100, 20);
    assert!(home.contains("18 content problems"), "{home}");
    insta::assert_snapshot!("home_problems", home);
    press(&mut app, "w");
    assert_eq!(app.current_title(), "Content problems");
    insta::assert_snapshot!("problems_100x20", screen(&mut app, 100, 20));
    // On a narrow terminal the path wraps like the message: nothing is cut at the edge.
    let narrow = screen(&mut app, 40, 14);
    assert!(narrow.contains("│after/Dockerfile:2:1: error"), "{narrow}");
    insta::assert_snapshot!("problems_40x14", narrow);
}

#[test]
fn help_overlay_opens_and_closes() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "?");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Help"), "{shown}");
    insta::assert_snapshot!("help_80x24", shown);
    press(&mut app, "x");
    assert!(!screen(&mut app, 80, 24).contains("Everywhere"));
}

#[test]
fn lesson_opens_and_goes_back() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "A demo lesson");
    insta::assert_snapshot!("lesson_80x24", screen(&mut app, 80, 24));
    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Home");
    assert_eq!(app.depth(), 1);
}

#[test]
fn topic_lists_questions_and_opens_their_lesson_section() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "<Tab>");
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Topic: demo");
    insta::assert_snapshot!("topic_80x24", screen(&mut app, 80, 24));
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "A demo lesson");
    assert_eq!(app.depth(), 3);
}

#[test]
fn q_quits_and_tiny_terminals_do_not_panic() {
    let mut app = app_on("tests/fixtures/packs/good");
    for (w, h) in [(1, 1), (19, 5), (20, 6), (200, 60)] {
        screen(&mut app, w, h);
    }
    assert!(screen(&mut app, 19, 5).contains("Terminal too small"));
    press(&mut app, "q");
    assert!(app.should_quit());
}

#[test]
fn lesson_table_of_contents_jumps_to_a_heading() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "<Enter>");
    screen(&mut app, 80, 24);
    press(&mut app, "t");
    let toc = screen(&mut app, 80, 24);
    assert!(toc.contains("Contents"), "{toc}");
    insta::assert_snapshot!("lesson_toc_80x24", toc);
    press(&mut app, "j");
    press(&mut app, "<Enter>");
    let jumped = screen(&mut app, 80, 8);
    let first_text_line = jumped.lines().nth(2).unwrap_or_default();
    assert!(
        first_text_line.contains("│Copying between stages"),
        "{jumped}"
    );
}

#[test]
fn lesson_search_highlights_and_counts_matches() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "<Enter>");
    screen(&mut app, 80, 24);
    press(&mut app, "/");
    type_text(&mut app, "stage");
    // While typing, q is a letter, not quit.
    press(&mut app, "q");
    assert!(!app.should_quit());
    press(&mut app, "<Bs>");
    press(&mut app, "<Enter>");
    let found = screen(&mut app, 80, 24);
    assert!(found.contains("/stage: match 1 of 3"), "{found}");
    press(&mut app, "n");
    assert!(screen(&mut app, 80, 24).contains("match 2 of 3"));
    press(&mut app, "N");
    press(&mut app, "N");
    assert!(screen(&mut app, 80, 24).contains("match 3 of 3"));
    insta::assert_snapshot!("lesson_search_80x24", screen(&mut app, 80, 24));
}

#[test]
fn review_session_answers_commits_and_summarises() {
    let mut app = app_on("tests/fixtures/packs/good");
    let home = screen(&mut app, 80, 24);
    assert!(home.contains("0 due · 2 new today"), "{home}");
    press(&mut app, "r");
    assert_eq!(app.current_title(), "Review");
    insta::assert_snapshot!("review_question_80x24", screen(&mut app, 80, 24));
    // The right answer is committed as Good the moment it is given.
    press(&mut app, "2");
    let log = app.context().store.review_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].card_id, "demo-final-stage");
    assert_eq!(log[0].rating.label(), "Good");
    insta::assert_snapshot!("review_answered_80x24", screen(&mut app, 80, 24));
    // Changing the rating replaces the logged answer rather than adding one.
    press(&mut app, "4");
    let log = app.context().store.review_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].rating.label(), "Easy");
    press(&mut app, "<Enter>");
    // The flashcard: reveal, then rate yourself.
    press(&mut app, " ");
    let revealed = screen(&mut app, 80, 24);
    assert!(revealed.contains("Model answer"), "{revealed}");
    press(&mut app, "<Enter>");
    assert_eq!(
        app.context().store.review_log().expect("log").len(),
        1,
        "Enter before rating does nothing"
    );
    press(&mut app, "3");
    press(&mut app, "<Enter>");
    assert_eq!(app.context().store.review_log().expect("log").len(), 2);
    // Good on a new card is a 10-minute learning step; with nothing else left it is shown
    // early (learn-ahead), as Anki does.
    let again = screen(&mut app, 80, 24);
    assert!(again.contains("Why multi-stage?"), "{again}");
    press(&mut app, " ");
    press(&mut app, "4");
    press(&mut app, "<Enter>");
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("3 answered, 3 recalled (100%)"), "{done}");
    insta::assert_snapshot!("review_done_80x24", done);
    // Undo brings the last card back.
    press(&mut app, "u");
    assert_eq!(app.context().store.review_log().expect("log").len(), 2);
    assert!(screen(&mut app, 80, 24).contains("Why multi-stage?"));
}

#[test]
fn wrong_answers_are_again_and_locked() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "r");
    press(&mut app, "1");
    press(&mut app, "3");
    let log = app.context().store.review_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].rating.label(), "Again");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Not quite"), "{shown}");
}

#[test]
fn drill_counts_down_and_scores_by_topic() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "<Tab>");
    press(&mut app, "d");
    assert_eq!(app.current_title(), "Interview drill");
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("⏱ 10:00 · 2 left"), "{first}");
    insta::assert_snapshot!("drill_question_80x24", first);
    // The first tick says that the drill's answers are saved and reschedule cards.
    app.tick();
    let opening = app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(opening.contains("rescheduled"), "{opening}");
    press(&mut app, "2");
    press(&mut app, "<Enter>");
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
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "r");
    press(&mut app, "2");
    press(&mut app, "<Enter>");
    press(&mut app, "<Esc>");
    press(&mut app, "s");
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
    let mut app = app_on("tests/fixtures/packs/good");
    app.push(Box::new(ViewerScreen::new("Dockerfile", VIEWED, None)));
    let shown = screen(&mut app, 120, 36);
    assert!(shown.contains("── stage 2: #2  ★ final image"), "{shown}");
    assert!(shown.contains("○ 1 `unused`"), "{shown}");
    insta::assert_snapshot!("viewer_120x36", shown);
    // `f` jumps to the first finding and explains it.
    press(&mut app, "f");
    let finding = screen(&mut app, 120, 36);
    assert!(finding.contains("go-build-with-cgo"), "{finding}");
    // Walkthrough mode: Enter steps to the next instruction.
    press(&mut app, "g");
    press(&mut app, "w");
    press(&mut app, "<Enter>");
    let step = screen(&mut app, 80, 24);
    assert!(step.contains("Walkthrough 2/"), "{step}");
    assert!(step.contains("Enter next step"), "{step}");
    insta::assert_snapshot!("viewer_walkthrough_80x24", step);
    screen(&mut app, 20, 6);
}

#[test]
fn examples_open_in_the_viewer_with_before_and_after() {
    let mut app = app_with(ContentSet::embedded(), &data_dir(), false);
    press(&mut app, "<Tab>");
    press(&mut app, "<Tab>");
    press(&mut app, "<Enter>");
    let title = app.current_title();
    assert!(title.ends_with("(after)"), "{title}");
    press(&mut app, "<Tab>");
    assert!(app.current_title().ends_with("(before)"));
}

#[test]
fn lesson_links_to_its_questions_and_its_dockerfiles() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "<Enter>");
    screen(&mut app, 80, 24);
    press(&mut app, "v");
    assert_eq!(app.current_title(), "A demo lesson");
    let viewer = screen(&mut app, 100, 30);
    assert!(viewer.contains("COPY --from=build /app /app"), "{viewer}");
    press(&mut app, "<Esc>");
    press(&mut app, "p");
    assert_eq!(app.current_title(), "Practice: demo-lesson");
    let practice = screen(&mut app, 80, 24);
    assert!(practice.contains("2 left"), "{practice}");
}

#[test]
fn cards_are_suspended_and_unsuspended_from_their_topic() {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "<Tab>");
    press(&mut app, "<Enter>");
    press(&mut app, "s");
    let state = app
        .context()
        .store
        .card_state("demo-final-stage")
        .expect("state");
    assert!(state.is_some_and(|s| s.suspended));
    assert!(screen(&mut app, 80, 24).contains("suspended  single choice"));
    press(&mut app, "s");
    let state = app
        .context()
        .store
        .card_state("demo-final-stage")
        .expect("state");
    assert!(!state.is_some_and(|s| s.suspended));
}

/// The number a choice is shown under: the digit of the screen line holding `choice`.
fn number_of(shown: &str, choice: &str) -> char {
    let line = shown
        .lines()
        .find(|l| l.contains(choice))
        .unwrap_or_else(|| panic!("{choice} is not shown:\n{shown}"));
    line.chars()
        .find(char::is_ascii_digit)
        .unwrap_or_else(|| panic!("no number on {line}"))
}

#[test]
fn choices_are_shuffled_graded_by_meaning_and_the_same_again_after_undo() {
    let mut app = app_on("tests/fixtures/packs/judging");
    press(&mut app, "r");
    let first = screen(&mut app, 80, 24);
    insta::assert_snapshot!("review_shuffled_80x24", first);
    // The screen follows the presentation order of this card, answered 0 times so far.
    let order = stagecraft::content::shuffle::presentation_order("judging-final-stage", 0, 4);
    let shown_at = order.iter().position(|&i| i == 2).expect("shown");
    let digit = number_of(&first, "The last stage");
    assert_eq!(digit, char::from_digit(shown_at as u32 + 1, 10).unwrap());
    press(&mut app, &digit.to_string());
    let log = app.context().store.review_log().expect("log");
    assert_eq!(
        log[0].rating.label(),
        "Good",
        "the authored answer was picked"
    );
    // Undo asks the card again, in the same order.
    press(&mut app, "u");
    assert!(app.context().store.review_log().expect("log").is_empty());
    let choices = |shown: &str| -> Vec<String> {
        shown
            .lines()
            .filter(|l| l.contains(". ") && l.contains("stage"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(choices(&screen(&mut app, 80, 24)), choices(&first));
}

#[test]
fn a_wrong_verdict_is_overridden_logged_and_taken_back() {
    let mut app = app_on("tests/fixtures/packs/judging");
    press(&mut app, "r");
    let wrong = number_of(&screen(&mut app, 80, 24), "The first stage");
    press(&mut app, &wrong.to_string());
    let log = app.context().store.review_log().expect("log");
    assert_eq!((log[0].rating.label(), log[0].overridden), ("Again", false));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("i I was right"), "{shown}");
    assert!(
        !shown.contains("2-4 hard/good/easy"),
        "a wrong answer offers Again only: {shown}"
    );
    // "I was right": the same answer, now Good and marked overridden, in place.
    press(&mut app, "i");
    let log = app.context().store.review_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].rating.label(), log[0].overridden), ("Good", true));
    let shown = screen(&mut app, 80, 24);
    insta::assert_snapshot!("review_overridden_80x24", shown);
    assert!(shown.contains("2-4 hard/good/easy"), "{shown}");
    // A new rating keeps the override in the log.
    press(&mut app, "4");
    let log = app.context().store.review_log().expect("log");
    assert_eq!((log[0].rating.label(), log[0].overridden), ("Easy", true));
    // u takes the override back, then the answer.
    press(&mut app, "u");
    let log = app.context().store.review_log().expect("log");
    assert_eq!((log[0].rating.label(), log[0].overridden), ("Again", false));
    assert!(screen(&mut app, 80, 24).contains("✗ Not quite"));
    press(&mut app, "u");
    assert!(app.context().store.review_log().expect("log").is_empty());
}

#[test]
fn a_right_verdict_is_overridden_as_wrong() {
    let mut app = app_on("tests/fixtures/packs/judging");
    press(&mut app, "r");
    let right = number_of(&screen(&mut app, 80, 24), "The last stage");
    press(&mut app, &right.to_string());
    press(&mut app, "i");
    let log = app.context().store.review_log().expect("log");
    assert_eq!((log[0].rating.label(), log[0].overridden), ("Again", true));
    let shown = screen(&mut app, 100, 24);
    assert!(shown.contains("Counted as wrong"), "{shown}");
    assert!(!shown.contains("2-4 hard/good/easy"), "{shown}");
    assert!(!shown.contains("I was"), "no second override: {shown}");
}

#[test]
fn a_wrong_typed_answer_is_shown_against_the_closest_accepted_one() {
    let mut app = app_on("tests/fixtures/packs/judging");
    press(&mut app, "r");
    let right = number_of(&screen(&mut app, 80, 24), "The last stage");
    press(&mut app, &format!("{right}<Enter>"));
    assert!(screen(&mut app, 80, 24).contains("Which `docker build` flag"));
    type_text(&mut app, "--targte");
    press(&mut app, "<Enter>");
    let shown = screen(&mut app, 80, 24);
    insta::assert_snapshot!("review_typed_compare_80x24", shown);
    assert!(shown.contains("yours:  --targte"), "{shown}");
    assert!(shown.contains("answer: --target"), "{shown}");
    assert!(shown.contains('^'), "marks, not colour alone: {shown}");
}
