//! A review session: due cards first, then new ones within the day's limits; or a timed
//! drill over a fixed list. Each answer is committed to the database the moment it is given;
//! the rating can still be changed until the next card shows, and `u` takes back what was done
//! in this session, last first. The bookkeeping is [`super::session::Session`]'s; this screen
//! saves, asks and draws around it.

use std::time::Instant;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::keymap::{self, Binding, Bound, Key, KeyHelp};
use super::lesson::LessonScreen;
use super::question::{self, QuestionEvent, QuestionHits, QuestionView};
use super::screen::{Action, Commands, Context, HitMap, Notice, Screen, dispatch};
use super::session::{Session, Undoable, automatic_rating, rating_allowed};
use super::text;
use super::viewer::ViewerScreen;
use super::widgets;
use crate::content::grade::Verdict;
use crate::sanitize::inert_line;
use crate::srs::drill::{DrillCandidate, drill_order};
use crate::srs::{CardState, Phase as CardPhase, Preview, Rating, format_interval};
use crate::store::{CardAnswer, NewAnswer, SessionAnswers};

/// New cards one press of `n` adds to today's limit, for this session.
const MORE_NEW: u32 = 10;

/// What the review screen can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// A command for the question.
    Question(question::Command),
    /// Rate the answer (1 Again to 4 Easy).
    Rate(u8),
    /// Show the next card.
    Next,
    /// Open the lesson section of the card.
    OpenLesson,
    /// Open the card's Dockerfile in the viewer.
    OpenDockerfile,
    /// Suspend the card: it leaves reviews until it is unsuspended.
    Suspend,
    /// Take back the last answer or suspension of this session.
    Undo,
    /// Study more new cards than today's limit.
    MoreNew,
    /// Start an interview drill.
    Drill,
    /// Override the grader's verdict: "I was right" after a wrong answer, "I was wrong" after
    /// a right one.
    Override,
    /// Try again to save an answer whose save failed.
    RetrySave,
    /// Drop an answer whose save failed.
    DiscardUnsaved,
    /// Leaving was asked while an answer is not saved: say how to save or drop it first.
    StayUnsaved,
}

/// The answer being shown after it was given.
struct Given {
    verdict: Verdict,
    /// The saved rating and a rating whose save failed; nothing saved for a flashcard not
    /// rated yet.
    answer: CardAnswer,
    preview: Option<Preview>,
    started: Instant,
    /// The rating of an answer in custom study, kept on screen only: nothing is saved.
    practised: Option<Rating>,
}

/// What the session shows.
enum Phase {
    /// A card is being answered.
    Asking {
        view: QuestionView,
        state: CardState,
        started: Instant,
    },
    /// A card was answered; its feedback is shown.
    Answered {
        view: QuestionView,
        given: Box<Given>,
    },
    /// Nothing left for now.
    Finished,
}

/// Cards waiting in the queue, by kind, as the header shows them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    new: usize,
    learning: usize,
    due: usize,
}

/// Said when a drill opens: its answers are saved like a review's.
pub const DRILL_SAVES: &str = "Each answer is saved as a review: cards are rescheduled and new \
     ones use today's new-card allowance. To practise without saving: custom study (p on home).";

/// Said when custom study opens.
pub const PRACTICE_SAVES_NOTHING: &str = "Custom study: nothing is saved, no card is rescheduled \
     and today's new-card allowance is not used.";

/// Said when custom study ends.
const PRACTICE_SAVED_NOTHING: &str =
    "Nothing was saved: no card was rescheduled and today's counts are unchanged.";

/// What a drill asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillOptions {
    /// Length of the drill.
    pub minutes: u32,
    /// Most cards to ask.
    pub count: usize,
    /// Only this topic, if given.
    pub topic: Option<String>,
    /// Only the questions of this lesson, if given (practice after reading).
    pub lesson: Option<String>,
}

impl Default for DrillOptions {
    fn default() -> Self {
        Self {
            minutes: 10,
            count: 20,
            topic: None,
            lesson: None,
        }
    }
}

/// Picks drill cards with [`crate::srs::drill::drill_order`]: weakest topics first, and within
/// them the cards least likely to be recalled now.
pub fn pick_drill_cards(ctx: &Context, options: &DrillOptions) -> Vec<String> {
    let candidates: Vec<DrillCandidate<'_>> = ctx
        .content
        .scheduled_questions()
        .into_iter()
        .filter(|q| {
            options
                .topic
                .as_ref()
                .is_none_or(|t| t.eq_ignore_ascii_case(&q.topic))
        })
        .filter(|q| {
            options
                .lesson
                .as_ref()
                .is_none_or(|l| *l == q.lesson.lesson)
        })
        .map(|q| DrillCandidate {
            id: &q.id,
            topic: &q.topic,
        })
        .collect();
    let ids: Vec<&str> = candidates.iter().map(|c| c.id).collect();
    let states = ctx.store.card_states_of(&ids).unwrap_or_default();
    drill_order(&candidates, &states, &ctx.scheduler, ctx.now())
        .into_iter()
        .take(options.count)
        .map(|c| c.id.to_owned())
        .collect()
}

