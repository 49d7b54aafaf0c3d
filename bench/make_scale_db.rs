//! `cargo run --release --example make_scale_db -- DATA_DIR [CARDS REVIEWS]`: writes a progress
//! database of CARDS cards (default 100000) and REVIEWS review rows (default 1000000) as
//! `DATA_DIR/default.sqlite3`, answered up to now. Used by `bench/compare.sh`; the `scale`
//! benchmark makes the same database itself. See `bench/scale_db.rs`, the generator, for its shape.

#[path = "scale_db.rs"]
mod scale_db;

use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        anyhow::bail!("usage: make_scale_db DATA_DIR [CARDS REVIEWS]");
    };
    let mut shape = scale_db::FULL;
    if let Some(cards) = args.next() {
        shape.cards = cards.parse()?;
    }
    if let Some(reviews) = args.next() {
        shape.reviews = reviews.parse()?;
    }
    let started = Instant::now();
    scale_db::generate(&dir, "default", shape, chrono::Utc::now())?;
    eprintln!(
        "make_scale_db: {} cards, about {} review rows in {} ({:.1} s)",
        shape.cards,
        shape.reviews,
        dir.join("default.sqlite3").display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
