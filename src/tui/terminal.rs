//! Entering and leaving the terminal's interactive mode, and making sure it is always left:
//! on quit, on error (the guard's `Drop`), on panic (a hook that restores first) and on
//! SIGTERM, SIGINT, SIGHUP or SIGQUIT (a flag the event loop checks). The app then exits with status
//! 128 + the signal's number, as shells expect. While the terminal is lent to the learner's
//! editor, a Ctrl-C (SIGINT) is the editor's: the app forgets it when it takes the terminal
//! back.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// The number of the last SIGTERM, SIGHUP or SIGQUIT received (0: none).
static TERMINATION: AtomicUsize = AtomicUsize::new(0);
/// Set when SIGINT arrives.
static INTERRUPT: AtomicBool = AtomicBool::new(false);

/// Whether the terminal is in the app's mode. Restoring twice would send a second
/// "leave alternate screen", which moves the cursor back and garbles the shell's output.
static ACTIVE: AtomicBool = AtomicBool::new(false);

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};

/// The terminal type the app draws on.
pub type Tty = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    _private: (),
}

/// Makes SIGTERM, SIGHUP, SIGQUIT and SIGINT set the flags the event loop reads instead of
/// killing the process at once (which would leave the terminal in raw mode). SIGQUIT (`kill
/// -QUIT`; in raw mode Ctrl-\ is a key, not the signal) is treated as SIGTERM: no core dump,
/// the terminal restored, status 131.
pub fn catch_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    for signal in [SIGTERM, SIGHUP, SIGQUIT] {
        let number = usize::try_from(signal).unwrap_or_default();
        signal_hook::flag::register_usize(signal, &TERMINATION, number)?;
    }
    signal_hook::flag::register(SIGINT, &INTERRUPT)?;
    Ok(())
}

/// The termination signal received so far, if any: SIGTERM, SIGHUP or SIGQUIT first, then
/// SIGINT.
pub fn stop_signal() -> Option<i32> {
    match TERMINATION.load(Ordering::SeqCst) {
        0 => INTERRUPT
            .load(Ordering::SeqCst)
            .then_some(signal_hook::consts::SIGINT),
        number => i32::try_from(number).ok(),
    }
}

/// The exit status after `signal`: 128 + its number, as a shell reports a process it killed.
pub fn exit_status_after(signal: i32) -> i32 {
    128 + signal
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, captures the mouse, installs the panic hook
    /// and the signal flags.
    pub fn enter() -> io::Result<(Tty, TerminalGuard)> {
        use std::io::IsTerminal;
        if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
            return Err(io::Error::other(
                "the interactive app needs a terminal (standard input and output are not one); \
                 for output to a pipe or file use a command such as `stagecraft lessons`, \
                 `stagecraft read ID --print` or `stagecraft stats`",
            ));
        }
        catch_signals()?;
        install_panic_hook();
        terminal::enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        // From here on the guard restores whatever happens.
        let guard = TerminalGuard { _private: () };
        execute!(io::stdout(), EnterAlternateScreen, EnableClicks)?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok((terminal, guard))
    }

    /// Whether a termination signal has arrived.
    pub fn stopped(&self) -> bool {
        stop_signal().is_some()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Waits up to `timeout` for input on standard input, or less if a signal arrives. Returns
/// `true` when the terminal has gone away (closed window, dropped SSH connection): nothing
/// will ever arrive again.
///
/// crossterm's own `poll` never returns once the terminal has hung up: the descriptor stays
/// readable, every read returns nothing and crossterm retries at once (crossterm issue 793),
/// so the app would spin at full CPU for ever, deaf to SIGTERM. Asking `poll(2)` first tells a
/// hang-up apart from input, and a signal cuts the wait short so that it is seen at once.
pub fn hung_up(timeout: Duration) -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = rustix::stdio::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = Timespec {
        tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(timeout.subsec_nanos()),
    };
    match poll(&mut fds, Some(&timeout)) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(rustix::io::Errno::INTR) => false,
        Err(_) => true,
    }
}