/// The review screen, also used for timed drills.
pub struct ReviewScreen {
    session: Session,
    /// The answers this session saved, as the store knows them: the only ones `u` undoes.
    answers: SessionAnswers,
    phase: Phase,
    /// Shown in the title bar.
    title: String,
    /// Cards waiting in the queue (review mode).
    counts: Counts,
    /// New cards added to today's limit in this session (`n` on the summary).
    extra_new: u32,
    /// Whether `n` would find more new cards.
    more_new: bool,
    next_learning: Option<DateTime<Utc>>,
    /// When the next card of the whole collection is due, for the summary.
    next_due: Option<DateTime<Utc>>,
    /// A problem met while the screen opened, for the app's notice line at the first tick.
    pending: Option<Notice>,
    /// Custom study: the answers are not saved, so no card is rescheduled and the day's
    /// counts and new-card allowance stay as they are.
    practice: bool,
}

fn asking(r: &ReviewScreen) -> bool {
    matches!(r.phase, Phase::Asking { .. })
}

fn answered(r: &ReviewScreen) -> bool {
    matches!(r.phase, Phase::Answered { .. })
}

fn given(r: &ReviewScreen) -> Option<&Given> {
    match &r.phase {
        Phase::Answered { given, .. } => Some(given),
        _ => None,
    }
}

/// The rating on screen: the saved one, or in custom study the one given.
fn shown_rating(g: &Given) -> Option<Rating> {
    g.practised.or_else(|| g.answer.saved_rating())
}

fn can_rate_again(r: &ReviewScreen) -> bool {
    given(r).is_some_and(|g| shown_rating(g) != Some(Rating::Again) || g.answer.has_unsaved())
}

fn can_rate_recalled(r: &ReviewScreen) -> bool {
    given(r).is_some_and(|g| rating_allowed(g.verdict, Rating::Good))
}

/// Whether the answer on screen has a graded verdict, saved, that the learner has not
/// overridden yet and could.
fn can_override(r: &ReviewScreen, graded: Verdict) -> bool {
    match &r.phase {
        Phase::Answered { view, given } => {
            !r.practice
                && view.graded_verdict() == Some(graded)
                && !view.is_overridden()
                && given.answer.saved().is_some()
                && !given.answer.has_unsaved()
        }
        _ => false,
    }
}

fn can_say_right(r: &ReviewScreen) -> bool {
    can_override(r, Verdict::Incorrect)
}

fn can_say_wrong(r: &ReviewScreen) -> bool {
    can_override(r, Verdict::Correct)
}

/// Whether the answer on screen carries an override that `u` takes back.
fn overridden(r: &ReviewScreen) -> bool {
    match &r.phase {
        Phase::Answered { view, given } => view.is_overridden() && !given.answer.has_unsaved(),
        _ => false,
    }
}

fn rated(r: &ReviewScreen) -> bool {
    given(r).is_some_and(|g| {
        g.practised.is_some() || (g.answer.saved().is_some() && !g.answer.has_unsaved())
    })
}

/// Suspending changes the schedule, so custom study does not offer it.
fn can_suspend(r: &ReviewScreen) -> bool {
    answered(r) && !r.practice
}

fn unsaved(r: &ReviewScreen) -> bool {
    given(r).is_some_and(|g| g.answer.has_unsaved())
}

fn has_dockerfile(r: &ReviewScreen) -> bool {
    match &r.phase {
        Phase::Answered { view, .. } => view.question().dockerfile.is_some(),
        _ => false,
    }
}

fn can_undo(r: &ReviewScreen) -> bool {
    // An unsaved answer is saved or discarded first: undoing past it would lose it.
    r.session.can_undo() && !r.captures_text() && !unsaved(r)
}

fn finished(r: &ReviewScreen) -> bool {
    matches!(r.phase, Phase::Finished)
}

fn can_add_new(r: &ReviewScreen) -> bool {
    finished(r) && r.more_new && r.session.drill_plan().is_none()
}

fn rate(digit: u8) -> Command {
    Command::Rate(digit)
}

