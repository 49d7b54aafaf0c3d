//! The single engine steps: which base images are missing, build, image size and user, layer
//! history, run, logs, process user, stop and remove. Each has a deadline.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::{Engine, EngineError, EngineKind};
use crate::dockerfile::graph::Base;

/// The longest a build may take.
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(20 * 60);

/// The longest any other single call may take.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(60);

/// What an image is, as the engine reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// The image id.
    pub id: String,
    /// Its size in bytes.
    pub size: u64,
    /// The `USER` it runs as (empty: root).
    pub user: String,
}

/// One layer of an image, newest first, like `docker history`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// Bytes the layer adds.
    pub size: u64,
    /// The instruction that made it, as the engine recorded it.
    pub created_by: String,
}

/// The state of a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerState {
    /// Whether its process still runs.
    pub running: bool,
    /// The exit code once it stopped.
    pub exit_code: i64,
}

/// The result of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// Whether the image was built.
    pub ok: bool,
    /// How long the build took.
    pub elapsed: Duration,
    /// The last lines of output when it failed.
    pub detail: String,
}

impl Engine {
    /// The images named by `FROM` in `dockerfile` that are not on the machine (never `scratch`,
    /// never a stage). A Dockerfile whose stages cannot be read has none: the build will say why.
    pub fn missing_base_images(&self, dockerfile: &str) -> Result<Vec<String>, EngineError> {
        let parsed = crate::dockerfile::parse(dockerfile);
        let Ok(graph) = crate::dockerfile::graph::StageGraph::new(&parsed, None) else {
            return Ok(Vec::new());
        };
        let mut missing = Vec::new();
        for stage in &graph.stages {
            if let Base::Image { reference } = &stage.base
                && !reference.eq_ignore_ascii_case("scratch")
                && !missing.contains(reference)
                && !self.has_image(reference)?
            {
                missing.push(reference.clone());
            }
        }
        Ok(missing)
    }

    /// Whether an image is on the machine.
    pub fn has_image(&self, reference: &str) -> Result<bool, EngineError> {
        let done = super::process::run(
            self.command(&["image", "inspect", "--format", "{{.Id}}", "--", reference]),
            "image inspect",
            CALL_TIMEOUT,
            &mut |_| {},
        )?;
        Ok(done.success())
    }

    /// Builds `dockerfile` with the folder `context` as `tag` (up to the stage `target`, like
    /// `--target`, when given), without network and without pulling; each output line goes
    /// to `on_line`.
    pub fn build(
        &self,
        context: &Path,
        dockerfile: &Path,
        tag: &str,
        target: Option<&str>,
        on_line: &mut dyn FnMut(&str),
    ) -> Result<Built, EngineError> {
        let pull = match self.kind {
            EngineKind::Docker => "--pull=false",
            EngineKind::Podman => "--pull=never",
        };
        let file = dockerfile.to_string_lossy();
        let folder = context.to_string_lossy();
        let mut args = vec![
            "build",
            pull,
            "--network",
            "none",
            "--tag",
            tag,
            "--file",
            &file,
        ];
        if let Some(target) = target {
            args.extend(["--target", target]);
        }
        args.push(&folder);
        let done = super::process::run(self.command(&args), "the build", BUILD_TIMEOUT, on_line)?;
        Ok(Built {
            ok: done.success(),
            elapsed: done.elapsed,
            detail: done.tail(),
        })
    }

    /// The size and user of an image.
    pub fn inspect_image(&self, reference: &str) -> Result<ImageInfo, EngineError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Raw {
            id: String,
            size: u64,
            config: Option<RawConfig>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct RawConfig {
            #[serde(default)]
            user: Option<String>,
        }
        let what = "image inspect";
        let done = self.call(
            &[
                "image",
                "inspect",
                "--format",
                "{{json .}}",
                "--",
                reference,
            ],
            what,
        )?;
        let raw: Raw =
            serde_json::from_str(done.stdout.trim()).map_err(|e| parse_error(what, e))?;
        Ok(ImageInfo {
            id: raw.id,
            size: raw.size,
            user: raw.config.and_then(|c| c.user).unwrap_or_default(),
        })
    }

