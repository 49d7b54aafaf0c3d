//! pulldown-cmark events to a [`Document`].
//!
//! A stack of open containers mirrors the event stream: every block-level `Start` pushes one
//! frame and every block-level `End` pops one. Inline formatting is a separate stack of flags.
//! All text is made inert here, so nothing later can leak a control character.
//! Containers nested deeper than [`MAX_NESTING`] are flattened into their parent, which keeps
//! layout recursion shallow on hostile input.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::anchor::{self, Anchors};
use super::ast::{
    Block, Cell, Document, Footnote, HeadingInfo, Inline, Item, LinkInfo, Marks, NoteInfo,
};
use super::html::{self, Role};
use crate::sanitize::{inert, inert_line};

/// Deepest nesting of block quotes, lists and footnotes that is shown as nesting.
pub(crate) const MAX_NESTING: usize = 24;

/// Parses `markdown` into a document.
pub(crate) fn parse(markdown: &str) -> Document {
    let mut state = State::default();
    for event in Parser::new_ext(anchor::without_bom(markdown), anchor::options()) {
        state.event(event);
    }
    state.finish()
}

/// What a frame of blocks is.
#[derive(Debug)]
enum BlocksKind {
    Root,
    Quote,
    Item { task: Option<bool> },
    Footnote { label: String },
}

/// What a frame of inline content becomes.
#[derive(Debug)]
enum InlineKind {
    Paragraph,
    Heading(u8),
    Cell,
}

/// An open container.
#[derive(Debug)]
enum Frame {
    Blocks {
        kind: BlocksKind,
        blocks: Vec<Block>,
    },
    List {
        start: Option<u64>,
        items: Vec<Item>,
        loose: bool,
    },
    Inlines {
        kind: InlineKind,
        inlines: Vec<Inline>,
        /// A paragraph pulldown did not mark (text directly in a tight list item).
        implicit: bool,
    },
    Code {
        lang: String,
        text: String,
    },
    Html(String),
    Table {
        aligns: Vec<Alignment>,
        head: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
    },
    Row {
        head: bool,
        cells: Vec<Cell>,
    },
    /// A container that is not shown as one (too deep, or an extension we do not render).
    Transparent,
}

/// A link whose text is being read.
#[derive(Debug)]
struct OpenLink {
    id: usize,
    kind: LinkType,
    text: String,
}

#[derive(Debug)]
struct State {
    stack: Vec<Frame>,
    /// How many frames on the stack add a level of nesting.
    nesting: usize,
    marks: Vec<Marks>,
    /// Formatting opened by inline HTML tags (`<kbd>`, `<b>`), by tag name; kept apart from
    /// `marks` because HTML tags need not nest with Markdown's.
    html_marks: Vec<(String, Marks)>,
    links: Vec<OpenLink>,
    image_depth: usize,
    image_alt: String,
    heading_text: Option<String>,
    anchors: Anchors,
    current_heading: Option<String>,
    footnote_numbers: HashMap<String, usize>,
    footnote_defs: Vec<(String, Vec<Block>)>,
    pending_notes: Vec<usize>,
    doc: Document,
}

impl Default for State {
    fn default() -> Self {
        State {
            stack: vec![Frame::Blocks {
                kind: BlocksKind::Root,
                blocks: Vec::new(),
            }],
            nesting: 0,
            marks: Vec::new(),
            html_marks: Vec::new(),
            links: Vec::new(),
            image_depth: 0,
            image_alt: String::new(),
            heading_text: None,
            anchors: Anchors::default(),
            current_heading: None,
            footnote_numbers: HashMap::new(),
            footnote_defs: Vec::new(),
            pending_notes: Vec::new(),
            doc: Document::default(),
        }
    }
}

