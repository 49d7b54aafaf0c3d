//! End-to-end: the release or debug binary in a real terminal (tmux), read from the screen.
//! `cargo test` drives the binary it built; `.ci/run` runs these tests a second time on the
//! release binary by naming it in `STAGECRAFT_E2E_BIN`.
//! `.ci/run` installs tmux; without it these tests fail with a clear message.

mod common;

use common::tmux::{Tmux, binary, flat};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A folder of the test's own for files the app is given (removed by the test at its end).
fn work_dir(tmux: &Tmux) -> std::path::PathBuf {
    let work = std::env::temp_dir().join(format!("{}-work", tmux.socket));
    std::fs::create_dir_all(&work).expect("work dir");
    work
}

/// An editor that needs the terminal in cooked mode: it prints `LABEL on FILE`, reads a line
/// (so that it waits for the test), then runs `then`, a shell line given the file as `$1`.
fn fake_editor(work: &std::path::Path, label: &str, then: &str) -> std::path::PathBuf {
    let editor = work.join("editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\nprintf '{label} on %s\\n' \"$1\"\nread answer\n{then}\n"),
    )
    .expect("editor");
    editor
}

/// Starts the app on the interview pack with `editor` as the editor and data in `work`, and
/// opens the mock interview's set-up.
fn open_mock_interview(tmux: &Tmux, work: &std::path::Path, editor: &std::path::Path) {
    let bin = binary();
    tmux.wait_for("bash");
    tmux.keys(&[
        &format!(
            "VISUAL= EDITOR='sh {}' {bin} --content tests/fixtures/packs/interview --data-dir {}",
            editor.display(),
            work.join("data").display()
        ),
        "Enter",
    ]);
    tmux.wait_for("stagecraft › Home");
    step(tmux, "i", "Set-up");
}

/// Starts the app in the tmux shell; its data dir is unique, so `pkill -f` can find it.
fn launch(tmux: &Tmux, extra: &str) -> String {
    let bin = binary();
    let data_dir = std::env::temp_dir().join(&tmux.socket);
    let data_dir = data_dir.display();
    tmux.wait_for("bash");
    tmux.keys(&[&format!("RUST_BACKTRACE=0 {extra} {bin} --content tests/fixtures/packs/good --data-dir {data_dir}"), "Enter"]);
    tmux.wait_for("stagecraft › Home");
    data_dir.to_string()
}

/// After the app ends, the shell must be back in cooked mode with echo, and the cursor shown.
fn assert_terminal_restored(tmux: &Tmux) {
    // Wait for the shell's fresh prompt, so that no key below reaches the app.
    tmux.wait_for_shell();
    // tmux knows whether the program left the cursor hidden or the alternate screen on.
    let flags = tmux.format("#{cursor_flag} #{alternate_on}");
    assert_eq!(
        flags.trim(),
        "1 0",
        "cursor shown, main screen (cursor_flag alternate_on)"
    );
    tmux.keys(&["clear; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo; echo done-$((40+2))", "Enter"]);
    let screen = tmux.wait_for("done-42");
    assert!(
        screen.contains("icanon echo"),
        "terminal left in raw mode:\n{screen}"
    );
    assert!(
        !screen.contains("stagecraft › Home"),
        "alternate screen not left:\n{screen}"
    );
}

