//! The mock interview in the app: set-up (length, level), questions answered in a multi-line
//! editor with a per-question soft clock and the total, the model answer beside the learner's
//! with key-point hints, ticks and a rating, analyzer-checked fixes for scenarios, follow-ups
//! after good answers, and a debrief at the end or when leaving early.
//!
//! The plan, the debrief and the saved record are the CLI's ([`crate::commands::interview`],
//! [`crate::srs::interview`], [`crate::store`]); the interview is saved after every answer. It
//! reads card states to put weak topics first but never writes a review: no card is
//! rescheduled and the day's new cards are untouched.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_input::InputRequest;

use super::keymap::{Binding, Bound, Key, KeyHelp, Nav};
use super::lesson::LessonScreen;
use super::screen::{Action, Commands, Context, HitMap, Notice, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::terminal;
use super::text::{dockerfile_lines, inline};
use super::theme::Theme;
use super::widgets;
use crate::commands::interview::{plan, reschedule_card};
use crate::content::grade::right_answer;
use crate::content::interview::{FixVerdict, check_fix};
use crate::content::keypoints::mentioned_points;
use crate::content::{Question, QuestionKind};
use crate::sanitize::inert;
use crate::srs::Rating;
use crate::srs::interview::{
    Debrief, InterviewAnswer, Level, MockInterview, PlannedQuestion, debrief,
};

/// Where the interview stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Choosing the length and the level.
    Setup,
    /// Typing the answer to the current question.
    Answering,
    /// Typing a fix for a scenario, as Dockerfile lines.
    Fixing,
    /// The model answer beside the learner's; ticking the key points covered.
    Reviewing,
    /// Rating the answer.
    Rating,
    /// The debrief.
    Debrief,
}

/// What the interview screen can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Switch between 15 and 30 minutes.
    Length,
    /// Go to the next level.
    Level,
    /// Turn saving ratings as reviews of studied cards on or off.
    Reschedule,
    /// Start the interview.
    Start,
    /// Edit the text being typed.
    Edit(InputRequest),
    /// A new line in the text being typed.
    Newline,
    /// Submit the answer (or the fix).
    Submit,
    /// Open `$VISUAL` / `$EDITOR` on the text being typed.
    External,
    /// Tick or untick a key point (1-based).
    Tick(u8),
    /// Type a fix for the scenario.
    Fix,
    /// Go on to the rating.
    ToRating,
    /// Rate the answer (1 again .. 4 easy).
    Rate(u8),
    /// Ask to leave (the debrief follows once confirmed).
    Leave,
    /// Confirm leaving.
    ConfirmLeave,
    /// Keep going after asking to leave.
    Stay,
    /// Scroll the question up or down.
    Scroll(bool),
    /// Select the previous or next answer to revisit.
    Select(bool),
    /// Open the lesson section of the selected answer to revisit.
    OpenLesson,
    /// Close the screen.
    Close,
}

/// The mock-interview screen.
pub struct InterviewScreen {
    phase: Phase,
    minutes: u32,
    /// Whether ratings of studied cards are also saved as reviews.
    reschedule: bool,
    level: Level,
    confirming_leave: bool,
    queue: Vec<PlannedQuestion>,
    current: Option<PlannedQuestion>,
    asked: usize,
    interview: Option<MockInterview>,
    previous: Vec<f64>,
    question_began: DateTime<Utc>,
    typed: String,
    answer: String,
    fix: String,
    hints: Vec<bool>,
    ticked: Vec<bool>,
    verdict: Option<FixVerdict>,
    report: Option<Debrief>,
    revisit: usize,
    scroll: Scroll,
    notice: Option<Notice>,
    scenario_fixable: bool,
    follow_ups: std::collections::HashMap<String, Vec<PlannedQuestion>>,
}

fn setup(s: &InterviewScreen) -> bool {
    s.phase == Phase::Setup
}
fn typing(s: &InterviewScreen) -> bool {
    !s.confirming_leave && matches!(s.phase, Phase::Answering | Phase::Fixing)
}
fn reviewing(s: &InterviewScreen) -> bool {
    !s.confirming_leave && s.phase == Phase::Reviewing
}
fn can_fix(s: &InterviewScreen) -> bool {
    reviewing(s) && s.scenario_fixable
}
fn rating(s: &InterviewScreen) -> bool {
    !s.confirming_leave && s.phase == Phase::Rating
}
fn asking(s: &InterviewScreen) -> bool {
    !s.confirming_leave && matches!(s.phase, Phase::Reviewing | Phase::Rating)
}
fn in_progress(s: &InterviewScreen) -> bool {
    !s.confirming_leave
        && matches!(
            s.phase,
            Phase::Answering | Phase::Fixing | Phase::Reviewing | Phase::Rating
        )
}
fn scrollable(s: &InterviewScreen) -> bool {
    (in_progress(s) || debriefing(s)) && s.scroll.overflows()
}
fn confirming(s: &InterviewScreen) -> bool {
    s.confirming_leave
}
fn debriefing(s: &InterviewScreen) -> bool {
    s.phase == Phase::Debrief
}
fn can_revisit(s: &InterviewScreen) -> bool {
    debriefing(s) && s.report.as_ref().is_some_and(|r| !r.revisit.is_empty())
}

