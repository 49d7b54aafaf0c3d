//! The stagecraft binary: parse the command line, run a command, map the outcome to an exit code.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use stagecraft::cli::{Cli, Command};
use stagecraft::commands::read::{PrintTarget, run_read};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`stagecraft read x --print | head`) is not worth a message.
            let broken_pipe = err.chain().any(|cause| {
                cause
                    .downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "stagecraft: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let is_terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    match cli.command {
        None => writeln!(out, "{}", Cli::command().render_help())?,
        Some(Command::Read(args)) => {
            let target = PrintTarget {
                color: cli.color.enabled(is_terminal),
                terminal_width: is_terminal
                    .then(ratatui::crossterm::terminal::size)
                    .and_then(Result::ok)
                    .map(|(columns, _rows)| columns),
            };
            // Lessons by id come from the content loader; none are embedded in this build.
            run_read(&args, &target, |_id| None, &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}
