//! Command-line definitions.

use clap::{Parser, Subcommand};

use crate::dockerfile::lint_cmd::LintArgs;

/// Learn multi-stage Docker builds and distroless images; drill for interviews.
#[derive(Debug, Parser)]
#[command(name = "stagecraft", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Dockerfiles: parse errors and findings with rule ids; exit 1 on any error finding,
    /// 2 when a file cannot be read or parsed.
    Lint(LintArgs),
}
