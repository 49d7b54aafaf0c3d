//! Quiz files: YAML lists of questions, checked kind by kind.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::diagnostic::{Diagnostic, Origin};
use super::interview::{InterviewNotes, KeyPoint, Scenario, ScenarioFix};
use super::model::{Lab, LabBuild, LabCheck, LabGoal, LessonLink, Question, QuestionKind};
use super::yaml;
use crate::dockerfile::goals::{Ships, Toolchain};

/// A quiz file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizFile {
    #[serde(default)]
    topic: Option<String>,
    questions: Vec<Spanned<RawQuestion>>,
}

/// A question as written: every field optional, so that missing ones are reported by kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    prompt: Option<Spanned<String>>,
    dockerfile: Option<Spanned<String>>,
    topic: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    lesson: Option<Spanned<String>>,
    explanation: Option<Spanned<String>>,
    choices: Option<Spanned<Vec<String>>>,
    answer: Option<Spanned<usize>>,
    answers: Option<Spanned<Vec<usize>>>,
    correct: Option<Spanned<bool>>,
    accepted: Option<Spanned<Vec<String>>>,
    items: Option<Spanned<Vec<String>>>,
    bug_line: Option<Spanned<usize>>,
    blanks: Option<Spanned<Vec<Vec<String>>>>,
    model_answer: Option<Spanned<String>>,
    start: Option<Spanned<String>>,
    goals: Option<Spanned<Vec<Spanned<RawGoal>>>>,
    solution: Option<Spanned<String>>,
    hints: Option<Spanned<Vec<String>>>,
    independent: Option<Spanned<Vec<Vec<usize>>>>,
    build: Option<Spanned<RawBuild>>,
    key_points: Option<Spanned<Vec<RawKeyPoint>>>,
    follow_ups: Option<Spanned<Vec<String>>>,
    scenario: Option<Spanned<RawScenario>>,
}

/// A lab's `build:` section as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    context: String,
    #[serde(default)]
    output: Option<String>,
    #[serde(default)]
    exit_code: Option<i64>,
    #[serde(default)]
    max_size_mb: Option<f64>,
    #[serde(default)]
    user: Option<u32>,
}

/// A key point as written: a phrase, or a phrase with alternative wordings.
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a key point: a phrase, or `point:` with a list of `also:` wordings"
)]
enum RawKeyPoint {
    Phrase(Scalar),
    WithSynonyms {
        point: Scalar,
        #[serde(default)]
        also: Vec<Scalar>,
    },
}

/// A YAML scalar taken as text, so that `also: [65532]` means the words "65532".
#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "expected a word, a phrase or a number")]
enum Scalar {
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(text) => text.clone(),
            Scalar::Integer(n) => n.to_string(),
            Scalar::Float(x) => x.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// A scenario block as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    error: String,
    #[serde(default)]
    fix: Option<RawFix>,
}

/// How a scenario's typed fix is checked, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFix {
    #[serde(default)]
    removes: Vec<String>,
    #[serde(default)]
    contains: Vec<String>,
}

/// A lab goal as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoal {
    check: String,
    #[serde(default)]
    value: Option<GoalValue>,
    #[serde(default)]
    label: Option<String>,
}

/// The value of a lab goal: a number, a word, a list or a map, by check.
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a goal `value`: a number, a word, a list of words or a mapping, as the check needs"
)]
enum GoalValue {
    Number(usize),
    Word(String),
    Patterns(Vec<String>),
    Fields(GoalFields),
}

/// The map form of a lab goal's value (`ships`, `stage_runs`, `stage_base`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalFields {
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    source: Vec<String>,
    #[serde(default)]
    from_build: bool,
    stage: Option<String>,
    command: Option<String>,
    #[serde(default)]
    images: Vec<String>,
}

/// The names of the lab checks, for messages.
pub const LAB_CHECKS: &str = "min_stages, final_base, non_root, numeric_user, exec_form, no_package_manager, copy_from, no_errors, no_finding, ships, no_sources, prod_node_modules, python_deps_copied, stage_runs, stage_base, versions_match, go_cgo, no_dev_server, cmd_is, unprivileged_ports, no_secrets";

