//! The settings screen: each setting changed with + and - or typed, validated as `stagecraft
//! config` validates, saved in the settings history and undone; a new desired retention
//! previewed with its simulated workload before it is saved; the optimiser run from the
//! screen, stopped, kept or adopted.

mod common;

use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

use chrono::DateTime;
use common::tui::{app_with, data_dir, press, screen, type_text};
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::srs::synthetic::{LearnerSpec, simulate_learner};
use stagecraft::srs::{CardState, LeechAction, Rating, Scheduler, SchedulerConfig};
use stagecraft::store::Store;
use stagecraft::tui::app::App;

const GOOD: &str = "tests/fixtures/packs/good";

fn store(dir: &Path) -> Store {
    Store::open(dir, "default").expect("store")
}

fn app(dir: &Path) -> App {
    let mut app = app_with(
        ContentSet::load(&[PackSource::Dir(GOOD.into())]),
        dir,
        false,
    );
    screen(&mut app, 80, 24);
    app
}

/// 60 cards answered Good over the 40 days before the test's clock, so that reviews are due
/// in the next 30 days.
fn studied_profile(dir: &Path) {
    let store = store(dir);
    let scheduler = Scheduler::new(SchedulerConfig::default()).expect("scheduler");
    let now: DateTime<chrono::Utc> = DateTime::parse_from_rfc3339(common::tui::NOW)
        .expect("time")
        .into();
    for i in 0..60 {
        let id = format!("studied-{i}");
        let first = now - chrono::Duration::days(40) + chrono::Duration::hours(i * 16);
        let answer = scheduler
            .answer(&id, &CardState::new(), Rating::Good, first)
            .expect("answer");
        store.record_answer(&answer, 1000, false).expect("saved");
        let again = answer.after.due.expect("due").min(now);
        let answer = scheduler
            .answer(&id, &answer.after, Rating::Good, again)
            .expect("answer");
        store.record_answer(&answer, 1000, false).expect("saved");
    }
}

/// A simulated learner's answers over 200 days, answered through the real scheduler.
fn learner_profile(dir: &Path, cards: usize) {
    let store = store(dir);
    let mut parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
    parameters[2] = 1.0;
    parameters[8] = 1.2;
    let log = simulate_learner(&LearnerSpec {
        parameters,
        cards,
        introduce_over_days: 100,
        horizon_days: 200,
        seed: 9,
    })
    .expect("learner");
    let scheduler = Scheduler::new(SchedulerConfig::default()).expect("scheduler");
    for record in log {
        let state = store
            .card_state(&record.card_id)
            .expect("state")
            .unwrap_or_default();
        let answer = scheduler
            .answer(&record.card_id, &state, record.rating, record.reviewed_at)
            .expect("answer");
        store.record_answer(&answer, 1000, false).expect("saved");
    }
}

/// Lets the app's ticks take the worker's result (simulation or fit). Not a timing
/// assertion: it only bounds the wait so that a worker that never answers fails the test.
fn settle(app: &mut App) -> String {
    for _ in 0..30_000 {
        app.tick();
        let shown = screen(app, 80, 24);
        if !shown.contains("Simulating the reviews") && !shown.contains("Fitting the FSRS") {
            return shown;
        }
        sleep(Duration::from_millis(20));
    }
    panic!("the worker never answered:\n{}", screen(app, 80, 24));
}