#[test]
fn starts_shows_help_and_quits_cleanly() {
    let tmux = Tmux::start("quit", 80, 24);
    let _ = launch(&tmux, "");
    tmux.keys(&["?"]);
    tmux.wait_for("Everywhere");
    tmux.keys(&["Escape"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("A demo lesson");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
}

#[test]
fn resize_down_and_back() {
    let tmux = Tmux::start("resize", 80, 24);
    let _ = launch(&tmux, "");
    assert!(
        tmux.cmd(&["resize-window", "-t", "t", "-x", "20", "-y", "6"])
            .status()
            .expect("resize")
            .success()
    );
    let small = tmux.wait_for("┌ Lessons (");
    assert!(small.lines().all(|l| l.chars().count() <= 20), "{small}");
    assert!(
        tmux.cmd(&["resize-window", "-t", "t", "-x", "12", "-y", "4"])
            .status()
            .expect("resize")
            .success()
    );
    tmux.wait_for("Terminal too");
    assert!(
        tmux.cmd(&["resize-window", "-t", "t", "-x", "100", "-y", "30"])
            .status()
            .expect("resize")
            .success()
    );
    tmux.wait_for("Quiz topics");
    tmux.keys(&["C-c"]);
    assert_terminal_restored(&tmux);
}

#[test]
fn sigterm_restores_the_terminal() {
    let tmux = Tmux::start("term", 80, 24);
    let pattern = launch(&tmux, "");
    let status = Command::new("pkill")
        .args(["-TERM", "-f", "--", &pattern])
        .status()
        .expect("pkill");
    assert!(status.success());
    assert_terminal_restored(&tmux);
}

/// The shell sees the status a signal leaves (`$?`): 128 + the signal's number, as for any
/// program a signal ended. (The Ctrl-C key inside the app is a key in raw mode and quits with
/// status 0 like `q`.)
#[test]
fn a_signal_ends_the_app_with_128_plus_its_number() {
    // SIGQUIT's default action would also give 131, but with the terminal left in raw mode on
    // the alternate screen: `assert_terminal_restored` tells them apart.
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("INT", 130), ("QUIT", 131)] {
        let tmux = Tmux::start(&format!("sig{signal}"), 80, 24);
        let data_dir = std::env::temp_dir().join(&tmux.socket);
        tmux.wait_for("bash");
        tmux.keys(&[
            &format!(
                "{} --content tests/fixtures/packs/good --data-dir {}; echo exit-status-$?",
                binary(),
                data_dir.display()
            ),
            "Enter",
        ]);
        tmux.wait_for("stagecraft › Home");
        // A signal from outside (Ctrl-C typed in the app is a key in raw mode, not SIGINT).
        let sent = Command::new("pkill")
            .args([
                &format!("-{signal}"),
                "-f",
                "--",
                &data_dir.display().to_string(),
            ])
            .status()
            .expect("pkill");
        assert!(sent.success());
        tmux.wait_for(&format!("exit-status-{status}"));
        assert_terminal_restored(&tmux);
    }
}

#[test]
fn panic_restores_the_terminal() {
    let tmux = Tmux::start("panic", 80, 24);
    let _ = launch(&tmux, "STAGECRAFT_TEST_PANIC_KEY=%");
    tmux.keys(&["%"]);
    tmux.wait_for("test panic requested");
    assert_terminal_restored(&tmux);
}

#[test]
fn lab_lends_the_terminal_to_the_editor_and_sees_outside_changes() {
    let tmux = Tmux::start("lab", 100, 30);
    let work = work_dir(&tmux);
    let solution = work.join("solution");
    std::fs::write(
        &solution,
        "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n",
    )
    .expect("solution");
    // An editor that needs the terminal in cooked mode: it reads a line, then saves.
    let editor = fake_editor(
        &work,
        "fake editor",
        &format!("cp '{}' \"$1\"", solution.display()),
    );
    let lab_dir = work.join("lab");
    let bin = binary();
    tmux.wait_for("bash");
    tmux.keys(&[
        &format!(
            "VISUAL= EDITOR='sh {}' {bin} --content tests/fixtures/packs/classroom --data-dir {} lab lab-demo --dir {}",
            editor.display(),
            work.join("data").display(),
            lab_dir.display()
        ),
        "Enter",
    ]);
    tmux.wait_for("1 of 5 goals pass");

    // Changed by another program: picked up without a key press.
    std::fs::write(
        lab_dir.join("Dockerfile"),
        "FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
    )
    .expect("write");
    tmux.wait_for("4 of 5 goals pass");

    tmux.keys(&["e"]);
    let editing = tmux.wait_for("fake editor on");
    assert!(
        !editing.contains("Goals"),
        "the app's screen is left: {editing}"
    );
    tmux.keys(&["typed in cooked mode", "Enter"]);
    let done = tmux.wait_for("Lab complete");
    // Everything is drawn again, not only what changed.
    assert!(done.contains("stagecraft › Lab: lab-demo"), "{done}");
    assert!(done.contains("┌ Dockerfile"), "{done}");
    assert!(!done.contains("fake editor"), "{done}");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    let _ = std::fs::remove_dir_all(&work);
}

/// Ctrl-C typed while a line-mode editor has the terminal is the editor's business: the
/// editor is interrupted, the app takes the terminal back and keeps running.
#[test]
fn ctrl_c_in_the_editor_does_not_quit_the_app() {
    let tmux = Tmux::start("labint", 100, 30);
    let work = work_dir(&tmux);
    let editor = fake_editor(&work, "line editor", "");
    tmux.wait_for("bash");
    tmux.keys(&[
        &format!(
            "VISUAL= EDITOR='sh {}' {} --content tests/fixtures/packs/classroom --data-dir {} lab lab-demo --dir {}; echo exit-status-$?",
            editor.display(),
            binary(),
            work.join("data").display(),
            work.join("lab").display()
        ),
        "Enter",
    ]);
    tmux.wait_for("goals pass");
    tmux.keys(&["e"]);
    tmux.wait_for("line editor on");
    tmux.keys(&["C-c"]);
    tmux.wait_for("ended with signal");
    tmux.wait_for("Goals 1/5");
    // Still running: a key reaches it, and it quits normally.
    tmux.keys(&["?"]);
    tmux.wait_for("Everywhere");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Everywhere");
    tmux.keys(&["q"]);
    tmux.wait_for("exit-status-0");
    assert_terminal_restored(&tmux);
    let _ = std::fs::remove_dir_all(&work);
}

/// Sends one key and waits for its effect, so that an Esc is never read together with the
/// next key as Alt+key.
fn step(tmux: &Tmux, key: &str, expect: &str) -> String {
    tmux.keys(&[key]);
    tmux.wait_for(expect)
}

/// Answers the question on screen, whatever its kind: `x` (typed into a text answer, ignored
/// by the others), Enter (submit, or reveal a flashcard), `3` (rate a flashcard Good; a right
/// answer stays Good, a wrong one stays Again), then Enter for the next card. Waits until the
/// session counts `done` answers.
fn answer_any(tmux: &Tmux, done: usize) {
    tmux.keys(&["x"]);
    tmux.keys(&["Enter"]);
    // The rating bar shows once the card is answered (a flashcard waits for its rating).
    tmux.wait_for("1 Again");
    tmux.keys(&["3"]);
    tmux.wait_for(&format!("{done} done"));
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("{done} done"));
}

