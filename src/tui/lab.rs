//! The lab screen: the learner's Dockerfile with the analyzer's findings in the gutter, the
//! goals as a checklist, and the lab's solution on request. `e` opens the learner's editor;
//! the file is checked again when the editor exits and whenever it changes on disk, so any
//! editor works. Passing every goal records the lab as done.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::keymap::{Binding, Bound, Key, KeyHelp, Nav, always};
use super::lesson::LessonScreen;
use super::screen::{Action, Commands, Context, HitMap, Notice, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::terminal;
use super::text;
use super::theme::Theme;
use super::widgets;
use crate::content::LessonLink;
use crate::content::model::Lab;
use crate::dockerfile::Severity;
use crate::lab::{self, FileWatch, LabError, Report};
use crate::sanitize::inert_line;

/// What the lab screen can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Edit the Dockerfile in the learner's editor.
    Edit,
    /// Show or hide the solution.
    ToggleSolution,
    /// Hide the solution.
    HideSolution,
    /// Check the file again now.
    Recheck,
    /// Open the lesson section of the lab.
    OpenLesson,
    /// Scroll the Dockerfile or the findings instead of the other.
    SwitchPane,
    /// Scroll the focused pane (or the solution).
    Scroll(Nav),
    /// One notch of the wheel.
    Wheel(bool),
}

fn solution_hidden(lab: &LabScreen) -> bool {
    lab.solution.is_none()
}

fn solution_shown(lab: &LabScreen) -> bool {
    lab.solution.is_some()
}

fn has_findings_pane(lab: &LabScreen) -> bool {
    lab.solution.is_none() && lab.findings_visible
}

fn can_scroll(lab: &LabScreen) -> bool {
    match &lab.solution {
        Some(scroll) => scroll.overflows(),
        None if lab.findings_focused => lab.findings_scroll.overflows(),
        None => lab.scroll.overflows(),
    }
}

const SCROLL: [Binding<LabScreen, Command>; 6] =
    crate::nav_bindings!(Command::Scroll, can_scroll, "scroll");

const TABLE: &[Binding<LabScreen, Command>] = &[
    Binding {
        keys: &[Key::Char('e')],
        shown: "e",
        hint: "edit",
        help: "edit the Dockerfile in $VISUAL / $EDITOR",
        command: Bound::To(Command::Edit),
        when: always,
    },
    Binding {
        keys: &[Key::Char('s')],
        shown: "s",
        hint: "solution",
        help: "show or hide the solution",
        command: Bound::To(Command::ToggleSolution),
        when: always,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "hide solution",
        help: "hide the solution",
        command: Bound::To(Command::HideSolution),
        when: solution_shown,
    },
    Binding {
        keys: &[Key::Char('r')],
        shown: "r",
        hint: "check",
        help: "check the file again now",
        command: Bound::To(Command::Recheck),
        when: always,
    },
    Binding {
        keys: &[Key::Char('o')],
        shown: "o",
        hint: "lesson",
        help: "open the lesson section of this lab",
        command: Bound::To(Command::OpenLesson),
        when: solution_hidden,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab), Key::Code(KeyCode::BackTab)],
        shown: "Tab",
        hint: "pane",
        help: "scroll the Dockerfile or the findings",
        command: Bound::To(Command::SwitchPane),
        when: has_findings_pane,
    },
    SCROLL[0],
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    SCROLL[4],
    SCROLL[5],
];

/// The lab screen.
pub struct LabScreen {
    id: String,
    prompt: String,
    lab: Lab,
    lesson: LessonLink,
    path: PathBuf,
    created: bool,
    text: String,
    report: Report,
    watch: FileWatch,
    /// Why the file could not be read the last time, if it could not.
    file_error: Option<String>,
    /// When the lab was first completed by this profile.
    completed_at: Option<DateTime<Utc>>,
    /// Whether the completion was saved while this screen was open.
    recorded: bool,
    /// What the last check or edit has to report, until the app shows it.
    notice: Option<Notice>,
    scroll: Scroll,
    /// Whether j/k scroll the findings rather than the Dockerfile.
    findings_focused: bool,
    /// Whether the findings have a pane of their own at this size.
    findings_visible: bool,
    findings_scroll: Scroll,
    /// `Some(scroll)` while the solution is shown.
    solution: Option<Scroll>,
    /// The editor to run instead of the one from the environment.
    editor: Option<String>,
    /// Bumped whenever [`LabScreen::report`] changes, so that its layout is redone.
    report_version: u64,
    /// The Markdown parts laid out at the last draw.
    laid: Option<Laid>,
}

