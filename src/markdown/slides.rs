//! Cutting a lesson into slides for presenter mode: a new slide at every first- or
//! second-level heading and at every thematic break (`---`), code blocks kept whole, HTML
//! comments taken out as speaker notes.
//!
//! Only top-level blocks split: a `---` inside a code block, a list or a quote stays where it
//! is, and a setext heading (`Title` underlined with `---`) is a heading, not a break.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use unicode_segmentation::UnicodeSegmentation;

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
        /// The stage to build to, for a Dockerfile's build walk-through: `target=NAME` in
        /// the info string.
        target: Option<String>,
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
    Code {
        lang: String,
        text: String,
        info: String,
        range: Range<usize>,
    },
    /// An HTML block; its comments are notes, the rest is shown.
    Html(Range<usize>),
    /// Anything else, with the ranges of the inline comments inside it.
    Prose {
        range: Range<usize>,
        comments: Vec<Range<usize>>,
        table: bool,
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
            Piece::Code {
                lang, text, info, ..
            } => current.blocks.push(SlideBlock::Code {
                lang,
                text,
                target: attribute(&info, "target").map(str::to_owned),
            }),
            Piece::Html(range) => {
                let (shown, notes) = take_comments(&markdown[range]);
                current.notes.extend(notes);
                current.push_prose(&shown);
            }
            Piece::Prose {
                range, comments, ..
            } => {
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
    let mut code: Option<(String, String, String, Range<usize>)> = None;
    let mut prose: Option<(Range<usize>, Vec<Range<usize>>, bool)> = None;
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
                            let info = match kind {
                                CodeBlockKind::Fenced(info) => info.to_string(),
                                CodeBlockKind::Indented => String::new(),
                            };
                            let lang = info
                                .split_whitespace()
                                .next()
                                .unwrap_or_default()
                                .to_lowercase();
                            code = Some((lang, String::new(), info, range.clone()));
                        }
                        Tag::HtmlBlock => out.push(Piece::Html(range.clone())),
                        Tag::Table(_) => prose = Some((range.clone(), Vec::new(), true)),
                        _ => prose = Some((range.clone(), Vec::new(), false)),
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
                                    table: false,
                                });
                            }
                        }
                    }
                    TagEnd::CodeBlock => {
                        if let Some((lang, text, info, range)) = code.take() {
                            out.push(Piece::Code {
                                lang,
                                text,
                                info,
                                range,
                            });
                        }
                    }
                    TagEnd::HtmlBlock => {}
                    _ => {
                        if let Some((range, mut comments, table)) = prose.take() {
                            if let Some(start) = comment_start.take() {
                                // An unclosed comment hides the rest of its block.
                                comments.push(start..range.end);
                            }
                            out.push(Piece::Prose {
                                range,
                                comments,
                                table,
                            });
                        }
                    }
                }
            }
            Event::Rule if depth == 0 => out.push(Piece::Break),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, buf, _)) = heading.as_mut() {
                    buf.push_str(&text);
                } else if let Some((_, buf, _, _)) = code.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::InlineHtml(html) => {
                if let Some((_, comments, _)) = prose.as_mut() {
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

/// A note written `<!-- note: ... -->` (or `notes:`) without that label: the comment is the
/// note already.
fn without_note_label(text: &str) -> &str {
    for label in ["notes:", "note:"] {
        if let Some(head) = text.get(..label.len())
            && head.eq_ignore_ascii_case(label)
        {
            return &text[label.len()..];
        }
    }
    text
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
    let text = lines.join("\n");
    let text = without_note_label(text.trim()).trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The value of `key=value` among the words of a code block's info string.
pub fn attribute<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split_whitespace()
        .skip(1)
        .find_map(|word| word.strip_prefix(key)?.strip_prefix('='))
        .filter(|value| !value.is_empty())
}

/// A fenced code block of a lesson with its place in the text.
struct Fenced {
    /// The whole block, fences included.
    range: Range<usize>,
    /// Its `name=` attribute.
    name: Option<String>,
    /// Its `use=` attribute.
    uses: Option<String>,
    /// Its code.
    text: String,
}

fn fenced_blocks(markdown: &str) -> Vec<Fenced> {
    pieces(markdown)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Code {
                text, info, range, ..
            } => Some(Fenced {
                range,
                name: attribute(&info, "name").map(str::to_owned),
                uses: attribute(&info, "use").map(str::to_owned),
                text,
            }),
            _ => None,
        })
        .collect()
}

