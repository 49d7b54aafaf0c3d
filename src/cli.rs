//! The command-line surface, defined with clap's derive API.

use std::io::IsTerminal;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Learn multi-stage Docker builds and distroless images; drill for interviews.
#[derive(Debug, Parser)]
#[command(name = "stagecraft", version, about, long_about = None)]
pub struct Cli {
    /// When to use colour; NO_COLOR in the environment turns `auto` off.
    #[arg(long, value_enum, global = true, default_value_t = ColorMode::Auto)]
    pub color: ColorMode,

    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a lesson, given by id or as a Markdown file.
    Read(ReadArgs),
}

/// Arguments of `stagecraft read`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
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
}

/// NO_COLOR is honoured when set to a non-empty value (see no-color.org).
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
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
    fn read_takes_an_id_or_file_and_options() {
        let cli = Cli::try_parse_from([
            "stagecraft",
            "read",
            "lesson.md",
            "--print",
            "--width",
            "60",
            "--color",
            "never",
        ])
        .unwrap();
        assert_eq!(cli.color, ColorMode::Never);
        let Some(Command::Read(args)) = cli.command else {
            panic!("not read");
        };
        assert_eq!(
            args,
            ReadArgs {
                lesson: "lesson.md".to_owned(),
                print: true,
                width: Some(60),
            }
        );
    }

    #[test]
    fn width_must_be_positive() {
        assert!(Cli::try_parse_from(["stagecraft", "read", "x", "--width", "0"]).is_err());
        assert!(Cli::try_parse_from(["stagecraft", "read", "x", "--width", "wide"]).is_err());
    }

    #[test]
    fn colour_modes() {
        assert!(ColorMode::Always.enabled(false));
        assert!(!ColorMode::Never.enabled(true));
        assert!(!ColorMode::Auto.enabled(false));
    }
}
