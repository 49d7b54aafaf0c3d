//! The parsed form of a document: blocks and styled inline text, independent of any width.
//!
//! Parsing once and laying out per width keeps a resize cheap: only wrapping is redone, and
//! highlighted code is kept inside the block it belongs to.

use std::sync::OnceLock;

use pulldown_cmark::Alignment;
use ratatui::text::Line;

use super::parse;
use super::render::{self, RenderOptions, RenderedDoc};

/// Inline formatting flags, combined when nested (`***x***` is emphasis and strong).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Marks(u16);

impl Marks {
    pub const NONE: Marks = Marks(0);
    pub const EMPHASIS: Marks = Marks(1);
    pub const STRONG: Marks = Marks(1 << 1);
    pub const STRIKE: Marks = Marks(1 << 2);
    pub const CODE: Marks = Marks(1 << 3);
    /// Link text.
    pub const LINK: Marks = Marks(1 << 4);
    /// The ` (url)` shown after a link's text.
    pub const URL: Marks = Marks(1 << 5);
    pub const IMAGE: Marks = Marks(1 << 6);
    pub const FOOTNOTE: Marks = Marks(1 << 7);
    pub const HTML: Marks = Marks(1 << 8);
    /// Markup kept as text that is shown only without colour, where no style carries its
    /// meaning: the `~~` around struck-through text.
    pub const DELIMITER: Marks = Marks(1 << 9);

    /// Whether all flags of `other` are set.
    pub fn contains(self, other: Marks) -> bool {
        self.0 & other.0 == other.0
    }

    /// Both sets of flags.
    pub fn union(self, other: Marks) -> Marks {
        Marks(self.0 | other.0)
    }
}

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    /// Text with formatting, inside link number `link` if any. Already made inert.
    Text {
        text: String,
        marks: Marks,
        link: Option<usize>,
    },
    /// A forced line break.
    HardBreak,
}

/// The plain text of a run of inlines, a hard break as a newline (what tests compare).
#[cfg(test)]
pub(crate) fn plain_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text { text, .. } => text.as_str(),
            Inline::HardBreak => "\n",
        })
        .collect()
}

/// A list item.
#[derive(Debug)]
pub(crate) struct Item {
    /// `Some(checked)` for a task list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

/// A table cell's content.
pub(crate) type Cell = Vec<Inline>;

/// A block of the document.
#[derive(Debug)]
pub(crate) enum Block {
    /// Heading number `index` of [`Document::headings`].
    Heading {
        index: usize,
        level: u8,
        inlines: Vec<Inline>,
    },
    /// A paragraph; `tight` ones (in tight list items) get no blank line after them.
    Paragraph {
        inlines: Vec<Inline>,
        tight: bool,
    },
    /// An ordered (with its first number) or bullet list.
    List {
        start: Option<u64>,
        items: Vec<Item>,
        loose: bool,
    },
    Quote(Vec<Block>),
    /// A code block; `highlighted` caches the highlighted lines without and with colour.
    Code {
        lang: String,
        text: String,
        highlighted: [OnceLock<Vec<Line<'static>>>; 2],
    },
    Table {
        aligns: Vec<Alignment>,
        head: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
    },
    Rule,
    /// The visible part of an HTML block, shown as text.
    Html(String),
    /// Where speaker note number `n` of [`Document::notes`] was written.
    Note(usize),
}

/// A heading's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeadingInfo {
    pub level: u8,
    pub title: String,
    pub anchor: String,
}

/// A link's target and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkInfo {
    pub url: String,
    pub text: String,
    /// The URL a terminal hyperlink (OSC 8) may point at: only http, https and mailto.
    pub hyperlink: Option<String>,
}

/// An HTML comment: a speaker note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NoteInfo {
    pub text: String,
    /// Anchor of the heading the note follows.
    pub heading: Option<String>,
}

/// A footnote definition with its number.
#[derive(Debug)]
pub(crate) struct Footnote {
    pub number: usize,
    pub blocks: Vec<Block>,
}

/// A parsed Markdown document, ready to be laid out for any width.
#[derive(Debug, Default)]
pub struct Document {
    pub(crate) blocks: Vec<Block>,
    pub(crate) footnotes: Vec<Footnote>,
    pub(crate) headings: Vec<HeadingInfo>,
    pub(crate) links: Vec<LinkInfo>,
    pub(crate) notes: Vec<NoteInfo>,
}

impl Document {
    /// Parses CommonMark with stagecraft's extensions. Never fails: any input is a document.
    pub fn parse(markdown: &str) -> Document {
        parse::parse(markdown)
    }

    /// Lays the document out for the given width and colour mode.
    pub fn render(&self, options: RenderOptions) -> RenderedDoc {
        render::layout(self, options)
    }
}
