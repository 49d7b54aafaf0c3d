//! `stagecraft check` on good and broken packs, through the real binary.

use std::process::Command;

fn stagecraft(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn embedded_pack_is_clean() {
    let (code, out) = stagecraft(&["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(": 0 errors"), "{out}");
}

#[test]
fn embedded_lessons_and_examples_recommend_no_outdated_image() {
    let (_, out) = stagecraft(&["check"]);
    let outdated: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("lessons/") || l.starts_with("examples/"))
        .filter(|l| l.contains(": warning: ") && l.contains(" recommends `"))
        .collect();
    assert!(outdated.is_empty(), "{outdated:#?}");
}

#[test]
fn good_pack_is_clean() {
    let (code, out) = stagecraft(&["check", "tests/fixtures/packs/good"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(": 0 errors"), "{out}");
    let own: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("tests/fixtures/packs/good/"))
        .collect();
    assert!(own.is_empty(), "the good pack adds no problem: {own:#?}");
}

#[test]
fn outdated_images_are_warned_where_recommended_unless_marked() {
    let (code, out) = stagecraft(&["check", "tests/fixtures/packs/outdated"]);
    assert_eq!(code, 0, "warnings do not fail the check: {out}");
    let p = "tests/fixtures/packs/outdated/";
    let own: Vec<&str> = out.lines().filter(|l| l.starts_with(p)).collect();
    let expected = [
        // The "after" file; its "before" file uses golang:1.22 and is allowed.
        format!(
            "{p}examples/old-base/Dockerfile:5:6: warning: an \"after\" file recommends `gcr.io/distroless/static-debian12:nonroot`, which is end-of-life since 2026-09"
        ),
        // A code block, not the prose above it; the block marked outdated-ok is skipped.
        format!(
            "{p}lessons/old-images.md:17:6: warning: a code block recommends `gcr.io/distroless/python3-debian12`, which is end-of-life since 2026-04; use gcr.io/distroless/python3-debian13"
        ),
        // The pack's own images.yaml extends the embedded catalog.
        format!(
            "{p}lessons/old-images.md:29:13: warning: a code block recommends `registry.example.com/acme/base:1.4`, which is deprecated; use registry.example.com/acme/base:2"
        ),
        // A right answer, not a wrong choice, and not the question tagged outdated-ok.
        format!(
            "{p}quizzes/old.yaml:3:9: warning: question `old-recommended` recommends `openjdk:21-slim`, which is deprecated"
        ),
    ];
    assert_eq!(own.len(), expected.len(), "{own:#?}");
    for (line, want) in own.iter().zip(&expected) {
        assert!(line.starts_with(want.as_str()), "{line}\nwanted {want}");
    }
}

#[test]
fn a_broken_image_catalog_is_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("images.yaml"),
        "images:\n  - image: acme\n    status: retired\n",
    )
    .expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let (code, out) = stagecraft(&["check", &path]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines().any(
            |l| l.starts_with(&format!("{path}/images.yaml:3:13: error:")) && l.contains("retired")
        ),
        "{out}"
    );
}

#[test]
fn broken_pack_reports_every_problem_with_a_position() {
    let (code, out) = stagecraft(&["check", "tests/fixtures/packs/bad"]);
    assert_eq!(code, 1, "{out}");
    let p = "tests/fixtures/packs/bad/";
    let expected = [
        format!(
            "{p}examples/escape/example.yaml:5:3: error: `../../../../../etc/passwd` leaves the content pack"
        ),
        format!("{p}lessons/binary.md:7:2: error: the file is not valid UTF-8"),
        format!("{p}lessons/nul.md:7:3: error: the file holds NUL bytes"),
        format!("{p}lessons/no-front-matter.md:1:1: error: expected front matter"),
        format!("{p}lessons/unknown-field.md:6:1: error: unknown field `sumary`"),
        format!("{p}lessons/wrong-type.md:5:10: error: expected a whole number"),
        format!(
            "{p}quizzes/problems.yaml:9:9: error: question id `dup-id` is already used at {p}quizzes/problems.yaml:3"
        ),
        format!("{p}quizzes/problems.yaml:15:9: error: link to missing lesson `no-such-lesson`"),
        format!(
            "{p}quizzes/problems.yaml:21:9: error: lesson `ok-lesson` has no heading `#no-such-heading`"
        ),
        format!(
            "{p}quizzes/problems.yaml:29:13: error: question `empty-prompt` has an empty prompt"
        ),
        format!("{p}quizzes/problems.yaml:34:11: error: unknown kind `essay`"),
        format!("{p}quizzes/problems.yaml:42:13: error: answer 5 is not a choice"),
        format!("{p}quizzes/syntax.yaml:5:13: error:"),
        format!(
            "{p}quizzes/alias-bomb.yaml:17:15: error: expected string scalar (defined at line 10, column 14)"
        ),
        format!("{p}quizzes/deep-nesting.yaml:2:267: error: the YAML is nested too deeply"),
        format!(
            "{p}examples/bad-after/Dockerfile:2:1: error: the \"after\" Dockerfile has an error-level finding go-build-with-cgo"
        ),
        format!(
            "{p}examples/bad-after/Dockerfile:6:1: error: the \"after\" Dockerfile has an error-level finding shell-form-without-shell"
        ),
        format!(
            "{p}quizzes/lab.yaml:3:9: error: lab `lab-wrong-solution`: its solution fails the goal \"at least 2 stages\""
        ),
    ];
    for line in &expected {
        assert!(
            out.lines().any(|l| l.starts_with(line.as_str())),
            "missing `{line}` in:\n{out}"
        );
    }
    assert!(out.contains(": 18 errors"), "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with(p)).count(),
        18,
        "18 problems in the pack: {out}"
    );
}

