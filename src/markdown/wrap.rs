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
    /// A space, with the style and link of the text it was in.
    Space(Style, Option<usize>),
    /// A place to break without a space (between CJK characters).
    Join,
    Break,
}

/// Wraps `inlines` to `width` columns. `base` is patched under every inline style (e.g. a
/// heading's style). Content without any visible text gives no lines.
pub(crate) fn wrap(inlines: &[Inline], width: usize, theme: Theme, base: Style) -> Wrapped {
    let tokens = tokenize(inlines, theme, base);
    let mut out = LineBuilder::new(width.max(2), base);
    for token in tokens {
        match token {
            Token::Space(style, link) => out.space(style, link),
            Token::Join => out.join(),
            Token::Break => out.flush(),
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

/// Whether a grapheme is Chinese, Japanese or Korean text, which breaks between characters.
fn is_cjk(grapheme: &str) -> bool {
    grapheme.chars().next().is_some_and(|c| {
        matches!(c,
            '\u{1100}'..='\u{11ff}'
            | '\u{2e80}'..='\u{9fff}'
            | '\u{ac00}'..='\u{d7af}'
            | '\u{f900}'..='\u{faff}'
            | '\u{ff00}'..='\u{ffef}'
            | '\u{20000}'..='\u{3ffff}')
    })
}

/// Punctuation that must not start a line, so it stays with the character before it.
fn no_break_before(grapheme: &str) -> bool {
    matches!(
        grapheme,
        "、" | "。"
            | "，"
            | "．"
            | "）"
            | "」"
            | "』"
            | "】"
            | "〕"
            | "〉"
            | "》"
            | "！"
            | "？"
            | "："
            | "；"
            | "ー"
            | "々"
            | "…"
            | "・"
            | ","
            | "."
            | ")"
            | "!"
            | "?"
            | ":"
            | ";"
    )
}

/// Adds a grapheme to a word, extending its last fragment when the style and link match.
fn append(word: &mut Vec<Frag>, grapheme: &str, style: Style, link: Option<usize>) {
    match word.last_mut() {
        Some(frag) if frag.style == style && frag.link == link => frag.text.push_str(grapheme),
        _ => word.push(Frag {
            text: grapheme.to_owned(),
            style,
            link,
        }),
    }
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
        let (text, marks, link) = match inline {
            Inline::HardBreak => {
                end_word(&mut word, &mut tokens);
                tokens.push(Token::Break);
                continue;
            }
            Inline::Text { marks, .. }
                if marks.contains(Marks::DELIMITER) && !theme.shows_delimiters() =>
            {
                continue;
            }
            Inline::Text { text, marks, link } => (text, *marks, *link),
        };
        let style = base.patch(theme.inline(marks));
        let ticked;
        let text = if marks.contains(Marks::CODE) && theme.code_ticks() {
            ticked = format!("`{text}`");
            &ticked
        } else {
            text
        };
        for grapheme in super::width::clusters(text) {
            if is_space(grapheme) {
                end_word(&mut word, &mut tokens);
                if !matches!(tokens.last(), Some(Token::Space(..))) {
                    tokens.push(Token::Space(style, link));
                }
                continue;
            }
            // Right after a CJK character the word has ended; text continuing without a space
            // may break there, except before closing punctuation, which stays attached.
            let after_cjk = word.is_empty() && matches!(tokens.last(), Some(Token::Word(_)));
            if after_cjk && no_break_before(grapheme) {
                if let Some(Token::Word(previous)) = tokens.last_mut() {
                    append(previous, grapheme, style, link);
                }
                continue;
            }
            if is_cjk(grapheme) {
                if !word.is_empty() || after_cjk {
                    end_word(&mut word, &mut tokens);
                    tokens.push(Token::Join);
                }
                append(&mut word, grapheme, style, link);
                end_word(&mut word, &mut tokens);
                continue;
            }
            if after_cjk {
                tokens.push(Token::Join);
            }
            append(&mut word, grapheme, style, link);
        }
    }
    end_word(&mut word, &mut tokens);
    tokens
}

/// What separates the next word from the line so far.
#[derive(Debug, Clone, Copy)]
enum Gap {
    None,
    Space(Style, Option<usize>),
    Join,
}

/// Accumulates words into lines of at most `width` columns.
struct LineBuilder {
    width: usize,
    base: Style,
    done: Vec<Vec<Frag>>,
    current: Vec<Frag>,
    used: usize,
    gap: Gap,
}

impl LineBuilder {
    fn new(width: usize, base: Style) -> Self {
        LineBuilder {
            width,
            base,
            done: Vec::new(),
            current: Vec::new(),
            used: 0,
            gap: Gap::None,
        }
    }

    fn space(&mut self, style: Style, link: Option<usize>) {
        if self.used > 0 && !matches!(self.gap, Gap::Space(..)) {
            self.gap = Gap::Space(style, link);
        }
    }

    fn join(&mut self) {
        if self.used > 0 && matches!(self.gap, Gap::None) {
            self.gap = Gap::Join;
        }
    }

    fn flush(&mut self) {
        self.done.push(std::mem::take(&mut self.current));
        self.used = 0;
        self.gap = Gap::None;
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
        let gap = std::mem::replace(&mut self.gap, Gap::None);
        let gap_width = usize::from(matches!(gap, Gap::Space(..)));
        if self.used > 0 && self.used + gap_width + width > self.width {
            self.flush();
        } else if let Gap::Space(style, link) = gap {
            // The space keeps its style (an underlined link, struck-through text) when the
            // text before it has that style too.
            // Between two parts of one link it stays part of the link.
            match self.current.last() {
                Some(previous) => {
                    let link = if previous.link == link { link } else { None };
                    let style = if previous.style == style {
                        style
                    } else {
                        self.base
                    };
                    self.push(" ", style, link, 1);
                }
                None => self.push(" ", self.base, None, 1),
            }
        }
        if self.used + width <= self.width {
            for frag in frags {
                let w = super::width::str_width(&frag.text);
                self.push(&frag.text, frag.style, frag.link, w);
            }
            return;
        }
        // Longer than a whole line: break it between graphemes.
        for frag in frags {
            for grapheme in super::width::clusters(&frag.text) {
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
                let w: usize = super::width::str_width(&frag.text);
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
        assert_eq!(lines, ["日本語", "の テ", "キスト"]);
        let lines = wrap_plain(&[text("🐳🐳🐳🐳 🐳")], 5);
        assert_eq!(lines, ["🐳🐳", "🐳🐳", "🐳"]);
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
    fn hard_breaks_start_a_line() {
        let lines = wrap_plain(&[text("a b"), Inline::HardBreak, text("c")], 20);
        assert_eq!(lines, ["a b", "c"]);
        let lines = wrap_plain(
            &[text("a"), Inline::HardBreak, Inline::HardBreak, text("c")],
            20,
        );
        assert_eq!(lines, ["a", "", "c"]);
    }

    #[test]
    fn cjk_breaks_between_characters_but_not_before_closing_punctuation() {
        let lines = wrap_plain(&[text("日本語のテキスト。次の文")], 8);
        assert_eq!(lines, ["日本語の", "テキス", "ト。次の", "文"]);
        let lines = wrap_plain(&[text("Docker は便利")], 10);
        assert_eq!(lines, ["Docker は", "便利"]);
    }

    #[test]
    fn spaces_inside_formatting_keep_it() {
        let struck = Inline::Text {
            text: "two words".to_owned(),
            marks: Marks::STRIKE,
            link: None,
        };
        let w = wrap(
            &[text("a "), struck, text(" b")],
            40,
            Theme::new(true),
            Style::new(),
        );
        let styles: Vec<_> = w.lines[0]
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        let strike = Style::new().add_modifier(Modifier::CROSSED_OUT);
        assert_eq!(
            styles,
            [
                ("a ", Style::new()),
                ("two words", strike),
                (" b", Style::new())
            ]
        );
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
            Token::Space(..) => space = line > 0,
            Token::Join => {}
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
