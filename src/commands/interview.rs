//! `stagecraft drill --interview`: a mock interview in the plain terminal, line by line.
//!
//! Each question is printed with its Dockerfile and error output; the answer is typed over
//! several lines and ended by an empty line or a line holding `.`; `:e` opens `$EDITOR` for a
//! long answer and `:q` leaves early (the debrief still comes). After an answer the model
//! answer is shown under the learner's, with the key points their answer already mentions
//! marked (a hint); the learner says which points they covered and rates the answer. A good
//! answer leads to the question's follow-ups. The interview is saved after every answer; cards
//! are never rescheduled and the day's new cards are untouched.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::Path;

use chrono::{DateTime, Utc};

use super::CommandError;
use crate::content::grade::right_answer;
use crate::content::interview::{InterviewNotes, check_fix};
use crate::content::keypoints::mentioned_points;
use crate::content::{ContentSet, Question, QuestionKind};
use crate::sanitize::inert;
use crate::srs::Rating;
use crate::srs::interview::{
    Debrief, InterviewAnswer, InterviewCandidate, InterviewPlan, Level, MockInterview,
    PlannedQuestion, debrief, plan_interview,
};
use crate::srs::{CardState, Scheduler};
use crate::store::Store;

/// Where the interview reads, writes and tells the time.
pub struct Terminal<'a> {
    /// The learner's lines.
    pub input: &'a mut dyn BufRead,
    /// Everything printed.
    pub output: &'a mut dyn Write,
    /// The current time (a fixed sequence in tests).
    pub clock: &'a mut dyn FnMut() -> DateTime<Utc>,
    /// Opens an editor on a text and returns what was saved.
    pub editor: &'a dyn Fn(&str) -> io::Result<String>,
}

/// The interview's candidates: every scheduled question with its interview notes.
pub fn candidates(content: &ContentSet) -> Vec<InterviewCandidate<'_>> {
    const NO_FOLLOW_UPS: &[String] = &[];
    content
        .scheduled_questions()
        .into_iter()
        .map(|q| {
            let notes = content.interview.get(&q.id);
            InterviewCandidate {
                id: &q.id,
                topic: &q.topic,
                open: matches!(q.kind, QuestionKind::Flashcard { .. }),
                scenario: notes.is_some_and(|n| n.scenario.is_some()),
                follow_ups: notes.map_or(NO_FOLLOW_UPS, |n| n.follow_ups.as_slice()),
            }
        })
        .collect()
}

/// Plans the interview from the store's card states (read only).
pub fn plan(
    content: &ContentSet,
    store: &Store,
    now: DateTime<Utc>,
    minutes: u32,
    level: Level,
) -> Result<InterviewPlan, CommandError> {
    let scheduler = Scheduler::new(store.scheduler_config()?)?;
    let states: HashMap<String, CardState> = store.card_states()?;
    Ok(plan_interview(
        &candidates(content),
        &states,
        &scheduler,
        now,
        minutes,
        level,
    ))
}

/// What the learner did with one question.
enum Outcome {
    Answered(InterviewAnswer),
    Quit,
}

/// Runs a planned interview to its end or until the learner leaves, saving after each
/// answer, and prints the debrief. Returns the debrief.
///
/// With `reschedule`, each rating is also saved as a review of a card the learner has already
/// studied (scheduled from its state at that moment, like a drill answer); a card still new
/// stays new, so an interview never uses the day's new-card allowance. Without it the
/// schedule is not touched.
pub fn run(
    content: &ContentSet,
    store: &Store,
    plan: &InterviewPlan,
    term: &mut Terminal<'_>,
    reschedule: bool,
) -> Result<Debrief, CommandError> {
    let scheduler = if reschedule {
        Some(Scheduler::new(store.scheduler_config()?)?)
    } else {
        None
    };
    let previous: Vec<f64> = store
        .mock_interviews()?
        .iter()
        .map(MockInterview::score)
        .collect();
    let started = (term.clock)();
    let mut interview = MockInterview {
        id: None,
        started_at: started,
        finished_at: None,
        minutes: plan.minutes,
        level: plan.level,
        left_early: false,
        answers: Vec::new(),
    };
    store.save_mock_interview(&mut interview)?;
    say(
        term,
        &format!(
            "Mock interview: {} minutes, {} level, {} questions planned (plus follow-ups).\n\
             End an answer with an empty line or `.`; `:e` opens $EDITOR; `:q` leaves early.\n",
            plan.minutes,
            plan.level.name(),
            plan.questions.len()
        ),
    )?;
    let mut queue: Vec<PlannedQuestion> = plan.questions.iter().rev().cloned().collect();
    let mut asked = 0usize;
    while let Some(planned) = queue.pop() {
        let Some(question) = content.question(&planned.id) else {
            continue;
        };
        asked += 1;
        let notes = content.notes(&planned.id);
        let total = (term.clock)() - started;
        say(
            term,
            &format!(
                "\n── Question {asked} · {} · {} · soft limit {} · elapsed {} of {}:00 ──\n",
                planned.stage.label(),
                planned.topic,
                clock_text(i64::from(planned.soft_limit_secs)),
                clock_text(total.num_seconds()),
                plan.minutes
            ),
        )?;
        match ask(question, &notes, &planned, term)? {
            Outcome::Quit => {
                interview.left_early = true;
                break;
            }
            Outcome::Answered(answer) => {
                let good = answer.rating >= Rating::Good;
                if let Some(scheduler) = &scheduler {
                    reschedule_card(store, scheduler, &answer, (term.clock)())?;
                }
                interview.answers.push(answer);
                store.save_mock_interview(&mut interview)?;
                if good {
                    for follow in plan.follow_ups_of(&planned.id).iter().rev() {
                        queue.push(follow.clone());
                    }
                }
            }
        }
    }
    interview.finished_at = Some((term.clock)());
    store.save_mock_interview(&mut interview)?;
    let report = debrief(&interview, &previous);
    say(term, &render_debrief(&report))?;
    Ok(report)
}

