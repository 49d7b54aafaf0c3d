//! The whole analysis of a parsed Dockerfile: its stage graph and the lint findings.

use serde::Serialize;

use super::graph::{BuildOptions, GraphError, StageGraph};
use super::model::Dockerfile;
use super::rules::{self, Finding, RuleOptions};

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

/// What an analysis is for: the stage and platform built, and the project's rule settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnalysisOptions {
    /// The target stage and the platforms.
    pub build: BuildOptions,
    /// Settings of the rules (trusted registries).
    pub rules: RuleOptions,
}

/// Builds the stage graph (final stage: the last, or `target`) for linux/amd64 and runs every
/// rule.
///
/// Fails only when the file has no stage or `target` names none; parse diagnostics do not stop
/// the analysis of what could be read.
pub fn analyze(dockerfile: &Dockerfile, target: Option<&str>) -> Result<Analysis, GraphError> {
    let options = AnalysisOptions {
        build: BuildOptions {
            target: target.map(str::to_owned),
            ..BuildOptions::default()
        },
        ..AnalysisOptions::default()
    };
    analyze_with(dockerfile, &options)
}

/// Like [`analyze`], for a chosen target stage, platform and rule settings.
pub fn analyze_with(
    dockerfile: &Dockerfile,
    options: &AnalysisOptions,
) -> Result<Analysis, GraphError> {
    let graph = StageGraph::build(dockerfile, &options.build)?;
    let findings = rules::check_with(dockerfile, &graph, &options.rules);
    Ok(Analysis { graph, findings })
}
