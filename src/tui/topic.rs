//! A quiz topic: its questions, each leading to the lesson section that teaches it.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph, Wrap};

use super::keymap::{Binding, Bound, Key, KeyHelp, Nav};
use super::lab::LabScreen;
use super::lesson::LessonScreen;
use super::list::Selection;
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::text;
use super::widgets;
use crate::sanitize::inert_line;
use crate::srs::CardState;

/// What the topic screen can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Move the selection.
    Move(Nav),
    /// Open the selected question's lesson section, or its lab.
    Open,
    /// Suspend the selected card, or bring it back.
    ToggleSuspend,
    /// Select a row (a click).
    Select(usize),
}

fn has_rows(screen: &TopicScreen) -> bool {
    !screen.selection.is_empty()
}

fn can_move(screen: &TopicScreen) -> bool {
    screen.selection.can_move()
}

const NAV: [Binding<TopicScreen, Command>; 6] =
    crate::nav_bindings!(Command::Move, can_move, "move");

const TABLE: &[Binding<TopicScreen, Command>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "open",
        help: "open the question's lesson section, or its lab",
        command: Bound::To(Command::Open),
        when: has_rows,
    },
    Binding {
        keys: &[Key::Char('s')],
        shown: "s",
        hint: "suspend",
        help: "suspend the card (it leaves reviews), or bring it back",
        command: Bound::To(Command::ToggleSuspend),
        when: has_rows,
    },
    NAV[0],
    NAV[1],
    NAV[2],
    NAV[3],
    NAV[4],
    NAV[5],
];

/// The questions of one topic.
pub struct TopicScreen {
    topic: String,
    question_ids: Vec<String>,
    /// The stored states of those questions, read when the screen opens, comes back to the
    /// top, or suspends a card; never while drawing.
    states: HashMap<String, CardState>,
    selection: Selection,
    /// Why the stored states could not be read, if they could not.
    problem: Option<String>,
}

/// Where the layout put the question list, for the mouse.
pub struct Hits {
    list_area: Rect,
}

impl TopicScreen {
    /// The questions of `topic`.
    pub fn new(topic: &str, ctx: &Context) -> Self {
        let question_ids: Vec<String> = ctx
            .content
            .questions
            .iter()
            .filter(|q| q.topic == topic)
            .map(|q| q.id.clone())
            .collect();
        let mut screen = Self {
            topic: topic.to_owned(),
            selection: Selection::new(question_ids.len()),
            question_ids,
            states: HashMap::new(),
            problem: None,
        };
        screen.read_states(ctx);
        screen
    }

    fn read_states(&mut self, ctx: &Context) {
        match ctx.store.card_states_of(&self.question_ids) {
            Ok(states) => {
                self.states = states;
                self.problem = None;
            }
            Err(error) => self.problem = Some(error.to_string()),
        }
    }
}

impl Screen for TopicScreen {
    fn title(&self) -> String {
        format!("Topic: {}", inert_line(&self.topic))
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, _ctx: &Context) -> HitMap {
        let [list_area, _] = panels(area);
        self.selection.fit(list_area);
        HitMap::new(Hits { list_area })
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let [list_area, detail_area] = panels(area);
        let states = &self.states;
        let rows: Vec<ListItem> = self
            .question_ids
            .iter()
            .filter_map(|id| ctx.content.question(id))
            .map(|q| {
                let mark = match states.get(&q.id) {
                    Some(s) if s.leech => Span::styled("leech, suspended  ", theme.error()),
                    Some(s) if s.suspended => Span::styled("suspended  ", theme.warning()),
                    _ => Span::raw(""),
                };
                let mut spans = vec![
                    mark,
                    Span::styled(format!("{:<18}", q.kind.label()), theme.dim()),
                ];
                spans.extend(text::inline(&q.prompt, theme).spans);
                ListItem::new(widgets::fit_line(
                    Line::from(spans),
                    usize::from(list_area.width.saturating_sub(4)),
                ))
            })
            .collect();
        let count = self.question_ids.len();
        let title = format!("{count} question{}", if count == 1 { "" } else { "s" });
        let mut state = self.selection.state;
        frame.render_stateful_widget(
            List::new(rows)
                .block(widgets::panel(&title, true, theme))
                .highlight_style(theme.selected())
                .highlight_symbol("› "),
            list_area,
            &mut state,
        );
        let detail = self
            .selection
            .index()
            .and_then(|i| self.question_ids.get(i))
            .and_then(|id| ctx.content.question(id))
            .map(|q| {
                let mut lines = Vec::new();
                if let Some(problem) = &self.problem {
                    lines.push(Line::styled(
                        format!("⚠ {}", inert_line(problem)),
                        theme.error(),
                    ));
                }
                lines.extend(text::markdown_lines(
                    &q.prompt,
                    detail_area.width.saturating_sub(2).max(1),
                    theme,
                ));
                lines.extend([
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled("Taught in ", theme.dim()),
                        Span::styled(q.lesson.to_string(), theme.key()),
                    ]),
                ]);
                lines
            })
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(detail)
                .wrap(Wrap { trim: false })
                .block(widgets::panel("Question", false, theme)),
            detail_area,
        );
    }

    fn resumed(&mut self, ctx: &Context) -> Action {
        self.read_states(ctx);
        Action::None
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }
}

/// The question list above, the selected question below.
fn panels(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area)
}

impl TopicScreen {
    fn selected_id(&self) -> Option<&String> {
        self.selection
            .index()
            .and_then(|i| self.question_ids.get(i))
    }

    fn open_selected(&mut self, ctx: &Context) -> Action {
        let Some(question) = self.selected_id().and_then(|id| ctx.content.question(id)) else {
            return Action::None;
        };
        if matches!(question.kind, crate::content::QuestionKind::Lab(_)) {
            return match LabScreen::open_default(ctx, &question.id) {
                Ok(lab) => Action::Push(Box::new(lab)),
                Err(error) => Action::error(error),
            };
        }
        match ctx.content.lesson(&question.lesson.lesson) {
            Some(lesson) => Action::Push(Box::new(LessonScreen::open(
                lesson,
                question.lesson.anchor.as_deref(),
                ctx,
            ))),
            None => Action::error(format!(
                "the lesson `{}` is not loaded",
                question.lesson.lesson
            )),
        }
    }
}

impl Commands for TopicScreen {
    type Command = Command;
    type Hits = Hits;

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Move(nav) => self.selection.apply(nav),
            Command::Select(row) => self.selection.select(row),
            Command::Open => return self.open_selected(ctx),
            Command::ToggleSuspend => {
                let Some(id) = self.selected_id().cloned() else {
                    return Action::None;
                };
                let suspended = self.states.get(&id).is_some_and(|s| s.suspended);
                let result = ctx.store.set_suspended(&id, !suspended);
                self.read_states(ctx);
                return match result {
                    Ok(_) if suspended => Action::info("The card is back in reviews."),
                    Ok(_) => Action::info("Suspended: the card leaves reviews until s again."),
                    Err(error) => Action::error(error),
                };
            }
        }
        Action::None
    }

    fn mouse(&self, event: &MouseEvent, hits: &Hits) -> Option<Command> {
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => self
                .selection
                .row_at(hits.list_area, event.column, event.row)
                .map(Command::Select),
            MouseEventKind::ScrollDown => Some(Command::Move(Nav::Down)),
            MouseEventKind::ScrollUp => Some(Command::Move(Nav::Up)),
            _ => None,
        }
    }
}