const TABLE: &[Binding<InterviewScreen, Command>] = &[
    Binding {
        keys: &[Key::Char('m')],
        shown: "m",
        hint: "length",
        help: "switch between 15 and 30 minutes",
        command: Bound::To(Command::Length),
        when: setup,
    },
    Binding {
        keys: &[Key::Char('l')],
        shown: "l",
        hint: "level",
        help: "next level: junior, mid, senior",
        command: Bound::To(Command::Level),
        when: setup,
    },
    Binding {
        keys: &[Key::Char('r')],
        shown: "r",
        hint: "reschedule",
        help: "also save each rating as a review of a card already studied (new cards stay new)",
        command: Bound::To(Command::Reschedule),
        when: setup,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "start",
        help: "start the mock interview",
        command: Bound::To(Command::Start),
        when: setup,
    },
    Binding {
        keys: &[Key::Char('y')],
        shown: "y",
        hint: "leave",
        help: "leave the interview and see the debrief",
        command: Bound::To(Command::ConfirmLeave),
        when: confirming,
    },
    Binding {
        keys: &[Key::Char('n'), Key::Code(KeyCode::Esc)],
        shown: "n Esc",
        hint: "stay",
        help: "go on with the interview",
        command: Bound::To(Command::Stay),
        when: confirming,
    },
    Binding {
        keys: &[Key::Ctrl('s')],
        shown: "Ctrl-s",
        hint: "submit",
        help: "submit what you typed",
        command: Bound::To(Command::Submit),
        when: typing,
    },
    Binding {
        keys: &[Key::Ctrl('o')],
        shown: "Ctrl-o",
        hint: "$EDITOR",
        help: "write the text in $VISUAL / $EDITOR (saved and closed, it comes back here)",
        command: Bound::To(Command::External),
        when: typing,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "",
        help: "a new line",
        command: Bound::To(Command::Newline),
        when: typing,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp)],
        shown: "PgUp",
        hint: "",
        help: "scroll up",
        command: Bound::To(Command::Scroll(false)),
        when: scrollable,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown)],
        shown: "PgDn",
        hint: "",
        help: "scroll down",
        command: Bound::To(Command::Scroll(true)),
        when: scrollable,
    },
    Binding {
        keys: &[Key::Text],
        shown: "text",
        hint: "",
        help: "type the answer",
        command: Bound::Text(Command::Edit),
        when: typing,
    },
    Binding {
        keys: &[Key::Digits(1, 9)],
        shown: "1-9",
        hint: "tick",
        help: "tick or untick a key point you covered",
        command: Bound::Digit(Command::Tick),
        when: reviewing,
    },
    Binding {
        keys: &[Key::Char('f')],
        shown: "f",
        hint: "fix",
        help: "type the fix as Dockerfile lines; the analyzer checks it",
        command: Bound::To(Command::Fix),
        when: can_fix,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "rate",
        help: "go on to rate the answer",
        command: Bound::To(Command::ToRating),
        when: reviewing,
    },
    Binding {
        keys: &[Key::Digits(1, 4)],
        shown: "1-4",
        hint: "again/hard/good/easy",
        help: "rate the answer: 1 again, 2 hard, 3 good (follow-ups come), 4 easy",
        command: Bound::Digit(Command::Rate),
        when: rating,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "leave",
        help: "leave the interview (asks first; the debrief follows)",
        command: Bound::To(Command::Leave),
        when: in_progress,
    },
    Binding {
        keys: &[Key::Char('q')],
        shown: "q",
        hint: "",
        help: "leave the interview (asks first; the debrief follows)",
        command: Bound::To(Command::Leave),
        when: asking,
    },
    Binding {
        keys: &[Key::Char('j'), Key::Code(KeyCode::Down)],
        shown: "j/k ↑/↓",
        hint: "select",
        help: "select an answer to revisit",
        command: Bound::To(Command::Select(true)),
        when: can_revisit,
    },
    Binding {
        keys: &[Key::Char('k'), Key::Code(KeyCode::Up)],
        shown: "k ↑",
        hint: "",
        help: "select the previous answer to revisit",
        command: Bound::To(Command::Select(false)),
        when: can_revisit,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "lesson",
        help: "open the lesson section of the selected answer",
        command: Bound::To(Command::OpenLesson),
        when: can_revisit,
    },
    Binding {
        keys: &[Key::Char('q'), Key::Code(KeyCode::Esc)],
        shown: "q Esc",
        hint: "close",
        help: "close the debrief",
        command: Bound::To(Command::Close),
        when: debriefing,
    },
];

impl Default for InterviewScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl InterviewScreen {
    /// The set-up: 15 minutes, mid level.
    pub fn new() -> Self {
        Self {
            phase: Phase::Setup,
            minutes: 15,
            reschedule: false,
            level: Level::Mid,
            confirming_leave: false,
            queue: Vec::new(),
            current: None,
            asked: 0,
            interview: None,
            previous: Vec::new(),
            question_began: DateTime::<Utc>::UNIX_EPOCH,
            typed: String::new(),
            answer: String::new(),
            fix: String::new(),
            hints: Vec::new(),
            ticked: Vec::new(),
            verdict: None,
            report: None,
            revisit: 0,
            scroll: Scroll::new(),
            notice: None,
            scenario_fixable: false,
            follow_ups: std::collections::HashMap::new(),
        }
    }

    /// Where the interview stands.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The debrief, once the interview is over.
    pub fn report(&self) -> Option<&Debrief> {
        self.report.as_ref()
    }

