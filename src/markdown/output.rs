//! A rendered document as text: plain, or with ANSI styles and OSC 8 hyperlinks.
//!
//! The text itself was made inert when parsed, so the only escape sequences in the ANSI
//! output are the ones written here.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use super::render::RenderedDoc;
use super::width::grapheme_width;

impl RenderedDoc {
    /// The lines without any styling, trailing spaces removed, each ending in a newline.
    pub fn to_plain(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            out.push_str(text.trim_end());
            out.push('\n');
        }
        out
    }

    /// The lines with ANSI SGR styles; with `hyperlinks`, links that a terminal can open are
    /// wrapped in OSC 8 sequences so they can be clicked.
    pub fn to_ansi(&self, hyperlinks: bool) -> String {
        let mut targets: Vec<Vec<(usize, usize, String)>> = vec![Vec::new(); self.lines.len()];
        if hyperlinks {
            for link in &self.links {
                let Some(url) = &link.hyperlink else {
                    continue;
                };
                let url = osc8_safe(url);
                for span in &link.spans {
                    if let Some(list) = targets.get_mut(span.line) {
                        list.push((span.start, span.end, url.clone()));
                    }
                }
            }
        }
        let mut out = String::new();
        for (line, links) in self.lines.iter().zip(&targets) {
            write_line(&mut out, &trim_end(line), links);
            out.push('\n');
        }
        out
    }
}

/// The line without trailing unstyled spaces.
fn trim_end(line: &Line<'static>) -> Line<'static> {
    let mut spans = line.spans.clone();
    while let Some(last) = spans.last_mut() {
        if last.style != Style::default() {
            break;
        }
        let trimmed = last.content.trim_end();
        if trimmed.is_empty() {
            spans.pop();
        } else {
            let trimmed = trimmed.to_owned();
            last.content = trimmed.into();
            break;
        }
    }
    Line::from(spans)
}

fn write_line(out: &mut String, line: &Line<'static>, links: &[(usize, usize, String)]) {
    let mut column = 0;
    let mut open: Option<usize> = None;
    for span in &line.spans {
        let sgr = sgr(span.style);
        if let Some(codes) = &sgr {
            out.push_str(codes);
        }
        for grapheme in super::width::clusters(&span.content) {
            if open.is_some_and(|end| column >= end) {
                out.push_str("\u{1b}]8;;\u{1b}\\");
                open = None;
            }
            if open.is_none()
                && let Some((_, end, url)) = links
                    .iter()
                    .find(|(start, end, _)| *start <= column && column < *end)
            {
                let _ = write!(out, "\u{1b}]8;;{url}\u{1b}\\");
                open = Some(*end);
            }
            out.push_str(grapheme);
            column += grapheme_width(grapheme);
        }
        if sgr.is_some() {
            out.push_str("\u{1b}[0m");
        }
    }
    if open.is_some() {
        out.push_str("\u{1b}]8;;\u{1b}\\");
    }
}

/// Percent-encodes everything outside printable ASCII, as OSC 8 requires.
fn osc8_safe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if (0x21..=0x7e).contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The SGR sequence that sets `style`, or `None` for the default style.
pub fn sgr(style: Style) -> Option<String> {
    let mut codes: Vec<String> = Vec::new();
    let modifiers = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (modifier, code) in modifiers {
        if style.add_modifier.contains(modifier) {
            codes.push(code.to_owned());
        }
    }
    if let Some(fg) = style.fg {
        codes.push(color_code(fg, false));
    }
    if let Some(bg) = style.bg {
        codes.push(color_code(bg, true));
    }
    (!codes.is_empty()).then(|| format!("\u{1b}[{}m", codes.join(";")))
}

fn color_code(color: Color, background: bool) -> String {
    let base = |n: u8| (if background { n + 10 } else { n }).to_string();
    match color {
        Color::Reset => base(39),
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(n) => format!("{};5;{n}", if background { 48 } else { 38 }),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", if background { 48 } else { 38 }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{RenderOptions, render};

    fn options(color: bool) -> RenderOptions {
        RenderOptions::new(40, color)
    }

    #[test]
    fn sgr_codes() {
        assert_eq!(sgr(Style::new()), None);
        let style = Style::new()
            .fg(Color::Cyan)
            .bg(Color::Indexed(236))
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        assert_eq!(sgr(style).as_deref(), Some("\u{1b}[1;4;36;48;5;236m"));
        assert_eq!(
            sgr(Style::new().fg(Color::Rgb(1, 2, 3))).as_deref(),
            Some("\u{1b}[38;2;1;2;3m")
        );
    }

    #[test]
    fn plain_has_no_escapes_and_trims() {
        let doc = render("# Title\n\n> quoted\n>\n> more\n", options(true));
        let plain = doc.to_plain();
        assert!(!plain.contains('\u{1b}'));
        assert!(plain.lines().all(|l| l == l.trim_end()));
        assert!(plain.starts_with("Title\n━━━"));
    }

    #[test]
    fn ansi_styles_and_hyperlinks() {
        let doc = render("see [the docs](https://docs.docker.com/ü)", options(true));
        let ansi = doc.to_ansi(true);
        assert!(
            ansi.contains("\u{1b}]8;;https://docs.docker.com/%C3%BC\u{1b}\\"),
            "{ansi:?}"
        );
        assert_eq!(ansi.matches("\u{1b}]8;;\u{1b}\\").count(), 1, "{ansi:?}");
        let opened = ansi.find("\u{1b}]8;;https").unwrap();
        assert!(ansi[opened..].contains("the"));
        assert!(ansi.contains("\u{1b}[4;36m"), "{ansi:?}");
        assert!(!doc.to_ansi(false).contains("\u{1b}]8"));
    }

    #[test]
    fn relative_links_get_no_hyperlink() {
        let doc = render("[next](other-lesson#setup)", options(true));
        assert!(!doc.to_ansi(true).contains("\u{1b}]8"));
    }

    #[test]
    fn hyperlinks_wrapped_over_lines_close_on_each_line() {
        let doc = render(
            "aaaa bbbb cccc dddd [a long link text that wraps](https://x.io)",
            RenderOptions::new(20, true),
        );
        let ansi = doc.to_ansi(true);
        for line in ansi.lines() {
            assert_eq!(
                line.matches("\u{1b}]8;;https").count(),
                line.matches("\u{1b}]8;;\u{1b}\\").count(),
                "{line:?}"
            );
        }
        assert!(ansi.matches("\u{1b}]8;;https").count() >= 2);
    }

    #[test]
    fn content_escapes_never_reach_the_ansi_output() {
        let doc = render(
            "x\u{1b}[31m \u{9b}2J [l](https://a\u{1b}]8;;b)",
            options(true),
        );
        let ansi = doc.to_ansi(true);
        // Every ESC in the output starts one of our own sequences.
        for (i, _) in ansi.match_indices('\u{1b}') {
            let rest = &ansi[i + 1..];
            assert!(rest.starts_with('[') || rest.starts_with("]8;;") || rest.starts_with('\\'));
        }
        assert!(ansi.contains("\u{241b}[31m"));
        assert!(!ansi.contains('\u{9b}'));
    }
}
