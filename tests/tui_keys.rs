//! Every screen's binding table against its behaviour, in the states a learner meets: each key
//! the table offers now has an effect (the screen, title, stack or notice changes), and no key
//! outside the table changes anything. Keys act on the last frame, so a frame is drawn before
//! every key, as the terminal would.

mod common;

use std::path::Path;

use common::tui::{app_with, data_dir, screen};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::tui::app::App;
use stagecraft::tui::keymap::{GLOBAL, Key};
use stagecraft::tui::lab::LabScreen;
use stagecraft::tui::present::PresentScreen;
use stagecraft::tui::viewer::ViewerScreen;

/// A Dockerfile with stages, a stage nothing needs and findings.
const VIEWED: &str = "ARG GO=1.23\nFROM golang:${GO} AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM alpine:3.20 AS unused\nRUN apk add curl\n\nFROM scratch\nCOPY --from=build /out/app /app\nUSER nonroot\nCMD /app\n";

const GOOD: &str = "tests/fixtures/packs/good";
const BAD: &str = "tests/fixtures/packs/bad";
const CLASSROOM: &str = "tests/fixtures/packs/classroom";

/// How a state is reached: the pack, then a way there from the home screen.
struct State {
    name: &'static str,
    pack: Option<&'static str>,
    reach: fn(&mut App, &Path),
}

fn pack(dir: &str) -> ContentSet {
    ContentSet::load(&[PackSource::Dir(dir.into())])
}

/// A fresh app in `state`, with a frame drawn.
fn open(state: &State) -> App {
    let dir = data_dir();
    let content = match state.pack {
        Some(p) => pack(p),
        None => ContentSet::embedded(),
    };
    let mut app = app_with(content, &dir, false);
    screen(&mut app, 80, 24);
    (state.reach)(&mut app, &dir);
    screen(&mut app, 80, 24);
    app
}

/// Presses `spec`, drawing a frame before each key.
fn go(app: &mut App, spec: &str) {
    for event in common::tui::keys(spec) {
        screen(app, 80, 24);
        app.handle(&event);
    }
}

/// What a key may change.
#[derive(PartialEq, Eq)]
struct Seen {
    /// The frame, styles included (focus shows only as a style without colour).
    screen: ratatui::buffer::Buffer,
    title: String,
    depth: usize,
    quit: bool,
    help: bool,
    notice: Option<String>,
}

fn seen(app: &mut App) -> Seen {
    Seen {
        screen: common::tui::terminal(app, 80, 24)
            .backend()
            .buffer()
            .clone(),
        title: app.current_title(),
        depth: app.depth(),
        quit: app.should_quit(),
        help: app.help_open(),
        notice: app.notice().map(|n| n.text.clone()),
    }
}

fn states() -> Vec<State> {
    vec![
        State {
            name: "home",
            pack: Some(GOOD),
            reach: |_, _| {},
        },
        State {
            name: "home, topics pane",
            pack: Some(GOOD),
            reach: |app, _| go(app, "<Tab>"),
        },
        State {
            name: "content problems",
            pack: Some(BAD),
            reach: |app, _| go(app, "w"),
        },
        State {
            name: "statistics",
            pack: Some(GOOD),
            reach: |app, _| go(app, "s"),
        },
        State {
            name: "topic",
            pack: Some(GOOD),
            reach: |app, _| go(app, "<Tab><Enter>"),
        },
        State {
            name: "lesson",
            pack: Some(GOOD),
            reach: |app, _| go(app, "<Enter>"),
        },
        State {
            name: "lesson contents",
            pack: Some(GOOD),
            reach: |app, _| go(app, "<Enter>t"),
        },
        State {
            name: "lesson search typed",
            pack: Some(GOOD),
            reach: |app, _| go(app, "<Enter>/stage"),
        },
        State {
            name: "lesson search found",
            pack: Some(GOOD),
            reach: |app, _| go(app, "<Enter>/stage<Enter>"),
        },
        State {
            name: "viewer",
            pack: Some(GOOD),
            reach: |app, _| app.push(Box::new(ViewerScreen::new("Dockerfile", VIEWED, None))),
        },
        State {
            name: "review, asking",
            pack: Some(GOOD),
            reach: |app, _| go(app, "r"),
        },
        State {
            name: "review, answered right",
            pack: Some(GOOD),
            reach: |app, _| go(app, "r2"),
        },
        State {
            name: "review, answered wrong",
            pack: Some(GOOD),
            reach: |app, _| go(app, "r1"),
        },
        State {
            name: "review, finished",
            pack: Some(GOOD),
            reach: |app, _| go(app, "r2<Enter>2<Enter>"),
        },
        State {
            name: "drill",
            pack: Some(GOOD),
            reach: |app, _| go(app, "d"),
        },
        State {
            name: "presenter",
            pack: Some(CLASSROOM),
            reach: |app, _| {
                let present = PresentScreen::open(app.context(), "slides-demo").expect("lesson");
                app.push(Box::new(present));
                go(app, "<Right>");
            },
        },
        State {
            name: "presenter, question",
            pack: Some(CLASSROOM),
            reach: |app, _| {
                let present = PresentScreen::open(app.context(), "slides-demo").expect("lesson");
                app.push(Box::new(present));
                go(app, "a");
            },
        },
        State {
            name: "lab",
            pack: Some(CLASSROOM),
            reach: |app, dir| {
                let lab = LabScreen::open(app.context(), "lab-demo", &dir.join("lab"))
                    .expect("lab")
                    // An "editor" that comments out the first line.
                    .with_editor("sed -i 1s/^/#/");
                app.push(Box::new(lab));
            },
        },
    ]
}