    fn start(&mut self, ctx: &Context) -> Action {
        let now = ctx.now();
        let planned = match plan(&ctx.content, &ctx.store, now, self.minutes, self.level) {
            Ok(planned) => planned,
            Err(error) => return Action::error(format!("cannot plan the interview: {error}")),
        };
        if planned.questions.is_empty() {
            return Action::error("no questions to ask: the content has no scheduled questions");
        }
        self.previous = match ctx.store.mock_interviews() {
            Ok(done) => done.iter().map(MockInterview::score).collect(),
            Err(error) => return Action::error(error),
        };
        let mut interview = MockInterview {
            id: None,
            started_at: now,
            finished_at: None,
            minutes: planned.minutes,
            level: planned.level,
            left_early: false,
            answers: Vec::new(),
        };
        if let Err(error) = ctx.store.save_mock_interview(&mut interview) {
            return Action::error(format!("cannot save the interview: {error}"));
        }
        self.interview = Some(interview);
        self.follow_ups = planned.follow_ups.clone();
        self.queue = planned.questions.into_iter().rev().collect();
        self.next_question(ctx);
        Action::None
    }

    /// Asks the next question, or ends the interview when none is left.
    fn next_question(&mut self, ctx: &Context) {
        while let Some(planned) = self.queue.pop() {
            let Some(question) = ctx.content.question(&planned.id) else {
                continue;
            };
            let notes = ctx.content.notes(&planned.id);
            self.scenario_fixable = question.dockerfile.is_some()
                && notes.scenario.as_ref().is_some_and(|s| !s.fix.is_empty());
            self.current = Some(planned);
            self.asked += 1;
            self.phase = Phase::Answering;
            self.typed.clear();
            self.answer.clear();
            self.fix.clear();
            self.hints.clear();
            self.ticked.clear();
            self.verdict = None;
            self.scroll = Scroll::new();
            self.question_began = ctx.now();
            return;
        }
        self.finish(ctx, false);
    }

    fn question<'c>(&self, ctx: &'c Context) -> Option<&'c Question> {
        ctx.content.question(&self.current.as_ref()?.id)
    }

    fn submit(&mut self, ctx: &Context) {
        let text = std::mem::take(&mut self.typed).trim_end().to_owned();
        match self.phase {
            Phase::Answering => {
                let notes = self
                    .current
                    .as_ref()
                    .map(|c| ctx.content.notes(&c.id))
                    .unwrap_or_default();
                self.hints = mentioned_points(&text, &notes.key_points);
                self.ticked = self.hints.clone();
                self.answer = text;
                self.phase = Phase::Reviewing;
            }
            Phase::Fixing => {
                if let Some(question) = self.question(ctx)
                    && let Some(original) = &question.dockerfile
                    && let Some(scenario) = ctx.content.notes(&question.id).scenario
                    && !text.trim().is_empty()
                {
                    self.verdict = Some(check_fix(original, &scenario.fix, &text));
                }
                self.fix = text;
                self.phase = Phase::Reviewing;
            }
            _ => {}
        }
    }

    fn rate(&mut self, rating: Rating, ctx: &Context) -> Action {
        let (Some(planned), Some(question)) = (self.current.clone(), self.question(ctx)) else {
            return Action::None;
        };
        let notes = ctx.content.notes(&planned.id);
        let seconds = (ctx.now() - self.question_began).num_seconds().max(0);
        let answer = InterviewAnswer {
            question_id: question.id.clone(),
            topic: question.topic.clone(),
            stage: planned.stage,
            lesson: question.lesson.to_string(),
            answer: self.answer.clone(),
            rating,
            key_points: notes.key_points.iter().map(|p| p.text.clone()).collect(),
            covered: notes
                .key_points
                .iter()
                .zip(&self.ticked)
                .filter(|(_, t)| **t)
                .map(|(p, _)| p.text.clone())
                .collect(),
            seconds: u32::try_from(seconds).unwrap_or(u32::MAX),
            soft_limit_secs: planned.soft_limit_secs,
        };
        let mut action = Action::None;
        if self.reschedule
            && let Err(error) = reschedule_card(&ctx.store, &ctx.scheduler, &answer, ctx.now())
        {
            action = Action::error(format!("cannot reschedule the card: {error}"));
        }
        if let Some(interview) = &mut self.interview {
            interview.answers.push(answer);
            if let Err(error) = ctx.store.save_mock_interview(interview) {
                action = Action::error(format!("cannot save the answer: {error}"));
            }
        }
        if rating >= Rating::Good
            && let Some(follow) = self.follow_ups.get(&planned.id)
        {
            self.queue.extend(follow.iter().rev().cloned());
        }
        self.next_question(ctx);
        action
    }

    /// Ends the interview: saves it and shows the debrief.
    fn finish(&mut self, ctx: &Context, left_early: bool) {
        self.phase = Phase::Debrief;
        self.confirming_leave = false;
        self.current = None;
        let Some(interview) = &mut self.interview else {
            return;
        };
        interview.left_early = left_early;
        interview.finished_at = Some(ctx.now());
        if let Err(error) = ctx.store.save_mock_interview(interview) {
            self.notice = Some(Notice::error(format!("cannot save the interview: {error}")));
        }
        self.report = Some(debrief(interview, &self.previous));
        self.revisit = 0;
        self.scroll = Scroll::new();
    }

    fn external_editor(&mut self) {
        let (_folder, path) = match crate::commands::interview::answer_file(&self.typed) {
            Ok(made) => made,
            Err(error) => {
                self.notice = Some(Notice::error(format!(
                    "cannot write the answer for the editor: {error}"
                )));
                return;
            }
        };
        let editor = crate::lab::editor_from_env();
        let outcome = {
            let _lent = terminal::suspend();
            crate::lab::run_editor(&editor, &path)
        };
        self.notice = match outcome {
            Ok(status) if status.success() => {
                match crate::commands::interview::read_answer_file(&path) {
                    Ok(text) => {
                        self.typed = text.trim_end().to_owned();
                        None
                    }
                    Err(error) => Some(Notice::error(format!("{error}; the answer is as it was"))),
                }
            }
            Ok(status) => Some(Notice::warning(format!(
                "the editor `{}` ended with {status}; the answer is as it was",
                inert(&editor)
            ))),
            Err(error) => Some(Notice::warning(format!(
                "cannot start the editor `{}`: {error}; set $VISUAL or $EDITOR",
                inert(&editor)
            ))),
        };
    }

    fn open_lesson(&self, ctx: &Context) -> Action {
        let Some(revisit) = self
            .report
            .as_ref()
            .and_then(|r| r.revisit.get(self.revisit))
        else {
            return Action::None;
        };
        let (lesson, anchor) = match revisit.lesson.split_once('#') {
            Some((lesson, anchor)) => (lesson, Some(anchor)),
            None => (revisit.lesson.as_str(), None),
        };
        match ctx.content.lesson(lesson) {
            Some(found) => Action::Push(Box::new(LessonScreen::open(found, anchor, ctx))),
            None => Action::error(format!("the lesson `{}` is not loaded", inert(lesson))),
        }
    }
}

