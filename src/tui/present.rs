//! Presenter mode: a lesson as slides for a projector. One slide at a time in a wide, centred
//! column, with the slide counter and the time since the talk began; speaker notes on a
//! toggle; Dockerfile blocks walked through instruction by instruction with an explanation of
//! each; and the lesson's quiz questions shown one by one, the answer revealed on a key.
//!
//! Presenter mode only reads: it never schedules a card, logs an answer or saves a reading
//! position, so showing a class the questions changes nobody's progress.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::keymap::{self, KeyHelp, Nav, key};
use super::question::shuffled;
use super::screen::{Action, Context, Screen};
use super::text;
use super::theme::Theme;
use super::widgets;
use crate::content::grade::right_answer;
use crate::content::{ContentSet, Lesson, Question, QuestionKind};
use crate::dockerfile::{self, explain};
use crate::markdown::slides::{self, SlideBlock};
use crate::sanitize::inert_line;

const KEYS: &[KeyHelp] = &[
    key("→/l Space", "next slide"),
    key("←/h", "previous slide"),
    key("s/S", "step through the Dockerfile"),
    key("n", "speaker notes"),
    key("a", "quiz questions"),
    key("g/G", "first / last slide"),
    key("PgDn/PgUp", "next / previous slide"),
    key("j/k ↑/↓", "scroll a long slide"),
];

const QUIZ_KEYS: &[KeyHelp] = &[
    key("Enter", "reveal the answer"),
    key("a", "next question"),
    key("Esc", "back to the slides"),
    key("j/k ↑/↓", "scroll"),
];

/// `present ID` named no lesson.
#[derive(Debug, thiserror::Error)]
#[error("no lesson `{id}`; lessons are: {}", known.join(", "))]
pub struct UnknownLesson {
    /// The id asked for.
    pub id: String,
    /// The lesson ids that exist.
    pub known: Vec<String>,
}

/// One instruction of a Dockerfile block, for stepping: its lines (1-based, inside the block)
/// and what it does.
#[derive(Debug, Clone)]
struct Instruction {
    start: usize,
    end: usize,
    explanation: String,
}

/// A block of a slide, ready to draw.
#[derive(Debug, Clone)]
enum Block {
    Prose(String),
    Code(String),
    Dockerfile {
        text: String,
        steps: Vec<Instruction>,
    },
}

/// A slide, parsed once.
#[derive(Debug, Clone)]
struct Slide {
    title: Option<String>,
    blocks: Vec<Block>,
    notes: Vec<String>,
}

impl Slide {
    /// Every step of the slide: (block index, instruction index), in order.
    fn steps(&self) -> Vec<(usize, usize)> {
        self.blocks
            .iter()
            .enumerate()
            .flat_map(|(b, block)| match block {
                Block::Dockerfile { steps, .. } => (0..steps.len()).map(|i| (b, i)).collect(),
                _ => Vec::new(),
            })
            .collect()
    }
}

/// The quiz being shown over the slides.
#[derive(Debug, Clone, Copy)]
struct Quiz {
    index: usize,
    revealed: bool,
    scroll: usize,
}

/// What a laid-out page depends on: the slide (or quiz question and whether its answer is
/// shown), the step, the width and colour. The page is laid out again only when this changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LaidKey {
    Slide {
        current: usize,
        step: Option<usize>,
        width: u16,
        color: bool,
    },
    Quiz {
        index: usize,
        revealed: bool,
        width: u16,
        color: bool,
    },
}

/// Lines to draw, and the range of lines to keep in view (the current step).
#[derive(Clone)]
struct Laid {
    lines: Vec<Line<'static>>,
    focus: Option<(usize, usize)>,
}

/// The presenter screen.
pub struct PresentScreen {
    title: String,
    slides: Vec<Slide>,
    current: usize,
    scroll: usize,
    /// Rows of the slide area at the last draw.
    page: usize,
    started: DateTime<Utc>,
    show_notes: bool,
    /// Index into the current slide's [`Slide::steps`].
    step: Option<usize>,
    follow_step: bool,
    question_ids: Vec<String>,
    quiz: Option<Quiz>,
    /// A short message in the header, such as "no questions".
    flash: Option<String>,
    /// The page laid out at the last draw, reused while nothing it depends on changes.
    laid: Option<(LaidKey, Laid)>,
}

