//! The stagecraft binary: parse the command line, run a command, map the outcome to an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use stagecraft::cli::{Cli, Command};
use stagecraft::dockerfile::lint_cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if err
                .downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "stagecraft: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let code = match cli.command {
        None => {
            Cli::command().write_help(&mut out)?;
            0
        }
        Some(Command::Lint(args)) => lint_cmd::run(&args, &mut out)?,
    };
    out.flush()?;
    Ok(u8::try_from(code).unwrap_or(2))
}
