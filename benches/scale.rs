//! A long history: 100k cards and 1M review rows (made by `bench/scale_db.rs` through the real
//! schema, once, then reused for 12 hours). Opening the store, building the review queue,
//! today's counts, the statistics, and building the app (content, store, home screen) on it.

#[path = "../bench/scale_db.rs"]
mod scale_db;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::Utc;
use clap::Parser;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use stagecraft::cli::Cli;
use stagecraft::commands::{QuestionMeta, stats_report};
use stagecraft::srs::{DayClock, Phase};
use stagecraft::store::Store;
use stagecraft::tui::build_app;

const PROFILE: &str = "default";

/// The data folder holding the generated database, made if missing or older than 12 hours.
fn database() -> PathBuf {
    let dir = std::env::temp_dir().join("stagecraft-bench-scale");
    let file = dir.join(format!("{PROFILE}.sqlite3"));
    let fresh = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age < Duration::from_secs(12 * 3600));
    if !fresh {
        eprintln!("generating {} (about half a minute)", file.display());
        scale_db::generate(&dir, PROFILE, scale_db::FULL, Utc::now()).expect("generate");
    }
    dir
}

/// Every card of the database as a question, with a topic each (20 topics).
fn questions() -> Vec<QuestionMeta> {
    scale_db::card_ids(scale_db::FULL.cards)
        .into_iter()
        .enumerate()
        .map(|(n, id)| QuestionMeta {
            id,
            topic: format!("topic-{}", n % 20),
            front: String::new(),
            back: String::new(),
            tags: Vec::new(),
        })
        .collect()
}

fn store(c: &mut Criterion, dir: &Path) {
    c.bench_function("open_store_100k_cards_1m_reviews", |b| {
        b.iter(|| black_box(Store::open(dir, PROFILE).expect("store")))
    });
    let store = Store::open(dir, PROFILE).expect("store");
    // A write waits for the background integrity check, so that it does not run during the
    // measurements below.
    store.set_setting("bench", "scale").expect("write");
    let mut config = store.scheduler_config().expect("config");
    let clock = DayClock::local(config.rollover_hour);
    let now = Utc::now();
    // Room for 20 more new cards today, so that the queue has to find them.
    let done = store.done_today(now, &clock).expect("done");
    config.new_per_day = done.new_cards + 20;
    config.reviews_per_day = config.reviews_per_day.max(done.reviews + 2000);
    let all: Vec<String> = questions().into_iter().map(|q| q.id).collect();
    let embedded = stagecraft::content::ContentSet::embedded();
    let home: Vec<String> = embedded.questions.iter().map(|q| q.id.clone()).collect();
    let queue = store.due_queue(&all, now, &clock, &config).expect("queue");
    eprintln!(
        "queue: {} cards now ({} due in review over the limit)",
        queue.entries.len(),
        queue.reviews_over_limit
    );
    c.bench_function("due_queue_100k_questions", |b| {
        b.iter(|| black_box(store.due_queue(&all, now, &clock, &config).expect("queue")))
    });
    // The slowest shape: every question studied but the last few, so that finding today's new
    // questions means looking past all the others.
    let states = store.card_states().expect("cards");
    let mut studied: Vec<String> = all
        .iter()
        .filter(|id| states.get(*id).is_some_and(|s| s.phase != Phase::New))
        .cloned()
        .collect();
    studied.extend((0..20).map(|n| format!("unstudied-{n}")));
    c.bench_function("due_queue_100k_questions_all_studied_but_20", |b| {
        b.iter(|| {
            black_box(
                store
                    .due_queue(&studied, now, &clock, &config)
                    .expect("queue"),
            )
        })
    });
    c.bench_function("due_queue_embedded_questions_100k_cards", |b| {
        b.iter(|| black_box(store.due_queue(&home, now, &clock, &config).expect("queue")))
    });
    c.bench_function("done_today_1m_reviews", |b| {
        b.iter(|| black_box(store.done_today(now, &clock).expect("done")))
    });
    let metas = questions();
    let mut group = c.benchmark_group("slow");
    group.sample_size(10);
    group.bench_function("stats_100k_cards_1m_reviews", |b| {
        b.iter(|| black_box(stats_report(&store, &metas, now, clock).expect("stats")))
    });
    group.finish();
}

fn start(c: &mut Criterion, dir: &Path) {
    let cli = Cli::parse_from([
        "stagecraft",
        "--color",
        "always",
        "--data-dir",
        &dir.display().to_string(),
    ]);
    c.bench_function("build_app_100k_cards_1m_reviews", |b| {
        b.iter(|| black_box(build_app(&cli).expect("app").depth()))
    });
    // Screens read what they show when they open, never while drawing: a frame of a topic
    // costs the same with 100k stored cards as with none.
    let mut app = build_app(&cli).expect("app");
    for code in [KeyCode::Tab, KeyCode::Enter] {
        app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    assert!(
        app.current_title().starts_with("Topic"),
        "{}",
        app.current_title()
    );
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    terminal.draw(|f| app.draw(f)).expect("draw");
    c.bench_function("frame_200x60_topic_100k_cards", |b| {
        b.iter(|| terminal.draw(|f| app.draw(black_box(f))).map(|_| ()))
    });
}

fn scale(c: &mut Criterion) {
    let dir = database();
    store(c, &dir);
    start(c, &dir);
}

criterion_group!(benches, scale);
criterion_main!(benches);
