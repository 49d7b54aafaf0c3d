//! The card browser: every card with its scheduling state, sortable, searchable and filtered
//! like `stagecraft cards`, with the actions of `stagecraft cards ACTION` on the selected card
//! or on the marked cards (suspend or unsuspend, bury until tomorrow, forget, set a due date),
//! each one transaction and one undo step, custom study of the marked or listed cards, and the
//! card opened with its answers and retrievability.

mod columns;

use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};
use tui_input::{Input, InputRequest};

use super::card_detail::CardDetailScreen;
use super::keymap::{Binding, Bound, Key, KeyHelp, Nav};
use super::lesson::LessonScreen;
use super::list::Selection;
use super::review::ReviewScreen;
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::widgets;
use crate::commands::QuestionMeta;
use crate::commands::cards::{CardAction, CardRow, Filter, ListArgs, SortKey, apply, list_rows};
use crate::sanitize::inert_line;
use crate::srs::CardState;
use columns::Columns;

/// What the card browser can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Move the selection.
    Move(Nav),
    /// Select a row (a click).
    Select(usize),
    /// Open the selected card.
    Open,
    /// Sort by the next column.
    NextSort,
    /// Show the next subset: all, due, suspended, leeches.
    NextFilter,
    /// Start typing a search.
    StartSearch,
    /// Start typing the days until the selected card is due.
    StartDue,
    /// An edit of the text being typed.
    Edit(InputRequest),
    /// Apply what was typed.
    Submit,
    /// Stop typing; a search typed so far is dropped.
    Cancel,
    /// Suspend the selected card, or unsuspend it.
    ToggleSuspend,
    /// Bury the selected card until the next study day.
    Bury,
    /// Make the selected card new again (its answers stay in the log).
    Forget,
    /// Take back the last change.
    Undo,
    /// Open the lesson section that teaches the selected card.
    OpenLesson,
    /// Mark the selected card, or unmark it.
    ToggleMark,
    /// Mark every listed card, or unmark them all when they all are.
    MarkAll,
    /// Custom study of the marked cards, or of every listed card when none is marked.
    Practise,
}

/// What is being typed.
enum Prompt {
    /// Nothing: the keys are commands.
    Off,
    /// A search over ids, topics and questions.
    Search(Input),
    /// Days from today until the selected card is due.
    DueDays(Input),
}

/// A change that can be taken back: what it was, and the states before it.
struct Undo {
    what: String,
    before: Vec<(String, CardState)>,
}

fn typing(screen: &CardsScreen) -> bool {
    !matches!(screen.prompt, Prompt::Off)
}

fn browsing(screen: &CardsScreen) -> bool {
    !typing(screen)
}

fn has_selection(screen: &CardsScreen) -> bool {
    browsing(screen) && screen.selection.index().is_some()
}

fn can_move(screen: &CardsScreen) -> bool {
    browsing(screen) && screen.selection.can_move()
}

fn has_rows(screen: &CardsScreen) -> bool {
    browsing(screen) && !screen.rows.is_empty()
}

fn can_undo(screen: &CardsScreen) -> bool {
    browsing(screen) && !screen.undo.is_empty()
}

const NAV: [Binding<CardsScreen, Command>; 6] =
    crate::nav_bindings!(Command::Move, can_move, "move");