/// Saves an interview rating as a review of its card when the card has been studied before
/// (a new card stays new). Used by the line-based interview and the interview screen.
pub fn reschedule_card(
    store: &Store,
    scheduler: &Scheduler,
    answer: &crate::srs::interview::InterviewAnswer,
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let studied = store
        .card_state(&answer.question_id)?
        .is_some_and(|state| state.phase != crate::srs::Phase::New);
    if studied {
        store.answer(
            scheduler,
            &crate::store::NewAnswer {
                card_id: answer.question_id.clone(),
                rating: answer.rating,
                at: now,
                duration_ms: u64::from(answer.seconds) * 1000,
                drill: true,
                overridden: false,
            },
        )?;
    }
    Ok(())
}

/// Asks one question: the answer, the hints, the covered points, a fix for scenarios, the
/// rating.
fn ask(
    question: &Question,
    notes: &InterviewNotes,
    planned: &PlannedQuestion,
    term: &mut Terminal<'_>,
) -> Result<Outcome, CommandError> {
    let began = (term.clock)();
    let mut text = format!("{}\n", inert(question.prompt.trim_end()));
    if let Some(dockerfile) = &question.dockerfile {
        text.push_str("\nDockerfile:\n");
        for (n, line) in dockerfile.lines().enumerate() {
            text.push_str(&format!("{:>3} | {}\n", n + 1, inert(line)));
        }
    }
    if let Some(scenario) = &notes.scenario {
        text.push_str("\nError output:\n");
        for line in scenario.error.lines() {
            text.push_str(&format!("    {}\n", inert(line)));
        }
        text.push_str("\nWhat is the cause, and how do you fix it?\n");
    }
    match &question.kind {
        QuestionKind::Single { choices, .. } | QuestionKind::Multiple { choices, .. } => {
            for (n, choice) in choices.iter().enumerate() {
                text.push_str(&format!("  {}. {}\n", n + 1, inert(choice)));
            }
        }
        QuestionKind::TrueFalse { .. } => text.push_str("  (true or false)\n"),
        QuestionKind::Order { items } => {
            text.push_str("  Put in order:\n");
            for item in items {
                text.push_str(&format!("  - {}\n", inert(item)));
            }
        }
        _ => {}
    }
    text.push_str("\nYour answer:\n");
    say(term, &text)?;
    let Some(answer) = read_answer(term)? else {
        return Ok(Outcome::Quit);
    };
    let model = match &question.kind {
        QuestionKind::Flashcard { model_answer } => model_answer.clone(),
        other => right_answer(other),
    };
    let mut shown = String::from("\nYour answer:\n");
    for line in answer.lines() {
        shown.push_str(&format!("  │ {}\n", inert(line)));
    }
    shown.push_str("Model answer:\n");
    for line in model.trim_end().lines() {
        shown.push_str(&format!("  │ {}\n", inert(line)));
    }
    let hints = mentioned_points(&answer, &notes.key_points);
    if !notes.key_points.is_empty() {
        shown.push_str("Key points (* = your answer seems to mention it; a hint, you decide):\n");
        for (n, (point, hit)) in notes.key_points.iter().zip(&hints).enumerate() {
            let mark = if *hit { '*' } else { ' ' };
            shown.push_str(&format!("  [{mark}] {}. {}\n", n + 1, inert(&point.text)));
        }
    }
    say(term, &shown)?;
    if let Some(scenario) = &notes.scenario
        && !scenario.fix.is_empty()
        && let Some(original) = &question.dockerfile
    {
        say(
            term,
            "Type your fix as Dockerfile lines (they replace the final stage's lines of the same \
             instruction; a whole file also works), then an empty line; Enter alone skips:\n",
        )?;
        let Some(fix) = read_answer(term)? else {
            return Ok(Outcome::Quit);
        };
        if !fix.trim().is_empty() {
            let verdict = check_fix(original, &scenario.fix, &fix);
            let mut lines = if verdict.passed() {
                "The analyzer accepts the fix.\n".to_owned()
            } else {
                "The analyzer does not accept the fix yet:\n".to_owned()
            };
            for error in &verdict.parse_errors {
                lines.push_str(&format!("  - does not parse: {}\n", inert(error)));
            }
            for rule in &verdict.still_reported {
                lines.push_str(&format!("  - still reported: {rule}\n"));
            }
            for missing in &verdict.missing {
                lines.push_str(&format!(
                    "  - expected an instruction like: {}\n",
                    inert(missing)
                ));
            }
            say(term, &lines)?;
        }
    }
    let mut covered = Vec::new();
    if !notes.key_points.is_empty() {
        say(
            term,
            "Which points did you cover? Numbers separated by spaces; Enter keeps the marked ones; `-` for none:\n",
        )?;
        let Some(line) = read_line(term)? else {
            return Ok(Outcome::Quit);
        };
        let line = line.trim();
        let chosen: Vec<usize> = if line.is_empty() {
            hints
                .iter()
                .enumerate()
                .filter(|(_, h)| **h)
                .map(|(i, _)| i)
                .collect()
        } else {
            line.split(|c: char| c.is_whitespace() || c == ',')
                .filter_map(|w| w.parse::<usize>().ok())
                .filter(|n| (1..=notes.key_points.len()).contains(n))
                .map(|n| n - 1)
                .collect()
        };
        for (i, point) in notes.key_points.iter().enumerate() {
            if chosen.contains(&i) {
                covered.push(point.text.clone());
            }
        }
    }
    let rating = loop {
        say(term, "Rate your answer: 1 again, 2 hard, 3 good, 4 easy:\n")?;
        let Some(line) = read_line(term)? else {
            return Ok(Outcome::Quit);
        };
        if line.trim() == ":q" {
            return Ok(Outcome::Quit);
        }
        if let Some(rating) = line.trim().parse::<u8>().ok().and_then(Rating::from_number) {
            break rating;
        }
    };
    say(
        term,
        &format!("Why: {}\n", inert(question.explanation.trim_end())),
    )?;
    let seconds = ((term.clock)() - began).num_seconds().max(0);
    Ok(Outcome::Answered(InterviewAnswer {
        question_id: question.id.clone(),
        topic: question.topic.clone(),
        stage: planned.stage,
        lesson: question.lesson.to_string(),
        answer,
        rating,
        key_points: notes.key_points.iter().map(|p| p.text.clone()).collect(),
        covered,
        seconds: u32::try_from(seconds).unwrap_or(u32::MAX),
        soft_limit_secs: planned.soft_limit_secs,
    }))
}

