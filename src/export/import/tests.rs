use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::commands::export_bytes;
use crate::export::ExportFormat;
use crate::srs::test_time::at;
use crate::srs::{LeechAction, SchedulerConfig};

/// A profile with two settings changes and answers under each.
fn profile_with_history(dir: &Path, name: &str, cards: &[&str], start: DateTime<Utc>) -> Store {
    let store = Store::open(dir, name).unwrap();
    let mut config = SchedulerConfig {
        enable_fuzz: false,
        ..SchedulerConfig::default()
    };
    store.set_scheduler_config_at(&config, start).unwrap();
    let mut now = start + Duration::minutes(1);
    for round in 0..3 {
        if round == 2 {
            config.desired_retention = 0.85;
            config.new_per_day = 7;
            config.leech_action = LeechAction::TagOnly;
            store.set_scheduler_config_at(&config, now).unwrap();
        }
        let scheduler = Scheduler::new(config.clone()).unwrap();
        for id in cards {
            let state = store.card_state(id).unwrap().unwrap_or_default();
            let rating = if round == 1 {
                Rating::Hard
            } else {
                Rating::Good
            };
            let answer = scheduler.answer(id, &state, rating, now).unwrap();
            store.record_answer(&answer, 2500, false).unwrap();
            now += Duration::minutes(3);
        }
        now += Duration::days(2);
    }
    store.set_suspended(cards[0], true).unwrap();
    store.complete_lab("lab-a", start).unwrap();
    store.complete_lab(name, now).unwrap();
    store.save_mock_interview(&mut mock(start, 2)).unwrap();
    store
}

/// A mock interview started at `start` with `answers` answers.
fn mock(start: DateTime<Utc>, answers: usize) -> MockInterview {
    use crate::srs::interview::{InterviewAnswer, Level, Stage};
    MockInterview {
        id: None,
        started_at: start,
        finished_at: Some(start + Duration::minutes(15)),
        minutes: 15,
        level: Level::Mid,
        left_early: false,
        answers: (0..answers)
            .map(|n| InterviewAnswer {
                question_id: format!("q{n}"),
                topic: "t".into(),
                stage: Stage::Core,
                lesson: "l".into(),
                answer: "smaller image".into(),
                rating: Rating::Good,
                key_points: vec!["smaller image".into()],
                covered: vec!["smaller image".into()],
                seconds: 60,
                soft_limit_secs: 180,
            })
            .collect(),
    }
}

fn export_text(store: &Store) -> String {
    let bytes = export_bytes(store, &[], ExportFormat::Json, at("2026-11-30T12:00:00Z")).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn export_import_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let source = profile_with_history(dir.path(), "a", &["q1", "q2"], at("2026-01-01T09:00:00Z"));
    let first = export_text(&source);
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(json["settings_history"].as_array().unwrap().len(), 2);
    assert_eq!(json["settings_history"][1]["desired_retention"], 0.85);
    assert_eq!(json["scheduler"]["new_per_day"], 7);
    assert_eq!(json["scheduler"]["reviews_per_day"], 200);
    assert_eq!(json["scheduler"]["leech_action"], "tag_only");
    assert_eq!(json["labs"].as_array().unwrap().len(), 2);
    assert_eq!(json["mock_interviews"].as_array().unwrap().len(), 1);

    let file = write(dir.path(), "export.json", &first);
    let target = Store::open(dir.path(), "b").unwrap();
    let summary = import_file(&target, &file, false).unwrap();
    assert_eq!((summary.cards, summary.answers), (2, 6));
    assert_eq!(export_text(&target), first);
    assert!(target.card_state("q1").unwrap().unwrap().suspended);
    assert_eq!(target.scheduler_config().unwrap().new_per_day, 7);
    assert_eq!(target.lab_completions().unwrap().len(), 2);
    assert_eq!(target.mock_interviews().unwrap().len(), 1);
}

#[test]
fn a_newer_version_a_conflict_and_a_bad_value_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = profile_with_history(dir.path(), "a", &["q1"], at("2026-01-01T09:00:00Z"));
    let text = export_text(&source);
    let target = Store::open(dir.path(), "b").unwrap();

    let newer = write(
        dir.path(),
        "newer.json",
        &text.replace("\"version\": 2", "\"version\": 3"),
    );
    let err = import_file(&target, &newer, false).unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::TooNew {
                found: 3,
                supported: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("newer stagecraft"), "{err}");

    let bad = write(
        dir.path(),
        "bad.json",
        &text.replacen("\"rating\": 3", "\"rating\": 7", 1),
    );
    let err = import_file(&target, &bad, false).unwrap_err();
    assert!(
        matches!(&err, ImportError::Invalid { field, .. } if field == "review_log[0].rating"),
        "{err}"
    );

    let cut = write(dir.path(), "cut.json", &text[..text.len() / 2]);
    let err = import_file(&target, &cut, false).unwrap_err();
    assert!(
        matches!(err, ImportError::Syntax { line, .. } if line > 1),
        "{err}"
    );

    let other = write(
        dir.path(),
        "other.json",
        r#"{"format": "anki", "version": 1}"#,
    );
    assert!(matches!(
        import_file(&target, &other, false),
        Err(ImportError::NotAnExport { .. })
    ));
    assert!(target.progress_snapshot().unwrap().has_no_progress());

    // Importing into a profile with progress is a conflict without --merge.
    let before = export_text(&source);
    let file = write(dir.path(), "same.json", &text);
    let err = import_file(&source, &file, false).unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Conflict {
                cards: 1,
                answers: 3
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("--merge"), "{err}");
    assert_eq!(export_text(&source), before);
}