impl State {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(text) => {
                self.note_text(&text);
                self.push_text(&text, Marks::CODE);
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::Html(html) => match self.stack.last_mut() {
                Some(Frame::Html(buffer)) => buffer.push_str(&html),
                _ => self.inline_html(&html),
            },
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::FootnoteReference(label) => {
                let next = self.footnote_numbers.len() + 1;
                let number = *self
                    .footnote_numbers
                    .entry(label.to_lowercase())
                    .or_insert(next);
                self.push_text(&format!("[^{number}]"), Marks::FOOTNOTE);
            }
            // A space that keeps the formatting around it (one underline across a link).
            Event::SoftBreak => self.push_text(" ", Marks::NONE),
            Event::HardBreak => self.push_inline(Inline::HardBreak),
            Event::Rule => {
                self.close_implicit();
                self.push_block(Block::Rule);
            }
            Event::TaskListMarker(checked) => {
                let item = self.stack.iter_mut().rev().find_map(|frame| match frame {
                    Frame::Blocks {
                        kind: BlocksKind::Item { task },
                        ..
                    } => Some(task),
                    _ => None,
                });
                if let Some(task) = item {
                    *task = Some(checked);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Emphasis => self.marks.push(Marks::EMPHASIS),
            Tag::Strong => self.marks.push(Marks::STRONG),
            Tag::Strikethrough => {
                self.marks.push(Marks::STRIKE);
                self.push_delimiter("~~");
            }
            Tag::Superscript | Tag::Subscript => self.marks.push(Marks::NONE),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let url = inert_line(&dest_url);
                let hyperlink = hyperlink_target(link_type, &url);
                let id = self.doc.links.len();
                self.doc.links.push(LinkInfo {
                    url,
                    text: String::new(),
                    hyperlink,
                });
                self.links.push(OpenLink {
                    id,
                    kind: link_type,
                    text: String::new(),
                });
                self.marks.push(Marks::LINK);
            }
            Tag::Image { .. } => {
                self.image_depth += 1;
                if self.image_depth == 1 {
                    self.image_alt.clear();
                }
            }
            block => {
                self.close_implicit();
                let frame = if self.nesting >= MAX_NESTING && is_nesting(&block) {
                    Frame::Transparent
                } else {
                    self.block_frame(block)
                };
                if adds_nesting(&frame) {
                    self.nesting += 1;
                }
                self.stack.push(frame);
            }
        }
    }

    /// The frame a block-level tag opens.
    fn block_frame(&mut self, tag: Tag<'_>) -> Frame {
        let inlines = |kind| Frame::Inlines {
            kind,
            inlines: Vec::new(),
            implicit: false,
        };
        match tag {
            Tag::Paragraph => {
                self.mark_list_loose();
                inlines(InlineKind::Paragraph)
            }
            Tag::Heading { level, .. } => {
                self.heading_text = Some(String::new());
                inlines(InlineKind::Heading(anchor::level_number(level)))
            }
            Tag::TableCell => inlines(InlineKind::Cell),
            Tag::BlockQuote(_) => Frame::Blocks {
                kind: BlocksKind::Quote,
                blocks: Vec::new(),
            },
            Tag::Item => Frame::Blocks {
                kind: BlocksKind::Item { task: None },
                blocks: Vec::new(),
            },
            Tag::FootnoteDefinition(label) => Frame::Blocks {
                kind: BlocksKind::Footnote {
                    label: label.to_lowercase(),
                },
                blocks: Vec::new(),
            },
            Tag::List(start) => Frame::List {
                start,
                items: Vec::new(),
                loose: false,
            },
            Tag::CodeBlock(kind) => Frame::Code {
                lang: match kind {
                    CodeBlockKind::Fenced(info) => inert_line(&info),
                    CodeBlockKind::Indented => String::new(),
                },
                text: String::new(),
            },
            Tag::HtmlBlock => Frame::Html(String::new()),
            Tag::Table(aligns) => Frame::Table {
                aligns,
                head: Vec::new(),
                rows: Vec::new(),
            },
            Tag::TableHead => Frame::Row {
                head: true,
                cells: Vec::new(),
            },
            Tag::TableRow => Frame::Row {
                head: false,
                cells: Vec::new(),
            },
            _ => Frame::Transparent,
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Strikethrough => {
                self.push_delimiter("~~");
                self.marks.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Superscript | TagEnd::Subscript => {
                self.marks.pop();
            }
            TagEnd::Link => {
                self.marks.pop();
                if let Some(open) = self.links.pop() {
                    self.finish_link(open);
                }
            }
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                if self.image_depth == 0 {
                    let alt = std::mem::take(&mut self.image_alt);
                    let alt = inert_line(alt.trim());
                    let shown = if alt.is_empty() {
                        "[image]".to_owned()
                    } else {
                        format!("[image: {alt}]")
                    };
                    self.push_text(&shown, Marks::IMAGE);
                }
            }
            _ => {
                self.close_implicit();
                self.close_top();
            }
        }
    }

