//! Lint rules: each finding has a rule id, a severity, a line, a message about this file, and
//! the rule's explanation with a link to the lesson that teaches it.

mod build;
pub mod catalog;
mod images;
mod runtime;
mod stages;

use serde::Serialize;

use super::graph::StageGraph;
use super::image_catalog::{ImageCatalog, ImageFacts};
use super::model::{Dockerfile, Severity};
pub use catalog::{RULES, Rule, rule};

/// One problem found in a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's stable id, e.g. `final-stage-runs-as-root`.
    pub rule: &'static str,
    /// How bad it is.
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
    fn new(rule: &'static Rule, line: usize, message: String) -> Self {
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

/// What the rules look at, and where they put their findings.
struct Context<'a> {
    dockerfile: &'a Dockerfile,
    graph: &'a StageGraph,
    /// What the course knows about images, for rules about images that are not a stage's root
    /// (`COPY --from=<image>`); no rule needs it yet.
    #[allow(dead_code)]
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
}

/// Runs every rule; the findings are sorted by line, then rule id. `bases` holds the catalog's
/// facts about each stage's root image (see [`crate::dockerfile::facts::root_facts`]).
pub fn check(
    dockerfile: &Dockerfile,
    graph: &StageGraph,
    catalog: &ImageCatalog,
    bases: &[Option<ImageFacts>],
) -> Vec<Finding> {
    let mut context = Context {
        dockerfile,
        graph,
        catalog,
        bases,
        findings: Vec::new(),
    };
    images::check(&mut context);
    stages::check(&mut context);
    runtime::check(&mut context);
    build::check(&mut context);
    let mut findings = context.findings;
    findings.sort_by(|a, b| a.line.cmp(&b.line).then(a.rule.cmp(b.rule)));
    findings.dedup();
    findings
}
