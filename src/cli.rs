//! Command-line definitions.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::export::ExportFormat;

/// Learn multi-stage Docker builds and distroless images, with spaced repetition.
#[derive(Debug, Parser)]
#[command(name = "stagecraft", version, about)]
pub struct Cli {
    /// Directory holding the progress databases [default: the platform's data directory +
    /// /stagecraft, e.g. ~/.local/share/stagecraft]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Progress profile (letters, digits, `-`, `_`); each profile has its own database
    #[arg(long, global = true, value_name = "NAME", default_value = "default")]
    pub profile: String,

    /// What to do
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show study statistics: answers per day, retention, due forecast, topics, streak
    Stats {
        /// Print the full report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Export progress as JSON (card states and review log) or as Anki notes (TSV)
    Export {
        /// Output format
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

impl Cli {
    /// The data directory: `--data-dir`, or the platform default.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.data_dir
            .clone()
            .or_else(crate::store::default_data_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_global_options_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "stagecraft",
            "export",
            "--format",
            "anki-tsv",
            "--profile",
            "work",
            "--data-dir",
            "/tmp/x",
            "-o",
            "out.tsv",
        ])
        .unwrap();
        assert_eq!(cli.profile, "work");
        assert_eq!(cli.data_dir(), Some(PathBuf::from("/tmp/x")));
        match cli.command {
            Some(Command::Export { format, output }) => {
                assert_eq!(format, ExportFormat::AnkiTsv);
                assert_eq!(output, Some(PathBuf::from("out.tsv")));
            }
            other => panic!("unexpected {other:?}"),
        }
        let stats = Cli::try_parse_from(["stagecraft", "stats", "--json"]).unwrap();
        assert!(matches!(stats.command, Some(Command::Stats { json: true })));
        assert_eq!(stats.profile, "default");
        assert!(Cli::try_parse_from(["stagecraft", "export", "--format", "csv"]).is_err());
    }
}
