//! `stagecraft import FILE.json [--merge]`: restores a JSON export ([`super::json`]) into a
//! profile.
//!
//! The file is read and checked completely before anything is written: its `format` and
//! `version` first (a newer version is refused, naming both versions), then its layout (a
//! syntax error or a missing or mistyped field is reported with its line and column), then
//! every value (settings in range, parameters valid, card states consistent, log ids unique
//! and increasing, ratings 1 to 4 matching their labels, each answer's `due` equal to its
//! state after, every answered card present). The profile is then rewritten in one
//! transaction ([`Store::rewrite_progress`]), so an import is applied entirely or not at all.
//!
//! Without `--merge` the profile must hold no card state and no answer (a conflict
//! otherwise). With `--merge` both logs are combined by time ([`merge_snapshots`]).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::json::{FORMAT_NAME, FORMAT_VERSION, JsonExport, SchedulerSection};
use crate::srs::interview::MockInterview;
use crate::srs::{CardState, Phase, Rating, ReviewRecord, Scheduler};
use crate::store::{ProgressSnapshot, SettingsChange, Store, StoreError};

/// The largest file `import` reads: an export takes about 0.8 KB per answer, so this is some
/// five million answers; a larger file is refused before it is read.
pub const MAX_IMPORT_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Why an import was refused. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not well-formed JSON of the export's layout.
    #[error("{}:{line}:{column}: {detail}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        detail: String,
    },
    /// The file is JSON but not a stagecraft progress export.
    #[error("{} is not a stagecraft progress export: {detail}", path.display())]
    NotAnExport {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The file was written by a newer stagecraft.
    #[error(
        "{} is format version {found}, written by a newer stagecraft; this one reads versions 1 to {supported}",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// A value is out of range or inconsistent.
    #[error("{}: `{field}`: {reason}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Where in the document, e.g. `review_log[3].rating`.
        field: String,
        /// What was expected.
        reason: String,
    },
    /// The profile already holds progress and `--merge` was not given.
    #[error(
        "the profile already holds {cards} cards and {answers} answers; importing would replace them. \
         Use --merge to combine the two logs, or import into a new profile (--profile NAME)"
    )]
    Conflict {
        /// Card states in the profile.
        cards: usize,
        /// Answers in the profile.
        answers: usize,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Cards in the file.
    pub file_cards: usize,
    /// Answers in the file.
    pub file_answers: usize,
    /// Cards in the profile afterwards.
    pub cards: usize,
    /// Answers in the profile afterwards.
    pub answers: usize,
}

