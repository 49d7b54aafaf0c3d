//! The interactive app: terminal setup and restore, the event loop, and one module per screen.

pub mod app;
pub mod build_panel;
pub mod build_walk;
pub mod card_detail;
pub mod cards;
pub mod compare;
pub mod custom_study;
pub mod diagnostics;
pub mod home;
pub mod interview;
pub mod keymap;
pub mod lab;
pub mod lab_overlay;
pub mod lesson;
pub mod list;
pub mod present;
pub mod question;
pub mod review;
pub mod screen;
pub mod scroll;
pub mod search;
pub mod session;
pub mod settings;
pub mod settings_jobs;
pub mod stats;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod topic;
pub mod viewer;
pub mod widgets;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event;

use crate::cli::Cli;
use crate::content::ContentSet;
use crate::srs::{DayClock, Scheduler};
use crate::store::Store;
use app::App;
use screen::Context;
use terminal::{TerminalGuard, take_redraw_request};

/// How long the loop waits for an event before checking for signals.
const POLL: Duration = Duration::from_millis(200);

/// When this environment variable is `1`, [`run`] returns as soon as the first frame has been
/// drawn and flushed to the terminal. `bench/compare.sh` uses it to time start-up to the first
/// frame (see `docs/performance.md`); it has no other use.
pub const EXIT_AFTER_FIRST_FRAME_VAR: &str = "STAGECRAFT_EXIT_AFTER_FIRST_FRAME";

/// The shared context for the given command line: content loaded, progress store open.
/// A damaged, newer or read-only database is an error here, before the terminal changes
/// (damage in a file over 8 MiB is found by a check in the background, before any write).
pub fn build_context(cli: &Cli) -> anyhow::Result<Context> {
    context_for(ContentSet::load(&cli.packs()), cli)
}

/// The shared context for already loaded content and the command line's profile and colours.
pub fn context_for(content: ContentSet, cli: &Cli) -> anyhow::Result<Context> {
    let content = Arc::new(content);
    let store = Store::open(&cli.data_dir(), &cli.profile)?;
    let config = store.scheduler_config()?;
    let clock = DayClock::local(config.rollover_hour);
    let scheduler = Scheduler::new(config)?;
    Ok(Context {
        content,
        theme: theme::Theme::new(cli.color.for_tui()),
        profile: cli.profile.clone(),
        store,
        scheduler,
        clock,
        render_cache: Default::default(),
        fixed_now: None,
        reader_width: cli.reader_width,
    })
}

/// Builds the app for the given command line, home screen open.
pub fn build_app(cli: &Cli) -> anyhow::Result<App> {
    let ctx = build_context(cli)?;
    let home = Box::new(home::HomeScreen::new(&ctx));
    Ok(App::new(ctx, home))
}

/// The app of a talk: the presenter screen alone (no home screen beneath it), following the
/// other view through the data directory; the audience view without title bar and footer.
fn present_app(cli: &Cli, id: &str, notes: bool) -> anyhow::Result<App> {
    let ctx = build_context(cli)?;
    let view = if notes {
        present::View::Presenter
    } else {
        present::View::Audience
    };
    let data_dir = cli.data_dir();
    let screen = present::PresentScreen::open(&ctx, id)?
        .with_view(view)
        .following(&data_dir, &ctx)
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot open the talk's channel in {}: {e}",
                data_dir.join("present").display()
            )
        })?;
    Ok(if notes {
        App::new(ctx, Box::new(screen))
    } else {
        App::bare(ctx, Box::new(screen))
    })
}

/// The screen the app opens on, above the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The home screen.
    Home,
    /// A review session.
    Review,
    /// A timed drill.
    Drill(review::DrillOptions),
    /// Custom study of one kind: nothing is saved.
    Study(crate::srs::custom_study::CustomStudy),
    /// A lesson of the content, by id.
    Lesson(String),
    /// A Markdown file shown as a lesson.
    LessonFile {
        /// Shown in the title bar.
        title: String,
        /// The Markdown, without front matter.
        body: String,
    },
    /// The Dockerfile viewer on a file's text.
    View {
        /// Shown in the title bar.
        title: String,
        /// The Dockerfile.
        text: String,
        /// The stage to treat as final.
        target: Option<String>,
        /// The platform the file is analysed for (`TARGETARCH` and friends).
        platform: crate::dockerfile::Platform,
    },
    /// The viewer on the example with this id: its notes, and its "before" file on Tab.
    Example {
        /// The example's id.
        id: String,
        /// The platform its files are analysed for.
        platform: crate::dockerfile::Platform,
    },
    /// Presenter mode on the lesson with this id: the room's view, or with `notes` the
    /// teacher's; either follows the other through the data directory. The talk is the only
    /// screen: quitting it returns to the shell.
    Present {
        /// The lesson's id.
        id: String,
        /// The presenter view (notes, next slide) instead of the audience view.
        notes: bool,
    },
    /// A lab, its Dockerfile in `dir` (default: `<data dir>/labs/<id>`).
    Lab {
        /// The lab question's id.
        id: String,
        /// The working folder.
        dir: Option<PathBuf>,
    },
}

