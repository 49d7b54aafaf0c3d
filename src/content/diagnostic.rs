//! Problems found in content, located by file, line and column.

use std::fmt;

/// How bad a problem is. Errors make `stagecraft check` fail; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The item was skipped or is wrong.
    Error,
    /// The item loads, but something deserves a look.
    Warning,
}

/// One problem in a content pack, printed as `path:line:col: error: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user knows it: a path inside a `--content` folder, or the embedded name.
    pub path: String,
    /// 1-based line; 1 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and, where possible, what was expected.
    pub message: String,
}

impl Diagnostic {
    /// An error at a position.
    pub fn error(
        path: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            line: line.max(1),
            col: col.max(1),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning at a position.
    pub fn warning(
        path: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, line, col, message)
        }
    }

    /// Whether this problem is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // The message may quote content, and the path is a file name anyone could choose
        // (`lessons/\x1b]52;...md`): keep both on one line and inert. The field keeps the
        // path as it is, so that it still matches the file.
        let path = crate::sanitize::inert_line(&self.path);
        let message = crate::sanitize::inert_line(&self.message);
        write!(f, "{path}:{}:{}: {level}: {message}", self.line, self.col)
    }
}

/// A place in a file, kept on content items so later checks can point at them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// The file, as in [`Diagnostic::path`].
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

impl Origin {
    /// An error located here.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path.clone(), self.line, self.col, message)
    }

    /// A warning located here.
    pub fn warning(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.path.clone(), self.line, self.col, message)
    }

    /// The same file, `lines` further down (for text embedded at a known offset).
    pub fn down(&self, lines: usize) -> Origin {
        Origin {
            line: self.line + lines,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_path_line_col() {
        let d = Diagnostic::error("quizzes/a.yaml", 3, 7, "unknown field `kinds`");
        assert_eq!(
            d.to_string(),
            "quizzes/a.yaml:3:7: error: unknown field `kinds`"
        );
    }

    #[test]
    fn messages_are_made_inert_and_single_line() {
        let d = Diagnostic::warning("x.md", 0, 0, "bad\u{1b}[2J\nthing");
        assert_eq!(d.to_string(), "x.md:1:1: warning: bad\u{241b}[2J thing");
    }

    #[test]
    fn paths_are_made_inert_too() {
        let d = Diagnostic::error("lessons/\u{1b}]0;x\u{7}\u{202e}.md", 2, 3, "m");
        assert_eq!(
            d.to_string(),
            "lessons/\u{241b}]0;x\u{2407}\u{fffd}.md:2:3: error: m"
        );
        assert_eq!(d.path, "lessons/\u{1b}]0;x\u{7}\u{202e}.md");
    }
}
