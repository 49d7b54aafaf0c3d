//! The Dockerfile viewer: the file with line numbers and stage boundaries, findings marked in
//! the gutter, the stage graph beside it, and below, what the instruction under the cursor does
//! (with the content's note on it, when there is one). Walkthrough mode steps instruction by
//! instruction with the explanation in front.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::keymap::{self, KeyHelp, Nav, key};
use super::lesson::LessonScreen;
use super::screen::{Action, Context, Screen};
use super::theme::Theme;
use super::widgets;
use crate::content::model::{Example, ExampleFile, Note};
use crate::dockerfile::{self, Analysis, Dockerfile, Keyword, Severity, explain};
use crate::sanitize::{inert, inert_line};

const KEYS: &[KeyHelp] = &[
    key("j/k ↑/↓", "previous / next instruction"),
    key("w", "walkthrough mode"),
    key("f", "next finding"),
    key("Tab", "before ↔ after (examples)"),
    key("o", "open the lesson for this finding"),
    key("g/G", "first / last instruction"),
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
    fn new(label: String, text: String, notes: Vec<Note>, target: Option<&str>) -> Self {
        let dockerfile = dockerfile::parse(&text);
        let analysis = dockerfile::analyze(&dockerfile, target).map_err(|e| e.to_string());
        Self {
            label,
            text,
            notes,
            dockerfile,
            analysis,
        }
    }

    fn from_example_file(label: &str, file: &ExampleFile) -> Self {
        Self::new(
            label.to_owned(),
            file.text.clone(),
            file.notes.clone(),
            file.target.as_deref(),
        )
    }
}

/// The viewer screen.
pub struct ViewerScreen {
    title: String,
    files: Vec<Shown>,
    current: usize,
    cursor: usize,
    scroll: usize,
    walkthrough: bool,
    code_height: usize,
}

impl ViewerScreen {
    /// A viewer on one Dockerfile's text.
    pub fn new(title: &str, text: &str, target: Option<&str>) -> Self {
        Self::with_files(
            title,
            vec![Shown::new(
                title.to_owned(),
                text.to_owned(),
                Vec::new(),
                target,
            )],
        )
    }

    /// A viewer on an example: its "after" file, and its "before" file on Tab.
    pub fn example(example: &Example) -> Self {
        let mut files = vec![Shown::from_example_file("after", &example.after)];
        if let Some(before) = &example.before {
            files.push(Shown::from_example_file("before", before));
        }
        Self::with_files(&example.title, files)
    }

    fn with_files(title: &str, files: Vec<Shown>) -> Self {
        Self {
            title: inert_line(title),
            files,
            current: 0,
            cursor: 0,
            scroll: 0,
            walkthrough: false,
            code_height: 10,
        }
    }

    fn shown(&self) -> &Shown {
        &self.files[self.current.min(self.files.len() - 1)]
    }

    fn instruction_count(&self) -> usize {
        self.shown().dockerfile.instructions.len()
    }

    fn move_cursor(&mut self, nav: Nav) -> bool {
        let last = self.instruction_count().saturating_sub(1);
        let page = (self.code_height / 2).max(1);
        self.cursor = match nav {
            Nav::Up | Nav::Left => self.cursor.saturating_sub(1),
            Nav::Down | Nav::Right => (self.cursor + 1).min(last),
            Nav::PageUp => self.cursor.saturating_sub(page),
            Nav::PageDown => (self.cursor + page).min(last),
            Nav::Top => 0,
            Nav::Bottom => last,
            _ => return false,
        };
        true
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
            self.cursor = index;
        }
    }

    fn finding_lesson(&self, ctx: &Context) -> Option<Action> {
        let shown = self.shown();
        let instruction = shown.dockerfile.instructions.get(self.cursor)?;
        let analysis = shown.analysis.as_ref().ok()?;
        let finding = analysis
            .findings
            .iter()
            .find(|f| instruction.span.contains(f.line))?;
        let link = crate::content::LessonLink::parse(finding.lesson)?;
        let lesson = ctx.content.lesson(&link.lesson)?;
        Some(Action::Push(Box::new(LessonScreen::open(
            lesson,
            link.anchor.as_deref(),
            ctx,
        ))))
    }

    /// The code lines with gutter, stage headers and the cursor; and the index of the first
    /// line of the cursor's instruction.
    fn code_lines(&self, theme: Theme) -> (Vec<Line<'static>>, usize) {
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
        let mut cursor_line = 0;
        for (index, text) in shown.text.lines().enumerate() {
            let number = index + 1;
            if let Some(stage) = stages.and_then(|s| s.iter().find(|s| s.line == number)) {
                let final_mark = match &shown.analysis {
                    Ok(a) if a.graph.target == stage.index => "  ★ final image",
                    _ if !stage.needed => "  (not needed by the final image)",
                    _ => "",
                };
                lines.push(Line::styled(
                    format!(
                        "── stage {}: {}{final_mark} ",
                        stage.index,
                        inert_line(&stage.display_name())
                    ),
                    theme.title(),
                ));
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
                cursor_line = lines.len();
            }
            let mut spans = vec![
                Span::styled(mark, mark_style),
                Span::styled(if has_note { "•" } else { " " }, theme.key()),
                Span::styled(format!("{number:>digits$} │ "), theme.dim()),
            ];
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
        }
        (lines, cursor_line)
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
            lines.push(Line::from(vec![
                Span::styled(format!("{marker} {} ", stage.index), style),
                Span::styled(inert_line(&stage.display_name()), style),
            ]));
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
                lines.push(Line::from(vec![
                    Span::styled("    ← ", theme.key()),
                    Span::raw(format!(
                        "{} ({:?}, line {})",
                        inert_line(&from),
                        edge.kind,
                        edge.line
                    )),
                ]));
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
    fn explanation_lines(&self, theme: Theme) -> Vec<Line<'static>> {
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
        lines.push(Line::raw(inert(&what).into_owned()));
        for note in shown
            .notes
            .iter()
            .filter(|n| instruction.span.contains(n.line))
        {
            lines.push(Line::raw(""));
            lines.push(Line::styled("In this example", theme.title()));
            lines.push(Line::raw(inert(&note.text).into_owned()));
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
                lines.push(Line::from(vec![
                    Span::styled(format!("{} {}: ", finding.severity, finding.rule), style),
                    Span::raw(inert_line(&finding.message)),
                ]));
                lines.push(Line::raw(inert(finding.explanation).into_owned()));
                lines.push(Line::styled(
                    format!("Lesson: {} (o opens it)", finding.lesson),
                    theme.dim(),
                ));
            }
        }
        if instruction.keyword != Keyword::Unknown {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                inert_line(explain::keyword(instruction.keyword)),
                theme.dim(),
            ));
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

