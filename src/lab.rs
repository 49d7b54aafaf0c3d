//! Hands-on labs, without the terminal: finding a lab, its working folder and file, checking
//! the learner's Dockerfile against the goals, noticing when the file changes on disk, and
//! starting the learner's editor.
//!
//! The lab screen (`tui::lab`) draws what these functions return.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::time::SystemTime;

use crate::content::model::Lab;
use crate::content::{ContentSet, Question, QuestionKind};
use crate::dockerfile::goals::judge_goal;
use crate::dockerfile::{Severity, analyze, parse};

/// The name of the learner's file inside the lab folder.
pub const FILE_NAME: &str = "Dockerfile";

/// The largest lab file read, like the content limit: a Dockerfile is never this big.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a lab cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// No question has this id.
    #[error("no lab `{id}`; labs are: {}", known.join(", "))]
    Unknown {
        /// The id asked for.
        id: String,
        /// The ids of the labs that exist.
        known: Vec<String>,
    },
    /// The id names a question of another kind.
    #[error("`{id}` is a {kind} question, not a lab; labs are: {}", known.join(", "))]
    NotALab {
        /// The id asked for.
        id: String,
        /// The question's kind, for people.
        kind: &'static str,
        /// The ids of the labs that exist.
        known: Vec<String>,
    },
    /// The id cannot be used as a folder name.
    #[error("the lab id `{0}` cannot be used as a folder name; pass --dir to choose one")]
    BadFolderName(String),
    /// The folder or file cannot be created or read.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done: `create`, `read`, ...
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{} is {size} bytes; a lab Dockerfile may have at most {MAX_FILE_BYTES}", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
    /// The path names something other than a regular file (a named pipe, a device, a socket),
    /// directly or through a symbolic link.
    #[error(
        "{} is {kind}, not a regular file; a lab works on a plain text Dockerfile. Move it away \
         and open the lab again to start from the lab's own Dockerfile",
        path.display()
    )]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is, for people: "a named pipe (FIFO)", "a character device", ...
        kind: &'static str,
    },
    /// The file is not UTF-8 text.
    #[error("{} is not UTF-8 text; save it as UTF-8", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
    },
}

/// The ids of every lab, in content order.
pub fn lab_ids(content: &ContentSet) -> Vec<String> {
    content
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Lab(_)))
        .map(|q| q.id.clone())
        .collect()
}

/// The lab question with this id and its lab.
pub fn find<'a>(content: &'a ContentSet, id: &str) -> Result<(&'a Question, &'a Lab), LabError> {
    match content.question(id) {
        Some(question) => match &question.kind {
            QuestionKind::Lab(lab) => Ok((question, lab)),
            other => Err(LabError::NotALab {
                id: id.to_owned(),
                kind: other.label(),
                known: lab_ids(content),
            }),
        },
        None => Err(LabError::Unknown {
            id: id.to_owned(),
            known: lab_ids(content),
        }),
    }
}

/// The default working folder of a lab: `<data_dir>/labs/<profile>/<id>`, so that learners
/// sharing a machine under different profiles never edit each other's files. For the default
/// profile, a folder left at `<data_dir>/labs/<id>` by an earlier version is used while it
/// exists, so no work is lost. Fails for a name that would not stay inside `labs/` (`.` or
/// `..`, or one with a path separator).
pub fn default_dir(data_dir: &Path, profile: &str, id: &str) -> Result<PathBuf, LabError> {
    for name in [profile, id] {
        let safe = !name.is_empty()
            && name != "."
            && name != ".."
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !safe {
            return Err(LabError::BadFolderName(name.to_owned()));
        }
    }
    let labs = data_dir.join("labs");
    let earlier = labs.join(id);
    if profile == "default" && earlier.join("Dockerfile").is_file() {
        return Ok(earlier);
    }
    Ok(labs.join(profile).join(id))
}

/// The learner's file of a lab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The Dockerfile being worked on.
    pub path: PathBuf,
    /// Whether it was written just now from the lab's start (otherwise it was already there
    /// and was kept).
    pub created: bool,
}

