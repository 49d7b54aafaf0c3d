//! The Dockerfile viewer: the file with line numbers and stage boundaries, findings marked in
//! the gutter, the stage graph beside it, and below, what the instruction under the cursor does
//! (with the content's note on it, when there is one). Walkthrough mode steps instruction by
//! instruction with the explanation in front.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::build_panel::{self, BuildPanel, Job};
use super::keymap::{Binding, Bound, Key, KeyHelp, Nav, always};
use super::lesson::LessonScreen;
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::text;
use super::theme::Theme;
use super::widgets;
use crate::content::model::{Example, ExampleFile, Note};
use crate::dockerfile::{
    self, Analysis, AnalysisOptions, BuildOptions, Dockerfile, Keyword, Platform, Severity, explain,
};
use crate::sanitize::{inert, inert_line};

/// What the viewer can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Move the cursor over the instructions.
    Move(Nav),
    /// Turn walkthrough mode on or off.
    Walkthrough,
    /// Step to the next instruction (walkthrough).
    Step,
    /// Move the cursor to the next instruction with a finding.
    NextFinding,
    /// Open the lesson that teaches the finding under the cursor.
    OpenLesson,
    /// Show the other file (before / after).
    SwitchFile,
    /// Scroll the explanation.
    ScrollExplanation(Nav),
    /// One notch of the wheel over the explanation.
    ExplanationWheel(bool),
    /// Put the cursor on the instruction at a line (a click).
    ClickLine(usize),
    /// Build the example's before and after for real and compare them.
    Build,
    /// Put the real-build panel away.
    CloseBuild,
}

fn can_move(v: &ViewerScreen) -> bool {
    v.instruction_count() > 1
}

fn in_walkthrough(v: &ViewerScreen) -> bool {
    v.walkthrough && v.instruction_count() > 1
}

fn has_findings(v: &ViewerScreen) -> bool {
    v.shown()
        .analysis
        .as_ref()
        .is_ok_and(|a| !a.findings.is_empty())
}

fn has_lesson(v: &ViewerScreen) -> bool {
    v.cursor_finding_lesson().is_some()
}

fn has_two_files(v: &ViewerScreen) -> bool {
    v.files.len() > 1
}

fn can_build(v: &ViewerScreen) -> bool {
    v.job.is_some() && !v.build.is_running()
}

fn build_closable(v: &ViewerScreen) -> bool {
    v.build.is_shown() && !v.build.is_running()
}

fn explanation_overflows(v: &ViewerScreen) -> bool {
    v.explanation.overflows()
}

const MOVE: [Binding<ViewerScreen, Command>; 6] =
    crate::nav_bindings!(Command::Move, can_move, "instruction");

const TABLE: &[Binding<ViewerScreen, Command>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "next step",
        help: "walkthrough: the next instruction",
        command: Bound::To(Command::Step),
        when: in_walkthrough,
    },
    MOVE[0],
    Binding {
        keys: &[Key::Char('w')],
        shown: "w",
        hint: "walkthrough",
        help: "walkthrough mode on or off (the explanation in front)",
        command: Bound::To(Command::Walkthrough),
        when: always,
    },
    Binding {
        keys: &[Key::Char('f')],
        shown: "f",
        hint: "next finding",
        help: "the next instruction with a finding",
        command: Bound::To(Command::NextFinding),
        when: has_findings,
    },
    Binding {
        keys: &[Key::Char('o')],
        shown: "o",
        hint: "lesson",
        help: "open the lesson that teaches this finding",
        command: Bound::To(Command::OpenLesson),
        when: has_lesson,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab), Key::Code(KeyCode::BackTab)],
        shown: "Tab",
        hint: "before/after",
        help: "switch between the before and after files",
        command: Bound::To(Command::SwitchFile),
        when: has_two_files,
    },
    Binding {
        keys: &[Key::Char('b')],
        shown: "b",
        hint: "real build",
        help: "build before and after on Docker or Podman: sizes, layers, skipped stages",
        command: Bound::To(Command::Build),
        when: can_build,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "close build",
        help: "put the real-build panel away",
        command: Bound::To(Command::CloseBuild),
        when: build_closable,
    },
    Binding {
        keys: &[Key::Char('J'), Key::Shift(KeyCode::Down)],
        shown: "J/K",
        hint: "scroll explanation",
        help: "scroll the explanation down",
        command: Bound::To(Command::ScrollExplanation(Nav::Down)),
        when: explanation_overflows,
    },
    Binding {
        keys: &[Key::Char('K'), Key::Shift(KeyCode::Up)],
        shown: "K",
        hint: "",
        help: "scroll the explanation up",
        command: Bound::To(Command::ScrollExplanation(Nav::Up)),
        when: explanation_overflows,
    },
    MOVE[1],
    MOVE[2],
    MOVE[3],
    MOVE[4],
    MOVE[5],
];

