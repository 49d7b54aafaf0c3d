//! The home screen: lessons on the left, quiz topics on the right, content problems below.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};

use super::cards::CardsScreen;
use super::custom_study::CustomStudyScreen;
use super::diagnostics::DiagnosticsScreen;
use super::interview::InterviewScreen;
use super::keymap::{Binding, Bound, Key, KeyHelp, Nav, always};
use super::lesson::LessonScreen;
use super::list::Selection;
use super::review::{DrillOptions, ReviewScreen};
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::settings::SettingsScreen;
use super::stats::StatsScreen;
use super::topic::TopicScreen;
use super::viewer::ViewerScreen;
use super::widgets;
use crate::content::Topic;
use crate::sanitize::inert_line;

/// The three lists of the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The lessons.
    Lessons,
    /// The quiz topics.
    Topics,
    /// The example Dockerfiles.
    Examples,
}

/// Lists lessons and topics and opens them.
pub struct HomeScreen {
    /// Reading progress (0-100) by lesson id; refreshed when the screen is resumed.
    progress: std::collections::HashMap<String, f32>,
    /// Cards to review now and new cards left today; refreshed when the screen is resumed.
    due: Option<(usize, usize)>,
    pane: Pane,
    lessons: Selection,
    topics: Selection,
    examples: Selection,
    topic_list: Vec<Topic>,
    /// Whether the content has problems to list.
    has_problems: bool,
}

/// Where the layout put the lessons, topics and examples panels, for the mouse.
pub struct Hits([Rect; 3]);

/// What the home screen can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Start a review session.
    Review,
    /// Start a drill (on the selected topic when the topics pane is focused).
    Drill,
    /// Set up a mock interview.
    Interview,
    /// Open the statistics.
    Stats,
    /// Open the card browser.
    Cards,
    /// Choose a custom study (of the selected topic, in Topics): nothing is saved.
    CustomStudy,
    /// Open the scheduling settings.
    Settings,
    /// List the content problems.
    Problems,
    /// Open the selected lesson, topic or example.
    Open,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Move in the focused pane.
    Move(Nav),
    /// Focus a pane and select a row in it (a click).
    Select(Pane, usize),
    /// Focus a pane (a click on its border or empty space).
    Focus(Pane),
    /// One notch of the wheel in a pane.
    Wheel(Pane, bool),
}

fn has_problems(screen: &HomeScreen) -> bool {
    screen.has_problems
}

fn focused_can_move(screen: &HomeScreen) -> bool {
    match screen.pane {
        Pane::Lessons => screen.lessons.can_move(),
        Pane::Topics => screen.topics.can_move(),
        Pane::Examples => screen.examples.can_move(),
    }
}

fn something_selected(screen: &HomeScreen) -> bool {
    match screen.pane {
        Pane::Lessons => !screen.lessons.is_empty(),
        Pane::Topics => !screen.topics.is_empty(),
        Pane::Examples => !screen.examples.is_empty(),
    }
}

const NAV: [Binding<HomeScreen, Command>; 6] =
    crate::nav_bindings!(Command::Move, focused_can_move, "move");

const TABLE: &[Binding<HomeScreen, Command>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "open",
        help: "open the selected lesson, topic or example",
        command: Bound::To(Command::Open),
        when: something_selected,
    },
    Binding {
        keys: &[Key::Char('r')],
        shown: "r",
        hint: "review",
        help: "review the cards due now",
        command: Bound::To(Command::Review),
        when: always,
    },
    Binding {
        keys: &[Key::Char('d')],
        shown: "d",
        hint: "drill",
        help: "10-minute interview drill (of the selected topic, in Topics)",
        command: Bound::To(Command::Drill),
        when: always,
    },
    Binding {
        keys: &[Key::Char('i')],
        shown: "i",
        hint: "mock",
        help: "mock interview: typed answers, key points, a debrief",
        command: Bound::To(Command::Interview),
        when: always,
    },
    Binding {
        keys: &[
            Key::Code(KeyCode::Tab),
            Key::Char('l'),
            Key::Code(KeyCode::Right),
        ],
        shown: "Tab l →",
        hint: "next pane",
        help: "next pane: lessons → topics → examples",
        command: Bound::To(Command::NextPane),
        when: always,
    },
    Binding {
        keys: &[
            Key::Code(KeyCode::BackTab),
            Key::Char('h'),
            Key::Code(KeyCode::Left),
        ],
        shown: "S-Tab h ←",
        hint: "",
        help: "previous pane",
        command: Bound::To(Command::PrevPane),
        when: always,
    },
    Binding {
        keys: &[Key::Char('s')],
        shown: "s",
        hint: "stats",
        help: "statistics",
        command: Bound::To(Command::Stats),
        when: always,
    },
    Binding {
        keys: &[Key::Char('c')],
        shown: "c",
        hint: "cards",
        help: "the card browser: sort, search, suspend, undo",
        command: Bound::To(Command::Cards),
        when: always,
    },
    Binding {
        keys: &[Key::Char('w')],
        shown: "w",
        hint: "problems",
        help: "list the problems found in the content",
        command: Bound::To(Command::Problems),
        when: has_problems,
    },
    Binding {
        keys: &[Key::Char('p')],
        shown: "p",
        hint: "practise",
        help: "custom study: a topic, today's misses or leeches; nothing saved, nothing rescheduled",
        command: Bound::To(Command::CustomStudy),
        when: always,
    },
    Binding {
        keys: &[Key::Char('o')],
        shown: "o",
        hint: "settings",
        help: "settings: retention, limits, leeches, optimiser",
        command: Bound::To(Command::Settings),
        when: always,
    },
    NAV[0],
    NAV[1],
    NAV[2],
    NAV[3],
    NAV[4],
    NAV[5],
];

