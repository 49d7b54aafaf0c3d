//! Reading the files of a content pack: the one embedded in the binary, or a folder on disk.
//!
//! A folder is untrusted. Only `lessons/`, `quizzes/`, `examples/` and the image catalog
//! `images.yaml` are read; a symbolic link
//! that leads outside the folder, a file over [`MAX_FILE_BYTES`] and a file that is not UTF-8 are
//! reported and skipped, so the rest of the pack still loads.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::diagnostic::Diagnostic;

/// The largest content file read; anything bigger is reported, not loaded.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How deep folders are followed inside a pack.
const MAX_DEPTH: usize = 8;

/// The sub-folders a pack may have.
pub const SECTIONS: [&str; 3] = ["lessons", "quizzes", "examples"];

static EMBEDDED_LESSONS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/lessons");
static EMBEDDED_QUIZZES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/quizzes");
static EMBEDDED_EXAMPLES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/examples");

/// Where a pack comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackSource {
    /// The default pack compiled into the binary.
    Embedded,
    /// A folder given with `--content` or to `check`.
    Dir(PathBuf),
}

/// The text files of one pack, by their path relative to the pack (with `/` separators).
#[derive(Debug, Default)]
pub struct Pack {
    /// What to put before a relative path in diagnostics (empty for the embedded pack).
    prefix: String,
    /// Relative path -> text.
    files: BTreeMap<String, String>,
    /// Problems met while reading.
    pub problems: Vec<Diagnostic>,
    /// Whether this is the pack compiled into the binary.
    embedded: bool,
}

impl Pack {
    /// Reads a pack. Problems with single files are collected in [`Pack::problems`]; a folder
    /// that cannot be read at all is one problem.
    pub fn read(source: &PackSource) -> Pack {
        match source {
            PackSource::Embedded => Self::embedded(),
            PackSource::Dir(dir) => Self::from_dir(dir),
        }
    }

    fn embedded() -> Pack {
        let mut pack = Pack {
            embedded: true,
            ..Pack::default()
        };
        let sections = [&EMBEDDED_LESSONS, &EMBEDDED_QUIZZES, &EMBEDDED_EXAMPLES];
        for (dir, section) in sections.into_iter().zip(SECTIONS) {
            pack.add_embedded(dir, section);
        }
        pack.files.insert(
            super::images::FILE.to_owned(),
            super::images::EMBEDDED_TEXT.to_owned(),
        );
        pack
    }

    /// Whether this is the pack compiled into the binary.
    pub fn is_embedded(&self) -> bool {
        self.embedded
    }

    /// Adds the files of an embedded folder; their paths are relative to the section root.
    fn add_embedded(&mut self, dir: &Dir<'_>, section: &str) {
        for file in dir.files() {
            let rel = format!(
                "{section}/{}",
                file.path().to_string_lossy().replace('\\', "/")
            );
            match std::str::from_utf8(file.contents()) {
                Ok(text) => {
                    self.files.insert(rel, text.to_owned());
                }
                Err(e) => {
                    let (line, col) = position_of_byte(file.contents(), e.valid_up_to());
                    self.problems.push(Diagnostic::error(
                        rel,
                        line,
                        col,
                        "the file is not valid UTF-8",
                    ));
                }
            }
        }
        for sub in dir.dirs() {
            self.add_embedded(sub, section);
        }
    }

    /// A pack held in memory: relative paths (`lessons/a.md`) to their text. Used by the fuzz
    /// targets and tests to load content without touching the disk.
    pub fn from_files(files: impl IntoIterator<Item = (String, String)>) -> Pack {
        Pack {
            files: files.into_iter().collect(),
            ..Pack::default()
        }
    }

