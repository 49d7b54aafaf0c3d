//! Hostile YAML: quiz files, example manifests, the image catalog and lesson front matter
//! written to break the loader (nesting thousands deep, alias bombs, huge scalars, control
//! characters in ids, prompts, choices and file names, duplicate ids, bytes that are not UTF-8,
//! byte-order marks, CRLF and lone CR line ends, several documents in one file).
//!
//! Whatever the input: no panic, bounded work, and every problem reported as
//! `path:line:col: error: message` with the line and column inside the file, the message saying
//! what was expected in words (not a parser's internals), and nothing a terminal would act on.

use std::collections::BTreeMap;

use proptest::prelude::*;
use stagecraft::content::diagnostic::Diagnostic;
use stagecraft::content::pack::Pack;
use stagecraft::content::{ContentSet, PackSource, quiz};
use stagecraft::sanitize::is_dangerous;

const LESSON: &str = "---\nid: demo-lesson\ntitle: A demo lesson\norder: 1\nminutes: 2\n---\n# A demo lesson\n\n## Section\n\ntext\n";

const QUIZ: &str = "topic: demo\nquestions:\n  - id: demo-card\n    kind: flashcard\n    prompt: Why?\n    model_answer: Because.\n    lesson: demo-lesson\n    explanation: Smaller.\n";

const EXAMPLE: &str =
    "id: demo-example\ntitle: Demo\nlesson: demo-lesson\nafter:\n  file: Dockerfile\n";

const IMAGES: &str = "images:\n  - image: example.org/base\n    shell: none\n";

/// The four kinds of YAML a pack holds, by where a text goes and how it is wrapped.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Quiz,
    Example,
    Images,
    FrontMatter,
}

const KINDS: [Kind; 4] = [Kind::Quiz, Kind::Example, Kind::Images, Kind::FrontMatter];

impl Kind {
    /// The pack-relative path the text is loaded from, and the file's full text.
    fn file(self, yaml: &str) -> (String, String) {
        match self {
            Kind::Quiz => ("quizzes/q.yaml".into(), yaml.into()),
            Kind::Example => ("examples/e/example.yaml".into(), yaml.into()),
            Kind::Images => ("images.yaml".into(), yaml.into()),
            Kind::FrontMatter => ("lessons/x.md".into(), format!("---\n{yaml}\n---\n# X\n")),
        }
    }
}

/// Loads a pack holding the demo lesson, the demo example's Dockerfile and `files`.
fn load(files: &[(String, String)]) -> ContentSet {
    let mut all: BTreeMap<String, String> = BTreeMap::new();
    all.insert("lessons/demo.md".into(), LESSON.into());
    all.insert("examples/e/Dockerfile".into(), "FROM scratch\n".into());
    all.extend(files.iter().cloned());
    ContentSet::from_packs(&[Pack::from_files(all)])
}

/// Fails unless `diagnostic` names a place inside `files` and prints inert on one line.
fn check_located(diagnostic: &Diagnostic, files: &[(String, String)]) -> Result<(), String> {
    let shown = diagnostic.to_string();
    if shown.chars().any(|c| is_dangerous(c) || c.is_control()) {
        return Err(format!("a control character in {shown:?}"));
    }
    let prefix = format!(
        "{}:{}:{}: ",
        stagecraft::sanitize::inert_line(&diagnostic.path),
        diagnostic.line,
        diagnostic.col
    );
    if !shown.starts_with(&prefix) || diagnostic.message.trim().is_empty() {
        return Err(format!("not `path:line:col: level: message`: {shown:?}"));
    }
    if let Some((_, text)) = files.iter().find(|(path, _)| *path == diagnostic.path) {
        // A file with N line breaks has N + 1 lines (the last one may be empty).
        let lines = text.split(['\n', '\r']).count() + 1;
        if diagnostic.line > lines || diagnostic.col == 0 {
            return Err(format!("outside the file's {lines} lines: {shown}"));
        }
    }
    for internal in [
        "budget breached",
        "untagged enum",
        "from_str_multiple",
        "Nodes {",
    ] {
        if diagnostic.message.contains(internal) {
            return Err(format!("a parser's internals, not words: {shown}"));
        }
    }
    Ok(())
}

/// Loads `files` and checks every diagnostic; returns them.
fn diagnostics(files: &[(String, String)]) -> Vec<Diagnostic> {
    let set = load(files);
    for diagnostic in &set.diagnostics {
        if let Err(e) = check_located(diagnostic, files) {
            panic!("{e}");
        }
    }
    set.diagnostics
}

