//! Plain-text rendering of the statistics report for `stagecraft stats`.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::sanitize;
use crate::srs::stats::{RetentionFigure, RetentionSplit, StatsReport};

/// Days of activity and of forecast shown in the text report (the JSON has 30 of each).
const TEXT_DAYS: usize = 14;
/// Width of the longest bar.
const BAR_WIDTH: u32 = 30;

/// Renders the report as a few aligned sections.
pub fn render_stats_text(report: &StatsReport) -> String {
    let mut out = String::new();
    let c = &report.counts;
    let _ = writeln!(
        out,
        "Cards       {} total: {} new, {} learning, {} relearning, {} young, {} mature, \
         {} suspended, {} buried ({} leeches)",
        c.total,
        c.new,
        c.learning,
        c.relearning,
        c.young,
        c.mature,
        c.suspended,
        c.buried,
        c.leeches
    );
    let s = &report.streak;
    let _ = writeln!(
        out,
        "Streak      {} (longest {}), {}",
        days(s.current),
        days(s.longest),
        if s.studied_today {
            "studied today"
        } else {
            "not studied yet today"
        }
    );
    let t = &report.totals;
    let _ = writeln!(
        out,
        "Answers     {} in total ({} in drills), {} spent, on {}",
        t.answers,
        t.drill_answers,
        duration(t.duration_ms),
        days(t.days_studied)
    );
    let _ = writeln!(
        out,
        "Retention   last {}: {}",
        days(report.retention.window_days),
        split(&report.retention.recent)
    );
    let _ = writeln!(
        out,
        "            all time: {}",
        split(&report.retention.all_time)
    );

    let recent = &report.reviews_per_day[report.reviews_per_day.len().saturating_sub(TEXT_DAYS)..];
    let max = recent.iter().map(|d| d.answers).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "\nAnswers per day (last {TEXT_DAYS} days; --json has {})",
        report.reviews_per_day.len()
    );
    for day in recent {
        let line = format!(
            "  {}  {:>4} {}",
            day.date,
            day.answers,
            bar(day.answers, max)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }

    let coming = &report.forecast[..report.forecast.len().min(TEXT_DAYS)];
    let max = coming.iter().map(|d| d.due).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "\nDue (next {TEXT_DAYS} days; today includes overdue cards)"
    );
    for day in coming {
        let line = format!("  {}  {:>4} {}", day.date, day.due, bar(day.due, max));
        let _ = writeln!(out, "{}", line.trim_end());
    }

    if !report.topics.is_empty() {
        let names: Vec<String> = report
            .topics
            .iter()
            .map(|t| sanitize::inert_line(&t.topic))
            .collect();
        let width = names.iter().map(|n| n.width()).max().unwrap_or(0);
        let _ = writeln!(out, "\nTopics (mastery = average predicted recall now)");
        for (topic, name) in report.topics.iter().zip(&names) {
            let pad = " ".repeat(width - name.width());
            let accuracy = match topic.accuracy {
                Some(a) => format!("{} correct of {} answers", percent(a), topic.answers),
                None => "no answers yet".to_owned(),
            };
            let _ = writeln!(
                out,
                "  {name}{pad}  {:>3} questions  {:>4} mastery  {} new, {} learning, {} young, {} mature  {accuracy}",
                topic.questions,
                percent(topic.mastery),
                topic.new,
                topic.learning,
                topic.young,
                topic.mature,
            );
        }
    }
    out
}

fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn figure(name: &str, f: &RetentionFigure) -> String {
    match f.rate {
        Some(rate) => format!("{name} {:.1}% ({}/{})", rate * 100.0, f.passed, f.answers),
        None => format!("{name} -"),
    }
}

fn split(s: &RetentionSplit) -> String {
    format!(
        "{}, {}, {}",
        figure("young", &s.young),
        figure("mature", &s.mature),
        figure("all", &s.total)
    )
}

fn duration(ms: u64) -> String {
    let minutes = ms / 60_000;
    if minutes < 60 {
        format!("{minutes}m")
    } else {
        format!("{}h {}m", minutes / 60, minutes % 60)
    }
}

fn bar(value: u32, max: u32) -> String {
    if max == 0 || value == 0 {
        return String::new();
    }
    let len = (u64::from(value) * u64::from(BAR_WIDTH)).div_ceil(u64::from(max));
    "█".repeat(usize::try_from(len).unwrap_or(0))
}
