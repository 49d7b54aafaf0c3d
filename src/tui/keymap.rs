//! The command layer: keys become commands through one binding table per screen.
//!
//! A screen declares a `Command` enum (what it can do, with no terminal types) and one table of
//! [`Binding`]s: the keys, the command they give, the words for the footer and the help, and a
//! predicate on the screen's state that says when the binding is available. The same table
//! answers three questions, so they cannot disagree:
//!
//! - which command a key press means now ([`resolve`]),
//! - which keys the footer and the `?` help list now ([`available`]),
//! - which keys do nothing now (every key that [`resolve`] turns down).
//!
//! The screen's `update(command)` then changes its state; `draw` only draws.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::InputRequest;

/// A movement, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// One up.
    Up,
    /// One down.
    Down,
    /// One page up.
    PageUp,
    /// One page down.
    PageDown,
    /// To the first.
    Top,
    /// To the last.
    Bottom,
}

/// A key as a binding names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character typed without Ctrl or Alt (Shift is part of the character).
    Char(char),
    /// A character with Ctrl held.
    Ctrl(char),
    /// A named key (Enter, Esc, arrows...) without modifiers.
    Code(KeyCode),
    /// A named key with Shift held (Shift-↑).
    Shift(KeyCode),
    /// A digit from the first to the second, inclusive; the command gets the digit.
    Digits(u8, u8),
    /// Any key that edits a line of text (characters, Backspace, arrows, Home, End).
    Text,
}

impl Key {
    /// Whether `event` is this key.
    pub fn matches(self, event: &KeyEvent) -> bool {
        let bound = match self {
            Key::Digits(..) => Bound::Digit(|_| ()),
            Key::Text => Bound::Text(|_| ()),
            _ => Bound::To(()),
        };
        self.command(bound, event).is_some()
    }

    /// What this key gives for `event` under `bound`, if the event is this key.
    fn command<C: Copy>(self, bound: Bound<C>, event: &KeyEvent) -> Option<C> {
        let ctrl_alt = event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let shift = event.modifiers.contains(KeyModifiers::SHIFT);
        let hit = match self {
            Key::Char(c) => event.code == KeyCode::Char(c) && !ctrl_alt,
            Key::Ctrl(c) => {
                event.code == KeyCode::Char(c) && event.modifiers.contains(KeyModifiers::CONTROL)
            }
            Key::Code(code) => {
                event.code == code && !ctrl_alt && (!shift || code == KeyCode::BackTab)
            }
            Key::Shift(code) => event.code == code && shift && !ctrl_alt,
            Key::Digits(lo, hi) => {
                let KeyCode::Char(c @ '0'..='9') = event.code else {
                    return None;
                };
                let digit = c as u8 - b'0';
                if ctrl_alt || digit < lo || digit > hi {
                    return None;
                }
                return match bound {
                    Bound::Digit(make) => Some(make(digit)),
                    _ => None,
                };
            }
            Key::Text => {
                let request = tui_input::backend::crossterm::to_input_request(&Event::Key(*event))?;
                return match bound {
                    Bound::Text(make) => Some(make(request)),
                    _ => None,
                };
            }
        };
        if !hit {
            return None;
        }
        match bound {
            Bound::To(command) => Some(command),
            Bound::Digit(_) | Bound::Text(_) => None,
        }
    }

    /// Key events that are this key, for tests that press every key of a table.
    pub fn examples(self) -> Vec<KeyEvent> {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match self {
            Key::Char(c) if c.is_ascii_uppercase() => {
                vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)]
            }
            Key::Char(c) => vec![plain(KeyCode::Char(c))],
            Key::Ctrl(c) => vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)],
            Key::Code(KeyCode::BackTab) => {
                vec![KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)]
            }
            Key::Code(code) => vec![plain(code)],
            Key::Shift(code) => vec![KeyEvent::new(code, KeyModifiers::SHIFT)],
            Key::Digits(lo, hi) => (lo..=hi)
                .map(|d| plain(KeyCode::Char(char::from(b'0' + d))))
                .collect(),
            Key::Text => vec![plain(KeyCode::Char('x')), plain(KeyCode::Backspace)],
        }
    }
}

/// The command a binding gives.
#[derive(Debug, Clone, Copy)]
pub enum Bound<C> {
    /// Always this command.
    To(C),
    /// A command made from the digit pressed ([`Key::Digits`]).
    Digit(fn(u8) -> C),
    /// A command made from a text edit ([`Key::Text`]).
    Text(fn(InputRequest) -> C),
}

/// One row of a screen's binding table.
pub struct Binding<S, C> {
    /// The keys.
    pub keys: &'static [Key],
    /// The keys as shown, e.g. `j/k ↑/↓`.
    pub shown: &'static str,
    /// A word or two for the footer; empty keeps the binding out of the footer.
    pub hint: &'static str,
    /// What the binding does, for the help.
    pub help: &'static str,
    /// The command.
    pub command: Bound<C>,
    /// Whether the binding is available in this state.
    pub when: fn(&S) -> bool,
}

