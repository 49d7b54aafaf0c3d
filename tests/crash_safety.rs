//! Killing the process at random while it answers cards loses no answer it already reported.
//!
//! The parent test spawns this test binary again, running only the ignored helper test
//! `answer_loop_child`, which answers cards in a loop and prints `committed <log id>` after
//! each `record_answer` returns (and `undoing <log id>` / `undone <log id>` around each undo).
//! The parent kills it
//! with SIGKILL after a pseudo-random number of lines plus a pseudo-random delay, 20 times on
//! the same database, and checks after each kill that every reported answer is present unless
//! an undo of it was announced, every reported undo is absent, each card's state equals the state after its latest logged answer,
//! and `PRAGMA integrity_check` is ok.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{DateTime, Utc};
use stagecraft::srs::{Rating, Scheduler, SchedulerConfig};
use stagecraft::store::Store;

const DIR_VAR: &str = "STAGECRAFT_CRASH_CHILD_DIR";
const SEED_VAR: &str = "STAGECRAFT_CRASH_CHILD_SEED";
const PROFILE: &str = "crash";
const KILLS: u64 = 20;

/// xorshift64* pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

#[test]
#[ignore = "helper process for killing_the_writer_loses_no_reported_answer"]
fn answer_loop_child() {
    let dir = std::env::var(DIR_VAR).expect("run by killing_the_writer_loses_no_reported_answer");
    let seed: u64 = std::env::var(SEED_VAR).unwrap().parse().unwrap();
    let store = Store::open(Path::new(&dir), PROFILE).unwrap();
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let mut rng = Rng(seed | 1);
    let base = DateTime::parse_from_rfc3339("2024-01-01T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    // Bounded so that an orphaned child cannot run forever.
    for n in 0..20_000i64 {
        if rng.below(8) == 0 {
            if let Some(last) = store.review_log().unwrap().last() {
                // Announce the undo first: a kill between the two lines leaves the parent
                // unsure whether the undo committed, and both outcomes are then correct.
                println!("undoing {}", last.id);
                store.undo_answer(last.id).unwrap();
                println!("undone {}", last.id);
            }
            continue;
        }
        let id = format!("q{}", rng.below(12));
        let state = store.card_state(&id).unwrap().unwrap_or_default();
        let now = state
            .due
            .unwrap_or(base)
            .max(base + chrono::Duration::minutes(n));
        let rating = Rating::ALL[rng.below(4) as usize];
        let answer = scheduler.answer(&id, &state, rating, now).unwrap();
        let log_id = store.record_answer(&answer, 1000, false).unwrap();
        println!("committed {log_id}");
    }
}

#[test]
fn killing_the_writer_loses_no_reported_answer() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(0x00c0_ffee_d00d_f00d);
    let mut reports = Reports::default();

    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "answer_loop_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(DIR_VAR, dir.path())
            .env(SEED_VAR, (round * 7919 + 17).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let wanted = rng.below(40) + 1;
        let mut seen = 0;
        while seen < wanted {
            let Some(Ok(line)) = lines.next() else { break };
            seen += u64::from(reports.read(&line));
        }
        std::thread::sleep(Duration::from_micros(rng.below(5000)));
        child.kill().unwrap();
        // Lines already written before the kill are reports too.
        for line in lines.map_while(Result::ok) {
            reports.read(&line);
        }
        child.wait().unwrap();
        check(dir.path(), &reports, round);
    }
    assert!(
        reports.committed.len() >= KILLS as usize,
        "only {} answers",
        reports.committed.len()
    );
}

/// What the children reported so far.
#[derive(Default)]
struct Reports {
    /// Answers reported committed.
    committed: HashSet<i64>,
    /// Answers whose undo was announced (it may or may not have committed).
    undoing: HashSet<i64>,
    /// Answers reported undone.
    undone: HashSet<i64>,
}

