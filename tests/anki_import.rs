//! Both Anki exports, imported by Anki itself: the `anki` package from PyPI (Anki's own Rust
//! core behind its Python API) imports the `.apkg` made from the embedded content and a
//! profile with reviews, and the text export with its CSV importer; the test checks what Anki
//! then holds. Without python3 or the `anki` package the test is skipped with a message,
//! except under `CI=true`, where it fails (`.ci/run` installs the package).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::srs::{DayClock, Rating, Scheduler, SchedulerConfig};
use stagecraft::store::{NewAnswer, Store};

/// What Anki sees after importing: printed as JSON by this script.
const ANKI_SCRIPT: &str = r#"
import json, sys
from anki.collection import (Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest,
                             ImportCsvRequest)

col_path, apkg, tsv, text_col_path = sys.argv[1:5]
out = {}
col = Collection(col_path)
options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)
first = col.import_anki_package(ImportAnkiPackageRequest(package_path=apkg, options=options))
out["first_new"] = len(first.log.new)
out["today"] = col.sched.today
notes = {}
for nid in col.find_notes(""):
    note = col.get_note(nid)
    card = note.cards()[0]
    memory = card.memory_state
    notes[note.guid] = {
        "notetype": note.note_type()["name"],
        "fields": dict(note.items()),
        "tags": note.tags,
        "deck": col.decks.name(card.did),
        "type": card.type, "queue": card.queue, "due": card.due, "ivl": card.ivl,
        "reps": card.reps, "lapses": card.lapses,
        "stability": memory.stability if memory else None,
        "question": card.question(),
    }
out["notes"] = notes
out["notetypes"] = {m["name"]: [f["name"] for f in m["flds"]] for m in col.models.all()}
out["revlog"] = col.db.scalar("select count() from revlog")
out["revlog_eases"] = col.db.list("select ease from revlog order by id")
config = col.decks.config_dict_for_deck_id(col.decks.id_for_name("stagecraft"))
out["deck_config"] = {"new_delays": config["new"]["delays"],
                      "retention": config.get("desiredRetention")}
second = col.import_anki_package(ImportAnkiPackageRequest(package_path=apkg, options=options))
out["second_new"] = len(second.log.new)
out["second_updated"] = len(second.log.updated)
out["second_duplicate"] = len(second.log.duplicate)
out["notes_after_second"] = col.note_count()
col.close()

text = Collection(text_col_path)
metadata = text.get_csv_metadata(path=tsv, delimiter=None)
imported = text.import_csv(ImportCsvRequest(path=tsv, metadata=metadata))
out["text_new"] = len(imported.log.new)
text_notes = {}
for nid in text.find_notes(""):
    note = text.get_note(nid)
    card = note.cards()[0]
    text_notes[note.guid] = {"notetype": note.note_type()["name"], "fields": dict(note.items()),
                             "tags": note.tags, "deck": text.decks.name(card.did)}
out["text_notes"] = text_notes
text.close()
print(json.dumps(out))
"#;

/// Whether Anki's Python package can be used; when it cannot, says why (and fails under CI).
fn anki_available() -> bool {
    let check = Command::new("python3")
        .args(["-c", "import anki.collection"])
        .output();
    let reason = match check {
        Ok(output) if output.status.success() => return true,
        Ok(output) => format!(
            "the `anki` Python package is missing ({})",
            String::from_utf8_lossy(&output.stderr).trim()
        ),
        Err(err) => format!("python3 cannot be run ({err})"),
    };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{reason}: CI must run this test (.ci/run installs `anki` with pip)");
    }
    eprintln!("skipping the Anki import test: {reason} (python3 -m pip install anki)");
    false
}

/// Answers a card at `at`.
fn answer(store: &Store, scheduler: &Scheduler, id: &str, rating: Rating, at: DateTime<Utc>) {
    store
        .answer(
            scheduler,
            &NewAnswer {
                card_id: id.to_owned(),
                rating,
                at,
                duration_ms: 6_000,
                drill: false,
                overridden: false,
            },
        )
        .unwrap();
}