#[test]
fn every_screen_in_a_real_terminal_with_a_review_answered() {
    let tmux = Tmux::start("tour", 100, 30);
    let bin = binary();
    let data_dir = std::env::temp_dir().join(&tmux.socket);
    let run = |args: &str| {
        tmux.wait_for("bash$");
        tmux.keys(&[
            &format!(
                "{bin} --content tests/fixtures/packs/bad --data-dir {} {args}",
                data_dir.display()
            ),
            "Enter",
        ]);
    };
    run("");
    tmux.wait_for("stagecraft › Home");
    step(&tmux, "?", "Everywhere");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Everywhere");
    // The content problems the broken pack has.
    step(&tmux, "w", "stagecraft › Content problems");
    step(&tmux, "Escape", "stagecraft › Home");
    // A lesson, its table of contents and a search.
    step(&tmux, "Enter", "stagecraft › A lesson that loads");
    step(&tmux, "t", "┌ Contents");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("┌ Contents");
    tmux.keys(&["/"]);
    tmux.keys(&["Only"]);
    step(&tmux, "Enter", "match 1 of 1");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("match 1 of 1");
    step(&tmux, "Escape", "stagecraft › Home");
    // A quiz topic.
    step(&tmux, "Tab", "stagecraft › Home");
    step(&tmux, "Enter", "stagecraft › Topic: problems");
    step(&tmux, "Escape", "stagecraft › Home");
    // An example in the viewer, before and after.
    step(&tmux, "Tab", "stagecraft › Home");
    step(&tmux, "Enter", "┌ Stages");
    step(&tmux, "f", "stagecraft › ");
    step(&tmux, "Escape", "stagecraft › Home");
    // A review: one answer, committed.
    step(&tmux, "r", "stagecraft › Review");
    answer_any(&tmux, 1);
    step(&tmux, "Escape", "stagecraft › Home");
    // A drill, left at once.
    step(&tmux, "d", "stagecraft › Interview drill");
    step(&tmux, "Escape", "stagecraft › Home");
    // Statistics count the answer.
    let stats = step(&tmux, "s", "stagecraft › Statistics");
    assert!(stats.contains('1'), "{stats}");
    step(&tmux, "Escape", "stagecraft › Home");
    // Down to 20x6 and back, then quit.
    tmux.resize(20, 6);
    tmux.wait_for("┌ Lessons (");
    tmux.resize(100, 30);
    tmux.wait_for("Quiz topics");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);

    // The answer given in the review is on disk.
    let store = stagecraft::store::Store::open(&data_dir, "default").expect("store");
    assert_eq!(store.review_log().expect("log").len(), 1);

    // Presenter mode and a lab, each opened from the command line.
    // The audience view has no title bar: the lesson's title and the counter are on its
    // status line. Quitting returns to the shell.
    run("present ok-lesson");
    tmux.wait_for(" A lesson that loads");
    step(&tmux, "?", "Everywhere");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Everywhere");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    run("present ok-lesson --notes");
    tmux.wait_for("stagecraft › Presenter notes");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    run("lab lab-go-scratch");
    tmux.wait_for("stagecraft › Lab: ");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    let _ = std::fs::remove_dir_all(&data_dir);
}

