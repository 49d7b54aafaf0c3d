//! The settings screen: every scheduling setting of the profile with its value, changed with
//! `+` and `-` or by typing a value, validated and saved as `stagecraft config` does (the
//! same table, [`crate::commands::config::SETTINGS`]), each change in one transaction and in
//! the settings history, and undone with `u`.
//!
//! A new desired retention is not saved at once: the screen first simulates the reviews per
//! day of the next 30 days at the current and at the proposed retention (on a worker thread)
//! and shows both, to confirm or cancel. The last row fits the FSRS parameters to the review
//! log on a worker thread, as `stagecraft optimize` does, and shows the scores and the
//! decision.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, List, ListItem, Paragraph, Sparkline, Wrap};
use tui_input::{Input, InputRequest};

use super::keymap::{Binding, Bound, Key, KeyHelp, Nav};
use super::list::Selection;
use super::screen::{Action, Commands, Context, HitMap, Notice, Screen, dispatch, keys_of};
use super::scroll::Scroll;
use super::settings_jobs::{self, DeckSource, Forecast, Job, PREVIEW_DAYS, Polled};
use super::widgets;
use crate::commands::QuestionMeta;
use crate::commands::config::{self as settings, SETTINGS, Setting, Step};
use crate::commands::optimize::{Outcome, adopt, render};
use crate::commands::simulate::Deck;
use crate::sanitize::inert_line;
use crate::srs::SchedulerConfig;
use crate::srs::optimize::{Decision, OptimizeReport, Progress};
use crate::srs::workload::Workload;

/// The setting whose changes are previewed.
const RETENTION: &str = "desired-retention";

/// What the settings screen can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Move in the list.
    Move(Nav),
    /// Type a new value for the selected setting.
    StartEdit,
    /// Edit the typed value.
    Edit(InputRequest),
    /// Set the typed value.
    Submit,
    /// Leave the prompt, the preview or the result; stop a fit.
    Cancel,
    /// The selected setting one step up (or the proposed retention, in the preview).
    Up,
    /// One step down.
    Down,
    /// Save the proposed retention.
    Confirm,
    /// Undo the last change made on this screen.
    Undo,
    /// Fit the FSRS parameters to the review log.
    Optimize,
    /// Scroll the optimiser's result.
    Scroll(Nav),
}

/// What the screen shows.
enum Mode {
    /// The list of settings.
    List,
    /// Typing a value for the selected setting.
    Edit(Input),
    /// A new desired retention and the workload it would cause, to confirm.
    Preview(Preview),
    /// The optimiser at work.
    Fitting(Fitting),
    /// The optimiser's scores and decision.
    Fitted(Fitted),
}

/// The retention preview.
struct Preview {
    /// The settings to save on confirmation.
    proposed: SchedulerConfig,
    /// The deck simulated, once the first simulation has read it.
    deck: Option<Arc<Deck>>,
    /// The simulation.
    forecast: Simulation,
}

/// Where the preview's simulation is.
enum Simulation {
    Running(Job<Result<(Arc<Deck>, Forecast), String>>),
    Ready(Forecast),
    Failed(String),
}

/// The optimiser running.
struct Fitting {
    job: Job<Result<OptimizeReport, String>>,
    progress: Progress,
    /// The training's progress at the last tick, 0 to 1.
    done: f64,
}

/// The optimiser's result.
struct Fitted {
    /// The report as `stagecraft optimize` prints it.
    text: String,
    /// Whether the fitted parameters were adopted.
    adopted: bool,
    scroll: Scroll,
}

/// A change made on this screen, to undo.
struct Change {
    /// The settings before it.
    before: SchedulerConfig,
    /// What it was, for the notice.
    what: String,
}

/// The settings screen.
pub struct SettingsScreen {
    /// The settings as saved.
    config: SchedulerConfig,
    rows: Selection,
    mode: Mode,
    undo: Vec<Change>,
}

/// Rows: the settings, then the FSRS parameters.
const ROWS: usize = SETTINGS.len() + 1;

fn listing(screen: &SettingsScreen) -> bool {
    matches!(screen.mode, Mode::List)
}

