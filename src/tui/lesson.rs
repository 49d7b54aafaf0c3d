//! The lesson reader: the lesson laid out for the current width (once per width, kept until a
//! resize), scrolled with keys or the mouse wheel, with a table of contents, search, and the
//! reading position remembered.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::keymap::{self, KeyHelp, Nav, key};
use super::list::Selection;
use super::review::{DrillOptions, ReviewScreen};
use super::screen::{Action, Context, Screen};
use super::search::{self, Match};
use super::viewer::ViewerScreen;
use super::widgets;
use crate::content::Lesson;
use crate::markdown::{RenderOptions, RenderedDoc};
use crate::sanitize::inert_line;

const KEYS: &[KeyHelp] = &[
    key("j/k ↑/↓", "scroll"),
    key("Space/PgDn PgUp", "page down / up"),
    key("g/G", "top / bottom"),
    key("t", "table of contents"),
    key("/", "search"),
    key("n/N", "next / previous match"),
    key("p", "practise this lesson's questions"),
    key("v", "open this section's Dockerfile in the viewer"),
];

const SEARCH_KEYS: &[KeyHelp] = &[
    key("type", "search text"),
    key("Enter", "find"),
    key("Esc", "cancel"),
];

/// Search state.
enum Search {
    /// No search.
    Off,
    /// The query is being typed.
    Typing(Input),
    /// Matches of the last query, and which one is current.
    Found {
        query: String,
        matches: Vec<Match>,
        current: usize,
    },
}

/// Shows one lesson.
pub struct LessonScreen {
    lesson_id: String,
    title: String,
    body: String,
    scroll: usize,
    layout: Option<(u16, Arc<RenderedDoc>)>,
    /// Where to open: a heading anchor, or a saved fraction of the lesson.
    pending_anchor: Option<String>,
    pending_fraction: Option<f64>,
    page: usize,
    toc: Option<Selection>,
    search: Search,
}

impl LessonScreen {
    /// A reader on `lesson`, opened at the heading with `anchor` if given.
    pub fn new(lesson: &Lesson, anchor: Option<&str>) -> Self {
        Self {
            lesson_id: lesson.id.clone(),
            title: lesson.title.clone(),
            body: lesson.body.clone(),
            scroll: 0,
            layout: None,
            pending_anchor: anchor.map(str::to_owned),
            pending_fraction: None,
            page: 10,
            toc: None,
            search: Search::Off,
        }
    }

    /// A reader on any Markdown text (a file given to `stagecraft read`); its position is not
    /// saved, since it is not a lesson of the content.
    pub fn from_markdown(title: &str, body: &str) -> Self {
        Self {
            lesson_id: String::new(),
            title: title.to_owned(),
            body: body.to_owned(),
            scroll: 0,
            layout: None,
            pending_anchor: None,
            pending_fraction: None,
            page: 10,
            toc: None,
            search: Search::Off,
        }
    }

    /// Opens at a fraction (0.0 to 1.0) of the lesson, e.g. where the reader left it.
    pub fn resume_at(mut self, fraction: f64) -> Self {
        if self.pending_anchor.is_none() {
            self.pending_fraction = Some(fraction.clamp(0.0, 1.0));
        }
        self
    }

    /// The id of the lesson shown.
    pub fn lesson_id(&self) -> &str {
        &self.lesson_id
    }

    /// How far through the lesson the reader is, 0.0 to 1.0, by the top line shown.
    pub fn fraction(&self) -> f64 {
        match &self.layout {
            Some((_, doc)) if doc.lines.len() > 1 => {
                self.scroll as f64 / (doc.lines.len() - 1) as f64
            }
            _ => 0.0,
        }
    }

