//! Reading the files of a content pack: the one embedded in the binary, or a folder on disk.
//!
//! A folder is untrusted. Only `lessons/`, `quizzes/`, `examples/` and the image catalog
//! `images.yaml` are read; a symbolic link
//! that leads outside the folder, a file over [`MAX_FILE_BYTES`] and a file that is not UTF-8 are
//! reported and skipped, so the rest of the pack still loads.

use std::collections::{BTreeMap, HashSet};
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
    /// A pack file made by `stagecraft pack build` (see [`super::pack_file`]).
    File(PathBuf),
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
    /// The real (canonical) folders read so far: each is read once, however many symbolic
    /// links lead to it, so that a link loop (`lessons/l1 -> .`) cannot multiply the walk.
    folders_read: HashSet<PathBuf>,
    /// The real folders of the pack's sections (`lessons/`, ...): a link inside the pack that
    /// leads to one is not followed, so that the section is read as itself, under its own name.
    section_roots: HashSet<PathBuf>,
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
            PackSource::File(file) => super::pack_file::read_pack_file(file),
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

    /// A pack read from elsewhere (a pack file): its files by relative path, what to show
    /// before those paths in diagnostics, and the problems met while reading.
    pub fn from_parts(
        prefix: String,
        files: BTreeMap<String, String>,
        problems: Vec<Diagnostic>,
    ) -> Pack {
        Pack {
            prefix,
            files,
            problems,
            ..Pack::default()
        }
    }

    /// Every file of the pack: relative path and text, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .map(|(rel, text)| (rel.as_str(), text.as_str()))
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
        // The pack's root is never read as a folder of content: a link back to it is a loop.
        pack.folders_read.insert(root.clone());
        pack.section_roots = SECTIONS
            .iter()
            .filter_map(|section| fs::canonicalize(root.join(section)).ok())
            .filter(|real| real.starts_with(&root))
            .collect();
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
            let real = fs::canonicalize(&target).unwrap_or_else(|_| target.clone());
            if self.folders_read.contains(&real) {
                self.problems.push(Diagnostic::warning(
                    shown,
                    1,
                    1,
                    "this folder was already read through another path (a symbolic link loop?); \
                     it is not read again",
                ));
                return;
            }
            if depth > 0 && self.section_roots.contains(&real) {
                self.problems.push(Diagnostic::warning(
                    shown,
                    1,
                    1,
                    "this symbolic link leads to one of the pack's own section folders, which \
                     is read under its own name; it is not followed",
                ));
                return;
            }
            self.folders_read.insert(real);
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
        } else {
            // Anything but a folder: a regular file is read, a pipe or a device is reported.
            self.read_file(&target, rel, shown);
        }
    }

    fn read_file(&mut self, path: &Path, rel: &str, shown: String) {
        use crate::regular_file::RegularFileError;
        match crate::regular_file::read(path, MAX_FILE_BYTES) {
            Err(RegularFileError::TooLarge { size, .. }) => self.problems.push(Diagnostic::error(
                shown,
                1,
                1,
                format!(
                    "file is {size} bytes; content files may be at most {MAX_FILE_BYTES} bytes"
                ),
            )),
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
            Err(e) => self.problems.push(Diagnostic::error(
                shown,
                1,
                1,
                format!("cannot read: {}", e.cause()),
            )),
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

impl Pack {
    /// The files under the folder `dir` (relative to the pack), as (path inside `dir`, text),
    /// in path order. Used for a lab's build context.
    pub fn files_under<'a>(
        &'a self,
        dir: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files.iter().filter_map(move |(rel, text)| {
            rel.strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
                .map(|inside| (inside, text.as_str()))
        })
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

    /// `lessons/l1 -> .` ... `lessons/lN -> .`: every link leads back to `lessons`, which is read
    /// once; each link is one warning. Before, the walk went N^8 ways (five links took 12 s
    /// and 323 MB, ten never finished).
    #[cfg(unix)]
    #[test]
    fn symbolic_link_loops_are_walked_once() {
        for links in [5, 10] {
            let dir = tempfile::tempdir().unwrap();
            let lessons = dir.path().join("lessons");
            std::fs::create_dir(&lessons).unwrap();
            std::fs::write(lessons.join("a.md"), "---\nid: a\n---\n").unwrap();
            for n in 1..=links {
                std::os::unix::fs::symlink(".", lessons.join(format!("l{n}"))).unwrap();
            }
            // A loop through the pack's root, too.
            std::os::unix::fs::symlink("..", lessons.join("up")).unwrap();
            let pack = Pack::read(&PackSource::Dir(dir.path().to_path_buf()));
            let files: Vec<&str> = pack.files_in("lessons", &[".md"]).map(|(p, _)| p).collect();
            assert_eq!(files, ["lessons/a.md"], "{links} links");
            let loops = pack
                .problems
                .iter()
                .filter(|d| d.message.contains("already read"))
                .count();
            assert_eq!(loops, links + 1, "{:?}", pack.problems);
            assert!(
                pack.problems.iter().all(|d| !d.is_error()),
                "{:?}",
                pack.problems
            );
        }
    }

    /// A link from one section to another (`lessons/more -> ../quizzes`) is not followed:
    /// read through it first, the quizzes would be taken for lesson files and `quizzes/`
    /// itself skipped as already read. A link to the pack's parent leaves the pack.
    #[cfg(unix)]
    #[test]
    fn links_to_another_section_or_above_the_pack_are_not_followed() {
        let outer = tempfile::tempdir().unwrap();
        let dir = outer.path().join("pack");
        std::fs::create_dir_all(dir.join("lessons")).unwrap();
        std::fs::create_dir_all(dir.join("quizzes")).unwrap();
        std::fs::write(dir.join("quizzes/q.yaml"), "topic: t\n").unwrap();
        std::os::unix::fs::symlink("../quizzes", dir.join("lessons/more")).unwrap();
        std::os::unix::fs::symlink("../..", dir.join("lessons/parent")).unwrap();
        let pack = Pack::read(&PackSource::Dir(dir.clone()));
        let files: Vec<&str> = pack.files().map(|(p, _)| p).collect();
        assert_eq!(files, ["quizzes/q.yaml"]);
        let text: Vec<String> = pack.problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(
            text[0].contains("lessons/more:1:1: warning: this symbolic link leads to one of"),
            "{text:?}"
        );
        assert!(
            text[1].contains("lessons/parent:1:1: error: symbolic link points outside"),
            "{text:?}"
        );
    }

    /// A named pipe or a link to a device among a pack's files is reported, and reading the
    /// pack never waits on it.
    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_in_a_pack_are_reported_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let lessons = dir.path().join("lessons");
        std::fs::create_dir(&lessons).unwrap();
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            lessons.join("pipe.md"),
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        std::os::unix::fs::symlink("/dev/zero", lessons.join("zero.md")).unwrap();
        let pack = Pack::read(&PackSource::Dir(dir.path().to_path_buf()));
        let text: Vec<String> = pack.problems.iter().map(|d| d.to_string()).collect();
        assert!(
            text[0].ends_with(
                "lessons/pipe.md:1:1: error: cannot read: it is a named pipe (FIFO), not a regular file"
            ),
            "{text:?}"
        );
        assert!(
            text[1].ends_with("lessons/zero.md:1:1: error: symbolic link points outside the content pack; it is not followed"),
            "{text:?}"
        );
        assert_eq!(pack.files().count(), 0);
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
