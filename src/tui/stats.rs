//! Statistics: card counts, retention, streak, reviews per day, the due forecast and mastery
//! by topic, drawn as charts.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};

use super::keymap::{Binding, KeyHelp, Nav};
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::widgets;
use crate::srs::interview::MockSummary;
use crate::srs::stats::StatsReport;

/// What the statistics screen can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Scroll the mastery-by-topic panel.
    ScrollTopics(Nav),
    /// One notch of the wheel over the topics (down or up).
    Wheel(bool),
}

fn topics_overflow(screen: &StatsScreen) -> bool {
    screen.topics.overflows()
}

const TABLE: &[Binding<StatsScreen, Command>] =
    &crate::nav_bindings!(Command::ScrollTopics, topics_overflow, "scroll topics");

/// Computes the statistics of the profile, as `stagecraft stats` does.
pub fn report(ctx: &Context) -> Result<StatsReport, crate::commands::CommandError> {
    let questions = crate::commands::QuestionMeta::from_content(&ctx.content);
    crate::commands::stats_report(&ctx.store, &questions, ctx.now(), ctx.clock)
}

/// The statistics screen.
pub struct StatsScreen {
    report: Result<StatsReport, String>,
    /// The saved mock interviews, oldest first.
    mocks: Vec<MockSummary>,
    /// The mastery panel's scroll.
    topics: Scroll,
}

/// Where the layout put the mastery panel, for the wheel.
pub struct Hits {
    topics_area: Rect,
}

impl StatsScreen {
    /// Statistics as of now.
    pub fn new(ctx: &Context) -> Self {
        Self {
            report: report(ctx).map_err(|e| e.to_string()),
            mocks: mock_summaries(ctx),
            topics: Scroll::new(),
        }
    }
}

/// The saved mock interviews (none when they cannot be read: the rest still shows).
fn mock_summaries(ctx: &Context) -> Vec<MockSummary> {
    ctx.store
        .mock_interviews()
        .map(|all| all.iter().map(MockSummary::of).collect())
        .unwrap_or_default()
}

/// The summary line of the mock interviews: how many, the last one, the trend of the last five.
fn mocks_line(mocks: &[MockSummary]) -> String {
    let Some(last) = mocks.last() else {
        return "none yet (i on the home screen starts one)".to_owned();
    };
    let trend: Vec<String> = mocks
        .iter()
        .rev()
        .take(5)
        .rev()
        .map(|m| format!("{:.0}%", m.score * 100.0))
        .collect();
    format!(
        "{} in all · last {:.0}% over {} answer(s) ({} min, {}{}) · trend {}",
        mocks.len(),
        last.score * 100.0,
        last.answered,
        last.minutes,
        last.level.name(),
        if last.left_early { ", left early" } else { "" },
        trend.join(" → ")
    )
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_owned(), |r| format!("{:.0}%", r * 100.0))
}

fn bars<'a>(values: impl Iterator<Item = (String, u64)>, style: Style) -> BarGroup<'a> {
    let bars: Vec<Bar> = values
        .map(|(label, value)| {
            Bar::default()
                .value(value)
                .label(Line::raw(label))
                .style(style)
                .text_value(if value == 0 {
                    String::new()
                } else {
                    value.to_string()
                })
        })
        .collect();
    BarGroup::default().bars(&bars)
}

impl Screen for StatsScreen {
    fn title(&self) -> String {
        "Statistics".into()
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, _ctx: &Context) -> HitMap {
        let Ok(report) = &self.report else {
            return HitMap::none();
        };
        let [_, _, topics] = panels(area, report);
        self.topics.fit(
            report.topics.len(),
            usize::from(topics.height.saturating_sub(2)),
        );
        HitMap::new(Hits {
            topics_area: topics,
        })
    }

