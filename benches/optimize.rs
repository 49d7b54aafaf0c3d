//! `stagecraft optimize` on a long history: fitting the FSRS parameters to 100k answers of a
//! simulated learner (`srs::synthetic`) and scoring the default and fitted parameters on them,
//! which is all the command does besides reading the log. Then the settings screen's work on
//! a 10k-card profile with 100k answers (made by `bench/scale_db.rs`): what it does on the
//! interface's thread (reading the deck for the retention preview, reading the log before a
//! fit) and what it hands to a worker (simulating 30 days at two retentions).

#[path = "../bench/scale_db.rs"]
#[allow(dead_code)] // the 10k-card shape is used here, not the full one
mod scale_db;

use std::hint::black_box;
use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use stagecraft::commands::QuestionMeta;
use stagecraft::commands::simulate::Deck;
use stagecraft::srs::optimize::{TrainingSet, optimize};
use stagecraft::srs::synthetic::{LearnerSpec, simulate_learner};

/// Answers in the benchmarked log.
const ANSWERS: usize = 100_000;

fn log() -> Vec<stagecraft::srs::ReviewRecord> {
    let mut parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
    parameters[2] = 1.2;
    parameters[8] = 1.2;
    let mut log = simulate_learner(&LearnerSpec {
        parameters,
        cards: 9_000,
        introduce_over_days: 200,
        horizon_days: 365,
        seed: 7,
    })
    .expect("valid parameters");
    assert!(log.len() >= ANSWERS, "only {} answers", log.len());
    log.truncate(ANSWERS);
    log
}

fn bench_optimize(c: &mut Criterion) {
    let log = log();
    let mut group = c.benchmark_group("optimize");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("training set from 100k answers", |b| {
        b.iter(|| black_box(TrainingSet::from_log(black_box(&log))))
    });
    group.bench_function("fit and score 100k answers", |b| {
        b.iter(|| black_box(optimize(black_box(&log), &[]).expect("optimize")))
    });
    group.finish();
}

/// The settings screen on a profile of 10k cards and 100k answers.
fn bench_settings_screen(c: &mut Criterion) {
    let dir =
        std::env::temp_dir().join(format!("stagecraft-bench-settings-{}", std::process::id()));
    let shape = scale_db::Shape {
        cards: 10_000,
        reviews: 100_000,
    };
    scale_db::generate(&dir, "default", shape, Utc::now()).expect("generate");
    let store = stagecraft::store::Store::open(&dir, "default").expect("store");
    let questions: Vec<QuestionMeta> = scale_db::card_ids(shape.cards)
        .into_iter()
        .map(|id| QuestionMeta {
            id,
            topic: "t".to_owned(),
            front: String::new(),
            back: String::new(),
            tags: Vec::new(),
        })
        .collect();
    let deck = Deck::read(&store, &questions).expect("deck");
    let now = Utc::now();
    let mut group = c.benchmark_group("settings screen, 10k cards");
    group.sample_size(10);
    group.bench_function("read the deck (interface thread)", |b| {
        b.iter(|| black_box(Deck::read(&store, &questions).expect("deck")))
    });
    group.bench_function("simulate 30 days at two retentions (worker)", |b| {
        b.iter(|| {
            black_box(deck.workload(0.90, 30, now).expect("simulate"));
            black_box(deck.workload(0.95, 30, now).expect("simulate"))
        })
    });
    group.bench_function("read 100k answers before a fit (interface thread)", |b| {
        b.iter(|| black_box(store.review_log().expect("log")))
    });
    group.finish();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_optimize, bench_settings_screen);
criterion_main!(benches);
