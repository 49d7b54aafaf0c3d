//! The custom-study chooser: the cards missed today, the leeches and each topic, with how many
//! cards each would ask. Enter starts the review screen in its custom-study mode
//! ([`ReviewScreen::custom`]), which saves nothing: no card is rescheduled and the day's
//! counts and new-card allowance stay as they are. A choice with no card (a topic of labs
//! only, no card missed today, no leech) is listed dimmed, marked "(nothing to study)", and
//! Enter on it says why in a notice, as the app's other keys do when they have nothing to act
//! on.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, Paragraph};

use super::keymap::{Binding, Bound, Key, KeyHelp, Nav};
use super::list::Selection;
use super::review::ReviewScreen;
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::widgets;
use crate::commands::study::{known_topic, nothing_to_study, study_cards, study_sets};
use crate::sanitize::inert_line;
use crate::srs::custom_study::CustomStudy;

/// The custom study of `kind` as a review screen in custom-study mode, or why not (an unknown
/// topic, nothing to study, or the store could not be read).
pub fn start(ctx: &Context, kind: &CustomStudy) -> Result<ReviewScreen, String> {
    let kind = match kind {
        CustomStudy::Topic(topic) => CustomStudy::Topic(known_topic(&ctx.content, topic)?),
        other => other.clone(),
    };
    let cards = study_cards(
        &ctx.content,
        &ctx.store,
        &ctx.scheduler,
        ctx.clock,
        ctx.now(),
        &kind,
    )
    .map_err(|e| e.to_string())?;
    if cards.is_empty() {
        return Err(nothing_to_study(&ctx.content, &kind));
    }
    Ok(ReviewScreen::custom(ctx, &kind.label(), cards))
}

/// What the chooser can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Move the selection.
    Move(Nav),
    /// Select a row (a click).
    Select(usize),
    /// Study the selected kind, or say why there is nothing to study.
    Start,
}

/// One choice: its kind and how many cards it asks now.
struct Choice {
    kind: CustomStudy,
    cards: Vec<String>,
}

/// The chooser.
pub struct CustomStudyScreen {
    choices: Vec<Choice>,
    selection: Selection,
    problem: Option<String>,
}

/// Where the layout put the list, for the mouse.
pub struct Hits {
    list_area: Rect,
}

fn can_move(screen: &CustomStudyScreen) -> bool {
    screen.selection.can_move()
}

fn has_selection(screen: &CustomStudyScreen) -> bool {
    screen.selected().is_some()
}

const NAV: [Binding<CustomStudyScreen, Command>; 6] =
    crate::nav_bindings!(Command::Move, can_move, "move");

const TABLE: &[Binding<CustomStudyScreen, Command>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "study",
        help: "study these cards; nothing is saved, nothing is rescheduled",
        command: Bound::To(Command::Start),
        when: has_selection,
    },
    NAV[0],
    NAV[1],
    NAV[2],
    NAV[3],
    NAV[4],
    NAV[5],
];

impl CustomStudyScreen {
    /// The chooser, with `topic`'s row selected when given (the topic selected on home),
    /// else the cards missed today.
    pub fn new(ctx: &Context, topic: Option<&str>) -> Self {
        let mut kinds = vec![CustomStudy::MissedToday, CustomStudy::Leeches];
        kinds.extend(
            ctx.content
                .topics()
                .into_iter()
                .map(|t| CustomStudy::Topic(t.name)),
        );
        let mut screen = Self {
            choices: kinds
                .into_iter()
                .map(|kind| Choice {
                    kind,
                    cards: Vec::new(),
                })
                .collect(),
            selection: Selection::new(0),
            problem: None,
        };
        screen.count(ctx);
        let first = topic
            .and_then(|t| {
                screen.choices.iter().position(
                    |c| matches!(&c.kind, CustomStudy::Topic(name) if name.eq_ignore_ascii_case(t)),
                )
            })
            .unwrap_or(0);
        screen.selection.select(first);
        screen
    }