impl PresentScreen {
    /// Presents the lesson with this id.
    pub fn open(ctx: &Context, id: &str) -> Result<Self, UnknownLesson> {
        match ctx.content.lesson(id) {
            Some(lesson) => Ok(Self::new(lesson, ctx)),
            None => Err(UnknownLesson {
                id: id.to_owned(),
                known: ctx.content.lessons.iter().map(|l| l.id.clone()).collect(),
            }),
        }
    }

    /// Presents `lesson`; the clock starts now.
    pub fn new(lesson: &Lesson, ctx: &Context) -> Self {
        Self {
            title: lesson.title.clone(),
            slides: slides::split(&lesson.body)
                .into_iter()
                .map(prepare_slide)
                .collect(),
            current: 0,
            scroll: 0,
            page: 10,
            started: ctx.now(),
            show_notes: false,
            step: None,
            follow_step: false,
            question_ids: quiz_questions(&ctx.content, &lesson.id),
            quiz: None,
            flash: None,
            laid: None,
        }
    }

    /// The number of slides.
    pub fn slide_count(&self) -> usize {
        self.slides.len()
    }

    /// The slide shown, 0-based.
    pub fn current_slide(&self) -> usize {
        self.current
    }

    fn go_to(&mut self, slide: usize) {
        let slide = slide.min(self.slides.len().saturating_sub(1));
        if slide != self.current {
            self.current = slide;
            self.scroll = 0;
            self.step = None;
        }
        self.quiz = None;
    }

    fn step_by(&mut self, forward: bool) {
        let count = self.slides.get(self.current).map_or(0, |s| s.steps().len());
        if count == 0 {
            self.flash = Some("no Dockerfile on this slide".into());
            return;
        }
        self.step = match (self.step, forward) {
            (None, true) => Some(0),
            (Some(i), true) => Some((i + 1).min(count - 1)),
            (Some(0) | None, false) => None,
            (Some(i), false) => Some(i - 1),
        };
        self.follow_step = true;
    }

    fn next_question(&mut self) {
        if self.question_ids.is_empty() {
            self.flash = Some("no quiz questions link to this lesson".into());
            return;
        }
        self.quiz = match self.quiz {
            None => Some(0),
            Some(q) if q.index + 1 < self.question_ids.len() => Some(q.index + 1),
            Some(_) => None,
        }
        .map(|index| Quiz {
            index,
            revealed: false,
            scroll: 0,
        });
    }

    fn handle_quiz_key(&mut self, nav: Option<Nav>) -> Option<Action> {
        let quiz = self.quiz.as_mut()?;
        match nav {
            Some(Nav::Select) => quiz.revealed = true,
            Some(Nav::Back) => self.quiz = None,
            Some(Nav::Down) => quiz.scroll += 1,
            Some(Nav::Up) => quiz.scroll = quiz.scroll.saturating_sub(1),
            _ => return None,
        }
        Some(Action::None)
    }

