//! The study tools through the real binary: cards and their actions, export and import
//! between profiles, the optimiser and the workload simulation.

mod common;

use common::run;

#[test]
fn cards_import_optimize_and_simulate_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();

    let (code, out, err) = run(data, &["cards", "--sort", "id", "--json"]);
    assert_eq!(code, 0, "{err}");
    let cards: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = cards[0]["id"].as_str().unwrap().to_owned();
    let second = cards[1]["id"].as_str().unwrap().to_owned();
    assert_eq!(cards[0]["phase"], "new");

    let (code, out, err) = run(data, &["cards", "suspend", &first, &second]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Suspended: 2 cards.\n");
    let (code, out, _) = run(data, &["cards", "--suspended"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&first) && out.contains(&second) && out.ends_with("2 cards\n"),
        "{out}"
    );
    let (code, _, err) = run(data, &["cards", "set-due", "--days", "1", &first]);
    assert_eq!(code, 2);
    assert!(err.contains("it is new"), "{err}");

    let export = data.join("progress.json");
    let export_arg = export.to_str().unwrap();
    let (code, _, err) = run(data, &["export", "--format", "json", "-o", export_arg]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(data, &["--profile", "laptop", "import", export_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Imported 2 cards and 0 answers"), "{out}");
    let (_, out, _) = run(data, &["--profile", "laptop", "cards", "--suspended"]);
    assert!(out.ends_with("2 cards\n"), "{out}");
    let (code, _, err) = run(data, &["--profile", "laptop", "import", export_arg]);
    assert_eq!(code, 2);
    assert!(err.contains("--merge"), "{err}");
    let (code, _, err) = run(
        data,
        &["--profile", "laptop", "import", "--merge", export_arg],
    );
    assert_eq!(code, 0, "{err}");

    let (code, out, err) = run(data, &["optimize", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("nothing to fit"), "{out}");

    let (code, out, err) = run(data, &["simulate", "--retention", "0.8", "--days", "7"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("reviews @0.80") && out.contains("mean"),
        "{out}"
    );
    let (code, _, err) = run(data, &["simulate", "--retention", "1.5"]);
    assert_eq!(code, 2);
    assert!(err.contains("between 0.70 and 0.99"), "{err}");
}

#[test]
fn study_lists_the_cards_of_each_kind_of_custom_study() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let good = ["--content", "tests/fixtures/packs/good"];

    let (code, out, err) = run(data, &["study", "--missed-today", "--list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "No card was missed today.\n");
    let (code, out, err) = run(data, &["study", "--leeches", "--list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "No card is a leech.\n");

    let (code, out, err) = run(
        data,
        &[&good[..], &["study", "--topic", "DEMO", "--list"]].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("demo-final-stage  demo"), "{out}");
    assert!(lines[1].starts_with("demo-flash"), "{out}");
    assert!(
        lines[2].starts_with("2 cards for custom study of topic demo: studying them saves nothing"),
        "{out}"
    );

    let (code, _, err) = run(data, &["study", "--topic", "nope", "--list"]);
    assert_eq!(code, 2);
    assert!(err.contains("no topic `nope`; topics are:"), "{err}");
    let (code, _, err) = run(data, &["study", "--list"]);
    assert_eq!(code, 2);
    assert!(err.contains("--topic"), "{err}");
}

/// Custom study with no card to study says why and fails, before it asks for a terminal:
/// a topic of labs only (never reviewed), nothing missed today, no leech. `--list` says the
/// same and succeeds (an empty list is an answer).
#[test]
fn study_with_nothing_to_study_says_why_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let classroom = ["--content", "tests/fixtures/packs/classroom"];
    let labs = "Topic labs has nothing to study: its questions are labs";
    for (kind, why) in [
        (&["--topic", "labs"][..], labs),
        (&["--missed-today"][..], "No card was missed today."),
        (&["--leeches"][..], "No card is a leech."),
    ] {
        let args = [&classroom[..], &["study"], kind].concat();
        let (code, out, err) = run(data, &args);
        assert_eq!(code, 2, "{kind:?}: {out}{err}");
        assert!(err.contains(why), "{kind:?}: {err}");
        assert!(!err.contains("terminal"), "{kind:?}: {err}");
        let (code, out, err) = run(data, &[&args[..], &["--list"]].concat());
        assert_eq!(code, 0, "{kind:?}: {err}");
        assert!(out.starts_with(why), "{kind:?}: {out}");
    }
}
