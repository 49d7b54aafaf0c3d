//! A Dockerfile or Markdown file that is not a regular file (a named pipe, a device, a link to
//! one), given to `lint`, `view`, `read` or `lab --check`: the binary says what it is and
//! exits, without waiting on a pipe or reading a device that never ends. (The binary is
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
    let mut child = Command::new(binary())
        .current_dir(dir)
        .args(["--data-dir", &dir.join("data").display().to_string()])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
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
