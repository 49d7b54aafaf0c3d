//! Key bindings shared by every screen: vim keys and arrows mean the same thing everywhere.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A movement or choice, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// `k`, Up.
    Up,
    /// `j`, Down.
    Down,
    /// `h`, Left.
    Left,
    /// `l`, Right.
    Right,
    /// PageUp, Ctrl-u, Ctrl-b.
    PageUp,
    /// PageDown, Ctrl-d, Ctrl-f, Space.
    PageDown,
    /// `g`, Home.
    Top,
    /// `G`, End.
    Bottom,
    /// Enter.
    Select,
    /// Esc, Backspace.
    Back,
    /// Tab.
    NextPane,
    /// Shift-Tab.
    PrevPane,
}

/// Maps a key to a navigation intent, if it is one.
pub fn nav(key: &KeyEvent) -> Option<Nav> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('u' | 'b') if ctrl => Nav::PageUp,
        KeyCode::Char('d' | 'f') if ctrl => Nav::PageDown,
        _ if ctrl => return None,
        KeyCode::Char('k') | KeyCode::Up => Nav::Up,
        KeyCode::Char('j') | KeyCode::Down => Nav::Down,
        KeyCode::Char('h') | KeyCode::Left => Nav::Left,
        KeyCode::Char('l') | KeyCode::Right => Nav::Right,
        KeyCode::PageUp => Nav::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Nav::PageDown,
        KeyCode::Char('g') | KeyCode::Home => Nav::Top,
        KeyCode::Char('G') | KeyCode::End => Nav::Bottom,
        KeyCode::Enter => Nav::Select,
        KeyCode::Esc | KeyCode::Backspace => Nav::Back,
        KeyCode::Tab => Nav::NextPane,
        KeyCode::BackTab => Nav::PrevPane,
        _ => return None,
    })
}

/// Whether the key is Ctrl-C, which always quits.
pub fn is_interrupt(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c'))
}

/// Whether the key is the plain character `c` (no Ctrl or Alt), pressed or repeated.
pub fn is_char(key: &KeyEvent, c: char) -> bool {
    key.kind != KeyEventKind::Release
        && key.code == KeyCode::Char(c)
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// A line of the help overlay or the footer: the keys and what they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHelp {
    /// The keys, as shown, e.g. `j/k ↑/↓`.
    pub keys: &'static str,
    /// What they do.
    pub action: &'static str,
}

/// Shorthand for a [`KeyHelp`].
pub const fn key(keys: &'static str, action: &'static str) -> KeyHelp {
    KeyHelp { keys, action }
}

/// Keys that work on every screen.
pub const GLOBAL_KEYS: &[KeyHelp] = &[
    key("?", "show or hide this help"),
    key("Esc", "back to the previous screen"),
    key("q", "quit"),
    key("Ctrl-c", "quit from anywhere"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        assert_eq!(
            nav(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Nav::Down)
        );
        assert_eq!(
            nav(&press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Nav::Down)
        );
        assert_eq!(
            nav(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Nav::Bottom)
        );
        assert_eq!(
            nav(&press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Nav::PageDown)
        );
        assert_eq!(nav(&press(KeyCode::Char('j'), KeyModifiers::CONTROL)), None);
    }

    #[test]
    fn interrupt_is_ctrl_c_only() {
        assert!(is_interrupt(&press(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL
        )));
        assert!(!is_interrupt(&press(
            KeyCode::Char('c'),
            KeyModifiers::NONE
        )));
    }
}
