//! The card browser and a card's detail, driven through the app on the test pack: sorting,
//! filtering, searching, every action with its undo, and the opened card's history and chart.

mod common;

use common::tui::{app_on, press, screen, type_text};

/// An app with one answered card (`demo-final-stage`, rated Good in a review) on the browser.
fn browser_after_a_review() -> stagecraft::tui::app::App {
    let mut app = app_on("tests/fixtures/packs/good");
    press(&mut app, "r");
    press(&mut app, "2");
    press(&mut app, "<Enter>");
    press(&mut app, "<Esc>");
    press(&mut app, "c");
    assert_eq!(app.current_title(), "Cards");
    app
}

fn state_of(app: &stagecraft::tui::app::App, id: &str) -> stagecraft::srs::CardState {
    app.context()
        .store
        .card_state(id)
        .expect("store")
        .unwrap_or_default()
}

#[test]
fn the_browser_lists_sorts_filters_and_searches() {
    let mut app = browser_after_a_review();
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("2 cards · all · sorted by due"), "{shown}");
    assert!(shown.contains("demo-final-stage"), "{shown}");
    insta::assert_snapshot!("cards_80x24", shown);
    insta::assert_snapshot!("cards_120x30", screen(&mut app, 120, 30));
    // At a small size the hint under the list ends with `…` instead of stopping mid-word, and
    // columns are left out whole: the sorted one (due) stays.
    let small = screen(&mut app, 40, 12);
    assert!(small.contains("u takes the …"), "{small}");
    assert!(small.contains("due↑"), "{small}");
    insta::assert_snapshot!("cards_40x12", small);
    // o: the next column, marked in the header; at 40 columns it is kept.
    press(&mut app, "o");
    assert!(screen(&mut app, 120, 16).contains("sorted by interval"));
    let small = screen(&mut app, 40, 12);
    assert!(small.contains("ivl↓"), "{small}");
    assert!(!small.contains("due↑"), "{small}");
    // f: due cards only: the answered card is learning, due again today; the new one is not.
    press(&mut app, "f");
    let due = screen(&mut app, 120, 16);
    assert!(due.contains("1 cards · due"), "{due}");
    assert!(due.contains("demo-final-stage"), "{due}");
    // Then suspended cards: none.
    press(&mut app, "f");
    let suspended = screen(&mut app, 120, 16);
    assert!(suspended.contains("0 cards · suspended"), "{suspended}");
    assert!(suspended.contains("No card matches"), "{suspended}");
    press(&mut app, "ff");
    // /: a search; while typing, letters are text, not commands.
    press(&mut app, "/");
    type_text(&mut app, "flash");
    assert!(screen(&mut app, 120, 16).contains("search: flash"));
    press(&mut app, "<Enter>");
    let found = screen(&mut app, 120, 16);
    assert!(found.contains("1 cards · all"), "{found}");
    assert!(found.contains("demo-flash"), "{found}");
    assert!(!found.contains("demo-final-stage"), "{found}");
    // An empty search lists every card again.
    press(&mut app, "/");
    press(&mut app, "<Bs><Bs><Bs><Bs><Bs><Enter>");
    assert!(screen(&mut app, 120, 16).contains("2 cards · all"));
}

