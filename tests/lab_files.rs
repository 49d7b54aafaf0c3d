//! A lab's Dockerfile replaced by something that is not a regular file (a named pipe, a link
//! to a device): the lab screen never blocks on it, and says what is wrong in full.

use std::fs;
use std::path::Path;

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stagecraft::cli::Cli;
use stagecraft::content::{ContentSet, PackSource};
use stagecraft::tui::home::HomeScreen;
use stagecraft::tui::lab::LabScreen;
use stagecraft::tui::{app::App, context_for};

const PACK: &str = "tests/fixtures/packs/classroom";

fn app_in(data_dir: &Path) -> App {
    let cli = Cli::parse_from([
        "stagecraft".to_owned(),
        "--color".to_owned(),
        "never".to_owned(),
        "--data-dir".to_owned(),
        data_dir.display().to_string(),
    ]);
    let content = ContentSet::load(&[PackSource::Dir(PACK.into())]);
    let ctx = context_for(content, &cli).expect("context");
    let home = Box::new(HomeScreen::new(&ctx));
    App::new(ctx, home)
}

/// The screen's text as one line, without TestBackend's quotes and padding.
fn flat(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| app.draw(frame)).expect("draw");
    terminal
        .backend()
        .to_string()
        .lines()
        .map(|l| l.trim_matches('"').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_fifo_or_a_device_in_place_of_the_dockerfile_is_reported_in_full() {
    let data = tempfile::tempdir().expect("data");
    let work = tempfile::tempdir().expect("work");
    let mut app = app_in(data.path());
    let lab = LabScreen::open(app.context(), "lab-demo", work.path()).expect("open");
    app.push(Box::new(lab));
    let file = work.path().join("Dockerfile");

    // A named pipe: opening it for reading would wait for a writer for ever.
    fs::remove_file(&file).expect("remove");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &file,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .expect("mkfifo");
    app.tick();
    app.tick();
    let shown = flat(&mut app, 80, 24);
    assert!(
        shown.contains("is a named pipe (FIFO), not a regular file"),
        "{shown}"
    );
    assert!(
        shown.contains("to start from the lab's own Dockerfile"),
        "the whole message, wrapped: {shown}"
    );

    // A link to /dev/zero: a device, not "0 bytes".
    fs::remove_file(&file).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", &file).expect("symlink");
    app.tick();
    app.tick();
    let shown = flat(&mut app, 80, 24);
    assert!(shown.contains("is a character device"), "{shown}");
    assert!(!shown.contains("0 bytes"), "{shown}");
}

#[test]
fn opening_a_lab_whose_file_is_a_fifo_fails_at_once() {
    let data = tempfile::tempdir().expect("data");
    let work = tempfile::tempdir().expect("work");
    let app = app_in(data.path());
    let file = work.path().join("Dockerfile");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &file,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .expect("mkfifo");
    let error = match LabScreen::open(app.context(), "lab-demo", work.path()) {
        Ok(_) => panic!("a FIFO was opened as a lab file"),
        Err(error) => error.to_string(),
    };
    assert!(error.contains("named pipe"), "{error}");
}
