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

/// A Dockerfile with right-aligned line numbers. `style_of(line)` may restyle a whole line
/// (1-based), e.g. the cursor or the answer of a spot-the-bug question.
pub fn dockerfile_lines(
    text: &str,
    theme: Theme,
    style_of: impl Fn(usize) -> Option<Style>,
) -> Vec<Line<'static>> {
    let count = text.lines().count();
    let digits = count.max(1).to_string().len();
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let number = i + 1;
            let body = inert(line).replace('\t', "    ");
            match style_of(number) {
                Some(style) => Line::from(vec![
                    Span::styled(format!("{number:>digits$} │ "), style),
                    Span::styled(body, style),
                ]),
                None => Line::from(vec![
                    Span::styled(format!("{number:>digits$} │ "), theme.dim()),
                    Span::raw(body),
                ]),
            }
        })
        .collect()
}
