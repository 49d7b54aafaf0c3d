//! A lesson laid out for one width: its lines and where its headings landed.

use ratatui::text::Line;

use super::theme::Theme;
use crate::markdown::anchor;
use crate::sanitize::inert;

/// A heading's place in a laid-out document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocHeading {
    /// The heading text.
    pub title: String,
    /// 1 to 6.
    pub level: u8,
    /// Its anchor, as used in lesson links.
    pub anchor: String,
    /// Index of its first line in [`DocLayout::lines`].
    pub line: usize,
}

/// A document laid out for a given width.
#[derive(Debug, Clone, Default)]
pub struct DocLayout {
    /// The lines to draw.
    pub lines: Vec<Line<'static>>,
    /// The headings, in order.
    pub headings: Vec<DocHeading>,
}

/// Lays out Markdown `body` for `width` columns.
pub fn layout(body: &str, width: u16, _theme: Theme) -> DocLayout {
    let (lines, source_map) = wrap_plain(body, usize::from(width));
    let headings = anchor::headings(body)
        .into_iter()
        .map(|h| DocHeading {
            line: source_map
                .iter()
                .position(|&s| s + 1 >= h.source_line)
                .unwrap_or(0),
            title: h.text,
            level: h.level,
            anchor: h.anchor,
        })
        .collect();
    DocLayout { lines, headings }
}

/// Word-wraps plain text to `width` columns; also returns, for each output line, the 0-based
/// source line it came from.
fn wrap_plain(text: &str, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut map = Vec::new();
    for (index, source) in inert(text).replace('\t', "    ").lines().enumerate() {
        let mut current = String::new();
        for word in source.split(' ') {
            let needed = if current.is_empty() {
                word.width()
            } else {
                current.width() + 1 + word.width()
            };
            if needed > width && !current.is_empty() {
                lines.push(Line::raw(std::mem::take(&mut current)));
                map.push(index);
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            while current.width() > width {
                let split = split_at_width(&current, width);
                let rest = current.split_off(split);
                lines.push(Line::raw(std::mem::replace(&mut current, rest)));
                map.push(index);
            }
        }
        lines.push(Line::raw(current));
        map.push(index);
    }
    (lines, map)
}

/// The byte index where the first `width` columns of `text` end (at least one character).
fn split_at_width(text: &str, width: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            return if i == 0 { c.len_utf8() } else { i };
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words_and_breaks_long_words() {
        let (lines, map) = wrap_plain("one two three\nabcdefghij", 5);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["one", "two", "three", "abcde", "fghij"]);
        assert_eq!(map, [0, 0, 0, 1, 1]);
    }

    #[test]
    fn wide_characters_count_double() {
        let (lines, _) = wrap_plain("日本語テキスト", 4);
        assert!(lines.iter().all(|l| l.width() <= 4));
    }

    #[test]
    fn control_characters_are_inert() {
        let (lines, _) = wrap_plain("a\u{1b}[2Jb", 80);
        assert_eq!(lines[0].to_string(), "a\u{241b}[2Jb");
    }

    #[test]
    fn headings_map_to_their_lines() {
        let doc = layout(
            "# Title\n\nsome words here\n\n## Next\n",
            6,
            Theme::new(false),
        );
        assert_eq!(doc.headings.len(), 2);
        let next = &doc.headings[1];
        assert_eq!(doc.lines[next.line].to_string(), "##");
    }
}