/// The fewest bytes code shown again by name (`use=`) may add to a lesson; a longer lesson may
/// add as many bytes as it has. Without a bound, one large named block shown again in
/// thousands of empty `use=` blocks would multiply the lesson a thousandfold in memory.
pub const SHOWN_AGAIN_MIN_BUDGET: usize = 256 * 1024;

/// How the `use=` blocks of a lesson are filled: `(block, named)` pairs in document order, and
/// the `use=` blocks left empty because filling them would pass the budget (see
/// [`SHOWN_AGAIN_MIN_BUDGET`]). A block naming nothing known, or with code of its own, is in
/// neither list.
fn fills(markdown_len: usize, blocks: &[Fenced]) -> (Vec<(usize, usize)>, Vec<usize>) {
    let mut named: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (index, block) in blocks.iter().enumerate() {
        if let Some(name) = &block.name {
            named.entry(name.as_str()).or_insert(index);
        }
    }
    let budget = markdown_len.max(SHOWN_AGAIN_MIN_BUDGET);
    let mut added = 0usize;
    let (mut filled, mut over) = (Vec::new(), Vec::new());
    for (index, block) in blocks.iter().enumerate() {
        let Some(source) = block.uses.as_deref().and_then(|wanted| named.get(wanted)) else {
            continue;
        };
        if !block.text.is_empty() {
            continue;
        }
        let cost = blocks[*source].text.len();
        if added.saturating_add(cost) > budget {
            over.push(index);
        } else {
            added += cost;
            filled.push((index, *source));
        }
    }
    (filled, over)
}

/// The lesson with every code block written ```` ```lang use=NAME ```` (and no code of its own)
/// filled with the code of the block written ```` ```lang name=NAME ````, so a slide can show a
/// block again without the author copying it. Blocks naming nothing known stay empty, and so
/// do those past the budget of [`SHOWN_AGAIN_MIN_BUDGET`] ([`reference_problems`] reports
/// both).
pub fn expand_references(markdown: &str) -> std::borrow::Cow<'_, str> {
    let blocks = fenced_blocks(markdown);
    if blocks.iter().all(|b| b.uses.is_none()) {
        return std::borrow::Cow::Borrowed(markdown);
    }
    let (filled, _) = fills(markdown.len(), &blocks);
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for (block, named) in filled {
        let (block, named) = (&blocks[block], &blocks[named]);
        let source = &markdown[block.range.clone()];
        let opening = source.lines().next().unwrap_or_default();
        let indent = opening.len() - opening.trim_start().len();
        let fence_char = opening.trim_start().chars().next().unwrap_or('`');
        let fence_len = opening
            .trim_start()
            .chars()
            .take_while(|&c| c == fence_char)
            .count();
        // A fence longer than any run of fence characters inside the code.
        let longest_inside = named
            .text
            .lines()
            .map(|l| {
                l.trim_start()
                    .chars()
                    .take_while(|&c| c == fence_char)
                    .count()
            })
            .max()
            .unwrap_or(0);
        let fence = fence_char
            .to_string()
            .repeat(fence_len.max(longest_inside + 1).max(3));
        let info = opening.trim_start().trim_start_matches(fence_char);
        out.push_str(&markdown[at..block.range.start]);
        out.push_str(&" ".repeat(indent));
        out.push_str(&fence);
        out.push_str(info);
        out.push('\n');
        out.push_str(&named.text);
        if !named.text.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&" ".repeat(indent));
        out.push_str(&fence);
        if source.ends_with('\n') {
            out.push('\n');
        }
        at = block.range.end;
    }
    out.push_str(&markdown[at..]);
    std::borrow::Cow::Owned(out)
}

/// A problem with how a lesson's slides refer to each other, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlideProblem {
    /// Where, as a byte offset into the Markdown.
    pub offset: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// A top-level block of a slide, for [`reference_problems`].
struct Part {
    range: Range<usize>,
    /// A code block or a table: something "above" or "below" can point at.
    shows: bool,
    /// Comments inside it (speaker notes), where the words do not count.
    comments: Vec<Range<usize>>,
    /// Prose, where the words are looked for.
    prose: bool,
}

/// Words after "above"/"below" that make it a reference to the text ("the file above is").
const VERBS_AFTER: &[&str] = &[
    "is", "are", "was", "were", "could", "can", "does", "do", "shows", "show", "also", "has",
    "have", "uses", "use", "will", "would", "should", "answer", "answers", "runs", "works",
    "gives", "builds", "becomes",
];

