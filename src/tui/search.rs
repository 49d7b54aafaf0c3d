//! Finding text in laid-out lines and highlighting the matches.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A match: line index and the byte range in that line's plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Index of the line.
    pub line: usize,
    /// Byte offset where the match starts in the line's plain text.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
}

/// Every case-insensitive occurrence of `query` in `lines`.
pub fn find(lines: &[Line<'_>], query: &str) -> Vec<Match> {
    let needle = query.to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let text = plain(line);
        let lower = text.to_lowercase();
        // Lower-casing can change byte lengths; only trust offsets when it did not.
        if lower.len() != text.len() {
            if lower.contains(&needle) {
                found.push(Match {
                    line: index,
                    start: 0,
                    end: text.len(),
                });
            }
            continue;
        }
        let mut from = 0;
        while let Some(pos) = lower[from..].find(&needle) {
            let start = from + pos;
            found.push(Match {
                line: index,
                start,
                end: start + needle.len(),
            });
            from = start + needle.len().max(1);
        }
    }
    found
}

/// The text of a line without styles.
pub fn plain(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// `line` with the byte ranges `ranges` (sorted, in plain-text offsets) restyled with `style`.
pub fn highlight(line: &Line<'static>, ranges: &[(usize, usize)], style: Style) -> Line<'static> {
    if ranges.is_empty() {
        return line.clone();
    }
    let mut spans = Vec::new();
    let mut offset = 0;
    for span in &line.spans {
        let text = span.content.as_ref();
        let span_end = offset + text.len();
        let mut cursor = 0;
        for &(start, end) in ranges {
            let (s, e) = (start.max(offset), end.min(span_end));
            if s >= e || !text.is_char_boundary(s - offset) || !text.is_char_boundary(e - offset) {
                continue;
            }
            let (s, e) = (s - offset, e - offset);
            if s > cursor {
                spans.push(Span::styled(text[cursor..s].to_owned(), span.style));
            }
            spans.push(Span::styled(text[s..e].to_owned(), span.style.patch(style)));
            cursor = e;
        }
        if cursor < text.len() {
            spans.push(Span::styled(text[cursor..].to_owned(), span.style));
        }
        offset = span_end;
    }
    Line::from(spans).style(line.style)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    #[test]
    fn finds_case_insensitively_across_spans() {
        let lines = vec![
            Line::from(vec![Span::raw("COPY --fr"), Span::raw("om=build")]),
            Line::raw("nothing"),
            Line::raw("from, From"),
        ];
        let found = find(&lines, "from");
        assert_eq!(found.len(), 3);
        assert_eq!(
            found[0],
            Match {
                line: 0,
                start: 7,
                end: 11
            }
        );
    }

    #[test]
    fn highlights_ranges_across_span_boundaries() {
        let line = Line::from(vec![Span::raw("COPY --fr"), Span::raw("om=build")]);
        let style = Style::new().add_modifier(Modifier::REVERSED);
        let out = highlight(&line, &[(7, 11)], style);
        assert_eq!(plain(&out), "COPY --from=build");
        let marked: String = out
            .spans
            .iter()
            .filter(|s| s.style == style)
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, "from");
    }
}
