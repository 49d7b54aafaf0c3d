//! The app: a stack of screens, global keys, and the frame around the current screen.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keymap::{self, Nav};
use super::screen::{Action, Context, Screen};
use super::widgets;

/// The smallest area a screen is drawn in; below it a notice is shown instead.
pub const MIN_WIDTH: u16 = 20;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 6;

/// Routes events to the screen on top of the stack and draws it with a title bar and footer.
pub struct App {
    stack: Vec<Box<dyn Screen>>,
    ctx: Context,
    show_help: bool,
    quit: bool,
}

impl App {
    /// An app showing `home` first.
    pub fn new(ctx: Context, home: Box<dyn Screen>) -> Self {
        Self {
            stack: vec![home],
            ctx,
            show_help: false,
            quit: false,
        }
    }

    /// Whether the app should end.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The title of the screen on top.
    pub fn current_title(&self) -> String {
        self.stack.last().map(|s| s.title()).unwrap_or_default()
    }

    /// How many screens are open.
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Lets the screen on top update clocks and countdowns.
    pub fn tick(&mut self) {
        if let Some(screen) = self.stack.last_mut() {
            let action = screen.tick(&self.ctx);
            self.apply(action);
        }
    }

    /// The shared context (content, store, clock).
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// The shared context, mutable: for tests that move the clock.
    pub fn context_mut(&mut self) -> &mut Context {
        &mut self.ctx
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::None | Action::Ignored => {}
            Action::Push(next) => self.stack.push(next),
            Action::Pop => self.pop(),
            Action::Quit => self.quit = true,
        }
    }

    /// Handles one terminal event.
    pub fn handle(&mut self, event: &Event) {
        if let Event::Key(key) = event {
            if key.kind == KeyEventKind::Release {
                return;
            }
            if keymap::is_interrupt(key) {
                self.quit = true;
                return;
            }
            if self.show_help {
                // Any key closes the help; `q` still quits.
                self.show_help = false;
                if keymap::is_char(key, 'q') {
                    self.quit = true;
                }
                return;
            }
            let typing = self.stack.last().is_some_and(|s| s.captures_text());
            if !typing && keymap::is_char(key, '?') {
                self.show_help = true;
                return;
            }
        }
        let Some(screen) = self.stack.last_mut() else {
            self.quit = true;
            return;
        };
        let typing = screen.captures_text();
        match screen.handle(event, &self.ctx) {
            Action::None => {}
            Action::Push(next) => self.stack.push(next),
            Action::Pop => self.pop(),
            Action::Quit => self.quit = true,
            Action::Ignored => {
                if let Event::Key(key) = event {
                    self.global_key(key, typing);
                }
            }
        }
    }

    fn global_key(&mut self, key: &KeyEvent, typing: bool) {
        if keymap::is_char(key, 'q') && !typing {
            self.quit = true;
        } else if key.code == KeyCode::Esc || (!typing && keymap::nav(key) == Some(Nav::Back)) {
            self.pop();
        }
    }

    /// Lets every open screen save its state; call once before the app ends.
    pub fn close_all(&mut self) {
        while let Some(mut screen) = self.stack.pop() {
            screen.closing(&self.ctx);
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            if let Some(mut screen) = self.stack.pop() {
                screen.closing(&self.ctx);
            }
            if let Some(screen) = self.stack.last_mut() {
                screen.resumed(&self.ctx);
            }
        }
    }

    /// Opens a screen on top of the current one (for commands that start on a given screen).
    pub fn push(&mut self, screen: Box<dyn Screen>) {
        self.stack.push(screen);
    }

    /// Draws the current screen with the title bar, the footer and, if open, the help.
    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        let area = frame.area();
        let theme = self.ctx.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            widgets::too_small(frame, area, theme);
            return;
        }
        let [bar, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let Some(screen) = self.stack.last_mut() else {
            return;
        };
        let title = screen.title();
        self::draw_bar(frame, bar, &title, &self.ctx);
        screen.draw(frame, body, &self.ctx);
        frame.render_widget(Paragraph::new(widgets::footer(screen.keys(), theme)), foot);
        if self.show_help {
            widgets::help_overlay(frame, body, &title, screen.keys(), theme);
        }
    }
}

fn draw_bar(frame: &mut Frame<'_>, area: Rect, title: &str, ctx: &Context) {
    let theme = ctx.theme;
    let left = format!(" stagecraft › {title}");
    let mut right = format!("profile: {} ", ctx.profile);
    if left.chars().count() + right.chars().count() >= area.width as usize {
        right.clear();
    }
    let gap = (area.width as usize).saturating_sub(left.chars().count() + right.chars().count());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::raw(right),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.bar()), area);
}