    /// The layout for `width`, computed only when the width changes.
    fn doc(&mut self, width: u16, ctx: &Context) -> Arc<RenderedDoc> {
        if let Some((w, doc)) = &self.layout
            && *w == width
        {
            return Arc::clone(doc);
        }
        let keep = self.fraction();
        let options = RenderOptions::new(width, ctx.theme.color);
        let doc = if self.lesson_id.is_empty() {
            Arc::new(crate::markdown::render(&self.body, options))
        } else {
            ctx.render_cache
                .borrow_mut()
                .get(&self.lesson_id, &self.body, options)
        };
        let had_layout = self.layout.is_some();
        self.layout = Some((width, Arc::clone(&doc)));
        if let Some(anchor) = self.pending_anchor.take() {
            self.scroll = doc
                .headings
                .iter()
                .find(|h| h.anchor == anchor)
                .map_or(0, |h| h.line);
        } else if let Some(fraction) = self.pending_fraction.take() {
            self.scroll = (fraction * doc.lines.len().saturating_sub(1) as f64).round() as usize;
        } else if had_layout {
            // After a resize, stay at the same place in the text.
            self.scroll = (keep * doc.lines.len().saturating_sub(1) as f64).round() as usize;
        }
        if let Search::Found { query, matches, .. } = &mut self.search {
            *matches = search::find(&doc.lines, query);
        }
        doc
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

    fn jump_to_match(&mut self, step: isize) {
        if let Search::Found {
            matches, current, ..
        } = &mut self.search
            && !matches.is_empty()
        {
            let len = matches.len() as isize;
            *current = ((*current as isize + step).rem_euclid(len)) as usize;
            let line = matches[*current].line;
            self.scroll = line.saturating_sub(self.page / 3);
        }
    }

    fn handle_search_typing(&mut self, event: &Event) -> Action {
        let Search::Typing(input) = &mut self.search else {
            return Action::Ignored;
        };
        let Event::Key(key) = event else {
            return Action::None;
        };
        match key.code {
            KeyCode::Esc => self.search = Search::Off,
            KeyCode::Enter => {
                let query = input.value().trim().to_owned();
                if query.is_empty() {
                    self.search = Search::Off;
                    return Action::None;
                }
                let matches = self
                    .layout
                    .as_ref()
                    .map(|(_, doc)| search::find(&doc.lines, &query))
                    .unwrap_or_default();
                let first = matches
                    .iter()
                    .position(|m| m.line >= self.scroll)
                    .unwrap_or(0);
                self.search = Search::Found {
                    query,
                    matches,
                    current: first,
                };
                self.jump_to_match(0);
            }
            _ => {
                input.handle_event(event);
            }
        }
        Action::None
    }

    fn handle_toc(&mut self, nav: Option<Nav>, key_t: bool) -> Option<Action> {
        let toc = self.toc.as_mut()?;
        if key_t || nav == Some(Nav::Back) || nav == Some(Nav::Left) {
            self.toc = None;
            return Some(Action::None);
        }
        match nav {
            Some(Nav::Select | Nav::Right) => {
                let index = toc.index();
                if let (Some(i), Some((_, doc))) = (index, &self.layout)
                    && let Some(heading) = doc.headings.get(i)
                {
                    self.scroll = heading.line;
                }
                self.toc = None;
                Some(Action::None)
            }
            Some(n) if toc.apply(n) => Some(Action::None),
            _ => None,
        }
    }

    fn draw_toc(&mut self, frame: &mut Frame<'_>, area: Rect, doc: &RenderedDoc, ctx: &Context) {
        let theme = ctx.theme;
        let Some(toc) = self.toc.as_mut() else { return };
        let rows: Vec<ListItem> = doc
            .headings
            .iter()
            .map(|h| {
                let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
                ListItem::new(Line::raw(format!("{indent}{}", inert_line(&h.title))))
            })
            .collect();
        toc.page = area.height.saturating_sub(2) as usize;
        frame.render_stateful_widget(
            List::new(rows)
                .block(widgets::panel("Contents", true, theme))
                .highlight_style(theme.selected()),
            area,
            &mut toc.state,
        );
    }
}

impl LessonScreen {
    /// Opens `lesson` where this profile left it (or at `anchor` when given).
    pub fn open(lesson: &Lesson, anchor: Option<&str>, ctx: &Context) -> Self {
        let screen = Self::new(lesson, anchor);
        match ctx.store.lesson_progress(&lesson.id) {
            Ok(Some(progress)) => screen.resume_at(f64::from(progress.line) / 1000.0),
            _ => screen,
        }
    }

    /// The first Dockerfile code block of the section at the top of the view (or, failing
    /// that, the next one after it), with a title naming the section.
    fn section_dockerfile(&self) -> Option<(String, String)> {
        let (_, doc) = self.layout.as_ref()?;
        let section = doc.headings.iter().rev().find(|h| h.line <= self.scroll);
        let source_headings = crate::markdown::anchor::headings(&self.body);
        let from_line = section
            .and_then(|s| source_headings.iter().find(|h| h.anchor == s.anchor))
            .map_or(0, |h| h.source_line);
        let blocks = dockerfile_blocks(&self.body);
        let (_, text) = blocks
            .iter()
            .find(|(line, _)| *line >= from_line)
            .or_else(|| blocks.last())?;
        let title = match section {
            Some(s) if s.title != self.title => {
                format!("{} › {}", inert_line(&self.title), inert_line(&s.title))
            }
            _ => inert_line(&self.title),
        };
        Some((title, text.clone()))
    }