impl<S, C: Copy> Clone for Binding<S, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S, C: Copy> Copy for Binding<S, C> {}

/// A predicate for bindings that are always available.
pub fn always<S>(_: &S) -> bool {
    true
}

/// The command that `event` means for a screen in `state`, if any: the first available binding
/// whose key it is. Releases and non-key events mean nothing.
pub fn resolve<S, C: Copy>(table: &[Binding<S, C>], state: &S, event: &Event) -> Option<C> {
    let Event::Key(key) = event else {
        return None;
    };
    if key.kind == KeyEventKind::Release {
        return None;
    }
    table
        .iter()
        .filter(|b| (b.when)(state))
        .find_map(|b| b.keys.iter().find_map(|k| k.command(b.command, key)))
}

/// A line of the footer or the help: the keys and what they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHelp {
    /// The keys, as shown.
    pub keys: &'static str,
    /// Footer words; empty for help-only bindings.
    pub hint: &'static str,
    /// What they do.
    pub help: &'static str,
    /// The keys themselves.
    pub bound: &'static [Key],
}

/// The bindings of `table` available in `state`, in table order (which is the footer's order
/// of priority).
pub fn available<S, C>(table: &[Binding<S, C>], state: &S) -> Vec<KeyHelp> {
    table
        .iter()
        .filter(|b| (b.when)(state))
        .map(|b| KeyHelp {
            keys: b.shown,
            hint: b.hint,
            help: b.help,
            bound: b.keys,
        })
        .collect()
}

/// Every key event a table names, for tests.
pub fn table_events<S, C>(table: &[Binding<S, C>]) -> Vec<KeyEvent> {
    table
        .iter()
        .flat_map(|b| b.keys.iter().flat_map(|k| k.examples()))
        .collect()
}

/// What the app itself does with a key, whatever the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    /// Open or close the help.
    Help,
    /// Close the screen and go back.
    Back,
    /// Leave the app.
    Quit,
    /// Leave the app from anywhere, even while typing.
    Interrupt,
    /// Hand the terminal back to the shell until `fg`.
    Suspend,
}

/// The app's own table; the screen's bindings come first, these apply when the screen
/// does not use the key.
pub const GLOBAL: &[Binding<bool, Global>] = &[
    Binding {
        keys: &[Key::Char('?')],
        shown: "?",
        hint: "help",
        help: "show or hide the keys of this screen",
        command: Bound::To(Global::Help),
        when: not_typing,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "back",
        help: "close this screen, back to the previous one",
        command: Bound::To(Global::Back),
        when: always,
    },
    Binding {
        keys: &[Key::Char('q')],
        shown: "q",
        hint: "quit",
        help: "quit",
        command: Bound::To(Global::Quit),
        when: not_typing,
    },
    Binding {
        keys: &[Key::Ctrl('c')],
        shown: "Ctrl-c",
        hint: "",
        help: "quit from anywhere",
        command: Bound::To(Global::Interrupt),
        when: always,
    },
    Binding {
        keys: &[Key::Ctrl('z')],
        shown: "Ctrl-z",
        hint: "",
        help: "suspend to the shell (fg comes back)",
        command: Bound::To(Global::Suspend),
        when: always,
    },
];

/// The state the global table looks at: whether the screen takes typed text.
fn not_typing(typing: &bool) -> bool {
    !*typing
}

