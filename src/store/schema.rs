//! The database schema as an ordered list of migrations. Migration `n` (0-based) moves a
//! database from `user_version` n to n + 1. Never edit a released migration: append a new one.

/// Identifies stagecraft databases (`PRAGMA application_id`): "STGC".
pub(crate) const APPLICATION_ID: i64 = 0x5354_4743;

/// Ordered migrations; the schema version is their count.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: card states, review log, lesson progress, labs, settings.
    r#"
    CREATE TABLE cards (
        question_id    TEXT PRIMARY KEY NOT NULL,
        phase          INTEGER NOT NULL CHECK (phase BETWEEN 0 AND 3),
        step           INTEGER,
        stability      REAL,
        difficulty     REAL,
        due_ms         INTEGER,
        last_review_ms INTEGER,
        reps           INTEGER NOT NULL DEFAULT 0,
        lapses         INTEGER NOT NULL DEFAULT 0,
        suspended      INTEGER NOT NULL DEFAULT 0,
        buried_day     INTEGER,
        leech          INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX cards_due ON cards (due_ms);

    CREATE TABLE review_log (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id    TEXT NOT NULL,
        reviewed_at_ms INTEGER NOT NULL,
        rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        elapsed_days   INTEGER,
        duration_ms    INTEGER NOT NULL,
        drill          INTEGER NOT NULL DEFAULT 0,
        phase_before   INTEGER NOT NULL,
        phase_after    INTEGER NOT NULL,
        state_before   TEXT NOT NULL,
        state_after    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX review_log_time ON review_log (reviewed_at_ms);
    CREATE INDEX review_log_question ON review_log (question_id, id);

    CREATE TABLE lesson_progress (
        lesson_id  TEXT PRIMARY KEY NOT NULL,
        line       INTEGER NOT NULL,
        percent    REAL NOT NULL,
        updated_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE lab_completion (
        lab_id       TEXT PRIMARY KEY NOT NULL,
        completed_ms INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    "#,
    // 2: the study queue reads the cards it may show from one index, without the table.
    r#"
    DROP INDEX cards_due;
    CREATE INDEX cards_queue ON cards (phase, due_ms, suspended, buried_day, question_id);
    "#,
    // 3: the statistics read a narrow index of the log instead of its wide rows, and take the
    // review interval before each answer (young or mature) from a column, not from the JSON
    // state. Times in the JSON have millisecond precision, so the interval is exact.
    r#"
    ALTER TABLE review_log ADD COLUMN interval_before_ms INTEGER;
    UPDATE review_log SET interval_before_ms =
        CAST(round(unixepoch(state_before ->> '$.due', 'subsec') * 1000) AS INTEGER)
        - CAST(round(unixepoch(state_before ->> '$.last_review', 'subsec') * 1000) AS INTEGER)
    WHERE phase_before = 2 AND json_valid(state_before);
    CREATE INDEX review_log_stats ON review_log
        (id, question_id, reviewed_at_ms, rating, duration_ms, drill, phase_before,
         interval_before_ms);
    "#,
    // 4: the history of the scheduling settings, so that an exported log can be replayed under
    // the settings in force at each answer. The settings found now were in force from the
    // start as far as anyone knows: they are recorded at time 0. Written to be re-run safely
    // (a database taken back to an older version by hand keeps the table).
    r#"
    CREATE TABLE IF NOT EXISTS settings_history (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        changed_at_ms INTEGER NOT NULL,
        config        TEXT NOT NULL
    ) STRICT;
    INSERT INTO settings_history (changed_at_ms, config)
        SELECT 0, value FROM settings WHERE key = 'scheduler_config'
        AND NOT EXISTS (SELECT 1 FROM settings_history);
    "#,
    // 5: mock interviews, one row each, saved after every answer.
    // The answers are JSON (see `srs::interview::MockInterview`). Safe to re-run.
    r#"
    CREATE TABLE IF NOT EXISTS mock_interviews (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        started_ms  INTEGER NOT NULL,
        finished_ms INTEGER,
        score       REAL NOT NULL,
        interview   TEXT NOT NULL
    ) STRICT;
    "#,
    // 6: whether the learner overrode the grader's verdict on an answer ("I was right" /
    // "I was wrong"); answers logged before this are not overridden.
    r#"
    ALTER TABLE review_log ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0
        CHECK (overridden IN (0, 1));
    "#,
];

/// The schema version this build writes and understands.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
