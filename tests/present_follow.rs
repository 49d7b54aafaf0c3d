//! Two real processes of `stagecraft present` on one data directory, the room's view and the
//! teacher's (`--notes`), each in its own tmux server: whichever one is driven, the other
//! follows. Needs tmux (`apt-get install tmux`), like `tests/e2e_tmux.rs`.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

const PACK: &str = "tests/fixtures/packs/classroom";

fn binary() -> String {
    std::env::var("STAGECRAFT_E2E_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_stagecraft").to_owned())
}

/// One terminal: a tmux server of its own with one session running a shell.
struct Terminal {
    socket: String,
}

impl Terminal {
    fn start(name: &str, width: u16, height: u16) -> Terminal {
        let socket = format!("stagecraft-follow-{name}-{}", std::process::id());
        let terminal = Terminal { socket };
        let status = terminal
            .tmux(&[
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
            .expect("tmux must be installed to run this test (apt-get install tmux)");
        assert!(status.success());
        terminal
    }

    fn tmux(&self, args: &[&str]) -> Command {
        let mut command = Command::new("tmux");
        command
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("TMUX");
        command
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        assert!(self.tmux(&args).status().expect("send-keys").success());
    }

    fn screen(&self) -> String {
        let out = self
            .tmux(&["capture-pane", "-p", "-t", "t"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits (at most 15 s, a deadline for a hung app, not a speed check) for `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "`{text}` never appeared in {}; screen:\n{screen}",
                self.socket
            );
            sleep(Duration::from_millis(50));
        }
    }

    fn present(&self, data_dir: &Path, extra: &str) {
        self.wait_for("bash$");
        self.keys(&[
            &format!(
                "{} --content {PACK} --data-dir {} present slides-demo {extra}",
                binary(),
                data_dir.display()
            ),
            "Enter",
        ]);
    }

    /// Waits until the app has ended and the shell prompt is back.
    fn wait_for_shell(&self) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            let last = screen.lines().rev().find(|l| !l.trim().is_empty());
            if last.is_some_and(|l| l.trim() == "bash$") {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "the app did not end; screen:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]).status();
    }
}

#[test]
fn the_room_and_the_teacher_follow_each_other() {
    let data_dir = tempfile::tempdir().expect("data dir");
    let room = Terminal::start("room", 100, 30);
    let teacher = Terminal::start("teacher", 120, 36);

    room.present(data_dir.path(), "");
    room.wait_for("1/4");
    teacher.present(data_dir.path(), "--notes");
    teacher.wait_for("Presenter notes");
    teacher.wait_for("Ask who has shipped a 1 GB image.");

    // The teacher moves on; the room follows.
    teacher.keys(&["Right"]);
    room.wait_for("2/4");
    // A key pressed at the room's keyboard moves the teacher's view too.
    room.keys(&["s"]);
    teacher.wait_for("Build step 1 of 3");
    room.wait_for("Build step 1 of 3");
    // Questions: asked and revealed from the teacher's terminal.
    teacher.keys(&["a"]);
    let asked = room.wait_for("Question 1 of 2");
    assert!(!asked.contains("✓"), "the answer waits for Enter: {asked}");
    teacher.keys(&["Enter"]);
    room.wait_for("✓ B  The last");
    // Back to the slides from the room.
    room.keys(&["Escape"]);
    teacher.wait_for("Now: slide 2");

    room.keys(&["q"]);
    room.wait_for_shell();
    teacher.keys(&["q"]);
    teacher.wait_for_shell();
    assert!(data_dir.path().join("present/slides-demo.json").is_file());
}
