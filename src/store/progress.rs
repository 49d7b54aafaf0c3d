//! The profile's scheduling data as a whole (settings, settings history, card states, review
//! log), its completed labs and its mock interviews: read at once for an export, and replaced
//! at once by an import, in one transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::rows::{self, card_from_row, from_ms, record_from_row, to_ms};
use super::{CARD_COLUMNS, RECORD_COLUMNS, SCHEDULER_CONFIG_KEY, Store, StoreError};
use crate::srs::interview::MockInterview;
use crate::srs::{CardState, ReviewRecord, SchedulerConfig};

/// One change of the scheduling settings: from `at` on, `config` was in force.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsChange {
    /// When the settings were saved. The Unix epoch for the settings found when the history
    /// began (a database made before it): in force from the start as far as is known.
    pub at: DateTime<Utc>,
    /// The settings saved.
    pub config: SchedulerConfig,
}

/// One card changed by [`Store::update_cards`].
#[derive(Debug, Clone, PartialEq)]
pub struct CardChange {
    /// The card.
    pub question_id: String,
    /// Its state before (restore it to undo).
    pub before: CardState,
    /// Its state after.
    pub after: CardState,
}

/// Everything stored about scheduling in a profile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProgressSnapshot {
    /// The settings in force.
    pub config: SchedulerConfig,
    /// Every saved change of the settings, oldest first.
    pub settings_history: Vec<SettingsChange>,
    /// Card states by question id.
    pub cards: BTreeMap<String, CardState>,
    /// The review log, in id order.
    pub log: Vec<ReviewRecord>,
    /// Completed labs and when each was first completed.
    pub labs: BTreeMap<String, DateTime<Utc>>,
    /// Saved mock interviews, oldest first.
    pub mock_interviews: Vec<MockInterview>,
}

impl ProgressSnapshot {
    /// Whether the profile holds no card state and no answer.
    pub fn has_no_progress(&self) -> bool {
        self.cards.is_empty() && self.log.is_empty()
    }
}

fn config_json(store: &Store, config: &SchedulerConfig) -> Result<String, StoreError> {
    serde_json::to_string(config).map_err(|err| StoreError::Decode {
        path: store.path.clone(),
        what: "scheduler configuration",
        detail: err.to_string(),
    })
}