/// The prompt, goals and findings laid out for one width, colour and report.
struct Laid {
    /// (screen width, side panel width, colour, report version)
    key: (u16, u16, bool, u64),
    prompt: Vec<Line<'static>>,
    goals: Vec<Line<'static>>,
    findings: Vec<Line<'static>>,
}

/// The data folder of the context's profile: where its database lives.
pub fn data_dir(ctx: &Context) -> PathBuf {
    ctx.store
        .path()
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

impl LabScreen {
    /// Opens lab `id` in its default folder, `<data dir>/labs/<profile>/<id>`.
    pub fn open_default(ctx: &Context, id: &str) -> Result<Self, LabError> {
        let dir = lab::default_dir(&data_dir(ctx), &ctx.profile, id)?;
        Self::open(ctx, id, &dir)
    }

    /// Opens lab `id` with its Dockerfile in `dir`: the lab's start is written there unless
    /// the learner's file already exists. The file is checked at once, and the lab recorded
    /// as done if it already passes.
    pub fn open(ctx: &Context, id: &str, dir: &Path) -> Result<Self, LabError> {
        let (question, lab) = lab::find(&ctx.content, id)?;
        let workspace = lab::prepare(dir, &lab.start)?;
        let text = lab::read_file(&workspace.path)?;
        let completed_at = ctx
            .store
            .lab_completions()
            .ok()
            .and_then(|done| done.get(id).copied());
        let mut screen = Self {
            id: id.to_owned(),
            prompt: question.prompt.clone(),
            report: lab::check(&text, lab),
            lab: lab.clone(),
            lesson: question.lesson.clone(),
            watch: FileWatch::new(&workspace.path),
            path: workspace.path,
            created: workspace.created,
            text,
            file_error: None,
            completed_at,
            recorded: false,
            notice: None,
            scroll: Scroll::new(),
            findings_focused: false,
            findings_visible: true,
            findings_scroll: Scroll::new(),
            solution: None,
            editor: None,
            report_version: 0,
            laid: None,
        };
        screen.record_if_done(ctx);
        Ok(screen)
    }

    /// Uses `editor` (a command, possibly with arguments) instead of `$VISUAL` / `$EDITOR`.
    pub fn with_editor(mut self, editor: impl Into<String>) -> Self {
        self.editor = Some(editor.into());
        self
    }

    /// The learner's Dockerfile.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The result of the last check.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Reads the file again and checks it; records the lab when every goal passes.
    pub fn recheck(&mut self, ctx: &Context) {
        self.watch.mark_seen();
        match lab::read_file(&self.path) {
            Ok(text) => {
                self.file_error = None;
                if text != self.text {
                    self.report = lab::check(&text, &self.lab);
                    self.report_version += 1;
                    self.text = text;
                }
                self.record_if_done(ctx);
            }
            Err(error) => self.file_error = Some(error.to_string()),
        }
    }

    fn record_if_done(&mut self, ctx: &Context) {
        if self.recorded || !self.report.all_pass() {
            return;
        }
        let now = ctx.now();
        match ctx.store.complete_lab(&self.id, now) {
            Ok(()) => {
                self.recorded = true;
                self.completed_at = self.completed_at.or(Some(now));
            }
            Err(error) => {
                self.notice = Some(Notice::warning(format!(
                    "The lab passes, but it could not be recorded: {error}"
                )));
            }
        }
    }

    /// Lends the terminal to the editor, then checks the file again.
    fn edit(&mut self, ctx: &Context) {
        let editor = self.editor.clone().unwrap_or_else(lab::editor_from_env);
        let outcome = {
            let _lent = terminal::suspend();
            lab::run_editor(&editor, &self.path)
        };
        let shown = inert_line(&editor);
        self.notice = match outcome {
            Ok(status) if status.success() => None,
            // `sh` says 127 when it cannot find the command.
            Ok(status) if cfg!(unix) && status.code() == Some(127) => {
                Some(Notice::warning(format!(
                    "The editor `{shown}` was not found. Set $VISUAL or $EDITOR, or edit the file \
                 anywhere: it is checked whenever it is saved."
                )))
            }
            Ok(status) => Some(Notice::warning(format!(
                "The editor `{shown}` ended with {status}; the file was checked anyway."
            ))),
            Err(error) => Some(Notice::warning(format!(
                "Could not start the editor `{shown}`: {error}. Set $VISUAL or $EDITOR, or edit \
                 the file anywhere: it is checked whenever it is saved."
            ))),
        };
        self.recheck(ctx);
    }

    /// The scroll position that j/k move: the solution's when shown, else the focused panel's.
    fn scroll_target(&mut self) -> &mut Scroll {
        match &mut self.solution {
            Some(scroll) => scroll,
            None if self.findings_focused => &mut self.findings_scroll,
            None => &mut self.scroll,
        }
    }

    /// The status line; a problem with the file is wrapped to `width` (at most three lines)
    /// so that it is read in full.
    fn status_lines(&self, width: u16, theme: Theme) -> Vec<Line<'static>> {
        match &self.file_error {
            Some(error) => widgets::wrap_message(&format!("⚠ {error}"), width)
                .into_iter()
                .take(3)
                .map(|line| Line::styled(line, theme.warning()))
                .collect(),
            None => vec![self.status_line(theme)],
        }
    }

    /// The goals' progress, when the file could be read.
    fn status_line(&self, theme: Theme) -> Line<'static> {
        let total = self.report.goals.len();
        if self.report.all_pass() {
            return Line::styled(
                format!("✓ Lab complete: all {total} goals pass. Well done!"),
                theme.success(),
            );
        }
        let mut spans = vec![Span::styled(
            format!("{} of {total} goals pass", self.report.passed()),
            theme.key(),
        )];
        if let Some(at) = self.completed_at {
            spans.push(Span::styled(
                format!(" · completed before, on {}", at.format("%Y-%m-%d")),
                theme.dim(),
            ));
        }
        spans.push(Span::styled(
            " · e edits; saving from any editor re-checks",
            theme.dim(),
        ));
        Line::from(spans)
    }

    fn dockerfile_lines(&self, theme: Theme) -> Vec<Line<'static>> {
        text::numbered(&self.text, theme, true, |number| text::Mark {
            sign: match self.report.worst_at(number) {
                Some(Severity::Error) => Some(("✗", theme.error())),
                Some(Severity::Warning) => Some(("!", theme.warning())),
                Some(Severity::Info) => Some(("i", theme.dim())),
                None => None,
            },
            line: None,
        })
    }

    fn goal_lines(&self, width: u16, theme: Theme) -> Vec<Line<'static>> {
        self.report
            .goals
            .iter()
            .flat_map(|goal| {
                let (sign, style) = if goal.passed {
                    ("✓ ", theme.success())
                } else {
                    ("✗ ", theme.error())
                };
                hanging(Span::styled(sign, style), &goal.text, width, theme)
            })
            .collect()
    }

    fn finding_lines(&self, width: u16, theme: Theme) -> Vec<Line<'static>> {
        if self.report.marks.is_empty() {
            return vec![Line::styled(
                "The analyzer has nothing to say.",
                theme.dim(),
            )];
        }
        self.report
            .marks
            .iter()
            .flat_map(|mark| {
                let (sign, style) = match mark.severity {
                    Severity::Error => ("✗ ", theme.error()),
                    Severity::Warning => ("! ", theme.warning()),
                    Severity::Info => ("i ", theme.dim()),
                };
                let place = if mark.line == 0 {
                    "file".to_owned()
                } else {
                    format!("line {}", mark.line)
                };
                hanging(
                    Span::styled(sign, style),
                    &format!("{place}: {}", mark.text),
                    width,
                    theme,
                )
            })
            .collect()
    }

    fn solution_lines(&self, theme: Theme) -> Vec<Line<'static>> {
        match &self.lab.solution {
            Some(solution) => text::dockerfile_lines(solution, theme, |_| None),
            None => vec![Line::styled(
                "This lab comes without a solution. The goals and findings are your guide.",
                theme.dim(),
            )],
        }
    }

    fn draw_solution(&self, frame: &mut Frame<'_>, area: Rect, theme: Theme) {
        let Some(scroll) = &self.solution else {
            return;
        };
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(self.solution_lines(theme))
                .scroll((scroll.offset_u16(), 0))
                .block(widgets::panel("Solution (s hides it)", true, theme)),
            area,
        );
    }
}

