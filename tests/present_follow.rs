//! Two real processes of `stagecraft present` on one data directory, the room's view and the
//! teacher's (`--notes`), each in its own tmux server: whichever one is driven, the other
//! follows. Needs tmux (`apt-get install tmux`), like `tests/e2e_tmux.rs`.

mod common;

use common::tmux::{Tmux, binary};
use std::path::Path;

const PACK: &str = "tests/fixtures/packs/classroom";

/// Starts `present` in the terminal's shell on the shared data directory.
fn present(terminal: &Tmux, data_dir: &Path, extra: &str) {
    terminal.wait_for("bash$");
    terminal.keys(&[
        &format!(
            "{} --content {PACK} --data-dir {} present slides-demo {extra}",
            binary(),
            data_dir.display()
        ),
        "Enter",
    ]);
}

#[test]
fn the_room_and_the_teacher_follow_each_other() {
    let data_dir = tempfile::tempdir().expect("data dir");
    let room = Tmux::start("room", 100, 30);
    let teacher = Tmux::start("teacher", 120, 36);

    present(&room, data_dir.path(), "");
    room.wait_for("1/4");
    present(&teacher, data_dir.path(), "--notes");
    teacher.wait_for("Presenter notes");
    teacher.wait_for("Ask who has shipped a 1 GB image.");

    // The teacher moves on; the room follows.
    teacher.keys(&["Right"]);
    room.wait_for("2/4");
    // A key pressed at the room's keyboard moves the teacher's view too.
    room.keys(&["s"]);
    teacher.wait_for("Build step 1 of 3");
    room.wait_for("Build step 1 of 3");
    // Questions: asked and revealed from the teacher's terminal.
    teacher.keys(&["a"]);
    let asked = room.wait_for("Question 1 of 2");
    assert!(!asked.contains("✓"), "the answer waits for Enter: {asked}");
    teacher.keys(&["Enter"]);
    room.wait_for("✓ B  The last");
    // Back to the slides from the room.
    room.keys(&["Escape"]);
    teacher.wait_for("Now: slide 2");

    room.keys(&["q"]);
    room.wait_for_shell();
    teacher.keys(&["q"]);
    teacher.wait_for_shell();
    assert!(data_dir.path().join("present/slides-demo.json").is_file());
}
