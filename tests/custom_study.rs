//! Custom study through the app on the test pack: the chooser on home (`p`), a topic, the
//! cards missed today, practice from the card browser, and proof that nothing of it reaches
//! the database: the cards and review log tables stay byte-identical and today's counts do
//! not move. Also the drill's own statement that it reschedules.

mod common;

use common::tui::{app_on, press, screen};
use stagecraft::tui::app::App;
use stagecraft::tui::review::{DRILL_SAVES, PRACTICE_SAVES_NOTHING};

const GOOD: &str = "tests/fixtures/packs/good";

/// Every row of `table`, each column's value as SQLite stores it, in rowid order.
fn dump(app: &App, table: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open_with_flags(
        app.context().store.path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open");
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
        .expect("query");
    let columns = stmt.column_count();
    stmt.query_map([], |row| {
        (0..columns)
            .map(|i| {
                row.get::<_, rusqlite::types::Value>(i)
                    .map(|v| format!("{v:?}"))
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .expect("rows")
    .collect::<Result<Vec<_>, _>>()
    .expect("rows")
}

/// What custom study must leave alone: both tables, and today's counts and queue.
#[derive(Debug, PartialEq)]
struct Stored {
    cards: Vec<Vec<String>>,
    log: Vec<Vec<String>>,
    done_today: String,
    queue: Vec<String>,
}

fn stored(app: &App) -> Stored {
    let ctx = app.context();
    let done = ctx
        .store
        .done_today(ctx.now(), &ctx.clock)
        .expect("done today");
    let queue = ctx
        .store
        .due_queue(
            &ctx.scheduled_question_ids(),
            ctx.now(),
            &ctx.clock,
            ctx.scheduler.config(),
        )
        .expect("queue");
    Stored {
        cards: dump(app, "cards"),
        log: dump(app, "review_log"),
        done_today: format!("{done:?}"),
        queue: queue.entries.iter().map(|e| e.card_id.clone()).collect(),
    }
}

/// The number `choice` is shown under on the screen (choices are shuffled).
fn number_of(app: &mut App, choice: &str) -> String {
    let shown = screen(app, 80, 24);
    let line = shown
        .lines()
        .find(|l| l.contains(choice))
        .unwrap_or_else(|| panic!("{choice} is not shown:\n{shown}"));
    line.chars()
        .find(char::is_ascii_digit)
        .unwrap_or_else(|| panic!("no number on {line}"))
        .to_string()
}

/// Answers `demo-final-stage` on screen, right or wrong.
fn answer_stage(app: &mut App, right: bool) {
    let key = number_of(app, if right { "The last" } else { "The first" });
    press(app, &key);
}

/// An app where `demo-final-stage` was answered wrong today in a review.
fn after_a_miss() -> App {
    let mut app = app_on(GOOD);
    press(&mut app, "r");
    answer_stage(&mut app, false);
    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Home");
    app
}

#[test]
fn custom_study_saves_nothing_and_leaves_today_s_counts_alone() {
    let mut app = after_a_miss();
    let before = stored(&app);
    assert_eq!(before.log.len(), 1, "the review's miss is logged");

    // p: the chooser, the cards missed today first.
    press(&mut app, "p");
    assert_eq!(app.current_title(), "Custom study");
    let chooser = screen(&mut app, 80, 24);
    assert!(chooser.contains("Missed today"), "{chooser}");
    insta::assert_snapshot!("custom_chooser_80x24", chooser);
    insta::assert_snapshot!("custom_chooser_40x12", screen(&mut app, 40, 12));

    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Custom study: missed today");
    app.tick();
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some(PRACTICE_SAVES_NOTHING)
    );
    let asking = screen(&mut app, 80, 24);
    assert!(
        asking.contains("custom study · 1 left · 0 done · nothing saved"),
        "{asking}"
    );
    insta::assert_snapshot!("custom_asking_80x24", asking);
    insta::assert_snapshot!("custom_asking_40x12", screen(&mut app, 40, 12));
    // Right this time: rated Good on screen only, with no interval offered.
    answer_stage(&mut app, true);
    let answered = screen(&mut app, 80, 24);
    assert!(answered.contains("Good"), "{answered}");
    assert!(!answered.contains("10m"), "no interval: {answered}");
    insta::assert_snapshot!("custom_answered_80x24", answered);
    assert_eq!(stored(&app), before);
    // u takes the answer back in the session: the card is asked again.
    press(&mut app, "u");
    assert!(screen(&mut app, 80, 24).contains("custom study · 1 left · 0 done"));
    answer_stage(&mut app, false);
    press(&mut app, "<Enter>");
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("1 answered, 0 recalled"), "{done}");
    assert!(done.contains("Nothing was saved"), "{done}");
    insta::assert_snapshot!("custom_done_80x24", done);
    insta::assert_snapshot!("custom_done_40x12", screen(&mut app, 40, 12));
    assert_eq!(stored(&app), before);

    // Back in the chooser, a topic with a new card: it stays new, the allowance unused.
    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Custom study");
    press(&mut app, "jj<Enter>");
    assert_eq!(app.current_title(), "Custom study: topic demo");
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("custom study · 2 left"), "{first}");
    for _ in 0..2 {
        let shown = screen(&mut app, 80, 24);
        if shown.contains("Why multi-stage?") {
            press(&mut app, " 4<Enter>");
        } else {
            answer_stage(&mut app, true);
            press(&mut app, "<Enter>");
        }
    }
    assert!(screen(&mut app, 80, 24).contains("2 answered, 2 recalled"));
    assert_eq!(stored(&app), before);
}

#[test]
fn custom_study_offers_no_suspension_and_no_verdict_override() {
    let mut app = after_a_miss();
    press(&mut app, "p<Enter>");
    answer_stage(&mut app, false);
    let keys: Vec<&str> = app.screen_keys().iter().map(|k| k.keys).collect();
    assert!(!keys.contains(&"s"), "{keys:?}");
    assert!(!keys.contains(&"i"), "{keys:?}");
    let before = stored(&app);
    press(&mut app, "si");
    assert_eq!(stored(&app), before);
}

#[test]
fn the_chooser_starts_on_the_topic_selected_on_home_and_refuses_an_empty_kind() {
    let mut app = app_on(GOOD);
    // Nothing missed, no leeches: Enter on them starts nothing and says why.
    press(&mut app, "p");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("No card was missed today."), "{shown}");
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Custom study");
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some("No card was missed today.")
    );
    press(&mut app, "<Esc><Tab>p");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("› Topic: demo"), "{shown}");
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Custom study: topic demo");
}