impl Reports {
    /// Records one output line; true if it reported a committed answer. The report may follow
    /// other text on the line (the test harness prints `test answer_loop_child ... ` first).
    fn read(&mut self, line: &str) -> bool {
        let report = |marker: &str| {
            line.rfind(marker)
                .map(|at| line[at + marker.len()..].trim().parse::<i64>().unwrap())
        };
        if let Some(id) = report("committed ") {
            self.committed.insert(id);
            true
        } else if let Some(id) = report("undoing ") {
            self.undoing.insert(id);
            false
        } else if let Some(id) = report("undone ") {
            self.undone.insert(id);
            false
        } else {
            false
        }
    }
}

fn check(dir: &Path, reports: &Reports, round: u64) {
    let store = Store::open(dir, PROFILE).unwrap();
    assert_eq!(store.integrity_check().unwrap(), ["ok"], "round {round}");
    let log = store.review_log().unwrap();
    let present: HashSet<i64> = log.iter().map(|r| r.id).collect();
    let missing: Vec<_> = reports
        .committed
        .difference(&present)
        .filter(|id| !reports.undoing.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "round {round}: answers lost: {missing:?}"
    );
    let resurrected: Vec<_> = reports.undone.intersection(&present).collect();
    assert!(
        resurrected.is_empty(),
        "round {round}: undone answers back: {resurrected:?}"
    );
    // Log and card state were written in one transaction: they always agree.
    let mut latest = HashMap::new();
    for record in &log {
        latest.insert(record.card_id.clone(), record.after.clone());
    }
    let states = store.card_states().unwrap();
    for (id, state) in &states {
        let expected = latest.get(id).cloned().unwrap_or_default();
        assert_eq!(
            state, &expected,
            "round {round}: card {id} disagrees with its log"
        );
    }
}

const TWO_DIR_VAR: &str = "STAGECRAFT_TWO_INSTANCES_DIR";
const TWO_NAME_VAR: &str = "STAGECRAFT_TWO_INSTANCES_NAME";
/// Answers each of the two instances gives to the same card.
const SHARED_ANSWERS: u32 = 40;

#[test]
#[ignore = "helper process for two_processes_answering_one_card_lose_no_update"]
fn shared_card_child() {
    use stagecraft::store::NewAnswer;
    let dir = std::env::var(TWO_DIR_VAR).expect("run by two_processes_…");
    let name = std::env::var(TWO_NAME_VAR).unwrap();
    let store = Store::open(Path::new(&dir), "shared").unwrap();
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let base = DateTime::parse_from_rfc3339("2024-01-01T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    for n in 0..SHARED_ANSWERS {
        // Like the review screen: the card is shown (read) first, answered later.
        let _shown = store.card_state("shared").unwrap();
        std::thread::yield_now();
        let answer = NewAnswer {
            card_id: "shared".into(),
            rating: if n % 3 == 0 {
                Rating::Hard
            } else {
                Rating::Good
            },
            at: base + chrono::Duration::minutes(i64::from(n)),
            duration_ms: 1000,
            drill: false,
            overridden: false,
        };
        let saved = store.answer(&scheduler, &answer).unwrap();
        println!("{name} saved {}", saved.log_id);
    }
}

/// Two processes on one profile answer the same card at the same time (the real store, two
/// connections, as two app instances would): every answer counts, and each one is scheduled
/// from the state the previous one left, so the card's history is one unbroken chain.
#[test]
fn two_processes_answering_one_card_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    // Create the database first so that neither child races to create it.
    drop(Store::open(dir.path(), "shared").unwrap());
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["one", "two"]
        .into_iter()
        .map(|name| {
            Command::new(&exe)
                .args([
                    "--ignored",
                    "--exact",
                    "shared_card_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(TWO_DIR_VAR, dir.path())
                .env(TWO_NAME_VAR, name)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let store = Store::open(dir.path(), "shared").unwrap();
    let log = store.review_log_for("shared").unwrap();
    assert_eq!(log.len(), 2 * SHARED_ANSWERS as usize);
    for pair in log.windows(2) {
        assert_eq!(
            pair[1].before, pair[0].after,
            "answer {} was not scheduled from answer {}",
            pair[1].id, pair[0].id
        );
    }
    let state = store.card_state("shared").unwrap().unwrap();
    assert_eq!(state.reps, 2 * SHARED_ANSWERS);
    assert_eq!(Some(&state), log.last().map(|r| &r.after));
}
