//! The lesson reader: the lesson laid out for the current width (once per width, kept until a
//! resize), scrolled with keys or the mouse wheel, with a table of contents, search, and the
//! reading position remembered.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};
use tui_input::{Input, InputRequest};

use super::keymap::{Binding, Bound, Key, KeyHelp, Nav};
use super::list::Selection;
use super::review::{DrillOptions, ReviewScreen};
use super::screen::{Action, Commands, Context, HitMap, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::search::{self, Match};
use super::viewer::ViewerScreen;
use super::widgets;
use crate::content::Lesson;
use crate::markdown::{RenderOptions, RenderedDoc};
use crate::sanitize::inert_line;

/// What the reader can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Scroll the text.
    Scroll(Nav),
    /// One notch of the wheel (down or up).
    Wheel(bool),
    /// Open the table of contents.
    OpenToc,
    /// Move in the table of contents.
    TocMove(Nav),
    /// Jump to the heading selected in the table of contents.
    TocJump,
    /// Close the table of contents.
    CloseToc,
    /// Jump to a heading of the table of contents (a click).
    TocClick(usize),
    /// Start typing a search.
    StartSearch,
    /// Edit the search being typed.
    EditSearch(InputRequest),
    /// Search for what was typed.
    RunSearch,
    /// Stop typing the search.
    CancelSearch,
    /// Go to the next match.
    NextMatch,
    /// Go to the previous match.
    PrevMatch,
    /// Forget the matches.
    ClearSearch,
    /// Practise this lesson's questions.
    Practice,
    /// Open the section's Dockerfile in the viewer.
    OpenDockerfile,
}

fn reading(s: &LessonScreen) -> bool {
    s.toc.is_none() && !matches!(s.search, Search::Typing(_))
}

fn can_scroll(s: &LessonScreen) -> bool {
    reading(s) && s.scroll.overflows()
}

fn toc_open(s: &LessonScreen) -> bool {
    s.toc.is_some()
}

fn toc_can_move(s: &LessonScreen) -> bool {
    s.toc.as_ref().is_some_and(|t| t.can_move())
}

fn typing(s: &LessonScreen) -> bool {
    matches!(s.search, Search::Typing(_))
}

fn has_matches(s: &LessonScreen) -> bool {
    reading(s) && matches!(&s.search, Search::Found { matches, .. } if !matches.is_empty())
}

fn found(s: &LessonScreen) -> bool {
    reading(s) && matches!(s.search, Search::Found { .. })
}

fn can_practise(s: &LessonScreen) -> bool {
    reading(s) && !s.lesson_id.is_empty()
}

fn has_dockerfile(s: &LessonScreen) -> bool {
    reading(s) && s.has_dockerfile
}

const SCROLL: [Binding<LessonScreen, Command>; 6] =
    crate::nav_bindings!(Command::Scroll, can_scroll, "scroll");

const TOC_NAV: [Binding<LessonScreen, Command>; 6] =
    crate::nav_bindings!(Command::TocMove, toc_can_move, "move");

