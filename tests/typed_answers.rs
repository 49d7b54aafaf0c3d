//! Typed answers graded on meaning, across the embedded short-answer and fill-in questions:
//! paraphrases that must pass and near misses that must fail.

use stagecraft::content::grade::{Response, Verdict, grade_question};
use stagecraft::content::{ContentSet, QuestionKind};

/// (question id, the answer typed (blanks joined by ` | `), whether it is right).
const TABLE: &[(&str, &str, bool)] = &[
    // anatomy-target-flag
    ("anatomy-target-flag", "--target", true),
    ("anatomy-target-flag", "the --target flag", true),
    ("anatomy-target-flag", "--target test", true),
    ("anatomy-target-flag", "`--target=test`", true),
    ("anatomy-target-flag", "The --target option.", true),
    ("anatomy-target-flag", "--targets", false),
    ("anatomy-target-flag", "--tag", false),
    ("anatomy-target-flag", "-t", false),
    // anatomy-first-index
    ("anatomy-first-index", "0", true),
    ("anatomy-first-index", "zero", true),
    ("anatomy-first-index", "the first stage is 0", true),
    ("anatomy-first-index", "Index 0.", true),
    ("anatomy-first-index", "1", false),
    ("anatomy-first-index", "not 0 but 1", false),
    ("anatomy-first-index", "the first stage is 1", false),
    // cmdep-java-cmd: paths after WORKDIR /app
    ("cmdep-java-cmd", "[\"orders.jar\"]", true),
    ("cmdep-java-cmd", "[\"./orders.jar\"]", true),
    ("cmdep-java-cmd", "[ \"/app/orders.jar\" ]", true),
    ("cmdep-java-cmd", "CMD [\"./orders.jar\"]", true),
    ("cmdep-java-cmd", "`[\"/app/./orders.jar\"]`", true),
    (
        "cmdep-java-cmd",
        "[\"java\", \"-jar\", \"orders.jar\"]",
        false,
    ),
    ("cmdep-java-cmd", "[\"/orders.jar\"]", false),
    ("cmdep-java-cmd", "orders.jar", false),
    ("cmdep-java-cmd", "CMD java -jar orders.jar", false),
    // cmdep-node-cmd-blank (WORKDIR /app in its Dockerfile)
    ("cmdep-node-cmd-blank", "[\"dist/server.js\"]", true),
    ("cmdep-node-cmd-blank", "[\"/app/dist/server.js\"]", true),
    ("cmdep-node-cmd-blank", "[ \"./dist/./server.js\" ]", true),
    (
        "cmdep-node-cmd-blank",
        "[\"node\", \"dist/server.js\"]",
        false,
    ),
    ("cmdep-node-cmd-blank", "dist/server.js", false),
    ("cmdep-node-cmd-blank", "[\"/dist/server.js\"]", false),
    // sec-fill-secret-mount: the blank follows `--mount=type=`
    ("sec-fill-secret-mount", "secret", true),
    ("sec-fill-secret-mount", "type = secret", true),
    ("sec-fill-secret-mount", "type=secret", true),
    ("sec-fill-secret-mount", "SECRET", true),
    ("sec-fill-secret-mount", "cache", false),
    ("sec-fill-secret-mount", "type=cache", false),
    ("sec-fill-secret-mount", "secrets", false),
    // instr-cache-miss-word
    ("instr-cache-miss-word", "rebuilt", true),
    ("instr-cache-miss-word", "missed", true),
    ("instr-cache-miss-word", "also a cache miss", true),
    ("instr-cache-miss-word", "Invalidated.", true),
    ("instr-cache-miss-word", "cached", false),
    ("instr-cache-miss-word", "reused", false),
    // instr-user-scratch-blank: any non-zero numeric id
    ("instr-user-scratch-blank", "65532:65532", true),
    ("instr-user-scratch-blank", "10001", true),
    ("instr-user-scratch-blank", "4242:4242", true),
    ("instr-user-scratch-blank", "0", false),
    ("instr-user-scratch-blank", "0:0", false),
    ("instr-user-scratch-blank", "nonroot", false),
    ("instr-user-scratch-blank", "root", false),
    // cmdep-pid1-shell
    ("cmdep-pid1-shell", "/bin/sh", true),
    ("cmdep-pid1-shell", "the shell", true),
    ("cmdep-pid1-shell", "\"sh -c\"", true),
    ("cmdep-pid1-shell", "node", false),
    // instr-env-blank
    ("instr-env-blank", "env", true),
    ("instr-env-blank", "the ENV instruction", true),
    ("instr-env-blank", "ARG", false),
    // sec-readonly-flag
    ("sec-readonly-flag", "--read-only", true),
    ("sec-readonly-flag", "the --read-only flag", true),
    ("sec-readonly-flag", "--readonly", false),
    // single-layer-word
    ("single-layer-word", "a layer", true),
    ("single-layer-word", "Layers.", true),
    ("single-layer-word", "stages", false),
    // scratch-cgo-variable and scratch-tzdata-tag
    ("scratch-cgo-variable", "CGO_ENABLED=0", true),
    ("scratch-cgo-variable", "cgo_enabled", true),
    ("scratch-cgo-variable", "GOOS", false),
    ("scratch-tzdata-tag", "-tags timetzdata", true),
    ("scratch-tzdata-tag", "timetzdata", true),
    ("scratch-tzdata-tag", "tzdata", false),
    // anatomy-as-blank and tier-fill-target-stage (two blanks)
    ("anatomy-as-blank", "as", true),
    ("anatomy-as-blank", "FROM", false),
    ("tier-fill-target-stage", "AS | api-build", true),
    ("tier-fill-target-stage", "as | 0", true),
    ("tier-fill-target-stage", "AS | 1", false),
    // tier-db-volume-path and tier-depends-condition
    ("tier-db-volume-path", "/var/lib/mysql/", true),
    ("tier-db-volume-path", "/var/lib/mysql/data", false),
    ("tier-depends-condition", "condition: service_healthy", true),
    ("tier-depends-condition", "service_started", false),
];

#[test]
fn typed_answers_are_graded_on_meaning() {
    let content = ContentSet::embedded();
    assert!(TABLE.len() >= 60, "{} rows", TABLE.len());
    let mut wrong = Vec::new();
    for &(id, typed, right) in TABLE {
        let question = content
            .question(id)
            .unwrap_or_else(|| panic!("no question `{id}`"));
        let response = match &question.kind {
            QuestionKind::Short { .. } => Response::Text(typed.to_owned()),
            QuestionKind::FillBlank { .. } => {
                Response::Blanks(typed.split(" | ").map(str::to_owned).collect())
            }
            other => panic!("`{id}` is a {} question", other.label()),
        };
        let verdict = grade_question(question, &response);
        if (verdict == Verdict::Correct) != right {
            wrong.push(format!(
                "{id}: {typed:?} graded {verdict:?}, expected {}",
                if right { "right" } else { "wrong" }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