const TABLE: &[Binding<ReviewScreen, Command>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "next card",
        help: "the next card",
        command: Bound::To(Command::Next),
        when: rated,
    },
    Binding {
        keys: &[Key::Char('r')],
        shown: "r",
        hint: "retry save",
        help: "try again to save the answer that could not be saved",
        command: Bound::To(Command::RetrySave),
        when: unsaved,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Char('q')],
        shown: "Esc q",
        hint: "",
        help: "(wait: the answer is not saved yet; r or x first)",
        command: Bound::To(Command::StayUnsaved),
        when: unsaved,
    },
    Binding {
        keys: &[Key::Char('x')],
        shown: "x",
        hint: "discard",
        help: "drop the answer that could not be saved",
        command: Bound::To(Command::DiscardUnsaved),
        when: unsaved,
    },
    Binding {
        keys: &[Key::Digits(1, 1)],
        shown: "1",
        hint: "again",
        help: "rate Again: you did not recall it",
        command: Bound::Digit(rate),
        when: can_rate_again,
    },
    Binding {
        keys: &[Key::Digits(2, 4)],
        shown: "2-4",
        hint: "hard/good/easy",
        help: "rate Hard, Good or Easy (right answers and flashcards)",
        command: Bound::Digit(rate),
        when: can_rate_recalled,
    },
    Binding {
        keys: &[Key::Char('i')],
        shown: "i",
        hint: "I was right",
        help: "override the verdict: your answer was right after all (counted as Good; u takes it back)",
        command: Bound::To(Command::Override),
        when: can_say_right,
    },
    Binding {
        keys: &[Key::Char('o')],
        shown: "o",
        hint: "lesson",
        help: "open the lesson section that teaches this card",
        command: Bound::To(Command::OpenLesson),
        when: answered,
    },
    Binding {
        keys: &[Key::Char('u')],
        shown: "u",
        hint: "undo",
        help: "undo the verdict override on screen, else the last answer or suspension of this session",
        command: Bound::To(Command::Undo),
        when: can_undo,
    },
    Binding {
        keys: &[Key::Char('i')],
        shown: "i",
        hint: "I was wrong",
        help: "override the verdict: your answer was wrong after all (counted as Again; u takes it back)",
        command: Bound::To(Command::Override),
        when: can_say_wrong,
    },
    Binding {
        keys: &[Key::Char('v')],
        shown: "v",
        hint: "Dockerfile",
        help: "open the card's Dockerfile in the viewer",
        command: Bound::To(Command::OpenDockerfile),
        when: has_dockerfile,
    },
    Binding {
        keys: &[Key::Char('s')],
        shown: "s",
        hint: "suspend",
        help: "suspend this card: it leaves reviews (u undoes it)",
        command: Bound::To(Command::Suspend),
        when: can_suspend,
    },
    Binding {
        keys: &[Key::Char('n')],
        shown: "n",
        hint: "more new cards",
        help: "study 10 more new cards than today's limit",
        command: Bound::To(Command::MoreNew),
        when: can_add_new,
    },
    Binding {
        keys: &[Key::Char('d')],
        shown: "d",
        hint: "drill",
        help: "start a 10-minute interview drill",
        command: Bound::To(Command::Drill),
        when: finished,
    },
];

impl ReviewScreen {
    fn with_session(session: Session, title: String) -> Self {
        Self {
            session,
            answers: SessionAnswers::new(),
            phase: Phase::Finished,
            title,
            counts: Counts::default(),
            extra_new: 0,
            more_new: false,
            next_learning: None,
            next_due: None,
            pending: None,
            practice: false,
        }
    }

    /// A session over the queue for now.
    pub fn new(ctx: &Context) -> Self {
        let mut screen = Self::with_session(Session::review(), "Review".into());
        if let Err(notice) = screen.next_card(ctx) {
            screen.phase = Phase::Finished;
            screen.pending = Some(notice);
        }
        screen
    }

    /// A timed drill.
    pub fn drill(ctx: &Context, options: &DrillOptions) -> Self {
        let cards = pick_drill_cards(ctx, options);
        let deadline = ctx.now() + chrono::Duration::minutes(i64::from(options.minutes.max(1)));
        let title = match &options.lesson {
            Some(lesson) => format!("Practice: {}", inert_line(lesson)),
            None => "Interview drill".into(),
        };
        let mut screen = Self::with_session(Session::drill(cards, deadline), title);
        screen.pending = Some(Notice::info(DRILL_SAVES));
        if let Err(notice) = screen.next_card(ctx) {
            screen.pending = Some(notice);
        }
        screen
    }

    /// Custom study of `cards`, in order, untimed: answers are graded and rated on screen but
    /// nothing is written, so no card is rescheduled and today's counts (new cards included)
    /// do not change. `what` names the cards in the title, e.g. `missed today`.
    pub fn custom(ctx: &Context, what: &str, cards: Vec<String>) -> Self {
        let title = format!("Custom study: {}", inert_line(what));
        let session = Session::drill(cards, DateTime::<Utc>::MAX_UTC);
        let mut screen = Self::with_session(session, title);
        screen.practice = true;
        screen.pending = Some(Notice::info(PRACTICE_SAVES_NOTHING));
        if let Err(notice) = screen.next_card(ctx) {
            screen.pending = Some(notice);
        }
        screen
    }

    /// Whether this is custom study (nothing saved).
    pub fn is_practice(&self) -> bool {
        self.practice
    }

    fn is_drill(&self) -> bool {
        self.session.drill_plan().is_some()
    }

