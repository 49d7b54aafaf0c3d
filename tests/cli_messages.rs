//! What the binary echoes of its own command line is inert: an invalid `--profile`, a bad
//! option value or an unknown command holding escape sequences is shown with visible
//! stand-ins (`␛`), never as raw bytes a terminal would act on. (The binary is
//! `STAGECRAFT_E2E_BIN` if set, as in the tmux tests, so that an older build can be tried.)

use std::process::{Command, Stdio};

fn binary() -> String {
    std::env::var("STAGECRAFT_E2E_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_stagecraft").to_owned())
}

/// Status and standard error of the binary run with `args` on a data folder of its own.
fn stderr_of(args: &[&str]) -> (i32, String) {
    let data = tempfile::tempdir().expect("dir");
    let output = Command::new(binary())
        .args(["--data-dir", &data.path().display().to_string()])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// An OSC title, a bell and a screen clear.
const HOSTILE: &str = "x\u{1b}]0;owned\u{7}\u{1b}[2Jy";

fn assert_inert(args: &[&str], err: &str) {
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "{args:?}: raw control bytes in {err:?}"
    );
    assert!(err.contains("x␛]0;owned␇␛[2Jy"), "{args:?}: {err}");
}

#[test]
fn an_invalid_profile_is_echoed_inert_by_every_command_that_opens_one() {
    for command in [
        &["stats"][..],
        &["lessons"],
        &["labs"],
        &["config"],
        &["cards"],
    ] {
        let args = [&["--profile", HOSTILE][..], command].concat();
        let (code, err) = stderr_of(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("invalid profile name"), "{args:?}: {err}");
        assert_inert(&args, &err);
    }
}

/// clap's own errors quote the offending argument; on a terminal clap colours them and used to
/// write the argument's bytes as typed. Run on a pseudo-terminal (`script`), the binary must
/// not pass on the OSC title, the bell or the screen clear.
#[test]
fn command_line_errors_on_a_terminal_quote_the_argument_inert() {
    let data = tempfile::tempdir().expect("dir");
    for args in [
        "--color \"$HOSTILE\"",
        "\"$HOSTILE\"",
        "lint --format \"$HOSTILE\" -",
    ] {
        let output = Command::new("script")
            .args([
                "-qec",
                &format!("exec \"$BIN\" --data-dir \"$DATA\" {args}"),
                "/dev/null",
            ])
            .env("BIN", binary())
            .env("DATA", data.path())
            .env("HOSTILE", HOSTILE)
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .output()
            .expect("`script` (util-linux) runs the binary on a pseudo-terminal");
        let out = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(2), "{args}: {out}");
        assert!(out.contains("error: "), "{args}: {out}");
        for raw in ["\u{1b}]", "\u{7}", "\u{1b}[2J"] {
            assert!(!out.contains(raw), "{args}: raw {raw:?} in {out:?}");
        }
    }
}