/// One Dockerfile with everything the viewer shows about it.
struct Shown {
    label: String,
    text: String,
    notes: Vec<Note>,
    dockerfile: Dockerfile,
    analysis: Result<Analysis, String>,
}

impl Shown {
    fn new(label: String, text: String, notes: Vec<Note>, build: &BuildOptions) -> Self {
        let dockerfile = dockerfile::parse(&text);
        let options = AnalysisOptions {
            build: build.clone(),
            ..AnalysisOptions::default()
        };
        let analysis =
            dockerfile::analyze_for(&dockerfile, &options, crate::content::images::embedded())
                .map_err(|e| e.to_string());
        Self {
            label,
            text,
            notes,
            dockerfile,
            analysis,
        }
    }

    fn from_example_file(label: &str, file: &ExampleFile, platform: &Platform) -> Self {
        let build = BuildOptions {
            target: file.target.clone(),
            platform: platform.clone(),
            ..BuildOptions::default()
        };
        Self::new(
            label.to_owned(),
            file.text.clone(),
            file.notes.clone(),
            &build,
        )
    }
}

/// The code pane laid out: its lines, the source line (1-based) of each, and the laid-out
/// lines of the cursor's instruction.
struct CodeLines {
    lines: Vec<Line<'static>>,
    rows: Vec<Option<usize>>,
    cursor: (usize, usize),
}

/// How the stage graph names an edge's kind.
fn edge_label(kind: dockerfile::EdgeKind) -> &'static str {
    match kind {
        dockerfile::EdgeKind::Base => "FROM",
        dockerfile::EdgeKind::Copy => "COPY --from",
        dockerfile::EdgeKind::Mount => "RUN --mount",
    }
}

/// The viewer screen.
pub struct ViewerScreen {
    title: String,
    files: Vec<Shown>,
    current: usize,
    cursor: usize,
    /// The code pane's scroll, following the cursor.
    scroll: Scroll,
    walkthrough: bool,
    /// The explanation pane's scroll; back to the top when the cursor moves.
    explanation: Scroll,
    /// What `b` builds: an example's files with its sample application.
    job: Option<Job>,
    /// The real build, shown in place of the explanation.
    build: BuildPanel,
}

/// Where the layout put the code and the explanation, for the mouse; and the code line
/// (0-based) at each row of the code pane.
pub struct Hits {
    code_area: Rect,
    explanation_area: Rect,
    code_rows: Vec<Option<usize>>,
}

impl ViewerScreen {
    /// A viewer on one Dockerfile's text.
    pub fn new(title: &str, text: &str, target: Option<&str>) -> Self {
        let build = BuildOptions {
            target: target.map(str::to_owned),
            ..BuildOptions::default()
        };
        Self::for_build(title, text, &build)
    }

    /// A viewer on one Dockerfile's text, analysed for a target stage and platform.
    pub fn for_build(title: &str, text: &str, build: &BuildOptions) -> Self {
        Self::with_files(
            title,
            vec![Shown::new(
                title.to_owned(),
                text.to_owned(),
                Vec::new(),
                build,
            )],
        )
    }

    /// A viewer on an example: its "after" file, and its "before" file on Tab.
    pub fn example(example: &Example) -> Self {
        Self::example_on(example, &Platform::linux_amd64())
    }

