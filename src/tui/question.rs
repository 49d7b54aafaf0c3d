//! Answering one question of any kind with the keys alone (and the mouse where natural), then
//! seeing whether it was right and why. Used by the review, drill and presenter screens.

use ratatui::Frame;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::keymap::{self, KeyHelp, Nav, key};
use super::text;
use super::theme::Theme;
use crate::content::grade::{self, Response, Verdict};
use crate::content::quiz::BLANK;
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

/// The learner's work in progress, by kind.
#[derive(Debug)]
enum Work {
    /// A cursor over choices, with the ticked ones (multiple choice).
    Choices { cursor: usize, ticked: Vec<bool> },
    /// A cursor over True / False.
    Truth { cursor: usize },
    /// Typed text.
    Text(Input),
    /// Items in the learner's current order (indexes into the right order).
    Order { order: Vec<usize>, cursor: usize },
    /// A cursor over Dockerfile lines (1-based).
    Line { cursor: usize },
    /// One input per blank and the blank being typed.
    Blanks { inputs: Vec<Input>, current: usize },
    /// A flashcard, answer hidden until revealed.
    Card,
    /// Labs are answered in the lab screen, not here.
    Lab,
}

/// One question being answered.
pub struct QuestionView {
    /// The question's id.
    pub id: String,
    work: Work,
    answered: Option<(Response, Verdict)>,
    /// Where choice rows were drawn, for mouse clicks: first row and count.
    click_rows: Option<(Rect, usize)>,
    /// The prompt laid out for a width.
    prompt_cache: Option<(u16, Vec<Line<'static>>)>,
    /// The feedback laid out for a width, once answered.
    feedback_cache: Option<(u16, Vec<Line<'static>>)>,
    scroll: u16,
}

const CHOICE_KEYS: &[KeyHelp] = &[key("j/k", "move"), key("Enter/1-9", "answer")];
const MULTI_KEYS: &[KeyHelp] = &[
    key("j/k", "move"),
    key("Space/x", "tick"),
    key("Enter", "answer"),
];
const TRUTH_KEYS: &[KeyHelp] = &[key("t/f", "true / false"), key("j/k Enter", "pick")];
const TEXT_KEYS: &[KeyHelp] = &[
    key("type", "your answer"),
    key("Enter", "answer"),
    key("Esc", "leave"),
];
const ORDER_KEYS: &[KeyHelp] = &[
    key("j/k", "move cursor"),
    key("J/K Shift-↑/↓", "move item"),
    key("Enter", "answer"),
];
const LINE_KEYS: &[KeyHelp] = &[
    key("j/k", "move to a line"),
    key("Enter", "this line is wrong"),
];
const BLANK_KEYS: &[KeyHelp] = &[
    key("type", "fill the blank"),
    key("Tab", "next blank"),
    key("Enter", "answer"),
];
const CARD_KEYS: &[KeyHelp] = &[key("Space/Enter", "show the answer")];
const DONE_KEYS: &[KeyHelp] = &[
    key("o", "open the lesson section"),
    key("PgUp/PgDn", "scroll"),
];

impl QuestionView {
    /// A fresh view on `question`.
    pub fn new(question: &Question) -> Self {
        let work = match &question.kind {
            QuestionKind::Single { choices, .. } | QuestionKind::Multiple { choices, .. } => {
                Work::Choices {
                    cursor: 0,
                    ticked: vec![false; choices.len()],
                }
            }
            QuestionKind::TrueFalse { .. } => Work::Truth { cursor: 0 },
            QuestionKind::Short { .. } => Work::Text(Input::default()),
            QuestionKind::Order { items } => Work::Order {
                order: shuffled(items.len(), &question.id),
                cursor: 0,
            },
            QuestionKind::SpotBug { .. } => Work::Line { cursor: 1 },
            QuestionKind::FillBlank { blanks } => Work::Blanks {
                inputs: blanks.iter().map(|_| Input::default()).collect(),
                current: 0,
            },
            QuestionKind::Flashcard { .. } => Work::Card,
            QuestionKind::Lab(_) => Work::Lab,
        };
        Self {
            id: question.id.clone(),
            work,
            answered: None,
            click_rows: None,
            prompt_cache: None,
            feedback_cache: None,
            scroll: 0,
        }
    }

    /// The verdict, once answered.
    pub fn verdict(&self) -> Option<Verdict> {
        self.answered.as_ref().map(|(_, v)| *v)
    }

    /// True while the learner types (short answers and blanks), so letters are not commands.
    pub fn captures_text(&self) -> bool {
        self.answered.is_none() && matches!(self.work, Work::Text(_) | Work::Blanks { .. })
    }

    /// The keys that apply now.
    pub fn keys(&self) -> &'static [KeyHelp] {
        if self.answered.is_some() {
            return DONE_KEYS;
        }
        match &self.work {
            Work::Choices { ticked, .. } if ticked.is_empty() => CHOICE_KEYS,
            Work::Choices { .. } => CHOICE_KEYS,
            Work::Truth { .. } => TRUTH_KEYS,
            Work::Text(_) => TEXT_KEYS,
            Work::Order { .. } => ORDER_KEYS,
            Work::Line { .. } => LINE_KEYS,
            Work::Blanks { .. } => BLANK_KEYS,
            Work::Card | Work::Lab => CARD_KEYS,
        }
    }

    /// The keys that apply now for `question` (multiple choice differs from single).
    pub fn keys_for(&self, question: &Question) -> &'static [KeyHelp] {
        if self.answered.is_none() && matches!(question.kind, QuestionKind::Multiple { .. }) {
            MULTI_KEYS
        } else {
            self.keys()
        }
    }

