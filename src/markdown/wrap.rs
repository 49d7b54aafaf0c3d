//! Word wrapping of styled inline text to a width.
//!
//! Lines break at spaces (runs of spaces count as one); a word wider than the whole line is
//! broken between grapheme clusters. Widths are display columns ([`super::width`]), so CJK,
//! emoji and combining accents wrap correctly.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use super::ast::{Inline, Marks};
use super::theme::Theme;
use super::width::{fitting_units, grapheme_width};

/// Where a piece of a link landed: columns `start..end` of line `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LinkPos {
    pub link: usize,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// Wrapped lines and where their links are.
#[derive(Debug, Default)]
pub(crate) struct Wrapped {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<LinkPos>,
}

/// A run of text of one style within a word.
#[derive(Debug)]
struct Frag {
    text: String,
    style: Style,
    link: Option<usize>,
}

#[derive(Debug)]
enum Token {
    Word(Vec<Frag>),
    Space,
    Break,
}

/// Wraps `inlines` to `width` columns. `base` is patched under every inline style (e.g. a
/// heading's style). Content without any visible text gives no lines.
pub(crate) fn wrap(inlines: &[Inline], width: usize, theme: Theme, base: Style) -> Wrapped {
    let tokens = tokenize(inlines, theme, base);
    let mut out = LineBuilder::new(width.max(2), base);
    for token in tokens {
        match token {
            Token::Space => out.space(),
            Token::Break => out.hard_break(),
            Token::Word(frags) => out.word(frags),
        }
    }
    out.finish()
}

/// Whether a grapheme is a place to break a line. No-break spaces are not.
fn is_space(grapheme: &str) -> bool {
    grapheme
        .chars()
        .all(|c| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}'))
}

fn tokenize(inlines: &[Inline], theme: Theme, base: Style) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word: Vec<Frag> = Vec::new();
    fn end_word(word: &mut Vec<Frag>, tokens: &mut Vec<Token>) {
        if !word.is_empty() {
            tokens.push(Token::Word(std::mem::take(word)));
        }
    }
    for inline in inlines {
        match inline {
            Inline::SoftBreak => {
                end_word(&mut word, &mut tokens);
                tokens.push(Token::Space);
            }
            Inline::HardBreak => {
                end_word(&mut word, &mut tokens);
                tokens.push(Token::Break);
            }
            Inline::Text { text, marks, link } => {
                let style = base.patch(theme.inline(*marks));
                let ticked;
                let text = if marks.contains(Marks::CODE) && theme.code_ticks() {
                    ticked = format!("`{text}`");
                    &ticked
                } else {
                    text
                };
                for grapheme in text.graphemes(true) {
                    if is_space(grapheme) {
                        end_word(&mut word, &mut tokens);
                        tokens.push(Token::Space);
                        continue;
                    }
                    match word.last_mut() {
                        Some(frag) if frag.style == style && frag.link == *link => {
                            frag.text.push_str(grapheme)
                        }
                        _ => word.push(Frag {
                            text: grapheme.to_owned(),
                            style,
                            link: *link,
                        }),
                    }
                }
            }
        }
    }
    end_word(&mut word, &mut tokens);
    tokens
}

/// Accumulates words into lines of at most `width` columns.
struct LineBuilder {
    width: usize,
    base: Style,
    done: Vec<Vec<Frag>>,
    current: Vec<Frag>,
    used: usize,
    pending_space: bool,
}

impl LineBuilder {
    fn new(width: usize, base: Style) -> Self {
        LineBuilder {
            width,
            base,
            done: Vec::new(),
            current: Vec::new(),
            used: 0,
            pending_space: false,
        }
    }

    fn space(&mut self) {
        if self.used > 0 {
            self.pending_space = true;
        }
    }

    fn hard_break(&mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        self.done.push(std::mem::take(&mut self.current));
        self.used = 0;
        self.pending_space = false;
    }