    /// [`ViewerScreen::example`] with the files analysed for `platform`.
    pub fn example_on(example: &Example, platform: &Platform) -> Self {
        let mut files = vec![Shown::from_example_file("after", &example.after, platform)];
        if let Some(before) = &example.before {
            files.push(Shown::from_example_file("before", before, platform));
        }
        // The id is what `stagecraft view ID` takes.
        let mut viewer = Self::with_files(&format!("{} · {}", example.title, example.id), files);
        viewer.job = Job::example(example);
        viewer
    }

    /// Builds on `engine` instead of the one found when a build starts.
    pub fn with_engine(mut self, engine: crate::engine::Engine) -> Self {
        self.build = BuildPanel::with_engine(engine);
        self
    }

    /// Starts the real build of the example at once (a lesson's "reproduce this" key).
    pub fn building(mut self) -> Self {
        if let Some(job) = self.job.clone() {
            self.build.start(job);
        }
        self
    }

    /// The real-build panel.
    pub fn build_panel(&self) -> &BuildPanel {
        &self.build
    }

    fn with_files(title: &str, files: Vec<Shown>) -> Self {
        Self {
            title: inert_line(title),
            files,
            current: 0,
            cursor: 0,
            scroll: Scroll::new(),
            walkthrough: false,
            explanation: Scroll::new(),
            job: None,
            build: BuildPanel::new(),
        }
    }

    fn shown(&self) -> &Shown {
        &self.files[self.current.min(self.files.len() - 1)]
    }

    fn instruction_count(&self) -> usize {
        self.shown().dockerfile.instructions.len()
    }

    fn move_cursor(&mut self, nav: Nav) {
        let last = self.instruction_count().saturating_sub(1);
        let page = (self.scroll.height() / 2).max(1);
        self.set_cursor(match nav {
            Nav::Up => self.cursor.saturating_sub(1),
            Nav::Down => (self.cursor + 1).min(last),
            Nav::PageUp => self.cursor.saturating_sub(page),
            Nav::PageDown => (self.cursor + page).min(last),
            Nav::Top => 0,
            Nav::Bottom => last,
        });
    }

    fn set_cursor(&mut self, cursor: usize) {
        if cursor != self.cursor {
            self.explanation = Scroll::new();
        }
        self.cursor = cursor;
    }

    /// The lesson link of the first finding on the cursor's instruction.
    fn cursor_finding_lesson(&self) -> Option<crate::content::LessonLink> {
        let shown = self.shown();
        let instruction = shown.dockerfile.instructions.get(self.cursor)?;
        let analysis = shown.analysis.as_ref().ok()?;
        let finding = analysis
            .findings
            .iter()
            .find(|f| instruction.span.contains(f.line))?;
        crate::content::LessonLink::parse(finding.lesson)
    }

    fn next_finding(&mut self) {
        let shown = self.shown();
        let Ok(analysis) = &shown.analysis else {
            return;
        };
        let current_line = shown
            .dockerfile
            .instructions
            .get(self.cursor)
            .map_or(0, |i| i.span.end);
        let lines: Vec<usize> = analysis.findings.iter().map(|f| f.line).collect();
        let next = lines
            .iter()
            .find(|&&l| l > current_line)
            .or_else(|| lines.first())
            .copied();
        if let Some(line) = next
            && let Some(index) = shown
                .dockerfile
                .instructions
                .iter()
                .position(|i| i.span.contains(line) || i.span.start >= line)
        {
            self.set_cursor(index);
        }
    }

    fn finding_lesson(&self, ctx: &Context) -> Option<Action> {
        let link = self.cursor_finding_lesson()?;
        let lesson = ctx.content.lesson(&link.lesson)?;
        Some(Action::Push(Box::new(LessonScreen::open(
            lesson,
            link.anchor.as_deref(),
            ctx,
        ))))
    }

