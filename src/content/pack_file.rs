//! A content pack as one file, to hand to students: `stagecraft pack build DIR -o
//! course.stagecraft` writes it, `--content course.stagecraft` loads it.
//!
//! The file is a gzip-compressed tar archive (ustar). Its first entry is [`MARKER_NAME`],
//! holding [`MARKER_TEXT`]; then one regular file per content file, under `lessons/`,
//! `quizzes/` and `examples/`, and the pack's image catalog `images.yaml`, in path order, with fixed metadata (mode 0644, time 0, owner 0),
//! so the same folder always gives the same bytes.
//!
//! A pack file is as untrusted as a folder, and is checked on load with the same rules: files
//! over [`MAX_FILE_BYTES`], files that are not UTF-8 or hold NUL bytes, and paths nested deeper
//! than a folder may be are reported and skipped. On top of that, anything a folder cannot hold
//! is refused: absolute paths, `..`, symbolic and hard links, devices, duplicate entries, and
//! archives that expand past [`MAX_EXPANDED_BYTES`] or hold more than [`MAX_ENTRIES`] entries.
//! Diagnostics name the file inside the pack as `course.stagecraft/lessons/a.md`.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::path::Path;
use std::rc::Rc;

use super::diagnostic::Diagnostic;
use super::pack::{MAX_FILE_BYTES, Pack, PackSource, SECTIONS, position_of_byte};

/// Name of the first entry, which marks the archive as a stagecraft pack.
pub const MARKER_NAME: &str = ".stagecraft-pack";
/// Text of the marker entry: the layout version.
pub const MARKER_TEXT: &str = "stagecraft-pack 1\n";
/// The largest pack file read.
pub const MAX_PACK_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes the archive may expand to (bounds compression bombs).
pub const MAX_EXPANDED_BYTES: u64 = 256 * 1024 * 1024;
/// The most entries an archive may hold.
pub const MAX_ENTRIES: usize = 20_000;
/// How many folders deep a path may go (as for a folder pack).
const MAX_DEPTH: usize = 8;

impl PackSource {
    /// A `--content` path: a pack file when it is a file, else a folder.
    pub fn from_path(path: std::path::PathBuf) -> PackSource {
        if path.is_file() {
            PackSource::File(path)
        } else {
            PackSource::Dir(path)
        }
    }
}

/// The bounds a pack file is read within (the defaults are the constants above; tests use
/// smaller ones).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most bytes the archive may expand to.
    pub expanded_bytes: u64,
    /// Most entries.
    pub entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            expanded_bytes: MAX_EXPANDED_BYTES,
            entries: MAX_ENTRIES,
        }
    }
}

/// Reads a pack file from disk. Problems become [`Pack::problems`]; never panics.
pub fn read_pack_file(path: &Path) -> Pack {
    let shown = path.display().to_string();
    let whole_file = |message: String| {
        Pack::from_parts(
            format!("{shown}/"),
            BTreeMap::new(),
            vec![Diagnostic::error(shown.clone(), 1, 1, message)],
        )
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return whole_file(format!("cannot open the pack file: {e}")),
    };
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_PACK_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return whole_file(format!("cannot read the pack file: {e}"));
    }
    if bytes.len() as u64 > MAX_PACK_FILE_BYTES {
        return whole_file(format!(
            "the pack file is larger than {MAX_PACK_FILE_BYTES} bytes; it is not read"
        ));
    }
    read_pack_bytes(&shown, &bytes, Limits::default())
}

/// A reader that fails once more than `limit` bytes have come through, and says so in `hit`.
struct Bounded<R> {
    inner: R,
    left: u64,
    hit: Rc<Cell<bool>>,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One byte more means the limit is passed; nothing more means a clean end.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => {
                    self.hit.set(true);
                    Err(io::Error::other("the archive expands past its size limit"))
                }
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// Reads a pack file held in memory; `shown` names it in diagnostics.
pub fn read_pack_bytes(shown: &str, bytes: &[u8], limits: Limits) -> Pack {
    let mut reader = PackReader {
        shown: shown.to_owned(),
        files: BTreeMap::new(),
        duplicates: BTreeSet::new(),
        problems: Vec::new(),
    };
    let hit = Rc::new(Cell::new(false));
    let decoder = Bounded {
        inner: flate2::read::GzDecoder::new(bytes),
        left: limits.expanded_bytes,
        hit: Rc::clone(&hit),
    };
    if let Err(message) = reader.read_archive(decoder, limits) {
        let message = if hit.get() {
            format!(
                "the pack file expands to more than {} bytes; it is not read further",
                limits.expanded_bytes
            )
        } else {
            message
        };
        reader.whole_file_error(message);
    }
    reader.finish()
}

struct PackReader {
    shown: String,
    files: BTreeMap<String, String>,
    duplicates: BTreeSet<String>,
    problems: Vec<Diagnostic>,
}

impl PackReader {
    fn whole_file_error(&mut self, message: String) {
        self.problems
            .push(Diagnostic::error(self.shown.clone(), 1, 1, message));
    }

