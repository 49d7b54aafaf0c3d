//! The whole analysis of a parsed Dockerfile: its stage graph and the lint findings.

use std::collections::HashMap;

use serde::Serialize;

use super::facts;
use super::graph::{BuildOptions, GraphError, StageGraph};
use super::image_catalog::{ImageCatalog, ImageFacts};
use super::model::Dockerfile;
use super::rules::{self, Finding, RuleOptions};

/// A Dockerfile's stage graph and findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// Stages, dependencies and the final stage.
    pub graph: StageGraph,
    /// Rule findings, sorted by line.
    pub findings: Vec<Finding>,
    /// For each stage, what the image catalog knows about the root image of its chain (`None`:
    /// unresolved, or not in the catalog).
    pub bases: Vec<Option<ImageFacts>>,
}

impl Analysis {
    /// What the catalog knows about the root image of `stage`'s chain.
    pub fn base(&self, stage: usize) -> Option<&ImageFacts> {
        self.bases.get(stage).and_then(Option::as_ref)
    }

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
/// rule, with the image facts of the embedded pack's catalog
/// ([`crate::content::images::embedded`]). Use [`analyze_with`] to pass the catalog of the
/// packs in use, and [`analyze_for`] to choose the platform and rule settings too.
///
/// Fails only when the file has no stage or `target` names none; parse diagnostics do not stop
/// the analysis of what could be read.
pub fn analyze(dockerfile: &Dockerfile, target: Option<&str>) -> Result<Analysis, GraphError> {
    analyze_with(dockerfile, target, crate::content::images::embedded())
}

/// [`analyze`] with the image facts of `catalog`.
pub fn analyze_with(
    dockerfile: &Dockerfile,
    target: Option<&str>,
    catalog: &ImageCatalog,
) -> Result<Analysis, GraphError> {
    let options = AnalysisOptions {
        build: BuildOptions {
            target: target.map(str::to_owned),
            ..BuildOptions::default()
        },
        ..AnalysisOptions::default()
    };
    analyze_for(dockerfile, &options, catalog)
}

/// [`analyze`] for a chosen target stage, platform and rule settings, with the image facts of
/// `catalog`.
pub fn analyze_for(
    dockerfile: &Dockerfile,
    options: &AnalysisOptions,
    catalog: &ImageCatalog,
) -> Result<Analysis, GraphError> {
    let graph = StageGraph::build(dockerfile, &options.build)?;
    // Stages built on the same image share one catalog lookup: a file of thousands of stages
    // has only a handful of root images.
    let mut looked_up: HashMap<Option<&str>, Option<ImageFacts>> = HashMap::new();
    let bases: Vec<Option<ImageFacts>> = (0..graph.stages.len())
        .map(|stage| {
            looked_up
                .entry(graph.root_image(stage))
                .or_insert_with(|| facts::root_facts(catalog, &graph, stage))
                .clone()
        })
        .collect();
    let findings = rules::check(dockerfile, &graph, catalog, &bases, &options.rules);
    Ok(Analysis {
        graph,
        findings,
        bases,
    })
}
