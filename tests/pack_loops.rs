//! Symbolic link loops in a content pack, through the real binary: `check DIR`, `check` with
//! `--content` and a command that loads the packs as the app does all finish and report one
//! warning per looping link. (The binary is `STAGECRAFT_E2E_BIN` if set, as in the tmux
//! tests, so that an older build can be tried.)

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

fn binary() -> String {
    std::env::var("STAGECRAFT_E2E_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_stagecraft").to_owned())
}

/// Runs the binary to its end. Not a speed check: a walk that never ends (as ten loop links
/// once made it) would otherwise hang the whole test run, so after a generous while the child
/// is killed and the test fails saying so.
fn run(data: &Path, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(binary())
        .args(["--data-dir", &data.display().to_string()])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let give_up = Instant::now() + Duration::from_secs(300);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > give_up {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`stagecraft {}` never finished", args.join(" "));
        }
        sleep(Duration::from_millis(20));
    }
    let Output { status, stdout, .. } = child.wait_with_output().expect("output");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
    )
}

/// A pack in `root/pack` with one lesson, `links` links `lessons/lN -> .`, a link to the
/// pack's root and one to the folder above the pack.
fn looping_pack(root: &Path, links: usize) -> String {
    let pack = root.join("pack");
    let lessons = pack.join("lessons");
    std::fs::create_dir_all(&lessons).expect("lessons");
    std::fs::write(
        lessons.join("looped.md"),
        "---\nid: looped\ntitle: Looped\norder: 900\nsummary: S.\nminutes: 1\n---\n# Looped\n\nText.\n",
    )
    .expect("lesson");
    for n in 1..=links {
        std::os::unix::fs::symlink(".", lessons.join(format!("l{n}"))).expect("link");
    }
    std::os::unix::fs::symlink("..", lessons.join("root")).expect("link");
    std::os::unix::fs::symlink("../..", lessons.join("above")).expect("link");
    pack.display().to_string()
}

#[test]
fn check_walks_each_real_folder_of_a_looping_pack_once() {
    for links in [5, 10] {
        let root = tempfile::tempdir().expect("dir");
        let pack = looping_pack(root.path(), links);
        let (code, out) = run(root.path(), &["check", &pack]);
        // The link above the pack is an error; every other link is one warning.
        assert_eq!(code, 1, "{out}");
        let loops = out.matches("already read through another path").count();
        assert_eq!(loops, links + 1, "{links} links: {out}");
        assert_eq!(
            out.matches("lessons/above:1:1: error: symbolic link points outside")
                .count(),
            1,
            "{out}"
        );
        assert!(
            out.ends_with(&format!(
                "checked 1 lessons, 0 questions, 0 examples: 1 error, {} warnings\n",
                links + 1
            )),
            "{out}"
        );
    }
}

#[test]
fn the_packs_the_app_loads_stay_bounded_with_ten_loop_links() {
    let root = tempfile::tempdir().expect("dir");
    let pack = looping_pack(root.path(), 10);
    // `check` without a folder and `lessons` load exactly what the app's start loads.
    let (code, out) = run(root.path(), &["--content", &pack, "check"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.matches("already read through another path").count(), 11);
    let (code, out) = run(root.path(), &["--content", &pack, "lessons"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("Looped").count(), 1, "{out}");
}
