//! Display width of text in terminal columns, measured the way ratatui places it in cells.
//!
//! Text is measured one grapheme cluster at a time (a letter with its combining accents is one
//! cell; CJK ideographs and most emoji are two), which is also how ratatui's buffer advances,
//! so what is measured here is what is drawn.

use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The grapheme clusters of `text`. Printable ASCII without carriage returns is one cluster per
/// byte (no ASCII character extends or joins another; only CR LF forms a pair), so it is cut
/// by bytes without the Unicode segmentation tables: most lesson text is ASCII.
pub fn clusters(text: &str) -> Clusters<'_> {
    if text.is_ascii() && !text.contains('\r') {
        Clusters::Ascii(text)
    } else {
        Clusters::Unicode(text.graphemes(true))
    }
}

/// Iterator of [`clusters`].
pub enum Clusters<'a> {
    /// The rest of an ASCII text, one byte at a time.
    Ascii(&'a str),
    /// Any other text, by the Unicode rules.
    Unicode(unicode_segmentation::Graphemes<'a>),
}

impl<'a> Iterator for Clusters<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Clusters::Ascii(rest) => {
                if rest.is_empty() {
                    return None;
                }
                let (first, tail) = rest.split_at(1);
                *rest = tail;
                Some(first)
            }
            Clusters::Unicode(graphemes) => graphemes.next(),
        }
    }
}

/// Columns one grapheme cluster takes.
pub fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.len() == 1 {
        return 1;
    }
    // ratatui counts the half-width katakana sound marks as a cell each.
    let marks = grapheme
        .chars()
        .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
        .count();
    grapheme.width() + marks
}

/// Columns a string takes.
pub fn str_width(text: &str) -> usize {
    if text.is_ascii() && !text.contains('\r') {
        return text.len();
    }
    text.graphemes(true).map(grapheme_width).sum()
}

/// Columns a line takes.
pub fn line_width(line: &Line<'_>) -> usize {
    line.spans.iter().map(|span| str_width(&span.content)).sum()
}

/// Splits `line` into pieces of at most `width` columns, breaking between grapheme clusters.
/// A cluster wider than `width` on its own is broken into its characters. Always returns at
/// least one line.
pub fn hard_wrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(2);
    if line_width(&line) <= width {
        return vec![line];
    }
    let mut out = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let mut piece = String::new();
        for grapheme in clusters(&span.content) {
            for unit in fitting_units(grapheme, width) {
                let w = grapheme_width(unit);
                if used + w > width {
                    if !piece.is_empty() {
                        current.push(Span::styled(std::mem::take(&mut piece), span.style));
                    }
                    out.push(Line::from(std::mem::take(&mut current)));
                    used = 0;
                }
                piece.push_str(unit);
                used += w;
            }
        }
        if !piece.is_empty() {
            current.push(Span::styled(piece, span.style));
        }
    }
    if !current.is_empty() || out.is_empty() {
        out.push(Line::from(current));
    }
    out
}

/// A grapheme as one unit, or as its characters when it is wider than `width`.
pub fn fitting_units(grapheme: &str, width: usize) -> Vec<&str> {
    if grapheme_width(grapheme) <= width {
        return vec![grapheme];
    }
    grapheme
        .char_indices()
        .map(|(i, c)| &grapheme[i..i + c.len_utf8()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Style, Stylize};

    #[test]
    fn wide_and_combining_characters() {
        assert_eq!(str_width("abc"), 3);
        assert_eq!(str_width("日本"), 4);
        assert_eq!(str_width("e\u{301}"), 1);
        assert_eq!(str_width("🐳"), 2);
        assert_eq!(str_width(""), 0);
    }

    #[test]
    fn hard_wrap_keeps_styles_and_widths() {
        let line = Line::from(vec![Span::raw("abc"), "defgh".red()]);
        let lines = hard_wrap(line, 4);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["abcd", "efgh"]);
        assert_eq!(lines[0].spans[1].style, Style::new().red());
        assert!(lines.iter().all(|l| line_width(l) <= 4));
    }

    #[test]
    fn hard_wrap_never_splits_a_wide_character() {
        let lines = hard_wrap(Line::raw("a日本語"), 4);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["a日", "本語"]);
    }

    #[test]
    fn hard_wrap_of_an_empty_line_is_one_line() {
        assert_eq!(hard_wrap(Line::default(), 5).len(), 1);
    }
}

#[cfg(test)]
mod cluster_tests {
    use super::*;

    #[test]
    fn ascii_clusters_are_the_unicode_clusters() {
        for text in [
            "",
            "FROM golang:1.22 AS build",
            "tab\there and\nnewline",
            "carriage\r\nreturn",
            "\u{1}\u{7f} controls ~!@#",
            "café naïve",
            "日本語のテキスト",
            "e\u{301}\u{301} 👍🏽 🇫🇷",
        ] {
            let fast: Vec<&str> = clusters(text).collect();
            let slow: Vec<&str> = text.graphemes(true).collect();
            assert_eq!(fast, slow, "{text:?}");
            let width: usize = text.graphemes(true).map(grapheme_width).sum();
            assert_eq!(str_width(text), width, "{text:?}");
        }
    }
}
