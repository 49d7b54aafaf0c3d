//! A content pack that replaces a built-in lesson: the later pack wins by id, the home screen
//! and the list of content problems say so, and the built-in questions that teach from the
//! lesson stay (their links lead to the replacing lesson).

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stagecraft::cli::Cli;
use stagecraft::content::ContentSet;
use stagecraft::tui::home::HomeScreen;
use stagecraft::tui::{app::App, context_for};

/// A pack with one lesson whose id is the built-in `language-recipes`, ordered last.
fn overriding_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("lessons")).expect("lessons");
    std::fs::write(
        dir.path().join("lessons/mine.md"),
        "---\nid: language-recipes\ntitle: Our own recipes\norder: 999\nsummary: Ours.\ntags: [ours]\nminutes: 1\n---\n# Our own recipes\n\nShort.\n",
    )
    .expect("lesson");
    dir
}

#[test]
fn a_pack_replacing_a_built_in_lesson_is_announced_and_keeps_its_questions() {
    let pack = overriding_pack();
    let data = tempfile::tempdir().expect("data");
    let cli = Cli::parse_from([
        "stagecraft",
        "--color",
        "never",
        "--content",
        &pack.path().display().to_string(),
        "--data-dir",
        &data.path().display().to_string(),
    ]);
    let builtin = ContentSet::embedded();
    let content = ContentSet::load(&cli.packs());

    let lesson = content.lesson("language-recipes").expect("lesson");
    assert_eq!(lesson.title, "Our own recipes");
    let before: Vec<&str> = builtin
        .questions_for_lesson("language-recipes")
        .map(|q| q.id.as_str())
        .collect();
    let after: Vec<&str> = content
        .questions_for_lesson("language-recipes")
        .map(|q| q.id.as_str())
        .collect();
    assert!(!before.is_empty());
    assert_eq!(after, before, "no built-in question is dropped");
    assert_eq!(content.overrides.len(), 1);
    assert!(!content.has_errors(), "{:?}", content.diagnostics);

    let ctx = context_for(content, &cli).expect("context");
    let home = Box::new(HomeScreen::new(&ctx));
    let mut app = App::new(ctx, home);
    let mut terminal = Terminal::new(TestBackend::new(120, 30)).expect("terminal");
    terminal.draw(|frame| app.draw(frame)).expect("draw");
    let screen = terminal.backend().to_string();
    assert!(screen.contains("1 replaced by a later pack"), "{screen}");
}
