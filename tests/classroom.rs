//! Presenter mode and labs, driven like the app drives them: keys in, frames out, on
//! ratatui's TestBackend with the `classroom` fixture pack and a fresh data dir.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use clap::Parser;
use common::tui::{app_with, data_dir, press, screen};
use stagecraft::cli::Cli;
use stagecraft::content::{ContentSet, PackSource, QuestionKind};
use stagecraft::tui::app::App;
use stagecraft::tui::context_for;
use stagecraft::tui::lab::LabScreen;
use stagecraft::tui::present::{PresentScreen, View};

const PACK: &str = "tests/fixtures/packs/classroom";

/// An app on the classroom pack with its progress in `data_dir` and a fixed clock.
fn app_in(data_dir: &Path) -> App {
    let content = ContentSet::load(&[PackSource::Dir(PACK.into())]);
    assert!(!content.has_errors(), "{:?}", content.diagnostics);
    app_with(content, data_dir, false)
}

/// A talk on the classroom pack's lesson in `view`, following the other view through
/// `data_dir`, as `stagecraft present` builds it: the talk is the only screen, the audience
/// view without title bar and footer.
fn talk(data_dir: &Path, view: View) -> App {
    let content = ContentSet::load(&[PackSource::Dir(PACK.into())]);
    let cli = Cli::parse_from([
        "stagecraft",
        "--color",
        "never",
        "--data-dir",
        &data_dir.display().to_string(),
    ]);
    let mut ctx = context_for(content, &cli).expect("context");
    ctx.fixed_now = Some(
        chrono::DateTime::parse_from_rfc3339(common::tui::NOW)
            .expect("time")
            .into(),
    );
    let screen = PresentScreen::open(&ctx, "slides-demo")
        .expect("lesson")
        .with_view(view)
        .following(data_dir, &ctx)
        .expect("channel");
    assert_eq!(screen.slide_count(), 4);
    match view {
        View::Audience => App::bare(ctx, Box::new(screen)),
        View::Presenter => App::new(ctx, Box::new(screen)),
    }
}

/// Moves the clock of `app` on by `seconds`.
fn later(app: &mut App, seconds: i64) {
    let now = app.context().now() + chrono::Duration::seconds(seconds);
    app.context_mut().fixed_now = Some(now);
}

#[test]
fn the_audience_view_uses_the_room_s_screen() {
    let mut app = talk(&data_dir(), View::Audience);
    assert_eq!(app.depth(), 1, "the talk is the only screen");
    for (w, h) in [(80, 24), (200, 60), (300, 80)] {
        let frame = screen(&mut app, w, h);
        assert!(frame.contains("1/4  00:00"), "{frame}");
        assert!(!frame.contains("profile"), "nothing personal: {frame}");
        assert!(!frame.contains("Ask who"), "never the notes: {frame}");
        assert!(!frame.contains("? help"), "no footer: {frame}");
        insta::assert_snapshot!(format!("audience_title_{w}x{h}"), frame);
    }
    press(&mut app, "<Right>");
    for (w, h) in [(80, 24), (200, 60), (300, 80)] {
        let frame = screen(&mut app, w, h);
        assert!(frame.contains("2/4"), "{frame}");
        assert!(frame.contains("COPY --from=build /out/app /app"), "{frame}");
        insta::assert_snapshot!(format!("audience_build_{w}x{h}"), frame);
    }
    // The third slide's note is a whisper for the presenter only.
    press(&mut app, "<Right>");
    let third = screen(&mut app, 200, 60);
    assert!(third.contains("with a quiet note"), "{third}");
    assert!(!third.contains("whisper"), "{third}");
    // The clock counts from the start of the talk.
    later(&mut app, 125);
    app.tick();
    assert!(screen(&mut app, 80, 24).contains("3/4  02:05"));
    // Esc does not leave the talk; q returns to the shell.
    press(&mut app, "<Esc>");
    assert!(!app.should_quit());
    press(&mut app, "q");
    assert!(app.should_quit(), "quitting the talk ends the app");
}