/// `text` wrapped to `width` columns after a two-column `sign`, continuation lines indented
/// under the text.
fn hanging(sign: Span<'static>, text: &str, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let wrapped = text::markdown_lines(text, width.saturating_sub(2).max(1), theme);
    wrapped
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let lead = if i == 0 {
                sign.clone()
            } else {
                Span::raw("  ")
            };
            let mut spans = vec![lead];
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect()
}

impl Screen for LabScreen {
    fn title(&self) -> String {
        format!("Lab: {}", inert_line(&self.id))
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn resumed(&mut self, ctx: &Context) -> Action {
        // The file may have changed while the lesson was open on top.
        self.recheck(ctx);
        self.take_notice()
    }

    fn tick(&mut self, ctx: &Context) -> Action {
        if self.watch.poll() {
            self.recheck(ctx);
            return self.take_notice();
        }
        Action::None
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        let theme = ctx.theme;
        let side_width = side_width(area);
        let key = (area.width, side_width, theme.color, self.report_version);
        if self.laid.as_ref().is_none_or(|laid| laid.key != key) {
            self.laid = Some(Laid {
                key,
                prompt: text::markdown_lines(&self.prompt, area.width, theme),
                goals: self.goal_lines(side_width.saturating_sub(2), theme),
                findings: self.finding_lines(side_width.saturating_sub(2), theme),
            });
        }
        let areas = self.areas(area, theme);
        self.scroll.fit(
            self.dockerfile_lines(theme).len(),
            usize::from(areas.code.height.saturating_sub(2)),
        );
        self.findings_visible = areas.findings.height > 0;
        if self.findings_visible {
            let findings = self.laid.as_ref().map_or(0, |laid| laid.findings.len());
            self.findings_scroll.fit(
                findings,
                usize::from(areas.findings.height.saturating_sub(2)),
            );
        }
        let solution_lines = self.solution_lines(theme).len();
        if let Some(scroll) = &mut self.solution {
            scroll.fit(
                solution_lines,
                usize::from(areas.main.height.saturating_sub(2)),
            );
        }
        HitMap::new(())
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let (goal_lines, finding_lines) = match &self.laid {
            Some(laid) => (laid.goals.clone(), laid.findings.clone()),
            None => (Vec::new(), Vec::new()),
        };
        let areas = self.areas(area, theme);
        let file_line = Line::from(vec![
            Span::styled("File: ", theme.dim()),
            Span::raw(inert_line(&self.path.display().to_string())),
            Span::styled(
                if self.created {
                    "  (new, from the lab's start)"
                } else {
                    "  (your saved work)"
                },
                theme.dim(),
            ),
        ]);
        frame.render_widget(
            Paragraph::new(self.status_lines(area.width, theme)),
            areas.status,
        );
        frame.render_widget(Paragraph::new(self.prompt_lines(area, theme)), areas.prompt);
        frame.render_widget(Paragraph::new(file_line), areas.file);

        let lines = self.dockerfile_lines(theme);
        let errors = self
            .report
            .marks
            .iter()
            .filter(|m| m.severity == Severity::Error)
            .count();
        let code_title = match errors {
            0 => "Dockerfile".to_owned(),
            1 => "Dockerfile · 1 error".to_owned(),
            n => format!("Dockerfile · {n} errors"),
        };
        frame.render_widget(
            Paragraph::new(lines)
                .scroll((self.scroll.offset_u16(), 0))
                .block(widgets::panel(
                    &code_title,
                    self.solution.is_none() && !self.findings_focused,
                    theme,
                )),
            areas.code,
        );

        let goals_title = if self.report.all_pass() {
            "Goals: all pass ✓".to_owned()
        } else {
            format!("Goals {}/{}", self.report.passed(), self.report.goals.len())
        };
        frame.render_widget(
            Paragraph::new(goal_lines).block(widgets::panel(&goals_title, false, theme)),
            areas.goals,
        );
        if areas.findings.height > 0 {
            let title = format!("Findings ({})", self.report.marks.len());
            frame.render_widget(
                Paragraph::new(finding_lines)
                    .scroll((self.findings_scroll.offset_u16(), 0))
                    .block(widgets::panel(
                        &title,
                        self.findings_focused && self.solution.is_none(),
                        theme,
                    )),
                areas.findings,
            );
        }
        self.draw_solution(frame, areas.main, theme);
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }
}

/// Where the lab screen's parts go.
struct Areas {
    status: Rect,
    prompt: Rect,
    file: Rect,
    /// The panels below the heading lines (the solution covers them).
    main: Rect,
    code: Rect,
    goals: Rect,
    /// Empty when there is no room for it.
    findings: Rect,
}

/// The width of the goals and findings: the right 42 % on a wide terminal, else all of it.
fn side_width(area: Rect) -> u16 {
    if area.width >= 70 {
        area.width - area.width * 58 / 100
    } else {
        area.width
    }
}

impl LabScreen {
    /// The prompt's first lines (a quarter of the screen, one line when short), ending with
    /// `…` when it is cut.
    fn prompt_lines(&self, area: Rect, theme: Theme) -> Vec<Line<'static>> {
        let prompt = self
            .laid
            .as_ref()
            .map_or(&[][..], |laid| laid.prompt.as_slice());
        let prompt_room = if area.height >= 16 {
            usize::from(area.height / 4)
        } else {
            1
        };
        let mut prompt_lines: Vec<Line<'static>> =
            prompt.iter().take(prompt_room).cloned().collect();
        if prompt.len() > prompt_room
            && let Some(last) = prompt_lines.last_mut()
        {
            last.push_span(Span::styled(" …", theme.dim()));
        }
        prompt_lines
    }

