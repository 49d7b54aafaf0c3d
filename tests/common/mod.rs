//! Helpers shared by the integration tests: running the real binary ([`run`]) and driving the
//! interactive app on a test terminal ([`tui`]) or in a real one ([`tmux`]). Each test file uses
//! some of them.
#![allow(dead_code)]

pub mod tmux;
pub mod tui;

use std::path::Path;
use std::process::Command;

/// Runs the binary with `args` on the data directory, without colour; returns (exit code,
/// stdout, stderr).
pub fn run(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
