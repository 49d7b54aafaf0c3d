//! End-to-end tests of the line-based mock interview: typed answers, key-point hints, a
//! follow-up after a good answer, a scenario fix checked by the analyzer, leaving early, the
//! debrief with its trend, and the saved interviews in `stats` and the JSON export.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::process::{Command, Stdio};

use chrono::{DateTime, Duration, Utc};
use stagecraft::commands::interview::{Terminal, run};
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::srs::interview::{InterviewPlan, Level, PlannedQuestion, Stage};
use stagecraft::store::Store;

const QUIZ: &str = r#"topic: mock
questions:
  - id: mock-why-distroless
    kind: flashcard
    prompt: Why would you ship a distroless image?
    model_answer: Smaller image, fewer packages to patch, no shell for an attacker.
    key_points:
      - smaller image
      - fewer packages to patch
      - point: no shell for an attacker
        also: [without a shell]
    follow_ups: [mock-debug-without-shell]
    lesson: interview-prep
    explanation: The three reasons an interviewer listens for.
  - id: mock-debug-without-shell
    kind: flashcard
    prompt: And how do you debug it without a shell?
    model_answer: An ephemeral debug container that shares the pod's process namespace.
    key_points:
      - ephemeral debug container
    lesson: interview-prep
    explanation: kubectl debug adds a container with tools beside the app.
  - id: mock-shell-form
    kind: flashcard
    prompt: This container will not start. Why?
    dockerfile: |
      FROM golang:1.27-trixie AS build
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -o /app .
      FROM gcr.io/distroless/static-debian13
      COPY --from=build /app /app
      CMD /app
    scenario:
      error: |
        exec: "/bin/sh": stat /bin/sh: no such file or directory
      fix:
        removes: [shell-form-without-shell]
        contains: ['CMD ["/app"]']
    model_answer: Shell form needs /bin/sh, which distroless lacks; use exec form.
    key_points:
      - shell form needs /bin/sh
      - exec form
    lesson: interview-prep
    explanation: Exec form runs the binary without a shell.
"#;

fn content() -> (tempfile::TempDir, ContentSet) {
    let pack = tempfile::tempdir().unwrap();
    std::fs::create_dir(pack.path().join("quizzes")).unwrap();
    std::fs::write(pack.path().join("quizzes/mock.yaml"), QUIZ).unwrap();
    let content = ContentSet::load(&[PackSource::Embedded, PackSource::Dir(pack.path().into())]);
    let own: Vec<_> = content
        .diagnostics
        .iter()
        .filter(|d| d.path.contains("mock.yaml"))
        .collect();
    assert!(own.is_empty(), "{own:?}");
    (pack, content)
}

fn planned(id: &str, stage: Stage) -> PlannedQuestion {
    PlannedQuestion {
        id: id.into(),
        topic: "mock".into(),
        stage,
        soft_limit_secs: 180,
    }
}

fn plan() -> InterviewPlan {
    InterviewPlan {
        minutes: 15,
        level: Level::Mid,
        questions: vec![
            planned("mock-why-distroless", Stage::Core),
            planned("mock-shell-form", Stage::Scenario),
        ],
        follow_ups: HashMap::from([(
            "mock-why-distroless".to_owned(),
            vec![planned("mock-debug-without-shell", Stage::FollowUp)],
        )]),
    }
}

/// Runs the interview on `input`; the clock moves 40 seconds at each reading.
fn interview(content: &ContentSet, store: &Store, input: &str) -> String {
    interview_rescheduling(content, store, input, false)
}

/// [`interview`], saving ratings as reviews when `reschedule` is set.
fn interview_rescheduling(
    content: &ContentSet,
    store: &Store,
    input: &str,
    reschedule: bool,
) -> String {
    let mut reader = Cursor::new(input.as_bytes().to_vec());
    let mut output = Vec::new();
    let mut now: DateTime<Utc> = "2026-11-30T10:00:00Z".parse().unwrap();
    let mut clock = move || {
        now += Duration::seconds(40);
        now
    };
    let editor = |_: &str| Ok("typed in the editor: use an ephemeral debug container".to_owned());
    let mut term = Terminal {
        input: &mut reader,
        output: &mut output,
        clock: &mut clock,
        editor: &editor,
    };
    run(content, store, &plan(), &mut term, reschedule).unwrap();
    String::from_utf8(output).unwrap()
}

