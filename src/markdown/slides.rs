//! Cutting a lesson into slides for presenter mode: a new slide at every first- or
//! second-level heading and at every thematic break (`---`), code blocks kept whole, HTML
//! comments taken out as speaker notes.
//!
//! Only top-level blocks split: a `---` inside a code block, a list or a quote stays where it
//! is, and a setext heading (`Title` underlined with `---`) is a heading, not a break.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::anchor;

/// One slide of a lesson.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slide {
    /// The heading that opens the slide, as plain text; `None` after a thematic break.
    pub title: Option<String>,
    /// The slide's content in order, the opening heading left out.
    pub blocks: Vec<SlideBlock>,
    /// Speaker notes: the text of the slide's HTML comments, trimmed, in order.
    pub notes: Vec<String>,
}

/// A piece of a slide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlideBlock {
    /// Markdown prose (paragraphs, lists, tables, lower headings), comments removed.
    Prose(String),
    /// A code block: its language (the info string's first word, lower case; empty when none)
    /// and its text.
    Code {
        /// The language, e.g. `dockerfile`.
        lang: String,
        /// The code, ending with a newline.
        text: String,
    },
}

impl SlideBlock {
    /// Whether this is a Dockerfile code block (info string `dockerfile` or `Dockerfile`).
    pub fn is_dockerfile(&self) -> bool {
        matches!(self, SlideBlock::Code { lang, .. } if lang == "dockerfile")
    }
}

impl Slide {
    fn is_empty(&self) -> bool {
        self.title.is_none() && self.blocks.is_empty() && self.notes.is_empty()
    }

    fn push_prose(&mut self, text: &str) {
        let text = text.trim_end();
        if text.trim().is_empty() {
            return;
        }
        if let Some(SlideBlock::Prose(previous)) = self.blocks.last_mut() {
            previous.push_str("\n\n");
            previous.push_str(text);
        } else {
            self.blocks.push(SlideBlock::Prose(text.to_owned()));
        }
    }
}

/// What a top-level block of the document is, for splitting.
enum Piece {
    /// A heading of level 1 or 2: starts a slide.
    Split(String),
    /// A thematic break: ends a slide.
    Break,
    /// A code block.
    Code { lang: String, text: String },
    /// An HTML block; its comments are notes, the rest is shown.
    Html(Range<usize>),
    /// Anything else, with the ranges of the inline comments inside it.
    Prose {
        range: Range<usize>,
        comments: Vec<Range<usize>>,
    },
}

/// Splits a lesson body (Markdown without front matter) into slides. Never empty: a body
/// without any content gives one empty slide.
pub fn split(markdown: &str) -> Vec<Slide> {
    let markdown = anchor::without_bom(markdown);
    let mut slides = Vec::new();
    let mut current = Slide::default();
    for piece in pieces(markdown) {
        match piece {
            Piece::Split(title) => {
                if !current.is_empty() {
                    slides.push(std::mem::take(&mut current));
                }
                current.title = Some(title);
            }
            Piece::Break => {
                if !current.is_empty() {
                    slides.push(std::mem::take(&mut current));
                }
            }
            Piece::Code { lang, text } => current.blocks.push(SlideBlock::Code { lang, text }),
            Piece::Html(range) => {
                let (shown, notes) = take_comments(&markdown[range]);
                current.notes.extend(notes);
                current.push_prose(&shown);
            }
            Piece::Prose { range, comments } => {
                let mut shown = String::new();
                let mut at = range.start;
                for comment in comments {
                    shown.push_str(&markdown[at..comment.start]);
                    current.notes.extend(note_text(&markdown[comment.clone()]));
                    at = comment.end;
                }
                shown.push_str(&markdown[at..range.end]);
                current.push_prose(&shown);
            }
        }
    }
    if !current.is_empty() || slides.is_empty() {
        slides.push(current);
    }
    slides
}

/// The top-level blocks of `markdown`, classified.
fn pieces(markdown: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    // The block being read at depth 1 and what has been collected inside it.
    let mut heading: Option<(HeadingLevel, String, Range<usize>)> = None;
    let mut code: Option<(String, String)> = None;
    let mut prose: Option<(Range<usize>, Vec<Range<usize>>)> = None;
    let mut comment_start: Option<usize> = None;
    for (event, range) in Parser::new_ext(markdown, anchor::options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    match tag {
                        Tag::Heading { level, .. } => {
                            heading = Some((level, String::new(), range.clone()));
                        }
                        Tag::CodeBlock(kind) => {
                            let lang = match kind {
                                CodeBlockKind::Fenced(info) => info
                                    .split_whitespace()
                                    .next()
                                    .unwrap_or_default()
                                    .to_lowercase(),
                                CodeBlockKind::Indented => String::new(),
                            };
                            code = Some((lang, String::new()));
                        }
                        Tag::HtmlBlock => out.push(Piece::Html(range.clone())),
                        _ => prose = Some((range.clone(), Vec::new())),
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth > 0 {
                    continue;
                }
                match end {
                    TagEnd::Heading(_) => {
                        if let Some((level, text, range)) = heading.take() {
                            if matches!(level, HeadingLevel::H1 | HeadingLevel::H2) {
                                out.push(Piece::Split(text.trim().to_owned()));
                            } else {
                                out.push(Piece::Prose {
                                    range,
                                    comments: Vec::new(),
                                });
                            }
                        }
                    }
                    TagEnd::CodeBlock => {
                        if let Some((lang, text)) = code.take() {
                            out.push(Piece::Code { lang, text });
                        }
                    }
                    TagEnd::HtmlBlock => {}
                    _ => {
                        if let Some((range, mut comments)) = prose.take() {
                            if let Some(start) = comment_start.take() {
                                // An unclosed comment hides the rest of its block.
                                comments.push(start..range.end);
                            }
                            out.push(Piece::Prose { range, comments });
                        }
                    }
                }
            }
            Event::Rule if depth == 0 => out.push(Piece::Break),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, buf, _)) = heading.as_mut() {
                    buf.push_str(&text);
                } else if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::InlineHtml(html) => {
                if let Some((_, comments)) = prose.as_mut() {
                    if comment_start.is_none() && html.starts_with("<!--") {
                        comment_start = Some(range.start);
                    }
                    if let Some(start) = comment_start
                        && html.trim_end().ends_with("-->")
                        && (range.end - start) >= "<!---->".len()
                    {
                        comments.push(start..range.end);
                        comment_start = None;
                    }
                }
            }
            Event::Html(_) if depth == 0 => out.push(Piece::Html(range)),
            _ => {}
        }
    }
    out
}

