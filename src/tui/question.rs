//! Answering one question of any kind with the keys alone (and the mouse where natural), then
//! seeing whether it was right and why. One view for every screen that shows a question: the
//! review, the drill, a lesson's practice and the presenter (which only reveals the answer).
//!
//! The view holds its question and, per kind, exactly the work that kind needs, so a view can
//! never pair a question with the wrong kind of answer. Keys reach it through its binding table
//! like any screen's.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::{Input, InputRequest};

use super::compare;
use super::keymap::{self, Binding, Bound, Key, KeyHelp, Nav};
use super::scroll::Scroll;
use super::text;
use super::theme::Theme;
use crate::content::grade::{self, Response, Verdict};
use crate::content::quiz::BLANK;
use crate::content::shuffle;
use crate::content::{Question, QuestionKind};
use crate::sanitize::inert_line;

/// What happened to the question after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionEvent {
    /// The view used the event.
    Used,
    /// The view did not use the event.
    Ignored,
    /// The learner just answered; the verdict is final.
    Answered(Verdict),
}

/// What the view can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Move the cursor (choices, items, lines).
    Move(Nav),
    /// Answer with a numbered choice (single choice), or tick it (multiple choice).
    Pick(u8),
    /// Tick or untick the choice under the cursor (multiple choice).
    Toggle,
    /// Give the answer as it stands.
    Submit,
    /// Answer true or false.
    Truth(bool),
    /// Move the item under the cursor up (`true`) or down (ordering).
    Lift(bool),
    /// Edit the text being typed.
    Edit(InputRequest),
    /// Go to the next blank.
    NextBlank,
    /// Go to the previous blank.
    PrevBlank,
    /// Show the model answer (flashcard).
    Reveal,
    /// Scroll the question and its feedback.
    Scroll(Nav),
    /// One notch of the wheel.
    Wheel(bool),
    /// Put the cursor on an answer row (a click: it selects, it does not answer).
    Click(usize),
}

/// The learner's work, by kind, with what the kind needs to draw it.
#[derive(Debug)]
enum Work {
    /// `order[position]` is the authored index of the choice shown at `position`; the
    /// cursor is a position.
    Single {
        choices: Vec<String>,
        answer: usize,
        order: Vec<usize>,
        cursor: usize,
    },
    /// As for `Single`; `ticked` is by position.
    Multiple {
        choices: Vec<String>,
        answers: Vec<usize>,
        order: Vec<usize>,
        cursor: usize,
        ticked: Vec<bool>,
    },
    Truth {
        correct: bool,
        cursor: usize,
    },
    Short {
        input: Input,
    },
    /// Items in the learner's current order (indexes into the right order).
    Order {
        items: Vec<String>,
        order: Vec<usize>,
        cursor: usize,
    },
    /// A cursor over the Dockerfile's lines (1-based).
    SpotBug {
        dockerfile: String,
        line: usize,
        cursor: usize,
    },
    Blanks {
        dockerfile: String,
        inputs: Vec<Input>,
        current: usize,
    },
    Flashcard,
}

/// How the question ended.
#[derive(Debug)]
enum Outcome {
    /// The learner answered.
    Answered(Response, Verdict),
    /// The presenter revealed the answer.
    Revealed,
}

/// One question being answered.
pub struct QuestionView {
    question: Question,
    work: Work,
    outcome: Option<Outcome>,
    /// Shown to a class: no cursor, no answering, only revealing.
    presenting: bool,
    /// The learner overrode the verdict ("I was right" / "I was wrong").
    overridden: bool,
    scroll: Scroll,
    /// Bring the cursor into view at the next layout.
    follow: bool,
}

/// Where the layout put the question, for the mouse: its area and the answer index (choice,
/// item or 1-based line) at each row shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionHits {
    area: Rect,
    rows: Vec<Option<usize>>,
}

/// A question laid out for a width: its lines, the answer index at each line, the lines under
/// the cursor, and where the text cursor goes (line, column).
struct Page {
    lines: Vec<Line<'static>>,
    rows: Vec<Option<usize>>,
    focus: Option<(usize, usize)>,
    cursor: Option<(usize, usize)>,
}

fn answering(v: &QuestionView) -> bool {
    v.outcome.is_none() && !v.presenting
}

fn single(v: &QuestionView) -> bool {
    answering(v) && matches!(v.work, Work::Single { .. })
}

fn multiple(v: &QuestionView) -> bool {
    answering(v) && matches!(v.work, Work::Multiple { .. })
}

fn choices(v: &QuestionView) -> bool {
    single(v) || multiple(v)
}

fn truth(v: &QuestionView) -> bool {
    answering(v) && matches!(v.work, Work::Truth { .. })
}

fn typed(v: &QuestionView) -> bool {
    answering(v) && matches!(v.work, Work::Short { .. } | Work::Blanks { .. })
}

fn order(v: &QuestionView) -> bool {
    answering(v) && matches!(v.work, Work::Order { .. })
}

fn blanks(v: &QuestionView) -> bool {
    answering(v) && matches!(&v.work, Work::Blanks { inputs, .. } if inputs.len() > 1)
}

fn card(v: &QuestionView) -> bool {
    answering(v) && matches!(v.work, Work::Flashcard)
}

fn has_cursor(v: &QuestionView) -> bool {
    answering(v)
        && matches!(
            v.work,
            Work::Single { .. }
                | Work::Multiple { .. }
                | Work::Truth { .. }
                | Work::Order { .. }
                | Work::SpotBug { .. }
        )
}

fn submits_with_enter(v: &QuestionView) -> bool {
    answering(v) && !matches!(v.work, Work::Flashcard)
}

fn can_scroll(v: &QuestionView) -> bool {
    v.scroll.overflows()
}

fn done_can_scroll(v: &QuestionView) -> bool {
    !answering(v) && v.scroll.overflows()
}

fn pick(digit: u8) -> Command {
    Command::Pick(digit)
}

const DONE_SCROLL: [Binding<QuestionView, Command>; 6] =
    crate::nav_bindings!(Command::Scroll, done_can_scroll, "scroll");

