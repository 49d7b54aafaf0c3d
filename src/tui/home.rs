//! The home screen: lessons on the left, quiz topics on the right, content problems below.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};

use super::diagnostics::DiagnosticsScreen;
use super::keymap::{self, KeyHelp, Nav, key};
use super::lesson::LessonScreen;
use super::list::Selection;
use super::review::{DrillOptions, ReviewScreen};
use super::screen::{Action, Context, Screen};
use super::stats::StatsScreen;
use super::topic::TopicScreen;
use super::viewer::ViewerScreen;
use super::widgets;
use crate::content::Topic;
use crate::sanitize::inert_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Lessons,
    Topics,
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
}

const KEYS: &[KeyHelp] = &[
    key("r", "review due cards"),
    key("d", "10-minute interview drill (on the selected topic)"),
    key("s", "statistics"),
    key("j/k ↑/↓", "move"),
    key("Enter", "open"),
    key("Tab", "lessons → topics → examples"),
    key("g/G", "first / last"),
    key("w", "content problems"),
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

    fn handle(&mut self, event: &Event, ctx: &Context) -> Action {
        match event {
            Event::Key(key) => {
                if keymap::is_char(key, 'r') {
                    return Action::Push(Box::new(ReviewScreen::new(ctx)));
                }
                if keymap::is_char(key, 's') {
                    return Action::Push(Box::new(StatsScreen::new(ctx)));
                }
                if keymap::is_char(key, 'd') {
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
                if keymap::is_char(key, 'w') && !ctx.content.diagnostics.is_empty() {
                    return Action::Push(Box::new(DiagnosticsScreen::new(ctx)));
                }
                match keymap::nav(key) {
                    Some(Nav::Select) => self.open(ctx),
                    Some(Nav::NextPane) => {
                        self.pane = match self.pane {
                            Pane::Lessons => Pane::Topics,
                            Pane::Topics => Pane::Examples,
                            Pane::Examples => Pane::Lessons,
                        };
                        Action::None
                    }
                    Some(Nav::PrevPane) => {
                        self.pane = match self.pane {
                            Pane::Lessons => Pane::Examples,
                            Pane::Topics => Pane::Lessons,
                            Pane::Examples => Pane::Topics,
                        };
                        Action::None
                    }
                    Some(Nav::Right) => {
                        if self.pane == Pane::Lessons {
                            self.pane = Pane::Topics;
                        }
                        Action::None
                    }
                    Some(Nav::Left) => {
                        self.pane = Pane::Lessons;
                        Action::None
                    }
                    Some(nav) if self.selection().apply(nav) => Action::None,
                    _ => Action::Ignored,
                }
            }
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollDown => {
                    self.selection().apply(Nav::Down);
                    Action::None
                }
                MouseEventKind::ScrollUp => {
                    self.selection().apply(Nav::Up);
                    Action::None
                }
                _ => Action::None,
            },
            _ => Action::None,
        }
    }

    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let content = &ctx.content;
        let problems = content.diagnostics.len();
        let [header, main, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(if problems > 0 { 1 } else { 0 }),
        ])
        .areas(area);
        let [lessons_area, topics_area, examples_area] = panel_areas(main);

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

        let lesson_rows: Vec<ListItem> = content
            .lessons
            .iter()
            .enumerate()
            .map(|(i, lesson)| {
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{:>2}. ", i + 1), theme.dim()),
                    Span::raw(inert_line(&lesson.title)),
                    Span::styled(format!("  {} min", lesson.minutes), theme.dim()),
                    match self.progress.get(&lesson.id) {
                        Some(p) if *p >= 100.0 => Span::styled("  ✓ read", theme.success()),
                        Some(p) => Span::styled(format!("  {p:.0}%"), theme.key()),
                        None => Span::raw(""),
                    },
                ]))
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
        self.lessons.page = lessons_area.height.saturating_sub(2) as usize;
        frame.render_stateful_widget(lessons, lessons_area, &mut self.lessons.state);

        let topic_rows: Vec<ListItem> = self
            .topic_list
            .iter()
            .map(|topic| {
                ListItem::new(Line::from(vec![
                    Span::raw(inert_line(&topic.name)),
                    Span::styled(
                        format!(
                            "  {} question{}",
                            topic.questions,
                            if topic.questions == 1 { "" } else { "s" }
                        ),
                        theme.dim(),
                    ),
                ]))
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
        self.topics.page = topics_area.height.saturating_sub(2) as usize;
        frame.render_stateful_widget(topics, topics_area, &mut self.topics.state);

        let example_rows: Vec<ListItem> = content
            .examples
            .iter()
            .map(|example| ListItem::new(Line::raw(inert_line(&example.title))))
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
        self.examples.page = examples_area.height.saturating_sub(2) as usize;
        frame.render_stateful_widget(examples, examples_area, &mut self.examples.state);

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

    fn keys(&self) -> &[KeyHelp] {
        KEYS
    }

    fn resumed(&mut self, ctx: &Context) {
        self.due = due_counts(ctx);
        self.progress = reading_progress(ctx);
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
