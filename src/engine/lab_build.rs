//! A lab's real build: the learner's Dockerfile built with the lab's sample application as the
//! context, the container run with no network, and the checks static analysis cannot make.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::{Engine, EngineError};
use crate::content::model::LabBuild;

/// How long a container has to print its output or exit.
pub const RUN_WAIT: Duration = Duration::from_secs(15);

/// How long a container may take to stop after SIGTERM before it is killed.
pub const STOP_GRACE: Duration = Duration::from_secs(3);

/// Exit code of a process killed with SIGKILL (128 + 9), as engines report it.
const KILLED: i64 = 137;

/// What the real checks look for: a lab's `build:` section without its files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expectations {
    /// Text the container must print.
    pub output: Option<String>,
    /// The exit code it must end with (`None`: a service that keeps running).
    pub exit_code: Option<i64>,
    /// The largest image allowed, in bytes.
    pub max_size: Option<u64>,
    /// The user id the process must run as (`None`: any id but 0).
    pub user: Option<u32>,
}

impl Expectations {
    /// The expectations of a lab's `build:` section.
    pub fn of(build: &LabBuild) -> Expectations {
        Expectations {
            output: build.output.clone(),
            exit_code: build.exit_code,
            max_size: build.max_size_mb.map(|mb| (mb * 1_000_000.0) as u64),
            user: build.user,
        }
    }
}

/// Which real check a line reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RealCheckKind {
    /// The image builds.
    Builds,
    /// The container starts and prints or exits as the lab says.
    Runs,
    /// The image is within the size budget.
    Size,
    /// `sh` cannot be started in the image.
    NoShell,
    /// The process runs as the expected non-root user.
    User,
    /// The container stops soon after SIGTERM.
    StopsOnSigterm,
}

impl RealCheckKind {
    /// The name used in JSON and tests.
    pub fn name(self) -> &'static str {
        match self {
            RealCheckKind::Builds => "builds",
            RealCheckKind::Runs => "runs",
            RealCheckKind::Size => "size",
            RealCheckKind::NoShell => "no_shell",
            RealCheckKind::User => "user",
            RealCheckKind::StopsOnSigterm => "stops_on_sigterm",
        }
    }
}

/// The outcome of one real check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Checked and passed.
    Pass,
    /// Checked and failed.
    Fail,
    /// Not checked, and the line says why (the image did not build, the program exits by
    /// itself so there is nothing to stop).
    Skipped,
}

/// One line of the goal checklist "checked by a real build".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RealCheck {
    /// Which check.
    pub kind: RealCheckKind,
    /// The goal, for the checklist.
    pub label: String,
    /// Whether it passed.
    pub status: Status,
    /// What was measured, or why it failed.
    pub why: String,
}

/// Figures measured during a real build.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Measures {
    /// How long the build took.
    pub build_time: Option<Duration>,
    /// The final image's size in bytes.
    pub size: Option<u64>,
    /// Time from starting the container to its output (or its exit).
    pub start_time: Option<Duration>,
    /// Time from SIGTERM to the container's end.
    pub stop_time: Option<Duration>,
}

/// Everything a real build found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RealReport {
    /// The engine, as [`Engine::describe`] says it.
    pub engine: String,
    /// The image tag built.
    pub tag: String,
    /// One line per check.
    pub checks: Vec<RealCheck>,
    /// The figures.
    pub measures: Measures,
}

impl RealReport {
    /// Whether no check failed.
    pub fn all_pass(&self) -> bool {
        self.checks.iter().all(|c| c.status != Status::Fail)
    }
}

