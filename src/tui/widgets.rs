//! Small drawing helpers shared by screens.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::keymap::{GLOBAL, KeyHelp};
use super::scroll::Scroll;
use super::theme::Theme;
use crate::markdown::width::str_width;
use crate::sanitize::inert_line;

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A bordered block with a title.
pub fn panel<'a>(title: &'a str, focused: bool, theme: Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(format!(" {title} "), theme.title()))
}

/// The footer for `width` columns: the screen's available keys in the order of its table
/// (which is their priority), then the app's. Whole hints are dropped from the end of the
/// order when they do not fit, never cut; `?` (the full list) always stays.
pub fn footer(
    keys: &[KeyHelp],
    typing: bool,
    can_go_back: bool,
    width: u16,
    theme: Theme,
) -> Line<'static> {
    // A key the screen binds now is the screen's: the app's meaning of it is not offered.
    let taken: Vec<&str> = keys.iter().flat_map(|k| k.keys.split([' ', '/'])).collect();
    let globals = GLOBAL
        .iter()
        .filter(|b| (b.when)(&typing) && !b.hint.is_empty())
        .filter(|b| can_go_back || b.shown != "Esc")
        .filter(|b| !taken.contains(&b.shown))
        .map(|b| KeyHelp {
            keys: b.shown,
            hint: b.hint,
            help: b.help,
            bound: b.keys,
        });
    let (help, others): (Vec<KeyHelp>, Vec<KeyHelp>) = keys
        .iter()
        .copied()
        .filter(|k| !k.hint.is_empty())
        .chain(globals)
        .partition(|k| k.keys == "?");
    let cost = |k: &KeyHelp| str_width(k.keys) + 1 + str_width(k.hint) + 2;
    let mut room = usize::from(width).saturating_sub(help.iter().map(cost).sum());
    let mut chosen = Vec::new();
    for key in others {
        if cost(&key) <= room {
            room -= cost(&key);
            chosen.push(key);
        }
    }
    chosen.extend(help);
    let mut spans = Vec::new();
    for key in chosen {
        spans.push(Span::styled(key.keys, theme.key()));
        spans.push(Span::styled(format!(" {}  ", key.hint), theme.dim()));
    }
    Line::from(spans)
}

/// The help overlay's page: the screen's available keys and the app's, and where the popup
/// goes in `area`.
pub struct HelpPage {
    lines: Vec<Line<'static>>,
    popup: Rect,
}

impl HelpPage {
    /// The page for a screen titled `screen` with `keys`, in `area`.
    pub fn new(area: Rect, screen: &str, keys: &[KeyHelp], typing: bool, theme: Theme) -> Self {
        let globals: Vec<KeyHelp> = GLOBAL
            .iter()
            .filter(|b| (b.when)(&typing))
            .map(|b| KeyHelp {
                keys: b.shown,
                hint: b.hint,
                help: b.help,
                bound: b.keys,
            })
            .collect();
        let mut lines = vec![Line::styled(
            format!("{} keys", inert_line(screen)),
            theme.title(),
        )];
        let width = keys
            .iter()
            .chain(&globals)
            .map(|k| str_width(k.keys))
            .max()
            .unwrap_or(4);
        let popup_width = 72.min(area.width);
        let room = usize::from(popup_width).saturating_sub(2 + width + 4);
        let row = |k: &KeyHelp| {
            let pad = width.saturating_sub(str_width(k.keys));
            Line::from(vec![
                Span::styled(format!("  {}{}  ", k.keys, " ".repeat(pad)), theme.key()),
                Span::raw(ellipsis(k.help, room)),
            ])
        };
        lines.extend(keys.iter().map(row));
        lines.push(Line::raw(""));
        lines.push(Line::styled("Everywhere", theme.title()));
        lines.extend(globals.iter().map(row));
        let popup = centered(area, popup_width, lines.len() as u16 + 2);
        Self { lines, popup }
    }

    /// Tells `scroll` how long the page is and how much of it shows.
    pub fn fit(&self, scroll: &mut Scroll) {
        scroll.fit(
            self.lines.len(),
            usize::from(self.popup.height.saturating_sub(2)),
        );
    }

    /// Draws the overlay, scrolled by `scroll` (fitted by [`HelpPage::fit`]) when the keys do
    /// not fit.
    pub fn draw(self, frame: &mut Frame<'_>, scroll: &Scroll, theme: Theme) {
        let title = if scroll.overflows() {
            "Help (j/k scroll, ? closes)"
        } else {
            "Help (? closes)"
        };
        frame.render_widget(Clear, self.popup);
        frame.render_widget(
            Paragraph::new(self.lines)
                .scroll((scroll.offset_u16(), 0))
                .block(panel(title, true, theme)),
            self.popup,
        );
    }
}

