//! Markdown: heading anchors for links, and rendering lessons to styled terminal lines.

pub mod anchor;