/// Kills the real app with SIGKILL at a random point of a review, twenty times over one data
/// directory. Every answer the screen confirmed before the kill must be in the database, and
/// the database must pass SQLite's integrity check each time.
#[test]
fn sigkill_during_a_review_loses_no_answer() {
    let tmux = Tmux::start("kill", 100, 30);
    let bin = binary();
    let data_dir = std::env::temp_dir().join(&tmux.socket);
    let _ = std::fs::remove_dir_all(&data_dir);
    let pattern = data_dir.display().to_string();
    // A small deterministic generator: the same kill points on every run.
    let mut seed: u64 = 0x005e_ed0f_57a6;
    let mut next = |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    let mut confirmed = 0;
    for round in 0..20 {
        tmux.wait_for("bash$");
        tmux.keys(&["clear", "Enter"]);
        tmux.keys(&[&format!("{bin} --data-dir {pattern} review"), "Enter"]);
        tmux.wait_for("stagecraft › Review");
        let answers = next(3) as usize;
        for done in 1..=answers {
            answer_any(&tmux, done);
        }
        confirmed += answers;
        // Half of the rounds kill in the middle of an answer, without waiting for the screen.
        if next(2) == 0 {
            tmux.keys(&["x"]);
            tmux.keys(&["Enter"]);
            tmux.keys(&["3"]);
        }
        let status = Command::new("pkill")
            .args(["-KILL", "-f", "--", &format!("--data-dir {pattern} review")])
            .status()
            .expect("pkill");
        assert!(status.success(), "round {round}: the app was running");
        // The shell is left in raw mode by a killed program: reset it for the next round.
        tmux.wait_for("bash$");
        tmux.keys(&["stty sane; tput cnorm; printf '\\033[?1049l'", "Enter"]);

        let store = stagecraft::store::Store::open(&data_dir, "default").expect("reopens");
        assert_eq!(
            store.integrity_check().expect("integrity check"),
            ["ok"],
            "round {round}"
        );
        let logged = store.review_log().expect("log").len();
        assert!(
            logged >= confirmed,
            "round {round}: {confirmed} answers confirmed on screen, {logged} in the database"
        );
        // An answer given as the kill arrived may or may not have been committed.
        confirmed = logged;
    }
    eprintln!("{confirmed} answers survived 20 kills");
    assert!(confirmed >= 10, "the rounds really answered: {confirmed}");
    let _ = std::fs::remove_dir_all(&data_dir);
}

