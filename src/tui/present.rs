//! Presenter mode: a lesson as a talk, in two views of the same position.
//!
//! - The **audience view** (`stagecraft present ID`) is what the room sees: one slide at a
//!   time, centred in the whole terminal, its heading in large pixel letters when the room's
//!   screen has the space, a slide counter and the time since the talk began. Nothing
//!   personal (no profile, no due counts) and never the speaker notes.
//! - The **presenter view** (`--notes`) is the teacher's: the current slide, the next one,
//!   the speaker notes and the timer; in a quiz, the answer and the show of hands.
//!
//! Either view can drive: each writes where it is to a file in the data directory and
//! follows what the other writes ([`crate::class::follow`]). A slide's Dockerfile is walked
//! through build step by build step ([`super::build_walk`]); the lesson's questions are asked
//! one by one, forward and back, with or without their choices, the answer revealed on a key,
//! and a show of hands typed in per choice is saved to a session file
//! ([`crate::class::tally`]). Nothing is written to anyone's progress.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

use super::build_walk::{BuildWalk, WalkStep};
use super::keymap::{Binding, Bound, Key, KeyHelp, Nav};
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::text;
use super::theme::Theme;
use super::widgets;
use crate::class::follow::{Channel, Position, QuizPosition};
use crate::class::tally::{self, ChoiceCount, QuestionTally};
use crate::content::{ContentSet, Lesson, Question, QuestionKind};
use crate::markdown::slides::{self, SlideBlock};
use crate::sanitize::inert_line;

/// Which view of the talk a screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// What the room sees.
    Audience,
    /// The teacher's screen: current and next slide, notes, timer.
    Presenter,
}

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
    /// Step forward (`true`) or back through the build of the slide's Dockerfile.
    Step(bool),
    /// The lesson's questions, from the first.
    OpenQuiz,
    /// The next (`true`) or previous question.
    Question(bool),
    /// Reveal the answer of the question shown.
    Reveal,
    /// Show or hide the question's choices.
    Choices,
    /// Back from the questions to the slides.
    CloseQuiz,
    /// Start typing the show of hands.
    Tally,
    /// A digit of the count being typed.
    TallyDigit(u8),
    /// Erase the last digit.
    TallyErase,
    /// To the next (`true`) or previous choice's count.
    TallyMove(bool),
    /// Save the counts.
    TallySave,
    /// Stop typing without saving.
    TallyCancel,
    /// Scroll a long slide or question.
    Scroll(Nav),
    /// One notch of the wheel.
    Wheel(bool),
}

fn on_slides(p: &PresentScreen) -> bool {
    p.pos.quiz.is_none()
}

fn has_next_slide(p: &PresentScreen) -> bool {
    on_slides(p) && p.pos.slide + 1 < p.slides.len()
}

fn has_prev_slide(p: &PresentScreen) -> bool {
    on_slides(p) && p.pos.slide > 0
}

fn has_steps(p: &PresentScreen) -> bool {
    on_slides(p) && p.step_count() > 0
}

fn stepping(p: &PresentScreen) -> bool {
    on_slides(p) && p.pos.step.is_some()
}

fn has_questions(p: &PresentScreen) -> bool {
    on_slides(p) && !p.questions.is_empty()
}

fn asking(p: &PresentScreen) -> bool {
    p.pos.quiz.is_some() && p.entry.is_none()
}

fn has_next_question(p: &PresentScreen) -> bool {
    asking(p)
        && p.pos
            .quiz
            .as_ref()
            .is_some_and(|q| q.index + 1 < p.questions.len())
}

fn has_prev_question(p: &PresentScreen) -> bool {
    asking(p) && p.pos.quiz.as_ref().is_some_and(|q| q.index > 0)
}

fn can_reveal(p: &PresentScreen) -> bool {
    asking(p) && p.pos.quiz.as_ref().is_some_and(|q| !q.revealed)
}

fn has_choices(p: &PresentScreen) -> bool {
    asking(p) && p.question().is_some_and(|q| !choices_of(q).is_empty())
}

fn typing_tally(p: &PresentScreen) -> bool {
    p.entry.is_some()
}

fn can_scroll(p: &PresentScreen) -> bool {
    p.entry.is_none() && p.scroll.overflows()
}