impl Commands for InterviewScreen {
    type Command = Command;
    type Hits = ();

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        self.notice = None;
        match command {
            Command::Length => self.minutes = if self.minutes == 15 { 30 } else { 15 },
            Command::Reschedule => self.reschedule = !self.reschedule,
            Command::Level => {
                self.level = match self.level {
                    Level::Junior => Level::Mid,
                    Level::Mid => Level::Senior,
                    Level::Senior => Level::Junior,
                }
            }
            Command::Start => return self.start(ctx),
            Command::Edit(request) => match request {
                InputRequest::InsertChar(c) => self.typed.push(c),
                InputRequest::DeletePrevChar => {
                    self.typed.pop();
                }
                InputRequest::DeleteLine => {
                    let keep = self.typed.rfind('\n').map_or(0, |i| i + 1);
                    self.typed.truncate(keep);
                }
                _ => {}
            },
            Command::Newline => self.typed.push('\n'),
            Command::Submit => self.submit(ctx),
            Command::External => self.external_editor(),
            Command::Tick(n) => {
                if let Some(t) = self.ticked.get_mut(usize::from(n).saturating_sub(1)) {
                    *t = !*t;
                }
            }
            Command::Fix => {
                self.typed = std::mem::take(&mut self.fix);
                self.phase = Phase::Fixing;
            }
            Command::ToRating => self.phase = Phase::Rating,
            Command::Rate(n) => {
                if let Some(rating) = Rating::from_number(n) {
                    return self.rate(rating, ctx);
                }
            }
            Command::Leave => self.confirming_leave = true,
            Command::Stay => self.confirming_leave = false,
            Command::ConfirmLeave => self.finish(ctx, true),
            Command::Scroll(down) => {
                self.scroll
                    .apply(if down { Nav::PageDown } else { Nav::PageUp })
            }
            Command::Select(down) => {
                let count = self.report.as_ref().map_or(0, |r| r.revisit.len());
                self.revisit = if down {
                    (self.revisit + 1).min(count.saturating_sub(1))
                } else {
                    self.revisit.saturating_sub(1)
                };
            }
            Command::OpenLesson => return self.open_lesson(ctx),
            Command::Close => return Action::Pop,
        }
        Action::None
    }
}

