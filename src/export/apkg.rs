//! An Anki package (`.apkg`): a zip holding a legacy collection (`collection.anki2`, schema
//! 11, which every current Anki imports) and an empty media list.
//!
//! The collection has one note type per question kind ([`notetype`]), a `stagecraft` deck with
//! a subdeck per topic, one note per question (fields rendered by
//! [`super::anki_cards`], GUID `stagecraft-<question id>` so that a second import updates the
//! notes instead of adding copies), one card per note carrying the learner's scheduling
//! ([`schedule`]), the review log as `revlog` rows, and our scheduling settings as the decks'
//! options.

pub mod collection;
pub mod notetype;
pub mod schedule;

use std::collections::HashMap;
use std::io::{Cursor, Write};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde_json::{Map, Value};

use crate::content::Question;
use crate::srs::card::CardState;
use crate::srs::config::SchedulerConfig;
use crate::srs::day::DayClock;
use crate::srs::log::ReviewRecord;

use collection::{ColRow, Deck};
use notetype::NoteKind;
use schedule::{AnkiDays, ScheduleContext};

/// The name of the collection inside the package (the legacy format's).
pub const COLLECTION_FILE: &str = "collection.anki2";

/// Everything a package is made of.
#[derive(Debug, Clone, Copy)]
pub struct ApkgInput<'a> {
    /// The questions to export, in new-queue order (labs are skipped).
    pub questions: &'a [&'a Question],
    /// Lesson titles by lesson id.
    pub lesson_titles: &'a HashMap<String, String>,
    /// The learner's card states by question id (missing cards are new).
    pub states: &'a HashMap<String, CardState>,
    /// The review log.
    pub log: &'a [ReviewRecord],
    /// The scheduling settings.
    pub config: &'a SchedulerConfig,
    /// The learner's study calendar.
    pub clock: DayClock,
    /// The export time.
    pub now: DateTime<Utc>,
}

/// Why a package could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ApkgError {
    /// There are no questions to put in it.
    #[error("no questions are loaded, so there are no Anki notes to export")]
    NoQuestions,
    /// Building the collection failed.
    #[error("cannot build the Anki collection: {0}")]
    Collection(#[from] rusqlite::Error),
    /// Writing the zip failed.
    #[error("cannot write the Anki package: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The stored FSRS parameters are invalid.
    #[error("the FSRS parameters stored in the profile are invalid: {0}")]
    Parameters(String),
}

/// A note of the package with its card.
struct PackagedNote<'a> {
    question: &'a Question,
    kind: NoteKind,
    deck: Deck,
}

/// The package as bytes.
pub fn write_apkg(input: &ApkgInput<'_>) -> Result<Vec<u8>, ApkgError> {
    let collection = collection_bytes(input)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(COLLECTION_FILE, options)?;
    zip.write_all(&collection)
        .map_err(zip::result::ZipError::Io)?;
    zip.start_file("media", options)?;
    zip.write_all(b"{}").map_err(zip::result::ZipError::Io)?;
    Ok(zip.finish()?.into_inner())
}

/// The tags of a question's note, as Anki's `tags` column holds them (space-separated with a
/// space at each end).
fn tags_column(question: &Question, leech: bool) -> String {
    let tags = super::anki_tsv::note_tags(&question.topic, &question.tags, leech);
    format!(" {} ", tags.join(" "))
}