const TABLE: &[Binding<PresentScreen, Command>] = &[
    Binding {
        keys: &[Key::Digits(0, 9)],
        shown: "0-9",
        hint: "hands",
        help: "type the number of hands raised for this choice",
        command: Bound::Digit(Command::TallyDigit),
        when: typing_tally,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab), Key::Code(KeyCode::Down)],
        shown: "Tab ↓",
        hint: "next choice",
        help: "the next choice's count",
        command: Bound::To(Command::TallyMove(true)),
        when: typing_tally,
    },
    Binding {
        keys: &[Key::Code(KeyCode::BackTab), Key::Code(KeyCode::Up)],
        shown: "S-Tab ↑",
        hint: "",
        help: "the previous choice's count",
        command: Bound::To(Command::TallyMove(false)),
        when: typing_tally,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Backspace)],
        shown: "Backspace",
        hint: "",
        help: "erase the last digit",
        command: Bound::To(Command::TallyErase),
        when: typing_tally,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "save",
        help: "save the show of hands to the session file",
        command: Bound::To(Command::TallySave),
        when: typing_tally,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "cancel",
        help: "stop typing, keep the counts saved before",
        command: Bound::To(Command::TallyCancel),
        when: typing_tally,
    },
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
        hint: "build step",
        help: "walk through the build of the slide's Dockerfile, stage by stage",
        command: Bound::To(Command::Step(true)),
        when: has_steps,
    },
    Binding {
        keys: &[Key::Char('S')],
        shown: "S",
        hint: "step back",
        help: "one build step back",
        command: Bound::To(Command::Step(false)),
        when: stepping,
    },
    Binding {
        keys: &[Key::Char('a')],
        shown: "a",
        hint: "questions",
        help: "the lesson's quiz questions, one by one",
        command: Bound::To(Command::OpenQuiz),
        when: has_questions,
    },
    Binding {
        keys: &[
            Key::Char('l'),
            Key::Code(KeyCode::Right),
            Key::Char(' '),
            Key::Code(KeyCode::PageDown),
        ],
        shown: "→/l Space",
        hint: "next",
        help: "the next question",
        command: Bound::To(Command::Question(true)),
        when: has_next_question,
    },
    Binding {
        keys: &[
            Key::Char('h'),
            Key::Code(KeyCode::Left),
            Key::Code(KeyCode::PageUp),
        ],
        shown: "←/h",
        hint: "previous",
        help: "the previous question",
        command: Bound::To(Command::Question(false)),
        when: has_prev_question,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "reveal",
        help: "reveal the answer to the room",
        command: Bound::To(Command::Reveal),
        when: can_reveal,
    },
    Binding {
        keys: &[Key::Char('c')],
        shown: "c",
        hint: "choices",
        help: "hide the choices for an open discussion, or show them",
        command: Bound::To(Command::Choices),
        when: has_choices,
    },
    Binding {
        keys: &[Key::Char('t')],
        shown: "t",
        hint: "tally",
        help: "type the show of hands for each choice (saved to a session file, not to progress)",
        command: Bound::To(Command::Tally),
        when: has_choices,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Char('q')],
        shown: "Esc q",
        hint: "slides",
        help: "back to the slides",
        command: Bound::To(Command::CloseQuiz),
        when: asking,
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

/// A block of a slide, ready to draw.
#[derive(Debug, Clone)]
enum Block {
    Prose(String),
    Code(String),
    Dockerfile { text: String, walk: BuildWalk },
}

/// A slide, parsed once.
#[derive(Debug, Clone)]
struct Slide {
    title: Option<String>,
    blocks: Vec<Block>,
    notes: Vec<String>,
}

impl Slide {
    /// Every build step of the slide: (block index, step index), in order.
    fn steps(&self) -> Vec<(usize, usize)> {
        self.blocks
            .iter()
            .enumerate()
            .flat_map(|(b, block)| match block {
                Block::Dockerfile { walk, .. } => (0..walk.steps.len()).map(|i| (b, i)).collect(),
                _ => Vec::new(),
            })
            .collect()
    }
}

/// The counts being typed.
#[derive(Debug, Clone)]
struct TallyEntry {
    counts: Vec<String>,
    at: usize,
}

/// What a laid-out slide depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LaidKey {
    slide: usize,
    step: Option<usize>,
    width: u16,
    color: bool,
    with_title: bool,
}

/// Lines to draw, and the range of lines to keep in view (the current step).
#[derive(Clone)]
struct Laid {
    lines: Vec<Line<'static>>,
    focus: Option<(usize, usize)>,
}

/// How many laid-out slides are kept (the presenter view shows two at once).
const LAID_KEPT: usize = 4;

/// The presenter screen, in either view.
pub struct PresentScreen {
    lesson_id: String,
    title: String,
    view: View,
    slides: Vec<Slide>,
    questions: Vec<Question>,
    pos: Position,
    /// The slide's or question's scroll.
    scroll: Scroll,
    started: DateTime<Utc>,
    follow_step: bool,
    entry: Option<TallyEntry>,
    channel: Option<Channel>,
    data_dir: Option<PathBuf>,
    /// Pages laid out recently, reused while nothing they depend on changes.
    laid: Vec<(LaidKey, Laid)>,
    /// What the last layout decided, for `draw`.
    page: Page,
}

impl PresentScreen {
    /// The audience view of the lesson with this id, following no other view.
    pub fn open(ctx: &Context, id: &str) -> Result<Self, UnknownLesson> {
        match ctx.content.lesson(id) {
            Some(lesson) => Ok(Self::new(lesson, ctx)),
            None => Err(UnknownLesson {
                id: id.to_owned(),
                known: ctx.content.lessons.iter().map(|l| l.id.clone()).collect(),
            }),
        }
    }

    /// Presents `lesson` in the audience view; the clock starts now.
    pub fn new(lesson: &Lesson, ctx: &Context) -> Self {
        let body = slides::expand_references(&lesson.body);
        Self {
            lesson_id: lesson.id.clone(),
            title: lesson.title.clone(),
            view: View::Audience,
            slides: slides::split(&body)
                .into_iter()
                .map(prepare_slide)
                .collect(),
            questions: quiz_questions(&ctx.content, &lesson.id),
            pos: Position::default(),
            scroll: Scroll::new(),
            started: ctx.now(),
            follow_step: false,
            entry: None,
            channel: None,
            data_dir: None,
            laid: Vec::new(),
            page: Page::default(),
        }
    }

    /// The same talk in `view`.
    pub fn with_view(mut self, view: View) -> Self {
        self.view = view;
        self
    }

