//! `stagecraft optimize [--dry-run]`: fit the FSRS parameters to the profile's review log,
//! compare them with the default and the current ones, and adopt them when they are better.

use std::io::Write;

use crate::srs::optimize::{Decision, OptimizeReport, Score, optimize};
use crate::store::Store;

use super::CommandError;

/// What the command did with the fitted parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// They were stored in the profile and are used from the next answer on.
    Adopted,
    /// They would have been adopted, but `--dry-run` was given.
    WouldAdopt,
    /// The current parameters stay (the report says why).
    Kept,
}

/// Fits, reports on `out`, and stores the fitted parameters unless `dry_run` or they are not
/// better.
pub fn run(store: &Store, dry_run: bool, out: &mut dyn Write) -> Result<Outcome, CommandError> {
    let config = store.scheduler_config()?;
    let log = store.review_log()?;
    let report = optimize(&log, &config.parameters)?;
    let outcome = match (&report.decision, dry_run) {
        (Decision::Adopt, true) => Outcome::WouldAdopt,
        (Decision::Adopt, false) => Outcome::Adopted,
        (Decision::Keep(_), _) => Outcome::Kept,
    };
    if outcome == Outcome::Adopted
        && let Some((parameters, _)) = &report.fitted
    {
        adopt(store, parameters)?;
    }
    let text = render(&report, !config.parameters.is_empty(), outcome);
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| CommandError::Write {
            target: "standard output".to_owned(),
            source,
        })?;
    Ok(outcome)
}

/// Stores fitted `parameters` in the profile (recorded in the settings history) and returns
/// the settings now in force. The other settings are read again just before writing, so that
/// one changed meanwhile is kept.
pub fn adopt(
    store: &Store,
    parameters: &[f32],
) -> Result<crate::srs::SchedulerConfig, CommandError> {
    let mut latest = store.scheduler_config()?;
    latest.parameters = parameters.to_vec();
    store.set_scheduler_config(&latest)?;
    Ok(latest)
}

/// The report as text.
pub fn render(report: &OptimizeReport, custom_current: bool, outcome: Outcome) -> String {
    let mut text = format!(
        "Review log: {} answers, {} scored (answers a day or more after an earlier answer to the same card).\n",
        report.answers, report.items
    );
    let row = |name: &str, score: &Score| {
        format!("  {name:<10} {:>9.4} {:>9.4}\n", score.log_loss, score.rmse)
    };
    if let Some(default) = &report.default {
        text.push_str(&format!(
            "  {:<10} {:>9} {:>9}\n",
            "parameters", "log loss", "RMSE"
        ));
        text.push_str(&row("default", default));
        if custom_current && let Some(current) = &report.current {
            text.push_str(&row("current", current));
        }
        if let Some((_, fitted)) = &report.fitted {
            text.push_str(&row("fitted", fitted));
        }
        text.push_str("  (lower is better for both, measured on this log)\n");
    }
    match (&report.decision, outcome) {
        (Decision::Keep(reason), _) => {
            text.push_str(&format!("Kept the current parameters: {reason}.\n"));
        }
        (Decision::Adopt, Outcome::WouldAdopt) => {
            text.push_str("The fitted parameters are better; --dry-run: nothing was changed.\n");
        }
        (Decision::Adopt, _) => {
            text.push_str(
                "Adopted the fitted parameters: they schedule every answer from now on.\n",
            );
        }
    }
    if let Some((parameters, _)) = &report.fitted {
        let list: Vec<String> = parameters.iter().map(|p| format!("{p:.4}")).collect();
        text.push_str(&format!("Fitted parameters: {}\n", list.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::synthetic::{LearnerSpec, simulate_learner};
    use crate::srs::{Scheduler, SchedulerConfig};

    /// A store whose log is a simulated learner's, answered through the real scheduler so
    /// every row is a genuine answer.
    fn store_with_learner(dir: &std::path::Path, cards: usize) -> Store {
        let store = Store::open(dir, "default").unwrap();
        let mut parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
        parameters[2] = 1.0;
        parameters[8] = 1.2;
        let log = simulate_learner(&LearnerSpec {
            parameters,
            cards,
            introduce_over_days: 100,
            horizon_days: 200,
            seed: 9,
        })
        .unwrap();
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        for record in log {
            let state = store
                .card_state(&record.card_id)
                .unwrap()
                .unwrap_or_default();
            let answer = scheduler
                .answer(&record.card_id, &state, record.rating, record.reviewed_at)
                .unwrap();
            store.record_answer(&answer, 1000, false).unwrap();
        }
        store
    }

    #[test]
    fn adopts_better_parameters_and_dry_run_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_learner(dir.path(), 150);
        let mut out = Vec::new();
        assert_eq!(run(&store, true, &mut out).unwrap(), Outcome::WouldAdopt);
        assert!(store.scheduler_config().unwrap().parameters.is_empty());
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("default") && text.contains("fitted"),
            "{text}"
        );
        assert!(text.contains("--dry-run"), "{text}");

        let mut out = Vec::new();
        assert_eq!(run(&store, false, &mut out).unwrap(), Outcome::Adopted);
        let stored = store.scheduler_config().unwrap().parameters;
        assert_eq!(stored.len(), 21);
        assert!(Scheduler::new(store.scheduler_config().unwrap()).is_ok());
        // Once adopted, a second run finds nothing better than the current parameters.
        let mut out = Vec::new();
        assert_eq!(run(&store, false, &mut out).unwrap(), Outcome::Kept);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("current"), "{text}");
        assert_eq!(store.scheduler_config().unwrap().parameters, stored);
    }

    #[test]
    fn a_short_log_keeps_the_defaults_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_learner(dir.path(), 5);
        let mut out = Vec::new();
        assert_eq!(run(&store, false, &mut out).unwrap(), Outcome::Kept);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("at least 400"), "{text}");
        assert!(store.scheduler_config().unwrap().parameters.is_empty());
    }
}