    /// Where the parts go in `area`, from the lines laid out last.
    fn areas(&self, area: Rect, theme: Theme) -> Areas {
        let goals_len = self.laid.as_ref().map_or(0, |laid| laid.goals.len());
        let status_len = self.status_lines(area.width, theme).len();
        let prompt_len = self.prompt_lines(area, theme).len();
        let [status, prompt, file, main] = Layout::vertical([
            Constraint::Length(u16::try_from(status_len).unwrap_or(1)),
            Constraint::Length(u16::try_from(prompt_len).unwrap_or(1)),
            Constraint::Length(u16::from(area.height >= 12)),
            Constraint::Min(3),
        ])
        .areas(area);
        let (code, goals, findings) = if area.width >= 70 {
            let [code, side] =
                Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                    .areas(main);
            let goals_height = u16::try_from(goals_len + 2)
                .unwrap_or(u16::MAX)
                .min(side.height.saturating_sub(3));
            let [goals, findings] =
                Layout::vertical([Constraint::Length(goals_height), Constraint::Min(0)])
                    .areas(side);
            (code, goals, findings)
        } else if main.height >= 12 {
            let [code, goals, findings] = Layout::vertical([
                Constraint::Percentage(50),
                Constraint::Percentage(30),
                Constraint::Percentage(20),
            ])
            .areas(main);
            (code, goals, findings)
        } else {
            // Too short for three panels: the gutter still marks the findings.
            let [code, goals] =
                Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(main);
            (code, goals, Rect::default())
        };
        Areas {
            status,
            prompt,
            file,
            main,
            code,
            goals,
            findings,
        }
    }
}

