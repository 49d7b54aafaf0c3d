//! Real builds on the learner's own container engine.
//!
//! stagecraft drives the `docker` or `podman` command-line client through
//! [`std::process`] (see ARCHITECTURE.md for why not an HTTP client crate): the client talks to
//! whatever engine it is configured for — Docker Engine on `DOCKER_HOST` or the default socket,
//! Podman's Docker-compatible socket through `DOCKER_HOST`, or Podman itself. Every call has a
//! deadline and a clear error; nothing is ever pulled (`--pull=false` / `--pull never`, and
//! base images that are not on the machine are named before any build starts); build output
//! streams line by line to a progress callback.
//!
//! [`Engine::detect`] finds the engine; [`lab_build::run`] builds a lab's sample application
//! with the learner's Dockerfile and checks what the container really does; [`image`] has the
//! single steps (build, inspect, history, run, stop) for other screens.

pub mod compare;
pub mod image;
pub mod lab_build;
pub mod process;
pub mod workspace;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Which client stagecraft drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    /// The `docker` client (Docker Engine, or any engine with its API, e.g. Podman's socket).
    Docker,
    /// The `podman` client.
    Podman,
}

impl EngineKind {
    /// The client's usual program name.
    pub fn program(self) -> &'static str {
        match self {
            EngineKind::Docker => "docker",
            EngineKind::Podman => "podman",
        }
    }
}

/// A container engine that answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engine {
    /// Which client.
    pub kind: EngineKind,
    /// The client program.
    pub program: PathBuf,
    /// The engine address given to the client (`DOCKER_HOST` / `CONTAINER_HOST`), when set.
    pub host: Option<String>,
    /// The engine's version as it reports it.
    pub version: String,
}

/// How long asking an engine for its version may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// Why an engine call failed.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The client program could not be started.
    #[error("cannot run {what}: {source}")]
    Spawn {
        /// The step, e.g. `docker build`.
        what: String,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The call passed its deadline and was stopped.
    #[error("{what} took longer than {seconds} s and was stopped")]
    Timeout {
        /// The step.
        what: String,
        /// The deadline.
        seconds: u64,
    },
    /// The engine answered with an error.
    #[error("{what} failed: {detail}")]
    Failed {
        /// The step.
        what: String,
        /// The last lines the client printed.
        detail: String,
    },
    /// The engine's answer was not what was expected.
    #[error("cannot read the answer of {what}: {detail}")]
    Parse {
        /// The step.
        what: String,
        /// What was wrong.
        detail: String,
    },
    /// Base images are not on the machine, and stagecraft never pulls.
    #[error(
        "these base images are not on this machine: {}; stagecraft never pulls, so pull them \
         yourself first (`{}`) and build again",
        images.join(", "),
        pull_commands(program, images)
    )]
    MissingImages {
        /// The image references.
        images: Vec<String>,
        /// The client, for the suggested command.
        program: String,
    },
    /// Files of the build context could not be written.
    #[error("cannot prepare the build folder {}: {source}", path.display())]
    Context {
        /// The file or folder.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// No engine answered.
    #[error("{0}")]
    NotFound(NoEngine),
}

/// `docker pull a && docker pull b`, for the missing-images message.
fn pull_commands(program: &str, images: &[String]) -> String {
    images
        .iter()
        .map(|image| format!("{program} pull {image}"))
        .collect::<Vec<_>>()
        .join(" && ")
}

/// What was tried when no engine answered, and how to enable real builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoEngine {
    /// One line per client tried and why it did not answer.
    pub tried: Vec<String>,
}

impl std::fmt::Display for NoEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no container engine answered ({}). Real builds need Docker or Podman: install one \
             and start it (Docker: start the docker service; Podman: no service needed), or \
             point DOCKER_HOST at an engine's socket; STAGECRAFT_ENGINE=docker|podman|/path \
             chooses the client. Everything else works without an engine.",
            self.tried.join("; ")
        )
    }
}

