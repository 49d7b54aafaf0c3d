//! The card browser's columns, fitted to the width of the list.
//!
//! Each column is as wide as it needs: its name or its widest cell among the listed cards,
//! whichever is wider. The sorted column is always shown, its name marked `↑` (lowest, soonest
//! or A first) or `↓` (highest first); the others follow in [`PRIORITY`], each shown if it
//! fits whole beside the id's [`ID_MIN`] columns, else left out: a figure is never cut to `…`.
//! The id column gets what is left, up to its longest id. The header and every row come from
//! the same [`Columns`], so they always agree.

use crate::commands::cards::{CardRow, Column, SortKey};
use crate::markdown::width::str_width;
use crate::tui::widgets::ellipsis;

/// The columns after the id, the most useful first (the last ones are the first left out
/// when the row is narrow): the due day, the state, retrievability, the topic, the interval,
/// the lapses and answers, then the memory model's stability and difficulty (the opened card
/// shows them).
pub const PRIORITY: [Column; 9] = [
    Column::Due,
    Column::State,
    Column::Retrievability,
    Column::Topic,
    Column::Interval,
    Column::Lapses,
    Column::Reviews,
    Column::Stability,
    Column::Difficulty,
];

/// Other columns are shown only while the id column keeps this many (or its longest id, if
/// shorter).
pub const ID_MIN: usize = 24;

/// The mark (`✓` or a space) and the space after it, before the id.
const MARK: usize = 2;

/// A column's short name in the browser's header.
fn short_name(column: Column) -> &'static str {
    match column {
        Column::Id => "id",
        Column::Topic => "topic",
        Column::State => "state",
        Column::Due => "due",
        Column::Interval => "ivl",
        Column::Stability => "stab",
        Column::Difficulty => "diff",
        Column::Retrievability => "R",
        Column::Lapses => "lap",
        Column::Reviews => "rev",
    }
}

/// The columns shown and their widths, the id first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    shown: Vec<(Column, usize)>,
    sort: SortKey,
}

impl Columns {
    /// The columns of `rows` sorted by `sort`, for a row `width` columns wide (the mark
    /// included).
    pub fn fit(rows: &[CardRow], sort: SortKey, width: usize) -> Self {
        let sorted = sort.column();
        // Each column's width, measured once: its name or its widest cell.
        let needs = Column::ALL.map(|column| {
            rows.iter()
                .map(|row| str_width(&column.cell(row)))
                .fold(str_width(&name(column, sort)), usize::max)
        });
        let need = |column: Column| {
            Column::ALL
                .iter()
                .zip(needs)
                .find_map(|(&c, width)| (c == column).then_some(width))
                .unwrap_or(0)
        };
        let id_need = need(Column::Id);
        // The room for the other columns, a space before each, once the id has its minimum.
        let room = width.saturating_sub(MARK + ID_MIN.min(id_need));
        let mut kept: Vec<Column> = Vec::new();
        let mut used = 0;
        if sorted != Column::Id {
            kept.push(sorted);
            used += need(sorted) + 1;
        }
        for column in PRIORITY {
            let cost = need(column) + 1;
            if column != sorted && used + cost <= room {
                kept.push(column);
                used += cost;
            }
        }
        let id_width = width.saturating_sub(MARK + used).min(id_need);
        let mut shown = vec![(Column::Id, id_width)];
        shown.extend(
            Column::ALL[1..]
                .iter()
                .filter(|column| kept.contains(column))
                .map(|&column| (column, need(column))),
        );
        Self { shown, sort }
    }

    /// The column names, each over its column.
    pub fn header(&self) -> String {
        self.line(" ", |column| name(column, self.sort))
    }

    /// A card's row, after its mark.
    pub fn row(&self, row: &CardRow, marked: bool) -> String {
        self.line(if marked { "✓" } else { " " }, |column| column.cell(row))
    }

    fn line(&self, mark: &str, cell: impl Fn(Column) -> String) -> String {
        let mut text = format!("{mark} ");
        for (i, &(column, width)) in self.shown.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            // Only the id is ever cut: every other column is as wide as its widest cell.
            let value = ellipsis(&cell(column), width);
            let pad = " ".repeat(width.saturating_sub(str_width(&value)));
            if column.is_figure() {
                text.push_str(&pad);
                text.push_str(&value);
            } else {
                text.push_str(&value);
                text.push_str(&pad);
            }
        }
        text
    }
}

