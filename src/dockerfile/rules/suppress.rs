//! Inline suppression: `# stagecraft-ignore rule-id ...` on the line before an instruction
//! hides those findings for that instruction; `# stagecraft-ignore-file rule-id ...` anywhere
//! hides them in the whole file. Without ids, every rule is hidden.

use crate::dockerfile::model::{Dockerfile, Span};

/// The comment that hides findings of the next instruction.
pub const IGNORE: &str = "stagecraft-ignore";
/// The comment that hides findings in the whole file.
pub const IGNORE_FILE: &str = "stagecraft-ignore-file";

/// Which rules are hidden where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    /// Rules hidden in the whole file (empty list: all rules).
    file: Vec<Vec<String>>,
    /// Rules hidden on the lines of one instruction.
    spans: Vec<(Span, Vec<String>)>,
}

impl Suppressions {
    /// Whether a finding of `rule` on `line` is hidden.
    pub fn hides(&self, rule: &str, line: usize) -> bool {
        let listed = |ids: &Vec<String>| ids.is_empty() || ids.iter().any(|id| id == rule);
        self.file.iter().any(listed)
            || self
                .spans
                .iter()
                .any(|(span, ids)| span.contains(line) && listed(ids))
    }

    /// Whether the file hides anything at all.
    pub fn is_empty(&self) -> bool {
        self.file.is_empty() && self.spans.is_empty()
    }
}

/// The rule ids after a marker word, or `None` when the comment is not that marker.
fn ids_after(text: &str, marker: &str) -> Option<Vec<String>> {
    let rest = text.strip_prefix(marker)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t', ':'])) {
        return None;
    }
    Some(
        rest.trim_start_matches(':')
            .split([' ', '\t', ','])
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// Reads the suppression comments of a file.
pub fn suppressions(dockerfile: &Dockerfile) -> Suppressions {
    let mut found = Suppressions::default();
    for comment in &dockerfile.comments {
        if let Some(ids) = ids_after(&comment.text, IGNORE_FILE) {
            found.file.push(ids);
        } else if let Some(ids) = ids_after(&comment.text, IGNORE) {
            // The next instruction below the comment (other comments may sit between).
            let next = dockerfile
                .instructions
                .partition_point(|i| i.span.start <= comment.line);
            if let Some(instruction) = dockerfile.instructions.get(next) {
                found.spans.push((instruction.span, ids));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn comments_hide_the_next_instruction_or_the_file() {
        let df = parse(
            "# stagecraft-ignore-file unused-stage\nFROM a:1 AS x\n\
             # stagecraft-ignore final-stage-runs-as-root, other\n# why: it drops privileges\nFROM b:1\nRUN x \\\n  y\n",
        );
        let s = suppressions(&df);
        assert!(s.hides("unused-stage", 2));
        assert!(s.hides("unused-stage", 99));
        assert!(s.hides("final-stage-runs-as-root", 5));
        assert!(s.hides("other", 5));
        assert!(!s.hides("final-stage-runs-as-root", 6));
        assert!(!s.hides("final-stage-runs-as-root", 2));
        let all = suppressions(&parse("# stagecraft-ignore\nFROM a:1\n"));
        assert!(all.hides("anything", 2));
        let none = suppressions(&parse("# stagecraft-ignored x\nFROM a:1\n"));
        assert!(none.is_empty());
    }
}