/// Every key event worth trying: printable characters, named keys, Ctrl-letters.
fn universe() -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = (0x20u8..0x7f)
        .map(char::from)
        .map(|c| {
            let modifiers = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            KeyEvent::new(KeyCode::Char(c), modifiers)
        })
        .collect();
    for code in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::F(1),
    ] {
        keys.push(KeyEvent::new(code, KeyModifiers::NONE));
    }
    keys.push(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    keys.push(KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT));
    keys.push(KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT));
    for c in 'a'..='z' {
        keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }
    keys
}

fn is_global(event: &KeyEvent) -> bool {
    GLOBAL
        .iter()
        .any(|b| b.keys.iter().any(|k| k.matches(event)))
}

fn offered(app: &App) -> Vec<(&'static str, Vec<Key>)> {
    app.screen_keys()
        .into_iter()
        .map(|k| (k.keys, k.bound.to_vec()))
        .collect()
}

#[test]
fn every_key_a_screen_offers_does_something() {
    for state in states() {
        let mut app = open(&state);
        for (shown, keys) in offered(&app) {
            let Some(event) = keys.iter().flat_map(|k| k.examples()).next() else {
                continue;
            };
            // A move up needs somewhere to come from: try from the state, then after moving
            // to the end.
            let mut app = open(&state);
            let worked = ["", "G", "<End>", "j", "J"].iter().any(|prelude| {
                // A key without effect left the state as it was: go on from there.
                go(&mut app, prelude);
                let before = seen(&mut app);
                if !app
                    .screen_keys()
                    .iter()
                    .any(|k| k.bound.iter().any(|b| b.matches(&event)))
                {
                    return false;
                }
                app.handle(&Event::Key(event));
                seen(&mut app) != before
            });
            assert!(
                worked,
                "{}: `{shown}` ({event:?}) is offered but does nothing",
                state.name
            );
        }
        app.close_all();
    }
}

#[test]
fn no_key_outside_a_screen_s_table_changes_anything() {
    for state in states() {
        let mut app = open(&state);
        let before = seen(&mut app);
        let bound: Vec<Key> = offered(&app).into_iter().flat_map(|(_, k)| k).collect();
        for event in universe() {
            if is_global(&event) || bound.iter().any(|k| k.matches(&event)) {
                continue;
            }
            app.handle(&Event::Key(event));
            let after = seen(&mut app);
            assert!(
                after == before,
                "{}: {event:?} is not in the table but changed the screen:\n{}",
                state.name,
                screen(&mut app, 80, 24)
            );
        }
        app.close_all();
    }
}

#[test]
fn the_help_lists_exactly_what_the_table_offers() {
    for state in states() {
        let mut app = open(&state);
        // What the screen offers at the size the help is drawn at (a taller screen may have
        // nothing to scroll).
        screen(&mut app, 120, 60);
        let offered = app.screen_keys();
        go(&mut app, "?");
        if !app.help_open() {
            // `?` is a letter while typing.
            continue;
        }
        let help = screen(&mut app, 120, 60);
        for key in &offered {
            assert!(
                help.contains(key.keys),
                "{}: the help does not list `{}`:\n{help}",
                state.name,
                key.keys
            );
        }
        go(&mut app, "q");
        assert!(!app.should_quit(), "{}: q closes the help", state.name);
        assert!(!app.help_open(), "{}", state.name);
    }
}
