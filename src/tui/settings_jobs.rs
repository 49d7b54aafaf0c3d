//! Work the settings screen runs off the interface's thread: simulating a retention's workload
//! and fitting the FSRS parameters. Each job reads what it needs through a connection of its
//! own to the profile's database (reading 100k answers takes a while too), never writes (the
//! interface's thread alone does), sends one result back, and is polled on every tick; a job
//! the screen stops waiting for is dropped and its result goes nowhere.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::{DateTime, Utc};

use crate::commands::QuestionMeta;
use crate::commands::simulate::Deck;
use crate::srs::optimize::{OptimizeReport, Progress, optimize_with};
use crate::srs::workload::Workload;
use crate::store::Store;

/// Days the retention preview simulates.
pub const PREVIEW_DAYS: usize = 30;

/// A result on its way from a worker thread.
pub struct Job<T> {
    result: Receiver<T>,
}

/// What polling a [`Job`] found.
pub enum Polled<T> {
    /// Still working.
    Waiting,
    /// The result.
    Done(T),
    /// The worker ended without a result (it panicked).
    Lost,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a thread of its own.
    pub fn spawn(work: impl FnOnce() -> T + Send + 'static) -> Job<T> {
        let (send, result) = channel();
        std::thread::spawn(move || {
            // The screen may have stopped waiting: then nobody wants the result.
            let _ = send.send(work());
        });
        Job { result }
    }

    /// The result if it has come.
    pub fn poll(&self) -> Polled<T> {
        match self.result.try_recv() {
            Ok(result) => Polled::Done(result),
            Err(TryRecvError::Empty) => Polled::Waiting,
            Err(TryRecvError::Disconnected) => Polled::Lost,
        }
    }
}

/// The workloads at the current and at the proposed retention.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// At the retention in force.
    pub current: Workload,
    /// At the proposed one.
    pub proposed: Workload,
}

/// The cards a simulation starts from.
pub enum DeckSource {
    /// To read from the database at `path`, for these loaded questions.
    Read {
        /// The profile's database.
        path: PathBuf,
        /// The loaded questions (those not started count as new cards).
        questions: Vec<QuestionMeta>,
    },
    /// Read already (by an earlier simulation of the same preview).
    Ready(Arc<Deck>),
}

/// Simulates the deck for [`PREVIEW_DAYS`] days from `now` at its current retention and at
/// `proposed`; returns the deck with the figures, to simulate another proposal without
/// reading it again.
pub fn simulate(
    source: DeckSource,
    proposed: f32,
    now: DateTime<Utc>,
) -> Job<Result<(Arc<Deck>, Forecast), String>> {
    Job::spawn(move || {
        let deck = match source {
            DeckSource::Ready(deck) => deck,
            DeckSource::Read { path, questions } => {
                let store = Store::open_path(&path).map_err(|e| e.to_string())?;
                Arc::new(Deck::read(&store, &questions).map_err(|e| e.to_string())?)
            }
        };
        let current = deck
            .workload(deck.config.desired_retention, PREVIEW_DAYS, now)
            .map_err(|e| e.to_string())?;
        let proposed = deck
            .workload(proposed, PREVIEW_DAYS, now)
            .map_err(|e| e.to_string())?;
        Ok((deck, Forecast { current, proposed }))
    })
}

/// Reads the review log of the database at `path`, fits parameters to it and scores them
/// against `current` (as `stagecraft optimize` does), reporting to `progress`, which can also
/// stop it.
pub fn fit(
    path: PathBuf,
    current: Vec<f32>,
    progress: Progress,
) -> Job<Result<OptimizeReport, String>> {
    Job::spawn(move || {
        let log = Store::open_path(&path)
            .and_then(|store| store.review_log())
            .map_err(|e| e.to_string())?;
        optimize_with(&log, &current, Some(progress)).map_err(|e| e.to_string())
    })
}