    /// The layers of an image, newest first, with their sizes and instructions.
    pub fn history(&self, reference: &str) -> Result<Vec<Layer>, EngineError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Raw {
            created_by: String,
            size: serde_json::Value,
        }
        let what = "image history";
        let done = self.call(
            &[
                "history",
                "--no-trunc",
                "--human=false",
                "--format",
                "{{json .}}",
                "--",
                reference,
            ],
            what,
        )?;
        done.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let raw: Raw = serde_json::from_str(line).map_err(|e| parse_error(what, e))?;
                let size = match &raw.size {
                    serde_json::Value::Number(n) => n.as_u64(),
                    serde_json::Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                }
                .ok_or_else(|| parse_error(what, format!("size {}", raw.size)))?;
                Ok(Layer {
                    size,
                    created_by: instruction_of(&raw.created_by),
                })
            })
            .collect()
    }

    /// Starts a container of `image` in the background with no network, never pulling, with
    /// `args` before the image (e.g. `--entrypoint`) and `command` after it. Returns its id.
    pub fn start_container(&self, image: &str, args: &[&str]) -> Result<String, EngineError> {
        let mut all = vec!["run", "--detach", "--network", "none", "--pull", "never"];
        all.extend_from_slice(args);
        all.push("--");
        all.push(image);
        let done = self.call(&all, "starting the container")?;
        Ok(done.stdout.trim().to_owned())
    }

    /// Runs `image` to its end with `args` before the image; returns the exit code and output.
    pub fn run_once(
        &self,
        image: &str,
        args: &[&str],
        rest: &[&str],
    ) -> Result<(Option<i32>, String), EngineError> {
        let mut all = vec!["run", "--rm", "--network", "none", "--pull", "never"];
        all.extend_from_slice(args);
        all.push(image);
        all.extend_from_slice(rest);
        let done =
            super::process::run(self.command(&all), "docker run", CALL_TIMEOUT, &mut |_| {})?;
        Ok((done.code, format!("{}{}", done.stdout, done.stderr)))
    }

    /// Whether a container runs, and its exit code once it stopped.
    pub fn container_state(&self, id: &str) -> Result<ContainerState, EngineError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Raw {
            running: bool,
            exit_code: i64,
        }
        let what = "container inspect";
        let done = self.call(
            &[
                "container",
                "inspect",
                "--format",
                "{{json .State}}",
                "--",
                id,
            ],
            what,
        )?;
        let raw: Raw =
            serde_json::from_str(done.stdout.trim()).map_err(|e| parse_error(what, e))?;
        Ok(ContainerState {
            running: raw.running,
            exit_code: raw.exit_code,
        })
    }

    /// Everything the container printed so far (output and errors).
    pub fn logs(&self, id: &str) -> Result<String, EngineError> {
        let done = self.call(&["logs", "--", id], "container logs")?;
        Ok(format!("{}{}", done.stdout, done.stderr))
    }

    /// The user id of the container's first process, while it runs (`None` when the engine
    /// cannot tell).
    pub fn process_uid(&self, id: &str) -> Result<Option<u32>, EngineError> {
        let args: &[&str] = match self.kind {
            EngineKind::Docker => &["top", id, "-o", "pid,uid"],
            EngineKind::Podman => &["top", id, "pid", "huser"],
        };
        let done = super::process::run(
            self.command(args),
            "container top",
            CALL_TIMEOUT,
            &mut |_| {},
        )?;
        if !done.success() {
            return Ok(None);
        }
        Ok(done
            .stdout
            .lines()
            .nth(1)
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|uid| uid.parse().ok()))
    }

    /// Sends SIGTERM, waits up to `grace` and then kills; returns how long the stop took and
    /// the exit code.
    pub fn stop(&self, id: &str, grace: Duration) -> Result<(Duration, i64), EngineError> {
        let seconds = grace.as_secs().max(1).to_string();
        let started = Instant::now();
        self.call_with(
            &["stop", "--time", &seconds, "--", id],
            "stopping the container",
            CALL_TIMEOUT + grace,
            &mut |_| {},
        )?;
        let elapsed = started.elapsed();
        Ok((elapsed, self.container_state(id)?.exit_code))
    }

    /// Removes a container, running or not.
    pub fn remove_container(&self, id: &str) -> Result<(), EngineError> {
        self.call(&["rm", "--force", "--", id], "removing the container")
            .map(|_| ())
    }
}

/// An image reference `<prefix>/<name>` (just `<name>` for an empty prefix) with the
/// characters an image name cannot hold in `name` replaced by `-`.
pub fn tag_name(prefix: &str, name: &str) -> String {
    let name: String = name
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '.' | '_' | '-') => c,
            _ => '-',
        })
        .collect();
    let name = name.trim_matches(['-', '.', '_']);
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}/{name}")
    }
}

fn parse_error(what: &str, detail: impl std::fmt::Display) -> EngineError {
    EngineError::Parse {
        what: what.to_owned(),
        detail: detail.to_string(),
    }
}

/// The stages of `dockerfile` the final image does not need, by label: BuildKit skips them
/// (the classic builder still builds them). Empty when the stages cannot be read.
pub fn stages_not_needed(dockerfile: &str) -> Vec<String> {
    let parsed = crate::dockerfile::parse(dockerfile);
    crate::dockerfile::graph::StageGraph::new(&parsed, None)
        .map(|graph| {
            graph
                .stages
                .iter()
                .filter(|stage| !stage.needed)
                .map(|stage| crate::sanitize::inert_line(&stage.label()))
                .collect()
        })
        .unwrap_or_default()
}

/// The instruction of a history entry without the classic builder's `/bin/sh -c #(nop)`.
pub fn instruction_of(created_by: &str) -> String {
    let text = created_by.trim();
    let text = if let Some(rest) = text.strip_prefix("/bin/sh -c #(nop)") {
        rest.trim().to_owned()
    } else if let Some(rest) = text.strip_prefix("/bin/sh -c ") {
        format!("RUN {}", rest.trim())
    } else {
        text.to_owned()
    };
    crate::sanitize::inert_line(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unneeded_stages_are_named() {
        let text = "FROM a AS build\nRUN x\nFROM a AS lint\nRUN y\nFROM scratch\nCOPY --from=build /x /x\n";
        assert_eq!(stages_not_needed(text), ["lint"]);
        assert!(stages_not_needed("FROM scratch\n").is_empty());
    }

    #[test]
    fn history_instructions_read_like_the_dockerfile() {
        assert_eq!(instruction_of("/bin/sh -c #(nop)  USER 1000"), "USER 1000");
        assert_eq!(instruction_of("/bin/sh -c cp /a /b"), "RUN cp /a /b");
        assert_eq!(
            instruction_of("COPY /out /out # buildkit"),
            "COPY /out /out # buildkit"
        );
    }
}