    fn inside(&self, rel: &str) -> String {
        format!("{}/{rel}", self.shown)
    }

    fn entry_error(&mut self, rel: &str, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::error(self.inside(rel), 1, 1, message));
    }

    fn read_archive(&mut self, reader: impl Read, limits: Limits) -> Result<(), String> {
        let not_a_pack = |e: io::Error| {
            format!(
                "not a stagecraft pack file (a gzip-compressed tar archive made by `stagecraft pack build`): {e}"
            )
        };
        let mut archive = tar::Archive::new(reader);
        let entries = archive.entries().map_err(not_a_pack)?;
        let mut seen_marker = false;
        for (index, entry) in entries.enumerate() {
            let mut entry = entry.map_err(|e| {
                if index == 0 {
                    not_a_pack(e)
                } else {
                    format!("the archive is damaged after {index} entries: {e}")
                }
            })?;
            if index >= limits.entries {
                return Err(format!(
                    "the pack file holds more than {} entries; the rest is not read",
                    limits.entries
                ));
            }
            let raw_path = entry.path_bytes().into_owned();
            let Ok(name) = String::from_utf8(raw_path) else {
                self.whole_file_error(format!(
                    "entry {} has a name that is not UTF-8; it is skipped",
                    index + 1
                ));
                continue;
            };
            if index == 0 {
                seen_marker = self.read_marker(&name, &mut entry)?;
                if seen_marker {
                    continue;
                }
            }
            self.read_entry(&name, &mut entry);
        }
        if !seen_marker {
            return Err(format!(
                "not a stagecraft pack file: its first entry is not `{MARKER_NAME}` (make one with `stagecraft pack build`)"
            ));
        }
        Ok(())
    }

    /// Whether the entry is the marker; an unknown marker version is an error.
    fn read_marker(&mut self, name: &str, entry: &mut impl Read) -> Result<bool, String> {
        if name != MARKER_NAME {
            return Ok(false);
        }
        let mut text = String::new();
        entry
            .take(256)
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read `{MARKER_NAME}`: {e}"))?;
        if text != MARKER_TEXT {
            return Err(format!(
                "`{MARKER_NAME}` says {:?}: this stagecraft reads `{}` pack files; update stagecraft",
                crate::sanitize::inert_line(text.trim()),
                MARKER_TEXT.trim()
            ));
        }
        Ok(true)
    }

    fn read_entry<R: Read>(&mut self, name: &str, entry: &mut tar::Entry<'_, R>) {
        let rel = match checked_path(name) {
            Ok(Some(rel)) => rel,
            Ok(None) => return, // a folder entry, or a hidden name: nothing to load
            Err(message) => {
                let shown = crate::sanitize::inert_line(name);
                self.entry_error(&shown, message);
                return;
            }
        };
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            return;
        }
        if kind.is_symlink() || kind.is_hard_link() {
            self.entry_error(
                &rel,
                "links are not allowed in a pack file; the entry is not followed",
            );
            return;
        }
        if !kind.is_file() {
            self.entry_error(
                &rel,
                "only files and folders may be in a pack file; the entry is skipped",
            );
            return;
        }
        if self.files.contains_key(&rel) || self.duplicates.contains(&rel) {
            self.files.remove(&rel);
            if self.duplicates.insert(rel.clone()) {
                self.entry_error(
                    &rel,
                    "the pack file holds this path more than once; no copy is loaded",
                );
            }
            return;
        }
        let claimed = entry.header().size().unwrap_or(u64::MAX);
        if claimed > MAX_FILE_BYTES {
            self.entry_error(
                &rel,
                format!(
                    "file is {claimed} bytes; content files may be at most {MAX_FILE_BYTES} bytes"
                ),
            );
            return;
        }
        let mut bytes = Vec::new();
        if let Err(e) = entry.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
            self.entry_error(&rel, format!("cannot read: {e}"));
            return;
        }
        match text_of(bytes) {
            Ok(text) => {
                self.files.insert(rel, text);
            }
            Err((line, col, message)) => {
                self.problems
                    .push(Diagnostic::error(self.inside(&rel), line, col, message));
            }
        }
    }

    fn finish(self) -> Pack {
        Pack::from_parts(format!("{}/", self.shown), self.files, self.problems)
    }
}