    /// Follows the other view of this talk through the channel in `data_dir`, joining a talk
    /// in progress (its slide and clock), and saves shows of hands there.
    pub fn following(mut self, data_dir: &Path, ctx: &Context) -> std::io::Result<Self> {
        let name = match self.view {
            View::Audience => "audience",
            View::Presenter => "presenter",
        };
        let mut channel = Channel::open(data_dir, &self.lesson_id, name)?;
        match channel.join(ctx.now()) {
            Some(talk) => {
                self.started = talk.started;
                self.apply(talk.position);
            }
            None => channel.publish(self.started, ctx.now(), &self.pos)?,
        }
        self.channel = Some(channel);
        self.data_dir = Some(data_dir.to_path_buf());
        Ok(self)
    }

    /// The number of slides.
    pub fn slide_count(&self) -> usize {
        self.slides.len()
    }

    /// The slide shown, 0-based.
    pub fn current_slide(&self) -> usize {
        self.pos.slide
    }

    /// Where the talk is.
    pub fn position(&self) -> &Position {
        &self.pos
    }

    fn question(&self) -> Option<&Question> {
        self.questions.get(self.pos.quiz.as_ref()?.index)
    }

    fn step_count(&self) -> usize {
        self.slides
            .get(self.pos.slide)
            .map_or(0, |s| s.steps().len())
    }

    /// Takes a position written by the other view, clamped to this lesson.
    fn apply(&mut self, position: Position) {
        let slide = position.slide.min(self.slides.len().saturating_sub(1));
        if slide != self.pos.slide
            || position.quiz.as_ref().map(|q| q.index) != self.pos.quiz.as_ref().map(|q| q.index)
        {
            self.scroll = Scroll::new();
        }
        let steps = self.slides.get(slide).map_or(0, |s| s.steps().len());
        self.pos = Position {
            slide,
            step: position.step.filter(|&s| s < steps),
            quiz: position.quiz.filter(|q| q.index < self.questions.len()),
        };
        self.follow_step = self.pos.step.is_some();
        if self.pos.quiz.is_none() {
            self.entry = None;
        }
    }

    fn go_to(&mut self, slide: usize) {
        let slide = slide.min(self.slides.len().saturating_sub(1));
        if slide != self.pos.slide {
            self.pos.slide = slide;
            self.pos.step = None;
            self.scroll = Scroll::new();
        }
        self.pos.quiz = None;
    }

    fn step_by(&mut self, forward: bool) {
        let count = self.step_count();
        if count == 0 {
            return;
        }
        self.pos.step = match (self.pos.step, forward) {
            (None, true) => Some(0),
            (Some(i), true) => Some((i + 1).min(count - 1)),
            (Some(0) | None, false) => None,
            (Some(i), false) => Some(i - 1),
        };
        self.follow_step = true;
    }

    fn ask(&mut self, index: usize) {
        let choices = self
            .pos
            .quiz
            .as_ref()
            .is_none_or(|q| q.choices || !self.has_choice_list(q.index));
        self.pos.quiz = Some(QuizPosition {
            index,
            // A discussion (choices hidden) carries on to the next question.
            choices,
            revealed: false,
            tally: Vec::new(),
        });
        self.scroll = Scroll::new();
    }

    fn has_choice_list(&self, index: usize) -> bool {
        self.questions
            .get(index)
            .is_some_and(|q| !choices_of(q).is_empty())
    }

    fn save_tally(&mut self, ctx: &Context) -> Action {
        let (Some(entry), Some(question)) = (self.entry.take(), self.question()) else {
            return Action::None;
        };
        let counts: Vec<u32> = entry
            .counts
            .iter()
            .map(|c| c.parse().unwrap_or(0))
            .collect();
        let record = QuestionTally {
            id: question.id.clone(),
            counted: ctx.now(),
            choices: choices_of(question)
                .into_iter()
                .zip(&counts)
                .map(|((choice, correct), &hands)| ChoiceCount {
                    choice,
                    correct,
                    hands,
                })
                .collect(),
        };
        if let Some(quiz) = &mut self.pos.quiz {
            quiz.tally = counts;
        }
        let Some(data_dir) = &self.data_dir else {
            return Action::info("Tally shown (no data directory: not saved).");
        };
        let path = tally::session_path(data_dir, &self.lesson_id, self.started);
        match tally::record(&path, &self.lesson_id, self.started, record) {
            Ok(_) => Action::info(format!("Tally saved to {}", path.display())),
            Err(e) => Action::error(format!("The tally was not saved: {e}")),
        }
    }

    /// Tells the other view where this one is now.
    fn publish(&mut self, ctx: &Context) -> Option<Action> {
        let channel = self.channel.as_mut()?;
        channel
            .publish(self.started, ctx.now(), &self.pos)
            .err()
            .map(|e| {
                Action::error(format!(
                    "The other view cannot follow: {} could not be written: {e}",
                    channel.path().display()
                ))
            })
    }