#[test]
fn merge_combines_both_logs_by_time_once() {
    let dir = tempfile::tempdir().unwrap();
    let home = profile_with_history(
        dir.path(),
        "home",
        &["q1", "q2"],
        at("2026-01-01T09:00:00Z"),
    );
    let laptop = profile_with_history(
        dir.path(),
        "laptop",
        &["q2", "q3"],
        at("2026-01-01T10:00:00Z"),
    );
    let laptop_q2 = laptop.card_state("q2").unwrap().unwrap();
    let file = write(dir.path(), "laptop.json", &export_text(&laptop));

    let summary = import_file(&home, &file, true).unwrap();
    assert_eq!((summary.cards, summary.answers), (3, 12));
    let log = home.review_log().unwrap();
    assert!(log.windows(2).all(|w| w[0].reviewed_at <= w[1].reviewed_at));
    assert_eq!(
        log.iter().map(|r| r.id).collect::<Vec<_>>(),
        (1..=12).collect::<Vec<_>>()
    );
    // q2 was answered last on the laptop.
    assert_eq!(home.card_state("q2").unwrap().unwrap(), laptop_q2);
    // The settings in force stay home's; both histories are kept.
    assert_eq!(home.settings_history().unwrap().len(), 4);

    // Labs of both, `lab-a` at the earlier time; the mock interviews of both in time order.
    let labs = home.lab_completions().unwrap();
    let mut lab_ids: Vec<&str> = labs.keys().map(String::as_str).collect();
    lab_ids.sort_unstable();
    assert_eq!(lab_ids, ["home", "lab-a", "laptop"]);
    assert_eq!(labs["lab-a"], at("2026-01-01T09:00:00Z"));
    let mocks = home.mock_interviews().unwrap();
    let starts: Vec<_> = mocks.iter().map(|m| (m.id, m.started_at)).collect();
    assert_eq!(
        starts,
        [
            (Some(1), at("2026-01-01T09:00:00Z")),
            (Some(2), at("2026-01-01T10:00:00Z"))
        ]
    );

    // Merging the same file again adds nothing.
    let before = export_text(&home);
    let again = import_file(&home, &file, true).unwrap();
    assert_eq!(again.answers, 12);
    assert_eq!(export_text(&home), before);
}

#[test]
fn an_interview_in_both_profiles_is_kept_once_with_the_more_answers() {
    let started = at("2026-02-01T09:00:00Z");
    let merged = merge_mock_interviews(
        vec![mock(started, 1), mock(at("2026-02-02T09:00:00Z"), 0)],
        vec![mock(started, 3), mock(at("2026-01-31T09:00:00Z"), 2)],
    );
    let kept: Vec<_> = merged
        .iter()
        .map(|m| (m.started_at, m.answers.len()))
        .collect();
    assert_eq!(
        kept,
        [
            (at("2026-01-31T09:00:00Z"), 2),
            (started, 3),
            (at("2026-02-02T09:00:00Z"), 0)
        ]
    );
}

#[test]
fn an_import_into_a_profile_with_only_interviews_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let source = profile_with_history(dir.path(), "a", &["q1"], at("2026-01-01T09:00:00Z"));
    let file = write(dir.path(), "a.json", &export_text(&source));
    let target = Store::open(dir.path(), "b").unwrap();
    target
        .save_mock_interview(&mut mock(at("2025-12-01T09:00:00Z"), 1))
        .unwrap();
    import_file(&target, &file, false).unwrap();
    assert_eq!(target.mock_interviews().unwrap().len(), 2);
}

#[test]
fn a_version_1_file_imports_with_default_limits() {
    let dir = tempfile::tempdir().unwrap();
    let source = profile_with_history(dir.path(), "a", &["q1"], at("2026-01-01T09:00:00Z"));
    let mut json: serde_json::Value = serde_json::from_str(&export_text(&source)).unwrap();
    json["version"] = 1.into();
    let object = json.as_object_mut().unwrap();
    object.remove("settings_history");
    let scheduler = object["scheduler"].as_object_mut().unwrap();
    for field in [
        "new_per_day",
        "reviews_per_day",
        "leech_action",
        "learn_ahead_secs",
    ] {
        scheduler.remove(field);
    }
    let file = write(dir.path(), "v1.json", &json.to_string());
    let target = Store::open(dir.path(), "b").unwrap();
    import_file(&target, &file, false).unwrap();
    let config = target.scheduler_config().unwrap();
    assert_eq!(config.new_per_day, 15);
    assert_eq!(config.desired_retention, 0.85);
    assert!(target.settings_history().unwrap().is_empty());
}

#[test]
fn a_failing_write_leaves_the_profile_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = profile_with_history(dir.path(), "a", &["q1"], at("2026-01-01T09:00:00Z"));
    let before = export_text(&store);
    // Two answers with the same id: the database refuses the second after the first rows
    // were written, inside the transaction.
    let result = store.rewrite_progress(|mut snapshot| {
        snapshot.cards.clear();
        let copy = snapshot.log[0].clone();
        snapshot.log.push(copy);
        Ok::<_, StoreError>(snapshot)
    });
    assert!(result.is_err());
    assert_eq!(export_text(&store), before);
}
