//! `stagecraft study --topic T | --missed-today | --leeches`: custom study outside the
//! schedule. The cards are chosen by [`crate::srs::custom_study`] from the store; the session
//! itself is the review screen in its custom-study mode, which saves nothing. With `--list`
//! the chosen cards are printed instead.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::CommandError;
use crate::content::ContentSet;
use crate::sanitize::inert_line;
use crate::srs::custom_study::{CustomStudy, StudyPool};
use crate::srs::{DayClock, DrillCandidate, Scheduler};
use crate::store::Store;

/// The kind of custom study asked for on the command line: exactly one of these.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
#[group(required = true, multiple = false)]
pub struct StudyKindArgs {
    /// The cards of this topic (suspended and buried ones left out; new ones stay new).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// The cards answered wrong (rated Again) since today's study day began at the rollover
    /// hour.
    #[arg(long)]
    pub missed_today: bool,
    /// The cards tagged as leeches, suspended ones included.
    #[arg(long)]
    pub leeches: bool,
}

impl StudyKindArgs {
    /// The kind asked for.
    pub fn kind(&self) -> CustomStudy {
        match (&self.topic, self.missed_today) {
            (Some(topic), _) => CustomStudy::Topic(topic.clone()),
            (None, true) => CustomStudy::MissedToday,
            (None, false) => CustomStudy::Leeches,
        }
    }
}

/// The cards of each of `kinds`, in the order a custom study asks them, read from `store`
/// for the questions of `content` at `now`.
pub fn study_sets(
    content: &ContentSet,
    store: &Store,
    scheduler: &Scheduler,
    clock: DayClock,
    now: DateTime<Utc>,
    kinds: &[CustomStudy],
) -> Result<Vec<Vec<String>>, CommandError> {
    let questions = content.scheduled_questions();
    let candidates: Vec<DrillCandidate<'_>> = questions
        .iter()
        .map(|q| DrillCandidate {
            id: &q.id,
            topic: &q.topic,
        })
        .collect();
    let ids: Vec<&str> = candidates.iter().map(|c| c.id).collect();
    let states = store.card_states_of(&ids)?;
    let log = if kinds.contains(&CustomStudy::MissedToday) {
        let (start, end) = clock.bounds(clock.day_of(now));
        store.review_log_between(start, end)?
    } else {
        Vec::new()
    };
    let pool = StudyPool {
        candidates: &candidates,
        states: &states,
        log: &log,
        scheduler,
        clock,
        now,
    };
    Ok(kinds.iter().map(|kind| pool.cards(kind)).collect())
}

/// The cards of one kind of custom study.
pub fn study_cards(
    content: &ContentSet,
    store: &Store,
    scheduler: &Scheduler,
    clock: DayClock,
    now: DateTime<Utc>,
    kind: &CustomStudy,
) -> Result<Vec<String>, CommandError> {
    Ok(study_sets(
        content,
        store,
        scheduler,
        clock,
        now,
        std::slice::from_ref(kind),
    )?
    .pop()
    .unwrap_or_default())
}

/// The topic of `content` named `topic` (ignoring case), or an error listing the topics.
pub fn known_topic(content: &ContentSet, topic: &str) -> Result<String, String> {
    let topics = content.topics();
    topics
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(topic))
        .map(|t| t.name.clone())
        .ok_or_else(|| {
            let names: Vec<String> = topics.iter().map(|t| inert_line(&t.name)).collect();
            format!(
                "no topic `{}`; topics are: {}",
                inert_line(topic),
                names.join(", ")
            )
        })
}

/// Why custom study of `kind` has no card, as a sentence: a topic whose questions are all
/// labs (the lab screen checks them; none is ever reviewed) is told apart from a topic whose
/// cards are suspended or buried.
pub fn nothing_to_study(content: &ContentSet, kind: &CustomStudy) -> String {
    match kind {
        CustomStudy::Topic(topic)
            if !content
                .scheduled_questions()
                .iter()
                .any(|q| q.topic.eq_ignore_ascii_case(topic)) =>
        {
            format!(
                "Topic {} has nothing to study: its questions are labs, which are not reviewed.",
                inert_line(topic)
            )
        }
        // The topic comes from a content pack: shown inert.
        CustomStudy::Topic(topic) => CustomStudy::Topic(inert_line(topic)).nothing(),
        other => other.nothing(),
    }
}

/// `stagecraft study ... --list`: one line per card (id and topic), then what studying them
/// would do.
pub fn run_list(
    content: &ContentSet,
    store: &Store,
    kind: &CustomStudy,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let config = store.scheduler_config()?;
    let clock = DayClock::local(config.rollover_hour);
    let scheduler = Scheduler::new(config)?;
    let cards = study_cards(content, store, &scheduler, clock, now, kind)?;
    let mut text = String::new();
    if cards.is_empty() {
        text.push_str(&nothing_to_study(content, kind));
        text.push('\n');
    } else {
        let width = cards.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        for id in &cards {
            let topic = content.question(id).map_or("-", |q| q.topic.as_str());
            text.push_str(&format!(
                "{:width$}  {}\n",
                inert_line(id),
                inert_line(topic)
            ));
        }
        text.push_str(&format!(
            "{} cards for custom study of {}: studying them saves nothing (no card is \
             rescheduled, today's new-card allowance is not used).\n",
            cards.len(),
            inert_line(&kind.label())
        ));
    }
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| CommandError::Write {
            target: "standard output".to_owned(),
            source,
        })
}