    /// The slide's lines for `width` columns, the current build step lit and explained.
    fn slide_lines(
        &self,
        index: usize,
        step: Option<usize>,
        width: u16,
        theme: Theme,
        with_title: bool,
    ) -> Laid {
        let Some(slide) = self.slides.get(index) else {
            return Laid {
                lines: Vec::new(),
                focus: None,
            };
        };
        let current = step.and_then(|i| slide.steps().get(i).copied());
        let mut lines = Vec::new();
        if with_title && let Some(title) = &slide.title {
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
                Block::Dockerfile { text, walk } => {
                    let here = current.filter(|(cb, _)| *cb == b).map(|(_, i)| i);
                    let first = lines.len();
                    lines.extend(walked_lines(text, walk, here, theme));
                    if let Some(i) = here {
                        let top = walk
                            .lines_of(i)
                            .first()
                            .map_or(first, |l| first + l.saturating_sub(1));
                        lines.push(Line::raw(""));
                        lines.extend(step_lines(walk, i, width, theme));
                        focus = Some((top, lines.len().saturating_sub(1)));
                    }
                }
            }
            lines.push(Line::raw(""));
        }
        while lines.last().is_some_and(|l| l.width() == 0) {
            lines.pop();
        }
        if slide.title.is_none() && slide.blocks.is_empty() {
            lines.push(Line::styled("(an empty slide)", theme.dim()));
        }
        Laid { lines, focus }
    }

    /// The page for `key`: one laid out at a recent draw if the key is the same.
    fn laid_for(&mut self, key: LaidKey, theme: Theme) -> Laid {
        if let Some((_, laid)) = self.laid.iter().find(|(k, _)| *k == key) {
            return laid.clone();
        }
        let laid = self.slide_lines(key.slide, key.step, key.width, theme, key.with_title);
        if self.laid.len() >= LAID_KEPT {
            self.laid.remove(0);
        }
        self.laid.push((key, laid.clone()));
        laid
    }

    fn clock(&self, ctx: &Context) -> String {
        let elapsed = (ctx.now() - self.started).num_seconds().max(0);
        if elapsed >= 3600 {
            format!(
                "{}:{:02}:{:02}",
                elapsed / 3600,
                elapsed / 60 % 60,
                elapsed % 60
            )
        } else {
            format!("{:02}:{:02}", elapsed / 60, elapsed % 60)
        }
    }

    /// Where the talk is, for a status line: `3/12` or `question 2/5`.
    fn counter(&self) -> String {
        match &self.pos.quiz {
            Some(q) => format!("question {}/{}", q.index + 1, self.questions.len()),
            None => format!("{}/{}", self.pos.slide + 1, self.slides.len()),
        }
    }

    fn question_page(&self, width: u16, theme: Theme) -> Vec<Line<'static>> {
        match (self.question(), &self.pos.quiz) {
            (Some(question), Some(quiz)) => question_lines(
                question,
                quiz,
                self.questions.len(),
                QuestionFor {
                    presenter: self.view == View::Presenter,
                    entry: self.entry.as_ref(),
                },
                width,
                theme,
            ),
            _ => Vec::new(),
        }
    }

    // ---- the audience view ----

    /// Lays out the room's screen: the big heading (when it fits) and the slide's lines (or
    /// the question's) as one block, centred both ways when it fits, else from the top with
    /// the lines scrolling.
    fn layout_audience(&mut self, area: Rect, ctx: &Context) -> Page {
        let theme = ctx.theme;
        let (body, _) = audience_areas(area);
        let inner = room_area(body);
        let (heading, lines, focus) = if self.pos.quiz.is_some() {
            (None, self.question_page(inner.width, theme), None)
        } else {
            let big = self
                .slides
                .get(self.pos.slide)
                .and_then(|s| s.title.as_deref())
                .and_then(|t| big_title(&inert_line(t), inner.width, inner.height / 3));
            let key = LaidKey {
                slide: self.pos.slide,
                step: self.pos.step,
                width: inner.width,
                color: theme.color,
                with_title: big.is_none(),
            };
            let laid = self.laid_for(key, theme);
            (big, laid.lines, laid.focus)
        };
        let heading_height = heading.as_ref().map_or(0, |b| b.height + 1);
        let count = lines.len();
        let block_height = heading_height + u16::try_from(count).unwrap_or(u16::MAX);
        let widest = lines.iter().map(Line::width).max().unwrap_or(0);
        let widest = u16::try_from(widest).unwrap_or(u16::MAX).min(inner.width);
        let block_width = heading
            .as_ref()
            .map_or(widest, |b| b.width.max(widest))
            .min(inner.width);
        let x = inner.x + (inner.width - block_width) / 2;
        let top = if block_height <= inner.height {
            inner.y + (inner.height - block_height) / 2
        } else {
            inner.y
        };
        let text_top = (top + heading_height).min(inner.bottom().saturating_sub(1));
        let text_area = Rect::new(
            x,
            text_top,
            block_width.max(1),
            inner.bottom().saturating_sub(text_top).max(1),
        );
        self.fit_scroll(count, text_area.height, focus);
        Page {
            heading: heading.map(|b| {
                let rect = Rect::new(inner.x, top, inner.width, b.height);
                (b, rect)
            }),
            main: lines,
            main_area: text_area,
            next: Vec::new(),
        }
    }

    fn draw_audience(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context, page: &Page) {
        let theme = ctx.theme;
        let (_, status) = audience_areas(area);
        let left = format!(" {}", inert_line(&self.title));
        let right = format!("{}  {} ", self.counter(), self.clock(ctx));
        frame.render_widget(
            Paragraph::new(status_line(&left, &right, status.width, theme)),
            status,
        );
        if let Some((big, rect)) = &page.heading {
            let widget = BigText::builder()
                .pixel_size(big.size)
                .style(theme.title())
                .lines(
                    big.lines
                        .iter()
                        .map(|l| Line::from(l.clone()))
                        .collect::<Vec<_>>(),
                )
                .centered()
                .build();
            frame.render_widget(widget, *rect);
        }
        frame.render_widget(
            Paragraph::new(page.main.clone()).scroll((self.scroll.offset_u16(), 0)),
            page.main_area,
        );
    }

    /// Fits the scroll to `count` lines in `height` rows, bringing a new build step into view.
    fn fit_scroll(&mut self, count: usize, height: u16, focus: Option<(usize, usize)>) {
        self.scroll.fit(count, usize::from(height));
        if let (true, Some((first, last))) = (self.follow_step, focus) {
            self.scroll.reveal(first, last);
        }
        self.follow_step = false;
    }

    // ---- the presenter view ----

    fn layout_presenter(&mut self, area: Rect, ctx: &Context) -> Page {
        let theme = ctx.theme;
        let parts = presenter_areas(area);
        let inner = widgets::panel("", true, theme).inner(parts.main);
        let (lines, focus) = if self.pos.quiz.is_some() {
            (self.question_page(inner.width, theme), None)
        } else {
            let key = LaidKey {
                slide: self.pos.slide,
                step: self.pos.step,
                width: inner.width,
                color: theme.color,
                with_title: true,
            };
            let laid = self.laid_for(key, theme);
            (laid.lines, laid.focus)
        };
        self.fit_scroll(lines.len(), inner.height, focus);
        let next_inner = widgets::panel("", false, theme).inner(parts.next);
        let next = if self.pos.slide + 1 < self.slides.len() {
            let key = LaidKey {
                slide: self.pos.slide + 1,
                step: None,
                width: next_inner.width,
                color: theme.color,
                with_title: true,
            };
            self.laid_for(key, theme).lines
        } else {
            vec![Line::styled("The last slide: questions next?", theme.dim())]
        };
        Page {
            heading: None,
            main: lines,
            main_area: inner,
            next,
        }
    }

    fn draw_presenter(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context, page: &Page) {
        let theme = ctx.theme;
        let parts = presenter_areas(area);
        let next_title =
            self.slides
                .get(self.pos.slide + 1)
                .map_or("(end of the talk)".to_owned(), |s| {
                    s.title
                        .as_deref()
                        .map_or("(untitled slide)".to_owned(), inert_line)
                });
        let left = format!(" {} · next: {next_title}", inert_line(&self.title));
        let right = format!("{}  ⏱ {} ", self.counter(), self.clock(ctx));
        frame.render_widget(
            Paragraph::new(status_line(&left, &right, parts.header.width, theme))
                .style(theme.bar()),
            parts.header,
        );
        let main_title = match &self.pos.quiz {
            Some(_) => "Question (the room sees it)".to_owned(),
            None => format!("Now: slide {}", self.pos.slide + 1),
        };
        frame.render_widget(widgets::panel(&main_title, true, theme), parts.main);
        frame.render_widget(
            Paragraph::new(page.main.clone()).scroll((self.scroll.offset_u16(), 0)),
            page.main_area,
        );
        frame.render_widget(
            Paragraph::new(page.next.clone()).block(widgets::panel("Next", false, theme)),
            parts.next,
        );
        self.draw_notes(frame, parts.notes, theme);
    }

    fn draw_notes(&self, frame: &mut Frame<'_>, area: Rect, theme: Theme) {
        let notes = self
            .slides
            .get(self.pos.slide)
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
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(widgets::panel("Speaker notes", false, theme)),
            area,
        );
    }
}

