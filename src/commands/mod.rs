//! What each non-interactive subcommand does, as functions that write to a given output.
//!
//! `check` lives in [`check`]. The `stats` and `export` subcommands read the store, combine it
//! with the loaded questions and write to any [`Write`]; the binary only parses arguments,
//! opens the store and calls [`run_stats`] or [`run_export`].

pub mod build;
pub mod cards;
pub mod check;
pub mod config;
pub mod error_message;
pub mod export_apkg;
pub mod interview;
pub mod lab;
pub mod lessons;
pub mod lint;
pub mod optimize;
pub mod pack;
pub mod read;
pub mod simulate;
mod stats_text;
pub mod study;
pub mod view;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::export::json::export_snapshot;
use crate::export::{ExportCard, ExportFormat, exported_labs, write_anki_tsv};
use crate::srs::interview::MockSummary;
use crate::srs::stats::{
    AnswerTally, CardTally, QuestionTopics, ReportParts, StatsReport, assemble_report,
};
use crate::srs::{DayClock, Scheduler, SrsError};
use crate::store::{Store, StoreError};

pub use stats_text::render_stats_text;

/// Days covered by the activity chart and recent retention of `stats`.
pub const STATS_WINDOW_DAYS: u32 = 30;

/// What the commands need to know about one question of the loaded content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionMeta {
    /// Question id (the key of its progress).
    pub id: String,
    /// Topic, for per-topic mastery and as an Anki tag.
    pub topic: String,
    /// Front of the question's Anki note, as HTML (see [`crate::export::anki_cards`]).
    pub front: String,
    /// Back of the question's Anki note, as HTML.
    pub back: String,
    /// Extra Anki tags.
    pub tags: Vec<String>,
}

impl QuestionMeta {
    /// The metadata of every scheduled question (labs are done in the lab screen) of a set.
    pub fn from_content(content: &crate::content::ContentSet) -> Vec<QuestionMeta> {
        content
            .scheduled_questions()
            .into_iter()
            .map(|q| QuestionMeta {
                id: q.id.clone(),
                topic: q.topic.clone(),
                front: crate::export::anki_cards::front(q),
                back: crate::export::anki_cards::back(q),
                tags: q.tags.clone(),
            })
            .collect()
    }
}

/// Failures of the `stats` and `export` commands.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Reading the progress database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored scheduler settings are invalid.
    #[error("the scheduler settings stored in the profile are invalid: {0}")]
    Scheduler(#[from] SrsError),
    /// Writing the output failed.
    #[error("cannot write {target}: {source}")]
    Write {
        /// The output file, or "standard output".
        target: String,
        /// The underlying error.
        source: io::Error,
    },
    /// Fitting or scoring the FSRS parameters failed.
    #[error(transparent)]
    Optimize(#[from] crate::srs::optimize::OptimizeError),
    /// A card id names neither a loaded question nor a stored card.
    #[error("there is no card `{id}` (see `stagecraft cards` for the ids)")]
    UnknownCard {
        /// The id given.
        id: String,
    },
    /// A card cannot take the change asked for; nothing was changed.
    #[error("cannot change card `{id}`: {reason}; nothing was changed")]
    CannotChange {
        /// The card.
        id: String,
        /// Why.
        reason: &'static str,
    },
    /// A binary export (the Anki package) was asked for on a terminal.
    #[error(
        "an Anki package is a zip archive, not text for a terminal: give --output FILE.apkg \
         (or redirect standard output to a file)"
    )]
    BinaryToTerminal,
    /// The Anki package could not be made.
    #[error(transparent)]
    Apkg(crate::export::apkg::ApkgError),
    /// The package format needs the questions themselves, not their metadata: it is written
    /// by [`export_apkg::run`].
    #[error("the Anki package is written by `export_apkg::run`, which has the loaded content")]
    ApkgNeedsContent,
    /// An Anki export was asked for without any questions loaded.
    #[error("no questions are loaded, so there are no Anki notes to export")]
    NoQuestions,
}

/// `stagecraft stats [--json]` for the current time and local day rollover.
pub fn run_stats(
    store: &Store,
    questions: &[QuestionMeta],
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let rollover = store.scheduler_config()?.rollover_hour;
    run_stats_at(
        store,
        questions,
        json,
        Utc::now(),
        DayClock::local(rollover),
        out,
    )
}

/// [`run_stats`] at a given time and clock.
pub fn run_stats_at(
    store: &Store,
    questions: &[QuestionMeta],
    json: bool,
    now: DateTime<Utc>,
    clock: DayClock,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let report = stats_report(store, questions, now, clock)?;
    let labs = exported_labs(&store.lab_completions()?);
    let mocks: Vec<MockSummary> = store
        .mock_interviews()?
        .iter()
        .map(MockSummary::of)
        .collect();
    let text = if json {
        let to_error = |err| CommandError::Write {
            target: "standard output".to_owned(),
            source: io::Error::other(err),
        };
        let mut value = serde_json::to_value(&report).map_err(to_error)?;
        if let Some(object) = value.as_object_mut() {
            object.insert(
                "labs_completed".to_owned(),
                serde_json::to_value(&labs).map_err(to_error)?,
            );
            object.insert(
                "mock_interviews".to_owned(),
                serde_json::to_value(&mocks).map_err(to_error)?,
            );
        }
        let mut text = serde_json::to_string_pretty(&value).map_err(to_error)?;
        text.push('\n');
        text
    } else {
        let mut text = render_stats_text(&report);
        text.push_str(&lab_lines(&labs));
        text.push_str(&render_mock_interviews(&mocks));
        text
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| CommandError::Write {
            target: "standard output".to_owned(),
            source,
        })
}

