//! The contract between the app and its screens.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

use chrono::{DateTime, Utc};

use super::keymap::KeyHelp;
use super::theme::Theme;
use crate::content::ContentSet;
use crate::srs::{DayClock, Scheduler};
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
}

/// One screen of the app. Screens own their state; they never reach into another screen.
pub trait Screen {
    /// The name shown in the top bar.
    fn title(&self) -> String;

    /// Reacts to a key, mouse or resize event.
    fn handle(&mut self, event: &Event, ctx: &Context) -> Action;

    /// Draws the screen into `area`.
    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context);

    /// The screen's own keys, for the footer and the help overlay.
    fn keys(&self) -> &[KeyHelp];

    /// True while the screen takes typed text, so `q` and `?` are letters, not commands.
    fn captures_text(&self) -> bool {
        false
    }

    /// Called once before the screen closes (going back, or the app quitting), to save what
    /// should outlive it, such as the reading position.
    fn closing(&mut self, _ctx: &Context) {}

    /// Called when the screen is on top again after the one above it closed, so it can
    /// refresh what the other screen may have changed (due counts, progress).
    fn resumed(&mut self, _ctx: &Context) {}

    /// Called on every turn of the event loop (about five times a second), for clocks and
    /// countdowns. Returns an action like [`Screen::handle`].
    fn tick(&mut self, _ctx: &Context) -> Action {
        Action::None
    }
}