/// The view's binding table. The screens that show a view put their own table first.
pub const TABLE: &[Binding<QuestionView, Command>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "answer",
        help: "give this answer",
        command: Bound::To(Command::Submit),
        when: submits_with_enter,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter), Key::Char(' ')],
        shown: "Space/Enter",
        hint: "show answer",
        help: "show the model answer, then rate yourself",
        command: Bound::To(Command::Reveal),
        when: card,
    },
    Binding {
        keys: &[Key::Text],
        shown: "type",
        hint: "",
        help: "type your answer (Tab: next blank)",
        command: Bound::Text(Command::Edit),
        when: typed,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab), Key::Code(KeyCode::Down)],
        shown: "Tab ↓",
        hint: "next blank",
        help: "the next blank",
        command: Bound::To(Command::NextBlank),
        when: blanks,
    },
    Binding {
        keys: &[Key::Code(KeyCode::BackTab), Key::Code(KeyCode::Up)],
        shown: "S-Tab ↑",
        hint: "",
        help: "the previous blank",
        command: Bound::To(Command::PrevBlank),
        when: blanks,
    },
    Binding {
        keys: &[Key::Digits(1, 9)],
        shown: "1-9",
        hint: "pick",
        help: "answer with that choice (multiple choice: tick it)",
        command: Bound::Digit(pick),
        when: choices,
    },
    Binding {
        keys: &[Key::Char(' '), Key::Char('x')],
        shown: "Space/x",
        hint: "tick",
        help: "tick or untick the choice under the cursor",
        command: Bound::To(Command::Toggle),
        when: multiple,
    },
    Binding {
        keys: &[Key::Char('t')],
        shown: "t",
        hint: "true",
        help: "answer true",
        command: Bound::To(Command::Truth(true)),
        when: truth,
    },
    Binding {
        keys: &[Key::Char('f')],
        shown: "f",
        hint: "false",
        help: "answer false",
        command: Bound::To(Command::Truth(false)),
        when: truth,
    },
    Binding {
        keys: &[Key::Char('K'), Key::Shift(KeyCode::Up)],
        shown: "K S-↑",
        hint: "item up",
        help: "move the item under the cursor up",
        command: Bound::To(Command::Lift(true)),
        when: order,
    },
    Binding {
        keys: &[Key::Char('J'), Key::Shift(KeyCode::Down)],
        shown: "J S-↓",
        hint: "item down",
        help: "move the item under the cursor down",
        command: Bound::To(Command::Lift(false)),
        when: order,
    },
    Binding {
        keys: &[Key::Char('j'), Key::Code(KeyCode::Down)],
        shown: "j/k ↑/↓",
        hint: "move",
        help: "move the cursor down",
        command: Bound::To(Command::Move(Nav::Down)),
        when: has_cursor,
    },
    Binding {
        keys: &[Key::Char('k'), Key::Code(KeyCode::Up)],
        shown: "k ↑",
        hint: "",
        help: "move the cursor up",
        command: Bound::To(Command::Move(Nav::Up)),
        when: has_cursor,
    },
    Binding {
        keys: &[Key::Char('g'), Key::Code(KeyCode::Home)],
        shown: "g Home",
        hint: "",
        help: "the cursor to the first",
        command: Bound::To(Command::Move(Nav::Top)),
        when: has_cursor,
    },
    Binding {
        keys: &[Key::Char('G'), Key::Code(KeyCode::End)],
        shown: "G End",
        hint: "",
        help: "the cursor to the last",
        command: Bound::To(Command::Move(Nav::Bottom)),
        when: has_cursor,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown)],
        shown: "PgDn",
        hint: "",
        help: "scroll the question down",
        command: Bound::To(Command::Scroll(Nav::PageDown)),
        when: can_scroll,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp)],
        shown: "PgUp",
        hint: "",
        help: "scroll the question up",
        command: Bound::To(Command::Scroll(Nav::PageUp)),
        when: can_scroll,
    },
    DONE_SCROLL[0],
    DONE_SCROLL[1],
    DONE_SCROLL[4],
    DONE_SCROLL[5],
];

impl QuestionView {
    /// A fresh view on `question` for a card answered `answers` times before: choices and
    /// ordering items in the order [`shuffle`] gives for that count, so a redraw or an undo
    /// shows the same order and the next showing a new one. `None` for a lab, which is done in
    /// the lab screen.
    pub fn new(question: &Question, answers: u32) -> Option<Self> {
        let id = question.id.as_str();
        Self::build(
            question,
            |len| shuffle::presentation_order(id, answers, len),
            |len| shuffle::scrambled_items(id, answers, len),
        )
    }

    fn build(
        question: &Question,
        choice_order: impl Fn(usize) -> Vec<usize>,
        item_order: impl Fn(usize) -> Vec<usize>,
    ) -> Option<Self> {
        let dockerfile = || question.dockerfile.clone().unwrap_or_default();
        let work = match &question.kind {
            QuestionKind::Single { choices, answer } => Work::Single {
                choices: choices.clone(),
                answer: *answer,
                order: choice_order(choices.len()),
                cursor: 0,
            },
            QuestionKind::Multiple { choices, answers } => Work::Multiple {
                choices: choices.clone(),
                answers: answers.clone(),
                order: choice_order(choices.len()),
                cursor: 0,
                ticked: vec![false; choices.len()],
            },
            QuestionKind::TrueFalse { correct } => Work::Truth {
                correct: *correct,
                cursor: 0,
            },
            QuestionKind::Short { .. } => Work::Short {
                input: Input::default(),
            },
            QuestionKind::Order { items } => Work::Order {
                items: items.clone(),
                order: item_order(items.len()),
                cursor: 0,
            },
            QuestionKind::SpotBug { line } => Work::SpotBug {
                dockerfile: dockerfile(),
                line: *line,
                cursor: 1,
            },
            QuestionKind::FillBlank { blanks } => Work::Blanks {
                dockerfile: dockerfile(),
                inputs: blanks.iter().map(|_| Input::default()).collect(),
                current: 0,
            },
            QuestionKind::Flashcard { .. } => Work::Flashcard,
            QuestionKind::Lab(_) => return None,
        };
        Some(Self {
            question: question.clone(),
            work,
            outcome: None,
            presenting: false,
            overridden: false,
            scroll: Scroll::new(),
            // The prompt shows first; the view follows the cursor once it moves.
            follow: false,
        })
    }

