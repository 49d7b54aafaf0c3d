//! The stagecraft binary: parse the command line, run a command, map the outcome to an exit code.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use stagecraft::cli::{Cli, Command};
use stagecraft::commands::read::{LessonRef, PrintTarget, read_markdown_file, run_read};
use stagecraft::commands::{self, QuestionMeta};
use stagecraft::content::ContentSet;
use stagecraft::dockerfile::lint_cmd;
use stagecraft::store::Store;
use stagecraft::tui::Start;
use stagecraft::tui::review::DrillOptions;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`stagecraft lessons | head`) is not an error worth a message.
            let broken_pipe = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
            if err.downcast_ref::<io::Error>().is_some_and(broken_pipe)
                || matches!(
                    err.downcast_ref::<commands::CommandError>(),
                    Some(commands::CommandError::Write { source, .. }) if broken_pipe(source)
                )
            {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "stagecraft: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// The profile's store and the loaded questions, for the progress commands.
fn open_progress(cli: &Cli) -> anyhow::Result<(Store, Vec<QuestionMeta>)> {
    let content = ContentSet::load(&cli.packs());
    let store = Store::open(&cli.data_dir(), &cli.profile)?;
    Ok((store, QuestionMeta::from_content(&content)))
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let code = match cli.command {
        None => stagecraft::tui::run(&cli, Start::Home)?,
        Some(Command::Review) => stagecraft::tui::run(&cli, Start::Review)?,
        Some(Command::Drill {
            minutes,
            count,
            ref topic,
        }) => {
            let options = DrillOptions {
                minutes,
                count: usize::try_from(count).unwrap_or(usize::MAX),
                topic: topic.clone(),
                lesson: None,
            };
            stagecraft::tui::run(&cli, Start::Drill(options))?
        }
        Some(Command::Present { ref id }) => {
            stagecraft::tui::run(&cli, Start::Present(id.clone()))?
        }
        Some(Command::Lab { ref id, ref dir }) => stagecraft::tui::run(
            &cli,
            Start::Lab {
                id: id.clone(),
                dir: dir.clone(),
            },
        )?,
        Some(Command::Check { dir }) => commands::check::run(dir, &mut out)?,
        Some(Command::View {
            ref file,
            ref target,
        }) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let start = Start::View {
                title: file.display().to_string(),
                text,
                target: target.clone(),
            };
            stagecraft::tui::run(&cli, start)?
        }
        Some(Command::Config { ref key, ref value }) => {
            let store = Store::open(&cli.data_dir(), &cli.profile)?;
            let current = store.scheduler_config()?;
            let changed =
                commands::config::run(&current, key.as_deref(), value.as_deref(), &mut out)?;
            if let Some(changed) = changed {
                store.set_scheduler_config(&changed)?;
            }
            0
        }
        Some(Command::Read(ref args)) if args.print => {
            let is_terminal = io::stdout().is_terminal();
            let target = PrintTarget {
                color: cli.color.enabled(is_terminal),
                terminal_width: is_terminal
                    .then(ratatui::crossterm::terminal::size)
                    .and_then(Result::ok)
                    .map(|(columns, _rows)| columns),
            };
            // The content is loaded only for a lesson id, not for a Markdown file.
            run_read(
                args,
                &target,
                |id| {
                    ContentSet::load(&cli.packs())
                        .lesson(id)
                        .map(|l| l.body.clone())
                },
                &mut out,
            )?;
            0
        }
        Some(Command::Read(ref args)) => {
            let start = match LessonRef::parse(&args.lesson) {
                LessonRef::Id(id) => Start::Lesson(id),
                LessonRef::File(path) => Start::LessonFile {
                    title: path.display().to_string(),
                    body: read_markdown_file(&path)?,
                },
            };
            stagecraft::tui::run(&cli, start)?
        }
        Some(Command::Lint(ref args)) => lint_cmd::run(args, &mut out)?,
        Some(Command::Lessons) => {
            let content = ContentSet::load(&cli.packs());
            let store = Store::open(&cli.data_dir(), &cli.profile)?;
            commands::lessons::run(&content, &store.all_lesson_progress()?, &mut out)?;
            0
        }
        Some(Command::Stats { json }) => {
            let (store, questions) = open_progress(&cli)?;
            commands::run_stats(&store, &questions, json, &mut out)?;
            0
        }
        Some(Command::Export { format, ref output }) => {
            let (store, questions) = open_progress(&cli)?;
            commands::run_export(&store, &questions, format, output.as_deref(), &mut out)?;
            0
        }
        Some(Command::Optimize { dry_run }) => {
            let store = Store::open(&cli.data_dir(), &cli.profile)?;
            commands::optimize::run(&store, dry_run, &mut out)?;
            0
        }
        Some(Command::Simulate { retention, days }) => {
            let (store, questions) = open_progress(&cli)?;
            commands::simulate::run(&store, &questions, retention, days.into(), &mut out)?;
            0
        }
        Some(Command::Import { ref file, merge }) => {
            let store = Store::open(&cli.data_dir(), &cli.profile)?;
            let summary = stagecraft::export::import::import_file(&store, file, merge)?;
            writeln!(
                out,
                "{} {} cards and {} answers from {}: the profile now holds {} cards and {} answers.",
                if merge { "Merged" } else { "Imported" },
                summary.file_cards,
                summary.file_answers,
                file.display(),
                summary.cards,
                summary.answers
            )?;
            0
        }
        Some(Command::Cards(ref args)) => {
            let (store, questions) = open_progress(&cli)?;
            match &args.action {
                Some(action) => commands::cards::run_action(&store, &questions, action, &mut out)?,
                None => commands::cards::run_list(
                    &store,
                    &questions,
                    &args.list,
                    chrono::Utc::now(),
                    &mut out,
                )?,
            }
            0
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "stagecraft", &mut out);
            0
        }
    };
    out.flush()?;
    Ok(u8::try_from(code).unwrap_or(1))
}