impl LabScreen {
    /// What the last check or edit has to report, as an action for the app's notice line.
    fn take_notice(&mut self) -> Action {
        match self.notice.take() {
            Some(notice) => Action::Notify(notice),
            None => Action::None,
        }
    }
}

impl Commands for LabScreen {
    type Command = Command;
    type Hits = ();

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Edit => {
                self.edit(ctx);
                return self.take_notice();
            }
            Command::ToggleSolution => {
                self.solution = match self.solution {
                    Some(_) => None,
                    None => Some(Scroll::new()),
                }
            }
            Command::HideSolution => self.solution = None,
            Command::Recheck => {
                self.recheck(ctx);
                return match self.notice.take() {
                    Some(notice) => Action::Notify(notice),
                    None => Action::info("Checked again."),
                };
            }
            Command::OpenLesson => {
                return match ctx.content.lesson(&self.lesson.lesson) {
                    Some(lesson) => Action::Push(Box::new(LessonScreen::open(
                        lesson,
                        self.lesson.anchor.as_deref(),
                        ctx,
                    ))),
                    None => {
                        Action::error(format!("the lesson `{}` is not loaded", self.lesson.lesson))
                    }
                };
            }
            Command::SwitchPane => self.findings_focused = !self.findings_focused,
            Command::Scroll(nav) => self.scroll_target().apply(nav),
            Command::Wheel(down) => self.scroll_target().wheel(down),
        }
        Action::None
    }

    fn mouse(&self, event: &MouseEvent, _hits: &()) -> Option<Command> {
        match event.kind {
            MouseEventKind::ScrollDown => Some(Command::Wheel(true)),
            MouseEventKind::ScrollUp => Some(Command::Wheel(false)),
            _ => None,
        }
    }
}