#[test]
fn each_action_is_saved_at_once_and_undone_by_u() {
    let mut app = browser_after_a_review();
    screen(&mut app, 120, 16);
    // The answered card sorts first (due soonest; new cards last).
    let answered = state_of(&app, "demo-final-stage");
    assert!(answered.reps > 0);

    press(&mut app, "s");
    assert!(state_of(&app, "demo-final-stage").suspended);
    assert!(screen(&mut app, 120, 16).contains("learning,suspended"));
    press(&mut app, "s");
    assert!(!state_of(&app, "demo-final-stage").suspended);
    press(&mut app, "u");
    assert!(
        state_of(&app, "demo-final-stage").suspended,
        "undo of unsuspend"
    );
    press(&mut app, "u");
    assert_eq!(state_of(&app, "demo-final-stage"), answered);

    press(&mut app, "b");
    let buried = state_of(&app, "demo-final-stage");
    assert!(buried.buried_on.is_some());
    press(&mut app, "u");
    assert_eq!(state_of(&app, "demo-final-stage"), answered);

    press(&mut app, "x");
    assert_eq!(state_of(&app, "demo-final-stage").phase.name(), "new");
    assert_eq!(
        app.context().store.review_log().expect("log").len(),
        1,
        "forgetting keeps the log"
    );
    press(&mut app, "u");
    assert_eq!(state_of(&app, "demo-final-stage"), answered);

    // t: due in 3 days, typed.
    press(&mut app, "t");
    type_text(&mut app, "3");
    press(&mut app, "<Enter>");
    let moved = state_of(&app, "demo-final-stage");
    let clock = app.context().clock;
    let today = clock.day_of(app.context().now());
    assert_eq!(
        moved.due.map(|d| clock.day_of(d)),
        Some(today.plus(3)),
        "{moved:?}"
    );
    let shown = screen(&mut app, 120, 16);
    assert!(shown.contains("u takes it back"), "{shown}");
    press(&mut app, "u");
    assert_eq!(state_of(&app, "demo-final-stage"), answered);
    // Nothing left to undo: u is not bound.
    assert!(!screen(&mut app, 120, 16).contains("u undo"));

    // A bad number of days is refused and changes nothing.
    press(&mut app, "t");
    type_text(&mut app, "soon");
    press(&mut app, "<Enter>");
    assert!(screen(&mut app, 120, 16).contains("not a number of days"));
    assert_eq!(state_of(&app, "demo-final-stage"), answered);
}

#[test]
fn an_opened_card_shows_its_answers_and_retrievability() {
    let mut app = browser_after_a_review();
    // Five days later the card's retrievability has fallen: the chart shows the decay.
    let later = app.context().now() + chrono::Duration::days(5);
    app.context_mut().fixed_now = Some(later);
    screen(&mut app, 100, 30);
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Card: demo-final-stage");
    let shown = screen(&mut app, 100, 30);
    assert!(shown.contains("Good   recalled"), "{shown}");
    assert!(
        shown.contains("Retrievability since the first answer"),
        "{shown}"
    );
    insta::assert_snapshot!("card_detail_100x30", shown);
    // l opens the lesson section that teaches it.
    press(&mut app, "l");
    assert_eq!(app.current_title(), "A demo lesson");
    press(&mut app, "<Esc><Esc>");
    assert_eq!(app.current_title(), "Cards");
    // Small terminals draw without panicking.
    screen(&mut app, 20, 6);
}

#[test]
fn marked_cards_change_together_in_one_step_and_one_undo() {
    let mut app = browser_after_a_review();
    let answered = state_of(&app, "demo-final-stage");
    let new = state_of(&app, "demo-flash");
    // Space marks the selected card; a second Space unmarks it; a marks every listed card.
    press(&mut app, "<Space>");
    assert!(screen(&mut app, 120, 16).contains("· 1 marked"));
    press(&mut app, "<Space>");
    assert!(!screen(&mut app, 120, 16).contains("marked"));
    press(&mut app, "a");
    let marked = screen(&mut app, 120, 16);
    assert!(marked.contains("· 2 marked"), "{marked}");
    assert_eq!(marked.matches('✓').count(), 2, "{marked}");
    insta::assert_snapshot!("cards_marked_120x16", marked);
    insta::assert_snapshot!("cards_marked_40x12", screen(&mut app, 40, 12));

    // s suspends both, b buries both: each one change, taken back by one u.
    press(&mut app, "s");
    assert!(state_of(&app, "demo-final-stage").suspended);
    assert!(state_of(&app, "demo-flash").suspended);
    assert!(screen(&mut app, 120, 16).contains("Suspended 2 cards"));
    press(&mut app, "u");
    assert_eq!(state_of(&app, "demo-final-stage"), answered);
    assert_eq!(state_of(&app, "demo-flash"), new);
    press(&mut app, "b");
    assert!(state_of(&app, "demo-final-stage").buried_on.is_some());
    assert!(state_of(&app, "demo-flash").buried_on.is_some());
    press(&mut app, "u");
    assert_eq!(state_of(&app, "demo-final-stage"), answered);
    assert_eq!(state_of(&app, "demo-flash"), new);

    // A due date cannot be given to a new card: the whole change is refused, nothing moves.
    press(&mut app, "t");
    type_text(&mut app, "2");
    press(&mut app, "<Enter>");
    assert_eq!(state_of(&app, "demo-final-stage"), answered);
    let refused = app.notice().map(|n| n.text.clone()).unwrap_or_default();
    assert!(refused.contains("nothing was changed"), "{refused}");

    // a again unmarks all; then the actions are on the selected card alone.
    press(&mut app, "a");
    assert!(!screen(&mut app, 120, 16).contains("marked"));
    press(&mut app, "s");
    assert!(state_of(&app, "demo-final-stage").suspended);
    assert!(!state_of(&app, "demo-flash").suspended);
}

