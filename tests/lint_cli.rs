//! `stagecraft lint` as a process: output lines, JSON, and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn stagecraft(args: &[&str], stdin: Option<&str>) -> Output {
    // No shellcheck, whatever this machine has installed: tests of it bring their own.
    stagecraft_with(args, stdin, "/nonexistent/shellcheck")
}

fn stagecraft_with(args: &[&str], stdin: Option<&str>, shellcheck: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .env("STAGECRAFT_SHELLCHECK", shellcheck)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start stagecraft: {e}"));
    // Dropping the pipe closes standard input, also when there is nothing to write.
    if let (Some(mut pipe), Some(text)) = (child.stdin.take(), stdin) {
        pipe.write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("cannot write stdin: {e}"));
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("stagecraft did not finish: {e}"))
}

fn rules_fixture(rule: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dockerfiles/rules")
        .join(rule)
        .join(file)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write_temp(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    path.display().to_string()
}

#[test]
fn a_clean_file_exits_zero_silently() {
    let path = rules_fixture("go-build-with-cgo", "good.Dockerfile");
    let output = stagecraft(&["lint", &path.display().to_string()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn error_findings_exit_one_with_path_line_severity_rule() {
    let path = rules_fixture("interpreter-in-cmd", "bad.Dockerfile");
    let shown = path.display().to_string();
    let output = stagecraft(&["lint", &shown], None);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|l| l.contains("interpreter-in-cmd"))
        .unwrap_or_else(|| panic!("no finding in {text}"));
    assert!(
        line.starts_with(&format!(
            "{shown}:8: error interpreter-in-cmd: CMD starts with `python3`"
        )),
        "{line}"
    );
}

#[test]
fn warnings_alone_exit_zero() {
    let path = rules_fixture("final-stage-runs-as-root", "bad.Dockerfile");
    let output = stagecraft(&["lint", &path.display().to_string()], None);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains(":6: warning final-stage-runs-as-root:"));
}

#[test]
fn several_files_and_the_worst_exit_code_wins() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = write_temp(
        &dir,
        "good.Dockerfile",
        "FROM alpine:3.24\nUSER 1000\nCMD [\"true\"]\n",
    );
    let broken = write_temp(
        &dir,
        "broken.Dockerfile",
        "FROM alpine:3.24\nRUN <<EOF\necho never ends\n",
    );
    let bad = rules_fixture("named-user-on-scratch", "bad.Dockerfile")
        .display()
        .to_string();
    let output = stagecraft(&["lint", &good, &bad, &broken], None);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(
        text.contains(&format!("{bad}:6: error named-user-on-scratch:")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{broken}:2:5: error: unterminated heredoc: no line `EOF` ends it"
        )),
        "{text}"
    );
    assert!(!text.contains(&good), "{text}");
}

#[test]
fn unreadable_and_missing_files_exit_two() {
    let output = stagecraft(&["lint", "/definitely/not/here/Dockerfile"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output)
            .starts_with("/definitely/not/here/Dockerfile: error: cannot read the file:")
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("latin1.Dockerfile");
    std::fs::write(&path, b"FROM alpine\nLABEL a=\xe9\n").unwrap_or_else(|e| panic!("{e}"));
    let output = stagecraft(&["lint", &path.display().to_string()], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("not UTF-8"));
}

#[test]
fn standard_input_and_target() {
    let src = "FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM build AS dev\nFROM scratch AS prod\nCOPY --from=build /app /app\nUSER 1\nENTRYPOINT [\"/app\"]\n";
    let output = stagecraft(&["lint", "-"], Some(src));
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("<stdin>:2: error go-build-with-cgo:"));
    assert!(!stdout(&output).contains("final-stage-runs-as-root"));
    // With --target the rules about the final image look at `dev`; file-wide errors remain.
    let output = stagecraft(&["lint", "--target", "dev", "-"], Some(src));
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("<stdin>:3: info final-stage-runs-as-root: the final stage `dev` sets neither USER nor a command"),
        "{text}"
    );
    assert!(
        text.contains("<stdin>:4: info unused-stage: stage `prod` comes after the target `dev`"),
        "{text}"
    );
    let output = stagecraft(&["lint", "--target", "qa", "-"], Some(src));
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("no stage is named `qa`; named stages: build, dev, prod"));
}

