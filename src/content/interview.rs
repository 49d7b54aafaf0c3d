//! What open interview questions carry beyond their kind: authored key points, follow-up
//! questions, and the error output and checked fix of a debugging scenario.
//!
//! An open interview question is a `flashcard` (typed answer, model answer) with
//! `key_points`; a scenario is a flashcard with a `dockerfile` and a `scenario:` block. These
//! notes are kept beside the [`Question`](super::Question) (in
//! [`ContentSet::interview`](super::ContentSet::interview)) so that every screen that knows
//! flashcards keeps working unchanged.

use serde::Serialize;

use crate::dockerfile::{Args, Dockerfile, Instruction, Keyword, analyze, parse};

/// One thing a good answer mentions, with other ways of saying it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyPoint {
    /// The point as shown to the learner, e.g. "no shell for an attacker".
    pub text: String,
    /// Alternative wordings that mean the same, e.g. "without /bin/sh".
    pub synonyms: Vec<String>,
}

impl KeyPoint {
    /// The point's wording followed by its alternatives.
    pub fn wordings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.synonyms.iter().map(String::as_str))
    }
}

/// How a typed fix of a scenario is checked by the Dockerfile analyzer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScenarioFix {
    /// Rule ids the scenario's Dockerfile triggers and the fixed one must not.
    pub removes: Vec<String>,
    /// Instructions the fix must contain (compared by meaning, not spelling).
    pub contains: Vec<String>,
}

impl ScenarioFix {
    /// Whether the fix checks anything.
    pub fn is_empty(&self) -> bool {
        self.removes.is_empty() && self.contains.is_empty()
    }
}

/// A "this container will not start: why?" question: the error seen and the fix to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// The error output the learner is shown (build log, container log, `kubectl` events).
    pub error: String,
    /// How a typed fix is checked; empty when the fix is judged from the model answer only.
    pub fix: ScenarioFix,
}

/// The interview notes of one question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InterviewNotes {
    /// Points a good answer mentions.
    pub key_points: Vec<KeyPoint>,
    /// Question ids an interviewer asks right after a good answer, in order.
    pub follow_ups: Vec<String>,
    /// The scenario, for debugging questions.
    pub scenario: Option<Scenario>,
}

impl InterviewNotes {
    /// Whether the notes hold nothing.
    pub fn is_empty(&self) -> bool {
        self.key_points.is_empty() && self.follow_ups.is_empty() && self.scenario.is_none()
    }
}

/// The verdict on a typed fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixVerdict {
    /// Rule ids that should have gone but are still reported.
    pub still_reported: Vec<String>,
    /// Expected instructions that the typed lines do not contain.
    pub missing: Vec<String>,
    /// Parse errors in the typed lines, as `line N: message`.
    pub parse_errors: Vec<String>,
}

impl FixVerdict {
    /// Whether the fix passes every check.
    pub fn passed(&self) -> bool {
        self.still_reported.is_empty() && self.missing.is_empty() && self.parse_errors.is_empty()
    }
}

/// Applies typed fix lines to a scenario's Dockerfile and returns the fixed text.
///
/// Typed text with two or more `FROM` lines is a whole Dockerfile and replaces the original.
/// Otherwise each typed instruction replaces the last instruction with the same keyword in
/// the final stage (a typed `FROM` replaces the final stage's `FROM`), else the last one with
/// that keyword in the file, or is appended to the end of the file when there is none.
pub fn apply_fix(original: &str, typed: &str) -> String {
    let patch = parse(typed);
    let froms = patch
        .instructions
        .iter()
        .filter(|i| i.keyword == Keyword::From)
        .count();
    if froms >= 2 {
        return typed.to_owned();
    }
    let base = parse(original);
    let mut lines: Vec<Option<String>> = original.lines().map(|l| Some(l.to_owned())).collect();
    let final_start = base
        .instructions
        .iter()
        .rposition(|i| i.keyword == Keyword::From)
        .unwrap_or(0);
    let mut appended = Vec::new();
    for instruction in &patch.instructions {
        let same = |i: &&Instruction| i.keyword == instruction.keyword;
        let target = base.instructions[final_start..]
            .iter()
            .rev()
            .find(same)
            .or_else(|| base.instructions.iter().rev().find(same));
        match target {
            Some(old) => {
                let first = old.span.start.saturating_sub(1);
                let last = old.span.end.min(lines.len());
                for line in lines.iter_mut().take(last).skip(first) {
                    *line = None;
                }
                if let Some(slot) = lines.get_mut(first) {
                    *slot = Some(instruction.source.clone());
                }
            }
            None => appended.push(instruction.source.clone()),
        }
    }
    let mut text: Vec<String> = lines.into_iter().flatten().collect();
    text.extend(appended);
    let mut joined = text.join("\n");
    joined.push('\n');
    joined
}

