//! What the lab screen shows over its panels on request: the solution, the learner's file
//! against the solution as a line diff, or the hints revealed so far. Each is drawn from the
//! lab and the learner's text alone, without colour carrying meaning: diff lines are marked
//! `-` (only in your file) and `+` (only in the solution), hints are numbered.

use ratatui::text::{Line, Span};

use super::scroll::Scroll;
use super::text;
use super::theme::Theme;
use crate::content::model::Lab;
use crate::lab::{self, DiffLine};
use crate::sanitize::inert_line;

/// Which overlay is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The lab's solution.
    Solution,
    /// The learner's file against the solution.
    Diff,
    /// The hints revealed so far.
    Hints,
}

/// An overlay and how far it is scrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlay {
    /// What it shows.
    pub shown: Shown,
    /// Its scroll.
    pub scroll: Scroll,
}

impl Overlay {
    /// `shown`, scrolled to the top.
    pub fn new(shown: Shown) -> Self {
        Self {
            shown,
            scroll: Scroll::new(),
        }
    }
}

/// The overlay's title and lines: `mine` is the learner's file, `revealed` how many hints
/// they asked for, `width` the room inside the panel.
pub fn content(
    shown: Shown,
    lab: &Lab,
    mine: &str,
    revealed: usize,
    width: u16,
    theme: Theme,
) -> (String, Vec<Line<'static>>) {
    match shown {
        Shown::Solution => (
            "Solution (s hides it)".to_owned(),
            match &lab.solution {
                Some(solution) => text::dockerfile_lines(solution, theme, |_| None),
                None => vec![no_solution(theme)],
            },
        ),
        Shown::Diff => (
            "Your file against the solution (- yours only, + solution only; Esc hides)".to_owned(),
            match &lab.solution {
                Some(solution) => diff_lines(mine, solution, theme),
                None => vec![no_solution(theme)],
            },
        ),
        Shown::Hints => (
            format!(
                "Hints {}/{} (h: next hint, Esc hides)",
                revealed.min(lab.hints.len()),
                lab.hints.len()
            ),
            hint_lines(lab, revealed, width, theme),
        ),
    }
}

fn no_solution(theme: Theme) -> Line<'static> {
    Line::styled(
        "This lab comes without a solution. The goals and findings are your guide.",
        theme.dim(),
    )
}

/// The line diff, each line after its mark: `  ` in both files, `- ` only in the learner's,
/// `+ ` only in the solution.
pub fn diff_lines(mine: &str, solution: &str, theme: Theme) -> Vec<Line<'static>> {
    let diff = lab::line_diff(mine, solution);
    if diff.iter().all(|line| matches!(line, DiffLine::Same(_))) {
        return vec![Line::styled(
            "Your file has the solution's lines (white space aside).",
            theme.success(),
        )];
    }
    diff.into_iter()
        .map(|line| {
            let (mark, text, style) = match line {
                DiffLine::Same(text) => ("  ", text, theme.dim()),
                DiffLine::Mine(text) => ("- ", text, theme.error()),
                DiffLine::Solution(text) => ("+ ", text, theme.success()),
            };
            Line::from(vec![
                Span::styled(mark, style),
                Span::styled(inert_line(&text), style),
            ])
        })
        .collect()
}

/// The hints revealed so far, numbered, and what `h` does next.
fn hint_lines(lab: &Lab, revealed: usize, width: u16, theme: Theme) -> Vec<Line<'static>> {
    if lab.hints.is_empty() {
        return vec![Line::styled(
            "This lab has no hints. The goals say what is checked; s shows the solution.",
            theme.dim(),
        )];
    }
    let shown = lab::revealed_hints(lab, revealed);
    let mut lines = Vec::new();
    for (i, hint) in shown.iter().enumerate() {
        let lead = format!("{}. ", i + 1);
        let room = width.saturating_sub(3).max(8);
        for (row, line) in text::markdown_lines(hint, room, theme)
            .into_iter()
            .enumerate()
        {
            let mut spans = vec![Span::styled(
                if row == 0 {
                    lead.clone()
                } else {
                    "   ".to_owned()
                },
                theme.key(),
            )];
            spans.extend(line.spans);
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        if shown.len() < lab.hints.len() {
            "h reveals the next hint."
        } else {
            "That was the last hint; d compares your file with the solution."
        },
        theme.dim(),
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(hints: &[&str], solution: Option<&str>) -> Lab {
        Lab {
            start: String::new(),
            goals: Vec::new(),
            solution: solution.map(str::to_owned),
            hints: hints.iter().map(|h| h.to_string()).collect(),
            build: None,
        }
    }

    fn plain(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn the_diff_marks_each_side_without_colour() {
        let lines = plain(&diff_lines(
            "FROM a\nCMD x\n",
            "FROM a\nUSER 1\nCMD x\n",
            Theme::new(false),
        ));
        assert_eq!(lines, ["  FROM a", "+ USER 1", "  CMD x"]);
        let lines = plain(&diff_lines("FROM b\n", "FROM a\n", Theme::new(false)));
        assert!(lines.contains(&"- FROM b".to_owned()), "{lines:?}");
        assert!(lines.contains(&"+ FROM a".to_owned()), "{lines:?}");
    }

    #[test]
    fn hints_are_shown_only_as_far_as_revealed() {
        let lab = lab(&["first", "second"], None);
        let (title, lines) = content(Shown::Hints, &lab, "", 1, 40, Theme::new(false));
        assert_eq!(title, "Hints 1/2 (h: next hint, Esc hides)");
        let text = plain(&lines).join("\n");
        assert!(text.contains("1. first"), "{text}");
        assert!(!text.contains("second"), "{text}");
        let (_, lines) = content(Shown::Hints, &lab, "", 2, 40, Theme::new(false));
        assert!(plain(&lines).join("\n").contains("2. second"));
    }

    #[test]
    fn a_lab_without_a_solution_says_so_in_the_diff() {
        let (_, lines) = content(
            Shown::Diff,
            &lab(&[], None),
            "FROM a\n",
            0,
            40,
            Theme::new(false),
        );
        assert!(plain(&lines)[0].contains("without a solution"));
    }

    #[test]
    fn control_characters_in_the_learners_file_are_inert() {
        let lines = plain(&diff_lines(
            "RUN a\u{1b}[2J\n",
            "RUN b\n",
            Theme::new(false),
        ));
        assert!(lines.iter().all(|l| !l.contains('\u{1b}')), "{lines:?}");
    }
}