const TABLE: &[Binding<LessonScreen, Command>] = &[
    // Typing a search: every key edits the query but these.
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "find",
        help: "find what was typed",
        command: Bound::To(Command::RunSearch),
        when: typing,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "cancel",
        help: "stop searching",
        command: Bound::To(Command::CancelSearch),
        when: typing,
    },
    Binding {
        keys: &[Key::Text],
        shown: "type",
        hint: "search text",
        help: "the text to find",
        command: Bound::Text(Command::EditSearch),
        when: typing,
    },
    // The table of contents.
    Binding {
        keys: &[
            Key::Code(KeyCode::Enter),
            Key::Char('l'),
            Key::Code(KeyCode::Right),
        ],
        shown: "Enter l →",
        hint: "go to heading",
        help: "go to the selected heading",
        command: Bound::To(Command::TocJump),
        when: toc_open,
    },
    Binding {
        keys: &[
            Key::Char('t'),
            Key::Code(KeyCode::Esc),
            Key::Char('q'),
            Key::Char('h'),
            Key::Code(KeyCode::Left),
        ],
        shown: "t Esc q",
        hint: "close contents",
        help: "close the table of contents",
        command: Bound::To(Command::CloseToc),
        when: toc_open,
    },
    TOC_NAV[0],
    TOC_NAV[1],
    TOC_NAV[2],
    TOC_NAV[3],
    TOC_NAV[4],
    TOC_NAV[5],
    // Reading.
    SCROLL[0],
    Binding {
        keys: &[Key::Char(' ')],
        shown: "Space",
        hint: "page",
        help: "scroll a page down",
        command: Bound::To(Command::Scroll(Nav::PageDown)),
        when: can_scroll,
    },
    Binding {
        keys: &[Key::Char('t')],
        shown: "t",
        hint: "contents",
        help: "table of contents",
        command: Bound::To(Command::OpenToc),
        when: reading,
    },
    Binding {
        keys: &[Key::Char('/')],
        shown: "/",
        hint: "search",
        help: "search the lesson",
        command: Bound::To(Command::StartSearch),
        when: reading,
    },
    Binding {
        keys: &[Key::Char('n')],
        shown: "n",
        hint: "next match",
        help: "next match",
        command: Bound::To(Command::NextMatch),
        when: has_matches,
    },
    Binding {
        keys: &[Key::Char('N')],
        shown: "N",
        hint: "",
        help: "previous match",
        command: Bound::To(Command::PrevMatch),
        when: has_matches,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "clear search",
        help: "clear the search",
        command: Bound::To(Command::ClearSearch),
        when: found,
    },
    Binding {
        keys: &[Key::Char('p')],
        shown: "p",
        hint: "practise",
        help: "practise this lesson's questions",
        command: Bound::To(Command::Practice),
        when: can_practise,
    },
    Binding {
        keys: &[Key::Char('v')],
        shown: "v",
        hint: "Dockerfile",
        help: "open this section's Dockerfile in the viewer",
        command: Bound::To(Command::OpenDockerfile),
        when: has_dockerfile,
    },
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    SCROLL[4],
    SCROLL[5],
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
    scroll: Scroll,
    layout: Option<(u16, Arc<RenderedDoc>)>,
    /// Where to open: a heading anchor, or a saved fraction of the lesson.
    pending_anchor: Option<String>,
    pending_fraction: Option<f64>,
    toc: Option<Selection>,
    search: Search,
    /// Whether the lesson has a Dockerfile block for `v`.
    has_dockerfile: bool,
    /// Whether closing saves the reading position: not when the lesson was opened at a
    /// section from elsewhere (a review's `o`), which must not move the saved place.
    saves_position: bool,
}

/// Where the layout put the table of contents, for clicks.
pub struct Hits {
    toc_area: Option<Rect>,
}

/// Where the reader's parts go: the contents (when open), the text panel and the search bar.
struct Areas {
    toc: Option<Rect>,
    text: Rect,
    bar: Rect,
}

impl LessonScreen {
    /// A reader on `lesson`, opened at the heading with `anchor` if given.
    pub fn new(lesson: &Lesson, anchor: Option<&str>) -> Self {
        Self {
            lesson_id: lesson.id.clone(),
            title: lesson.title.clone(),
            body: lesson.body.clone(),
            scroll: Scroll::new(),
            layout: None,
            pending_anchor: anchor.map(str::to_owned),
            pending_fraction: None,
            toc: None,
            search: Search::Off,
            has_dockerfile: !dockerfile_blocks(&lesson.body).is_empty(),
            saves_position: anchor.is_none(),
        }
    }

    /// A reader on any Markdown text (a file given to `stagecraft read`); its position is not
    /// saved, since it is not a lesson of the content.
    pub fn from_markdown(title: &str, body: &str) -> Self {
        Self {
            lesson_id: String::new(),
            title: title.to_owned(),
            body: body.to_owned(),
            scroll: Scroll::new(),
            layout: None,
            pending_anchor: None,
            pending_fraction: None,
            toc: None,
            search: Search::Off,
            has_dockerfile: !dockerfile_blocks(body).is_empty(),
            saves_position: false,
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
                self.scroll.offset() as f64 / (doc.lines.len() - 1) as f64
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
        let last = doc.lines.len().saturating_sub(1);
        let offset = if let Some(anchor) = self.pending_anchor.take() {
            doc.headings
                .iter()
                .find(|h| h.anchor == anchor)
                .map_or(0, |h| h.line)
        } else if let Some(fraction) = self.pending_fraction.take() {
            (fraction * last as f64).round() as usize
        } else if had_layout {
            // After a resize, stay at the same place in the text.
            (keep * last as f64).round() as usize
        } else {
            self.scroll.offset()
        };
        // The height is not known yet: let the draw clamp.
        self.scroll.fit(doc.lines.len(), 0);
        self.scroll.set(offset);
        if let Search::Found { query, matches, .. } = &mut self.search {
            *matches = search::find(&doc.lines, query);
        }
        doc
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
            let third = self.scroll.height() / 3;
            self.scroll.set(line.saturating_sub(third));
        }
    }

