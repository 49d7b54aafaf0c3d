//! `stagecraft check` on good and broken packs, through the real binary.

use std::process::Command;

fn stagecraft(args: &[&str]) -> (i32, String) {
    // Commands that open a profile must never touch the real data folder of whoever runs the
    // tests.
    let data = tempfile::tempdir().expect("temp dir");
    // `STAGECRAFT_E2E_BIN` names another build to try, as in the tmux tests.
    let binary = std::env::var("STAGECRAFT_E2E_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_stagecraft").to_owned());
    let output = Command::new(binary)
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_DATA_HOME", data.path())
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
    assert!(out.ends_with(": 0 errors, 0 warnings\n"), "{out}");
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
fn a_folder_reports_only_its_own_counts() {
    let (code, out) = stagecraft(&["check", "tests/fixtures/packs/good"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "checked 1 lessons, 2 questions, 0 examples: 0 errors, 0 warnings\n"
    );
}

#[test]
fn without_a_folder_the_packs_the_app_loads_are_checked() {
    // The same pack twice: every id is taken twice, as the app would find.
    let good = "tests/fixtures/packs/good";
    let (code, out) = stagecraft(&["--content", good, "check"]);
    assert_eq!(code, 0, "{out}");
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("copy");
    copy_tree(std::path::Path::new(good), &copy);
    let copy = copy.to_str().expect("UTF-8 path");
    // A later pack overrides an earlier one by id, with a warning naming both files.
    let (code, out) = stagecraft(&["--content", good, "--content", copy, "check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("warning: lesson `demo-lesson` overrides the one at")),
        "{out}"
    );
}

/// `--content A --content B check` prints exactly the problems of the content the app loads
/// with the same options (which the app lists on its home screen), line for line: here each
/// pack has the lesson `same` and the question `q-same`, so B replaces A's, and A has an id
/// used twice within itself (an error).
#[test]
fn check_with_content_reports_exactly_what_the_app_loads() {
    use clap::Parser;
    let dir = tempfile::tempdir().expect("tempdir");
    let packs: Vec<String> = ["a", "b"]
        .iter()
        .map(|name| {
            let pack = dir.path().join(name);
            std::fs::create_dir_all(pack.join("lessons")).expect("lessons");
            std::fs::create_dir_all(pack.join("quizzes")).expect("quizzes");
            std::fs::write(
                pack.join("lessons/same.md"),
                format!("---\nid: same\ntitle: Same {name}\norder: 900\nsummary: S.\nminutes: 1\n---\n# Same\n\nText.\n"),
            )
            .expect("lesson");
            std::fs::write(
                pack.join("quizzes/q.yaml"),
                "topic: demo\nquestions:\n  - id: q-same\n    kind: flashcard\n    prompt: Why?\n    model_answer: Because.\n    lesson: same\n    explanation: It is so.\n",
            )
            .expect("quiz");
            pack.display().to_string()
        })
        .collect();
    std::fs::write(
        dir.path().join("a/quizzes/twice.yaml"),
        "topic: demo\nquestions:\n  - id: a-twice\n    kind: flashcard\n    prompt: Why?\n    model_answer: Because.\n    lesson: same\n    explanation: It is so.\n  - id: a-twice\n    kind: flashcard\n    prompt: Why not?\n    model_answer: Because.\n    lesson: same\n    explanation: It is so.\n",
    )
    .expect("quiz");
    let args = ["--content", &packs[0], "--content", &packs[1]];
    let (code, out) = stagecraft(&[&args[..], &["check"]].concat());

    let cli = stagecraft::cli::Cli::parse_from([&["stagecraft"][..], &args[..]].concat());
    let app = stagecraft::content::ContentSet::load(&cli.packs());
    let expected: Vec<String> = app.diagnostics.iter().map(|d| d.to_string()).collect();
    let printed: Vec<&str> = out.lines().filter(|l| !l.starts_with("checked ")).collect();
    assert_eq!(printed, expected, "{out}");
    assert_eq!(code, 1, "the id used twice in pack a is an error: {out}");
    for wanted in [
        "b/lessons/same.md:2:1: warning: lesson `same` overrides the one at",
        "b/quizzes/q.yaml:3:9: warning: question `q-same` overrides the one at",
        "a/quizzes/twice.yaml",
    ] {
        assert!(out.contains(wanted), "missing `{wanted}`:\n{out}");
    }
    assert!(
        out.ends_with(&format!(
            "checked {} lessons, {} questions, {} examples: 1 error, {} warnings\n",
            app.lessons.len(),
            app.questions.len(),
            app.examples.len(),
            expected.len() - 1
        )),
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