    /// The queue for now, with today's limit of new cards raised by `extra` in this session.
    fn queue(&self, ctx: &Context, extra: u32) -> Result<crate::srs::Queue, Notice> {
        let ids = ctx.scheduled_question_ids();
        let mut config = ctx.scheduler.config().clone();
        config.new_per_day = config.new_per_day.saturating_add(extra);
        ctx.store
            .due_queue(&ids, ctx.now(), &ctx.clock, &config)
            .map_err(Notice::error)
    }

    /// Reads the queue's counts again, so that the header is right after every answer.
    fn refresh_counts(&mut self, ctx: &Context) -> Result<Option<String>, Notice> {
        if self.is_drill() {
            return Ok(None);
        }
        let queue = self.queue(ctx, self.extra_new)?;
        self.counts = Counts {
            new: queue.count(CardPhase::New),
            learning: queue.count(CardPhase::Learning),
            due: queue.count(CardPhase::Review),
        };
        self.next_learning = queue.next_learning_due;
        Ok(queue.entries.first().map(|e| e.card_id.clone()))
    }

    /// Shows the next card, or the summary.
    fn next_card(&mut self, ctx: &Context) -> Result<(), Notice> {
        let next = if self.is_drill() {
            std::iter::from_fn(|| self.session.next_drill_card())
                .find(|id| ctx.content.question(id).is_some())
        } else {
            self.refresh_counts(ctx)?
        };
        match next.and_then(|id| ctx.content.question(&id)) {
            Some(question) => self.ask(ctx, question, None),
            None => self.finish(ctx),
        }
        Ok(())
    }

    /// Asks `question`, from `state` or its stored card state (new if it has none).
    fn ask(
        &mut self,
        ctx: &Context,
        question: &crate::content::Question,
        state: Option<CardState>,
    ) {
        let state = state.unwrap_or_else(|| {
            ctx.store
                .card_state(&question.id)
                .ok()
                .flatten()
                .unwrap_or_default()
        });
        // Shuffled by how often the card was answered: an undo, which gives the card back its
        // state, shows the same order again.
        let Some(view) = QuestionView::new(question, state.reps) else {
            self.finish(ctx);
            return;
        };
        self.phase = Phase::Asking {
            view,
            state,
            started: Instant::now(),
        };
    }

    /// Shows the summary, with what comes next.
    fn finish(&mut self, ctx: &Context) {
        self.phase = Phase::Finished;
        if !self.is_drill() {
            self.more_new = self
                .queue(ctx, self.extra_new + MORE_NEW)
                .is_ok_and(|q| q.count(CardPhase::New) > 0);
        }
        self.next_due = ctx.store.card_states().ok().and_then(|states| {
            states
                .values()
                .filter(|s| !s.suspended && s.phase != CardPhase::New)
                .filter_map(|s| s.due)
                .min()
        });
    }

