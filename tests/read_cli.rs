//! `stagecraft read FILE.md --print` run as a real process, and how the printing commands
//! end when their output pipe is closed or a file cannot be read.

use std::process::{Command, Output};

use stagecraft::markdown::width::str_width;

const FIXTURE: &str = "tests/fixtures/markdown/elements.md";

fn stagecraft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn prints_a_markdown_file_at_the_given_width() {
    let text = stdout(&stagecraft(&["read", FIXTURE, "--print", "--width", "60"]));
    assert!(!text.contains('\u{1b}'), "piped output must be plain");
    assert!(
        !text.contains("fixture-elements"),
        "front matter must be skipped"
    );
    assert!(text.starts_with("Multi-stage builds\n"));
    assert!(text.lines().all(|line| str_width(line) <= 60));
    assert!(text.lines().any(|line| str_width(line) == 60));
    assert!(text.contains("│ FROM golang:1.22 AS build"));
    assert!(
        !text.contains("Speaker note"),
        "HTML comments are notes, not text"
    );
    insta::assert_snapshot!("read_print_width_60", text);
}

#[test]
fn piped_output_defaults_to_80_columns() {
    let text = stdout(&stagecraft(&["read", FIXTURE, "--print"]));
    let rule = text.lines().nth(1).expect("a rule under the title");
    assert_eq!(rule.chars().count(), 80);
    assert!(text.lines().all(|line| str_width(line) <= 80));
}

#[test]
fn colour_always_styles_and_links() {
    let text = stdout(&stagecraft(&[
        "read", FIXTURE, "--print", "--width", "60", "--color", "always",
    ]));
    assert!(text.contains("\u{1b}[1;4;36mMulti-stage builds"));
    assert!(text.contains("\u{1b}]8;;https://docs.docker.com/reference/dockerfile/\u{1b}\\"));
    // Dockerfile instructions are coloured.
    assert!(text.contains("\u{1b}[35mFROM\u{1b}[0m"), "{text}");
}

#[test]
fn colour_never_and_no_color_are_plain() {
    let text = stdout(&stagecraft(&[
        "read", FIXTURE, "--print", "--color", "never",
    ]));
    assert!(!text.contains('\u{1b}'));
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(["read", FIXTURE, "--print", "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(!stdout(&output).contains('\u{1b}'));
}

#[test]
fn unknown_lesson_id_is_a_clear_error() {
    let output = stagecraft(&["read", "no-such-lesson", "--print"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no lesson with id `no-such-lesson`"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn missing_file_names_the_file() {
    let output = stagecraft(&["read", "tests/fixtures/markdown/missing.md", "--print"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing.md"), "{stderr}");
}

#[test]
fn an_error_gives_its_cause_once_and_no_control_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J.md";
    let path = dir.path().join(name);
    let path = path.to_str().expect("UTF-8 path");
    for args in [vec!["read", path, "--print"], vec!["read", path]] {
        let output = stagecraft(&args);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.matches("(os error 2)").count(), 1, "{stderr}");
        assert!(
            !stderr.trim_end().chars().any(char::is_control),
            "{stderr:?}"
        );
        assert!(stderr.contains("evil\u{241b}]0;pwned"), "{stderr:?}");
    }
}

/// Runs the binary with its standard output a pipe whose reading end is already closed, as
/// after `| head` has read enough; returns (exit code, stderr).
fn into_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(writer)
        .output()
        .expect("the binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_printing_commands_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_str().expect("UTF-8 path");
    let commands: [&[&str]; 9] = [
        &["read", FIXTURE, "--print"],
        &["--data-dir", data, "export", "--format", "json"],
        &["--data-dir", data, "export", "--format", "anki-tsv"],
        &["--data-dir", data, "stats"],
        &["--data-dir", data, "lessons"],
        &["--data-dir", data, "config"],
        &["check"],
        &["lint", "examples/go-scratch/before.Dockerfile"],
        &["completions", "bash"],
    ];
    for args in commands {
        assert_eq!(into_closed_pipe(args), (Some(0), String::new()), "{args:?}");
    }
}

#[test]
fn zero_width_is_rejected_by_the_parser() {
    let output = stagecraft(&["read", FIXTURE, "--print", "--width", "0"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--width"));
}