    /// The slide's lines for `width` columns, the current step highlighted and explained.
    fn slide_lines(&self, width: u16, theme: Theme) -> Laid {
        let Some(slide) = self.slides.get(self.current) else {
            return Laid {
                lines: Vec::new(),
                focus: None,
            };
        };
        let current = self.step.and_then(|i| slide.steps().get(i).copied());
        let mut lines = vec![Line::raw("")];
        if let Some(title) = &slide.title {
            let title = inert_line(title);
            let rule = "━".repeat(title.width().clamp(1, usize::from(width)));
            lines.push(Line::styled(title, theme.title()));
            lines.push(Line::styled(rule, theme.border(true)));
            lines.push(Line::raw(""));
        }
        let mut focus = None;
        for (b, block) in slide.blocks.iter().enumerate() {
            match block {
                Block::Prose(prose) => {
                    lines.extend(text::markdown_lines(prose, width, theme));
                }
                Block::Code(code) => {
                    lines.extend(code.lines().map(|l| {
                        Line::from(vec![
                            Span::styled("│ ", theme.dim()),
                            Span::raw(inert_line(l)),
                        ])
                    }));
                }
                Block::Dockerfile { text, steps } => {
                    let here = current.filter(|(cb, _)| *cb == b).map(|(_, i)| i);
                    let highlight = here.and_then(|i| steps.get(i));
                    let first = lines.len();
                    lines.extend(stepped_lines(text, highlight, theme));
                    if let (Some(i), Some(step)) = (here, highlight) {
                        let top = first + step.start.saturating_sub(1);
                        lines.push(Line::raw(""));
                        lines.push(Line::styled(
                            format!("Instruction {} of {}", i + 1, steps.len()),
                            theme.key(),
                        ));
                        let explained = text::markdown_lines(&step.explanation, width, theme);
                        lines.extend(explained);
                        focus = Some((top, lines.len().saturating_sub(1)));
                    }
                }
            }
            lines.push(Line::raw(""));
        }
        if slide.title.is_none() && slide.blocks.is_empty() {
            lines.push(Line::styled("(an empty slide)", theme.dim()));
        }
        Laid { lines, focus }
    }

    fn quiz_lines(&self, quiz: Quiz, width: u16, ctx: &Context) -> Vec<Line<'static>> {
        let theme = ctx.theme;
        let Some(question) = self
            .question_ids
            .get(quiz.index)
            .and_then(|id| ctx.content.question(id))
        else {
            return vec![Line::styled(
                "This question is no longer loaded.",
                theme.dim(),
            )];
        };
        let mut lines = vec![
            Line::raw(""),
            Line::styled(
                format!(
                    "Question {} of {} · {}",
                    quiz.index + 1,
                    self.question_ids.len(),
                    question.kind.label()
                ),
                theme.title(),
            ),
            Line::raw(""),
        ];
        lines.extend(text::markdown_lines(&question.prompt, width, theme));
        lines.push(Line::raw(""));
        lines.extend(question_body(question, quiz.revealed, theme));
        lines.push(Line::raw(""));
        if !quiz.revealed {
            lines.push(Line::styled(
                "Press Enter to reveal the answer.",
                theme.dim(),
            ));
            return lines;
        }
        if question.kind.is_self_graded() {
            lines.push(Line::styled("Model answer", theme.success()));
            lines.extend(text::markdown_lines(
                &right_answer(&question.kind),
                width,
                theme,
            ));
        } else {
            lines.push(Line::from(vec![
                Span::styled("Answer: ", theme.success()),
                Span::styled(inert_line(&right_answer(&question.kind)), theme.success()),
            ]));
        }
        lines.push(Line::raw(""));
        lines.extend(text::markdown_lines(&question.explanation, width, theme));
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("Taught in ", theme.dim()),
            Span::styled(question.lesson.to_string(), theme.key()),
        ]));
        lines
    }

    fn draw_header(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let elapsed = (ctx.now() - self.started).num_seconds().max(0);
        let clock = format!("{:02}:{:02}", elapsed / 60, elapsed % 60);
        let mut right = format!("{}/{}  {clock} ", self.current + 1, self.slides.len());
        if let Some(flash) = &self.flash {
            right = format!("{flash}  ·  {right}");
        }
        let left = format!(" {}", inert_line(&self.title));
        let width = usize::from(area.width);
        let right_width = right.width();
        let left = clip(&left, width.saturating_sub(right_width + 1));
        let gap = width.saturating_sub(left.width() + right_width);
        let line = if right_width > width {
            Line::styled(clip(&right, width), theme.key())
        } else {
            Line::from(vec![
                Span::styled(left, theme.title()),
                Span::raw(" ".repeat(gap)),
                Span::styled(right, theme.key()),
            ])
        };
        frame.render_widget(Paragraph::new(line).style(theme.bar()), area);
    }

    fn draw_notes(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let notes = self
            .slides
            .get(self.current)
            .map(|s| s.notes.as_slice())
            .unwrap_or_default();
        let lines: Vec<Line<'static>> = if notes.is_empty() {
            vec![Line::styled("No notes on this slide.", theme.dim())]
        } else {
            let mut lines = Vec::new();
            for (i, note) in notes.iter().enumerate() {
                if i > 0 {
                    lines.push(Line::raw(""));
                }
                lines.extend(note.lines().map(|l| Line::raw(inert_line(l))));
            }
            lines
        };
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(widgets::panel("Speaker notes", false, theme)),
            area,
        );
    }
}