/// Reads one line without its line end; `None` at the end of input.
fn read_line(term: &mut Terminal<'_>) -> Result<Option<String>, CommandError> {
    let mut line = String::new();
    let read = term.input.read_line(&mut line).map_err(read_error)?;
    if read == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_owned()))
}

/// Reads a multi-line answer: up to an empty line or `.`; `:e` opens the editor on what was
/// typed so far; `:q` (or the end of input) leaves: `None`.
fn read_answer(term: &mut Terminal<'_>) -> Result<Option<String>, CommandError> {
    let mut lines: Vec<String> = Vec::new();
    loop {
        let Some(line) = read_line(term)? else {
            return Ok(None);
        };
        match line.trim() {
            ":q" => return Ok(None),
            ":e" => match (term.editor)(&lines.join("\n")) {
                Ok(edited) => return Ok(Some(edited.trim_end().to_owned())),
                Err(err) => say(term, &format!("({err}; go on typing here)\n"))?,
            },
            "" | "." => return Ok(Some(lines.join("\n"))),
            _ => lines.push(line),
        }
    }
}

fn read_error(source: io::Error) -> CommandError {
    CommandError::Write {
        target: "standard input".to_owned(),
        source,
    }
}

fn say(term: &mut Terminal<'_>, text: &str) -> Result<(), CommandError> {
    term.output
        .write_all(text.as_bytes())
        .and_then(|()| term.output.flush())
        .map_err(|source| CommandError::Write {
            target: "standard output".to_owned(),
            source,
        })
}

