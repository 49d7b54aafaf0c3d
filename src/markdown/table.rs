//! Tables: columns sized to their content, shrunk and wrapped when the width is short, and
//! stacked as `header: value` lines when a grid would not fit without breaking words.
//!
//! The output stays proportional to what the table holds, whatever its shape: a grid pads
//! every row to every column, so a table with more than [`MAX_GRID_CELLS`] cells is stacked;
//! the stacked form shows only the cells a row has, and a header's label at most
//! [`MAX_LABEL`] columns wide (it is repeated on every row).

use pulldown_cmark::Alignment;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::ast::{Cell, Inline, Marks};
use super::render::styled_line;
use super::theme::Theme;
use super::width::{clusters, grapheme_width, line_width};
use super::wrap::{self, LinkPos, Wrapped};

/// The narrowest a column is made before the table is stacked instead.
const MIN_COLUMN: usize = 3;

/// Words up to this width are never broken inside a grid: the table is stacked instead.
/// Longer words (URLs, image names) are broken either way.
const KEEP_WORDS: usize = 16;

/// The most cells (rows times columns, with the cells ragged rows leave out) laid out as a
/// grid. Beyond this a 300-column header over thousands of one-cell rows would be padded into
/// hundreds of times more lines than the Markdown has; no table written to be read is that big.
const MAX_GRID_CELLS: usize = 20_000;

/// The widest a header is repeated as the label of a stacked cell, in columns; a longer header
/// is cut with an ellipsis.
const MAX_LABEL: usize = 40;

/// Lays out a table for `width` columns.
pub(crate) fn layout(
    aligns: &[Alignment],
    head: &[Cell],
    rows: &[Vec<Cell>],
    width: usize,
    theme: Theme,
) -> Wrapped {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([aligns.len(), head.len()])
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return Wrapped::default();
    }
    let grid_cells = rows.len().saturating_add(1).saturating_mul(columns);
    let widths = (grid_cells <= MAX_GRID_CELLS)
        .then(|| column_widths(head, rows, columns, width, theme))
        .flatten();
    match widths {
        Some(widths) => grid(aligns, head, rows, &widths, theme),
        None => stacked(head, rows, columns, width, theme),
    }
}

/// Column content widths that fit `width` with borders, or `None` when they cannot be at
/// least [`MIN_COLUMN`] wide or would have to break a word of up to [`KEEP_WORDS`] columns.
fn column_widths(
    head: &[Cell],
    rows: &[Vec<Cell>],
    columns: usize,
    width: usize,
    theme: Theme,
) -> Option<Vec<usize>> {
    let chrome = 3 * columns + 1;
    let available = width.checked_sub(chrome)?;
    if available < MIN_COLUMN * columns {
        return None;
    }
    let mut natural = vec![1; columns];
    let mut longest_word = vec![1; columns];
    for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
        for (column, cell) in row.iter().enumerate().take(columns) {
            let (n, w) = wrap::measure(cell, theme);
            natural[column] = natural[column].max(n);
            longest_word[column] = longest_word[column].max(w);
        }
    }
    // Shrink the widest columns first, sparing words; if that cannot fit, spare nothing.
    let word_floor: Vec<usize> = (0..columns)
        .map(|c| longest_word[c].min(natural[c]))
        .collect();
    let min_floor: Vec<usize> = natural.iter().map(|&n| n.min(MIN_COLUMN)).collect();
    let widths = water_fill(&natural, &word_floor, available)
        .or_else(|| water_fill(&natural, &min_floor, available))?;
    let breaks_words = (0..columns).any(|c| widths[c] < longest_word[c].min(KEEP_WORDS));
    (!breaks_words).then_some(widths)
}

