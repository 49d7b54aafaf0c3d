//! Dockerfile analysis: a parser of our own, the stage graph, lint rules with explanations,
//! plain-language explanations of instructions, and the checks behind lab goals.
//!
//! Everything here is pure: text in, data out. The `lint` command and the viewer screen build
//! on [`parse`], [`StageGraph`] and [`analyze`].

pub mod expand;
pub mod graph;
pub mod image;
mod instruction;
pub mod lex;
pub mod model;
pub mod parse;
pub mod shell;
mod source;

pub use graph::{Base, Edge, EdgeKind, GraphError, Stage, StageGraph};
pub use model::{
    Args, Detail, Diagnostic, Dockerfile, Flag, Heredoc, Instruction, Keyword, Position,
    Severity, Span,
};
pub use parse::parse;