    /// Text: code block content, image alt text, or inline text.
    fn text(&mut self, text: &str) {
        match self.stack.last_mut() {
            Some(Frame::Code { text: code, .. }) => code.push_str(text),
            Some(Frame::Html(buffer)) => buffer.push_str(text),
            _ => {
                self.note_text(text);
                if self.image_depth > 0 {
                    self.image_alt.push_str(text);
                } else {
                    self.push_text(text, Marks::NONE);
                }
            }
        }
    }

    /// Remembers text for the open heading's anchor and the open links' texts.
    fn note_text(&mut self, text: &str) {
        if let Some(heading) = self.heading_text.as_mut() {
            heading.push_str(text);
        }
        for link in &mut self.links {
            link.text.push_str(text);
        }
    }

    fn inline_html(&mut self, html: &str) {
        let (visible, comments) = split_comments(html);
        for comment in comments {
            let index = self.add_note(&comment);
            self.pending_notes.push(index);
        }
        if visible.is_empty() {
            return;
        }
        match html::tag(&visible) {
            Some((tag, len)) if len == visible.len() => match html::role(&tag.name) {
                Some(role) => self.inline_tag(&tag, role),
                None => self.push_text(&visible, Marks::HTML),
            },
            _ => self.push_text(&visible, Marks::HTML),
        }
    }

    /// An interpreted inline HTML tag (see [`html::role`]).
    fn inline_tag(&mut self, tag: &html::Tag, role: Role) {
        match role {
            Role::Break => self.push_inline(Inline::HardBreak),
            Role::Image => {
                if !tag.closing {
                    self.push_text(&html::image_text(tag.alt.as_deref()), Marks::IMAGE);
                }
            }
            Role::BlockWith(marks) | Role::Inline(marks) => {
                let strike = marks == Marks::STRIKE;
                if strike && tag.closing {
                    self.push_delimiter("~~");
                }
                html::toggle(&mut self.html_marks, tag, marks);
                if strike && !tag.closing {
                    self.push_delimiter("~~");
                }
            }
            Role::Block | Role::Transparent | Role::Hidden => {}
        }
    }

    fn add_note(&mut self, text: &str) -> usize {
        self.doc.notes.push(NoteInfo {
            text: inert(text.trim()).into_owned(),
            heading: self.current_heading.clone(),
        });
        self.doc.notes.len() - 1
    }

    fn finish_link(&mut self, open: OpenLink) {
        let Some(info) = self.doc.links.get_mut(open.id) else {
            return;
        };
        info.text = inert_line(&open.text);
        // Headings stay short: no URL after a link in a heading.
        let in_heading = self.heading_text.is_some();
        if !in_heading && shows_url(open.kind, &info.url, &open.text) {
            let suffix = format!(" ({})", info.url);
            self.push_inline(Inline::Text {
                text: suffix,
                marks: self.current_marks().union(Marks::URL),
                link: Some(open.id),
            });
        }
    }

    fn current_marks(&self) -> Marks {
        self.marks
            .iter()
            .chain(self.html_marks.iter().map(|(_, marks)| marks))
            .fold(Marks::NONE, |all, &marks| all.union(marks))
    }

