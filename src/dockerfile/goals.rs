//! Lab goals: the checks a lab runs on the learner's Dockerfile (see docs/authoring.md, "Lab
//! checks").

use serde::{Deserialize, Serialize};

use super::analysis::{Analysis, analyze};
use super::facts;
use super::image::glob_match;
use super::model::{Dockerfile, Keyword};
use super::parse::parse;
use super::shell;

/// One lab check, written in YAML as `check: <name>` with an optional `value:`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "check",
    content = "value",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum LabCheck {
    /// The Dockerfile has at least this many stages.
    MinStages(usize),
    /// The final stage's base image matches one of these patterns (`*` matches any run of
    /// characters). A final stage built `FROM` another stage uses that stage's image.
    FinalBase(Vec<String>),
    /// The final stage runs as a user other than root.
    NonRoot,
    /// The final image has a `CMD` or `ENTRYPOINT`, and every one of them in the final stage
    /// (and the stages it is built on) uses the JSON (exec) form.
    ExecForm,
    /// No `RUN` in the final stage uses apt, apk, yum, dnf, pip or another package manager.
    NoPackageManager,
    /// The final stage copies something from another stage or image with `COPY --from`.
    CopyFrom,
    /// The file parses and the analyzer reports no error-level finding.
    NoErrors,
}

impl LabCheck {
    /// The check's name as written in YAML, e.g. `min_stages`.
    pub fn name(&self) -> &'static str {
        match self {
            LabCheck::MinStages(_) => "min_stages",
            LabCheck::FinalBase(_) => "final_base",
            LabCheck::NonRoot => "non_root",
            LabCheck::ExecForm => "exec_form",
            LabCheck::NoPackageManager => "no_package_manager",
            LabCheck::CopyFrom => "copy_from",
            LabCheck::NoErrors => "no_errors",
        }
    }

    /// The default checklist text.
    pub fn describe(&self) -> String {
        match self {
            LabCheck::MinStages(n) => format!("at least {n} stages"),
            LabCheck::FinalBase(patterns) => {
                format!("final image based on {}", patterns.join(" or "))
            }
            LabCheck::NonRoot => "the final stage runs as a non-root user".into(),
            LabCheck::ExecForm => "CMD and ENTRYPOINT use the exec (JSON) form".into(),
            LabCheck::NoPackageManager => "no package manager runs in the final stage".into(),
            LabCheck::CopyFrom => "the final stage copies artifacts with COPY --from".into(),
            LabCheck::NoErrors => "the analyzer reports no error".into(),
        }
    }
}

/// Whether `dockerfile`, analysed as `analysis`, passes `check`.
pub fn check_goal(dockerfile: &Dockerfile, analysis: &Analysis, check: &LabCheck) -> bool {
    let graph = &analysis.graph;
    let target = graph.final_stage().index;
    match check {
        LabCheck::MinStages(n) => graph.stages.len() >= *n,
        LabCheck::FinalBase(patterns) => graph
            .root_image(target)
            .is_some_and(|image| patterns.iter().any(|p| glob_match(p, image))),
        LabCheck::NonRoot => {
            !facts::effective_user(dockerfile, graph, target, analysis.base(target)).is_root()
        }
        LabCheck::ExecForm => {
            let commands: Vec<_> = facts::chain_instructions(dockerfile, graph, target)
                .into_iter()
                .filter(|(_, i)| matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint))
                .collect();
            !commands.is_empty() && commands.iter().all(|(_, i)| i.is_exec_form())
        }
        LabCheck::NoPackageManager => facts::stage_instructions(dockerfile, graph, target)
            .into_iter()
            .flat_map(|(_, i)| shell::run_commands(i))
            .all(|c| facts::package_manager(&c).is_none()),
        LabCheck::CopyFrom => facts::stage_instructions(dockerfile, graph, target)
            .iter()
            .any(|(_, i)| i.copy_from().is_some()),
        LabCheck::NoErrors => !dockerfile.has_errors() && !analysis.has_errors(),
    }
}

/// Parses and analyses `src` and runs every check; all fail when the file has no stage or the
/// target does not exist.
pub fn evaluate(src: &str, target: Option<&str>, checks: &[LabCheck]) -> Vec<bool> {
    let dockerfile = parse(src);
    match analyze(&dockerfile, target) {
        Ok(analysis) => checks
            .iter()
            .map(|c| check_goal(&dockerfile, &analysis, c))
            .collect(),
        Err(_) => vec![false; checks.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str =
        "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n";
    const SOLUTION: &str = "\
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT [\"/app\"]
";

    fn all_checks() -> Vec<LabCheck> {
        vec![
            LabCheck::MinStages(2),
            LabCheck::FinalBase(vec!["gcr.io/distroless/static*".into(), "scratch".into()]),
            LabCheck::NonRoot,
            LabCheck::ExecForm,
            LabCheck::NoPackageManager,
            LabCheck::CopyFrom,
            LabCheck::NoErrors,
        ]
    }

    #[test]
    fn the_authoring_example_lab() {
        assert_eq!(
            evaluate(START, None, &all_checks()),
            vec![false, false, false, true, true, false, true]
        );
        assert_eq!(evaluate(SOLUTION, None, &all_checks()), vec![true; 7]);
    }

    #[test]
    fn each_check_fails_on_its_own_mistake() {
        let checks = all_checks();
        let exec = evaluate(
            &SOLUTION.replace("ENTRYPOINT [\"/app\"]", "ENTRYPOINT /app"),
            None,
            &checks,
        );
        assert!(!exec[3]);
        assert!(!exec[6], "shell form on distroless is an error finding too");
        let root = evaluate(&SOLUTION.replace(":nonroot", ""), None, &checks);
        assert!(!root[2] && root[1]);
        let apt = evaluate(
            &format!("{SOLUTION}RUN [\"pip\", \"install\", \"x\"]\n"),
            None,
            &checks,
        );
        assert!(!apt[4]);
        assert!(!evaluate("", None, &checks).iter().any(|ok| *ok));
        let none = evaluate("FROM scratch\nCOPY app /app\n", None, &[LabCheck::ExecForm]);
        assert_eq!(none, vec![false]);
    }

    #[test]
    fn deserializes_the_yaml_of_authoring_md() {
        let yaml = "\
- check: min_stages
  value: 2
- check: final_base
  value: [\"gcr.io/distroless/static*\", \"scratch\"]
- check: non_root
- check: exec_form
- check: no_package_manager
- check: copy_from
- check: no_errors
";
        let checks: Vec<LabCheck> = serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(checks, all_checks());
        let bad: Result<Vec<LabCheck>, _> =
            serde_saphyr::from_str("- check: min_stage\n  value: 2\n");
        assert!(bad.is_err());
        let json = serde_json::to_string(&LabCheck::MinStages(3)).unwrap_or_default();
        assert_eq!(json, r#"{"check":"min_stages","value":3}"#);
        assert_eq!(LabCheck::CopyFrom.name(), "copy_from");
    }
}