/// Runs the binary on the profile in `data`.
fn stagecraft(data: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "stagecraft {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn anki_imports_both_exports_with_the_learners_scheduling() {
    if !anki_available() {
        return;
    }
    let content = ContentSet::load(&[PackSource::Embedded]);
    let questions = content.scheduled_questions();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open(&data, "default").unwrap();
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    // Anki counts its days from the real clock, so the reviews are recent.
    let now = Utc::now();
    let (reviewed, suspended, learning) = (&questions[0].id, &questions[1].id, &questions[2].id);
    let start = now - Duration::days(10);
    answer(&store, &scheduler, reviewed, Rating::Good, start);
    answer(
        &store,
        &scheduler,
        reviewed,
        Rating::Good,
        start + Duration::minutes(10),
    );
    answer(
        &store,
        &scheduler,
        reviewed,
        Rating::Good,
        now - Duration::days(4),
    );
    answer(
        &store,
        &scheduler,
        suspended,
        Rating::Easy,
        now - Duration::days(3),
    );
    store.set_suspended(suspended, true).unwrap();
    answer(
        &store,
        &scheduler,
        learning,
        Rating::Again,
        now - Duration::hours(1),
    );
    let states = store.card_states().unwrap();
    let log_len = store.review_log().unwrap().len();
    drop(store);

    let apkg = dir.path().join("stagecraft.apkg");
    let tsv = dir.path().join("stagecraft.txt");
    stagecraft(
        &data,
        &["export", "--format", "apkg", "-o", apkg.to_str().unwrap()],
    );
    stagecraft(
        &data,
        &[
            "export",
            "--format",
            "anki-tsv",
            "-o",
            tsv.to_str().unwrap(),
        ],
    );
    let output = Command::new("python3")
        .arg("-c")
        .arg(ANKI_SCRIPT)
        .arg(dir.path().join("anki.anki2"))
        .arg(&apkg)
        .arg(&tsv)
        .arg(dir.path().join("text.anki2"))
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "Anki failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_slice(&output.stdout).unwrap();
    let notes = seen["notes"].as_object().unwrap();
    let note = |id: &str| &notes[&format!("stagecraft-{id}")];

    // One note per question, of its kind's note type, with the kind's fields.
    assert_eq!(notes.len(), questions.len());
    assert_eq!(seen["first_new"], questions.len());
    let notetypes = seen["notetypes"].as_object().unwrap();
    let mut kinds = HashMap::new();
    for q in &questions {
        let seen_note = note(&q.id);
        let name = seen_note["notetype"].as_str().unwrap();
        let label = q.kind.label();
        assert_eq!(name, format!("stagecraft: {label}"), "{}", q.id);
        let fields: Vec<&str> = notetypes[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(*fields.last().unwrap(), "Id");
        assert_eq!(seen_note["fields"]["Id"], q.id.as_str());
        assert_eq!(
            seen_note["deck"],
            format!("stagecraft::{}", q.topic),
            "{}",
            q.id
        );
        kinds.insert(name.to_owned(), fields);
    }
    assert!(kinds.len() >= 4, "few kinds: {:?}", kinds.keys());
    let single = &kinds["stagecraft: single choice"];
    assert_eq!(
        single,
        &[
            "Prompt",
            "Options",
            "Dockerfile",
            "Answer",
            "Explanation",
            "Lesson",
            "Id"
        ]
    );
    let choice = questions
        .iter()
        .find(|q| q.kind.name() == "single")
        .unwrap();
    let question_html = note(&choice.id)["question"].as_str().unwrap();
    assert!(
        question_html.contains("<ol type=\"A\">"),
        "the options are on the front: {question_html}"
    );

    // The reviewed card is in review, due when we have it due, with its interval and memory.
    let clock = DayClock::utc(4);
    let today = clock.day_of(now);
    let state = &states[reviewed];
    let card = note(reviewed);
    let due_in = i64::from(clock.day_of(state.due.unwrap()).days_since(today));
    assert_eq!(card["type"], 2);
    assert_eq!(card["queue"], 2);
    assert_eq!(
        card["due"].as_i64().unwrap(),
        seen["today"].as_i64().unwrap() + due_in
    );
    assert_eq!(
        card["ivl"].as_i64().unwrap(),
        state.scheduled_days().unwrap()
    );
    assert_eq!(card["reps"], 3);
    let stability = card["stability"].as_f64().unwrap();
    let expected = f64::from(state.memory.unwrap().stability);
    assert!(
        (stability - expected).abs() < 0.001,
        "{stability} vs {expected}"
    );
    // The suspended card is suspended, still a review card; the learning one is learning.
    assert_eq!(
        (&note(suspended)["type"], &note(suspended)["queue"]),
        (&Value::from(2), &Value::from(-1))
    );
    assert_eq!(note(learning)["type"], 1);
    assert_eq!(note(learning)["queue"], 1);
    // Unanswered cards are new.
    assert_eq!(note(&questions[3].id)["queue"], 0);
    assert_eq!(note(&questions[3].id)["type"], 0);
    // Every answer is in the review log, and the deck options carry our settings.
    assert_eq!(seen["revlog"], log_len);
    assert_eq!(seen["revlog_eases"], serde_json::json!([3, 3, 3, 4, 1]));
    assert_eq!(
        seen["deck_config"]["new_delays"],
        serde_json::json!([1.0, 10.0])
    );

    // A second import updates the notes: no copies.
    assert_eq!(seen["second_new"], 0);
    assert_eq!(seen["notes_after_second"], questions.len());

    // The text export, through Anki's own CSV importer: the same notes, on the Basic type.
    assert_eq!(seen["text_new"], questions.len());
    let text_notes = seen["text_notes"].as_object().unwrap();
    assert_eq!(text_notes.len(), questions.len());
    let text_note = &text_notes[&format!("stagecraft-{}", choice.id)];
    assert_eq!(text_note["notetype"], "Basic");
    assert_eq!(text_note["deck"], "stagecraft");
    let front = text_note["fields"]["Front"].as_str().unwrap();
    assert!(front.contains("<ol type=\"A\">"), "{front}");
    let tags: Vec<&str> = text_note["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(tags.contains(&"stagecraft"), "{tags:?}");
}