/// The errors of loading `yaml` as `kind`, beyond those of the demo pack.
fn errors_as(kind: Kind, yaml: &str) -> Vec<Diagnostic> {
    let file = kind.file(yaml);
    diagnostics(std::slice::from_ref(&file))
        .into_iter()
        .filter(|d| d.is_error() && d.path == file.0)
        .collect()
}

/// An alias bomb: ten levels, each nine references to the one before (9^10 strings).
fn alias_bomb() -> (String, String) {
    let mut definitions = String::from("&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    let mut list = vec![definitions.clone()];
    let mut previous = 'a';
    for name in 'b'..='k' {
        definitions = format!("&{name} [{}]", vec![format!("*{previous}"); 9].join(", "));
        list.push(definitions.clone());
        previous = name;
    }
    (list.join(", "), "*k".to_owned())
}

#[test]
fn the_demo_pack_loads_cleanly() {
    let files = [
        Kind::Quiz.file(QUIZ),
        Kind::Example.file(EXAMPLE),
        Kind::Images.file(IMAGES),
    ];
    let found = diagnostics(&files);
    assert!(found.is_empty(), "{found:?}");
    let set = load(&files);
    assert_eq!(set.questions.len(), 1);
    assert_eq!(set.examples.len(), 1);
}

#[test]
fn deep_nesting_is_one_located_error_in_every_kind_of_file() {
    let flow = format!("{}x{}", "[".repeat(100_000), "]".repeat(100_000));
    let block: String = (0..3_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let mapping: String = (0..3_000)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    for kind in KINDS {
        for (what, yaml) in [
            ("flow at the root", flow.clone()),
            (
                "flow in a field",
                format!("questions: {flow}\nimages: {flow}\n"),
            ),
            ("block sequences", block.clone()),
            ("block mappings", mapping.clone()),
        ] {
            let errors = errors_as(kind, &yaml);
            assert_eq!(errors.len(), 1, "{kind:?}, {what}: {errors:?}");
        }
    }
}

#[test]
fn alias_bombs_are_refused_in_every_kind_of_file_and_every_field() {
    let (definitions, bomb) = alias_bomb();
    let anywhere = format!("bomb: [{definitions}]\nmore: {bomb}\n");
    for kind in KINDS {
        let errors = errors_as(kind, &anywhere);
        assert_eq!(errors.len(), 1, "{kind:?}: {errors:?}");
    }
    // Fields that take lists, words or either (untagged): the bomb expands where it is used.
    let question = |field: &str| {
        format!(
            "topic: t\nquestions:\n  - id: q\n    kind: flashcard\n    prompt: p\n    model_answer: m\n    lesson: demo-lesson\n    explanation: e\n    {field}\n"
        )
    };
    let lab = |value: &str| {
        format!(
            "topic: t\nquestions:\n  - id: l\n    kind: lab\n    prompt: p\n    start: \"FROM x\"\n    solution: \"FROM y\"\n    lesson: demo-lesson\n    explanation: e\n    hints: [h]\n    goals:\n      - check: final_base\n        value: {value}\n"
        )
    };
    for yaml in [
        question(&format!("tags: [{definitions}, {bomb}]")),
        question(&format!("key_points: [{definitions}, {bomb}]")),
        question(&format!("follow_ups: [{definitions}, {bomb}]")),
        lab(&format!("[{definitions}, {bomb}]")),
        format!("topic: [{definitions}, {bomb}]\nquestions: []\n"),
    ] {
        let errors = errors_as(Kind::Quiz, &yaml);
        assert_eq!(errors.len(), 1, "{yaml}\n{errors:?}");
    }
    let tags = format!("images:\n  - image: x\n    tags: [{definitions}, {bomb}]\n");
    assert_eq!(errors_as(Kind::Images, &tags).len(), 1);
}

#[test]
fn an_expanded_alias_past_the_budget_says_so_in_words() {
    let (definitions, bomb) = alias_bomb();
    let yaml = format!(
        "topic: t\nquestions:\n  - id: l\n    kind: lab\n    prompt: p\n    start: \"FROM x\"\n    solution: \"FROM y\"\n    lesson: demo-lesson\n    explanation: e\n    hints: [h]\n    goals:\n      - check: final_base\n        value: [{definitions}, {bomb}]\n"
    );
    let errors = errors_as(Kind::Quiz, &yaml);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 13, "{}", errors[0]);
    assert!(errors[0].message.contains("alias"), "{}", errors[0]);
}

#[test]
fn huge_scalars_load_or_fail_with_a_located_error() {
    let huge = "x".repeat(900_000);
    let quiz = QUIZ.replace("prompt: Why?", &format!("prompt: {huge}"));
    let set = load(&[Kind::Quiz.file(&quiz)]);
    assert_eq!(set.questions.len(), 1, "{:?}", set.diagnostics);
    for kind in KINDS {
        let _ = errors_as(kind, &format!("{huge}: 1\n"));
        let _ = errors_as(kind, &format!("\"{huge}\": [{huge}]\n"));
        let _ = errors_as(kind, &format!("k: |\n  {huge}\n"));
    }
}

#[test]
fn control_characters_in_ids_prompts_and_choices() {
    // Raw control characters are not YAML.
    for raw in ['\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{9b}'] {
        let quiz = QUIZ.replace("prompt: Why?", &format!("prompt: Why{raw}[2J?"));
        let errors = errors_as(Kind::Quiz, &quiz);
        assert_eq!(errors.len(), 1, "{raw:?}: {errors:?}");
        // At the character, or at the start of the scalar holding it.
        assert_eq!(errors[0].line, 5, "{}", errors[0]);
        assert!((13..=16).contains(&errors[0].col), "{}", errors[0]);
    }
    // Escaped ones are text: an id may not hold them; prompts and choices show them inert.
    let quiz = QUIZ.replace("id: demo-card", "id: \"demo\\e[2J\\u202e\"");
    let errors = errors_as(Kind::Quiz, &quiz);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].col), (3, 9));
    assert!(errors[0].to_string().contains("demo␛[2J"), "{}", errors[0]);
    let single = "topic: \"t\\e]0;x\\a\"\nquestions:\n  - id: s\n    kind: single\n    prompt: \"p \\e]52;c;eA==\\a\"\n    choices: [\"a \\e[2J\", \"\\u202eb\", \"\\x9b c\"]\n    answer: 2\n    lesson: demo-lesson\n    explanation: \"e \\u2066\"\n";
    let set = load(&[Kind::Quiz.file(single)]);
    assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
    assert_eq!(set.questions.len(), 1);
    // Example and catalog ids and front matter.
    let example = EXAMPLE.replace("id: demo-example", "id: \"demo\\e[2J\"");
    let errors = errors_as(Kind::Example, &example);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let front = "id: \"x\\e[2J\"\ntitle: \"T \\e]52;c;eA==\\a\"\norder: 1\nminutes: 1";
    let errors = errors_as(Kind::FrontMatter, front);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn duplicate_ids_point_at_the_first_use() {
    let second = QUIZ.replace("topic: demo", "topic: other");
    let twice = format!("{QUIZ}{}", &QUIZ[QUIZ.find("  - id").unwrap_or(0)..]);
    let errors = diagnostics(&[
        ("quizzes/a.yaml".into(), twice),
        ("quizzes/b.yaml".into(), second),
    ]);
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "quizzes/a.yaml:9:9: error: question id `demo-card` is already used at quizzes/a.yaml:3",
            "quizzes/b.yaml:3:9: error: question id `demo-card` is already used at quizzes/a.yaml:3",
        ]
    );
}

