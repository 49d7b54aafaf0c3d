//! Heading anchors: how a lesson section is named in links such as `lesson-id#anchor`.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A heading of a Markdown document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// The heading's plain text.
    pub text: String,
    /// The GitHub-style anchor, unique within the document.
    pub anchor: String,
    /// 1-based line of the heading in the Markdown source.
    pub source_line: usize,
}

/// The anchor GitHub gives a heading: lower case; letters, digits, `-` and `_` kept; spaces
/// turned into `-`; all other punctuation dropped.
pub fn slugify(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The Markdown extensions every part of stagecraft parses with: tables, footnotes,
/// strikethrough and task lists. Smart punctuation stays off so text is shown as written.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// `markdown` without a leading byte-order mark. Editors on Windows often save one; left in,
/// it is text, and a `# Title` after it is no longer a heading.
pub fn without_bom(markdown: &str) -> &str {
    markdown.strip_prefix('\u{feff}').unwrap_or(markdown)
}

/// Hands out unique anchors in document order: the first `setup` is `setup`, the next
/// `setup-1`, then `setup-2`, as GitHub does. A numbered anchor is never one already given:
/// after headings `a`, `a` and `a-1` the third is `a-1-1`, so every heading can be linked to
/// whatever its text.
#[derive(Debug, Default)]
pub struct Anchors {
    /// Every anchor handed out, with how many times a heading of exactly that slug has been
    /// renumbered (the next number to try).
    given: HashMap<String, usize>,
}

impl Anchors {
    /// The anchor for the next heading with this text.
    pub fn next(&mut self, heading_text: &str) -> String {
        let base = slugify(heading_text);
        let mut anchor = base.clone();
        // The counts only grow, so a run of equal headings costs one try each.
        while self.given.contains_key(&anchor) {
            let count = self.given.entry(base.clone()).or_insert(0);
            *count += 1;
            anchor = format!("{base}-{count}");
        }
        self.given.insert(anchor.clone(), 0);
        anchor
    }
}

/// The headings of a document in order, with unique anchors.
///
/// A heading's text is the text of its `Text` and `Code` events, so `` ## `COPY --from` ``
/// has the text `COPY --from` and the anchor `copy---from`.
pub fn headings(markdown: &str) -> Vec<Heading> {
    let markdown = without_bom(markdown);
    let mut found = Vec::new();
    let mut anchors = Anchors::default();
    let mut current: Option<(u8, String, usize)> = None;
    // Lines are counted incrementally: headings come in source order.
    let (mut counted_to, mut line) = (0, 1);
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if range.start >= counted_to {
                    line += markdown
                        .get(counted_to..range.start)
                        .map_or(0, |between| between.matches('\n').count());
                    counted_to = range.start;
                }
                current = Some((level_number(level), String::new(), line));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, buffer, _)) = current.as_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, source_line)) = current.take() {
                    let anchor = anchors.next(&text);
                    found.push(Heading {
                        level,
                        text,
                        anchor,
                        source_line,
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// 1 to 6 for a heading level.
pub fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slugify("What is inside?"), "what-is-inside");
        assert_eq!(slugify("`COPY --from` and `AS`"), "copy---from-and-as");
        assert_eq!(slugify("In an interview"), "in-an-interview");
        assert_eq!(slugify("snake_case & Co."), "snake_case--co");
        assert_eq!(slugify("Ünïcode Wörds 日本"), "ünïcode-wörds-日本");
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn repeated_anchors_get_numbered() {
        let mut anchors = Anchors::default();
        assert_eq!(anchors.next("Setup"), "setup");
        assert_eq!(anchors.next("Setup"), "setup-1");
        assert_eq!(anchors.next("setup"), "setup-2");
        assert_eq!(anchors.next("Other"), "other");
    }

    #[test]
    fn numbered_anchors_never_repeat_one_already_given() {
        let mut anchors = Anchors::default();
        let given: Vec<String> = ["a", "a", "a-1", "A", "a 1", "a-2", "", ""]
            .iter()
            .map(|text| anchors.next(text))
            .collect();
        assert_eq!(
            given,
            ["a", "a-1", "a-1-1", "a-2", "a-1-2", "a-2-1", "", "-1"]
        );
    }

    #[test]
    fn headings_get_unique_anchors_and_lines() {
        let md =
            "# Title\n\ntext\n\n## Setup\n\n## Setup\n\n### `scratch` (empty)\n\nSetext\n======\n";
        let hs = headings(md);
        let anchors: Vec<_> = hs.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(
            anchors,
            ["title", "setup", "setup-1", "scratch-empty", "setext"]
        );
        assert_eq!(hs[1].source_line, 5);
        assert_eq!(hs[3].level, 3);
        assert_eq!(hs[3].text, "scratch (empty)");
        assert_eq!(hs[4].source_line, 11);
    }

    #[test]
    fn no_headings_in_plain_text() {
        assert!(headings("just text\n\n    # indented code\n").is_empty());
    }
}
