//! Laying a [`Document`] out for a width: styled lines plus where headings, links and speaker
//! notes landed.
//!
//! Containers lay their children out for a narrower width and then prefix the children's
//! lines: list items with a marker and a hanging indent, block quotes with a `│ ` bar per
//! level, footnotes with their number. Every line is at most `max(width, MIN_WIDTH)` columns
//! wide: when nesting leaves fewer than [`MIN_CONTENT`] columns, deeper items stop indenting
//! rather than overflow.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::ast::{Block, Document, Inline, Item, Marks};
use super::table;
use super::theme::Theme;
use super::width::{hard_wrap, str_width};
use super::wrap::{self, LinkPos, Wrapped};
use crate::highlight;

/// The narrowest layout: a narrower width is laid out at this width.
pub const MIN_WIDTH: u16 = 20;

/// The fewest columns left for content inside list items, quotes and footnotes.
pub const MIN_CONTENT: usize = 8;

/// Bullets for unordered lists, by nesting depth.
const BULLETS: [&str; 3] = ["•", "◦", "▪"];

/// A comfortable longest line for prose, for a reader on a wide terminal: about 100 columns
/// (a line of 60 to 100 characters is the range usually recommended for reading).
pub const DEFAULT_MAX_WIDTH: u16 = 100;

/// How to render: for which width and whether with colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RenderOptions {
    /// Columns available; below [`MIN_WIDTH`] the layout uses [`MIN_WIDTH`].
    pub width: u16,
    /// Colours on (`true`) or only bold, italic, underline and dim (`false`).
    pub color: bool,
    /// The longest line for prose: paragraphs, headings and their rules, lists, quotes,
    /// footnotes and rules wrap at `min(width, max_width)` columns, while code blocks and
    /// tables may use the whole `width`. `None` lets prose use the whole width too (what
    /// `read --print` does: the terminal or `--width` decides). A reader on a wide terminal
    /// passes e.g. [`DEFAULT_MAX_WIDTH`]; it is never narrower than [`MIN_WIDTH`].
    pub max_width: Option<u16>,
}

impl RenderOptions {
    /// Options for `width` columns, with or without colour, prose as wide as the width.
    pub fn new(width: u16, color: bool) -> Self {
        RenderOptions {
            width,
            color,
            max_width: None,
        }
    }

    /// The same options with prose at most `max_width` columns wide.
    pub fn with_max_width(self, max_width: u16) -> Self {
        RenderOptions {
            max_width: Some(max_width),
            ..self
        }
    }
}

/// The columns a block may use: `prose` for text, `full` for code and tables. Prose is never
/// wider than full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    prose: usize,
    full: usize,
}

impl Columns {
    /// The columns left inside an indent of `n` (callers check that there is room).
    fn inset(self, n: usize) -> Columns {
        Columns {
            prose: self.prose.saturating_sub(n),
            full: self.full.saturating_sub(n),
        }
    }
}

/// A heading's place in the rendered lines, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocHeading {
    /// The heading's plain text.
    pub title: String,
    /// 1 to 6.
    pub level: u8,
    /// Its anchor, as used in lesson links (`lesson-id#anchor`).
    pub anchor: String,
    /// Index of its first line in [`RenderedDoc::lines`].
    pub line: usize,
}

/// Where part of a link is drawn: columns `start..end` (display columns, 0-based) of line
/// `line`. A link wrapped over two lines has two spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkSpan {
    /// Index into [`RenderedDoc::lines`].
    pub line: usize,
    /// First column.
    pub start: usize,
    /// One past the last column.
    pub end: usize,
}

/// A link in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target as written (may be relative, e.g. another lesson).
    pub url: String,
    /// The link text.
    pub text: String,
    /// The target a terminal may open (http, https and mailto only), for OSC 8 hyperlinks.
    pub hyperlink: Option<String>,
    /// Where the link's text (and shown URL) is drawn.
    pub spans: Vec<LinkSpan>,
}

/// An HTML comment: hidden when reading, shown on demand when presenting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerNote {
    /// The comment's text.
    pub text: String,
    /// Anchor of the heading the note follows, if any.
    pub heading: Option<String>,
    /// The rendered line the note sits before.
    pub line: usize,
}

