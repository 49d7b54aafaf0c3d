use std::collections::{HashMap, HashSet};
use std::io::Read;

use chrono::Duration;
use rusqlite::Connection;

use super::*;
use crate::commands::export_apkg::apkg_bytes;
use crate::content::{ContentSet, PackSource};
use crate::srs::card::Rating;
use crate::srs::test_time::at;
use crate::srs::{DayClock, Scheduler};
use crate::store::NewAnswer;
use crate::store::Store;

/// A profile with a graduated card, a card in learning and a suspended card.
fn profile(content: &ContentSet) -> (tempfile::TempDir, Store, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "default").unwrap();
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let ids: Vec<String> = content
        .scheduled_questions()
        .iter()
        .take(3)
        .map(|q| q.id.clone())
        .collect();
    let answer = |id: &str, rating, at_: &str| {
        store
            .answer(
                &scheduler,
                &NewAnswer {
                    card_id: id.to_owned(),
                    rating,
                    at: at(at_),
                    duration_ms: 5_000,
                    drill: false,
                    overridden: false,
                },
            )
            .unwrap();
    };
    answer(&ids[0], Rating::Good, "2026-11-20T10:00:00Z");
    answer(&ids[0], Rating::Good, "2026-11-20T10:10:00Z");
    answer(&ids[0], Rating::Good, "2026-11-24T10:00:00Z");
    answer(&ids[1], Rating::Again, "2026-11-30T11:00:00Z");
    answer(&ids[2], Rating::Easy, "2026-11-25T09:00:00Z");
    store.set_suspended(&ids[2], true).unwrap();
    (dir, store, ids)
}

/// Unzips a package: its files by name.
fn unzip(bytes: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// The package's collection, opened.
fn open_collection(bytes: &[u8], dir: &std::path::Path) -> Connection {
    let path = dir.join(COLLECTION_FILE);
    std::fs::write(&path, &unzip(bytes)[COLLECTION_FILE]).unwrap();
    Connection::open(path).unwrap()
}

const NOW: &str = "2026-11-30T12:00:00Z";

#[test]
fn a_package_is_a_schema_11_collection_and_an_empty_media_list() {
    let content = ContentSet::load(&[PackSource::Embedded]);
    let (dir, store, _) = profile(&content);
    let bytes = apkg_bytes(&store, &content, DayClock::utc(4), at(NOW)).unwrap();
    let files = unzip(&bytes);
    let names: HashSet<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, HashSet::from([COLLECTION_FILE, "media"]));
    assert_eq!(files["media"], b"{}");
    let conn = open_collection(&bytes, dir.path());
    let (ver, crt, conf): (i64, i64, String) = conn
        .query_row("SELECT ver, crt, conf FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(ver, 11);
    // Created at 4 AM UTC on the day of the first answer.
    assert_eq!(crt, at("2026-11-20T04:00:00Z").timestamp());
    let conf: serde_json::Value = serde_json::from_str(&conf).unwrap();
    assert_eq!(conf["rollover"], 4);
    assert_eq!(conf["creationOffset"], 0);
}

#[test]
fn notes_keep_their_guid_and_note_type_from_one_export_to_the_next() {
    let content = ContentSet::load(&[PackSource::Embedded]);
    let (dir, store, _) = profile(&content);
    let notes = |now: &str| -> HashMap<String, (i64, usize)> {
        let bytes = apkg_bytes(&store, &content, DayClock::utc(4), at(now)).unwrap();
        let conn = open_collection(&bytes, dir.path());
        let mut stmt = conn.prepare("SELECT guid, mid, flds FROM notes").unwrap();
        stmt.query_map([], |r| {
            let flds: String = r.get(2)?;
            Ok((r.get(0)?, (r.get(1)?, flds.split('\u{1f}').count())))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let first = notes(NOW);
    let second = notes("2026-12-03T08:00:00Z");
    assert_eq!(first, second);
    let questions = content.scheduled_questions();
    assert_eq!(first.len(), questions.len());
    for q in questions {
        let kind = NoteKind::of(&q.kind).unwrap();
        let (mid, fields) = first[&format!("stagecraft-{}", q.id)];
        assert_eq!(mid, kind.notetype_id(), "{}", q.id);
        assert_eq!(fields, kind.fields().len(), "{}", q.id);
    }
}

#[test]
fn cards_carry_the_schedule_and_the_log_becomes_the_revlog() {
    let content = ContentSet::load(&[PackSource::Embedded]);
    let (dir, store, ids) = profile(&content);
    let bytes = apkg_bytes(&store, &content, DayClock::utc(4), at(NOW)).unwrap();
    let conn = open_collection(&bytes, dir.path());
    let card = |id: &str| -> (i64, i64, i64, i64, i64, i64) {
        conn.query_row(
            "SELECT type, queue, due, ivl, reps, lapses FROM cards \
             JOIN notes ON notes.id = cards.nid WHERE guid = ?1",
            [format!("stagecraft-{id}")],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap()
    };
    let states = store.card_states().unwrap();
    let clock = DayClock::utc(4);
    let creation = clock.day_of(at("2026-11-20T10:00:00Z"));
    let reviewed = &states[&ids[0]];
    let due_day = i64::from(clock.day_of(reviewed.due.unwrap()).days_since(creation));
    assert_eq!(
        card(&ids[0]),
        (2, 2, due_day, reviewed.scheduled_days().unwrap(), 3, 0)
    );
    let learning = card(&ids[1]);
    assert_eq!((learning.0, learning.1), (1, 1));
    assert_eq!(
        learning.2,
        (at("2026-11-30T11:00:00Z") + Duration::minutes(1)).timestamp()
    );
    let suspended = card(&ids[2]);
    assert_eq!((suspended.0, suspended.1, suspended.4), (2, -1, 1));
    // Unanswered cards are new, due at their position.
    let new_ids: Vec<String> = content
        .scheduled_questions()
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let last = new_ids.last().unwrap();
    assert_eq!(card(last), (0, 0, new_ids.len() as i64, 0, 0, 0));

    let log = store.review_log().unwrap();
    let revlog: i64 = conn
        .query_row("SELECT count(*) FROM revlog", [], |r| r.get(0))
        .unwrap();
    assert_eq!(revlog, log.len() as i64);
    let eases: Vec<i64> = conn
        .prepare("SELECT ease FROM revlog ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(eases, [3, 3, 3, 4, 1]);
}

#[test]
fn leeches_are_tagged_and_tags_are_padded_with_spaces() {
    let content = ContentSet::load(&[PackSource::Embedded]);
    let (dir, store, ids) = profile(&content);
    let mut state = store.card_states().unwrap()[&ids[0]].clone();
    state.leech = true;
    store.put_card_state(&ids[0], &state).unwrap();
    let bytes = apkg_bytes(&store, &content, DayClock::utc(4), at(NOW)).unwrap();
    let conn = open_collection(&bytes, dir.path());
    let tags: String = conn
        .query_row(
            "SELECT tags FROM notes WHERE guid = ?1",
            [format!("stagecraft-{}", ids[0])],
            |r| r.get(0),
        )
        .unwrap();
    assert!(tags.starts_with(" stagecraft stagecraft::"), "{tags:?}");
    assert!(tags.ends_with(" leech "), "{tags:?}");
}

#[test]
fn nothing_to_export_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "default").unwrap();
    let empty = ContentSet::load(&[]);
    let err = apkg_bytes(&store, &empty, DayClock::utc(4), at(NOW)).unwrap_err();
    assert!(
        matches!(err, crate::commands::CommandError::NoQuestions),
        "{err}"
    );
}