/// The lesson's questions a class can answer aloud: every kind but labs.
fn quiz_questions(content: &ContentSet, lesson_id: &str) -> Vec<String> {
    content
        .questions_for_lesson(lesson_id)
        .filter(|q| !matches!(q.kind, QuestionKind::Lab(_)))
        .map(|q| q.id.clone())
        .collect()
}

/// Parses a slide's Dockerfile blocks and explains their instructions, once.
fn prepare_slide(slide: slides::Slide) -> Slide {
    let blocks = slide
        .blocks
        .into_iter()
        .map(|block| match block {
            SlideBlock::Prose(text) => Block::Prose(text),
            SlideBlock::Code { lang, text } if lang == "dockerfile" => {
                let steps = instructions(&text);
                Block::Dockerfile { text, steps }
            }
            SlideBlock::Code { text, .. } => Block::Code(text),
        })
        .collect();
    Slide {
        title: slide.title,
        blocks,
        notes: slide.notes,
    }
}

/// The instructions of a Dockerfile with their explanations in this file.
fn instructions(text: &str) -> Vec<Instruction> {
    let parsed = dockerfile::parse(text);
    let analysis = dockerfile::analyze(&parsed, None).ok();
    parsed
        .instructions
        .iter()
        .enumerate()
        .map(|(index, instruction)| Instruction {
            start: instruction.span.start,
            end: instruction.span.end,
            explanation: match &analysis {
                Some(analysis) => explain::in_file(&parsed, &analysis.graph, index),
                None => explain::instruction(instruction),
            },
        })
        .collect()
}

/// What the class sees of a question besides its prompt: the Dockerfile, the choices or the
/// items; once revealed, the right ones marked.
fn question_body(question: &Question, revealed: bool, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(dockerfile) = &question.dockerfile {
        let bug = match question.kind {
            QuestionKind::SpotBug { line } if revealed => Some(line),
            _ => None,
        };
        lines.extend(text::dockerfile_lines(dockerfile, theme, |n| {
            (Some(n) == bug).then(|| theme.success())
        }));
        lines.push(Line::raw(""));
    }
    let choice = |i: usize, text: &str, right: bool| {
        let (sign, style) = if revealed && right {
            ("✓ ", theme.success())
        } else {
            ("  ", Style::new())
        };
        Line::styled(format!("{sign}{}. {}", i + 1, inert_line(text)), style)
    };
    match &question.kind {
        QuestionKind::Single { choices, answer } => {
            lines.extend(
                choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| choice(i, c, i == *answer)),
            );
        }
        QuestionKind::Multiple { choices, answers } => {
            lines.push(Line::styled("(more than one may be right)", theme.dim()));
            lines.extend(
                choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| choice(i, c, answers.contains(&i))),
            );
        }
        QuestionKind::TrueFalse { correct } => {
            lines.push(choice(0, "True", *correct));
            lines.push(choice(1, "False", !*correct));
        }
        QuestionKind::Order { items } => {
            lines.push(Line::styled("Put these in order:", theme.dim()));
            lines.extend(
                shuffled(items.len(), &question.id)
                    .into_iter()
                    .enumerate()
                    .filter_map(|(position, item)| {
                        items.get(item).map(|text| {
                            Line::raw(format!("  {}. {}", position + 1, inert_line(text)))
                        })
                    }),
            );
        }
        QuestionKind::SpotBug { .. } => {
            lines.push(Line::styled("Which line is wrong?", theme.dim()));
        }
        QuestionKind::FillBlank { blanks } => {
            lines.push(Line::styled(
                format!("Fill the {} blank(s) marked ___.", blanks.len()),
                theme.dim(),
            ));
        }
        QuestionKind::Short { .. } => {
            lines.push(Line::styled("Answer in a word or two.", theme.dim()));
        }
        QuestionKind::Flashcard { .. } => {
            lines.push(Line::styled("Answer aloud, then reveal.", theme.dim()));
        }
        QuestionKind::Lab(_) => {}
    }
    lines
}

