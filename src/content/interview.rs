//! What open interview questions carry beyond their kind: authored key points, follow-up
//! questions, and the error output and checked fix of a debugging scenario.
//!
//! An open interview question is a `flashcard` (typed answer, model answer) with
//! `key_points`; a scenario is a flashcard with a `dockerfile` and a `scenario:` block. These
//! notes are kept beside the [`Question`](super::Question) (in
//! [`ContentSet::interview`](super::ContentSet::interview)) so that every screen that knows
//! flashcards keeps working unchanged.

use serde::Serialize;

use crate::dockerfile::copies::resolve;
use crate::dockerfile::{Args, Detail, Dockerfile, Instruction, Keyword, analyze, parse};

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
/// Dockerfile and every expected instruction must be among the typed ones, compared by
/// [`same_meaning_in`] with the working folder of the fixed file's final stage.
pub fn check_fix(original: &str, fix: &ScenarioFix, typed: &str) -> FixVerdict {
    let patch = parse(typed);
    let fixed = apply_fix(original, typed);
    let workdir = final_workdir(&fixed);
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
                    .any(|typed| same_meaning_in(w, typed, &workdir))
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

/// The working folder of a Dockerfile's final stage: its last `WORKDIR`, resolved, or `/`.
fn final_workdir(text: &str) -> String {
    let dockerfile = parse(text);
    let start = dockerfile
        .instructions
        .iter()
        .rposition(|i| i.keyword == Keyword::From)
        .unwrap_or(0);
    let mut workdir = "/".to_owned();
    for instruction in &dockerfile.instructions[start..] {
        if instruction.keyword == Keyword::Workdir
            && let Args::Shell(path) = &instruction.args
        {
            workdir = resolve(&workdir, path.trim());
        }
    }
    workdir
}

/// Whether two instructions mean the same: same keyword, same flags in any order, and the
/// same arguments once spacing, keyword case and Docker Hub's implied prefixes are ignored.
pub fn same_meaning(a: &Instruction, b: &Instruction) -> bool {
    same_meaning_in(a, b, "/")
}

/// Whether a typed instruction `b` does what the expected `a` asks, in a stage whose working
/// folder is `workdir`: [`same_meaning`], where exec-form items that are paths also agree once
/// resolved against `workdir` (`["./app.py"]` is `["/app/app.py"]` under `/app`), a numeric
/// non-root `USER` is met by any numeric non-root user (`USER 10001` for `USER 65532:65532`:
/// either starts on `scratch` and passes `runAsNonRoot`), and an `ARG` without a default is met
/// by the same `ARG` with one (it is declared in the stage either way).
pub fn same_meaning_in(a: &Instruction, b: &Instruction, workdir: &str) -> bool {
    if a.keyword != b.keyword {
        return false;
    }
    match (&a.detail, &b.detail) {
        (
            Detail::User {
                user: ua,
                group: ga,
            },
            Detail::User {
                user: ub,
                group: gb,
            },
        ) if non_root_id(ua) && ga.as_deref().is_none_or(non_root_id) => {
            return non_root_id(ub) && gb.as_deref().is_none_or(non_root_id);
        }
        (Detail::Arg { args: xa }, Detail::Arg { args: xb })
            if xa.iter().all(|d| d.default.is_none()) =>
        {
            return xa.len() == xb.len() && xa.iter().zip(xb).all(|(x, y)| x.name == y.name);
        }
        _ => {}
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
    // Exec and shell form run differently (a shell as PID 1, or none), so for the instructions
    // that run a command the form is part of the meaning; for COPY and the like it is not.
    let runs_a_command = matches!(
        a.keyword,
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck | Keyword::Shell
    );
    if runs_a_command && matches!(a.args, Args::Exec(_)) != matches!(b.args, Args::Exec(_)) {
        return false;
    }
    if let (Args::Exec(x), Args::Exec(y)) = (&a.args, &b.args) {
        return x.len() == y.len()
            && x.iter().zip(y).all(|(p, q)| {
                p == q || (is_path(p) && is_path(q) && resolve(workdir, p) == resolve(workdir, q))
            });
    }
    words(&a.args) == words(&b.args)
}

/// A user or group that is a number other than 0.
fn non_root_id(id: &str) -> bool {
    id.chars().all(|c| c.is_ascii_digit()) && !id.trim_start_matches('0').is_empty()
}

/// Whether an exec-form item is a path: it holds a `/`, or ends in a file extension.
fn is_path(item: &str) -> bool {
    item.contains('/')
        || item.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric())
        })
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
    fn exec_and_shell_form_of_a_command_differ_but_not_of_a_copy() {
        let exec = parse("ENTRYPOINT [\"app\", \"--serve\"]").instructions;
        let shell = parse("ENTRYPOINT app --serve").instructions;
        assert!(!same_meaning(&exec[0], &shell[0]));
        assert!(same_meaning(&exec[0], &exec[0]));
        let copy_json = parse("COPY [\"a\", \"/b\"]").instructions;
        let copy_plain = parse("COPY a /b").instructions;
        assert!(same_meaning(&copy_json[0], &copy_plain[0]));
    }

    #[test]
    fn fixes_are_compared_by_what_they_do() {
        let distroless_python = "FROM gcr.io/distroless/python3-debian13\nCOPY app.py /app/app.py\nWORKDIR /app\nCMD [\"python\", \"app.py\"]\n";
        let cmd = fix(&[], &["CMD [\"app.py\"]"]);
        assert!(check_fix(distroless_python, &cmd, "CMD [\"/app/app.py\"]").passed());
        assert!(check_fix(distroless_python, &cmd, "CMD [\"./app.py\"]").passed());
        assert!(!check_fix(distroless_python, &cmd, "CMD [\"/app.py\"]").passed());
        assert!(!check_fix(distroless_python, &cmd, "CMD [\"python3\", \"app.py\"]").passed());
        let scratch = "FROM scratch\nCOPY app /app\nUSER appuser\nENTRYPOINT [\"/app\"]\n";
        let user = fix(&[], &["USER 10001:10001"]);
        for right in ["USER 10001:10001", "USER 65532:65532", "user 10001"] {
            assert!(check_fix(scratch, &user, right).passed(), "{right}");
        }
        for wrong in [
            "USER 0",
            "USER root",
            "USER 10001:0",
            "USER appuser:appuser",
        ] {
            assert!(!check_fix(scratch, &user, wrong).passed(), "{wrong}");
        }
        let scoped = "ARG VERSION=dev\nFROM golang:1.27-trixie AS build\nRUN go build .\n";
        let arg = fix(&[], &["ARG VERSION"]);
        assert!(check_fix(scoped, &arg, "ARG VERSION=dev").passed());
        assert!(!check_fix(scoped, &arg, "ARG VERSIONS").passed());
        assert!(!check_fix(scoped, &arg, "ENV VERSION=dev").passed());
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
