//! `stagecraft export --format apkg`: the questions, the learner's scheduling and review log
//! as an Anki package (see [`crate::export::apkg`]).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::CommandError;
use crate::content::ContentSet;
use crate::export::apkg::{ApkgError, ApkgInput, write_apkg};
use crate::srs::DayClock;
use crate::store::Store;

/// Writes the package to `output` (atomically), or else to `out` unless `out_is_terminal`: a
/// zip archive is refused on a terminal.
pub fn run(
    store: &Store,
    content: &ContentSet,
    output: Option<&Path>,
    out: &mut dyn Write,
    out_is_terminal: bool,
) -> Result<(), CommandError> {
    let clock = DayClock::local(store.scheduler_config()?.rollover_hour);
    run_at(
        store,
        content,
        output,
        out,
        out_is_terminal,
        clock,
        Utc::now(),
    )
}

/// [`run`] at a given time and clock.
pub fn run_at(
    store: &Store,
    content: &ContentSet,
    output: Option<&Path>,
    out: &mut dyn Write,
    out_is_terminal: bool,
    clock: DayClock,
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    if output.is_none() && out_is_terminal {
        return Err(CommandError::BinaryToTerminal);
    }
    let bytes = apkg_bytes(store, content, clock, now)?;
    match output {
        Some(path) => super::write_export_file(path, &bytes),
        None => out
            .write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|source| CommandError::Write {
                target: "standard output".to_owned(),
                source,
            }),
    }
}

/// The package as bytes.
pub fn apkg_bytes(
    store: &Store,
    content: &ContentSet,
    clock: DayClock,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, CommandError> {
    let questions = content.scheduled_questions();
    let lesson_titles: HashMap<String, String> = content
        .lessons
        .iter()
        .map(|lesson| (lesson.id.clone(), lesson.title.clone()))
        .collect();
    let config = store.scheduler_config()?;
    let input = ApkgInput {
        questions: &questions,
        lesson_titles: &lesson_titles,
        states: &store.card_states()?,
        log: &store.review_log()?,
        config: &config,
        clock,
        now,
    };
    write_apkg(&input).map_err(|err| match err {
        ApkgError::NoQuestions => CommandError::NoQuestions,
        other => CommandError::Apkg(other),
    })
}
