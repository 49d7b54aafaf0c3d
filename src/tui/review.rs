//! A review session: due cards first, then new ones within the day's limits. Each answer is
//! committed to the database the moment it is given; the rating can still be changed (the
//! logged answer is replaced) until the next card shows.

use std::time::Instant;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::keymap::{self, KeyHelp, Nav, key};
use super::lesson::LessonScreen;
use super::question::{QuestionEvent, QuestionView};
use super::screen::{Action, Context, Screen};
use super::viewer::ViewerScreen;
use super::widgets;
use crate::content::grade::Verdict;
use crate::srs::drill::{DrillCandidate, drill_order};
use crate::srs::{CardState, Preview, Rating, format_interval};
use crate::store::{CardAnswer, NewAnswer, SaveOutcome, SessionAnswers, StoreError};

const AFTER_KEYS: &[KeyHelp] = &[
    key("Enter", "next card"),
    key("1-4", "Again / Hard / Good / Easy"),
    key("o", "open the lesson section"),
    key("u", "undo the answer"),
    key("r / x", "retry / discard an unsaved answer"),
    key("v", "open its Dockerfile in the viewer"),
    key("s", "suspend this card"),
];
const DONE_KEYS: &[KeyHelp] = &[key("Esc", "back home"), key("u", "undo the last answer")];

/// The answer being shown after it was given.
struct Given {
    verdict: Verdict,
    /// The saved rating and a rating whose save failed; nothing saved for a flashcard not
    /// rated yet.
    answer: CardAnswer,
    preview: Option<Preview>,
    message: Option<String>,
    started: Instant,
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

/// Where the cards come from.
enum Mode {
    /// The scheduler's queue, rebuilt after every answer.
    Review,
    /// A timed interview drill over a fixed list of cards.
    Drill(Drill),
}

/// A timed drill: the cards picked for it, how far it got, and the score by topic.
struct Drill {
    cards: Vec<String>,
    next: usize,
    deadline: chrono::DateTime<chrono::Utc>,
    /// Topic -> (answered, right).
    scores: std::collections::BTreeMap<String, (u32, u32)>,
    timed_out: bool,
    /// Shown in the title bar.
    title: String,
}

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

impl Phase {
    /// Asks `question`, starting from its stored card state (new if it has none).
    fn asking(ctx: &Context, question: &crate::content::Question) -> Phase {
        let state = ctx
            .store
            .card_state(&question.id)
            .ok()
            .flatten()
            .unwrap_or_default();
        Phase::Asking {
            view: QuestionView::new(question),
            state,
            started: Instant::now(),
        }
    }
}

/// Tally of the session, for the summary.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    answered: u32,
    by_rating: [u32; 4],
    seconds: u64,
}

/// The review screen, also used for timed drills.
pub struct ReviewScreen {
    mode: Mode,
    phase: Phase,
    tally: Tally,
    /// Cards left in the queue, including the current one.
    remaining: usize,
    next_learning: Option<chrono::DateTime<chrono::Utc>>,
    error: Option<String>,
    /// The answers this session saved: the only ones `u` undoes.
    session: SessionAnswers,
}

impl ReviewScreen {
    /// A session over the queue for now.
    pub fn new(ctx: &Context) -> Self {
        let mut screen = Self {
            mode: Mode::Review,
            phase: Phase::Finished,
            tally: Tally::default(),
            remaining: 0,
            next_learning: None,
            error: None,
            session: SessionAnswers::new(),
        };
        screen.next_card(ctx);
        screen
    }

    /// A timed drill.
    pub fn drill(ctx: &Context, options: &DrillOptions) -> Self {
        let cards = pick_drill_cards(ctx, options);
        let drill = Drill {
            cards,
            next: 0,
            deadline: ctx.now() + chrono::Duration::minutes(i64::from(options.minutes.max(1))),
            scores: Default::default(),
            timed_out: false,
            title: match &options.lesson {
                Some(lesson) => format!("Practice: {}", crate::sanitize::inert_line(lesson)),
                None => "Interview drill".into(),
            },
        };
        let mut screen = Self {
            mode: Mode::Drill(drill),
            phase: Phase::Finished,
            tally: Tally::default(),
            remaining: 0,
            next_learning: None,
            error: None,
            session: SessionAnswers::new(),
        };
        screen.next_card(ctx);
        screen
    }