/// What the last layout decided, for `draw`: the big heading and where it goes, the main
/// lines (slide or question) and their area, and the next slide's lines (presenter view).
#[derive(Default)]
struct Page {
    heading: Option<(BigTitle, Rect)>,
    main: Vec<Line<'static>>,
    main_area: Rect,
    next: Vec<Line<'static>>,
}

/// The audience view's parts: the slide, and the status line at the bottom.
fn audience_areas(area: Rect) -> (Rect, Rect) {
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    (body, status)
}

/// The presenter view's parts.
struct PresenterAreas {
    header: Rect,
    main: Rect,
    next: Rect,
    notes: Rect,
}

/// The header, then the current slide beside (or, when narrow, above) the next slide and the
/// notes.
fn presenter_areas(area: Rect) -> PresenterAreas {
    let [header, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let wide = body.width >= 70;
    let [main, side] = if wide {
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body)
    };
    let [next, notes] = if wide {
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(side)
    } else {
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(side)
    };
    PresenterAreas {
        header,
        main,
        next,
        notes,
    }
}

/// The lesson's questions a class can answer aloud: every kind but labs.
fn quiz_questions(content: &ContentSet, lesson_id: &str) -> Vec<Question> {
    content
        .questions_for_lesson(lesson_id)
        .filter(|q| !matches!(q.kind, QuestionKind::Lab(_)))
        .cloned()
        .collect()
}

