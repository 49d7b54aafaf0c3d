//! The class report as one self-contained HTML file: inline CSS and inline SVG bar charts, no
//! scripts and nothing fetched from the network, so it opens offline and can be mailed as is.
//!
//! Student files and content packs are untrusted: every string goes through [`escape`], which
//! replaces control characters by visible stand-ins and escapes `&`, `<`, `>`, `"` and `'`, so
//! nothing from them can become markup.

use std::fmt::Write;

use super::report::{ClassReport, QuestionStats};
use super::text::{CHOICES_NOT_RECORDED, percent};
use crate::sanitize::inert;

/// Width in pixels of a 100 % bar.
pub const BAR_WIDTH: f64 = 400.0;
/// Height of one bar row.
const ROW_HEIGHT: usize = 24;
/// Width of the label column of a chart.
const LABEL_WIDTH: usize = 260;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;\
color:#1b1b1b;background:#fff;line-height:1.4}h1{font-size:2rem}h2{margin-top:2.5rem;\
border-bottom:2px solid #ccc}table{border-collapse:collapse;width:100%;margin:1rem 0}\
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#eef}td.num{text-align:right;font-variant-numeric:tabular-nums}\
svg text{font-size:13px;fill:#1b1b1b}.note{color:#555}.skipped{color:#a00}\
@media print{h2{break-after:avoid}}";

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let text = inert(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One bar of a chart: a label and a value between 0 and 1.
struct Bar<'a> {
    label: &'a str,
    value: f64,
}

/// A horizontal bar chart as inline SVG, with an accessible title and one `<title>` per bar.
fn bar_chart(out: &mut String, id: &str, title: &str, bars: &[Bar<'_>], colour: &str) {
    let height = ROW_HEIGHT * bars.len().max(1) + 8;
    let width = LABEL_WIDTH + BAR_WIDTH as usize + 60;
    let _ = write!(
        out,
        "<svg id=\"{id}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{}</title>",
        escape(title)
    );
    for (n, bar) in bars.iter().enumerate() {
        let y = n * ROW_HEIGHT + 4;
        let value = bar.value.clamp(0.0, 1.0);
        let label = super::text::one_line(bar.label, 36);
        let _ = write!(
            out,
            "<g class=\"bar\"><title>{}: {}</title>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\" fill=\"{colour}\"/>\
             <text x=\"{:.1}\" y=\"{}\">{}</text></g>",
            escape(bar.label),
            percent(value),
            LABEL_WIDTH - 8,
            y + 16,
            escape(&label),
            value * BAR_WIDTH,
            ROW_HEIGHT - 6,
            LABEL_WIDTH as f64 + value * BAR_WIDTH + 6.0,
            y + 16,
            percent(value),
        );
    }
    out.push_str("</svg>");
}

/// Starts a table with its header cells.
fn table_head(out: &mut String, id: &str, caption: &str, headers: &[&str]) {
    let _ = write!(
        out,
        "<table id=\"{id}\"><caption>{}</caption><thead><tr>",
        escape(caption)
    );
    for header in headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
    }
    out.push_str("</tr></thead><tbody>");
}

fn cell(out: &mut String, text: &str) {
    let _ = write!(out, "<td>{}</td>", escape(text));
}

fn num(out: &mut String, text: &str) {
    let _ = write!(out, "<td class=\"num\">{}</td>", escape(text));
}

fn hardest_table(out: &mut String, hardest: &[QuestionStats], chosen_recorded: bool) {
    table_head(
        out,
        "hardest",
        "The questions missed most often",
        &[
            "question",
            "topic",
            "prompt",
            "right answer",
            "most chosen wrong answer",
            "misses",
            "answers",
            "miss rate",
            "students who missed",
        ],
    );
    for q in hardest {
        out.push_str("<tr>");
        cell(out, &q.id);
        cell(out, &q.topic);
        cell(out, &q.prompt);
        cell(out, &q.right_answer);
        cell(out, if chosen_recorded { "" } else { "not recorded" });
        num(out, &q.misses.to_string());
        num(out, &q.answers.to_string());
        num(out, &percent(q.miss_rate));
        num(
            out,
            &format!("{} of {}", q.students_missed, q.students_answered),
        );
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// The whole report as one HTML document.
pub fn render_html(report: &ClassReport) -> String {
    let mut out = String::with_capacity(64 * 1024 + report.questions.len() * 300);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Class report</title><style>{STYLE}</style></head><body>\
         <h1>Class report</h1><p id=\"summary\">{} students, {} questions in the course.</p>",
        report.students, report.course_questions
    );
    if !report.skipped.is_empty() {
        out.push_str("<ul id=\"skipped\" class=\"skipped\">");
        for skipped in &report.skipped {
            let _ = write!(
                out,
                "<li>Skipped {}: {}</li>",
                escape(&skipped.file),
                escape(&skipped.reason)
            );
        }
        out.push_str("</ul>");
    }

    out.push_str(
        "<h2>Mastery by topic</h2><p class=\"note\">Mastery: the share of cards \
        (students × questions of the topic) in the review phase, learned and not forgotten \
        since.</p>",
    );
    let bars: Vec<Bar<'_>> = report
        .topics
        .iter()
        .map(|t| Bar {
            label: &t.topic,
            value: t.mastery,
        })
        .collect();
    bar_chart(
        &mut out,
        "chart-topic-mastery",
        "Mastery by topic",
        &bars,
        "#2e7d32",
    );
    table_head(
        &mut out,
        "topics",
        "Topics",
        &[
            "topic",
            "questions",
            "answers",
            "misses",
            "miss rate",
            "mastery",
        ],
    );
    for t in &report.topics {
        out.push_str("<tr>");
        cell(&mut out, &t.topic);
        num(&mut out, &t.questions.to_string());
        num(&mut out, &t.answers.to_string());
        num(&mut out, &t.misses.to_string());
        num(&mut out, &percent(t.miss_rate));
        num(&mut out, &percent(t.mastery));
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");

    out.push_str("<h2>Hardest questions</h2>");
    if !report.chosen_answers_recorded {
        let _ = write!(
            out,
            "<p class=\"note\" id=\"choices-note\">{}</p>",
            escape(CHOICES_NOT_RECORDED)
        );
    }
    let bars: Vec<Bar<'_>> = report
        .hardest
        .iter()
        .map(|q| Bar {
            label: &q.id,
            value: q.miss_rate,
        })
        .collect();
    bar_chart(
        &mut out,
        "chart-hardest",
        "Miss rate of the hardest questions",
        &bars,
        "#c62828",
    );
    hardest_table(&mut out, &report.hardest, report.chosen_answers_recorded);

    out.push_str("<h2>Students</h2>");
    table_head(
        &mut out,
        "students",
        "Coverage: the course's questions a student has answered at least once",
        &[
            "student",
            "answered",
            "coverage",
            "mastered",
            "answers",
            "miss rate",
        ],
    );
    for s in &report.student_rows {
        out.push_str("<tr>");
        cell(&mut out, &s.name);
        num(
            &mut out,
            &format!("{}/{}", s.answered, report.course_questions),
        );
        num(&mut out, &percent(s.coverage));
        num(&mut out, &s.mastered.to_string());
        num(&mut out, &s.answers.to_string());
        num(&mut out, &percent(s.miss_rate));
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");

    out.push_str("<h2>Every question answered</h2>");
    table_head(
        &mut out,
        "questions",
        "Miss rate of each question",
        &[
            "question",
            "topic",
            "answers",
            "misses",
            "miss rate",
            "students",
        ],
    );
    for q in &report.questions {
        out.push_str("<tr>");
        cell(&mut out, &q.id);
        cell(&mut out, &q.topic);
        num(&mut out, &q.answers.to_string());
        num(&mut out, &q.misses.to_string());
        num(&mut out, &percent(q.miss_rate));
        num(&mut out, &q.students_answered.to_string());
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if !report.unknown_question_ids.is_empty() {
        let _ = write!(
            out,
            "<p class=\"note\" id=\"unknown\">{} question ids in the exports are not in the \
             loaded content; load the same content pack the students used.</p>",
            report.unknown_question_ids.len()
        );
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_leaves_no_markup_and_no_controls() {
        assert_eq!(
            escape("<a href='x'>&\"\u{7}"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;\u{2407}"
        );
    }
}
