//! The raw HTML that READMEs commonly use, reduced to what a terminal can show.
//!
//! A README centres its logo in `<div align="center">`, folds long sections into
//! `<details><summary>…</summary>…</details>`, writes keys as `<kbd>Ctrl</kbd>` and breaks
//! lines with `<br>`. Printing those tags as written buries the text in markup, so the tags in
//! [`role`] are interpreted: an image becomes its alt text, a line break a line break, a
//! summary a bold line, a key its text, and block tags such as `<div>` only separate lines.
//! HTML with any other tag is shown as written, since guessing at it could hide content.

use std::borrow::Cow;

use super::ast::{Inline, Marks};
use crate::sanitize::{inert, inert_line};

/// One tag, as far as it matters here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    /// Lowercase name.
    pub name: String,
    /// `</name>`.
    pub closing: bool,
    /// The `alt` attribute, for images.
    pub alt: Option<String>,
}

/// What a known tag does to the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// `<br>`: a line break.
    Break,
    /// `<img>`: its alt text in place of the picture.
    Image,
    /// `<div>`, `<p>`, `<details>`, `<center>`: starts and ends a line, adds nothing.
    Block,
    /// `<summary>`, `<h1>`…`<h6>`: a line of its own, formatted with the marks.
    BlockWith(Marks),
    /// `<b>`, `<kbd>`, `<s>`…: formatting for the text inside.
    Inline(Marks),
    /// `<a>`, `<span>`, `<picture>`…: only its content counts.
    Transparent,
    /// `<source>`, `<wbr>`: nothing to show.
    Hidden,
}

/// The role of a tag name, `None` for a tag that is not interpreted.
pub(crate) fn role(name: &str) -> Option<Role> {
    Some(match name {
        "br" => Role::Break,
        "img" => Role::Image,
        "div" | "p" | "details" | "center" => Role::Block,
        "summary" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Role::BlockWith(Marks::STRONG),
        "b" | "strong" => Role::Inline(Marks::STRONG),
        "i" | "em" => Role::Inline(Marks::EMPHASIS),
        "kbd" | "code" | "samp" => Role::Inline(Marks::CODE),
        "s" | "del" | "strike" => Role::Inline(Marks::STRIKE),
        "a" | "span" | "picture" | "sup" | "sub" | "small" | "u" | "ins" | "abbr" => {
            Role::Transparent
        }
        "source" | "wbr" => Role::Hidden,
        _ => return None,
    })
}

/// A piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Tag(Tag),
}

/// Splits `html` into tags and the text between them; `None` when something that starts
/// like a tag is not one (e.g. a `<` never closed), so that the caller shows it as written.
pub(crate) fn pieces(html: &str) -> Option<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        let (tag, len) = tag(&rest[start..])?;
        out.push(Piece::Tag(tag));
        rest = &rest[start + len..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Some(out)
}

/// The tag at the start of `text` (which starts with `<`) and its length in bytes.
pub(crate) fn tag(text: &str) -> Option<(Tag, usize)> {
    let body = text.strip_prefix('<')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(after) => (true, after),
        None => (false, body),
    };
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(body.len());
    if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = body[..name_len].to_ascii_lowercase();
    let mut attrs = &body[name_len..];
    let mut alt = None;
    loop {
        attrs = attrs.trim_start();
        if let Some(after) = attrs.strip_prefix("/>").or_else(|| attrs.strip_prefix('>')) {
            let len = text.len() - after.len();
            return Some((Tag { name, closing, alt }, len));
        }
        let key_len = attrs
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/' | '"' | '\'' | '<'))?;
        if key_len == 0 {
            return None;
        }
        let key = attrs[..key_len].to_ascii_lowercase();
        attrs = attrs[key_len..].trim_start();
        let Some(after_equals) = attrs.strip_prefix('=') else {
            continue;
        };
        let after_equals = after_equals.trim_start();
        let (value, after) = match after_equals.chars().next()? {
            quote @ ('"' | '\'') => {
                let inner = &after_equals[1..];
                let end = inner.find(quote)?;
                (&inner[..end], &inner[end + 1..])
            }
            _ => {
                let end = after_equals
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(after_equals.len());
                after_equals.split_at(end)
            }
        };
        if key == "alt" {
            alt = Some(decode_entities(value).into_owned());
        }
        attrs = after;
    }
}

/// The text an image shows: `[image: alt]`, or `[image]` without alt text (as for Markdown
/// images).
pub(crate) fn image_text(alt: Option<&str>) -> String {
    match alt.map(|alt| inert_line(alt.trim())) {
        Some(alt) if !alt.is_empty() => format!("[image: {alt}]"),
        _ => "[image]".to_owned(),
    }
}

