//! Fitting the FSRS model parameters to a learner's own review log (`stagecraft optimize`).
//!
//! The log is turned into the `fsrs` crate's training items: for every card, its answers in
//! time order, with the gap before each answer in whole 24-hour periods (the log's
//! `elapsed_days`, the same count the scheduler uses, see [`crate::srs`]). Each answer after
//! the first that comes at least a day after an earlier one is one item (the prefix of the
//! card's history ending at it), as in the crate's own examples. Answers on the same day
//! (learning steps) stay in the history as short-term reviews. Drill answers count like any
//! other: they reschedule the card, so they are part of its memory history.
//!
//! The crate fits the 21 parameters ([`fsrs::compute_parameters`]); this module then scores
//! the default, the current and the fitted parameters on the same items with the crate's own
//! metrics ([`fsrs::FSRS::evaluate_with_card_ids`]: log loss, and the RMSE of binned
//! predicted against actual recall) and decides whether to adopt the fitted ones: only when
//! the log holds at least [`MIN_ITEMS`] items and the fitted parameters have a lower log loss
//! than the current ones without a higher RMSE.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview, ModelEvaluation,
};

use super::log::ReviewRecord;

/// Fewest training items (answers with a known gap of at least a day before them) for which
/// fitted parameters are adopted. Below it the fit follows the noise of a few answers.
pub const MIN_ITEMS: usize = 400;

/// Errors from fitting or scoring the model.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OptimizeError {
    /// The crate could not fit or score the parameters.
    #[error("the FSRS optimiser failed: {0}")]
    Fsrs(String),
    /// The parameters to compare against are not valid FSRS parameters.
    #[error("the current FSRS parameters are invalid: {0}")]
    InvalidParameters(String),
}

/// The training items of a log, with the card each item belongs to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainingSet {
    /// One item per scored answer: the card's history up to and including it.
    pub items: Vec<FSRSItem>,
    /// A number per card, aligned with `items` (the crate groups a card's prefixes by it).
    pub card_ids: Vec<i64>,
}

impl TrainingSet {
    /// Builds the training items of a review log (in any order; each card's answers are sorted
    /// by time).
    pub fn from_log(log: &[ReviewRecord]) -> TrainingSet {
        let mut by_card: HashMap<&str, Vec<&ReviewRecord>> = HashMap::new();
        for record in log {
            by_card.entry(&record.card_id).or_default().push(record);
        }
        let mut cards: Vec<(&str, Vec<&ReviewRecord>)> = by_card.into_iter().collect();
        cards.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut set = TrainingSet::default();
        for (number, (_, mut answers)) in cards.into_iter().enumerate() {
            answers.sort_by_key(|record| (record.reviewed_at, record.id));
            let mut history: Vec<FSRSReview> = Vec::with_capacity(answers.len());
            for (index, record) in answers.iter().enumerate() {
                let delta_t = if index == 0 {
                    0
                } else {
                    record.elapsed_days.unwrap_or(0)
                };
                history.push(FSRSReview {
                    rating: u32::from(record.rating.number()),
                    delta_t,
                });
                let item = FSRSItem {
                    reviews: history.clone(),
                };
                if item.long_term_review_cnt() > 0 {
                    set.items.push(item);
                    set.card_ids.push(number as i64);
                }
            }
        }
        set
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is nothing to train on.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// How well a set of parameters predicts the log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Mean binary cross-entropy of the predicted recall (lower is better).
    pub log_loss: f32,
    /// Root mean square error between predicted and actual recall over bins (lower is better).
    pub rmse: f32,
}

impl From<ModelEvaluation> for Score {
    fn from(evaluation: ModelEvaluation) -> Score {
        Score {
            log_loss: evaluation.log_loss,
            rmse: evaluation.rmse_bins,
        }
    }
}

/// Scores `parameters` (empty: the crate's defaults) on a training set.
pub fn score(parameters: &[f32], set: &TrainingSet) -> Result<Score, OptimizeError> {
    let model =
        FSRS::new(parameters).map_err(|err| OptimizeError::InvalidParameters(err.to_string()))?;
    model
        .evaluate_with_card_ids(set.items.clone(), set.card_ids.clone(), |_| true)
        .map(Score::from)
        .map_err(|err| OptimizeError::Fsrs(err.to_string()))
}

/// Fits the 21 parameters to a training set.
pub fn fit(set: &TrainingSet) -> Result<Vec<f32>, OptimizeError> {
    fit_with(set, None)
}

/// Progress of a fit, shared with the thread that waits for it: how far the training is, and
/// a flag to stop it (`want_abort`: the fit then ends with [`OptimizeError::Fsrs`]).
pub type Progress = Arc<Mutex<CombinedProgressState>>;

/// [`fit`], reporting to `progress` and stopping when it asks.
pub fn fit_with(set: &TrainingSet, progress: Option<Progress>) -> Result<Vec<f32>, OptimizeError> {
    fsrs::compute_parameters(ComputeParametersInput {
        train_set: set.items.clone(),
        card_ids: Some(set.card_ids.clone()),
        progress,
        ..Default::default()
    })
    .map_err(|err| OptimizeError::Fsrs(err.to_string()))
}

/// Whether the fitted parameters replace the current ones, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Adopt the fitted parameters.
    Adopt,
    /// Keep the current parameters, for the reason given (one sentence).
    Keep(String),
}