/// Leaves the alternate screen, disables raw mode and mouse capture, shows the cursor.
/// Safe to call more than once: only the first call after [`TerminalGuard::enter`] acts.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(io::stdout(), DisableClicks, LeaveAlternateScreen, Show);
    let _ = terminal::disable_raw_mode();
}

/// Set when the terminal was handed to another program and taken back, so the next frame
/// must be drawn in full: the screen no longer shows what the last frame left.
static REDRAW: AtomicBool = AtomicBool::new(false);

/// The terminal lent to a child program, such as the learner's editor: the app's mode is
/// left when this is made and entered again when it is dropped (even on a panic or an early
/// return). Outside the app (in tests, or before [`TerminalGuard::enter`]) both do nothing.
#[must_use = "the terminal comes back when this is dropped"]
pub struct Suspended {
    was_active: bool,
    interrupted_before: bool,
}

/// Leaves raw mode, the alternate screen and mouse capture so that a child program can use
/// the terminal; see [`Suspended`]. A Ctrl-C typed meanwhile goes to the child (the shell
/// sends it to the whole foreground group) and does not end the app.
pub fn suspend() -> Suspended {
    let was_active = ACTIVE.load(Ordering::SeqCst);
    let interrupted_before = INTERRUPT.load(Ordering::SeqCst);
    restore();
    Suspended {
        was_active,
        interrupted_before,
    }
}

impl Drop for Suspended {
    fn drop(&mut self) {
        if !self.interrupted_before {
            INTERRUPT.store(false, Ordering::SeqCst);
        }
        if !self.was_active || ACTIVE.load(Ordering::SeqCst) {
            return;
        }
        if terminal::enable_raw_mode().is_ok() {
            ACTIVE.store(true, Ordering::SeqCst);
            let _ = execute!(io::stdout(), EnterAlternateScreen, EnableClicks, Hide);
        }
        REDRAW.store(true, Ordering::SeqCst);
    }
}

/// Runs `child` (which starts a program on the terminal and waits for it, such as the line-mode
/// interview's `$EDITOR`) with Ctrl-C left to that program: a SIGINT meanwhile does not end
/// this process. Before and after, SIGINT ends it as usual (killed by the signal, status 130
/// in the shell). For a command that runs in cooked mode, outside [`TerminalGuard::enter`];
/// the interactive app lends its terminal with [`suspend`] instead.
///
/// The program gets SIGINT's default action, not "ignored": only a handler is set here, and
/// a handler does not pass through `exec` (an ignored signal would).
pub fn while_a_child_has_the_terminal<T>(child: impl FnOnce() -> T) -> T {
    /// Whether a SIGINT performs its default action (ends the process).
    static ENDS_ON_INTERRUPT: AtomicBool = AtomicBool::new(true);
    /// Whether the handler is in place.
    static INSTALLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    /// Arms the default action again when dropped, also on a panic.
    struct Rearm;
    impl Drop for Rearm {
        fn drop(&mut self) {
            ENDS_ON_INTERRUPT.store(true, Ordering::SeqCst);
        }
    }
    let installed = *INSTALLED.get_or_init(|| {
        signal_hook::flag::register_conditional_default(
            signal_hook::consts::SIGINT,
            &ENDS_ON_INTERRUPT,
        )
        .is_ok()
    });
    if !installed {
        // SIGINT keeps its plain default: the child runs as before.
        return child();
    }
    ENDS_ON_INTERRUPT.store(false, Ordering::SeqCst);
    let _rearm = Rearm;
    child()
}

/// Hands the terminal back to the shell (Ctrl-Z): the app's mode is left, the process stops
/// with SIGTSTP, and when the shell continues it (`fg`) the mode is entered again and the next
/// frame is drawn in full. Outside the app (tests) it does nothing.
pub fn suspend_to_shell() {
    if !ACTIVE.load(Ordering::SeqCst) {
        return;
    }
    let lent = suspend();
    // The default action of SIGTSTP stops the process; it returns here on SIGCONT.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    drop(lent);
}

