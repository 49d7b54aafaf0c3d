//! `stagecraft view ID|FILE`: an example by id, a Dockerfile by path, and the error for
//! neither, through the real binary.

use std::process::Command;

/// Runs the binary on a data folder of its own: the user's profile is never read, so a
/// database of another version there cannot change the outcome.
fn stagecraft(args: &[&str]) -> (Option<i32>, String) {
    let data = tempfile::tempdir().expect("tempdir");
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .arg("--data-dir")
        .arg(data.path())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The first frame the app draws for `args`, in a pseudo-terminal (`script`), with the
/// escape sequences taken out.
fn first_frame(args: &str) -> String {
    let data = tempfile::tempdir().expect("tempdir");
    let command = format!(
        "stty cols 120 rows 40; {} --data-dir {} {args}",
        env!("CARGO_BIN_EXE_stagecraft"),
        data.path().display()
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("STAGECRAFT_EXIT_AFTER_FIRST_FRAME", "1")
        .env("NO_COLOR", "1")
        .output()
        .expect("script (util-linux) runs");
    let raw = String::from_utf8_lossy(&output.stdout);
    let mut text = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: parameters up to a final letter; anything else: the next character.
            if chars.next_if_eq(&'[').is_some() {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                chars.next();
            }
            text.push(' ');
        } else {
            text.push(c);
        }
    }
    text
}

#[test]
fn an_example_opens_by_id_with_its_notes_and_before_file() {
    let frame = first_frame("view go-scratch");
    assert!(
        frame.contains("A Go service on scratch · go-scratch (after)"),
        "{frame}"
    );
    assert!(frame.contains("after/before"), "{frame}");
    assert!(frame.contains("In this example"), "{frame}");
}

#[test]
fn a_path_still_opens_a_dockerfile() {
    let frame = first_frame("view examples/go-scratch/Dockerfile");
    assert!(frame.contains("examples/go-scratch/Dockerfile"), "{frame}");
    assert!(!frame.contains("In this example"), "{frame}");
}

#[test]
fn neither_an_id_nor_a_file_lists_close_ids() {
    let (code, stderr) = stagecraft(&["view", "go-scrach"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "stagecraft: error: no example with id `go-scrach` and no file of that name; did you mean: go-scratch, go-cgo-glibc, go-cache-mounts, go-cross-compile, go-alpine-gcompat\n"
    );
    let (code, stderr) = stagecraft(&["view", "nowhere/Dockerfile"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("cannot read nowhere/Dockerfile"),
        "{stderr}"
    );
}

#[test]
fn target_is_for_files_only() {
    let (code, stderr) = stagecraft(&["view", "go-scratch", "--target", "build"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--target is for a Dockerfile"), "{stderr}");
}

#[test]
fn platform_gives_targetarch_its_value_in_the_viewer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("Dockerfile");
    std::fs::write(
        &path,
        "FROM alpine:3.24 AS build_amd64\nRUN echo amd64 > /arch\n\
         FROM alpine:3.24 AS build_arm64\nRUN echo arm64 > /arch\n\
         FROM build_${TARGETARCH}\nUSER 65532\nCMD [\"cat\", \"/arch\"]\n",
    )
    .expect("write");
    let squeeze = |frame: String| frame.split_whitespace().collect::<Vec<_>>().join(" ");
    let unused = |stage: &str| format!("`{stage}` (not needed by the final image)");
    let default = squeeze(first_frame(&format!("view {}", path.display())));
    assert!(default.contains(&unused("build_arm64")), "{default}");
    assert!(!default.contains(&unused("build_amd64")), "{default}");
    let arm = squeeze(first_frame(&format!(
        "view --platform linux/arm64 {}",
        path.display()
    )));
    assert!(arm.contains(&unused("build_amd64")), "{arm}");
    assert!(!arm.contains(&unused("build_arm64")), "{arm}");
}

#[test]
fn a_bad_platform_is_refused() {
    let (code, stderr) = stagecraft(&["view", "go-scratch", "--platform", "linux"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--platform"), "{stderr}");
}