const TABLE: &[Binding<CardsScreen, Command>] = &[
    // Typing a search or a number of days: every key edits it but these.
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "apply",
        help: "apply what was typed",
        command: Bound::To(Command::Submit),
        when: typing,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "cancel",
        help: "stop typing",
        command: Bound::To(Command::Cancel),
        when: typing,
    },
    Binding {
        keys: &[Key::Text],
        shown: "type",
        hint: "text",
        help: "the search text, or the days until due",
        command: Bound::Text(Command::Edit),
        when: typing,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "open",
        help: "open the card: its question, every answer and its retrievability",
        command: Bound::To(Command::Open),
        when: has_selection,
    },
    Binding {
        keys: &[Key::Char('/')],
        shown: "/",
        hint: "search",
        help: "search ids, topics and questions (empty: every card)",
        command: Bound::To(Command::StartSearch),
        when: browsing,
    },
    Binding {
        keys: &[Key::Char('o')],
        shown: "o",
        hint: "sort",
        help: "sort by the next column: due, interval, stability, difficulty, retrievability, lapses, reviews, topic, id",
        command: Bound::To(Command::NextSort),
        when: browsing,
    },
    Binding {
        keys: &[Key::Char('f')],
        shown: "f",
        hint: "filter",
        help: "show all cards, due cards, suspended cards or leeches",
        command: Bound::To(Command::NextFilter),
        when: browsing,
    },
    Binding {
        keys: &[Key::Char('s')],
        shown: "s",
        hint: "suspend",
        help: "suspend the card or the marked cards (they leave every queue), or unsuspend them",
        command: Bound::To(Command::ToggleSuspend),
        when: has_selection,
    },
    Binding {
        keys: &[Key::Char('b')],
        shown: "b",
        hint: "bury",
        help: "bury the card or the marked cards until the next study day",
        command: Bound::To(Command::Bury),
        when: has_selection,
    },
    Binding {
        keys: &[Key::Char('x')],
        shown: "x",
        hint: "forget",
        help: "forget the card or the marked cards: new again, their answers stay in the log",
        command: Bound::To(Command::Forget),
        when: has_selection,
    },
    Binding {
        keys: &[Key::Char('t')],
        shown: "t",
        hint: "set due",
        help: "make the card or the marked cards due in a number of days (0: today)",
        command: Bound::To(Command::StartDue),
        when: has_selection,
    },
    Binding {
        keys: &[Key::Char('u')],
        shown: "u",
        hint: "undo",
        help: "take back the last change (all the cards it changed)",
        command: Bound::To(Command::Undo),
        when: can_undo,
    },
    Binding {
        keys: &[Key::Char(' ')],
        shown: "Space",
        hint: "mark",
        help: "mark the card for an action on several cards, or unmark it",
        command: Bound::To(Command::ToggleMark),
        when: has_selection,
    },
    Binding {
        keys: &[Key::Char('a')],
        shown: "a",
        hint: "mark all",
        help: "mark every listed card, or unmark them all",
        command: Bound::To(Command::MarkAll),
        when: has_rows,
    },
    Binding {
        keys: &[Key::Char('p')],
        shown: "p",
        hint: "practise",
        help: "custom study of the marked cards (or all listed): nothing saved, nothing rescheduled",
        command: Bound::To(Command::Practise),
        when: has_rows,
    },
    Binding {
        keys: &[Key::Char('l')],
        shown: "l",
        hint: "lesson",
        help: "open the lesson section that teaches the card",
        command: Bound::To(Command::OpenLesson),
        when: has_selection,
    },
    NAV[0],
    NAV[1],
    NAV[2],
    NAV[3],
    NAV[4],
    NAV[5],
];

/// The order `o` walks through the columns.
const SORTS: [SortKey; 9] = [
    SortKey::Due,
    SortKey::Interval,
    SortKey::Stability,
    SortKey::Difficulty,
    SortKey::Retrievability,
    SortKey::Lapses,
    SortKey::Reviews,
    SortKey::Topic,
    SortKey::Id,
];

fn sort_name(key: SortKey) -> &'static str {
    match key {
        SortKey::Id => "id",
        SortKey::Topic => "topic",
        SortKey::Due => "due",
        SortKey::Interval => "interval",
        SortKey::Stability => "stability",
        SortKey::Difficulty => "difficulty",
        SortKey::Retrievability => "retrievability",
        SortKey::Lapses => "lapses",
        SortKey::Reviews => "reviews",
    }
}

fn filter_name(filter: Option<Filter>) -> &'static str {
    match filter {
        None => "all",
        Some(Filter::Due) => "due",
        Some(Filter::Suspended) => "suspended",
        Some(Filter::Leeches) => "leeches",
    }
}

/// Opens a lesson at a section, or says it is not loaded.
pub fn open_lesson(lesson: &str, anchor: Option<&str>, ctx: &Context) -> Action {
    match ctx.content.lesson(lesson) {
        Some(found) => Action::Push(Box::new(LessonScreen::open(found, anchor, ctx))),
        None => Action::error(format!("the lesson `{lesson}` is not loaded")),
    }
}

/// The card browser.
pub struct CardsScreen {
    questions: Vec<QuestionMeta>,
    args: ListArgs,
    rows: Vec<CardRow>,
    selection: Selection,
    prompt: Prompt,
    undo: Vec<Undo>,
    problem: Option<String>,
    /// The marked cards, always among the listed ones.
    marked: BTreeSet<String>,
    /// The columns fitted to the list's width by the last layout.
    columns: Columns,
}