    fn push_text(&mut self, text: &str, extra: Marks) {
        if self.image_depth > 0 {
            self.image_alt.push_str(text);
            return;
        }
        if text.is_empty() {
            return;
        }
        let inline = Inline::Text {
            text: inert(text).into_owned(),
            marks: self.current_marks().union(extra),
            link: self.links.last().map(|link| link.id),
        };
        self.push_inline(inline);
    }

    /// Markup that is shown only without colour (see [`Marks::DELIMITER`]); not in image
    /// alt text, which is never styled.
    fn push_delimiter(&mut self, text: &str) {
        if self.image_depth == 0 {
            self.push_text(text, Marks::DELIMITER);
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.image_depth > 0 {
            if matches!(inline, Inline::HardBreak) {
                self.image_alt.push(' ');
            }
            return;
        }
        if !matches!(self.stack.last(), Some(Frame::Inlines { .. })) {
            self.stack.push(Frame::Inlines {
                kind: InlineKind::Paragraph,
                inlines: Vec::new(),
                implicit: true,
            });
        }
        if let Some(Frame::Inlines { inlines, .. }) = self.stack.last_mut() {
            inlines.push(inline);
        }
    }

    /// Closes paragraphs that pulldown did not open explicitly.
    fn close_implicit(&mut self) {
        while matches!(
            self.stack.last(),
            Some(Frame::Inlines { implicit: true, .. })
        ) {
            self.close_top();
        }
    }

    /// A paragraph directly inside a list item makes the list loose.
    fn mark_list_loose(&mut self) {
        let len = self.stack.len();
        if len >= 2
            && matches!(
                self.stack[len - 1],
                Frame::Blocks {
                    kind: BlocksKind::Item { .. },
                    ..
                }
            )
            && let Frame::List { loose, .. } = &mut self.stack[len - 2]
        {
            *loose = true;
        }
    }

    /// Pops the top frame (never the root) and attaches what it built to its parent.
    fn close_top(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if adds_nesting(&frame) {
            self.nesting = self.nesting.saturating_sub(1);
        }
        match frame {
            Frame::Blocks { kind, blocks } => match kind {
                BlocksKind::Root => {}
                BlocksKind::Quote => self.push_block(Block::Quote(blocks)),
                BlocksKind::Item { task } => {
                    if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                        items.push(Item { task, blocks });
                    } else {
                        blocks.into_iter().for_each(|b| self.push_block(b));
                    }
                }
                BlocksKind::Footnote { label } => self.footnote_defs.push((label, blocks)),
            },
            Frame::List {
                start,
                items,
                loose,
            } => self.push_block(Block::List {
                start,
                items,
                loose,
            }),
            Frame::Inlines {
                kind,
                inlines,
                implicit,
            } => {
                // An HTML tag left open ends with its paragraph.
                self.html_marks.clear();
                self.finish_inlines(kind, inlines, implicit);
            }
            Frame::Code { lang, text } => self.push_block(Block::Code {
                lang,
                text,
                highlighted: Default::default(),
            }),
            Frame::Html(html) => {
                let (visible, comments) = split_comments(&html);
                let visible = visible.trim_matches('\n');
                match html::reduce_block(visible) {
                    Some(inlines) if inlines.is_empty() => {}
                    Some(inlines) => self.push_block(Block::Paragraph {
                        inlines,
                        tight: false,
                    }),
                    None => self.push_block(Block::Html(inert(visible).into_owned())),
                }
                for comment in comments {
                    let index = self.add_note(&comment);
                    self.push_block(Block::Note(index));
                }
            }
            Frame::Table { aligns, head, rows } => {
                self.push_block(Block::Table { aligns, head, rows })
            }
            Frame::Row { head, cells } => match self.stack.last_mut() {
                Some(Frame::Table {
                    head: table_head,
                    rows,
                    ..
                }) => {
                    if head {
                        *table_head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                _ => {
                    for inlines in cells {
                        self.push_block(Block::Paragraph {
                            inlines,
                            tight: false,
                        });
                    }
                }
            },
            Frame::Transparent => {}
        }
    }

    /// Attaches a closed paragraph, heading or table cell.
    fn finish_inlines(&mut self, kind: InlineKind, inlines: Vec<Inline>, implicit: bool) {
        match kind {
            InlineKind::Paragraph => self.push_block(Block::Paragraph {
                inlines,
                tight: implicit,
            }),
            InlineKind::Heading(level) => self.finish_heading(level, inlines),
            InlineKind::Cell => match self.stack.last_mut() {
                Some(Frame::Row { cells, .. }) => cells.push(inlines),
                _ => self.push_block(Block::Paragraph {
                    inlines,
                    tight: false,
                }),
            },
        }
    }

    fn finish_heading(&mut self, level: u8, inlines: Vec<Inline>) {
        let text = self.heading_text.take().unwrap_or_default();
        let anchor = self.anchors.next(&text);
        let index = self.doc.headings.len();
        self.doc.headings.push(HeadingInfo {
            level,
            title: plain_title(&inlines),
            anchor: anchor.clone(),
        });
        self.current_heading = Some(anchor);
        self.push_block(Block::Heading {
            index,
            level,
            inlines,
        });
    }

    /// Adds a block to the innermost container that holds blocks, followed by any speaker
    /// notes met inside it.
    fn push_block(&mut self, block: Block) {
        let notes: Vec<Block> = self.pending_notes.drain(..).map(Block::Note).collect();
        for block in std::iter::once(block).chain(notes) {
            let target = self.stack.iter_mut().rev().find_map(|frame| match frame {
                Frame::Blocks { blocks, .. } => Some(blocks),
                Frame::List { items, .. } => {
                    if items.is_empty() {
                        items.push(Item {
                            task: None,
                            blocks: Vec::new(),
                        });
                    }
                    items.last_mut().map(|item| &mut item.blocks)
                }
                _ => None,
            });
            if let Some(blocks) = target {
                blocks.push(block);
            }
        }
    }

    fn finish(mut self) -> Document {
        self.close_implicit();
        while self.stack.len() > 1 {
            self.close_top();
        }
        // Notes left over (e.g. in a table cell) go at the end.
        let notes: Vec<usize> = self.pending_notes.drain(..).collect();
        if let Some(Frame::Blocks { blocks, .. }) = self.stack.first_mut() {
            blocks.extend(notes.into_iter().map(Block::Note));
            self.doc.blocks = std::mem::take(blocks);
        }
        self.doc.footnotes = number_footnotes(self.footnote_defs, &self.footnote_numbers);
        self.doc
    }
}

/// A heading's text for a table of contents: what is shown, minus link URLs, on one line.
fn plain_title(inlines: &[Inline]) -> String {
    let text: String = inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text { marks, .. }
                if marks.contains(Marks::URL) || marks.contains(Marks::DELIMITER) =>
            {
                ""
            }
            Inline::Text { text, .. } => text.as_str(),
            Inline::HardBreak => " ",
        })
        .collect();
    inert_line(text.trim())
}