impl Screen for InterviewScreen {
    fn title(&self) -> String {
        match self.phase {
            Phase::Setup => "Mock interview".into(),
            Phase::Debrief => "Mock interview: debrief".into(),
            _ => format!("Mock interview: question {}", self.asked),
        }
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        // The one scrolled panel of each phase is measured as it will be drawn, so that the
        // scroll stops at its end and PgUp/PgDn are offered only when it overflows.
        let [_, body] = status_and_body(area);
        let scrolled = match self.phase {
            Phase::Setup => None,
            Phase::Answering | Phase::Fixing => {
                Some((self.question_lines(ctx), asking_areas(body)[0]))
            }
            Phase::Reviewing | Phase::Rating => self.question(ctx).map(|question| {
                let key_points = ctx.content.notes(&question.id).key_points.len();
                (
                    model_lines(question, ctx.theme),
                    review_areas(body, key_points)[1],
                )
            }),
            Phase::Debrief => self
                .report
                .as_ref()
                .map(|report| (self.debrief_lines(report, ctx.theme), body)),
        };
        match scrolled {
            Some((lines, panel)) => {
                let height = Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .line_count(panel.width.saturating_sub(2));
                self.scroll
                    .fit(height, usize::from(panel.height.saturating_sub(2)));
            }
            None => self.scroll.fit(0, 0),
        }
        HitMap::none()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let [status, body] = status_and_body(area);
        let status_line = if self.confirming_leave {
            Line::styled(
                "Leave the interview? y: leave and see the debrief · n: go on",
                theme.warning(),
            )
        } else if let Some(notice) = &self.notice {
            Line::styled(inert(&notice.text), theme.warning())
        } else {
            self.clock_line(ctx)
        };
        frame.render_widget(Paragraph::new(status_line), status);
        match self.phase {
            Phase::Setup => self.draw_setup(frame, body, theme),
            Phase::Answering | Phase::Fixing => self.draw_asking(frame, body, ctx),
            Phase::Reviewing | Phase::Rating => self.draw_review(frame, body, ctx),
            Phase::Debrief => self.draw_debrief(frame, body, theme),
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }

    fn captures_text(&self) -> bool {
        typing(self)
    }

    fn tick(&mut self, _ctx: &Context) -> Action {
        Action::None
    }
}

/// `m:ss`.
fn clock(secs: i64) -> String {
    let secs = secs.max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

impl InterviewScreen {
    fn clock_line(&self, ctx: &Context) -> Line<'static> {
        let theme = ctx.theme;
        let (Some(planned), Some(interview)) = (&self.current, &self.interview) else {
            return Line::raw("");
        };
        let now = ctx.now();
        let on_question = (now - self.question_began).num_seconds();
        let total = (now - interview.started_at).num_seconds();
        let over = on_question > i64::from(planned.soft_limit_secs);
        Line::from(vec![
            Span::styled(
                format!(
                    "Q{} · {} · {}",
                    self.asked,
                    planned.stage.label(),
                    inert(&planned.topic)
                ),
                theme.title(),
            ),
            Span::styled(
                format!(
                    "  ⏱ {} of {}{}",
                    clock(on_question),
                    clock(i64::from(planned.soft_limit_secs)),
                    if over { " (over the soft limit)" } else { "" }
                ),
                if over { theme.warning() } else { theme.key() },
            ),
            Span::styled(
                format!("  total {} of {}:00", clock(total), self.minutes),
                theme.dim(),
            ),
        ])
    }

    fn draw_setup(&self, frame: &mut Frame<'_>, area: Rect, theme: Theme) {
        let mark = |on: bool| if on { "(•)" } else { "( )" };
        let lines = vec![
            Line::styled("A mock interview", theme.title()),
            Line::raw(""),
            Line::from(vec![
                Span::styled("Length (m): ", theme.key()),
                Span::raw(format!(
                    "{} 15 minutes  {} 30 minutes",
                    mark(self.minutes == 15),
                    mark(self.minutes == 30)
                )),
            ]),
            Line::from(vec![
                Span::styled("Level  (l): ", theme.key()),
                Span::raw(format!(
                    "{} junior  {} mid  {} senior",
                    mark(self.level == Level::Junior),
                    mark(self.level == Level::Mid),
                    mark(self.level == Level::Senior)
                )),
            ]),
            Line::from(vec![
                Span::styled("Reschedule (r): ", theme.key()),
                Span::raw(format!(
                    "{} no  {} yes",
                    mark(!self.reschedule),
                    mark(self.reschedule)
                )),
            ]),
            Line::raw(""),
            Line::styled("Enter starts.", theme.dim()),
            Line::raw(""),
            Line::raw("Open questions, debugging scenarios and follow-ups across the topics,"),
            Line::raw("weakest first. Type your answers; the debrief comes at the end."),
            Line::raw("Today's new cards stay untouched; cards are rescheduled only if you"),
            Line::raw("ask (r), and then only the ones you have studied before."),
        ];
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(widgets::panel("Set-up", true, theme)),
            area,
        );
    }

    /// The question: prompt, choices, Dockerfile with the shared gutter, error output.
    fn question_lines(&self, ctx: &Context) -> Vec<Line<'static>> {
        let theme = ctx.theme;
        let Some(question) = self.question(ctx) else {
            return Vec::new();
        };
        // Paragraphs of the prompt reflow (source line breaks are not line breaks) and inline
        // Markdown is rendered, as in every other question view.
        let mut lines: Vec<Line<'static>> = Vec::new();
        for paragraph in question.prompt.trim_end().split("\n\n") {
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(inline(paragraph, theme));
        }
        let item = |prefix: String, markdown: &str| {
            let mut spans = vec![Span::raw(prefix)];
            spans.extend(inline(markdown, theme).spans);
            Line::from(spans)
        };
        match &question.kind {
            QuestionKind::Single { choices, .. } | QuestionKind::Multiple { choices, .. } => {
                for (n, choice) in choices.iter().enumerate() {
                    lines.push(item(format!("  {}. ", n + 1), choice));
                }
            }
            QuestionKind::TrueFalse { .. } => lines.push(Line::raw("  (true or false)")),
            QuestionKind::Order { items } => {
                lines.push(Line::raw("  Put in order:"));
                for entry in items {
                    lines.push(item("  - ".to_owned(), entry));
                }
            }
            _ => {}
        }
        if let Some(dockerfile) = &question.dockerfile {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Dockerfile", theme.title()));
            lines.extend(dockerfile_lines(dockerfile, theme, |_| None));
        }
        if let Some(scenario) = ctx.content.notes(&question.id).scenario {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Error output", theme.title()));
            for line in scenario.error.lines() {
                lines.push(Line::styled(format!("  {}", inert(line)), theme.error()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "What is the cause, and how do you fix it?",
                theme.key(),
            ));
        }
        lines
    }