    fn push(&mut self, text: &str, style: Style, link: Option<usize>, width: usize) {
        match self.current.last_mut() {
            Some(last) if last.style == style && last.link == link => last.text.push_str(text),
            _ => self.current.push(Frag {
                text: text.to_owned(),
                style,
                link,
            }),
        }
        self.used += width;
    }

    fn word(&mut self, frags: Vec<Frag>) {
        let width: usize = frags
            .iter()
            .flat_map(|f| f.text.graphemes(true))
            .map(grapheme_width)
            .sum();
        let mut space = self.pending_space && self.used > 0;
        if self.used > 0 && self.used + usize::from(space) + width > self.width {
            self.flush();
            space = false;
        }
        self.pending_space = false;
        if space {
            // Inside one link the space belongs to the link (continuous underline).
            let previous = self.current.last().map(|f| (f.link, f.style));
            let next_link = frags.first().and_then(|f| f.link);
            let next_style = frags.first().map(|f| f.style);
            match previous {
                Some((Some(link), style)) if Some(link) == next_link => {
                    let style = if Some(style) == next_style {
                        style
                    } else {
                        self.base
                    };
                    self.push(" ", style, Some(link), 1)
                }
                _ => self.push(" ", self.base, None, 1),
            }
        }
        if self.used + width <= self.width {
            for frag in frags {
                let w = frag.text.graphemes(true).map(grapheme_width).sum();
                self.push(&frag.text, frag.style, frag.link, w);
            }
            return;
        }
        // Longer than a whole line: break it between graphemes.
        for frag in frags {
            for grapheme in frag.text.graphemes(true) {
                for unit in fitting_units(grapheme, self.width) {
                    let w = grapheme_width(unit);
                    if self.used > 0 && self.used + w > self.width {
                        self.flush();
                    }
                    self.push(unit, frag.style, frag.link, w);
                }
            }
        }
    }