/// Whether a move down (a page down, to the last) changes the selection.
fn can_go_down(screen: &SettingsScreen) -> bool {
    listing(screen) && screen.rows.index().is_some_and(|i| i + 1 < ROWS)
}

/// Whether a move up changes the selection.
fn can_go_up(screen: &SettingsScreen) -> bool {
    listing(screen) && screen.rows.index().is_some_and(|i| i > 0)
}

fn on_setting(screen: &SettingsScreen) -> bool {
    listing(screen) && screen.selected().is_some()
}

fn on_parameters(screen: &SettingsScreen) -> bool {
    listing(screen) && screen.rows.index() == Some(SETTINGS.len())
}

fn steppable(screen: &SettingsScreen) -> bool {
    match &screen.mode {
        Mode::List => screen.selected().is_some_and(|s| s.step != Step::Typed),
        Mode::Preview(_) => true,
        _ => false,
    }
}

fn typing(screen: &SettingsScreen) -> bool {
    matches!(screen.mode, Mode::Edit(_))
}

fn can_undo(screen: &SettingsScreen) -> bool {
    listing(screen) && !screen.undo.is_empty()
}

fn previewing(screen: &SettingsScreen) -> bool {
    matches!(screen.mode, Mode::Preview(_))
}

fn preview_ready(screen: &SettingsScreen) -> bool {
    matches!(
        &screen.mode,
        Mode::Preview(Preview {
            forecast: Simulation::Ready(_) | Simulation::Failed(_),
            ..
        })
    )
}

fn fitting(screen: &SettingsScreen) -> bool {
    matches!(screen.mode, Mode::Fitting(_))
}

fn fitted(screen: &SettingsScreen) -> bool {
    matches!(screen.mode, Mode::Fitted(_))
}

fn result_overflows(screen: &SettingsScreen) -> bool {
    matches!(&screen.mode, Mode::Fitted(f) if f.scroll.overflows())
}

/// The list's moves, each offered only when it goes somewhere (down at the last row does not).
const DOWN: [Binding<SettingsScreen, Command>; 6] =
    crate::nav_bindings!(Command::Move, can_go_down, "move");
const UP: [Binding<SettingsScreen, Command>; 6] =
    crate::nav_bindings!(Command::Move, can_go_up, "move");

const SCROLL: [Binding<SettingsScreen, Command>; 6] =
    crate::nav_bindings!(Command::Scroll, result_overflows, "scroll");

const TABLE: &[Binding<SettingsScreen, Command>] = &[
    // Typing a value: every key edits it but these.
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "set",
        help: "set the typed value",
        command: Bound::To(Command::Submit),
        when: typing,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "cancel",
        help: "stop typing, keep the value",
        command: Bound::To(Command::Cancel),
        when: typing,
    },
    Binding {
        keys: &[Key::Text],
        shown: "type",
        hint: "value",
        help: "the new value",
        command: Bound::Text(Command::Edit),
        when: typing,
    },
    // The retention preview.
    Binding {
        keys: &[Key::Code(KeyCode::Enter), Key::Char('y')],
        shown: "Enter y",
        hint: "save",
        help: "save the proposed desired retention",
        command: Bound::To(Command::Confirm),
        when: preview_ready,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Char('n')],
        shown: "Esc n",
        hint: "keep",
        help: "keep the current desired retention",
        command: Bound::To(Command::Cancel),
        when: previewing,
    },
    // The optimiser.
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        shown: "Esc",
        hint: "stop",
        help: "stop fitting; nothing is changed",
        command: Bound::To(Command::Cancel),
        when: fitting,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter), Key::Code(KeyCode::Esc)],
        shown: "Enter Esc",
        hint: "done",
        help: "back to the settings",
        command: Bound::To(Command::Cancel),
        when: fitted,
    },
    // The list.
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "edit",
        help: "type a new value for the selected setting",
        command: Bound::To(Command::StartEdit),
        when: on_setting,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        shown: "Enter",
        hint: "fit",
        help: "fit the FSRS parameters to your review log (as stagecraft optimize)",
        command: Bound::To(Command::Optimize),
        when: on_parameters,
    },
    Binding {
        keys: &[Key::Char('+'), Key::Char('='), Key::Code(KeyCode::Right)],
        shown: "+ →",
        hint: "more",
        help: "one step up (the next choice)",
        command: Bound::To(Command::Up),
        when: steppable,
    },
    Binding {
        keys: &[Key::Char('-'), Key::Code(KeyCode::Left)],
        shown: "- ←",
        hint: "less",
        help: "one step down (the previous choice)",
        command: Bound::To(Command::Down),
        when: steppable,
    },
    Binding {
        keys: &[Key::Char('u')],
        shown: "u",
        hint: "undo",
        help: "undo the last change made here",
        command: Bound::To(Command::Undo),
        when: can_undo,
    },
    DOWN[0],
    UP[1],
    DOWN[2],
    UP[3],
    UP[4],
    DOWN[5],
    SCROLL[0],
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    SCROLL[4],
    SCROLL[5],
];

