//! The legacy Anki collection (`collection.anki2`, schema 11) that a package carries: its
//! tables, and the JSON of its `col` row (configuration, note types, decks, deck options).
//!
//! Schema 11 keeps note types, decks and deck options as JSON in the single `col` row; every
//! current Anki upgrades such a file when it imports the package.

use rusqlite::{Connection, params};
use serde_json::{Map, Value, json};

use crate::srs::config::{LeechAction, SchedulerConfig};

/// The tables of a schema-11 collection and their indexes.
pub const SCHEMA: &str = "
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
  ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL,
  conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL,
  tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL,
  csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
  due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
  ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL,
  type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// The id of the deck options the package carries (the same as the top deck's).
pub const DECK_CONFIG_ID: i64 = ROOT_DECK_ID;

/// The top deck's id: fixed, below any current timestamp in milliseconds.
pub const ROOT_DECK_ID: i64 = 1_733_011_300_000;

/// The top deck's name.
pub const ROOT_DECK: &str = "stagecraft";

/// A deck of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    /// Its id.
    pub id: i64,
    /// Its full name (`stagecraft::topic` for a subdeck).
    pub name: String,
}

impl Deck {
    /// The top deck.
    pub fn root() -> Deck {
        Deck {
            id: ROOT_DECK_ID,
            name: ROOT_DECK.to_owned(),
        }
    }

    /// The subdeck of a topic: its id is derived from the topic, so it is the same in every
    /// export, and `::` in a topic (which would nest decks) becomes `:`.
    pub fn topic(topic: &str) -> Deck {
        let hash = topic.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let clean = crate::sanitize::inert_line(topic.trim()).replace("::", ":");
        Deck {
            id: ROOT_DECK_ID + 1 + (hash % 1_000_000_000) as i64,
            name: format!("{ROOT_DECK}::{clean}"),
        }
    }

    /// The deck as `col.decks` stores it.
    fn to_json(&self, mtime: i64) -> Value {
        json!({
            "id": self.id, "mod": mtime, "name": self.name, "usn": -1,
            "lrnToday": [0, 0], "revToday": [0, 0], "newToday": [0, 0], "timeToday": [0, 0],
            "collapsed": false, "browserCollapsed": false, "desc": "", "dyn": 0,
            "conf": DECK_CONFIG_ID, "extendNew": 0, "extendRev": 0,
        })
    }
}

/// The `col.decks` JSON of a set of decks.
pub fn decks_json(decks: &[Deck], mtime: i64) -> String {
    let map: Map<String, Value> = decks
        .iter()
        .map(|deck| (deck.id.to_string(), deck.to_json(mtime)))
        .collect();
    Value::Object(map).to_string()
}

/// Our scheduling settings as Anki deck options (`col.dconf`): steps in minutes, daily
/// limits, maximum interval, leech threshold and action, desired retention and the FSRS
/// parameters (`fsrs_parameters`, all 21).
pub fn deck_config_json(config: &SchedulerConfig, fsrs_parameters: &[f32], mtime: i64) -> String {
    let minutes =
        |steps: &[u32]| -> Vec<f64> { steps.iter().map(|s| f64::from(*s) / 60.0).collect() };
    let leech_action = match config.leech_action {
        LeechAction::Suspend => 0,
        LeechAction::TagOnly => 1,
    };
    let conf = json!({
        "id": DECK_CONFIG_ID, "mod": mtime, "name": ROOT_DECK, "usn": -1,
        "maxTaken": 60, "autoplay": true, "timer": 0, "replayq": true, "dyn": false,
        "new": {
            "bury": false, "delays": minutes(&config.learning_steps_secs),
            "initialFactor": 2500, "ints": [1, 4, 0], "order": 1,
            "perDay": config.new_per_day,
        },
        "rev": {
            "bury": false, "ease4": 1.3, "ivlFct": 1.0,
            "maxIvl": config.maximum_interval_days, "perDay": config.reviews_per_day,
            "hardFactor": 1.2,
        },
        "lapse": {
            "delays": minutes(&config.relearning_steps_secs), "leechAction": leech_action,
            "leechFails": config.leech_threshold, "minInt": 1, "mult": 0.0,
        },
        "fsrsParams6": fsrs_parameters,
        "desiredRetention": config.desired_retention,
    });
    json!({ DECK_CONFIG_ID.to_string(): conf }).to_string()
}