/// Makes `dir` and writes `start` to `dir/Dockerfile`, unless that file already exists: the
/// learner's work is never overwritten.
pub fn prepare(dir: &Path, start: &str) -> Result<Workspace, LabError> {
    let io_error = |action, path: &Path| {
        let path = path.to_owned();
        move |source| LabError::Io {
            action,
            path,
            source,
        }
    };
    fs::create_dir_all(dir).map_err(io_error("create the folder", dir))?;
    let path = dir.join(FILE_NAME);
    let created = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(mut file) => {
            file.write_all(start.as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io_error("write", &path))?;
            true
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            if path.is_dir() {
                return Err(LabError::Io {
                    action: "use",
                    path,
                    source: io::Error::other("it is a folder, not a file"),
                });
            }
            false
        }
        Err(e) => return Err(io_error("create", &path)(e)),
    };
    Ok(Workspace { path, created })
}

/// Reads the learner's file: a regular file (also through a symbolic link) of at most
/// [`MAX_FILE_BYTES`], UTF-8.
///
/// The file is opened only if it is a regular file, without blocking (see
/// [`crate::regular_file`]): a named pipe put in its place would otherwise block `open` until
/// something writes to it (the app would hang, deaf to `q` and SIGTERM), and a device such as
/// `/dev/zero` has no size and never ends.
pub fn read_file(path: &Path) -> Result<String, LabError> {
    use crate::regular_file::RegularFileError;
    let bytes = crate::regular_file::read(path, MAX_FILE_BYTES).map_err(|error| match error {
        RegularFileError::Io { source, .. } => LabError::Io {
            action: "read",
            path: path.to_owned(),
            source,
        },
        RegularFileError::NotAFile { kind, .. } => LabError::NotAFile {
            path: path.to_owned(),
            kind,
        },
        RegularFileError::TooLarge { size, .. } => LabError::TooLarge {
            path: path.to_owned(),
            size,
        },
    })?;
    String::from_utf8(bytes).map_err(|_| LabError::NotText {
        path: path.to_owned(),
    })
}

/// One goal and whether the file passes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalResult {
    /// The check's name as written in the lab (`ships`, `exec_form`, ...).
    pub check: &'static str,
    /// The checklist text.
    pub text: String,
    /// Whether it passes.
    pub passed: bool,
    /// Why it passes or fails, about this file, in one sentence.
    pub why: String,
}

/// Something the parser or the analyzer says about a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMark {
    /// 1-based line; 0 for the file as a whole (for example, no `FROM` at all).
    pub line: usize,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, in one sentence, with the rule id when a rule found it.
    pub text: String,
}

/// The outcome of checking a file against a lab.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Each goal, in the lab's order.
    pub goals: Vec<GoalResult>,
    /// Parse problems and analyzer findings, by line.
    pub marks: Vec<LineMark>,
}

impl Report {
    /// How many goals pass.
    pub fn passed(&self) -> usize {
        self.goals.iter().filter(|g| g.passed).count()
    }

    /// Whether there are goals and every one passes.
    pub fn all_pass(&self) -> bool {
        !self.goals.is_empty() && self.goals.iter().all(|g| g.passed)
    }

    /// The worst mark on `line`, if any.
    pub fn worst_at(&self, line: usize) -> Option<Severity> {
        self.marks
            .iter()
            .filter(|m| m.line == line)
            .map(|m| m.severity)
            .max()
    }
}

/// Parses and analyses `text` once and runs every goal of `lab` on it.
pub fn check(text: &str, lab: &Lab) -> Report {
    let dockerfile = parse(text);
    let mut marks: Vec<LineMark> = dockerfile
        .diagnostics
        .iter()
        .map(|d| LineMark {
            line: d.position.line,
            severity: d.severity,
            text: d.message.clone(),
        })
        .collect();
    let goals = match analyze(&dockerfile, None) {
        Ok(analysis) => {
            marks.extend(analysis.findings.iter().map(|f| LineMark {
                line: f.line,
                severity: f.severity,
                text: format!("{} [{}]", f.message, f.rule),
            }));
            lab.goals
                .iter()
                .map(|g| {
                    let outcome = judge_goal(&dockerfile, &analysis, &g.check);
                    GoalResult {
                        check: g.check.name(),
                        text: g.text(),
                        passed: outcome.passed,
                        why: outcome.why,
                    }
                })
                .collect()
        }
        Err(error) => {
            marks.push(LineMark {
                line: 0,
                severity: Severity::Error,
                text: error.to_string(),
            });
            lab.goals
                .iter()
                .map(|g| GoalResult {
                    check: g.check.name(),
                    text: g.text(),
                    passed: false,
                    why: error.to_string(),
                })
                .collect()
        }
    };
    marks.sort_by(|a, b| a.line.cmp(&b.line).then(b.severity.cmp(&a.severity)));
    Report { goals, marks }
}