    /// The share of the lesson seen so far: the bottom of the view, 0 to 100.
    fn percent_seen(&self) -> u32 {
        match &self.layout {
            Some((_, doc)) if doc.lines.len() > self.page => {
                (((self.scroll + self.page + 1) * 100) / doc.lines.len()).min(100) as u32
            }
            Some(_) => 100,
            None => 0,
        }
    }
}

impl Screen for LessonScreen {
    fn closing(&mut self, ctx: &Context) {
        if self.layout.is_none() || self.lesson_id.is_empty() {
            return;
        }
        let progress = crate::store::LessonProgress {
            line: (self.fraction() * 1000.0).round() as u32,
            percent: self.percent_seen() as f32,
            updated: ctx.now(),
        };
        // Losing a reading position is not worth interrupting the reader for.
        let _ = ctx.store.set_lesson_progress(&self.lesson_id, &progress);
    }

    fn title(&self) -> String {
        inert_line(&self.title)
    }

    fn handle(&mut self, event: &Event, ctx: &Context) -> Action {
        if matches!(self.search, Search::Typing(_)) {
            return self.handle_search_typing(event);
        }
        match event {
            Event::Key(key) => {
                let nav = keymap::nav(key);
                if let Some(action) = self.handle_toc(nav, keymap::is_char(key, 't')) {
                    return action;
                }
                if keymap::is_char(key, 't') {
                    let mut toc =
                        Selection::new(self.layout.as_ref().map_or(0, |(_, d)| d.headings.len()));
                    if let Some((_, doc)) = &self.layout {
                        let current = doc
                            .headings
                            .iter()
                            .rposition(|h| h.line <= self.scroll)
                            .unwrap_or(0);
                        toc.select(current);
                    }
                    self.toc = Some(toc);
                    return Action::None;
                }
                if keymap::is_char(key, 'p') && !self.lesson_id.is_empty() {
                    let options = DrillOptions {
                        minutes: 60,
                        count: usize::MAX,
                        topic: None,
                        lesson: Some(self.lesson_id.clone()),
                    };
                    return Action::Push(Box::new(ReviewScreen::drill(ctx, &options)));
                }
                if keymap::is_char(key, 'v') {
                    return match self.section_dockerfile() {
                        Some((title, text)) => {
                            Action::Push(Box::new(ViewerScreen::new(&title, &text, None)))
                        }
                        None => Action::None,
                    };
                }
                if keymap::is_char(key, '/') {
                    self.search = Search::Typing(Input::default());
                    return Action::None;
                }
                if keymap::is_char(key, 'n') {
                    self.jump_to_match(1);
                    return Action::None;
                }
                if keymap::is_char(key, 'N') || (key.code == KeyCode::Char('N')) {
                    self.jump_to_match(-1);
                    return Action::None;
                }
                if nav == Some(Nav::Back) && matches!(self.search, Search::Found { .. }) {
                    self.search = Search::Off;
                    return Action::None;
                }
                match nav {
                    Some(
                        n @ (Nav::Up
                        | Nav::Down
                        | Nav::PageUp
                        | Nav::PageDown
                        | Nav::Top
                        | Nav::Bottom),
                    ) => {
                        self.scroll_by(n);
                        Action::None
                    }
                    _ => Action::Ignored,
                }
            }
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
        let theme = ctx.theme;
        let show_bar = !matches!(self.search, Search::Off);
        let [main, bar] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(u16::from(show_bar))])
                .areas(area);
        let (toc_area, text_area) = if self.toc.is_some() {
            let toc_width = if main.width >= 60 {
                main.width / 3
            } else {
                main.width
            };
            let [toc, text] =
                Layout::horizontal([Constraint::Length(toc_width), Constraint::Min(0)]).areas(main);
            (Some(toc), text)
        } else {
            (None, main)
        };

