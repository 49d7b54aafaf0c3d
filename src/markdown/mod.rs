//! Markdown: heading anchors for links, slides for presenter mode, and rendering lessons to
//! styled terminal lines.

pub mod anchor;
pub mod slides;