/// Whether a frame counts towards [`MAX_NESTING`].
fn adds_nesting(frame: &Frame) -> bool {
    matches!(
        frame,
        Frame::List { .. }
            | Frame::Blocks {
                kind: BlocksKind::Quote | BlocksKind::Footnote { .. },
                ..
            }
    )
}

/// Whether a tag opens a container that adds a level of nesting.
fn is_nesting(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
    )
}

/// Footnotes in number order: referenced ones by first reference, then the others in the
/// order they were defined. A label defined twice keeps its first definition.
fn number_footnotes(
    definitions: Vec<(String, Vec<Block>)>,
    numbers: &HashMap<String, usize>,
) -> Vec<Footnote> {
    let mut next = numbers.len() + 1;
    let mut seen = std::collections::HashSet::new();
    let mut footnotes: Vec<Footnote> = definitions
        .into_iter()
        .filter(|(label, _)| seen.insert(label.clone()))
        .map(|(label, blocks)| {
            let number = numbers.get(&label).copied().unwrap_or_else(|| {
                next += 1;
                next - 1
            });
            Footnote { number, blocks }
        })
        .collect();
    footnotes.sort_by_key(|footnote| footnote.number);
    footnotes
}

/// Whether a link's URL is shown after its text: not for autolinks, and not when the text
/// already says where the link goes.
fn shows_url(kind: LinkType, url: &str, text: &str) -> bool {
    if url.is_empty() || matches!(kind, LinkType::Autolink | LinkType::Email) {
        return false;
    }
    fn bare(s: &str) -> &str {
        let s = s.trim();
        let s = s.strip_prefix("mailto:").unwrap_or(s);
        let s = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .unwrap_or(s);
        s.trim_end_matches('/')
    }
    bare(url) != bare(text)
}