    /// Counts the cards of every choice again.
    fn count(&mut self, ctx: &Context) {
        let kinds: Vec<CustomStudy> = self.choices.iter().map(|c| c.kind.clone()).collect();
        match study_sets(
            &ctx.content,
            &ctx.store,
            &ctx.scheduler,
            ctx.clock,
            ctx.now(),
            &kinds,
        ) {
            Ok(sets) => {
                for (choice, cards) in self.choices.iter_mut().zip(sets) {
                    choice.cards = cards;
                }
                self.problem = None;
            }
            Err(error) => self.problem = Some(error.to_string()),
        }
        let index = self.selection.index().unwrap_or(0);
        let page = self.selection.page;
        self.selection = Selection::new(self.choices.len());
        self.selection.page = page;
        self.selection.select(index);
    }

    fn selected(&self) -> Option<&Choice> {
        self.selection.index().and_then(|i| self.choices.get(i))
    }
}

/// A choice's name in the list.
fn choice_name(kind: &CustomStudy) -> String {
    match kind {
        CustomStudy::Topic(topic) => format!("Topic: {}", inert_line(topic)),
        CustomStudy::MissedToday => "Missed today".to_owned(),
        CustomStudy::Leeches => "Leeches".to_owned(),
    }
}

/// The list, and one line under it.
fn panels(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area)
}

impl Screen for CustomStudyScreen {
    fn title(&self) -> String {
        "Custom study".into()
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
        let [list_area, line_area] = panels(area);
        // Room in a row: the panel less its borders and the selection mark.
        let room = usize::from(list_area.width.saturating_sub(4));
        let items: Vec<ListItem> = self
            .choices
            .iter()
            .map(|choice| {
                let count = match choice.cards.len() {
                    0 => "(nothing to study)".to_owned(),
                    1 => "1 card".to_owned(),
                    n => format!("{n} cards"),
                };
                let name_room = room.saturating_sub(count.chars().count() + 1);
                let name = widgets::ellipsis(&choice_name(&choice.kind), name_room);
                let text = format!("{name:<name_room$} {count}");
                let style = if choice.cards.is_empty() {
                    theme.dim()
                } else {
                    ratatui::style::Style::default()
                };
                ListItem::new(Line::styled(text, style))
            })
            .collect();
        let mut state = self.selection.state;
        frame.render_stateful_widget(
            List::new(items)
                .block(widgets::panel(
                    "Practise without touching the schedule",
                    true,
                    theme,
                ))
                .highlight_style(theme.selected())
                .highlight_symbol("› "),
            list_area,
            &mut state,
        );
        let fit = |text: &str| widgets::ellipsis(text, usize::from(line_area.width));
        let line = match (&self.problem, self.selected()) {
            (Some(problem), _) => {
                Line::styled(fit(&format!("⚠ {}", inert_line(problem))), theme.error())
            }
            (None, Some(choice)) if choice.cards.is_empty() => Line::styled(
                fit(&nothing_to_study(&ctx.content, &choice.kind)),
                theme.dim(),
            ),
            _ => Line::styled(
                fit("Nothing is saved: no card is rescheduled, no new card of today is used."),
                theme.dim(),
            ),
        };
        frame.render_widget(Paragraph::new(line), line_area);
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }

    fn resumed(&mut self, ctx: &Context) -> Action {
        self.count(ctx);
        Action::None
    }
}

impl Commands for CustomStudyScreen {
    type Command = Command;
    type Hits = Hits;

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Move(nav) => self.selection.apply(nav),
            Command::Select(row) => self.selection.select(row),
            Command::Start => {
                if let Some(choice) = self.selected() {
                    if choice.cards.is_empty() {
                        return Action::info(nothing_to_study(&ctx.content, &choice.kind));
                    }
                    return Action::Push(Box::new(ReviewScreen::custom(
                        ctx,
                        &choice.kind.label(),
                        choice.cards.clone(),
                    )));
                }
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
