//! Driving the interactive app in tests: an app on a content pack with a fresh data folder and
//! a fixed clock, key sequences written as text, and frames drawn on ratatui's TestBackend.
//!
//! Key sequences: plain characters stand for themselves (an upper-case letter carries Shift);
//! `<Name>` is a named key: `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<Up>`, `<Down>`, `<Left>`,
//! `<Right>`, `<PgUp>`, `<PgDn>`, `<Home>`, `<End>`, `<Space>`, `<Bs>`, `<Del>`, `<lt>` (a `<`),
//! `<C-x>` (Ctrl and a letter) and `<S-Up>` / `<S-Down>`. So `keys("jj<Enter>")` is two `j`
//! and Enter.

use std::path::{Path, PathBuf};

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stagecraft::cli::Cli;
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::tui::home::HomeScreen;
use stagecraft::tui::{app::App, context_for};

/// The time every test app believes it is.
pub const NOW: &str = "2026-11-20T10:00:00Z";

/// A data folder that lives as long as the test process (each test gets its own).
pub fn data_dir() -> PathBuf {
    tempfile::tempdir().expect("temp dir").keep()
}

/// An app on `content` with its progress in `data_dir`, colour on or off, the clock fixed at
/// [`NOW`], the home screen open.
pub fn app_with(content: ContentSet, data_dir: &Path, color: bool) -> App {
    let cli = Cli::parse_from([
        "stagecraft".to_owned(),
        "--color".to_owned(),
        if color { "always" } else { "never" }.to_owned(),
        "--data-dir".to_owned(),
        data_dir.display().to_string(),
    ]);
    let mut ctx = context_for(content, &cli).expect("context");
    ctx.fixed_now = Some(
        chrono::DateTime::parse_from_rfc3339(NOW)
            .expect("time")
            .into(),
    );
    let home = Box::new(HomeScreen::new(&ctx));
    App::new(ctx, home)
}

/// An app on the pack in folder `pack` alone (so that snapshots do not change with the
/// embedded content), without colour, with a fresh data folder.
pub fn app_on(pack: &str) -> App {
    app_with(
        ContentSet::load(&[PackSource::Dir(pack.into())]),
        &data_dir(),
        false,
    )
}

/// The key events of a key sequence (see the module documentation).
pub fn keys(spec: &str) -> Vec<Event> {
    let mut events = Vec::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        let (code, modifiers) = if c == '<' {
            let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
            named(&name)
        } else if c.is_ascii_uppercase() {
            (KeyCode::Char(c), KeyModifiers::SHIFT)
        } else {
            (KeyCode::Char(c), KeyModifiers::NONE)
        };
        events.push(Event::Key(KeyEvent::new(code, modifiers)));
    }
    events
}

fn named(name: &str) -> (KeyCode, KeyModifiers) {
    let none = KeyModifiers::NONE;
    let shift = KeyModifiers::SHIFT;
    match name {
        "Enter" => (KeyCode::Enter, none),
        "Esc" => (KeyCode::Esc, none),
        "Tab" => (KeyCode::Tab, none),
        "S-Tab" => (KeyCode::BackTab, shift),
        "Up" => (KeyCode::Up, none),
        "Down" => (KeyCode::Down, none),
        "Left" => (KeyCode::Left, none),
        "Right" => (KeyCode::Right, none),
        "S-Up" => (KeyCode::Up, shift),
        "S-Down" => (KeyCode::Down, shift),
        "PgUp" => (KeyCode::PageUp, none),
        "PgDn" => (KeyCode::PageDown, none),
        "Home" => (KeyCode::Home, none),
        "End" => (KeyCode::End, none),
        "Space" => (KeyCode::Char(' '), none),
        "Bs" => (KeyCode::Backspace, none),
        "Del" => (KeyCode::Delete, none),
        "lt" => (KeyCode::Char('<'), none),
        ctrl if ctrl.starts_with("C-") && ctrl.chars().count() == 3 => (
            KeyCode::Char(ctrl.chars().last().unwrap_or('c')),
            KeyModifiers::CONTROL,
        ),
        other => panic!("unknown key <{other}> in a key sequence"),
    }
}

/// Sends a key sequence to the app.
pub fn press(app: &mut App, spec: &str) {
    for event in keys(spec) {
        app.handle(&event);
    }
}

/// Types `text` literally (every character a key, `<` included).
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let modifiers = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle(&Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers)));
    }
}

/// Draws the app on a `width` x `height` test terminal and returns the screen as text.
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| app.draw(frame)).expect("draw");
    terminal.backend().to_string()
}

/// Draws the app and returns the test terminal, for tests that look at cells and styles.
pub fn terminal(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| app.draw(frame)).expect("draw");
    terminal
}

#[test]
fn key_sequences_parse() {
    let parsed = keys("jG<Enter><C-c><S-Tab><lt>");
    let codes: Vec<(KeyCode, KeyModifiers)> = parsed
        .iter()
        .map(|e| match e {
            Event::Key(k) => (k.code, k.modifiers),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        codes,
        [
            (KeyCode::Char('j'), KeyModifiers::NONE),
            (KeyCode::Char('G'), KeyModifiers::SHIFT),
            (KeyCode::Enter, KeyModifiers::NONE),
            (KeyCode::Char('c'), KeyModifiers::CONTROL),
            (KeyCode::BackTab, KeyModifiers::SHIFT),
            (KeyCode::Char('<'), KeyModifiers::NONE),
        ]
    );
}