/// An HTML block made only of interpreted tags, as inline content with line breaks; `None`
/// when it holds another tag and is to be shown as written. Text is decoded (`&amp;`) and made
/// inert, and white space collapses as in a browser. A block that shows nothing (`</div>`)
/// gives no inlines.
pub(crate) fn reduce_block(html: &str) -> Option<Vec<Inline>> {
    let pieces = pieces(html)?;
    let mut lines: Vec<Vec<Inline>> = Vec::new();
    let mut line: Vec<Inline> = Vec::new();
    let mut marks: Vec<(String, Marks)> = Vec::new();
    let current =
        |marks: &[(String, Marks)]| marks.iter().fold(Marks::NONE, |all, (_, m)| all.union(*m));
    let end_line = |lines: &mut Vec<Vec<Inline>>, line: &mut Vec<Inline>, always: bool| {
        let finished = trim(std::mem::take(line));
        if always || !finished.is_empty() {
            lines.push(finished);
        }
    };
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                let text = decode_entities(text);
                let collapsed = collapse_spaces(&text);
                if !collapsed.is_empty() {
                    line.push(Inline::Text {
                        text: inert(&collapsed).into_owned(),
                        marks: current(&marks),
                        link: None,
                    });
                }
            }
            Piece::Tag(tag) => match role(&tag.name)? {
                Role::Break => end_line(&mut lines, &mut line, true),
                Role::Image => {
                    if !tag.closing {
                        line.push(Inline::Text {
                            text: image_text(tag.alt.as_deref()),
                            marks: current(&marks).union(Marks::IMAGE),
                            link: None,
                        });
                    }
                }
                Role::Block => end_line(&mut lines, &mut line, false),
                Role::BlockWith(with) => {
                    end_line(&mut lines, &mut line, false);
                    toggle(&mut marks, &tag, with);
                }
                Role::Inline(with) => {
                    let strike = with == Marks::STRIKE;
                    if strike && tag.closing {
                        line.push(delimiter(current(&marks)));
                    }
                    toggle(&mut marks, &tag, with);
                    if strike && !tag.closing {
                        line.push(delimiter(current(&marks)));
                    }
                }
                Role::Transparent | Role::Hidden => {}
            },
        }
    }
    end_line(&mut lines, &mut line, false);
    while lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let mut out = Vec::new();
    for (index, line) in lines.into_iter().skip(first).enumerate() {
        if index > 0 {
            out.push(Inline::HardBreak);
        }
        out.extend(line);
    }
    Some(out)
}

/// The `~~` shown around struck-through text without colour.
pub(crate) fn delimiter(marks: Marks) -> Inline {
    Inline::Text {
        text: "~~".to_owned(),
        marks: marks.union(Marks::DELIMITER),
        link: None,
    }
}

/// Opens (pushes) or closes (removes the innermost open) formatting of a tag.
pub(crate) fn toggle(marks: &mut Vec<(String, Marks)>, tag: &Tag, with: Marks) {
    if tag.closing {
        if let Some(open) = marks.iter().rposition(|(name, _)| *name == tag.name) {
            marks.remove(open);
        }
    } else {
        marks.push((tag.name.clone(), with));
    }
}

/// The line without white space at its ends; empty when it shows nothing.
fn trim(mut line: Vec<Inline>) -> Vec<Inline> {
    let visible = |inline: &Inline| match inline {
        Inline::Text { text, marks, .. } => {
            !text.trim().is_empty() && !marks.contains(Marks::DELIMITER)
        }
        Inline::HardBreak => false,
    };
    if !line.iter().any(visible) {
        return Vec::new();
    }
    if let Some(Inline::Text { text, .. }) = line.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text, .. }) = line.last_mut() {
        *text = text.trim_end().to_owned();
    }
    line.retain(|inline| !matches!(inline, Inline::Text { text, .. } if text.is_empty()));
    line
}

/// Runs of white space (newlines included) as one space.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Decodes the character references READMEs use: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`,
/// `&nbsp;` and numeric ones. Anything else stays as written.
pub(crate) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    Some(char::from_u32(code).unwrap_or('\u{fffd}'))
                }
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::markdown::ast::plain_text as text_of;

    #[test]
    fn tags_with_attributes() {
        let (tag, len) = tag(r#"<img src="a.png" alt='The "logo"' width=200/> after"#).unwrap();
        assert_eq!(tag.name, "img");
        assert_eq!(tag.alt.as_deref(), Some("The \"logo\""));
        assert!(!tag.closing);
        assert_eq!(len, 45);
        let (tag, _) = super::tag("</DETAILS >").unwrap();
        assert_eq!((tag.name.as_str(), tag.closing), ("details", true));
        assert_eq!(super::tag("<details open>").unwrap().0.name, "details");
        assert!(super::tag("< b>").is_none());
        assert!(super::tag("<b unclosed=\"x>").is_none());
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#65;&#x42; &unknown; & x"),
            "a & b <c> AB &unknown; & x"
        );
    }

    #[test]
    fn a_centred_logo_is_its_alt_text() {
        let inlines = reduce_block(
            "<div align=\"center\">\n  <img src=\"logo.png\" alt=\"Stagecraft\" width=\"120\">\n</div>\n",
        )
        .unwrap();
        assert_eq!(text_of(&inlines), "[image: Stagecraft]");
    }

    #[test]
    fn summary_is_a_bold_line() {
        let inlines = reduce_block("<details>\n<summary>More <i>details</i></summary>\n").unwrap();
        assert_eq!(text_of(&inlines), "More details");
        let Inline::Text { marks, .. } = &inlines[1] else {
            panic!("{inlines:?}");
        };
        assert!(marks.contains(Marks::STRONG) && marks.contains(Marks::EMPHASIS));
    }

    #[test]
    fn blocks_and_breaks_make_lines() {
        let inlines =
            reduce_block("<p align=\"center\">one &amp; two<br>three<br/>\n<b>four</b></p>\n")
                .unwrap();
        assert_eq!(text_of(&inlines), "one & two\nthree\nfour");
    }

    #[test]
    fn blocks_that_show_nothing_are_empty() {
        assert_eq!(reduce_block("</details>\n"), Some(Vec::new()));
        assert_eq!(reduce_block("<div align=\"right\">\n"), Some(Vec::new()));
    }

    #[test]
    fn unknown_tags_leave_the_block_as_written() {
        assert_eq!(reduce_block("<table><tr><td>x</td></tr></table>"), None);
        assert_eq!(reduce_block("<div>a < b</div>"), None);
    }

    #[test]
    fn decoded_control_characters_are_inert() {
        let inlines = reduce_block("<p>a&#27;[2Jb</p>").unwrap();
        assert!(!text_of(&inlines).chars().any(crate::sanitize::is_dangerous));
    }
}
