use super::*;
use crate::srs::synthetic::{LearnerSpec, simulate_learner};
use crate::srs::{CardState, Rating};
use chrono::{DateTime, Duration, Utc};

/// A learner who forgets faster than the defaults assume: lower first stabilities, slower
/// growth of stability on success and a weaker memory after a lapse.
fn true_parameters() -> Vec<f32> {
    let mut parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
    parameters[0] = 0.1;
    parameters[1] = 0.6;
    parameters[2] = 1.2;
    parameters[3] = 4.0;
    parameters[8] = 1.2;
    parameters[11] = 1.0;
    parameters
}

fn learner(seed: u64, cards: usize) -> Vec<ReviewRecord> {
    simulate_learner(&LearnerSpec {
        parameters: true_parameters(),
        cards,
        introduce_over_days: 200,
        horizon_days: 365,
        seed,
    })
    .expect("valid parameters")
}

/// Parameter recovery is ill-posed here: the synthetic log has no same-day reviews, so the
/// short-term parameters (w17-w19) are not identified at all, and several others trade off
/// against each other (difficulty's effect against stability growth) with almost the same
/// likelihood. So the test checks what the optimiser is for: on a held-out log of the same
/// learner (another seed, about 27 000 scored answers), the fitted parameters' log loss is
/// within 0.005 nats of the true parameters' (measured: +0.0005), while the defaults are more
/// than 0.01 nats worse (measured: +0.023), so a fit that fell back to the defaults fails.
#[test]
fn fit_to_a_simulated_learner_predicts_held_out_answers_almost_as_well_as_the_truth() {
    let train = learner(1, 2000);
    let held_out = TrainingSet::from_log(&learner(2, 2000));
    let report = optimize(&train, &[]).unwrap();
    assert!(report.items >= MIN_ITEMS, "{report:?}");
    let (fitted, in_sample) = report.fitted.clone().expect("a fit");
    let truth = score(&true_parameters(), &held_out).unwrap();
    let fitted_held_out = score(&fitted, &held_out).unwrap();
    let default_held_out = score(&[], &held_out).unwrap();
    assert!(in_sample.log_loss < report.default.unwrap().log_loss);
    assert!(
        fitted_held_out.log_loss <= truth.log_loss + 0.005,
        "fitted {fitted_held_out:?} against true {truth:?}"
    );
    assert!(
        default_held_out.log_loss > fitted_held_out.log_loss + 0.01,
        "defaults {default_held_out:?} against fitted {fitted_held_out:?}"
    );
    assert_eq!(report.decision, Decision::Adopt);
}

fn record(
    id: i64,
    card: &str,
    at: DateTime<Utc>,
    rating: Rating,
    elapsed: Option<u32>,
) -> ReviewRecord {
    ReviewRecord {
        id,
        card_id: card.to_owned(),
        reviewed_at: at,
        rating,
        elapsed_days: elapsed,
        duration_ms: 0,
        drill: false,
        overridden: false,
        before: CardState::new(),
        after: CardState::new(),
    }
}

#[test]
fn items_are_per_card_prefixes_ending_after_a_day_or_more() {
    let t0 = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let log = vec![
        record(1, "a", t0, Rating::Again, None),
        record(2, "b", t0, Rating::Good, None),
        record(3, "a", t0 + Duration::minutes(1), Rating::Good, Some(0)),
        record(4, "a", t0 + Duration::days(2), Rating::Good, Some(2)),
        record(5, "b", t0 + Duration::days(3), Rating::Again, Some(3)),
        record(
            6,
            "a",
            t0 + Duration::days(2) + Duration::minutes(5),
            Rating::Hard,
            Some(0),
        ),
    ];
    let set = TrainingSet::from_log(&log);
    let reviews = |item: &FSRSItem| -> Vec<(u32, u32)> {
        item.reviews.iter().map(|r| (r.rating, r.delta_t)).collect()
    };
    let items: Vec<_> = set.items.iter().map(reviews).collect();
    assert_eq!(
        items,
        vec![
            vec![(1, 0), (3, 0), (3, 2)],
            vec![(1, 0), (3, 0), (3, 2), (2, 0)],
            vec![(3, 0), (1, 3)],
        ]
    );
    assert_eq!(set.card_ids, vec![0, 0, 1]);
}

#[test]
fn a_short_log_is_scored_but_not_adopted() {
    let report = optimize(&learner(3, 20), &[]).unwrap();
    assert!(report.items > 0 && report.items < MIN_ITEMS, "{report:?}");
    assert!(report.default.is_some());
    match report.decision {
        Decision::Keep(reason) => assert!(reason.contains("at least 400"), "{reason}"),
        Decision::Adopt => panic!("adopted a fit on {} items", report.items),
    }
}

#[test]
fn an_empty_log_says_there_is_nothing_to_fit() {
    let report = optimize(&[], &[]).unwrap();
    assert_eq!(report.items, 0);
    assert!(report.fitted.is_none());
    assert!(matches!(report.decision, Decision::Keep(reason) if reason.contains("nothing to fit")));
}

#[test]
fn the_rule_needs_lower_log_loss_and_no_worse_rmse() {
    let current = Score {
        log_loss: 0.40,
        rmse: 0.05,
    };
    let better = Score {
        log_loss: 0.38,
        rmse: 0.04,
    };
    assert_eq!(decide(MIN_ITEMS, current, better), Decision::Adopt);
    assert!(matches!(
        decide(MIN_ITEMS - 1, current, better),
        Decision::Keep(_)
    ));
    assert!(matches!(
        decide(MIN_ITEMS, current, Score { log_loss: 0.41, rmse: 0.01 }),
        Decision::Keep(r) if r.contains("log loss")
    ));
    assert!(matches!(
        decide(MIN_ITEMS, current, Score { log_loss: 0.30, rmse: 0.06 }),
        Decision::Keep(r) if r.contains("RMSE")
    ));
}
