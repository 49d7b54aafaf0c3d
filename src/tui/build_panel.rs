//! The real-build panel shared by the lab screen and the viewer: a build runs on a worker
//! thread (finding the engine too, which may take seconds) and sends its progress over a
//! channel; the screen drains it on every tick, so the interface never waits for the engine.
//!
//! The panel shows the current step and the last lines of build output while it runs, then
//! what was measured: a lab's real checks (which the lab screen adds to its goal checklist),
//! or an example's before/after comparison. Without an engine it says how to enable real
//! builds, once, in the panel.

use std::collections::{BTreeMap, VecDeque};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::screen::Notice;
use super::theme::Theme;
use super::widgets;
use crate::content::model::{Example, LabBuild};
use crate::engine::Engine;
use crate::engine::compare::{self, Comparison, Variant};
use crate::engine::image::Layer;
use crate::engine::lab_build::{
    self, Expectations, Progress, RealReport, Status, megabytes, seconds,
};
use crate::sanitize::inert_line;

/// How many lines of build output the panel keeps.
const KEPT_LINES: usize = 200;

/// What to build.
#[derive(Debug, Clone)]
pub enum Job {
    /// A lab: the learner's Dockerfile with the lab's sample application, then the real checks.
    Lab {
        /// The lab's id (it names the image).
        id: String,
        /// The learner's Dockerfile.
        dockerfile: String,
        /// The lab's `build:` section.
        build: LabBuild,
    },
    /// An example: its files built and compared.
    Example {
        /// The example's id (it names the images).
        id: String,
        /// "before" (when there is one), then "after".
        variants: Vec<Variant>,
        /// The sample application.
        context: BTreeMap<String, String>,
    },
}

impl Job {
    /// The job that builds an example's "before" and "after", when it names a build context.
    pub fn example(example: &Example) -> Option<Job> {
        Some(Job::Example {
            id: example.id.clone(),
            variants: compare::example_variants(example)?,
            context: example.context.as_ref()?.files.clone(),
        })
    }
}

/// What a finished build found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A lab's real checks and the final image's layers.
    Lab {
        /// The checks and figures.
        report: RealReport,
        /// The layers, newest first (none when the image did not build).
        layers: Vec<Layer>,
        /// The builder, read from the build output.
        builder: compare::Builder,
        /// Every stage: needed or not, built or not.
        stages: Vec<compare::StageRun>,
    },
    /// An example's before/after comparison.
    Example(Comparison),
}

/// What the panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Nothing built yet (the panel is hidden).
    Idle,
    /// A build runs.
    Running {
        /// The engine, once found.
        engine: Option<String>,
        /// The current step.
        step: String,
        /// The last lines of build output.
        lines: VecDeque<String>,
    },
    /// The build finished.
    Done(Outcome),
    /// No engine answered: how to enable real builds.
    NoEngine(String),
    /// The engine failed (a missing base image, a timeout, ...).
    Failed(String),
}

/// Where the panel gets its engine.
#[derive(Debug, Clone)]
enum EngineSource {
    /// [`Engine::detect`] on each build, so that an engine started meanwhile is found.
    Detect,
    /// This one (tests).
    Given(Engine),
}

/// A message from the worker.
enum Message {
    Engine(String),
    Step(String),
    Line(String),
    Finished(State),
}

/// The real-build panel.
pub struct BuildPanel {
    state: State,
    source: EngineSource,
    receiver: Option<Receiver<Message>>,
    /// Whether the panel is shown (a finished build can be put away).
    shown: bool,
    /// Bumped whenever what the panel shows changes, for the screens' layout caches.
    version: u64,
}

impl Default for BuildPanel {
    fn default() -> Self {
        Self::new()
    }
}

impl BuildPanel {
    /// A panel that finds the engine when a build starts.
    pub fn new() -> Self {
        Self {
            state: State::Idle,
            source: EngineSource::Detect,
            receiver: None,
            shown: false,
            version: 0,
        }
    }

    /// A panel that always builds on `engine`.
    pub fn with_engine(engine: Engine) -> Self {
        Self {
            source: EngineSource::Given(engine),
            ..Self::new()
        }
    }

    /// A panel showing `state` (for tests of how the states are drawn).
    pub fn showing(state: State) -> Self {
        Self {
            shown: state != State::Idle,
            state,
            ..Self::new()
        }
    }

    /// What the panel shows now.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Whether a build runs.
    pub fn is_running(&self) -> bool {
        matches!(self.state, State::Running { .. })
    }

