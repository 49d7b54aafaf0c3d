//! A scrollable, selectable list: the one list behaviour every screen shares.

use ratatui::widgets::ListState;

use super::keymap::Nav;

/// Selection in a list of `len` rows, moved by [`Nav`] intents.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// The ratatui state (selected row and scroll offset).
    pub state: ListState,
    len: usize,
    /// Rows per page, learnt from the last draw.
    pub page: usize,
}

impl Selection {
    /// A selection on the first row of `len` rows.
    pub fn new(len: usize) -> Self {
        let mut state = ListState::default();
        state.select((len > 0).then_some(0));
        Self {
            state,
            len,
            page: 10,
        }
    }

    /// The selected row.
    pub fn index(&self) -> Option<usize> {
        self.state.selected().filter(|&i| i < self.len)
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list has no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether there is more than one row, so that moving does something.
    pub fn can_move(&self) -> bool {
        self.len > 1
    }

    /// Moves by a navigation intent.
    pub fn apply(&mut self, nav: Nav) {
        if self.len == 0 {
            return;
        }
        let current = self.index().unwrap_or(0);
        let last = self.len - 1;
        let next = match nav {
            Nav::Up => current.saturating_sub(1),
            Nav::Down => (current + 1).min(last),
            Nav::PageUp => current.saturating_sub(self.page.max(1)),
            Nav::PageDown => (current + self.page.max(1)).min(last),
            Nav::Top => 0,
            Nav::Bottom => last,
        };
        self.state.select(Some(next));
    }

    /// The row under screen row `y` of a list drawn in `area` (with borders), if any.
    pub fn row_at(&self, area: ratatui::layout::Rect, x: u16, y: u16) -> Option<usize> {
        let inside = x > area.x && x + 1 < area.right() && y > area.y && y + 1 < area.bottom();
        if !inside {
            return None;
        }
        let row = self.state.offset() + usize::from(y - area.y - 1);
        (row < self.len).then_some(row)
    }

    /// Selects a row, clamped to the list.
    pub fn select(&mut self, index: usize) {
        if self.len > 0 {
            self.state.select(Some(index.min(self.len - 1)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_within_bounds() {
        let mut s = Selection::new(3);
        s.apply(Nav::Up);
        assert_eq!(s.index(), Some(0));
        s.apply(Nav::Bottom);
        s.apply(Nav::Down);
        assert_eq!(s.index(), Some(2));
        s.page = 2;
        s.apply(Nav::PageUp);
        assert_eq!(s.index(), Some(0));
    }

    #[test]
    fn empty_list_has_no_selection() {
        let mut s = Selection::new(0);
        s.apply(Nav::Down);
        assert_eq!(s.index(), None);
    }
}
