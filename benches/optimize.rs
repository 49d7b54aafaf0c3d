//! `stagecraft optimize` on a long history: fitting the FSRS parameters to 100k answers of a
//! simulated learner (`srs::synthetic`) and scoring the default and fitted parameters on them,
//! which is all the command does besides reading the log.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
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

criterion_group!(benches, bench_optimize);
criterion_main!(benches);