impl SettingsScreen {
    /// The profile's settings as saved.
    pub fn new(ctx: &Context) -> Self {
        Self {
            config: saved(ctx),
            rows: Selection::new(ROWS),
            mode: Mode::List,
            undo: Vec::new(),
        }
    }

    /// The selected setting (none on the parameters row).
    fn selected(&self) -> Option<&'static Setting> {
        self.rows.index().and_then(|i| SETTINGS.get(i))
    }

    /// Sets `setting` to `value` (as typed, or a step): saved at once, or previewed first
    /// for the desired retention.
    fn set(&mut self, setting: &'static Setting, value: &str, ctx: &Context) -> Action {
        // Read again, so that a change made meanwhile (`stagecraft config`) is kept.
        self.config = saved(ctx);
        let changed = match settings::change(&self.config, setting, value) {
            Ok(changed) => changed,
            Err(error) => return Action::error(error),
        };
        if changed == self.config {
            return Action::info(format!("{} is already {}", setting.key, value.trim()));
        }
        if setting.key == RETENTION {
            return self.preview(changed, ctx);
        }
        let what = format!("{} is now {}", setting.key, (setting.get)(&changed));
        self.save(changed, what, ctx)
    }

    /// Opens the preview of `proposed`'s desired retention.
    fn preview(&mut self, proposed: SchedulerConfig, ctx: &Context) -> Action {
        let deck = match &self.mode {
            Mode::Preview(preview) => preview.deck.clone(),
            _ => None,
        };
        let source = match &deck {
            Some(deck) => DeckSource::Ready(Arc::clone(deck)),
            None => DeckSource::Read {
                path: ctx.store.path().to_owned(),
                questions: QuestionMeta::from_content(&ctx.content),
            },
        };
        let job = settings_jobs::simulate(source, proposed.desired_retention, ctx.now());
        self.mode = Mode::Preview(Preview {
            proposed,
            deck,
            forecast: Simulation::Running(job),
        });
        Action::None
    }

    /// Saves `changed` (one transaction, recorded in the settings history), keeps what it
    /// replaced for undo, and has the app schedule with it.
    fn save(&mut self, changed: SchedulerConfig, what: String, ctx: &Context) -> Action {
        if let Err(error) = ctx.store.set_scheduler_config(&changed) {
            return Action::error(format!("not saved: {error}"));
        }
        let before = std::mem::replace(&mut self.config, changed.clone());
        self.undo.push(Change {
            before,
            what: what.clone(),
        });
        Action::Reconfigure(
            Box::new(changed),
            Notice::info(format!("{what} (u undoes)")),
        )
    }

    /// Starts the optimiser on a worker thread.
    fn optimize(&mut self, ctx: &Context) -> Action {
        self.config = saved(ctx);
        let progress = Progress::default();
        let job = settings_jobs::fit(
            ctx.store.path().to_owned(),
            self.config.parameters.clone(),
            Arc::clone(&progress),
        );
        self.mode = Mode::Fitting(Fitting {
            job,
            progress,
            done: 0.0,
        });
        Action::None
    }

    /// Takes a worker's result.
    fn take(&mut self, finished: Finished, ctx: &Context) -> Action {
        match finished {
            Finished::Forecast(polled) => {
                if let Mode::Preview(preview) = &mut self.mode {
                    match polled {
                        Polled::Done(Ok((deck, forecast))) => {
                            preview.deck = Some(deck);
                            preview.forecast = Simulation::Ready(forecast);
                        }
                        Polled::Done(Err(error)) => preview.forecast = Simulation::Failed(error),
                        Polled::Lost => {
                            preview.forecast =
                                Simulation::Failed("the simulation stopped".to_owned());
                        }
                        Polled::Waiting => {}
                    }
                }
                Action::None
            }
            Finished::Fit(_) if !fitting(self) => Action::None,
            Finished::Fit(polled) => match polled {
                Polled::Done(Ok(report)) => self.fitted(report, ctx),
                Polled::Done(Err(error)) => {
                    self.mode = Mode::List;
                    Action::error(format!("the parameters could not be fitted: {error}"))
                }
                Polled::Lost => {
                    self.mode = Mode::List;
                    Action::error("the optimiser stopped without a result")
                }
                Polled::Waiting => Action::None,
            },
        }
    }

    /// Shows the optimiser's report, adopting the fitted parameters when it says to.
    fn fitted(&mut self, report: OptimizeReport, ctx: &Context) -> Action {
        let custom_current = !self.config.parameters.is_empty();
        let mut action = Action::None;
        let outcome = match (&report.decision, &report.fitted) {
            (Decision::Adopt, Some((parameters, _))) => match adopt(&ctx.store, parameters) {
                Ok(adopted) => {
                    let before = std::mem::replace(&mut self.config, adopted.clone());
                    self.undo.push(Change {
                        before,
                        what: "the fitted FSRS parameters are in use".to_owned(),
                    });
                    action = Action::Reconfigure(
                        Box::new(adopted),
                        Notice::info("the fitted FSRS parameters are in use (u undoes)"),
                    );
                    Outcome::Adopted
                }
                Err(error) => {
                    action =
                        Action::error(format!("the fitted parameters were not saved: {error}"));
                    Outcome::Kept
                }
            },
            _ => Outcome::Kept,
        };
        self.mode = Mode::Fitted(Fitted {
            text: render(&report, custom_current, outcome),
            adopted: outcome == Outcome::Adopted,
            scroll: Scroll::new(),
        });
        action
    }

    /// Steps the selected setting, or the proposed retention in the preview.
    fn step(&mut self, up: bool, ctx: &Context) -> Action {
        if let Mode::Preview(preview) = &self.mode {
            let Ok(setting) = settings::find(RETENTION) else {
                return Action::None;
            };
            let Some(value) = settings::stepped(&preview.proposed, setting, up) else {
                return Action::None;
            };
            return match settings::change(&preview.proposed, setting, &value) {
                Ok(proposed) if proposed.desired_retention == self.config.desired_retention => {
                    Action::info(format!("{RETENTION} is already {value}"))
                }
                Ok(proposed) => self.preview(proposed, ctx),
                Err(error) => Action::error(error),
            };
        }
        let Some(setting) = self.selected() else {
            return Action::None;
        };
        let current = saved(ctx);
        match settings::stepped(&current, setting, up) {
            Some(value) => self.set(setting, &value, ctx),
            None => Action::None,
        }
    }
}