#[test]
fn a_mock_interview_with_a_follow_up_left_early_and_a_debrief() {
    let (_pack, content) = content();
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path(), "ann").unwrap();
    // 1: a good answer (hints accepted with Enter, rated good) leads to the follow-up, answered
    // in the editor; then the learner leaves at the scenario.
    let out = interview(
        &content,
        &store,
        "It gives a much smaller image\nand it does not remove the shell\n\n\n3\n:e\n1\n4\n:q\n",
    );
    assert!(out.contains("[*] 1. smaller image"), "{out}");
    assert!(out.contains("[ ] 3. no shell for an attacker"), "{out}");
    assert!(out.contains("Question 2 · follow-up"), "{out}");
    assert!(out.contains("typed in the editor"), "{out}");
    assert!(out.contains("Question 3 · scenario"), "{out}");
    assert!(out.contains("no such file or directory"), "{out}");
    assert!(out.contains("Debrief"), "{out}");
    assert!(out.contains("(left early)"), "{out}");
    assert!(out.contains("missed: fewer packages to patch"), "{out}");
    assert!(out.contains("this is your first mock interview"), "{out}");

    let saved = store.mock_interviews().unwrap();
    assert_eq!(saved.len(), 1);
    assert!(saved[0].left_early);
    let stages: Vec<Stage> = saved[0].answers.iter().map(|a| a.stage).collect();
    assert_eq!(stages, [Stage::Core, Stage::FollowUp]);
    assert_eq!(saved[0].answers[0].covered, ["smaller image"]);
    assert_eq!(saved[0].answers[0].seconds, 40);
    // Nothing was rescheduled.
    assert!(store.card_states().unwrap().is_empty());

    // 2: a poor first answer has no follow-up; the scenario's typed fix is checked.
    let out = interview(
        &content,
        &store,
        "no idea\n.\n-\n1\nshell form needs /bin/sh, use exec form\n\nCMD [\"/app\"]\n\n\n4\n",
    );
    assert!(!out.contains("· follow-up"), "{out}");
    assert!(out.contains("The analyzer accepts the fix."), "{out}");
    assert!(out.contains("Revisit:"), "{out}");
    assert!(out.contains("stagecraft read interview-prep"), "{out}");
    assert!(out.contains("since the last mock interview"), "{out}");
    assert!(!out.contains("(left early)"), "{out}");
    assert_eq!(store.mock_interviews().unwrap().len(), 2);
}

#[test]
fn reschedule_saves_ratings_of_studied_cards_and_leaves_new_cards_new() {
    let (_pack, content) = content();
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path(), "ann").unwrap();
    let scheduler = stagecraft::srs::Scheduler::new(store.scheduler_config().unwrap()).unwrap();
    store
        .answer(
            &scheduler,
            &stagecraft::store::NewAnswer {
                card_id: "mock-why-distroless".into(),
                rating: stagecraft::srs::Rating::Good,
                at: "2026-11-20T10:00:00Z".parse().unwrap(),
                duration_ms: 5_000,
                drill: false,
                overridden: false,
            },
        )
        .unwrap();
    let before = store.card_state("mock-why-distroless").unwrap().unwrap();
    // A good answer to the studied card, then the follow-up (a new card), then leaving.
    interview_rescheduling(
        &content,
        &store,
        "It gives a much smaller image\n\n\n3\n:e\n1\n4\n:q\n",
        true,
    );
    let after = store.card_state("mock-why-distroless").unwrap().unwrap();
    assert_ne!(
        after.last_review, before.last_review,
        "the studied card was rescheduled"
    );
    assert!(after.due > before.due, "{before:?} -> {after:?}");
    assert_eq!(
        store.card_state("mock-debug-without-shell").unwrap(),
        None,
        "a new card stays new: the day's new-card allowance is not used"
    );
}

#[test]
fn a_wrong_fix_is_reported_by_the_analyzer() {
    let (_pack, content) = content();
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path(), "ann").unwrap();
    let out = interview(
        &content,
        &store,
        "x\n\n-\n1\nit lacks a shell\n\nCMD /app --serve\n\n2\n1\n",
    );
    assert!(
        out.contains("still reported: shell-form-without-shell"),
        "{out}"
    );
    assert!(
        out.contains("expected an instruction like: CMD [\"/app\"]"),
        "{out}"
    );
}

#[test]
fn the_binary_runs_an_interview_from_stdin_and_lists_it() {
    let data = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_stagecraft");
    let mut child = Command::new(bin)
        .args(["--data-dir"])
        .arg(data.path())
        .args([
            "drill",
            "--interview",
            "--minutes",
            "15",
            "--level",
            "senior",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a first answer\n\n\n2\n:q\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("Mock interview: 15 minutes, senior level"),
        "{stdout}"
    );
    assert!(stdout.contains("Question 1 · warm-up"), "{stdout}");
    assert!(stdout.contains("Debrief"), "{stdout}");
    assert!(stdout.contains("(left early)"), "{stdout}");

    let run = |args: &[&str]| {
        let out = Command::new(bin)
            .arg("--data-dir")
            .arg(data.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let stats = run(&["stats"]);
    assert!(stats.contains("Interviews  1 mock interview(s)"), "{stats}");
    assert!(stats.contains("senior"), "{stats}");
    let json: serde_json::Value = serde_json::from_str(&run(&["stats", "--json"])).unwrap();
    assert_eq!(json["mock_interviews"][0]["answered"], 1);
    let export: serde_json::Value =
        serde_json::from_str(&run(&["export", "--format", "json"])).unwrap();
    assert_eq!(export["mock_interviews"][0]["left_early"], true);
    assert_eq!(export["cards"].as_array().map(Vec::len), Some(0));
}