/// Where the layout put the list, for the mouse.
pub struct Hits {
    list_area: Rect,
}

impl CardsScreen {
    /// Every card, due soonest first.
    pub fn new(ctx: &Context) -> Self {
        let mut screen = Self {
            questions: QuestionMeta::from_content(&ctx.content),
            args: ListArgs {
                topic: None,
                search: None,
                due: false,
                suspended: false,
                leeches: false,
                sort: SortKey::Due,
                json: false,
            },
            rows: Vec::new(),
            selection: Selection::new(0),
            prompt: Prompt::Off,
            undo: Vec::new(),
            problem: None,
            marked: BTreeSet::new(),
            columns: Columns::fit(&[], SortKey::Due, 0),
        };
        screen.read(ctx);
        screen
    }

    /// Reads the rows again, keeping the selected card selected when it is still listed.
    fn read(&mut self, ctx: &Context) {
        let keep = self.selected_id().map(str::to_owned);
        match ctx.store.card_states() {
            Ok(states) => {
                let states = states.into_iter().collect();
                self.rows = list_rows(
                    &self.questions,
                    &states,
                    &ctx.scheduler,
                    ctx.clock,
                    ctx.now(),
                    &self.args,
                );
                self.problem = None;
            }
            Err(error) => self.problem = Some(error.to_string()),
        }
        let listed: BTreeSet<&str> = self.rows.iter().map(|r| r.id.as_str()).collect();
        self.marked.retain(|id| listed.contains(id.as_str()));
        let index = keep
            .and_then(|id| self.rows.iter().position(|r| r.id == id))
            .or_else(|| self.selection.index())
            .unwrap_or(0);
        let page = self.selection.page;
        self.selection = Selection::new(self.rows.len());
        self.selection.page = page;
        self.selection.select(index);
    }

    /// The cards an action applies to: the marked ones in list order, else the selected one.
    fn targets(&self) -> Vec<&CardRow> {
        if self.marked.is_empty() {
            self.selection
                .index()
                .and_then(|i| self.rows.get(i))
                .into_iter()
                .collect()
        } else {
            self.rows
                .iter()
                .filter(|r| self.marked.contains(&r.id))
                .collect()
        }
    }

    /// The ids of [`CardsScreen::targets`], and how to name them in a message.
    fn target_ids(&self) -> (Vec<String>, String) {
        let ids: Vec<String> = self.targets().iter().map(|r| r.id.clone()).collect();
        let name = match ids.as_slice() {
            [one] if self.marked.is_empty() => one.clone(),
            _ => format!("{} cards", ids.len()),
        };
        (ids, name)
    }

    fn selected_id(&self) -> Option<&str> {
        self.selection
            .index()
            .and_then(|i| self.rows.get(i))
            .map(|r| r.id.as_str())
    }

    fn filter(&self) -> Option<Filter> {
        if self.args.due {
            Some(Filter::Due)
        } else if self.args.suspended {
            Some(Filter::Suspended)
        } else if self.args.leeches {
            Some(Filter::Leeches)
        } else {
            None
        }
    }

    fn set_filter(&mut self, filter: Option<Filter>) {
        self.args.due = filter == Some(Filter::Due);
        self.args.suspended = filter == Some(Filter::Suspended);
        self.args.leeches = filter == Some(Filter::Leeches);
    }

    /// Applies `action` to the selected card, remembering how to take it back.
    fn change(&mut self, action: CardAction, what: &str, ctx: &Context) -> Action {
        let result = apply(&ctx.store, &self.questions, &action, ctx.now(), ctx.clock);
        let outcome = match result {
            Ok(changes) => {
                self.undo.push(Undo {
                    what: what.to_owned(),
                    before: changes
                        .into_iter()
                        .map(|c| (c.question_id, c.before))
                        .collect(),
                });
                Action::info(format!("{what} (u takes it back)."))
            }
            Err(error) => Action::error(error),
        };
        self.read(ctx);
        outcome
    }