/// Closing the terminal under the app (a closed window, a dropped SSH connection) ends it. A
/// process left spinning on a dead terminal is the classic failure of crossterm apps.
#[test]
fn closing_the_terminal_ends_the_app() {
    let tmux = Tmux::start("hangup", 80, 24);
    let pattern = launch(&tmux, "");
    let running = || {
        Command::new("pgrep")
            .args(["-f", "--", &pattern])
            .stdout(std::process::Stdio::null())
            .status()
            .expect("pgrep")
            .success()
    };
    assert!(running(), "the app runs");
    assert!(tmux.cmd(&["kill-server"]).status().expect("tmux").success());
    let start = Instant::now();
    while running() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = Command::new("pkill")
                .args(["-KILL", "-f", "--", &pattern])
                .status();
            panic!("the app outlived its terminal");
        }
        sleep(Duration::from_millis(100));
    }
}

/// Ctrl-Z hands the terminal to the shell: the shell's prompt comes back in cooked mode on the
/// main screen with the cursor shown, the app is a stopped job, and `fg` brings the app back
/// with its screen drawn in full (not the shell's text), still answering keys.
#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_redraws_the_app() {
    let tmux = Tmux::start("suspend", 80, 24);
    let _ = launch(&tmux, "");
    tmux.keys(&["Enter"]);
    tmux.wait_for("A demo lesson");
    tmux.keys(&["C-z"]);
    // The shell reports the stopped job, then its prompt and its terminal modes are back.
    tmux.wait_for("Stopped");
    assert_terminal_restored(&tmux);
    tmux.keys(&["clear; jobs; echo jobs-$((40+2))", "Enter"]);
    let jobs = tmux.wait_for("jobs-42");
    assert!(
        jobs.contains("Stopped") && jobs.contains("stagecraft"),
        "the app is not a stopped job:\n{jobs}"
    );
    tmux.keys(&["fg", "Enter"]);
    let back = tmux.wait_for("A demo lesson");
    assert!(
        !back.contains("jobs-42") && !back.contains("bash$"),
        "the app's screen was not drawn in full over the shell's:\n{back}"
    );
    assert_eq!(
        tmux.format("#{alternate_on}").trim(),
        "1",
        "the app is on the alternate screen again"
    );
    // Still alive and in raw mode: a single key (no Enter) takes effect.
    tmux.keys(&["Escape"]);
    tmux.wait_for("Lessons (");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
}

/// The number a choice is shown under on `screen`: the first digit of the line holding it.
fn number_of(screen: &str, choice: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains(choice))
        .unwrap_or_else(|| panic!("`{choice}` is not on the screen:\n{screen}"));
    line.chars()
        .find(char::is_ascii_digit)
        .map(String::from)
        .unwrap_or_else(|| panic!("no number on `{line}`"))
}

#[test]
fn shuffled_choices_are_answered_by_what_they_say_and_a_verdict_is_overridden() {
    let tmux = Tmux::start("judging", 100, 30);
    let data_dir = std::env::temp_dir().join(&tmux.socket);
    tmux.wait_for("bash");
    tmux.keys(&[
        &format!(
            "{} --content tests/fixtures/packs/judging --data-dir {}",
            binary(),
            data_dir.display()
        ),
        "Enter",
    ]);
    tmux.wait_for("stagecraft › Home");
    let asked = step(&tmux, "r", "which stage becomes the image?");
    // The right choice is picked by its number on this screen, wherever the shuffle put it.
    let right = number_of(&asked, "The last stage");
    let answered = step(&tmux, &right, "✓ Correct");
    assert!(answered.contains("✓ "), "{answered}");
    // Undo shows the card again, in the same order.
    let again = step(&tmux, "u", "Answer undone");
    assert_eq!(number_of(&again, "The last stage"), right, "{again}");
    // A wrong pick, then "I was right": counted as right.
    let wrong = number_of(&again, "The first stage");
    step(&tmux, &wrong, "✗ Not quite");
    tmux.wait_for("i I was right");
    step(&tmux, "i", "Counted as right");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    let _ = std::fs::remove_dir_all(&data_dir);
}