    /// Handles an event while answering; after the answer, only scrolling.
    pub fn handle(&mut self, event: &Event, question: &Question) -> QuestionEvent {
        if self.answered.is_some() {
            return self.handle_done(event);
        }
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                self.handle_key(key, event, question)
            }
            Event::Mouse(mouse) if mouse.kind == MouseEventKind::Down(MouseButton::Left) => {
                let Some((area, count)) = self.click_rows else {
                    return QuestionEvent::Ignored;
                };
                let inside =
                    mouse.column >= area.x && mouse.column < area.right() && mouse.row >= area.y;
                let row = usize::from(mouse.row.saturating_sub(area.y));
                if !inside || row >= count {
                    return QuestionEvent::Ignored;
                }
                match &mut self.work {
                    Work::Choices { cursor, ticked } => {
                        *cursor = row;
                        if matches!(question.kind, QuestionKind::Multiple { .. }) {
                            ticked[row] = !ticked[row];
                            return QuestionEvent::Used;
                        }
                    }
                    Work::Line { cursor } => *cursor = row + 1,
                    Work::Truth { cursor } => *cursor = row,
                    _ => return QuestionEvent::Ignored,
                }
                self.submit(question)
            }
            _ => QuestionEvent::Ignored,
        }
    }

    fn handle_done(&mut self, event: &Event) -> QuestionEvent {
        let Event::Key(key) = event else {
            return QuestionEvent::Ignored;
        };
        match keymap::nav(key) {
            Some(Nav::PageDown) | Some(Nav::Down) => self.scroll = self.scroll.saturating_add(3),
            Some(Nav::PageUp) | Some(Nav::Up) => self.scroll = self.scroll.saturating_sub(3),
            _ => return QuestionEvent::Ignored,
        }
        QuestionEvent::Used
    }

    fn handle_key(&mut self, key: &KeyEvent, event: &Event, question: &Question) -> QuestionEvent {
        let nav = keymap::nav(key);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        let multiple = matches!(question.kind, QuestionKind::Multiple { .. });
        match &mut self.work {
            Work::Choices { cursor, ticked } => {
                let count = ticked.len();
                if let KeyCode::Char(c @ '1'..='9') = key.code {
                    let index = c as usize - '1' as usize;
                    if index < count {
                        *cursor = index;
                        if multiple {
                            ticked[index] = !ticked[index];
                            return QuestionEvent::Used;
                        }
                        return self.submit(question);
                    }
                    return QuestionEvent::Used;
                }
                if multiple && matches!(key.code, KeyCode::Char(' ' | 'x')) {
                    ticked[*cursor] = !ticked[*cursor];
                    return QuestionEvent::Used;
                }
                match nav {
                    Some(Nav::Select) => return self.submit(question),
                    Some(n) if move_cursor(cursor, n, count) => {}
                    _ => return QuestionEvent::Ignored,
                }
            }
            Work::Truth { cursor } => match key.code {
                KeyCode::Char('t') => {
                    *cursor = 0;
                    return self.submit(question);
                }
                KeyCode::Char('f') => {
                    *cursor = 1;
                    return self.submit(question);
                }
                _ => match nav {
                    Some(Nav::Select) => return self.submit(question),
                    Some(n) if move_cursor(cursor, n, 2) => {}
                    _ => return QuestionEvent::Ignored,
                },
            },
            Work::Text(input) => {
                if key.code == KeyCode::Enter {
                    return self.submit(question);
                }
                if key.code == KeyCode::Esc {
                    return QuestionEvent::Ignored;
                }
                input.handle_event(event);
            }
            Work::Order { order, cursor } => {
                let count = order.len();
                let lift = match (key.code, shift) {
                    (KeyCode::Char('K'), _) | (KeyCode::Up, true) => Some(true),
                    (KeyCode::Char('J'), _) | (KeyCode::Down, true) => Some(false),
                    _ => None,
                };
                match (lift, nav) {
                    (Some(true), _) if *cursor > 0 => {
                        order.swap(*cursor, *cursor - 1);
                        *cursor -= 1;
                    }
                    (Some(false), _) if *cursor + 1 < count => {
                        order.swap(*cursor, *cursor + 1);
                        *cursor += 1;
                    }
                    (Some(_), _) => {}
                    (None, Some(Nav::Select)) => return self.submit(question),
                    (None, Some(n)) if move_cursor(cursor, n, count) => {}
                    (None, _) => return QuestionEvent::Ignored,
                }
            }
            Work::Line { cursor } => {
                let count = question
                    .dockerfile
                    .as_deref()
                    .map_or(0, |d| d.lines().count());
                let mut index = cursor.saturating_sub(1);
                match nav {
                    Some(Nav::Select) => return self.submit(question),
                    Some(n) if move_cursor(&mut index, n, count) => {}
                    _ => return QuestionEvent::Ignored,
                }
                *cursor = index + 1;
            }
            Work::Blanks { inputs, current } => match key.code {
                KeyCode::Enter => return self.submit(question),
                KeyCode::Tab | KeyCode::Down => *current = (*current + 1) % inputs.len().max(1),
                KeyCode::BackTab | KeyCode::Up => {
                    *current = (*current + inputs.len().max(1) - 1) % inputs.len().max(1)
                }
                KeyCode::Esc => return QuestionEvent::Ignored,
                _ => {
                    if let Some(input) = inputs.get_mut(*current) {
                        input.handle_event(event);
                    }
                }
            },
            Work::Card => match key.code {
                KeyCode::Enter | KeyCode::Char(' ') => return self.submit(question),
                _ => return QuestionEvent::Ignored,
            },
            Work::Lab => return QuestionEvent::Ignored,
        }
        QuestionEvent::Used
    }

    /// The response as it stands.
    fn response(&self) -> Response {
        match &self.work {
            Work::Choices { cursor, ticked } => {
                if ticked.iter().any(|&t| t) {
                    Response::Choices(
                        ticked
                            .iter()
                            .enumerate()
                            .filter(|(_, t)| **t)
                            .map(|(i, _)| i)
                            .collect(),
                    )
                } else {
                    Response::Choice(*cursor)
                }
            }
            Work::Truth { cursor } => Response::Truth(*cursor == 0),
            Work::Text(input) => Response::Text(input.value().to_owned()),
            Work::Order { order, .. } => Response::Order(order.clone()),
            Work::Line { cursor } => Response::Line(*cursor),
            Work::Blanks { inputs, .. } => {
                Response::Blanks(inputs.iter().map(|i| i.value().to_owned()).collect())
            }
            Work::Card | Work::Lab => Response::SelfGraded,
        }
    }

    fn submit(&mut self, question: &Question) -> QuestionEvent {
        let mut response = self.response();
        // A multiple-choice answer with nothing ticked means "the one under the cursor".
        if let (QuestionKind::Multiple { .. }, Response::Choice(i)) = (&question.kind, &response) {
            response = Response::Choices(vec![*i]);
        }
        if matches!(response, Response::Text(ref t) if t.trim().is_empty()) {
            return QuestionEvent::Used;
        }
        let verdict = grade::grade_question(question, &response);
        self.answered = Some((response, verdict));
        QuestionEvent::Answered(verdict)
    }

    /// Draws the prompt, the answer area and, once answered, the feedback.
    pub fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, question: &Question, theme: Theme) {
        // Markdown is laid out once per width, not every frame.
        if self
            .prompt_cache
            .as_ref()
            .is_none_or(|(w, _)| *w != area.width)
        {
            self.prompt_cache = Some((
                area.width,
                text::markdown_lines(&question.prompt, area.width, theme),
            ));
        }
        let mut lines = self
            .prompt_cache
            .as_ref()
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        lines.push(Line::raw(""));
        // Spot-the-bug and fill-in-the-blank draw the Dockerfile as their answer area; every
        // other kind shows it under the prompt.
        if let Some(dockerfile) = &question.dockerfile
            && !matches!(
                question.kind,
                QuestionKind::SpotBug { .. } | QuestionKind::FillBlank { .. }
            )
        {
            lines.extend(text::dockerfile_lines(dockerfile, theme, |_| None));
            lines.push(Line::raw(""));
        }
        let answer_start = lines.len();
        let (answer_lines, clickable) = self.answer_lines(question, theme);
        lines.extend(answer_lines);
        if let Some((response, verdict)) = &self.answered {
            if self
                .feedback_cache
                .as_ref()
                .is_none_or(|(w, _)| *w != area.width)
            {
                self.feedback_cache = Some((
                    area.width,
                    feedback(question, response, *verdict, area.width, theme),
                ));
            }
            lines.push(Line::raw(""));
            lines.extend(
                self.feedback_cache
                    .as_ref()
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default(),
            );
        }
        self.click_rows = clickable.and_then(|count| {
            let y = area.y + u16::try_from(answer_start).ok()?;
            (y < area.bottom() && self.scroll == 0).then(|| {
                (
                    Rect {
                        y,
                        height: area.bottom() - y,
                        ..area
                    },
                    count,
                )
            })
        });
        let [body] = Layout::vertical([Constraint::Min(0)]).areas(area);
        let max_scroll = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(area.height);
        self.scroll = self.scroll.min(max_scroll);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            body,
        );
        self.place_cursor(frame, area, answer_start, question);
    }

    /// Puts the terminal cursor in the text being typed.
    fn place_cursor(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        answer_start: usize,
        question: &Question,
    ) {
        if self.answered.is_some() || self.scroll != 0 {
            return;
        }
        let (row, col) = match &self.work {
            Work::Text(input) => (answer_start, 2 + input.visual_cursor()),
            Work::Blanks { inputs, current } => {
                let Some(input) = inputs.get(*current) else {
                    return;
                };
                let count = question
                    .dockerfile
                    .as_deref()
                    .map_or(0, |d| d.lines().count());
                (
                    answer_start + count + 1 + current,
                    format!("  blank {}: ", current + 1).len() + input.visual_cursor(),
                )
            }
            _ => return,
        };
        let (Ok(row), Ok(col)) = (u16::try_from(row), u16::try_from(col)) else {
            return;
        };
        if row < area.height && col < area.width {
            frame.set_cursor_position((area.x + col, area.y + row));
        }
    }

    /// The lines of the answer area, and how many of them are clickable rows.
    fn answer_lines(
        &self,
        question: &Question,
        theme: Theme,
    ) -> (Vec<Line<'static>>, Option<usize>) {
        let done = self.answered.is_some();
        let mark = |on: bool| {
            if on {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            }
        };
        match (&self.work, &question.kind) {
            (
                Work::Choices { cursor, ticked },
                QuestionKind::Single { choices, .. } | QuestionKind::Multiple { choices, .. },
            ) => {
                let right: Vec<usize> = match &question.kind {
                    QuestionKind::Single { answer, .. } => vec![*answer],
                    QuestionKind::Multiple { answers, .. } => answers.clone(),
                    _ => Vec::new(),
                };
                let multiple = matches!(question.kind, QuestionKind::Multiple { .. });
                let picked = match &self.answered {
                    Some((Response::Choice(i), _)) => vec![*i],
                    Some((Response::Choices(v), _)) => v.clone(),
                    _ => Vec::new(),
                };
                let lines = choices
                    .iter()
                    .enumerate()
                    .map(|(i, choice)| {
                        let tick = if multiple {
                            if ticked[i] { "[x] " } else { "[ ] " }
                        } else {
                            ""
                        };
                        let (sign, style) = if done {
                            match (right.contains(&i), picked.contains(&i)) {
                                (true, _) => ("✓ ", theme.success()),
                                (false, true) => ("✗ ", theme.error()),
                                _ => ("  ", theme.dim()),
                            }
                        } else {
                            (if i == *cursor { "› " } else { "  " }, mark(i == *cursor))
                        };
                        Line::from(vec![
                            Span::styled(format!("{sign}{}. {tick}", i + 1), style),
                            Span::styled(inert_line(choice), style),
                        ])
                    })
                    .collect::<Vec<_>>();
                let count = lines.len();
                (lines, Some(count))
            }
            (Work::Truth { cursor }, QuestionKind::TrueFalse { correct }) => {
                let lines = ["True", "False"]
                    .iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let value = i == 0;
                        let style = if done {
                            if value == *correct {
                                theme.success()
                            } else {
                                theme.dim()
                            }
                        } else {
                            mark(i == *cursor)
                        };
                        let sign = if done && value == *correct {
                            "✓ "
                        } else if !done && i == *cursor {
                            "› "
                        } else {
                            "  "
                        };
                        Line::styled(format!("{sign}{label}"), style)
                    })
                    .collect();
                (lines, Some(2))
            }
            (Work::Text(input), _) => (
                vec![Line::from(vec![
                    Span::styled("› ", theme.key()),
                    Span::raw(inert_line(input.value())),
                ])],
                None,
            ),
            (Work::Order { order, cursor }, QuestionKind::Order { items }) => {
                let lines = order
                    .iter()
                    .enumerate()
                    .map(|(position, &item)| {
                        let style = if done {
                            if item == position {
                                theme.success()
                            } else {
                                theme.error()
                            }
                        } else {
                            mark(position == *cursor)
                        };
                        let sign = if !done && position == *cursor {
                            "› "
                        } else {
                            "  "
                        };
                        Line::styled(
                            format!("{sign}{}. {}", position + 1, inert_line(&items[item])),
                            style,
                        )
                    })
                    .collect();
                (lines, None)
            }
            (Work::Line { cursor }, QuestionKind::SpotBug { line }) => {
                let text = question.dockerfile.as_deref().unwrap_or_default();
                let lines = text::dockerfile_lines(text, theme, |n| {
                    if done && n == *line {
                        Some(theme.success())
                    } else if n == *cursor {
                        Some(if done {
                            theme.error()
                        } else {
                            theme.selected()
                        })
                    } else {
                        None
                    }
                });
                let count = lines.len();
                (lines, Some(count))
            }
            (Work::Blanks { inputs, current }, QuestionKind::FillBlank { .. }) => {
                let text = fill_blanks(question.dockerfile.as_deref().unwrap_or_default(), inputs);
                let mut lines = text::dockerfile_lines(&text, theme, |_| None);
                lines.push(Line::raw(""));
                for (i, input) in inputs.iter().enumerate() {
                    let style = if !done && i == *current {
                        theme.key()
                    } else {
                        theme.dim()
                    };
                    lines.push(Line::from(vec![
                        Span::styled(format!("  blank {}: ", i + 1), style),
                        Span::raw(inert_line(input.value())),
                    ]));
                }
                (lines, None)
            }
            (Work::Card, _) if !done => (
                vec![Line::styled(
                    "Recall your answer, then press Space to see the model answer.",
                    theme.dim(),
                )],
                None,
            ),
            (Work::Lab, _) => (
                vec![Line::styled(
                    "Labs are done in the lab screen: `stagecraft lab ID`.",
                    theme.dim(),
                )],
                None,
            ),
            _ => (Vec::new(), None),
        }
    }
}