/// A document laid out for one width and colour mode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedDoc {
    /// The width laid out for (at least [`MIN_WIDTH`]); no line is wider.
    pub width: u16,
    /// Whether the lines use colour.
    pub color: bool,
    /// The lines to draw.
    pub lines: Vec<Line<'static>>,
    /// The headings in document order.
    pub headings: Vec<DocHeading>,
    /// The links in document order.
    pub links: Vec<Link>,
    /// The speaker notes in document order.
    pub notes: Vec<SpeakerNote>,
}

impl RenderedDoc {
    /// The first line of the heading with `anchor`.
    pub fn heading_line(&self, anchor: &str) -> Option<usize> {
        self.headings
            .iter()
            .find(|heading| heading.anchor == anchor)
            .map(|heading| heading.line)
    }
}

/// Parses and lays out `markdown` in one go. Use [`super::RenderCache`] to keep the result.
pub fn render(markdown: &str, options: RenderOptions) -> RenderedDoc {
    Document::parse(markdown).render(options)
}

/// A line of one styled span (the style on the span, not the line, so every output keeps it).
pub(crate) fn styled_line(text: impl Into<String>, style: Style) -> Line<'static> {
    Line::from(Span::styled(text.into(), style))
}

/// Lines with the positions of what is in them, relative to the first line.
#[derive(Debug, Default)]
struct Fragment {
    lines: Vec<Line<'static>>,
    /// (heading index, line)
    headings: Vec<(usize, usize)>,
    links: Vec<LinkPos>,
    /// (note index, line)
    notes: Vec<(usize, usize)>,
}

impl Fragment {
    fn from_wrapped(wrapped: Wrapped) -> Fragment {
        Fragment {
            lines: wrapped.lines,
            links: wrapped.links,
            ..Fragment::default()
        }
    }

    fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    fn append(&mut self, other: Fragment) {
        self.append_prefixed(other, &[], &[]);
    }

