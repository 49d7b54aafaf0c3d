//! Property tests: the content loader never panics, whatever the bytes, and every problem it
//! reports points inside the file.

use proptest::prelude::*;
use stagecraft::content::{lesson, quiz};

/// YAML-ish text: mostly the characters YAML cares about, so the parser goes deep.
fn yamlish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("questions:\n".to_string()),
            Just("  - id: q\n".to_string()),
            Just("    kind: single\n".to_string()),
            Just("    choices: [a, b]\n".to_string()),
            Just("    answer: 1\n".to_string()),
            Just("&a ".to_string()),
            Just("*a".to_string()),
            Just("[{".to_string()),
            Just("}]".to_string()),
            Just("\"\\u00".to_string()),
            Just("\u{1b}[31m".to_string()),
            "[ -~\n\t]{0,12}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn quiz_parsing_never_panics(text in yamlish()) {
        let lines = text.lines().count().max(1);
        let (_, problems) = quiz::parse("q.yaml", &text);
        for p in problems {
            prop_assert!(p.line >= 1 && p.line <= lines + 1, "{p} outside {lines} lines");
            prop_assert!(p.col >= 1);
        }
    }

    #[test]
    fn lesson_parsing_never_panics(body in "\\PC{0,200}", front in yamlish()) {
        let text = format!("---\n{front}\n---\n{body}");
        let _ = lesson::parse("l.md", &text);
        let _ = lesson::parse("l.md", &body);
    }

    #[test]
    fn arbitrary_unicode_quiz_never_panics(text in "\\PC{0,400}") {
        let _ = quiz::parse("q.yaml", &text);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("questions: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (questions, problems) = quiz::parse("deep.yaml", &deep);
    assert!(questions.is_empty());
    assert_eq!(problems.len(), 1);
    let block = (0..5_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect::<String>();
    let (_, problems) = quiz::parse("deep-block.yaml", &block);
    assert_eq!(problems.len(), 1);
}