#[test]
fn the_presenter_view_shows_now_next_notes_and_the_timer() {
    let mut app = talk(&data_dir(), View::Presenter);
    later(&mut app, 61);
    let first = screen(&mut app, 120, 36);
    assert!(first.contains("next: The build"), "{first}");
    assert!(
        first.contains("Ask who has shipped a 1 GB image."),
        "{first}"
    );
    assert!(first.contains("1/4  ⏱ 01:01"), "{first}");
    insta::assert_snapshot!("presenter_title_120x36", first);
    press(&mut app, "<Right><Right>");
    let third = screen(&mut app, 120, 36);
    // `<!-- whisper: slow down -->` is shown as written; `<!-- note: ... -->` loses its label.
    assert!(third.contains("whisper: slow down"), "{third}");
    press(&mut app, "<Right>");
    let last = screen(&mut app, 120, 36);
    assert!(last.contains("The last slide"), "{last}");
    for (w, h) in [(60, 20), (40, 12), (20, 6), (1, 1)] {
        screen(&mut app, w, h);
    }
    insta::assert_snapshot!("presenter_last_60x20", screen(&mut app, 60, 20));
}

#[test]
fn the_build_walk_lights_stages_in_build_order_then_the_image_layers() {
    let mut app = talk(&data_dir(), View::Audience);
    press(&mut app, "<Right>s");
    let build = screen(&mut app, 100, 40);
    assert!(
        build.contains("Build step 1 of 3: stage `build`"),
        "{build}"
    );
    assert!(build.contains("▶ 1 │ FROM golang:1.23 AS build"), "{build}");
    insta::assert_snapshot!("audience_walk_build_100x40", build);
    press(&mut app, "s");
    let runtime = screen(&mut app, 100, 40);
    assert!(runtime.contains("Build step 2 of 3"), "{runtime}");
    assert!(
        runtime.contains("from stage `build`, `/out/app` → `/app`"),
        "{runtime}"
    );
    press(&mut app, "s");
    let image = screen(&mut app, 100, 40);
    assert!(image.contains("Build step 3 of 3: the image"), "{image}");
    assert!(
        image.contains("the layers of `gcr.io/distroless/static-debian12:nonroot`"),
        "{image}"
    );
    insta::assert_snapshot!("audience_walk_image_100x40", image);
    press(&mut app, "S");
    assert!(screen(&mut app, 100, 40).contains("Build step 2 of 3"));
    press(&mut app, "<Right>");
    assert!(!screen(&mut app, 100, 40).contains("Build step"));
}

#[test]
fn the_quiz_goes_both_ways_hides_choices_reveals_and_saves_a_tally() {
    let dir = data_dir();
    let mut app = talk(&dir, View::Presenter);
    press(&mut app, "a");
    let asked = screen(&mut app, 100, 30);
    assert!(asked.contains("Question 1 of 2"), "{asked}");
    assert!(
        asked.contains("✓ B  The last"),
        "the teacher sees the answer: {asked}"
    );
    assert!(asked.contains("Enter reveals"), "{asked}");
    // Discussion first: no choices.
    press(&mut app, "c");
    let open = screen(&mut app, 100, 30);
    assert!(open.contains("Discuss first"), "{open}");
    assert!(!open.contains("The first"), "{open}");
    // The discussion carries on to the next question, and back.
    press(&mut app, "<Right>");
    assert!(screen(&mut app, 100, 30).contains("Question 2 of 2"));
    press(&mut app, "<Left>");
    assert!(screen(&mut app, 100, 30).contains("Discuss first"));
    press(&mut app, "c");
    // The show of hands, typed per choice.
    press(&mut app, "t12<Tab>3");
    let typing = screen(&mut app, 100, 30);
    assert!(typing.contains("hands: [  12]"), "{typing}");
    insta::assert_snapshot!("presenter_tally_100x30", typing);
    press(&mut app, "<S-Tab><Bs>9<Enter>");
    let counted = screen(&mut app, 100, 30);
    assert!(counted.contains("Tally saved to"), "{counted}");
    assert!(counted.contains("█ 19"), "{counted}");
    press(&mut app, "<Enter>");
    let sessions = dir.join("present/sessions");
    let file = fs::read_dir(&sessions)
        .expect("session folder")
        .next()
        .expect("a session file")
        .expect("entry")
        .path();
    let saved: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).expect("read")).expect("json");
    assert_eq!(saved["lesson"], "slides-demo");
    assert_eq!(saved["questions"][0]["id"], "present-final-stage");
    assert_eq!(saved["questions"][0]["choices"][0]["hands"], 19);
    assert_eq!(saved["questions"][0]["choices"][1]["hands"], 3);
    assert_eq!(saved["questions"][0]["choices"][1]["correct"], true);
    press(&mut app, "<Esc>");
    assert!(screen(&mut app, 100, 30).contains("Now: slide 1"));
    // Nobody's progress changed.
    let store = &app.context().store;
    assert!(store.review_log().expect("log").is_empty());
    assert!(store.card_states().expect("cards").is_empty());
}

