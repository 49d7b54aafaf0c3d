//! One card of the card browser: its question, its state, every answer it was given and a
//! small chart of its retrievability from the first answer until now. Reads only.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Wrap};

use chrono::{DateTime, Utc};

use super::keymap::{Binding, Bound, Key, KeyHelp, Nav};
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::text;
use super::widgets;
use crate::sanitize::inert_line;
use crate::srs::{CardState, Rating, ReviewRecord, Scheduler};

/// What the card screen can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Scroll the question and its history.
    Scroll(Nav),
    /// Open the lesson section that teaches the card.
    OpenLesson,
}

fn can_scroll(screen: &CardDetailScreen) -> bool {
    screen.scroll.overflows()
}

fn has_lesson(screen: &CardDetailScreen) -> bool {
    screen.lesson.is_some()
}

const SCROLL: [Binding<CardDetailScreen, Command>; 6] =
    crate::nav_bindings!(Command::Scroll, can_scroll, "scroll");

const TABLE: &[Binding<CardDetailScreen, Command>] = &[
    Binding {
        keys: &[Key::Char('l'), Key::Code(KeyCode::Enter)],
        shown: "l Enter",
        hint: "lesson",
        help: "open the lesson section that teaches this card",
        command: Bound::To(Command::OpenLesson),
        when: has_lesson,
    },
    SCROLL[0],
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    SCROLL[4],
    SCROLL[5],
];

/// Points of the retrievability chart: (days since the first answer, retrievability).
pub fn retrievability_curve(
    log: &[ReviewRecord],
    scheduler: &Scheduler,
    now: DateTime<Utc>,
    samples: usize,
) -> Vec<(f64, f64)> {
    let Some(first) = log.first().map(|r| r.reviewed_at) else {
        return Vec::new();
    };
    let span_ms = (now - first).num_milliseconds().max(1) as f64;
    let steps = samples.max(2) - 1;
    (0..=steps)
        .map(|step| {
            let offset = span_ms * step as f64 / steps as f64;
            let at = first + chrono::Duration::milliseconds(offset as i64);
            // The state in force at `at`: the one after the last answer given by then.
            let state = log
                .iter()
                .take_while(|r| r.reviewed_at <= at)
                .last()
                .map_or_else(CardState::new, |r| r.after.clone());
            let value = f64::from(scheduler.retrievability(&state, at));
            (offset / 86_400_000.0, value)
        })
        .collect()
}

/// The interval an answer gave, in words: minutes under an hour, hours under a day, else days.
fn interval_given(record: &ReviewRecord) -> String {
    let Some(due) = record.after.due else {
        return "-".to_owned();
    };
    let minutes = (due - record.reviewed_at).num_minutes();
    if minutes < 60 {
        format!("{minutes}m")
    } else if minutes < 24 * 60 {
        format!("{}h", minutes / 60)
    } else {
        format!("{}d", (due - record.reviewed_at).num_days())
    }
}

/// One card, opened from the browser.
pub struct CardDetailScreen {
    id: String,
    /// The question's prompt (Markdown), if the question is loaded.
    prompt: Option<String>,
    /// `lesson` or `lesson#anchor`, if the question is loaded.
    lesson: Option<(String, Option<String>)>,
    state: CardState,
    log: Vec<ReviewRecord>,
    curve: Vec<(f64, f64)>,
    scroll: Scroll,
    problem: Option<String>,
}

impl CardDetailScreen {
    /// The card `id` as stored now.
    pub fn new(id: &str, ctx: &Context) -> Self {
        let question = ctx.content.question(id);
        let mut screen = Self {
            id: id.to_owned(),
            prompt: question.map(|q| q.prompt.clone()),
            lesson: question.map(|q| (q.lesson.lesson.clone(), q.lesson.anchor.clone())),
            state: CardState::new(),
            log: Vec::new(),
            curve: Vec::new(),
            scroll: Scroll::new(),
            problem: None,
        };
        screen.read(ctx);
        screen
    }

    fn read(&mut self, ctx: &Context) {
        let state = ctx.store.card_states_of(std::slice::from_ref(&self.id));
        let log = ctx.store.review_log_for(&self.id);
        match (state, log) {
            (Ok(mut states), Ok(log)) => {
                self.state = states.remove(&self.id).unwrap_or_default();
                self.curve = retrievability_curve(&log, &ctx.scheduler, ctx.now(), 60);
                self.log = log;
                self.problem = None;
            }
            (Err(error), _) | (_, Err(error)) => self.problem = Some(error.to_string()),
        }
    }