    /// A view for showing `question` to a class: nothing to answer, the answer revealed on
    /// [`QuestionView::reveal`]. Choices keep the order the presenter wrote them in; ordering
    /// items are scrambled (in authored order they would show the answer).
    pub fn presenting(question: &Question) -> Option<Self> {
        let id = question.id.as_str();
        let mut view = Self::build(
            question,
            |len| (0..len).collect(),
            |len| shuffle::scrambled_items(id, 0, len),
        )?;
        view.presenting = true;
        Some(view)
    }

    /// The question's id.
    pub fn id(&self) -> &str {
        &self.question.id
    }

    /// The scroll of the question and its feedback, as of the last layout.
    pub fn scroll(&self) -> Scroll {
        self.scroll
    }

    /// The question shown.
    pub fn question(&self) -> &Question {
        &self.question
    }

    /// The verdict that counts, once answered: the grader's, or its opposite when the
    /// learner overrode it.
    pub fn verdict(&self) -> Option<Verdict> {
        self.graded_verdict().map(|verdict| match verdict {
            Verdict::Correct if self.overridden => Verdict::Incorrect,
            Verdict::Incorrect if self.overridden => Verdict::Correct,
            verdict => verdict,
        })
    }

    /// The grader's verdict, once answered, whatever the learner said of it.
    pub fn graded_verdict(&self) -> Option<Verdict> {
        match &self.outcome {
            Some(Outcome::Answered(_, verdict)) => Some(*verdict),
            _ => None,
        }
    }

    /// Whether the learner overrode the grader's verdict.
    pub fn is_overridden(&self) -> bool {
        self.overridden
    }

    /// Overrides the grader's verdict (`true`: the learner says it was wrong about this
    /// answer) or takes an override back (`false`), and returns the verdict that now counts.
    /// Only a graded answer can be overridden: `None` before an answer and for a flashcard,
    /// which the learner rates themselves.
    pub fn set_overridden(&mut self, overridden: bool) -> Option<Verdict> {
        match self.graded_verdict()? {
            Verdict::SelfGraded => None,
            _ => {
                self.overridden = overridden;
                self.verdict()
            }
        }
    }

    /// Whether the answer is shown (answered or revealed).
    pub fn is_done(&self) -> bool {
        self.outcome.is_some()
    }

    /// Shows the right answer without grading (presenter).
    pub fn reveal(&mut self) {
        if self.outcome.is_none() {
            self.outcome = Some(Outcome::Revealed);
            self.follow = false;
        }
    }

    /// True while the learner types (short answers and blanks), so letters are not commands.
    pub fn captures_text(&self) -> bool {
        typed(self)
    }

    /// The keys available now.
    pub fn keys(&self) -> Vec<KeyHelp> {
        keymap::available(TABLE, self)
    }

    /// Handles a key or mouse event through the table (the mouse against `hits`, from the
    /// last layout).
    pub fn handle(&mut self, event: &Event, hits: &QuestionHits) -> QuestionEvent {
        let command = match event {
            Event::Mouse(mouse) => self.mouse(mouse, hits),
            _ => keymap::resolve(TABLE, self, event),
        };
        match command {
            Some(command) => self.update(command),
            None => QuestionEvent::Ignored,
        }
    }

