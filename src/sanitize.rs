//! Making untrusted text inert before it reaches a terminal.
//!
//! Lessons, questions and Dockerfiles come from content packs that anyone can write. A stray
//! `ESC` could move the cursor, retitle the window or, through OSC 52, write the clipboard. Every
//! piece of content text passes through [`inert`] before it is drawn or printed: C0 controls
//! (other than newline and tab), DEL, C1 controls and the bidi controls are replaced by visible
//! stand-ins, so the reader sees that something was there but the terminal never acts on it
//! and no text is shown reordered.

use std::borrow::Cow;

/// Returns `true` for a character that a terminal could interpret as a command.
///
/// Newline and tab are layout, not commands, and are left to the caller.
pub fn is_dangerous(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        // Bidirectional controls (every character with the Unicode property Bidi_Control:
        // the marks, embeddings, overrides and isolates) can make text read differently from
        // what it is.
        || matches!(
            c,
            '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// The visible stand-in for a dangerous character: the Unicode "control picture" for C0 and
/// DEL (`␛` for escape), and the replacement character for everything else.
pub fn stand_in(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Replaces every control character except `\n` and `\t` with a visible stand-in.
///
/// Borrows when the text is already clean, which is the common case.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_dangerous(c) { stand_in(c) } else { c })
            .collect(),
    )
}

/// Like [`inert`], and also turns newlines and tabs into spaces: for text that must stay on one
/// line, such as a title in a list.
pub fn inert_line(text: &str) -> String {
    inert(text)
        .chars()
        .map(|c| {
            if c == '\n' || c == '\t' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(inert("FROM scratch\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        let out = inert("a\u{1b}[31mred\u{1b}]52;c;aGk=\u{7}b");
        assert!(!out.chars().any(is_dangerous));
        assert_eq!(out, "a\u{241b}[31mred\u{241b}]52;c;aGk=\u{2407}b");
    }

    #[test]
    fn c1_and_bidi_controls_are_replaced() {
        let out = inert("x\u{9b}31m\u{202e}y");
        assert_eq!(out, "x\u{fffd}31m\u{fffd}y");
        let marks = inert("a\u{200e}b\u{200f}c\u{61c}d\u{2066}e\u{2069}");
        assert_eq!(marks, "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}");
    }

    #[test]
    fn newlines_and_tabs_survive_inert_but_not_inert_line() {
        assert_eq!(inert("a\n\tb"), "a\n\tb");
        assert_eq!(inert_line("a\n\tb"), "a  b");
    }
}
