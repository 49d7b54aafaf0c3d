use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser};

use stagecraft::cli::{Cli, Command};
use stagecraft::commands::{self, QuestionMeta};
use stagecraft::store::Store;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stagecraft: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    let Some(command) = &cli.command else {
        Cli::command().print_help()?;
        return Ok(());
    };
    // Question metadata comes from the content model once it is wired in; until then the
    // commands work from the stored progress alone.
    let questions: Vec<QuestionMeta> = Vec::new();
    let data_dir = cli
        .data_dir()
        .context("no data directory on this platform; pass --data-dir")?;
    let store = Store::open(&data_dir, &cli.profile)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match command {
        Command::Stats { json } => commands::run_stats(&store, &questions, *json, &mut out)?,
        Command::Export { format, output } => {
            commands::run_export(&store, &questions, *format, output.as_deref(), &mut out)?
        }
    }
    out.flush()?;
    Ok(())
}
