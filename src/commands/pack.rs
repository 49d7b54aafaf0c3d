//! `stagecraft pack build DIR -o FILE`: check a content pack folder, then write it as one pack
//! file (see [`crate::content::pack_file`]) to hand to students.

use std::io::{self, Write};
use std::path::Path;

use crate::content::pack_file::write_pack;
use crate::content::{ContentSet, Pack, PackSource};

/// Checks `dir` as `stagecraft check DIR` does; with any error, prints the diagnostics and
/// returns 1 without writing anything. Otherwise writes the pack file to `output` (through a
/// temporary file renamed into place), prints a one-line summary and returns 0.
pub fn build(dir: &Path, output: &Path, out: &mut impl Write) -> io::Result<i32> {
    let source = PackSource::Dir(dir.to_path_buf());
    let set = ContentSet::load(&[PackSource::Embedded, source.clone()]);
    if set.has_errors() {
        super::check::report(&set, out)?;
        writeln!(
            out,
            "{} was not written: fix the errors above first",
            output.display()
        )?;
        return Ok(1);
    }
    let pack = Pack::read(&source);
    let mut bytes = Vec::new();
    write_pack(pack.files(), &mut bytes)?;
    super::write_atomically(output, &bytes)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", output.display())))?;
    let warnings = set.diagnostics.len();
    writeln!(
        out,
        "wrote {}: {} files ({} bytes); {} lessons, {} questions, {} examples with the embedded pack; {warnings} warning{}",
        output.display(),
        pack.files().count(),
        bytes.len(),
        set.lessons.len(),
        set.questions.len(),
        set.examples.len(),
        if warnings == 1 { "" } else { "s" },
    )?;
    Ok(0)
}
