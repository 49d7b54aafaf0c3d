//! The app: a stack of screens, global keys, and the frame around the current screen.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEventKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keymap::{self, Global};
use super::screen::{Action, Context, HitMap, Level, Notice, Screen};
use super::scroll::Scroll;
use super::widgets;
use crate::srs::{Scheduler, SchedulerConfig};

/// The smallest area a screen is drawn in; below it a notice is shown instead.
pub const MIN_WIDTH: u16 = 20;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 6;

/// Routes events to the screen on top of the stack and draws it with a title bar, the notice
/// line and the footer.
pub struct App {
    stack: Vec<Box<dyn Screen>>,
    ctx: Context,
    /// The help overlay's scroll, while it is open.
    help: Option<Scroll>,
    /// The one status line: what the last command reported, until the next key.
    notice: Option<Notice>,
    /// Where the last layout of the screen on top put what the mouse can point at.
    hits: HitMap,
    quit: bool,
    /// Whether the title bar and the footer are drawn (not on the room's screen).
    chrome: bool,
}

/// Where the frame's parts go: the title bar, the screen, the notice and the footer.
struct FrameParts {
    bar: Rect,
    body: Rect,
    notice_area: Rect,
    foot: Rect,
    notice_lines: Vec<String>,
}

impl App {
    /// An app showing `home` first.
    pub fn new(ctx: Context, home: Box<dyn Screen>) -> Self {
        Self {
            stack: vec![home],
            ctx,
            help: None,
            notice: None,
            hits: HitMap::none(),
            quit: false,
            chrome: true,
        }
    }

    /// An app showing only `screen`, without the title bar and the footer: for the audience
    /// view of a talk, where nothing but the slide belongs on the room's screen (`?` still
    /// lists the keys).
    pub fn bare(ctx: Context, screen: Box<dyn Screen>) -> Self {
        Self {
            chrome: false,
            ..Self::new(ctx, screen)
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

    /// The notice shown on the status line, if any.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Whether the help overlay is open.
    pub fn help_open(&self) -> bool {
        self.help.is_some()
    }

    /// The keys the screen on top offers now (its table's available bindings).
    pub fn screen_keys(&self) -> Vec<keymap::KeyHelp> {
        self.stack.last().map(|s| s.keys()).unwrap_or_default()
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
            Action::Push(next) => self.push(next),
            Action::Pop => self.pop(),
            Action::Quit => self.quit = true,
            Action::Notify(notice) => self.notice = Some(notice),
            Action::Reconfigure(config, notice) => self.reconfigure(*config, notice),
        }
    }

    /// Schedules with `config` from now on (the settings screen saved it).
    fn reconfigure(&mut self, config: SchedulerConfig, notice: Notice) {
        let hour = config.rollover_hour;
        match Scheduler::new(config) {
            Ok(scheduler) => {
                self.ctx.scheduler = scheduler;
                self.ctx.clock = self.ctx.clock.with_rollover_hour(hour);
                self.notice = Some(notice);
            }
            Err(error) => {
                self.notice = Some(Notice::error(format!(
                    "the settings were saved but cannot be used until restart: {error}"
                )))
            }
        }
    }

    /// Handles one terminal event: the help overlay first when open, then the screen's
    /// table, then the app's own keys ([`keymap::GLOBAL`]) for what the screen leaves.
    pub fn handle(&mut self, event: &Event) {
        let typing = self.stack.last().is_some_and(|s| s.captures_text());
        if let Event::Key(key) = event {
            if key.kind == KeyEventKind::Release {
                return;
            }
            self.notice = None;
            let global = keymap::resolve(keymap::GLOBAL, &typing, event);
            match global {
                Some(Global::Interrupt) => {
                    self.quit = true;
                    return;
                }
                Some(Global::Suspend) => {
                    super::terminal::suspend_to_shell();
                    return;
                }
                _ => {}
            }
            if let Some(scroll) = &mut self.help {
                // The help is a layer of its own: scrolling keys scroll it when it is longer
                // than the screen, and any other key closes it (`q` too: it does not quit).
                match keymap::resolve(&HELP_NAV, &(), event) {
                    Some(nav) if scroll.overflows() => scroll.apply(nav),
                    _ => self.help = None,
                }
                return;
            }
            if global == Some(Global::Help) {
                self.help = Some(Scroll::new());
                return;
            }
        }
        let Some(screen) = self.stack.last_mut() else {
            self.quit = true;
            return;
        };
        match screen.handle(event, &self.hits, &self.ctx) {
            Action::Ignored => match keymap::resolve(keymap::GLOBAL, &typing, event) {
                Some(Global::Quit) => self.quit = true,
                Some(Global::Back) => self.pop(),
                _ => {}
            },
            action => self.apply(action),
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
            self.hits = HitMap::none();
            if let Some(mut screen) = self.stack.pop() {
                screen.closing(&self.ctx);
            }
            if let Some(screen) = self.stack.last_mut() {
                let action = screen.resumed(&self.ctx);
                self.apply(action);
            }
        }
    }

    /// Opens a screen on top of the current one (for commands that start on a given screen).
    pub fn push(&mut self, screen: Box<dyn Screen>) {
        self.hits = HitMap::none();
        self.stack.push(screen);
    }

    /// Lays out and draws the current screen with the title bar, the notice line, the footer
    /// and, if open, the help: [`App::layout`] then [`App::render`].
    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        self.layout(frame.area());
        self.render(frame);
    }

