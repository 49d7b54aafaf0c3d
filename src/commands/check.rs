//! `stagecraft check [DIR|FILE]`: validate a content pack (a folder or a pack file).

use std::io::{self, Write};
use std::path::PathBuf;

use crate::content::{ContentSet, PackSource};

/// Loads the embedded pack (and `dir` on top of it), prints every problem as
/// `path:line:col: severity: message` and a summary. Returns 1 if any problem is an error.
pub fn run(dir: Option<PathBuf>, out: &mut impl Write) -> io::Result<i32> {
    let mut sources = vec![PackSource::Embedded];
    sources.extend(dir.map(PackSource::from_path));
    let set = ContentSet::load(&sources);
    report(&set, out)
}

/// Prints the diagnostics and summary of a loaded set; returns the exit code.
pub fn report(set: &ContentSet, out: &mut impl Write) -> io::Result<i32> {
    for diagnostic in &set.diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    let errors = set.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = set.diagnostics.len() - errors;
    writeln!(
        out,
        "checked {} lessons, {} questions, {} examples: {errors} error{}, {warnings} warning{}",
        set.lessons.len(),
        set.questions.len(),
        set.examples.len(),
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    )?;
    Ok(if errors > 0 { 1 } else { 0 })
}