impl Engine {
    /// Finds an engine: the client named by `STAGECRAFT_ENGINE` (a name or a path), else
    /// `docker`, else `podman` on the `PATH`; the first one whose engine answers is used.
    pub fn detect() -> Result<Engine, NoEngine> {
        let chosen = std::env::var_os("STAGECRAFT_ENGINE").filter(|v| !v.is_empty());
        let candidates: Vec<PathBuf> = match chosen {
            Some(program) => vec![PathBuf::from(program)],
            None => vec![PathBuf::from("docker"), PathBuf::from("podman")],
        };
        let mut tried = Vec::new();
        for program in candidates {
            match Engine::at(&program, None) {
                Ok(engine) => return Ok(engine),
                Err(err) => tried.push(format!("{}: {err}", program.display())),
            }
        }
        Err(NoEngine { tried })
    }

    /// The engine behind the client `program`, talking to `host` (a `unix://` or `tcp://`
    /// address) or to the client's own default. Fails when the engine does not answer.
    pub fn at(program: &Path, host: Option<String>) -> Result<Engine, EngineError> {
        let name = program
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = if name.contains("podman") {
            EngineKind::Podman
        } else {
            EngineKind::Docker
        };
        let mut engine = Engine {
            kind,
            program: program.to_owned(),
            host,
            version: String::new(),
        };
        let format = match kind {
            EngineKind::Docker => "{{.Server.Version}}",
            EngineKind::Podman => "{{.Version.Version}}",
        };
        let verb = match kind {
            EngineKind::Docker => "version",
            EngineKind::Podman => "info",
        };
        let done = engine.call(&[verb, "--format", format], "ask the engine its version")?;
        engine.version = crate::sanitize::inert_line(done.stdout.trim());
        Ok(engine)
    }

    /// One line for people: which engine and how it is reached.
    pub fn describe(&self) -> String {
        let name = match self.kind {
            EngineKind::Docker => "Docker",
            EngineKind::Podman => "Podman",
        };
        let address = self
            .host
            .clone()
            .or_else(|| std::env::var(self.host_variable()).ok())
            .unwrap_or_else(|| "its default socket".to_owned());
        format!(
            "{name} {} through {} on {}",
            self.version,
            self.program.display(),
            crate::sanitize::inert_line(&address)
        )
    }

    fn host_variable(&self) -> &'static str {
        match self.kind {
            EngineKind::Docker => "DOCKER_HOST",
            EngineKind::Podman => "CONTAINER_HOST",
        }
    }

    /// A client command with the engine address set.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.program);
        if let Some(host) = &self.host {
            command.env(self.host_variable(), host);
        }
        command.args(args);
        command
    }

    /// Runs a client command that must succeed, without progress.
    fn call(&self, args: &[&str], what: &str) -> Result<process::Finished, EngineError> {
        self.call_with(
            args,
            what,
            PROBE_TIMEOUT.max(Duration::from_secs(30)),
            &mut |_| {},
        )
    }

    /// Runs a client command that must succeed, with a deadline and progress lines.
    fn call_with(
        &self,
        args: &[&str],
        what: &str,
        timeout: Duration,
        on_line: &mut dyn FnMut(&str),
    ) -> Result<process::Finished, EngineError> {
        let done = process::run(self.command(args), what, timeout, on_line)?;
        if done.success() {
            Ok(done)
        } else {
            Err(EngineError::Failed {
                what: what.to_owned(),
                detail: done.tail(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_that_is_not_there_is_not_an_engine() {
        let err = Engine::at(Path::new("/nonexistent/docker"), None).unwrap_err();
        assert!(matches!(err, EngineError::Spawn { .. }), "{err}");
    }

    #[test]
    fn no_engine_says_how_to_enable_real_builds() {
        let text = NoEngine {
            tried: vec!["docker: not found".into()],
        }
        .to_string();
        assert!(text.contains("docker: not found"), "{text}");
        assert!(text.contains("DOCKER_HOST"), "{text}");
        assert!(text.contains("Everything else works"), "{text}");
    }

    #[test]
    fn missing_images_name_the_pull_command() {
        let err = EngineError::MissingImages {
            images: vec!["golang:1.25".into(), "alpine:3.22".into()],
            program: "docker".into(),
        };
        let text = err.to_string();
        assert!(
            text.contains("docker pull golang:1.25 && docker pull alpine:3.22"),
            "{text}"
        );
    }
}