/// `line` cut to `width` columns, ending with `…` when something was cut (list rows).
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let total: usize = line.spans.iter().map(|s| str_width(&s.content)).sum();
    if total <= width {
        return line;
    }
    let mut spans = Vec::new();
    let mut room = width.saturating_sub(1);
    for span in line.spans {
        if room == 0 {
            break;
        }
        let w = str_width(&span.content);
        if w <= room {
            room -= w;
            spans.push(span);
        } else {
            let mut cut = String::new();
            for c in span.content.chars() {
                let w = str_width(c.encode_utf8(&mut [0; 4]));
                if w > room {
                    break;
                }
                room -= w;
                cut.push(c);
            }
            room = 0;
            spans.push(Span::styled(cut, span.style));
        }
    }
    if width > 0 {
        spans.push(Span::raw("…"));
    }
    Line::from(spans).style(line.style)
}

/// `text` cut to `width` columns, ending with `…` when something was cut.
pub fn ellipsis(text: &str, width: usize) -> String {
    if str_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = str_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Shown instead of a screen when the terminal is too small to draw it.
pub fn too_small(frame: &mut Frame<'_>, area: Rect, theme: Theme) {
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled("Terminal too small", theme.warning()),
            Line::raw("Enlarge it, or press q"),
        ])
        .wrap(Wrap { trim: true }),
        area,
    );
}

/// `text` (made inert) broken into lines of at most `width` columns, at spaces where it can
/// and inside a word only when the word alone is wider: for messages that must be read in
/// full, such as why an answer was not saved.
pub fn wrap_message(text: &str, width: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = usize::from(width.max(1));
    let text = crate::sanitize::inert_line(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_width: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        if used > 0 && used + 1 + word_width <= width {
            line.push(' ');
            used += 1;
        } else if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[KeyHelp] = &[
        KeyHelp {
            keys: "Enter",
            hint: "next card",
            help: "",
            bound: &[],
        },
        KeyHelp {
            keys: "1-4",
            hint: "rate",
            help: "",
            bound: &[],
        },
        KeyHelp {
            keys: "o",
            hint: "lesson",
            help: "",
            bound: &[],
        },
        KeyHelp {
            keys: "v",
            hint: "open its Dockerfile",
            help: "",
            bound: &[],
        },
    ];

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn the_footer_drops_whole_hints_and_keeps_help() {
        let theme = Theme::new(false);
        let wide = text(&footer(KEYS, false, true, 120, theme));
        assert!(wide.contains("v open its Dockerfile"), "{wide}");
        assert!(wide.contains("q quit"), "{wide}");
        let narrow = text(&footer(KEYS, false, true, 40, theme));
        assert!(str_width(narrow.trim_end()) <= 40, "{narrow}");
        assert!(narrow.contains("Enter next card"), "{narrow}");
        assert!(narrow.contains("? help"), "{narrow}");
        assert!(!narrow.contains("Dockerfile"), "{narrow}");
        for word in narrow.split_whitespace() {
            assert!(
                KEYS.iter()
                    .chain([&KeyHelp {
                        keys: "?",
                        hint: "help",
                        help: "",
                        bound: &[],
                    }])
                    .any(|k| k.keys.contains(word) || k.hint.contains(word))
                    || ["Esc", "back", "q", "quit"].contains(&word),
                "a word was cut: {word} in {narrow}"
            );
        }
    }

    #[test]
    fn cut_lines_end_with_an_ellipsis() {
        let line = Line::from(vec![Span::raw("abc"), Span::raw("defgh")]);
        assert_eq!(text(&fit_line(line.clone(), 6)), "abcde…");
        assert_eq!(text(&fit_line(line.clone(), 8)), "abcdefgh");
        assert_eq!(text(&fit_line(line, 3)), "ab…");
    }

    #[test]
    fn cut_text_ends_with_an_ellipsis() {
        assert_eq!(ellipsis("abcdef", 4), "abc…");
        assert_eq!(ellipsis("abc", 4), "abc");
        assert_eq!(ellipsis("日本語", 4), "日…");
    }

    #[test]
    fn messages_wrap_at_spaces_and_keep_every_character() {
        let text = "the disk holding /home/learner/.local/share/stagecraft/default.sqlite3 is full";
        let lines = wrap_message(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines[0], "the disk holding");
        let joined: String = lines.concat();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn a_message_stays_one_line_when_it_fits() {
        assert_eq!(wrap_message("saved", 20), vec!["saved".to_owned()]);
        assert_eq!(wrap_message("", 20), vec![String::new()]);
    }
}
