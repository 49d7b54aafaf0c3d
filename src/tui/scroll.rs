//! Scrolling text: the one behaviour every text pane shares. The offset is clamped to the
//! text, a page is the visible height less one line of overlap, and the mouse wheel moves
//! [`WHEEL_STEP`] lines everywhere.

use super::keymap::Nav;

/// Lines one notch of the mouse wheel scrolls, in every pane.
pub const WHEEL_STEP: usize = 3;

/// The scroll position of a text pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    offset: usize,
    len: usize,
    height: usize,
}

impl Default for Scroll {
    fn default() -> Self {
        Self::new()
    }
}

impl Scroll {
    /// At the top, before the first layout (which tells it how much there is to scroll).
    pub const fn new() -> Self {
        Self {
            offset: 0,
            len: 0,
            height: 0,
        }
    }

    /// Tells the scroll how long the text is and how many lines show; clamps the offset.
    /// Call it where the text is laid out, before drawing.
    pub fn fit(&mut self, len: usize, height: usize) {
        self.len = len;
        self.height = height;
        self.offset = self.offset.min(self.max_offset());
    }

    /// The last offset: the last line at the top of the view, or less when the view is taller.
    /// A view with no rows still keeps its offset on a line of the text, so the offset is
    /// always below the length (callers take it as a place in the text).
    fn max_offset(&self) -> usize {
        self.len.saturating_sub(self.height.max(1))
    }

    /// The first line shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The offset as ratatui's `Paragraph::scroll` wants it.
    pub fn offset_u16(&self) -> u16 {
        u16::try_from(self.offset).unwrap_or(u16::MAX)
    }

    /// Lines visible at the last layout.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Lines of text at the last layout.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether there is more text than shows, so that scrolling does something.
    pub fn overflows(&self) -> bool {
        self.len > self.height
    }

    /// Lines a page moves: the visible height, less a line kept for context.
    pub fn page(&self) -> usize {
        self.height.saturating_sub(1).max(1)
    }

    /// Moves by a navigation intent.
    pub fn apply(&mut self, nav: Nav) {
        let offset = match nav {
            Nav::Up => self.offset.saturating_sub(1),
            Nav::Down => self.offset.saturating_add(1),
            Nav::PageUp => self.offset.saturating_sub(self.page()),
            Nav::PageDown => self.offset.saturating_add(self.page()),
            Nav::Top => 0,
            Nav::Bottom => usize::MAX,
        };
        self.clamp_to(offset);
    }

    /// One notch of the wheel, down or up.
    pub fn wheel(&mut self, down: bool) {
        let offset = if down {
            self.offset.saturating_add(WHEEL_STEP)
        } else {
            self.offset.saturating_sub(WHEEL_STEP)
        };
        self.clamp_to(offset);
    }

    /// Jumps to `offset` (a heading, a match). It is kept as asked until the next
    /// [`Scroll::fit`], so that a jump made before a resize lands where it should.
    pub fn set(&mut self, offset: usize) {
        self.offset = offset;
    }

    fn clamp_to(&mut self, offset: usize) {
        self.offset = offset.min(self.max_offset());
    }

    /// Scrolls as little as possible so that lines `top..=bottom` show (the top wins when
    /// they do not fit).
    pub fn reveal(&mut self, top: usize, bottom: usize) {
        if bottom >= self.offset + self.height {
            self.offset = (bottom + 1).saturating_sub(self.height);
        }
        if top < self.offset {
            self.offset = top;
        }
        self.offset = self.offset.min(self.max_offset());
    }

    /// How far through the text the view is, 0.0 to 1.0, by its top line.
    pub fn fraction(&self) -> f64 {
        let max = self.max_offset();
        if max == 0 {
            0.0
        } else {
            self.offset as f64 / max as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_to_the_text_and_pages_by_the_visible_height() {
        let mut s = Scroll::new();
        s.fit(100, 20);
        s.apply(Nav::PageDown);
        assert_eq!(s.offset(), 19);
        s.apply(Nav::Bottom);
        assert_eq!(s.offset(), 80);
        s.apply(Nav::Down);
        assert_eq!(s.offset(), 80, "never past the end");
        s.fit(100, 50);
        assert_eq!(s.offset(), 50, "a taller view clamps");
        s.wheel(false);
        assert_eq!(s.offset(), 47);
        s.apply(Nav::Top);
        s.wheel(false);
        assert_eq!(s.offset(), 0);
    }

    #[test]
    fn short_text_does_not_scroll() {
        let mut s = Scroll::new();
        s.fit(5, 20);
        s.apply(Nav::PageDown);
        assert_eq!(s.offset(), 0);
        assert!(!s.overflows());
    }

    #[test]
    fn a_view_without_rows_stays_on_the_text() {
        let mut s = Scroll::new();
        s.fit(10, 0);
        s.apply(Nav::Bottom);
        assert_eq!(s.offset(), 9);
        s.wheel(true);
        assert_eq!(s.offset(), 9);
        s.set(50);
        s.fit(10, 0);
        assert_eq!(s.offset(), 9);
        s.fit(0, 0);
        assert_eq!(s.offset(), 0);
    }

    #[test]
    fn reveal_scrolls_the_least() {
        let mut s = Scroll::new();
        s.fit(100, 10);
        s.reveal(30, 32);
        assert_eq!(s.offset(), 23);
        s.reveal(25, 26);
        assert_eq!(s.offset(), 23);
        s.reveal(5, 40);
        assert_eq!(s.offset(), 5, "the top wins");
    }
}
