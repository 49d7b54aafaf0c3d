//! The problems found while loading content, as `stagecraft check` prints them.

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem};

use super::keymap::{Binding, KeyHelp, Nav};
use super::list::Selection;
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::widgets;
use crate::markdown::width::str_width;
use crate::sanitize::inert_line;

/// What the problems list can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Move the selection.
    Move(Nav),
}

fn can_move(screen: &DiagnosticsScreen) -> bool {
    screen.selection.can_move()
}

const TABLE: &[Binding<DiagnosticsScreen, Command>] =
    &crate::nav_bindings!(Command::Move, can_move, "move");

/// Lists content diagnostics.
pub struct DiagnosticsScreen {
    selection: Selection,
}

impl DiagnosticsScreen {
    /// A list of the loaded content's problems.
    pub fn new(ctx: &Context) -> Self {
        Self {
            selection: Selection::new(ctx.content.diagnostics.len()),
        }
    }
}

impl Screen for DiagnosticsScreen {
    fn title(&self) -> String {
        "Content problems".into()
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        let rows = rows(area, ctx);
        self.selection
            .fit_rows(area, |i| rows.get(i).map_or(1, ListItem::height));
        HitMap::new(())
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let rows = rows(area, ctx);
        let title = format!("{} problems: the rest of the content loaded", rows.len());
        let mut state = self.selection.state;
        frame.render_stateful_widget(
            List::new(rows)
                .block(widgets::panel(&title, true, theme))
                .highlight_style(theme.selected()),
            area,
            &mut state,
        );
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }
}

impl Commands for DiagnosticsScreen {
    type Command = Command;
    type Hits = ();

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, _ctx: &Context) -> Action {
        match command {
            Command::Move(nav) => self.selection.apply(nav),
        }
        Action::None
    }
}

/// Breaks `text` into lines of at most `width` columns at spaces; a word longer than a line
/// is cut.
fn word_wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let needed = str_width(&current) + usize::from(!current.is_empty()) + str_width(word);
        if !current.is_empty() && needed > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        while str_width(&current) > width {
            let cut = current
                .char_indices()
                .scan(0, |columns, (i, c)| {
                    *columns += str_width(c.encode_utf8(&mut [0; 4]));
                    Some((i, *columns))
                })
                .find(|&(_, columns)| columns > width)
                .map_or(current.len(), |(i, _)| i);
            let rest = current.split_off(cut.max(1));
            lines.push(std::mem::replace(&mut current, rest));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// One list row per problem, wrapped to the panel in `area`: its place, then its message.
fn rows(area: Rect, ctx: &Context) -> Vec<ListItem<'static>> {
    let theme = ctx.theme;
    // Inside the panel's borders; messages have a two-column indent.
    let place_width = usize::from(area.width.saturating_sub(2)).max(10);
    let width = place_width.saturating_sub(2);
    ctx.content
        .diagnostics
        .iter()
        .map(|d| {
            let style = if d.is_error() {
                theme.error()
            } else {
                theme.warning()
            };
            let level = if d.is_error() { "error" } else { "warning" };
            let place = format!("{}:{}:{}: {level}", d.path, d.line, d.col);
            // A long path wraps too, cut where the line ends.
            let mut lines: Vec<Line> = word_wrap(&inert_line(&place), place_width)
                .into_iter()
                .map(|part| Line::styled(part, style))
                .collect();
            lines.extend(
                word_wrap(&inert_line(&d.message), width)
                    .into_iter()
                    .map(|part| Line::raw(format!("  {part}"))),
            );
            ListItem::new(lines)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::word_wrap;

    #[test]
    fn words_wrap_at_spaces_and_long_words_are_cut() {
        assert_eq!(word_wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(word_wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(word_wrap("", 4), Vec::<String>::new());
        for line in word_wrap("a link to `lesson#anchor-that-is-long` here", 10) {
            assert!(super::str_width(&line) <= 10, "{line}");
        }
    }
}
