//! Markdown: heading anchors for links, slides for presenter mode, and lessons rendered to
//! styled terminal lines.
//!
//! [`render`](fn@render) turns CommonMark (with tables, footnotes, strikethrough and task lists) into a
//! [`RenderedDoc`] for one width: ratatui lines plus where the headings, links and speaker
//! notes ended up. [`RenderCache`] keeps renders per document, width and colour mode;
//! [`RenderedDoc::to_plain`] and [`RenderedDoc::to_ansi`] print them.

pub mod anchor;
mod ast;
pub mod cache;
mod html;
pub mod output;
mod parse;
pub mod render;
pub mod slides;
mod table;
pub mod theme;
pub mod width;
mod wrap;

pub use ast::Document;
pub use cache::RenderCache;
pub use render::{
    DEFAULT_MAX_WIDTH, DocHeading, Link, LinkSpan, MIN_WIDTH, RenderOptions, RenderedDoc,
    SpeakerNote, render,
};
