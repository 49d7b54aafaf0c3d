//! Presenter mode: a lesson as slides for a projector. One slide at a time in a wide, centred
//! column, with the slide counter and the time since the talk began; speaker notes on a
//! toggle; Dockerfile blocks walked through instruction by instruction with an explanation of
//! each; and the lesson's quiz questions shown one by one, the answer revealed on a key.
//!
//! Presenter mode only reads: it never schedules a card, logs an answer or saves a reading
//! position, so showing a class the questions changes nobody's progress.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::keymap::{Binding, Bound, Key, KeyHelp, Nav, always};
use super::question::QuestionView;
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::text;
use super::theme::Theme;
use super::widgets;
use crate::content::{ContentSet, Lesson, QuestionKind};
use crate::dockerfile::{self, explain};
use crate::markdown::slides::{self, SlideBlock};
use crate::sanitize::inert_line;

/// What presenter mode can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// The next slide.
    NextSlide,
    /// The previous slide.
    PrevSlide,
    /// The first slide.
    FirstSlide,
    /// The last slide.
    LastSlide,
    /// Step forward (`true`) or back through the slide's Dockerfile.
    Step(bool),
    /// Show or hide the speaker notes.
    Notes,
    /// Show the next quiz question (after the last, back to the slides).
    NextQuestion,
    /// Reveal the answer of the question shown.
    Reveal,
    /// Back from the questions to the slides.
    CloseQuiz,
    /// Scroll a long slide or question.
    Scroll(Nav),
    /// One notch of the wheel.
    Wheel(bool),
}

fn on_slides(p: &PresentScreen) -> bool {
    p.quiz.is_none()
}

fn has_next_slide(p: &PresentScreen) -> bool {
    on_slides(p) && p.current + 1 < p.slides.len()
}

fn has_prev_slide(p: &PresentScreen) -> bool {
    on_slides(p) && p.current > 0
}

fn has_steps(p: &PresentScreen) -> bool {
    on_slides(p)
        && p.slides
            .get(p.current)
            .is_some_and(|s| !s.steps().is_empty())
}

fn stepping(p: &PresentScreen) -> bool {
    on_slides(p) && p.step.is_some()
}

fn has_questions(p: &PresentScreen) -> bool {
    !p.question_ids.is_empty()
}

fn in_quiz(p: &PresentScreen) -> bool {
    p.quiz.is_some()
}

fn can_reveal(p: &PresentScreen) -> bool {
    p.quiz.as_ref().is_some_and(|q| !q.view.is_done())
}

fn can_scroll(p: &PresentScreen) -> bool {
    match &p.quiz {
        Some(quiz) => quiz.view.scroll().overflows(),
        None => p.scroll.overflows(),
    }
}

const TABLE: &[Binding<PresentScreen, Command>] = &[
    Binding {
        keys: &[
            Key::Char('l'),
            Key::Code(KeyCode::Right),
            Key::Char(' '),
            Key::Code(KeyCode::PageDown),
        ],
        shown: "→/l Space",
        hint: "next",
        help: "the next slide",
        command: Bound::To(Command::NextSlide),
        when: has_next_slide,
    },
    Binding {
        keys: &[
            Key::Char('h'),
            Key::Code(KeyCode::Left),
            Key::Code(KeyCode::PageUp),
        ],
        shown: "←/h",
        hint: "previous",
        help: "the previous slide",
        command: Bound::To(Command::PrevSlide),
        when: has_prev_slide,
    },
    Binding {
        keys: &[Key::Char('s')],
        shown: "s",
        hint: "step",
        help: "step through the slide's Dockerfile, instruction by instruction",
        command: Bound::To(Command::Step(true)),
        when: has_steps,
    },
    Binding {
        keys: &[Key::Char('S')],
        shown: "S",
        hint: "step back",
        help: "step back through the Dockerfile",
        command: Bound::To(Command::Step(false)),
        when: stepping,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "reveal",
        help: "reveal the answer",
        command: Bound::To(Command::Reveal),
        when: can_reveal,
    },
    Binding {
        keys: &[Key::Char('a')],
        shown: "a",
        hint: "questions",
        help: "the lesson's quiz questions, one by one",
        command: Bound::To(Command::NextQuestion),
        when: has_questions,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Char('q')],
        shown: "Esc q",
        hint: "slides",
        help: "back to the slides",
        command: Bound::To(Command::CloseQuiz),
        when: in_quiz,
    },
    Binding {
        keys: &[Key::Char('n')],
        shown: "n",
        hint: "notes",
        help: "speaker notes on or off",
        command: Bound::To(Command::Notes),
        when: always,
    },
    Binding {
        keys: &[Key::Char('g'), Key::Code(KeyCode::Home)],
        shown: "g/G",
        hint: "",
        help: "the first slide (G: the last)",
        command: Bound::To(Command::FirstSlide),
        when: has_prev_slide,
    },
    Binding {
        keys: &[Key::Char('G'), Key::Code(KeyCode::End)],
        shown: "G",
        hint: "",
        help: "the last slide",
        command: Bound::To(Command::LastSlide),
        when: has_next_slide,
    },
    Binding {
        keys: &[Key::Char('j'), Key::Code(KeyCode::Down)],
        shown: "j/k ↑/↓",
        hint: "scroll",
        help: "scroll a long slide or question",
        command: Bound::To(Command::Scroll(Nav::Down)),
        when: can_scroll,
    },
    Binding {
        keys: &[Key::Char('k'), Key::Code(KeyCode::Up)],
        shown: "k ↑",
        hint: "",
        help: "scroll up",
        command: Bound::To(Command::Scroll(Nav::Up)),
        when: can_scroll,
    },
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

