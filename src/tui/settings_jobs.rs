//! Work the settings screen runs off the interface's thread: simulating a retention's workload
//! and fitting the FSRS parameters. Each job owns its input (read from the store on the
//! interface's thread, which alone writes), sends one result back, and is polled on every
//! tick; a job the screen stops waiting for is dropped and its result goes nowhere.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::{DateTime, Utc};

use crate::commands::simulate::Deck;
use crate::srs::ReviewRecord;
use crate::srs::optimize::{OptimizeReport, Progress, optimize_with};
use crate::srs::workload::Workload;

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

/// Simulates `deck` for [`PREVIEW_DAYS`] days from `now` at its current retention and at
/// `proposed`.
pub fn simulate(
    deck: Arc<Deck>,
    proposed: f32,
    now: DateTime<Utc>,
) -> Job<Result<Forecast, String>> {
    Job::spawn(move || {
        let current = deck
            .workload(deck.config.desired_retention, PREVIEW_DAYS, now)
            .map_err(|e| e.to_string())?;
        let proposed = deck
            .workload(proposed, PREVIEW_DAYS, now)
            .map_err(|e| e.to_string())?;
        Ok(Forecast { current, proposed })
    })
}

/// Fits parameters to `log` and scores them against `current` (as `stagecraft optimize`
/// does), reporting to `progress`, which can also stop it.
pub fn fit(
    log: Vec<ReviewRecord>,
    current: Vec<f32>,
    progress: Progress,
) -> Job<Result<OptimizeReport, String>> {
    Job::spawn(move || optimize_with(&log, &current, Some(progress)).map_err(|e| e.to_string()))
}
