//! Statistics: card counts, retention, streak, reviews per day, the due forecast and mastery
//! by topic, drawn as charts.

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};

use super::keymap::{KeyHelp, key};
use super::screen::{Action, Context, Screen};
use super::widgets;
use crate::srs::stats::StatsReport;

const KEYS: &[KeyHelp] = &[key("Esc", "back"), key("q", "quit")];

/// Computes the statistics of the profile, as `stagecraft stats` does.
pub fn report(ctx: &Context) -> Result<StatsReport, crate::commands::CommandError> {
    let questions = crate::commands::QuestionMeta::from_content(&ctx.content);
    crate::commands::stats_report(&ctx.store, &questions, ctx.now(), ctx.clock)
}

/// The statistics screen.
pub struct StatsScreen {
    report: Result<StatsReport, String>,
}

impl StatsScreen {
    /// Statistics as of now.
    pub fn new(ctx: &Context) -> Self {
        Self {
            report: report(ctx).map_err(|e| e.to_string()),
        }
    }
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

    fn handle(&mut self, _event: &Event, _ctx: &Context) -> Action {
        Action::Ignored
    }

    fn resumed(&mut self, ctx: &Context) {
        self.report = report(ctx).map_err(|e| e.to_string());
    }

    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
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
        let [summary, charts, topics] = Layout::vertical([
            Constraint::Length(5),
            Constraint::Min(6),
            Constraint::Length(report.topics.len().min(8) as u16 + 2),
        ])
        .areas(area);

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
        ];
        frame.render_widget(
            Paragraph::new(lines).block(widgets::panel("Summary", false, theme)),
            summary,
        );

        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(charts);
        let bar_width = |area: Rect, n: usize| {
            ((area.width.saturating_sub(2) as usize / n.max(1)).saturating_sub(1)).clamp(1, 4)
                as u16
        };
        let shown = |area: Rect| (area.width.saturating_sub(2) as usize / 2).clamp(1, 30);
        let activity: Vec<(String, u64)> = report
            .reviews_per_day
            .iter()
            .rev()
            .take(shown(left))
            .rev()
            .map(|d| {
                (
                    d.date.get(8..10).unwrap_or("").to_owned(),
                    u64::from(d.answers),
                )
            })
            .collect();
        let n = activity.len();
        frame.render_widget(
            BarChart::default()
                .block(widgets::panel("Answers per day", false, theme))
                .data(bars(activity.into_iter(), theme.key()))
                .bar_width(bar_width(left, n))
                .bar_gap(1),
            left,
        );
        let forecast: Vec<(String, u64)> = report
            .forecast
            .iter()
            .take(shown(right))
            .map(|d| (d.date.get(8..10).unwrap_or("").to_owned(), u64::from(d.due)))
            .collect();
        let n = forecast.len();
        frame.render_widget(
            BarChart::default()
                .block(widgets::panel("Due in the next 30 days", false, theme))
                .data(bars(forecast.into_iter(), theme.title()))
                .bar_width(bar_width(right, n))
                .bar_gap(1),
            right,
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
        frame.render_widget(
            Paragraph::new(rows).block(widgets::panel("Mastery by topic", false, theme)),
            topics,
        );
    }

    fn keys(&self) -> &[KeyHelp] {
        KEYS
    }
}