/// The collection configuration (`col.conf`): the v3 scheduler, our rollover hour, and the UTC
/// offset at creation, so that Anki counts days as we do.
pub fn conf_json(
    rollover_hour: u32,
    creation_minutes_west: i64,
    next_position: i64,
    first_notetype: i64,
) -> String {
    json!({
        "schedVer": 2, "sched2021": true, "rollover": rollover_hour,
        "creationOffset": creation_minutes_west, "nextPos": next_position,
        "curDeck": ROOT_DECK_ID, "activeDecks": [ROOT_DECK_ID], "curModel": first_notetype,
        "newSpread": 0, "collapseTime": 1200, "timeLim": 0, "estTimes": true,
        "dueCounts": true, "addToCur": true, "sortType": "noteFld", "sortBackwards": false,
        "dayLearnFirst": false,
    })
    .to_string()
}

/// The `col` row.
#[derive(Debug, Clone)]
pub struct ColRow {
    /// Creation time, in seconds.
    pub crt: i64,
    /// Modification time, in milliseconds.
    pub mtime_ms: i64,
    /// `conf` JSON.
    pub conf: String,
    /// `models` JSON.
    pub models: String,
    /// `decks` JSON.
    pub decks: String,
    /// `dconf` JSON.
    pub dconf: String,
}

/// Creates the tables and writes the `col` row.
pub fn create(conn: &Connection, col: &ColRow) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)?;
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            col.crt,
            col.mtime_ms,
            col.conf,
            col.models,
            col.decks,
            col.dconf
        ],
    )?;
    Ok(())
}

/// A field as Anki's sort field and duplicate check see it: tags removed, the usual entities
/// decoded, trimmed.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#9;", "\t")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

/// Anki's field checksum: the first 32 bits of the SHA-1 of the plain sort field.
pub fn field_checksum(plain: &str) -> i64 {
    let digest = sha1_smol::Sha1::from(plain.as_bytes()).digest().bytes();
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>Which <b>stage</b> &amp; &lt;tag&gt;?</p>"),
            "Which stage & <tag>?"
        );
        assert_eq!(plain_text("&amp;lt;"), "&lt;");
    }

    #[test]
    fn checksum_is_the_first_32_bits_of_sha1() {
        // SHA-1("abc") = a9993e36...
        assert_eq!(field_checksum("abc"), 0xa999_3e36);
    }

    #[test]
    fn topic_decks_are_stable_subdecks() {
        let deck = Deck::topic("multi-stage");
        assert_eq!(deck, Deck::topic("multi-stage"));
        assert_eq!(deck.name, "stagecraft::multi-stage");
        assert_ne!(deck.id, Deck::topic("distroless").id);
        assert!(deck.id > ROOT_DECK_ID && deck.id < ROOT_DECK_ID + 1_000_000_001);
        assert_eq!(Deck::topic("a::b").name, "stagecraft::a:b");
    }

    #[test]
    fn deck_options_carry_the_scheduling_settings() {
        let config = SchedulerConfig {
            leech_action: LeechAction::TagOnly,
            ..SchedulerConfig::default()
        };
        let json: Value = serde_json::from_str(&deck_config_json(&config, &[0.5; 21], 7)).unwrap();
        let conf = &json[DECK_CONFIG_ID.to_string()];
        assert_eq!(conf["new"]["delays"], json!([1.0, 10.0]));
        assert_eq!(conf["lapse"]["delays"], json!([10.0]));
        assert_eq!(conf["lapse"]["leechAction"], 1);
        assert_eq!(conf["new"]["perDay"], 15);
        assert_eq!(conf["rev"]["maxIvl"], 36_500);
        assert_eq!(conf["fsrsParams6"].as_array().unwrap().len(), 21);
    }
}
