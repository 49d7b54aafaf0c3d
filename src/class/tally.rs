//! A show of hands in class, saved per talk into a session file in the data directory
//! (`present/sessions/<lesson>-<start>.json`). It is the class's answer, not anyone's: nothing
//! here touches a profile's progress.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::follow::file_stem;
use crate::commands::write_atomically;

/// The version of the session file's format.
pub const VERSION: u32 = 1;

/// Everything counted during one talk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallySession {
    /// [`VERSION`].
    pub version: u32,
    /// The lesson presented.
    pub lesson: String,
    /// When the talk began.
    #[serde(with = "crate::srs::time_serde::required")]
    pub started: DateTime<Utc>,
    /// One entry per question counted, in the order first counted.
    pub questions: Vec<QuestionTally>,
}

/// The hands raised for each choice of one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionTally {
    /// The question's id.
    pub id: String,
    /// When the count was last typed.
    #[serde(with = "crate::srs::time_serde::required")]
    pub counted: DateTime<Utc>,
    /// Per choice, in the question's order.
    pub choices: Vec<ChoiceCount>,
}

/// One choice and the hands raised for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceCount {
    /// The choice as shown.
    pub choice: String,
    /// Whether it is (one of) the right answer(s).
    pub correct: bool,
    /// Hands raised.
    pub hands: u32,
}

/// The session file of the talk on `lesson` that began at `started`.
pub fn session_path(data_dir: &Path, lesson: &str, started: DateTime<Utc>) -> PathBuf {
    data_dir.join("present").join("sessions").join(format!(
        "{}-{}.json",
        file_stem(lesson),
        started.format("%Y%m%dT%H%M%SZ")
    ))
}

/// Records `tally` in the session file at `path` (read first, so counts another view saved
/// stay), replacing an earlier count of the same question; returns the session as saved.
pub fn record(
    path: &Path,
    lesson: &str,
    started: DateTime<Utc>,
    tally: QuestionTally,
) -> io::Result<TallySession> {
    let mut session = match fs::read(path) {
        Ok(bytes) => serde_json::from_slice::<TallySession>(&bytes).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: not a tally session file: {e}", path.display()),
            )
        })?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => TallySession {
            version: VERSION,
            lesson: lesson.to_owned(),
            started,
            questions: Vec::new(),
        },
        Err(e) => return Err(e),
    };
    match session.questions.iter_mut().find(|q| q.id == tally.id) {
        Some(old) => *old = tally,
        None => session.questions.push(tally),
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let bytes = serde_json::to_vec_pretty(&session).map_err(io::Error::other)?;
    write_atomically(path, &bytes)?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(id: &str, hands: &[u32]) -> QuestionTally {
        QuestionTally {
            id: id.into(),
            counted: DateTime::from_timestamp(1_800_000_100, 0).expect("time"),
            choices: hands
                .iter()
                .enumerate()
                .map(|(i, &hands)| ChoiceCount {
                    choice: format!("choice {i}"),
                    correct: i == 0,
                    hands,
                })
                .collect(),
        }
    }

    #[test]
    fn counts_are_kept_per_question_and_replaced_when_typed_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let started = DateTime::from_timestamp(1_800_000_000, 0).expect("time");
        let path = session_path(dir.path(), "multi-stage", started);
        assert!(path.ends_with("present/sessions/multi-stage-20270115T080000Z.json"));
        record(&path, "multi-stage", started, count("q1", &[3, 4])).expect("save");
        record(&path, "multi-stage", started, count("q2", &[1, 0, 7])).expect("save");
        let saved = record(&path, "multi-stage", started, count("q1", &[5, 2])).expect("save");
        assert_eq!(saved.questions.len(), 2);
        assert_eq!(saved.questions[0].choices[0].hands, 5);
        let read: TallySession =
            serde_json::from_slice(&fs::read(&path).expect("read")).expect("json");
        assert_eq!(read, saved);
    }

    #[test]
    fn a_damaged_session_file_is_an_error_not_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.json");
        fs::write(&path, "nope").expect("write");
        let started = DateTime::from_timestamp(0, 0).expect("time");
        let error = record(&path, "l", started, count("q", &[1])).expect_err("damaged");
        assert!(
            error.to_string().contains("not a tally session file"),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "nope");
    }
}
