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
            interview: true,
            level,
            ..
        }) => {
            let content = ContentSet::load(&cli.packs());
            let store = Store::open(&cli.data_dir(), &cli.profile)?;
            let plan = commands::interview::plan(
                &content,
                &store,
                chrono::Utc::now(),
                minutes.unwrap_or(15),
                level,
            )?;
            let stdin = io::stdin();
            let mut input = stdin.lock();
            let mut clock = chrono::Utc::now;
            let mut term = commands::interview::Terminal {
                input: &mut input,
                output: &mut out,
                clock: &mut clock,
                editor: &commands::interview::system_editor,
            };
            commands::interview::run(&content, &store, &plan, &mut term)?;
            0
        }
        Some(Command::Drill {
            minutes,
            count,
            ref topic,
            ..
        }) => {
            let options = DrillOptions {
                minutes: minutes.unwrap_or(10),
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
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "stagecraft", &mut out);
            0
        }
    };
    out.flush()?;
    Ok(u8::try_from(code).unwrap_or(1))
}
