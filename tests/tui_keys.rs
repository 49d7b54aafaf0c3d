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
const INTERVIEW: &str = "tests/fixtures/packs/interview";

/// How a state is reached: the content, then a way there from the home screen.
struct State {
    name: &'static str,
    pack: Pack,
    reach: fn(&mut App, &Path),
}

/// The content a state is reached in.
enum Pack {
    /// A fixture pack's folder.
    Dir(&'static str),
    /// The content built into the binary.
    Embedded,
    /// The good pack's lesson with this quiz file as its only one.
    Quiz(&'static str),
}

fn pack(dir: &str) -> ContentSet {
    ContentSet::load(&[PackSource::Dir(dir.into())])
}

/// A pack in `dir` with the good pack's lesson and `quiz`.
fn quiz_pack(dir: &Path, quiz: &str) -> ContentSet {
    let pack = dir.join("pack");
    std::fs::create_dir_all(pack.join("lessons")).expect("dir");
    std::fs::create_dir_all(pack.join("quizzes")).expect("dir");
    std::fs::copy(
        Path::new(GOOD).join("lessons/demo.md"),
        pack.join("lessons/demo.md"),
    )
    .expect("lesson");
    std::fs::write(pack.join("quizzes/kinds.yaml"), quiz).expect("quiz");
    let content = ContentSet::load(&[PackSource::Dir(pack)]);
    assert!(!content.has_errors(), "{:?}", content.diagnostics);
    content
}

/// A fresh app in `state`, with a frame drawn.
fn open(state: &State) -> App {
    let dir = data_dir();
    let content = match state.pack {
        Pack::Dir(p) => pack(p),
        Pack::Embedded => ContentSet::embedded(),
        Pack::Quiz(quiz) => quiz_pack(&dir, quiz),
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

/// Lets the settings screen's ticks take its worker's result (a bound on the wait, not a
/// timing assertion).
fn settle(app: &mut App) {
    for _ in 0..30_000 {
        app.tick();
        let shown = screen(app, 80, 24);
        if !shown.contains("Simulating the reviews") && !shown.contains("Fitting the FSRS") {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the settings screen's worker never answered");
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
            name: "settings",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "oj"),
        },
        State {
            name: "settings, on the FSRS parameters (u to undo a change)",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "ojj+G"),
        },
        State {
            name: "settings, a value typed",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "oj<Enter>"),
        },
        State {
            name: "settings, retention preview simulating",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "o+"),
        },
        State {
            name: "settings, retention preview",
            pack: Pack::Dir(GOOD),
            reach: |app, _| {
                go(app, "o+");
                settle(app);
            },
        },
        State {
            name: "settings, fitting",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "oG<Enter>"),
        },
        State {
            name: "settings, optimiser result",
            pack: Pack::Dir(GOOD),
            reach: |app, _| {
                go(app, "oG<Enter>");
                settle(app);
            },
        },
        // The interview's typing states are left out: their Ctrl-o would open a real editor.
        State {
            name: "mock interview set-up",
            pack: Pack::Dir(INTERVIEW),
            reach: |app, _| go(app, "i"),
        },
        State {
            name: "mock interview, asked to leave",
            pack: Pack::Dir(INTERVIEW),
            reach: |app, _| go(app, "i<Enter><Esc>"),
        },
        State {
            name: "mock interview debrief, after leaving early",
            pack: Pack::Dir(INTERVIEW),
            reach: |app, _| go(app, "i<Enter><Esc>y"),
        },
        State {
            name: "card browser",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "c"),
        },
        State {
            name: "card browser, typing a search",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "c/"),
        },
        State {
            name: "card browser, after a change",
            pack: Pack::Dir(GOOD),
            // `s` suspends (so `u` is offered); `r`, not the browser's, clears the notice.
            reach: |app, _| go(app, "csr"),
        },
        State {
            name: "card browser, cards marked",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "ca"),
        },
        State {
            name: "custom study chooser",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "p"),
        },
        State {
            name: "custom study, asking",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "<Tab>p<Enter>"),
        },
        State {
            name: "custom study, flashcard rated",
            pack: Pack::Dir(GOOD),
            // The topic's new cards: the flashcard comes second, shown and rated.
            reach: |app, _| go(app, "<Tab>p<Enter>1<Enter><Space>3"),
        },
        State {
            name: "custom study, finished",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "<Tab>p<Enter>1<Enter><Space>3<Enter>"),
        },
        State {
            name: "card detail",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "c<Enter>"),
        },
        State {
            name: "home",
            pack: Pack::Dir(GOOD),
            reach: |_, _| {},
        },
        State {
            name: "home, topics pane",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "<Tab>"),
        },
        State {
            name: "content problems",
            pack: Pack::Dir(BAD),
            reach: |app, _| go(app, "w"),
        },
        State {
            name: "statistics",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "s"),
        },
        State {
            name: "topic",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "<Tab><Enter>"),
        },
        State {
            name: "lesson",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "<Enter>"),
        },
        State {
            name: "lesson contents",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "<Enter>t"),
        },
        State {
            name: "lesson search typed",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "<Enter>/stage"),
        },
        State {
            name: "lesson search found",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "<Enter>/stage<Enter>"),
        },
        State {
            name: "viewer",
            pack: Pack::Dir(GOOD),
            reach: |app, _| app.push(Box::new(ViewerScreen::new("Dockerfile", VIEWED, None))),
        },
        State {
            name: "review, asking",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "r"),
        },
        State {
            name: "review, answered right",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "r2"),
        },
        State {
            name: "review, answered wrong",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "r1"),
        },
        State {
            name: "review, answer not saved",
            pack: Pack::Dir(GOOD),
            // Another program holds the write lock while the answer is given; it lets go
            // after, so that `r` can save.
            reach: |app, _| {
                let store = &app.context().store;
                store
                    .set_busy_timeout(std::time::Duration::from_millis(1))
                    .expect("timeout");
                let other = rusqlite::Connection::open(store.path()).expect("open");
                other.execute_batch("BEGIN IMMEDIATE").expect("lock");
                go(app, "r2");
                drop(other);
                // Any key clears the notice; the rating bar and the hint line keep saying it.
                go(app, "z");
                assert!(
                    screen(app, 80, 24).contains("not saved"),
                    "{}",
                    screen(app, 80, 24)
                );
            },
        },
        State {
            name: "review, finished",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "r2<Enter>2<Enter>"),
        },
        State {
            name: "drill",
            pack: Pack::Dir(GOOD),
            reach: |app, _| go(app, "d"),
        },
        State {
            name: "presenter",
            pack: Pack::Dir(CLASSROOM),
            reach: |app, _| {
                let present = PresentScreen::open(app.context(), "slides-demo").expect("lesson");
                app.push(Box::new(present));
                go(app, "<Right>");
            },
        },
        State {
            name: "presenter, question",
            pack: Pack::Dir(CLASSROOM),
            reach: |app, _| {
                let present = PresentScreen::open(app.context(), "slides-demo").expect("lesson");
                app.push(Box::new(present));
                go(app, "a");
            },
        },
        State {
            name: "lab",
            pack: Pack::Dir(CLASSROOM),
            reach: |app, dir| {
                let lab = LabScreen::open(app.context(), "lab-demo", &dir.join("lab"))
                    .expect("lab")
                    // An "editor" that comments out the first line.
                    .with_editor("sed -i 1s/^/#/");
                app.push(Box::new(lab));
            },
        },
        State {
            name: "lab, solution shown",
            pack: Pack::Dir(CLASSROOM),
            reach: |app, dir| {
                let lab = LabScreen::open(app.context(), "lab-demo", &dir.join("lab"))
                    .expect("lab")
                    .with_editor("sed -i 1s/^/#/");
                app.push(Box::new(lab));
                go(app, "s");
            },
        },
        State {
            name: "lab, findings focused",
            pack: Pack::Dir(CLASSROOM),
            reach: |app, dir| {
                let lab = LabScreen::open(app.context(), "lab-demo", &dir.join("lab"))
                    .expect("lab")
                    .with_editor("sed -i 1s/^/#/");
                app.push(Box::new(lab));
                go(app, "<Tab>");
            },
        },
        State {
            name: "presenter, notes",
            pack: Pack::Dir(CLASSROOM),
            reach: |app, _| {
                let present = PresentScreen::open(app.context(), "slides-demo").expect("lesson");
                app.push(Box::new(present));
                go(app, "n");
            },
        },
        State {
            name: "presenter, answer revealed",
            pack: Pack::Dir(CLASSROOM),
            reach: |app, _| {
                let present = PresentScreen::open(app.context(), "slides-demo").expect("lesson");
                app.push(Box::new(present));
                go(app, "a<Enter>");
            },
        },
        State {
            name: "home, examples pane",
            pack: Pack::Embedded,
            reach: |app, _| go(app, "<Tab><Tab>"),
        },
        State {
            name: "statistics, more topics than rows",
            pack: Pack::Embedded,
            reach: |app, _| go(app, "s"),
        },
        State {
            name: "viewer, an example and its before file",
            pack: Pack::Embedded,
            reach: |app, _| {
                let viewer = app
                    .context()
                    .content
                    .examples
                    .iter()
                    .find(|e| e.before.is_some())
                    .map(ViewerScreen::example)
                    .expect("an example with a before file");
                app.push(Box::new(viewer));
            },
        },
        State {
            name: "review, multiple choice",
            pack: Pack::Quiz(MULTIPLE),
            reach: |app, _| go(app, "r"),
        },
        State {
            name: "review, true or false",
            pack: Pack::Quiz(TRUE_FALSE),
            reach: |app, _| go(app, "r"),
        },
        State {
            name: "review, short answer typed",
            pack: Pack::Quiz(SHORT),
            reach: |app, _| go(app, "rnonroot"),
        },
        State {
            name: "review, order",
            pack: Pack::Quiz(ORDER),
            reach: |app, _| go(app, "r"),
        },
        State {
            name: "review, spot the bug",
            pack: Pack::Quiz(SPOT_BUG),
            reach: |app, _| go(app, "r"),
        },
        State {
            name: "review, fill in the blank typed",
            pack: Pack::Quiz(FILL_BLANK),
            reach: |app, _| go(app, "r--from=build"),
        },
        State {
            name: "review, flashcard",
            pack: Pack::Quiz(FLASHCARD),
            reach: |app, _| go(app, "r"),
        },
        State {
            name: "review, flashcard revealed",
            pack: Pack::Quiz(FLASHCARD),
            reach: |app, _| go(app, "r<Space>"),
        },
        State {
            name: "review, short answer wrong",
            pack: Pack::Quiz(SHORT),
            reach: |app, _| go(app, "rroot<Enter>"),
        },
    ]
}