/// The URL a terminal may open for a link: web and mail links only.
fn hyperlink_target(kind: LinkType, url: &str) -> Option<String> {
    if kind == LinkType::Email {
        return Some(format!("mailto:{url}"));
    }
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
        .then(|| url.to_owned())
}

/// Splits HTML into the text outside comments and the text of each comment. An unclosed
/// comment runs to the end.
pub(crate) fn split_comments(html: &str) -> (String, Vec<String>) {
    let mut visible = String::new();
    let mut comments = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        visible.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        match after.find("-->") {
            Some(end) => {
                comments.push(after[..end].trim().to_owned());
                rest = &after[end + 3..];
            }
            None => {
                comments.push(after.trim().to_owned());
                rest = "";
            }
        }
    }
    visible.push_str(rest);
    (visible, comments)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::markdown::ast::plain_text as texts;

    #[test]
    fn comments_split_from_html() {
        let (visible, notes) = split_comments("<div><!-- a --></div><!--b");
        assert_eq!(visible, "<div></div>");
        assert_eq!(notes, ["a", "b"]);
    }

    #[test]
    fn tight_and_loose_lists() {
        let doc = parse("- a\n- b\n\n1. x\n\n2. y\n");
        let Block::List { loose, items, .. } = &doc.blocks[0] else {
            panic!("{:?}", doc.blocks[0]);
        };
        assert!(!loose);
        assert!(matches!(
            items[0].blocks[0],
            Block::Paragraph { tight: true, .. }
        ));
        let Block::List { loose, start, .. } = &doc.blocks[1] else {
            panic!("{:?}", doc.blocks[1]);
        };
        assert!(loose);
        assert_eq!(*start, Some(1));
    }

    #[test]
    fn task_markers_attach_to_items() {
        let doc = parse("- [x] done\n- [ ] todo\n- plain\n");
        let Block::List { items, .. } = &doc.blocks[0] else {
            panic!();
        };
        let tasks: Vec<_> = items.iter().map(|i| i.task).collect();
        assert_eq!(tasks, [Some(true), Some(false), None]);
    }

    #[test]
    fn links_record_text_url_and_hyperlink() {
        let doc = parse("[docs](https://docs.docker.com) <https://x.io> <a@b.c> [rel](../x.md)");
        let urls: Vec<_> = doc.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://docs.docker.com",
                "https://x.io",
                "a@b.c",
                "../x.md"
            ]
        );
        assert_eq!(doc.links[0].text, "docs");
        assert_eq!(doc.links[2].hyperlink.as_deref(), Some("mailto:a@b.c"));
        assert_eq!(doc.links[3].hyperlink, None);
        let Block::Paragraph { inlines, .. } = &doc.blocks[0] else {
            panic!();
        };
        assert_eq!(
            texts(inlines),
            "docs (https://docs.docker.com) https://x.io a@b.c rel (../x.md)"
        );
    }

    #[test]
    fn link_text_equal_to_url_is_not_repeated() {
        assert!(!shows_url(LinkType::Inline, "https://a.b/", "a.b"));
        assert!(shows_url(LinkType::Inline, "https://a.b/", "site"));
        assert!(!shows_url(LinkType::Inline, "", "x"));
    }

    #[test]
    fn footnotes_numbered_by_first_reference() {
        let doc = parse("b[^b] a[^a] b[^b]\n\n[^a]: A\n[^b]: B\n[^c]: C\n");
        let Block::Paragraph { inlines, .. } = &doc.blocks[0] else {
            panic!();
        };
        assert_eq!(texts(inlines), "b[^1] a[^2] b[^1]");
        let numbers: Vec<_> = doc.footnotes.iter().map(|f| f.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        let Block::Paragraph { inlines, .. } = &doc.footnotes[0].blocks[0] else {
            panic!();
        };
        assert_eq!(texts(inlines), "B");
    }

    #[test]
    fn html_comments_become_notes_with_their_heading() {
        let doc =
            parse("<!-- intro -->\n\n# One\n\ntext <!-- inline --> more\n\n<!--\nblock\n-->\n");
        let notes: Vec<_> = doc
            .notes
            .iter()
            .map(|n| (n.text.as_str(), n.heading.as_deref()))
            .collect();
        assert_eq!(
            notes,
            [
                ("intro", None),
                ("inline", Some("one")),
                ("block", Some("one"))
            ]
        );
        assert!(doc.blocks.iter().all(|b| !matches!(b, Block::Html(_))));
    }

    #[test]
    fn images_become_alt_text() {
        let doc = parse("![a *whale*](w.png)");
        let Block::Paragraph { inlines, .. } = &doc.blocks[0] else {
            panic!();
        };
        assert_eq!(texts(inlines), "[image: a whale]");
    }

    #[test]
    fn control_characters_are_made_inert() {
        let doc = parse("# T\u{1b}[2J\n\nx\u{7}y `c\u{1b}` [l](http://a\u{9b}b)\n");
        assert_eq!(doc.headings[0].title, "T\u{241b}[2J");
        let Block::Paragraph { inlines, .. } = &doc.blocks[1] else {
            panic!();
        };
        assert!(!texts(inlines).chars().any(crate::sanitize::is_dangerous));
        assert!(!doc.links[0].url.chars().any(crate::sanitize::is_dangerous));
    }

    #[test]
    fn heading_titles_keep_spaces_and_drop_urls() {
        let doc = parse("Two\nlines [link](https://x.io) `code`\n===\n");
        assert_eq!(doc.headings[0].title, "Two lines link code");
        assert_eq!(doc.headings[0].anchor, "twolines-link-code");
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let md = format!("{}deep", "> ".repeat(200));
        let doc = parse(&md);
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::Quote(inner) => 1 + depth(inner),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert_eq!(depth(&doc.blocks), MAX_NESTING);
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_first_heading() {
        let md = "\u{feff}# Title\n\ntext\n";
        let doc = parse(md);
        assert!(
            matches!(doc.blocks[0], Block::Heading { .. }),
            "{:?}",
            doc.blocks[0]
        );
        assert_eq!(doc.headings[0].title, "Title");
        assert_eq!(anchor::headings(md)[0].anchor, "title");
        let slides = crate::markdown::slides::split(md);
        assert_eq!(slides[0].title.as_deref(), Some("Title"));
    }

    #[test]
    fn heading_anchors_match_the_anchor_module() {
        let md = "# A\n\n## A\n\n> ## `x` y\n\n- # In list\n";
        let doc = parse(md);
        let ours: Vec<_> = doc.headings.iter().map(|h| h.anchor.clone()).collect();
        let theirs: Vec<_> = anchor::headings(md).into_iter().map(|h| h.anchor).collect();
        assert_eq!(ours, theirs);
    }
}