/// One line of a line diff between the learner's file and the lab's solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    /// In both files.
    Same(String),
    /// Only in the learner's file.
    Mine(String),
    /// Only in the solution.
    Solution(String),
}

/// The longest file compared line by line; longer ones are cut (a lab file is a few dozen
/// lines).
pub const DIFF_MAX_LINES: usize = 2000;

/// The learner's file against the solution, line by line (a longest common subsequence of
/// lines, compared with surrounding white space ignored): lines of both, lines only the
/// learner wrote, lines only the solution has, in file order.
pub fn line_diff(mine: &str, solution: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = mine.lines().take(DIFF_MAX_LINES).collect();
    let b: Vec<&str> = solution.lines().take(DIFF_MAX_LINES).collect();
    let same = |x: &str, y: &str| x.trim() == y.trim();
    let mut lengths = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i][j] = if same(a[i], b[j]) {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && same(a[i], b[j]) {
            out.push(DiffLine::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lengths[i][j + 1] >= lengths[i + 1][j]) {
            out.push(DiffLine::Solution(b[j].to_owned()));
            j += 1;
        } else {
            out.push(DiffLine::Mine(a[i].to_owned()));
            i += 1;
        }
    }
    out
}

/// The hints a learner has asked for so far: the first `revealed` of the lab's hints.
pub fn revealed_hints(lab: &Lab, revealed: usize) -> &[String] {
    &lab.hints[..revealed.min(lab.hints.len())]
}

/// What is compared to notice a change: modification time and size, or nothing when the
/// file cannot be read.
type Signature = Option<(Option<SystemTime>, u64)>;

/// Notices changes to one file by polling its modification time and size. A change is
/// reported once the file has stayed the same for one more poll, so an editor that writes
/// in several steps is read once, when it is done.
#[derive(Debug, Clone)]
pub struct FileWatch {
    path: PathBuf,
    seen: Signature,
    settling: bool,
}

impl FileWatch {
    /// Watches `path`, taking its current state as seen.
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            seen: signature(path),
            settling: false,
        }
    }

    /// Whether the file changed and has been stable since the previous poll.
    pub fn poll(&mut self) -> bool {
        let now = signature(&self.path);
        if now != self.seen {
            self.seen = now;
            self.settling = true;
            return false;
        }
        std::mem::take(&mut self.settling)
    }

    /// Takes the file's current state as seen (after reading it for another reason).
    pub fn mark_seen(&mut self) {
        self.seen = signature(&self.path);
        self.settling = false;
    }
}

fn signature(path: &Path) -> Signature {
    let meta = fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

/// The editor to run: `$VISUAL`, else `$EDITOR`, else `vi` (blank values are skipped).
pub fn choose_editor(visual: Option<&str>, editor: Option<&str>) -> String {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|e| !e.is_empty())
        .unwrap_or("vi")
        .to_owned()
}

/// The editor from the environment, see [`choose_editor`].
pub fn editor_from_env() -> String {
    let visual = std::env::var("VISUAL").ok();
    let editor = std::env::var("EDITOR").ok();
    choose_editor(visual.as_deref(), editor.as_deref())
}

/// The command that opens `path` in `editor`. The editor may carry arguments
/// (`code --wait`); on Unix it goes through `sh` like git does, so quoting works.
pub fn editor_command(editor: &str, path: &Path) -> Command {
    if cfg!(unix) {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg(editor)
            .arg(path);
        command
    } else {
        let mut words = editor.split_whitespace();
        let mut command = Command::new(words.next().unwrap_or("vi"));
        command.args(words).arg(path);
        command
    }
}