    /// The command a mouse event means, where the last layout put things (`hits`).
    pub fn mouse(&self, event: &MouseEvent, hits: &QuestionHits) -> Option<Command> {
        let inside = hits.area.contains(ratatui::layout::Position {
            x: event.column,
            y: event.row,
        });
        if !inside {
            return None;
        }
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) if answering(self) => {
                let row = usize::from(event.row - hits.area.y);
                hits.rows.get(row).copied().flatten().map(Command::Click)
            }
            MouseEventKind::ScrollDown => Some(Command::Wheel(true)),
            MouseEventKind::ScrollUp => Some(Command::Wheel(false)),
            _ => None,
        }
    }

    /// Carries out a command.
    pub fn update(&mut self, command: Command) -> QuestionEvent {
        match command {
            Command::Scroll(nav) => {
                self.scroll.apply(nav);
                self.follow = false;
                return QuestionEvent::Used;
            }
            Command::Wheel(down) => {
                self.scroll.wheel(down);
                self.follow = false;
                return QuestionEvent::Used;
            }
            Command::Submit => return self.submit(),
            Command::Reveal => {
                self.outcome = Some(Outcome::Answered(
                    Response::SelfGraded,
                    grade::grade(&self.question.kind, &Response::SelfGraded),
                ));
                return QuestionEvent::Answered(Verdict::SelfGraded);
            }
            _ => {}
        }
        self.follow = true;
        match (&mut self.work, command) {
            (
                Work::Single {
                    cursor, choices, ..
                },
                Command::Pick(digit),
            ) => {
                let index = usize::from(digit).saturating_sub(1);
                if index < choices.len() {
                    *cursor = index;
                    return self.submit();
                }
            }
            (Work::Multiple { cursor, ticked, .. }, Command::Pick(digit)) => {
                let index = usize::from(digit).saturating_sub(1);
                if let Some(tick) = ticked.get_mut(index) {
                    *cursor = index;
                    *tick = !*tick;
                }
            }
            (Work::Multiple { cursor, ticked, .. }, Command::Toggle) => {
                if let Some(tick) = ticked.get_mut(*cursor) {
                    *tick = !*tick;
                }
            }
            (Work::Multiple { cursor, ticked, .. }, Command::Click(index)) => {
                if let Some(tick) = ticked.get_mut(index) {
                    *cursor = index;
                    *tick = !*tick;
                }
            }
            (
                Work::Single { cursor, .. }
                | Work::Truth { cursor, .. }
                | Work::Order { cursor, .. }
                | Work::SpotBug { cursor, .. },
                Command::Click(index),
            ) => *cursor = index,
            (Work::Truth { cursor, .. }, Command::Truth(value)) => {
                *cursor = usize::from(!value);
                return self.submit();
            }
            (Work::Order { order, cursor, .. }, Command::Lift(up)) => {
                if up && *cursor > 0 {
                    order.swap(*cursor, *cursor - 1);
                    *cursor -= 1;
                } else if !up && *cursor + 1 < order.len() {
                    order.swap(*cursor, *cursor + 1);
                    *cursor += 1;
                }
            }
            (Work::Short { input }, Command::Edit(request)) => {
                input.handle(request);
            }
            (
                Work::Blanks {
                    inputs, current, ..
                },
                Command::Edit(request),
            ) => {
                if let Some(input) = inputs.get_mut(*current) {
                    input.handle(request);
                }
            }
            (
                Work::Blanks {
                    inputs, current, ..
                },
                Command::NextBlank,
            ) => {
                *current = (*current + 1) % inputs.len().max(1);
            }
            (
                Work::Blanks {
                    inputs, current, ..
                },
                Command::PrevBlank,
            ) => {
                let count = inputs.len().max(1);
                *current = (*current + count - 1) % count;
            }
            (work, Command::Move(nav)) => {
                let (cursor, count, base) = match work {
                    Work::Single {
                        cursor, choices, ..
                    }
                    | Work::Multiple {
                        cursor, choices, ..
                    } => (cursor, choices.len(), 0),
                    Work::Truth { cursor, .. } => (cursor, 2, 0),
                    Work::Order { cursor, order, .. } => (cursor, order.len(), 0),
                    Work::SpotBug {
                        cursor, dockerfile, ..
                    } => (cursor, dockerfile.lines().count(), 1),
                    _ => return QuestionEvent::Ignored,
                };
                let last = count.saturating_sub(1);
                let index = cursor.saturating_sub(base);
                let next = match nav {
                    Nav::Up => index.saturating_sub(1),
                    Nav::Down => (index + 1).min(last),
                    Nav::PageUp | Nav::Top => 0,
                    Nav::PageDown | Nav::Bottom => last,
                };
                *cursor = next + base;
            }
            _ => return QuestionEvent::Ignored,
        }
        QuestionEvent::Used
    }

    /// The response as it stands.
    fn response(&self) -> Response {
        match &self.work {
            Work::Single { cursor, order, .. } => Response::Choice(authored(order, *cursor)),
            Work::Multiple {
                cursor,
                ticked,
                order,
                ..
            } => {
                let picked: Vec<usize> = ticked
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| **t)
                    .map(|(position, _)| authored(order, position))
                    .collect();
                // Nothing ticked means "the one under the cursor".
                Response::Choices(if picked.is_empty() {
                    vec![authored(order, *cursor)]
                } else {
                    picked
                })
            }
            Work::Truth { cursor, .. } => Response::Truth(*cursor == 0),
            Work::Short { input } => Response::Text(input.value().to_owned()),
            Work::Order { order, .. } => Response::Order(order.clone()),
            Work::SpotBug { cursor, .. } => Response::Line(*cursor),
            Work::Blanks { inputs, .. } => {
                Response::Blanks(inputs.iter().map(|i| i.value().to_owned()).collect())
            }
            Work::Flashcard => Response::SelfGraded,
        }
    }

    fn submit(&mut self) -> QuestionEvent {
        let response = self.response();
        if matches!(response, Response::Text(ref t) if t.trim().is_empty()) {
            return QuestionEvent::Used;
        }
        let verdict = grade::grade_question(&self.question, &response);
        self.outcome = Some(Outcome::Answered(response, verdict));
        self.follow = false;
        QuestionEvent::Answered(verdict)
    }

    /// The prompt, the answer area and, once answered, the feedback, for `width` columns.
    fn page(&self, width: u16, theme: Theme) -> Page {
        let width = width.max(1);
        let mut lines = text::markdown_lines(&self.question.prompt, width, theme);
        lines.push(Line::raw(""));
        // Spot-the-bug and fill-in-the-blank draw the Dockerfile as their answer area; every
        // other kind shows it under the prompt.
        if let Some(dockerfile) = &self.question.dockerfile
            && !matches!(self.work, Work::SpotBug { .. } | Work::Blanks { .. })
        {
            lines.extend(text::dockerfile_lines(dockerfile, theme, |_| None));
            lines.push(Line::raw(""));
        }
        let mut rows: Vec<Option<usize>> = vec![None; lines.len()];
        let answer = self.answer_lines(width, theme);
        let mut focus = None;
        let mut cursor_at = None;
        for (line, index, is_cursor) in answer.lines {
            if is_cursor {
                focus =
                    Some(focus.map_or((lines.len(), lines.len()), |(top, _)| (top, lines.len())));
            }
            if answer.input_row == Some(lines.len()) {
                cursor_at = Some(lines.len());
            }
            rows.push(index);
            lines.push(line);
        }
        if let Some(outcome) = &self.outcome {
            lines.push(Line::raw(""));
            lines.extend(feedback(
                &self.question,
                outcome,
                self.overridden,
                width,
                theme,
            ));
        }
        rows.resize(lines.len(), None);
        Page {
            lines,
            rows,
            focus,
            cursor: cursor_at.zip(answer.input_col),
        }
    }

    /// Fits the scroll to `area` (bringing the cursor into view once it has moved) and
    /// returns where the answer rows are, for the mouse.
    pub fn layout(&mut self, area: Rect, theme: Theme) -> QuestionHits {
        let page = self.page(area.width, theme);
        self.scroll.fit(page.lines.len(), usize::from(area.height));
        if self.follow
            && let Some((top, bottom)) = page.focus
        {
            self.scroll.reveal(top, bottom);
        }
        QuestionHits {
            area,
            rows: page
                .rows
                .into_iter()
                .skip(self.scroll.offset())
                .take(usize::from(area.height))
                .collect(),
        }
    }

    /// Draws the prompt, the answer area and, once answered, the feedback, as the last
    /// [`QuestionView::layout`] for `area` scrolled them.
    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, theme: Theme) {
        let page = self.page(area.width, theme);
        frame.render_widget(
            Paragraph::new(page.lines).scroll((self.scroll.offset_u16(), 0)),
            area,
        );
        if let Some((row, col)) = page.cursor {
            let Some(row) = row.checked_sub(self.scroll.offset()) else {
                return;
            };
            if let (Ok(row), Ok(col)) = (u16::try_from(row), u16::try_from(col))
                && row < area.height
                && col < area.width
            {
                frame.set_cursor_position((area.x + col, area.y + row));
            }
        }
    }

    /// The lines of the answer area: each with the answer index it stands for and whether it
    /// is under the cursor; and where the text cursor goes (row in these lines, column).
    fn answer_lines(&self, width: u16, theme: Theme) -> AnswerLines {
        let done = self.outcome.is_some();
        let show_cursor = answering(self);
        let picked: Vec<usize> = match &self.outcome {
            Some(Outcome::Answered(Response::Choice(i), _)) => vec![*i],
            Some(Outcome::Answered(Response::Choices(v), _)) => v.clone(),
            _ => Vec::new(),
        };
        let mut out = AnswerLines::default();
        match &self.work {
            Work::Single {
                choices,
                answer,
                order,
                cursor,
            } => {
                for (position, &i) in order.iter().enumerate() {
                    let choice = choices.get(i).map_or("", String::as_str);
                    let lead = choice_lead(
                        done,
                        i == *answer,
                        picked.contains(&i),
                        show_cursor && position == *cursor,
                        theme,
                    );
                    let number = format!("{}. ", position + 1);
                    out.choice(choice, position, number, lead, width, theme);
                }
            }
            Work::Multiple {
                choices,
                answers,
                order,
                cursor,
                ticked,
            } => {
                out.plain(Line::styled("(tick every right one)", theme.dim()));
                for (position, &i) in order.iter().enumerate() {
                    let choice = choices.get(i).map_or("", String::as_str);
                    let lead = choice_lead(
                        done,
                        answers.contains(&i),
                        picked.contains(&i),
                        show_cursor && position == *cursor,
                        theme,
                    );
                    let tick =
                        if ticked.get(position).copied().unwrap_or(false) || picked.contains(&i) {
                            "[x] "
                        } else {
                            "[ ] "
                        };
                    let number = format!("{}. {tick}", position + 1);
                    out.choice(choice, position, number, lead, width, theme);
                }
            }
            Work::Truth { correct, cursor } => {
                let said = match &self.outcome {
                    Some(Outcome::Answered(Response::Truth(said), _)) => Some(*said),
                    _ => None,
                };
                for (i, label) in ["True", "False"].iter().enumerate() {
                    let value = i == 0;
                    let lead = choice_lead(
                        done,
                        value == *correct,
                        said == Some(value),
                        show_cursor && i == *cursor,
                        theme,
                    );
                    out.choice(label, i, String::new(), lead, width, theme);
                }
            }
            Work::Short { input } => {
                out.input_row = Some(0);
                out.input_col = Some(2 + input.visual_cursor());
                out.plain(Line::from(vec![
                    Span::styled("› ", theme.key()),
                    Span::raw(inert_line(input.value())),
                ]));
            }
            Work::Order {
                items,
                order,
                cursor,
            } => {
                if !done {
                    out.plain(Line::styled("Put these in order:", theme.dim()));
                }
                for (position, &item) in order.iter().enumerate() {
                    let lead = if done && !self.presenting {
                        if item == position {
                            ("✓ ", theme.success())
                        } else {
                            ("✗ ", theme.error())
                        }
                    } else if show_cursor && position == *cursor {
                        ("› ", theme.selected())
                    } else {
                        ("  ", Style::new())
                    };
                    let text = items.get(item).map_or("", String::as_str);
                    out.choice(
                        text,
                        position,
                        format!("{}. ", position + 1),
                        lead,
                        width,
                        theme,
                    );
                }
            }
            Work::SpotBug {
                dockerfile,
                line,
                cursor,
            } => {
                let wrong = matches!(&self.outcome, Some(Outcome::Answered(Response::Line(l), _)) if l != line);
                let lines = text::numbered(dockerfile, theme, true, |n| {
                    if done && n == *line {
                        text::Mark {
                            sign: Some(("✓", theme.success())),
                            line: Some(theme.success()),
                        }
                    } else if done && wrong && n == *cursor {
                        text::Mark {
                            sign: Some(("✗", theme.error())),
                            line: Some(theme.error()),
                        }
                    } else if show_cursor && n == *cursor {
                        text::Mark {
                            sign: Some(("›", theme.key())),
                            line: Some(theme.selected()),
                        }
                    } else {
                        text::Mark::default()
                    }
                });
                for (i, l) in lines.into_iter().enumerate() {
                    out.lines
                        .push((l, Some(i + 1), show_cursor && i + 1 == *cursor));
                }
                if !done {
                    out.plain(Line::styled("Which line is wrong?", theme.dim()));
                }
            }
            Work::Blanks {
                dockerfile,
                inputs,
                current,
            } => {
                let text = fill_blanks(dockerfile, inputs);
                for l in text::dockerfile_lines(&text, theme, |_| None) {
                    out.plain(l);
                }
                out.plain(Line::raw(""));
                for (i, input) in inputs.iter().enumerate() {
                    let here = show_cursor && i == *current;
                    let style = if here { theme.key() } else { theme.dim() };
                    let label = format!("  blank {}: ", i + 1);
                    if here {
                        out.input_row = Some(out.lines.len());
                        out.input_col = Some(label.len() + input.visual_cursor());
                    }
                    out.plain(Line::from(vec![
                        Span::styled(label, style),
                        Span::raw(inert_line(input.value())),
                    ]));
                }
            }
            Work::Flashcard if !done => out.plain(Line::styled(
                if self.presenting {
                    "Answer aloud, then reveal."
                } else {
                    "Recall your answer, then press Space to see the model answer."
                },
                theme.dim(),
            )),
            Work::Flashcard => {}
        }
        out
    }
}