    fn run_search(&mut self) {
        let Search::Typing(input) = &self.search else {
            return;
        };
        let query = input.value().trim().to_owned();
        if query.is_empty() {
            self.search = Search::Off;
            return;
        }
        let matches = self
            .layout
            .as_ref()
            .map(|(_, doc)| search::find(&doc.lines, &query))
            .unwrap_or_default();
        let first = matches
            .iter()
            .position(|m| m.line >= self.scroll.offset())
            .unwrap_or(0);
        self.search = Search::Found {
            query,
            matches,
            current: first,
        };
        self.jump_to_match(0);
    }

    fn open_toc(&mut self) {
        let mut toc = Selection::new(self.layout.as_ref().map_or(0, |(_, d)| d.headings.len()));
        if let Some((_, doc)) = &self.layout {
            let current = doc
                .headings
                .iter()
                .rposition(|h| h.line <= self.scroll.offset())
                .unwrap_or(0);
            toc.select(current);
        }
        self.toc = Some(toc);
    }

    fn toc_jump(&mut self, index: Option<usize>) {
        if let (Some(i), Some((_, doc))) = (index, &self.layout)
            && let Some(heading) = doc.headings.get(i)
        {
            self.scroll.set(heading.line);
        }
        self.toc = None;
    }

    /// Where the reader's parts go in `area`: the contents take a third on the left (all of
    /// a narrow terminal); prose wider than the reader width gets margins.
    fn areas(&self, area: Rect, ctx: &Context) -> Areas {
        let show_bar = !matches!(self.search, Search::Off);
        let [main, bar] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(u16::from(show_bar))])
                .areas(area);
        let (toc, text) = if self.toc.is_some() {
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
        // Long lines are hard to follow.
        let text = match ctx.reader_width {
            0 => text,
            max if text.width > max.saturating_add(2) => {
                let width = max.saturating_add(2);
                Rect {
                    x: text.x + (text.width - width) / 2,
                    width,
                    ..text
                }
            }
            _ => text,
        };
        Areas { toc, text, bar }
    }

    fn draw_toc(&self, frame: &mut Frame<'_>, area: Rect, doc: &RenderedDoc, ctx: &Context) {
        let theme = ctx.theme;
        let Some(toc) = &self.toc else { return };
        let width = usize::from(area.width.saturating_sub(2));
        let rows: Vec<ListItem> = doc
            .headings
            .iter()
            .map(|h| {
                let indent = "  ".repeat(usize::from(h.level.saturating_sub(1)));
                ListItem::new(Line::raw(widgets::ellipsis(
                    &format!("{indent}{}", inert_line(&h.title)),
                    width,
                )))
            })
            .collect();
        let mut state = toc.state;
        frame.render_stateful_widget(
            List::new(rows)
                .block(widgets::panel("Contents (q closes)", true, theme))
                .highlight_style(theme.selected()),
            area,
            &mut state,
        );
    }
}

impl LessonScreen {
    /// Opens `lesson` where this profile left it, or at `anchor` when given (a section looked
    /// up from elsewhere: then the saved place is left as it was).
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
        let section = doc
            .headings
            .iter()
            .rev()
            .find(|h| h.line <= self.scroll.offset());
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

    /// How much of the lesson has been read: the share of its lines down to the bottom of
    /// the view, 0 to 100 (100 once the last line shows).
    pub fn percent_read(&self) -> u32 {
        let len = self.scroll.len();
        if self.layout.is_none() || len == usize::MAX {
            return 0;
        }
        if len == 0 || !self.scroll.overflows() {
            return 100;
        }
        let bottom = self.scroll.offset() + self.scroll.height();
        ((bottom * 100) / len).min(100) as u32
    }
}

