//! The lesson reader: a lesson's text laid out for the current width, scrolled with the keys
//! or the mouse wheel. The layout is computed once per width and kept until a resize.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::keymap::{self, KeyHelp, Nav, key};
use super::screen::{Action, Context, Screen};
use super::widgets;
use crate::content::Lesson;
use crate::sanitize::inert;

const KEYS: &[KeyHelp] = &[
    key("j/k ↑/↓", "scroll"),
    key("Space/PgDn", "page down"),
    key("PgUp", "page up"),
    key("g/G", "top / bottom"),
];

/// Shows one lesson.
pub struct LessonScreen {
    title: String,
    body: String,
    scroll: usize,
    /// The width the cached layout was made for, and the layout.
    layout: Option<(u16, Vec<Line<'static>>)>,
    start_line: Option<usize>,
    page: usize,
}

impl LessonScreen {
    /// A reader on `lesson`, opened at the heading with `anchor` if given.
    pub fn new(lesson: &Lesson, anchor: Option<&str>) -> Self {
        let start_line = anchor.and_then(|a| {
            lesson
                .headings
                .iter()
                .find(|h| h.anchor == a)
                .map(|h| h.source_line.saturating_sub(1))
        });
        Self {
            title: lesson.title.clone(),
            body: lesson.body.clone(),
            scroll: 0,
            layout: None,
            start_line,
            page: 10,
        }
    }

    fn lines(&mut self, width: u16) -> &[Line<'static>] {
        if self.layout.as_ref().is_none_or(|(w, _)| *w != width) {
            let (lines, source_map) = wrap_plain(&self.body, width as usize);
            if let Some(source_line) = self.start_line.take() {
                self.scroll = source_map
                    .iter()
                    .position(|&s| s >= source_line)
                    .unwrap_or(0);
            }
            self.layout = Some((width, lines));
        }
        self.layout
            .as_ref()
            .map_or(&[], |(_, lines)| lines.as_slice())
    }

    fn scroll_by(&mut self, nav: Nav) {
        let page = self.page.max(1);
        self.scroll = match nav {
            Nav::Up => self.scroll.saturating_sub(1),
            Nav::Down => self.scroll + 1,
            Nav::PageUp => self.scroll.saturating_sub(page),
            Nav::PageDown => self.scroll + page,
            Nav::Top => 0,
            Nav::Bottom => usize::MAX,
            _ => self.scroll,
        };
    }
}

/// Word-wraps plain text to `width` columns; also returns, for each output line, the source
/// line it came from.
fn wrap_plain(text: &str, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut map = Vec::new();
    for (index, source) in inert(text).replace('\t', "    ").lines().enumerate() {
        let mut current = String::new();
        for word in source.split(' ') {
            let needed = if current.is_empty() {
                word.width()
            } else {
                current.width() + 1 + word.width()
            };
            if needed > width && !current.is_empty() {
                lines.push(Line::raw(std::mem::take(&mut current)));
                map.push(index);
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            while current.width() > width {
                let split = split_at_width(&current, width);
                let rest = current.split_off(split);
                lines.push(Line::raw(std::mem::replace(&mut current, rest)));
                map.push(index);
            }
        }
        lines.push(Line::raw(current));
        map.push(index);
    }
    (lines, map)
}

/// The byte index where the first `width` columns of `text` end (at least one character).
fn split_at_width(text: &str, width: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            return if i == 0 { c.len_utf8() } else { i };
        }
    }
    text.len()
}

impl Screen for LessonScreen {
    fn title(&self) -> String {
        crate::sanitize::inert_line(&self.title)
    }

    fn handle(&mut self, event: &Event, _ctx: &Context) -> Action {
        match event {
            Event::Key(key) => match keymap::nav(key) {
                Some(
                    nav @ (Nav::Up
                    | Nav::Down
                    | Nav::PageUp
                    | Nav::PageDown
                    | Nav::Top
                    | Nav::Bottom),
                ) => {
                    self.scroll_by(nav);
                    Action::None
                }
                _ => Action::Ignored,
            },
            Event::Mouse(mouse) => {
                match mouse.kind {
                    MouseEventKind::ScrollDown => self.scroll += 3,
                    MouseEventKind::ScrollUp => self.scroll = self.scroll.saturating_sub(3),
                    _ => {}
                }
                Action::None
            }
            _ => Action::None,
        }
    }

    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let block = widgets::panel(&self.title, true, ctx.theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        self.page = inner.height.saturating_sub(1) as usize;
        let height = inner.height as usize;
        let total = self.lines(inner.width).len();
        self.scroll = self.scroll.min(total.saturating_sub(height));
        let scroll = self.scroll;
        let visible: Vec<Line<'static>> = self
            .lines(inner.width)
            .iter()
            .skip(scroll)
            .take(height)
            .cloned()
            .collect();
        frame.render_widget(Paragraph::new(visible), inner);
    }

    fn keys(&self) -> &[KeyHelp] {
        KEYS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words_and_breaks_long_words() {
        let (lines, map) = wrap_plain("one two three\nabcdefghij", 5);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["one", "two", "three", "abcde", "fghij"]);
        assert_eq!(map, [0, 0, 0, 1, 1]);
    }

    #[test]
    fn wide_characters_count_double() {
        let (lines, _) = wrap_plain("日本語テキスト", 4);
        assert!(lines.iter().all(|l| l.width() <= 4));
    }

    #[test]
    fn control_characters_are_inert() {
        let (lines, _) = wrap_plain("a\u{1b}[2Jb", 80);
        assert_eq!(lines[0].to_string(), "a\u{241b}[2Jb");
    }
}