/// Runs `editor` on `path` with the terminal's standard streams and waits for it.
pub fn run_editor(editor: &str, path: &Path) -> io::Result<ExitStatus> {
    editor_command(editor, path).status()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::LabGoal;
    use crate::dockerfile::LabCheck;

    fn lab() -> Lab {
        Lab {
            start: "FROM golang:1.23\nRUN go build -o /app .\nCMD /app\n".into(),
            goals: vec![
                LabGoal {
                    check: LabCheck::MinStages(2),
                    label: None,
                },
                LabGoal {
                    check: LabCheck::CopyFrom,
                    label: Some("copy the binary".into()),
                },
            ],
            solution: None,
            hints: Vec::new(),
            build: None,
        }
    }

    #[test]
    fn prepare_writes_the_start_once_and_keeps_edits() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path().join("labs").join("x");
        let first = prepare(&dir, "FROM scratch\n").expect("prepare");
        assert!(first.created);
        assert_eq!(first.path, dir.join("Dockerfile"));
        fs::write(&first.path, "FROM alpine\n").expect("edit");
        let again = prepare(&dir, "FROM scratch\n").expect("prepare again");
        assert!(!again.created);
        assert_eq!(read_file(&again.path).expect("read"), "FROM alpine\n");
    }

    #[test]
    fn prepare_refuses_a_folder_in_the_way() {
        let temp = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(temp.path().join("Dockerfile")).expect("mkdir");
        let error = prepare(temp.path(), "FROM scratch\n").expect_err("a folder");
        assert!(error.to_string().contains("not a file"), "{error}");
    }

    #[test]
    fn reading_rejects_big_and_binary_files() {
        let temp = tempfile::tempdir().expect("temp dir");
        let big = temp.path().join("big");
        fs::write(&big, vec![b'#'; (MAX_FILE_BYTES + 10) as usize]).expect("write");
        assert!(matches!(read_file(&big), Err(LabError::TooLarge { .. })));
        let binary = temp.path().join("bin");
        fs::write(&binary, [0xff, 0xfe, 0x00]).expect("write");
        assert!(matches!(read_file(&binary), Err(LabError::NotText { .. })));
        let missing = read_file(&temp.path().join("none")).expect_err("missing");
        assert!(missing.to_string().starts_with("cannot read "), "{missing}");
    }

    #[test]
    fn a_named_pipe_is_refused_at_once_without_blocking() {
        let temp = tempfile::tempdir().expect("temp dir");
        let fifo = temp.path().join(FILE_NAME);
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .expect("mkfifo");
        // Without O_NONBLOCK this open would wait for a writer for ever.
        let error = read_file(&fifo).expect_err("a FIFO");
        assert!(matches!(error, LabError::NotAFile { .. }), "{error}");
        assert!(error.to_string().contains("named pipe"), "{error}");
    }

    #[test]
    fn a_link_to_a_device_is_refused_with_the_real_reason() {
        let temp = tempfile::tempdir().expect("temp dir");
        for device in ["/dev/zero", "/dev/null"] {
            let link = temp.path().join(device.replace('/', "_"));
            std::os::unix::fs::symlink(device, &link).expect("symlink");
            let error = read_file(&link).expect_err("a device");
            let message = error.to_string();
            assert!(message.contains("character device"), "{message}");
            assert!(!message.contains("bytes"), "{message}");
        }
        let folder = read_file(temp.path()).expect_err("a folder");
        assert!(matches!(folder, LabError::NotAFile { .. }), "{folder}");
        // A link to a regular file is fine.
        let real = temp.path().join("real");
        fs::write(&real, "FROM scratch\n").expect("write");
        let link = temp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        assert_eq!(read_file(&link).expect("read"), "FROM scratch\n");
    }

    #[test]
    fn default_dir_stays_inside_labs() {
        let data = Path::new("/data");
        assert_eq!(
            default_dir(data, "default", "lab-go.v2").expect("dir"),
            PathBuf::from("/data/labs/default/lab-go.v2")
        );
        assert_eq!(
            default_dir(data, "ana", "lab-go").expect("dir"),
            PathBuf::from("/data/labs/ana/lab-go")
        );
        for bad in ["", ".", "..", "a/b", "a\\b"] {
            assert!(default_dir(data, "default", bad).is_err(), "{bad:?}");
            assert!(default_dir(data, bad, "lab-go").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn work_left_by_an_earlier_version_is_kept_for_the_default_profile() {
        let dir = tempfile::tempdir().expect("tempdir");
        let earlier = dir.path().join("labs").join("lab-go");
        fs::create_dir_all(&earlier).expect("mkdir");
        fs::write(earlier.join("Dockerfile"), "FROM scratch\n").expect("write");
        assert_eq!(
            default_dir(dir.path(), "default", "lab-go").expect("dir"),
            earlier
        );
        assert_eq!(
            default_dir(dir.path(), "ana", "lab-go").expect("dir"),
            dir.path().join("labs").join("ana").join("lab-go")
        );
    }

    #[test]
    fn check_reports_goals_and_marks() {
        let lab = lab();
        let start = check(&lab.start, &lab);
        assert_eq!(start.passed(), 0);
        assert!(!start.all_pass());
        assert_eq!(start.goals[1].text, "copy the binary");
        assert_eq!(start.goals[0].text, "at least 2 stages");
        let fixed = "FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD [\"/app\"]\n";
        let report = check(fixed, &lab);
        assert!(report.all_pass(), "{report:?}");
        // cgo into scratch is an analyzer error on the RUN line.
        assert!(
            report
                .marks
                .iter()
                .any(|m| m.line == 2 && m.text.contains('['))
        );
        let empty = check("", &lab);
        assert!(!empty.all_pass());
        assert_eq!(empty.marks[0].line, 0);
        assert_eq!(empty.worst_at(0), Some(Severity::Error));
        assert_eq!(empty.worst_at(5), None);
    }

    #[test]
    fn the_diff_shows_what_each_side_lacks() {
        let mine = "FROM golang:1.27\nCOPY . .\nRUN go build -o /app .\nCMD /app\n";
        let solution = "FROM golang:1.27\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCMD [\"/app\"]\n";
        let diff = line_diff(mine, solution);
        assert_eq!(diff[0], DiffLine::Same("FROM golang:1.27".into()));
        assert_eq!(diff[1], DiffLine::Same("COPY . .".into()));
        let mine_only: Vec<_> = diff
            .iter()
            .filter(|d| matches!(d, DiffLine::Mine(_)))
            .collect();
        let theirs: Vec<_> = diff
            .iter()
            .filter(|d| matches!(d, DiffLine::Solution(_)))
            .collect();
        assert_eq!(mine_only.len(), 2, "{diff:?}");
        assert_eq!(theirs.len(), 3, "{diff:?}");
        assert!(
            line_diff("a\n", "a\n")
                .iter()
                .all(|d| matches!(d, DiffLine::Same(_)))
        );
        assert_eq!(line_diff("", "x"), vec![DiffLine::Solution("x".into())]);
        let mut lab = lab();
        lab.hints = vec!["one".into(), "two".into()];
        assert_eq!(revealed_hints(&lab, 1), ["one".to_owned()]);
        assert_eq!(revealed_hints(&lab, 9).len(), 2);
    }

    #[test]
    fn a_change_is_reported_once_the_file_is_stable() {
        let temp = tempfile::tempdir().expect("temp dir");
        let path = temp.path().join("Dockerfile");
        fs::write(&path, "FROM scratch\n").expect("write");
        let mut watch = FileWatch::new(&path);
        assert!(!watch.poll());
        fs::write(&path, "FROM alpine:3.20\n").expect("write");
        assert!(!watch.poll(), "not yet: it may still be written");
        assert!(watch.poll(), "stable for one poll");
        assert!(!watch.poll(), "reported once");
        fs::remove_file(&path).expect("remove");
        assert!(!watch.poll());
        assert!(watch.poll(), "removal is a change too");
        fs::write(&path, "FROM alpine:3.21\n").expect("write");
        watch.mark_seen();
        assert!(!watch.poll() && !watch.poll());
    }

    #[test]
    fn the_editor_comes_from_visual_then_editor_then_vi() {
        assert_eq!(choose_editor(Some("hx"), Some("nano")), "hx");
        assert_eq!(choose_editor(Some("  "), Some("nano")), "nano");
        assert_eq!(choose_editor(None, None), "vi");
    }

    #[cfg(unix)]
    #[test]
    fn the_editor_gets_the_path_as_one_argument() {
        let temp = tempfile::tempdir().expect("temp dir");
        let path = temp.path().join("with space").join("Dockerfile");
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, "FROM scratch\n").expect("write");
        // An "editor" with an argument of its own, appending a line to the file it is given.
        let status = run_editor("printf 'USER 1\\n' >>", &path).expect("run");
        assert!(status.success());
        assert_eq!(read_file(&path).expect("read"), "FROM scratch\nUSER 1\n");
    }

    #[test]
    fn unknown_ids_and_other_kinds_are_explained() {
        let content = ContentSet::embedded();
        let labs = lab_ids(&content);
        assert!(labs.len() >= 6, "{labs:?}");
        let error = find(&content, "no-such-lab").expect_err("unknown");
        assert!(error.to_string().contains(&labs[0]), "{error}");
        let other = content
            .questions
            .iter()
            .find(|q| !matches!(q.kind, QuestionKind::Lab(_)))
            .expect("a non-lab question");
        let error = find(&content, &other.id).expect_err("not a lab");
        assert!(error.to_string().contains("not a lab"), "{error}");
        assert!(find(&content, &labs[0]).is_ok());
    }
}