/// The quiz question shown over the slides.
struct Quiz {
    index: usize,
    view: QuestionView,
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
    /// The slide's scroll (or the question's, which keeps its own, while one shows).
    scroll: Scroll,
    started: DateTime<Utc>,
    show_notes: bool,
    /// Index into the current slide's [`Slide::steps`].
    step: Option<usize>,
    follow_step: bool,
    question_ids: Vec<String>,
    quiz: Option<Quiz>,
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
            scroll: Scroll::new(),
            started: ctx.now(),
            show_notes: false,
            step: None,
            follow_step: false,
            question_ids: quiz_questions(&ctx.content, &lesson.id),
            quiz: None,
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
            self.scroll = Scroll::new();
            self.step = None;
        }
        self.quiz = None;
    }

    fn step_by(&mut self, forward: bool) {
        let count = self.slides.get(self.current).map_or(0, |s| s.steps().len());
        if count == 0 {
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

    fn next_question(&mut self, ctx: &Context) {
        let next = match &self.quiz {
            None => 0,
            Some(q) => q.index + 1,
        };
        self.quiz = self
            .question_ids
            .iter()
            .enumerate()
            .skip(next)
            .find_map(|(index, id)| {
                let view = QuestionView::presenting(ctx.content.question(id)?)?;
                Some(Quiz { index, view })
            });
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

    fn draw_header(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let elapsed = (ctx.now() - self.started).num_seconds().max(0);
        let clock = format!("{:02}:{:02}", elapsed / 60, elapsed % 60);
        let right = format!("{}/{}  {clock} ", self.current + 1, self.slides.len());
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

/// A Dockerfile with line numbers; the lines of `current` carry a marker and the highlight,
/// so the step shows without colour too.
fn stepped_lines(text: &str, current: Option<&Instruction>, theme: Theme) -> Vec<Line<'static>> {
    text::numbered(text, theme, true, |number| {
        if current.is_some_and(|s| s.start <= number && number <= s.end) {
            text::Mark {
                sign: Some(("▶", theme.key())),
                line: Some(theme.selected()),
            }
        } else {
            text::Mark::default()
        }
    })
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

/// The question's heading line and the question below it.
fn quiz_areas(column: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(column)
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

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        let theme = ctx.theme;
        let (_, column, _) = self.areas(area);
        if let Some(quiz) = &mut self.quiz {
            // The question keeps its own scroll.
            let [_, rest] = quiz_areas(column);
            quiz.view.layout(rest, theme);
        } else {
            let key = LaidKey::Slide {
                current: self.current,
                step: self.step,
                width: column.width,
                color: theme.color,
            };
            let laid = self.laid_for(key, |screen| screen.slide_lines(column.width, theme));
            self.scroll
                .fit(laid.lines.len(), usize::from(column.height));
            if let (true, Some((top, bottom))) = (self.follow_step, laid.focus) {
                self.scroll.reveal(top, bottom);
            }
            self.follow_step = false;
        }
        HitMap::new(())
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let (header, column, notes) = self.areas(area);
        self.draw_header(frame, header, ctx);
        if let Some(quiz) = &self.quiz {
            let [heading, rest] = quiz_areas(column);
            let kind = quiz.view.question().kind.label();
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!(
                        "Question {} of {} · {kind}",
                        quiz.index + 1,
                        self.question_ids.len()
                    ),
                    theme.title(),
                )),
                heading,
            );
            quiz.view.draw(frame, rest, theme);
        } else if let Some((_, laid)) = &self.laid {
            frame.render_widget(
                Paragraph::new(laid.lines.clone()).scroll((self.scroll.offset_u16(), 0)),
                column,
            );
        }
        if notes.height > 0 {
            self.draw_notes(frame, notes, ctx);
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }
}

impl Commands for PresentScreen {
    type Command = Command;
    type Hits = ();

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::NextSlide => self.go_to(self.current + 1),
            Command::PrevSlide => self.go_to(self.current.saturating_sub(1)),
            Command::FirstSlide => self.go_to(0),
            Command::LastSlide => self.go_to(usize::MAX),
            Command::Step(forward) => self.step_by(forward),
            Command::Notes => self.show_notes = !self.show_notes,
            Command::NextQuestion => {
                self.next_question(ctx);
                if self.quiz.is_none() {
                    return Action::info("That was the last question: back to the slides.");
                }
            }
            Command::Reveal => {
                if let Some(quiz) = &mut self.quiz {
                    quiz.view.reveal();
                }
            }
            Command::CloseQuiz => self.quiz = None,
            Command::Scroll(nav) => match &mut self.quiz {
                Some(quiz) => {
                    quiz.view.update(super::question::Command::Scroll(nav));
                }
                None => self.scroll.apply(nav),
            },
            Command::Wheel(down) => match &mut self.quiz {
                Some(quiz) => {
                    quiz.view.update(super::question::Command::Wheel(down));
                }
                None => self.scroll.wheel(down),
            },
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

impl PresentScreen {
    /// The header line, the slide column and the notes (empty when hidden) in `area`.
    fn areas(&self, area: Rect) -> (Rect, Rect, Rect) {
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
        (header, column(body), notes)
    }

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