/// One question of each kind, each in a quiz file of its own.
const MULTIPLE: &str = "topic: kinds\nquestions:\n  - id: k-multiple\n    kind: multiple\n    prompt: What does `scratch` lack?\n    choices: [CA certificates, A shell, Any file]\n    answers: [1, 2, 3]\n    lesson: demo-lesson\n    explanation: It is empty.\n";
const TRUE_FALSE: &str = "topic: kinds\nquestions:\n  - id: k-truth\n    kind: true_false\n    prompt: The last stage is the image.\n    correct: true\n    lesson: demo-lesson\n    explanation: Unless --target names another.\n";
const SHORT: &str = "topic: kinds\nquestions:\n  - id: k-short\n    kind: short\n    prompt: Which user has uid 65532 in distroless images?\n    accepted: [nonroot]\n    lesson: demo-lesson\n    explanation: nonroot is 65532.\n";
const ORDER: &str = "topic: kinds\nquestions:\n  - id: k-order\n    kind: order\n    prompt: Order these for the cache.\n    items: [\"COPY go.mod ./\", \"RUN go mod download\", \"COPY . .\"]\n    lesson: demo-lesson\n    explanation: Dependencies first.\n";
const SPOT_BUG: &str = "topic: kinds\nquestions:\n  - id: k-spot\n    kind: spot_bug\n    prompt: Which line is wrong?\n    dockerfile: \"FROM scratch\\nCOPY app /app\\nRUN echo hi\\n\"\n    bug_line: 3\n    lesson: demo-lesson\n    explanation: scratch has no shell.\n";
const FILL_BLANK: &str = "topic: kinds\nquestions:\n  - id: k-blank\n    kind: fill_blank\n    prompt: Copy the binary out of the build stage.\n    dockerfile: \"FROM golang:1.23 AS build\\nFROM scratch\\nCOPY ___ /out/app /app\\n\"\n    blanks:\n      - [\"--from=build\"]\n    lesson: demo-lesson\n    explanation: COPY --from reads an earlier stage.\n";
const FLASHCARD: &str = "topic: kinds\nquestions:\n  - id: k-flash\n    kind: flashcard\n    prompt: Why multi-stage?\n    model_answer: To keep build tools out of the image.\n    lesson: demo-lesson\n    explanation: Smaller and safer.\n";

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

