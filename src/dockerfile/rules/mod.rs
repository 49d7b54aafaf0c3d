//! Lint rules: each finding has a rule id, a severity, a line, a message about this file, and
//! the rule's explanation with a link to the lesson that teaches it.

mod build;
mod cache;
pub mod catalog;
mod files;
mod images;
mod lifecycle;
mod runtime;
mod secrets;
mod stages;
mod suppress;

use serde::Serialize;

use super::graph::StageGraph;
use super::image_catalog::{ImageCatalog, ImageFacts};
use super::model::{Dockerfile, Severity};
pub use catalog::{RULES, Rule, rule};
pub use suppress::{Suppressions, suppressions};

/// One problem found in a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's stable id, e.g. `final-stage-runs-as-root`.
    pub rule: &'static str,
    /// How bad it is: the rule's severity, lowered for milder cases of a rule (such as runtime
    /// packages installed in a final stage) or changed by a configuration.
    pub severity: Severity,
    /// The line it is about (1-based).
    pub line: usize,
    /// What is wrong in this file, in one sentence.
    pub message: String,
    /// The rule's explanation: why it matters and how to fix it.
    pub explanation: &'static str,
    /// The lesson that teaches it: `lesson-id` or `lesson-id#anchor`.
    pub lesson: &'static str,
}

impl Finding {
    /// A finding of `rule` at its usual severity.
    pub fn new(rule: &'static Rule, line: usize, message: String) -> Self {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            line,
            message,
            explanation: rule.explanation,
            lesson: rule.lesson,
        }
    }

    /// Whether this finding is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Settings of the rules that depend on the project, not the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOptions {
    /// Registries images may come from (`docker.io`, `ghcr.io/acme` ...). Empty: any.
    pub trusted_registries: Vec<String>,
}

/// What the rules look at, and where they put their findings.
struct Context<'a> {
    dockerfile: &'a Dockerfile,
    graph: &'a StageGraph,
    options: &'a RuleOptions,
    /// What the course knows about images, for rules about images that are not a stage's root
    /// (`COPY --from=<image>`).
    catalog: &'a ImageCatalog,
    /// The catalog's facts about each stage's root image.
    bases: &'a [Option<ImageFacts>],
    findings: Vec<Finding>,
}

impl Context<'_> {
    /// The catalog's facts about the root image of `stage`'s chain.
    fn base(&self, stage: usize) -> Option<&ImageFacts> {
        self.bases.get(stage).and_then(Option::as_ref)
    }

    fn report(&mut self, rule: &'static Rule, line: usize, message: String) {
        self.findings.push(Finding::new(rule, line, message));
    }

    /// Reports at a severity other than the rule's usual one (a milder case of the rule).
    fn report_as(&mut self, rule: &'static Rule, severity: Severity, line: usize, message: String) {
        let mut finding = Finding::new(rule, line, message);
        finding.severity = severity;
        self.findings.push(finding);
    }
}

/// Runs every rule; the findings are sorted by line, then rule id. `bases` holds the catalog's
/// facts about each stage's root image (see [`crate::dockerfile::facts::root_facts`]). Findings
/// that the file's own `# stagecraft-ignore` comments suppress are left out.
pub fn check(
    dockerfile: &Dockerfile,
    graph: &StageGraph,
    catalog: &ImageCatalog,
    bases: &[Option<ImageFacts>],
    options: &RuleOptions,
) -> Vec<Finding> {
    let mut context = Context {
        dockerfile,
        graph,
        options,
        catalog,
        bases,
        findings: Vec::new(),
    };
    images::check(&mut context);
    stages::check(&mut context);
    runtime::check(&mut context);
    build::check(&mut context);
    secrets::check(&mut context);
    cache::check(&mut context);
    files::check(&mut context);
    lifecycle::check(&mut context);
    let mut findings = context.findings;
    let suppressed = suppressions(dockerfile);
    findings.retain(|f| !suppressed.hides(f.rule, f.line));
    findings.sort_by(|a, b| a.line.cmp(&b.line).then(a.rule.cmp(b.rule)));
    findings.dedup();
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::graph::work::CHAIN_STEPS;
    use crate::dockerfile::parse;

    /// Steps down stage chains that building the graph and running every rule take on `src`.
    fn chain_steps(src: &str) -> usize {
        let dockerfile = parse(src);
        let graph = StageGraph::new(&dockerfile, None).unwrap_or_else(|e| panic!("{e}"));
        let catalog = crate::content::images::embedded();
        let bases: Vec<Option<ImageFacts>> = (0..graph.stages.len())
            .map(|s| crate::dockerfile::facts::root_facts(catalog, &graph, s))
            .collect();
        CHAIN_STEPS.with(|steps| steps.set(0));
        let _ = check(
            &dockerfile,
            &graph,
            catalog,
            &bases,
            &RuleOptions::default(),
        );
        CHAIN_STEPS.with(|steps| steps.get())
    }

    /// Files of `n` stages: each built on the one before (with a RUN), on scratch, and each
    /// copying from the one before.
    fn shapes(n: usize) -> [String; 3] {
        let mut from_chain = String::from("FROM alpine:3.21 AS s0\n");
        let mut scratch = String::from("FROM scratch AS s0\n");
        let mut copies = String::from("FROM alpine:3.21 AS s0\n");
        for i in 1..n {
            from_chain.push_str(&format!("FROM s{} AS s{i}\nRUN echo {i} | tee /x\n", i - 1));
            scratch.push_str(&format!("FROM s{} AS s{i}\n", i - 1));
            copies.push_str(&format!(
                "FROM alpine:3.21 AS s{i}\nCOPY --from=s{} / /\n",
                i - 1
            ));
        }
        scratch.push_str("CMD app --serve\n");
        [from_chain, scratch, copies]
    }

    #[test]
    fn the_work_of_the_rules_grows_linearly_with_the_stages() {
        let small = shapes(1_000);
        let large = shapes(4_000);
        for (small, large) in small.iter().zip(&large) {
            let (a, b) = (chain_steps(small), chain_steps(large));
            // Four times the stages: about four times the steps; a rule that walks every
            // chain from every stage would take sixteen times as many.
            assert!(
                b <= 5 * a.max(1),
                "{a} steps for 1,000 stages, {b} for 4,000"
            );
            assert!(b <= 40 * 4_000, "{b} steps for 4,000 stages");
        }
    }
}