/// The answer area's lines; see [`QuestionView::answer_lines`].
#[derive(Default)]
struct AnswerLines {
    lines: Vec<(Line<'static>, Option<usize>, bool)>,
    input_row: Option<usize>,
    input_col: Option<usize>,
}

impl AnswerLines {
    fn plain(&mut self, line: Line<'static>) {
        self.lines.push((line, None, false));
    }

    /// A choice as Markdown, wrapped under its number with a hanging indent; every row of it
    /// stands for choice `index`.
    fn choice(
        &mut self,
        markdown: &str,
        index: usize,
        number: String,
        (sign, style): (&'static str, Style),
        width: u16,
        theme: Theme,
    ) {
        let lead = format!("{sign}{number}");
        let lead_width = crate::markdown::width::str_width(&lead);
        let room = usize::from(width).saturating_sub(lead_width).max(8);
        let body = text::markdown_lines(markdown, u16::try_from(room).unwrap_or(u16::MAX), theme);
        let cursor = sign == "› ";
        for (row, line) in body.into_iter().enumerate() {
            let mut spans = vec![Span::styled(
                if row == 0 {
                    lead.clone()
                } else {
                    " ".repeat(lead_width)
                },
                style,
            )];
            spans.extend(line.spans.into_iter().map(|s| s.patch_style(style)));
            self.lines.push((Line::from(spans), Some(index), cursor));
        }
    }
}

/// The sign and style before a choice: once answered ✓ for right ones and ✗ for a wrong pick,
/// so the result reads without colour; before, the cursor.
fn choice_lead(
    done: bool,
    right: bool,
    picked: bool,
    cursor: bool,
    theme: Theme,
) -> (&'static str, Style) {
    match (done, right, picked) {
        (true, true, _) => ("✓ ", theme.success()),
        (true, false, true) => ("✗ ", theme.error()),
        (true, false, false) => ("  ", theme.dim()),
        (false, _, _) if cursor => ("› ", theme.selected()),
        _ => ("  ", Style::new()),
    }
}

/// Right or wrong (and whether the learner overrode that), the right answer when it was wrong
/// (a typed answer compared with the closest accepted one), the explanation and the lesson
/// link.
fn feedback(
    question: &Question,
    outcome: &Outcome,
    overridden: bool,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let right_answer = |lines: &mut Vec<Line<'static>>, label: &'static str| {
        let mut spans = vec![Span::styled(label, theme.dim())];
        spans.extend(text::inline(&grade::right_answer(&question.kind), theme).spans);
        lines.push(Line::from(spans));
    };
    match outcome {
        Outcome::Answered(_, Verdict::Correct) if overridden => {
            lines.push(Line::styled(
                "✗ Counted as wrong: you said your answer was wrong (the grader took it as right)",
                theme.error(),
            ));
            right_answer(&mut lines, "Right answer: ");
        }
        Outcome::Answered(_, Verdict::Correct) => {
            lines.push(Line::styled("✓ Correct", theme.success()))
        }
        Outcome::Answered(response, Verdict::Incorrect) => {
            lines.push(if overridden {
                Line::styled(
                    "✓ Counted as right: you said your answer was right (the grader did not)",
                    theme.success(),
                )
            } else {
                Line::styled("✗ Not quite", theme.error())
            });
            match response {
                Response::Choice(_)
                | Response::Choices(_)
                | Response::Truth(_)
                | Response::Line(_) => {}
                Response::Text(typed) => {
                    if !typed_comparison(question, typed, width, theme, &mut lines) {
                        right_answer(&mut lines, "Right answer: ");
                    }
                }
                Response::Blanks(typed) => {
                    right_answer(&mut lines, "Right answer: ");
                    blanks_comparison(question, typed, width, theme, &mut lines);
                }
                _ => right_answer(&mut lines, "Right answer: "),
            }
        }
        Outcome::Answered(_, Verdict::SelfGraded) => {
            lines.push(Line::styled("Model answer", theme.title()));
            lines.extend(text::markdown_lines(
                &grade::right_answer(&question.kind),
                width,
                theme,
            ));
        }
        Outcome::Revealed if question.kind.is_self_graded() => {
            lines.push(Line::styled("Model answer", theme.success()));
            lines.extend(text::markdown_lines(
                &grade::right_answer(&question.kind),
                width,
                theme,
            ));
        }
        Outcome::Revealed => right_answer(&mut lines, "Answer: "),
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

/// A wrong short answer against the closest accepted answer, the differences marked; `false`
/// (nothing added) when every accepted answer is a pattern.
fn typed_comparison(
    question: &Question,
    typed: &str,
    width: u16,
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
) -> bool {
    let QuestionKind::Short { accepted } = &question.kind else {
        return false;
    };
    let closest = grade::closest_accepted(accepted, typed);
    let Some(expected) = closest.filter(|a| !a.trim_start().starts_with('~')) else {
        return false;
    };
    lines.push(Line::styled(
        "Your answer against the closest accepted one:",
        theme.dim(),
    ));
    lines.extend(compare::comparison(typed, expected, width, theme));
    true
}

/// Each wrong blank against the closest answer accepted for it, the differences marked.
fn blanks_comparison(
    question: &Question,
    typed: &[String],
    width: u16,
    theme: Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let QuestionKind::FillBlank { blanks } = &question.kind else {
        return;
    };
    let context = grade::Context::of(question);
    for (i, (accepted, text)) in blanks.iter().zip(typed).enumerate() {
        if grade::accepts(accepted, text, &context, Some(i)) {
            continue;
        }
        let closest = grade::closest_accepted(accepted, text);
        let Some(expected) = closest.filter(|a| !a.trim_start().starts_with('~')) else {
            continue;
        };
        lines.push(Line::styled(
            format!("Blank {} against the closest accepted answer:", i + 1),
            theme.dim(),
        ));
        if text.trim().is_empty() {
            lines.push(Line::from(vec![
                Span::styled("yours:  ", theme.dim()),
                Span::styled("(empty)", theme.error()),
            ]));
            lines.push(Line::from(vec![
                Span::styled("answer: ", theme.dim()),
                Span::raw(inert_line(expected)),
            ]));
        } else {
            lines.extend(compare::comparison(text, expected, width, theme));
        }
    }
}

/// The Dockerfile with each blank showing its number and what was typed into it so far.
fn fill_blanks(dockerfile: &str, inputs: &[Input]) -> String {
    let mut out = String::with_capacity(dockerfile.len());
    for (i, part) in dockerfile.split(BLANK).enumerate() {
        if i > 0 {
            let typed = inputs.get(i - 1).map_or("", |input| input.value());
            out.push_str(&format!(
                "[{i}:{}]",
                if typed.is_empty() { "___" } else { typed }
            ));
        }
        out.push_str(part);
    }
    out
}

/// The authored index of the choice shown at `position`.
fn authored(order: &[usize], position: usize) -> usize {
    order.get(position).copied().unwrap_or(position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LessonLink, Origin};
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

    fn question(kind: QuestionKind, dockerfile: Option<&str>) -> Question {
        Question {
            id: "q".into(),
            prompt: "Prompt?".into(),
            dockerfile: dockerfile.map(str::to_owned),
            topic: "t".into(),
            tags: Vec::new(),
            lesson: LessonLink {
                lesson: "l".into(),
                anchor: None,
            },
            explanation: "Because.".into(),
            kind,
            independent: Vec::new(),
            origin: Origin::default(),
        }
    }

    /// A view with the choices in authored order, so that tests can name them by number.
    fn authored(q: &Question) -> Option<QuestionView> {
        QuestionView::build(
            q,
            |len| (0..len).collect(),
            |len| shuffle::scrambled_items(&q.id, 0, len),
        )
    }

    fn keys(view: &mut QuestionView, q: &Question, codes: &[KeyCode]) -> QuestionEvent {
        let mut last = QuestionEvent::Ignored;
        for &code in codes {
            let modifiers = if matches!(code, KeyCode::Char(c) if c.is_ascii_uppercase()) {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            let _ = q;
            last = view.handle(
                &Event::Key(KeyEvent::new(code, modifiers)),
                &QuestionHits::default(),
            );
        }
        last
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    const RIGHT: QuestionEvent = QuestionEvent::Answered(Verdict::Correct);
    const WRONG: QuestionEvent = QuestionEvent::Answered(Verdict::Incorrect);

    #[test]
    fn a_dockerfile_is_shown_with_any_kind_of_question() {
        let q = question(
            QuestionKind::Single {
                choices: strings(&["a", "b"]),
                answer: 0,
            },
            Some("FROM scratch\nENTRYPOINT [\"/app\"]\n"),
        );
        let mut view = authored(&q).expect("answerable");
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(40, 10)).unwrap();
        terminal
            .draw(|f| {
                view.layout(f.area(), Theme::new(false));
                view.draw(f, f.area(), Theme::new(false));
            })
            .unwrap();
        let shown = terminal.backend().to_string();
        assert!(shown.contains("1 │ FROM scratch"), "{shown}");
        assert!(shown.contains("2 │ ENTRYPOINT"), "{shown}");
    }

    #[test]
    fn esc_and_tab_are_left_to_the_screen_for_every_kind_of_answer() {
        let kinds = [
            QuestionKind::Single {
                choices: strings(&["a", "b"]),
                answer: 0,
            },
            QuestionKind::Multiple {
                choices: strings(&["a", "b"]),
                answers: vec![0],
            },
            QuestionKind::TrueFalse { correct: true },
            QuestionKind::Order {
                items: strings(&["a", "b"]),
            },
            QuestionKind::SpotBug { line: 1 },
        ];
        for kind in kinds {
            let q = question(kind, Some("FROM scratch\nCMD /app\n"));
            for code in [KeyCode::Esc, KeyCode::Tab, KeyCode::Left] {
                assert_eq!(
                    keys(&mut authored(&q).expect("answerable"), &q, &[code]),
                    QuestionEvent::Ignored,
                    "{code:?} on {}",
                    q.kind.name()
                );
            }
        }
    }

    #[test]
    fn single_choice_by_cursor_and_by_number() {
        let q = question(
            QuestionKind::Single {
                choices: strings(&["a", "b", "c"]),
                answer: 1,
            },
            None,
        );
        assert_eq!(
            keys(
                &mut authored(&q).expect("answerable"),
                &q,
                &[KeyCode::Char('j'), KeyCode::Enter]
            ),
            RIGHT
        );
        assert_eq!(
            keys(
                &mut authored(&q).expect("answerable"),
                &q,
                &[KeyCode::Char('3')]
            ),
            WRONG
        );
    }

    #[test]
    fn multiple_choice_ticks() {
        let q = question(
            QuestionKind::Multiple {
                choices: strings(&["a", "b", "c"]),
                answers: vec![0, 2],
            },
            None,
        );
        let mut view = authored(&q).expect("answerable");
        assert_eq!(
            keys(
                &mut view,
                &q,
                &[
                    KeyCode::Char(' '),
                    KeyCode::Down,
                    KeyCode::Down,
                    KeyCode::Char('x'),
                    KeyCode::Enter
                ]
            ),
            RIGHT
        );
        assert_eq!(
            keys(
                &mut authored(&q).expect("answerable"),
                &q,
                &[KeyCode::Char('1'), KeyCode::Enter]
            ),
            WRONG
        );
    }

    #[test]
    fn true_false_and_flashcard() {
        let q = question(QuestionKind::TrueFalse { correct: false }, None);
        assert_eq!(
            keys(
                &mut authored(&q).expect("answerable"),
                &q,
                &[KeyCode::Char('f')]
            ),
            RIGHT
        );
        assert_eq!(
            keys(
                &mut authored(&q).expect("answerable"),
                &q,
                &[KeyCode::Enter]
            ),
            WRONG
        );
        let card = question(
            QuestionKind::Flashcard {
                model_answer: "m".into(),
            },
            None,
        );
        assert_eq!(
            keys(
                &mut authored(&card).expect("answerable"),
                &card,
                &[KeyCode::Char(' ')]
            ),
            QuestionEvent::Answered(Verdict::SelfGraded)
        );
    }

    #[test]
    fn short_answer_is_typed_with_a_cursor() {
        let q = question(
            QuestionKind::Short {
                accepted: strings(&["65532"]),
            },
            None,
        );
        let mut view = authored(&q).expect("answerable");
        assert!(view.captures_text());
        let typed = [
            KeyCode::Char('6'),
            KeyCode::Char('5'),
            KeyCode::Char('3'),
            KeyCode::Char('2'),
            KeyCode::Left,
            KeyCode::Left,
            KeyCode::Char('5'),
            KeyCode::End,
        ];
        keys(&mut view, &q, &typed);
        assert_eq!(keys(&mut view, &q, &[KeyCode::Enter]), RIGHT);
        assert!(!view.captures_text());
        // An empty answer is not submitted.
        let mut empty = authored(&q).expect("answerable");
        assert_eq!(keys(&mut empty, &q, &[KeyCode::Enter]), QuestionEvent::Used);
    }

    #[test]
    fn ordering_moves_items() {
        let q = question(
            QuestionKind::Order {
                items: strings(&["a", "b"]),
            },
            None,
        );
        let mut view = authored(&q).expect("answerable");
        // Two items are always shown swapped; moving the first down solves it.
        assert_eq!(
            keys(&mut view, &q, &[KeyCode::Char('J'), KeyCode::Enter]),
            RIGHT
        );
    }

    #[test]
    fn spot_the_bug_picks_a_line() {
        let q = question(
            QuestionKind::SpotBug { line: 2 },
            Some("FROM scratch\nUSER nonroot\n"),
        );
        assert_eq!(
            keys(
                &mut authored(&q).expect("answerable"),
                &q,
                &[KeyCode::Char('j'), KeyCode::Enter]
            ),
            RIGHT
        );
        assert_eq!(
            keys(
                &mut authored(&q).expect("answerable"),
                &q,
                &[KeyCode::Enter]
            ),
            WRONG
        );
    }

    #[test]
    fn blanks_are_filled_in_turn() {
        let q = question(
            QuestionKind::FillBlank {
                blanks: vec![strings(&["a"]), strings(&["b"])],
            },
            Some("COPY ___ x\nUSER ___\n"),
        );
        let mut view = authored(&q).expect("answerable");
        assert_eq!(
            keys(
                &mut view,
                &q,
                &[
                    KeyCode::Char('a'),
                    KeyCode::Tab,
                    KeyCode::Char('b'),
                    KeyCode::Enter
                ]
            ),
            RIGHT
        );
        let mut view = authored(&q).expect("answerable");
        assert_eq!(
            keys(&mut view, &q, &[KeyCode::Char('a'), KeyCode::Enter]),
            WRONG
        );
    }

    fn single(id: &str, count: usize, answer: usize) -> Question {
        let mut q = question(
            QuestionKind::Single {
                choices: (0..count).map(|i| format!("choice {i}")).collect(),
                answer,
            },
            None,
        );
        q.id = id.into();
        q
    }

    #[test]
    fn choices_are_shown_in_the_presentation_order_and_graded_by_their_authored_index() {
        let q = single("q-shuffle", 4, 2);
        for answers in 0..6 {
            let order = shuffle::presentation_order(&q.id, answers, 4);
            let position = order.iter().position(|&i| i == 2).expect("shown");
            let digit = char::from_digit(position as u32 + 1, 10).expect("digit");
            let mut view = QuestionView::new(&q, answers).expect("answerable");
            assert_eq!(keys(&mut view, &q, &[KeyCode::Char(digit)]), RIGHT);
            let wrong = char::from_digit(((position + 1) % 4) as u32 + 1, 10).expect("digit");
            let mut view = QuestionView::new(&q, answers).expect("answerable");
            assert_eq!(keys(&mut view, &q, &[KeyCode::Char(wrong)]), WRONG);
        }
    }

    #[test]
    fn the_right_answer_moves_between_showings_but_not_between_redraws() {
        let q = single("q-moves", 4, 0);
        let shown = |answers| {
            let mut view = QuestionView::new(&q, answers).expect("answerable");
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(30, 8)).unwrap();
            terminal
                .draw(|f| {
                    view.layout(f.area(), Theme::new(false));
                    view.draw(f, f.area(), Theme::new(false));
                })
                .unwrap();
            let text = terminal.backend().to_string();
            text.lines()
                .position(|l| l.contains("choice 0"))
                .expect("the right choice is shown")
        };
        assert_eq!(shown(3), shown(3), "the same card shows the same order");
        let rows: std::collections::HashSet<usize> = (0..12).map(shown).collect();
        assert!(rows.len() > 1, "the right answer is always at row {rows:?}");
    }

    #[test]
    fn multiple_choice_ticks_map_back_to_authored_choices() {
        let mut q = question(
            QuestionKind::Multiple {
                choices: strings(&["a", "b", "c", "d"]),
                answers: vec![1, 3],
            },
            None,
        );
        q.id = "multi-shuffle".into();
        for answers in 0..4 {
            let order = shuffle::presentation_order(&q.id, answers, 4);
            let mut codes: Vec<KeyCode> = [1, 3]
                .iter()
                .map(|i| order.iter().position(|j| j == i).expect("shown"))
                .map(|p| KeyCode::Char(char::from_digit(p as u32 + 1, 10).expect("digit")))
                .collect();
            codes.push(KeyCode::Enter);
            let mut view = QuestionView::new(&q, answers).expect("answerable");
            assert_eq!(keys(&mut view, &q, &codes), RIGHT, "order {order:?}");
        }
    }

    #[test]
    fn the_presenter_keeps_the_authored_order_of_choices() {
        let q = single("q-present", 4, 1);
        let mut view = QuestionView::presenting(&q).expect("presentable");
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(30, 8)).unwrap();
        terminal
            .draw(|f| {
                view.layout(f.area(), Theme::new(false));
                view.draw(f, f.area(), Theme::new(false));
            })
            .unwrap();
        let text = terminal.backend().to_string();
        let rows: Vec<usize> = (0..4)
            .map(|i| {
                text.lines()
                    .position(|l| l.contains(&format!("{}. choice {i}", i + 1)))
                    .expect("in order")
            })
            .collect();
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{text}");
    }
}
