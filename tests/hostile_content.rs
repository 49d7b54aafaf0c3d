//! Untrusted content cannot command the terminal. The pack `tests/fixtures/packs/hostile` puts
//! ANSI colour and screen-clearing sequences, OSC 0 (window title), OSC 52 (clipboard), OSC 8
//! (hidden hyperlinks), BEL, C1 controls and bidi overrides into a lesson, questions, choices,
//! explanations, an example's notes and Dockerfiles. Every screen that shows them, and every
//! command that prints them, must show them inert.

use std::process::Command;

mod common;

use common::tui::{app_with, data_dir, press, terminal};
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::sanitize::is_dangerous;
use stagecraft::tui::app::App;
use stagecraft::tui::present::PresentScreen;

const PACK: &str = "tests/fixtures/packs/hostile";

fn app() -> App {
    let content = ContentSet::load(&[PackSource::Dir(PACK.into())]);
    assert!(
        content.diagnostics.is_empty(),
        "the hostile pack is valid content: {:?}",
        content.diagnostics
    );
    app_with(content, &data_dir(), true)
}

/// Draws the app and fails if any cell holds a character a terminal would act on. Returns the
/// screen as text.
fn inert_screen(app: &mut App, what: &str) -> String {
    let terminal = terminal(app, 100, 40);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        let symbol = cell.symbol();
        assert!(
            !symbol.chars().any(is_dangerous),
            "{what}: a control character reached the screen: {symbol:?}\n{}",
            terminal.backend()
        );
    }
    terminal.backend().to_string()
}

#[test]
fn every_screen_shows_hostile_content_inert() {
    let mut app = app();
    let home = inert_screen(&mut app, "home");
    // The escape shows as a visible stand-in, so the reader sees that something was there.
    assert!(home.contains("␛[2J"), "{home}");

    press(&mut app, "<Enter>");
    let lesson = inert_screen(&mut app, "lesson");
    assert!(lesson.contains("␛]52;c;"), "{lesson}");
    press(&mut app, "t");
    inert_screen(&mut app, "table of contents");
    press(&mut app, "<Esc>");
    press(&mut app, "G");
    inert_screen(&mut app, "end of the lesson with deep nesting");
    press(&mut app, "<Esc>");

    // The quiz topic and its question list.
    press(&mut app, "<Tab>");
    press(&mut app, "<Enter>");
    inert_screen(&mut app, "topic");
    press(&mut app, "<Esc>");

    // The example in the viewer: Dockerfile, notes and findings.
    press(&mut app, "<Tab>");
    press(&mut app, "<Enter>");
    let viewer = inert_screen(&mut app, "viewer");
    assert!(viewer.contains("␛[2J"), "{viewer}");
    for _ in 0..8 {
        press(&mut app, "j");
        inert_screen(&mut app, "viewer, each instruction explained");
    }
    press(&mut app, "<Esc>");

    // A review of every question: asked, answered, explained.
    press(&mut app, "r");
    for step in 0..6 {
        inert_screen(&mut app, &format!("review step {step}, asking"));
        press(&mut app, " ");
        press(&mut app, "<Enter>");
        inert_screen(&mut app, &format!("review step {step}, answered"));
        press(&mut app, "3");
        press(&mut app, "<Enter>");
    }
    press(&mut app, "<Esc>");
    press(&mut app, "s");
    inert_screen(&mut app, "statistics");
    press(&mut app, "<Esc>");

    // Presenter mode: slides, notes, the Dockerfile stepped through, the questions.
    let present = PresentScreen::open(app.context(), "hostile-lesson").expect("lesson");
    app.push(Box::new(present));
    for key in ['n', 'l', 'l', 's', 's', 'a'] {
        inert_screen(&mut app, &format!("presenter after `{key}`"));
        press(&mut app, &key.to_string());
    }
    inert_screen(&mut app, "presenter");
}

/// Output of the binary, with colour and hyperlinks on.
fn stagecraft(args: &[&str]) -> (i32, String) {
    // A data folder of its own: the user's real one may belong to another version.
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .arg("--data-dir")
        .arg(data_dir())
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

/// Removes the sequences stagecraft itself writes (SGR colours and OSC 8 links whose target is
/// clean) and fails if any control character is left.
fn assert_only_our_sequences(what: &str, text: &str) {
    let mut rest = text;
    let mut kept = String::new();
    while let Some(start) = rest.find('\u{1b}') {
        kept.push_str(&rest[..start]);
        let tail = &rest[start..];
        if let Some(sgr) = tail.strip_prefix("\u{1b}[") {
            let end = sgr
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .unwrap_or(sgr.len());
            assert_eq!(
                &sgr[end..end + 1],
                "m",
                "{what}: only colours (SGR) are written: {tail:?}"
            );
            rest = &sgr[end + 1..];
        } else if let Some(link) = tail.strip_prefix("\u{1b}]8;;") {
            let end = link.find("\u{1b}\\").expect("an OSC 8 link is terminated");
            let target = &link[..end];
            assert!(
                !target.chars().any(|c| is_dangerous(c) || c.is_whitespace()),
                "{what}: a link target carries control characters: {target:?}"
            );
            rest = &link[end + 2..];
        } else {
            panic!("{what}: a sequence stagecraft never writes: {tail:?}");
        }
    }
    kept.push_str(rest);
    assert!(
        !kept.chars().any(|c| is_dangerous(c) && c != '\r'),
        "{what}: a control character is left: {kept:?}"
    );
}

#[test]
fn printed_lessons_lint_and_check_output_are_inert() {
    let lesson = format!("{PACK}/lessons/hostile.md");
    let (code, out) = stagecraft(&[
        "read", "--print", "--color", "always", "--width", "80", &lesson,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("␛]52;c;"), "the attempt is visible: {out}");
    assert_only_our_sequences("read --print", &out);

    let dockerfile = format!("{PACK}/examples/hostile/Dockerfile");
    let (code, out) = stagecraft(&["lint", &dockerfile]);
    assert!(code == 0 || code == 1, "{out}");
    assert_only_our_sequences("lint", &out);
    let (_, out) = stagecraft(&["lint", "--format", "json", &dockerfile]);
    assert_only_our_sequences("lint --format json", &out);

    let (code, out) = stagecraft(&["check", PACK]);
    assert_eq!(code, 0, "{out}");
    assert_only_our_sequences("check", &out);
    let (_, out) = stagecraft(&["--content", PACK, "lessons"]);
    assert!(out.contains("hostile-lesson"), "{out}");
    assert_only_our_sequences("lessons", &out);
}