    fn draw_asking(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let [question, editor] = asking_areas(area);
        frame.render_widget(
            Paragraph::new(self.question_lines(ctx))
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.offset_u16(), 0))
                .block(widgets::panel("Question", false, theme)),
            question,
        );
        let title = if self.phase == Phase::Fixing {
            "Your fix as Dockerfile lines (Ctrl-s checks it)"
        } else {
            "Your answer (Enter: new line · Ctrl-s: submit · Ctrl-o: $EDITOR)"
        };
        let mut lines: Vec<Line<'static>> = self
            .typed
            .split('\n')
            .map(|l| Line::raw(inert(l).into_owned()))
            .collect();
        if let Some(last) = lines.last_mut() {
            last.spans.push(Span::styled("▏", theme.key()));
        }
        // Keep the end of a long answer in view.
        let room = usize::from(editor.height.saturating_sub(2));
        let skip = lines.len().saturating_sub(room);
        frame.render_widget(
            Paragraph::new(lines.split_off(skip)).block(widgets::panel(title, true, theme)),
            editor,
        );
    }

    fn draw_review(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let Some(question) = self.question(ctx) else {
            return;
        };
        let notes = ctx.content.notes(&question.id);
        let [mine, model, points] = review_areas(area, notes.key_points.len());
        let mut my_lines: Vec<Line<'static>> = if self.answer.trim().is_empty() {
            vec![Line::styled("(no answer)", theme.dim())]
        } else {
            self.answer
                .lines()
                .map(|l| Line::raw(inert(l).into_owned()))
                .collect()
        };
        if !self.fix.is_empty() {
            my_lines.push(Line::raw(""));
            my_lines.push(Line::styled("Fix:", theme.title()));
            my_lines.extend(
                self.fix
                    .lines()
                    .map(|l| Line::raw(format!("  {}", inert(l).into_owned()))),
            );
        }
        if let Some(verdict) = &self.verdict {
            my_lines.extend(verdict_lines(verdict, theme));
        }
        frame.render_widget(
            Paragraph::new(my_lines)
                .wrap(Wrap { trim: false })
                .block(widgets::panel("Your answer", false, theme)),
            mine,
        );
        let model_lines = model_lines(question, theme);
        frame.render_widget(
            Paragraph::new(model_lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.offset_u16(), 0))
                .block(widgets::panel("Model answer", false, theme)),
            model,
        );
        let mut point_lines = vec![Line::styled(
            "[x] ticked as covered · * your answer seems to mention it (a hint; you decide)",
            theme.dim(),
        )];
        for (n, point) in notes.key_points.iter().enumerate() {
            let ticked = self.ticked.get(n).copied().unwrap_or(false);
            let hinted = self.hints.get(n).copied().unwrap_or(false);
            let style = if hinted {
                theme.success()
            } else {
                Style::new()
            };
            point_lines.push(Line::from(vec![
                Span::raw(format!(
                    "{}. [{}] {} ",
                    n + 1,
                    if ticked { 'x' } else { ' ' },
                    if hinted { '*' } else { ' ' }
                )),
                Span::styled(inert(&point.text), style),
            ]));
        }
        if notes.key_points.is_empty() {
            point_lines.push(Line::styled(
                "(this question has no key points)",
                theme.dim(),
            ));
        }
        let title = if self.phase == Phase::Rating {
            "Rate: 1 again · 2 hard · 3 good · 4 easy"
        } else {
            "Key points: 1-9 tick · Enter to rate"
        };
        frame.render_widget(
            Paragraph::new(point_lines)
                .wrap(Wrap { trim: false })
                .block(widgets::panel(title, true, theme)),
            points,
        );
    }

    fn draw_debrief(&self, frame: &mut Frame<'_>, area: Rect, theme: Theme) {
        let Some(report) = &self.report else {
            frame.render_widget(
                Paragraph::new("No interview was started.")
                    .block(Block::default().borders(Borders::ALL)),
                area,
            );
            return;
        };
        let lines = self.debrief_lines(report, theme);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.offset_u16(), 0))
                .block(widgets::panel("Debrief", true, theme)),
            area,
        );
    }

    /// The debrief as lines: score and trend, topics, key points, answers to revisit, times.
    fn debrief_lines(&self, report: &Debrief, theme: Theme) -> Vec<Line<'static>> {
        let mut lines = vec![Line::styled(
            format!(
                "Score {:.0}% over {} answer(s){}",
                report.score * 100.0,
                report.answered,
                if report.left_early {
                    " (left early)"
                } else {
                    ""
                }
            ),
            theme.title(),
        )];
        lines.push(Line::raw(match report.change {
            Some(change) => format!(
                "Trend: {} ({:+.0} points since the last mock interview)",
                report
                    .trend
                    .iter()
                    .map(|s| format!("{:.0}%", s * 100.0))
                    .collect::<Vec<_>>()
                    .join(" → "),
                change * 100.0
            ),
            None => "Trend: this is your first mock interview.".to_owned(),
        }));
        if !report.by_topic.is_empty() {
            lines.push(Line::styled("By topic (weakest first)", theme.title()));
            for t in &report.by_topic {
                lines.push(Line::raw(format!(
                    "  {:>3.0}%  {} ({} answer(s))",
                    t.score * 100.0,
                    inert(&t.topic),
                    t.answers
                )));
            }
        }
        if !report.by_key_point.is_empty() {
            let covered = report.by_key_point.iter().filter(|k| k.covered).count();
            lines.push(Line::styled(
                format!(
                    "Key points: {covered} of {} covered",
                    report.by_key_point.len()
                ),
                theme.title(),
            ));
            for k in &report.by_key_point {
                lines.push(Line::raw(format!(
                    "  [{}] {}",
                    if k.covered { 'x' } else { ' ' },
                    inert(&k.point)
                )));
            }
        }
        if !report.revisit.is_empty() {
            lines.push(Line::styled(
                "Revisit (Enter opens the lesson section)",
                theme.title(),
            ));
            for (i, r) in report.revisit.iter().enumerate() {
                let selected = i == self.revisit;
                lines.push(Line::styled(
                    format!(
                        "{} {} ({:.0}%) → {}",
                        if selected { '›' } else { ' ' },
                        inert(&r.question_id),
                        r.score * 100.0,
                        inert(&r.lesson)
                    ),
                    if selected {
                        theme.selected()
                    } else {
                        Style::new()
                    },
                ));
            }
        }
        if !report.times.is_empty() {
            lines.push(Line::styled("Time per question", theme.title()));
            for t in &report.times {
                lines.push(Line::raw(format!(
                    "  {} of {}{}  {}",
                    clock(i64::from(t.seconds)),
                    clock(i64::from(t.soft_limit_secs)),
                    if t.seconds > t.soft_limit_secs {
                        " over"
                    } else {
                        ""
                    },
                    inert(&t.question_id)
                )));
            }
        }
        lines
    }
}

