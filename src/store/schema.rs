//! The database schema as an ordered list of migrations. Migration `n` (0-based) moves a
//! database from `user_version` n to n + 1. Never edit a released migration: append a new one.

/// Identifies stagecraft databases (`PRAGMA application_id`): "STGC".
pub(crate) const APPLICATION_ID: i64 = 0x5354_4743;

/// The statements of a trigger of migration 7 that add (`"+"`) or take away (`"-"`) the answer
/// `row` (`NEW` or `OLD`, which must be in `review_log` then) to or from the statistics'
/// totals.
macro_rules! stats_add {
    ($sign:literal, $row:literal) => {
        concat!(
            "INSERT INTO stats_buckets SELECT start_ms, ",
            $sign,
            "1, ",
            $sign,
            "new_cards, ",
            $sign,
            "learning, ",
            $sign,
            "review, ",
            $sign,
            "again, ",
            $sign,
            "drill, ",
            $sign,
            "duration_ms, ",
            $sign,
            "young, ",
            $sign,
            "young_passed, ",
            $sign,
            "mature, ",
            $sign,
            "mature_passed ",
            "FROM stats_answer_terms WHERE id = ",
            $row,
            ".id ",
            "ON CONFLICT (start_ms) DO UPDATE SET ",
            "answers = answers + excluded.answers, ",
            "new_cards = new_cards + excluded.new_cards, ",
            "learning = learning + excluded.learning, ",
            "review = review + excluded.review, ",
            "again = again + excluded.again, ",
            "drill = drill + excluded.drill, ",
            "duration_ms = duration_ms + excluded.duration_ms, ",
            "young = young + excluded.young, ",
            "young_passed = young_passed + excluded.young_passed, ",
            "mature = mature + excluded.mature, ",
            "mature_passed = mature_passed + excluded.mature_passed; ",
            "INSERT INTO stats_cards SELECT question_id, ",
            $sign,
            "1, ",
            $sign,
            "passed ",
            "FROM stats_answer_terms WHERE id = ",
            $row,
            ".id ",
            "ON CONFLICT (question_id) DO UPDATE SET ",
            "answers = answers + excluded.answers, passed = passed + excluded.passed; "
        )
    };
}

/// The statements of a trigger of migration 7 that drop the totals' rows of the answer `row`
/// (`OLD`, still in `review_log`) once they count no answer.
macro_rules! stats_drop_empty {
    ($row:literal) => {
        concat!(
            "DELETE FROM stats_buckets WHERE answers = 0 AND start_ms = ",
            "(SELECT start_ms FROM stats_answer_terms WHERE id = ",
            $row,
            ".id); ",
            "DELETE FROM stats_cards WHERE answers = 0 AND question_id = ",
            $row,
            ".question_id; "
        )
    };
}

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
    // 7: the statistics' totals of the log (`srs::stats::LogTotals`), kept exact by triggers
    // in the transaction of every change to the log (answer, re-rate, undo, import, merge, a
    // hand edit), so that a report reads a few thousand rows instead of every answer. Per
    // 15-minute bucket of UTC time (a study day is made of whole buckets whatever the offset
    // and rollover hour) and per card. Safe to re-run: the totals are rebuilt from the log.
    concat!(
        r#"
    CREATE TABLE IF NOT EXISTS stats_buckets (
        start_ms      INTEGER PRIMARY KEY NOT NULL,
        answers       INTEGER NOT NULL,
        new_cards     INTEGER NOT NULL,
        learning      INTEGER NOT NULL,
        review        INTEGER NOT NULL,
        again         INTEGER NOT NULL,
        drill         INTEGER NOT NULL,
        duration_ms   INTEGER NOT NULL,
        young         INTEGER NOT NULL,
        young_passed  INTEGER NOT NULL,
        mature        INTEGER NOT NULL,
        mature_passed INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS stats_cards (
        question_id TEXT PRIMARY KEY NOT NULL,
        answers     INTEGER NOT NULL,
        passed      INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    DROP TRIGGER IF EXISTS stats_log_insert;
    DROP TRIGGER IF EXISTS stats_log_delete;
    DROP TRIGGER IF EXISTS stats_log_update_before;
    DROP TRIGGER IF EXISTS stats_log_update_after;
    DROP VIEW IF EXISTS stats_answer_terms;
    -- What one answer adds to its bucket, as `BucketTotals::add` counts it: phase 0 new, 1 and
    -- 3 learning, 2 review; mature when the interval before rounds to 21 days or more (from
    -- 20.5 days = 1771200000 ms), young otherwise; the duration from 0 up to 2^40 ms.
    CREATE VIEW stats_answer_terms AS SELECT
        id,
        question_id,
        reviewed_at_ms - ((reviewed_at_ms % 900000) + 900000) % 900000 AS start_ms,
        phase_before = 0 AS new_cards,
        phase_before IN (1, 3) AS learning,
        phase_before = 2 AS review,
        rating = 1 AS again,
        drill != 0 AS drill,
        min(max(duration_ms, 0), 1099511627776) AS duration_ms,
        phase_before = 2 AND ifnull(interval_before_ms < 1771200000, 1) AS young,
        phase_before = 2 AND ifnull(interval_before_ms < 1771200000, 1) AND rating != 1
            AS young_passed,
        phase_before = 2 AND ifnull(interval_before_ms >= 1771200000, 0) AS mature,
        phase_before = 2 AND ifnull(interval_before_ms >= 1771200000, 0) AND rating != 1
            AS mature_passed,
        rating != 1 AS passed
    FROM review_log;
    DELETE FROM stats_buckets;
    INSERT INTO stats_buckets
        SELECT start_ms, count(*), sum(new_cards), sum(learning), sum(review), sum(again),
            sum(drill), sum(duration_ms), sum(young), sum(young_passed), sum(mature),
            sum(mature_passed)
        FROM stats_answer_terms GROUP BY start_ms;
    DELETE FROM stats_cards;
    INSERT INTO stats_cards
        SELECT question_id, count(*), sum(passed) FROM stats_answer_terms GROUP BY question_id;
    CREATE TRIGGER stats_log_insert AFTER INSERT ON review_log BEGIN
    "#,
        stats_add!("+", "NEW"),
        r#"
    END;
    CREATE TRIGGER stats_log_delete BEFORE DELETE ON review_log BEGIN
    "#,
        stats_add!("-", "OLD"),
        stats_drop_empty!("OLD"),
        r#"
    END;
    CREATE TRIGGER stats_log_update_before BEFORE UPDATE OF
        id, question_id, reviewed_at_ms, rating, duration_ms, drill, phase_before,
        interval_before_ms
    ON review_log BEGIN
    "#,
        stats_add!("-", "OLD"),
        stats_drop_empty!("OLD"),
        r#"
    END;
    CREATE TRIGGER stats_log_update_after AFTER UPDATE OF
        id, question_id, reviewed_at_ms, rating, duration_ms, drill, phase_before,
        interval_before_ms
    ON review_log BEGIN
    "#,
        stats_add!("+", "NEW"),
        r#"
    END;
    "#
    ),
    // 8: the statistics read the cards in question id order from an index that holds every
    // field they use, without a look-up in the table per card, however the cards were first
    // answered (`STATS_CARD_COLUMNS`).
    r#"
    CREATE INDEX IF NOT EXISTS cards_stats ON cards (question_id, phase, stability, difficulty, due_ms,
        last_review_ms, suspended, buried_day, leech);
    "#,
];

/// The schema version this build writes and understands.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
