//! Time to draw one frame of each screen at 200x60, and to load the embedded content.

use std::hint::black_box;

use clap::Parser;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stagecraft::cli::Cli;
use stagecraft::content::ContentSet;
use stagecraft::tui::{app::App, build_app};

fn app_at(keys: &[KeyCode]) -> App {
    let dir = std::env::temp_dir().join("stagecraft-bench-frames");
    let cli = Cli::parse_from([
        "stagecraft",
        "--color",
        "always",
        "--data-dir",
        &dir.display().to_string(),
    ]);
    let mut app = build_app(&cli).expect("app");
    for &code in keys {
        app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    app
}

fn frames(c: &mut Criterion) {
    let screens: [(&str, &[KeyCode]); 4] = [
        ("home", &[]),
        ("lesson", &[KeyCode::Enter]),
        ("topic", &[KeyCode::Tab, KeyCode::Enter]),
        ("help", &[KeyCode::Char('?')]),
    ];
    for (name, keys) in screens {
        let mut app = app_at(keys);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        // The first frame lays out and caches; the benchmark measures the steady state.
        terminal.draw(|f| app.draw(f)).expect("draw");
        c.bench_function(&format!("frame_200x60_{name}"), |b| {
            b.iter(|| terminal.draw(|f| app.draw(black_box(f))).map(|_| ()))
        });
    }
}

fn content(c: &mut Criterion) {
    c.bench_function("load_embedded_content", |b| {
        b.iter(|| black_box(ContentSet::embedded()))
    });
}

criterion_group!(benches, frames, content);
criterion_main!(benches);
