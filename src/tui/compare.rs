//! The typed-answer comparison shown after a wrong typed answer: what the learner typed over
//! the closest accepted answer, with the characters that differ marked. The marks are a row
//! of `^` under each line, so the comparison reads the same without colour (NO_COLOR); with
//! colour the differing characters are also coloured and underlined.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::theme::Theme;
use crate::content::grade::{Segment, answer_diff};
use crate::sanitize::inert_line;

/// The labels before each line, padded to one width.
const TYPED: &str = "yours:  ";
const EXPECTED: &str = "answer: ";

/// The narrowest room given to the text after a label, however narrow the view.
const MIN_ROOM: usize = 8;

/// Lines comparing `typed` with `expected` for a view `width` columns wide: `yours:` and
/// `answer:` rows (cut into pieces that fit, each piece followed by its marks when it has
/// any), then a one-line legend.
pub fn comparison(typed: &str, expected: &str, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let diff = answer_diff(typed, expected);
    let room = usize::from(width).saturating_sub(TYPED.len()).max(MIN_ROOM);
    let mut lines = rows(TYPED, &diff.typed, room, theme.error(), theme);
    lines.extend(rows(EXPECTED, &diff.expected, room, theme.success(), theme));
    lines.push(Line::styled(
        "^ marks where your answer and the accepted one differ",
        theme.dim(),
    ));
    lines
}

/// One side of the comparison: the text in pieces of at most `room` columns after `label`,
/// each piece with a row of `^` under its differing characters.
fn rows(
    label: &'static str,
    segments: &[Segment],
    room: usize,
    differs: Style,
    theme: Theme,
) -> Vec<Line<'static>> {
    // Every character with whether it differs, made inert first (a control character becomes
    // a visible stand-in of its own width).
    let chars: Vec<(char, bool)> = segments
        .iter()
        .flat_map(|s| {
            inert_line(&s.text)
                .chars()
                .map(|c| (c, !s.same))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut pieces: Vec<Vec<(char, bool)>> = vec![Vec::new()];
    let mut used = 0;
    for (c, marked) in chars {
        let w = c.width().unwrap_or(0);
        if used + w > room && used > 0 {
            pieces.push(Vec::new());
            used = 0;
        }
        used += w;
        if let Some(piece) = pieces.last_mut() {
            piece.push((c, marked));
        }
    }
    let pad = " ".repeat(label.len());
    let mut lines = Vec::new();
    for (i, piece) in pieces.into_iter().enumerate() {
        let mut spans = vec![Span::styled(
            if i == 0 {
                label.to_owned()
            } else {
                pad.clone()
            },
            theme.dim(),
        )];
        let mut marks = pad.clone();
        for (marked, run) in runs(&piece) {
            let text: String = run.iter().collect();
            let w: usize = run.iter().map(|c| c.width().unwrap_or(0)).sum();
            marks.push_str(&if marked { "^" } else { " " }.repeat(w));
            spans.push(if marked {
                Span::styled(text, differs.add_modifier(Modifier::UNDERLINED))
            } else {
                Span::raw(text)
            });
        }
        lines.push(Line::from(spans));
        if piece.iter().any(|&(_, marked)| marked) {
            lines.push(Line::styled(marks.trim_end().to_owned(), differs));
        }
    }
    lines
}

/// The characters of a piece grouped into runs that are all marked or all unmarked.
fn runs(piece: &[(char, bool)]) -> Vec<(bool, Vec<char>)> {
    let mut out: Vec<(bool, Vec<char>)> = Vec::new();
    for &(c, marked) in piece {
        match out.last_mut() {
            Some((m, run)) if *m == marked => run.push(c),
            _ => out.push((marked, vec![c])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn the_differing_characters_are_marked_under_each_side() {
        let lines = plain(&comparison(
            "doker buld",
            "docker build",
            60,
            Theme::new(false),
        ));
        assert_eq!(
            lines,
            [
                "yours:  doker buld",
                "answer: docker build",
                "          ^      ^",
                "^ marks where your answer and the accepted one differ",
            ]
        );
    }

    #[test]
    fn extra_characters_in_the_typed_answer_are_marked_on_its_line() {
        let lines = plain(&comparison("--targets", "--target", 60, Theme::new(false)));
        assert_eq!(lines[0], "yours:  --targets");
        assert_eq!(lines[1], "                ^");
        assert_eq!(lines[2], "answer: --target");
    }

    #[test]
    fn long_answers_are_cut_into_pieces_each_with_its_marks() {
        let lines = plain(&comparison(
            "abcdefghijXk",
            "abcdefghijk",
            16,
            Theme::new(false),
        ));
        assert_eq!(lines[0], "yours:  abcdefgh");
        assert_eq!(lines[1], "        ijXk");
        assert_eq!(lines[2], "          ^");
        assert_eq!(lines[3], "answer: abcdefgh");
        assert_eq!(lines[4], "        ijk");
    }

    #[test]
    fn control_characters_are_shown_inert() {
        let lines = plain(&comparison("a\u{1b}[2Jb", "ab", 60, Theme::new(false)));
        assert!(!lines[0].contains('\u{1b}'), "{lines:?}");
        assert!(lines[0].contains('␛'), "{lines:?}");
    }
}