#[test]
fn the_two_views_follow_each_other() {
    let dir = data_dir();
    let mut room = talk(&dir, View::Audience);
    let mut teacher = talk(&dir, View::Presenter);
    // The teacher drives...
    press(&mut teacher, "<Right>s");
    room.tick();
    let frame = screen(&mut room, 100, 40);
    assert!(frame.contains("2/4"), "{frame}");
    assert!(frame.contains("Build step 1 of 3"), "{frame}");
    // ...and so can the room's keyboard.
    press(&mut room, "a<Enter>");
    teacher.tick();
    let asked = screen(&mut teacher, 100, 30);
    assert!(asked.contains("Question 1 of 2"), "{asked}");
    assert!(
        !asked.contains("Enter reveals"),
        "revealed already: {asked}"
    );
    // The room sees the reveal and, once saved, the tally.
    press(&mut teacher, "t4<Enter>");
    room.tick();
    let shown = screen(&mut room, 100, 30);
    assert!(shown.contains("✓ B  The last"), "{shown}");
    assert!(shown.contains("████ 4"), "{shown}");
    // A view opened later joins the talk where it is, with its clock.
    later(&mut teacher, 30);
    let joined = talk(&dir, View::Audience);
    let mut joined = joined;
    assert!(screen(&mut joined, 100, 30).contains("question 1/2"));
}

#[test]
fn an_unknown_lesson_is_a_clear_error() {
    let app = app_in(&data_dir());
    let error = PresentScreen::open(app.context(), "nope")
        .err()
        .expect("unknown");
    assert_eq!(
        error.to_string(),
        "no lesson `nope`; lessons are: slides-demo"
    );
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.insert(path.clone(), fs::read(&path).expect("read"));
        }
    }
    out
}

#[test]
fn presenting_and_answering_leave_the_database_unchanged() {
    let dir = data_dir();
    // Create the profile's database, with a reading position in it, and close it.
    {
        let mut app = app_in(&dir);
        press(&mut app, "<Enter>");
        assert_eq!(app.current_title(), "Two stages on stage");
        screen(&mut app, 80, 24);
        press(&mut app, "<Esc>");
        app.close_all();
    }
    let before = files(&dir);
    assert_eq!(before.len(), 1, "{:?}", before.keys());

    for view in [View::Audience, View::Presenter] {
        let mut app = talk(&dir, view);
        let keys = "<Right>ssa<Enter><Right><Enter>t3<Enter>q";
        for key in common::tui::keys(keys) {
            app.handle(&key);
            screen(&mut app, 80, 24);
        }
        app.tick();
        let store = &app.context().store;
        assert!(store.review_log().expect("log").is_empty());
        assert!(store.card_states().expect("cards").is_empty());
        app.close_all();
    }
    // Only the talk's own files (the channel, the session) were written.
    let mut after = files(&dir);
    after.retain(|path, _| !path.starts_with(dir.join("present")));
    assert_eq!(after, before, "presenter mode wrote to the progress");
}

/// The lab's question from the pack.
fn lab_solution(app: &App) -> String {
    match &app
        .context()
        .content
        .question("lab-demo")
        .expect("lab")
        .kind
    {
        QuestionKind::Lab(lab) => lab.solution.clone().expect("solution"),
        _ => panic!("lab-demo is not a lab"),
    }
}