/// Bindings for moving in a list or through text: `j/k ↑/↓`, pages, first and last.
/// `make` turns a movement into the screen's command.
#[macro_export]
#[doc(hidden)]
macro_rules! nav_bindings {
    ($make:expr, $when:expr, $what:literal) => {
        [
            $crate::tui::keymap::Binding {
                keys: &[
                    $crate::tui::keymap::Key::Char('j'),
                    $crate::tui::keymap::Key::Code(::ratatui::crossterm::event::KeyCode::Down),
                ],
                shown: "j/k ↑/↓",
                hint: $what,
                help: concat!($what, ": down / up"),
                command: $crate::tui::keymap::Bound::To($make($crate::tui::keymap::Nav::Down)),
                when: $when,
            },
            $crate::tui::keymap::Binding {
                keys: &[
                    $crate::tui::keymap::Key::Char('k'),
                    $crate::tui::keymap::Key::Code(::ratatui::crossterm::event::KeyCode::Up),
                ],
                shown: "k ↑",
                hint: "",
                help: concat!($what, ": up"),
                command: $crate::tui::keymap::Bound::To($make($crate::tui::keymap::Nav::Up)),
                when: $when,
            },
            $crate::tui::keymap::Binding {
                keys: &[
                    $crate::tui::keymap::Key::Code(::ratatui::crossterm::event::KeyCode::PageDown),
                    $crate::tui::keymap::Key::Ctrl('d'),
                    $crate::tui::keymap::Key::Ctrl('f'),
                ],
                shown: "PgDn Ctrl-d/f",
                hint: "",
                help: concat!($what, ": a page down"),
                command: $crate::tui::keymap::Bound::To($make($crate::tui::keymap::Nav::PageDown)),
                when: $when,
            },
            $crate::tui::keymap::Binding {
                keys: &[
                    $crate::tui::keymap::Key::Code(::ratatui::crossterm::event::KeyCode::PageUp),
                    $crate::tui::keymap::Key::Ctrl('u'),
                    $crate::tui::keymap::Key::Ctrl('b'),
                ],
                shown: "PgUp Ctrl-u/b",
                hint: "",
                help: concat!($what, ": a page up"),
                command: $crate::tui::keymap::Bound::To($make($crate::tui::keymap::Nav::PageUp)),
                when: $when,
            },
            $crate::tui::keymap::Binding {
                keys: &[
                    $crate::tui::keymap::Key::Char('g'),
                    $crate::tui::keymap::Key::Code(::ratatui::crossterm::event::KeyCode::Home),
                ],
                shown: "g Home",
                hint: "",
                help: concat!($what, ": to the first"),
                command: $crate::tui::keymap::Bound::To($make($crate::tui::keymap::Nav::Top)),
                when: $when,
            },
            $crate::tui::keymap::Binding {
                keys: &[
                    $crate::tui::keymap::Key::Char('G'),
                    $crate::tui::keymap::Key::Code(::ratatui::crossterm::event::KeyCode::End),
                ],
                shown: "G End",
                hint: "",
                help: concat!($what, ": to the last"),
                command: $crate::tui::keymap::Bound::To($make($crate::tui::keymap::Nav::Bottom)),
                when: $when,
            },
        ]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Cmd {
        Go,
        Rate(u8),
        Type(InputRequest),
        Move(Nav),
    }

    fn rate(d: u8) -> Cmd {
        Cmd::Rate(d)
    }

    fn only_when_on(on: &bool) -> bool {
        *on
    }

    const NAV: [Binding<bool, Cmd>; 6] = crate::nav_bindings!(Cmd::Move, always, "move");

    const TABLE: &[Binding<bool, Cmd>] = &[
        Binding {
            keys: &[Key::Char('x'), Key::Code(KeyCode::Enter)],
            shown: "x Enter",
            hint: "go",
            help: "go",
            command: Bound::To(Cmd::Go),
            when: always,
        },
        Binding {
            keys: &[Key::Digits(1, 4)],
            shown: "1-4",
            hint: "rate",
            help: "rate",
            command: Bound::Digit(rate),
            when: only_when_on,
        },
        Binding {
            keys: &[Key::Text],
            shown: "type",
            hint: "",
            help: "type",
            command: Bound::Text(Cmd::Type),
            when: only_when_on,
        },
    ];

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn keys_resolve_only_when_available() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            resolve(TABLE, &false, &key(KeyCode::Char('x'), none)),
            Some(Cmd::Go)
        );
        assert_eq!(resolve(TABLE, &false, &key(KeyCode::Char('2'), none)), None);
        assert_eq!(
            resolve(TABLE, &true, &key(KeyCode::Char('2'), none)),
            Some(Cmd::Rate(2))
        );
        assert_eq!(
            resolve(TABLE, &true, &key(KeyCode::Char('5'), none)),
            Some(Cmd::Type(InputRequest::InsertChar('5')))
        );
        assert_eq!(
            resolve(
                TABLE,
                &false,
                &key(KeyCode::Char('x'), KeyModifiers::CONTROL)
            ),
            None
        );
        assert_eq!(available(TABLE, &false).len(), 1);
        assert_eq!(available(TABLE, &true).len(), 3);
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            resolve(&NAV, &true, &key(KeyCode::Char('j'), none)),
            Some(Cmd::Move(Nav::Down))
        );
        assert_eq!(
            resolve(&NAV, &true, &key(KeyCode::Down, none)),
            Some(Cmd::Move(Nav::Down))
        );
        assert_eq!(
            resolve(&NAV, &true, &key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Cmd::Move(Nav::Bottom))
        );
        assert_eq!(
            resolve(&NAV, &true, &key(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Cmd::Move(Nav::PageDown))
        );
        assert_eq!(
            resolve(&NAV, &true, &key(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            None
        );
    }

    #[test]
    fn every_example_of_a_key_resolves_to_it() {
        for binding in TABLE.iter().chain(NAV.iter()) {
            for event in binding.keys.iter().flat_map(|k| k.examples()) {
                assert!(
                    resolve(std::slice::from_ref(binding), &true, &Event::Key(event)).is_some(),
                    "{event:?} of {}",
                    binding.shown
                );
            }
        }
    }

    #[test]
    fn ctrl_c_and_ctrl_z_are_global() {
        assert_eq!(
            resolve(
                GLOBAL,
                &true,
                &key(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ),
            Some(Global::Interrupt)
        );
        assert_eq!(
            resolve(GLOBAL, &true, &key(KeyCode::Char('q'), KeyModifiers::NONE)),
            None,
            "q is a letter while typing"
        );
        assert_eq!(
            resolve(
                GLOBAL,
                &false,
                &key(KeyCode::Char('z'), KeyModifiers::CONTROL)
            ),
            Some(Global::Suspend)
        );
    }
}