/// A worker's result, as taken by [`SettingsScreen::take`].
enum Finished {
    Forecast(Polled<Result<(Arc<Deck>, Forecast), String>>),
    Fit(Polled<Result<OptimizeReport, String>>),
}

/// The settings saved in the profile (those in use if they cannot be read).
fn saved(ctx: &Context) -> SchedulerConfig {
    ctx.store
        .scheduler_config()
        .unwrap_or_else(|_| ctx.scheduler.config().clone())
}

impl Screen for SettingsScreen {
    fn title(&self) -> String {
        "Settings".into()
    }

    fn handle(&mut self, event: &Event, hits: &HitMap, ctx: &Context) -> Action {
        dispatch(self, event, hits, ctx)
    }

    fn layout(&mut self, area: Rect, ctx: &Context) -> HitMap {
        match &mut self.mode {
            Mode::Fitted(fitted) => {
                let lines = fitted_lines(fitted, area.width, ctx);
                fitted.scroll.fit(lines.len(), usize::from(area.height));
            }
            _ => {
                let (list, _) = list_areas(area);
                self.rows.fit(list);
            }
        }
        HitMap::none()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        match &self.mode {
            Mode::List | Mode::Edit(_) => self.draw_list(frame, area, ctx),
            Mode::Preview(preview) => draw_preview(frame, area, &self.config, preview, ctx),
            Mode::Fitting(fitting) => draw_fitting(frame, area, fitting, ctx),
            Mode::Fitted(fitted) => {
                let lines = fitted_lines(fitted, area.width, ctx);
                frame.render_widget(
                    Paragraph::new(lines).scroll((fitted.scroll.offset_u16(), 0)),
                    area,
                );
            }
        }
    }