#[test]
fn a_lab_reveals_its_hints_one_at_a_time() {
    let tmux = Tmux::start("labhint", 100, 30);
    let work = std::env::temp_dir().join(format!("{}-work", tmux.socket));
    tmux.wait_for("bash");
    tmux.keys(&[
        &format!(
            "{} --content tests/fixtures/packs/classroom --data-dir {} lab lab-demo --dir {}",
            binary(),
            work.join("data").display(),
            work.join("lab").display()
        ),
        "Enter",
    ]);
    tmux.wait_for("1 of 5 goals pass");
    let first = step(&tmux, "h", "Hints 1/2");
    assert!(first.contains("1. Name the first stage"), "{first}");
    assert!(!first.contains("2. The"), "{first}");
    let second = step(&tmux, "h", "Hints 2/2");
    assert!(second.contains("2. The"), "{second}");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Hints 2/2");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn card_browser_suspends_undoes_and_opens_a_card() {
    let tmux = Tmux::start("cards", 120, 24);
    let _ = launch(&tmux, "");
    tmux.keys(&["c"]);
    tmux.wait_for("cards · all · sorted by due");
    tmux.keys(&["s"]);
    tmux.wait_for("new,susp");
    tmux.keys(&["u"]);
    tmux.wait_for("Undone: Suspended ");
    tmux.wait_gone("new,susp");
    tmux.keys(&["Enter"]);
    tmux.wait_for("stagecraft › Card: ");
    tmux.wait_for("No answer yet.");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
}