impl HomeScreen {
    /// A home screen over the loaded content.
    pub fn new(ctx: &Context) -> Self {
        let topic_list = ctx.content.topics();
        Self {
            progress: reading_progress(ctx),
            due: due_counts(ctx),
            pane: Pane::Lessons,
            lessons: Selection::new(ctx.content.lessons.len()),
            topics: Selection::new(topic_list.len()),
            examples: Selection::new(ctx.content.examples.len()),
            topic_list,
            has_problems: !ctx.content.diagnostics.is_empty(),
        }
    }

    fn selection_of(&mut self, pane: Pane) -> &mut Selection {
        match pane {
            Pane::Lessons => &mut self.lessons,
            Pane::Topics => &mut self.topics,
            Pane::Examples => &mut self.examples,
        }
    }

    fn open(&self, ctx: &Context) -> Action {
        match self.pane {
            Pane::Lessons => match self
                .lessons
                .index()
                .and_then(|i| ctx.content.lessons.get(i))
            {
                Some(lesson) => Action::Push(Box::new(LessonScreen::open(lesson, None, ctx))),
                None => Action::None,
            },
            Pane::Topics => match self.topics.index().and_then(|i| self.topic_list.get(i)) {
                Some(topic) => Action::Push(Box::new(TopicScreen::new(&topic.name, ctx))),
                None => Action::None,
            },
            Pane::Examples => match self
                .examples
                .index()
                .and_then(|i| ctx.content.examples.get(i))
            {
                Some(example) => Action::Push(Box::new(ViewerScreen::example(example))),
                None => Action::None,
            },
        }
    }

    fn selection(&mut self) -> &mut Selection {
        match self.pane {
            Pane::Lessons => &mut self.lessons,
            Pane::Topics => &mut self.topics,
            Pane::Examples => &mut self.examples,
        }
    }
}