/// Words before "above"/"below" that make it a reference ("see below", "the above").
const WORDS_BEFORE: &[&str] = &[
    "see",
    "covered",
    "shown",
    "described",
    "explained",
    "listed",
    "the",
];

/// References that break when a lesson is cut into slides: "the file above" on a slide whose
/// file is on an earlier slide (no code block or table before it on its own slide; "below"
/// likewise with after it); a `use=NAME` block naming no block, or holding code of its own;
/// two blocks with the same `name=`.
pub fn reference_problems(markdown: &str) -> Vec<SlideProblem> {
    let mut problems = Vec::new();
    let mut slides: Vec<Vec<Part>> = vec![Vec::new()];
    for piece in pieces(markdown) {
        match piece {
            Piece::Split(_) | Piece::Break => slides.push(Vec::new()),
            Piece::Code { range, .. } => {
                if let Some(slide) = slides.last_mut() {
                    slide.push(Part {
                        range,
                        shows: true,
                        comments: Vec::new(),
                        prose: false,
                    });
                }
            }
            Piece::Html(range) => {
                if let Some(slide) = slides.last_mut() {
                    slide.push(Part {
                        range: range.clone(),
                        shows: false,
                        comments: vec![range],
                        prose: false,
                    });
                }
            }
            Piece::Prose {
                range,
                comments,
                table,
            } => {
                if let Some(slide) = slides.last_mut() {
                    slide.push(Part {
                        range,
                        shows: table,
                        comments,
                        prose: true,
                    });
                }
            }
        }
    }
    for slide in &slides {
        for (i, part) in slide.iter().enumerate() {
            if !part.prose {
                continue;
            }
            let shows_before = slide[..i].iter().any(|b| b.shows);
            let shows_after = slide[i + 1..].iter().any(|b| b.shows);
            for (offset, word) in reference_words(markdown, part.range.clone()) {
                if part.comments.iter().any(|c| c.contains(&offset)) {
                    continue;
                }
                let dangling = match word {
                    "above" => !shows_before,
                    _ => !shows_after,
                };
                if dangling {
                    problems.push(SlideProblem {
                        offset,
                        message: format!(
                            "\"{word}\" points to something on another slide (no code block or table {word} it on this one); say what it is, or show the block again with ```lang use=NAME (see docs/authoring.md)"
                        ),
                    });
                }
            }
        }
    }
    let blocks = fenced_blocks(markdown);
    let mut names = std::collections::HashSet::new();
    for block in &blocks {
        if let Some(name) = &block.name
            && !names.insert(name.as_str())
        {
            problems.push(SlideProblem {
                offset: block.range.start,
                message: format!("a second code block is called `name={name}`; names must differ"),
            });
        }
    }
    for block in &blocks {
        if let Some(wanted) = &block.uses {
            if !names.contains(wanted.as_str()) {
                problems.push(SlideProblem {
                    offset: block.range.start,
                    message: format!(
                        "`use={wanted}` names no code block; expected a block written with `name={wanted}` in this lesson"
                    ),
                });
            } else if !block.text.is_empty() {
                problems.push(SlideProblem {
                    offset: block.range.start,
                    message: format!(
                        "a `use={wanted}` block shows the named block's code and must be empty"
                    ),
                });
            }
        }
    }
    let budget = markdown.len().max(SHOWN_AGAIN_MIN_BUDGET);
    for index in fills(markdown.len(), &blocks).1 {
        let wanted = blocks[index].uses.as_deref().unwrap_or_default();
        problems.push(SlideProblem {
            offset: blocks[index].range.start,
            message: format!(
                "`use={wanted}` is left empty: code shown again by name may add at most {budget} bytes to this lesson; show large blocks again fewer times"
            ),
        });
    }
    problems.sort_by_key(|p| p.offset);
    problems
}

/// The offsets of "above" and "below" in `range` that refer to the document, not to a place
/// ("the layers below it", "ports below 1024" are places).
fn reference_words(markdown: &str, range: Range<usize>) -> Vec<(usize, &'static str)> {
    let text = &markdown[range.clone()];
    let mut out = Vec::new();
    let words: Vec<(usize, &str)> = text
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric) || is_stop(w))
        .collect();
    for (i, &(at, word)) in words.iter().enumerate() {
        let lower = word.to_ascii_lowercase();
        let found: &'static str = match lower.as_str() {
            "above" => "above",
            "below" => "below",
            _ => continue,
        };
        let before = i
            .checked_sub(1)
            .map(|j| words[j].1.to_ascii_lowercase())
            .unwrap_or_default();
        let after = words.get(i + 1).map(|(_, w)| w.to_ascii_lowercase());
        let reference = match &after {
            None => true,
            Some(next) if is_stop(next) => true,
            Some(next) => {
                VERBS_AFTER.contains(&next.as_str()) || WORDS_BEFORE.contains(&before.as_str())
            }
        };
        if reference {
            out.push((range.start + at, found));
        }
    }
    out
}

