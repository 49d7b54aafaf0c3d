use chrono::{Duration, FixedOffset};
use clap::Parser;

use super::*;
use crate::cli::{Cli, Command};
use crate::srs::test_time::at;
use crate::srs::{Rating, SchedulerConfig};

fn clock() -> DayClock {
    DayClock::fixed(FixedOffset::east_opt(0).unwrap(), 4)
}

fn meta(id: &str, topic: &str) -> QuestionMeta {
    QuestionMeta {
        id: id.into(),
        topic: topic.into(),
        front: format!("<p>What about {id}?</p>"),
        back: String::new(),
        tags: vec![],
    }
}

fn questions() -> Vec<QuestionMeta> {
    vec![
        meta("review", "caching"),
        meta("learning", "caching"),
        meta("leech", "distroless"),
        meta("fresh", "distroless"),
    ]
}

const NOW: &str = "2026-11-30T12:00:00Z";

/// `review` in review (due in days), `learning` due in minutes, `leech` suspended as a
/// leech, `fresh` never answered, and `gone`, a stored card whose question is not loaded.
fn store(dir: &std::path::Path) -> Store {
    let store = Store::open(dir, "default").unwrap();
    let scheduler = Scheduler::new(SchedulerConfig {
        enable_fuzz: false,
        ..SchedulerConfig::default()
    })
    .unwrap();
    let now = at(NOW);
    let record = |id: &str, rating, when| {
        let state = store.card_state(id).unwrap().unwrap_or_default();
        let answer = scheduler.answer(id, &state, rating, when).unwrap();
        store.record_answer(&answer, 1000, false).unwrap();
    };
    record("review", Rating::Easy, now - Duration::days(1));
    record("learning", Rating::Good, now - Duration::minutes(30));
    record("gone", Rating::Easy, now - Duration::days(3));
    store
        .put_card_state(
            "leech",
            &CardState {
                leech: true,
                suspended: true,
                lapses: 8,
                reps: 20,
                ..store.card_state("review").unwrap().unwrap()
            },
        )
        .unwrap();
    store
}

fn list(store: &Store, flags: &[&str]) -> Vec<CardRow> {
    let cli = Cli::try_parse_from(["stagecraft", "cards"].iter().chain(flags)).unwrap();
    let Some(Command::Cards(args)) = cli.command else {
        panic!("not the cards command")
    };
    assert!(args.action.is_none());
    let scheduler = Scheduler::new(store.scheduler_config().unwrap()).unwrap();
    let states = store.card_states().unwrap().into_iter().collect();
    list_rows(
        &questions(),
        &states,
        &scheduler,
        clock(),
        at(NOW),
        &args.list,
    )
}

fn ids(rows: &[CardRow]) -> Vec<&str> {
    rows.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn lists_every_card_with_its_state_and_filters_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let all = list(&store, &[]);
    // Sorted by due, new cards last.
    assert_eq!(ids(&all), ["learning", "gone", "leech", "review", "fresh"]);
    let review = all.iter().find(|r| r.id == "review").unwrap();
    assert_eq!(review.phase, Phase::Review);
    assert!(review.interval_days.unwrap() >= 1);
    assert!(review.stability.is_some() && review.difficulty.is_some());
    let r = review.retrievability.unwrap();
    assert!(r > 0.8 && r < 1.0, "{r}");
    assert_eq!(review.reviews, 1);
    let fresh = all.iter().find(|r| r.id == "fresh").unwrap();
    assert_eq!(
        (fresh.phase, fresh.retrievability, fresh.due),
        (Phase::New, None, None)
    );
    assert_eq!(all.iter().find(|r| r.id == "gone").unwrap().topic, "-");

    assert_eq!(ids(&list(&store, &["--due"])), ["learning"]);
    assert_eq!(ids(&list(&store, &["--suspended"])), ["leech"]);
    assert_eq!(ids(&list(&store, &["--leeches"])), ["leech"]);
    assert_eq!(
        ids(&list(&store, &["--topic", "caching", "--sort", "id"])),
        ["learning", "review"]
    );
    assert_eq!(
        ids(&list(&store, &["--search", "WHAT ABOUT fr"])),
        ["fresh"]
    );
    assert_eq!(ids(&list(&store, &["--sort", "lapses"]))[0], "leech");
    assert_eq!(ids(&list(&store, &["--sort", "reviews"]))[0], "leech");
    assert!(Cli::try_parse_from(["stagecraft", "cards", "--due", "--leeches"]).is_err());
}

