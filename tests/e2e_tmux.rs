//! End-to-end: the release or debug binary in a real terminal (tmux), read from the screen.
//! `.ci/run` installs tmux; without it these tests fail with a clear message.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A tmux server of our own (its own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16) -> Tmux {
        let socket = format!("stagecraft-test-{name}-{}", std::process::id());
        let tmux = Tmux { socket };
        let status = tmux
            .cmd(&[
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                "PS1='bash$ ' bash --norc --noprofile",
            ])
            .status()
            .expect("tmux must be installed to run the end-to-end tests (apt-get install tmux)");
        assert!(status.success());
        tmux
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut command = Command::new("tmux");
        command
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args);
        command
            .env("PS1", "$ ")
            .env("NO_COLOR", "1")
            .env_remove("TMUX");
        command
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        assert!(self.cmd(&args).status().expect("tmux send-keys").success());
    }

    fn screen(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", "t"])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen contains `text`, or fails showing the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "`{text}` never appeared; screen:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}

/// Starts the app in the tmux shell; its data dir is unique, so `pkill -f` can find it.
fn launch(tmux: &Tmux, extra: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_stagecraft");
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
    let start = Instant::now();
    loop {
        let screen = tmux.screen();
        let last = screen
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        if last.trim() == "bash$" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the app did not end; screen:\n{screen}"
        );
        sleep(Duration::from_millis(50));
    }
    tmux.keys(&["clear; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo; tput cnorm >/dev/null; echo done-$((40+2))", "Enter"]);
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
    let work = std::env::temp_dir().join(format!("{}-work", tmux.socket));
    std::fs::create_dir_all(&work).expect("work dir");
    let solution = work.join("solution");
    std::fs::write(
        &solution,
        "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n",
    )
    .expect("solution");
    // An editor that needs the terminal in cooked mode: it reads a line, then saves.
    let editor = work.join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nprintf 'fake editor on %s\\n' \"$1\"\nread answer\ncp '{}' \"$1\"\n",
            solution.display()
        ),
    )
    .expect("editor");
    let lab_dir = work.join("lab");
    let bin = env!("CARGO_BIN_EXE_stagecraft");
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
