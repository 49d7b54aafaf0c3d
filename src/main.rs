//! The stagecraft binary: parse the command line, run a command, map the outcome to an exit code.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use stagecraft::cli::{ClassCommand, Cli, Command, PackCommand};
use stagecraft::commands::lint;
use stagecraft::commands::read::{LessonRef, PrintTarget, read_markdown_file, run_read};
use stagecraft::commands::view::ViewRef;
use stagecraft::commands::{self, QuestionMeta, error_message};
use stagecraft::content::ContentSet;
use stagecraft::store::Store;
use stagecraft::tui::Start;
use stagecraft::tui::review::DrillOptions;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if err.use_stderr() => {
            // clap quotes the offending argument as typed: shown inert like every message.
            let text = err.render().to_string();
            let _ = write!(io::stderr(), "{}", stagecraft::sanitize::inert(&text));
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
        // --help and --version.
        Err(err) => err.exit(),
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`stagecraft export | head`) is not an error worth a message.
            if error_message::is_closed_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let message = error_message::error_message(&err);
            let _ = writeln!(io::stderr(), "stagecraft: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The text of a Dockerfile to view: a regular file (never a pipe or a device), UTF-8.
fn read_dockerfile(path: &std::path::Path) -> anyhow::Result<String> {
    let bytes = stagecraft::regular_file::read(path, u64::MAX)?;
    String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text; save it as UTF-8", path.display()))
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
            reschedule,
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
                // A Ctrl-C typed in the editor is the editor's, not the interview's.
                editor: &|initial| {
                    stagecraft::tui::terminal::while_a_child_has_the_terminal(|| {
                        commands::interview::system_editor(initial)
                    })
                },
            };
            commands::interview::run(&content, &store, &plan, &mut term, reschedule)?;
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
        Some(Command::Present { ref id, notes }) => stagecraft::tui::run(
            &cli,
            Start::Present {
                id: id.clone(),
                notes,
            },
        )?,
        Some(Command::Lab {
            ref id,
            check: Some(ref file),
            format,
            ..
        }) => {
            let content = ContentSet::load(&cli.packs());
            // The error's own message names the file and the cause once.
            commands::lab::run_check(&content, id, file, format, &mut out)
                .map_err(|e| anyhow::anyhow!("{e}"))?
        }
        Some(Command::Lab {
            ref id,
            build: true,
            ref file,
            ref dir,
            format,
            ..
        }) => {
            let content = ContentSet::load(&cli.packs());
            let file = match (file, dir) {
                (Some(file), _) => file.clone(),
                (None, Some(dir)) => dir.join(stagecraft::lab::FILE_NAME),
                (None, None) => stagecraft::lab::default_dir(&cli.data_dir(), &cli.profile, id)?
                    .join(stagecraft::lab::FILE_NAME),
            };
            let engine = stagecraft::engine::Engine::detect();
            commands::build::run_lab_build(
                &content,
                id,
                &file,
                engine,
                format,
                &mut out,
                &mut io::stderr(),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?
        }
        Some(Command::Lab {
            ref id, ref dir, ..
        }) => stagecraft::tui::run(
            &cli,
            Start::Lab {
                id: id.clone(),
                dir: dir.clone(),
            },
        )?,
        Some(Command::Labs) => {
            let content = ContentSet::load(&cli.packs());
            let store = Store::open(&cli.data_dir(), &cli.profile)?;
            commands::lab::run_labs(&content, &store.lab_completions()?, &mut out)?;
            0
        }
        Some(Command::Check { ref dir }) => {
            commands::check::run(&cli.packs(), dir.clone(), &mut out)?
        }
        Some(Command::View {
            ref file,
            build: true,
            format,
            ..
        }) => {
            let content = ContentSet::load(&cli.packs());
            let engine = stagecraft::engine::Engine::detect();
            commands::build::run_example_build(
                &content,
                &file.to_string_lossy(),
                engine,
                format,
                &mut out,
                &mut io::stderr(),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?
        }
        Some(Command::View {
            ref file,
            ref target,
            ref platform,
            ..
        }) => {
            let platform = stagecraft::dockerfile::Platform::parse(platform)
                .map_err(|e| anyhow::anyhow!("--platform: {e}"))?;
            let start = match ViewRef::parse(file) {
                ViewRef::Example(id) => {
                    if target.is_some() {
                        anyhow::bail!(
                            "--target is for a Dockerfile given by path; example `{id}` has its own final stage"
                        );
                    }
                    Start::Example { id, platform }
                }
                ViewRef::File(path) => Start::View {
                    title: path.display().to_string(),
                    text: read_dockerfile(&path)?,
                    target: target.clone(),
                    platform,
                },
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
        Some(Command::Lint(ref args)) => lint::run(args, &mut out)?,
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
        Some(Command::Export {
            format: stagecraft::export::ExportFormat::Apkg,
            ref output,
        }) => {
            let content = ContentSet::load(&cli.packs());
            let store = Store::open(&cli.data_dir(), &cli.profile)?;
            let terminal = io::stdout().is_terminal();
            commands::export_apkg::run(&store, &content, output.as_deref(), &mut out, terminal)?;
            0
        }
        Some(Command::Export { format, ref output }) => {
            let (store, questions) = open_progress(&cli)?;
            commands::run_export(&store, &questions, format, output.as_deref(), &mut out)?;
            0
        }
        Some(Command::Class {
            action: ClassCommand::Report(ref args),
        }) => {
            let content = ContentSet::load(&cli.packs());
            let course = stagecraft::class::CourseQuestion::from_content(&content);
            stagecraft::class::run_report(args, &course, &mut out, &mut io::stderr())?;
            0
        }
        Some(Command::Pack {
            action:
                PackCommand::Build {
                    ref dir,
                    ref output,
                },
        }) => commands::pack::build(dir, output, &mut out)?,
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
        Some(Command::Study { ref kind, list }) => {
            let kind = kind.kind();
            if list {
                use stagecraft::srs::custom_study::CustomStudy;
                let content = ContentSet::load(&cli.packs());
                let kind = match kind {
                    CustomStudy::Topic(topic) => CustomStudy::Topic(
                        commands::study::known_topic(&content, &topic)
                            .map_err(anyhow::Error::msg)?,
                    ),
                    other => other,
                };
                let store = Store::open(&cli.data_dir(), &cli.profile)?;
                commands::study::run_list(&content, &store, &kind, chrono::Utc::now(), &mut out)?;
                0
            } else {
                stagecraft::tui::run(&cli, Start::Study(kind))?
            }
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
            // clap_complete panics when its writer fails (e.g. a closed pipe), so the script is
            // made in memory and written here, where a failure is an ordinary error.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "stagecraft", &mut script);
            out.write_all(&script)?;
            0
        }
    };
    out.flush()?;
    Ok(u8::try_from(code).unwrap_or(1))
}
