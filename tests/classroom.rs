//! Presenter mode and labs, driven like the app drives them: keys in, frames out, on
//! ratatui's TestBackend with the `classroom` fixture pack and a fresh data dir.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::tui::{app_with, data_dir, press, screen};
use stagecraft::content::{ContentSet, PackSource, QuestionKind};
use stagecraft::tui::app::App;
use stagecraft::tui::lab::LabScreen;
use stagecraft::tui::present::PresentScreen;

const PACK: &str = "tests/fixtures/packs/classroom";

/// An app on the classroom pack with its progress in `data_dir` and a fixed clock.
fn app_in(data_dir: &Path) -> App {
    let content = ContentSet::load(&[PackSource::Dir(PACK.into())]);
    assert!(!content.has_errors(), "{:?}", content.diagnostics);
    app_with(content, data_dir, false)
}

fn present(app: &mut App) {
    let screen = PresentScreen::open(app.context(), "slides-demo").expect("lesson");
    assert_eq!(screen.slide_count(), 4);
    app.push(Box::new(screen));
}

#[test]
fn presenter_shows_slides_steps_notes_and_questions() {
    let mut app = app_in(&data_dir());
    present(&mut app);
    assert_eq!(app.current_title(), "Presenter");
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("1/4  00:00"), "{first}");
    assert!(!first.contains("Ask who"), "notes are hidden: {first}");
    insta::assert_snapshot!("present_title_80x24", first);

    press(&mut app, "<Right>");
    let build = screen(&mut app, 80, 24);
    assert!(build.contains("2/4"), "{build}");
    assert!(build.contains("The build"), "{build}");
    insta::assert_snapshot!("present_slide_80x24", build);

    // Step to the RUN instruction, which spans two lines.
    for _ in 0..3 {
        press(&mut app, "s");
    }
    let step = screen(&mut app, 80, 24);
    assert!(step.contains("Instruction 3 of 6"), "{step}");
    insta::assert_snapshot!("present_step_80x24", step);
    press(&mut app, "S");
    assert!(screen(&mut app, 80, 24).contains("Instruction 2 of 6"));

    // Notes of the first slide, on a toggle.
    press(&mut app, "g");
    press(&mut app, "n");
    let notes = screen(&mut app, 80, 24);
    assert!(
        notes.contains("Ask who has shipped a 1 GB image."),
        "{notes}"
    );
    insta::assert_snapshot!("present_notes_80x24", notes);
    press(&mut app, " ");
    press(&mut app, " ");
    let third = screen(&mut app, 80, 24);
    assert!(third.contains("3/4"), "{third}");
    assert!(third.contains("whisper: slow down"), "{third}");
    assert!(third.contains("with a quiet note"), "{third}");
    press(&mut app, "n");
    assert!(!screen(&mut app, 80, 24).contains("whisper"));

    // The lesson's questions, one by one; labs are left out.
    press(&mut app, "a");
    let asked = screen(&mut app, 80, 24);
    assert!(asked.contains("Question 1 of 2"), "{asked}");
    assert!(!asked.contains("Answer:"), "{asked}");
    insta::assert_snapshot!("present_question_80x24", asked);
    press(&mut app, "<Enter>");
    let revealed = screen(&mut app, 80, 24);
    assert!(revealed.contains("Answer: The last"), "{revealed}");
    assert!(revealed.contains("✓ 2. The last"), "{revealed}");
    insta::assert_snapshot!("present_answer_80x24", revealed);
    press(&mut app, "a");
    assert!(screen(&mut app, 80, 24).contains("Question 2 of 2"));
    press(&mut app, "a");
    assert!(
        screen(&mut app, 80, 24).contains("3/4"),
        "back on the slides"
    );
    press(&mut app, "a");
    press(&mut app, "<Esc>");
    assert_eq!(app.depth(), 2, "Esc closes the question, not the presenter");
    press(&mut app, "G");
    press(&mut app, "<Right>");
    assert!(screen(&mut app, 80, 24).contains("4/4"));
    press(&mut app, "h");
    assert!(screen(&mut app, 80, 24).contains("3/4"));

    // The clock counts from the start of the talk.
    let later = app.context().now() + chrono::Duration::seconds(125);
    app.context_mut().fixed_now = Some(later);
    app.tick();
    assert!(screen(&mut app, 80, 24).contains("3/4  02:05"));

    press(&mut app, "<Esc>");
    assert_eq!(app.current_title(), "Home");
}

#[test]
fn presenter_at_small_sizes() {
    let mut app = app_in(&data_dir());
    present(&mut app);
    press(&mut app, "<Right>");
    press(&mut app, "s");
    insta::assert_snapshot!("present_step_40x12", screen(&mut app, 40, 12));
    press(&mut app, "n");
    for (w, h) in [(20, 6), (21, 7), (1, 1), (200, 60)] {
        screen(&mut app, w, h);
    }
    press(&mut app, "a");
    press(&mut app, "<Enter>");
    // Keys act on what the last frame showed, as they do in a terminal.
    screen(&mut app, 40, 12);
    for _ in 0..50 {
        press(&mut app, "<Down>");
    }
    insta::assert_snapshot!("present_answer_40x12", screen(&mut app, 40, 12));
    screen(&mut app, 20, 6);
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

    {
        let mut app = app_in(&dir);
        present(&mut app);
        let keys = "<Right>ssna<Enter>a<Enter>aG";
        for key in common::tui::keys(keys) {
            app.handle(&key);
            screen(&mut app, 80, 24);
        }
        app.tick();
        let store = &app.context().store;
        assert!(store.review_log().expect("log").is_empty());
        assert!(store.card_states().expect("cards").is_empty());
        press(&mut app, "<Esc>");
        assert_eq!(app.current_title(), "Home");
        app.close_all();
    }
    assert_eq!(files(&dir), before, "presenter mode wrote to the data dir");
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
