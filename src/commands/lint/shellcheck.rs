//! Runs `shellcheck` over the shell scripts of `RUN` instructions, when it is installed, and
//! turns what it reports into findings at the Dockerfile's lines.

use std::io::Write;
use std::path::PathBuf;
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

/// At most this many scripts of one file go to shellcheck (one process each); a file with more
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
    line: usize,
    level: String,
    code: u32,
    message: String,
}

#[derive(Debug, Deserialize)]
struct Output {
    comments: Vec<Comment>,
}

/// Runs shellcheck on each script (the first [`MAX_SCRIPTS`]); returns the findings, or why it
/// could not run.
pub fn check(program: &PathBuf, scripts: &[ShellScript]) -> Result<Vec<Finding>, String> {
    let mut findings = Vec::new();
    for script in scripts
        .iter()
        .take(MAX_SCRIPTS)
        .filter(|s| s.text.len() <= MAX_SCRIPT)
    {
        let output = run(program, script)?;
        findings.extend(to_findings(&output, script)?);
    }
    Ok(findings)
}

fn run(program: &PathBuf, script: &ShellScript) -> Result<String, String> {
    let mut child = Command::new(program)
        .args([
            "--format=json1",
            "--severity=warning",
            &format!("--shell={}", script.dialect),
            &format!("--exclude={EXCLUDED}"),
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A script shellcheck stops reading early is not an error of ours.
        let _ = stdin.write_all(script.text.as_bytes());
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("{} failed: {e}", program.display()))?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Turns shellcheck's JSON into findings at the script's lines in the Dockerfile.
fn to_findings(json: &str, script: &ShellScript) -> Result<Vec<Finding>, String> {
    if json.trim().is_empty() {
        return Ok(Vec::new());
    }
    let output: Output = serde_json::from_str(json)
        .map_err(|e| format!("shellcheck printed something unexpected: {e}"))?;
    Ok(output
        .comments
        .into_iter()
        .map(|c| {
            let mut finding = Finding::new(
                &SHELLCHECK,
                script.file_line(c.line),
                format!("SC{}: {}", c.code, clip(&c.message, 200)),
            );
            if c.level != "error" && c.level != "warning" {
                finding.severity = Severity::Info;
            }
            finding
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_map_to_heredoc_lines_or_the_run_line() {
        let json = r#"{"comments":[{"file":"-","line":2,"endLine":2,"column":1,"endColumn":3,"level":"warning","code":2164,"message":"Use cd ... || exit","fix":null},{"file":"-","line":1,"endLine":1,"column":1,"endColumn":2,"level":"info","code":2086,"message":"Quote","fix":null}]}"#;
        let heredoc = ShellScript {
            text: String::new(),
            dialect: "sh",
            run_line: 4,
            first_line: Some(5),
        };
        let found = to_findings(json, &heredoc).unwrap_or_default();
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[0].rule), (6, "shellcheck"));
        assert_eq!(found[0].message, "SC2164: Use cd ... || exit");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[1].severity, Severity::Info);
        let joined = ShellScript {
            first_line: None,
            ..heredoc
        };
        assert_eq!(to_findings(json, &joined).unwrap_or_default()[0].line, 4);
        assert!(to_findings("not json", &joined).is_err());
        assert_eq!(to_findings("", &joined).map(|f| f.len()), Ok(0));
    }
}