    /// Saves `rating` for the current answer, replacing an earlier rating of it in one
    /// transaction. A failed save keeps the rating as unsaved (not counted) until it is
    /// retried (`r`) or discarded (`x`).
    fn commit(&mut self, ctx: &Context, rating: Rating) -> Action {
        if self.practice {
            return self.practise(rating);
        }
        let drill = self.is_drill();
        let Phase::Answered { view, given } = &mut self.phase else {
            return Action::None;
        };
        let same = given.answer.saved_rating() == Some(rating) && !given.answer.has_unsaved();
        if same || !rating_allowed(given.verdict, rating) {
            return Action::None;
        }
        let new = NewAnswer {
            card_id: view.id().to_owned(),
            rating,
            at: ctx.now(),
            duration_ms: u64::try_from(given.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            drill,
            overridden: view.is_overridden(),
        };
        let result = given
            .answer
            .give(&ctx.store, &ctx.scheduler, &mut self.answers, new);
        self.saved(ctx, result.map(|o| o.replaced.is_some()))
    }

    /// Counts `rating` for the custom-study answer on screen, in the session only.
    fn practise(&mut self, rating: Rating) -> Action {
        let Phase::Answered { view, given } = &mut self.phase else {
            return Action::None;
        };
        if given.practised == Some(rating) || !rating_allowed(given.verdict, rating) {
            return Action::None;
        }
        let question = view.question();
        if given.practised.replace(rating).is_some() {
            self.session.rerated(&question.id, rating, 0);
        } else {
            self.session.answered(
                &question.id,
                &question.topic,
                rating,
                0,
                given.started.elapsed().as_secs(),
            );
        }
        Action::None
    }

    /// Overrides the grader's verdict on the answer on screen (`on`) or takes the override
    /// back, and saves the rating the new verdict gives (Good for right, Again for wrong) in
    /// place of the saved one, in one transaction, with the override noted in the log. When
    /// the save fails nothing changes: the verdict and the saved answer stay as they were.
    fn override_verdict(&mut self, ctx: &Context, on: bool) -> Action {
        let drill = self.is_drill();
        let Phase::Answered { view, given } = &mut self.phase else {
            return Action::None;
        };
        if given.answer.saved().is_none() || given.answer.has_unsaved() {
            return Action::None;
        }
        let before = given.verdict;
        let Some(verdict) = view.set_overridden(on) else {
            return Action::None;
        };
        let rating = automatic_rating(verdict).unwrap_or(Rating::Again);
        let new = NewAnswer {
            card_id: view.id().to_owned(),
            rating,
            at: ctx.now(),
            duration_ms: u64::try_from(given.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            drill,
            overridden: on,
        };
        match given
            .answer
            .give(&ctx.store, &ctx.scheduler, &mut self.answers, new)
        {
            Ok(outcome) => {
                given.verdict = verdict;
                let action = self.saved(ctx, Ok(outcome.replaced.is_some()));
                if !matches!(action, Action::None) {
                    return action;
                }
                Action::info(match (on, verdict) {
                    (true, Verdict::Correct) => {
                        "Counted as right (Good): 2-4 rate it, u takes the override back."
                    }
                    (true, _) => "Counted as wrong (Again): u takes the override back.",
                    (false, _) => "Override taken back: the grader's verdict counts again.",
                })
            }
            Err(err) => {
                view.set_overridden(!on);
                given.verdict = before;
                given.answer.discard();
                Action::error(format!("The verdict is unchanged: {}.", err.brief()))
            }
        }
    }

    /// Tries again to save the current card's unsaved rating.
    fn retry_save(&mut self, ctx: &Context) -> Action {
        let Phase::Answered { given, .. } = &mut self.phase else {
            return Action::None;
        };
        match given
            .answer
            .retry(&ctx.store, &ctx.scheduler, &mut self.answers)
        {
            Ok(Some(outcome)) => self.saved(ctx, Ok(outcome.replaced.is_some())),
            Ok(None) => Action::None,
            Err(err) => self.saved(ctx, Err(err)),
        }
    }

    /// Drops the current card's unsaved rating; a card with no saved answer is asked again.
    fn discard_unsaved(&mut self, ctx: &Context) -> Action {
        let Phase::Answered { given, .. } = &mut self.phase else {
            return Action::None;
        };
        given.answer.discard();
        if given.answer.saved().is_none() {
            return match self.next_card(ctx) {
                Ok(()) => Action::info("The unsaved answer was dropped."),
                Err(notice) => Action::Notify(notice),
            };
        }
        Action::info("The unsaved rating was dropped; the saved one stays.")
    }

    /// Counts a saved answer in the session (only saved ones count), or reports a failed
    /// save. `rerated` says whether the save replaced an earlier rating of the card.
    fn saved(&mut self, ctx: &Context, result: Result<bool, crate::store::StoreError>) -> Action {
        let Phase::Answered { view, given } = &mut self.phase else {
            return Action::None;
        };
        let rerated = match result {
            Ok(rerated) => rerated,
            Err(err) => {
                return Action::error(format!(
                    "Not saved yet: {}. r: retry · x: discard it",
                    err.brief()
                ));
            }
        };
        let Some(saved) = given.answer.saved() else {
            return Action::None;
        };
        let question = view.question();
        let rating = saved.answer.rating;
        if rerated {
            self.session.rerated(&question.id, rating, saved.log_id);
        } else {
            self.session.answered(
                &question.id,
                &question.topic,
                rating,
                saved.log_id,
                given.started.elapsed().as_secs(),
            );
        }
        let leech = saved.answer.leech.map(|leech| {
            if leech.suspended {
                Notice::warning(format!(
                    "Leech: {} lapses. The card is tagged and suspended; study its lesson again.",
                    leech.lapses
                ))
            } else {
                Notice::warning(format!(
                    "Leech: {} lapses. Study its lesson again.",
                    leech.lapses
                ))
            }
        });
        if let Err(notice) = self.refresh_counts(ctx) {
            return Action::Notify(notice);
        }
        leech.map_or(Action::None, Action::Notify)
    }

    fn answered(&mut self, ctx: &Context, verdict: Verdict) -> Action {
        let Phase::Asking {
            view,
            state,
            started,
        } = std::mem::replace(&mut self.phase, Phase::Finished)
        else {
            return Action::None;
        };
        // Custom study reschedules nothing, so it shows no intervals.
        let preview = if self.practice {
            None
        } else {
            ctx.scheduler.preview(view.id(), &state, ctx.now()).ok()
        };
        self.phase = Phase::Answered {
            view,
            given: Box::new(Given {
                verdict,
                answer: CardAnswer::default(),
                preview,
                started,
                practised: None,
            }),
        };
        match automatic_rating(verdict) {
            Some(rating) => self.commit(ctx, rating),
            None => Action::None,
        }
    }

    fn undo(&mut self, ctx: &Context) -> Action {
        if overridden(self) {
            return self.override_verdict(ctx, false);
        }
        let Some(undone) = self.session.undo() else {
            return Action::info("Nothing to undo in this session.");
        };
        let result = match &undone {
            // Custom study saved nothing: the card is simply asked again.
            Undoable::Answer { card_id, .. } if self.practice => Ok((card_id.clone(), None)),
            // The store's record of this session's answers undoes the same answer: both keep
            // them in the order they were saved.
            Undoable::Answer { .. } => match self.answers.undo_latest(&ctx.store) {
                Ok(Some(record)) => Ok((record.card_id, Some(record.before))),
                Ok(None) => return Action::info("No answer of this session left to undo."),
                Err(err) => Err(err),
            },
            Undoable::Suspend { card_id } => ctx
                .store
                .set_suspended(card_id, false)
                .map(|state| (card_id.clone(), Some(state))),
        };
        match result {
            Ok((card_id, state)) => {
                if let Some(question) = ctx.content.question(&card_id) {
                    self.ask(ctx, question, state);
                }
                if let Err(notice) = self.refresh_counts(ctx) {
                    return Action::Notify(notice);
                }
                Action::info(match undone {
                    Undoable::Answer { .. } => "Answer undone: the card is asked again.",
                    Undoable::Suspend { .. } => "Suspension undone: the card is back.",
                })
            }
            Err(err) => {
                self.session.restore(undone);
                Action::error(format!("Not undone: {}.", err.brief()))
            }
        }
    }

    fn suspend(&mut self, ctx: &Context) -> Action {
        let id = match &self.phase {
            Phase::Asking { view, .. } | Phase::Answered { view, .. } => view.id().to_owned(),
            Phase::Finished => return Action::None,
        };
        if let Err(err) = ctx.store.set_suspended(&id, true) {
            return Action::error(format!("Not suspended: {}.", err.brief()));
        }
        self.session.suspended(&id);
        match self.next_card(ctx) {
            Ok(()) => Action::info("Suspended: the card leaves reviews. u undoes it."),
            Err(notice) => Action::Notify(notice),
        }
    }

    fn draw_rating_bar(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let Phase::Answered { given, .. } = &self.phase else {
            return;
        };
        let mut spans = Vec::new();
        // What to do about an unsaved answer comes first, so that a narrow pane shows it.
        let unsaved_hint = "not saved: r retry · x discard";
        if given.answer.has_unsaved() {
            spans.push(Span::styled(unsaved_hint, theme.warning()));
            spans.push(Span::raw("  "));
        }
        for rating in Rating::ALL {
            let interval = given
                .preview
                .map(|p| format_interval(p.interval(rating)))
                .unwrap_or_default();
            let chosen = shown_rating(given) == Some(rating);
            let locked = !rating_allowed(given.verdict, rating);
            if locked {
                continue;
            }
            let style = if chosen {
                theme.selected()
            } else {
                theme.key()
            };
            spans.push(Span::styled(
                format!(" {} {} {interval} ", rating.number(), rating.label()),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        let hint = match (given.verdict, shown_rating(given)) {
            _ if given.answer.has_unsaved() => "",
            (Verdict::Incorrect, _) if can_say_right(self) => {
                "a wrong answer is Again only; i if you were right"
            }
            (Verdict::Incorrect, _) => "a wrong answer counts as Again (2-4 are for right ones)",
            (_, None) => "rate yourself: 1-4",
            (_, Some(_)) => "Enter: next card",
        };
        spans.push(Span::styled(hint, theme.dim()));
        frame.render_widget(
            Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true }),
            area,
        );
    }

    fn draw_summary(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let t = self.session.tally();
        let mut lines = vec![
            Line::styled("Session complete", theme.title()),
            Line::raw(""),
        ];
        if let Some(plan) = self.session.drill_plan()
            && plan.timed_out
        {
            lines.insert(1, Line::styled("Time is up.", theme.warning()));
        }
        if self.practice {
            lines.insert(1, Line::styled(PRACTICE_SAVED_NOTHING, theme.dim()));
        }
        if t.answered == 0 {
            lines.push(Line::raw(if self.practice {
                "No card was answered in this custom study."
            } else if self.is_drill() {
                "No card was answered in this drill."
            } else {
                "Nothing is due right now: no reviews, and no new cards left for today."
            }));
        } else {
            let percent = t.recalled() * 100 / t.answered.max(1);
            let time = if t.seconds < 60 {
                "under a minute".to_owned()
            } else {
                format!("{} min", t.seconds / 60)
            };
            lines.push(Line::raw(format!(
                "{} answered, {} recalled ({percent}%), in {time}.",
                t.answered,
                t.recalled()
            )));
            lines.push(Line::raw(format!(
                "Again {} · Hard {} · Good {} · Easy {}",
                t.by_rating[0], t.by_rating[1], t.by_rating[2], t.by_rating[3]
            )));
        }
        let missed = self.session.missed();
        if !missed.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Missed ({}): worth another look", missed.len()),
                theme.title(),
            ));
            let width = usize::from(area.width.saturating_sub(6));
            for id in missed {
                let prompt = ctx
                    .content
                    .question(id)
                    .map(|q| text::inline_plain(&q.prompt, theme))
                    .unwrap_or_else(|| inert_line(id));
                lines.push(Line::raw(format!(
                    "  ✗ {}",
                    widgets::ellipsis(&prompt, width)
                )));
            }
        }
        if self.is_drill() && !self.session.scores().is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Score by topic (weakest first)",
                theme.title(),
            ));
            let mut rows: Vec<(&String, &(u32, u32))> = self.session.scores().iter().collect();
            rows.sort_by_key(|(topic, (n, right))| (right * 100 / (*n).max(1), (*topic).clone()));
            let width = rows
                .iter()
                .map(|(t, _)| t.chars().count())
                .max()
                .unwrap_or(5);
            for (topic, (n, right)) in rows {
                let percent = right * 100 / (*n).max(1);
                let bar = "█".repeat((percent / 10) as usize);
                let style = if percent >= 80 {
                    theme.success()
                } else if percent >= 50 {
                    theme.warning()
                } else {
                    theme.error()
                };
                lines.push(Line::from(vec![
                    Span::raw(format!("  {:width$}  {right}/{n}  ", inert_line(topic))),
                    Span::styled(format!("{bar} {percent}%"), style),
                ]));
            }
        }
        lines.push(Line::raw(""));
        let now = ctx.now();
        if let Some(due) = self.next_learning
            && !self.is_drill()
        {
            lines.push(Line::raw(format!(
                "Cards in learning come back in {}; stay here and the session resumes by itself.",
                format_interval((due - now).max(chrono::Duration::zero()))
            )));
        } else if let Some(due) = self.next_due
            && !self.practice
        {
            lines.push(Line::raw(if due <= now {
                "More cards are due now: press Esc and r.".to_owned()
            } else {
                format!("The next card is due in {}.", format_interval(due - now))
            }));
        }
        let mut next = Vec::new();
        if can_add_new(self) {
            next.push(format!("n studies {MORE_NEW} more new cards"));
        }
        next.push("d starts a drill".to_owned());
        let ending = if self.practice {
            format!("Esc goes back, {}.", next.join(", "))
        } else {
            format!(
                "Every answer is saved. {}; Esc returns home.",
                next.join(", ")
            )
        };
        lines.push(Line::styled(ending, theme.dim()));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(widgets::panel(&self.title, true, theme)),
            area,
        );
    }

    fn view_mut(&mut self) -> Option<&mut QuestionView> {
        match &mut self.phase {
            Phase::Asking { view, .. } | Phase::Answered { view, .. } => Some(view),
            Phase::Finished => None,
        }
    }

    fn view(&self) -> Option<&QuestionView> {
        match &self.phase {
            Phase::Asking { view, .. } | Phase::Answered { view, .. } => Some(view),
            Phase::Finished => None,
        }
    }
}

