//! A real terminal for end-to-end tests: a tmux server of the test's own (its own socket) with
//! one session running a plain shell, driven with keys and read from the screen. Needs tmux
//! (`apt-get install tmux`; `.ci/run` installs it).

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How long a wait may take before the test fails: a deadline for a hung app, not a speed
/// check.
const DEADLINE: Duration = Duration::from_secs(15);

/// The binary under test: `STAGECRAFT_E2E_BIN` if set (`.ci/run` names the release binary
/// there), else the one cargo built for the tests.
pub fn binary() -> String {
    std::env::var("STAGECRAFT_E2E_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_stagecraft").to_owned())
}

/// A tmux server with one session `t` of the given size, killed on drop.
pub struct Tmux {
    /// The server's socket name, unique per test and process.
    pub socket: String,
}

impl Tmux {
    /// Starts a server named after `name` and the test process, with a `bash$ ` prompt.
    pub fn start(name: &str, width: u16, height: u16) -> Tmux {
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

    /// A tmux command on this server, without colour and outside any enclosing tmux.
    pub fn cmd(&self, args: &[&str]) -> Command {
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

    /// Sends keys (tmux key names or literal text) to the session.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        assert!(self.cmd(&args).status().expect("tmux send-keys").success());
    }

    /// The visible screen as text.
    pub fn screen(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", "t"])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Resizes the window.
    pub fn resize(&self, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        let status = self
            .cmd(&["resize-window", "-t", "t", "-x", &w, "-y", &h])
            .status()
            .expect("resize");
        assert!(status.success());
    }

    /// A tmux format string evaluated for the pane, e.g. `#{cursor_flag}`.
    pub fn format(&self, format: &str) -> String {
        let out = self
            .cmd(&["display-message", "-p", "-t", "t", format])
            .output()
            .expect("tmux display-message");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen contains `text`, on one line or wrapped over several (the
    /// lines joined by spaces), or fails showing the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("`{text}` never appeared"), |screen| {
            screen.contains(text) || flat(screen).contains(text)
        })
    }

    /// Waits until the screen contains one of `texts` (wrapped or not).
    pub fn wait_for_any(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("none of {texts:?} appeared"), |screen| {
            texts.iter().any(|t| flat(screen).contains(t))
        })
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("`{text}` never went away"), |screen| {
            !screen.contains(text)
        });
    }

    /// Waits until the app has ended and the shell's prompt is the last line on the screen.
    pub fn wait_for_shell(&self) {
        self.wait_until("the app did not end", |screen| {
            let last = screen.lines().rev().find(|l| !l.trim().is_empty());
            last.is_some_and(|l| l.trim() == "bash$")
        });
    }

    fn wait_until(&self, failure: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "{failure} in {}; screen:\n{screen}",
                self.socket
            );
            sleep(Duration::from_millis(50));
        }
    }
}

/// The screen's lines, trimmed, joined by spaces: a message wrapped by the app reads whole.
pub fn flat(screen: &str) -> String {
    screen
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .cmd(&["kill-server"])
            .stderr(std::process::Stdio::null())
            .status();
    }
}
