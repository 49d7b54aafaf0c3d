//! The report's figures that come from the cards: counts per state, the due forecast and each
//! topic's cards. [`CardTally`] takes the cards one at a time, in any order, so that the store
//! can stream a hundred thousand rows into it without building a map of them first;
//! [`AnswerTally`] does the same with the log's per-card totals, possibly on another thread.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{CardTotals, FORECAST_DAYS, StateCounts, TopicMastery, count32};
use crate::srs::card::{CardState, Maturity, Phase};
use crate::srs::day::{Day, DayClock, DaySlots};
use crate::srs::scheduler::Scheduler;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Scale of the fixed-point sum of retrievabilities: 2^64 per unit. Each value is cut to this
/// grid before it is added, so the sum is exact and does not depend on the order of the cards.
const RECALL_SCALE: f64 = 18_446_744_073_709_551_616.0;

/// What the cards contribute to the report.
#[derive(Debug, Clone, PartialEq)]
pub struct CardFigures {
    /// Cards per state.
    pub counts: StateCounts,
    /// Cards coming due on each of the next [`FORECAST_DAYS`] days, today (with the overdue
    /// cards) first.
    pub due: Vec<u32>,
    /// Topics by name, in name order; empty without topics.
    pub topics: Vec<TopicMastery>,
}

/// A topic's running sums.
#[derive(Debug, Clone, Default)]
struct TopicSums {
    cards: TopicMastery,
    /// Retrievabilities in units of 2^-64.
    recall: u128,
}

/// The content's questions and their topics, indexed for [`CardTally`] and [`AnswerTally`].
/// With topics, the report covers exactly these questions (a question without a stored card
/// counts as a new card; a stored card that is not a question is left out); without any, it
/// covers the stored cards.
///
/// The questions are kept sorted by id, and the store gives cards and totals in id order too,
/// so finding each card's question is a step forward in this list rather than a hash look-up
/// (which, over a hundred thousand cards, costs more than reading them).
#[derive(Debug)]
pub struct QuestionTopics<'a> {
    /// Each question once, sorted by id (byte order, as SQLite's), with its topic as an index
    /// into `names`.
    questions: Vec<(&'a str, usize)>,
    /// Topic names.
    names: Vec<&'a str>,
}

impl<'a> QuestionTopics<'a> {
    /// Indexes each question with its topic (a later pair for the same question replaces an
    /// earlier one).
    pub fn new(topics: impl IntoIterator<Item = (&'a str, &'a str)>) -> QuestionTopics<'a> {
        let topics = topics.into_iter();
        let mut questions = Vec::with_capacity(topics.size_hint().0);
        let mut topic_index: FastMap<&str, usize> = FastMap::default();
        let mut names = Vec::new();
        for (question, topic) in topics {
            let topic = *topic_index.entry(topic).or_insert_with(|| {
                names.push(topic);
                names.len() - 1
            });
            questions.push((question, topic));
        }
        // A stable sort keeps a question's pairs in their order; the last one stays.
        questions.sort_by(|a, b| a.0.cmp(b.0));
        questions.reverse();
        questions.dedup_by(|later, earlier| later.0 == earlier.0);
        questions.reverse();
        QuestionTopics { questions, names }
    }

    /// Whether there are no questions (the report then covers the stored cards).
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// The position of question `id`, searched from `cursor` (the position after the last
    /// one found): a few steps forward when ids come in order, a binary search when not.
    fn find(&self, cursor: &mut usize, id: &str) -> Option<usize> {
        let went_back = cursor
            .checked_sub(1)
            .and_then(|previous| self.questions.get(previous))
            .is_some_and(|(previous, _)| *previous >= id);
        if went_back {
            *cursor = self
                .questions
                .partition_point(|(question, _)| *question < id);
        }
        while self
            .questions
            .get(*cursor)
            .is_some_and(|(question, _)| *question < id)
        {
            *cursor += 1;
        }
        let found = self.questions.get(*cursor)?.0 == id;
        found.then(|| {
            *cursor += 1;
            *cursor - 1
        })
    }

    /// The topic of the question at `position`.
    fn topic_at(&self, position: usize) -> usize {
        self.questions[position].1
    }
}

/// Adds up the stored cards for the report: counts per state, the due forecast and each
/// topic's cards.
#[derive(Debug)]
pub struct CardTally<'a> {
    topics: &'a QuestionTopics<'a>,
    scheduler: &'a Scheduler,
    now: DateTime<Utc>,
    today: Day,
    slots: DaySlots,
    /// Where the last card's question was found.
    cursor: usize,
    /// Whether each question's stored card was added.
    seen: Vec<bool>,
    sums: Vec<TopicSums>,
    counts: StateCounts,
    due: Vec<u32>,
}

