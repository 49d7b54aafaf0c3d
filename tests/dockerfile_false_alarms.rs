//! Patterns from real projects that once produced false findings, each reproduced by a
//! fixture of our own in `tests/fixtures/dockerfiles/false-alarms/`, with what the analyzer
//! may say about it in its header:
//!
//! - `# at-most: <rule> <none|info|warning|error>`: findings of the rule stay at or below that
//!   severity (`none`: no finding at all);
//! - `# says: <rule> <text>`: a finding of the rule contains the text;
//! - `# count: <rule> <n>`: the rule finds exactly n things.

use std::fs;
use std::path::{Path, PathBuf};

use stagecraft::dockerfile::{
    AnalysisOptions, Base, BuildOptions, Finding, Platform, Severity, analyze, analyze_for, parse,
};

fn fixtures() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfiles/false-alarms");
    let mut files: Vec<(PathBuf, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            (path, text)
        })
        .collect();
    files.sort();
    files
}

fn severity(word: &str) -> Option<Severity> {
    match word {
        "none" => None,
        "info" => Some(Severity::Info),
        "warning" => Some(Severity::Warning),
        "error" => Some(Severity::Error),
        other => panic!("unknown level {other}"),
    }
}

fn findings(path: &Path, text: &str) -> Vec<Finding> {
    let dockerfile = parse(text);
    assert!(
        !dockerfile.has_errors(),
        "{}: {:?}",
        path.display(),
        dockerfile.diagnostics
    );
    analyze(&dockerfile, None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .findings
}

#[test]
fn every_fixture_stays_within_what_its_header_allows() {
    let files = fixtures();
    assert!(files.len() >= 15, "fixtures went missing");
    for (path, text) in files {
        let found = findings(&path, &text);
        let mut expectations = 0;
        for line in text.lines().take_while(|l| l.starts_with('#')) {
            let words: Vec<&str> = line.trim_start_matches('#').split_whitespace().collect();
            match words.as_slice() {
                ["at-most:", rule, level] => {
                    expectations += 1;
                    let limit = severity(level);
                    for f in found.iter().filter(|f| f.rule == *rule) {
                        assert!(
                            limit.is_some_and(|l| f.severity <= l),
                            "{}: {rule} above {level}: {f:#?}",
                            path.display()
                        );
                    }
                }
                ["says:", rule, text @ ..] => {
                    expectations += 1;
                    let text = text.join(" ");
                    assert!(
                        found
                            .iter()
                            .any(|f| f.rule == *rule && f.message.contains(&text)),
                        "{}: no {rule} finding says `{text}`: {found:#?}",
                        path.display()
                    );
                }
                ["count:", rule, n] => {
                    expectations += 1;
                    let n: usize = n.parse().unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(
                        found.iter().filter(|f| f.rule == *rule).count(),
                        n,
                        "{}: {found:#?}",
                        path.display()
                    );
                }
                _ => {}
            }
        }
        assert!(expectations > 0, "{} has no expectation", path.display());
    }
}

#[test]
fn platform_args_pick_the_stage_for_the_platform() {
    let text = "\
FROM alpine:3.21 AS build_amd64
RUN echo amd64 > /arch
FROM alpine:3.21 AS build_arm64
RUN echo arm64 > /arch
FROM build_${TARGETARCH} AS build
FROM scratch AS binaries-linux
COPY --from=build /arch /
FROM binaries-$TARGETOS
";
    let dockerfile = parse(text);
    let amd = analyze(&dockerfile, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(amd.graph.stages[2].base, Base::Stage { index: 0 });
    assert_eq!(amd.graph.stages[4].base, Base::Stage { index: 3 });
    let rules: Vec<(&str, usize)> = amd.findings.iter().map(|f| (f.rule, f.line)).collect();
    assert!(
        !rules.iter().any(|(r, _)| *r == "unpinned-base-image"),
        "{rules:?}"
    );
    assert!(
        !rules.iter().any(|(r, _)| *r == "unresolved-base-image"),
        "{rules:?}"
    );
    let unused: Vec<usize> = amd.graph.unused_stages().map(|s| s.index).collect();
    assert_eq!(unused, vec![1], "only the arm64 stage is left out on amd64");
    let options = AnalysisOptions {
        build: BuildOptions {
            platform: Platform::parse("linux/arm64").unwrap_or_else(|e| panic!("{e}")),
            ..BuildOptions::default()
        },
        ..AnalysisOptions::default()
    };
    let catalog = stagecraft::content::images::embedded();
    let arm = analyze_for(&dockerfile, &options, catalog).unwrap_or_else(|e| panic!("{e}"));
    let unused: Vec<usize> = arm.graph.unused_stages().map(|s| s.index).collect();
    assert_eq!(unused, vec![0]);
}

#[test]
fn a_json_array_with_a_comment_after_it_is_shell_form() {
    let text = "FROM golang:1.24 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\
                FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n\
                ENTRYPOINT [\"/app\"] # start the server\n";
    let dockerfile = parse(text);
    assert!(!dockerfile.has_errors());
    assert!(
        dockerfile.diagnostics[0]
            .message
            .contains("reads the whole line as shell form"),
        "{:?}",
        dockerfile.diagnostics
    );
    let found = analyze(&dockerfile, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .findings;
    let shell = found
        .iter()
        .find(|f| f.rule == "shell-form-without-shell")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!((shell.line, shell.severity), (5, Severity::Error));
    assert!(
        shell.message.contains("comments on their own line"),
        "{}",
        shell.message
    );
}

#[test]
fn did_you_mean_picks_the_name_that_holds_the_word() {
    let text = "\
FROM alpine:3.21 AS test
FROM alpine:3.21 AS license-set
RUN mkdir /out
FROM scratch AS license-update
COPY --from=set /out /
";
    let found = analyze(&parse(text), None)
        .unwrap_or_else(|e| panic!("{e}"))
        .findings;
    let unknown = found
        .iter()
        .find(|f| f.rule == "copy-from-unknown-stage")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(
        unknown.message.ends_with("did you mean `license-set`?"),
        "{}",
        unknown.message
    );
}