    /// Appends `other`, its first line prefixed with `first` and the others with `rest`.
    fn append_prefixed(
        &mut self,
        other: Fragment,
        first: &[Span<'static>],
        rest: &[Span<'static>],
    ) {
        let offset = self.lines.len();
        let width = |spans: &[Span<'static>]| spans.iter().map(|s| str_width(&s.content)).sum();
        let (first_width, rest_width): (usize, usize) = (width(first), width(rest));
        for (index, line) in other.lines.into_iter().enumerate() {
            let prefix = if index == 0 { first } else { rest };
            if prefix.is_empty() {
                self.lines.push(line);
            } else {
                let mut spans = prefix.to_vec();
                spans.extend(line.spans);
                self.lines.push(Line::from(spans));
            }
        }
        let shift = |line: usize| if line == 0 { first_width } else { rest_width };
        self.links
            .extend(other.links.into_iter().map(|pos| LinkPos {
                line: pos.line + offset,
                start: pos.start + shift(pos.line),
                end: pos.end + shift(pos.line),
                ..pos
            }));
        self.headings.extend(
            other
                .headings
                .into_iter()
                .map(|(h, line)| (h, line + offset)),
        );
        self.notes
            .extend(other.notes.into_iter().map(|(n, line)| (n, line + offset)));
    }
}

/// Lays out `doc` (see the module documentation).
pub(crate) fn layout(doc: &Document, options: RenderOptions) -> RenderedDoc {
    let width = options.width.max(MIN_WIDTH);
    let prose = options
        .max_width
        .map_or(width, |max| max.clamp(MIN_WIDTH, width));
    let mut layout = Layout {
        theme: Theme::new(options.color),
        list_depth: 0,
    };
    let columns = Columns {
        prose: usize::from(prose),
        full: usize::from(width),
    };
    let mut body = layout.blocks(&doc.blocks, columns);
    if !doc.footnotes.is_empty() {
        if !body.lines.is_empty() {
            body.push(Line::default());
        }
        body.push(styled_line("─".repeat(12), layout.theme.decoration()));
        for footnote in &doc.footnotes {
            let marker = Span::styled(format!("[^{}] ", footnote.number), layout.theme.marker());
            let item = layout.hanging(marker, &footnote.blocks, columns);
            body.append(item);
        }
    }
    finish(doc, body, width, options.color)
}

/// Turns positions into the public description of the rendered document.
fn finish(doc: &Document, body: Fragment, width: u16, color: bool) -> RenderedDoc {
    let mut spans: Vec<Vec<LinkSpan>> = vec![Vec::new(); doc.links.len()];
    for pos in body.links {
        if let Some(list) = spans.get_mut(pos.link) {
            list.push(LinkSpan {
                line: pos.line,
                start: pos.start,
                end: pos.end,
            });
        }
    }
    // Where each heading and note landed, by index (first occurrence wins).
    let placed = |positions: &[(usize, usize)], count: usize| {
        let mut lines: Vec<Option<usize>> = vec![None; count];
        for &(index, line) in positions {
            if let Some(slot @ None) = lines.get_mut(index) {
                *slot = Some(line);
            }
        }
        lines
    };
    let heading_lines = placed(&body.headings, doc.headings.len());
    let note_lines = placed(&body.notes, doc.notes.len());
    let line_of =
        |lines: &[Option<usize>], index: usize| lines.get(index).copied().flatten().unwrap_or(0);
    RenderedDoc {
        width,
        color,
        headings: doc
            .headings
            .iter()
            .enumerate()
            .map(|(index, heading)| DocHeading {
                title: heading.title.clone(),
                level: heading.level,
                anchor: heading.anchor.clone(),
                line: line_of(&heading_lines, index),
            })
            .collect(),
        links: doc
            .links
            .iter()
            .zip(spans)
            .map(|(link, spans)| Link {
                url: link.url.clone(),
                text: link.text.clone(),
                hyperlink: link.hyperlink.clone(),
                spans,
            })
            .collect(),
        notes: doc
            .notes
            .iter()
            .enumerate()
            .map(|(index, note)| SpeakerNote {
                text: note.text.clone(),
                heading: note.heading.clone(),
                line: line_of(&note_lines, index),
            })
            .collect(),
        lines: body.lines,
    }
}

struct Layout {
    theme: Theme,
    list_depth: usize,
}

impl Layout {
    /// Blocks one after another, separated by blank lines (none after a tight paragraph).
    fn blocks(&mut self, blocks: &[Block], columns: Columns) -> Fragment {
        let mut out = Fragment::default();
        let mut separate = false;
        // Notes sit before the next block that shows something.
        let mut notes = Vec::new();
        for block in blocks {
            if let Block::Note(index) = block {
                notes.push(*index);
                continue;
            }
            let fragment = self.block(block, columns);
            if fragment.lines.is_empty() {
                out.append(fragment);
                continue;
            }
            if separate {
                out.push(Line::default());
            }
            separate = !matches!(block, Block::Paragraph { tight: true, .. });
            let line = out.lines.len();
            out.notes.extend(notes.drain(..).map(|note| (note, line)));
            out.append(fragment);
        }
        let end = out.lines.len();
        out.notes.extend(notes.into_iter().map(|note| (note, end)));
        out
    }

    fn block(&mut self, block: &Block, columns: Columns) -> Fragment {
        let theme = self.theme;
        let width = columns.prose;
        match block {
            Block::Heading {
                index,
                level,
                inlines,
            } => {
                let style = theme.heading(*level);
                let prefixed;
                let inlines = match theme.heading_prefix(*level) {
                    Some(prefix) => {
                        prefixed = std::iter::once(Inline::Text {
                            text: prefix,
                            marks: Marks::NONE,
                            link: None,
                        })
                        .chain(inlines.iter().cloned())
                        .collect::<Vec<_>>();
                        &prefixed
                    }
                    None => inlines,
                };
                let mut out = Fragment::from_wrapped(wrap::wrap(inlines, width, theme, style));
                if out.lines.is_empty() {
                    out.push(Line::default());
                }
                out.headings.push((*index, 0));
                if let Some((c, style)) = theme.heading_rule(*level) {
                    out.push(styled_line(c.to_string().repeat(width), style));
                }
                out
            }
            Block::Paragraph { inlines, .. } => {
                Fragment::from_wrapped(wrap::wrap(inlines, width, theme, Style::new()))
            }
            Block::List {
                start,
                items,
                loose,
            } => self.list(*start, items, *loose, columns),
            Block::Quote(blocks) => {
                let bar = [Span::styled("│ ", theme.decoration())];
                let mut out = Fragment::default();
                if width >= 2 + MIN_CONTENT {
                    let mut inner = self.blocks(blocks, columns.inset(2));
                    if inner.lines.is_empty() {
                        inner.push(Line::default());
                    }
                    out.append_prefixed(inner, &bar, &bar);
                } else {
                    out.append(self.blocks(blocks, columns));
                }
                out
            }
            Block::Code {
                lang,
                text,
                highlighted,
            } => {
                let lines = highlighted[usize::from(theme.color)]
                    .get_or_init(|| highlight::highlight_with(text, lang, theme.color));
                code_block(lang, lines, columns.full, theme)
            }
            Block::Table { aligns, head, rows } => {
                Fragment::from_wrapped(table::layout(aligns, head, rows, columns.full, theme))
            }
            Block::Rule => {
                let mut out = Fragment::default();
                out.push(styled_line("─".repeat(width), theme.decoration()));
                out
            }
            Block::Html(html) => {
                let mut inlines = Vec::new();
                for (index, line) in html.lines().enumerate() {
                    if index > 0 {
                        inlines.push(Inline::HardBreak);
                    }
                    inlines.push(Inline::Text {
                        text: line.to_owned(),
                        marks: Marks::HTML,
                        link: None,
                    });
                }
                Fragment::from_wrapped(wrap::wrap(&inlines, width, theme, Style::new()))
            }
            Block::Note(index) => Fragment {
                notes: vec![(*index, 0)],
                ..Fragment::default()
            },
        }
    }

    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Item],
        loose: bool,
        columns: Columns,
    ) -> Fragment {
        let theme = self.theme;
        let depth = self.list_depth;
        let last = start.map(|s| s.saturating_add(items.len().saturating_sub(1) as u64));
        let digits = last.map_or(0, |n| n.to_string().len());
        self.list_depth += 1;
        let mut out = Fragment::default();
        for (index, item) in items.iter().enumerate() {
            if loose && index > 0 {
                out.push(Line::default());
            }
            let task = item.task.map(|done| if done { "☑ " } else { "☐ " });
            let marker = match (start, task) {
                (Some(first), task) => {
                    let number = first.saturating_add(index as u64);
                    format!("{number:>digits$}. {}", task.unwrap_or(""))
                }
                (None, Some(task)) => task.to_owned(),
                (None, None) => format!("{} ", BULLETS[depth % BULLETS.len()]),
            };
            let marker = Span::styled(marker, theme.marker());
            out.append(self.hanging(marker, &item.blocks, columns));
        }
        self.list_depth -= 1;
        out
    }

    /// `blocks` after `marker`, with later lines indented to line up under the first. When
    /// that leaves too little room the marker gets a line of its own and nothing is indented.
    fn hanging(&mut self, marker: Span<'static>, blocks: &[Block], columns: Columns) -> Fragment {
        let marker_width = str_width(&marker.content);
        let width = columns.prose;
        let mut out = Fragment::default();
        if width >= marker_width + MIN_CONTENT {
            let mut inner = self.blocks(blocks, columns.inset(marker_width));
            if inner.lines.is_empty() {
                inner.push(Line::default());
            }
            let indent = [Span::raw(" ".repeat(marker_width))];
            out.append_prefixed(inner, &[marker], &indent);
        } else {
            for line in hard_wrap(Line::from(marker), width) {
                out.push(line);
            }
            out.append(self.blocks(blocks, columns));
        }
        out
    }
}

/// A code block in a frame: a top rule with the language, `│ ` before each line (`┆ ` before
/// the rest of a line too long for the width), and a bottom rule. Code is never wrapped at
/// words, only cut at the width.
fn code_block(lang: &str, lines: &[Line<'static>], width: usize, theme: Theme) -> Fragment {
    let frame = theme.decoration();
    let mut out = Fragment::default();
    let label = lang.split_whitespace().next().unwrap_or("");
    let top = if label.is_empty() {
        styled_line(format!("╭{}", "─".repeat(width.saturating_sub(1))), frame)
    } else {
        let label = hard_wrap(Line::raw(label.to_owned()), width.saturating_sub(5))
            .into_iter()
            .next()
            .map(|l| l.to_string())
            .unwrap_or_default();
        let fill = width.saturating_sub(4 + str_width(&label));
        Line::from(vec![
            Span::styled("╭─ ", frame),
            Span::styled(label, theme.code_label()),
            Span::styled(format!(" {}", "─".repeat(fill)), frame),
        ])
    };
    out.push(top);
    for line in lines {
        for (index, piece) in hard_wrap(trim_line_end(line), width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let bar = if index == 0 { "│ " } else { "┆ " };
            let mut spans = vec![Span::styled(bar, frame)];
            spans.extend(piece.spans);
            out.push(Line::from(spans));
        }
    }
    out.push(styled_line(
        format!("╰{}", "─".repeat(width.saturating_sub(1))),
        frame,
    ));
    out
}

/// `line` without trailing white space: spaces at the end of a code line are invisible, and
/// cut at the width they would only add empty continuation lines.
fn trim_line_end(line: &Line<'static>) -> Line<'static> {
    let mut spans = line.spans.clone();
    while let Some(last) = spans.last_mut() {
        let trimmed = last.content.trim_end();
        if trimmed.is_empty() {
            spans.pop();
        } else {
            if trimmed.len() < last.content.len() {
                last.content = trimmed.to_owned().into();
            }
            break;
        }
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::width::line_width;

    fn plain(markdown: &str, width: u16) -> Vec<String> {
        render(markdown, RenderOptions::new(width, true))
            .to_plain()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn blocks_are_separated_by_one_blank_line() {
        assert_eq!(plain("a\n\n\n\nb\n", 40), ["a", "", "b"]);
    }

    #[test]
    fn ordered_lists_right_align_and_respect_the_start() {
        let lines = plain("9. nine\n10. ten\n11. eleven\n", 40);
        assert_eq!(lines, [" 9. nine", "10. ten", "11. eleven"]);
    }

    #[test]
    fn list_items_hang_under_their_text() {
        let lines = plain("- one two three four five six\n", 20);
        assert_eq!(lines, ["• one two three four", "  five six"]);
        let lines = plain("1. one two three four five six\n", 20);
        assert_eq!(lines, ["1. one two three", "   four five six"]);
    }

    #[test]
    fn nested_lists_change_bullets() {
        let lines = plain("- a\n  - b\n    - c\n      - d\n", 40);
        assert_eq!(lines, ["• a", "  ◦ b", "    ▪ c", "      • d"]);
    }

    #[test]
    fn task_lists_use_boxes() {
        let lines = plain("- [x] done\n- [ ] todo\n\n1. [ ] first\n", 40);
        assert_eq!(lines, ["☑ done", "☐ todo", "", "1. ☐ first"]);
    }

    #[test]
    fn quotes_get_a_bar_per_level() {
        let lines = plain("> a\n>\n> > b\n", 40);
        assert_eq!(lines, ["│ a", "│", "│ │ b"]);
    }

    #[test]
    fn code_blocks_are_framed_and_cut_not_wrapped() {
        let lines = plain("```sh\necho one two three four five six\n```\n", 20);
        assert_eq!(
            lines,
            [
                "╭─ sh ──────────────",
                "│ echo one two three",
                "┆  four five six",
                "╰───────────────────",
            ]
        );
    }

    #[test]
    fn trailing_spaces_in_code_add_no_continuation_lines() {
        let md = format!(
            "```sh\necho hi{}\n  {}\nls\n```\n",
            " ".repeat(40),
            " ".repeat(30)
        );
        let lines = plain(&md, 20);
        assert_eq!(
            lines,
            [
                "╭─ sh ──────────────",
                "│ echo hi",
                "│",
                "│ ls",
                "╰───────────────────",
            ]
        );
    }

    #[test]
    fn strikethrough_keeps_its_markers_without_colour() {
        let md = "# Old ~~way~~\n\nUse ~~npm *install*~~ npm ci.\n";
        let no_colour = render(md, RenderOptions::new(40, false));
        assert_eq!(
            no_colour.to_plain(),
            "Old ~~way~~\n━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━\n\nUse ~~npm install~~ npm ci.\n"
        );
        assert_eq!(no_colour.headings[0].title, "Old way");
        // With colour the line through the text says it; no markers.
        assert_eq!(plain(md, 40)[3], "Use npm install npm ci.");
    }

    #[test]
    fn code_is_highlighted_only_with_colour_and_each_mode_keeps_its_own() {
        let doc = Document::parse("```dockerfile\nFROM scratch\n```\n");
        let code_spans = |color: bool| {
            let rendered = doc.render(RenderOptions::new(40, color));
            rendered.lines[1].spans[1..].to_vec()
        };
        // No colour first: the plain lines must not be served later for colour, nor the
        // reverse.
        assert_eq!(code_spans(false), [Span::raw("FROM scratch")]);
        assert!(code_spans(true).iter().any(|span| span.style.fg.is_some()));
        assert_eq!(code_spans(false), [Span::raw("FROM scratch")]);
    }

    #[test]
    fn prose_wraps_at_the_max_width_and_code_and_tables_use_the_whole_width() {
        let options = RenderOptions::new(80, false).with_max_width(40);
        let widest = |md: &str| {
            let doc = render(md, options);
            assert_eq!(doc.width, 80);
            doc.lines.iter().map(line_width).max().unwrap()
        };
        let long = "word ".repeat(40);
        let prose = format!(
            "# Title\n\n{long}\n\n- {long}\n\n> {long}\n\n---\n\nText[^1]\n\n[^1]: {long}\n"
        );
        assert_eq!(widest(&prose), 40);
        let doc = render(&prose, options);
        // The heading's rule and the thematic break are as wide as the prose.
        assert_eq!(doc.lines[1].to_string(), "━".repeat(40));
        assert!(doc.lines.iter().any(|l| l.to_string() == "─".repeat(40)));
        let code = "x".repeat(70);
        assert_eq!(widest(&format!("```\n{code}\n```\n")), 80);
        assert!(widest(&format!("| a | b |\n|---|---|\n| {code} | y |\n")) > 70);
        assert!(widest(&format!("- item\n\n  ```\n  {code}\n  ```\n")) > 70);
    }

    #[test]
    fn max_width_never_widens_and_never_goes_below_the_minimum() {
        let md = "word ".repeat(40);
        let capped = |width: u16, max: u16| {
            render(&md, RenderOptions::new(width, true).with_max_width(max))
                .lines
                .iter()
                .map(line_width)
                .max()
                .unwrap()
        };
        assert_eq!(
            capped(30, 100),
            render(&md, RenderOptions::new(30, true))
                .lines
                .iter()
                .map(line_width)
                .max()
                .unwrap()
        );
        assert!(capped(30, 100) <= 30);
        assert!(capped(80, 5) <= usize::from(MIN_WIDTH));
        assert!(capped(80, 5) > 10);
        // The default suits a reader: wide terminals get lines of at most 100 columns.
        assert!(capped(200, DEFAULT_MAX_WIDTH) <= 100);
        assert!(capped(200, DEFAULT_MAX_WIDTH) > 90);
    }

    #[test]
    fn the_cache_keeps_capped_and_uncapped_layouts_apart() {
        let mut cache = crate::markdown::RenderCache::new();
        let md = "word ".repeat(40);
        let wide = cache.get("a", &md, RenderOptions::new(120, true));
        let capped = cache.get("a", &md, RenderOptions::new(120, true).with_max_width(50));
        assert_eq!(cache.renders(), 2);
        assert!(wide.lines.iter().map(line_width).max() > Some(100));
        assert!(capped.lines.iter().map(line_width).max() <= Some(50));
    }

    #[test]
    fn headings_record_their_lines_and_rules() {
        let doc = render(
            "# One\n\ntext\n\n## Two\n\n### Three\n",
            RenderOptions::new(30, true),
        );
        let lines: Vec<usize> = doc.headings.iter().map(|h| h.line).collect();
        assert_eq!(lines, [0, 5, 8]);
        assert_eq!(doc.lines[1].to_string(), "━".repeat(30));
        assert_eq!(doc.lines[6].to_string(), "─".repeat(30));
        assert_eq!(doc.heading_line("three"), Some(8));
        assert_eq!(doc.heading_line("missing"), None);
    }

    #[test]
    fn headings_without_colour_show_their_level() {
        let doc = render("### Three\n\n###### Six\n", RenderOptions::new(30, false));
        assert_eq!(doc.to_plain(), "### Three\n\n###### Six\n");
        assert_eq!(doc.headings[0].title, "Three");
    }

    #[test]
    fn link_spans_point_at_the_drawn_text() {
        let doc = render(
            "> - see [the docs](https://docs.docker.com)\n",
            RenderOptions::new(80, true),
        );
        let link = &doc.links[0];
        assert_eq!(link.text, "the docs");
        let span = link.spans[0];
        let line: String = doc.lines[span.line].to_string();
        let drawn: String = line
            .chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect();
        assert_eq!(drawn, "the docs (https://docs.docker.com)");
    }

    #[test]
    fn notes_are_hidden_but_kept_with_their_place() {
        let doc = render(
            "# Intro\n\nHello.\n\n<!-- say hi -->\n\nBye.\n",
            RenderOptions::new(40, true),
        );
        assert!(!doc.to_plain().contains("say hi"));
        assert_eq!(doc.notes.len(), 1);
        assert_eq!(doc.notes[0].text, "say hi");
        assert_eq!(doc.notes[0].heading.as_deref(), Some("intro"));
        assert_eq!(doc.lines[doc.notes[0].line].to_string(), "Bye.");
    }

    #[test]
    fn images_and_footnotes() {
        let lines = plain("![a whale](w.png) text[^n]\n\n[^n]: The note.\n", 40);
        assert_eq!(
            lines,
            [
                "[image: a whale] text[^1]",
                "",
                "────────────",
                "[^1] The note."
            ]
        );
    }

    #[test]
    fn html_is_shown_except_comments() {
        let lines = plain(
            "<div>\n<b>x</b><!-- hidden -->\n</div>\n\nA <i>b</i> c\n\n<table><tr><td>t</td></tr></table>\n\nVec<T> stays\n",
            40,
        );
        assert_eq!(
            lines,
            [
                "x",
                "",
                "A b c",
                "",
                "<table><tr><td>t</td></tr></table>",
                "",
                "Vec<T> stays"
            ]
        );
    }

    #[test]
    fn readme_html_is_rendered_or_reduced_to_its_text() {
        let md = concat!(
            "<div align=\"center\">\n",
            "  <img src=\"logo.png\" alt=\"Stagecraft logo\" width=\"200\">\n",
            "</div>\n\n",
            "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop.<br>Then <img src=\"x.png\" alt=\"x\"> again.\n\n",
            "<details>\n<summary>Why distroless?</summary>\n\n",
            "No shell, no package manager.\n\n",
            "</details>\n",
        );
        let doc = render(md, RenderOptions::new(60, false));
        assert_eq!(
            doc.to_plain(),
            concat!(
                "[image: Stagecraft logo]\n",
                "\n",
                "Press `Ctrl`+`C` to stop.\n",
                "Then [image: x] again.\n",
                "\n",
                "Why distroless?\n",
                "\n",
                "No shell, no package manager.\n",
            )
        );
        let summary = doc.lines[5]
            .spans
            .iter()
            .find(|s| s.content == "Why distroless?");
        assert!(
            summary.is_some_and(|s| s
                .style
                .add_modifier
                .contains(ratatui::style::Modifier::BOLD)),
            "{:?}",
            doc.lines[5]
        );
    }

    #[test]
    fn html_strikethrough_keeps_its_markers_without_colour() {
        let doc = render(
            "Use <del>npm install</del> npm ci\n",
            RenderOptions::new(40, false),
        );
        assert_eq!(doc.to_plain(), "Use ~~npm install~~ npm ci\n");
    }

    #[test]
    fn narrow_widths_use_the_minimum() {
        let doc = render(
            "Some words that need wrapping here.",
            RenderOptions::new(3, true),
        );
        assert_eq!(doc.width, MIN_WIDTH);
        assert!(
            doc.lines
                .iter()
                .all(|l| line_width(l) <= usize::from(MIN_WIDTH))
        );
    }

    #[test]
    fn deep_nesting_stays_within_the_width() {
        let md = format!("{}- deep item text\n", "> ".repeat(30));
        let doc = render(&md, RenderOptions::new(24, true));
        assert!(doc.lines.iter().all(|l| line_width(l) <= 24));
        assert!(doc.to_plain().contains("deep"));
    }

    #[test]
    fn huge_list_numbers_stay_within_the_width() {
        let doc = render("999999999. x\n", RenderOptions::new(20, true));
        assert!(
            doc.lines.iter().all(|l| line_width(l) <= 20),
            "{:?}",
            doc.lines
        );
    }
}