#[test]
fn byte_order_marks_and_line_ends() {
    for kind in KINDS {
        let text = match kind {
            Kind::Quiz => QUIZ,
            Kind::Example => EXAMPLE,
            Kind::Images => IMAGES,
            Kind::FrontMatter => "id: x\ntitle: X\norder: 2\nminutes: 1",
        };
        for variant in [
            format!("\u{feff}{text}"),
            text.replace('\n', "\r\n"),
            format!("\u{feff}{}", text.replace('\n', "\r\n")),
        ] {
            let (path, file) = kind.file(&variant);
            let file = if matches!(kind, Kind::FrontMatter) {
                // The BOM goes before the front matter, the line ends throughout.
                let file = file.replace("---\n\u{feff}", "\u{feff}---\n");
                if variant.contains('\r') {
                    file.replace("\r\n", "\n").replace('\n', "\r\n")
                } else {
                    file
                }
            } else {
                file
            };
            let found = diagnostics(&[(path, file.clone())]);
            assert!(found.is_empty(), "{kind:?} {file:?}: {found:?}");
        }
    }
    // Errors keep their lines and columns with a BOM, CRLF or lone CR line ends.
    let bad = QUIZ.replace("kind: flashcard", "kind: [flashcard");
    for file in [
        format!("\u{feff}{bad}"),
        bad.replace('\n', "\r\n"),
        bad.replace('\n', "\r"),
    ] {
        let errors = errors_as(Kind::Quiz, &file);
        assert_eq!(errors.len(), 1, "{file:?}");
        assert_eq!(errors[0].line, 4, "{file:?}: {}", errors[0]);
    }
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("quizzes")).expect("quizzes");
    std::fs::create_dir_all(root.join("lessons")).expect("lessons");
    std::fs::write(root.join("lessons/demo.md"), LESSON).expect("lesson");
    let mut bytes = QUIZ.as_bytes().to_vec();
    let at = QUIZ.find("Why?").expect("prompt") + 3;
    bytes.splice(at..at, [0xff, 0xfe, 0xc3]);
    std::fs::write(root.join("quizzes/q.yaml"), &bytes).expect("quiz");
    let set = ContentSet::load(&[PackSource::Dir(root.to_path_buf())]);
    let shown: Vec<String> = set.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].contains("quizzes/q.yaml:5:16: error: the file is not valid UTF-8"),
        "{shown:?}"
    );
}