    /// Whether the panel is shown.
    pub fn is_shown(&self) -> bool {
        self.shown
    }

    /// Puts the panel away (a running build goes on and shows again when it ends).
    pub fn hide(&mut self) {
        self.shown = false;
        self.version += 1;
    }

    /// Changes whenever what the panel shows changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Starts `job` on a worker thread. Returns false (and does nothing) while a build runs.
    pub fn start(&mut self, job: Job) -> bool {
        if self.is_running() {
            return false;
        }
        let (sender, receiver) = mpsc::channel();
        let source = self.source.clone();
        let spawned = thread::Builder::new()
            .name("stagecraft-build".into())
            .spawn(move || {
                let finished = work(&source, job, &mut |message| {
                    let _ = sender.send(message);
                });
                let _ = sender.send(Message::Finished(finished));
            });
        self.shown = true;
        self.version += 1;
        match spawned {
            Ok(_) => {
                self.state = State::Running {
                    engine: None,
                    step: "looking for a container engine".into(),
                    lines: VecDeque::new(),
                };
                self.receiver = Some(receiver);
            }
            Err(error) => {
                self.state = State::Failed(format!("cannot start the build: {error}"));
            }
        }
        true
    }

    /// Takes in what the worker sent; returns a notice when the build ends.
    pub fn poll(&mut self) -> Option<Notice> {
        let receiver = self.receiver.as_ref()?;
        let mut notice = None;
        let mut changed = false;
        loop {
            match receiver.try_recv() {
                Ok(Message::Finished(state)) => {
                    notice = Some(finish_notice(&state));
                    self.state = state;
                    self.receiver = None;
                    self.shown = true;
                    changed = true;
                    break;
                }
                Ok(message) => {
                    changed = true;
                    if let State::Running {
                        engine,
                        step,
                        lines,
                    } = &mut self.state
                    {
                        match message {
                            Message::Engine(name) => *engine = Some(name),
                            Message::Step(text) => *step = text,
                            Message::Line(line) => {
                                if lines.len() == KEPT_LINES {
                                    lines.pop_front();
                                }
                                lines.push_back(line);
                            }
                            Message::Finished(_) => {}
                        }
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.state = State::Failed("the build stopped unexpectedly".into());
                    self.receiver = None;
                    changed = true;
                    break;
                }
            }
        }
        if changed {
            self.version += 1;
        }
        notice
    }

    /// The panel's title.
    pub fn title(&self) -> String {
        match &self.state {
            State::Idle => "Real build".into(),
            State::Running { .. } => "Real build · running…".into(),
            State::Done(Outcome::Lab { report, .. }) => {
                if report.all_pass() {
                    "Real build · all checks pass ✓".into()
                } else {
                    "Real build · checks fail".into()
                }
            }
            State::Done(Outcome::Example(_)) => "Real build · before and after".into(),
            State::NoEngine(_) => "Real build · no engine".into(),
            State::Failed(_) => "Real build · failed".into(),
        }
    }

    /// The panel's body for `width` columns and `height` rows (a running build shows the
    /// last output lines that fit).
    pub fn lines(&self, width: u16, height: u16, theme: Theme) -> Vec<Line<'static>> {
        let width = width.max(10);
        let mut lines = Vec::new();
        match &self.state {
            State::Idle => {}
            State::Running {
                engine,
                step,
                lines: output,
            } => {
                if let Some(engine) = engine {
                    push_wrapped(&mut lines, &format!("on {engine}"), width, theme.dim());
                }
                push_wrapped(&mut lines, &format!("▶ {step}…"), width, theme.key());
                let room = usize::from(height).saturating_sub(lines.len());
                let start = output.len().saturating_sub(room);
                for line in output.iter().skip(start) {
                    lines.push(Line::styled(
                        widgets::ellipsis(&inert_line(line), usize::from(width)),
                        theme.dim(),
                    ));
                }
            }
            State::Done(Outcome::Lab {
                report,
                layers,
                builder,
                stages,
            }) => {
                push_wrapped(
                    &mut lines,
                    &format!("on {}", report.engine),
                    width,
                    theme.dim(),
                );
                let figures = figures(report);
                if !figures.is_empty() {
                    push_wrapped(&mut lines, &figures, width, theme.key());
                }
                for sentence in compare::stage_sentences("", *builder, stages) {
                    push_wrapped(&mut lines, &sentence, width, theme.dim());
                }
                layer_lines(&mut lines, &report.tag, layers, width, theme);
            }
            State::Done(Outcome::Example(comparison)) => {
                push_wrapped(
                    &mut lines,
                    &format!("on {}", comparison.engine),
                    width,
                    theme.dim(),
                );
                for line in comparison.summary() {
                    push_wrapped(&mut lines, &line, width, Default::default());
                }
                for image in &comparison.images {
                    layer_lines(&mut lines, &image.label, &image.layers, width, theme);
                }
            }
            State::NoEngine(how) => {
                push_wrapped(&mut lines, how, width, theme.warning());
            }
            State::Failed(why) => {
                push_wrapped(&mut lines, why, width, theme.error());
            }
        }
        lines
    }

