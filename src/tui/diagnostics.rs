//! The problems found while loading content, as `stagecraft check` prints them.

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem};

use super::keymap::{self, KeyHelp, key};
use super::list::Selection;
use super::screen::{Action, Context, Screen};
use super::widgets;

const KEYS: &[KeyHelp] = &[key("j/k ↑/↓", "move"), key("g/G", "first / last")];

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

    fn handle(&mut self, event: &Event, _ctx: &Context) -> Action {
        let Event::Key(key) = event else {
            return Action::None;
        };
        match keymap::nav(key) {
            Some(nav) if self.selection.apply(nav) => Action::None,
            _ => Action::Ignored,
        }
    }

    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let rows: Vec<ListItem> = ctx
            .content
            .diagnostics
            .iter()
            .map(|d| {
                let style = if d.is_error() {
                    theme.error()
                } else {
                    theme.warning()
                };
                ListItem::new(Line::styled(d.to_string(), style))
            })
            .collect();
        let title = format!("{} problems: the rest of the content loaded", rows.len());
        self.selection.page = area.height.saturating_sub(2) as usize;
        frame.render_stateful_widget(
            List::new(rows)
                .block(widgets::panel(&title, true, theme))
                .highlight_style(theme.selected()),
            area,
            &mut self.selection.state,
        );
    }

    fn keys(&self) -> &[KeyHelp] {
        KEYS
    }
}