#[test]
fn the_card_browser_practises_the_marked_cards_or_else_the_listed_ones() {
    let mut app = after_a_miss();
    let before = stored(&app);
    press(&mut app, "c");
    screen(&mut app, 120, 16);
    // No mark: every listed card.
    press(&mut app, "p");
    assert_eq!(app.current_title(), "Custom study: 2 listed cards");
    press(&mut app, "<Esc>");
    // One marked card.
    press(&mut app, "<Space>p");
    assert_eq!(app.current_title(), "Custom study: 1 marked cards");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("custom study · 1 left"), "{shown}");
    answer_stage(&mut app, true);
    press(&mut app, "<Enter>");
    assert!(screen(&mut app, 80, 24).contains("Nothing was saved"));
    assert_eq!(stored(&app), before);
}

#[test]
fn a_drill_says_at_the_start_and_in_its_header_that_it_reschedules() {
    let mut app = app_on(GOOD);
    press(&mut app, "d");
    app.tick();
    assert_eq!(app.notice().map(|n| n.text.as_str()), Some(DRILL_SAVES));
    assert!(DRILL_SAVES.contains("rescheduled") && DRILL_SAVES.contains("new-card allowance"));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("· reschedules"), "{shown}");
    // And it does: the answer is logged, and the new card counts as studied today.
    let ctx = app.context();
    let before = ctx.store.done_today(ctx.now(), &ctx.clock).expect("done");
    answer_stage(&mut app, true);
    let ctx = app.context();
    assert_eq!(ctx.store.review_log().expect("log").len(), 1);
    let after = ctx.store.done_today(ctx.now(), &ctx.clock).expect("done");
    assert_ne!(format!("{before:?}"), format!("{after:?}"));
}

/// On a pack whose `labs` topic holds only labs (never reviewed), nothing missed and no
/// leech: those choices are dimmed and marked, and Enter on one says why instead of doing
/// nothing.
#[test]
fn a_choice_with_nothing_to_study_says_why() {
    let mut app = app_on("tests/fixtures/packs/classroom");
    press(&mut app, "p");
    let chooser = screen(&mut app, 80, 24);
    for name in ["Missed today", "Leeches", "Topic: labs"] {
        let line = chooser
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}:\n{chooser}"));
        assert!(line.contains("(nothing to study)"), "{chooser}");
    }
    insta::assert_snapshot!("custom_chooser_nothing_80x24", chooser);
    insta::assert_snapshot!("custom_chooser_nothing_40x12", screen(&mut app, 40, 12));
    // Missed today is selected first: Enter stays on the chooser with a notice.
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Custom study");
    let notice = app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(notice, "No card was missed today.");
    // Down to the labs topic.
    for _ in 0..10 {
        let shown = screen(&mut app, 80, 24);
        if shown.lines().any(|l| l.contains("› Topic: labs")) {
            break;
        }
        press(&mut app, "j");
    }
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("› Topic: labs"), "{shown}");
    assert!(shown.contains("its questions are labs"), "{shown}");
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Custom study");
    let notice = app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(
        notice.starts_with("Topic labs has nothing to study: its questions are labs"),
        "{notice}"
    );
}