    /// The code lines with gutter, stage headers and the cursor; and the index of the first
    /// line of the cursor's instruction.
    fn code_lines(&self, theme: Theme) -> CodeLines {
        let shown = self.shown();
        let df = &shown.dockerfile;
        let findings = shown
            .analysis
            .as_ref()
            .map(|a| a.findings.as_slice())
            .unwrap_or(&[]);
        let stages = shown.analysis.as_ref().ok().map(|a| &a.graph.stages);
        let cursor_span = df.instructions.get(self.cursor).map(|i| i.span);
        let digits = df.line_count.max(1).to_string().len();
        let mut lines = Vec::new();
        let mut rows = Vec::new();
        let mut cursor_top = 0;
        let mut cursor_bottom = 0;
        for (index, text) in shown.text.lines().enumerate() {
            let number = index + 1;
            if let Some(stage) = stages.and_then(|s| s.iter().find(|s| s.line == number)) {
                let final_mark = match &shown.analysis {
                    Ok(a) if a.graph.target == stage.index => "  ★ final image",
                    _ if !stage.needed => "  (not needed by the final image)",
                    _ => "",
                };
                let mut spans = vec![Span::styled(
                    format!("── stage {}: ", stage.index),
                    theme.title(),
                )];
                spans.extend(text::inline(&stage.display_name(), theme).spans);
                spans.push(Span::styled(final_mark, theme.title()));
                lines.push(Line::from(spans));
                rows.push(Some(number));
            }
            let worst = findings
                .iter()
                .filter(|f| f.line == number)
                .map(|f| f.severity)
                .max();
            let (mark, mark_style) = match worst {
                Some(Severity::Error) => ("E", theme.error()),
                Some(Severity::Warning) => ("W", theme.warning()),
                Some(Severity::Info) => ("i", theme.dim()),
                None => (" ", Style::new()),
            };
            let has_note = shown.notes.iter().any(|n| n.line == number);
            let in_cursor = cursor_span.is_some_and(|s| s.contains(number));
            if in_cursor && cursor_span.is_some_and(|s| s.start == number) {
                cursor_top = lines.len();
            }
            if in_cursor {
                cursor_bottom = lines.len();
            }
            let mut spans = text::gutter(
                number,
                digits,
                true,
                text::Mark {
                    sign: Some((mark, mark_style)),
                    line: None,
                },
                theme,
            );
            spans[1] = Span::styled(if has_note { "•" } else { " " }, theme.key());
            spans.extend(highlight_line(&inert(text).replace('\t', "    "), theme));
            let mut line = Line::from(spans);
            if in_cursor {
                line = line.patch_style(if theme.color {
                    Style::new().bg(ratatui::style::Color::Rgb(40, 44, 60))
                } else {
                    Style::new().add_modifier(Modifier::BOLD)
                });
                line.spans[0] = Span::styled(
                    if worst.is_some() { mark } else { "›" },
                    if worst.is_some() {
                        mark_style
                    } else {
                        theme.key()
                    },
                );
            }
            lines.push(line);
            rows.push(Some(number));
        }
        CodeLines {
            lines,
            rows,
            cursor: (cursor_top, cursor_bottom.max(cursor_top)),
        }
    }