/// Checks an entry's name: `Ok(Some(path))` for a file path a folder pack could hold,
/// `Ok(None)` for a name to skip (a section folder itself, or a hidden name), and `Err`
/// for a name that would leave the pack or that no folder pack has.
fn checked_path(name: &str) -> Result<Option<String>, String> {
    if name.starts_with('/') || name.starts_with('\\') || name.contains(':') {
        return Err("absolute paths are not allowed in a pack file; the entry is skipped".into());
    }
    if name.contains('\\') {
        return Err("backslashes are not allowed in pack file paths; the entry is skipped".into());
    }
    let parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.contains(&"..") {
        return Err("`..` would leave the pack; the entry is skipped".into());
    }
    let Some(section) = parts.first() else {
        return Ok(None);
    };
    if parts.iter().any(|p| p.starts_with('.')) {
        return Ok(None);
    }
    if parts == [super::images::FILE] {
        return Ok(Some(super::images::FILE.to_owned())); // the pack's image catalog
    }
    if !SECTIONS.contains(section) {
        return Err(
            "outside lessons/, quizzes/, examples/ and images.yaml; a pack file holds nothing else"
                .into(),
        );
    }
    if parts.len() == 1 {
        return Ok(None); // the section folder itself
    }
    if parts.len() > MAX_DEPTH + 1 {
        return Err(format!(
            "folders nested deeper than {MAX_DEPTH} levels are not read"
        ));
    }
    Ok(Some(parts.join("/")))
}

/// The text of a content file, or where and why it is not text (as for a folder pack).
fn text_of(bytes: Vec<u8>) -> Result<String, (usize, usize, String)> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err((
            1,
            1,
            format!(
                "file is larger than {MAX_FILE_BYTES} bytes; content files may be at most {MAX_FILE_BYTES} bytes"
            ),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => match text.find('\0') {
            Some(offset) => {
                let (line, col) = position_of_byte(text.as_bytes(), offset);
                Err((
                    line,
                    col,
                    "the file holds NUL bytes: it looks binary, not text".into(),
                ))
            }
            None => Ok(text),
        },
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let (line, col) = position_of_byte(e.as_bytes(), valid);
            Err((
                line,
                col,
                "the file is not valid UTF-8 (is it a binary file?)".into(),
            ))
        }
    }
}

/// Writes the files of a pack as a pack file (gzip-compressed tar) to `out`.
pub fn write_pack<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    out: impl Write,
) -> io::Result<()> {
    let encoder = flate2::write::GzEncoder::new(out, flate2::Compression::best());
    let mut builder = tar::Builder::new(encoder);
    builder.mode(tar::HeaderMode::Deterministic);
    append_file(&mut builder, MARKER_NAME, MARKER_TEXT.as_bytes())?;
    for (rel, text) in files {
        append_file(&mut builder, rel, text.as_bytes())?;
    }
    builder.into_inner()?.finish()?.flush()
}

fn append_file<W: Write>(builder: &mut tar::Builder<W>, path: &str, data: &[u8]) -> io::Result<()> {
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(0);
    header.set_uid(0);
    header.set_gid(0);
    builder.append_data(&mut header, path, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_that_leave_the_pack_are_refused() {
        assert_eq!(
            checked_path("lessons/a.md").unwrap().as_deref(),
            Some("lessons/a.md")
        );
        assert_eq!(
            checked_path("./quizzes//q.yaml").unwrap().as_deref(),
            Some("quizzes/q.yaml")
        );
        assert_eq!(checked_path("lessons/").unwrap(), None);
        assert_eq!(
            checked_path("images.yaml").unwrap().as_deref(),
            Some("images.yaml")
        );
        assert!(checked_path("other.yaml").is_err());
        assert!(checked_path("lessons/images.yaml/x").is_ok());
        assert_eq!(checked_path("lessons/.hidden.md").unwrap(), None);
        for bad in [
            "../x",
            "lessons/../../x",
            "/etc/passwd",
            "C:/x",
            "lessons\\a.md",
            "secrets/a.md",
            "lessons/1/2/3/4/5/6/7/8/9/a.md",
        ] {
            assert!(checked_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_checks_match_folder_packs() {
        assert_eq!(text_of(b"ok".to_vec()).unwrap(), "ok");
        assert_eq!(text_of(b"a\n\xff".to_vec()).unwrap_err().0, 2);
        assert!(text_of(b"a\0".to_vec()).unwrap_err().2.contains("NUL"));
    }
}
