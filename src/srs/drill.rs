//! Question order for interview drills: weakest topics first, and within a topic the questions
//! least likely to be recalled right now.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::card::CardState;
use super::scheduler::Scheduler;

/// A question offered to a drill: its id and topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrillCandidate<'a> {
    /// Question id.
    pub id: &'a str,
    /// Topic name.
    pub topic: &'a str,
}

/// Orders drill candidates: topics by their mean predicted recall (lowest first), then
/// questions by predicted recall (lowest first). Never-answered questions count as recall 0.
/// Suspended cards are left out. Ties keep the input order.
pub fn drill_order<'a>(
    candidates: &[DrillCandidate<'a>],
    states: &HashMap<String, CardState>,
    scheduler: &Scheduler,
    now: DateTime<Utc>,
) -> Vec<DrillCandidate<'a>> {
    let new_card = CardState::new();
    let scored: Vec<(DrillCandidate<'a>, f32)> = candidates
        .iter()
        .filter_map(|c| {
            let state = states.get(c.id).unwrap_or(&new_card);
            (!state.suspended).then(|| (*c, scheduler.retrievability(state, now)))
        })
        .collect();
    let mut topic_recall: HashMap<&str, (f32, u32)> = HashMap::new();
    for (candidate, recall) in &scored {
        let entry = topic_recall.entry(candidate.topic).or_insert((0.0, 0));
        entry.0 += recall;
        entry.1 += 1;
    }
    let topic_mean = |topic: &str| {
        topic_recall
            .get(topic)
            .map_or(0.0, |(sum, n)| sum / (*n).max(1) as f32)
    };
    let mut ordered = scored;
    ordered.sort_by(|(a, ra), (b, rb)| {
        topic_mean(a.topic)
            .total_cmp(&topic_mean(b.topic))
            .then_with(|| a.topic.cmp(b.topic))
            .then_with(|| ra.total_cmp(rb))
    });
    ordered.into_iter().map(|(c, _)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::{Rating, SchedulerConfig};
    use chrono::Duration;

    #[test]
    fn weakest_topic_and_lowest_recall_come_first() {
        let scheduler = Scheduler::new(SchedulerConfig {
            enable_fuzz: false,
            ..SchedulerConfig::default()
        })
        .unwrap();
        let t0 = DateTime::parse_from_rfc3339("2024-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let learnt = |rating, days_ago: i64| {
            scheduler
                .replay("x", &[(rating, t0 - Duration::days(days_ago))])
                .unwrap()
        };
        let states = HashMap::from([
            ("strong-fresh".to_owned(), learnt(Rating::Easy, 0)),
            ("strong-old".to_owned(), learnt(Rating::Good, 10)),
            ("weak-seen".to_owned(), learnt(Rating::Good, 1)),
            ("weak-suspended".to_owned(), CardState::new().suspended()),
        ]);
        let candidates = [
            DrillCandidate {
                id: "strong-fresh",
                topic: "caching",
            },
            DrillCandidate {
                id: "weak-seen",
                topic: "distroless",
            },
            DrillCandidate {
                id: "strong-old",
                topic: "caching",
            },
            DrillCandidate {
                id: "weak-new",
                topic: "distroless",
            },
            DrillCandidate {
                id: "weak-suspended",
                topic: "distroless",
            },
        ];
        let order: Vec<&str> = drill_order(&candidates, &states, &scheduler, t0)
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(
            order,
            ["weak-new", "weak-seen", "strong-old", "strong-fresh"]
        );
    }
}
