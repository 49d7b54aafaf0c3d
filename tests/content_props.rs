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

/// Answer-like text: Dockerfile words, JSON brackets, patterns and noise.
fn answerish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("CMD ".to_string()),
            Just("COPY --from=build ".to_string()),
            Just("[\"".to_string()),
            Just("\"]".to_string()),
            Just("~ (a|".to_string()),
            Just("#:#".to_string()),
            Just(" the ".to_string()),
            Just("--target".to_string()),
            Just("é\u{1b}".to_string()),
            "[ -~]{0,8}",
        ],
        0..10,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Grading any typed answer against any accepted entry never panics, and the typed-answer
    /// comparison keeps every character of both sides, in order.
    #[test]
    fn typed_answers_never_panic_and_diffs_keep_the_text(accepted in answerish(), typed in answerish(), prefix in answerish()) {
        use stagecraft::content::grade::{Context, accepts, answer_diff};
        let context = Context {
            workdir: Some("/app".into()),
            blank_prefixes: vec![prefix.clone()],
            blank_suffixes: vec![prefix],
            ..Context::default()
        };
        let _ = accepts(std::slice::from_ref(&accepted), &typed, &context, Some(0));
        let _ = accepts(std::slice::from_ref(&accepted), &typed, &context, None);
        let diff = answer_diff(&typed, &accepted);
        let joined: String = diff.typed.iter().map(|s| s.text.as_str()).collect();
        prop_assert_eq!(joined, typed.trim().chars().take(400).collect::<String>());
        let joined: String = diff.expected.iter().map(|s| s.text.as_str()).collect();
        prop_assert_eq!(joined, accepted.trim().chars().take(400).collect::<String>());
    }

    /// Shuffled orders are permutations.
    #[test]
    fn shuffles_are_permutations(id in "[a-z-]{0,20}", answers in 0u32..1000, len in 0usize..12) {
        let mut order = stagecraft::content::shuffle::presentation_order(&id, answers, len);
        order.sort_unstable();
        prop_assert_eq!(order, (0..len).collect::<Vec<_>>());
    }
}