#[test]
fn file_names_with_control_characters_print_inert() {
    let name = "quizzes/\u{1b}]52;c;eA==\u{7}q\u{202e}.yaml".to_owned();
    let errors = diagnostics(&[(name.clone(), "questions: [".into())]);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].path, name,
        "the path is kept as it is, for matching"
    );
    assert!(
        errors[0]
            .to_string()
            .starts_with("quizzes/␛]52;c;eA==␇q\u{fffd}.yaml:1:"),
        "{}",
        errors[0]
    );
}

#[test]
fn several_documents_in_one_file_are_one_error_in_words() {
    for (kind, text) in [
        (Kind::Quiz, QUIZ),
        (Kind::Example, EXAMPLE),
        (Kind::Images, IMAGES),
    ] {
        let errors = errors_as(kind, &format!("{text}---\n{text}"));
        assert_eq!(errors.len(), 1, "{kind:?}: {errors:?}");
        assert!(
            errors[0].message.contains("one YAML document"),
            "{}",
            errors[0]
        );
    }
}

#[test]
fn a_value_of_the_wrong_shape_says_what_was_expected() {
    let question = |field: &str| {
        QUIZ.replace(
            "    explanation: Smaller.\n",
            &format!("    explanation: Smaller.\n    {field}\n"),
        )
    };
    for (field, expected) in [
        ("key_points: [[a]]", "key point"),
        ("key_points: [{point: [a]}]", "key point"),
    ] {
        let errors = errors_as(Kind::Quiz, &question(field));
        assert_eq!(errors.len(), 1, "{field}: {errors:?}");
        assert!(errors[0].message.contains(expected), "{}", errors[0]);
        assert_eq!(errors[0].line, 9, "{}", errors[0]);
    }
}

/// YAML-ish pieces: structure, anchors and aliases, escapes, controls, BOMs and line ends.
fn yaml_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z ]{1,8}",
        3 => prop::sample::select(vec![
            "questions:\n", "  - id: q\n", "    kind: single\n", "    choices: [a, b]\n",
            "    answer: 1\n", "    lesson: demo-lesson\n", "    explanation: e\n",
            "    prompt: p\n", "images:\n", "  - image: x\n", "id: e\n", "after:\n",
            "  file: Dockerfile\n", "&a ", "*a", "&b [*a, *a, *a]", "*b", "<<: *a\n",
            "[", "]", "{", "}", ": ", "- ", "\n", "\r\n", "\r", "\t", "\u{feff}", "---\n",
            "...\n", "\"", "'", "\\e[2J", "\\u202e", "\\x9b", "\\", "|\n", ">\n", "!!binary ",
            "!tag ", "? ", "#", "%YAML 1.2\n", "\u{1b}[2J", "\u{202e}", "\u{85}", "\u{2028}",
            "\u{0}", "99999999999999999999999", "-1", "0x10", ".nan", "~",
        ]).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => (1usize..2_000).prop_map(|n| "[".repeat(n)),
        1 => (1usize..200).prop_map(|n| (0..n).map(|i| format!("{}- x\n", "  ".repeat(i))).collect()),
        1 => (1usize..100_000).prop_map(|n| "y".repeat(n)),
    ]
}

fn yaml_text() -> impl Strategy<Value = String> {
    prop::collection::vec(yaml_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text, as any kind of pack YAML: no panic, every problem located and in words.
    #[test]
    fn hostile_yaml_gives_located_errors_in_words(
        yaml in yaml_text(),
        kind in prop::sample::select(KINDS.to_vec()),
        path in prop::sample::select(vec!["q", "\u{1b}[2J", "\u{202e}x", "a b"]),
    ) {
        let (rel, text) = kind.file(&yaml);
        let rel = rel.replacen("q.yaml", &format!("{path}.yaml"), 1);
        let files = [(rel, text)];
        let set = load(&files);
        for diagnostic in &set.diagnostics {
            if let Err(e) = check_located(diagnostic, &files) {
                prop_assert!(false, "{}", e);
            }
        }
        let (_, problems) = quiz::parse("q.yaml", &yaml);
        for diagnostic in &problems {
            if let Err(e) = check_located(diagnostic, &[("q.yaml".to_owned(), yaml.clone())]) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}