/// A column's name, with the sort direction when it is the sorted column.
fn name(column: Column, sort: SortKey) -> String {
    let short = short_name(column);
    if column != sort.column() {
        short.to_owned()
    } else if sort.descending() {
        format!("{short}↓")
    } else {
        format!("{short}↑")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::Phase;

    /// A reviewed card with a long id, a long topic and figures as wide as they come.
    fn reviewed(id: &str) -> CardRow {
        CardRow {
            id: id.to_owned(),
            topic: "language-shrinking".to_owned(),
            phase: Phase::Relearning,
            suspended: false,
            buried: false,
            leech: false,
            due: None,
            due_day: Some("2026-12-24".to_owned()),
            interval_days: Some(365),
            stability: Some(123.4),
            difficulty: Some(10.0),
            retrievability: Some(0.875),
            lapses: 12,
            reviews: 140,
        }
    }

    /// The columns shown, in order, the id first.
    fn shown(columns: &Columns) -> Vec<Column> {
        columns.shown.iter().map(|&(column, _)| column).collect()
    }

    fn rows() -> Vec<CardRow> {
        vec![
            reviewed("anatomy-buildkit-default-build-and-the-rest"),
            reviewed("short"),
        ]
    }

    /// Where each column starts, from the positions of the single spaces between columns
    /// that every line must share.
    fn starts(line: &str, columns: &Columns) -> Vec<usize> {
        let mut at = MARK;
        let mut starts = Vec::new();
        for &(_, width) in &columns.shown {
            starts.push(at);
            at += width + 1;
        }
        assert_eq!(str_width(line), at - 1, "{line}");
        starts
    }

    #[test]
    fn every_column_fits_at_a_wide_width() {
        let rows = rows();
        let columns = Columns::fit(&rows, SortKey::Due, 140);
        assert_eq!(shown(&columns), Column::ALL);
        let row = columns.row(&rows[0], false);
        assert!(row.contains("anatomy-buildkit-default-build-and-the-rest"));
        assert!(!row.contains('…'), "{row}");
        // The header and each row have the same width and the same column starts.
        assert_eq!(starts(&columns.header(), &columns), starts(&row, &columns));
        assert!(columns.header().contains("due↑"), "{}", columns.header());
    }

    #[test]
    fn at_80_columns_whole_columns_go_and_no_figure_is_cut() {
        let rows = rows();
        // The browser's row at 80 columns: 80 less the borders and the selection mark.
        let columns = Columns::fit(&rows, SortKey::Due, 76);
        assert_eq!(
            shown(&columns),
            [
                Column::Id,
                Column::Topic,
                Column::State,
                Column::Due,
                Column::Interval,
                Column::Retrievability,
            ]
        );
        for row in &rows {
            let text = columns.row(row, true);
            assert_eq!(str_width(&text), str_width(&columns.header()), "{text}");
            for figure in [
                "2026-12-24",
                "365d",
                "88%",
                "relearning",
                "language-shrinking",
            ] {
                assert!(text.contains(figure), "{figure} in {text}");
            }
        }
        // The long id is cut to what is left, at least ID_MIN columns.
        let long = columns.row(&rows[0], false);
        assert!(long.contains("anatomy-buildkit-defaul…"), "{long}");
        assert_eq!(starts(&columns.header(), &columns), starts(&long, &columns));
    }

    #[test]
    fn the_sorted_column_is_kept_with_its_direction() {
        let rows = rows();
        for (sort, mark) in [
            (SortKey::Difficulty, "diff↓"),
            (SortKey::Stability, "stab↑"),
            (SortKey::Reviews, "rev↓"),
            (SortKey::Lapses, "lap↓"),
        ] {
            let columns = Columns::fit(&rows, sort, 36);
            assert!(shown(&columns).contains(&sort.column()), "{sort:?}");
            let header = columns.header();
            assert!(header.contains(mark), "{header}");
            let row = columns.row(&rows[0], false);
            assert_eq!(str_width(&row), str_width(&header), "{row}");
        }
        // At 40 columns sorted by due: the id and the due day; nothing else fits whole.
        let columns = Columns::fit(&rows, SortKey::Due, 36);
        assert_eq!(shown(&columns), [Column::Id, Column::Due]);
    }

    #[test]
    fn the_state_column_is_as_wide_as_the_widest_state() {
        let mut rows = rows();
        let columns = Columns::fit(&rows, SortKey::Id, 200);
        let width = |columns: &Columns| {
            columns
                .shown
                .iter()
                .find(|(c, _)| *c == Column::State)
                .map(|(_, w)| *w)
        };
        assert_eq!(width(&columns), Some("relearning".len()));
        rows[1].suspended = true;
        rows[1].leech = true;
        let columns = Columns::fit(&rows, SortKey::Id, 200);
        assert_eq!(width(&columns), Some("relearning,suspended,leech".len()));
    }
}