/// A slide's blocks, its Dockerfiles' build walks made once.
fn prepare_slide(slide: slides::Slide) -> Slide {
    let blocks = slide
        .blocks
        .into_iter()
        .map(|block| match block {
            SlideBlock::Prose(text) => Block::Prose(text),
            SlideBlock::Code {
                lang, text, target, ..
            } if lang == "dockerfile" => {
                let walk = BuildWalk::new(&text, target.as_deref());
                Block::Dockerfile { text, walk }
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

/// A Dockerfile with line numbers; during its walk, the lines of the step carry `▶` and the
/// highlight, and the lines of skipped stages `–` and a dim style, so both show without
/// colour too.
fn walked_lines(
    text: &str,
    walk: &BuildWalk,
    step: Option<usize>,
    theme: Theme,
) -> Vec<Line<'static>> {
    let lit = step.map(|i| walk.lines_of(i)).unwrap_or_default();
    text::numbered(text, theme, true, |number| {
        if lit.contains(&number) {
            text::Mark {
                sign: Some(("▶", theme.key())),
                line: Some(theme.selected()),
            }
        } else if step.is_some() && walk.is_skipped(number) {
            text::Mark {
                sign: Some(("–", theme.dim())),
                line: Some(theme.dim()),
            }
        } else {
            text::Mark::default()
        }
    })
}

/// What build step `i` of `walk` does, in words.
fn step_lines(walk: &BuildWalk, i: usize, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let total = walk.steps.len();
    let mut md = String::new();
    match &walk.steps[i] {
        WalkStep::Stage {
            label,
            base,
            brings,
            ..
        } => {
            md.push_str(&format!(
                "**Build step {} of {total}: stage `{label}`** {base}.\n",
                i + 1
            ));
            for b in brings {
                md.push_str(&format!("\n- {b}"));
            }
            md.push('\n');
        }
        WalkStep::Image { label, layers, .. } => {
            md.push_str(&format!(
                "**Build step {total} of {total}: the image** is stage `{label}`; its layers, bottom first:\n"
            ));
            for (n, layer) in layers.iter().enumerate() {
                md.push_str(&format!("\n{}. {layer}", n + 1));
            }
            md.push('\n');
        }
    }
    if !walk.skipped.is_empty() {
        let names: Vec<String> = walk
            .skipped
            .iter()
            .map(|s| format!("`{}`", s.label))
            .collect();
        let why = match &walk.target {
            Some(target) => format!("the target `{target}` does not need them"),
            None => "the final stage does not need them".to_owned(),
        };
        md.push_str(&format!("\nSkipped: {} ({why}).\n", names.join(", ")));
    }
    text::markdown_lines(&md, width, theme)
}

/// The choices a show of hands counts: (text, right), in the authored order.
fn choices_of(question: &Question) -> Vec<(String, bool)> {
    match &question.kind {
        QuestionKind::Single { choices, answer } => choices
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i == *answer))
            .collect(),
        QuestionKind::Multiple { choices, answers } => choices
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), answers.contains(&i)))
            .collect(),
        QuestionKind::TrueFalse { correct } => {
            vec![
                ("True".to_owned(), *correct),
                ("False".to_owned(), !*correct),
            ]
        }
        _ => Vec::new(),
    }
}

/// Who a question page is for.
struct QuestionFor<'a> {
    /// The teacher sees the answer before the room does.
    presenter: bool,
    /// The counts being typed, if any.
    entry: Option<&'a TallyEntry>,
}

/// A quiz question as a page: its prompt and Dockerfile, the choices (unless hidden for a
/// discussion) with the show of hands, and once revealed the answer and its explanation.
fn question_lines(
    question: &Question,
    quiz: &QuizPosition,
    count: usize,
    who: QuestionFor<'_>,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            format!(
                "Question {} of {count} · {}",
                quiz.index + 1,
                question.kind.label()
            ),
            theme.title(),
        ),
        Line::raw(""),
    ];
    lines.extend(text::markdown_lines(&question.prompt, width, theme));
    let show_answer = quiz.revealed || who.presenter;
    if let Some(dockerfile) = &question.dockerfile {
        lines.push(Line::raw(""));
        let bug = match question.kind {
            QuestionKind::SpotBug { line } if show_answer => Some(line),
            _ => None,
        };
        lines.extend(text::numbered(dockerfile, theme, true, |n| {
            if bug == Some(n) {
                text::Mark {
                    sign: Some(("✗", theme.error())),
                    line: Some(theme.selected()),
                }
            } else {
                text::Mark::default()
            }
        }));
    }
    let choices = choices_of(question);
    let shown = quiz.choices || who.entry.is_some();
    if !choices.is_empty() && shown {
        lines.push(Line::raw(""));
        let most = quiz.tally.iter().copied().max().unwrap_or(0).max(1);
        let widest = choices
            .iter()
            .map(|(c, _)| inert_line(c).width())
            .max()
            .unwrap_or(0);
        for (i, (choice, right)) in choices.iter().enumerate() {
            let letter = char::from(b'A' + u8::try_from(i % 26).unwrap_or(0));
            let mark = if show_answer && *right { "✓" } else { " " };
            let style = if show_answer && *right {
                theme.success()
            } else {
                Style::default()
            };
            let choice = inert_line(choice);
            let pad = " ".repeat(widest.saturating_sub(choice.width()));
            let mut spans = vec![
                Span::styled(format!("{mark} {letter}  "), style),
                Span::styled(choice, style),
                Span::raw(pad),
            ];
            if let Some(entry) = who.entry {
                let typed = entry.counts.get(i).cloned().unwrap_or_default();
                let field = format!(" [{typed:>4}] ");
                let field_style = if entry.at == i {
                    theme.selected()
                } else {
                    theme.dim()
                };
                spans.push(Span::raw("  hands:"));
                spans.push(Span::styled(field, field_style));
            } else if let Some(&hands) = quiz.tally.get(i) {
                let bar = usize::try_from(hands.saturating_mul(20) / most).unwrap_or(0);
                spans.push(Span::raw("  "));
                spans.push(Span::styled("█".repeat(bar), theme.key()));
                spans.push(Span::raw(format!(" {hands}")));
            }
            lines.push(Line::from(spans));
        }
    } else if !choices.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Discuss first: the choices are hidden.",
            theme.dim(),
        ));
    }
    if show_answer {
        let answer = answer_text(question);
        if !answer.is_empty() || !question.explanation.is_empty() {
            lines.push(Line::raw(""));
            if !quiz.revealed {
                lines.extend(text::markdown_lines(
                    "*The answer (the room does not see it yet: Enter reveals it):*",
                    width,
                    theme,
                ));
            }
            if !answer.is_empty() {
                lines.extend(text::markdown_lines(&answer, width, theme));
            }
            if !question.explanation.is_empty() {
                lines.extend(text::markdown_lines(&question.explanation, width, theme));
            }
        }
    }
    lines
}

