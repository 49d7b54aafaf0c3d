//! Small drawing helpers shared by screens.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::keymap::{GLOBAL_KEYS, KeyHelp};
use super::theme::Theme;

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

/// The footer: the screen's most useful keys, then `?` for the rest.
pub fn footer(keys: &[KeyHelp], theme: Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for help in keys.iter().take(6).chain(GLOBAL_KEYS.iter().take(1)) {
        spans.push(Span::styled(help.keys, theme.key()));
        spans.push(Span::styled(format!(" {}  ", help.action), theme.dim()));
    }
    Line::from(spans)
}

/// The help overlay: the screen's keys and the global ones.
pub fn help_overlay(
    frame: &mut Frame<'_>,
    area: Rect,
    screen: &str,
    keys: &[KeyHelp],
    theme: Theme,
) {
    let mut lines = vec![Line::styled(format!("{screen} keys"), theme.title())];
    let width = keys
        .iter()
        .chain(GLOBAL_KEYS)
        .map(|k| k.keys.chars().count())
        .max()
        .unwrap_or(4);
    let row = |k: &KeyHelp| {
        Line::from(vec![
            Span::styled(format!("  {:width$}  ", k.keys), theme.key()),
            Span::raw(k.action),
        ])
    };
    lines.extend(keys.iter().map(row));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Everywhere", theme.title()));
    lines.extend(GLOBAL_KEYS.iter().map(row));
    let height = lines.len() as u16 + 2;
    let popup = centered(area, 64, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(panel("Help", true, theme)),
        popup,
    );
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