/// The rule ids the analyzer reports for a Dockerfile (empty when it has no stage).
pub fn reported_rules(text: &str) -> Vec<String> {
    let dockerfile = parse(text);
    analyze(&dockerfile, None)
        .map(|a| a.findings.iter().map(|f| f.rule.to_owned()).collect())
        .unwrap_or_default()
}

/// Checks typed fix lines against a scenario: the named findings must be gone from the fixed
/// Dockerfile and every expected instruction must be among the typed ones.
pub fn check_fix(original: &str, fix: &ScenarioFix, typed: &str) -> FixVerdict {
    let patch = parse(typed);
    let fixed = apply_fix(original, typed);
    let parse_errors = parse(&fixed)
        .errors()
        .map(|d| format!("line {}: {}", d.position.line, d.message))
        .collect();
    let reported = reported_rules(&fixed);
    let still_reported = fix
        .removes
        .iter()
        .filter(|rule| reported.contains(rule))
        .cloned()
        .collect();
    let missing = fix
        .contains
        .iter()
        .filter(|expected| {
            let wanted = parse(expected);
            !wanted.instructions.iter().all(|w| {
                patch
                    .instructions
                    .iter()
                    .any(|typed| same_meaning(w, typed))
            })
        })
        .cloned()
        .collect();
    FixVerdict {
        still_reported,
        missing,
        parse_errors,
    }
}

/// Whether two instructions mean the same: same keyword, same flags in any order, and the
/// same arguments once spacing, keyword case and Docker Hub's implied prefixes are ignored.
pub fn same_meaning(a: &Instruction, b: &Instruction) -> bool {
    if a.keyword != b.keyword {
        return false;
    }
    let flags = |i: &Instruction| {
        let mut f: Vec<String> = i
            .flags
            .iter()
            .map(|f| format!("{}={}", f.name, f.value.as_deref().unwrap_or("")))
            .collect();
        f.sort();
        f
    };
    if flags(a) != flags(b) {
        return false;
    }
    if a.keyword == Keyword::From {
        return match (a.from_parts(), b.from_parts()) {
            (Some((ia, sa)), Some((ib, sb))) => {
                normal_image(ia) == normal_image(ib)
                    && sa.map(str::to_ascii_lowercase) == sb.map(str::to_ascii_lowercase)
            }
            _ => false,
        };
    }
    words(&a.args) == words(&b.args)
}

fn normal_image(image: &str) -> String {
    let image = image.to_ascii_lowercase();
    let image = image.strip_prefix("docker.io/").unwrap_or(&image);
    image.strip_prefix("library/").unwrap_or(image).to_owned()
}

/// The arguments as words: exec items as they are, shell text split on whitespace.
fn words(args: &Args) -> Vec<String> {
    match args {
        Args::Exec(items) => items.clone(),
        Args::Shell(text) => text.split_whitespace().map(str::to_owned).collect(),
    }
}

