//! The whole command-line surface, defined with clap's derive API.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Learn multi-stage Docker builds and distroless images; drill for interviews.
#[derive(Debug, Parser)]
#[command(name = "stagecraft", version, about, long_about = None)]
pub struct Cli {
    /// Add a content pack (a folder with lessons/, quizzes/, examples/); may be repeated.
    #[arg(long = "content", value_name = "DIR", global = true)]
    pub content: Vec<PathBuf>,

    /// Where progress is stored [default: the XDG data dir, e.g. ~/.local/share/stagecraft].
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Whose progress to use: several people can share one machine.
    #[arg(long, value_name = "NAME", global = true, default_value = "default")]
    pub profile: String,

    /// When to use colour; NO_COLOR in the environment turns `auto` off.
    #[arg(long, value_enum, global = true, default_value_t = ColorMode::Auto)]
    pub color: ColorMode,

    /// What to do; without a command the interactive app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a content pack (the embedded one without DIR); exit 1 on any error.
    Check {
        /// The pack folder to check, on top of the embedded pack.
        dir: Option<PathBuf>,
    },
    /// List the lessons with their reading time and your progress.
    Lessons,
    /// Read a lesson (by id, or a Markdown file); with --print, write it to standard output.
    Read(ReadArgs),
    /// Review due cards, then new ones within today's limits.
    Review,
    /// A timed interview drill: weakest topics and least-remembered cards first. With
    /// --interview, a mock interview in the terminal: open answers, scenarios, follow-ups and a
    /// debrief (cards are not rescheduled).
    Drill {
        /// Length in minutes [default: 10; 15 with --interview].
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=180))]
        minutes: Option<u32>,
        /// Run a line-based mock interview instead of the timed drill.
        #[arg(long)]
        interview: bool,
        /// The interview's level (with --interview).
        #[arg(long, value_enum, default_value_t = crate::srs::interview::Level::Mid, requires = "interview")]
        level: crate::srs::interview::Level,
        /// Most questions to ask.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=500))]
        count: u64,
        /// Only questions of this topic.
        #[arg(long)]
        topic: Option<String>,
    },
    /// Present a lesson as slides (for teaching); nothing is saved to anyone's progress.
    Present {
        /// The lesson's id (see `stagecraft lessons`).
        id: String,
    },
    /// Open a hands-on lab: fix its Dockerfile in any editor until every goal passes.
    Lab {
        /// The lab's id, e.g. `lab-go-scratch`.
        id: String,
        /// The folder for the lab's Dockerfile [default: <data dir>/labs/<ID>]; an existing
        /// Dockerfile there is kept, never overwritten.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Study statistics: answers per day, retention, due forecast, topics, streak.
    Stats {
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export progress as JSON (card states and review log) or as Anki notes (TSV).
    Export {
        /// Output format.
        #[arg(long, value_enum)]
        format: crate::export::ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check Dockerfiles: parse errors and findings with rule ids; exit 1 on any error
    /// finding, 2 when a file cannot be read or parsed.
    Lint(crate::dockerfile::lint_cmd::LintArgs),
    /// Open a Dockerfile in the viewer: stages, findings, and what each instruction does.
    View {
        /// The Dockerfile.
        file: PathBuf,
        /// Treat this stage as the final one, like `docker build --target`.
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
    },
    /// Show or change the scheduling settings of the profile, e.g.
    /// `stagecraft config desired-retention 0.85`.
    Config {
        /// The setting; without it every setting is listed.
        key: Option<String>,
        /// The new value; without it the current one is printed.
        value: Option<String>,
    },
    /// Print a shell completion script, e.g. `stagecraft completions bash`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Arguments of `stagecraft read`.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct ReadArgs {
    /// A lesson id, or the path of a Markdown file (YAML front matter is skipped).
    #[arg(value_name = "ID|FILE.md")]
    pub lesson: String,

    /// Write the rendered lesson to standard output instead of opening the reader.
    #[arg(long)]
    pub print: bool,

    /// Lay the lesson out for N columns [default: the terminal's width, or 80].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
}

/// The `--color` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorMode {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorMode {
    /// Whether to colour output going to a stream that is (or is not) a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorMode::Always => true,
            ColorMode::Never => false,
            ColorMode::Auto => is_terminal && !no_color_env(),
        }
    }

    /// Whether to colour standard output.
    pub fn for_stdout(self) -> bool {
        self.enabled(std::io::stdout().is_terminal())
    }

    /// Whether the interactive app uses colour (it always draws on a terminal).
    pub fn for_tui(self) -> bool {
        self.enabled(true)
    }
}

/// NO_COLOR is honoured when set to a non-empty value (see no-color.org).
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

impl Cli {
    /// The content packs to load: the embedded one, then each `--content` folder.
    pub fn packs(&self) -> Vec<crate::content::PackSource> {
        std::iter::once(crate::content::PackSource::Embedded)
            .chain(
                self.content
                    .iter()
                    .cloned()
                    .map(crate::content::PackSource::Dir),
            )
            .collect()
    }

    /// The data folder: `--data-dir`, or the platform's data dir + `stagecraft`.
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(|| {
            dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("stagecraft")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_work_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "stagecraft",
            "check",
            "pack",
            "--color",
            "never",
            "--profile",
            "ann",
        ])
        .unwrap();
        assert_eq!(cli.color, ColorMode::Never);
        assert_eq!(cli.profile, "ann");
        assert!(matches!(cli.command, Some(Command::Check { dir: Some(_) })));
    }

    #[test]
    fn colour_modes() {
        assert!(ColorMode::Always.enabled(false));
        assert!(!ColorMode::Never.enabled(true));
        assert!(!ColorMode::Auto.enabled(false));
    }
}
