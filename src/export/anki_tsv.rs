//! Anki import file: one note per line, `front<TAB>back<TAB>tags`, preceded by the header lines
//! Anki's importer reads (`#separator:tab`, `#html:true`, `#tags column:3`).
//!
//! Fields are HTML: text is HTML-escaped (so `<`, `&` and quotes survive and a field can never
//! start a quoted CSV field), newlines become `<br>`, tabs become `&#9;`, and control characters
//! are made visible with [`crate::sanitize::inert`]. Tags are separated by spaces, so spaces
//! inside a tag become `_`.

use std::io::{self, Write};

use crate::sanitize;

/// One question to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportCard {
    /// Question id (not written; used by callers for ordering and tests).
    pub id: String,
    /// Front of the note (the prompt).
    pub front: String,
    /// Back of the note (the answer and explanation).
    pub back: String,
    /// Anki tags.
    pub tags: Vec<String>,
}

/// The header lines Anki's importer understands.
pub const HEADER: &str = "#separator:tab\n#html:true\n#tags column:3\n";

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
            "{}\t{}\t{}",
            html_field(&card.front),
            html_field(&card.back),
            tags.join(" ")
        )?;
    }
    Ok(())
}

/// Escapes text for an HTML field on one line.
pub fn html_field(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = sanitize::inert(&text);
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
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
    fn writes_anki_headers_and_three_columns() {
        let text = export(&[ExportCard {
            id: "q1".into(),
            front: "Which base image has no shell?".into(),
            back: "gcr.io/distroless/static".into(),
            tags: vec!["stagecraft".into(), "distroless".into()],
        }]);
        assert_eq!(
            text,
            "#separator:tab\n#html:true\n#tags column:3\n\
             Which base image has no shell?\tgcr.io/distroless/static\tstagecraft distroless\n"
        );
    }

    #[test]
    fn escapes_html_tabs_newlines_and_controls() {
        let text = export(&[ExportCard {
            id: "q".into(),
            front: "FROM a AS b\r\nCOPY --from=b <src>\t\"x\" & 'y'".into(),
            back: "line1\nline2\u{1b}[31m".into(),
            tags: vec!["multi stage".into(), " ".into(), "tab\tbed".into()],
        }]);
        let line = text.lines().nth(3).unwrap();
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 3, "{line}");
        assert_eq!(
            columns[0],
            "FROM a AS b<br>COPY --from=b &lt;src&gt;&#9;&quot;x&quot; &amp; &#39;y&#39;"
        );
        assert_eq!(columns[1], "line1<br>line2\u{241b}[31m");
        assert_eq!(columns[2], "multi_stage tab_bed");
        assert_eq!(text.lines().count(), 4);
    }
}
