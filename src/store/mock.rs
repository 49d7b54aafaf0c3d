//! Mock interviews: saved after every answer, so that leaving (or a crash) loses nothing.

use super::rows::to_ms;
use super::{Store, StoreError};
use crate::srs::interview::MockInterview;

impl Store {
    /// Saves a mock interview: inserts it when it has no id yet (and sets the id), otherwise
    /// replaces the saved row. Committed before returning.
    pub fn save_mock_interview(&self, interview: &mut MockInterview) -> Result<i64, StoreError> {
        let json = serde_json::to_string(&*interview).map_err(|e| StoreError::Decode {
            path: self.path.clone(),
            what: "mock interview",
            detail: e.to_string(),
        })?;
        let started = to_ms(interview.started_at);
        let finished = interview.finished_at.map(to_ms);
        let score = interview.score();
        let tx = self.begin()?;
        let id = match interview.id {
            Some(id) => {
                tx.execute(
                    "UPDATE mock_interviews SET started_ms = ?1, finished_ms = ?2, score = ?3, \
                     interview = ?4 WHERE id = ?5",
                    rusqlite::params![started, finished, score, json, id],
                )
                .map_err(|e| self.err(e))?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO mock_interviews (started_ms, finished_ms, score, interview) \
                     VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![started, finished, score, json],
                )
                .map_err(|e| self.err(e))?;
                tx.last_insert_rowid()
            }
        };
        tx.commit().map_err(|e| self.err(e))?;
        interview.id = Some(id);
        Ok(id)
    }

    /// Every saved mock interview, oldest first.
    pub fn mock_interviews(&self) -> Result<Vec<MockInterview>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, interview FROM mock_interviews ORDER BY started_ms, id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row.map_err(|e| self.err(e))?;
            let mut interview: MockInterview =
                serde_json::from_str(&json).map_err(|e| StoreError::Decode {
                    path: self.path.clone(),
                    what: "mock interview",
                    detail: format!("row {id}: {e}"),
                })?;
            interview.id = Some(id);
            out.push(interview);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::srs::Rating;
    use crate::srs::interview::{InterviewAnswer, Level, MockInterview, Stage};
    use crate::srs::test_time::at;
    use crate::store::Store;

    #[test]
    fn a_mock_interview_is_saved_as_it_goes_and_listed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "ann").unwrap();
        let mut interview = MockInterview {
            id: None,
            started_at: at("2026-11-30T10:00:00Z"),
            finished_at: None,
            minutes: 15,
            level: Level::Senior,
            left_early: false,
            answers: Vec::new(),
        };
        let id = store.save_mock_interview(&mut interview).unwrap();
        interview.answers.push(InterviewAnswer {
            question_id: "q".into(),
            topic: "t".into(),
            stage: Stage::Scenario,
            lesson: "l#a".into(),
            answer: "because".into(),
            rating: Rating::Good,
            key_points: vec!["p".into()],
            covered: vec!["p".into()],
            seconds: 42,
            soft_limit_secs: 240,
        });
        interview.finished_at = Some(at("2026-11-30T10:05:00Z"));
        assert_eq!(store.save_mock_interview(&mut interview).unwrap(), id);
        let saved = store.mock_interviews().unwrap();
        assert_eq!(saved, vec![interview]);
    }
}
