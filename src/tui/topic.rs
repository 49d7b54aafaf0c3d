//! A quiz topic: its questions, each leading to the lesson section that teaches it.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph, Wrap};

use super::keymap::{self, KeyHelp, Nav, key};
use super::lab::LabScreen;
use super::lesson::LessonScreen;
use super::list::Selection;
use super::screen::{Action, Context, Screen};
use super::widgets;
use crate::sanitize::{inert, inert_line};
use crate::srs::CardState;

const KEYS: &[KeyHelp] = &[
    key("j/k ↑/↓", "move"),
    key("Enter", "open its lesson section, or the lab"),
    key("g/G", "first / last"),
    key("s", "suspend or unsuspend the card"),
];

/// The questions of one topic.
pub struct TopicScreen {
    topic: String,
    question_ids: Vec<String>,
    /// The stored states of those questions, read when the screen opens, comes back to the
    /// top, or suspends a card; never while drawing.
    states: HashMap<String, CardState>,
    selection: Selection,
    /// The last thing that went wrong: a lab that could not be opened, or the progress
    /// database's error.
    problem: Option<String>,
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
            Ok(states) => self.states = states,
            Err(error) => self.problem = Some(error.to_string()),
        }
    }
}

impl Screen for TopicScreen {
    fn title(&self) -> String {
        format!("Topic: {}", inert_line(&self.topic))
    }

    fn handle(&mut self, event: &Event, ctx: &Context) -> Action {
        let Event::Key(key) = event else {
            return Action::None;
        };
        if keymap::is_char(key, 's') {
            let Some(id) = self
                .selection
                .index()
                .and_then(|i| self.question_ids.get(i))
            else {
                return Action::None;
            };
            let suspended = self.states.get(id).is_some_and(|s| s.suspended);
            if let Err(error) = ctx.store.set_suspended(id, !suspended) {
                self.problem = Some(error.to_string());
            }
            self.read_states(ctx);
            return Action::None;
        }
        match keymap::nav(key) {
            Some(Nav::Select) => {
                let question = self
                    .selection
                    .index()
                    .and_then(|i| self.question_ids.get(i))
                    .and_then(|id| ctx.content.question(id));
                let Some(question) = question else {
                    return Action::None;
                };
                if matches!(question.kind, crate::content::QuestionKind::Lab(_)) {
                    return match LabScreen::open_default(ctx, &question.id) {
                        Ok(lab) => {
                            self.problem = None;
                            Action::Push(Box::new(lab))
                        }
                        Err(error) => {
                            self.problem = Some(error.to_string());
                            Action::None
                        }
                    };
                }
                match ctx.content.lesson(&question.lesson.lesson) {
                    Some(lesson) => Action::Push(Box::new(LessonScreen::open(
                        lesson,
                        question.lesson.anchor.as_deref(),
                        ctx,
                    ))),
                    None => Action::None,
                }
            }
            Some(nav) if self.selection.apply(nav) => {
                self.problem = None;
                Action::None
            }
            _ => Action::Ignored,
        }
    }

    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let [list_area, detail_area] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
        let states = &self.states;
        let rows: Vec<ListItem> = self
            .question_ids
            .iter()
            .filter_map(|id| ctx.content.question(id))
            .map(|q| {
                let first = q.prompt.lines().next().unwrap_or_default();
                let mark = match states.get(&q.id) {
                    Some(s) if s.leech => Span::styled("leech, suspended  ", theme.error()),
                    Some(s) if s.suspended => Span::styled("suspended  ", theme.warning()),
                    _ => Span::raw(""),
                };
                ListItem::new(Line::from(vec![
                    mark,
                    Span::styled(format!("{:<18}", q.kind.label()), theme.dim()),
                    Span::raw(inert_line(first)),
                ]))
            })
            .collect();
        let count = self.question_ids.len();
        let title = format!("{count} question{}", if count == 1 { "" } else { "s" });
        self.selection.page = list_area.height.saturating_sub(2) as usize;
        frame.render_stateful_widget(
            List::new(rows)
                .block(widgets::panel(&title, true, theme))
                .highlight_style(theme.selected())
                .highlight_symbol("› "),
            list_area,
            &mut self.selection.state,
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
                lines.extend([
                    Line::raw(inert(&q.prompt).into_owned()),
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

    fn resumed(&mut self, ctx: &Context) {
        self.read_states(ctx);
    }

    fn keys(&self) -> &[KeyHelp] {
        KEYS
    }
}
