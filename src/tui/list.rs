//! A scrollable, selectable list: the one list behaviour every screen shares.

use ratatui::layout::Rect;
use ratatui::widgets::{Block, ListState};

use super::keymap::Nav;

/// Selection in a list of `len` rows, moved by [`Nav`] intents.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// The ratatui state (selected row and scroll offset).
    pub state: ListState,
    len: usize,
    /// Rows per page, learnt from the last layout.
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
    pub fn row_at(&self, area: Rect, x: u16, y: u16) -> Option<usize> {
        let inside = x > area.x && x + 1 < area.right() && y > area.y && y + 1 < area.bottom();
        if !inside {
            return None;
        }
        let row = self.state.offset() + usize::from(y - area.y - 1);
        (row < self.len).then_some(row)
    }

    /// Fits the list to a panel (with borders) drawn in `area`, every row one line high: see
    /// [`Selection::fit_rows`].
    pub fn fit(&mut self, area: Rect) {
        self.fit_rows(area, |_| 1);
    }

    /// Fits the list to a panel (with borders) drawn in `area`, row `i` taking `height(i)`
    /// lines: learns the page size and scrolls the way ratatui's `List` does when it is drawn
    /// (the selected row brought into view, moving as little as possible), so that drawing
    /// with this state changes nothing. Call it in the layout, before drawing.
    pub fn fit_rows(&mut self, area: Rect, height: impl Fn(usize) -> usize) {
        self.page = usize::from(area.height.saturating_sub(2));
        let inner = Block::bordered().inner(area);
        if inner.is_empty() {
            return;
        }
        if self.len == 0 {
            self.state.select(None);
            return;
        }
        let last_row = self.len - 1;
        if self.state.selected().is_some_and(|s| s > last_row) {
            self.state.select(Some(last_row));
        }
        let room = usize::from(inner.height);
        let offset = self.state.offset().min(last_row);
        // Rows `first..end` show, taking `used` lines.
        let (mut first, mut end, mut used) = (offset, offset, 0);
        while end < self.len && used + height(end) <= room {
            used += height(end);
            end += 1;
        }
        let wanted = self.state.selected().unwrap_or(offset);
        while wanted >= end {
            used += height(end);
            end += 1;
            while used > room {
                used -= height(first);
                first += 1;
            }
        }
        while wanted < first {
            first -= 1;
            used += height(first);
            while used > room {
                end -= 1;
                used -= height(end);
            }
        }
        *self.state.offset_mut() = first;
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

    /// Draws `items` (one line each, or as many as the item has) in a bordered list of
    /// `height` rows with `state`, the way the screens do, and returns the state after.
    fn drawn(items: &[usize], height: u16, mut state: ListState) -> ListState {
        use ratatui::widgets::{List, ListItem, StatefulWidget};
        let area = Rect::new(0, 0, 20, height);
        let mut buffer = ratatui::buffer::Buffer::empty(area);
        let rows: Vec<ListItem> = items
            .iter()
            .map(|&h| ListItem::new(vec![ratatui::text::Line::raw("x"); h]))
            .collect();
        StatefulWidget::render(
            List::new(rows).block(Block::bordered()),
            area,
            &mut buffer,
            &mut state,
        );
        state
    }

    #[test]
    fn fitting_settles_where_drawing_would() {
        let heights = [1, 3, 1, 2, 1, 1, 4, 1, 1, 2, 1, 1];
        for height in 0..12u16 {
            for uniform in [true, false] {
                let items: Vec<usize> = if uniform {
                    vec![1; heights.len()]
                } else {
                    heights.to_vec()
                };
                let mut s = Selection::new(items.len());
                let area = Rect::new(0, 0, 20, height);
                // A walk down, a jump to the end, a walk up, a jump back.
                let moves = [
                    Nav::Down,
                    Nav::Down,
                    Nav::Down,
                    Nav::Down,
                    Nav::Down,
                    Nav::Down,
                ];
                let script = moves
                    .iter()
                    .chain(&[Nav::Bottom])
                    .chain(&[Nav::Up; 7])
                    .chain(&[Nav::Top]);
                for &nav in script {
                    s.apply(nav);
                    let expected = drawn(&items, height, s.state);
                    s.fit_rows(area, |i| items[i]);
                    assert_eq!(
                        s.state, expected,
                        "height {height}, uniform {uniform}, {nav:?}"
                    );
                    assert_eq!(
                        drawn(&items, height, s.state),
                        s.state,
                        "drawing is a no-op"
                    );
                }
            }
        }
    }

    #[test]
    fn empty_list_has_no_selection() {
        let mut s = Selection::new(0);
        s.apply(Nav::Down);
        assert_eq!(s.index(), None);
    }
}