    /// Fits the screen on top and the help to a frame of `area`, and keeps the screen's hit
    /// map for the mouse events until the next layout.
    pub fn layout(&mut self, area: Rect) {
        let Some(parts) = self.frame_parts(area) else {
            self.hits = HitMap::none();
            return;
        };
        let Some(screen) = self.stack.last_mut() else {
            return;
        };
        self.hits = screen.layout(parts.body, &self.ctx);
        if self.help.is_some() {
            let page = self
                .stack
                .last()
                .map(|screen| self.help_page(screen.as_ref(), parts.body));
            if let (Some(page), Some(scroll)) = (page, &mut self.help) {
                page.fit(scroll);
            }
        }
    }

    /// Draws the frame as the last [`App::layout`] left it; drawing changes nothing.
    pub fn render(&self, frame: &mut Frame<'_>) {
        let area = frame.area();
        let theme = self.ctx.theme;
        let Some(parts) = self.frame_parts(area) else {
            widgets::too_small(frame, area, theme);
            return;
        };
        let Some(screen) = self.stack.last() else {
            return;
        };
        let typing = screen.captures_text();
        let keys = screen.keys();
        let footer = widgets::footer(&keys, typing, self.stack.len() > 1, area.width, theme);
        let title = screen.title();
        if self.chrome {
            self::draw_bar(frame, parts.bar, &title, &self.ctx);
        }
        screen.draw(frame, parts.body, &self.ctx);
        if let Some(notice) = &self.notice {
            let style = match notice.level {
                Level::Info => theme.dim(),
                Level::Warning => theme.warning(),
                Level::Error => theme.error(),
            };
            let lines: Vec<Line<'_>> = parts
                .notice_lines
                .into_iter()
                .map(|line| Line::styled(line, style))
                .collect();
            frame.render_widget(Paragraph::new(lines), parts.notice_area);
        }
        if self.chrome {
            frame.render_widget(Paragraph::new(footer), parts.foot);
        }
        if let Some(scroll) = &self.help {
            self.help_page(screen.as_ref(), parts.body)
                .draw(frame, scroll, theme);
        }
    }

    /// Where the frame's parts go in `area`; `None` when it is too small to draw a screen.
    fn frame_parts(&self, area: Rect) -> Option<FrameParts> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        // A notice is wrapped to be read in full (up to a third of the screen).
        let notice_lines: Vec<String> = self
            .notice
            .as_ref()
            .map(|notice| {
                let sign = match notice.level {
                    Level::Info => "",
                    Level::Warning => "⚠ ",
                    Level::Error => "✗ ",
                };
                widgets::wrap_message(&format!("{sign}{}", notice.text), area.width)
            })
            .unwrap_or_default();
        let notice_height = u16::try_from(notice_lines.len())
            .unwrap_or(u16::MAX)
            .min(area.height / 3);
        let chrome = u16::from(self.chrome);
        let [bar, body, notice_area, foot] = Layout::vertical([
            Constraint::Length(chrome),
            Constraint::Min(1),
            Constraint::Length(notice_height),
            Constraint::Length(chrome),
        ])
        .areas(area);
        Some(FrameParts {
            bar,
            body,
            notice_area,
            foot,
            notice_lines,
        })
    }

    /// The help page of `screen` over `body`.
    fn help_page(&self, screen: &dyn Screen, body: Rect) -> widgets::HelpPage {
        widgets::HelpPage::new(
            body,
            &screen.title(),
            &screen.keys(),
            screen.captures_text(),
            self.ctx.theme,
        )
    }
}

/// Scrolling keys inside the help overlay.
const HELP_NAV: [keymap::Binding<(), keymap::Nav>; 6] =
    crate::nav_bindings!(std::convert::identity, keymap::always, "scroll");

fn draw_bar(frame: &mut Frame<'_>, area: Rect, title: &str, ctx: &Context) {
    let theme = ctx.theme;
    let width = usize::from(area.width);
    let mut right = format!("profile: {} ", ctx.profile);
    let full_left = format!(" stagecraft › {title}");
    if full_left.chars().count() + right.chars().count() >= width {
        right.clear();
    }
    // A long title ends with `…` rather than being cut mid-word at the edge.
    let left = widgets::ellipsis(&full_left, width.saturating_sub(right.chars().count()));
    let gap = width.saturating_sub(left.chars().count() + right.chars().count());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::raw(right),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.bar()), area);
}