/// Widths `clamp(cap, floor, natural)` for the largest cap whose total fits `available`, with
/// the columns at the cap given one more column each, left to right, while room remains.
/// `None` when even the floors do not fit.
fn water_fill(natural: &[usize], floor: &[usize], available: usize) -> Option<Vec<usize>> {
    let at = |cap: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(floor)
            .map(|(&n, &f)| cap.clamp(f.min(n), n))
            .collect()
    };
    if at(0).iter().sum::<usize>() > available {
        return None;
    }
    let (mut low, mut high) = (0, natural.iter().copied().max().unwrap_or(0));
    while low < high {
        let mid = low + (high - low).div_ceil(2);
        if at(mid).iter().sum::<usize>() <= available {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let mut widths = at(low);
    let mut spare = available - widths.iter().sum::<usize>();
    for (width, &n) in widths.iter_mut().zip(natural) {
        if spare == 0 {
            break;
        }
        if *width == low && *width < n {
            *width += 1;
            spare -= 1;
        }
    }
    Some(widths)
}

fn cell(row: &[Cell], column: usize) -> &[Inline] {
    row.get(column).map_or(&[], Vec::as_slice)
}

/// A bordered grid.
fn grid(
    aligns: &[Alignment],
    head: &[Cell],
    rows: &[Vec<Cell>],
    widths: &[usize],
    theme: Theme,
) -> Wrapped {
    let border = theme.decoration();
    let rule = |left: &str, middle: &str, right: &str| {
        let inner: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
        Line::from(Span::styled(
            format!("{left}{}{right}", inner.join(middle)),
            border,
        ))
    };
    let mut out = Wrapped::default();
    out.lines.push(rule("┌", "┬", "┐"));
    let wrapped_rows: Vec<Vec<Wrapped>> = rows
        .iter()
        .map(|row| wrap_row(row, widths, theme, Style::new()))
        .collect();
    let multi_line = wrapped_rows
        .iter()
        .any(|row| row.iter().any(|cell| cell.lines.len() > 1));
    let head_cells = wrap_row(head, widths, theme, theme.table_header());
    emit_row(&mut out, head_cells, aligns, widths, border);
    out.lines.push(rule("├", "┼", "┤"));
    let count = wrapped_rows.len();
    for (index, row) in wrapped_rows.into_iter().enumerate() {
        emit_row(&mut out, row, aligns, widths, border);
        if multi_line && index + 1 < count {
            out.lines.push(rule("├", "┼", "┤"));
        }
    }
    out.lines.push(rule("└", "┴", "┘"));
    out
}

fn wrap_row(row: &[Cell], widths: &[usize], theme: Theme, base: Style) -> Vec<Wrapped> {
    widths
        .iter()
        .enumerate()
        .map(|(column, &width)| wrap::wrap(cell(row, column), width, theme, base))
        .collect()
}

/// Appends the lines of one row of wrapped cells, aligned, between borders.
fn emit_row(
    out: &mut Wrapped,
    cells: Vec<Wrapped>,
    aligns: &[Alignment],
    widths: &[usize],
    border: Style,
) {
    let height = cells
        .iter()
        .map(|c| c.lines.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let first_line = out.lines.len();
    let mut rows: Vec<Vec<Span<'static>>> = vec![vec![Span::styled("│", border)]; height];
    let mut column_start = 1;
    for (column, cell) in cells.into_iter().enumerate() {
        let width = widths[column];
        let align = aligns.get(column).copied().unwrap_or(Alignment::None);
        let mut offsets = vec![0; height];
        let mut lines = cell.lines.into_iter();
        for (spans, offset) in rows.iter_mut().zip(offsets.iter_mut()) {
            let line = lines.next().unwrap_or_default();
            let free = width.saturating_sub(line_width(&line));
            let (left, right) = match align {
                Alignment::Right => (free, 0),
                Alignment::Center => (free / 2, free - free / 2),
                Alignment::Left | Alignment::None => (0, free),
            };
            *offset = column_start + 1 + left;
            spans.push(Span::raw(" ".repeat(1 + left)));
            spans.extend(line.spans);
            spans.push(Span::raw(" ".repeat(right + 1)));
            spans.push(Span::styled("│", border));
        }
        for pos in cell.links {
            out.links.push(LinkPos {
                line: first_line + pos.line,
                start: pos.start + offsets[pos.line],
                end: pos.end + offsets[pos.line],
                ..pos
            });
        }
        column_start += width + 3;
    }
    out.lines.extend(rows.into_iter().map(Line::from));
}

/// One `header: value` paragraph per cell a row has (empty cells and the cells a ragged row
/// leaves out are not shown), rows separated by a rule.
fn stacked(
    head: &[Cell],
    rows: &[Vec<Cell>],
    columns: usize,
    width: usize,
    theme: Theme,
) -> Wrapped {
    let mut out = Wrapped::default();
    let labels: Vec<Vec<Inline>> = (0..columns).map(|c| label(cell(head, c), theme)).collect();
    let append = |out: &mut Wrapped, inlines: &[Inline]| {
        let wrapped = wrap::wrap(inlines, width, theme, Style::new());
        let offset = out.lines.len();
        out.links
            .extend(wrapped.links.into_iter().map(|pos| LinkPos {
                line: pos.line + offset,
                ..pos
            }));
        out.lines.extend(wrapped.lines);
    };
    if rows.is_empty() {
        for column in 0..columns {
            append(&mut out, cell(head, column));
        }
        return out;
    }
    let mut first = true;
    for row in rows {
        let shown: Vec<(usize, &Cell)> = row
            .iter()
            .enumerate()
            .take(columns)
            .filter(|(_, value)| !value.is_empty())
            .collect();
        if shown.is_empty() {
            continue;
        }
        if !first {
            out.lines
                .push(styled_line("─".repeat(width.min(8)), theme.decoration()));
        }
        first = false;
        for (column, value) in shown {
            let mut inlines = labels[column].clone();
            inlines.extend(value.iter().cloned());
            append(&mut out, &inlines);
        }
    }
    out
}

/// The label a header cell gives its column's values when stacked: the header in bold and
/// `: `, cut to [`MAX_LABEL`] columns; nothing for an empty header.
fn label(header: &[Inline], theme: Theme) -> Vec<Inline> {
    if header.is_empty() {
        return Vec::new();
    }
    let mut inlines: Vec<Inline> = if wrap::measure(header, theme).0 <= MAX_LABEL {
        header
            .iter()
            .map(|inline| match inline {
                Inline::Text { text, marks, link } => Inline::Text {
                    text: text.clone(),
                    marks: marks.union(Marks::STRONG),
                    link: *link,
                },
                other => other.clone(),
            })
            .collect()
    } else {
        vec![Inline::Text {
            text: cut(&header_text(header), MAX_LABEL),
            marks: Marks::STRONG,
            link: None,
        }]
    };
    inlines.push(Inline::Text {
        text: ": ".to_owned(),
        marks: Marks::STRONG,
        link: None,
    });
    inlines
}

/// What a header says, without the markup shown only in plain output and without link URLs.
fn header_text(header: &[Inline]) -> String {
    header
        .iter()
        .map(|inline| match inline {
            Inline::Text { marks, .. }
                if marks.contains(Marks::DELIMITER) || marks.contains(Marks::URL) =>
            {
                ""
            }
            Inline::Text { text, .. } => text.as_str(),
            Inline::HardBreak => " ",
        })
        .collect()
}

/// `text` on one line, cut between grapheme clusters to at most `width` columns with `…`.
fn cut(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for grapheme in clusters(text) {
        let grapheme = if grapheme.chars().all(char::is_whitespace) {
            " "
        } else {
            grapheme
        };
        let w = grapheme_width(grapheme);
        if used + w + 1 > width {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Document;
    use crate::markdown::ast::Block;

    fn table_of(md: &str, width: usize) -> Vec<String> {
        let doc = Document::parse(md);
        let Some(Block::Table { aligns, head, rows }) = doc.blocks.first() else {
            panic!("not a table: {md}");
        };
        layout(aligns, head, rows, width, Theme::new(false))
            .lines
            .iter()
            .map(|l| l.to_string())
            .collect()
    }

    const TABLE: &str = "| Left | Centre | Right |\n|:-----|:------:|------:|\n| a | b | c |\n| longer text | mid | 42 |\n";

    #[test]
    fn aligns_columns() {
        let lines = table_of(TABLE, 80);
        assert_eq!(
            lines,
            [
                "┌─────────────┬────────┬───────┐",
                "│ Left        │ Centre │ Right │",
                "├─────────────┼────────┼───────┤",
                "│ a           │   b    │     c │",
                "│ longer text │  mid   │    42 │",
                "└─────────────┴────────┴───────┘",
            ]
        );
    }

    #[test]
    fn shrinks_and_wraps_when_narrow() {
        let lines = table_of(TABLE, 28);
        assert!(
            lines
                .iter()
                .all(|l| crate::markdown::width::str_width(l) <= 28),
            "{lines:#?}"
        );
        assert!(lines.iter().any(|l| l.contains("│ longer ")), "{lines:#?}");
        assert!(lines.iter().any(|l| l.contains("│ text ")), "{lines:#?}");
    }

    #[test]
    fn stacks_when_columns_cannot_fit() {
        let lines = table_of(TABLE, 12);
        assert_eq!(
            lines,
            [
                "Left: a",
                "Centre: b",
                "Right: c",
                "────────",
                "Left: longer",
                "text",
                "Centre: mid",
                "Right: 42",
            ]
        );
    }

    #[test]
    fn water_fill_shrinks_the_widest_first() {
        assert_eq!(
            water_fill(&[10, 4, 30], &[1, 1, 1], 20),
            Some(vec![8, 4, 8])
        );
        assert_eq!(
            water_fill(&[10, 4, 30], &[1, 1, 12], 20),
            Some(vec![4, 4, 12])
        );
        assert_eq!(water_fill(&[10, 4, 30], &[9, 4, 12], 20), None);
        assert_eq!(water_fill(&[5, 5], &[1, 1], 20), Some(vec![5, 5]));
        assert_eq!(water_fill(&[9, 9], &[1, 1], 9), Some(vec![5, 4]));
    }

    #[test]
    fn stacked_rows_show_only_the_cells_they_have() {
        let md = "| a | b | c |\n|---|---|---|\n| 1 |\n| | 2 |\n| |\n| 3 | | 4 |\n";
        assert_eq!(
            table_of(md, 12),
            ["a: 1", "────────", "b: 2", "────────", "a: 3", "c: 4"]
        );
    }

    #[test]
    fn long_headers_are_cut_where_they_repeat() {
        let header = "abcdefghijklmnopq ".repeat(5);
        let md = format!("| {header} | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
        let lines = table_of(&md, 20);
        assert_eq!(lines.len(), 9, "{lines:#?}");
        assert_eq!(
            lines[..3].join(" "),
            "abcdefghijklmnopq abcdefghijklmnopq abc…: 1"
        );
    }

    #[test]
    fn huge_tables_are_stacked_not_padded() {
        let md = format!("| a | b |\n|---|---|\n{}", "| 1 |\n".repeat(MAX_GRID_CELLS));
        let lines = table_of(&md, 80);
        assert_eq!(lines[0], "a: 1");
        assert_eq!(lines.len(), 2 * MAX_GRID_CELLS - 1);
        let small = format!("| a | b |\n|---|---|\n{}", "| 1 |\n".repeat(100));
        assert!(table_of(&small, 80)[0].starts_with('┌'));
    }

    #[test]
    fn ragged_rows_are_padded() {
        let lines = table_of("| a | b |\n|---|---|\n| 1 |\n", 40);
        assert_eq!(lines[3], "│ 1 │   │");
    }
}
