//! Dockerfile analysis: a parser of our own, the stage graph, lint rules with explanations,
//! plain-language explanations of instructions, and the checks behind lab goals.
//!
//! Everything here is pure: text in, data out. The `lint` command and the viewer screen build
//! on [`parse`](mod@parse), [`StageGraph`], [`analyze`] and [`explain`].
//!
//! ```
//! use stagecraft::dockerfile::{analyze, parse};
//!
//! let dockerfile = parse("FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nCMD [\"/app\"]\n");
//! assert!(dockerfile.diagnostics.is_empty());
//! let analysis = analyze(&dockerfile, None).expect("has stages");
//! assert_eq!(analysis.graph.stages.len(), 2);
//! assert!(analysis.findings.iter().any(|f| f.rule == "go-build-with-cgo"));
//! ```

mod analysis;
pub mod copies;
pub mod expand;
pub mod explain;
pub mod facts;
pub mod goals;
pub mod graph;
pub mod image;
pub mod image_catalog;
mod instruction;
pub mod lex;
pub mod model;
pub mod parse;
pub mod rules;
pub mod shell;
mod source;

pub use analysis::{Analysis, AnalysisOptions, analyze, analyze_for, analyze_with};
pub use goals::{LabCheck, check_goal};
pub use graph::{Base, BuildOptions, Edge, EdgeKind, GraphError, Platform, Stage, StageGraph};
pub use image_catalog::{ImageCatalog, ImageFacts};
pub use model::{
    Args, Detail, Diagnostic, Dockerfile, Flag, Heredoc, Instruction, Keyword, Position, Severity,
    Span,
};
pub use parse::parse;
pub use rules::{Finding, RULES, Rule, RuleOptions};