impl Store {
    /// Saves the scheduler configuration and, when it differs from the latest recorded one,
    /// appends it to the settings history with the time `at`, in one transaction.
    pub fn set_scheduler_config_at(
        &self,
        config: &SchedulerConfig,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let json = config_json(self, config)?;
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SCHEDULER_CONFIG_KEY, json],
        )
        .map_err(|e| self.err(e))?;
        let latest: Option<String> = tx
            .query_row(
                "SELECT config FROM settings_history ORDER BY changed_at_ms DESC, id DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        if latest.as_deref() != Some(json.as_str()) {
            tx.execute(
                "INSERT INTO settings_history (changed_at_ms, config) VALUES (?1, ?2)",
                params![to_ms(at), json],
            )
            .map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Every saved change of the scheduler settings, oldest first.
    pub fn settings_history(&self) -> Result<Vec<SettingsChange>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT changed_at_ms, config FROM settings_history ORDER BY changed_at_ms, id",
            )
            .map_err(|e| self.err(e))?;
        let raw = stmt
            .query_map([], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        raw.into_iter()
            .map(|(ms, json)| {
                let decode = |detail: String| StoreError::Decode {
                    path: self.path.clone(),
                    what: "settings history",
                    detail,
                };
                Ok(SettingsChange {
                    at: from_ms(ms).ok_or_else(|| decode(format!("{ms} is not a valid time")))?,
                    config: serde_json::from_str(&json).map_err(|e| decode(e.to_string()))?,
                })
            })
            .collect()
    }

    /// The whole scheduling state of the profile, read in one transaction.
    pub fn progress_snapshot(&self) -> Result<ProgressSnapshot, StoreError> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let snapshot = self.read_snapshot(&tx)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(snapshot)
    }

    fn read_snapshot(&self, tx: &Transaction<'_>) -> Result<ProgressSnapshot, StoreError> {
        let config = self.scheduler_config()?;
        let settings_history = self.settings_history()?;
        let mut stmt = tx
            .prepare(&format!("SELECT {CARD_COLUMNS} FROM cards"))
            .map_err(|e| self.err(e))?;
        let cards = stmt
            .query_map([], |row| Ok(card_from_row(row)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(|d| d.map_err(|e| e.into_store_error(&self.path)))
            .collect::<Result<BTreeMap<_, _>, _>>()?;
        let mut stmt = tx
            .prepare(&format!(
                "SELECT {RECORD_COLUMNS} FROM review_log ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        let log = stmt
            .query_map([], |row| Ok(record_from_row(row)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(|d| d.map_err(|e| e.into_store_error(&self.path)))
            .collect::<Result<Vec<_>, _>>()?;
        let labs = self.lab_completions()?.into_iter().collect();
        let mock_interviews = self.mock_interviews()?;
        Ok(ProgressSnapshot {
            config,
            settings_history,
            cards,
            log,
            labs,
            mock_interviews,
        })
    }

    /// Replaces the profile's scheduling state with what `change` makes of the current one,
    /// in one transaction: either all of it is written or (on any error, from `change` or
    /// from the database) nothing. Lesson progress is not touched, and a lab stays completed:
    /// the labs of the new snapshot are added, each keeping its earliest completion time. The
    /// mock interviews become the snapshot's, numbered from 1 in their order.
    pub fn rewrite_progress<E: From<StoreError>>(
        &self,
        change: impl FnOnce(ProgressSnapshot) -> Result<ProgressSnapshot, E>,
    ) -> Result<ProgressSnapshot, E> {
        let tx = self.begin()?;
        let current = self.read_snapshot(&tx)?;
        let next = change(current)?;
        self.write_snapshot(&tx, &next)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(next)
    }

    /// Applies `change` to each listed card's current state (new if none) in one
    /// transaction: every card is changed or, when `change` refuses one, none is. Returns each
    /// card's state before and after, in the order given, so that the change can be undone
    /// by storing the states before ([`Store::put_card_states`]). The review log is not
    /// touched.
    pub fn update_cards<S: AsRef<str>, E: From<StoreError>>(
        &self,
        question_ids: &[S],
        mut change: impl FnMut(&str, &CardState) -> Result<CardState, E>,
    ) -> Result<Vec<CardChange>, E> {
        let tx = self.begin()?;
        let mut changes = Vec::with_capacity(question_ids.len());
        for id in question_ids {
            let id = id.as_ref();
            let before = tx
                .query_row(
                    &format!("SELECT {CARD_COLUMNS} FROM cards WHERE question_id = ?1"),
                    [id],
                    |row| Ok(card_from_row(row)),
                )
                .optional()
                .map_err(|e| self.err(e))?
                .transpose()
                .map_err(|e| e.into_store_error(&self.path))?
                .map(|(_, state)| state)
                .unwrap_or_default();
            let after = change(id, &before)?;
            rows::upsert_card(&tx, id, &after).map_err(|e| self.err(e))?;
            changes.push(CardChange {
                question_id: id.to_owned(),
                before,
                after,
            });
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(changes)
    }

    /// Stores the given card states in one transaction (for undoing [`Store::update_cards`]).
    pub fn put_card_states(&self, states: &[(String, CardState)]) -> Result<(), StoreError> {
        let tx = self.begin()?;
        for (id, state) in states {
            rows::upsert_card(&tx, id, state).map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))
    }

    fn write_snapshot(
        &self,
        tx: &Transaction<'_>,
        snapshot: &ProgressSnapshot,
    ) -> Result<(), StoreError> {
        let err = |e| self.err(e);
        tx.execute_batch(
            "DELETE FROM cards; DELETE FROM review_log; DELETE FROM settings_history; \
             DELETE FROM mock_interviews;",
        )
        .map_err(err)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SCHEDULER_CONFIG_KEY, config_json(self, &snapshot.config)?],
        )
        .map_err(err)?;
        for change in &snapshot.settings_history {
            tx.execute(
                "INSERT INTO settings_history (changed_at_ms, config) VALUES (?1, ?2)",
                params![to_ms(change.at), config_json(self, &change.config)?],
            )
            .map_err(err)?;
        }
        for (id, state) in &snapshot.cards {
            rows::upsert_card(tx, id, state).map_err(err)?;
        }
        let mut insert = tx
            .prepare(
                "INSERT INTO review_log (id, question_id, reviewed_at_ms, rating, elapsed_days, \
                 duration_ms, drill, phase_before, phase_after, state_before, state_after, \
                 interval_before_ms, overridden) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .map_err(err)?;
        for record in &snapshot.log {
            insert
                .execute(params![
                    record.id,
                    record.card_id,
                    to_ms(record.reviewed_at),
                    record.rating.number(),
                    record.elapsed_days,
                    i64::try_from(record.duration_ms).unwrap_or(i64::MAX),
                    record.drill,
                    record.before.phase.code(),
                    record.after.phase.code(),
                    rows::state_json(&record.before),
                    rows::state_json(&record.after),
                    rows::logged_interval_ms(&record.before),
                    record.overridden,
                ])
                .map_err(err)?;
        }
        for (lab_id, at) in &snapshot.labs {
            tx.execute(
                "INSERT INTO lab_completion (lab_id, completed_ms) VALUES (?1, ?2) \
                 ON CONFLICT (lab_id) DO UPDATE SET \
                 completed_ms = min(completed_ms, excluded.completed_ms)",
                params![lab_id, to_ms(*at)],
            )
            .map_err(err)?;
        }
        for (index, interview) in snapshot.mock_interviews.iter().enumerate() {
            let mut interview = interview.clone();
            interview.id = Some(index as i64 + 1);
            let json = serde_json::to_string(&interview).map_err(|e| StoreError::Decode {
                path: self.path.clone(),
                what: "mock interview",
                detail: e.to_string(),
            })?;
            tx.execute(
                "INSERT INTO mock_interviews (id, started_ms, finished_ms, score, interview) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    interview.id,
                    to_ms(interview.started_at),
                    interview.finished_at.map(to_ms),
                    interview.score(),
                    json
                ],
            )
            .map_err(err)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::test_time::at;
    use crate::store::schema;

    #[test]
    fn upgrading_records_the_settings_found_as_in_force_from_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            for migration in &schema::MIGRATIONS[..3] {
                conn.execute_batch(migration).unwrap();
            }
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .unwrap();
            conn.pragma_update(None, "user_version", 3).unwrap();
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('scheduler_config', ?1)",
                [r#"{"desired_retention": 0.8}"#],
            )
            .unwrap();
        }
        let store = Store::open_path(&path).unwrap();
        let history = store.settings_history().unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].at.timestamp_millis(), 0);
        assert_eq!(history[0].config.desired_retention, 0.8);
    }

    #[test]
    fn saving_the_same_settings_again_adds_no_history() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "p").unwrap();
        assert!(store.settings_history().unwrap().is_empty());
        let mut config = SchedulerConfig::default();
        store
            .set_scheduler_config_at(&config, at("2026-01-01T00:00:00Z"))
            .unwrap();
        store
            .set_scheduler_config_at(&config, at("2026-01-02T00:00:00Z"))
            .unwrap();
        config.reviews_per_day = 50;
        store
            .set_scheduler_config_at(&config, at("2026-01-03T00:00:00Z"))
            .unwrap();
        let history = store.settings_history().unwrap();
        let times: Vec<_> = history.iter().map(|h| h.at).collect();
        assert_eq!(
            times,
            [at("2026-01-01T00:00:00Z"), at("2026-01-03T00:00:00Z")]
        );
        assert_eq!(store.scheduler_config().unwrap().reviews_per_day, 50);
    }
}