#[test]
fn json_output_describes_each_file() {
    let path = rules_fixture("copy-from-unknown-stage", "bad.Dockerfile");
    let output = stagecraft(
        &["lint", "--format", "json", &path.display().to_string()],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    let file = &json["files"][0];
    assert_eq!(file["path"], path.display().to_string());
    assert_eq!(file["status"], "ok");
    assert_eq!(file["stages"][0]["name"], "builder");
    assert_eq!(file["stages"][0]["needed"], false);
    assert_eq!(
        file["stages"][1]["base"]["reference"],
        "gcr.io/distroless/static-debian13:nonroot"
    );
    assert_eq!(file["final_stage"]["index"], 1);
    assert_eq!(file["edges"].as_array().map(Vec::len), Some(0));
    let finding = file["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule"] == "copy-from-unknown-stage"))
        .unwrap_or_else(|| panic!("no finding in {file}"));
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["line"], 8);
    assert_eq!(
        finding["lesson"],
        "multi-stage-anatomy#copying-between-stages"
    );
    assert!(
        finding["explanation"]
            .as_str()
            .is_some_and(|e| e.len() > 100)
    );
}

#[test]
fn json_reports_parse_errors_with_positions() {
    let output = stagecraft(
        &["lint", "--format", "json", "-"],
        Some("FROM alpine:3\nCOPY --chown a b\n"),
    );
    assert_eq!(output.status.code(), Some(2));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    let file = &json["files"][0];
    assert_eq!(file["status"], "unparsable");
    assert_eq!(file["diagnostics"][0]["position"]["line"], 2);
    assert_eq!(file["diagnostics"][0]["position"]["column"], 6);
    assert_eq!(file["diagnostics"][0]["severity"], "error");
}