    fn from_dir(dir: &Path) -> Pack {
        let mut pack = Pack {
            prefix: format!("{}/", dir.display().to_string().trim_end_matches('/')),
            ..Pack::default()
        };
        let root = match fs::canonicalize(dir) {
            Ok(root) if root.is_dir() => root,
            Ok(_) => {
                pack.problems.push(Diagnostic::error(
                    dir.display().to_string(),
                    1,
                    1,
                    "not a folder: a content pack is a folder with lessons/, quizzes/ or examples/",
                ));
                return pack;
            }
            Err(e) => {
                pack.problems.push(Diagnostic::error(
                    dir.display().to_string(),
                    1,
                    1,
                    format!("cannot open the content folder: {e}"),
                ));
                return pack;
            }
        };
        let mut found_section = false;
        for section in SECTIONS {
            let path = root.join(section);
            if path.exists() {
                found_section = true;
                pack.walk(&root, &path, section, 0);
            }
        }
        let catalog = root.join(super::images::FILE);
        if catalog.exists() {
            found_section = true;
            pack.walk(&root, &catalog, super::images::FILE, 0);
        }
        if !found_section {
            pack.problems.push(Diagnostic::error(
                dir.display().to_string(),
                1,
                1,
                "no lessons/, quizzes/ or examples/ folder and no images.yaml in this content pack",
            ));
        }
        pack
    }

    fn walk(&mut self, root: &Path, path: &Path, rel: &str, depth: usize) {
        let shown = format!("{}{rel}", self.prefix);
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                self.problems
                    .push(Diagnostic::error(shown, 1, 1, format!("cannot read: {e}")));
                return;
            }
        };
        let target = if meta.file_type().is_symlink() {
            match fs::canonicalize(path) {
                Ok(target) if target.starts_with(root) => target,
                Ok(_) => {
                    self.problems.push(Diagnostic::error(
                        shown,
                        1,
                        1,
                        "symbolic link points outside the content pack; it is not followed",
                    ));
                    return;
                }
                Err(e) => {
                    self.problems.push(Diagnostic::error(
                        shown,
                        1,
                        1,
                        format!("broken symbolic link: {e}"),
                    ));
                    return;
                }
            }
        } else {
            path.to_path_buf()
        };
        if target.is_dir() {
            if depth >= MAX_DEPTH {
                self.problems.push(Diagnostic::error(
                    shown,
                    1,
                    1,
                    format!("folders nested deeper than {MAX_DEPTH} levels are not read"),
                ));
                return;
            }
            let mut entries: Vec<_> = match fs::read_dir(&target) {
                Ok(entries) => entries.filter_map(Result::ok).collect(),
                Err(e) => {
                    self.problems.push(Diagnostic::error(
                        shown,
                        1,
                        1,
                        format!("cannot list folder: {e}"),
                    ));
                    return;
                }
            };
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                self.walk(root, &entry.path(), &format!("{rel}/{name}"), depth + 1);
            }
        } else if target.is_file() {
            self.read_file(&target, rel, shown);
        }
    }

    fn read_file(&mut self, path: &Path, rel: &str, shown: String) {
        match fs::metadata(path) {
            Ok(meta) if meta.len() > MAX_FILE_BYTES => {
                self.problems.push(Diagnostic::error(
                    shown,
                    1,
                    1,
                    format!(
                        "file is {} bytes; content files may be at most {MAX_FILE_BYTES} bytes",
                        meta.len()
                    ),
                ));
                return;
            }
            Ok(_) => {}
            Err(e) => {
                self.problems
                    .push(Diagnostic::error(shown, 1, 1, format!("cannot read: {e}")));
                return;
            }
        }
        match fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) if text.contains('\0') => {
                    let offset = text.find('\0').unwrap_or(0);
                    let (line, col) = position_of_byte(text.as_bytes(), offset);
                    self.problems.push(Diagnostic::error(
                        shown,
                        line,
                        col,
                        "the file holds NUL bytes: it looks binary, not text",
                    ));
                }
                Ok(text) => {
                    self.files.insert(rel.to_owned(), text);
                }
                Err(e) => {
                    let valid = e.utf8_error().valid_up_to();
                    let (line, col) = position_of_byte(e.as_bytes(), valid);
                    self.problems.push(Diagnostic::error(
                        shown,
                        line,
                        col,
                        "the file is not valid UTF-8 (is it a binary file?)",
                    ));
                }
            },
            Err(e) => {
                self.problems
                    .push(Diagnostic::error(shown, 1, 1, format!("cannot read: {e}")))
            }
        }
    }

    /// The text of a file at the pack's root, such as `images.yaml`.
    pub fn root_file(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// The path to show for a file of this pack.
    pub fn display_path(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }

    /// The files under a section (`lessons`, `quizzes`, `examples`) whose names end with one of
    /// `extensions`, in path order.
    pub fn files_in<'a>(
        &'a self,
        section: &'a str,
        extensions: &'a [&'a str],
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files
            .iter()
            .filter(move |(rel, _)| {
                rel.strip_prefix(section)
                    .is_some_and(|rest| rest.starts_with('/'))
                    && extensions.iter().any(|ext| rel.ends_with(ext))
            })
            .map(|(rel, text)| (rel.as_str(), text.as_str()))
    }

    /// The text of a file named relative to `base_dir` (a folder inside the pack), refusing any
    /// name that would leave the pack.
    pub fn resolve(&self, base_dir: &str, name: &str) -> Result<(String, &str), String> {
        let rel = join_inside(base_dir, name)?;
        match self.files.get(&rel) {
            Some(text) => Ok((rel, text.as_str())),
            None => Err(format!("no file `{name}` in `{base_dir}`")),
        }
    }
}

