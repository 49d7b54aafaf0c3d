//! A Dockerfile, Markdown file or progress export that is not a regular file (a named pipe, a
//! device, a link to one, a folder), given to `lint`, `view`, `read`, `lab --check` or
//! `import`, or left by the editor in place of a mock interview's answer: the binary says what
//! it is and goes on or exits, without waiting on a pipe or reading a device that never ends. (The binary is
//! `STAGECRAFT_E2E_BIN` if set, as in the tmux tests, so that an older build can be tried.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

fn binary() -> String {
    std::env::var("STAGECRAFT_E2E_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_stagecraft").to_owned())
}

/// Runs the binary in the folder `dir` (its data folder inside) to its end and returns its
/// status and both outputs. Not a speed check: a
/// binary waiting on a pipe for ever would hang the whole test run, so after a generous while
/// it is killed and the test fails saying so.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    run_with(dir, args, &[], "")
}

/// [`run`] with more environment and `input` on standard input.
fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)], input: &str) -> (i32, String) {
    let mut child = Command::new(binary())
        .current_dir(dir)
        .args(["--data-dir", &dir.join("data").display().to_string()])
        .args(args)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // The input is small: it fits the pipe's buffer, and closing it ends the input.
    let mut stdin = child.stdin.take().expect("stdin");
    std::io::Write::write_all(&mut stdin, input.as_bytes()).expect("input");
    drop(stdin);
    let give_up = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > give_up {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`stagecraft {}` never finished", args.join(" "));
        }
        sleep(Duration::from_millis(20));
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("output");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned() + &String::from_utf8_lossy(&stderr),
    )
}

/// A folder with `zero` (a link to `/dev/zero`), `pipe` (a named pipe) and `link` (a link to
/// the pipe).
fn hazards() -> (tempfile::TempDir, [PathBuf; 3]) {
    let dir = tempfile::tempdir().expect("dir");
    let zero = dir.path().join("zero");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
    let pipe = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(made.success());
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&pipe, &link).expect("link");
    (dir, [zero, pipe, link])
}

fn what(path: &Path) -> &'static str {
    if path.ends_with("zero") {
        "a character device"
    } else {
        "a named pipe (FIFO)"
    }
}

#[test]
fn lint_names_a_device_or_a_pipe() {
    let (dir, paths) = hazards();
    for path in &paths {
        let shown = path.display().to_string();
        let (code, out) = run(dir.path(), &["lint", &shown]);
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains(&format!(
                "{shown}: error: cannot read the file: it is {}, not a regular file",
                what(path)
            )),
            "{out}"
        );
        assert!(!out.contains("bytes"), "{out}");
    }
}

#[test]
fn view_and_read_name_a_device_or_a_pipe() {
    let (dir, paths) = hazards();
    for path in &paths {
        let shown = path.display().to_string();
        let expected = format!("{}, not a regular file", what(path));
        // By name in the current folder, too: not taken for an example's id.
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        for command in [
            &["view", &shown][..],
            &["view", name],
            &["read", &shown, "--print"],
        ] {
            let (code, out) = run(dir.path(), command);
            assert_eq!(code, 2, "{command:?}: {out}");
            assert!(out.contains(command[1]), "{command:?}: {out}");
            assert!(out.contains(&expected), "{command:?}: {out}");
        }
    }
}

#[test]
fn lab_check_names_a_device_or_a_pipe() {
    let (dir, paths) = hazards();
    for path in &paths {
        let shown = path.display().to_string();
        let (code, out) = run(
            dir.path(),
            &[
                "--content",
                concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/packs/classroom"
                ),
                "lab",
                "lab-demo",
                "--check",
                &shown,
            ],
        );
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains(&format!("{shown} is {}, not a regular file", what(path))),
            "{out}"
        );
        assert!(!out.contains("0 bytes"), "{out}");
    }
}

#[test]
fn import_names_a_device_a_pipe_or_a_folder() {
    let (dir, paths) = hazards();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).expect("folder");
    for path in paths.iter().chain([&folder]) {
        let shown = path.display().to_string();
        let kind = if path == &folder {
            "a folder"
        } else {
            what(path)
        };
        let (code, out) = run(dir.path(), &["import", &shown]);
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains(&format!(
                "cannot read {shown}: it is {kind}, not a regular file"
            )),
            "{out}"
        );
    }
}

/// The line-mode mock interview (`drill --interview`): `:e` opens an editor that leaves a
/// named pipe in place of the answer file. The interview says so and goes on (`:q` leaves).
#[test]
fn the_line_interview_names_a_pipe_left_by_the_editor() {
    let dir = tempfile::tempdir().expect("dir");
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nrm -f \"$1\"\nmkfifo \"$1\"\n").expect("editor");
    let editor = format!("sh {}", editor.display());
    let (code, out) = run_with(
        dir.path(),
        &["drill", "--interview", "--minutes", "15"],
        &[("EDITOR", &editor)],
        ":e\n:q\n",
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "(cannot read the answer back: it is a named pipe (FIFO), not a regular file; \
             go on typing here)"
        ),
        "{out}"
    );
    assert!(out.contains("Debrief"), "{out}");
}