    /// The stage graph as lines.
    fn graph_lines(&self, theme: Theme) -> Vec<Line<'static>> {
        let shown = self.shown();
        let analysis = match &shown.analysis {
            Ok(a) => a,
            Err(error) => return vec![Line::styled(inert_line(error), theme.error())],
        };
        let graph = &analysis.graph;
        let mut lines = Vec::new();
        for stage in &graph.stages {
            let marker = if stage.index == graph.target {
                "★"
            } else if stage.needed {
                "●"
            } else {
                "○"
            };
            let style = if stage.needed {
                theme.title()
            } else {
                theme.dim()
            };
            let mut spans = vec![Span::styled(format!("{marker} {} ", stage.index), style)];
            spans.extend(
                text::inline(&stage.display_name(), theme)
                    .spans
                    .into_iter()
                    .map(|s| s.patch_style(style)),
            );
            lines.push(Line::from(spans));
            lines.push(Line::styled(
                format!("    FROM {}", inert_line(&stage.base_written)),
                theme.dim(),
            ));
            for edge in graph.edges.iter().filter(|e| e.to == stage.index) {
                let from = graph
                    .stages
                    .get(edge.from)
                    .map(|s| s.display_name())
                    .unwrap_or_default();
                let mut spans = vec![Span::styled("    ← ", theme.key())];
                spans.extend(text::inline(&from, theme).spans);
                spans.push(Span::styled(
                    format!(" ({}, line {})", edge_label(edge.kind), edge.line),
                    theme.dim(),
                ));
                lines.push(Line::from(spans));
            }
        }
        let external: Vec<_> = graph
            .images
            .iter()
            .filter(|i| i.kind != dockerfile::EdgeKind::Base)
            .collect();
        if !external.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Copied from images", theme.title()));
            for image in external {
                lines.push(Line::raw(format!(
                    "  {} (line {})",
                    inert_line(&image.reference),
                    image.line
                )));
            }
        }
        let (errors, warnings) =
            analysis
                .findings
                .iter()
                .fold((0, 0), |(e, w), f| match f.severity {
                    Severity::Error => (e + 1, w),
                    Severity::Warning => (e, w + 1),
                    Severity::Info => (e, w),
                });
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(
                format!("{errors} error{}", if errors == 1 { "" } else { "s" }),
                if errors > 0 {
                    theme.error()
                } else {
                    theme.success()
                },
            ),
            Span::raw(", "),
            Span::styled(
                format!("{warnings} warning{}", if warnings == 1 { "" } else { "s" }),
                if warnings > 0 {
                    theme.warning()
                } else {
                    theme.dim()
                },
            ),
        ]));
        lines.push(Line::styled(
            "★ final  ● needed  ○ skipped by BuildKit",
            theme.dim(),
        ));
        lines
    }

    /// What the cursor's instruction does, its note and its findings.
    fn explanation_lines(&self, width: u16, theme: Theme) -> Vec<Line<'static>> {
        let prose = |text: &str| text::markdown_lines(text, width.max(1), theme);
        let shown = self.shown();
        let df = &shown.dockerfile;
        let Some(instruction) = df.instructions.get(self.cursor) else {
            let mut lines = vec![Line::styled("No instruction in this file.", theme.dim())];
            lines.extend(df.diagnostics.iter().map(|d| {
                Line::styled(
                    inert_line(&format!(
                        "line {}:{}: {}",
                        d.position.line, d.position.column, d.message
                    )),
                    theme.error(),
                )
            }));
            return lines;
        };
        let mut lines = vec![Line::from(vec![
            Span::styled(format!("{} ", instruction.keyword.as_str()), theme.key()),
            Span::styled(
                format!(
                    "(line {}{})",
                    instruction.span.start,
                    if instruction.span.end > instruction.span.start {
                        format!("–{}", instruction.span.end)
                    } else {
                        String::new()
                    }
                ),
                theme.dim(),
            ),
        ])];
        let what = match &shown.analysis {
            Ok(analysis) => explain::in_file(df, &analysis.graph, self.cursor),
            Err(_) => explain::instruction(instruction),
        };
        lines.extend(prose(&what));
        for note in shown
            .notes
            .iter()
            .filter(|n| instruction.span.contains(n.line))
        {
            lines.push(Line::raw(""));
            lines.push(Line::styled("In this example", theme.title()));
            lines.extend(prose(&note.text));
        }
        if let Ok(analysis) = &shown.analysis {
            for finding in analysis
                .findings
                .iter()
                .filter(|f| instruction.span.contains(f.line))
            {
                let style = match finding.severity {
                    Severity::Error => theme.error(),
                    Severity::Warning => theme.warning(),
                    Severity::Info => theme.dim(),
                };
                lines.push(Line::raw(""));
                let mut heading = vec![Span::styled(
                    format!("{} {}: ", finding.severity, finding.rule),
                    style,
                )];
                heading.extend(text::inline(&finding.message, theme).spans);
                lines.push(Line::from(heading));
                lines.extend(prose(finding.explanation));
                lines.push(Line::styled(
                    format!("Lesson: {} (o opens it)", finding.lesson),
                    theme.dim(),
                ));
            }
        }
        if instruction.keyword != Keyword::Unknown {
            lines.push(Line::raw(""));
            lines.extend(
                prose(explain::keyword(instruction.keyword))
                    .into_iter()
                    .map(|l| l.patch_style(theme.dim())),
            );
        }
        lines
    }
}