/// Joins `name` to `base_dir` without leaving the pack: absolute names and `..` are refused.
pub fn join_inside(base_dir: &str, name: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    let depth_floor = 1; // never above the section folder
    if Path::new(name).is_absolute() || name.starts_with('\\') || name.contains(':') {
        return Err(format!(
            "`{name}` is an absolute path; name a file inside the pack"
        ));
    }
    for component in Path::new(name).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str().unwrap_or("\u{fffd}")),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.len() <= depth_floor {
                    return Err(format!("`{name}` leaves the content pack"));
                }
                parts.pop();
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "`{name}` is an absolute path; name a file inside the pack"
                ));
            }
        }
    }
    Ok(parts.join("/"))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn position_of_byte(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_inside_refuses_escapes() {
        assert_eq!(
            join_inside("examples/go", "Dockerfile").as_deref(),
            Ok("examples/go/Dockerfile")
        );
        assert_eq!(
            join_inside("examples/go", "./a/../b").as_deref(),
            Ok("examples/go/b")
        );
        assert!(join_inside("examples/go", "../../etc/passwd").is_err());
        assert!(join_inside("examples/go", "/etc/passwd").is_err());
        assert!(join_inside("examples", "..").is_err());
    }

    #[test]
    fn byte_positions_are_one_based() {
        assert_eq!(position_of_byte(b"ab\ncd", 4), (2, 2));
        assert_eq!(position_of_byte(b"", 0), (1, 1));
    }

    #[test]
    fn folder_pack_reports_symlinks_outside_and_binary_files() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "---\nid: x\n---\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("lessons")).unwrap();
        std::fs::write(dir.path().join("lessons/bin.md"), b"ok\n\xff\xfe").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("lessons/link.md"),
        )
        .unwrap();
        let pack = Pack::read(&PackSource::Dir(dir.path().to_path_buf()));
        let text: Vec<String> = pack.problems.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("bin.md:2:1: error: the file is not valid UTF-8")),
            "{text:?}"
        );
        #[cfg(unix)]
        assert!(
            text.iter()
                .any(|t| t.contains("link.md:1:1: error: symbolic link points outside")),
            "{text:?}"
        );
        assert_eq!(pack.files_in("lessons", &[".md"]).count(), 0);
    }

    #[test]
    fn huge_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("quizzes")).unwrap();
        let big = vec![b'a'; (MAX_FILE_BYTES + 1) as usize];
        std::fs::write(dir.path().join("quizzes/big.yaml"), big).unwrap();
        let pack = Pack::read(&PackSource::Dir(dir.path().to_path_buf()));
        assert_eq!(pack.problems.len(), 1);
        assert!(pack.problems[0].message.contains("at most"));
    }
}