fn verdict_lines(verdict: &FixVerdict, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![if verdict.passed() {
        Line::styled("✓ The analyzer accepts the fix.", theme.success())
    } else {
        Line::styled("✗ The analyzer does not accept the fix yet:", theme.error())
    }];
    for error in &verdict.parse_errors {
        lines.push(Line::raw(format!("  - does not parse: {}", inert(error))));
    }
    for rule in &verdict.still_reported {
        lines.push(Line::raw(format!("  - still reported: {}", inert(rule))));
    }
    for missing in &verdict.missing {
        lines.push(Line::raw(format!(
            "  - expected an instruction like: {}",
            inert(missing)
        )));
    }
    lines
}

/// The status line (clock, notices, the leave prompt) and the phase's body under it.
fn status_and_body(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area)
}

/// The question panel and the answer editor under it, while an answer is typed.
fn asking_areas(area: Rect) -> [Rect; 2] {
    let editor_height = (area.height / 3).max(4);
    Layout::vertical([Constraint::Min(0), Constraint::Length(editor_height)]).areas(area)
}

/// The learner's answer, the model answer (side by side when there is room) and the key
/// points under them, while an answer is reviewed.
fn review_areas(area: Rect, key_points: usize) -> [Rect; 3] {
    let points_height = u16::try_from(key_points + 3)
        .unwrap_or(u16::MAX)
        .min(area.height / 2);
    let [sides, points] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(points_height)]).areas(area);
    let [mine, model] = if sides.width >= 60 {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(sides)
    } else {
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(sides)
    };
    [mine, model, points]
}

