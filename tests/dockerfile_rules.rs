//! Every lint rule is caught by its own fixtures and silent on the correct counterparts.
//!
//! Fixtures live in `tests/fixtures/dockerfiles/rules/<rule-id>/`: files named `bad*.Dockerfile`
//! must produce the rule (at the line given by their first line, `# expect-line: N`), files named
//! `good*.Dockerfile` must not produce it and must have no error-level finding at all.

use std::fs;
use std::path::{Path, PathBuf};

use stagecraft::dockerfile::rules::catalog::rules_markdown;
use stagecraft::dockerfile::{RULES, Severity, analyze, parse};

/// Rules whose findings need more than the file: shellcheck runs as a program, and trusted
/// registries come from the configuration. `tests/lint_cli.rs` runs their bad fixtures
/// through the binary.
const NEEDS_SETTINGS: &[&str] = &["shellcheck", "untrusted-registry"];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfiles/rules")
}

/// The fixture files of a rule whose names start with `prefix`.
fn fixtures(rule: &str, prefix: &str) -> Vec<(PathBuf, String)> {
    let dir = fixtures_dir().join(rule);
    let mut files: Vec<(PathBuf, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no fixtures for {rule} in {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".Dockerfile"))
        })
        .map(|path| {
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (path, text)
        })
        .collect();
    files.sort();
    files
}

fn expected_line(path: &Path, text: &str) -> usize {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect-line:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{} must start with `# expect-line: N`", path.display()))
}

/// `(rule, line, message)` of every finding, after checking the file parses cleanly.
fn findings(path: &Path, text: &str) -> Vec<(String, usize, Severity, String)> {
    let dockerfile = parse(text);
    assert!(
        dockerfile.diagnostics.is_empty(),
        "{} has parse diagnostics: {:?}",
        path.display(),
        dockerfile.diagnostics
    );
    let analysis = analyze(&dockerfile, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    analysis
        .findings
        .into_iter()
        .map(|f| (f.rule.to_owned(), f.line, f.severity, f.message))
        .collect()
}

#[test]
fn every_rule_has_bad_and_good_fixtures() {
    for rule in RULES {
        assert!(
            !fixtures(rule.id, "bad").is_empty(),
            "{} has no bad fixture",
            rule.id
        );
        assert!(
            !fixtures(rule.id, "good").is_empty(),
            "{} has no good fixture",
            rule.id
        );
    }
    // No stray folders for rules that do not exist.
    for entry in fs::read_dir(fixtures_dir()).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            RULES.iter().any(|r| r.id == name),
            "fixture folder {name} matches no rule"
        );
    }
}

#[test]
fn bad_fixtures_are_caught_at_the_expected_line() {
    for rule in RULES.iter().filter(|r| !NEEDS_SETTINGS.contains(&r.id)) {
        for (path, text) in fixtures(rule.id, "bad") {
            let line = expected_line(&path, &text);
            let found = findings(&path, &text);
            assert!(
                found.iter().any(|(id, l, severity, _)| id == rule.id
                    && *l == line
                    && *severity == rule.severity),
                "{}: expected {} at line {line}, got {found:#?}",
                path.display(),
                rule.id
            );
        }
    }
}

#[test]
fn good_fixtures_are_silent_and_have_no_errors() {
    for rule in RULES {
        for (path, text) in fixtures(rule.id, "good") {
            let found = findings(&path, &text);
            assert!(
                !found.iter().any(|(id, ..)| id == rule.id),
                "{}: {} should be silent, got {found:#?}",
                path.display(),
                rule.id
            );
            assert!(
                !found
                    .iter()
                    .any(|(_, _, severity, _)| *severity == Severity::Error),
                "{}: a correct file has an error finding: {found:#?}",
                path.display()
            );
        }
    }
}

#[test]
fn each_bad_fixture_fails_for_its_own_reason() {
    // A bad fixture for an error rule has exactly that error: it is not caught by accident of
    // another rule's error.
    for rule in RULES.iter().filter(|r| r.severity == Severity::Error) {
        for (path, text) in fixtures(rule.id, "bad") {
            let errors: Vec<String> = findings(&path, &text)
                .into_iter()
                .filter(|(_, _, s, _)| *s == Severity::Error)
                .map(|(id, ..)| id)
                .collect();
            assert!(
                errors.iter().all(|id| id == rule.id),
                "{}: other errors besides {}: {errors:?}",
                path.display(),
                rule.id
            );
        }
    }
}

#[test]
fn target_changes_which_stage_is_checked() {
    let text = "\
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /out/app .
FROM gcr.io/distroless/static-debian12:nonroot AS runtime
COPY --from=build /out/app /app
ENTRYPOINT [\"/app\"]
FROM build AS debug
RUN apt-get update && apt-get install -y delve
";
    let dockerfile = parse(text);
    let last = analyze(&dockerfile, None).unwrap_or_else(|e| panic!("{e}"));
    let rules: Vec<&str> = last.findings.iter().map(|f| f.rule).collect();
    assert!(
        rules.contains(&"package-manager-in-final-stage"),
        "{rules:?}"
    );
    assert!(rules.contains(&"final-stage-runs-as-root"), "{rules:?}");
    let runtime = analyze(&dockerfile, Some("runtime")).unwrap_or_else(|e| panic!("{e}"));
    let rules: Vec<(&str, usize)> = runtime
        .findings
        .iter()
        .filter(|f| f.rule != "outdated-image")
        .map(|f| (f.rule, f.line))
        .collect();
    assert_eq!(rules, vec![("unused-stage", 6)]);
}

/// `docs/rules.md` lists the rules exactly as the catalog has them. Run the tests with
/// `UPDATE_RULES_DOC=1` to rewrite the table after changing a rule.
#[test]
fn docs_rules_md_lists_every_rule_as_the_catalog_has_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (begin, end) = ("<!-- rules:begin -->\n", "<!-- rules:end -->");
    let start = text.find(begin).map(|i| i + begin.len());
    let stop = text.find(end);
    let (Some(start), Some(stop)) = (start, stop) else {
        panic!("docs/rules.md has no {begin} ... {end} block");
    };
    let generated = rules_markdown();
    if std::env::var_os("UPDATE_RULES_DOC").is_some() {
        let updated = format!("{}{generated}{}", &text[..start], &text[stop..]);
        fs::write(&path, updated).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    assert!(
        text[start..stop] == generated,
        "docs/rules.md is out of date: run `UPDATE_RULES_DOC=1 cargo test --test dockerfile_rules`"
    );
}
