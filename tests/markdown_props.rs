//! Property tests of the Markdown renderer: any input renders without panicking and within
//! the width, and printing keeps every word of the text.

use proptest::prelude::*;
use pulldown_cmark::{Event, Parser};
use stagecraft::cli::ReadArgs;
use stagecraft::commands::read::{PrintTarget, run_read};
use stagecraft::markdown::width::{line_width, str_width};
use stagecraft::markdown::{MIN_WIDTH, RenderOptions, anchor, render};
use stagecraft::sanitize::is_dangerous;

/// Pieces that exercise Markdown syntax, mixed with arbitrary text.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[a-z ]{0,12}",
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("> ".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("- [ ] ".to_owned()),
        Just("# ".to_owned()),
        Just("### ".to_owned()),
        Just("    ".to_owned()),
        Just("\t".to_owned()),
        Just("```".to_owned()),
        Just("```dockerfile\nFROM x\n".to_owned()),
        Just("|".to_owned()),
        Just("| a | b |\n|---|:-:|\n".to_owned()),
        Just("**".to_owned()),
        Just("*".to_owned()),
        Just("~~".to_owned()),
        Just("`".to_owned()),
        Just("[".to_owned()),
        Just("](http://x.io)".to_owned()),
        Just("![".to_owned()),
        Just("<!--".to_owned()),
        Just("-->".to_owned()),
        Just("<div>".to_owned()),
        Just("[^1]".to_owned()),
        Just("[^1]: ".to_owned()),
        Just("---\n".to_owned()),
        Just("\\\n".to_owned()),
        Just("日本語テキスト".to_owned()),
        Just("🐳".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("\u{1b}[31m".to_owned()),
        Just("\u{9b}".to_owned()),
        Just("\r\n".to_owned()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn check_rendering(markdown: &str, width: u16, color: bool) -> Result<(), TestCaseError> {
    let doc = render(markdown, RenderOptions::new(width, color));
    let limit = usize::from(width.max(MIN_WIDTH));
    for (index, line) in doc.lines.iter().enumerate() {
        prop_assert!(
            line_width(line) <= limit,
            "line {} is {} wide, limit {}: {:?}",
            index,
            line_width(line),
            limit,
            line
        );
        for span in &line.spans {
            prop_assert!(
                !span
                    .content
                    .chars()
                    .any(|c| is_dangerous(c) || c == '\n' || c == '\t'),
                "control character in {:?}",
                span
            );
        }
    }
    for heading in &doc.headings {
        prop_assert!(heading.line < doc.lines.len().max(1));
    }
    for link in &doc.links {
        for span in &link.spans {
            prop_assert!(span.start <= span.end);
            prop_assert!(span.end <= line_width(&doc.lines[span.line]));
        }
    }
    for note in &doc.notes {
        prop_assert!(note.line <= doc.lines.len());
    }
    let ansi = doc.to_ansi(true);
    let bell_or_csi = ansi.contains('\u{7}') || ansi.contains('\u{9b}');
    prop_assert!(!bell_or_csi, "control character in the ANSI output");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_renders_within_the_width(markdown in markdownish(), width in 1u16..200, color: bool) {
        check_rendering(&markdown, width, color)?;
    }

    #[test]
    fn any_unicode_renders_within_the_width(markdown in any::<String>(), width in 1u16..200) {
        check_rendering(&markdown, width, true)?;
    }
}

/// A CommonMark document built from a small grammar, so every word is short enough that a
/// correct layout never has to break it.
fn document() -> impl Strategy<Value = String> {
    let word = "[a-z]{1,8}";
    let inline = prop_oneof![
        4 => word.prop_map(|w| w.to_string()),
        1 => word.prop_map(|w| format!("*{w}*")),
        1 => (word, word).prop_map(|(a, b)| format!("**{a} {b}**")),
        1 => word.prop_map(|w| format!("~~{w}~~")),
        1 => word.prop_map(|w| format!("`{w}`")),
        1 => (word, word).prop_map(|(a, b)| format!("[{a} {b}](https://example.com/{a})")),
        1 => word.prop_map(|w| format!("![{w}](image.png)")),
        1 => word.prop_map(|w| format!("{w}[^note]")),
    ];
    let sentence = prop::collection::vec(inline, 1..8).prop_map(|parts| parts.join(" "));
    let lines = prop::collection::vec(sentence.clone(), 1..3);
    let leaf = prop_oneof![
        3 => lines.clone(),
        1 => (1usize..=6, sentence.clone()).prop_map(|(level, text)| vec![format!("{} {text}", "#".repeat(level))]),
        1 => (prop::sample::select(vec!["dockerfile", "sh", "yaml", "", "go"]), prop::collection::vec(prop::collection::vec(word, 1..4), 1..4))
            .prop_map(|(lang, code)| {
                let mut out = vec![format!("```{lang}")];
                out.extend(code.into_iter().map(|words| words.join(" ")));
                out.push("```".to_owned());
                out
            }),
        1 => (2usize..=3, prop::collection::vec(prop::collection::vec(word, 3), 1..4)).prop_map(|(columns, rows)| {
            let mut out = vec![
                format!("| {} |", (0..columns).map(|c| format!("h{c}")).collect::<Vec<_>>().join(" | ")),
                format!("|{}", "---|".repeat(columns)),
            ];
            for row in rows {
                out.push(format!("| {} |", row[..columns].join(" | ")));
            }
            out
        }),
        1 => Just(vec!["---".to_owned()]),
        1 => word.prop_map(|w| vec![format!("<!-- {w} -->")]),
    ];
    let block = leaf.prop_recursive(2, 16, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|lines| lines.into_iter().map(|l| format!("> {l}")).collect()),
            (any::<bool>(), prop::collection::vec(inner, 1..4)).prop_map(|(ordered, items)| {
                let mut out = Vec::new();
                for (index, item) in items.into_iter().enumerate() {
                    let marker = if ordered {
                        format!("{}. ", index + 1)
                    } else {
                        "- ".to_owned()
                    };
                    let indent = " ".repeat(marker.len());
                    for (i, line) in item.into_iter().enumerate() {
                        out.push(if i == 0 {
                            format!("{marker}{line}")
                        } else {
                            format!("{indent}{line}")
                        });
                    }
                }
                out
            }),
        ]
    });
    prop::collection::vec(block, 1..8).prop_map(|blocks| {
        let mut text: Vec<String> = blocks.into_iter().map(|lines| lines.join("\n")).collect();
        text.push("[^note]: A footnote about things.".to_owned());
        text.join("\n\n") + "\n"
    })
}