impl Screen for LessonScreen {
    fn closing(&mut self, ctx: &Context) {
        if self.layout.is_none() || self.lesson_id.is_empty() || !self.saves_position {
            return;
        }
        let progress = crate::store::LessonProgress {
            line: (self.fraction() * 1000.0).round() as u32,
            percent: self.percent_read() as f32,
            updated: ctx.now(),
        };
        // Losing a reading position is not worth interrupting the reader for.
        let _ = ctx.store.set_lesson_progress(&self.lesson_id, &progress);
    }

    fn title(&self) -> String {
        inert_line(&self.title)
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        let areas = self.areas(area, ctx);
        // Lay out for the text panel's inner width.
        let doc = self.doc(areas.text.width.saturating_sub(2).max(1), ctx);
        self.scroll.fit(
            doc.lines.len(),
            usize::from(areas.text.height.saturating_sub(2)),
        );
        if let (Some(toc), Some(toc_area)) = (&mut self.toc, areas.toc) {
            toc.fit(toc_area);
        }
        HitMap::new(Hits {
            toc_area: areas.toc,
        })
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let Areas {
            toc: toc_area,
            text: text_area,
            bar,
        } = self.areas(area, ctx);
        let Some((_, doc)) = &self.layout else {
            return;
        };
        let height = text_area.height.saturating_sub(2) as usize;
        let title = format!("{}  {}%", inert_line(&self.title), self.percent_read());
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
            .skip(self.scroll.offset())
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
            self.draw_toc(frame, toc_area, doc, ctx);
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
                        "/{}: match {} of {}",
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

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }

    fn captures_text(&self) -> bool {
        matches!(self.search, Search::Typing(_))
    }
}

impl Commands for LessonScreen {
    type Command = Command;
    type Hits = Hits;

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Scroll(nav) => self.scroll.apply(nav),
            Command::Wheel(down) => self.scroll.wheel(down),
            Command::OpenToc => self.open_toc(),
            Command::TocMove(nav) => {
                if let Some(toc) = &mut self.toc {
                    toc.apply(nav);
                }
            }
            Command::TocJump => {
                let index = self.toc.as_ref().and_then(Selection::index);
                self.toc_jump(index);
            }
            Command::TocClick(row) => self.toc_jump(Some(row)),
            Command::CloseToc => self.toc = None,
            Command::StartSearch => self.search = Search::Typing(Input::default()),
            Command::EditSearch(request) => {
                if let Search::Typing(input) = &mut self.search {
                    input.handle(request);
                }
            }
            Command::RunSearch => self.run_search(),
            Command::CancelSearch | Command::ClearSearch => self.search = Search::Off,
            Command::NextMatch => self.jump_to_match(1),
            Command::PrevMatch => self.jump_to_match(-1),
            Command::Practice => {
                let options = DrillOptions {
                    minutes: 60,
                    count: usize::MAX,
                    topic: None,
                    lesson: Some(self.lesson_id.clone()),
                };
                return Action::Push(Box::new(ReviewScreen::drill(ctx, &options)));
            }
            Command::OpenDockerfile => {
                return match self.section_dockerfile() {
                    Some((title, text)) => {
                        Action::Push(Box::new(ViewerScreen::new(&title, &text, None)))
                    }
                    None => Action::info("This lesson has no Dockerfile."),
                };
            }
        }
        Action::None
    }

    fn mouse(&self, event: &MouseEvent, hits: &Hits) -> Option<Command> {
        let toc_area = hits.toc_area.filter(|_| self.toc.is_some());
        let over_toc = toc_area.is_some_and(|area| {
            area.contains(ratatui::layout::Position {
                x: event.column,
                y: event.row,
            })
        });
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) if over_toc => self
                .toc
                .as_ref()?
                .row_at(toc_area?, event.column, event.row)
                .map(Command::TocClick),
            MouseEventKind::ScrollDown if over_toc => Some(Command::TocMove(Nav::Down)),
            MouseEventKind::ScrollUp if over_toc => Some(Command::TocMove(Nav::Up)),
            MouseEventKind::ScrollDown => Some(Command::Wheel(true)),
            MouseEventKind::ScrollUp => Some(Command::Wheel(false)),
            _ => None,
        }
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
