//! Runs `shellcheck` over the shell scripts of `RUN` instructions, when it is installed, and
//! turns what it reports into findings at the Dockerfile's lines.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use crate::dockerfile::Severity;
use crate::dockerfile::facts::ShellScript;
use crate::dockerfile::lex::clip;
use crate::dockerfile::rules::Finding;
use crate::dockerfile::rules::catalog::SHELLCHECK;

/// Checks shellcheck does not make sense on RUN scripts: sourced files it cannot see, and
/// the "unassigned variable" family (the Dockerfile's ARG and ENV set them).
const EXCLUDED: &str = "SC1090,SC1091,SC2154";

/// The longest script passed to shellcheck; longer ones are skipped.
const MAX_SCRIPT: usize = 64 * 1024;

/// At most this many scripts of one file go to shellcheck; a file with more
/// `RUN`s than that is generated or hostile, and the rest are skipped with a note.
pub const MAX_SCRIPTS: usize = 200;

/// Finds `shellcheck`: the program named by `STAGECRAFT_SHELLCHECK`, else the one on PATH.
pub fn locate() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("STAGECRAFT_SHELLCHECK") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("shellcheck"))
        .find(|candidate| candidate.is_file())
}

/// One comment of shellcheck's `json1` output.
#[derive(Debug, Deserialize)]
struct Comment {
    #[serde(default)]
    file: String,
    line: usize,
    level: String,
    code: u32,
    message: String,
}

#[derive(Debug, Deserialize)]
struct Output {
    comments: Vec<Comment>,
}

/// Runs shellcheck over the scripts (the first [`MAX_SCRIPTS`]); returns the findings, or why
/// it could not run.
///
/// The scripts are written to files in a temporary folder and checked by one shellcheck
/// process per shell dialect: starting shellcheck costs far more than checking a short
/// script, and one process per `RUN` made a file of many stages take seconds.
pub fn check(program: &PathBuf, scripts: &[ShellScript]) -> Result<Vec<Finding>, String> {
    let checked: Vec<&ShellScript> = scripts
        .iter()
        .take(MAX_SCRIPTS)
        .filter(|s| s.text.len() <= MAX_SCRIPT)
        .collect();
    if checked.is_empty() {
        return Ok(Vec::new());
    }
    let folder = TempFolder::create()?;
    let mut findings = Vec::new();
    for dialect in ["sh", "bash"] {
        let mut names = Vec::new();
        for (index, script) in checked.iter().enumerate() {
            if script.dialect != dialect {
                continue;
            }
            let name = format!("run-{index}.sh");
            std::fs::write(folder.path.join(&name), &script.text)
                .map_err(|e| format!("cannot write a script for shellcheck: {e}"))?;
            names.push(name);
        }
        if names.is_empty() {
            continue;
        }
        let output = run(program, &folder.path, dialect, &names)?;
        findings.extend(to_findings(&output, |file| {
            let index: usize = file
                .strip_prefix("run-")?
                .strip_suffix(".sh")?
                .parse()
                .ok()?;
            checked.get(index).copied()
        })?);
    }
    Ok(findings)
}

/// A folder of our own under the system's temporary folder, removed when dropped.
struct TempFolder {
    path: PathBuf,
}

impl TempFolder {
    fn create() -> Result<TempFolder, String> {
        let base = std::env::temp_dir();
        let pid = std::process::id();
        let mut last_error = None;
        for attempt in 0..100u32 {
            let path = base.join(format!("stagecraft-shellcheck-{pid}-{attempt}"));
            // `create_dir` fails on an existing path, so the folder is ours alone.
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempFolder { path }),
                Err(e) => last_error = Some(e),
            }
        }
        Err(format!(
            "cannot make a temporary folder for shellcheck in {}: {}",
            base.display(),
            last_error.map_or_else(String::new, |e| e.to_string())
        ))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