/// A Dockerfile line coloured by instruction: the keyword, flags, comments.
fn highlight_line(text: &str, theme: Theme) -> Vec<Span<'static>> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('#') {
        return vec![Span::styled(text.to_owned(), theme.dim())];
    }
    let indent = &text[..text.len() - trimmed.len()];
    let (word, rest) = trimmed
        .split_once(char::is_whitespace)
        .map_or((trimmed, ""), |(w, r)| (w, r));
    let is_keyword = Keyword::from_word(word) != Keyword::Unknown;
    if !is_keyword {
        return vec![Span::raw(text.to_owned())];
    }
    let mut spans = vec![
        Span::raw(indent.to_owned()),
        Span::styled(word.to_owned(), theme.key()),
        Span::raw(" "),
    ];
    for (i, token) in rest.split(' ').enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        if token.starts_with("--") {
            spans.push(Span::styled(token.to_owned(), theme.title()));
        } else if token.eq_ignore_ascii_case("as") {
            spans.push(Span::styled(token.to_owned(), theme.key()));
        } else {
            spans.push(Span::raw(token.to_owned()));
        }
    }
    spans
}

impl ViewerScreen {
    /// The code panel, the stages panel (on a wide terminal) and the explanation in `area`.
    fn areas(&self, area: Rect) -> (Rect, Option<Rect>, Rect) {
        let explain_share = if self.walkthrough { 55 } else { 35 };
        let [top, bottom] = Layout::vertical([
            Constraint::Percentage(100 - explain_share),
            Constraint::Percentage(explain_share),
        ])
        .areas(area);
        if top.width >= 90 {
            let [code, graph] =
                Layout::horizontal([Constraint::Min(40), Constraint::Length(34)]).areas(top);
            (code, Some(graph), bottom)
        } else {
            (top, None, bottom)
        }
    }
}