impl Screen for HomeScreen {
    fn title(&self) -> String {
        "Home".into()
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        let (_, panels, _) = screen_areas(area, ctx);
        self.lessons.fit(panels[0]);
        self.topics.fit(panels[1]);
        self.examples.fit(panels[2]);
        HitMap::new(Hits(panels))
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let content = &ctx.content;
        let problems = content.diagnostics.len();
        let (header, [lessons_area, topics_area, examples_area], status) = screen_areas(area, ctx);

        let header_line = match self.due {
            Some((0, 0)) => Line::styled(
                "Nothing due: you are up to date. Read a lesson, or press r to check again.",
                theme.dim(),
            ),
            Some((due, new)) => Line::from(vec![
                Span::styled(format!("{due} due · {new} new today"), theme.title()),
                Span::styled("  press r to review", theme.dim()),
            ]),
            None => Line::styled(
                "Progress could not be read; see the message after quitting.",
                theme.error(),
            ),
        };
        frame.render_widget(Paragraph::new(header_line), header);

        // Room in a row: the panel less its borders and the selection mark.
        let room = |area: Rect| usize::from(area.width.saturating_sub(4));
        let lesson_rows: Vec<ListItem> = content
            .lessons
            .iter()
            .enumerate()
            .map(|(i, lesson)| {
                ListItem::new(widgets::fit_line(
                    Line::from(vec![
                        Span::styled(format!("{:>2}. ", i + 1), theme.dim()),
                        Span::raw(inert_line(&lesson.title)),
                        Span::styled(format!("  {} min", lesson.minutes), theme.dim()),
                        match self.progress.get(&lesson.id) {
                            Some(p) if *p >= 100.0 => Span::styled("  ✓ read", theme.success()),
                            Some(p) => Span::styled(format!("  {p:.0}%"), theme.key()),
                            None => Span::raw(""),
                        },
                    ]),
                    room(lessons_area),
                ))
            })
            .collect();
        let lessons_title = format!("Lessons ({})", content.lessons.len());
        let lessons = List::new(lesson_rows)
            .block(widgets::panel(
                &lessons_title,
                self.pane == Pane::Lessons,
                theme,
            ))
            .highlight_style(theme.selected())
            .highlight_symbol("› ");
        let mut state = self.lessons.state;
        frame.render_stateful_widget(lessons, lessons_area, &mut state);

        let topic_rows: Vec<ListItem> = self
            .topic_list
            .iter()
            .map(|topic| {
                ListItem::new(widgets::fit_line(
                    Line::from(vec![
                        Span::raw(inert_line(&topic.name)),
                        Span::styled(
                            format!(
                                "  {} question{}",
                                topic.questions,
                                if topic.questions == 1 { "" } else { "s" }
                            ),
                            theme.dim(),
                        ),
                    ]),
                    room(topics_area),
                ))
            })
            .collect();
        let topics_title = format!("Quiz topics ({})", self.topic_list.len());
        let topics = List::new(topic_rows)
            .block(widgets::panel(
                &topics_title,
                self.pane == Pane::Topics,
                theme,
            ))
            .highlight_style(theme.selected())
            .highlight_symbol("› ");
        let mut state = self.topics.state;
        frame.render_stateful_widget(topics, topics_area, &mut state);

        let example_rows: Vec<ListItem> = content
            .examples
            .iter()
            .map(|example| {
                // The id is what `stagecraft view` takes: the title gives way to it.
                let id = inert_line(&example.id);
                let title_room = room(examples_area).saturating_sub(id.chars().count() + 2);
                ListItem::new(widgets::fit_line(
                    Line::from(vec![
                        Span::raw(widgets::ellipsis(&inert_line(&example.title), title_room)),
                        Span::styled(format!("  {id}"), theme.dim()),
                    ]),
                    room(examples_area),
                ))
            })
            .collect();
        let examples_title = format!("Example Dockerfiles ({})", content.examples.len());
        let examples = List::new(example_rows)
            .block(widgets::panel(
                &examples_title,
                self.pane == Pane::Examples,
                theme,
            ))
            .highlight_style(theme.selected())
            .highlight_symbol("› ");
        let mut state = self.examples.state;
        frame.render_stateful_widget(examples, examples_area, &mut state);

        if problems > 0 {
            let errors = content.diagnostics.iter().filter(|d| d.is_error()).count();
            // Items replaced by a later pack are warnings too; said apart so they are noticed.
            let replaced = match content.overrides.len() {
                0 => String::new(),
                n => format!(", {n} replaced by a later pack"),
            };
            frame.render_widget(
                Paragraph::new(Line::styled(
                    format!(
                        "⚠ {problems} content problem{} ({errors} error{}{replaced}): press w to see them",
                        if problems == 1 { "" } else { "s" },
                        if errors == 1 { "" } else { "s" }
                    ),
                    theme.warning(),
                )),
                status,
            );
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }

    fn resumed(&mut self, ctx: &Context) -> Action {
        self.due = due_counts(ctx);
        self.progress = reading_progress(ctx);
        Action::None
    }
}

impl Commands for HomeScreen {
    type Command = Command;
    type Hits = Hits;

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Review => return Action::Push(Box::new(ReviewScreen::new(ctx))),
            Command::Interview => return Action::Push(Box::new(InterviewScreen::new())),
            Command::Stats => return Action::Push(Box::new(StatsScreen::new(ctx))),
            Command::Cards => return Action::Push(Box::new(CardsScreen::new(ctx))),
            Command::CustomStudy => {
                let topic = match self.pane {
                    Pane::Topics => self
                        .topics
                        .index()
                        .and_then(|i| self.topic_list.get(i))
                        .map(|t| t.name.as_str()),
                    _ => None,
                };
                return Action::Push(Box::new(CustomStudyScreen::new(ctx, topic)));
            }
            Command::Settings => return Action::Push(Box::new(SettingsScreen::new(ctx))),
            Command::Problems => return Action::Push(Box::new(DiagnosticsScreen::new(ctx))),
            Command::Drill => {
                let mut options = DrillOptions::default();
                if self.pane == Pane::Topics {
                    options.topic = self
                        .topics
                        .index()
                        .and_then(|i| self.topic_list.get(i))
                        .map(|t| t.name.clone());
                }
                return Action::Push(Box::new(ReviewScreen::drill(ctx, &options)));
            }
            Command::Open => return self.open(ctx),
            Command::NextPane => {
                self.pane = match self.pane {
                    Pane::Lessons => Pane::Topics,
                    Pane::Topics => Pane::Examples,
                    Pane::Examples => Pane::Lessons,
                }
            }
            Command::PrevPane => {
                self.pane = match self.pane {
                    Pane::Lessons => Pane::Examples,
                    Pane::Topics => Pane::Lessons,
                    Pane::Examples => Pane::Topics,
                }
            }
            Command::Move(nav) => self.selection().apply(nav),
            Command::Select(pane, row) => {
                self.pane = pane;
                self.selection_of(pane).select(row);
            }
            Command::Focus(pane) => self.pane = pane,
            Command::Wheel(pane, down) => {
                self.pane = pane;
                self.selection_of(pane)
                    .apply(if down { Nav::Down } else { Nav::Up });
            }
        }
        Action::None
    }

    fn mouse(&self, event: &MouseEvent, hits: &Hits) -> Option<Command> {
        let panes = [Pane::Lessons, Pane::Topics, Pane::Examples];
        let position = ratatui::layout::Position {
            x: event.column,
            y: event.row,
        };
        let index = hits.0.iter().position(|a| a.contains(position))?;
        let pane = panes[index];
        let area = hits.0[index];
        let selection = match pane {
            Pane::Lessons => &self.lessons,
            Pane::Topics => &self.topics,
            Pane::Examples => &self.examples,
        };
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                Some(match selection.row_at(area, event.column, event.row) {
                    Some(row) => Command::Select(pane, row),
                    None => Command::Focus(pane),
                })
            }
            MouseEventKind::ScrollDown => Some(Command::Wheel(pane, true)),
            MouseEventKind::ScrollUp => Some(Command::Wheel(pane, false)),
            _ => None,
        }
    }
}