/// The words of a document's text: what pulldown-cmark reports as `Text`.
fn words_of(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, anchor::options())
        .filter_map(|event| match event {
            Event::Text(text) => Some(text.into_string()),
            _ => None,
        })
        .flat_map(|text| {
            text.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What `stagecraft read FILE.md --print` writes when piped.
fn print(markdown: &str, width: u16) -> String {
    let args = ReadArgs {
        lesson: "lesson".to_owned(),
        print: true,
        width: Some(width),
    };
    let target = PrintTarget {
        color: false,
        terminal_width: None,
    };
    let mut out = Vec::new();
    run_read(&args, &target, |_| Some(markdown.to_owned()), &mut out).expect("printing works");
    String::from_utf8(out).expect("UTF-8")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn printing_keeps_every_word(markdown in document(), width in 40u16..=120) {
        let output = print(&markdown, width);
        for word in words_of(&markdown) {
            prop_assert!(output.contains(&word), "{:?} missing from\n{}\n--- source ---\n{}", word, output, markdown);
        }
    }
}

#[test]
fn printing_the_fixture_keeps_every_word() {
    let text = std::fs::read_to_string("tests/fixtures/markdown/elements.md").expect("fixture");
    let body = stagecraft::commands::read::strip_front_matter(&text);
    for width in [40, 60, 80, 120] {
        let output = print(body, width);
        let words = words_of(body);
        assert!(words.len() > 100);
        // Chinese and Japanese text may wrap between any two characters.
        let joined = output.replace('\n', "");
        for word in words {
            let cjk = word.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c));
            // A word wider than the space left inside frames and indents is broken.
            if str_width(&word) + 10 > usize::from(width) {
                continue;
            }
            let found = output.contains(&word) || (cjk && joined.contains(&word));
            assert!(found, "{word:?} missing at width {width}");
        }
    }
}
