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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::PackSource;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn a_package_is_refused_on_a_terminal_and_written_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "default").unwrap();
        let content = ContentSet::load(&[PackSource::Embedded]);
        let now = at("2026-11-30T12:00:00Z");
        let clock = DayClock::utc(4);
        let mut out = Vec::new();
        let err = run_at(&store, &content, None, &mut out, true, clock, now).unwrap_err();
        assert!(matches!(err, CommandError::BinaryToTerminal), "{err}");
        assert!(err.to_string().contains("--output FILE.apkg"), "{err}");
        assert!(out.is_empty());

        run_at(&store, &content, None, &mut out, false, clock, now).unwrap();
        assert!(out.starts_with(b"PK\x03\x04"), "a zip archive");
        let file = dir.path().join("cards.apkg");
        let mut terminal = Vec::new();
        run_at(
            &store,
            &content,
            Some(&file),
            &mut terminal,
            true,
            clock,
            now,
        )
        .unwrap();
        assert!(terminal.is_empty());
        assert_eq!(std::fs::read(&file).unwrap(), out);
    }
}