/// Mouse reporting for clicks and the wheel only (modes 1000 and 1006). crossterm's
/// `EnableMouseCapture` also asks for every motion (1003), which makes most terminals refuse
/// to select text with the mouse.
#[derive(Debug, Clone, Copy)]
pub struct EnableClicks;

/// Turns off what [`EnableClicks`] turned on.
#[derive(Debug, Clone, Copy)]
pub struct DisableClicks;

/// What [`EnableClicks`] writes.
pub const ENABLE_CLICKS: &str = "\x1b[?1000h\x1b[?1006h";
/// What [`DisableClicks`] writes.
pub const DISABLE_CLICKS: &str = "\x1b[?1006l\x1b[?1000l";

impl ratatui::crossterm::Command for EnableClicks {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str(ENABLE_CLICKS)
    }
}

impl ratatui::crossterm::Command for DisableClicks {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str(DISABLE_CLICKS)
    }
}

/// Whether the whole screen must be redrawn (the terminal was lent out since the last call).
pub fn take_redraw_request() -> bool {
    REDRAW.swap(false, Ordering::SeqCst)
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both tests lend the terminal, which touches the interrupt flag: one at a time.
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn lending_the_terminal_outside_the_app_does_nothing() {
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let lent = suspend();
        assert!(!ACTIVE.load(Ordering::SeqCst));
        drop(lent);
        assert!(
            !ACTIVE.load(Ordering::SeqCst),
            "not entered when it was not active"
        );
        assert!(!take_redraw_request());
    }

    /// Raises `signal` in this process (whose handlers set the flags) and waits until the
    /// handler has run.
    fn raise(signal: i32) {
        signal_hook::low_level::raise(signal).expect("raise");
    }

    #[test]
    fn ctrl_c_while_the_editor_has_the_terminal_does_not_stop_the_app() {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        catch_signals().expect("handlers");
        INTERRUPT.store(false, Ordering::SeqCst);
        TERMINATION.store(0, Ordering::SeqCst);

        let lent = suspend();
        raise(SIGINT);
        drop(lent);
        assert_eq!(stop_signal(), None, "the editor's Ctrl-C is forgotten");

        raise(SIGINT);
        assert_eq!(stop_signal(), Some(SIGINT), "the app's own Ctrl-C stops it");
        INTERRUPT.store(false, Ordering::SeqCst);

        let lent = suspend();
        raise(SIGTERM);
        drop(lent);
        assert_eq!(stop_signal(), Some(SIGTERM), "SIGTERM is kept");
        assert_eq!(exit_status_after(SIGTERM), 143);
        TERMINATION.store(0, Ordering::SeqCst);
    }

    #[test]
    fn sigquit_stops_the_app_as_sigterm_does() {
        use signal_hook::consts::SIGQUIT;
        let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        catch_signals().expect("handlers");
        INTERRUPT.store(false, Ordering::SeqCst);
        TERMINATION.store(0, Ordering::SeqCst);
        // Without a handler this would end the test process with a core dump.
        raise(SIGQUIT);
        assert_eq!(stop_signal(), Some(SIGQUIT));
        assert_eq!(exit_status_after(SIGQUIT), 131);
        TERMINATION.store(0, Ordering::SeqCst);
    }

    #[test]
    fn the_mouse_reports_clicks_and_the_wheel_but_not_motion() {
        use ratatui::crossterm::Command;
        let mut on = String::new();
        EnableClicks.write_ansi(&mut on).expect("write");
        assert!(on.contains("?1000h") && on.contains("?1006h"), "{on:?}");
        assert!(!on.contains("1003") && !on.contains("1002"), "{on:?}");
        let mut off = String::new();
        DisableClicks.write_ansi(&mut off).expect("write");
        assert!(off.contains("?1000l"), "{off:?}");
    }
}
