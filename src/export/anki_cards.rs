//! A question as the two HTML fields of an Anki note, so that it works as a flashcard:
//!
//! * The front is the prompt (Markdown rendered to HTML), then what the kind needs to be
//!   answered without the app: the options of a choice question as a lettered list, the items
//!   of an ordering question as a lettered list in a shuffled (never the right) order, the
//!   question's Dockerfile in a `<pre>` block, with numbered lines for spot-the-bug.
//! * The back is the right answer (the letter and text of a choice, the items in order, the
//!   wrong line with its number and text), then the explanation (Markdown rendered to HTML).
//!
//! Every field is one line, as the tab-separated file needs: a line wrap inside a Markdown
//! paragraph is a space (not `<br>`), line breaks inside `<pre>` blocks are `<br>`, and the
//! newlines HTML puts between blocks are dropped. All content text is HTML-escaped (raw HTML
//! in the Markdown is shown as text, not passed through) and its control characters are made
//! visible.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::content::{Question, QuestionKind};
use crate::sanitize;

/// HTML-escapes text (`&`, `<`, `>`, `"`, `'`) after making control characters visible;
/// newlines and tabs are kept.
pub fn escape(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + 16);
    for c in sanitize::inert(&text).chars() {
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

/// Preformatted text: escaped, line breaks as `<br>`, tabs as `&#9;`.
fn pre_lines(text: &str) -> String {
    escape(text.trim_end_matches('\n'))
        .replace('\t', "&#9;")
        .replace('\n', "<br>")
}

/// A `<pre>` block of `text`.
pub fn pre(text: &str) -> String {
    format!("<pre>{}</pre>", pre_lines(text))
}

/// Markdown to one line of HTML.
pub fn markdown(text: &str) -> String {
    let source = sanitize::inert(text);
    let mut in_code_block = false;
    let events = Parser::new_ext(
        &source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            in_code_block = true;
            let class = match kind {
                CodeBlockKind::Fenced(lang) if !lang.trim().is_empty() => {
                    format!(" class=\"language-{}\"", escape(lang.trim()))
                }
                _ => String::new(),
            };
            Event::Html(format!("<pre><code{class}>").into())
        }
        Event::End(TagEnd::CodeBlock) => {
            in_code_block = false;
            Event::Html("</code></pre>".into())
        }
        Event::Text(text) if in_code_block => Event::Html(
            escape(&text)
                .replace('\t', "&#9;")
                .replace('\n', "<br>")
                .into(),
        ),
        Event::SoftBreak => Event::Text(" ".into()),
        // Content is untrusted: raw HTML is shown as text.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    // Code-block line breaks are `<br>` already; the rest are between blocks.
    let html = html.trim_end().replace("<br>\n", "<br>").replace('\n', "");
    html.replace('\t', "&#9;")
}

/// Markdown of one line (an option, an item, an answer) to HTML without the paragraph
/// around it.
pub fn inline_markdown(text: &str) -> String {
    let html = markdown(text);
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

/// The letter of the `index`-th option: A, B, ... Z, then AA, AB ...
fn letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

/// A lettered list of plain-text options.
fn lettered(options: &[&str]) -> String {
    let items: String = options
        .iter()
        .map(|option| format!("<li>{}</li>", inline_markdown(option)))
        .collect();
    format!("<ol type=\"A\">{items}</ol>")
}

/// A deterministic order of `len` items that is not the identity (for two or more).
fn shuffled_order(id: &str, len: usize) -> Vec<usize> {
    let mut state = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut order: Vec<usize> = (0..len).collect();
    for i in (1..len).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    if len > 1 && order.iter().enumerate().all(|(i, &o)| i == o) {
        order.rotate_left(1);
    }
    order
}

/// The Dockerfile with line numbers, in a `<pre>` block.
fn numbered(dockerfile: &str) -> String {
    let lines: Vec<&str> = dockerfile.trim_end_matches('\n').lines().collect();
    let width = lines.len().to_string().len();
    let body: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| format!("{:>width$}  {}", i + 1, pre_lines(line)))
        .collect();
    format!("<pre>{}</pre>", body.join("<br>"))
}

/// The prompt, as HTML.
pub fn prompt(question: &Question) -> String {
    markdown(&question.prompt)
}

/// The line that tells how to answer a kind without the app, as HTML (empty when the
/// prompt says enough).
pub fn instruction(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Multiple { .. } => "<p><i>Choose every right option.</i></p>",
        QuestionKind::Order { .. } => "<p><i>Put these in order.</i></p>",
        QuestionKind::TrueFalse { .. } => "<p><i>True or false?</i></p>",
        QuestionKind::SpotBug { .. } => "<p><i>Which line is wrong?</i></p>",
        _ => "",
    }
}