/// Problems with a scenario, found by the analyzer: the Dockerfile must parse, trigger every
/// finding the fix removes, and the expected fix lines must parse and pass the check.
pub fn scenario_problems(dockerfile: &Dockerfile, text: &str, scenario: &Scenario) -> Vec<String> {
    let mut problems: Vec<String> = dockerfile
        .errors()
        .map(|d| {
            format!(
                "the scenario Dockerfile does not parse (line {}): {}",
                d.position.line, d.message
            )
        })
        .collect();
    if !problems.is_empty() {
        return problems;
    }
    let reported = reported_rules(text);
    for rule in &scenario.fix.removes {
        if crate::dockerfile::RULES.iter().all(|r| r.id != rule) {
            problems.push(format!("`fix.removes` names unknown rule `{rule}`"));
        } else if !reported.contains(rule) {
            problems.push(format!(
                "`fix.removes` names `{rule}`, which the scenario Dockerfile does not trigger"
            ));
        }
    }
    for line in &scenario.fix.contains {
        // Parsed after a FROM, as a line of a stage: a lone CMD is an error otherwise.
        let parsed = parse(&format!("FROM scratch\n{line}"));
        if parsed.has_errors() || parsed.instructions.len() != 2 {
            problems.push(format!(
                "`fix.contains` entry `{line}` is not one Dockerfile instruction"
            ));
        }
    }
    if problems.is_empty() && !scenario.fix.contains.is_empty() {
        let expected = scenario.fix.contains.join("\n");
        let verdict = check_fix(text, &scenario.fix, &expected);
        for rule in verdict.still_reported {
            problems.push(format!(
                "the expected fix lines do not remove `{rule}`; add the lines that do"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROKEN: &str = "FROM golang:1.27-trixie AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian13\nCOPY --from=build /app /app\nCMD /app\n";

    fn fix(removes: &[&str], contains: &[&str]) -> ScenarioFix {
        ScenarioFix {
            removes: removes.iter().map(|s| (*s).to_owned()).collect(),
            contains: contains.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_typed_cmd_replaces_the_final_stage_cmd() {
        let fixed = apply_fix(BROKEN, "CMD [\"/app\"]\n");
        assert!(fixed.ends_with("CMD [\"/app\"]\n"), "{fixed}");
        assert!(!fixed.contains("CMD /app"));
        assert!(fixed.contains("RUN go build"));
    }

    #[test]
    fn the_shell_form_cmd_scenario_is_fixed_by_exec_form_only() {
        let f = fix(&["shell-form-without-shell"], &["CMD [\"/app\"]"]);
        assert!(reported_rules(BROKEN).contains(&"shell-form-without-shell".to_owned()));
        let verdict = check_fix(BROKEN, &f, "cmd [ \"/app\" ]");
        assert!(
            verdict.passed(),
            "{verdict:?} {}",
            apply_fix(BROKEN, "cmd [ \"/app\" ]")
        );
        let verdict = check_fix(BROKEN, &f, "CMD /app --verbose");
        assert_eq!(verdict.still_reported, ["shell-form-without-shell"]);
        assert_eq!(verdict.missing, ["CMD [\"/app\"]"]);
    }

    #[test]
    fn a_whole_dockerfile_replaces_the_original() {
        let typed = "FROM golang:1.27-trixie AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n";
        assert_eq!(apply_fix(BROKEN, typed), typed);
    }

    #[test]
    fn images_compare_without_the_docker_hub_prefix() {
        let a = parse("FROM docker.io/library/alpine:3.24 AS x").instructions;
        let b = parse("from alpine:3.24 as X").instructions;
        assert!(same_meaning(&a[0], &b[0]));
        let c = parse("FROM alpine:3.23").instructions;
        assert!(!same_meaning(&a[0], &c[0]));
    }

    #[test]
    fn scenario_problems_catch_a_rule_the_file_does_not_trigger() {
        let scenario = Scenario {
            error: "exec: \"/bin/sh\": stat /bin/sh: no such file or directory".into(),
            fix: fix(&["final-stage-runs-as-root", "no-such-rule"], &[]),
        };
        let clean = "FROM scratch\nCOPY app /app\nUSER 65532\nENTRYPOINT [\"/app\"]\n";
        let problems = scenario_problems(&parse(clean), clean, &scenario);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[1].contains("unknown rule"));
    }
}