    /// Shows the next card, or the summary.
    fn next_card(&mut self, ctx: &Context) {
        if let Mode::Drill(drill) = &mut self.mode {
            let next = drill
                .cards
                .get(drill.next)
                .and_then(|id| ctx.content.question(id));
            drill.next += 1;
            self.remaining = drill.cards.len().saturating_sub(drill.next - 1);
            self.phase = match next {
                Some(question) if !drill.timed_out => Phase::asking(ctx, question),
                _ => Phase::Finished,
            };
            return;
        }
        let ids = ctx.scheduled_question_ids();
        let queue = match ctx
            .store
            .due_queue(&ids, ctx.now(), &ctx.clock, ctx.scheduler.config())
        {
            Ok(queue) => queue,
            Err(err) => {
                self.error = Some(err.to_string());
                self.phase = Phase::Finished;
                return;
            }
        };
        self.remaining = queue.entries.len();
        self.next_learning = queue.next_learning_due;
        let next = queue
            .entries
            .first()
            .and_then(|entry| ctx.content.question(&entry.card_id));
        self.phase = match next {
            Some(question) => Phase::asking(ctx, question),
            None => Phase::Finished,
        };
    }

    /// Saves `rating` for the current answer, replacing an earlier rating of it. A failed
    /// save keeps the rating as unsaved (not counted) until it is retried or discarded.
    fn commit(&mut self, ctx: &Context, rating: Rating) {
        let Phase::Answered { view, given } = &mut self.phase else {
            return;
        };
        if given.answer.saved_rating() == Some(rating) && !given.answer.has_unsaved() {
            return;
        }
        let new = NewAnswer {
            card_id: view.id.clone(),
            rating,
            at: ctx.now(),
            duration_ms: u64::try_from(given.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            drill: matches!(self.mode, Mode::Drill(_)),
        };
        let result = given
            .answer
            .give(&ctx.store, &ctx.scheduler, &mut self.session, new);
        self.saved(ctx, result);
    }

    /// Tries again to save the current card's unsaved rating.
    fn retry_save(&mut self, ctx: &Context) {
        let Phase::Answered { given, .. } = &mut self.phase else {
            return;
        };
        let result = given
            .answer
            .retry(&ctx.store, &ctx.scheduler, &mut self.session);
        if let Ok(Some(outcome)) = result {
            self.saved(ctx, Ok(outcome));
        } else if let Err(err) = result {
            self.saved(ctx, Err(err));
        }
    }

    /// Drops the current card's unsaved rating; a card with no saved answer is asked again.
    fn discard_unsaved(&mut self, ctx: &Context) {
        let Phase::Answered { given, .. } = &mut self.phase else {
            return;
        };
        given.answer.discard();
        self.error = None;
        if given.answer.saved().is_none() {
            self.next_card(ctx);
        }
    }

    /// Counts a saved answer (only saved ones count), or reports a failed save.
    fn saved(&mut self, ctx: &Context, result: Result<SaveOutcome, StoreError>) {
        let Phase::Answered { view, given } = &mut self.phase else {
            return;
        };
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(err) => {
                self.error = Some(format!(
                    "Your answer is not saved yet: {err}. r: retry · x: discard it"
                ));
                return;
            }
        };
        match outcome.replaced {
            Some(old) => self.tally.by_rating[usize::from(old.number() - 1)] -= 1,
            None => {
                self.tally.answered += 1;
                self.tally.seconds += given.started.elapsed().as_secs();
                if let Mode::Drill(drill) = &mut self.mode {
                    let topic = ctx
                        .content
                        .question(&view.id)
                        .map(|q| q.topic.clone())
                        .unwrap_or_default();
                    let entry = drill.scores.entry(topic).or_default();
                    entry.0 += 1;
                    entry.1 += u32::from(outcome.rating != Rating::Again);
                }
            }
        }
        self.tally.by_rating[usize::from(outcome.rating.number() - 1)] += 1;
        given.message = given
            .answer
            .saved()
            .and_then(|s| s.answer.leech)
            .map(|leech| {
                if leech.suspended {
                    format!("Leech: {} lapses. The card is tagged and suspended; study its lesson again.", leech.lapses)
                } else {
                    format!("Leech: {} lapses. Study its lesson again.", leech.lapses)
                }
            });
        self.error = None;
    }

