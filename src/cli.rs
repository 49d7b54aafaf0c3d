//! The whole command-line surface, defined with clap's derive API.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Learn multi-stage Docker builds and distroless images; drill for interviews.
#[derive(Debug, Parser)]
#[command(name = "stagecraft", version, about, long_about = None)]
pub struct Cli {
    /// Add a content pack (a folder with lessons/, quizzes/, examples/, or a pack file made
    /// by `stagecraft pack build`); may be repeated.
    #[arg(long = "content", value_name = "DIR|FILE", global = true)]
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

    /// The widest a lesson's prose is laid out in the reader, in columns; wider terminals
    /// get margins (0: no limit).
    #[arg(long, value_name = "COLUMNS", global = true, default_value_t = 100)]
    pub reader_width: u16,

    /// What to do; without a command the interactive app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate content: without DIR, exactly the packs the app would load (the embedded one
    /// and every --content); with DIR, that pack's own problems and counts. Exit 1 on any error.
    Check {
        /// The pack folder (or pack file) to check; it is loaded after the others, as
        /// `--content DIR` would be, so it may link to their lessons.
        #[arg(value_name = "DIR|FILE")]
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
    /// debrief (cards are not rescheduled unless --reschedule).
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
        /// With --interview: also save each rating as a review of a card already studied
        /// (new cards stay new; the day's new-card allowance is never used).
        #[arg(long, requires = "interview")]
        reschedule: bool,
        /// Most questions to ask.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=500))]
        count: u64,
        /// Only questions of this topic.
        #[arg(long)]
        topic: Option<String>,
    },
    /// Present a lesson as slides (for teaching); nothing is saved to anyone's progress.
    /// Without --notes this is the audience view for the room's screen; run it again with
    /// --notes in a second terminal for the presenter view (notes, next slide, timer). The
    /// two follow each other through a file in the data directory.
    Present {
        /// The lesson's id (see `stagecraft lessons`).
        id: String,
        /// The presenter view: current and next slide, speaker notes, timer, the answers.
        #[arg(long)]
        notes: bool,
    },
    /// Open a hands-on lab: fix its Dockerfile in any editor until every goal passes. With
    /// --check, judge a file against the lab's goals instead: exit 0 when every goal passes,
    /// 1 otherwise, 2 when the file cannot be read.
    Lab {
        /// The lab's id, e.g. `lab-go-scratch`.
        id: String,
        /// The folder for the lab's Dockerfile [default: <data dir>/labs/<ID>]; an existing
        /// Dockerfile there is kept, never overwritten.
        #[arg(long, value_name = "DIR", conflicts_with = "check")]
        dir: Option<PathBuf>,
        /// Check this Dockerfile against the lab's goals and print one line per goal.
        #[arg(long, value_name = "FILE", conflicts_with = "build")]
        check: Option<PathBuf>,
        /// Build the lab's Dockerfile for real with the lab's sample application on the local
        /// Docker or Podman engine, run it with no network and print one line per real check
        /// (exit 0 when none fails, 1 otherwise, 2 without an engine).
        #[arg(long)]
        build: bool,
        /// The Dockerfile --build uses [default: the Dockerfile in the lab's folder].
        #[arg(long, value_name = "FILE", requires = "build")]
        file: Option<PathBuf>,
        /// Output of --check and --build.
        #[arg(long, value_enum, default_value_t = crate::commands::lab::CheckFormat::Text)]
        format: crate::commands::lab::CheckFormat,
    },
    /// List the labs with the date each was completed.
    Labs,
    /// Custom study outside the schedule: a topic, the cards missed today or the leeches.
    /// Nothing is saved: no card is rescheduled and today's new-card allowance is not used.
    Study {
        /// Which cards.
        #[command(flatten)]
        kind: crate::commands::study::StudyKindArgs,
        /// Print the cards instead of studying them.
        #[arg(long)]
        list: bool,
    },
    /// List every card with its scheduling state (filter, search, sort, --json), or change
    /// cards: `stagecraft cards suspend|unsuspend|bury|forget|set-due ID...`.
    Cards(CardsArgs),
    /// Study statistics: answers per day, retention, due forecast, topics, streak.
    Stats {
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export progress as JSON (card states and review log), as Anki notes (TSV), or as an
    /// Anki package with the learner's scheduling (apkg, to a file).
    Export {
        /// Output format.
        #[arg(long, value_enum)]
        format: crate::export::ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Restore a JSON export into the profile (which must hold no progress), or with --merge
    /// combine its log with the profile's by time. Checked completely first; applied in one
    /// transaction or not at all.
    Import {
        /// The JSON file written by `stagecraft export --format json`.
        file: PathBuf,
        /// Combine with the profile's own cards and answers instead of requiring it empty.
        #[arg(long)]
        merge: bool,
    },
    /// Check Dockerfiles: parse errors and findings with rule ids; exit 1 on any error
    /// finding, 2 when a file cannot be read or parsed.
    Lint(crate::commands::lint::LintArgs),
    /// Open an example (by id, e.g. `go-scratch`) or any Dockerfile in the viewer: stages,
    /// findings, and what each instruction does; an example with its notes and its "before".
    View {
        /// An example's id, or the path of a Dockerfile (an existing file wins over an id).
        #[arg(value_name = "ID|FILE")]
        file: PathBuf,
        /// Treat this stage as the final one, like `docker build --target`.
        #[arg(long, value_name = "NAME")]
        target: Option<String>,
        /// The platform built for, which gives TARGETOS, TARGETARCH... their values.
        #[arg(long, value_name = "OS/ARCH[/VARIANT]", default_value = "linux/amd64")]
        platform: String,
        /// Build the example's "before" and "after" for real on Docker or Podman and print
        /// their sizes, layers and the stages the builder skipped, instead of opening the
        /// viewer.
        #[arg(long, conflicts_with = "target")]
        build: bool,
        /// Output of --build.
        #[arg(long, value_enum, default_value_t = crate::commands::lab::CheckFormat::Text, requires = "build")]
        format: crate::commands::lab::CheckFormat,
    },
    /// Show or change the scheduling settings of the profile, e.g.
    /// `stagecraft config desired-retention 0.85`.
    Config {
        /// The setting; without it every setting is listed.
        key: Option<String>,
        /// The new value; without it the current one is printed.
        value: Option<String>,
    },
    /// For teachers: combine students' exports into a class report.
    Class {
        /// What to do.
        #[command(subcommand)]
        action: ClassCommand,
    },
    /// For teachers: turn a content pack folder into one file to hand to students.
    Pack {
        /// What to do.
        #[command(subcommand)]
        action: PackCommand,
    },
    /// Fit the FSRS model parameters to your own review log; adopt them when they predict it
    /// better than the current ones and the log is large enough.
    Optimize {
        /// Only show the comparison; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Simulate the reviews per day over the next days at the current desired retention and,
    /// with --retention, at another one (before changing it with `stagecraft config`).
    Simulate {
        /// The desired retention to compare with the current one (0.70 to 0.99).
        #[arg(long, value_name = "X", value_parser = retention)]
        retention: Option<f32>,
        /// Days to simulate.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=365))]
        days: u16,
    },
    /// Print a shell completion script, e.g. `stagecraft completions bash`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// The subcommands of `stagecraft class`.
#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// Per-question miss rate, per-topic mastery, the hardest questions and each student's
    /// coverage, from students' `stagecraft export --format json` files.
    Report(crate::class::ReportArgs),
}

/// The subcommands of `stagecraft pack`.
#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Check a pack folder like `stagecraft check DIR`, then write it as one file that
    /// `--content FILE` loads; nothing is written while the pack has errors (exit 1).
    Build {
        /// The pack folder.
        dir: PathBuf,
        /// The pack file to write, e.g. `course.stagecraft`.
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
    },
}

/// Arguments of `stagecraft cards`: a change to some cards, or the listing's options.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CardsArgs {
    /// A change to the named cards, applied to all of them in one transaction.
    #[command(subcommand)]
    pub action: Option<crate::commands::cards::CardAction>,
    /// What to list.
    #[command(flatten)]
    pub list: crate::commands::cards::ListArgs,
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

/// A desired retention from the command line: a number from 0.70 to 0.99.
fn retention(text: &str) -> Result<f32, String> {
    let value: f32 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number such as 0.9"))?;
    if (0.7..=0.99).contains(&value) {
        Ok(value)
    } else {
        Err("desired retention must be between 0.70 and 0.99".to_owned())
    }
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
    /// The content packs to load: the embedded one, then each `--content` folder or file.
    pub fn packs(&self) -> Vec<crate::content::PackSource> {
        std::iter::once(crate::content::PackSource::Embedded)
            .chain(
                self.content
                    .iter()
                    .cloned()
                    .map(crate::content::PackSource::from_path),
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
    fn study_takes_exactly_one_kind() {
        let kind = |args: &[&str]| {
            Cli::try_parse_from(args).map(|cli| match cli.command {
                Some(Command::Study { kind, list }) => (kind.kind(), list),
                other => panic!("{other:?}"),
            })
        };
        use crate::srs::custom_study::CustomStudy;
        assert_eq!(
            kind(&["stagecraft", "study", "--topic", "caching"]).unwrap(),
            (CustomStudy::Topic("caching".into()), false)
        );
        assert_eq!(
            kind(&["stagecraft", "study", "--missed-today", "--list"]).unwrap(),
            (CustomStudy::MissedToday, true)
        );
        assert_eq!(
            kind(&["stagecraft", "study", "--leeches"]).unwrap(),
            (CustomStudy::Leeches, false)
        );
        assert!(kind(&["stagecraft", "study"]).is_err());
        assert!(kind(&["stagecraft", "study", "--list"]).is_err());
        assert!(kind(&["stagecraft", "study", "--leeches", "--missed-today"]).is_err());
    }

    #[test]
    fn colour_modes() {
        assert!(ColorMode::Always.enabled(false));
        assert!(!ColorMode::Never.enabled(true));
        assert!(!ColorMode::Auto.enabled(false));
    }
}