impl<'a> CardTally<'a> {
    /// An empty tally for the report at `now`.
    pub fn new(
        topics: &'a QuestionTopics<'a>,
        scheduler: &'a Scheduler,
        now: DateTime<Utc>,
        clock: DayClock,
    ) -> CardTally<'a> {
        let today = clock.day_of(now);
        let sums = topics
            .names
            .iter()
            .map(|name| TopicSums {
                cards: TopicMastery {
                    topic: (*name).to_owned(),
                    ..TopicMastery::default()
                },
                recall: 0,
            })
            .collect();
        CardTally {
            topics,
            scheduler,
            now,
            today,
            slots: DaySlots::new(clock, today, FORECAST_DAYS as usize),
            cursor: 0,
            seen: vec![false; topics.questions.len()],
            sums,
            counts: StateCounts::default(),
            due: vec![0; FORECAST_DAYS as usize],
        }
    }

    /// Adds a stored card (each card once; fastest in id order).
    pub fn add_card(&mut self, id: &str, state: &CardState) {
        if self.topics.is_empty() {
            self.count(state);
            return;
        }
        let Some(position) = self.topics.find(&mut self.cursor, id) else {
            return;
        };
        if std::mem::replace(&mut self.seen[position], true) {
            return;
        }
        self.count(state);
        let recall = self.scheduler.retrievability(state, self.now);
        self.add_to_topic(self.topics.topic_at(position), state, recall);
    }

    /// The figures, once every stored card was added, with the answers per topic.
    pub fn finish(mut self, answers: AnswerTally<'_>) -> CardFigures {
        let new_card = CardState::new();
        for position in 0..self.seen.len() {
            if !self.seen[position] {
                self.count(&new_card);
                self.add_to_topic(self.topics.topic_at(position), &new_card, 0.0);
            }
        }
        let mut topics: Vec<TopicMastery> = self
            .sums
            .into_iter()
            .zip(answers.per_topic)
            .map(|(sums, (answered, correct))| {
                let mut cards = sums.cards;
                cards.mastery = if cards.questions == 0 {
                    0.0
                } else {
                    sums.recall as f64 / RECALL_SCALE / f64::from(cards.questions)
                };
                cards.answers = answered;
                cards.correct = correct;
                cards.accuracy = (answered > 0).then(|| f64::from(correct) / f64::from(answered));
                cards
            })
            .collect();
        topics.sort_by(|a, b| a.topic.cmp(&b.topic));
        CardFigures {
            counts: self.counts,
            due: self.due,
            topics,
        }
    }

    /// Counts a card by state and, when it is due within the forecast, on its day.
    fn count(&mut self, state: &CardState) {
        count_state(&mut self.counts, state, self.today);
        if state.suspended || state.phase == Phase::New {
            return;
        }
        if let Some(slot) = state
            .due
            .and_then(|due| self.slots.slot_of_ms(due.timestamp_millis()))
        {
            self.due[slot] += 1;
        }
    }

    fn add_to_topic(&mut self, topic: usize, state: &CardState, recall: f32) {
        let sums = &mut self.sums[topic];
        let cards = &mut sums.cards;
        cards.questions += 1;
        match state.phase {
            Phase::New => cards.new += 1,
            Phase::Learning | Phase::Relearning => cards.learning += 1,
            Phase::Review => match state.maturity() {
                Some(Maturity::Mature) => cards.mature += 1,
                _ => cards.young += 1,
            },
        }
        // A retrievability is within 0..=1, so its scaled value fits; the cast cuts it to the
        // grid (and maps anything odd to 0).
        sums.recall += (f64::from(recall.clamp(0.0, 1.0)) * RECALL_SCALE) as u128;
    }
}

/// Adds up the log's per-card totals by topic: answers and those not rated Again. Apart from
/// [`CardTally`], so that the two can be read side by side.
#[derive(Debug)]
pub struct AnswerTally<'a> {
    topics: &'a QuestionTopics<'a>,
    /// Where the last card's question was found.
    cursor: usize,
    /// Answers and correct answers per topic index.
    per_topic: Vec<(u32, u32)>,
}

impl<'a> AnswerTally<'a> {
    /// An empty tally.
    pub fn new(topics: &'a QuestionTopics<'a>) -> AnswerTally<'a> {
        AnswerTally {
            topics,
            cursor: 0,
            per_topic: vec![(0, 0); topics.names.len()],
        }
    }

    /// Adds the answers logged for a card (each card once; fastest in id order).
    pub fn add(&mut self, id: &str, totals: CardTotals) {
        let Some(position) = self.topics.find(&mut self.cursor, id) else {
            return;
        };
        let (answers, correct) = &mut self.per_topic[self.topics.topic_at(position)];
        *answers = answers.saturating_add(count32(totals.answers));
        *correct = correct.saturating_add(count32(totals.passed));
    }
}

