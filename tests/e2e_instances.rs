//! End-to-end: two real app processes on one profile, a save refused by another program's
//! lock, and a full disk, each driven in tmux and checked in the database afterwards.
//!
//! The binary is `STAGECRAFT_E2E_BIN` if set (so these tests can be run against an older build
//! to see them fail), else the one cargo built. The database is read with plain SQL, so that
//! any schema version can be checked. Needs tmux, like `tests/e2e_tmux.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Tmux as Term, binary, flat};
use rusqlite::{Connection, OpenFlags};

/// Starts `stagecraft --data-dir DATA ARGS` in the terminal's shell.
fn run(term: &Term, data: &Path, args: &str) {
    term.wait_for("bash$");
    term.keys(&[
        &format!("clear; {} --data-dir {} {args}", binary(), data.display()),
        "Enter",
    ]);
}

/// A fresh data folder for one test.
fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn database(data: &Path) -> PathBuf {
    data.join("default.sqlite3")
}

/// The review log as (row id, card id, state before, state after), oldest first.
fn log(data: &Path) -> Vec<(i64, String, String, String)> {
    let conn = Connection::open_with_flags(database(data), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open");
    let mut stmt = conn
        .prepare("SELECT id, question_id, state_before, state_after FROM review_log ORDER BY id")
        .expect("query");
    stmt.query_map([], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
    })
    .expect("rows")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// The rating of the newest logged answer.
fn rating_of_last(data: &Path) -> i64 {
    let conn = Connection::open_with_flags(database(data), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open");
    conn.query_row(
        "SELECT rating FROM review_log ORDER BY id DESC LIMIT 1",
        [],
        |row| row.get(0),
    )
    .expect("rating")
}

/// The stored repetition count of each card.
fn reps(data: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open_with_flags(database(data), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open");
    let mut stmt = conn
        .prepare("SELECT question_id, reps FROM cards WHERE reps > 0 ORDER BY question_id")
        .expect("query");
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// The question on a review screen: its header, rule and prompt lines.
fn question(screen: &str) -> String {
    screen
        .lines()
        .skip(3)
        .take(2)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Answers the question on screen whatever its kind (`x` is typed into a text answer and
/// ignored by the others, Enter submits the selection or reveals a flashcard, `3` rates a
/// flashcard), then waits until the session counts `done` answers.
fn answer(term: &Term, done: usize) {
    term.keys(&["x"]);
    term.keys(&["Enter"]);
    term.wait_for("1 Again");
    term.keys(&["3"]);
    term.wait_for(&format!("{done} done"));
}

/// Waits until every key sent so far has been handled: `?` opens the help, Esc closes it.
fn settle(term: &Term) {
    term.keys(&["?"]);
    term.wait_for("Everywhere");
    term.keys(&["Escape"]);
    let start = Instant::now();
    while term.screen().contains("Everywhere") {
        assert!(start.elapsed() < Duration::from_secs(20), "help stays open");
        sleep(Duration::from_millis(50));
    }
}

/// Two processes show the same new card, then both answer it. The rule (docs/reliability.md):
/// each answer is scheduled from the card's state read inside its write transaction, so the
/// second builds on the first and the card has two repetitions, not one.
#[test]
fn two_instances_answering_one_card_both_count() {
    let data = data_dir();
    let one = Term::start("both-1", 100, 30);
    let two = Term::start("both-2", 100, 30);
    run(&one, data.path(), "review");
    let first = one.wait_for("stagecraft › Review");
    run(&two, data.path(), "review");
    let second = two.wait_for("stagecraft › Review");
    assert_eq!(
        question(&first),
        question(&second),
        "both show the same card"
    );
    answer(&one, 1);
    answer(&two, 1);
    one.keys(&["Escape"]);
    two.keys(&["Escape"]);
    one.wait_for("stagecraft › Home");
    two.wait_for("stagecraft › Home");

    let log = log(data.path());
    assert_eq!(log.len(), 2, "both answers are logged: {log:?}");
    assert_eq!(log[0].1, log[1].1, "to one card: {log:?}");
    assert_eq!(
        log[1].2, log[0].3,
        "the second answer was scheduled from the first one's result"
    );
    assert_eq!(reps(data.path()), [(log[0].1.clone(), 2)]);
}

/// `u` in one instance takes back only that session's answers, most recent first: never an
/// answer another running instance saved after them, nor one of an earlier session.
#[test]
fn undo_reaches_only_this_sessions_answers() {
    let data = data_dir();
    // An earlier session answers one card and ends.
    let earlier = Term::start("undo-0", 100, 30);
    run(&earlier, data.path(), "review");
    earlier.wait_for("stagecraft › Review");
    answer(&earlier, 1);
    earlier.keys(&["Escape"]);
    earlier.wait_for("stagecraft › Home");
    earlier.keys(&["q"]);
    earlier.wait_for("bash$");
    let before = log(data.path());
    assert_eq!(before.len(), 1);

    // This session answers two cards; another instance, started after, answers a third.
    let this = Term::start("undo-1", 100, 30);
    run(&this, data.path(), "review");
    this.wait_for("stagecraft › Review");
    answer(&this, 1);
    this.keys(&["Enter"]);
    this.wait_for("1 done");
    answer(&this, 2);
    let other = Term::start("undo-2", 100, 30);
    run(&other, data.path(), "review");
    other.wait_for("stagecraft › Review");
    answer(&other, 1);
    let all = log(data.path());
    assert_eq!(all.len(), 4, "{all:?}");
    let others = all[3].clone();

    // Three undos here: this session's two answers go, newest first; nothing else.
    this.keys(&["u"]);
    this.wait_for("1 done");
    assert_eq!(log(data.path()), [&all[..2], &all[3..]].concat());
    this.keys(&["u"]);
    this.wait_for("0 done");
    this.keys(&["u"]);
    settle(&this);
    assert_eq!(log(data.path()), [before[0].clone(), others]);
}

/// A save refused because another program holds the database locked past the wait: the
/// answer is kept (not counted), the whole message is shown wrapped at 40 columns, and `r`
/// saves it once the lock is gone.
#[test]
fn a_save_refused_by_a_lock_is_kept_and_retried_at_40_columns() {
    let data = data_dir();
    let term = Term::start("lock", 40, 20);
    run(&term, data.path(), "review");
    term.wait_for("stagecraft › Review");
    let other = Connection::open(database(data.path())).expect("open");
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    term.keys(&["x"]);
    term.keys(&["Enter"]);
    // The app waits its busy timeout (5 s) before it gives up.
    let shown = term.wait_for("x: discard it");
    let text = flat(&shown);
    assert!(text.contains("0 done"), "not counted:\n{shown}");
    assert!(
        text.contains("Not saved yet"),
        "the message is shown whole:\n{shown}"
    );
    assert!(
        text.contains("holds the profile locked; close it or wait"),
        "the advice is shown whole:\n{shown}"
    );
    assert!(log(data.path()).is_empty());
    other.execute_batch("COMMIT").expect("unlock");
    drop(other);
    term.keys(&["r"]);
    term.wait_for("1 done");
    assert_eq!(log(data.path()).len(), 1, "the retried answer is saved");
}

/// A small tmpfs, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size`; without the right to (not root), `None` after saying why,
    /// except under CI (`CI=true`), which runs as root: there the test must not pass unseen.
    fn mount(size: &str, test: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        let why = match output {
            Ok(out) if out.status.success() => return Some(Tmpfs { dir }),
            Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            Err(err) => format!("cannot run mount: {err}"),
        };
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: cannot mount a tmpfs under CI ({why})"
        );
        eprintln!("skipped {test}: cannot mount a tmpfs ({why}); it needs root");
        None
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Writes zeros to `path` until the disk holding it is full.
fn fill_disk(path: &Path) {
    use std::io::Write;
    let mut file = std::fs::File::create(path).expect("filler");
    let block = vec![0u8; 4096];
    while file.write_all(&block).is_ok() {}
    let _ = file.sync_all();
}

/// On a full disk (a 2 MiB tmpfs as the data folder) the app, at 40 columns: a re-rating is
/// refused with the full-disk advice, shown whole, and the saved answer stays; the app
/// started again says the disk is full, never that the database is damaged.
#[test]
fn a_full_disk_is_reported_as_full_not_as_damage() {
    let Some(disk) = Tmpfs::mount("2m", "a_full_disk_is_reported_as_full_not_as_damage") else {
        return;
    };
    let data = disk.path().join("data");
    let term = Term::start("full", 40, 24);
    run(&term, &data, "review");
    term.wait_for("stagecraft › Review");
    answer(&term, 1);
    let saved = log(&data);
    assert_eq!(saved.len(), 1);
    fill_disk(&disk.path().join("filler"));

    // Re-rate: Again, or "I was right" when the answer was wrong (already Again). A failed
    // re-rating keeps the new rating as unsaved; a failed override leaves the verdict.
    let rerate = if rating_of_last(&data) == 1 { "i" } else { "1" };
    term.keys(&[rerate]);
    let shown = term.wait_for_any(&["x: discard it", "The verdict is unchanged"]);
    let text = flat(&shown);
    assert!(
        text.contains("the disk is full (your history is intact); free some space."),
        "the whole message:\n{shown}"
    );
    assert!(!text.contains("damaged"), "{shown}");
    assert!(text.contains("1 done"), "{shown}");
    assert_eq!(log(&data), saved, "the saved answer is as it was");
    if text.contains("x: discard it") {
        term.keys(&["x"]);
    }
    term.wait_for("Enter next card");
    term.keys(&["Escape"]);
    term.wait_for("stagecraft › Home");
    term.keys(&["q"]);
    term.wait_for("bash$");

    for args in ["", "review"] {
        run(&term, &data, args);
        let shown = term.wait_for_any(&["stagecraft: error", "stagecraft › "]);
        let text = flat(&shown);
        assert!(
            !text.contains("damaged") && !text.contains("move it away"),
            "{args:?}:\n{shown}"
        );
        if text.contains("stagecraft: error") {
            assert!(text.contains("is full"), "{args:?}:\n{shown}");
        } else {
            // It opened (reading needs no space): leave it again. Esc and q are sent apart,
            // so that they are not read together as Alt+q.
            if text.contains("stagecraft › Review") {
                term.keys(&["Escape"]);
                term.wait_for("stagecraft › Home");
            }
            term.keys(&["q"]);
            term.wait_for("bash$");
        }
    }
    assert_eq!(log(&data), saved);
}