    fn keys(&self) -> Vec<KeyHelp> {
        keys_of(self)
    }

    fn captures_text(&self) -> bool {
        typing(self)
    }

    fn tick(&mut self, ctx: &Context) -> Action {
        let finished = match &mut self.mode {
            Mode::Preview(Preview {
                forecast: Simulation::Running(job),
                ..
            }) => match job.poll() {
                Polled::Waiting => None,
                polled => Some(Finished::Forecast(polled)),
            },
            Mode::Fitting(fitting) => {
                if let Ok(progress) = fitting.progress.lock() {
                    let total = progress.total();
                    if total > 0 {
                        fitting.done = progress.current() as f64 / total as f64;
                    }
                }
                match fitting.job.poll() {
                    Polled::Waiting => None,
                    polled => Some(Finished::Fit(polled)),
                }
            }
            _ => None,
        };
        match finished {
            Some(finished) => self.take(finished, ctx),
            None => Action::None,
        }
    }

    fn closing(&mut self, _ctx: &Context) {
        if let Mode::Fitting(fitting) = &self.mode {
            stop(&fitting.progress);
        }
    }
}

/// Asks a fit to stop.
fn stop(progress: &Progress) {
    if let Ok(mut progress) = progress.lock() {
        progress.want_abort = true;
    }
}

impl Commands for SettingsScreen {
    type Command = Command;
    type Hits = ();

    fn table() -> &'static [Binding<Self, Command>] {
        TABLE
    }

    fn update(&mut self, command: Command, ctx: &Context) -> Action {
        match command {
            Command::Move(nav) => self.rows.apply(nav),
            Command::StartEdit => {
                if let Some(setting) = self.selected() {
                    self.mode = Mode::Edit(Input::new((setting.get)(&saved(ctx))));
                }
            }
            Command::Edit(request) => {
                if let Mode::Edit(input) = &mut self.mode {
                    input.handle(request);
                }
            }
            Command::Submit => {
                let Mode::Edit(input) = std::mem::replace(&mut self.mode, Mode::List) else {
                    return Action::None;
                };
                if let Some(setting) = self.selected() {
                    return self.set(setting, input.value(), ctx);
                }
            }
            Command::Cancel => {
                let mode = std::mem::replace(&mut self.mode, Mode::List);
                match mode {
                    Mode::Fitting(fitting) => {
                        stop(&fitting.progress);
                        return Action::info("fitting stopped: the parameters are unchanged");
                    }
                    Mode::Preview(preview) => {
                        return Action::info(format!(
                            "{RETENTION} stays {:.2} (not {:.2})",
                            self.config.desired_retention, preview.proposed.desired_retention
                        ));
                    }
                    _ => {}
                }
            }
            Command::Up => return self.step(true, ctx),
            Command::Down => return self.step(false, ctx),
            Command::Confirm => {
                let Mode::Preview(preview) = std::mem::replace(&mut self.mode, Mode::List) else {
                    return Action::None;
                };
                let what = format!(
                    "{RETENTION} is now {:.2}",
                    preview.proposed.desired_retention
                );
                return self.save(preview.proposed, what, ctx);
            }
            Command::Undo => {
                let Some(change) = self.undo.pop() else {
                    return Action::None;
                };
                if let Err(error) = ctx.store.set_scheduler_config(&change.before) {
                    self.undo.push(change);
                    return Action::error(format!("not undone: {error}"));
                }
                self.config = change.before.clone();
                return Action::Reconfigure(
                    Box::new(change.before),
                    Notice::info(format!("undone: {}", change.what)),
                );
            }
            Command::Optimize => return self.optimize(ctx),
            Command::Scroll(nav) => {
                if let Mode::Fitted(fitted) = &mut self.mode {
                    fitted.scroll.apply(nav);
                }
            }
        }
        Action::None
    }
}