/// The outcome of [`optimize`].
#[derive(Debug, Clone, PartialEq)]
pub struct OptimizeReport {
    /// Answers in the log.
    pub answers: usize,
    /// Training items built from them.
    pub items: usize,
    /// The default parameters' score, when there is anything to score.
    pub default: Option<Score>,
    /// The current parameters' score (equal to `default` when the defaults are in use).
    pub current: Option<Score>,
    /// The fitted parameters and their score, when a fit was made.
    pub fitted: Option<(Vec<f32>, Score)>,
    /// Whether to adopt them.
    pub decision: Decision,
}

/// Fits parameters to `log`, scores the defaults, `current` (empty: defaults) and the fit on
/// it, and decides whether to adopt the fit.
pub fn optimize(log: &[ReviewRecord], current: &[f32]) -> Result<OptimizeReport, OptimizeError> {
    optimize_with(log, current, None)
}

/// [`optimize`], reporting the fit's progress to `progress` and stopping when it asks.
pub fn optimize_with(
    log: &[ReviewRecord],
    current: &[f32],
    progress: Option<Progress>,
) -> Result<OptimizeReport, OptimizeError> {
    let set = TrainingSet::from_log(log);
    let mut report = OptimizeReport {
        answers: log.len(),
        items: set.len(),
        default: None,
        current: None,
        fitted: None,
        decision: Decision::Keep(String::new()),
    };
    if set.is_empty() {
        report.decision = Decision::Keep(
            "no answer in the log comes a day or more after an earlier answer to the same card, \
             so there is nothing to fit"
                .to_owned(),
        );
        return Ok(report);
    }
    let default = score(&[], &set)?;
    let current_score = if current.is_empty() {
        default
    } else {
        score(current, &set)?
    };
    report.default = Some(default);
    report.current = Some(current_score);
    let fitted = fit_with(&set, progress)?;
    let fitted_score = score(&fitted, &set)?;
    report.decision = decide(set.len(), current_score, fitted_score);
    report.fitted = Some((fitted, fitted_score));
    Ok(report)
}

/// The adoption rule: enough items, a lower log loss and no higher RMSE than the current
/// parameters.
pub fn decide(items: usize, current: Score, fitted: Score) -> Decision {
    if items < MIN_ITEMS {
        return Decision::Keep(format!(
            "the log holds {items} scored answers; at least {MIN_ITEMS} are needed before \
             fitted parameters are trusted"
        ));
    }
    if fitted.log_loss >= current.log_loss {
        return Decision::Keep(format!(
            "the fitted parameters do not predict the log better (log loss {:.4} against {:.4})",
            fitted.log_loss, current.log_loss
        ));
    }
    if fitted.rmse > current.rmse {
        return Decision::Keep(format!(
            "the fitted parameters are less well calibrated (RMSE {:.4} against {:.4})",
            fitted.rmse, current.rmse
        ));
    }
    Decision::Adopt
}

#[cfg(test)]
mod tests;
