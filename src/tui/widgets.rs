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