/// The labs section of the text statistics: each completed lab with its date.
fn lab_lines(labs: &[crate::export::ExportedLab]) -> String {
    let mut text = format!("\nLabs completed: {}\n", labs.len());
    for lab in labs {
        text.push_str(&format!(
            "  {}  {}\n",
            lab.completed_at.format("%Y-%m-%d"),
            crate::sanitize::inert_line(&lab.lab_id)
        ));
    }
    text
}

/// The mock-interview lines of `stats`: one per interview, newest last, with the trend.
pub fn render_mock_interviews(mocks: &[MockSummary]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if mocks.is_empty() {
        out.push_str("Interviews  none yet (stagecraft drill --interview)\n");
        return out;
    }
    let _ = writeln!(out, "Interviews  {} mock interview(s)", mocks.len());
    for (i, m) in mocks.iter().enumerate() {
        let change = match i.checked_sub(1).and_then(|p| mocks.get(p)) {
            Some(prev) => format!(" ({:+.0})", (m.score - prev.score) * 100.0),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}  {} min {:<6} {:>3} answered  score {:>3.0}%{change}{}",
            m.started_at.format("%Y-%m-%d %H:%M"),
            m.minutes,
            m.level.name(),
            m.answered,
            m.score * 100.0,
            if m.left_early { "  left early" } else { "" }
        );
    }
    out
}

/// Computes the statistics report from the store: the cards and the log's totals are streamed
/// into the report's sums side by side ([`Store::read_stats`]), never collected into maps (see
/// `docs/performance.md`).
pub fn stats_report(
    store: &Store,
    questions: &[QuestionMeta],
    now: DateTime<Utc>,
    clock: DayClock,
) -> Result<StatsReport, CommandError> {
    let scheduler = Scheduler::new(store.scheduler_config()?)?;
    let topics = QuestionTopics::new(questions.iter().map(|q| (q.id.as_str(), q.topic.as_str())));
    let mut cards = CardTally::new(&topics, &scheduler, now, clock);
    let mut answers = AnswerTally::new(&topics);
    let buckets = store.read_stats(
        |id, state| cards.add_card(id, state),
        |id, totals| answers.add(id, totals),
    )?;
    Ok(assemble_report(&ReportParts {
        cards: cards.finish(answers),
        buckets: &buckets,
        now,
        clock,
        window_days: STATS_WINDOW_DAYS,
    }))
}

/// `stagecraft export --format json|anki-tsv [--output FILE]` (`apkg` is
/// [`export_apkg::run`]): writes to `output` (atomically,
/// through a temporary file renamed into place) or else to `out`.
pub fn run_export(
    store: &Store,
    questions: &[QuestionMeta],
    format: ExportFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    run_export_at(store, questions, format, output, Utc::now(), out)
}

/// [`run_export`] with a given export time.
pub fn run_export_at(
    store: &Store,
    questions: &[QuestionMeta],
    format: ExportFormat,
    output: Option<&Path>,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    let bytes = export_bytes(store, questions, format, now)?;
    match output {
        Some(path) => write_export_file(path, &bytes),
        None => out
            .write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|source| CommandError::Write {
                target: "standard output".to_owned(),
                source,
            }),
    }
}

/// The export document as bytes.
pub fn export_bytes(
    store: &Store,
    questions: &[QuestionMeta],
    format: ExportFormat,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, CommandError> {
    let to_write_error = |source| CommandError::Write {
        target: "the export".to_owned(),
        source,
    };
    match format {
        ExportFormat::Json => {
            let export = export_snapshot(&store.progress_snapshot()?, now);
            let mut bytes = serde_json::to_vec_pretty(&export)
                .map_err(|err| to_write_error(io::Error::other(err)))?;
            bytes.push(b'\n');
            Ok(bytes)
        }
        ExportFormat::AnkiTsv => {
            if questions.is_empty() {
                return Err(CommandError::NoQuestions);
            }
            let states = store.card_states()?;
            let cards: Vec<ExportCard> = questions
                .iter()
                .map(|q| ExportCard {
                    id: q.id.clone(),
                    front: q.front.clone(),
                    back: q.back.clone(),
                    tags: crate::export::anki_tsv::note_tags(
                        &q.topic,
                        &q.tags,
                        states.get(&q.id).is_some_and(|s| s.leech),
                    ),
                })
                .collect();
            let mut bytes = Vec::new();
            write_anki_tsv(&cards, &mut bytes).map_err(to_write_error)?;
            Ok(bytes)
        }
        ExportFormat::Apkg => Err(CommandError::ApkgNeedsContent),
    }
}

/// [`write_atomically`] for the export, with its error.
pub(crate) fn write_export_file(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    write_atomically(path, bytes).map_err(|source| CommandError::Write {
        target: path.display().to_string(),
        source,
    })
}

/// Writes `bytes` to a temporary file next to `path`, syncs it and renames it into place, so
/// an interrupted write never leaves a half-written file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".tmp-{}", std::process::id()));
    let temp = dir.join(temp_name);
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests;