/// A Dockerfile with line numbers; the lines of `current` carry a marker and the highlight,
/// so the step shows without colour too.
fn stepped_lines(text: &str, current: Option<&Instruction>, theme: Theme) -> Vec<Line<'static>> {
    let digits = text.lines().count().max(1).to_string().len();
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let number = i + 1;
            let body = inert_line(line);
            if current.is_some_and(|s| s.start <= number && number <= s.end) {
                let style = theme.selected();
                Line::from(vec![
                    Span::styled("▶ ", theme.key()),
                    Span::styled(format!("{number:>digits$} │ "), style),
                    Span::styled(body, style),
                ])
            } else {
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(format!("{number:>digits$} │ "), theme.dim()),
                    Span::raw(body),
                ])
            }
        })
        .collect()
}

/// `text` cut to at most `width` columns.
fn clip(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// The slide column: centred, with margins that grow with the terminal, at most 100 wide.
fn column(area: Rect) -> Rect {
    let margin = if area.width >= 40 { area.width / 10 } else { 1 };
    let width = area.width.saturating_sub(margin * 2).clamp(1, 100);
    let x = area.x + (area.width.saturating_sub(width)) / 2;
    Rect {
        x,
        width: width.min(area.width),
        ..area
    }
}

impl Screen for PresentScreen {
    fn title(&self) -> String {
        "Presenter".into()
    }

    fn handle(&mut self, event: &Event, _ctx: &Context) -> Action {
        self.flash = None;
        match event {
            Event::Key(key) => {
                let nav = keymap::nav(key);
                if keymap::is_char(key, 'a') {
                    self.next_question();
                    return Action::None;
                }
                if let Some(action) = self.handle_quiz_key(nav) {
                    return action;
                }
                if keymap::is_char(key, 'n') {
                    self.show_notes = !self.show_notes;
                    return Action::None;
                }
                if keymap::is_char(key, 's') {
                    self.step_by(true);
                    return Action::None;
                }
                if keymap::is_char(key, 'S') {
                    self.step_by(false);
                    return Action::None;
                }
                match nav {
                    Some(Nav::Right | Nav::PageDown) => self.go_to(self.current + 1),
                    Some(Nav::Left | Nav::PageUp) => self.go_to(self.current.saturating_sub(1)),
                    Some(Nav::Top) => self.go_to(0),
                    Some(Nav::Bottom) => self.go_to(usize::MAX),
                    Some(Nav::Down) => self.scroll += 1,
                    Some(Nav::Up) => self.scroll = self.scroll.saturating_sub(1),
                    _ => return Action::Ignored,
                }
                Action::None
            }
            Event::Mouse(mouse) => {
                let scroll = match &mut self.quiz {
                    Some(quiz) => &mut quiz.scroll,
                    None => &mut self.scroll,
                };
                match mouse.kind {
                    MouseEventKind::ScrollDown => *scroll += 3,
                    MouseEventKind::ScrollUp => *scroll = scroll.saturating_sub(3),
                    _ => {}
                }
                Action::None
            }
            _ => Action::None,
        }
    }

    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let notes_height = if self.show_notes {
            (area.height / 3).max(3).min(area.height.saturating_sub(2))
        } else {
            0
        };
        let [header, body, notes] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(notes_height),
        ])
        .areas(area);
        self.draw_header(frame, header, ctx);
        let column = column(body);
        let height = usize::from(column.height);
        self.page = height.max(1);
        match self.quiz {
            Some(mut quiz) => {
                let key = LaidKey::Quiz {
                    index: quiz.index,
                    revealed: quiz.revealed,
                    width: column.width,
                    color: theme.color,
                };
                let laid = self.laid_for(key, |screen| Laid {
                    lines: screen.quiz_lines(quiz, column.width, ctx),
                    focus: None,
                });
                quiz.scroll = quiz.scroll.min(laid.lines.len().saturating_sub(height));
                let scroll = u16::try_from(quiz.scroll).unwrap_or(u16::MAX);
                self.quiz = Some(quiz);
                frame.render_widget(Paragraph::new(laid.lines).scroll((scroll, 0)), column);
            }
            None => {
                let key = LaidKey::Slide {
                    current: self.current,
                    step: self.step,
                    width: column.width,
                    color: theme.color,
                };
                let laid = self.laid_for(key, |screen| screen.slide_lines(column.width, theme));
                if let (true, Some((top, bottom))) = (self.follow_step, laid.focus) {
                    if bottom >= self.scroll + height {
                        self.scroll = (bottom + 1).saturating_sub(height);
                    }
                    if top < self.scroll {
                        self.scroll = top;
                    }
                }
                self.follow_step = false;
                self.scroll = self.scroll.min(laid.lines.len().saturating_sub(height));
                let scroll = u16::try_from(self.scroll).unwrap_or(u16::MAX);
                frame.render_widget(Paragraph::new(laid.lines).scroll((scroll, 0)), column);
            }
        }
        if notes.height > 0 {
            self.draw_notes(frame, notes, ctx);
        }
    }

    fn keys(&self) -> &[KeyHelp] {
        if self.quiz.is_some() { QUIZ_KEYS } else { KEYS }
    }
}