fn run(
    program: &PathBuf,
    folder: &Path,
    dialect: &str,
    files: &[String],
) -> Result<String, String> {
    let output = Command::new(program)
        .args([
            "--format=json1",
            "--severity=warning",
            &format!("--shell={dialect}"),
            &format!("--exclude={EXCLUDED}"),
            "--",
        ])
        .args(files)
        .current_dir(folder)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Turns shellcheck's JSON into findings at the scripts' lines in the Dockerfile; `script`
/// gives the script a comment's file name holds (comments on other files are dropped).
fn to_findings<'s>(
    json: &str,
    script: impl Fn(&str) -> Option<&'s ShellScript>,
) -> Result<Vec<Finding>, String> {
    if json.trim().is_empty() {
        return Ok(Vec::new());
    }
    let output: Output = serde_json::from_str(json)
        .map_err(|e| format!("shellcheck printed something unexpected: {e}"))?;
    Ok(output
        .comments
        .into_iter()
        .filter_map(|c| {
            let script = script(&c.file)?;
            let mut finding = Finding::new(
                &SHELLCHECK,
                script.file_line(c.line),
                format!("SC{}: {}", c.code, clip(&c.message, 200)),
            );
            if c.level != "error" && c.level != "warning" {
                finding.severity = Severity::Info;
            }
            Some(finding)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_map_to_heredoc_lines_or_the_run_line() {
        let json = r#"{"comments":[{"file":"run-0.sh","line":2,"endLine":2,"column":1,"endColumn":3,"level":"warning","code":2164,"message":"Use cd ... || exit","fix":null},{"file":"run-0.sh","line":1,"endLine":1,"column":1,"endColumn":2,"level":"info","code":2086,"message":"Quote","fix":null},{"file":"other.sh","line":1,"endLine":1,"column":1,"endColumn":2,"level":"warning","code":1,"message":"x","fix":null}]}"#;
        let heredoc = ShellScript {
            text: String::new(),
            dialect: "sh",
            run_line: 4,
            first_line: Some(5),
        };
        let only = |name: &str| (name == "run-0.sh").then_some(&heredoc);
        let found = to_findings(json, only).unwrap_or_default();
        assert_eq!(found.len(), 2, "comments on unknown files are dropped");
        assert_eq!((found[0].line, found[0].rule), (6, "shellcheck"));
        assert_eq!(found[0].message, "SC2164: Use cd ... || exit");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[1].severity, Severity::Info);
        let joined = ShellScript {
            first_line: None,
            ..heredoc.clone()
        };
        let only = |name: &str| (name == "run-0.sh").then_some(&joined);
        assert_eq!(to_findings(json, only).unwrap_or_default()[0].line, 4);
        assert!(to_findings("not json", only).is_err());
        assert_eq!(to_findings("", only).map(|f| f.len()), Ok(0));
    }

    /// A stand-in for shellcheck that prints its arguments as a comment on each file it is
    /// given, and appends one line per run to `runs`.
    #[cfg(unix)]
    fn fake_shellcheck(dir: &Path) -> PathBuf {
        let path = dir.join("shellcheck");
        let runs = dir.join("runs");
        let script = format!(
            "#!/bin/sh\necho run >> '{}'\nshell=\"$3\"\nshift 5\nsep=''\nprintf '{{\"comments\":['\nfor f in \"$@\"; do\n  printf '%s{{\"file\":\"%s\",\"line\":1,\"level\":\"warning\",\"code\":1000,\"message\":\"%s %s\"}}' \"$sep\" \"$f\" \"$shell\" \"$(cat \"$f\")\"\n  sep=,\ndone\necho ']}}'\n",
            runs.display()
        );
        std::fs::write(&path, script).unwrap_or_else(|e| panic!("{e}"));
        let mut permissions = std::fs::metadata(&path)
            .map(|m| m.permissions())
            .unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
        std::fs::set_permissions(&path, permissions).unwrap_or_else(|e| panic!("{e}"));
        path
    }

    #[cfg(unix)]
    #[test]
    fn one_shellcheck_process_per_dialect_checks_every_script() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let program = fake_shellcheck(dir.path());
        let script = |text: &str, dialect, line| ShellScript {
            text: text.to_owned(),
            dialect,
            run_line: line,
            first_line: None,
        };
        let mut scripts: Vec<ShellScript> = (0..MAX_SCRIPTS + 10)
            .map(|i| script(&format!("echo{i}"), "sh", 10 + i))
            .collect();
        scripts[3] = script("bashy", "bash", 13);
        let found = check(&program, &scripts).unwrap_or_else(|e| panic!("{e}"));
        let runs = std::fs::read_to_string(dir.path().join("runs")).unwrap_or_default();
        assert_eq!(runs.lines().count(), 2, "one run for sh, one for bash");
        assert_eq!(found.len(), MAX_SCRIPTS, "the first {MAX_SCRIPTS} scripts");
        let at = |line: usize| {
            found
                .iter()
                .find(|f| f.line == line)
                .map(|f| f.message.as_str())
        };
        assert_eq!(at(10), Some("SC1000: --shell=sh echo0"));
        assert_eq!(at(13), Some("SC1000: --shell=bash bashy"));
        assert_eq!(
            at(10 + MAX_SCRIPTS - 1),
            Some(format!("SC1000: --shell=sh echo{}", MAX_SCRIPTS - 1)).as_deref()
        );
        assert_eq!(at(10 + MAX_SCRIPTS), None);
        assert_eq!(check(&program, &[]).map(|f| f.len()), Ok(0));
    }
}
