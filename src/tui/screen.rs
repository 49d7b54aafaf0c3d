//! The contract between the app and its screens.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

use super::keymap::KeyHelp;
use super::theme::Theme;
use crate::content::ContentSet;

/// What every screen may read: the loaded content and how to draw.
pub struct Context {
    /// Lessons, questions, examples and the problems met loading them.
    pub content: Arc<ContentSet>,
    /// Colours and styles.
    pub theme: Theme,
    /// Whose progress is shown.
    pub profile: String,
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
}