    fn answered(&mut self, ctx: &Context, verdict: Verdict) {
        let Phase::Asking {
            view,
            state,
            started,
        } = std::mem::replace(&mut self.phase, Phase::Finished)
        else {
            return;
        };
        let preview = ctx.scheduler.preview(&view.id, &state, ctx.now()).ok();
        self.phase = Phase::Answered {
            view,
            given: Box::new(Given {
                verdict,
                answer: CardAnswer::default(),
                preview,
                message: None,
                started,
            }),
        };
        match verdict {
            Verdict::Correct => self.commit(ctx, Rating::Good),
            Verdict::Incorrect => self.commit(ctx, Rating::Again),
            Verdict::SelfGraded => {}
        }
    }

    /// Undoes this session's most recent answer and asks its card again. Refused while the
    /// card on screen has an unsaved answer, which would otherwise be lost.
    fn undo_last(&mut self, ctx: &Context) {
        if let Phase::Answered { given, .. } = &self.phase
            && given.answer.has_unsaved()
        {
            self.error = Some("First save (r) or discard (x) the unsaved answer.".into());
            return;
        }
        match self.session.undo_latest(&ctx.store) {
            Ok(Some(record)) => {
                self.error = None;
                self.tally.answered = self.tally.answered.saturating_sub(1);
                let slot = usize::from(record.rating.number() - 1);
                self.tally.by_rating[slot] = self.tally.by_rating[slot].saturating_sub(1);
                if let Some(question) = ctx.content.question(&record.card_id) {
                    self.phase = Phase::Asking {
                        view: QuestionView::new(question),
                        state: record.before,
                        started: Instant::now(),
                    };
                }
            }
            Ok(None) => self.error = Some("No answer of this session left to undo.".into()),
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    fn suspend_current(&mut self, ctx: &Context) {
        let id = match &self.phase {
            Phase::Asking { view, .. } | Phase::Answered { view, .. } => view.id.clone(),
            Phase::Finished => return,
        };
        match ctx.store.set_suspended(&id, true) {
            Ok(_) => self.next_card(ctx),
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    fn handle_answered(
        &mut self,
        key: &ratatui::crossterm::event::KeyEvent,
        ctx: &Context,
    ) -> Action {
        let Phase::Answered { view, given } = &self.phase else {
            return Action::Ignored;
        };
        // Leaving would lose an answer that is not saved yet.
        if given.answer.has_unsaved()
            && (keymap::is_char(key, 'q') || keymap::nav(key) == Some(Nav::Back))
        {
            self.error = Some(
                "Your answer is not saved yet: r retries, x discards it; then you can leave."
                    .into(),
            );
            return Action::None;
        }
        if let KeyCode::Char(c @ '1'..='4') = key.code {
            // A wrong auto-graded answer is Again; only right ones and flashcards choose.
            if given.verdict != Verdict::Incorrect
                && let Some(rating) = Rating::from_number(c as u8 - b'0')
            {
                self.commit(ctx, rating);
            }
            return Action::None;
        }
        if keymap::is_char(key, 'o') {
            let question = ctx.content.question(&view.id);
            if let Some(question) = question
                && let Some(lesson) = ctx.content.lesson(&question.lesson.lesson)
            {
                return Action::Push(Box::new(LessonScreen::open(
                    lesson,
                    question.lesson.anchor.as_deref(),
                    ctx,
                )));
            }
            return Action::None;
        }
        if keymap::is_char(key, 'u') {
            self.undo_last(ctx);
            return Action::None;
        }
        if given.answer.has_unsaved() && keymap::is_char(key, 'r') {
            self.retry_save(ctx);
            return Action::None;
        }
        if given.answer.has_unsaved() && keymap::is_char(key, 'x') {
            self.discard_unsaved(ctx);
            return Action::None;
        }
        if keymap::is_char(key, 'v')
            && let Some(question) = ctx.content.question(&view.id)
            && let Some(dockerfile) = &question.dockerfile
        {
            let title = format!("Dockerfile of {}", question.id);
            let text = dockerfile.replace(crate::content::quiz::BLANK, "…");
            return Action::Push(Box::new(ViewerScreen::new(&title, &text, None)));
        }
        if keymap::is_char(key, 's') {
            self.suspend_current(ctx);
            return Action::None;
        }
        if keymap::nav(key) == Some(Nav::Select) {
            // An unsaved answer must be saved or discarded first: moving on would lose it.
            if given.answer.saved().is_some() && !given.answer.has_unsaved() {
                self.next_card(ctx);
            }
            return Action::None;
        }
        let Phase::Answered { view, .. } = &mut self.phase else {
            return Action::Ignored;
        };
        let question = ctx.content.question(&view.id);
        match question.map(|q| view.handle(&Event::Key(*key), q)) {
            Some(QuestionEvent::Used) => Action::None,
            _ => Action::Ignored,
        }
    }

    fn draw_rating_bar(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let Phase::Answered { given, .. } = &self.phase else {
            return;
        };
        let mut spans = Vec::new();
        for rating in Rating::ALL {
            let interval = given
                .preview
                .map(|p| format_interval(p.interval(rating)))
                .unwrap_or_default();
            let chosen = given.answer.saved_rating() == Some(rating);
            let locked = given.verdict == Verdict::Incorrect && rating != Rating::Again;
            let style = if chosen {
                theme.selected()
            } else if locked {
                theme.dim()
            } else {
                theme.key()
            };
            spans.push(Span::styled(
                format!(" {} {} {interval} ", rating.number(), rating.label()),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        let hint = if given.answer.has_unsaved() {
            "not saved: r retry · x discard"
        } else if given.answer.saved().is_none() {
            "rate yourself: 1-4"
        } else {
            "Enter: next card"
        };
        spans.push(Span::styled(hint, theme.dim()));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_summary(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let t = self.tally;
        let mut lines = vec![
            Line::styled("Session complete", theme.title()),
            Line::raw(""),
        ];
        if t.answered == 0 {
            lines.push(Line::raw(match self.mode {
                Mode::Review => {
                    "Nothing is due right now: no reviews, and no new cards left for today."
                }
                Mode::Drill(_) => "No card was answered in this drill.",
            }));
        } else {
            let recalled = t.answered.saturating_sub(t.by_rating[0]);
            let percent = recalled * 100 / t.answered.max(1);
            let time = if t.seconds < 60 {
                "under a minute".to_owned()
            } else {
                format!("{} min", t.seconds / 60)
            };
            lines.push(Line::raw(format!(
                "{} answered, {recalled} recalled ({percent}%), in {time}.",
                t.answered
            )));
            lines.push(Line::raw(format!(
                "Again {} · Hard {} · Good {} · Easy {}",
                t.by_rating[0], t.by_rating[1], t.by_rating[2], t.by_rating[3]
            )));
        }
        if let Mode::Drill(drill) = &self.mode {
            if drill.timed_out {
                lines.insert(1, Line::styled("Time is up.", theme.warning()));
            }
            if !drill.scores.is_empty() {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    "Score by topic (weakest first)",
                    theme.title(),
                ));
                let mut rows: Vec<(&String, &(u32, u32))> = drill.scores.iter().collect();
                rows.sort_by_key(|(topic, (n, right))| {
                    (right * 100 / (*n).max(1), (*topic).clone())
                });
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
                        Span::raw(format!(
                            "  {:width$}  {right}/{n}  ",
                            crate::sanitize::inert_line(topic)
                        )),
                        Span::styled(format!("{bar} {percent}%"), style),
                    ]));
                }
            }
        }
        if let Some(due) = self.next_learning
            && matches!(self.mode, Mode::Review)
        {
            let wait = (due - ctx.now()).max(chrono::Duration::zero());
            lines.push(Line::raw(""));
            lines.push(Line::raw(format!(
                "Cards in learning come back in {}; stay here and the session resumes by itself.",
                format_interval(wait)
            )));
        }
        if let Some(error) = &self.error {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                crate::sanitize::inert_line(error),
                theme.error(),
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Every answer is saved. Esc returns home.",
            theme.dim(),
        ));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(widgets::panel(&self.title(), true, theme)),
            area,
        );
    }
}