/// What a real build is doing, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<'a> {
    /// A new step starts (`building`, `running`, `stopping`, ...).
    Step(&'a str),
    /// One line of the engine's build output.
    Output(&'a str),
}

/// Builds `dockerfile` with the files `context` (path inside the folder -> text) as the build
/// context, tags the image `tag`, runs it and checks it against `expect`. `progress` hears
/// each step and every build line. Errors are about the engine (it failed, timed out, or
/// lacks a base image); a Dockerfile that does not build is a failed check, not an error.
pub fn run(
    engine: &Engine,
    dockerfile: &str,
    context: &BTreeMap<String, String>,
    tag: &str,
    expect: &Expectations,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<RealReport, EngineError> {
    progress(Progress::Step(
        "looking for the base images on this machine",
    ));
    let missing = engine.missing_base_images(dockerfile)?;
    if !missing.is_empty() {
        return Err(EngineError::MissingImages {
            images: missing,
            program: engine.kind.program().to_owned(),
        });
    }
    let folder = super::workspace::BuildFolder::with_context(context)?;
    let dockerfile_path = folder.dockerfile("Dockerfile", dockerfile)?;
    let context_path = folder.context();
    let mut report = RealReport {
        engine: engine.describe(),
        tag: tag.to_owned(),
        checks: Vec::new(),
        measures: Measures::default(),
    };
    progress(Progress::Step("building the image"));
    let built = engine.build(&context_path, &dockerfile_path, tag, None, &mut |line| {
        progress(Progress::Output(line));
    })?;
    report.measures.build_time = Some(built.elapsed);
    if !built.ok {
        report.checks.push(check(
            RealCheckKind::Builds,
            "the image builds",
            Status::Fail,
            format!("the build failed: {}", built.detail),
        ));
        for kind in later_checks(expect) {
            report.checks.push(check(
                kind,
                &label(kind, expect),
                Status::Skipped,
                "not checked: the image did not build".to_owned(),
            ));
        }
        return Ok(report);
    }
    report.checks.push(check(
        RealCheckKind::Builds,
        "the image builds",
        Status::Pass,
        format!("built in {}", seconds(built.elapsed)),
    ));
    let info = engine.inspect_image(tag)?;
    report.measures.size = Some(info.size);
    if let Some(budget) = expect.max_size {
        let status = pass_if(info.size <= budget);
        report.checks.push(check(
            RealCheckKind::Size,
            &label(RealCheckKind::Size, expect),
            status,
            format!("the image is {}", megabytes(info.size)),
        ));
    }
    progress(Progress::Step("running the container with no network"));
    let started = Instant::now();
    let id = engine.start_container(tag, &[])?;
    let outcome = watch(engine, &id, expect, started);
    let checks = outcome.and_then(|watched| {
        report.measures.start_time = Some(watched.elapsed);
        let mut checks = vec![runs_check(expect, &watched)];
        checks.push(user_check(
            engine,
            &id,
            &info.user,
            expect,
            watched.state.running,
        )?);
        if watched.state.running {
            progress(Progress::Step("sending SIGTERM"));
            let (took, code) = engine.stop(&id, STOP_GRACE)?;
            report.measures.stop_time = Some(took);
            checks.push(check(
                RealCheckKind::StopsOnSigterm,
                &label(RealCheckKind::StopsOnSigterm, expect),
                pass_if(code != KILLED),
                if code == KILLED {
                    format!(
                        "still running {} after SIGTERM, so it was killed: PID 1 ignores the \
                         signal",
                        seconds(STOP_GRACE)
                    )
                } else {
                    format!("stopped {} after SIGTERM (exit code {code})", seconds(took))
                },
            ));
        } else {
            checks.push(check(
                RealCheckKind::StopsOnSigterm,
                &label(RealCheckKind::StopsOnSigterm, expect),
                Status::Skipped,
                format!(
                    "not checked: the program ended by itself (exit code {})",
                    watched.state.exit_code
                ),
            ));
        }
        Ok(checks)
    });
    let removed = engine.remove_container(&id);
    report.checks.extend(checks?);
    removed?;
    progress(Progress::Step("trying to start sh in the image"));
    report.checks.push(no_shell_check(engine, tag)?);
    Ok(report)
}

/// What watching a started container saw.
struct Watched {
    state: super::image::ContainerState,
    logs: String,
    elapsed: Duration,
}

/// Waits until the container prints the expected output, exits, or [`RUN_WAIT`] passes.
fn watch(
    engine: &Engine,
    id: &str,
    expect: &Expectations,
    started: Instant,
) -> Result<Watched, EngineError> {
    loop {
        let state = engine.container_state(id)?;
        let logs = engine.logs(id)?;
        let printed = expect
            .output
            .as_ref()
            .is_some_and(|o| logs.contains(o.as_str()));
        let waiting_for_exit = expect.exit_code.is_some() || expect.output.is_none();
        let done =
            !state.running || (printed && !waiting_for_exit) || started.elapsed() >= RUN_WAIT;
        if done {
            return Ok(Watched {
                state,
                logs,
                elapsed: started.elapsed(),
            });
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn runs_check(expect: &Expectations, watched: &Watched) -> RealCheck {
    let label = label(RealCheckKind::Runs, expect);
    let last_line = watched
        .logs
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(crate::sanitize::inert_line)
        .unwrap_or_else(|| "nothing".to_owned());
    if let Some(output) = &expect.output
        && !watched.logs.contains(output.as_str())
    {
        let why = format!(
            "it did not print `{}` within {}; its last line: {last_line}",
            crate::sanitize::inert_line(output),
            seconds(watched.elapsed)
        );
        return check(RealCheckKind::Runs, &label, Status::Fail, why);
    }
    let state = &watched.state;
    match expect.exit_code {
        Some(code) if state.running => check(
            RealCheckKind::Runs,
            &label,
            Status::Fail,
            format!(
                "still running after {}; expected exit code {code}",
                seconds(watched.elapsed)
            ),
        ),
        Some(code) if state.exit_code != code => check(
            RealCheckKind::Runs,
            &label,
            Status::Fail,
            format!(
                "exited with code {} (expected {code}); its last line: {last_line}",
                state.exit_code
            ),
        ),
        None if !state.running && state.exit_code != 0 => check(
            RealCheckKind::Runs,
            &label,
            Status::Fail,
            format!(
                "exited with code {}; its last line: {last_line}",
                state.exit_code
            ),
        ),
        _ => check(
            RealCheckKind::Runs,
            &label,
            Status::Pass,
            match (state.running, &expect.output) {
                (true, Some(_)) => format!("printed it {} after start", seconds(watched.elapsed)),
                (true, None) => format!("still running after {}", seconds(watched.elapsed)),
                (false, _) => format!(
                    "exited with code {} after {}",
                    state.exit_code,
                    seconds(watched.elapsed)
                ),
            },
        ),
    }
}

/// The process's user: measured while it runs, else the image's numeric `USER`.
fn user_check(
    engine: &Engine,
    id: &str,
    configured: &str,
    expect: &Expectations,
    running: bool,
) -> Result<RealCheck, EngineError> {
    let label = label(RealCheckKind::User, expect);
    let measured = if running {
        engine.process_uid(id)?
    } else {
        None
    };
    let configured_uid = configured.split(':').next().and_then(|u| {
        if u.is_empty() {
            Some(0)
        } else {
            u.parse().ok()
        }
    });
    let (uid, source) = match (measured, configured_uid) {
        (Some(uid), _) => (uid, "the running process has"),
        (None, Some(uid)) => (uid, "the image's USER is"),
        (None, None) => {
            return Ok(check(
                RealCheckKind::User,
                &label,
                Status::Fail,
                format!(
                    "the program ended before its user could be read and USER `{}` is a name; \
                     use a numeric USER",
                    crate::sanitize::inert_line(configured)
                ),
            ));
        }
    };
    let ok = match expect.user {
        Some(expected) => uid == expected,
        None => uid != 0,
    };
    Ok(check(
        RealCheckKind::User,
        &label,
        pass_if(ok),
        format!(
            "{source} user id {uid}{}",
            if uid == 0 { " (root)" } else { "" }
        ),
    ))
}

/// Tries to start `sh` in the image: the check passes when the engine cannot find it.
fn no_shell_check(engine: &Engine, tag: &str) -> Result<RealCheck, EngineError> {
    let (code, output) = engine.run_once(tag, &["--entrypoint", "sh"], &["-c", "exit 0"])?;
    let absent = matches!(code, Some(126 | 127))
        && (output.contains("not found") || output.contains("no such file"));
    let why = if absent {
        "`sh` could not be started: the image has no shell".to_owned()
    } else {
        format!(
            "`sh -c 'exit 0'` ran (exit code {}): the image has a shell",
            code.map_or_else(|| "none".to_owned(), |c| c.to_string())
        )
    };
    Ok(check(
        RealCheckKind::NoShell,
        "there is no shell in the image",
        pass_if(absent),
        why,
    ))
}

/// The checks after the build, in report order.
fn later_checks(expect: &Expectations) -> Vec<RealCheckKind> {
    let mut kinds = Vec::new();
    if expect.max_size.is_some() {
        kinds.push(RealCheckKind::Size);
    }
    kinds.extend([
        RealCheckKind::Runs,
        RealCheckKind::User,
        RealCheckKind::StopsOnSigterm,
        RealCheckKind::NoShell,
    ]);
    kinds
}

fn label(kind: RealCheckKind, expect: &Expectations) -> String {
    match kind {
        RealCheckKind::Builds => "the image builds".to_owned(),
        RealCheckKind::Runs => match (&expect.output, expect.exit_code) {
            (Some(output), Some(code)) => format!(
                "the container prints `{}` and exits with code {code}",
                crate::sanitize::inert_line(output)
            ),
            (Some(output), None) => {
                format!(
                    "the container prints `{}`",
                    crate::sanitize::inert_line(output)
                )
            }
            (None, Some(code)) => format!("the container exits with code {code}"),
            (None, None) => "the container starts".to_owned(),
        },
        RealCheckKind::Size => format!(
            "the image is at most {}",
            megabytes(expect.max_size.unwrap_or(0))
        ),
        RealCheckKind::NoShell => "there is no shell in the image".to_owned(),
        RealCheckKind::User => match expect.user {
            Some(uid) => format!("the process runs as user id {uid}"),
            None => "the process does not run as root".to_owned(),
        },
        RealCheckKind::StopsOnSigterm => {
            format!("it stops within {} of SIGTERM", seconds(STOP_GRACE))
        }
    }
}

fn check(kind: RealCheckKind, label: &str, status: Status, why: String) -> RealCheck {
    RealCheck {
        kind,
        label: label.to_owned(),
        status,
        why,
    }
}

fn pass_if(ok: bool) -> Status {
    if ok { Status::Pass } else { Status::Fail }
}

/// A duration for people: `2.4 s`.
pub fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// A size for people in megabytes (10^6 bytes): `1.98 MB`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1_000_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched(running: bool, exit_code: i64, logs: &str) -> Watched {
        Watched {
            state: super::super::image::ContainerState { running, exit_code },
            logs: logs.to_owned(),
            elapsed: Duration::from_millis(1500),
        }
    }

    #[test]
    fn the_run_check_compares_output_and_exit_code() {
        let expect = Expectations {
            output: Some("ready".into()),
            exit_code: Some(0),
            ..Expectations::default()
        };
        assert_eq!(
            runs_check(&expect, &watched(false, 0, "ready\n")).status,
            Status::Pass
        );
        let wrong_code = runs_check(&expect, &watched(false, 2, "ready\n"));
        assert_eq!(wrong_code.status, Status::Fail);
        assert!(wrong_code.why.contains("code 2"), "{}", wrong_code.why);
        let silent = runs_check(&expect, &watched(false, 0, "oops\n"));
        assert_eq!(silent.status, Status::Fail);
        assert!(silent.why.contains("oops"), "{}", silent.why);
        let service = Expectations {
            output: Some("listening".into()),
            ..Expectations::default()
        };
        assert_eq!(
            runs_check(&service, &watched(true, 0, "listening\n")).status,
            Status::Pass
        );
        assert_eq!(
            runs_check(&service, &watched(false, 1, "listening\n")).status,
            Status::Fail
        );
    }

    #[test]
    fn sizes_and_times_read_plainly() {
        assert_eq!(megabytes(1_982_259), "1.98 MB");
        assert_eq!(seconds(Duration::from_millis(2400)), "2.4 s");
        let expect = Expectations {
            max_size: Some(5_000_000),
            ..Expectations::default()
        };
        assert_eq!(
            label(RealCheckKind::Size, &expect),
            "the image is at most 5.00 MB"
        );
    }
}
