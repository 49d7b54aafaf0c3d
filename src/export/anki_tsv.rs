//! Anki import file: header lines that tell Anki's text importer how to read it, then one note
//! per line, `front<TAB>back<TAB>tags<TAB>guid`.
//!
//! The headers: `#separator:tab`, `#html:true`, `#notetype:Basic`, `#deck:stagecraft`,
//! `#columns:Front<TAB>Back<TAB>Tags<TAB>GUID`, `#tags column:3` and `#guid column:4` (the
//! guid, `stagecraft-<question id>`, makes a second import update the notes instead of adding
//! copies). The fields are HTML built by [`super::anki_cards`]; this module only guarantees
//! that each stays on its line and in its column: no newline (dropped, since the HTML carries
//! its own `<br>`), no tab (`&#9;`), no control character (made visible), and never a leading
//! `"`, which would start a quoted field. Tags are separated by spaces, so spaces inside a tag
//! become `_`.

use std::io::{self, Write};

use crate::sanitize;

/// One note to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportCard {
    /// Question id (becomes the note's guid).
    pub id: String,
    /// Front of the note, as HTML.
    pub front: String,
    /// Back of the note, as HTML.
    pub back: String,
    /// Anki tags.
    pub tags: Vec<String>,
}

/// The note type the notes are for.
pub const NOTETYPE: &str = "Basic";
/// The deck they go to.
pub const DECK: &str = "stagecraft";

/// The header lines Anki's importer understands.
pub const HEADER: &str = "#separator:tab\n#html:true\n#notetype:Basic\n#deck:stagecraft\n\
                          #columns:Front\tBack\tTags\tGUID\n#tags column:3\n#guid column:4\n";

/// Writes the header and one line per card.
pub fn write_anki_tsv(cards: &[ExportCard], out: &mut dyn Write) -> io::Result<()> {
    out.write_all(HEADER.as_bytes())?;
    for card in cards {
        let tags: Vec<String> = card
            .tags
            .iter()
            .map(|tag| tag_field(tag))
            .filter(|tag| !tag.is_empty())
            .collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            one_line(&card.front),
            one_line(&card.back),
            tags.join(" "),
            note_guid(&card.id)
        )?;
    }
    Ok(())
}

/// The GUID of a question's note, `stagecraft-<question id>` (the same in the text export and
/// the package, so either updates notes the other made).
pub fn note_guid(question_id: &str) -> String {
    tag_field(&format!("stagecraft-{question_id}"))
}

/// The tags of a question's note: `stagecraft`, `stagecraft::<topic>`, the question's own
/// tags, and `leech` for a leech; each made safe, empty ones dropped.
pub fn note_tags(topic: &str, tags: &[String], leech: bool) -> Vec<String> {
    let mut all = vec!["stagecraft".to_owned(), format!("stagecraft::{topic}")];
    all.extend(tags.iter().cloned());
    if leech {
        all.push("leech".to_owned());
    }
    all.iter()
        .map(|tag| tag_field(tag))
        .filter(|tag| !tag.is_empty())
        .collect()
}

/// An HTML field on one line: controls visible, newlines dropped, tabs as `&#9;`, no leading
/// quote.
pub fn one_line(html: &str) -> String {
    let text = sanitize::inert(&html.replace(['\r', '\n'], "")).replace('\t', "&#9;");
    match text.strip_prefix('"') {
        Some(rest) => format!("&quot;{rest}"),
        None => text,
    }
}

/// Plain text as an HTML field: escaped, newlines as `<br>`, on one line.
pub fn html_field(text: &str) -> String {
    one_line(&super::anki_cards::escape(text).replace('\n', "<br>"))
}

/// Makes a tag safe: no whitespace (becomes `_`) and no control characters.
fn tag_field(tag: &str) -> String {
    sanitize::inert(tag.trim())
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(cards: &[ExportCard]) -> String {
        let mut out = Vec::new();
        write_anki_tsv(cards, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_anki_headers_and_four_columns() {
        let text = export(&[ExportCard {
            id: "q1".into(),
            front: "<p>Which base image has no shell?</p>".into(),
            back: "gcr.io/distroless/static".into(),
            tags: vec!["stagecraft".into(), "distroless".into()],
        }]);
        assert_eq!(
            text,
            "#separator:tab\n#html:true\n#notetype:Basic\n#deck:stagecraft\n\
             #columns:Front\tBack\tTags\tGUID\n#tags column:3\n#guid column:4\n\
             <p>Which base image has no shell?</p>\tgcr.io/distroless/static\tstagecraft distroless\tstagecraft-q1\n"
        );
    }

    #[test]
    fn fields_stay_on_their_line_and_column() {
        let text = export(&[ExportCard {
            id: "q 1".into(),
            front: "\"quoted\"\r\n<pre>a<br>b</pre>\tx".into(),
            back: html_field("line1\nline2\u{1b}[31m <tag>"),
            tags: vec!["multi stage".into(), " ".into(), "tab\tbed".into()],
        }]);
        let line = text.lines().last().unwrap();
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 4, "{line}");
        assert_eq!(columns[0], "&quot;quoted\"<pre>a<br>b</pre>&#9;x");
        assert_eq!(columns[1], "line1<br>line2\u{241b}[31m &lt;tag&gt;");
        assert_eq!(columns[2], "multi_stage tab_bed");
        assert_eq!(columns[3], "stagecraft-q_1");
        assert_eq!(text.lines().count(), 8);
    }
}