#[test]
fn marks_stay_on_listed_cards_only() {
    let mut app = browser_after_a_review();
    press(&mut app, "a");
    assert!(screen(&mut app, 120, 16).contains("· 2 marked"));
    // f: due cards only; the new card leaves the list and its mark with it.
    press(&mut app, "f");
    let due = screen(&mut app, 120, 16);
    assert!(
        due.contains("1 cards · due · sorted by due · 1 marked"),
        "{due}"
    );
    press(&mut app, "x");
    assert_eq!(state_of(&app, "demo-final-stage").phase.name(), "new");
    assert_eq!(state_of(&app, "demo-flash"), Default::default());
}

/// The browser on the embedded content (ids up to 40 characters, topics up to 18), with three
/// cards in review: the figures of every column shown are whole and under their names. (No
/// snapshot: the embedded content changes.)
#[test]
fn at_80_columns_whole_columns_are_left_out_and_no_figure_is_cut() {
    use stagecraft::srs::{CardState, Memory, Phase};
    let mut app = common::tui::app_with(
        stagecraft::content::ContentSet::embedded(),
        &common::tui::data_dir(),
        false,
    );
    let now = app.context().now();
    let ids: Vec<String> = app
        .context()
        .content
        .scheduled_questions()
        .iter()
        .map(|q| q.id.clone())
        .filter(|id| id.len() > 30)
        .take(3)
        .collect();
    assert_eq!(ids.len(), 3, "long ids in the embedded content");
    let reviewed = CardState {
        phase: Phase::Review,
        memory: Some(Memory {
            stability: 123.4,
            difficulty: 7.25,
        }),
        due: Some(now + chrono::Duration::days(30)),
        last_review: Some(now - chrono::Duration::days(90)),
        reps: 12,
        lapses: 3,
        ..CardState::default()
    };
    let states: Vec<(String, CardState)> = ids
        .iter()
        .map(|id| (id.clone(), reviewed.clone()))
        .collect();
    app.context().store.put_card_states(&states).expect("store");
    press(&mut app, "c");
    for (width, height) in [(80, 24), (40, 12)] {
        let shown = screen(&mut app, width, height);
        let lines: Vec<Vec<char>> = shown.lines().map(|l| l.chars().collect()).collect();
        let header: String = lines[1].iter().collect();
        assert!(header.contains("due↑"), "{shown}");
        assert!(!header.contains('…'), "{shown}");
        // The first rows are the reviewed cards (due soonest, new cards last).
        let row: String = lines[3].iter().collect();
        assert!(row.contains("2026-12-20"), "the due day whole: {shown}");
        // Each column's name ends where its right-aligned figures end.
        let end_of = |line: &Vec<char>, text: &str| {
            let chars: Vec<char> = text.chars().collect();
            line.windows(chars.len())
                .position(|w| w == chars.as_slice())
                .map(|at| at + chars.len())
        };
        if width == 80 {
            assert!(row.contains('%'), "retrievability shown at 80: {shown}");
            assert_eq!(end_of(&lines[1], " R"), end_of(&lines[3], "%"), "{shown}");
            assert_eq!(
                end_of(&lines[1], "ivl"),
                end_of(&lines[3], "120d"),
                "{shown}"
            );
        }
    }
}