#[test]
fn missing_folder_is_an_error_not_a_panic() {
    let (code, out) = stagecraft(&["check", "tests/fixtures/packs/does-not-exist"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("cannot open the content folder"), "{out}");
}

#[test]
fn completions_are_generated() {
    let (code, out) = stagecraft(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(out.contains("_stagecraft()"), "{out}");
}

#[test]
fn version_and_help() {
    let (code, out) = stagecraft(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("stagecraft "), "{out}");
    let (code, out) = stagecraft(&["--help"]);
    assert_eq!(code, 0);
    for word in [
        "check",
        "completions",
        "--content",
        "--data-dir",
        "--profile",
        "--color",
    ] {
        assert!(out.contains(word), "help lacks {word}: {out}");
    }
}

/// Copies `from` into `to`, files only (the fixture folders are flat enough).
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Hazards that are better made than committed: a file over the size limit, symbolic links
/// (to a file and to a folder) leading out of the pack, and a quiz that is not UTF-8.
#[test]
fn generated_hazards_are_reported_and_the_rest_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = dir.path().join("pack");
    copy_tree(std::path::Path::new("tests/fixtures/packs/good"), &pack);
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(
        outside.join("secret.md"),
        "---\nid: secret\n---\n# Secret\n",
    )
    .expect("write");
    std::fs::write(
        pack.join("lessons/huge.md"),
        "---\nid: huge\ntitle: Huge\n---\n".to_owned() + &"word ".repeat(300_000),
    )
    .expect("huge");
    std::os::unix::fs::symlink(outside.join("secret.md"), pack.join("lessons/link.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(&outside, pack.join("quizzes/linked-folder")).expect("symlink");
    std::fs::write(pack.join("quizzes/latin1.yaml"), b"topic: caf\xe9\n").expect("write");

    let pack_arg = pack.display().to_string();
    let (code, out) = stagecraft(&["check", &pack_arg]);
    assert_eq!(code, 1, "{out}");
    let p = format!("{pack_arg}/");
    let expected = [
        format!(
            "{p}lessons/huge.md:1:1: error: file is 1500029 bytes; content files may be at most 1048576 bytes"
        ),
        format!("{p}lessons/link.md:1:1: error: symbolic link points outside the content pack"),
        format!(
            "{p}quizzes/linked-folder:1:1: error: symbolic link points outside the content pack"
        ),
        format!("{p}quizzes/latin1.yaml:1:11: error: the file is not valid UTF-8"),
    ];
    for line in &expected {
        assert!(
            out.lines().any(|l| l.starts_with(line.as_str())),
            "missing `{line}` in:\n{out}"
        );
    }
    assert!(out.contains(": 4 errors"), "only these four: {out}");
    assert!(
        !out.contains("Secret"),
        "nothing outside the pack was read: {out}"
    );
    // The valid rest is there: the app's lesson list still has the demo lesson.
    let (code, out) = stagecraft(&["--content", &pack_arg, "lessons"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("demo-lesson"), "{out}");
    assert!(!out.contains("secret") && !out.contains("huge"), "{out}");
}