/// The list and, below it, the line about the selected row (or the prompt).
fn list_areas(area: Rect) -> (Rect, Rect) {
    let list_height = (ROWS as u16 + 2).min(area.height.saturating_sub(2).max(3));
    let [list, detail] =
        Layout::vertical([Constraint::Length(list_height), Constraint::Min(0)]).areas(area);
    (list, detail)
}

impl SettingsScreen {
    fn draw_list(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Context) {
        let theme = ctx.theme;
        let (list_area, detail_area) = list_areas(area);
        let room = usize::from(list_area.width.saturating_sub(4));
        let name_width = SETTINGS.iter().map(|s| s.key.len()).max().unwrap_or(0);
        let mut items: Vec<ListItem> = SETTINGS
            .iter()
            .map(|setting| {
                ListItem::new(widgets::fit_line(
                    Line::from(vec![
                        Span::raw(format!("{:name_width$}  ", setting.key)),
                        Span::styled(format!("{:<9}", (setting.get)(&self.config)), theme.key()),
                        Span::styled(format!(" {}", setting.help), theme.dim()),
                    ]),
                    room,
                ))
            })
            .collect();
        let parameters = if self.config.parameters.is_empty() {
            "default"
        } else {
            "fitted"
        };
        items.push(ListItem::new(widgets::fit_line(
            Line::from(vec![
                Span::raw(format!("{:name_width$}  ", "fsrs-parameters")),
                Span::styled(format!("{parameters:<9}"), theme.key()),
                Span::styled(
                    " Enter fits them to your review log (stagecraft optimize)",
                    theme.dim(),
                ),
            ]),
            room,
        )));
        let mut state = self.rows.state;
        frame.render_stateful_widget(
            List::new(items)
                .block(widgets::panel("Scheduling settings", true, theme))
                .highlight_style(theme.selected())
                .highlight_symbol("› "),
            list_area,
            &mut state,
        );
        let detail: Vec<Line> = match &self.mode {
            Mode::Edit(input) => vec![Line::from(vec![
                Span::styled(
                    format!("{}: ", self.selected().map_or("value", |s| s.key)),
                    theme.key(),
                ),
                Span::raw(inert_line(input.value())),
                Span::styled("▏", theme.key()),
            ])],
            _ => match self.selected() {
                Some(setting) => {
                    let how = match setting.step {
                        Step::Typed => "Enter types a new value",
                        Step::Choices(_) => "+/- chooses, Enter types a value",
                        Step::By(_) => "+/- steps, Enter types a value",
                    };
                    let preview = if setting.key == RETENTION {
                        "; the workload it causes is shown before it is saved"
                    } else {
                        ""
                    };
                    vec![
                        Line::styled(format!("{}: {}", setting.key, setting.help), theme.dim()),
                        Line::styled(format!("{how}{preview}."), theme.dim()),
                    ]
                }
                None => vec![Line::styled(
                    "The 21 FSRS model parameters: the defaults until a fit on your own \
                     answers predicts them better.",
                    theme.dim(),
                )],
            },
        };
        frame.render_widget(
            Paragraph::new(detail).wrap(Wrap { trim: true }),
            detail_area,
        );
    }
}

