//! Turning content text into terminal lines: Markdown prose and Dockerfiles with line numbers.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::sanitize::inert;

/// Markdown prose as lines for `width` columns (rendered by [`crate::markdown`], which makes
/// every character inert). Callers keep the result: it is not meant to run every frame.
pub fn markdown_lines(markdown: &str, width: u16, theme: Theme) -> Vec<Line<'static>> {
    crate::markdown::render(
        markdown,
        crate::markdown::RenderOptions::new(width, theme.color),
    )
    .lines
}

/// A Dockerfile with right-aligned line numbers and no sign column. `style_of(line)` may
/// restyle a whole line (1-based), e.g. the cursor or the answer of a spot-the-bug question.
pub fn dockerfile_lines(
    text: &str,
    theme: Theme,
    style_of: impl Fn(usize) -> Option<Style>,
) -> Vec<Line<'static>> {
    numbered(text, theme, false, |n| Mark {
        sign: None,
        line: style_of(n),
    })
}

/// Inline Markdown (a choice, a prompt shown in a list) as one line: code styled, emphasis
/// applied, line breaks of the source turned into spaces so that words never run together.
pub fn inline(markdown: &str, theme: Theme) -> Line<'static> {
    let lines = markdown_lines(markdown, 500, theme);
    let mut spans: Vec<Span<'static>> = Vec::new();
    for line in lines {
        if line.spans.iter().all(|s| s.content.trim().is_empty()) {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        // The renderer indents some blocks; a single line has no use for it.
        for span in line.spans {
            let after_space = spans.last().is_none_or(|s: &Span<'_>| s.content == " ");
            if after_space && span.content.trim().is_empty() {
                continue;
            }
            spans.push(span);
        }
    }
    while spans.last().is_some_and(|s| s.content.trim().is_empty()) {
        spans.pop();
    }
    Line::from(spans)
}

/// The plain text of [`inline`].
pub fn inline_plain(markdown: &str, theme: Theme) -> String {
    inline(markdown, theme)
        .spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect()
}

/// What a Dockerfile gutter shows beside one line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mark {
    /// A one-column sign before the number (a finding, the cursor, a step), if the gutter
    /// has a sign column.
    pub sign: Option<(&'static str, Style)>,
    /// A style for the whole line (the cursor, a right or wrong answer).
    pub line: Option<Style>,
}

/// The gutter of one Dockerfile line: the sign column (when `signs`), the right-aligned
/// number for `digits` digits and the rule. The one gutter every Dockerfile pane draws.
pub fn gutter(
    number: usize,
    digits: usize,
    signs: bool,
    mark: Mark,
    theme: Theme,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if signs {
        let (sign, style) = mark.sign.unwrap_or((" ", Style::new()));
        spans.push(Span::styled(sign, style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        format!("{number:>digits$} │ "),
        mark.line.unwrap_or(theme.dim()),
    ));
    spans
}

/// A Dockerfile with the gutter; `mark_of(line)` (1-based) gives each line's sign and style,
/// and `signs` whether there is a sign column.
pub fn numbered(
    text: &str,
    theme: Theme,
    signs: bool,
    mark_of: impl Fn(usize) -> Mark,
) -> Vec<Line<'static>> {
    let digits = text.lines().count().max(1).to_string().len();
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let number = i + 1;
            let mark = mark_of(number);
            let body = inert(line).replace('\t', "    ");
            let mut spans = gutter(number, digits, signs, mark, theme);
            spans.push(match mark.line {
                Some(style) => Span::styled(body, style),
                None => Span::raw(body),
            });
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn inline_markdown_keeps_words_apart_across_line_breaks() {
        let theme = Theme::new(true);
        let line = inline("What does the\nimage's `USER` do?", theme);
        assert_eq!(plain(&line), "What does the image's USER do?");
    }

    #[test]
    fn the_gutter_aligns_numbers_and_marks() {
        let theme = Theme::new(false);
        let lines = numbered("FROM a\n".repeat(10).as_str(), theme, true, |n| Mark {
            sign: (n == 3).then_some(("✗", theme.error())),
            line: None,
        });
        assert_eq!(plain(&lines[0]), "   1 │ FROM a");
        assert_eq!(plain(&lines[2]), "✗  3 │ FROM a");
        assert_eq!(plain(&lines[9]), "  10 │ FROM a");
    }
}
