//! Heading anchors: how a lesson section is named in links such as `lesson-id#anchor`.

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

/// The anchor GitHub gives a heading: lower case, letters, digits, `-` and `_` kept, spaces
/// turned into `-`, everything else dropped.
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

/// The Markdown options every part of stagecraft parses with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// The headings of a document in order, with unique anchors (a repeat gets `-1`, `-2`, ...).
pub fn headings(markdown: &str) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut current: Option<(u8, String, usize)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let line = markdown[..range.start].matches('\n').count() + 1;
                current = Some((level_number(level), String::new(), line));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, buf, _)) = current.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, source_line)) = current.take() {
                    found.push((level, text, source_line));
                }
            }
            _ => {}
        }
    }
    let mut seen = std::collections::HashMap::<String, usize>::new();
    found
        .into_iter()
        .map(|(level, text, source_line)| {
            let base = slugify(&text);
            let count = seen.entry(base.clone()).or_insert(0);
            let anchor = if *count == 0 {
                base.clone()
            } else {
                format!("{base}-{count}")
            };
            *count += 1;
            Heading {
                level,
                text,
                anchor,
                source_line,
            }
        })
        .collect()
}

fn level_number(level: HeadingLevel) -> u8 {
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
    }

    #[test]
    fn headings_get_unique_anchors_and_lines() {
        let md = "# Title\n\ntext\n\n## Setup\n\n## Setup\n\n### `scratch` (empty)\n";
        let hs = headings(md);
        let anchors: Vec<_> = hs.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["title", "setup", "setup-1", "scratch-empty"]);
        assert_eq!(hs[1].source_line, 5);
        assert_eq!(hs[3].level, 3);
    }
}
