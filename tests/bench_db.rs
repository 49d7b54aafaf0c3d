//! The generated database that the scale benchmarks measure is one the store itself could have
//! written: its short statistics log, the statistics' totals and its due queue agree with the
//! full records.

#[path = "../bench/scale_db.rs"]
#[allow(dead_code)]
mod scale_db;

use chrono::Utc;
use stagecraft::srs::stats::{LogTotals, StatsAnswer};
use stagecraft::srs::{DayClock, SchedulerConfig, build_queue};
use stagecraft::store::Store;

#[test]
fn a_small_generated_database_reads_like_a_written_one() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let shape = scale_db::Shape {
        cards: 3_000,
        reviews: 30_000,
    };
    scale_db::generate(dir.path(), "default", shape, now).unwrap();
    let store = Store::open(dir.path(), "default").unwrap();

    let full: Vec<StatsAnswer> = store
        .review_log()
        .unwrap()
        .iter()
        .map(StatsAnswer::from)
        .collect();
    assert!(full.len() >= shape.reviews);
    assert!(full.iter().any(|a| a.maturity_before.is_some()));
    assert_eq!(store.stats_answers().unwrap(), full);
    assert_eq!(store.log_totals().unwrap(), LogTotals::from_log(&full));

    let ids = scale_db::card_ids(shape.cards);
    let clock = DayClock::local(4);
    let config = SchedulerConfig {
        new_per_day: 30,
        reviews_per_day: 500,
        ..SchedulerConfig::default()
    };
    let done = store.done_today(now, &clock).unwrap();
    let expected = build_queue(
        &ids,
        &store.card_states().unwrap(),
        now,
        &clock,
        done,
        &config,
    );
    assert!(!expected.entries.is_empty());
    assert_eq!(
        store.due_queue(&ids, now, &clock, &config).unwrap(),
        expected
    );
}