impl PresentScreen {
    /// The page for `key`: the one laid out last if the key is the same, else `lay_out`'s.
    fn laid_for(&mut self, key: LaidKey, lay_out: impl FnOnce(&Self) -> Laid) -> Laid {
        if let Some((k, laid)) = &self.laid
            && *k == key
        {
            return laid.clone();
        }
        let laid = lay_out(self);
        self.laid = Some((key, laid.clone()));
        laid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_laid_out_once_per_slide_step_width_and_colour() {
        use clap::Parser;
        let dir = tempfile::tempdir().expect("tempdir");
        let data_dir = dir.path().display().to_string();
        let cli = crate::cli::Cli::parse_from(["stagecraft", "--data-dir", &data_dir]);
        let content = crate::content::ContentSet::embedded();
        let id = content.lessons[0].id.clone();
        let ctx = crate::tui::context_for(content, &cli).expect("context");
        let mut screen = PresentScreen::open(&ctx, &id).expect("lesson");
        let mut calls = 0;
        let mut lay_out = |screen: &mut PresentScreen, width: u16| {
            let key = LaidKey::Slide {
                current: 0,
                step: None,
                width,
                color: false,
            };
            screen.laid_for(key, |s| {
                calls += 1;
                s.slide_lines(width, Theme::new(false))
            })
        };
        let first = lay_out(&mut screen, 80);
        for _ in 0..3 {
            assert_eq!(lay_out(&mut screen, 80).lines, first.lines);
        }
        lay_out(&mut screen, 100);
        lay_out(&mut screen, 100);
        assert_eq!(calls, 2, "once for 80 columns, once for 100");
    }

    #[test]
    fn dockerfile_instructions_are_explained_in_their_file() {
        let steps = instructions(
            "FROM golang:1.23 AS build\nRUN go build \\\n  -o /app .\nFROM scratch\nCOPY --from=build /app /app\n",
        );
        assert_eq!(steps.len(), 4);
        assert_eq!((steps[1].start, steps[1].end), (2, 3));
        assert!(
            steps[3].explanation.contains("build"),
            "{}",
            steps[3].explanation
        );
        assert!(instructions("").is_empty());
    }

    #[test]
    fn clip_counts_columns() {
        assert_eq!(clip("日本語", 4), "日本");
        assert_eq!(clip("abc", 10), "abc");
        assert_eq!(clip("abc", 0), "");
    }

    #[test]
    fn the_column_is_centred_and_never_wider_than_the_area() {
        let wide = column(Rect::new(0, 0, 200, 10));
        assert_eq!(wide.width, 100);
        assert_eq!(wide.x, 50);
        let narrow = column(Rect::new(0, 0, 20, 10));
        assert_eq!((narrow.x, narrow.width), (1, 18));
        let tiny = column(Rect::new(3, 0, 1, 10));
        assert!(tiny.x + tiny.width <= 4);
    }
}