/// The model answer and the explanation under it.
fn model_lines(question: &Question, theme: Theme) -> Vec<Line<'static>> {
    let model_text = match &question.kind {
        QuestionKind::Flashcard { model_answer } => model_answer.clone(),
        other => right_answer(other),
    };
    let mut model_lines: Vec<Line<'static>> = model_text
        .trim_end()
        .lines()
        .map(|l| Line::raw(inert(l).into_owned()))
        .collect();
    if !question.explanation.trim().is_empty() {
        model_lines.push(Line::raw(""));
        model_lines.extend(
            question
                .explanation
                .trim_end()
                .lines()
                .map(|l| Line::styled(inert(l).into_owned(), theme.dim())),
        );
    }
    model_lines
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::Cli;
    use crate::content::{ContentSet, PackSource};

    fn context() -> Context {
        let data = tempfile::tempdir().expect("temp dir").keep();
        let cli = Cli::parse_from([
            "stagecraft".to_owned(),
            "--color".to_owned(),
            "never".to_owned(),
            "--data-dir".to_owned(),
            data.display().to_string(),
        ]);
        let content = ContentSet::load(&[PackSource::Dir("tests/fixtures/packs/interview".into())]);
        let mut ctx = crate::tui::context_for(content, &cli).expect("context");
        ctx.fixed_now = Some("2026-11-30T10:00:00Z".parse().expect("time"));
        ctx
    }

    fn typed(screen: &mut InterviewScreen, text: &str, ctx: &Context) {
        for c in text.chars() {
            screen.update(Command::Edit(InputRequest::InsertChar(c)), ctx);
        }
    }

    #[test]
    fn set_up_cycles_length_and_level() {
        let ctx = context();
        let mut screen = InterviewScreen::new();
        screen.update(Command::Length, &ctx);
        assert_eq!(screen.minutes, 30);
        screen.update(Command::Length, &ctx);
        assert_eq!(screen.minutes, 15);
        for expected in [Level::Senior, Level::Junior, Level::Mid] {
            screen.update(Command::Level, &ctx);
            assert_eq!(screen.level, expected);
        }
    }

    #[test]
    fn the_editor_keeps_lines_and_hints_respect_negation() {
        let ctx = context();
        let mut screen = InterviewScreen::new();
        screen.update(Command::Start, &ctx);
        assert_eq!(screen.phase(), Phase::Answering);
        typed(&mut screen, "smaller image", &ctx);
        screen.update(Command::Newline, &ctx);
        typed(&mut screen, "it does not remove the shellx", &ctx);
        screen.update(Command::Edit(InputRequest::DeletePrevChar), &ctx);
        assert_eq!(screen.typed, "smaller image\nit does not remove the shell");
        screen.update(Command::Submit, &ctx);
        assert_eq!(screen.phase(), Phase::Reviewing);
        assert_eq!(screen.hints, [true, false, false]);
        // Ticks start from the hints and are the learner's to change.
        screen.update(Command::Tick(3), &ctx);
        screen.update(Command::Tick(1), &ctx);
        screen.update(Command::Tick(9), &ctx);
        assert_eq!(screen.ticked, [false, false, true]);
    }

    #[test]
    fn a_good_answer_brings_its_follow_up_and_a_poor_one_does_not() {
        for (rating, next) in [(3, "mock-debug-without-shell"), (2, "mock-shell-form")] {
            let ctx = context();
            let mut screen = InterviewScreen::new();
            screen.update(Command::Start, &ctx);
            screen.update(Command::Submit, &ctx);
            screen.update(Command::ToRating, &ctx);
            screen.update(Command::Rate(rating), &ctx);
            let current = screen.current.as_ref().map(|c| c.id.as_str());
            assert_eq!(current, Some(next), "rating {rating}");
        }
    }

    #[test]
    fn ratings_reschedule_studied_cards_only_when_asked() {
        for reschedule in [false, true] {
            let ctx = context();
            // The first question's card has been studied; its follow-up is new.
            ctx.store
                .answer(
                    &ctx.scheduler,
                    &crate::store::NewAnswer {
                        card_id: "mock-why-distroless".into(),
                        rating: Rating::Good,
                        at: "2026-11-20T10:00:00Z".parse().expect("time"),
                        duration_ms: 1_000,
                        drill: false,
                        overridden: false,
                    },
                )
                .expect("answer");
            let before = ctx.store.card_state("mock-why-distroless").expect("read");
            let mut screen = InterviewScreen::new();
            if reschedule {
                screen.update(Command::Reschedule, &ctx);
            }
            screen.update(Command::Start, &ctx);
            for _ in 0..2 {
                screen.update(Command::Submit, &ctx);
                screen.update(Command::ToRating, &ctx);
                screen.update(Command::Rate(3), &ctx);
            }
            let after = ctx.store.card_state("mock-why-distroless").expect("read");
            assert_eq!(after != before, reschedule, "reschedule {reschedule}");
            assert_eq!(
                ctx.store
                    .card_state("mock-debug-without-shell")
                    .expect("read"),
                None,
                "the follow-up's card stays new"
            );
        }
    }

    #[test]
    fn leaving_asks_first_and_ends_with_a_saved_debrief() {
        let ctx = context();
        let mut screen = InterviewScreen::new();
        screen.update(Command::Start, &ctx);
        screen.update(Command::Leave, &ctx);
        assert!(!screen.captures_text(), "y and n are answers now");
        screen.update(Command::Stay, &ctx);
        assert_eq!(screen.phase(), Phase::Answering);
        assert!(screen.captures_text());
        screen.update(Command::Leave, &ctx);
        screen.update(Command::ConfirmLeave, &ctx);
        assert_eq!(screen.phase(), Phase::Debrief);
        assert!(screen.report().is_some_and(|r| r.left_early));
        let saved = ctx.store.mock_interviews().expect("saved");
        assert!(saved[0].left_early && saved[0].finished_at.is_some());
        assert!(matches!(screen.update(Command::Close, &ctx), Action::Pop));
    }

    #[test]
    fn scrolling_is_offered_only_when_the_debrief_overflows() {
        let ctx = context();
        let mut screen = InterviewScreen::new();
        screen.update(Command::Start, &ctx);
        screen.update(Command::Leave, &ctx);
        screen.update(Command::ConfirmLeave, &ctx);
        let offers_scrolling =
            |screen: &InterviewScreen| screen.keys().iter().any(|k| k.keys.contains("PgDn"));
        screen.layout(Rect::new(0, 0, 120, 60), &ctx);
        assert!(!offers_scrolling(&screen), "a short debrief fits");
        assert!(matches!(
            screen.update(Command::Scroll(true), &ctx),
            Action::None
        ));
        assert_eq!(screen.scroll.offset(), 0, "nothing to scroll");

        // Two lines of debrief, one line of room inside the panel.
        screen.layout(Rect::new(0, 0, 40, 4), &ctx);
        assert!(offers_scrolling(&screen), "the same debrief in one line");
        screen.update(Command::Scroll(true), &ctx);
        screen.update(Command::Scroll(true), &ctx);
        screen.update(Command::Scroll(true), &ctx);
        screen.layout(Rect::new(0, 0, 40, 4), &ctx);
        assert!(screen.scroll.offset() > 0);
        assert!(
            screen.scroll.offset() + screen.scroll.height() <= screen.scroll.len(),
            "the scroll stops at the end of the text"
        );
    }

    #[test]
    fn a_typed_fix_is_checked_by_the_analyzer() {
        let ctx = context();
        let mut screen = InterviewScreen::new();
        screen.update(Command::Start, &ctx);
        // Past the first question (rated poorly, so no follow-up) to the scenario.
        screen.update(Command::Submit, &ctx);
        screen.update(Command::ToRating, &ctx);
        screen.update(Command::Rate(1), &ctx);
        assert!(screen.scenario_fixable);
        screen.update(Command::Submit, &ctx);
        screen.update(Command::Fix, &ctx);
        typed(&mut screen, "CMD /app --serve", &ctx);
        screen.update(Command::Submit, &ctx);
        assert!(screen.verdict.as_ref().is_some_and(|v| !v.passed()));
        screen.update(Command::Fix, &ctx);
        assert_eq!(
            screen.typed, "CMD /app --serve",
            "the fix comes back to be corrected"
        );
        screen.update(Command::Edit(InputRequest::DeleteLine), &ctx);
        typed(&mut screen, "CMD [\"/app\"]", &ctx);
        screen.update(Command::Submit, &ctx);
        assert!(screen.verdict.as_ref().is_some_and(FixVerdict::passed));
    }
}