/// Just enough of the document to check what it is before reading its layout.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Parses and validates an export; the snapshot it describes.
pub fn parse_export(path: &Path, text: &str) -> Result<ProgressSnapshot, ImportError> {
    let syntax = |err: serde_json::Error| ImportError::Syntax {
        path: path.to_owned(),
        line: err.line(),
        column: err.column(),
        detail: err
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or("")
            .to_owned(),
    };
    let header: Header = serde_json::from_str(text).map_err(syntax)?;
    let not_export = |detail: String| ImportError::NotAnExport {
        path: path.to_owned(),
        detail,
    };
    match header.format {
        Some(serde_json::Value::String(name)) if name == FORMAT_NAME => {}
        Some(other) => {
            return Err(not_export(format!(
                "its `format` is {other}, expected \"{FORMAT_NAME}\""
            )));
        }
        None => return Err(not_export("it has no `format` field".to_owned())),
    }
    let version = header
        .version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| not_export("its `version` is missing or not a whole number".to_owned()))?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(ImportError::TooNew {
            path: path.to_owned(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version == 0 {
        return Err(not_export("version 0 does not exist".to_owned()));
    }
    let export: JsonExport = serde_json::from_str(text).map_err(syntax)?;
    validate(&export).map_err(|(field, reason)| ImportError::Invalid {
        path: path.to_owned(),
        field,
        reason,
    })
}

type Invalid = (String, String);

fn invalid<T>(field: impl Into<String>, reason: impl Into<String>) -> Result<T, Invalid> {
    Err((field.into(), reason.into()))
}

fn check_scheduler(field: &str, section: &SchedulerSection) -> Result<(), Invalid> {
    if section.parameters.len() != 21 {
        return invalid(
            format!("{field}.parameters"),
            format!(
                "expected 21 FSRS-6 parameters, found {}",
                section.parameters.len()
            ),
        );
    }
    Scheduler::new(section.to_config())
        .map(|_| ())
        .or_else(|err| invalid(field, err.to_string()))
}

fn check_state(field: &str, state: &CardState) -> Result<(), Invalid> {
    if let Some(memory) = state.memory {
        if !(memory.stability.is_finite() && memory.stability > 0.0) {
            return invalid(
                format!("{field}.memory.stability"),
                format!(
                    "expected a positive number of days, found {}",
                    memory.stability
                ),
            );
        }
        if !(memory.difficulty.is_finite() && (1.0..=10.0).contains(&memory.difficulty)) {
            return invalid(
                format!("{field}.memory.difficulty"),
                format!(
                    "expected a number from 1 to 10, found {}",
                    memory.difficulty
                ),
            );
        }
    }
    if state.phase != Phase::New {
        for (name, missing) in [
            ("memory", state.memory.is_none()),
            ("due", state.due.is_none()),
            ("last_review", state.last_review.is_none()),
        ] {
            if missing {
                return invalid(
                    format!("{field}.{name}"),
                    format!("a {} card must have one", state.phase.name()),
                );
            }
        }
    }
    Ok(())
}

/// Checks every value; the snapshot on success, else the field at fault and why.
fn validate(export: &JsonExport) -> Result<ProgressSnapshot, Invalid> {
    check_scheduler("scheduler", &export.scheduler)?;
    let mut settings_history = Vec::with_capacity(export.settings_history.len());
    for (index, entry) in export.settings_history.iter().enumerate() {
        let field = format!("settings_history[{index}]");
        check_scheduler(&field, &entry.scheduler)?;
        if settings_history
            .last()
            .is_some_and(|previous: &SettingsChange| previous.at > entry.changed_at)
        {
            return invalid(
                format!("{field}.changed_at"),
                "the entries must be in time order",
            );
        }
        settings_history.push(SettingsChange {
            at: entry.changed_at,
            config: entry.scheduler.to_config(),
        });
    }
    let mut cards = BTreeMap::new();
    for (index, card) in export.cards.iter().enumerate() {
        let field = format!("cards[{index}]");
        if card.question_id.trim().is_empty() {
            return invalid(format!("{field}.question_id"), "expected a question id");
        }
        check_state(&field, &card.state)?;
        if cards
            .insert(card.question_id.clone(), card.state.clone())
            .is_some()
        {
            return invalid(
                format!("{field}.question_id"),
                format!("`{}` appears twice", card.question_id),
            );
        }
    }
    let mut log: Vec<ReviewRecord> = Vec::with_capacity(export.review_log.len());
    for (index, review) in export.review_log.iter().enumerate() {
        let field = format!("review_log[{index}]");
        if review.id <= 0 {
            return invalid(
                format!("{field}.id"),
                format!("expected a positive id, found {}", review.id),
            );
        }
        if log.last().is_some_and(|previous| previous.id >= review.id) {
            return invalid(format!("{field}.id"), "ids must be unique and increasing");
        }
        let Some(rating) = Rating::from_number(review.rating) else {
            return invalid(
                format!("{field}.rating"),
                format!("expected 1 (Again) to 4 (Easy), found {}", review.rating),
            );
        };
        if review.rating_label != rating.label() {
            return invalid(
                format!("{field}.rating_label"),
                format!(
                    "rating {} is \"{}\", not \"{}\"",
                    review.rating,
                    rating.label(),
                    review.rating_label
                ),
            );
        }
        if !cards.contains_key(&review.question_id) {
            return invalid(
                format!("{field}.question_id"),
                format!(
                    "`{}` was answered but has no entry in `cards`",
                    review.question_id
                ),
            );
        }
        check_state(&format!("{field}.state_before"), &review.state_before)?;
        check_state(&format!("{field}.state_after"), &review.state_after)?;
        if review.due != review.state_after.due {
            return invalid(format!("{field}.due"), "differs from `state_after.due`");
        }
        match review.to_record() {
            Some(record) => log.push(record),
            None => return invalid(format!("{field}.rating"), "expected 1 to 4"),
        }
    }
    let mut labs = BTreeMap::new();
    for (index, lab) in export.labs.iter().enumerate() {
        let field = format!("labs[{index}].lab_id");
        if lab.lab_id.trim().is_empty() {
            return invalid(field, "expected a lab id");
        }
        if labs.insert(lab.lab_id.clone(), lab.completed_at).is_some() {
            return invalid(field, format!("`{}` appears twice", lab.lab_id));
        }
    }
    for (index, interview) in export.mock_interviews.iter().enumerate() {
        if interview
            .finished_at
            .is_some_and(|end| end < interview.started_at)
        {
            return invalid(
                format!("mock_interviews[{index}].finished_at"),
                "is before `started_at`",
            );
        }
    }
    Ok(ProgressSnapshot {
        config: export.scheduler.to_config(),
        settings_history,
        cards,
        log,
        labs,
        mock_interviews: export.mock_interviews.clone(),
    })
}

/// Combines two profiles: both logs in time order (an answer present in both, the same card
/// at the same millisecond with the same rating, is kept once) and renumbered from 1; each
/// card takes the state of the profile that answered it last (the existing one on a tie);
/// the settings histories are combined in time order; the settings in force stay the
/// existing profile's; a lab completed in either is completed, at the earlier time; the mock
/// interviews of both are kept in time order (one started at the same moment in both is the
/// same interview: the one with more answers is kept).
pub fn merge_snapshots(existing: ProgressSnapshot, incoming: ProgressSnapshot) -> ProgressSnapshot {
    let mut log: Vec<ReviewRecord> = existing.log.into_iter().chain(incoming.log).collect();
    log.sort_by(|a, b| {
        (a.reviewed_at, &a.card_id, a.rating).cmp(&(b.reviewed_at, &b.card_id, b.rating))
    });
    log.dedup_by(|b, a| {
        (a.reviewed_at, &a.card_id, a.rating) == (b.reviewed_at, &b.card_id, b.rating)
    });
    for (index, record) in log.iter_mut().enumerate() {
        record.id = index as i64 + 1;
    }
    let mut cards = existing.cards;
    for (id, state) in incoming.cards {
        let later = cards
            .get(&id)
            .is_none_or(|current| state.last_review > current.last_review);
        if later {
            cards.insert(id, state);
        }
    }
    let mut settings_history: Vec<SettingsChange> = existing
        .settings_history
        .into_iter()
        .chain(incoming.settings_history)
        .collect();
    settings_history.sort_by_key(|change| change.at);
    let mut seen = HashSet::new();
    settings_history.retain(|change| {
        seen.insert((
            change.at,
            serde_json::to_string(&change.config).unwrap_or_default(),
        ))
    });
    let mut labs = existing.labs;
    for (id, at) in incoming.labs {
        labs.entry(id)
            .and_modify(|first| *first = (*first).min(at))
            .or_insert(at);
    }
    ProgressSnapshot {
        config: existing.config,
        settings_history,
        cards,
        log,
        labs,
        mock_interviews: merge_mock_interviews(existing.mock_interviews, incoming.mock_interviews),
    }
}

/// Both lists of mock interviews in time order; an interview started at the same moment in
/// both is kept once, with the more answers (the existing one on a tie).
fn merge_mock_interviews(
    existing: Vec<MockInterview>,
    incoming: Vec<MockInterview>,
) -> Vec<MockInterview> {
    let mut all: Vec<MockInterview> = existing.into_iter().chain(incoming).collect();
    // Stable: among equal start times the existing interview comes first.
    all.sort_by(|a, b| {
        a.started_at
            .cmp(&b.started_at)
            .then(b.answers.len().cmp(&a.answers.len()))
    });
    all.dedup_by(|later, kept| later.started_at == kept.started_at);
    all
}

/// Reads, validates and applies `path` to `store` (replacing an empty profile, or merging
/// with `merge`).
///
/// The file is read only if it is a regular file ([`crate::regular_file`]): a named pipe would
/// block the import until something wrote to it, and a device such as `/dev/zero` never
/// ends; both are refused, naming what they are.
pub fn import_file(store: &Store, path: &Path, merge: bool) -> Result<ImportSummary, ImportError> {
    let read_error = |source| ImportError::Read {
        path: path.to_owned(),
        source,
    };
    let bytes = crate::regular_file::read(path, MAX_IMPORT_BYTES)
        .map_err(|error| read_error(error.into()))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "it is not UTF-8 text (an invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        ))
    })?;
    let incoming = parse_export(path, &text)?;
    let (file_cards, file_answers) = (incoming.cards.len(), incoming.log.len());
    let result = store.rewrite_progress(|current| {
        if merge {
            Ok(merge_snapshots(current, incoming))
        } else if current.has_no_progress() {
            // Mock interviews do not schedule: any the profile has are kept beside the file's.
            let mock_interviews =
                merge_mock_interviews(current.mock_interviews, incoming.mock_interviews);
            Ok(ProgressSnapshot {
                mock_interviews,
                ..incoming
            })
        } else {
            Err(ImportError::Conflict {
                cards: current.cards.len(),
                answers: current.log.len(),
            })
        }
    })?;
    Ok(ImportSummary {
        file_cards,
        file_answers,
        cards: result.cards.len(),
        answers: result.log.len(),
    })
}

#[cfg(test)]
mod tests;
