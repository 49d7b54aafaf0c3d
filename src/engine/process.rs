//! Running one engine command with a deadline: its output is read on threads, handed line by
//! line to a callback as it comes, and the process is killed when the deadline passes.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::EngineError;

/// What a finished command left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// The exit code (`None` when a signal ended it).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// How long it ran.
    pub elapsed: Duration,
}

impl Finished {
    /// Whether it exited with 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// The last lines of standard error (or output), for an error message.
    pub fn tail(&self) -> String {
        let text = if self.stderr.trim().is_empty() {
            &self.stdout
        } else {
            &self.stderr
        };
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let start = lines.len().saturating_sub(4);
        crate::sanitize::inert_line(&lines[start..].join(" / "))
    }
}

/// How often a running command is polled for its end.
const POLL: Duration = Duration::from_millis(20);

/// The most output kept per stream; the rest still reaches the callback.
const MAX_KEPT: usize = 4 * 1024 * 1024;

/// Runs `command` until it ends or `timeout` passes (then it is killed and the result is
/// [`EngineError::Timeout`]). Every line of standard output and error goes to `on_line` while
/// the command runs. `what` names the step in messages, e.g. `docker build`.
pub fn run(
    mut command: Command,
    what: &str,
    timeout: Duration,
    on_line: &mut dyn FnMut(&str),
) -> Result<Finished, EngineError> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().map_err(|source| EngineError::Spawn {
        what: what.to_owned(),
        source,
    })?;
    let (sender, lines) = mpsc::channel::<(bool, String)>();
    let readers: Vec<_> = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .enumerate()
    .filter_map(|(index, stream)| stream.map(|s| (index == 0, s)))
    .map(|(is_stdout, stream)| {
        let sender = sender.clone();
        thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut buffer = Vec::new();
            while reader.read_until(b'\n', &mut buffer).is_ok_and(|n| n > 0) {
                let line = String::from_utf8_lossy(&buffer).into_owned();
                if sender.send((is_stdout, line)).is_err() {
                    break;
                }
                buffer.clear();
            }
        })
    })
    .collect();
    drop(sender);
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut keep = |is_stdout: bool, line: String, on_line: &mut dyn FnMut(&str)| {
        on_line(line.trim_end_matches(['\n', '\r']));
        let kept = if is_stdout { &mut stdout } else { &mut stderr };
        if kept.len() < MAX_KEPT {
            kept.push_str(&line);
        }
    };
    let status = loop {
        while let Ok((is_stdout, line)) = lines.try_recv() {
            keep(is_stdout, line, on_line);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(EngineError::Timeout {
                    what: what.to_owned(),
                    seconds: timeout.as_secs(),
                });
            }
            Ok(None) => {
                if let Ok((is_stdout, line)) = lines.recv_timeout(POLL) {
                    keep(is_stdout, line, on_line);
                }
            }
            Err(source) => {
                let _ = child.kill();
                return Err(EngineError::Spawn {
                    what: what.to_owned(),
                    source,
                });
            }
        }
    };
    let elapsed = started.elapsed();
    // The readers end with the pipes; a grandchild holding a pipe open is not waited for.
    let drain_until = Instant::now() + Duration::from_secs(2);
    for (is_stdout, line) in lines.iter() {
        keep(is_stdout, line, on_line);
        if Instant::now() > drain_until {
            break;
        }
    }
    for reader in readers {
        if reader.is_finished() {
            let _ = reader.join();
        }
    }
    Ok(Finished {
        code: status.code(),
        stdout,
        stderr,
        elapsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_reaches_the_callback_and_the_result() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo one; echo two >&2; exit 3"]);
        let mut seen = Vec::new();
        let done = run(command, "sh", Duration::from_secs(20), &mut |l| {
            seen.push(l.to_owned())
        })
        .expect("runs");
        assert_eq!(done.code, Some(3));
        assert_eq!(done.stdout, "one\n");
        assert_eq!(done.stderr, "two\n");
        seen.sort();
        assert_eq!(seen, ["one", "two"]);
        assert_eq!(done.tail(), "two");
    }

    #[test]
    fn a_command_past_its_deadline_is_killed_with_a_clear_error() {
        let mut command = Command::new("sleep");
        command.arg("30");
        let err = run(command, "sleep", Duration::from_millis(200), &mut |_| {}).unwrap_err();
        assert!(matches!(err, EngineError::Timeout { .. }), "{err}");
        assert!(err.to_string().contains("sleep"), "{err}");
    }

    #[test]
    fn a_missing_program_is_a_spawn_error() {
        let command = Command::new("/nonexistent/stagecraft-engine");
        let err = run(command, "engine", Duration::from_secs(5), &mut |_| {}).unwrap_err();
        assert!(matches!(err, EngineError::Spawn { .. }), "{err}");
    }
}