#[test]
fn usage_errors_come_from_clap() {
    let output = stagecraft(&["lint"], None);
    assert_eq!(output.status.code(), Some(2));
    let output = stagecraft(&["lint", "--format", "xml", "x"], None);
    assert_eq!(output.status.code(), Some(2));
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn standard_input_suppression_and_threshold() {
    let src = "FROM python:3.13-slim\nRUN pip install --no-cache-dir flask==3.1.0\n\
               # stagecraft-ignore relative-destination-without-workdir\nCOPY app.py .\n\
               USER 65532\nCMD python app.py\n";
    let output = stagecraft(&["lint", "-"], Some(src));
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(!text.contains("relative-destination"), "{text}");
    assert!(
        text.contains("<stdin>:6: warning shell-form-command"),
        "{text}"
    );
    assert!(
        stderr(&output).contains("shellcheck is not installed"),
        "{}",
        stderr(&output)
    );
    let output = stagecraft(&["lint", "--severity-threshold", "warning", "-"], Some(src));
    assert_eq!(output.status.code(), Some(1));
    let ignore_all = format!("# stagecraft-ignore-file shell-form-command\n{src}");
    let output = stagecraft(
        &["lint", "--severity-threshold", "warning", "-"],
        Some(&ignore_all),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn a_config_beside_the_file_or_given_changes_rules_and_trusts_registries() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(rules_fixture("untrusted-registry", "bad.Dockerfile"))
        .unwrap_or_else(|e| panic!("{e}"));
    let file = write_temp(&dir, "Dockerfile", &text);
    let output = stagecraft(&["lint", &file], None);
    assert!(
        !stdout(&output).contains("untrusted-registry"),
        "no list, no rule"
    );
    write_temp(
        &dir,
        ".stagecraft-lint.yaml",
        "trusted-registries: [docker.io]\nseverity:\n  final-stage-runs-as-root: error\ndisable: [unpinned-base-image]\n",
    );
    let output = stagecraft(&["lint", &file], None);
    let text = stdout(&output);
    assert!(
        text.contains(
            ":2: error untrusted-registry: `quay.io/example/tool:1.0` comes from `quay.io`"
        ),
        "{text}"
    );
    assert_eq!(output.status.code(), Some(1));
    let other = write_temp(&dir, "other.yaml", "disable: [untrusted-registry]\n");
    let output = stagecraft(&["lint", "--config", &other, &file], None);
    assert!(
        !stdout(&output).contains("untrusted-registry"),
        "{}",
        stdout(&output)
    );
    let broken = write_temp(&dir, "broken.yaml", "disable: [no-such-rule]\n");
    let output = stagecraft(&["lint", "--config", &broken, &file], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`no-such-rule` is not a rule id"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn shellcheck_findings_land_on_the_run_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // A stand-in for shellcheck that reports one warning on line 1 of the first file it is
    // given (after four options and `--`).
    let fake = write_temp(
        &dir,
        "shellcheck",
        "#!/bin/sh\nshift 5\necho '{\"comments\":[{\"file\":\"'\"$1\"'\",\"line\":1,\"endLine\":1,\"column\":1,\"endColumn\":2,\"level\":\"warning\",\"code\":2164,\"message\":\"Use cd ... || exit in case cd fails.\",\"fix\":null}]}'\n",
    );
    let mut permissions = std::fs::metadata(&fake)
        .map(|m| m.permissions())
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&fake, permissions).unwrap_or_else(|e| panic!("{e}"));
    let path = rules_fixture("shellcheck", "bad.Dockerfile");
    let output = stagecraft_with(&["lint", &path.display().to_string()], None, &fake);
    let text = stdout(&output);
    assert!(
        text.contains(":3: warning shellcheck: SC2164: Use cd ... || exit"),
        "{text}"
    );
    assert!(
        !stderr(&output).contains("not installed"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn sarif_output_is_one_run_with_rules_and_results() {
    let path = rules_fixture("interpreter-in-cmd", "bad.Dockerfile");
    let output = stagecraft(
        &["lint", "--format", "sarif", &path.display().to_string()],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap_or_default();
    assert_eq!(json["version"], "2.1.0");
    let results = json["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "interpreter-in-cmd" && r["level"] == "error")
    );
}

#[test]
fn rules_are_listed() {
    let output = stagecraft(&["lint", "--rules"], None);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for rule in stagecraft::dockerfile::RULES {
        assert!(
            text.contains(&format!("{} ({})", rule.id, rule.severity)),
            "{}",
            rule.id
        );
    }
}

#[test]
fn ten_thousand_stages_give_bounded_output() {
    let mut src = String::from("FROM alpine:3.21 AS s0\n");
    for i in 1..10_000 {
        src.push_str(&format!("FROM s{} AS s{i}\nRUN echo {i}\n", i - 1));
    }
    src.push_str("USER 65532\nCMD [\"/bin/true\"]\n");
    let output = stagecraft(&["lint", "--format", "json", "-"], Some(&src));
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap_or_default();
    assert_eq!(
        json["files"][0]["stages"].as_array().map(Vec::len),
        Some(10_000)
    );
    assert_eq!(
        json["files"][0]["edges"].as_array().map(Vec::len),
        Some(9_999)
    );
}

#[test]
fn doubling_build_arguments_are_reported_at_their_line_not_expanded() {
    // About 800 bytes: 40 arguments, each twice the one before (2^40 bytes if expanded).
    let mut src = String::from("ARG A0=xxxxxxxx\n");
    for i in 1..40 {
        src.push_str(&format!("ARG A{i}=$A{}$A{}\n", i - 1, i - 1));
    }
    src.push_str("FROM alpine:3.21\nRUN echo $A39\n");
    assert!(src.len() < 1_000);
    let output = stagecraft(&["lint", "-"], Some(&src));
    let text = stdout(&output);
    assert!(
        text.contains(
            "<stdin>:12: warning variable-expansion-limit: `ARG A11` expands to more than 8 KiB"
        ),
        "{text}"
    );
    assert!(
        text.len() < 20_000,
        "output stays small: {} bytes",
        text.len()
    );
}
