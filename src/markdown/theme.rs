//! How rendered Markdown looks, with and without colour.
//!
//! Colours are the terminal's named palette colours (cyan, green, magenta), never fixed RGB
//! values, and never yellow, blue, black or white, which are unreadable on light or dark
//! backgrounds in common palettes. Without colour every element is still distinct through
//! bold, italic, underline, dim, rules and markers, and inline code keeps its backticks.

use ratatui::style::{Color, Modifier, Style};

use super::ast::Marks;

/// The styles of rendered Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Theme {
    /// Whether colours are used at all.
    pub color: bool,
}

impl Theme {
    /// A theme with or without colour.
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Heading text of a level (1 to 6).
    pub fn heading(self, level: u8) -> Style {
        match level {
            1 => self
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            2 => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            3 => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            4 => self
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::ITALIC),
            5 => Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
            _ => Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM),
        }
    }

    /// The rule drawn under a heading, if its level has one: heavy for `#`, light for `##`.
    pub fn heading_rule(self, level: u8) -> Option<(char, Style)> {
        match level {
            1 => Some(('━', self.fg(Color::Cyan))),
            2 => Some(('─', self.decoration())),
            _ => None,
        }
    }

    /// Text shown before a heading: `### ` for levels 3 to 6 without colour, where
    /// styles alone would not tell them from body text once printed plain.
    pub fn heading_prefix(self, level: u8) -> Option<String> {
        (!self.color && level >= 3).then(|| format!("{} ", "#".repeat(usize::from(level))))
    }

    /// Quote bars, table borders, code frames and rules.
    pub fn decoration(self) -> Style {
        self.fg(Color::Gray).add_modifier(Modifier::DIM)
    }

    /// List bullets and numbers, task boxes and footnote numbers at the start of a definition.
    pub fn marker(self) -> Style {
        self.fg(Color::Cyan)
    }

    /// A code block's language label.
    pub fn code_label(self) -> Style {
        self.decoration().add_modifier(Modifier::ITALIC)
    }

    /// Table header cells.
    pub fn table_header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// HTML shown as text.
    pub fn html(self) -> Style {
        self.fg(Color::Gray).add_modifier(Modifier::DIM)
    }

    /// Inline text with the given formatting.
    pub(crate) fn inline(self, marks: Marks) -> Style {
        let mut style = Style::new();
        if marks.contains(Marks::EMPHASIS) {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if marks.contains(Marks::STRONG) {
            style = style.add_modifier(Modifier::BOLD);
        }
        if marks.contains(Marks::STRIKE) {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        if marks.contains(Marks::CODE) {
            style = style.patch(self.fg(Color::Green));
        }
        if marks.contains(Marks::LINK) {
            style = style
                .patch(self.fg(Color::Cyan))
                .add_modifier(Modifier::UNDERLINED);
        }
        if marks.contains(Marks::URL) {
            style = style
                .patch(self.fg(Color::Gray))
                .add_modifier(Modifier::DIM)
                .remove_modifier(Modifier::UNDERLINED);
        }
        if marks.contains(Marks::IMAGE) {
            style = style
                .patch(self.fg(Color::Magenta))
                .add_modifier(Modifier::ITALIC);
        }
        if marks.contains(Marks::FOOTNOTE) {
            style = style.patch(self.fg(Color::Cyan));
        }
        if marks.contains(Marks::HTML) {
            style = style.patch(self.html());
        }
        style
    }

    /// Whether inline code keeps its backticks (it does without colour, where nothing else
    /// would set it apart).
    pub fn code_ticks(self) -> bool {
        !self.color
    }

    /// Whether markup such as the `~~` of strikethrough is shown: without colour, where the
    /// output may be plain text and dropping the style would reverse the meaning ("use
    /// ~~npm install~~ npm ci").
    pub fn shows_delimiters(self) -> bool {
        !self.color
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_differ_per_level_without_colour() {
        let theme = Theme::new(false);
        let looks: Vec<_> = (1..=6)
            .map(|level| (theme.heading(level), theme.heading_rule(level).map(|r| r.0)))
            .collect();
        for (i, a) in looks.iter().enumerate() {
            for b in &looks[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(looks.iter().all(|(style, _)| style.fg.is_none()));
    }

    #[test]
    fn no_colour_means_no_colour() {
        let theme = Theme::new(false);
        let all = Marks::CODE
            .union(Marks::LINK)
            .union(Marks::URL)
            .union(Marks::IMAGE)
            .union(Marks::HTML);
        assert_eq!(theme.inline(all).fg, None);
        assert_eq!(theme.decoration().fg, None);
        assert!(theme.code_ticks());
        assert!(!Theme::new(true).code_ticks());
    }

    #[test]
    fn nested_marks_combine() {
        let style = Theme::new(true).inline(Marks::EMPHASIS.union(Marks::STRONG));
        assert!(
            style
                .add_modifier
                .contains(Modifier::BOLD | Modifier::ITALIC)
        );
    }
}
