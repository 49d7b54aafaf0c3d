//! `stagecraft cards`: every card with its scheduling state, filtered and sorted, as a table or
//! JSON; and `stagecraft cards suspend|unsuspend|bury|forget|set-due ID...`, each applied to
//! all the named cards in one transaction ([`Store::update_cards`]).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{CommandError, QuestionMeta};
use crate::srs::{CardState, DayClock, Phase, Scheduler};
use crate::store::{CardChange, Store};

/// Which cards to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Filter {
    /// Started cards due by the end of today's study day (and neither suspended nor buried).
    Due,
    /// Suspended cards.
    Suspended,
    /// Cards tagged as leeches.
    Leeches,
}

/// The column to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// Question id.
    Id,
    /// Topic, then id.
    Topic,
    /// Due time, soonest first; new cards last.
    Due,
    /// Review interval, longest first.
    Interval,
    /// Stability, lowest first.
    Stability,
    /// Difficulty, hardest first.
    Difficulty,
    /// Retrievability now, lowest first.
    Retrievability,
    /// Lapses, most first.
    Lapses,
    /// Answers, most first.
    Reviews,
}

impl SortKey {
    /// Whether the listing puts the highest value first (interval, difficulty, lapses and
    /// answers); the others put the lowest (or the soonest, or A) first. Cards without the
    /// value come last either way.
    pub fn descending(self) -> bool {
        matches!(
            self,
            SortKey::Interval | SortKey::Difficulty | SortKey::Lapses | SortKey::Reviews
        )
    }

    /// The column this key sorts by.
    pub fn column(self) -> Column {
        match self {
            SortKey::Id => Column::Id,
            SortKey::Topic => Column::Topic,
            SortKey::Due => Column::Due,
            SortKey::Interval => Column::Interval,
            SortKey::Stability => Column::Stability,
            SortKey::Difficulty => Column::Difficulty,
            SortKey::Retrievability => Column::Retrievability,
            SortKey::Lapses => Column::Lapses,
            SortKey::Reviews => Column::Reviews,
        }
    }
}

/// A column of the listing, shared by the table of `stagecraft cards` and the card browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The question id.
    Id,
    /// The topic.
    Topic,
    /// The phase and the flags: `review,suspended,leech`.
    State,
    /// The study day it is due on.
    Due,
    /// The review interval: `12d`.
    Interval,
    /// Stability in days, one decimal.
    Stability,
    /// Difficulty, one decimal.
    Difficulty,
    /// Retrievability now, a whole percentage.
    Retrievability,
    /// Lapses.
    Lapses,
    /// Answers.
    Reviews,
}

impl Column {
    /// Every column, in table order.
    pub const ALL: [Column; 10] = [
        Column::Id,
        Column::Topic,
        Column::State,
        Column::Due,
        Column::Interval,
        Column::Stability,
        Column::Difficulty,
        Column::Retrievability,
        Column::Lapses,
        Column::Reviews,
    ];

    /// Whether the column holds figures, aligned right; text and dates are aligned left.
    pub fn is_figure(self) -> bool {
        !matches!(
            self,
            Column::Id | Column::Topic | Column::State | Column::Due
        )
    }

    /// The column's cell for `row`, made inert (`-` where the card has no value).
    pub fn cell(self, row: &CardRow) -> String {
        let dash = || "-".to_owned();
        let decimal = |v: Option<f32>| v.map_or_else(dash, |v| format!("{v:.1}"));
        match self {
            Column::Id => crate::sanitize::inert_line(&row.id),
            Column::Topic => crate::sanitize::inert_line(&row.topic),
            Column::State => state_label(row),
            Column::Due => row.due_day.clone().unwrap_or_else(dash),
            Column::Interval => row.interval_days.map_or_else(dash, |d| format!("{d}d")),
            Column::Stability => decimal(row.stability),
            Column::Difficulty => decimal(row.difficulty),
            Column::Retrievability => row
                .retrievability
                .map_or_else(dash, |r| format!("{:.0}%", r * 100.0)),
            Column::Lapses => row.lapses.to_string(),
            Column::Reviews => row.reviews.to_string(),
        }
    }
}

/// Options of the listing.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct ListArgs {
    /// Only cards of this topic.
    #[arg(long)]
    pub topic: Option<String>,
    /// Only cards whose id, topic or question contains this text (ignoring case).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only started cards due by the end of today.
    #[arg(long, group = "which")]
    pub due: bool,
    /// Only suspended cards.
    #[arg(long, group = "which")]
    pub suspended: bool,
    /// Only leeches.
    #[arg(long, group = "which")]
    pub leeches: bool,
    /// Sort by this column.
    #[arg(long, value_enum, default_value_t = SortKey::Due)]
    pub sort: SortKey,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl ListArgs {
    fn filter(&self) -> Option<Filter> {
        if self.due {
            Some(Filter::Due)
        } else if self.suspended {
            Some(Filter::Suspended)
        } else if self.leeches {
            Some(Filter::Leeches)
        } else {
            None
        }
    }
}

