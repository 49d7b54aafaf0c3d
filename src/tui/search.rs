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

/// Every case-insensitive occurrence of `query` in `lines`. Offsets are in the line's own
/// text and always on its characters, even where lower-casing changes a character's length
/// (`İ` becomes two characters, the Kelvin sign one byte).
pub fn find(lines: &[Line<'_>], query: &str) -> Vec<Match> {
    let needle = query.to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let text = plain(line);
        let folded = Folded::new(&text);
        let mut from = 0;
        while let Some(pos) = folded.lower[from..].find(&needle) {
            let start = from + pos;
            let end = start + needle.len();
            found.push(Match {
                line: index,
                start: folded.original_start(start),
                end: folded.original_end(end),
            });
            from = end;
        }
    }
    found
}

/// A text lower-cased, with where each lower-cased character came from.
struct Folded {
    lower: String,
    /// For each character of the text, in order: where its lower case starts in `lower`, and
    /// its own byte range in the text.
    chars: Vec<(usize, usize, usize)>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut lower = String::with_capacity(text.len());
        let mut chars = Vec::with_capacity(text.len());
        for (at, c) in text.char_indices() {
            chars.push((lower.len(), at, at + c.len_utf8()));
            lower.extend(c.to_lowercase());
        }
        Folded { lower, chars }
    }

    /// The character whose lower case holds byte `offset` of `lower`.
    fn char_at(&self, offset: usize) -> Option<&(usize, usize, usize)> {
        let index = self.chars.partition_point(|&(lower, _, _)| lower <= offset);
        index.checked_sub(1).and_then(|i| self.chars.get(i))
    }

    /// Where the character holding lower-case byte `start` begins in the text.
    fn original_start(&self, start: usize) -> usize {
        self.char_at(start).map_or(0, |&(_, from, _)| from)
    }

    /// Where the character holding the lower-case byte before `end` ends in the text.
    fn original_end(&self, end: usize) -> usize {
        self.char_at(end.saturating_sub(1))
            .map_or(0, |&(_, _, to)| to)
    }
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
    fn offsets_stay_on_characters_whose_lower_case_is_longer_or_shorter() {
        // `Ⱥ` gains a byte lower-cased, the Kelvin sign loses two, `İ` becomes two characters.
        let lines = vec![Line::raw("ȺȺ\u{212a} k"), Line::raw("İx")];
        let found = find(&lines, "k");
        let text = plain(&lines[0]);
        let shown: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(shown, ["\u{212a}", "k"]);
        let found = find(&lines, "x");
        assert_eq!((found[0].start, found[0].end), (2, 3));
        let found = find(&lines, "i");
        assert_eq!((found[0].start, found[0].end), (0, 2), "the whole `İ`");
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