fn notice(app: &App) -> String {
    app.notice().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn settings_list_every_setting_with_its_value() {
    let dir = data_dir();
    let mut app = app(&dir);
    press(&mut app, "o");
    assert_eq!(app.current_title(), "Settings");
    let shown = screen(&mut app, 80, 24);
    for key in [
        "desired-retention",
        "new-per-day",
        "reviews-per-day",
        "learning-steps",
        "relearning-steps",
        "maximum-interval",
        "fuzz",
        "leech-threshold",
        "leech-action",
        "learn-ahead",
        "day-starts-at",
        "fsrs-parameters",
    ] {
        assert!(shown.contains(key), "{key} missing:\n{shown}");
    }
    insta::assert_snapshot!("settings_80x24", shown);
    insta::assert_snapshot!("settings_40x12", screen(&mut app, 40, 12));
}

#[test]
fn a_step_is_saved_in_the_history_used_at_once_and_undone() {
    let dir = data_dir();
    let mut app = app(&dir);
    let history = store(&dir).settings_history().expect("history").len();
    press(&mut app, "oj+");
    assert_eq!(store(&dir).scheduler_config().unwrap().new_per_day, 16);
    assert_eq!(app.context().scheduler.config().new_per_day, 16);
    assert_eq!(notice(&app), "new-per-day is now 16 (u undoes)");
    let saved = store(&dir).settings_history().expect("history");
    assert_eq!(saved.len(), history + 1);
    assert_eq!(saved.last().unwrap().config.new_per_day, 16);
    assert!(screen(&mut app, 80, 24).contains("new-per-day        16"));

    press(&mut app, "u");
    assert_eq!(store(&dir).scheduler_config().unwrap().new_per_day, 15);
    assert_eq!(app.context().scheduler.config().new_per_day, 15);
    assert_eq!(notice(&app), "undone: new-per-day is now 16");
    // The undo is a change of its own in the history: a replay sees the settings in force.
    let saved = store(&dir).settings_history().expect("history");
    assert_eq!(saved.last().unwrap().config.new_per_day, 15);
    assert!(
        !app.screen_keys().iter().any(|k| k.keys == "u"),
        "nothing left to undo"
    );
}

#[test]
fn a_typed_value_is_checked_as_config_checks_it() {
    let dir = data_dir();
    let mut app = app(&dir);
    // new-per-day: letters are refused, the value stays.
    press(&mut app, "oj<Enter>");
    assert!(screen(&mut app, 80, 24).contains("new-per-day: 15▏"));
    press(&mut app, "<Bs><Bs>");
    type_text(&mut app, "many");
    press(&mut app, "<Enter>");
    assert_eq!(
        notice(&app),
        "cannot set new-per-day: `many` is not a whole number"
    );
    assert_eq!(store(&dir).scheduler_config().unwrap().new_per_day, 15);
    // day-starts-at: out of range is refused; a good hour moves the study day at once.
    press(&mut app, "G<Up><Enter><Bs>");
    type_text(&mut app, "25");
    press(&mut app, "<Enter>");
    assert!(
        notice(&app).starts_with("cannot set day-starts-at"),
        "{}",
        notice(&app)
    );
    press(&mut app, "<Enter><Bs>");
    type_text(&mut app, "6");
    press(&mut app, "<Enter>");
    assert_eq!(store(&dir).scheduler_config().unwrap().rollover_hour, 6);
    assert_eq!(app.context().clock.rollover_hour(), 6);
    // Typing steps, and Esc leaves the prompt without a change.
    press(&mut app, "gjjj<Enter>");
    let prompt = screen(&mut app, 80, 24);
    assert!(prompt.contains("learning-steps: 1m 10m▏"), "{prompt}");
    insta::assert_snapshot!("settings_typing_80x24", prompt);
    type_text(&mut app, " 1h");
    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Settings", "Esc only left the prompt");
    assert_eq!(
        store(&dir).scheduler_config().unwrap().learning_steps_secs,
        [60, 600]
    );
    press(&mut app, "<Enter>");
    type_text(&mut app, " 1h");
    press(&mut app, "<Enter>");
    assert_eq!(
        store(&dir).scheduler_config().unwrap().learning_steps_secs,
        [60, 600, 3600]
    );
}

#[test]
fn the_leech_action_is_a_choice() {
    let dir = data_dir();
    let mut app = app(&dir);
    press(&mut app, "o");
    for _ in 0..8 {
        press(&mut app, "j");
    }
    press(&mut app, "+");
    assert_eq!(
        store(&dir).scheduler_config().unwrap().leech_action,
        LeechAction::TagOnly
    );
    press(&mut app, "+");
    assert_eq!(
        store(&dir).scheduler_config().unwrap().leech_action,
        LeechAction::Suspend
    );
}

#[test]
fn a_new_retention_shows_its_workload_before_it_is_saved() {
    let dir = data_dir();
    studied_profile(&dir);
    let mut app = app(&dir);
    let history = store(&dir).settings_history().expect("history").len();
    press(&mut app, "o+");
    let waiting = screen(&mut app, 80, 24);
    assert!(waiting.contains("Simulating the reviews"), "{waiting}");
    insta::assert_snapshot!("settings_simulating_80x24", waiting);
    let preview = settle(&mut app);
    assert!(
        preview.contains("Desired retention 0.90 → 0.91"),
        "{preview}"
    );
    assert!(
        preview.contains("now 0.90") && preview.contains("new 0.91"),
        "{preview}"
    );
    assert!(
        preview.contains("mean ") && preview.contains("peak "),
        "{preview}"
    );
    insta::assert_snapshot!("settings_preview_80x24", preview);
    insta::assert_snapshot!("settings_preview_40x12", screen(&mut app, 40, 12));
    // Nothing is saved until confirmed; Esc keeps the current retention.
    assert_eq!(
        store(&dir).scheduler_config().unwrap().desired_retention,
        0.9
    );
    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Settings");
    assert_eq!(notice(&app), "desired-retention stays 0.90 (not 0.91)");
    assert_eq!(store(&dir).settings_history().unwrap().len(), history);

    // + in the preview proposes another value; Enter saves it.
    press(&mut app, "+");
    settle(&mut app);
    press(&mut app, "+");
    let again = settle(&mut app);
    assert!(again.contains("0.90 → 0.92"), "{again}");
    press(&mut app, "<Enter>");
    assert_eq!(
        store(&dir).scheduler_config().unwrap().desired_retention,
        0.92
    );
    assert_eq!(app.context().scheduler.config().desired_retention, 0.92);
    assert_eq!(notice(&app), "desired-retention is now 0.92 (u undoes)");
    assert_eq!(store(&dir).settings_history().unwrap().len(), history + 1);
    press(&mut app, "u");
    assert_eq!(
        store(&dir).scheduler_config().unwrap().desired_retention,
        0.9
    );
}

#[test]
fn a_retention_out_of_range_is_refused_before_any_preview() {
    let dir = data_dir();
    let mut app = app(&dir);
    press(&mut app, "o<Enter><Bs><Bs><Bs><Bs>");
    type_text(&mut app, "0.5");
    press(&mut app, "<Enter>");
    assert_eq!(
        notice(&app),
        "cannot set desired-retention: desired retention must be between 0.70 and 0.99"
    );
    assert!(!screen(&mut app, 80, 24).contains("Simulating"));
}

#[test]
fn the_optimiser_keeps_the_defaults_of_a_short_log_and_says_why() {
    let dir = data_dir();
    learner_profile(&dir, 5);
    let mut app = app(&dir);
    press(&mut app, "oG");
    assert!(screen(&mut app, 80, 24).contains("Enter fit"));
    press(&mut app, "<Enter>");
    let fitting = screen(&mut app, 80, 24);
    assert!(
        fitting.contains("Fitting the FSRS parameters to your"),
        "{fitting}"
    );
    insta::assert_snapshot!("settings_fitting_80x24", fitting);
    let result = settle(&mut app);
    assert!(result.contains("Kept the current parameters"), "{result}");
    assert!(result.contains("at least 400"), "{result}");
    assert!(
        result.contains("log loss") && result.contains("RMSE"),
        "{result}"
    );
    insta::assert_snapshot!("settings_kept_80x24", result);
    insta::assert_snapshot!("settings_kept_40x12", screen(&mut app, 40, 12));
    assert!(
        store(&dir)
            .scheduler_config()
            .unwrap()
            .parameters
            .is_empty()
    );
    press(&mut app, "<Enter>");
    assert!(screen(&mut app, 80, 24).contains("fsrs-parameters    default"));
}

#[test]
fn the_optimiser_adopts_better_parameters_and_u_goes_back_to_the_defaults() {
    let dir = data_dir();
    learner_profile(&dir, 150);
    let mut app = app(&dir);
    press(&mut app, "oG<Enter>");
    let result = settle(&mut app);
    assert!(result.contains("Adopted the fitted parameters"), "{result}");
    assert_eq!(store(&dir).scheduler_config().unwrap().parameters.len(), 21);
    assert_eq!(app.context().scheduler.config().parameters.len(), 21);
    assert_eq!(
        notice(&app),
        "the fitted FSRS parameters are in use (u undoes)"
    );
    press(&mut app, "<Enter>");
    assert!(screen(&mut app, 80, 24).contains("fsrs-parameters    fitted"));
    press(&mut app, "u");
    assert!(
        store(&dir)
            .scheduler_config()
            .unwrap()
            .parameters
            .is_empty()
    );
    assert!(app.context().scheduler.config().parameters.is_empty());
}

#[test]
fn esc_stops_a_fit_and_nothing_changes() {
    let dir = data_dir();
    learner_profile(&dir, 150);
    let mut app = app(&dir);
    press(&mut app, "oG<Enter>");
    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Settings", "Esc stopped the fit only");
    assert_eq!(
        notice(&app),
        "fitting stopped: the parameters are unchanged"
    );
    for _ in 0..20 {
        app.tick();
    }
    assert!(
        store(&dir)
            .scheduler_config()
            .unwrap()
            .parameters
            .is_empty()
    );
    assert!(screen(&mut app, 80, 24).contains("fsrs-parameters    default"));
}