/// The right answer in words, for the kinds whose answer is not a marked choice.
fn answer_text(question: &Question) -> String {
    match &question.kind {
        QuestionKind::Short { accepted } => format!(
            "**Answer:** {}",
            accepted
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        QuestionKind::Order { items } => {
            let mut md = "**The right order:**\n".to_owned();
            for (i, item) in items.iter().enumerate() {
                md.push_str(&format!("\n{}. {item}", i + 1));
            }
            md
        }
        QuestionKind::SpotBug { line } => format!("**The wrong line:** {line}"),
        QuestionKind::FillBlank { blanks } => blanks
            .iter()
            .enumerate()
            .map(|(i, accepted)| {
                format!(
                    "**Blank {}:** {}",
                    i + 1,
                    accepted
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n"),
        QuestionKind::Flashcard { model_answer } => model_answer.clone(),
        _ => String::new(),
    }
}

/// A heading in pixel letters: its size, lines and the cells it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BigTitle {
    size: PixelSize,
    lines: Vec<String>,
    width: u16,
    height: u16,
}

/// The largest pixel lettering of `title` that fits `width` columns and `max_height` rows
/// (on one line, or two split between words); `None` when even the smallest does not fit.
fn big_title(title: &str, width: u16, max_height: u16) -> Option<BigTitle> {
    // (size, columns per letter, rows per line of letters)
    const SIZES: [(PixelSize, u16, u16); 3] = [
        (PixelSize::Full, 8, 8),
        (PixelSize::HalfHeight, 8, 4),
        (PixelSize::Quadrant, 4, 4),
    ];
    let title = title.trim();
    if title.is_empty() {
        return None;
    }
    let layouts = [vec![title.to_owned()], split_in_two(title)];
    for (size, letter_width, line_height) in SIZES {
        for lines in layouts.iter().filter(|l| !l.is_empty()) {
            let letters = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            let need_width = u16::try_from(letters)
                .unwrap_or(u16::MAX)
                .saturating_mul(letter_width);
            let need_height = u16::try_from(lines.len())
                .unwrap_or(u16::MAX)
                .saturating_mul(line_height);
            if need_width <= width && need_height <= max_height {
                return Some(BigTitle {
                    size,
                    lines: lines.clone(),
                    width: need_width,
                    height: need_height,
                });
            }
        }
    }
    None
}

/// `title` in two lines split at the space nearest its middle; empty without a space.
fn split_in_two(title: &str) -> Vec<String> {
    let middle = title.chars().count() / 2;
    let best = title
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(byte, _)| byte)
        .min_by_key(|&byte| title[..byte].chars().count().abs_diff(middle));
    match best {
        Some(byte) => vec![
            title[..byte].trim().to_owned(),
            title[byte..].trim().to_owned(),
        ],
        None => Vec::new(),
    }
}

/// The part of the room's screen the slide uses: margins that grow with the screen.
fn room_area(area: Rect) -> Rect {
    let margin_x = (area.width / 16).max(1);
    let margin_y = area.height / 16;
    Rect {
        x: area.x + margin_x,
        y: area.y + margin_y,
        width: area.width.saturating_sub(margin_x * 2).max(1),
        height: area.height.saturating_sub(margin_y * 2).max(1),
    }
}

/// `left` and `right` on one line of `width` columns, `left` cut first.
fn status_line(left: &str, right: &str, width: u16, theme: Theme) -> Line<'static> {
    let width = usize::from(width);
    let right_width = right.width();
    if right_width >= width {
        return Line::styled(widgets::ellipsis(right, width), theme.key());
    }
    let left = widgets::ellipsis(left, width - right_width - 1);
    let gap = width.saturating_sub(left.width() + right_width);
    Line::from(vec![
        Span::styled(left, theme.dim()),
        Span::raw(" ".repeat(gap)),
        Span::styled(right.to_owned(), theme.key()),
    ])
}

impl Screen for PresentScreen {
    fn title(&self) -> String {
        match self.view {
            View::Audience => "Presenter".into(),
            View::Presenter => "Presenter notes".into(),
        }
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        self.page = match self.view {
            View::Audience => self.layout_audience(area, ctx),
            View::Presenter => self.layout_presenter(area, ctx),
        };
        HitMap::new(())
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        match self.view {
            View::Audience => self.draw_audience(frame, area, ctx, &self.page),
            View::Presenter => self.draw_presenter(frame, area, ctx, &self.page),
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }

    fn captures_text(&self) -> bool {
        self.entry.is_some()
    }

    fn tick(&mut self, _ctx: &Context) -> Action {
        if let Some(talk) = self.channel.as_mut().and_then(Channel::poll) {
            self.started = talk.started;
            self.apply(talk.position);
        }
        Action::None
    }
}

impl Commands for PresentScreen {
    type Command = Command;
    type Hits = ();

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        let before = self.pos.clone();
        let action = match command {
            Command::NextSlide => {
                self.go_to(self.pos.slide + 1);
                Action::None
            }
            Command::PrevSlide => {
                self.go_to(self.pos.slide.saturating_sub(1));
                Action::None
            }
            Command::FirstSlide => {
                self.go_to(0);
                Action::None
            }
            Command::LastSlide => {
                self.go_to(usize::MAX);
                Action::None
            }
            Command::Step(forward) => {
                self.step_by(forward);
                Action::None
            }
            Command::OpenQuiz => {
                self.pos.quiz = None;
                self.ask(0);
                Action::None
            }
            Command::Question(forward) => {
                let index = self.pos.quiz.as_ref().map_or(0, |q| q.index);
                let next = if forward {
                    (index + 1).min(self.questions.len().saturating_sub(1))
                } else {
                    index.saturating_sub(1)
                };
                self.ask(next);
                Action::None
            }
            Command::Reveal => {
                if let Some(quiz) = &mut self.pos.quiz {
                    quiz.revealed = true;
                    quiz.choices = true;
                }
                Action::None
            }
            Command::Choices => {
                if let Some(quiz) = &mut self.pos.quiz {
                    quiz.choices = !quiz.choices;
                }
                Action::None
            }
            Command::CloseQuiz => {
                self.pos.quiz = None;
                self.scroll = Scroll::new();
                Action::None
            }
            Command::Tally => {
                let count = self.question().map_or(0, |q| choices_of(q).len());
                let saved = self
                    .pos
                    .quiz
                    .as_ref()
                    .map(|q| q.tally.clone())
                    .unwrap_or_default();
                self.entry = Some(TallyEntry {
                    counts: (0..count)
                        .map(|i| saved.get(i).map(u32::to_string).unwrap_or_default())
                        .collect(),
                    at: 0,
                });
                Action::None
            }
            Command::TallyDigit(d) => {
                if let Some(entry) = &mut self.entry
                    && let Some(count) = entry.counts.get_mut(entry.at)
                    && count.len() < 4
                {
                    if count == "0" {
                        count.clear();
                    }
                    count.push(char::from(b'0' + d));
                }
                Action::None
            }
            Command::TallyErase => {
                if let Some(entry) = &mut self.entry
                    && let Some(count) = entry.counts.get_mut(entry.at)
                {
                    count.pop();
                }
                Action::None
            }
            Command::TallyMove(forward) => {
                if let Some(entry) = &mut self.entry {
                    let last = entry.counts.len().saturating_sub(1);
                    entry.at = if forward {
                        (entry.at + 1).min(last)
                    } else {
                        entry.at.saturating_sub(1)
                    };
                }
                Action::None
            }
            Command::TallySave => self.save_tally(ctx),
            Command::TallyCancel => {
                self.entry = None;
                Action::None
            }
            Command::Scroll(nav) => {
                self.scroll.apply(nav);
                Action::None
            }
            Command::Wheel(down) => {
                self.scroll.wheel(down);
                Action::None
            }
        };
        if self.pos != before
            && let Some(error) = self.publish(ctx)
        {
            return error;
        }
        action
    }

    fn mouse(&self, event: &MouseEvent, _hits: &()) -> Option<Command> {
        match event.kind {
            MouseEventKind::ScrollDown => Some(Command::Wheel(true)),
            MouseEventKind::ScrollUp => Some(Command::Wheel(false)),
            _ => None,
        }
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
        let key = |width| LaidKey {
            slide: 0,
            step: None,
            width,
            color: false,
            with_title: true,
        };
        let first = screen.laid_for(key(80), Theme::new(false));
        for _ in 0..3 {
            assert_eq!(
                screen.laid_for(key(80), Theme::new(false)).lines,
                first.lines
            );
        }
        screen.laid_for(key(100), Theme::new(false));
        screen.laid_for(key(100), Theme::new(false));
        assert_eq!(screen.laid.len(), 2, "once for 80 columns, once for 100");
        for width in 1..10 {
            screen.laid_for(key(width), Theme::new(false));
        }
        assert_eq!(screen.laid.len(), LAID_KEPT);
    }

    #[test]
    fn big_titles_take_the_largest_size_that_fits() {
        let full = big_title("Build", 300, 20).expect("fits");
        assert_eq!(
            (full.size, full.width, full.height),
            (PixelSize::Full, 40, 8)
        );
        let half = big_title("Build", 300, 5).expect("fits");
        assert_eq!(half.size, PixelSize::HalfHeight);
        let two = big_title("Two stages on stage", 70, 8).expect("fits");
        assert_eq!(two.lines, ["Two stages", "on stage"]);
        assert_eq!(two.size, PixelSize::Quadrant);
        assert!(big_title("Two stages on stage", 30, 8).is_none());
        assert!(big_title("  ", 300, 80).is_none());
        assert_eq!(split_in_two("one"), Vec::<String>::new());
    }

    #[test]
    fn the_room_area_keeps_margins_and_never_leaves_the_screen() {
        let room = room_area(Rect::new(0, 0, 200, 60));
        assert_eq!((room.x, room.y, room.width, room.height), (12, 3, 176, 54));
        let tiny = room_area(Rect::new(0, 0, 1, 1));
        assert!(tiny.width >= 1 && tiny.height >= 1);
    }

    #[test]
    fn true_false_questions_have_two_choices_to_count() {
        let q = crate::content::ContentSet::embedded()
            .questions
            .iter()
            .find(|q| matches!(q.kind, QuestionKind::TrueFalse { .. }))
            .cloned()
            .expect("a true/false question");
        let choices = choices_of(&q);
        assert_eq!(choices.len(), 2);
        assert_ne!(choices[0].1, choices[1].1);
    }
}