/// The collection file as bytes.
pub fn collection_bytes(input: &ApkgInput<'_>) -> Result<Vec<u8>, ApkgError> {
    let notes: Vec<PackagedNote<'_>> = input
        .questions
        .iter()
        .filter_map(|q| {
            NoteKind::of(&q.kind).map(|kind| PackagedNote {
                question: q,
                kind,
                deck: Deck::topic(&q.topic),
            })
        })
        .collect();
    if notes.is_empty() {
        return Err(ApkgError::NoQuestions);
    }
    let parameters = fsrs::check_and_fill_parameters(&input.config.parameters)
        .map_err(|err| ApkgError::Parameters(err.to_string()))?;
    let decay = parameters.get(20).copied().unwrap_or(0.5);
    let days = AnkiDays {
        clock: input.clock,
        creation: creation_day(input),
    };
    let ctx = ScheduleContext {
        config: input.config,
        decay,
        days,
        now: input.now,
    };
    let mtime = input.now.timestamp();
    let now_ms = input.now.timestamp_millis();

    let mut decks = vec![Deck::root()];
    for note in &notes {
        if !decks.contains(&note.deck) {
            decks.push(note.deck.clone());
        }
    }
    let mut models = Map::new();
    for kind in NoteKind::ALL {
        let instruction = notes
            .iter()
            .find(|n| n.kind == kind)
            .map(|n| super::anki_cards::instruction(&n.question.kind));
        if let Some(instruction) = instruction {
            models.insert(
                kind.notetype_id().to_string(),
                kind.to_json(instruction, collection::ROOT_DECK_ID, mtime),
            );
        }
    }
    let col = ColRow {
        crt: days.creation_secs(),
        mtime_ms: now_ms,
        conf: collection::conf_json(
            input.config.rollover_hour,
            days.creation_minutes_west(),
            notes.len() as i64 + 1,
            notes[0].kind.notetype_id(),
        ),
        models: Value::Object(models).to_string(),
        decks: collection::decks_json(&decks, mtime),
        dconf: collection::deck_config_json(input.config, &parameters, mtime),
    };

    let mut conn = Connection::open_in_memory()?;
    collection::create(&conn, &col)?;
    let tx = conn.unchecked_transaction()?;
    // Note and card ids are timestamps in the past, distinct and in question order.
    let count = notes.len() as i64;
    let mut card_ids: HashMap<&str, i64> = HashMap::new();
    for (index, note) in notes.iter().enumerate() {
        let index = index as i64;
        let note_id = now_ms - 2 * count + index;
        let card_id = now_ms - count + index;
        let question = note.question;
        let state = input.states.get(&question.id).cloned().unwrap_or_default();
        let fields = notetype::note_fields(
            question,
            note.kind,
            input
                .lesson_titles
                .get(&question.lesson.lesson)
                .map(String::as_str),
        );
        let sort_field = collection::plain_text(&fields[0]);
        tx.execute(
            "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')",
            params![
                note_id,
                super::anki_tsv::note_guid(&question.id),
                note.kind.notetype_id(),
                mtime,
                tags_column(question, state.leech),
                fields.join("\u{1f}"),
                sort_field,
                collection::field_checksum(&sort_field),
            ],
        )?;
        let s = schedule::card_schedule(&state, index + 1, &ctx);
        tx.execute(
            "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, -1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
             0, 0, 0, ?13)",
            params![
                card_id,
                note_id,
                note.deck.id,
                mtime,
                s.card_type,
                s.queue,
                s.due,
                s.ivl,
                s.factor,
                state.reps,
                state.lapses,
                s.left,
                s.data,
            ],
        )?;
        card_ids.insert(question.id.as_str(), card_id);
    }
    let mut last_revlog_id = i64::MIN;
    let mut log: Vec<&ReviewRecord> = input.log.iter().collect();
    log.sort_by_key(|r| (r.reviewed_at, r.id));
    for record in log {
        let Some(&card_id) = card_ids.get(record.card_id.as_str()) else {
            continue;
        };
        // Revlog ids are answer times in milliseconds, made distinct.
        let id = record
            .reviewed_at
            .timestamp_millis()
            .max(last_revlog_id + 1);
        last_revlog_id = id;
        let row = schedule::revlog_row(record);
        tx.execute(
            "INSERT INTO revlog VALUES (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                card_id,
                row.ease,
                row.ivl,
                row.last_ivl,
                row.factor,
                row.time,
                row.kind
            ],
        )?;
    }
    tx.commit()?;
    let bytes = conn.serialize(rusqlite::MAIN_DB)?.to_vec();
    Ok(bytes)
}

/// The study day the collection is created on: the first answer's, or today's when nothing
/// was answered, so that every due day counts from it is positive.
fn creation_day(input: &ApkgInput<'_>) -> crate::srs::day::Day {
    let today = input.clock.day_of(input.now);
    input
        .log
        .iter()
        .map(|r| r.reviewed_at)
        .chain(input.states.values().filter_map(|s| s.last_review))
        .map(|t| input.clock.day_of(t))
        .min()
        .map_or(today, |first| first.min(today))
}

#[cfg(test)]
mod tests;