/// Custom study from home in a real terminal: the chooser, a topic studied to the end, and
/// afterwards the progress is as it was (no card answered).
#[test]
fn custom_study_from_home_saves_nothing() {
    let tmux = Tmux::start("custom", 100, 30);
    let data_dir = launch(&tmux, "");
    step(&tmux, "p", "Practise without touching the schedule");
    tmux.wait_for("Missed today");
    tmux.keys(&["j", "j"]);
    step(
        &tmux,
        "Enter",
        "custom study · 2 left · 0 done · nothing saved",
    );
    answer_any(&tmux, 1);
    // The last card: its Enter shows the summary, not a next card.
    tmux.keys(&["x"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("1 Again");
    tmux.keys(&["3"]);
    tmux.wait_for("2 done · nothing saved");
    step(&tmux, "Enter", "Session complete");
    tmux.wait_for("Nothing was saved");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    let output = Command::new(binary())
        .args([
            "--content",
            "tests/fixtures/packs/good",
            "--data-dir",
            &data_dir,
        ])
        .args(["cards", "--json"])
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    let cards: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let cards = cards.as_array().expect("a list");
    assert!(!cards.is_empty());
    for card in cards {
        assert_eq!(card["reviews"], 0, "{card}");
        assert_eq!(card["phase"], "new", "{card}");
    }
}

/// A short mock interview in a real terminal: an answer written in the editor (the terminal
/// is lent and taken back), the key points, a follow-up after a good answer, leaving early
/// (asked first) and the debrief.
#[test]
fn a_short_mock_interview_left_early_with_the_debrief() {
    let tmux = Tmux::start("mock", 100, 30);
    let work = work_dir(&tmux);
    let editor = fake_editor(
        &work,
        "fake editor",
        "printf 'a smaller image\\nfewer packages to patch\\n' > \"$1\"",
    );
    open_mock_interview(&tmux, &work, &editor);
    // The embedded content is loaded too: the first question is whichever the plan puts first.
    step(&tmux, "Enter", "Q1 ·");
    tmux.keys(&["C-o"]);
    tmux.wait_for("fake editor on");
    tmux.keys(&["done", "Enter"]);
    let typed = tmux.wait_for("fewer packages to patch");
    assert!(typed.contains("Your answer (Enter: new line"), "{typed}");
    tmux.keys(&["C-s"]);
    let review = tmux.wait_for("Model answer");
    assert!(review.contains("a smaller image"), "{review}");
    step(&tmux, "Enter", "Rate: 1 again");
    step(&tmux, "3", "Q2 ·");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Leave the interview?");
    tmux.keys(&["y"]);
    let debrief = tmux.wait_for("┌ Debrief");
    assert!(
        debrief.contains("over 1 answer(s) (left early)"),
        "{debrief}"
    );
    assert!(debrief.contains("Time per question"), "{debrief}");
    step(&tmux, "q", "stagecraft › Home");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    let _ = std::fs::remove_dir_all(&work);
}

/// The mock interview's `Ctrl-o` with an editor that leaves a named pipe in place of the
/// answer file: the app says what the file is instead of waiting on it for ever, keeps the
/// answer typed so far and goes on.
#[test]
fn a_pipe_left_by_the_editor_in_the_mock_interview_is_named() {
    let tmux = Tmux::start("mockfifo", 100, 30);
    let work = work_dir(&tmux);
    let editor = fake_editor(&work, "fake editor", "rm -f \"$1\"; mkfifo \"$1\"");
    open_mock_interview(&tmux, &work, &editor);
    step(&tmux, "Enter", "Q1 ·");
    tmux.keys(&["-l", "typed before"]);
    tmux.wait_for("typed before");
    tmux.keys(&["C-o"]);
    tmux.wait_for("fake editor on");
    tmux.keys(&["done", "Enter"]);
    let named = tmux.wait_for("not a regular file");
    assert!(
        flat(&named).contains("cannot read the answer back: it is a named pipe (FIFO)"),
        "{named}"
    );
    assert!(named.contains("typed before"), "{named}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Leave the interview?");
    tmux.keys(&["y"]);
    tmux.wait_for("┌ Debrief");
    step(&tmux, "q", "stagecraft › Home");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    let _ = std::fs::remove_dir_all(&work);
}

/// A lab whose Dockerfile is replaced by a named pipe while the lab is open: the app says what
/// the file is and still takes `q` (status 0) and SIGTERM (status 143). Before, `open()` on
/// the pipe blocked the app for good.
#[test]
fn a_fifo_in_place_of_the_lab_file_leaves_the_app_responsive() {
    for (way_out, status) in [("q", 0), ("TERM", 143)] {
        let tmux = Tmux::start(&format!("labfifo{way_out}"), 100, 30);
        let work = work_dir(&tmux);
        let lab_dir = work.join("lab");
        tmux.wait_for("bash");
        tmux.keys(&[
            &format!(
                "{} --content tests/fixtures/packs/classroom --data-dir {} lab lab-demo --dir {}; echo exit-status-$?",
                binary(),
                work.join("data").display(),
                lab_dir.display()
            ),
            "Enter",
        ]);
        tmux.wait_for("goals pass");
        let file = lab_dir.join("Dockerfile");
        std::fs::remove_file(&file).expect("remove");
        let made = Command::new("mkfifo").arg(&file).status().expect("mkfifo");
        assert!(made.success());
        tmux.wait_for("named pipe");
        if way_out == "q" {
            tmux.keys(&["q"]);
        } else {
            let sent = Command::new("pkill")
                .args([
                    "-TERM",
                    "-f",
                    "--",
                    &work.join("data").display().to_string(),
                ])
                .status()
                .expect("pkill");
            assert!(sent.success());
        }
        tmux.wait_for(&format!("exit-status-{status}"));
        assert_terminal_restored(&tmux);
        let _ = std::fs::remove_dir_all(&work);
    }
}

/// The app starts with a pack holding ten symbolic link loops (`lessons/lN -> .`): each real
/// folder is read once, the home screen counts the warnings and the pack's lesson is there.
#[test]
fn the_app_starts_with_a_pack_full_of_link_loops() {
    let tmux = Tmux::start("loops", 100, 30);
    let work = std::env::temp_dir().join(format!("{}-work", tmux.socket));
    let lessons = work.join("pack/lessons");
    std::fs::create_dir_all(&lessons).expect("lessons");
    std::fs::write(
        lessons.join("looped.md"),
        "---\nid: looped\ntitle: Looped lesson\norder: 0\nsummary: S.\nminutes: 1\n---\n# Looped\n\nText.\n",
    )
    .expect("lesson");
    for n in 1..=10 {
        std::os::unix::fs::symlink(".", lessons.join(format!("l{n}"))).expect("link");
    }
    tmux.wait_for("bash");
    tmux.keys(&[
        &format!(
            "{} --content {} --data-dir {}",
            binary(),
            work.join("pack").display(),
            work.join("data").display()
        ),
        "Enter",
    ]);
    let home = tmux.wait_for("stagecraft › Home");
    assert!(home.contains("Looped lesson"), "{home}");
    assert!(home.contains("⚠ 10 content problems"), "{home}");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    let _ = std::fs::remove_dir_all(&work);
}

/// The line-mode mock interview (`drill --interview`) lends the terminal to `$EDITOR` on
/// `:e`: a Ctrl-C typed in the editor ends the editor only, the interview goes on; a Ctrl-C at
/// the interview's own prompt afterwards still ends it as a shell expects (status 130).
#[test]
fn ctrl_c_in_the_line_mode_interview_editor_is_the_editors() {
    let tmux = Tmux::start("mockint", 100, 30);
    let work = work_dir(&tmux);
    let editor = fake_editor(&work, "line editor", "");
    tmux.wait_for("bash");
    tmux.keys(&[
        &format!(
            "EDITOR='sh {}' {} --data-dir {} drill --interview --minutes 15",
            editor.display(),
            binary(),
            work.join("data").display()
        ),
        "Enter",
    ]);
    tmux.wait_for("Question 1");
    tmux.keys(&[":e", "Enter"]);
    tmux.wait_for("line editor on");
    tmux.keys(&["C-c"]);
    let after = tmux.wait_for("go on typing here");
    assert_ne!(
        last_line(&after),
        "bash$",
        "the interview has not ended: {after}"
    );
    tmux.keys(&["C-c"]);
    // Killed by SIGINT, the interview ends the shell's command list: ask the shell.
    tmux.wait_for_shell();
    tmux.keys(&["echo status-$?", "Enter"]);
    tmux.wait_for("status-130");
    let _ = std::fs::remove_dir_all(&work);
}

/// The last line of a screen that is not blank, trimmed.
fn last_line(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

/// The settings screen in a real terminal: a new desired retention is previewed (the
/// simulated workload at both retentions), confirmed, and then `stagecraft config` shows it.
#[test]
fn settings_preview_a_new_retention_and_save_it() {
    let tmux = Tmux::start("settings", 80, 24);
    let data_dir = launch(&tmux, "");
    tmux.keys(&["o"]);
    let list = tmux.wait_for("stagecraft › Settings");
    assert!(list.contains("desired-retention  0.90"), "{list}");
    tmux.keys(&["+"]);
    let preview = tmux.wait_for("Expected reviews a day");
    assert!(
        preview.contains("Desired retention 0.90 → 0.91"),
        "{preview}"
    );
    assert!(
        preview.contains("now 0.90") && preview.contains("new 0.91"),
        "{preview}"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for("desired-retention is now 0.91 (u undoes)");
    tmux.keys(&["q"]);
    assert_terminal_restored(&tmux);
    tmux.keys(&[
        &format!(
            "clear; {} --data-dir {data_dir} config desired-retention; echo config-done-$((40+2))",
            binary()
        ),
        "Enter",
    ]);
    // Not `done-42`: the check of the terminal above left that on the screen until `clear`.
    let shown = tmux.wait_for("config-done-42");
    assert!(
        shown.lines().any(|l| l.trim() == "0.91"),
        "`stagecraft config` does not show the new value:\n{shown}"
    );
}
