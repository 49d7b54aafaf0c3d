//! The course's "before" files each get the finding they are about: the headline mistake that
//! the example's notes explain and its fixed Dockerfile removes.

use std::path::Path;

use stagecraft::dockerfile::{analyze, parse};

/// Example id and the rules its before file must trigger.
const HEADLINES: &[(&str, &[&str])] = &[
    ("build-secrets", &["secret-in-arg", "secret-in-run"]),
    ("copy-chmod-distroless", &["run-without-shell"]),
    ("debug-tag-entrypoint", &["cmd-given-to-shell-entrypoint"]),
    ("debug-variant", &["package-manager-in-final-stage"]),
    ("frontend-static", &["copy-before-install"]),
    ("go-alpine-gcompat", &["go-build-with-cgo"]),
    ("go-cgo-glibc", &["go-build-with-cgo"]),
    ("go-distroless-static", &["outdated-image"]),
    (
        "go-scratch",
        &["go-build-with-cgo", "named-user-on-scratch"],
    ),
    ("healthcheck-exec-form", &["shell-form-without-shell"]),
    (
        "java-distroless",
        &[
            "outdated-image",
            "single-stage-build-tools",
            "shell-form-command",
        ],
    ),
    ("k8s-numeric-user", &["non-numeric-user"]),
    ("layer-caching", &["copy-before-install"]),
    ("node-distroless", &["interpreter-in-cmd"]),
    ("nonroot-user", &["final-stage-runs-as-root"]),
    ("pipefail-shell", &["pipe-without-pipefail"]),
    ("python-cmd-entrypoint", &["shell-form-without-shell"]),
    (
        "python-distroless-venv",
        &["interpreter-in-cmd", "unpinned-base-image"],
    ),
    ("python-wheels-stage", &["single-stage-build-tools"]),
    (
        "rust-distroless-cc",
        &["single-stage-build-tools", "shell-form-command"],
    ),
    ("test-stage", &["single-stage-build-tools"]),
    ("three-tier", &["secret-in-env", "single-stage-build-tools"]),
];

/// Examples whose "before" file teaches something no static rule can see today (build speed,
/// cross-compiling, SBOM contents, jlink). Listed so that a new example must be placed in one
/// of the two lists.
const WITHOUT_HEADLINE_RULE: &[&str] = &[
    "go-cache-mounts",
    "go-cross-compile",
    "java-jlink",
    "node-native-target",
    "python-alpine-wheels",
    "rust-cargo-chef",
    "sbom-build-stage",
];

fn rules_of(path: &Path) -> Vec<&'static str> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    analyze(&parse(&text), None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .findings
        .iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn every_before_file_gets_its_headline_finding() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut missing = Vec::new();
    for (id, headlines) in HEADLINES {
        let found = rules_of(&examples.join(id).join("before.Dockerfile"));
        for rule in *headlines {
            if !found.contains(rule) {
                missing.push(format!("{id}: {rule} not found in {found:?}"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_example_with_a_before_file_is_listed() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut ids: Vec<String> = std::fs::read_dir(&examples)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .filter(|e| e.path().join("before.Dockerfile").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    let mut listed: Vec<&str> = HEADLINES.iter().map(|(id, _)| *id).collect();
    listed.extend_from_slice(WITHOUT_HEADLINE_RULE);
    listed.sort_unstable();
    assert_eq!(ids, listed);
}