/// Right or wrong, the right answer when it was wrong, the explanation and the lesson link.
fn feedback(
    question: &Question,
    response: &Response,
    verdict: Verdict,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match verdict {
        Verdict::Correct => lines.push(Line::styled("✓ Correct", theme.success())),
        Verdict::Incorrect => {
            lines.push(Line::styled("✗ Not quite", theme.error()));
            if !matches!(
                response,
                Response::Choice(_) | Response::Choices(_) | Response::Truth(_) | Response::Line(_)
            ) {
                lines.push(Line::from(vec![
                    Span::styled("Right answer: ", theme.dim()),
                    Span::raw(inert_line(&grade::right_answer(&question.kind))),
                ]));
            }
        }
        Verdict::SelfGraded => {
            lines.push(Line::styled("Model answer", theme.title()));
            lines.extend(text::markdown_lines(
                &grade::right_answer(&question.kind),
                width,
                theme,
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.extend(text::markdown_lines(&question.explanation, width, theme));
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Taught in ", theme.dim()),
        Span::styled(question.lesson.to_string(), theme.key()),
        Span::styled("  (o opens it)", theme.dim()),
    ]));
    lines
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

/// Moves a cursor over `count` items. Returns `false` for an intent that is not a move (Esc,
/// Tab, left and right), which the caller passes on so that Esc still leaves the screen.
fn move_cursor(cursor: &mut usize, nav: Nav, count: usize) -> bool {
    let last = count.saturating_sub(1);
    *cursor = match nav {
        Nav::Up => cursor.saturating_sub(1),
        Nav::Down => (*cursor + 1).min(last),
        Nav::Top | Nav::PageUp => 0,
        Nav::Bottom | Nav::PageDown => last,
        _ => return false,
    };
    true
}

/// A shuffle of `0..len` that is the same every time for the same question, and never the
/// right order when there are at least two items.
pub fn shuffled(len: usize, seed_text: &str) -> Vec<usize> {
    let mut state = seed_text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut order: Vec<usize> = (0..len).collect();
    for i in (1..len).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    if len >= 2 && order.iter().enumerate().all(|(i, &j)| i == j) {
        order.rotate_left(1);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{LessonLink, Origin};

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

    fn keys(view: &mut QuestionView, q: &Question, codes: &[KeyCode]) -> QuestionEvent {
        let mut last = QuestionEvent::Ignored;
        for &code in codes {
            let modifiers = if matches!(code, KeyCode::Char(c) if c.is_ascii_uppercase()) {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            last = view.handle(&Event::Key(KeyEvent::new(code, modifiers)), q);
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
        let mut view = QuestionView::new(&q);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(40, 10)).unwrap();
        terminal
            .draw(|f| view.draw(f, f.area(), &q, Theme::new(false)))
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
                    keys(&mut QuestionView::new(&q), &q, &[code]),
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
                &mut QuestionView::new(&q),
                &q,
                &[KeyCode::Char('j'), KeyCode::Enter]
            ),
            RIGHT
        );
        assert_eq!(
            keys(&mut QuestionView::new(&q), &q, &[KeyCode::Char('3')]),
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
        let mut view = QuestionView::new(&q);
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
                &mut QuestionView::new(&q),
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
            keys(&mut QuestionView::new(&q), &q, &[KeyCode::Char('f')]),
            RIGHT
        );
        assert_eq!(
            keys(&mut QuestionView::new(&q), &q, &[KeyCode::Enter]),
            WRONG
        );
        let card = question(
            QuestionKind::Flashcard {
                model_answer: "m".into(),
            },
            None,
        );
        assert_eq!(
            keys(&mut QuestionView::new(&card), &card, &[KeyCode::Char(' ')]),
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
        let mut view = QuestionView::new(&q);
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
        let mut empty = QuestionView::new(&q);
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
        let mut view = QuestionView::new(&q);
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
                &mut QuestionView::new(&q),
                &q,
                &[KeyCode::Char('j'), KeyCode::Enter]
            ),
            RIGHT
        );
        assert_eq!(
            keys(&mut QuestionView::new(&q), &q, &[KeyCode::Enter]),
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
        let mut view = QuestionView::new(&q);
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
        let mut view = QuestionView::new(&q);
        assert_eq!(
            keys(&mut view, &q, &[KeyCode::Char('a'), KeyCode::Enter]),
            WRONG
        );
    }

    #[test]
    fn shuffles_are_stable_and_never_already_solved() {
        for len in 2..8 {
            for seed in ["a", "b", "order-1", "caching-order"] {
                let order = shuffled(len, seed);
                assert_eq!(order, shuffled(len, seed));
                let mut sorted = order.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, (0..len).collect::<Vec<_>>());
                assert!(order.iter().enumerate().any(|(i, &j)| i != j), "{order:?}");
            }
        }
    }
}