impl Screen for ReviewScreen {
    fn title(&self) -> String {
        self.title.clone()
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        match dispatch(self, event, hits, ctx) {
            Action::Ignored => {}
            action => return action,
        }
        // What the review's table leaves goes to the question.
        let question_hits = hits.get::<Hits>().and_then(|hits| hits.question.as_ref());
        let command = match (self.view(), event) {
            (Some(view), Event::Mouse(mouse)) => question_hits.and_then(|h| view.mouse(mouse, h)),
            (Some(view), _) => keymap::resolve(question::TABLE, view, event),
            (None, _) => None,
        };
        match command {
            Some(command) => self.update(Command::Question(command), ctx),
            None => Action::Ignored,
        }
    }

    fn tick(&mut self, ctx: &Context) -> Action {
        if let Some(notice) = self.pending.take() {
            return Action::Notify(notice);
        }
        if self.session.check_time(ctx.now()) {
            if matches!(self.phase, Phase::Asking { .. }) {
                self.finish(ctx);
            }
            return Action::None;
        }
        if !self.is_drill()
            && let (Phase::Finished, Some(due)) = (&self.phase, self.next_learning)
            && ctx.now() >= due
            && let Err(notice) = self.next_card(ctx)
        {
            return Action::Notify(notice);
        }
        Action::None
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        let question = match self.areas(area) {
            Some((_, body, _)) => {
                let theme = ctx.theme;
                self.view_mut()
                    .map(|view| view.layout(question_area(body), theme))
            }
            None => None,
        };
        HitMap::new(Hits { question })
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let Some((status, body, bar)) = self.areas(area) else {
            self.draw_summary(frame, area, ctx);
            return;
        };
        let header = match self.session.drill_plan() {
            Some(_) if self.practice => vec![
                Span::styled("custom study", theme.key()),
                Span::styled(
                    format!(
                        " · {} left · {} done · nothing saved",
                        self.session.drill_left() + usize::from(asking(self)),
                        self.session.tally().answered
                    ),
                    theme.dim(),
                ),
            ],
            Some(plan) => {
                let left = (plan.deadline - ctx.now()).num_seconds().max(0);
                vec![
                    Span::styled(format!("⏱ {:02}:{:02}", left / 60, left % 60), theme.key()),
                    Span::styled(
                        format!(
                            " · {} left · {} done",
                            self.session.drill_left() + usize::from(asking(self)),
                            self.session.tally().answered
                        ),
                        theme.dim(),
                    ),
                    Span::styled(" · reschedules", theme.warning()),
                ]
            }
            None => vec![
                Span::styled(format!("new {}", self.counts.new), theme.title()),
                Span::styled(" · ", theme.dim()),
                Span::styled(
                    format!("learning {}", self.counts.learning),
                    theme.warning(),
                ),
                Span::styled(" · ", theme.dim()),
                Span::styled(format!("due {}", self.counts.due), theme.success()),
                Span::styled(
                    format!(" · {} done", self.session.tally().answered),
                    theme.dim(),
                ),
            ],
        };
        let mut header = header;
        if let Some(view) = self.view() {
            let q = view.question();
            header.push(Span::styled(
                format!(" · {} · {}", q.kind.label(), inert_line(&q.topic)),
                theme.dim(),
            ));
        }
        frame.render_widget(
            Paragraph::new(widgets::fit_line(
                Line::from(header),
                usize::from(status.width),
            )),
            status,
        );
        frame.render_widget(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.border(false)),
            body,
        );
        if let Some(view) = self.view() {
            view.draw(frame, question_area(body), theme);
        }
        self.draw_rating_bar(frame, bar, ctx);
    }

    fn keys(&self) -> Vec<KeyHelp> {
        let mut keys = keymap::available(TABLE, self);
        if let Some(view) = self.view() {
            keys.extend(view.keys());
        }
        keys
    }

    fn captures_text(&self) -> bool {
        self.view().is_some_and(QuestionView::captures_text)
    }
}