        // Lay out for the text panel's inner width, computed before drawing the border.
        let inner_width = text_area.width.saturating_sub(2).max(1);
        let doc = self.doc(inner_width, ctx);
        let height = text_area.height.saturating_sub(2) as usize;
        self.page = height.saturating_sub(1).max(1);
        self.scroll = self.scroll.min(doc.lines.len().saturating_sub(height));
        let percent = if doc.lines.len() <= height {
            100
        } else {
            ((self.scroll + height) * 100 / doc.lines.len()).min(100)
        };
        let title = format!("{}  {percent}%", inert_line(&self.title));
        let block = widgets::panel(&title, self.toc.is_none(), theme);
        let inner = block.inner(text_area);
        frame.render_widget(block, text_area);

        let (matches, current) = match &self.search {
            Search::Found {
                matches, current, ..
            } => (matches.as_slice(), Some(*current)),
            _ => (&[][..], None),
        };
        let hit = theme.selected().add_modifier(Modifier::UNDERLINED);
        let other = Style::new().add_modifier(Modifier::REVERSED);
        let visible: Vec<Line<'static>> = doc
            .lines
            .iter()
            .enumerate()
            .skip(self.scroll)
            .take(height)
            .map(|(index, line)| {
                let here: Vec<(usize, usize, bool)> = matches
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.line == index)
                    .map(|(i, m)| (m.start, m.end, Some(i) == current))
                    .collect();
                if here.is_empty() {
                    return line.clone();
                }
                let mut out = search::highlight(
                    line,
                    &here
                        .iter()
                        .filter(|h| !h.2)
                        .map(|h| (h.0, h.1))
                        .collect::<Vec<_>>(),
                    other,
                );
                out = search::highlight(
                    &out,
                    &here
                        .iter()
                        .filter(|h| h.2)
                        .map(|h| (h.0, h.1))
                        .collect::<Vec<_>>(),
                    hit,
                );
                out
            })
            .collect();
        frame.render_widget(Paragraph::new(visible), inner);

        if let Some(toc_area) = toc_area {
            self.draw_toc(frame, toc_area, &doc, ctx);
        }

        match &self.search {
            Search::Typing(input) => {
                let prefix = "/";
                frame.render_widget(
                    Paragraph::new(Line::from(vec![
                        Span::styled(prefix, theme.key()),
                        Span::raw(inert_line(input.value())),
                    ])),
                    bar,
                );
                let x = bar.x + 1 + u16::try_from(input.visual_cursor()).unwrap_or(0);
                if x < bar.right() {
                    frame.set_cursor_position((x, bar.y));
                }
            }
            Search::Found {
                query,
                matches,
                current,
            } => {
                let status = if matches.is_empty() {
                    format!("/{}: no match", inert_line(query))
                } else {
                    format!(
                        "/{}: match {} of {}  (n next, N previous, Esc clear)",
                        inert_line(query),
                        current + 1,
                        matches.len()
                    )
                };
                frame.render_widget(Paragraph::new(Line::styled(status, theme.dim())), bar);
            }
            Search::Off => {}
        }
    }

    fn keys(&self) -> &[KeyHelp] {
        if matches!(self.search, Search::Typing(_)) {
            SEARCH_KEYS
        } else {
            KEYS
        }
    }

    fn captures_text(&self) -> bool {
        matches!(self.search, Search::Typing(_))
    }
}

/// The fenced code blocks of `markdown` whose language is Dockerfile, with the 1-based line
/// where each starts.
fn dockerfile_blocks(markdown: &str) -> Vec<(usize, String)> {
    use pulldown_cmark::{CodeBlockKind, Event as Md, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, range) in
        Parser::new_ext(markdown, crate::markdown::anchor::options()).into_offset_iter()
    {
        match event {
            Md::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if crate::highlight::syntax_name(&info)
                    == crate::highlight::syntax_name("dockerfile") =>
            {
                let line = markdown[..range.start].matches('\n').count() + 1;
                current = Some((line, String::new()));
            }
            Md::Text(text) => {
                if let Some((_, body)) = current.as_mut() {
                    body.push_str(&text);
                }
            }
            Md::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dockerfile_blocks_with_their_lines() {
        let md = "# T\n\n```sh\nls\n```\n\n## A\n\n```dockerfile\nFROM scratch\n```\n\n```Dockerfile\nFROM alpine:3\n```\n";
        let blocks = dockerfile_blocks(md);
        assert_eq!(
            blocks,
            vec![
                (9, "FROM scratch\n".to_owned()),
                (13, "FROM alpine:3\n".to_owned())
            ]
        );
    }
}