    /// A lab's real checks as checklist lines, under a heading, once a lab build has ended;
    /// empty otherwise.
    pub fn goal_lines(&self, width: u16, theme: Theme) -> Vec<Line<'static>> {
        let State::Done(Outcome::Lab { report, .. }) = &self.state else {
            return Vec::new();
        };
        let width = width.max(10);
        let mut lines = vec![Line::styled("Checked by a real build", theme.title())];
        for check in &report.checks {
            let (sign, style) = match check.status {
                Status::Pass => ("✓ ", theme.success()),
                Status::Fail => ("✗ ", theme.error()),
                Status::Skipped => ("- ", theme.dim()),
            };
            // Markdown like the lab's own goals: `code` in a label or a reason reads as code.
            let text = format!("{} — {}", inert_line(&check.label), inert_line(&check.why));
            for (i, part) in
                super::text::markdown_lines(&text, width.saturating_sub(2).max(1), theme)
                    .into_iter()
                    .enumerate()
            {
                let lead = if i == 0 {
                    Span::styled(sign, style)
                } else {
                    Span::raw("  ")
                };
                let mut spans = vec![lead];
                spans.extend(part.spans);
                lines.push(Line::from(spans));
            }
        }
        let figures = figures(report);
        if !figures.is_empty() {
            push_wrapped(&mut lines, &figures, width, theme.dim());
        }
        lines
    }
}

/// Draws the panel into `area` with its border, the body scrolled down `offset` lines.
pub fn draw_scrolled(
    panel: &BuildPanel,
    frame: &mut Frame<'_>,
    area: Rect,
    theme: Theme,
    offset: u16,
) {
    let inner_width = area.width.saturating_sub(2);
    let inner_height = area.height.saturating_sub(2);
    let title = panel.title();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(panel.lines(inner_width, inner_height, theme))
            .scroll((offset, 0))
            .block(widgets::panel(&title, panel.is_running(), theme)),
        area,
    );
}

/// Draws the panel into `area` with its border.
pub fn draw(panel: &BuildPanel, frame: &mut Frame<'_>, area: Rect, theme: Theme) {
    draw_scrolled(panel, frame, area, theme, 0);
}

/// Runs a job: finds the engine, builds, and returns the state to show.
fn work(source: &EngineSource, job: Job, send: &mut dyn FnMut(Message)) -> State {
    let engine = match source {
        EngineSource::Given(engine) => engine.clone(),
        EngineSource::Detect => match Engine::detect() {
            Ok(engine) => engine,
            Err(missing) => return State::NoEngine(missing.to_string()),
        },
    };
    send(Message::Engine(engine.describe()));
    let mut progress = |step: Progress<'_>| match step {
        Progress::Step(text) => send(Message::Step(text.to_owned())),
        Progress::Output(line) => send(Message::Line(inert_line(line))),
    };
    match job {
        Job::Lab {
            id,
            dockerfile,
            build,
        } => {
            let tag = crate::commands::build::lab_tag(&id);
            let mut output = Vec::new();
            let report = lab_build::run(
                &engine,
                &dockerfile,
                &build.files,
                &tag,
                &Expectations::of(&build),
                &mut |step| {
                    if let Progress::Output(line) = step {
                        output.push(line.to_owned());
                    }
                    progress(step);
                },
            );
            let (builder, stages) = compare::stages_built(&dockerfile, None, &output);
            match report {
                Ok(report) => {
                    let layers = if report.measures.size.is_some() {
                        engine.history(&tag).unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    State::Done(Outcome::Lab {
                        report,
                        layers,
                        builder,
                        stages,
                    })
                }
                Err(error) => State::Failed(error.to_string()),
            }
        }
        Job::Example {
            id,
            variants,
            context,
        } => match compare::run(&engine, &id, &variants, &context, &mut progress) {
            Ok(comparison) => State::Done(Outcome::Example(comparison)),
            Err(error) => State::Failed(error.to_string()),
        },
    }
}

