//! The contract between the app and its screens.

use std::any::Any;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, MouseEvent};
use ratatui::layout::Rect;

use chrono::{DateTime, Utc};

use super::keymap::{Binding, KeyHelp, resolve};
use super::theme::Theme;
use crate::content::ContentSet;
use crate::srs::{DayClock, Scheduler, SchedulerConfig};
use crate::store::Store;

/// What every screen may read: the loaded content, the progress store and how to draw.
pub struct Context {
    /// Lessons, questions, examples and the problems met loading them.
    pub content: Arc<ContentSet>,
    /// Colours and styles.
    pub theme: Theme,
    /// Whose progress is shown.
    pub profile: String,
    /// The profile's progress database; every answer is committed here when it is given.
    pub store: Store,
    /// Turns ratings into the next review times.
    pub scheduler: Scheduler,
    /// Where study days begin and end (4 AM local time by default).
    pub clock: DayClock,
    /// Lessons rendered per (lesson, width, colour), shared by every screen that shows them.
    pub render_cache: std::cell::RefCell<crate::markdown::RenderCache>,
    /// A fixed "now" for tests; `None` means the real clock.
    pub fixed_now: Option<DateTime<Utc>>,
    /// The widest the reader lays out prose, in columns (0: no limit).
    pub reader_width: u16,
}

impl Context {
    /// The current time (fixed in tests).
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed_now.unwrap_or_else(Utc::now)
    }

    /// Ids of the questions that are scheduled, in course order
    /// ([`crate::content::ContentSet::scheduled_questions`]).
    pub fn scheduled_question_ids(&self) -> Vec<String> {
        self.content
            .scheduled_questions()
            .into_iter()
            .map(|q| q.id.clone())
            .collect()
    }
}

/// What a screen asks the app to do after an event.
pub enum Action {
    /// Nothing beyond redrawing.
    None,
    /// The event was not used; the app may apply a global binding.
    Ignored,
    /// Open a screen on top of this one.
    Push(Box<dyn Screen>),
    /// Close this screen and go back.
    Pop,
    /// Leave the app.
    Quit,
    /// Show a notice on the app's status line (until the next key).
    Notify(Notice),
    /// The profile's scheduling settings were saved: the app schedules and counts study days
    /// with them from now on, and shows the notice.
    Reconfigure(Box<SchedulerConfig>, Notice),
}

impl Action {
    /// A notice that something went wrong.
    pub fn error(text: impl std::fmt::Display) -> Self {
        Action::Notify(Notice::error(text))
    }

    /// A notice that tells what happened.
    pub fn info(text: impl std::fmt::Display) -> Self {
        Action::Notify(Notice::info(text))
    }
}

/// How much a notice matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// What just happened.
    Info,
    /// Worth attention.
    Warning,
    /// Something failed.
    Error,
}

/// A line for the app's status line: the one place where screens report what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// How much it matters.
    pub level: Level,
    /// What to say (made inert when drawn).
    pub text: String,
}

impl Notice {
    /// An error notice.
    pub fn error(text: impl std::fmt::Display) -> Self {
        Self {
            level: Level::Error,
            text: text.to_string(),
        }
    }

    /// A warning notice.
    pub fn warning(text: impl std::fmt::Display) -> Self {
        Self {
            level: Level::Warning,
            text: text.to_string(),
        }
    }

    /// An informative notice.
    pub fn info(text: impl std::fmt::Display) -> Self {
        Self {
            level: Level::Info,
            text: text.to_string(),
        }
    }
}

/// Where the last layout put what the mouse can point at (panels, list rows, answer rows,
/// Dockerfile lines), in the screen's own [`Commands::Hits`] type. [`Screen::layout`] returns
/// it and the app keeps it until the next layout, for the mouse events in between.
#[derive(Default)]
pub struct HitMap(Option<Box<dyn Any>>);

impl HitMap {
    /// A map with nothing to point at (a screen without mouse targets, or before any layout).
    pub fn none() -> Self {
        Self(None)
    }

    /// A screen's hit areas.
    pub fn new<T: Any>(hits: T) -> Self {
        Self(Some(Box::new(hits)))
    }

    /// The hit areas, if the map holds a `T` (a map left by another screen holds none).
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.as_ref()?.downcast_ref()
    }
}

impl std::fmt::Debug for HitMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "HitMap(..)"
        } else {
            "HitMap(none)"
        })
    }
}

/// A screen built on the command layer: a `Command` enum, one binding table, and `update`.
pub trait Commands: Sized + 'static {
    /// What the screen can do.
    type Command: Copy;

    /// Where the screen's layout put what the mouse can point at (`()` when nothing).
    type Hits: Any;

    /// The screen's one binding table.
    fn table() -> &'static [Binding<Self, Self::Command>];

    /// Carries out a command.
    fn update(&mut self, command: Self::Command, ctx: &Context) -> Action;

    /// The command a mouse event means, from where the last layout put things (`hits`).
    fn mouse(&self, _event: &MouseEvent, _hits: &Self::Hits) -> Option<Self::Command> {
        None
    }
}

/// Turns an event into the screen's command through its table (or, for the mouse, the hit
/// map its last layout returned) and carries it out; [`Action::Ignored`] when the event
/// means nothing here.
pub fn dispatch<S: Commands>(
    screen: &mut S,
    event: &Event,
    hits: &HitMap,
    ctx: &Context,
) -> Action {
    let command = match event {
        Event::Mouse(mouse) => hits
            .get::<S::Hits>()
            .and_then(|hits| screen.mouse(mouse, hits)),
        _ => resolve(S::table(), screen, event),
    };
    match command {
        Some(command) => screen.update(command, ctx),
        None => Action::Ignored,
    }
}

/// The bindings of a [`Commands`] screen available now.
pub fn keys_of<S: Commands>(screen: &S) -> Vec<KeyHelp> {
    super::keymap::available(S::table(), screen)
}

/// One screen of the app. Screens own their state; they never reach into another screen.
pub trait Screen {
    /// The name shown in the top bar.
    fn title(&self) -> String;

    /// Reacts to a key, mouse or resize event; a mouse event is read against `hits`, the map
    /// the last [`Screen::layout`] returned.
    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action;

    /// Fits the screen to `area` before it is drawn: lays out what depends on the size,
    /// clamps scroll positions to the visible height, and returns where the mouse can point
    /// (the app keeps it for the mouse events until the next layout).
    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap;

    /// Draws the screen into `area` as the last [`Screen::layout`] for that area left it;
    /// drawing changes nothing.
    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context);

    /// The screen's keys available now, from its binding table, for the footer and the help.
    fn keys(&self) -> Vec<KeyHelp>;

    /// True while the screen takes typed text, so `q` and `?` are letters, not commands.
    fn captures_text(&self) -> bool {
        false
    }

    /// Called once before the screen closes (going back, or the app quitting), to save what
    /// should outlive it, such as the reading position.
    fn closing(&mut self, _ctx: &Context) {}

    /// Called when the screen is on top again after the one above it closed, so it can
    /// refresh what the other screen may have changed (due counts, progress).
    fn resumed(&mut self, _ctx: &Context) -> Action {
        Action::None
    }

    /// Called on every turn of the event loop (about five times a second), for clocks and
    /// countdowns. Returns an action like [`Screen::handle`].
    fn tick(&mut self, _ctx: &Context) -> Action {
        Action::None
    }
}