/// Runs the interactive app until the user quits or a termination signal arrives.
/// The terminal is restored on every way out.
pub fn run(cli: &Cli, start: Start) -> anyhow::Result<i32> {
    let mut app = match &start {
        Start::Present { id, notes } => present_app(cli, id, *notes)?,
        _ => build_app(cli)?,
    };
    match start {
        Start::Home => {}
        Start::Review => {
            let review = review::ReviewScreen::new(app.context());
            app.push(Box::new(review));
        }
        Start::Drill(options) => {
            if let Some(topic) = &options.topic
                && !app
                    .context()
                    .content
                    .topics()
                    .iter()
                    .any(|t| t.name.eq_ignore_ascii_case(topic))
            {
                let known: Vec<String> = app
                    .context()
                    .content
                    .topics()
                    .into_iter()
                    .map(|t| t.name)
                    .collect();
                anyhow::bail!("no topic `{topic}`; topics are: {}", known.join(", "));
            }
            let drill = review::ReviewScreen::drill(app.context(), &options);
            app.push(Box::new(drill));
        }
        Start::Study(kind) => {
            let study = custom_study::start(app.context(), &kind).map_err(anyhow::Error::msg)?;
            app.push(Box::new(study));
        }
        Start::Lesson(id) => {
            let ctx = app.context();
            let Some(lesson) = ctx.content.lesson(&id) else {
                let known: Vec<&str> = ctx.content.lessons.iter().map(|l| l.id.as_str()).collect();
                anyhow::bail!(
                    "no lesson with id `{id}`; lessons are: {}",
                    known.join(", ")
                );
            };
            let screen = lesson::LessonScreen::open(lesson, None, ctx);
            app.push(Box::new(screen));
        }
        Start::LessonFile { title, body } => {
            app.push(Box::new(lesson::LessonScreen::from_markdown(&title, &body)));
        }
        Start::View {
            title,
            text,
            target,
            platform,
        } => {
            let build = crate::dockerfile::BuildOptions {
                target,
                platform,
                ..crate::dockerfile::BuildOptions::default()
            };
            app.push(Box::new(viewer::ViewerScreen::for_build(
                &title, &text, &build,
            )));
        }
        Start::Example { id, platform } => {
            let ctx = app.context();
            let Some(example) = ctx.content.example(&id) else {
                let ids: Vec<&str> = ctx.content.examples.iter().map(|e| e.id.as_str()).collect();
                anyhow::bail!("{}", crate::commands::view::unknown_example(&id, &ids));
            };
            app.push(Box::new(viewer::ViewerScreen::example_on(
                example, &platform,
            )));
        }
        Start::Present { .. } => {}
        Start::Lab { id, dir } => {
            let dir = match dir {
                Some(dir) => dir,
                None => crate::lab::default_dir(&cli.data_dir(), &cli.profile, &id)?,
            };
            let lab = lab::LabScreen::open(app.context(), &id, &dir)?;
            app.push(Box::new(lab));
        }
    }
    let (mut terminal, guard) = TerminalGuard::enter()?;
    let panic_key = std::env::var("STAGECRAFT_TEST_PANIC_KEY").ok();
    let exit_after_first_frame =
        std::env::var_os(EXIT_AFTER_FIRST_FRAME_VAR).is_some_and(|v| v == "1");
    'events: loop {
        if take_redraw_request() {
            // The terminal was lent to another program: draw everything again.
            terminal.clear()?;
        }
        // `draw` flushes the frame to the terminal before it returns.
        terminal.draw(|frame| app.draw(frame))?;
        if guard.stopped() || exit_after_first_frame {
            break;
        }
        if terminal::hung_up(POLL) {
            break;
        }
        // Everything crossterm has: keys, and resizes noticed while waiting. crossterm is only
        // asked while the terminal is known to be there (see `terminal::hung_up`).
        let mut handled = false;
        while event::poll(Duration::ZERO)? {
            handled = true;
            let event = event::read()?;
            if let (Some(trigger), event::Event::Key(key)) = (&panic_key, &event) {
                // A hidden hook for the end-to-end tests of terminal restoration after a panic.
                if key.code == event::KeyCode::Char(trigger.chars().next().unwrap_or('\0')) {
                    panic!("test panic requested with STAGECRAFT_TEST_PANIC_KEY");
                }
            }
            app.handle(&event);
            if app.should_quit() || guard.stopped() || terminal::hung_up(Duration::ZERO) {
                break 'events;
            }
        }
        if !handled {
            app.tick();
            if app.should_quit() {
                break;
            }
        }
    }
    app.close_all();
    drop(guard);
    Ok(terminal::stop_signal().map_or(0, terminal::exit_status_after))
}