/// The notice for the status line when a build ends.
fn finish_notice(state: &State) -> Notice {
    match state {
        State::Done(Outcome::Lab { report, .. }) => {
            let failed = report
                .checks
                .iter()
                .filter(|c| c.status == Status::Fail)
                .count();
            if failed == 0 {
                Notice::info("Real build done: every real check passes.")
            } else {
                Notice::warning(format!(
                    "Real build done: {failed} real check{} fail{}.",
                    if failed == 1 { "" } else { "s" },
                    if failed == 1 { "s" } else { "" }
                ))
            }
        }
        State::Done(Outcome::Example(_)) => Notice::info("Real build done: sizes measured."),
        State::NoEngine(_) => Notice::warning(
            "No container engine answered; the build panel says how to enable real builds.",
        ),
        State::Failed(why) => Notice::error(format!("Real build failed: {why}")),
        State::Idle | State::Running { .. } => Notice::info("Real build done."),
    }
}

/// The figures of a lab build on one line: size, build, start and stop times.
fn figures(report: &RealReport) -> String {
    let measures = &report.measures;
    let mut parts = Vec::new();
    if let Some(size) = measures.size {
        parts.push(format!("size {}", megabytes(size)));
    }
    if let Some(time) = measures.build_time {
        parts.push(format!("build {}", seconds(time)));
    }
    if let Some(time) = measures.start_time {
        parts.push(format!("start {}", seconds(time)));
    }
    if let Some(time) = measures.stop_time {
        parts.push(format!("stop {}", seconds(time)));
    }
    parts.join(" · ")
}

/// The layers of an image, newest first, like `docker history`.
fn layer_lines(
    lines: &mut Vec<Line<'static>>,
    name: &str,
    layers: &[Layer],
    width: u16,
    theme: Theme,
) {
    if layers.is_empty() {
        return;
    }
    lines.push(Line::styled(
        format!("Layers of {}, newest first", inert_line(name)),
        theme.title(),
    ));
    for layer in layers {
        let size = format!("{:>10}  ", compare::human_size(layer.size));
        let room = usize::from(width).saturating_sub(size.len()).max(1);
        lines.push(Line::from(vec![
            Span::styled(size, theme.key()),
            Span::raw(widgets::ellipsis(&inert_line(&layer.created_by), room)),
        ]));
    }
}

fn push_wrapped(
    lines: &mut Vec<Line<'static>>,
    text: &str,
    width: u16,
    style: ratatui::style::Style,
) {
    for part in widgets::wrap_message(&inert_line(text), width) {
        lines.push(Line::styled(part, style));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn wait(panel: &mut BuildPanel) -> Option<Notice> {
        for _ in 0..500 {
            if let Some(notice) = panel.poll() {
                return Some(notice);
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        None
    }

    #[test]
    fn an_engine_that_fails_is_reported_in_the_panel_and_once_as_a_notice() {
        // A client that does not exist: the build fails at once, on the worker thread.
        let engine = Engine {
            kind: crate::engine::EngineKind::Docker,
            program: Path::new("/nonexistent/docker").to_path_buf(),
            host: None,
            version: "0".into(),
        };
        let mut panel = BuildPanel::with_engine(engine);
        assert!(!panel.is_shown());
        let job = Job::Example {
            id: "demo".into(),
            variants: vec![Variant {
                label: "after".into(),
                dockerfile: "FROM scratch\n".into(),
                target: None,
            }],
            context: BTreeMap::new(),
        };
        assert!(panel.start(job.clone()));
        assert!(panel.is_running());
        assert!(!panel.start(job), "a second build waits for the first");
        let notice = wait(&mut panel).expect("the build ends");
        assert_eq!(notice.level, crate::tui::screen::Level::Error);
        assert!(matches!(panel.state(), State::Failed(why) if why.contains("cannot run")));
        assert!(panel.poll().is_none(), "the end is reported once");
        assert!(panel.is_shown());
    }

    #[test]
    fn an_example_without_a_context_has_no_build_job() {
        let content = crate::content::ContentSet::embedded();
        let with = content.example("go-scratch").expect("example");
        match Job::example(with) {
            Some(Job::Example {
                variants, context, ..
            }) => {
                let labels: Vec<&str> = variants.iter().map(|v| v.label.as_str()).collect();
                assert_eq!(labels, ["before", "after"]);
                assert!(context.contains_key("cmd/weather/main.go"));
            }
            other => panic!("{other:?}"),
        }
        let without = content
            .examples
            .iter()
            .find(|e| e.context.is_none())
            .expect("an example without a context");
        assert!(Job::example(without).is_none());
    }
}