    fn resumed(&mut self, ctx: &Context) -> Action {
        self.report = report(ctx).map_err(|e| e.to_string());
        self.mocks = mock_summaries(ctx);
        Action::None
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let report = match &self.report {
            Ok(report) => report,
            Err(error) => {
                frame.render_widget(
                    Paragraph::new(Line::styled(error.clone(), theme.error())),
                    area,
                );
                return;
            }
        };
        let [summary, charts, topics] = panels(area, report);

        let c = &report.counts;
        let r = &report.retention;
        let lines = vec![
            Line::from(vec![
                Span::styled("Cards  ", theme.title()),
                Span::raw(format!(
                    "new {} · learning {} · young {} · mature {} · suspended {} · leeches {}",
                    c.new,
                    c.learning + c.relearning,
                    c.young,
                    c.mature,
                    c.suspended,
                    c.leeches
                )),
            ]),
            Line::from(vec![
                Span::styled("Recall ", theme.title()),
                Span::raw(format!(
                    "last {} days {} (young {}, mature {}) · all time {}",
                    r.window_days,
                    percent(r.recent.total.rate),
                    percent(r.recent.young.rate),
                    percent(r.recent.mature.rate),
                    percent(r.all_time.total.rate)
                )),
            ]),
            Line::from(vec![
                Span::styled("Streak ", theme.title()),
                Span::raw(format!(
                    "{} day{} (longest {}){} · {} answers in all, {} in drills",
                    report.streak.current,
                    if report.streak.current == 1 { "" } else { "s" },
                    report.streak.longest,
                    if report.streak.studied_today {
                        ""
                    } else {
                        ", not yet today"
                    },
                    report.totals.answers,
                    report.totals.drill_answers
                )),
            ]),
            Line::from(vec![
                Span::styled("Mocks  ", theme.title()),
                Span::raw(mocks_line(&self.mocks)),
            ]),
        ];
        frame.render_widget(
            Paragraph::new(lines).block(widgets::panel("Summary", false, theme)),
            summary,
        );

        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(charts);
        let activity: Vec<(String, u64)> = report
            .reviews_per_day
            .iter()
            .map(|d| (day_label(&d.date), u64::from(d.answers)))
            .collect();
        draw_chart(
            frame,
            left,
            "Answers per day",
            activity,
            true,
            theme.key(),
            theme,
        );
        let forecast: Vec<(String, u64)> = report
            .forecast
            .iter()
            .map(|d| (day_label(&d.date), u64::from(d.due)))
            .collect();
        draw_chart(
            frame,
            right,
            "Due in the next 30 days",
            forecast,
            false,
            theme.title(),
            theme,
        );

        let name_width = report
            .topics
            .iter()
            .map(|t| t.topic.chars().count())
            .max()
            .unwrap_or(5)
            .min(28);
        let gauge_width = (topics.width as usize)
            .saturating_sub(name_width + 24)
            .clamp(4, 40);
        let rows: Vec<Line> = report
            .topics
            .iter()
            .map(|t| {
                let filled = (t.mastery * gauge_width as f64).round() as usize;
                let style = if t.mastery >= 0.8 {
                    theme.success()
                } else if t.mastery >= 0.4 {
                    theme.warning()
                } else {
                    theme.error()
                };
                Line::from(vec![
                    Span::raw(format!(
                        "{:name_width$}  ",
                        crate::sanitize::inert_line(&t.topic)
                    )),
                    Span::styled("█".repeat(filled), style),
                    Span::styled("░".repeat(gauge_width.saturating_sub(filled)), theme.dim()),
                    Span::raw(format!(
                        " {:>3.0}%  {} q · accuracy {}",
                        t.mastery * 100.0,
                        t.questions,
                        percent(t.accuracy)
                    )),
                ])
            })
            .collect();
        let title = if self.topics.overflows() {
            format!(
                "Mastery by topic ({}-{} of {}, j/k scroll)",
                self.topics.offset() + 1,
                (self.topics.offset() + self.topics.height()).min(rows.len()),
                rows.len()
            )
        } else {
            "Mastery by topic".to_owned()
        };
        frame.render_widget(
            Paragraph::new(rows)
                .scroll((self.topics.offset_u16(), 0))
                .block(widgets::panel(&title, self.topics.overflows(), theme)),
            topics,
        );
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }
}

impl Commands for StatsScreen {
    type Command = Command;
    type Hits = Hits;

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, _ctx: &Context) -> Action {
        match command {
            Command::ScrollTopics(nav) => self.topics.apply(nav),
            Command::Wheel(down) => self.topics.wheel(down),
        }
        Action::None
    }

    fn mouse(&self, event: &MouseEvent, hits: &Hits) -> Option<Command> {
        let over = hits.topics_area.contains(ratatui::layout::Position {
            x: event.column,
            y: event.row,
        });
        match event.kind {
            MouseEventKind::ScrollDown if over => Some(Command::Wheel(true)),
            MouseEventKind::ScrollUp if over => Some(Command::Wheel(false)),
            _ => None,
        }
    }
}

/// The summary, the charts and the mastery panel in `area`. The charts keep at least 8 rows;
/// the topics get the rest, and scroll when they need more.
fn panels(area: Rect, report: &StatsReport) -> [Rect; 3] {
    let rest = area.height.saturating_sub(6);
    let wanted = u16::try_from(report.topics.len() + 2).unwrap_or(u16::MAX);
    let topics_height = wanted.min(rest.saturating_sub(8)).max(3);
    Layout::vertical([
        Constraint::Length(6),
        Constraint::Min(0),
        Constraint::Length(topics_height),
    ])
    .areas(area)
}

/// The day of the month of an ISO date, as the chart labels it.
fn day_label(date: &str) -> String {
    date.get(8..10)
        .unwrap_or("")
        .trim_start_matches('0')
        .to_owned()
}

/// Columns a bar of the chart takes: wide enough for its day label and its value.
fn bar_width(values: &[(String, u64)]) -> u16 {
    let widest = values
        .iter()
        .map(|(label, value)| label.len().max(value.to_string().len()))
        .max()
        .unwrap_or(2);
    u16::try_from(widest.clamp(2, 4)).unwrap_or(2)
}

/// A bar chart of `values` in a panel, as many bars as fit with readable labels and values:
/// the last ones when `latest` (history), else the first ones (forecast).
fn draw_chart(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    values: Vec<(String, u64)>,
    latest: bool,
    style: Style,
    theme: super::theme::Theme,
) {
    let width = bar_width(&values);
    let fits = (usize::from(area.width.saturating_sub(2)) / usize::from(width + 1)).max(1);
    let skip = if latest {
        values.len().saturating_sub(fits)
    } else {
        0
    };
    let shown: Vec<(String, u64)> = values.into_iter().skip(skip).take(fits).collect();
    frame.render_widget(
        BarChart::default()
            .block(widgets::panel(title, false, theme))
            .data(bars(shown.into_iter(), style))
            .bar_width(width)
            .bar_gap(1)
            .value_style(theme.bar()),
        area,
    );
}
