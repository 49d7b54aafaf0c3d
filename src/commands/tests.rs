use chrono::{Duration, FixedOffset};

use super::*;
use crate::srs::{CardState, Rating, SchedulerConfig};

use crate::srs::test_time::at;

fn questions() -> Vec<QuestionMeta> {
    ["a", "b", "c"]
        .iter()
        .map(|id| QuestionMeta {
            id: (*id).to_owned(),
            topic: if *id == "c" { "caching" } else { "distroless" }.to_owned(),
            front: format!("Question {id}?"),
            back: format!("Answer {id}"),
            tags: vec![],
        })
        .collect()
}

fn store_with_history(dir: &Path) -> Store {
    let store = Store::open(dir, "default").unwrap();
    let config = SchedulerConfig {
        enable_fuzz: false,
        ..SchedulerConfig::default()
    };
    store.set_scheduler_config(&config).unwrap();
    let scheduler = Scheduler::new(config).unwrap();
    let mut now = at("2024-03-01T10:00:00Z");
    for (id, rating) in [
        ("a", Rating::Good),
        ("b", Rating::Again),
        ("a", Rating::Good),
    ] {
        let state = store.card_state(id).unwrap().unwrap_or_default();
        let answer = scheduler.answer(id, &state, rating, now).unwrap();
        store.record_answer(&answer, 3000, false).unwrap();
        now += Duration::minutes(10);
    }
    let state = store.card_state("a").unwrap().unwrap();
    let answer = scheduler
        .answer("a", &state, Rating::Again, state.due.unwrap())
        .unwrap();
    store.record_answer(&answer, 3000, true).unwrap();
    store
}

fn clock() -> DayClock {
    DayClock::fixed(FixedOffset::east_opt(0).unwrap(), 4)
}

#[test]
fn stats_json_agrees_with_the_review_log() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let mut out = Vec::new();
    run_stats_at(
        &store,
        &questions(),
        true,
        at("2024-03-04T12:00:00Z"),
        clock(),
        &mut out,
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let log = store.review_log().unwrap();
    assert_eq!(json["totals"]["answers"], log.len());
    assert_eq!(json["totals"]["drill_answers"], 1);
    let per_day: u64 = json["reviews_per_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["answers"].as_u64().unwrap())
        .sum();
    assert_eq!(per_day, log.len() as u64);
    assert_eq!(json["counts"]["total"], 3);
    assert_eq!(json["counts"]["new"], 1);
    assert_eq!(json["retention"]["all_time"]["total"]["answers"], 1);
    assert_eq!(json["retention"]["all_time"]["total"]["passed"], 0);
    assert_eq!(json["topics"][0]["topic"], "caching");
    assert_eq!(json["topics"][1]["answers"], 4);
}

#[test]
fn stats_text_has_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let mut out = Vec::new();
    run_stats_at(
        &store,
        &questions(),
        false,
        at("2024-03-04T12:00:00Z"),
        clock(),
        &mut out,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    for needle in [
        "Cards       3 total: 1 new",
        "Streak      1 day (longest 1 day), not studied yet today",
        "Answers     4 in total (1 in drills)",
        "Retention",
        "Answers per day",
        "Due (next 14 days",
        "  caching     ",
        "distroless",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn json_export_to_a_file_holds_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let target = dir.path().join("export.json");
    let mut stdout = Vec::new();
    run_export(&store, &[], ExportFormat::Json, Some(&target), &mut stdout).unwrap();
    assert!(stdout.is_empty());
    let export: crate::export::JsonExport =
        serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(export.review_log.len(), 4);
    assert_eq!(export.cards.len(), 2);
    assert!(!export.scheduler.enable_fuzz);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn anki_export_tags_topics_and_leeches() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    store
        .put_card_state(
            "c",
            &CardState {
                leech: true,
                ..CardState::new()
            },
        )
        .unwrap();
    let mut out = Vec::new();
    run_export(&store, &questions(), ExportFormat::AnkiTsv, None, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with(crate::export::anki_tsv::HEADER));
    assert!(
        text.contains("Question a?\tAnswer a\tstagecraft stagecraft::distroless\tstagecraft-a\n")
    );
    assert!(
        text.contains(
            "Question c?\tAnswer c\tstagecraft stagecraft::caching leech\tstagecraft-c\n"
        )
    );

    let err = run_export(&store, &[], ExportFormat::AnkiTsv, None, &mut Vec::new()).unwrap_err();
    assert!(matches!(err, CommandError::NoQuestions));
}

#[test]
fn export_to_a_missing_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_history(dir.path());
    let target = dir.path().join("missing/out.json");
    let err = run_export(
        &store,
        &[],
        ExportFormat::Json,
        Some(&target),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("missing/out.json"), "{err}");
}
