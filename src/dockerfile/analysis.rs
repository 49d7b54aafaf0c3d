//! The whole analysis of a parsed Dockerfile: its stage graph and the lint findings.

use serde::Serialize;

use super::graph::{GraphError, StageGraph};
use super::model::Dockerfile;
use super::rules::{self, Finding};

/// A Dockerfile's stage graph and findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// Stages, dependencies and the final stage.
    pub graph: StageGraph,
    /// Rule findings, sorted by line.
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    /// The findings about `line`.
    pub fn findings_at_line(&self, line: usize) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.line == line)
    }
}

/// Builds the stage graph (final stage: the last, or `target`) and runs every rule.
///
/// Fails only when the file has no stage or `target` names none; parse diagnostics do not stop
/// the analysis of what could be read.
pub fn analyze(dockerfile: &Dockerfile, target: Option<&str>) -> Result<Analysis, GraphError> {
    let graph = StageGraph::new(dockerfile, target)?;
    let findings = rules::check(dockerfile, &graph);
    Ok(Analysis { graph, findings })
}