/// Builds a lab check from its YAML name and value, or says what is wrong.
fn lab_check(name: &str, value: Option<&GoalValue>) -> Result<LabCheck, String> {
    use GoalValue as V;
    let no_value = |check: LabCheck| match value {
        None => Ok(check),
        Some(_) => Err(format!("`{name}` takes no `value`")),
    };
    match (name, value) {
        ("min_stages", Some(V::Number(n))) if *n > 0 => Ok(LabCheck::MinStages(*n)),
        ("min_stages", _) => Err("`min_stages` needs a positive number as `value`".into()),
        ("final_base", Some(V::Patterns(p))) if !p.is_empty() => Ok(LabCheck::FinalBase(p.clone())),
        ("final_base", _) => Err("`final_base` needs a list of image patterns as `value`".into()),
        ("non_root", _) => no_value(LabCheck::NonRoot),
        ("numeric_user", _) => no_value(LabCheck::NumericUser),
        ("exec_form", None) => Ok(LabCheck::ExecForm(None)),
        ("exec_form", Some(V::Word(stage))) if !stage.trim().is_empty() => {
            Ok(LabCheck::ExecForm(Some(stage.clone())))
        }
        ("exec_form", _) => Err("`exec_form` takes no value, or a stage name".into()),
        ("no_package_manager", _) => no_value(LabCheck::NoPackageManager),
        ("copy_from", _) => no_value(LabCheck::CopyFrom),
        ("no_errors", _) => no_value(LabCheck::NoErrors),
        ("no_finding", Some(V::Patterns(rules))) if !rules.is_empty() => {
            match rules.iter().find(|r| crate::dockerfile::rules::rule(r).is_none()) {
                Some(unknown) => Err(format!("`no_finding` names `{unknown}`, which is no rule id (see `stagecraft lint --explain`)")),
                None => Ok(LabCheck::NoFinding(rules.clone())),
            }
        }
        ("no_finding", _) => Err("`no_finding` needs a list of rule ids as `value`".into()),
        ("ships", Some(V::Fields(f)))
            if (!f.paths.is_empty() || !f.source.is_empty())
                && f.stage.is_none()
                && f.command.is_none()
                && f.images.is_empty() =>
        {
            Ok(LabCheck::Ships(Ships {
                paths: f.paths.clone(),
                source: f.source.clone(),
                from_build: f.from_build,
            }))
        }
        ("ships", _) => Err("`ships` needs a map with `paths` and/or `source` (lists of patterns) and optionally `from_build: true`".into()),
        ("no_sources", _) => no_value(LabCheck::NoSources),
        ("prod_node_modules", _) => no_value(LabCheck::ProdNodeModules),
        ("python_deps_copied", _) => no_value(LabCheck::PythonDepsCopied),
        ("stage_runs", Some(V::Fields(GoalFields { stage: Some(stage), command: Some(command), paths, source, images, from_build: false })))
            if paths.is_empty() && source.is_empty() && images.is_empty() && !command.trim().is_empty() =>
        {
            Ok(LabCheck::StageRuns { stage: stage.clone(), command: command.clone() })
        }
        ("stage_runs", _) => Err("`stage_runs` needs a map with `stage` and `command`".into()),
        ("stage_base", Some(V::Fields(GoalFields { stage: Some(stage), command: None, paths, source, images, from_build: false })))
            if paths.is_empty() && source.is_empty() && !images.is_empty() =>
        {
            Ok(LabCheck::StageBase { stage: stage.clone(), images: images.clone() })
        }
        ("stage_base", _) => Err("`stage_base` needs a map with `stage` and `images` (a list of patterns)".into()),
        ("versions_match", Some(V::Word(w))) => Toolchain::from_name(w)
            .map(LabCheck::VersionsMatch)
            .ok_or_else(|| format!("`versions_match` compares python, java, node or libc, not `{w}`")),
        ("versions_match", _) => Err("`versions_match` needs one of python, java, node, libc as `value`".into()),
        ("go_cgo", Some(V::Word(w))) if w == "disabled" => Ok(LabCheck::GoCgoDisabled(true)),
        ("go_cgo", Some(V::Word(w))) if w == "enabled" => Ok(LabCheck::GoCgoDisabled(false)),
        ("go_cgo", _) => Err("`go_cgo` needs `disabled` or `enabled` as `value`".into()),
        ("no_dev_server", _) => no_value(LabCheck::NoDevServer),
        ("cmd_is", Some(V::Patterns(items))) if !items.is_empty() => Ok(LabCheck::CmdIs(items.clone())),
        ("cmd_is", _) => Err("`cmd_is` needs the CMD's list of words as `value`".into()),
        ("unprivileged_ports", _) => no_value(LabCheck::UnprivilegedPorts),
        ("no_secrets", _) => no_value(LabCheck::NoSecrets),
        (other, _) => Err(format!("unknown lab check `{other}`; expected one of {LAB_CHECKS}")),
    }
}

/// The marker of a blank in a `fill_blank` Dockerfile.
pub const BLANK: &str = "___";