    fn title_line(&self) -> String {
        let search = self
            .args
            .search
            .as_deref()
            .map(|s| format!(" · search \"{}\"", inert_line(s)))
            .unwrap_or_default();
        let marked = match self.marked.len() {
            0 => String::new(),
            n => format!(" · {n} marked"),
        };
        format!(
            "{} cards · {} · sorted by {}{search}{marked}",
            self.rows.len(),
            filter_name(self.filter()),
            sort_name(self.args.sort)
        )
    }
}

/// The width of a row's text in the list: the panel less its borders and the `› ` mark.
fn row_width(list_area: Rect) -> usize {
    usize::from(list_area.width.saturating_sub(4))
}

/// The column names, the list, and one line for the prompt or the last problem.
fn panels(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area)
}

impl Screen for CardsScreen {
    fn title(&self) -> String {
        "Cards".into()
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, _ctx: &Context) -> HitMap {
        let [_, list_area, _] = panels(area);
        self.selection.fit(list_area);
        self.columns = Columns::fit(&self.rows, self.args.sort, row_width(list_area));
        HitMap::new(Hits { list_area })
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let [header_area, list_area, prompt_area] = panels(area);
        // The column names line up with the rows: past the border and the `› ` mark.
        let width = row_width(list_area);
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("   {}", widgets::ellipsis(&self.columns.header(), width)),
                theme.title(),
            )),
            header_area,
        );
        let items: Vec<ListItem> = self
            .rows
            .iter()
            .map(|row| {
                let style = if row.leech {
                    theme.error()
                } else if row.suspended || row.buried {
                    theme.dim()
                } else {
                    ratatui::style::Style::default()
                };
                let text = self.columns.row(row, self.marked.contains(&row.id));
                ListItem::new(Line::styled(widgets::ellipsis(&text, width), style))
            })
            .collect();
        let mut state = self.selection.state;
        frame.render_stateful_widget(
            List::new(items)
                .block(widgets::panel(&self.title_line(), true, theme))
                .highlight_style(theme.selected())
                .highlight_symbol("› "),
            list_area,
            &mut state,
        );
        // A message longer than the line ends with `…` rather than being cut mid-word.
        let fit = |text: &str| widgets::ellipsis(text, usize::from(prompt_area.width));
        let prompt = match &self.prompt {
            Prompt::Search(input) => Line::from(vec![
                Span::styled("search: ", theme.key()),
                Span::raw(inert_line(input.value())),
                Span::styled("▏", theme.key()),
            ]),
            Prompt::DueDays(input) => Line::from(vec![
                Span::styled("due in how many days (0: today): ", theme.key()),
                Span::raw(inert_line(input.value())),
                Span::styled("▏", theme.key()),
            ]),
            Prompt::Off => match &self.problem {
                Some(problem) => {
                    Line::styled(fit(&format!("⚠ {}", inert_line(problem))), theme.error())
                }
                None if self.rows.is_empty() => {
                    Line::styled(fit("No card matches (f: filter, /: search)."), theme.dim())
                }
                None => Line::styled(
                    fit("Changes are saved at once; u takes the last one back."),
                    theme.dim(),
                ),
            },
        };
        frame.render_widget(Paragraph::new(prompt), prompt_area);
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }

    fn captures_text(&self) -> bool {
        typing(self)
    }

    fn resumed(&mut self, ctx: &Context) -> Action {
        self.read(ctx);
        Action::None
    }
}