/// The preview: the two workloads as sparklines on one scale, with their mean and peak.
fn draw_preview(
    frame: &mut Frame<'_>,
    area: Rect,
    config: &SchedulerConfig,
    preview: &Preview,
    ctx: &Context,
) {
    let theme = ctx.theme;
    let from = config.desired_retention;
    let to = preview.proposed.desired_retention;
    let title = format!("Desired retention {from:.2} → {to:.2}");
    let block = widgets::panel(&title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let forecast = match &preview.forecast {
        Simulation::Ready(forecast) => forecast,
        Simulation::Running(_) => {
            let text = format!(
                "Simulating the reviews of the next {PREVIEW_DAYS} days at {from:.2} and at {to:.2}…"
            );
            frame.render_widget(
                Paragraph::new(Line::styled(text, theme.dim())).wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        Simulation::Failed(error) => {
            let lines = vec![
                Line::styled(
                    format!("The workload could not be simulated: {}", inert_line(error)),
                    theme.error(),
                ),
                Line::raw(format!("Enter saves {to:.2} anyway; Esc keeps {from:.2}.")),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            return;
        }
    };
    let scale = |w: &Workload| w.reviews_per_day.iter().copied().fold(0.0_f32, f32::max);
    let top = scale(&forecast.current).max(scale(&forecast.proposed));
    // Each series gets a caption line and the rest of its half for the sparkline.
    let [intro, current, proposed, outro] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(Line::styled(
            widgets::ellipsis(
                &format!("Expected reviews a day, next {PREVIEW_DAYS} days (today first)"),
                usize::from(intro.width),
            ),
            theme.dim(),
        )),
        intro,
    );
    series(frame, current, "now", from, &forecast.current, top, ctx);
    series(frame, proposed, "new", to, &forecast.proposed, top, ctx);
    let before = forecast.current.mean_reviews();
    let after = forecast.proposed.mean_reviews();
    let change = if before > 0.0 {
        format!("{:+.0}% reviews · ", (after / before - 1.0) * 100.0)
    } else {
        String::new()
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            widgets::ellipsis(
                &format!("{change}Enter saves {to:.2}, Esc keeps {from:.2}, +/- tries another"),
                usize::from(outro.width),
            ),
            theme.key(),
        )),
        outro,
    );
}

/// One workload: a caption with its mean and peak, and its sparkline scaled to `top`.
fn series(
    frame: &mut Frame<'_>,
    area: Rect,
    name: &str,
    retention: f32,
    workload: &Workload,
    top: f32,
    ctx: &Context,
) {
    let theme = ctx.theme;
    let [caption, chart] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let peak = workload
        .reviews_per_day
        .iter()
        .copied()
        .fold(0.0_f32, f32::max);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{name} {retention:.2}"), theme.title()),
            Span::raw(widgets::ellipsis(
                &format!(
                    "  mean {:.1} · peak {peak:.0} a day",
                    workload.mean_reviews()
                ),
                usize::from(caption.width.saturating_sub(9)),
            )),
        ])),
        caption,
    );
    // Tenths, so that small counts still show their shape; each day as wide as the room
    // allows, so that the chart spans the panel.
    let tenths = |n: f32| (n.max(0.0) * 10.0).round() as u64;
    let days = workload.reviews_per_day.len().max(1);
    let width = (usize::from(chart.width) / days).max(1);
    let data: Vec<u64> = workload
        .reviews_per_day
        .iter()
        .flat_map(|&n| std::iter::repeat_n(tenths(n), width))
        .collect();
    frame.render_widget(
        Sparkline::default()
            .data(&data)
            .max(tenths(top).max(1))
            .style(theme.key()),
        chart,
    );
}

/// The optimiser at work: how many answers, and how far the training is.
fn draw_fitting(frame: &mut Frame<'_>, area: Rect, fitting: &Fitting, ctx: &Context) {
    let theme = ctx.theme;
    let [text, gauge, _] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            "Fitting the FSRS parameters to your review log… (Esc stops; nothing changes until it is done)",
            theme.dim(),
        ))
        .wrap(Wrap { trim: true }),
        text,
    );
    frame.render_widget(
        Gauge::default()
            .ratio(fitting.done.clamp(0.0, 1.0))
            .gauge_style(theme.key()),
        gauge,
    );
}

/// The optimiser's report, wrapped to `width`, with what to do next.
fn fitted_lines(fitted: &Fitted, width: u16, ctx: &Context) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for line in fitted.text.lines() {
        // The score table keeps its columns; prose wraps.
        if line.starts_with("  ") {
            lines.push(Line::raw(widgets::ellipsis(
                &inert_line(line),
                usize::from(width),
            )));
        } else {
            lines.extend(
                widgets::wrap_message(line, width)
                    .into_iter()
                    .map(Line::raw),
            );
        }
    }
    let next = if fitted.adopted {
        "u on the settings list goes back to the parameters before."
    } else {
        "Nothing was changed."
    };
    lines.extend(
        widgets::wrap_message(next, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim())),
    );
    lines
}