/// The help overlay is a layer with a table of its own: when the keys do not fit, its
/// scrolling keys scroll it (and it says so); every other key, `q` and Esc included, closes
/// it and does nothing else: the screen, the stack and the app stay as they were.
#[test]
fn the_help_overlay_scrolls_with_its_keys_and_any_other_key_only_closes_it() {
    let state = State {
        name: "review, answered right",
        pack: Pack::Dir(GOOD),
        reach: |app, _| go(app, "r2"),
    };
    let (width, height) = (80, 12);
    let down = [
        Key::Char('j'),
        Key::Code(KeyCode::Down),
        Key::Code(KeyCode::PageDown),
        Key::Ctrl('d'),
        Key::Ctrl('f'),
        Key::Char('G'),
        Key::Code(KeyCode::End),
    ];
    let up = [
        Key::Char('k'),
        Key::Code(KeyCode::Up),
        Key::Code(KeyCode::PageUp),
        Key::Ctrl('u'),
        Key::Ctrl('b'),
        Key::Char('g'),
        Key::Code(KeyCode::Home),
    ];
    let mut app = open(&state);
    screen(&mut app, width, height);
    let without_help = seen(&mut app);
    for event in universe() {
        if is_global(&event) && !matches!(event.code, KeyCode::Esc | KeyCode::Char('q' | '?')) {
            // Ctrl-C quits and Ctrl-Z suspends whatever is open.
            continue;
        }
        let mut app = open(&state);
        let is_up = up.iter().any(|k| k.matches(&event));
        // From the bottom when moving up, so that it shows.
        let opening = if is_up { "?G" } else { "?" };
        for key in common::tui::keys(opening) {
            screen(&mut app, width, height);
            app.handle(&key);
        }
        let before = screen(&mut app, width, height);
        assert!(
            before.contains("Help (j/k scroll"),
            "the help overflows at {width}x{height}:\n{before}"
        );
        app.handle(&Event::Key(event));
        if is_up || down.iter().any(|k| k.matches(&event)) {
            assert!(
                app.help_open(),
                "{event:?} scrolls the help, it does not close it"
            );
            assert_ne!(
                screen(&mut app, width, height),
                before,
                "{event:?} scrolls the help"
            );
            continue;
        }
        assert!(!app.help_open(), "{event:?} closes the help");
        let after = seen(&mut app);
        assert!(
            after == without_help,
            "{event:?} did more than close the help:\n{}",
            screen(&mut app, width, height)
        );
    }
}