/// Punctuation that ends a phrase.
fn is_stop(word: &str) -> bool {
    matches!(word, "." | "," | ":" | ";" | ")" | "!" | "?" | "\n\n")
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
                text: "---\nkey: v\n".into(),
                target: None,
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
                text: "FROM scratch\n<!-- not a note -->\n".into(),
                target: None,
            }
        );
        assert!(slides[0].notes.is_empty());
    }

    #[test]
    fn a_note_label_is_not_part_of_the_note() {
        let slides = split("## A\n\n<!-- Note: breathe. -->\n\n<!-- notes:\nask -->\n<!-- é -->\n");
        assert_eq!(slides[0].notes, ["breathe.", "ask", "é"]);
    }

    #[test]
    fn named_blocks_are_shown_again_where_used() {
        let md = "## One\n\n```dockerfile name=app target=run\nFROM scratch AS run\n```\n\n## Two\n\n```dockerfile use=app\n```\n\nText.\n";
        let expanded = expand_references(md);
        let slides = split(&expanded);
        assert_eq!(
            slides[1].blocks[0],
            SlideBlock::Code {
                lang: "dockerfile".into(),
                text: "FROM scratch AS run\n".into(),
                target: None,
            }
        );
        assert!(matches!(
            &slides[0].blocks[0],
            SlideBlock::Code { target: Some(t), .. } if t == "run"
        ));
        assert!(
            reference_problems(md).is_empty(),
            "{:?}",
            reference_problems(md)
        );
        let plain = "## A\n\ntext\n";
        assert!(matches!(
            expand_references(plain),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn bad_names_are_problems() {
        let md = "```sh name=a\nx\n```\n\n```sh name=a\ny\n```\n\n```sh use=b\n```\n\n```sh use=a\nz\n```\n";
        let messages: Vec<String> = reference_problems(md)
            .into_iter()
            .map(|p| p.message)
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("second code block"));
        assert!(messages[1].contains("`use=b` names no code block"));
        assert!(messages[2].contains("must be empty"));
        // The unknown name stays an empty block.
        assert!(expand_references(md).contains("```sh use=b\n```"));
    }

    #[test]
    fn showing_blocks_again_is_bounded_and_the_rest_reported() {
        // A named block of 78 kB shown again five times: three fit the 256 KiB budget.
        let code = "RUN x\n".repeat(13_000);
        let md = format!(
            "```sh name=big\n{code}```\n\n{}",
            "```sh use=big\n```\n\n".repeat(5)
        );
        let expanded = expand_references(&md);
        assert_eq!(expanded.matches("RUN x").count(), 4 * 13_000);
        assert!(expanded.len() <= md.len() + SHOWN_AGAIN_MIN_BUDGET);
        let problems = reference_problems(&md);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("`use=big` is left empty"));
        // The first three of the five are filled; the reports point at the last two.
        let uses: Vec<usize> = md.match_indices("```sh use=big").map(|(i, _)| i).collect();
        assert_eq!(problems[0].offset, uses[3]);
        assert_eq!(problems[1].offset, uses[4]);
    }

    #[test]
    fn above_and_below_across_a_slide_break_are_problems() {
        let md = "## One\n\n```dockerfile\nFROM scratch\n```\n\n## Two\n\nIn the file above, the stage runs.\n\nSee below.\n\n---\n\nThe table below is short.\n\n| a |\n|---|\n| 1 |\n\nThe layers below it stay; ports below 1024 need root; above all, test.\n\n<!-- the note above is fine -->\n";
        let problems = reference_problems(md);
        let at: Vec<&str> = problems
            .iter()
            .map(|p| &md[p.offset..p.offset + 5])
            .collect();
        assert_eq!(at, ["above", "below"], "{problems:?}");
        assert_eq!(md[..problems[0].offset].matches('\n').count(), 8);
        assert!(problems[0].message.contains("another slide"));
        // On the same slide as the block, the same words are fine.
        let same = "## One\n\n```dockerfile\nFROM scratch\n```\n\nThe file above is short.\n";
        assert!(reference_problems(same).is_empty());
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