impl Commands for ReviewScreen {
    type Command = Command;
    type Hits = Hits;

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Question(command) => {
                let Some(view) = self.view_mut() else {
                    return Action::Ignored;
                };
                match view.update(command) {
                    QuestionEvent::Answered(verdict) => self.answered(ctx, verdict),
                    QuestionEvent::Used => Action::None,
                    QuestionEvent::Ignored => Action::Ignored,
                }
            }
            Command::Rate(digit) => match Rating::from_number(digit) {
                Some(rating) => self.commit(ctx, rating),
                None => Action::None,
            },
            Command::Next => match self.next_card(ctx) {
                Ok(()) => Action::None,
                Err(notice) => Action::Notify(notice),
            },
            Command::OpenLesson => {
                let Some(question) = self.view().map(QuestionView::question) else {
                    return Action::None;
                };
                match ctx.content.lesson(&question.lesson.lesson) {
                    Some(lesson) => Action::Push(Box::new(LessonScreen::open(
                        lesson,
                        question.lesson.anchor.as_deref(),
                        ctx,
                    ))),
                    None => Action::error(format!(
                        "the lesson `{}` is not loaded",
                        question.lesson.lesson
                    )),
                }
            }
            Command::OpenDockerfile => {
                let Some(question) = self.view().map(QuestionView::question) else {
                    return Action::None;
                };
                match &question.dockerfile {
                    Some(dockerfile) => {
                        let title = format!("Dockerfile of {}", question.id);
                        let text = dockerfile.replace(crate::content::quiz::BLANK, "…");
                        Action::Push(Box::new(ViewerScreen::new(&title, &text, None)))
                    }
                    None => Action::None,
                }
            }
            Command::Suspend => self.suspend(ctx),
            Command::Undo => self.undo(ctx),
            Command::MoreNew => {
                self.extra_new += MORE_NEW;
                match self.next_card(ctx) {
                    Ok(()) => Action::None,
                    Err(notice) => Action::Notify(notice),
                }
            }
            Command::Drill => {
                Action::Push(Box::new(ReviewScreen::drill(ctx, &DrillOptions::default())))
            }
            Command::Override => self.override_verdict(ctx, true),
            Command::RetrySave => self.retry_save(ctx),
            Command::DiscardUnsaved => self.discard_unsaved(ctx),
            Command::StayUnsaved => Action::error(
                "Your answer is not saved yet: r retries, x discards it; then you can leave.",
            ),
        }
    }
}

/// Where the layout put the question, for the mouse.
pub struct Hits {
    question: Option<QuestionHits>,
}

/// Where the question goes in the body: under its rule.
fn question_area(body: Rect) -> Rect {
    Block::default().borders(Borders::TOP).inner(body)
}

impl ReviewScreen {
    /// The status line, the question's body and the rating bar in `area`; `None` once the
    /// session is finished (the summary takes it all).
    fn areas(&self, area: Rect) -> Option<(Rect, Rect, Rect)> {
        if let Phase::Finished = self.phase {
            return None;
        }
        // Two lines where the ratings and the hint do not fit on one.
        let bar_height = if answered(self) && (area.width < 70 || unsaved(self)) {
            2
        } else {
            1
        };
        let [status, body, bar] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(bar_height),
        ])
        .areas(area);
        Some((status, body, bar))
    }
}
