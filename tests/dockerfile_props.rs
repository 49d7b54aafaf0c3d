//! Property tests: the Dockerfile parser and analysis never panic, and positions stay inside
//! the file, whatever the input.

use proptest::prelude::*;
use stagecraft::dockerfile::{analyze, explain, goals, parse};

/// Lines that look like Dockerfile syntax, to reach deep into the parser.
fn dockerfile_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("FROM alpine:3.20 AS base".to_owned()),
        Just("from ${BASE:-scratch} as Final".to_owned()),
        Just("ARG BASE=golang:1.23".to_owned()),
        Just("RUN <<EOF".to_owned()),
        Just("RUN <<-'A' cat <<B".to_owned()),
        Just("EOF".to_owned()),
        Just("\tA".to_owned()),
        Just("COPY --from=base --chown=1:1 /a /b".to_owned()),
        Just("COPY --from=7 <<X /x".to_owned()),
        Just("RUN --mount=type=cache,from=base,target=/c go build -o /app .".to_owned()),
        Just("CMD [\"python3\", \"app.py\"]".to_owned()),
        Just("CMD ['bad json']".to_owned()),
        Just("ENTRYPOINT [1, 2]".to_owned()),
        Just("USER nonroot".to_owned()),
        Just("ONBUILD ONBUILD RUN x".to_owned()),
        Just("HEALTHCHECK --interval=5s CMD curl -f localhost".to_owned()),
        Just("ENV A=\"b c\" D=e\\ f".to_owned()),
        Just("# escape=`".to_owned()),
        Just("# comment".to_owned()),
        Just("RUN apt-get install -y gcc \\".to_owned()),
        Just("    && make `".to_owned()),
        Just("\\".to_owned()),
        Just(String::new()),
        "[ -~\t]{0,40}",
        any::<String>(),
    ]
}

fn dockerfile() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(dockerfile_line(), 0..30),
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
    )
        .prop_map(|(lines, ending)| lines.join(ending))
}

fn check_everything(src: &str) {
    let dockerfile = parse(src);
    let line_count = dockerfile.line_count;
    for instruction in &dockerfile.instructions {
        assert!(instruction.span.start >= 1, "span starts before line 1");
        assert!(
            instruction.span.start <= instruction.span.end,
            "span is reversed"
        );
        assert!(
            instruction.span.end <= line_count,
            "span ends after the file"
        );
        assert!(instruction.span.contains(instruction.position.line));
        assert!(instruction.args_position.line >= instruction.span.start);
        assert!(instruction.args_position.line <= instruction.span.end);
        for flag in &instruction.flags {
            assert!(instruction.span.contains(flag.position.line));
        }
        for heredoc in &instruction.heredocs {
            assert!(heredoc.body.start <= heredoc.body.end && heredoc.body.end <= line_count);
        }
    }
    for diagnostic in &dockerfile.diagnostics {
        assert!(diagnostic.position.line >= 1 && diagnostic.position.column >= 1);
        assert!(
            diagnostic.position.line <= line_count.max(1),
            "{diagnostic}"
        );
    }
    if let Ok(analysis) = analyze(&dockerfile, None) {
        for finding in &analysis.findings {
            assert!(
                finding.line >= 1 && finding.line <= line_count,
                "{finding:?}"
            );
        }
        for index in 0..dockerfile.instructions.len() {
            let text = explain::in_file(&dockerfile, &analysis.graph, index);
            assert!(!text.is_empty());
        }
        for check in [
            goals::LabCheck::MinStages(2),
            goals::LabCheck::NonRoot,
            goals::LabCheck::ExecForm(None),
            goals::LabCheck::NoPackageManager,
            goals::LabCheck::CopyFrom,
            goals::LabCheck::NoErrors,
            goals::LabCheck::FinalBase(vec!["*".into()]),
        ] {
            let _ = goals::check_goal(&dockerfile, &analysis, &check);
        }
    }
    for name in ["base", "final", "x"] {
        let _ = analyze(&dockerfile, Some(name));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(src in any::<String>()) {
        check_everything(&src);
    }

    #[test]
    fn dockerfile_like_text_never_panics_and_spans_stay_inside(src in dockerfile()) {
        check_everything(&src);
    }

    #[test]
    fn parsing_is_deterministic(src in dockerfile()) {
        prop_assert_eq!(parse(&src), parse(&src));
    }
}

#[test]
fn pathological_inputs() {
    let cases = [
        "\u{feff}".to_owned(),
        "\\\n".repeat(10_000),
        "FROM a\nRUN ".to_owned() + &"<<A ".repeat(2_000),
        "FROM a\nRUN x".to_owned() + &" \\\n".repeat(5_000),
        "FROM ".to_owned() + &"${A:-".repeat(5_000) + &"}".repeat(5_000),
        "ARG A=".to_owned() + &"${A}".repeat(2_000) + "\nFROM $A\n",
        "FROM a\nCMD ".to_owned() + &"[".repeat(10_000),
        "FROM a\nENV ".to_owned() + &"\"".repeat(9_999),
        "FROM a AS b\n".repeat(2_000) + "COPY --from=b / /\n",
        "\r\r\r\n\n\t\t#\n".repeat(100),
    ];
    for src in &cases {
        check_everything(src);
    }
}