/// Parses a quiz file. Returns the questions that are well formed and a diagnostic for each
/// problem; a file that is not valid YAML of the right shape yields no questions.
pub fn parse(path: &str, text: &str) -> (Vec<Question>, Vec<Diagnostic>) {
    let (questions, _notes, problems) = parse_with_notes(path, text);
    (questions, problems)
}

/// Interview notes by question id, for the questions that have any.
pub type NotesById = Vec<(String, InterviewNotes)>;

/// Parses a quiz file as [`parse`] does, and also returns the interview notes (key points,
/// follow-ups, scenario) of the questions that are well formed.
pub fn parse_with_notes(path: &str, text: &str) -> (Vec<Question>, NotesById, Vec<Diagnostic>) {
    let file: QuizFile = match yaml::parse(text, path, 0) {
        Ok(file) => file,
        Err(diag) => return (Vec::new(), Vec::new(), vec![diag]),
    };
    let mut questions = Vec::new();
    let mut notes = Vec::new();
    let mut problems = Vec::new();
    for raw in file.questions {
        let origin = origin_of(path, &raw.referenced);
        let mut builder = Builder {
            path,
            origin,
            problems: Vec::new(),
        };
        let extra = builder.notes(&raw.value);
        if let Some(question) = builder.build(raw.value, file.topic.as_deref())
            && builder.problems.is_empty()
        {
            if !extra.is_empty() {
                notes.push((question.id.clone(), extra));
            }
            questions.push(question);
        }
        problems.extend(builder.problems);
    }
    (questions, notes, problems)
}

fn origin_of(path: &str, location: &serde_saphyr::Location) -> Origin {
    let (line, col) = yaml::position(location, 0);
    Origin {
        path: path.to_owned(),
        line,
        col,
    }
}