/// `m:ss`.
fn clock_text(secs: i64) -> String {
    let secs = secs.max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The debrief as text.
pub fn render_debrief(report: &Debrief) -> String {
    let mut out = String::from("\n══ Debrief ══\n");
    out.push_str(&format!(
        "Score {:.0}% over {} answer(s){}\n",
        report.score * 100.0,
        report.answered,
        if report.left_early {
            " (left early)"
        } else {
            ""
        }
    ));
    if !report.by_topic.is_empty() {
        out.push_str("By topic (weakest first):\n");
        for t in &report.by_topic {
            out.push_str(&format!(
                "  {:<28} {:>3.0}%  ({} answer(s))\n",
                inert(&t.topic),
                t.score * 100.0,
                t.answers
            ));
        }
    }
    let missed: Vec<_> = report.by_key_point.iter().filter(|k| !k.covered).collect();
    let covered = report.by_key_point.len() - missed.len();
    if !report.by_key_point.is_empty() {
        out.push_str(&format!(
            "Key points: {covered} of {} covered\n",
            report.by_key_point.len()
        ));
        for k in missed {
            out.push_str(&format!(
                "  missed: {} ({})\n",
                inert(&k.point),
                k.question_id
            ));
        }
    }
    if !report.revisit.is_empty() {
        out.push_str("Revisit:\n");
        for r in &report.revisit {
            out.push_str(&format!(
                "  {} ({:.0}%): stagecraft read {}\n",
                r.question_id,
                r.score * 100.0,
                inert(&r.lesson)
            ));
        }
    }
    if !report.times.is_empty() {
        out.push_str("Time per question:\n");
        for t in &report.times {
            let over = if t.seconds > t.soft_limit_secs {
                "  over the soft limit"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {:<40} {} of {}{over}\n",
                t.question_id,
                clock_text(i64::from(t.seconds)),
                clock_text(i64::from(t.soft_limit_secs))
            ));
        }
    }
    match report.change {
        Some(change) => out.push_str(&format!(
            "Trend: {} ({:+.0} points since the last mock interview)\n",
            report
                .trend
                .iter()
                .map(|s| format!("{:.0}%", s * 100.0))
                .collect::<Vec<_>>()
                .join(" → "),
            change * 100.0
        )),
        None => out.push_str("Trend: this is your first mock interview.\n"),
    }
    out
}

/// The longest answer read back from the editor's file.
pub const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

/// The text of the answer file the editor left at `path`, read only if it is still a regular
/// file of at most [`MAX_ANSWER_BYTES`] ([`crate::regular_file`]): an editor, or anyone, may
/// have put a named pipe there (reading it would wait for ever) or a link to a device.
pub fn read_answer_file(path: &Path) -> io::Result<String> {
    let bytes = crate::regular_file::read(path, MAX_ANSWER_BYTES).map_err(|error| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot read the answer back: {}", error.cause()),
        )
    })?;
    String::from_utf8(bytes).map_err(|error| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "cannot read the answer back: it is not UTF-8 text (an invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        )
    })
}

/// A file holding `initial` for the editor to write an answer in, inside a new folder that only
/// this user may enter; the folder and the file go when the returned guard is dropped. (A
/// fixed name in the shared temporary folder could be a link someone else put there first.)
pub fn answer_file(initial: &str) -> io::Result<(tempfile::TempDir, std::path::PathBuf)> {
    let folder = tempfile::Builder::new()
        .prefix("stagecraft-answer-")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .tempdir()?;
    let path = folder.path().join("answer.md");
    std::fs::write(&path, initial)?;
    Ok((folder, path))
}

/// Opens `$EDITOR` (or `vi`) on a temporary file holding `initial` and returns its text.
pub fn system_editor(initial: &str) -> io::Result<String> {
    let (_folder, path) = answer_file(initial)?;
    let editor = std::env::var("EDITOR")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(&path)
        .status();
    // The folder guard lives until the answer is read back.
    match status {
        Ok(status) if status.success() => read_answer_file(&path),
        Ok(status) => Err(io::Error::other(format!("{editor} exited with {status}"))),
        Err(err) => Err(io::Error::new(
            err.kind(),
            format!("cannot start the editor {editor}: {err}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_answer_file_is_in_a_private_folder_of_its_own_that_goes_with_it() {
        let (folder, path) = answer_file("draft").unwrap();
        let (other, _) = answer_file("").unwrap();
        assert_ne!(folder.path(), other.path());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "draft");
        let mode = std::fs::metadata(folder.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "only the owner may enter: {mode:o}");
        let gone = folder.path().to_owned();
        drop(folder);
        assert!(!gone.exists());
    }
}