impl Screen for ReviewScreen {
    fn title(&self) -> String {
        match &self.mode {
            Mode::Review => "Review".into(),
            Mode::Drill(drill) => drill.title.clone(),
        }
    }

    fn handle(&mut self, event: &Event, ctx: &Context) -> Action {
        match &mut self.phase {
            Phase::Asking { view, .. } => {
                if let Event::Key(key) = event
                    && keymap::is_char(key, 's')
                    && !view.captures_text()
                {
                    self.suspend_current(ctx);
                    return Action::None;
                }
                let Some(question) = ctx.content.question(&view.id) else {
                    return Action::Ignored;
                };
                match view.handle(event, question) {
                    QuestionEvent::Answered(verdict) => {
                        self.answered(ctx, verdict);
                        Action::None
                    }
                    QuestionEvent::Used => Action::None,
                    QuestionEvent::Ignored => Action::Ignored,
                }
            }
            Phase::Answered { .. } => match event {
                Event::Key(key) => self.handle_answered(key, ctx),
                _ => Action::None,
            },
            Phase::Finished => match event {
                Event::Key(key) if keymap::is_char(key, 'u') => {
                    self.undo_last(ctx);
                    Action::None
                }
                _ => Action::Ignored,
            },
        }
    }

    fn tick(&mut self, ctx: &Context) -> Action {
        if let Mode::Drill(drill) = &mut self.mode {
            if !drill.timed_out && ctx.now() >= drill.deadline {
                drill.timed_out = true;
                if matches!(self.phase, Phase::Asking { .. }) {
                    self.phase = Phase::Finished;
                }
            }
            return Action::None;
        }
        if let (Phase::Finished, Some(due)) = (&self.phase, self.next_learning)
            && ctx.now() >= due
        {
            self.next_card(ctx);
        }
        Action::None
    }

    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        if let Phase::Finished = self.phase {
            self.draw_summary(frame, area, ctx);
            return;
        }
        // A message is wrapped to be read in full; it takes the rating bar's place.
        let error_lines = self
            .error
            .as_deref()
            .map(|error| widgets::wrap_message(error, area.width))
            .unwrap_or_default();
        let bar_height = u16::try_from(error_lines.len())
            .unwrap_or(u16::MAX)
            .clamp(1, (area.height / 2).max(1));
        let [status, body, bar] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(bar_height),
        ])
        .areas(area);
        let (view, answered) = match &mut self.phase {
            Phase::Asking { view, .. } => (view, false),
            Phase::Answered { view, .. } => (view, true),
            Phase::Finished => return,
        };
        let Some(question) = ctx.content.question(&view.id) else {
            return;
        };
        let clock = match &self.mode {
            Mode::Drill(drill) => {
                let left = (drill.deadline - ctx.now()).num_seconds().max(0);
                format!("⏱ {:02}:{:02} · ", left / 60, left % 60)
            }
            Mode::Review => String::new(),
        };
        let status_text = format!(
            "{clock}{} left · {} done · {} · {}",
            self.remaining,
            self.tally.answered,
            question.kind.label(),
            crate::sanitize::inert_line(&question.topic)
        );
        frame.render_widget(
            Paragraph::new(Line::styled(status_text, theme.dim())),
            status,
        );
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(theme.border(false));
        let inner = block.inner(body);
        frame.render_widget(block, body);
        view.draw(frame, inner, question, theme);
        if answered {
            self.draw_rating_bar(frame, bar, ctx);
        }
        if !error_lines.is_empty() {
            let lines: Vec<Line<'_>> = error_lines
                .into_iter()
                .map(|line| Line::styled(line, theme.error()))
                .collect();
            frame.render_widget(Clear, bar);
            frame.render_widget(Paragraph::new(lines), bar);
        } else if let Phase::Answered { given, .. } = &self.phase
            && let Some(message) = &given.message
        {
            frame.render_widget(
                Paragraph::new(Line::styled(message.clone(), theme.warning())),
                status,
            );
        }
    }

    fn keys(&self) -> &[KeyHelp] {
        match &self.phase {
            Phase::Asking { view, .. } => view.keys(),
            Phase::Answered { .. } => AFTER_KEYS,
            Phase::Finished => DONE_KEYS,
        }
    }

    fn captures_text(&self) -> bool {
        matches!(&self.phase, Phase::Asking { view, .. } if view.captures_text())
    }
}