/// The screen with the line that shows the lab file's path replaced, since the temp dir
/// differs from run to run.
fn masked(shown: &str) -> String {
    shown
        .lines()
        .map(|line| match (line.find("File: "), line.rfind('"')) {
            (Some(at), Some(end)) if end > at => {
                let width = line[at..end].chars().count();
                let text: String = "File: [lab dir]/Dockerfile".chars().take(width).collect();
                format!("{}{text:<width$}\"", &line[..at])
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_lab_passes_once_its_file_is_fixed_outside_the_app() {
    let data = data_dir();
    let work = data_dir();
    let mut app = app_in(&data);
    let lab = LabScreen::open(app.context(), "lab-demo", &work).expect("open the lab");
    let file = work.join("Dockerfile");
    assert_eq!(lab.path(), file);
    assert!(!lab.report().all_pass());
    assert_eq!(lab.report().passed(), 1, "{:?}", lab.report());
    app.push(Box::new(lab));
    assert_eq!(app.current_title(), "Lab: lab-demo");
    let start = screen(&mut app, 80, 24);
    assert!(start.contains("1 of 5 goals pass"), "{start}");
    assert!(start.contains("✗ at least 2 stages"), "{start}");
    insta::assert_snapshot!("lab_start_80x24", masked(&start));
    let wide = screen(&mut app, 200, 30);
    assert!(wide.contains(&file.display().to_string()), "{wide}");
    assert!(wide.contains("(new, from the lab's start)"), "{wide}");

    press(&mut app, "s");
    let solution = screen(&mut app, 80, 24);
    assert!(solution.contains("Solution"), "{solution}");
    insta::assert_snapshot!("lab_solution_80x24", masked(&solution));
    press(&mut app, "<Esc>");
    assert_eq!(app.depth(), 2, "Esc hides the solution first");

    // Fixed by someone else's editor: the screen notices on its own.
    fs::write(&file, lab_solution(&app)).expect("write the solution");
    app.tick();
    app.tick();
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("Lab complete: all 5 goals pass"), "{done}");
    insta::assert_snapshot!("lab_done_80x24", masked(&done));
    let completions = app.context().store.lab_completions().expect("completions");
    assert_eq!(
        completions.get("lab-demo"),
        Some(&app.context().now()),
        "{completions:?}"
    );

    // Opening the lab again keeps the learner's file.
    let again = LabScreen::open(app.context(), "lab-demo", &work).expect("reopen");
    assert!(again.report().all_pass());
    assert_eq!(fs::read_to_string(&file).expect("read"), lab_solution(&app));
}

#[test]
fn a_broken_file_shows_findings_in_the_gutter_and_small_sizes_draw() {
    let mut app = app_in(&data_dir());
    let work = data_dir();
    fs::write(
        work.join("Dockerfile"),
        "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER nonroot\nCMD /app\n",
    )
    .expect("write");
    let lab = LabScreen::open(app.context(), "lab-demo", &work).expect("open");
    app.push(Box::new(lab));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("your saved work"), "{shown}");
    assert!(shown.contains("│✗ 2 │ RUN go build"), "{shown}");
    insta::assert_snapshot!("lab_findings_80x24", masked(&shown));
    insta::assert_snapshot!("lab_findings_40x12", masked(&screen(&mut app, 40, 12)));
    // Tab lets j/k scroll the findings instead of the Dockerfile (at a size that shows them).
    let last = "line 6";
    assert!(!shown.contains(last), "{shown}");
    screen(&mut app, 80, 24);
    press(&mut app, "<Tab>");
    for _ in 0..30 {
        press(&mut app, "j");
    }
    let scrolled = screen(&mut app, 80, 24);
    assert!(scrolled.contains(last), "{scrolled}");
    assert!(
        scrolled.contains(" 1 │ FROM golang"),
        "the Dockerfile stays: {scrolled}"
    );
    for (w, h) in [(20, 6), (21, 7), (1, 1), (200, 60)] {
        screen(&mut app, w, h);
    }
    press(&mut app, "s");
    screen(&mut app, 20, 6);
    assert!(
        app.context()
            .store
            .lab_completions()
            .expect("read")
            .is_empty()
    );
}

#[test]
fn the_labs_topic_opens_the_lab_screen_in_the_profile_s_lab_folder() {
    let data = data_dir();
    let mut app = app_in(&data);
    press(&mut app, "<Tab>");
    let home = screen(&mut app, 80, 24);
    assert!(home.contains("labs"), "{home}");
    // Topics follow their lessons, then names: classroom, labs.
    press(&mut app, "<Down>");
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Topic: labs");
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Lab: lab-demo");
    let file = data
        .join("labs")
        .join("default")
        .join("lab-demo")
        .join("Dockerfile");
    assert!(file.is_file(), "{}", file.display());
}

#[cfg(unix)]
#[test]
fn the_editor_runs_and_its_result_is_checked_when_it_exits() {
    let mut app = app_in(&data_dir());
    let work = data_dir();
    let solution = work.join("solution.txt");
    fs::write(&solution, lab_solution(&app)).expect("write");
    // An "editor" that replaces the file it is given with the solution.
    let editor = format!("cp '{}'", solution.display());
    let lab = LabScreen::open(app.context(), "lab-demo", &work)
        .expect("open")
        .with_editor(editor);
    app.push(Box::new(lab));
    press(&mut app, "e");
    let done = screen(&mut app, 80, 24);
    assert!(done.contains("Lab complete"), "{done}");
    assert!(
        app.context()
            .store
            .lab_completions()
            .expect("read")
            .contains_key("lab-demo")
    );

    let lab = LabScreen::open(app.context(), "lab-demo", &data_dir())
        .expect("open")
        .with_editor("false");
    app.push(Box::new(lab));
    press(&mut app, "e");
    let failed = screen(&mut app, 120, 24);
    assert!(failed.contains("The editor `false` ended with"), "{failed}");

    let lab = LabScreen::open(app.context(), "lab-demo", &data_dir())
        .expect("open")
        .with_editor("stagecraft-no-such-editor");
    app.push(Box::new(lab));
    press(&mut app, "e");
    let missing = screen(&mut app, 160, 24);
    assert!(
        missing.contains("The editor `stagecraft-no-such-editor` was not found"),
        "{missing}"
    );
}

#[test]
fn hints_come_one_at_a_time_and_the_diff_is_confirmed_once() {
    let mut app = app_in(&data_dir());
    let work = data_dir();
    let lab = LabScreen::open(app.context(), "lab-demo", &work).expect("open");
    app.push(Box::new(lab));
    press(&mut app, "h");
    let hint = screen(&mut app, 80, 24);
    assert!(hint.contains("Hints 1/2"), "{hint}");
    assert!(hint.contains("1. Name the first stage"), "{hint}");
    assert!(!hint.contains(":nonroot"), "the second hint waits: {hint}");
    insta::assert_snapshot!("lab_hint_80x24", masked(&hint));
    press(&mut app, "h");
    let both = screen(&mut app, 80, 24);
    assert!(both.contains("2. The `:nonroot` tag") || both.contains("2. The :nonroot tag"));
    press(&mut app, "<Esc>");
    assert!(!screen(&mut app, 80, 24).contains("Hints"));

    // The diff spoils the lab: the first d only asks.
    press(&mut app, "d");
    let asked = screen(&mut app, 80, 24);
    assert!(asked.contains("Press d again"), "{asked}");
    assert!(!asked.contains("against the solution"), "{asked}");
    press(&mut app, "d");
    let diff = screen(&mut app, 80, 24);
    assert!(diff.contains("- FROM golang:1.23 "), "{diff}");
    assert!(diff.contains("+ FROM golang:1.23 AS build"), "{diff}");
    assert!(
        diff.contains("+ FROM gcr.io/distroless/static-debian12:nonroot"),
        "{diff}"
    );
    insta::assert_snapshot!("lab_diff_80x24", masked(&diff));
    // Once seen, it is shown at once; another key between two d's cancels the question.
    press(&mut app, "<Esc>d");
    assert!(screen(&mut app, 80, 24).contains("against the solution"));
}

#[test]
fn a_done_lab_leads_to_the_next_and_shows_its_date_in_the_list() {
    let data = data_dir();
    let mut app = app_in(&data);
    press(&mut app, "<Tab><Down><Enter>");
    assert_eq!(app.current_title(), "Topic: labs");
    press(&mut app, "<Enter>");
    assert_eq!(app.current_title(), "Lab: lab-demo");
    assert!(!screen(&mut app, 80, 24).contains("n next lab"));
    let file = data
        .join("labs")
        .join("default")
        .join("lab-demo")
        .join("Dockerfile");
    fs::write(&file, lab_solution(&app)).expect("write the solution");
    press(&mut app, "r");
    let done = screen(&mut app, 100, 24);
    assert!(done.contains("n opens the next lab"), "{done}");
    press(&mut app, "n");
    assert_eq!(app.current_title(), "Lab: lab-demo-next");
    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Topic: labs");
    let list = screen(&mut app, 80, 24);
    let row = list
        .lines()
        .find(|l| l.contains("numeric user") || l.contains("two-stage"))
        .unwrap_or_default();
    assert!(row.contains("✓ done 2026-11-20"), "{list}");
    assert_eq!(
        list.matches("✓ done").count(),
        1,
        "only the finished lab: {list}"
    );
}