/// Builds one question, collecting every problem it has.
struct Builder<'a> {
    path: &'a str,
    origin: Origin,
    problems: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn at<T>(&self, spanned: &Spanned<T>) -> Origin {
        origin_of(self.path, &spanned.referenced)
    }

    fn error_at<T>(&mut self, spanned: &Spanned<T>, message: impl Into<String>) {
        let origin = self.at(spanned);
        self.problems.push(origin.error(message));
    }

    fn missing(&mut self, field: &str, kind: &str) {
        self.problems.push(
            self.origin
                .error(format!("a `{kind}` question needs `{field}`")),
        );
    }

    fn require<T: Clone>(
        &mut self,
        field: Option<&Spanned<T>>,
        name: &str,
        kind: &str,
    ) -> Option<T> {
        match field {
            Some(value) => Some(value.value.clone()),
            None => {
                self.missing(name, kind);
                None
            }
        }
    }

    fn build(&mut self, raw: RawQuestion, file_topic: Option<&str>) -> Option<Question> {
        let id = match &raw.id {
            Some(id) if super::validate::is_valid_question_id(&id.value) => id.value.clone(),
            Some(id) => {
                self.error_at(
                    id,
                    format!(
                        "question id `{}` may only hold letters, digits, `-`, `_` and `.`",
                        id.value
                    ),
                );
                return None;
            }
            None => {
                self.problems
                    .push(self.origin.error("question has no `id`"));
                return None;
            }
        };
        self.origin = raw.id.as_ref().map_or(self.origin.clone(), |s| self.at(s));
        let Some(kind_name) = raw.kind.clone() else {
            self.problems
                .push(self.origin.error(format!("question `{id}` has no `kind`")));
            return None;
        };
        let prompt = match &raw.prompt {
            Some(p) if !p.value.trim().is_empty() => p.value.clone(),
            Some(p) => {
                self.error_at(p, format!("question `{id}` has an empty prompt"));
                String::new()
            }
            None => {
                self.problems.push(
                    self.origin
                        .error(format!("question `{id}` has no `prompt`")),
                );
                String::new()
            }
        };
        let lesson = match &raw.lesson {
            Some(link) => {
                match LessonLink::parse(&link.value) {
                    Some(parsed) => Some(parsed),
                    None => {
                        self.error_at(link, format!("`{}` is not a lesson link; expected `lesson-id` or `lesson-id#anchor`", link.value));
                        None
                    }
                }
            }
            None => {
                self.problems.push(
                    self.origin
                        .error(format!("question `{id}` has no `lesson` link")),
                );
                None
            }
        };
        let explanation = match &raw.explanation {
            Some(e) if !e.value.trim().is_empty() => e.value.clone(),
            Some(e) => {
                self.error_at(e, format!("question `{id}` has an empty explanation"));
                String::new()
            }
            None => {
                self.problems.push(
                    self.origin
                        .error(format!("question `{id}` has no `explanation`")),
                );
                String::new()
            }
        };
        let topic = raw
            .topic
            .clone()
            .or_else(|| file_topic.map(str::to_owned))
            .filter(|t| !t.trim().is_empty());
        if topic.is_none() {
            self.problems.push(self.origin.error(format!(
                "question `{id}` has no topic: set `topic` on it or at the top of the file"
            )));
        }
        let kind = self.kind(&kind_name, &raw);
        self.reject_foreign_fields(&kind_name.value, &raw);
        let independent = match (&kind, &raw.independent) {
            (Some(QuestionKind::Order { items }), Some(groups)) => {
                self.independent_groups(groups, items.len())
            }
            _ => Vec::new(),
        };
        Some(Question {
            id,
            prompt,
            dockerfile: raw.dockerfile.map(|d| d.value),
            topic: topic.unwrap_or_default(),
            tags: raw.tags,
            lesson: lesson?,
            explanation,
            kind: kind?,
            independent,
            origin: self.origin.clone(),
        })
    }

    fn kind(&mut self, name: &Spanned<String>, raw: &RawQuestion) -> Option<QuestionKind> {
        let kind = name.value.as_str();
        match kind {
            "single" => {
                let choices = self.choices(raw, kind)?;
                let answer = raw.answer.as_ref().or_else(|| {
                    self.missing("answer", kind);
                    None
                })?;
                let index = self.choice_index(answer, choices.len())?;
                Some(QuestionKind::Single {
                    choices,
                    answer: index,
                })
            }
            "multiple" => {
                let choices = self.choices(raw, kind)?;
                let answers = raw.answers.as_ref().or_else(|| {
                    self.missing("answers", kind);
                    None
                })?;
                if answers.value.is_empty() {
                    self.error_at(answers, "`answers` lists no choice");
                    return None;
                }
                let mut indexes = Vec::new();
                for &n in &answers.value {
                    if n == 0 || n > choices.len() {
                        self.error_at(
                            answers,
                            format!(
                                "answer {n} is not a choice; choices are numbered 1 to {}",
                                choices.len()
                            ),
                        );
                        return None;
                    }
                    indexes.push(n - 1);
                }
                indexes.sort_unstable();
                indexes.dedup();
                Some(QuestionKind::Multiple {
                    choices,
                    answers: indexes,
                })
            }
            "true_false" => {
                let correct = self.require(raw.correct.as_ref(), "correct", kind)?;
                Some(QuestionKind::TrueFalse { correct })
            }
            "short" => {
                let accepted = self.non_empty_list(raw.accepted.as_ref(), "accepted", kind, 1)?;
                if let Some(field) = raw.accepted.as_ref() {
                    self.check_patterns(field, &accepted);
                }
                Some(QuestionKind::Short { accepted })
            }
            "order" => {
                let items = self.non_empty_list(raw.items.as_ref(), "items", kind, 2)?;
                Some(QuestionKind::Order { items })
            }
            "spot_bug" => {
                let dockerfile = self.require(raw.dockerfile.as_ref(), "dockerfile", kind)?;
                let line = raw.bug_line.as_ref().or_else(|| {
                    self.missing("bug_line", kind);
                    None
                })?;
                let count = dockerfile.lines().count();
                if line.value == 0 || line.value > count {
                    self.error_at(
                        line,
                        format!(
                            "bug_line {} is outside the Dockerfile, which has {count} lines",
                            line.value
                        ),
                    );
                    return None;
                }
                Some(QuestionKind::SpotBug { line: line.value })
            }
            "fill_blank" => {
                let dockerfile = self.require(raw.dockerfile.as_ref(), "dockerfile", kind)?;
                let blanks = raw.blanks.as_ref().or_else(|| {
                    self.missing("blanks", kind);
                    None
                })?;
                let markers = dockerfile.matches(BLANK).count();
                if markers == 0 || markers != blanks.value.len() {
                    self.error_at(blanks, format!(
                        "the Dockerfile has {markers} blank(s) (`{BLANK}`) but `blanks` lists {}", blanks.value.len()
                    ));
                    return None;
                }
                if blanks
                    .value
                    .iter()
                    .any(|b| b.iter().all(|a| a.trim().is_empty()))
                {
                    self.error_at(blanks, "every blank needs at least one accepted answer");
                    return None;
                }
                for blank in &blanks.value {
                    self.check_patterns(blanks, blank);
                }
                Some(QuestionKind::FillBlank {
                    blanks: blanks.value.clone(),
                })
            }
            "flashcard" => {
                let model_answer = self.require(raw.model_answer.as_ref(), "model_answer", kind)?;
                if model_answer.trim().is_empty() {
                    self.missing("model_answer", kind);
                    return None;
                }
                Some(QuestionKind::Flashcard { model_answer })
            }
            "lab" => self.lab(raw),
            other => {
                self.error_at(name, format!(
                    "unknown kind `{other}`; expected one of single, multiple, true_false, short, order, spot_bug, fill_blank, flashcard, lab"
                ));
                None
            }
        }
    }

    /// Checks `independent`: lists of 1-based item numbers, at least two per group, each
    /// item in one group at most. Returns 0-based groups.
    fn independent_groups(
        &mut self,
        groups: &Spanned<Vec<Vec<usize>>>,
        count: usize,
    ) -> Vec<Vec<usize>> {
        let mut seen = vec![false; count];
        let mut out = Vec::new();
        for group in &groups.value {
            if group.len() < 2 {
                self.error_at(
                    groups,
                    "each `independent` group lists at least two item numbers",
                );
                return Vec::new();
            }
            let mut indexes = Vec::new();
            for &n in group {
                if n == 0 || n > count {
                    self.error_at(
                        groups,
                        format!("`independent` names item {n}; items are numbered 1 to {count}"),
                    );
                    return Vec::new();
                }
                if std::mem::replace(&mut seen[n - 1], true) {
                    self.error_at(
                        groups,
                        format!(
                            "item {n} is in more than one `independent` group (or twice in one)"
                        ),
                    );
                    return Vec::new();
                }
                indexes.push(n - 1);
            }
            out.push(indexes);
        }
        out
    }

    /// Checks the accepted answers of a blank or short question: patterns (`~ ...`) need
    /// words and balanced parentheses.
    fn check_patterns<T>(&mut self, field: &Spanned<T>, answers: &[String]) {
        for answer in answers {
            if let Some(pattern) = answer.trim().strip_prefix('~') {
                let mut depth = 0i32;
                let balanced = pattern.chars().all(|c| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    (0..=1).contains(&depth)
                }) && depth == 0;
                if pattern.trim().is_empty() || !balanced {
                    self.error_at(field, format!("`{answer}` is not a valid answer pattern: write words, `(a|b)` groups (not nested) and `*`"));
                }
            }
        }
    }

    fn choices(&mut self, raw: &RawQuestion, kind: &str) -> Option<Vec<String>> {
        self.non_empty_list(raw.choices.as_ref(), "choices", kind, 2)
    }

    fn non_empty_list(
        &mut self,
        field: Option<&Spanned<Vec<String>>>,
        name: &str,
        kind: &str,
        min: usize,
    ) -> Option<Vec<String>> {
        let list = field.or_else(|| {
            self.missing(name, kind);
            None
        })?;
        if list.value.len() < min || list.value.iter().any(|s| s.trim().is_empty()) {
            self.error_at(
                list,
                format!("`{name}` needs at least {min} non-empty entries"),
            );
            return None;
        }
        Some(list.value.clone())
    }

    fn choice_index(&mut self, answer: &Spanned<usize>, count: usize) -> Option<usize> {
        if answer.value == 0 || answer.value > count {
            self.error_at(
                answer,
                format!(
                    "answer {} is not a choice; choices are numbered 1 to {count}",
                    answer.value
                ),
            );
            return None;
        }
        Some(answer.value - 1)
    }

    fn lab(&mut self, raw: &RawQuestion) -> Option<QuestionKind> {
        let start = self.require(raw.start.as_ref(), "start", "lab")?;
        let goals_raw = raw.goals.as_ref().or_else(|| {
            self.missing("goals", "lab");
            None
        })?;
        if goals_raw.value.is_empty() {
            self.error_at(goals_raw, "a lab needs at least one goal");
            return None;
        }
        let mut goals = Vec::new();
        for goal in &goals_raw.value {
            match lab_check(&goal.value.check, goal.value.value.as_ref()) {
                Ok(check) => goals.push(LabGoal {
                    check,
                    label: goal.value.label.clone(),
                }),
                Err(message) => self.error_at(goal, message),
            }
        }
        let hints = match &raw.hints {
            Some(hints) if hints.value.iter().any(|h| h.trim().is_empty()) => {
                self.error_at(hints, "a lab hint is empty");
                return None;
            }
            Some(hints) => hints.value.clone(),
            None => Vec::new(),
        };
        let build = match &raw.build {
            Some(build) => Some(self.lab_build(build)?),
            None => None,
        };
        Some(QuestionKind::Lab(Lab {
            start,
            goals,
            solution: raw.solution.as_ref().map(|s| s.value.clone()),
            hints,
            build,
        }))
    }

    /// A lab's `build:` section; its files are filled in when the pack is read.
    fn lab_build(&mut self, raw: &Spanned<RawBuild>) -> Option<LabBuild> {
        let build = &raw.value;
        let context = build.context.trim();
        if context.is_empty() {
            self.error_at(
                raw,
                "`build.context` is empty; name the sample application's folder",
            );
            return None;
        }
        if let Err(message) = super::pack::join_inside("quizzes", context) {
            self.error_at(raw, format!("`build.context`: {message}"));
            return None;
        }
        if let Some(size) = build.max_size_mb
            && !(size.is_finite() && size > 0.0)
        {
            self.error_at(
                raw,
                "`build.max_size_mb` must be a positive number of megabytes",
            );
            return None;
        }
        if build.user == Some(0) {
            self.error_at(
                raw,
                "`build.user` is 0 (root); a lab's goal is a non-root user id",
            );
            return None;
        }
        if build.output.as_deref().is_some_and(|o| o.trim().is_empty()) {
            self.error_at(
                raw,
                "`build.output` is empty; leave it out or give the text expected",
            );
            return None;
        }
        Some(LabBuild {
            context: context.to_owned(),
            files: Default::default(),
            output: build.output.clone(),
            exit_code: build.exit_code,
            max_size_mb: build.max_size_mb,
            user: build.user,
            origin: self.at(raw),
        })
    }

    /// Key points, follow-ups and scenario: only on `flashcard` questions (the open kind).
    fn notes(&mut self, raw: &RawQuestion) -> InterviewNotes {
        let mut notes = InterviewNotes::default();
        let open = raw.kind.as_ref().is_some_and(|k| k.value == "flashcard");
        for (field, origin) in [
            ("key_points", raw.key_points.as_ref().map(|s| self.at(s))),
            ("follow_ups", raw.follow_ups.as_ref().map(|s| self.at(s))),
            ("scenario", raw.scenario.as_ref().map(|s| self.at(s))),
        ] {
            if let Some(origin) = origin
                && !open
            {
                self.problems.push(origin.error(format!(
                    "`{field}` applies only to `flashcard` questions (typed open answers)"
                )));
            }
        }
        if !open {
            return notes;
        }
        if let Some(points) = &raw.key_points {
            if points.value.is_empty() {
                self.error_at(points, "`key_points` lists no point");
            }
            for point in &points.value {
                let (text, synonyms) = match point {
                    RawKeyPoint::Phrase(text) => (text.text(), Vec::new()),
                    RawKeyPoint::WithSynonyms { point, also } => {
                        (point.text(), also.iter().map(Scalar::text).collect())
                    }
                };
                if text.trim().is_empty() || synonyms.iter().any(|s| s.trim().is_empty()) {
                    self.error_at(points, "every key point and alternative wording needs text");
                    continue;
                }
                if super::keypoints::meaning_words(&text).is_empty() {
                    self.error_at(
                        points,
                        format!(
                            "key point `{text}` has only stop words, so no answer can mention it"
                        ),
                    );
                    continue;
                }
                notes.key_points.push(KeyPoint { text, synonyms });
            }
        }
        if let Some(ids) = &raw.follow_ups {
            if ids.value.is_empty() {
                self.error_at(ids, "`follow_ups` lists no question");
            }
            notes.follow_ups = ids.value.clone();
        }
        if let Some(scenario) = &raw.scenario {
            if scenario.value.error.trim().is_empty() {
                self.error_at(
                    scenario,
                    "a scenario needs the `error` output the learner sees",
                );
            }
            if raw.dockerfile.is_none() {
                self.error_at(scenario, "a scenario needs the `dockerfile` that fails");
            }
            let fix = scenario.value.fix.as_ref();
            notes.scenario = Some(Scenario {
                error: scenario.value.error.clone(),
                fix: ScenarioFix {
                    removes: fix.map(|f| f.removes.clone()).unwrap_or_default(),
                    contains: fix.map(|f| f.contains.clone()).unwrap_or_default(),
                },
            });
        }
        notes
    }

    /// Fields that belong to another kind are errors: they are almost always a mistake.
    fn reject_foreign_fields(&mut self, kind: &str, raw: &RawQuestion) {
        let allowed: &[&str] = match kind {
            "single" => &["choices", "answer"],
            "multiple" => &["choices", "answers"],
            "true_false" => &["correct"],
            "short" => &["accepted"],
            "order" => &["items", "independent"],
            "spot_bug" => &["bug_line"],
            "fill_blank" => &["blanks"],
            "flashcard" => &["model_answer"],
            "lab" => &["start", "goals", "solution", "hints", "build"],
            _ => return,
        };
        let present: [(&str, Option<Origin>); 15] = [
            ("choices", raw.choices.as_ref().map(|s| self.at(s))),
            ("answer", raw.answer.as_ref().map(|s| self.at(s))),
            ("answers", raw.answers.as_ref().map(|s| self.at(s))),
            ("correct", raw.correct.as_ref().map(|s| self.at(s))),
            ("accepted", raw.accepted.as_ref().map(|s| self.at(s))),
            ("items", raw.items.as_ref().map(|s| self.at(s))),
            ("bug_line", raw.bug_line.as_ref().map(|s| self.at(s))),
            ("blanks", raw.blanks.as_ref().map(|s| self.at(s))),
            (
                "model_answer",
                raw.model_answer.as_ref().map(|s| self.at(s)),
            ),
            ("start", raw.start.as_ref().map(|s| self.at(s))),
            ("goals", raw.goals.as_ref().map(|s| self.at(s))),
            ("solution", raw.solution.as_ref().map(|s| self.at(s))),
            ("hints", raw.hints.as_ref().map(|s| self.at(s))),
            ("independent", raw.independent.as_ref().map(|s| self.at(s))),
            ("build", raw.build.as_ref().map(|s| self.at(s))),
        ];
        for (field, origin) in present {
            if let Some(origin) = origin
                && !allowed.contains(&field)
            {
                self.problems
                    .push(origin.error(format!("`{field}` does not apply to a `{kind}` question")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(yaml: &str) -> Result<Question, Vec<Diagnostic>> {
        let (mut questions, problems) = parse("q.yaml", yaml);
        if problems.is_empty() {
            Ok(questions.remove(0))
        } else {
            Err(problems)
        }
    }

    const BASE: &str = "topic: t\nquestions:\n  - id: q1\n    prompt: Why?\n    lesson: l#a\n    explanation: Because.\n";

    #[test]
    fn single_choice_is_one_based() {
        let q = one(&format!(
            "{BASE}    kind: single\n    choices: [a, b, c]\n    answer: 2\n"
        ))
        .unwrap();
        assert_eq!(
            q.kind,
            QuestionKind::Single {
                choices: vec!["a".into(), "b".into(), "c".into()],
                answer: 1
            }
        );
        assert_eq!((q.origin.line, q.origin.col), (3, 9));
    }

    #[test]
    fn answer_out_of_range_is_located() {
        let errs = one(&format!(
            "{BASE}    kind: single\n    choices: [a, b]\n    answer: 3\n"
        ))
        .unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].col), (9, 13), "{}", errs[0]);
    }

    #[test]
    fn unknown_kind_and_fields_are_errors() {
        let errs = one(&format!("{BASE}    kind: essay\n")).unwrap_err();
        assert!(errs[0].message.contains("unknown kind `essay`"), "{errs:?}");
        let errs = one(&format!(
            "{BASE}    kind: true_false\n    correct: true\n    hint: no\n"
        ))
        .unwrap_err();
        assert!(errs[0].message.contains("hint"), "{errs:?}");
    }

    #[test]
    fn foreign_fields_are_errors() {
        let errs = one(&format!(
            "{BASE}    kind: true_false\n    correct: true\n    accepted: [x]\n"
        ))
        .unwrap_err();
        assert!(
            errs[0].message.contains("`accepted` does not apply"),
            "{errs:?}"
        );
    }

    #[test]
    fn fill_blank_counts_markers() {
        let yaml = format!(
            "{BASE}    kind: fill_blank\n    dockerfile: |\n      COPY ___ /a /b\n    blanks: [[\"--from=build\"], [x]]\n"
        );
        let errs = one(&yaml).unwrap_err();
        assert!(errs[0].message.contains("1 blank(s)"), "{errs:?}");
    }

    #[test]
    fn spot_bug_line_must_exist() {
        let yaml = format!(
            "{BASE}    kind: spot_bug\n    dockerfile: |\n      FROM scratch\n    bug_line: 4\n"
        );
        assert!(one(&yaml).is_err());
    }

    #[test]
    fn empty_prompt_is_an_error() {
        let yaml = "topic: t\nquestions:\n  - id: q1\n    prompt: \"  \"\n    kind: true_false\n    correct: false\n    lesson: l\n    explanation: e\n";
        let errs = one(yaml).unwrap_err();
        assert!(errs[0].message.contains("empty prompt"));
        assert_eq!(errs[0].line, 4);
    }

    #[test]
    fn lab_goals_parse() {
        let yaml = format!(
            "{BASE}    kind: lab\n    start: FROM golang:1.23\n    goals:\n      - check: min_stages\n        value: 2\n      - check: final_base\n        value: [\"scratch\"]\n      - check: non_root\n        label: Runs as a user\n"
        );
        let q = one(&yaml).unwrap();
        let QuestionKind::Lab(lab) = q.kind else {
            panic!("not a lab")
        };
        assert_eq!(lab.goals.len(), 3);
        assert_eq!(lab.goals[0].check, LabCheck::MinStages(2));
        assert_eq!(lab.goals[2].text(), "Runs as a user");
    }

    #[test]
    fn bad_lab_goal_is_located() {
        let yaml =
            format!("{BASE}    kind: lab\n    start: FROM x\n    goals:\n      - check: fly\n");
        let errs = one(&yaml).unwrap_err();
        assert!(errs[0].message.contains("unknown lab check"), "{errs:?}");
        assert_eq!(errs[0].line, 10);
    }

    #[test]
    fn independence_marks_are_checked() {
        let q = one(&format!(
            "{BASE}    kind: order\n    items: [a, b, c, d]\n    independent: [[2, 3]]\n"
        ))
        .unwrap();
        assert_eq!(q.independent, vec![vec![1, 2]]);
        for bad in ["[[2]]", "[[2, 5]]", "[[1, 2], [2, 3]]", "[[0, 1]]"] {
            let errs = one(&format!(
                "{BASE}    kind: order\n    items: [a, b, c, d]\n    independent: {bad}\n"
            ))
            .unwrap_err();
            assert!(errs[0].message.contains("independent"), "{bad}: {errs:?}");
        }
        let errs = one(&format!(
            "{BASE}    kind: short\n    accepted: [\"~ (a|b\"]\n"
        ))
        .unwrap_err();
        assert!(errs[0].message.contains("pattern"), "{errs:?}");
    }

    #[test]
    fn key_points_follow_ups_and_scenarios_parse() {
        let yaml = format!(
            "{BASE}    kind: flashcard\n    model_answer: m\n    key_points:\n      - smaller image\n      - point: runs as uid 65532\n        also: [65532, nonroot]\n    follow_ups: [q2]\n    dockerfile: FROM scratch\n    scenario:\n      error: boom\n      fix:\n        contains: ['USER 65532']\n"
        );
        let (questions, notes, problems) = parse_with_notes("q.yaml", &yaml);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(questions.len(), 1);
        let notes = &notes[0].1;
        assert_eq!(notes.key_points[1].synonyms, ["65532", "nonroot"]);
        assert_eq!(notes.follow_ups, ["q2"]);
        assert_eq!(
            notes.scenario.as_ref().unwrap().fix.contains,
            ["USER 65532"]
        );
        let errs = one(&format!(
            "{BASE}    kind: single\n    choices: [a, b]\n    answer: 1\n    key_points: [x]\n"
        ))
        .unwrap_err();
        assert!(errs[0].message.contains("only to `flashcard`"), "{errs:?}");
        let errs = one(&format!(
            "{BASE}    kind: flashcard\n    model_answer: m\n    key_points: [the one]\n"
        ))
        .unwrap_err();
        assert!(errs[0].message.contains("only stop words"), "{errs:?}");
    }

    #[test]
    fn wrong_type_is_a_located_yaml_error() {
        let (qs, errs) = parse("q.yaml", "questions:\n  - id: q\n    answer: two\n");
        assert!(qs.is_empty());
        assert_eq!(errs[0].line, 3, "{}", errs[0]);
    }

    #[test]
    fn a_lab_build_section_is_read_and_checked() {
        let lab = |build: &str| {
            one(&format!(
                "{BASE}    kind: lab\n    start: FROM x\n    goals:\n      - check: non_root\n    build:\n{build}"
            ))
        };
        let q = lab("      context: apps/demo\n      output: ready\n      max_size_mb: 12.5\n      user: 65532\n")
            .expect("valid");
        let QuestionKind::Lab(lab_kind) = q.kind else {
            panic!("not a lab")
        };
        let build = lab_kind.build.expect("build section");
        assert_eq!(build.context, "apps/demo");
        assert_eq!(build.output.as_deref(), Some("ready"));
        assert_eq!(build.max_size_mb, Some(12.5));
        assert_eq!(build.user, Some(65532));
        assert_eq!(build.exit_code, None);
        for (bad, says) in [
            ("      context: ../../outside\n", "leaves the content pack"),
            ("      context: /etc\n", "absolute path"),
            ("      context: apps/demo\n      user: 0\n", "root"),
            (
                "      context: apps/demo\n      max_size_mb: -1\n",
                "positive",
            ),
            ("      context: apps/demo\n      size: 3\n", "size"),
        ] {
            let problems = lab(bad).expect_err(bad);
            assert!(problems[0].message.contains(says), "{bad}: {problems:?}");
        }
    }
}