impl Screen for ViewerScreen {
    fn title(&self) -> String {
        if self.files.len() > 1 {
            format!("{} ({})", self.title, self.shown().label)
        } else {
            self.title.clone()
        }
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        let theme = ctx.theme;
        let (code_area, _, bottom) = self.areas(area);
        let code = self.code_lines(theme);
        let height = code_area.height.saturating_sub(2) as usize;
        self.scroll.fit(code.lines.len(), height);
        // Keep the cursor's instruction in view with a line of context around it.
        let (top_line, bottom_line) = code.cursor;
        self.scroll.reveal(
            top_line.saturating_sub(1),
            (bottom_line + 1).min(code.lines.len().saturating_sub(1)),
        );
        // The build panel, when shown, takes the explanation's place and its scroll.
        let explanation = if self.build.is_shown() {
            self.build
                .lines(
                    bottom.width.saturating_sub(2),
                    bottom.height.saturating_sub(2),
                    theme,
                )
                .len()
        } else {
            self.explanation_lines(bottom.width.saturating_sub(2), theme)
                .len()
        };
        self.explanation
            .fit(explanation, usize::from(bottom.height.saturating_sub(2)));
        HitMap::new(Hits {
            code_area,
            explanation_area: bottom,
            code_rows: code
                .rows
                .iter()
                .skip(self.scroll.offset())
                .take(height)
                .copied()
                .collect(),
        })
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let (code_area, graph_area, bottom) = self.areas(area);
        let code = self.code_lines(theme);
        let height = code_area.height.saturating_sub(2) as usize;
        let visible: Vec<Line> = code
            .lines
            .into_iter()
            .skip(self.scroll.offset())
            .take(height)
            .collect();
        let code_title = if self.files.len() > 1 {
            format!(
                "{} · Tab: {}",
                self.shown().label,
                self.files
                    .iter()
                    .map(|f| f.label.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
            )
        } else {
            "Dockerfile".into()
        };
        frame.render_widget(
            Paragraph::new(visible).block(widgets::panel(&code_title, true, theme)),
            code_area,
        );

        if let Some(graph_area) = graph_area {
            frame.render_widget(
                Paragraph::new(self.graph_lines(theme))
                    .wrap(Wrap { trim: false })
                    .block(widgets::panel("Stages", false, theme)),
                graph_area,
            );
        }

        if self.build.is_shown() {
            build_panel::draw_scrolled(
                &self.build,
                frame,
                bottom,
                theme,
                self.explanation.offset_u16(),
            );
            return;
        }
        let lines = self.explanation_lines(bottom.width.saturating_sub(2), theme);
        let below = lines
            .len()
            .saturating_sub(self.explanation.offset() + self.explanation.height());
        let step = format!(
            "{} {}/{}{}",
            if self.walkthrough {
                "Walkthrough"
            } else {
                "Instruction"
            },
            (self.cursor + 1).min(self.instruction_count()),
            self.instruction_count(),
            match (below, self.explanation.offset()) {
                (0, 0) => String::new(),
                (0, _) => " · ↑ more above (K)".to_owned(),
                (n, _) => format!(" · ↓ {n} more line{} (J)", if n == 1 { "" } else { "s" }),
            }
        );
        frame.render_widget(
            Paragraph::new(lines)
                .scroll((self.explanation.offset_u16(), 0))
                .block(widgets::panel(&step, self.walkthrough, theme)),
            bottom,
        );
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }

    fn tick(&mut self, _ctx: &Context) -> Action {
        match self.build.poll() {
            Some(notice) => Action::Notify(notice),
            None => Action::None,
        }
    }
}

impl Commands for ViewerScreen {
    type Command = Command;
    type Hits = Hits;

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Move(nav) => self.move_cursor(nav),
            Command::Step => self.move_cursor(Nav::Down),
            Command::Walkthrough => self.walkthrough = !self.walkthrough,
            Command::NextFinding => self.next_finding(),
            Command::OpenLesson => {
                return self
                    .finding_lesson(ctx)
                    .unwrap_or_else(|| Action::error("the lesson of this finding is not loaded"));
            }
            Command::SwitchFile => {
                self.current = (self.current + 1) % self.files.len().max(1);
                self.cursor = 0;
                self.scroll = Scroll::new();
                self.explanation = Scroll::new();
            }
            Command::Build => {
                let Some(job) = self.job.clone() else {
                    return Action::info("This file has no sample application to build.");
                };
                self.explanation = Scroll::new();
                if !self.build.start(job) {
                    return Action::info("A real build is already running.");
                }
            }
            Command::CloseBuild => {
                self.build.hide();
                self.explanation = Scroll::new();
            }
            Command::ScrollExplanation(nav) => self.explanation.apply(nav),
            Command::ExplanationWheel(down) => self.explanation.wheel(down),
            Command::ClickLine(line) => {
                if let Some(index) = self
                    .shown()
                    .dockerfile
                    .instructions
                    .iter()
                    .position(|i| i.span.contains(line) || i.span.start > line)
                {
                    self.set_cursor(index);
                }
            }
        }
        Action::None
    }

    fn mouse(&self, event: &MouseEvent, hits: &Hits) -> Option<Command> {
        let at = Position {
            x: event.column,
            y: event.row,
        };
        let in_code = hits.code_area.contains(at);
        let in_explanation = hits.explanation_area.contains(at);
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) if in_code => {
                let row = usize::from(event.row.checked_sub(hits.code_area.y + 1)?);
                hits.code_rows
                    .get(row)
                    .copied()
                    .flatten()
                    .map(Command::ClickLine)
            }
            MouseEventKind::ScrollDown if in_explanation => Some(Command::ExplanationWheel(true)),
            MouseEventKind::ScrollUp if in_explanation => Some(Command::ExplanationWheel(false)),
            MouseEventKind::ScrollDown => Some(Command::Move(Nav::Down)),
            MouseEventKind::ScrollUp => Some(Command::Move(Nav::Up)),
            _ => None,
        }
    }
}