#[test]
fn the_table_and_the_json_show_every_column() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let rows = list(&store, &["--sort", "id"]);
    let table = render_table(&rows);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        [
            "id", "topic", "state", "due", "ivl", "stab", "diff", "R", "lapses", "reviews"
        ]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("leech ") && l.contains("review,suspended,leech"))
    );
    assert_eq!(lines.last(), Some(&"5 cards"));
    let json = serde_json::to_value(&rows).unwrap();
    assert_eq!(json[0]["id"], "fresh");
    assert_eq!(json[0]["phase"], "new");
    assert!(json[0]["due"].is_null());
    let review = &json[4];
    assert_eq!(review["id"], "review");
    assert!(review["due"].as_str().unwrap().ends_with('Z'));
    assert_eq!(review["due_day"].as_str().unwrap().len(), 10);
    for field in [
        "interval_days",
        "stability",
        "difficulty",
        "retrievability",
        "lapses",
        "reviews",
    ] {
        assert!(review[field].is_number(), "{field}: {review}");
    }
}

fn action(words: &[&str]) -> CardAction {
    let cli = Cli::try_parse_from(["stagecraft", "cards"].iter().chain(words)).unwrap();
    match cli.command {
        Some(Command::Cards(CardsArgs {
            action: Some(action),
            ..
        })) => action,
        other => panic!("{other:?}"),
    }
}

use crate::cli::CardsArgs;

#[test]
fn actions_change_all_named_cards_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let now = at(NOW);
    let today = clock().day_of(now);

    let changes = apply(
        &store,
        &questions(),
        &action(&["suspend", "review", "fresh"]),
        now,
        clock(),
    )
    .unwrap();
    assert_eq!(changes.len(), 2);
    assert!(store.card_state("review").unwrap().unwrap().suspended);
    assert!(store.card_state("fresh").unwrap().unwrap().suspended);
    assert!(!changes[0].before.suspended);
    apply(
        &store,
        &questions(),
        &action(&["unsuspend", "review", "fresh"]),
        now,
        clock(),
    )
    .unwrap();
    assert!(!store.card_state("review").unwrap().unwrap().suspended);

    apply(
        &store,
        &questions(),
        &action(&["bury", "learning"]),
        now,
        clock(),
    )
    .unwrap();
    assert!(
        store
            .card_state("learning")
            .unwrap()
            .unwrap()
            .is_buried(today)
    );

    apply(
        &store,
        &questions(),
        &action(&["set-due", "--days", "3", "review"]),
        now,
        clock(),
    )
    .unwrap();
    assert_eq!(
        store.card_state("review").unwrap().unwrap().due,
        Some(clock().start_of(today.plus(3)))
    );

    let answers = store.review_log().unwrap().len();
    apply(
        &store,
        &questions(),
        &action(&["forget", "review"]),
        now,
        clock(),
    )
    .unwrap();
    let forgotten = store.card_state("review").unwrap().unwrap();
    assert_eq!(
        (forgotten.phase, forgotten.memory, forgotten.reps),
        (Phase::New, None, 0)
    );
    assert_eq!(
        store.review_log().unwrap().len(),
        answers,
        "the log is kept"
    );

    // A refusal anywhere changes nothing: `learning` is not suspended.
    let err = apply(
        &store,
        &questions(),
        &action(&["suspend", "learning", "nope"]),
        now,
        clock(),
    )
    .unwrap_err();
    assert!(
        matches!(&err, CommandError::UnknownCard { id } if id == "nope"),
        "{err}"
    );
    let err = apply(
        &store,
        &questions(),
        &action(&["set-due", "--days", "1", "learning", "review"]),
        now,
        clock(),
    )
    .unwrap_err();
    assert!(
        matches!(&err, CommandError::CannotChange { id, .. } if id == "review"),
        "{err}"
    );
    let learning = store.card_state("learning").unwrap().unwrap();
    assert!(!learning.suspended);
    assert!(
        learning.due.unwrap() < now + Duration::days(1),
        "set-due was rolled back"
    );
    assert!(Cli::try_parse_from(["stagecraft", "cards", "suspend"]).is_err());
}