    fn finish(mut self) -> Wrapped {
        if !self.current.is_empty() {
            self.flush();
        }
        let mut wrapped = Wrapped::default();
        for (index, frags) in self.done.into_iter().enumerate() {
            let mut column = 0;
            let mut spans = Vec::with_capacity(frags.len());
            for frag in frags {
                let w: usize = frag.text.graphemes(true).map(grapheme_width).sum();
                if let Some(link) = frag.link {
                    match wrapped.links.last_mut() {
                        Some(pos) if pos.link == link && pos.line == index && pos.end == column => {
                            pos.end += w
                        }
                        _ => wrapped.links.push(LinkPos {
                            link,
                            line: index,
                            start: column,
                            end: column + w,
                        }),
                    }
                }
                column += w;
                spans.push(Span::styled(frag.text, frag.style));
            }
            wrapped.lines.push(Line::from(spans));
        }
        wrapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::width::line_width;
    use ratatui::style::Modifier;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.to_owned(),
            marks: Marks::NONE,
            link: None,
        }
    }

    fn plain(wrapped: &Wrapped) -> Vec<String> {
        wrapped.lines.iter().map(|l| l.to_string()).collect()
    }

    fn wrap_plain(inlines: &[Inline], width: usize) -> Vec<String> {
        plain(&wrap(inlines, width, Theme::new(true), Style::new()))
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let lines = wrap_plain(&[text("the quick brown fox jumps")], 10);
        assert_eq!(lines, ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn runs_of_spaces_collapse_and_edges_are_trimmed() {
        let lines = wrap_plain(&[text("  a   b  ")], 10);
        assert_eq!(lines, ["a b"]);
    }

    #[test]
    fn long_words_are_broken() {
        let lines = wrap_plain(&[text("ab abcdefghijkl c")], 5);
        assert_eq!(lines, ["ab", "abcde", "fghij", "kl c"]);
    }

    #[test]
    fn wide_characters_count_double() {
        let lines = wrap_plain(&[text("日本語 の テキスト")], 6);
        assert_eq!(lines, ["日本語", "の", "テキス", "ト"]);
        let w = wrap(&[text("日本語テキスト")], 5, Theme::new(true), Style::new());
        assert!(w.lines.iter().all(|l| line_width(l) <= 5));
    }

    #[test]
    fn combining_characters_count_once() {
        let word = "e\u{301}e\u{301}e\u{301}";
        let lines = wrap_plain(&[text(&format!("{word} {word}"))], 7);
        assert_eq!(lines, [format!("{word} {word}")]);
    }

    #[test]
    fn words_span_styles_without_breaking() {
        let strong = Inline::Text {
            text: "bold".to_owned(),
            marks: Marks::STRONG,
            link: None,
        };
        let w = wrap(
            &[text("xx "), strong, text("er yy")],
            8,
            Theme::new(true),
            Style::new(),
        );
        assert_eq!(plain(&w), ["xx", "bolder", "yy"]);
        assert!(
            w.lines[1].spans[0]
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
    }

    #[test]
    fn breaks() {
        let lines = wrap_plain(
            &[
                text("a"),
                Inline::SoftBreak,
                text("b"),
                Inline::HardBreak,
                text("c"),
            ],
            20,
        );
        assert_eq!(lines, ["a b", "c"]);
    }

    #[test]
    fn link_positions_follow_wrapping() {
        let link = |s: &str| Inline::Text {
            text: s.to_owned(),
            marks: Marks::LINK,
            link: Some(0),
        };
        let w = wrap(
            &[text("see "), link("the docker docs"), text(" now")],
            12,
            Theme::new(true),
            Style::new(),
        );
        assert_eq!(plain(&w), ["see the", "docker docs", "now"]);
        let spans: Vec<_> = w.links.iter().map(|p| (p.line, p.start, p.end)).collect();
        assert_eq!(spans, [(0, 4, 7), (1, 0, 11)]);
    }

    #[test]
    fn code_keeps_backticks_only_without_colour() {
        let code = Inline::Text {
            text: "RUN".to_owned(),
            marks: Marks::CODE,
            link: None,
        };
        let mono = wrap(
            std::slice::from_ref(&code),
            20,
            Theme::new(false),
            Style::new(),
        );
        assert_eq!(plain(&mono), ["`RUN`"]);
        assert_eq!(wrap_plain(&[code], 20), ["RUN"]);
    }

    #[test]
    fn nothing_visible_gives_no_lines() {
        assert!(wrap_plain(&[], 10).is_empty());
        assert!(wrap_plain(&[text("   ")], 10).is_empty());
    }
}

/// The width `inlines` take on one line (the widest line between hard breaks), and the width
/// of their longest word: the most and the least a table column holding them needs.
pub(crate) fn measure(inlines: &[Inline], theme: Theme) -> (usize, usize) {
    let mut natural = 0;
    let mut longest = 0;
    let mut line = 0;
    let mut space = false;
    for token in tokenize(inlines, theme, Style::new()) {
        match token {
            Token::Space => space = line > 0,
            Token::Break => {
                line = 0;
                space = false;
            }
            Token::Word(frags) => {
                let w: usize = frags
                    .iter()
                    .flat_map(|f| f.text.graphemes(true))
                    .map(grapheme_width)
                    .sum();
                line += w + usize::from(space);
                space = false;
                longest = longest.max(w);
                natural = natural.max(line);
            }
        }
    }
    (natural, longest)
}

#[cfg(test)]
mod measure_tests {
    use super::*;

    #[test]
    fn measures_lines_and_words() {
        let inlines = [
            Inline::Text {
                text: "ab  cdef".to_owned(),
                marks: Marks::NONE,
                link: None,
            },
            Inline::HardBreak,
            Inline::Text {
                text: "x".to_owned(),
                marks: Marks::NONE,
                link: None,
            },
        ];
        assert_eq!(measure(&inlines, Theme::new(true)), (7, 4));
        assert_eq!(measure(&[], Theme::new(true)), (0, 0));
    }
}