    fn text_lines(&self, width: u16, ctx: &Context) -> Vec<Line<'static>> {
        let theme = ctx.theme;
        let mut lines = Vec::new();
        if let Some(problem) = &self.problem {
            lines.push(Line::styled(
                format!("⚠ {}", inert_line(problem)),
                theme.error(),
            ));
        }
        match &self.prompt {
            Some(prompt) => lines.extend(text::markdown_lines(prompt, width.max(1), theme)),
            None => lines.push(Line::styled(
                "This question is no longer in the loaded content.",
                theme.dim(),
            )),
        }
        lines.push(Line::raw(""));
        let memory = self.state.memory.map_or("-".to_owned(), |m| {
            format!(
                "stability {:.1}d · difficulty {:.1}",
                m.stability, m.difficulty
            )
        });
        lines.push(Line::from(vec![
            Span::styled("State  ", theme.title()),
            Span::raw(format!(
                "{} · {} · due {} · lapses {} · answers {}",
                self.state.phase.name(),
                memory,
                self.state
                    .due
                    .map_or("-".to_owned(), |d| ctx.clock.day_of(d).to_string()),
                self.state.lapses,
                self.state.reps
            )),
        ]));
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "{:<11} {:<6} {:<9} {:>8} {:>7}",
                "study day", "rating", "verdict", "interval", "time"
            ),
            theme.title(),
        ));
        if self.log.is_empty() {
            lines.push(Line::styled("No answer yet.", theme.dim()));
        }
        for record in &self.log {
            let verdict = if record.rating == Rating::Again {
                "forgot"
            } else {
                "recalled"
            };
            lines.push(Line::raw(format!(
                "{:<11} {:<6} {:<9} {:>8} {:>6}s{}",
                ctx.clock.day_of(record.reviewed_at).to_string(),
                record.rating.label(),
                verdict,
                interval_given(record),
                record.duration_ms / 1000,
                if record.drill { "  drill" } else { "" }
            )));
        }
        lines
    }
}

/// The text (question, state, history) above, the chart below.
fn panels(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(5), Constraint::Length(10)]).areas(area)
}

impl Screen for CardDetailScreen {
    fn title(&self) -> String {
        format!("Card: {}", inert_line(&self.id))
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        let [text_area, _] = panels(area);
        let width = text_area.width.saturating_sub(2);
        let lines = self.text_lines(width, ctx);
        let wrapped = Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .line_count(width);
        self.scroll
            .fit(wrapped, usize::from(text_area.height.saturating_sub(2)));
        HitMap::new(())
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let [text_area, chart_area] = panels(area);
        let lines = self.text_lines(text_area.width.saturating_sub(2), ctx);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.offset_u16(), 0))
                .block(widgets::panel(
                    "Question and answers",
                    self.scroll.overflows(),
                    theme,
                )),
            text_area,
        );
        let span = self.curve.last().map_or(1.0, |p| p.0.max(1.0));
        let datasets = vec![
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.key())
                .data(&self.curve),
        ];
        let chart = Chart::new(datasets)
            .block(widgets::panel(
                "Retrievability since the first answer",
                false,
                theme,
            ))
            .x_axis(
                Axis::default()
                    .bounds([0.0, span])
                    .labels(["0d".to_owned(), format!("{span:.0}d")])
                    .style(theme.dim()),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, 1.0])
                    .labels(["0%", "100%"])
                    .style(theme.dim()),
            );
        frame.render_widget(chart, chart_area);
    }

    fn resumed(&mut self, ctx: &Context) -> Action {
        self.read(ctx);
        Action::None
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }
}

impl Commands for CardDetailScreen {
    type Command = Command;
    type Hits = ();

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Scroll(nav) => self.scroll.apply(nav),
            Command::OpenLesson => {
                let Some((lesson, anchor)) = &self.lesson else {
                    return Action::None;
                };
                return super::cards::open_lesson(lesson, anchor.as_deref(), ctx);
            }
        }
        Action::None
    }
}