/// Counts one card in its state. Suspended and buried cards count only as such.
fn count_state(counts: &mut StateCounts, state: &CardState, today: Day) {
    counts.total += 1;
    counts.leeches += u32::from(state.leech);
    if state.suspended {
        counts.suspended += 1;
        return;
    }
    if state.is_buried(today) {
        counts.buried += 1;
        return;
    }
    match state.phase {
        Phase::New => counts.new += 1,
        Phase::Learning => counts.learning += 1,
        Phase::Relearning => counts.relearning += 1,
        Phase::Review => match state.maturity() {
            Some(Maturity::Mature) => counts.mature += 1,
            _ => counts.young += 1,
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use chrono::{Duration, FixedOffset};

    use super::*;
    use crate::srs::card::Memory;
    use crate::srs::config::SchedulerConfig;
    use crate::srs::test_time::at;

    /// A small deterministic generator (the same cards on every run).
    struct Dice(u64);

    impl Dice {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % below
        }
    }

    fn card(dice: &mut Dice, now: DateTime<Utc>) -> CardState {
        let phase = [
            Phase::New,
            Phase::Learning,
            Phase::Review,
            Phase::Relearning,
        ][dice.next(4) as usize];
        if phase == Phase::New {
            return CardState {
                suspended: dice.next(10) == 0,
                ..CardState::new()
            };
        }
        let last = now - Duration::minutes(dice.next(200 * 1440) as i64);
        let due = last + Duration::minutes(dice.next(60 * 1440) as i64 + 1);
        CardState {
            phase,
            memory: Some(Memory {
                stability: 0.1 + dice.next(5000) as f32 / 37.0,
                difficulty: 1.0 + dice.next(9) as f32,
            }),
            due: Some(due),
            last_review: Some(last),
            reps: 1 + dice.next(20) as u32,
            suspended: dice.next(25) == 0,
            buried_on: (dice.next(20) == 0).then(|| DayClock::utc(4).day_of(now)),
            leech: dice.next(30) == 0,
            ..CardState::new()
        }
    }

    /// The figures worked out card by card, one time-zone look-up and one floating-point
    /// addition each, as the report did before the tally.
    fn reference(
        scheduler: &Scheduler,
        cards: &HashMap<String, CardState>,
        topics: &HashMap<String, String>,
        answers: &BTreeMap<String, CardTotals>,
        now: DateTime<Utc>,
        clock: DayClock,
    ) -> CardFigures {
        let today = clock.day_of(now);
        let new_card = CardState::new();
        let universe: Vec<&String> = if topics.is_empty() {
            cards.keys().collect()
        } else {
            topics.keys().collect()
        };
        let mut counts = StateCounts::default();
        let mut due = vec![0; FORECAST_DAYS as usize];
        let mut by_topic: BTreeMap<&str, (TopicMastery, f64)> = BTreeMap::new();
        for id in universe {
            let state = cards.get(id).unwrap_or(&new_card);
            count_state(&mut counts, state, today);
            if !state.suspended && state.phase != Phase::New {
                let offset = clock.day_of(state.due.unwrap()).days_since(today).max(0);
                if let Some(slot) = due.get_mut(offset as usize) {
                    *slot += 1;
                }
            }
            let Some(topic) = topics.get(id) else {
                continue;
            };
            let (entry, recall) = by_topic.entry(topic).or_insert_with(|| {
                let cards = TopicMastery {
                    topic: topic.clone(),
                    ..TopicMastery::default()
                };
                (cards, 0.0)
            });
            entry.questions += 1;
            match (state.phase, state.maturity()) {
                (Phase::New, _) => entry.new += 1,
                (Phase::Learning | Phase::Relearning, _) => entry.learning += 1,
                (Phase::Review, Some(Maturity::Mature)) => entry.mature += 1,
                (Phase::Review, _) => entry.young += 1,
            }
            *recall += f64::from(scheduler.retrievability(state, now));
        }
        for (id, totals) in answers {
            if let Some(topic) = topics.get(id) {
                let (entry, _) = by_topic.get_mut(topic.as_str()).unwrap();
                entry.answers += count32(totals.answers);
                entry.correct += count32(totals.passed);
            }
        }
        CardFigures {
            counts,
            due,
            topics: by_topic
                .into_values()
                .map(|(mut cards, recall)| {
                    cards.mastery = recall / f64::from(cards.questions);
                    cards.accuracy = (cards.answers > 0)
                        .then(|| f64::from(cards.correct) / f64::from(cards.answers));
                    cards
                })
                .collect(),
        }
    }

    #[test]
    fn the_tally_agrees_with_the_card_by_card_figures() {
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        let now = at("2024-03-09T22:30:00Z");
        let mut dice = Dice(7);
        // Stored cards: most are questions, some are not (an old pack's); some questions have
        // no card yet.
        let mut cards: HashMap<String, CardState> = HashMap::new();
        for n in 0..3000 {
            cards.insert(format!("q{n}"), card(&mut dice, now));
        }
        for n in 0..200 {
            cards.insert(format!("gone{n}"), card(&mut dice, now));
        }
        let mut answers: BTreeMap<String, CardTotals> = BTreeMap::new();
        for id in cards.keys() {
            if dice.next(3) != 0 {
                let answered = 1 + dice.next(30);
                let passed = dice.next(answered + 1);
                let totals = CardTotals {
                    answers: answered,
                    passed,
                };
                answers.insert(id.clone(), totals);
            }
        }
        let topics: HashMap<String, String> = (0..3400)
            .map(|n| (format!("q{n}"), format!("topic-{}", n % 7)))
            .collect();
        let offset = |seconds| FixedOffset::east_opt(seconds).unwrap();
        for clock in [
            DayClock::utc(4),
            DayClock::fixed(offset(-(3 * 3600 + 30 * 60)), 23),
            DayClock::fixed(offset(12 * 3600 + 45 * 60), 0),
            DayClock::local(4),
        ] {
            for topics in [&topics, &HashMap::new()] {
                let expected = reference(&scheduler, &cards, topics, &answers, now, clock);
                let index =
                    QuestionTopics::new(topics.iter().map(|(q, t)| (q.as_str(), t.as_str())));
                let mut tally = CardTally::new(&index, &scheduler, now, clock);
                for (id, state) in &cards {
                    tally.add_card(id, state);
                }
                let mut answered = AnswerTally::new(&index);
                for (id, totals) in &answers {
                    answered.add(id, *totals);
                }
                let figures = tally.finish(answered);
                assert_eq!(figures.counts, expected.counts, "{clock:?}");
                assert_eq!(figures.due, expected.due, "{clock:?}");
                assert!(figures.due.iter().sum::<u32>() > 100);
                assert_eq!(figures.topics.len(), expected.topics.len());
                for (got, want) in figures.topics.iter().zip(&expected.topics) {
                    let close = (got.mastery - want.mastery).abs() < 1e-9;
                    assert!(close, "{} against {}", got.mastery, want.mastery);
                    let exact = TopicMastery {
                        mastery: want.mastery,
                        ..got.clone()
                    };
                    assert_eq!(&exact, want);
                }
            }
        }
    }

    #[test]
    fn the_mastery_sum_does_not_depend_on_the_order_of_the_cards() {
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        let now = at("2024-03-09T22:30:00Z");
        let mut dice = Dice(11);
        let cards: Vec<(String, CardState)> = (0..500)
            .map(|n| (format!("q{n}"), card(&mut dice, now)))
            .collect();
        let topics: Vec<(&str, &str)> = cards.iter().map(|(id, _)| (id.as_str(), "t")).collect();
        let index = QuestionTopics::new(topics);
        let tally = |order: &mut dyn Iterator<Item = &(String, CardState)>| {
            let mut tally = CardTally::new(&index, &scheduler, now, DayClock::utc(4));
            for (id, state) in order {
                tally.add_card(id, state);
            }
            tally.finish(AnswerTally::new(&index)).topics[0].mastery
        };
        let forwards = tally(&mut cards.iter());
        let backwards = tally(&mut cards.iter().rev());
        assert!(forwards > 0.0);
        assert_eq!(forwards.to_bits(), backwards.to_bits());
    }

    #[test]
    fn a_question_listed_twice_counts_once_in_its_last_topic() {
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        let now = at("2024-03-09T22:30:00Z");
        let index = QuestionTopics::new([("q1", "a"), ("q2", "a"), ("q1", "b")]);
        let tally = CardTally::new(&index, &scheduler, now, DayClock::utc(4));
        let mut answers = AnswerTally::new(&index);
        let totals = CardTotals {
            answers: 3,
            passed: 2,
        };
        answers.add("q1", totals);
        let figures = tally.finish(answers);
        assert_eq!(figures.counts.total, 2);
        assert_eq!(figures.counts.new, 2);
        let per_topic: Vec<(&str, u32, u32)> = figures
            .topics
            .iter()
            .map(|t| (t.topic.as_str(), t.questions, t.answers))
            .collect();
        assert_eq!(per_topic, [("a", 1, 0), ("b", 1, 3)]);
    }
}