impl Screen for ViewerScreen {
    fn title(&self) -> String {
        if self.files.len() > 1 {
            format!("{} ({})", self.title, self.shown().label)
        } else {
            self.title.clone()
        }
    }

    fn handle(&mut self, event: &Event, ctx: &Context) -> Action {
        match event {
            Event::Key(key) => {
                if keymap::is_char(key, 'w') {
                    self.walkthrough = !self.walkthrough;
                    return Action::None;
                }
                if keymap::is_char(key, 'f') {
                    self.next_finding();
                    return Action::None;
                }
                if keymap::is_char(key, 'o') {
                    return self.finding_lesson(ctx).unwrap_or(Action::None);
                }
                match keymap::nav(key) {
                    Some(Nav::NextPane | Nav::PrevPane) if self.files.len() > 1 => {
                        self.current = (self.current + 1) % self.files.len();
                        self.cursor = 0;
                        self.scroll = 0;
                        Action::None
                    }
                    Some(Nav::Select) if self.walkthrough => {
                        self.move_cursor(Nav::Down);
                        Action::None
                    }
                    Some(nav) if self.move_cursor(nav) => Action::None,
                    _ => Action::Ignored,
                }
            }
            Event::Mouse(mouse) => {
                match mouse.kind {
                    MouseEventKind::ScrollDown => self.move_cursor(Nav::Down),
                    MouseEventKind::ScrollUp => self.move_cursor(Nav::Up),
                    _ => false,
                };
                Action::None
            }
            _ => Action::None,
        }
    }

    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let explain_share = if self.walkthrough { 55 } else { 35 };
        let [top, bottom] = Layout::vertical([
            Constraint::Percentage(100 - explain_share),
            Constraint::Percentage(explain_share),
        ])
        .areas(area);
        let wide = top.width >= 90;
        let (code_area, graph_area) = if wide {
            let [code, graph] =
                Layout::horizontal([Constraint::Min(40), Constraint::Length(34)]).areas(top);
            (code, Some(graph))
        } else {
            (top, None)
        };

        let (lines, cursor_line) = self.code_lines(theme);
        let height = code_area.height.saturating_sub(2) as usize;
        self.code_height = height;
        if cursor_line < self.scroll {
            self.scroll = cursor_line.saturating_sub(1);
        } else if cursor_line + 2 > self.scroll + height {
            self.scroll = (cursor_line + 3).saturating_sub(height);
        }
        self.scroll = self.scroll.min(lines.len().saturating_sub(height));
        let visible: Vec<Line> = lines.into_iter().skip(self.scroll).take(height).collect();
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

        let step = format!(
            "{} {}/{}",
            if self.walkthrough {
                "Walkthrough: Enter/j next, k back ·"
            } else {
                "Instruction"
            },
            (self.cursor + 1).min(self.instruction_count()),
            self.instruction_count()
        );
        frame.render_widget(
            Paragraph::new(self.explanation_lines(theme))
                .wrap(Wrap { trim: false })
                .block(widgets::panel(&step, self.walkthrough, theme)),
            bottom,
        );
    }

    fn keys(&self) -> &[KeyHelp] {
        KEYS
    }
}