/// Splits an HTML block into what is shown (everything outside comments) and the notes.
fn take_comments(html: &str) -> (String, Vec<String>) {
    let mut shown = String::new();
    let mut notes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        shown.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        match after.find("-->") {
            Some(end) => {
                notes.extend(note_text(&rest[start..start + 4 + end + 3]));
                rest = &after[end + 3..];
            }
            None => {
                notes.extend(note_text(&rest[start..]));
                rest = "";
            }
        }
    }
    shown.push_str(rest);
    (shown, notes)
}

/// The text of one comment without its markers; `None` when it is blank.
fn note_text(comment: &str) -> Option<String> {
    let inner = comment
        .trim()
        .strip_prefix("<!--")
        .unwrap_or(comment)
        .trim_end();
    let inner = inner.strip_suffix("-->").unwrap_or(inner);
    let lines: Vec<&str> = inner.lines().map(str::trim).collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(slides: &[Slide]) -> Vec<Option<&str>> {
        slides.iter().map(|s| s.title.as_deref()).collect()
    }

    #[test]
    fn splits_at_second_level_headings_and_breaks() {
        let md = "# Lesson\n\nIntro.\n\n## One\n\nFirst.\n\n---\n\nAfter the break.\n\n### Deeper\n\nStill here.\n\n## Two\n\nSecond.\n";
        let slides = split(md);
        assert_eq!(
            titles(&slides),
            [Some("Lesson"), Some("One"), None, Some("Two")]
        );
        assert_eq!(slides[0].blocks, [SlideBlock::Prose("Intro.".into())]);
        assert_eq!(
            slides[2].blocks,
            [SlideBlock::Prose(
                "After the break.\n\n### Deeper\n\nStill here.".into()
            )]
        );
    }

    #[test]
    fn breaks_inside_code_lists_and_setext_headings_do_not_split() {
        let md = "## A\n\n```yaml\n---\nkey: v\n```\n\n> quoted\n> ***\n\nSetext\n---\n\nbody\n";
        let slides = split(md);
        assert_eq!(titles(&slides), [Some("A"), Some("Setext")]);
        assert_eq!(
            slides[0].blocks[0],
            SlideBlock::Code {
                lang: "yaml".into(),
                text: "---\nkey: v\n".into()
            }
        );
        assert!(matches!(&slides[0].blocks[1], SlideBlock::Prose(p) if p.contains("***")));
    }

    #[test]
    fn comments_become_notes_and_are_not_shown() {
        let md = "## Slide\n\n<!-- Say hello.\n  Then wait. -->\n\nText with <!-- an aside --> inline.\n\n<div>kept</div>\n";
        let slides = split(md);
        assert_eq!(slides.len(), 1);
        assert_eq!(slides[0].notes, ["Say hello.\nThen wait.", "an aside"]);
        let shown: String = slides[0]
            .blocks
            .iter()
            .map(|b| match b {
                SlideBlock::Prose(p) => p.clone(),
                SlideBlock::Code { text, .. } => text.clone(),
            })
            .collect();
        assert!(
            !shown.contains("hello") && !shown.contains("aside"),
            "{shown}"
        );
        assert!(shown.contains("Text with  inline."), "{shown}");
        assert!(shown.contains("<div>kept</div>"), "{shown}");
    }

    #[test]
    fn code_blocks_keep_their_language_and_text() {
        let md = "## Build\n\n```Dockerfile title=x\nFROM scratch\n<!-- not a note -->\n```\n";
        let slides = split(md);
        let block = &slides[0].blocks[0];
        assert!(block.is_dockerfile());
        assert_eq!(
            block,
            &SlideBlock::Code {
                lang: "dockerfile".into(),
                text: "FROM scratch\n<!-- not a note -->\n".into()
            }
        );
        assert!(slides[0].notes.is_empty());
    }

    #[test]
    fn empty_and_odd_bodies() {
        assert_eq!(split(""), vec![Slide::default()]);
        assert_eq!(split("---\n---\n"), vec![Slide::default()]);
        let unclosed = split("## A\n\ntext <!-- never closed\n");
        assert_eq!(unclosed.len(), 1);
        let spanning = split("Say <!-- over\ntwo lines --> this.\n");
        assert_eq!(spanning[0].notes, ["over\ntwo lines"]);
        assert_eq!(spanning[0].blocks, [SlideBlock::Prose("Say  this.".into())]);
        let only_comment = split("<!--x-->");
        assert_eq!(only_comment[0].notes, ["x"]);
    }
}