/// The options to choose from, as a lettered list: the choices of a choice question, the
/// items of an ordering question in a shuffled (never the right) order; empty for other kinds.
pub fn options(question: &Question) -> String {
    match &question.kind {
        QuestionKind::Single { choices, .. } | QuestionKind::Multiple { choices, .. } => {
            let options: Vec<&str> = choices.iter().map(String::as_str).collect();
            lettered(&options)
        }
        QuestionKind::Order { items } => {
            let order = shuffled_order(&question.id, items.len());
            let options: Vec<&str> = order.iter().map(|&i| items[i].as_str()).collect();
            lettered(&options)
        }
        _ => String::new(),
    }
}

/// The question's Dockerfile in a `<pre>` block (with numbered lines for spot-the-bug), or
/// empty when it has none.
pub fn dockerfile(question: &Question) -> String {
    match (&question.dockerfile, &question.kind) {
        (Some(dockerfile), QuestionKind::SpotBug { .. }) => numbered(dockerfile),
        (Some(dockerfile), _) => pre(dockerfile),
        (None, _) => String::new(),
    }
}

/// The front of the note: prompt, instruction, options, Dockerfile.
pub fn front(question: &Question) -> String {
    let mut html = prompt(question);
    html.push_str(instruction(&question.kind));
    html.push_str(&options(question));
    html.push_str(&dockerfile(question));
    html
}

/// The right answer, as HTML.
pub fn answer(question: &Question) -> String {
    let plain = |text: &str| format!("<p><b>{}</b></p>", inline_markdown(text));
    match &question.kind {
        QuestionKind::Single { choices, answer } => plain(&format!(
            "{}. {}",
            letter(*answer),
            choices.get(*answer).map_or("", String::as_str)
        )),
        QuestionKind::Multiple { choices, answers } => {
            let items: Vec<String> = answers
                .iter()
                .map(|&i| {
                    format!(
                        "{}. {}",
                        letter(i),
                        choices.get(i).map_or("", String::as_str)
                    )
                })
                .collect();
            plain(&items.join("; "))
        }
        QuestionKind::Order { items } => {
            let list: String = items
                .iter()
                .map(|item| format!("<li>{}</li>", inline_markdown(item)))
                .collect();
            format!("<ol>{list}</ol>")
        }
        QuestionKind::SpotBug { line } => {
            let text = question
                .dockerfile
                .as_deref()
                .and_then(|d| d.lines().nth(line.saturating_sub(1)))
                .unwrap_or("");
            format!("<p><b>Line {line}:</b></p>{}", pre(text))
        }
        QuestionKind::Flashcard { model_answer } => markdown(model_answer),
        kind => plain(&crate::content::grade::right_answer(kind)),
    }
}

/// The explanation, as HTML (empty when the question has none).
pub fn explanation(question: &Question) -> String {
    if question.explanation.trim().is_empty() {
        String::new()
    } else {
        markdown(&question.explanation)
    }
}

/// The back of the note: the right answer, then the explanation.
pub fn back(question: &Question) -> String {
    let mut html = answer(question);
    let explanation = explanation(question);
    if !explanation.is_empty() {
        html.push_str("<hr>");
        html.push_str(&explanation);
    }
    html
}

#[cfg(test)]
mod tests;
