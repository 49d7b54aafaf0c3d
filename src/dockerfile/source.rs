//! Physical lines of the source, and logical lines (an instruction with its continuation lines
//! joined) that remember where each of their characters came from.

use std::cell::Cell;

use super::model::Position;

/// Splits `src` into lines the way Docker does: on `\n` only, with trailing `\r`s removed. A
/// final newline does not start another line. A leading byte-order mark is dropped.
pub fn split_lines(src: &str) -> Vec<&str> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    if src.is_empty() {
        return Vec::new();
    }
    let body = src.strip_suffix('\n').unwrap_or(src);
    body.split('\n')
        .map(|line| line.trim_end_matches(['\r', '\n']))
        .collect()
}

/// Where a run of a logical line's text starts in the source.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Byte offset in the logical text.
    text_offset: usize,
    /// 0-based index of the physical line.
    line_index: usize,
    /// Byte offset in that physical line.
    line_offset: usize,
}

/// One instruction's text with its continuation lines joined, and a map back to positions.
#[derive(Debug)]
pub struct LogicalLine<'a> {
    /// The joined text.
    pub text: String,
    pieces: Vec<Piece>,
    lines: &'a [&'a str],
    /// Cache of the last column computed: (line index, byte offset, column), so that asking
    /// for positions left to right on a long line stays linear.
    last: Cell<(usize, usize, usize)>,
}

impl<'a> LogicalLine<'a> {
    /// An empty logical line over the given physical lines.
    pub fn new(lines: &'a [&'a str]) -> Self {
        LogicalLine {
            text: String::new(),
            pieces: Vec::new(),
            lines,
            last: Cell::new((usize::MAX, 0, 1)),
        }
    }

    /// Appends `part`, which starts at byte `line_offset` of physical line `line_index`.
    pub fn push(&mut self, part: &str, line_index: usize, line_offset: usize) {
        self.pieces.push(Piece {
            text_offset: self.text.len(),
            line_index,
            line_offset,
        });
        self.text.push_str(part);
    }

    /// The source position of byte `offset` of the joined text. An offset at the very end maps
    /// to just after the last character.
    pub fn position(&self, offset: usize) -> Position {
        let index = self
            .pieces
            .partition_point(|p| p.text_offset <= offset)
            .saturating_sub(1);
        let Some(piece) = self.pieces.get(index) else {
            return Position::new(1, 1);
        };
        let byte = piece.line_offset + (offset - piece.text_offset);
        let column = self.column(piece.line_index, byte);
        Position::new(piece.line_index + 1, column)
    }

    /// 1-based character column of byte `byte` in physical line `line_index`.
    fn column(&self, line_index: usize, byte: usize) -> usize {
        let line = self.lines.get(line_index).copied().unwrap_or("");
        let byte = byte.min(line.len());
        let (cached_line, cached_byte, cached_column) = self.last.get();
        let (from_byte, from_column) = if cached_line == line_index && cached_byte <= byte {
            (cached_byte, cached_column)
        } else {
            (0, 1)
        };
        let counted = line
            .get(from_byte..byte)
            .map(|s| s.chars().count())
            // Not on a character boundary: count every character that starts before `byte`.
            .unwrap_or_else(|| {
                line.char_indices()
                    .filter(|(i, _)| *i >= from_byte && *i < byte)
                    .count()
            });
        let column = from_column + counted;
        self.last.set((line_index, byte, column));
        column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_newlines_and_drops_carriage_returns_and_bom() {
        assert_eq!(
            split_lines("\u{feff}FROM a\r\nRUN b\r\n"),
            vec!["FROM a", "RUN b"]
        );
        assert_eq!(split_lines(""), Vec::<&str>::new());
        assert_eq!(split_lines("\n"), vec![""]);
        assert_eq!(split_lines("a\n\nb"), vec!["a", "", "b"]);
    }

    #[test]
    fn maps_offsets_back_to_lines_and_character_columns() {
        let lines = ["RUN é \\", "  next"];
        let mut logical = LogicalLine::new(&lines);
        logical.push("RUN é ", 0, 0);
        logical.push("  next", 1, 0);
        assert_eq!(logical.position(0), Position::new(1, 1));
        assert_eq!(logical.position(4), Position::new(1, 5));
        // After the two-byte é the column counts characters, not bytes.
        assert_eq!(logical.position(6), Position::new(1, 6));
        assert_eq!(logical.position(7), Position::new(2, 1));
        assert_eq!(
            logical.position(logical.text.find("next").unwrap_or(0)),
            Position::new(2, 3)
        );
        // Going backwards after the cache moved forward still gives the right answer.
        assert_eq!(logical.position(4), Position::new(1, 5));
    }
}