/// How far each lesson was read, 0 to 100.
fn reading_progress(ctx: &Context) -> std::collections::HashMap<String, f32> {
    ctx.store
        .all_lesson_progress()
        .map(|all| all.into_iter().map(|(id, p)| (id, p.percent)).collect())
        .unwrap_or_default()
}

/// Cards due now (learning and review) and new cards available today.
fn due_counts(ctx: &Context) -> Option<(usize, usize)> {
    let ids = ctx.scheduled_question_ids();
    let queue = ctx
        .store
        .due_queue(&ids, ctx.now(), &ctx.clock, ctx.scheduler.config())
        .ok()?;
    let new = queue.count(crate::srs::Phase::New);
    Some((queue.entries.len() - new, new))
}
/// The header line, the three panels and the problems line of the screen in `area`.
fn screen_areas(area: Rect, ctx: &Context) -> (Rect, [Rect; 3], Rect) {
    let problems = ctx.content.diagnostics.len();
    let [header, main, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(if problems > 0 { 1 } else { 0 }),
    ])
    .areas(area);
    (header, panel_areas(main), status)
}

/// The lessons, topics and examples panels in `main`: lessons on the left and the other two
/// stacked on the right when there are 70 columns, otherwise all three stacked.
fn panel_areas(main: Rect) -> [Rect; 3] {
    if main.width >= 70 {
        let [lessons, side] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .areas(main);
        let [topics, examples] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(side);
        return [lessons, topics, examples];
    }
    let [lessons, topics, examples] = stacked_heights(main.height);
    Layout::vertical([
        Constraint::Length(lessons),
        Constraint::Length(topics),
        Constraint::Length(examples),
    ])
    .areas(main)
}

/// Heights of the three panels stacked in `height` rows: the lessons get 60 %, the topics and
/// examples share the rest, and each of them shows at least one row (three with its borders)
/// whenever the lessons can keep one too.
fn stacked_heights(height: u16) -> [u16; 3] {
    let others = (height * 2 / 5).max(6.min(height.saturating_sub(3)));
    let topics = others.div_ceil(2);
    [height - others, topics, others - topics]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacked_panels_each_keep_a_row_when_there_is_room() {
        assert_eq!(stacked_heights(10), [4, 3, 3]);
        assert_eq!(stacked_heights(27), [17, 5, 5]);
        for height in 0..=80 {
            let heights = stacked_heights(height);
            assert_eq!(heights.iter().sum::<u16>(), height, "{height}");
            if height >= 9 {
                assert!(heights.iter().all(|&h| h >= 3), "{height}: {heights:?}");
            }
        }
    }
}