impl Commands for CardsScreen {
    type Command = Command;
    type Hits = Hits;

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Move(nav) => self.selection.apply(nav),
            Command::Select(row) => self.selection.select(row),
            Command::Open => {
                if let Some(id) = self.selected_id() {
                    return Action::Push(Box::new(CardDetailScreen::new(id, ctx)));
                }
            }
            Command::NextSort => {
                let at = SORTS.iter().position(|&k| k == self.args.sort).unwrap_or(0);
                self.args.sort = SORTS[(at + 1) % SORTS.len()];
                self.read(ctx);
            }
            Command::NextFilter => {
                let next = match self.filter() {
                    None => Some(Filter::Due),
                    Some(Filter::Due) => Some(Filter::Suspended),
                    Some(Filter::Suspended) => Some(Filter::Leeches),
                    Some(Filter::Leeches) => None,
                };
                self.set_filter(next);
                self.read(ctx);
            }
            Command::StartSearch => {
                let text = self.args.search.clone().unwrap_or_default();
                self.prompt = Prompt::Search(Input::new(text));
            }
            Command::StartDue => self.prompt = Prompt::DueDays(Input::default()),
            Command::Edit(request) => match &mut self.prompt {
                Prompt::Search(input) | Prompt::DueDays(input) => {
                    input.handle(request);
                }
                Prompt::Off => {}
            },
            Command::Cancel => self.prompt = Prompt::Off,
            Command::Submit => {
                let prompt = std::mem::replace(&mut self.prompt, Prompt::Off);
                match prompt {
                    Prompt::Search(input) => {
                        let text = input.value().trim();
                        self.args.search = (!text.is_empty()).then(|| text.to_owned());
                        self.read(ctx);
                    }
                    Prompt::DueDays(input) => {
                        let (ids, name) = self.target_ids();
                        if ids.is_empty() {
                            return Action::None;
                        }
                        let days = match input.value().trim().parse::<u32>() {
                            Ok(days) if days <= 36_500 => days,
                            _ => {
                                return Action::error(format!(
                                    "`{}` is not a number of days from 0 to 36500",
                                    inert_line(input.value())
                                ));
                            }
                        };
                        let what = format!("{name} due in {days} days");
                        return self.change(CardAction::SetDue { days, ids }, &what, ctx);
                    }
                    Prompt::Off => {}
                }
            }
            Command::ToggleSuspend => {
                // Unsuspend when every target is suspended, else suspend them all.
                let targets = self.targets();
                if targets.is_empty() {
                    return Action::None;
                }
                let all_suspended = targets.iter().all(|r| r.suspended);
                let (ids, name) = self.target_ids();
                let (action, what) = if all_suspended {
                    (CardAction::Unsuspend { ids }, format!("Unsuspended {name}"))
                } else {
                    (CardAction::Suspend { ids }, format!("Suspended {name}"))
                };
                return self.change(action, &what, ctx);
            }
            Command::Bury => {
                let (ids, name) = self.target_ids();
                if !ids.is_empty() {
                    let what = format!("Buried {name} until tomorrow");
                    return self.change(CardAction::Bury { ids }, &what, ctx);
                }
            }
            Command::Forget => {
                let (ids, name) = self.target_ids();
                if !ids.is_empty() {
                    let what = format!("Reset {name} to new");
                    return self.change(CardAction::Forget { ids }, &what, ctx);
                }
            }
            Command::ToggleMark => {
                if let Some(id) = self.selected_id().map(str::to_owned)
                    && !self.marked.remove(&id)
                {
                    self.marked.insert(id);
                }
            }
            Command::MarkAll => {
                if self.marked.len() == self.rows.len() {
                    self.marked.clear();
                } else {
                    self.marked = self.rows.iter().map(|r| r.id.clone()).collect();
                }
            }
            Command::Practise => {
                let (ids, what) = if self.marked.is_empty() {
                    let ids: Vec<String> = self.rows.iter().map(|r| r.id.clone()).collect();
                    let what = format!("{} listed cards", ids.len());
                    (ids, what)
                } else {
                    let (ids, _) = self.target_ids();
                    let what = format!("{} marked cards", ids.len());
                    (ids, what)
                };
                let loaded: Vec<String> = ids
                    .into_iter()
                    .filter(|id| ctx.content.question(id).is_some())
                    .collect();
                if loaded.is_empty() {
                    return Action::error("none of these cards' questions is loaded");
                }
                return Action::Push(Box::new(ReviewScreen::custom(ctx, &what, loaded)));
            }
            Command::Undo => {
                let Some(undo) = self.undo.pop() else {
                    return Action::None;
                };
                let result = ctx.store.put_card_states(&undo.before);
                self.read(ctx);
                return match result {
                    Ok(()) => Action::info(format!("Undone: {}.", undo.what)),
                    Err(error) => {
                        self.undo.push(undo);
                        Action::error(error)
                    }
                };
            }
            Command::OpenLesson => {
                let question = self.selected_id().and_then(|id| ctx.content.question(id));
                return match question {
                    Some(q) => open_lesson(&q.lesson.lesson, q.lesson.anchor.as_deref(), ctx),
                    None => Action::error("this card's question is no longer loaded"),
                };
            }
        }
        Action::None
    }

    fn mouse(&self, event: &MouseEvent, hits: &Hits) -> Option<Command> {
        if typing(self) {
            return None;
        }
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