/// A change to some cards.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum CardAction {
    /// Keep the cards out of every queue until unsuspended.
    Suspend {
        /// Question ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Let suspended cards be studied again.
    Unsuspend {
        /// Question ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Hide the cards until the next study day.
    Bury {
        /// Question ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Make the cards new again (their answers stay in the log).
    Forget {
        /// Question ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Make started cards due at the start of the study day DAYS from today (0: today).
    SetDue {
        /// Days from today.
        #[arg(long, value_parser = clap::value_parser!(u32).range(0..=36_500))]
        days: u32,
        /// Question ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
}

impl CardAction {
    fn ids(&self) -> &[String] {
        match self {
            CardAction::Suspend { ids }
            | CardAction::Unsuspend { ids }
            | CardAction::Bury { ids }
            | CardAction::Forget { ids }
            | CardAction::SetDue { ids, .. } => ids,
        }
    }

    fn past_tense(&self) -> &'static str {
        match self {
            CardAction::Suspend { .. } => "Suspended",
            CardAction::Unsuspend { .. } => "Unsuspended",
            CardAction::Bury { .. } => "Buried until tomorrow",
            CardAction::Forget { .. } => "Reset to new",
            CardAction::SetDue { .. } => "Rescheduled",
        }
    }
}

/// One line of the listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardRow {
    /// Question id.
    pub id: String,
    /// Topic ("-" for a stored card whose question is no longer loaded).
    pub topic: String,
    /// Life-cycle phase.
    pub phase: Phase,
    /// Suspended.
    pub suspended: bool,
    /// Buried today.
    pub buried: bool,
    /// Tagged as a leech.
    pub leech: bool,
    /// When it is due.
    #[serde(with = "crate::srs::time_serde::optional")]
    pub due: Option<DateTime<Utc>>,
    /// The study day it is due on (`YYYY-MM-DD`).
    pub due_day: Option<String>,
    /// Review interval in days (review cards).
    pub interval_days: Option<i64>,
    /// Stability in days.
    pub stability: Option<f32>,
    /// Difficulty, 1 to 10.
    pub difficulty: Option<f32>,
    /// Probability of recall now (started cards).
    pub retrievability: Option<f32>,
    /// Times forgotten in review.
    pub lapses: u32,
    /// Answers given.
    pub reviews: u32,
}

/// Compares optional values with `None` last whatever the direction.
fn none_last<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let order = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if descending { order.reverse() } else { order }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The listing: every loaded question and every stored card, filtered and sorted.
pub fn list_rows(
    questions: &[QuestionMeta],
    states: &BTreeMap<String, CardState>,
    scheduler: &Scheduler,
    clock: DayClock,
    now: DateTime<Utc>,
    args: &ListArgs,
) -> Vec<CardRow> {
    let today = clock.day_of(now);
    let end_of_today = clock.bounds(today).1;
    let mut topics: BTreeMap<&str, &QuestionMeta> = BTreeMap::new();
    for q in questions {
        topics.insert(&q.id, q);
    }
    let ids: Vec<&str> = {
        let mut ids: Vec<&str> = topics.keys().copied().collect();
        ids.extend(
            states
                .keys()
                .map(String::as_str)
                .filter(|id| !topics.contains_key(id)),
        );
        ids
    };
    let search = args.search.as_deref().map(str::to_lowercase);
    let new = CardState::new();
    let mut rows: Vec<CardRow> = ids
        .into_iter()
        .filter_map(|id| {
            let meta = topics.get(id);
            let topic = meta.map_or("-", |q| q.topic.as_str());
            let state = states.get(id).unwrap_or(&new);
            if args.topic.as_deref().is_some_and(|t| t != topic) {
                return None;
            }
            if let Some(text) = &search {
                let haystack = format!("{id}\n{topic}\n{}", meta.map_or("", |q| q.front.as_str()))
                    .to_lowercase();
                if !haystack.contains(text.as_str()) {
                    return None;
                }
            }
            let keep = match args.filter() {
                None => true,
                Some(Filter::Suspended) => state.suspended,
                Some(Filter::Leeches) => state.leech,
                Some(Filter::Due) => {
                    state.phase != Phase::New
                        && state.is_available(today)
                        && state.due.is_some_and(|due| due < end_of_today)
                }
            };
            keep.then(|| CardRow {
                id: id.to_owned(),
                topic: topic.to_owned(),
                phase: state.phase,
                suspended: state.suspended,
                buried: state.is_buried(today),
                leech: state.leech,
                due: state.due,
                due_day: state.due.map(|due| clock.day_of(due).to_string()),
                interval_days: state.scheduled_days(),
                stability: state.memory.map(|m| m.stability),
                difficulty: state.memory.map(|m| m.difficulty),
                retrievability: (state.phase != Phase::New && state.memory.is_some())
                    .then(|| scheduler.retrievability(state, now)),
                lapses: state.lapses,
                reviews: state.reps,
            })
        })
        .collect();
    let descending = args.sort.descending();
    let directed = |order: Ordering| if descending { order.reverse() } else { order };
    rows.sort_by(|a, b| {
        let order = match args.sort {
            SortKey::Id => Ordering::Equal,
            SortKey::Topic => a.topic.cmp(&b.topic),
            SortKey::Due => none_last(a.due, b.due, descending),
            SortKey::Interval => none_last(a.interval_days, b.interval_days, descending),
            SortKey::Stability => none_last(a.stability, b.stability, descending),
            SortKey::Difficulty => none_last(a.difficulty, b.difficulty, descending),
            SortKey::Retrievability => none_last(a.retrievability, b.retrievability, descending),
            SortKey::Lapses => directed(a.lapses.cmp(&b.lapses)),
            SortKey::Reviews => directed(a.reviews.cmp(&b.reviews)),
        };
        order.then_with(|| a.id.cmp(&b.id))
    });
    rows
}

/// The state column: the phase plus flags.
fn state_label(row: &CardRow) -> String {
    let mut label = row.phase.name().to_owned();
    for (flag, name) in [
        (row.suspended, "suspended"),
        (row.buried, "buried"),
        (row.leech, "leech"),
    ] {
        if flag {
            label.push(',');
            label.push_str(name);
        }
    }
    label
}

/// The listing as an aligned table: every column as wide as its widest cell.
pub fn render_table(rows: &[CardRow]) -> String {
    let header = [
        "id", "topic", "state", "due", "ivl", "stab", "diff", "R", "lapses", "reviews",
    ];
    let cells: Vec<[String; 10]> = rows
        .iter()
        .map(|row| Column::ALL.map(|column| column.cell(row)))
        .collect();
    let mut widths = header.map(str::len);
    for line in &cells {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let format_line = |line: &[String]| -> String {
        let mut text = String::new();
        for ((cell, width), column) in line.iter().zip(widths).zip(Column::ALL) {
            let pad = " ".repeat(width - unicode_width::UnicodeWidthStr::width(cell.as_str()));
            if column.is_figure() {
                text.push_str(&pad);
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&pad);
            }
            text.push_str("  ");
        }
        text.trim_end().to_owned() + "\n"
    };
    let mut text = format_line(&header.map(str::to_owned));
    for line in &cells {
        text.push_str(&format_line(line));
    }
    text.push_str(&format!("{} cards\n", rows.len()));
    text
}

/// `stagecraft cards [...]`: writes the listing.
pub fn run_list(
    store: &Store,
    questions: &[QuestionMeta],
    args: &ListArgs,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let config = store.scheduler_config()?;
    let clock = DayClock::local(config.rollover_hour);
    let scheduler = Scheduler::new(config)?;
    let states: BTreeMap<String, CardState> = store.card_states()?.into_iter().collect();
    let rows = list_rows(questions, &states, &scheduler, clock, now, args);
    let text = if args.json {
        let mut text = serde_json::to_string_pretty(&rows).map_err(|err| CommandError::Write {
            target: "standard output".to_owned(),
            source: std::io::Error::other(err),
        })?;
        text.push('\n');
        text
    } else {
        render_table(&rows)
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| CommandError::Write {
            target: "standard output".to_owned(),
            source,
        })
}

/// Applies `action` to its cards in one transaction. Every id must be a loaded question or a
/// stored card; `set-due` refuses new cards (they have no memory to schedule from). On any
/// refusal nothing changes.
pub fn apply(
    store: &Store,
    questions: &[QuestionMeta],
    action: &CardAction,
    now: DateTime<Utc>,
    clock: DayClock,
) -> Result<Vec<CardChange>, CommandError> {
    let stored = store.card_states_of(action.ids())?;
    for id in action.ids() {
        if !stored.contains_key(id) && !questions.iter().any(|q| &q.id == id) {
            return Err(CommandError::UnknownCard { id: id.clone() });
        }
    }
    let today = clock.day_of(now);
    store.update_cards(action.ids(), |id, state| {
        Ok(match action {
            CardAction::Suspend { .. } => state.suspended(),
            CardAction::Unsuspend { .. } => state.unsuspended(),
            CardAction::Bury { .. } => state.buried(today),
            CardAction::Forget { .. } => CardState {
                suspended: state.suspended,
                ..CardState::new()
            },
            CardAction::SetDue { days, .. } => {
                if state.phase == Phase::New {
                    return Err(CommandError::CannotChange {
                        id: id.to_owned(),
                        reason: "it is new: answer it once before giving it a due date",
                    });
                }
                CardState {
                    due: Some(clock.start_of(today.plus(*days as i32))),
                    ..state.clone()
                }
            }
        })
    })
}

/// `stagecraft cards ACTION ID...`: applies it and says what changed.
pub fn run_action(
    store: &Store,
    questions: &[QuestionMeta],
    action: &CardAction,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let rollover = store.scheduler_config()?.rollover_hour;
    let changes = apply(
        store,
        questions,
        action,
        Utc::now(),
        DayClock::local(rollover),
    )?;
    writeln!(out, "{}: {} cards.", action.past_tense(), changes.len()).map_err(|source| {
        CommandError::Write {
            target: "standard output".to_owned(),
            source,
        }
    })
}

#[cfg(test)]
mod tests;
