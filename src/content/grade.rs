//! Grading answers: pure functions from a question and a response to right or wrong.
//!
//! Typed answers are graded on meaning (see docs/authoring.md, "How typed answers are
//! graded"): both sides are normalised (case, surrounding punctuation and quotes, white space,
//! `--flag=value` and `--flag value`, articles and filler words such as "flag"); an accepted
//! entry starting with `~` is a pattern; an answer that is a Dockerfile instruction or an exec
//! form list is parsed with the analyzer's parser and compared as an instruction (flags in any
//! order, JSON lists item by item, paths after `WORKDIR`).

use super::model::{Question, QuestionKind, normalise_answer};
use super::readings::{BLOCKERS, clauses, has_blocker, one_slip_apart, readings};
use crate::dockerfile::copies::resolve;
use crate::dockerfile::{Args, Detail, Keyword, parse};

/// What the learner answered, in the shape of the question's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// A 0-based choice (single choice).
    Choice(usize),
    /// 0-based choices (multiple choice), in any order.
    Choices(Vec<usize>),
    /// True or false.
    Truth(bool),
    /// Typed text (short answer).
    Text(String),
    /// The items in the order given, as indexes into the question's (right) order.
    Order(Vec<usize>),
    /// A 1-based line (spot the bug).
    Line(usize),
    /// One text per blank (fill in the blank).
    Blanks(Vec<String>),
    /// The learner revealed the model answer and grades themselves (flashcard).
    SelfGraded,
}

/// The verdict on a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Right.
    Correct,
    /// Wrong.
    Incorrect,
    /// The learner decides (flashcards).
    SelfGraded,
}

/// What a question says around its answers: the `WORKDIR` that relative paths are resolved
/// against, the text before each blank on its line, and groups of ordering items that may
/// appear in any order among themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// The working folder (`/` when the question names none).
    pub workdir: Option<String>,
    /// For each blank, the text before it on its line.
    pub blank_prefixes: Vec<String>,
    /// For each blank, the text after it on its line, up to the next blank.
    pub blank_suffixes: Vec<String>,
    /// Groups of 0-based item indexes that may swap places (ordering questions).
    pub independent: Vec<Vec<usize>>,
}

impl Context {
    /// The context of a question: `WORKDIR` from its Dockerfile (the last one of the stage
    /// holding the first blank, before that blank, or of the last stage) or from a
    /// `WORKDIR /path` in its prompt, the text around each blank of its Dockerfile, and its
    /// independence marks.
    pub fn of(question: &Question) -> Context {
        let mut workdir = None;
        let mut blank_prefixes = Vec::new();
        let mut blank_suffixes = Vec::new();
        if let Some(dockerfile) = &question.dockerfile {
            for line in dockerfile.lines() {
                let blanks_before = blank_prefixes.len();
                let mut rest = line;
                let mut before = String::new();
                while let Some(at) = rest.find(super::quiz::BLANK) {
                    before.push_str(&rest[..at]);
                    blank_prefixes.push(before.clone());
                    before.push_str(super::quiz::BLANK);
                    rest = &rest[at + super::quiz::BLANK.len()..];
                    let after = rest.find(super::quiz::BLANK).unwrap_or(rest.len());
                    blank_suffixes.push(rest[..after].to_owned());
                }
                let words: Vec<&str> = line.split_whitespace().collect();
                // A new stage starts from its base image's folder, which the question does
                // not show: `/` unless the stage says otherwise.
                if blanks_before == 0
                    && words
                        .first()
                        .is_some_and(|w| w.eq_ignore_ascii_case("from"))
                {
                    workdir = None;
                }
                if (blank_prefixes.is_empty() || workdir.is_none())
                    && let [keyword, path] = words.as_slice()
                    && keyword.eq_ignore_ascii_case("workdir")
                    && !path.contains(super::quiz::BLANK)
                {
                    let base = workdir.as_deref().unwrap_or("/");
                    workdir = Some(resolve(base, path));
                }
            }
        }
        if workdir.is_none() {
            workdir = workdir_in_prose(&question.prompt);
        }
        Context {
            workdir,
            blank_prefixes,
            blank_suffixes,
            independent: question.independent.clone(),
        }
    }
}

/// A `WORKDIR /path` written in a prompt (in backticks or not).
fn workdir_in_prose(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '`')
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|w| {
        (w[0].eq_ignore_ascii_case("workdir") && w[1].starts_with('/'))
            .then(|| resolve("/", w[1].trim_end_matches([',', '.', ';', ')'])))
    })
}

/// Grades `response` to `question`, with the question's context (its `WORKDIR`, the text
/// around its blanks, its independent ordering items).
pub fn grade_question(question: &Question, response: &Response) -> Verdict {
    grade_in(&question.kind, response, &Context::of(question))
}

/// Grades `response` against `kind` without context. A response of the wrong shape is wrong.
pub fn grade(kind: &QuestionKind, response: &Response) -> Verdict {
    grade_in(kind, response, &Context::default())
}

/// Grades `response` against `kind` in `context`.
pub fn grade_in(kind: &QuestionKind, response: &Response, context: &Context) -> Verdict {
    use QuestionKind as K;
    use Response as R;
    let correct = match (kind, response) {
        (K::Single { answer, .. }, R::Choice(pick)) => pick == answer,
        (K::Multiple { answers, .. }, R::Choices(picks)) => {
            let mut picks = picks.clone();
            picks.sort_unstable();
            picks.dedup();
            &picks == answers
        }
        (K::TrueFalse { correct }, R::Truth(said)) => correct == said,
        (K::Short { accepted }, R::Text(text)) => accepts(accepted, text, context, None),
        (K::Order { items }, R::Order(order)) => {
            order_is_right(items.len(), order, &context.independent)
        }
        (K::SpotBug { line }, R::Line(picked)) => line == picked,
        (K::FillBlank { blanks }, R::Blanks(texts)) => {
            texts.len() == blanks.len()
                && blanks
                    .iter()
                    .zip(texts)
                    .enumerate()
                    .all(|(i, (accepted, text))| accepts(accepted, text, context, Some(i)))
        }
        (K::Flashcard { .. }, R::SelfGraded) => return Verdict::SelfGraded,
        _ => false,
    };
    if correct {
        Verdict::Correct
    } else {
        Verdict::Incorrect
    }
}

/// Whether an ordering is right: every position holds the authored item, or an item of the
/// same independence group as the authored one.
pub fn order_is_right(count: usize, order: &[usize], independent: &[Vec<usize>]) -> bool {
    let group_of = |item: usize| independent.iter().position(|g| g.contains(&item));
    let mut seen = vec![false; count];
    order.len() == count
        && order
            .iter()
            .all(|&i| i < count && !std::mem::replace(&mut seen[i], true))
        && order.iter().enumerate().all(|(position, &item)| {
            item == position || group_of(item).is_some_and(|g| group_of(position) == Some(g))
        })
}

/// Whether `text` equals one of `accepted` once both are normalised (no context).
pub fn matches_any(accepted: &[String], text: &str) -> bool {
    accepts(accepted, text, &Context::default(), None)
}

/// Whether a typed answer means one of the accepted ones. `blank` is the index of the blank
/// the answer fills (`None` for a short answer): the learner may have typed the text around
/// the blank again (`type=secret` for `--mount=type=___`). A short answer also forgives one
/// slip in a long plain word ("invalidatd"); a blank is Dockerfile syntax and does not.
pub fn accepts(accepted: &[String], text: &str, context: &Context, blank: Option<usize>) -> bool {
    if text.trim().is_empty() {
        return false;
    }
    let mut candidates = vec![text.trim().to_owned()];
    if let Some(index) = blank {
        if let Some(prefix) = context.blank_prefixes.get(index) {
            candidates.extend(without_repeated_prefix(text, prefix));
        }
        if let Some(suffix) = context.blank_suffixes.get(index) {
            let trimmed: Vec<String> = candidates
                .iter()
                .filter_map(|c| without_repeated_suffix(c, suffix))
                .collect();
            candidates.extend(trimmed);
        }
    }
    let slips = blank.is_none();
    let one = |t: &str| accepted.iter().any(|a| accepts_one(a, t, context, slips));
    let one_or_reading = |t: &str| one(t) || readings(t).iter().any(|r| one(r));
    candidates.iter().any(|candidate| {
        one_or_reading(candidate)
            || clauses(candidate).is_some_and(|said| said.iter().all(|c| one_or_reading(c)))
    })
}

/// Squashes white space away and folds case, to compare repeated text around a blank.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The answer with a repetition of the text before the blank removed: the longest tail of
/// `prefix` (compared loosely) that starts the answer.
fn without_repeated_prefix(text: &str, prefix: &str) -> Option<String> {
    let answer = squash(text);
    let before = squash(prefix);
    (1..=before.len())
        .rev()
        .filter(|&n| before.is_char_boundary(before.len() - n))
        .map(|n| &before[before.len() - n..])
        .find(|tail| answer.starts_with(tail) && answer.len() > tail.len())
        .map(|tail| answer[tail.len()..].to_owned())
}

/// The answer with a repetition of the text after the blank removed: the longest head of
/// `suffix` (compared loosely) that ends the answer (`CGO_ENABLED=0` for `___=0 go build`).
fn without_repeated_suffix(text: &str, suffix: &str) -> Option<String> {
    let answer = squash(text);
    let after = squash(suffix);
    (1..=after.len())
        .rev()
        .filter(|&n| after.is_char_boundary(n))
        .map(|n| &after[..n])
        .find(|head| answer.ends_with(head) && answer.len() > head.len())
        .map(|head| answer[..answer.len() - head.len()].to_owned())
}

fn accepts_one(accepted: &str, text: &str, context: &Context, slips: bool) -> bool {
    if let Some(pattern) = accepted.trim().strip_prefix('~') {
        return pattern_matches(pattern, text);
    }
    if normalise_answer(accepted) == normalise_answer(text) {
        return true;
    }
    if has_placeholder(accepted) && pattern_matches(accepted, text) {
        return true;
    }
    let (a, t) = (loose(accepted), loose(text));
    if !a.is_empty() && a == t {
        return true;
    }
    if let Some(number) = lone_number(&a)
        && only_number_of(&t) == Some(number)
    {
        return true;
    }
    if same_path(&a, &t, context.workdir.as_deref().unwrap_or("/")) {
        return true;
    }
    if slips && one_slip_each(&a, &t) {
        return true;
    }
    match (meaning(accepted), meaning(text)) {
        (Some(a), Some(t)) => same_meaning(&a, &t, context),
        _ => false,
    }
}

/// Words that carry no meaning in a short answer.
const FILLER: &[&str] = &["the", "a", "an", "flag", "option", "instruction", "keyword"];

/// Surrounding punctuation and quotes that do not change a word (a full stop is handled
/// apart: it ends a sentence but is part of `.`, `./` and `.npmrc`).
const WRAPPING: &[char] = &[
    ',', ';', ':', '!', '?', '"', '\'', '`', '“', '”', '‘', '’', '(', ')',
];

/// A word with its surrounding quotes and punctuation removed. A full stop after a letter,
/// a digit or a closing quote ends a sentence and goes; `.`, `/.`, `./` and `.npmrc` keep
/// theirs.
fn tidy_word(word: &str) -> &str {
    let mut w = word;
    loop {
        let before = w;
        w = w.trim_matches(WRAPPING);
        if let Some(stem) = w.strip_suffix('.')
            && stem
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || WRAPPING.contains(&c))
        {
            w = stem;
        }
        if w == before {
            return w;
        }
    }
}

/// A tidied, lower-cased word in the form answers are compared in: `https://` dropped from
/// an address, `[]` dropped from a field path (`containers[].args`), and the `key=value`
/// items of a comma-separated list sorted (`id=x,src=y` and `src=y,id=x` agree).
fn canonical_word(word: &str) -> String {
    let w = tidy_word(word).to_lowercase();
    let w = w
        .strip_prefix("https://")
        .or_else(|| w.strip_prefix("http://"))
        .unwrap_or(&w)
        .to_owned();
    let w = if w.len() > 2 { w.replace("[]", "") } else { w };
    let (flag, list) = match w.split_once('=') {
        Some((flag, rest)) if flag.starts_with('-') => (format!("{flag}="), rest.to_owned()),
        _ => (String::new(), w.clone()),
    };
    let mut items: Vec<&str> = list.split(',').collect();
    if items.len() >= 2 && items.iter().all(|i| i.contains('=')) {
        items.sort_unstable();
        return format!("{flag}{}", items.join(","));
    }
    w
}

/// The loose form of an answer: lower case, surrounding punctuation and quotes removed from
/// each word, `--flag value` written `--flag=value`, articles and filler words dropped, white
/// space collapsed (see [`canonical_word`] for the rest).
pub fn loose(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(tidy_word)
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let meaningful: Vec<&String> = words
        .iter()
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect();
    let kept: Vec<&String> = if meaningful.is_empty() {
        words.iter().collect()
    } else {
        meaningful
    };
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < kept.len() {
        let word = kept[i];
        if word.starts_with("--")
            && !word.contains('=')
            && let Some(value) = kept.get(i + 1)
            && !value.starts_with(['-', '='])
        {
            out.push(canonical_word(&format!("{word}={value}")));
            i += 2;
            continue;
        }
        out.push(canonical_word(word));
        i += 1;
    }
    out.join(" ")
        .replace(" = ", "=")
        .replace("= ", "=")
        .replace(" =", "=")
}

fn lone_number(text: &str) -> Option<&str> {
    (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit())).then_some(text)
}

/// The one number an answer gives, if it gives one (perhaps several times, as in `uid=65532`,
/// `8080/tcp` or `65532:65532`) and holds no blocker. Digits inside a word (`debian13`) are
/// not a number of the answer.
fn only_number_of(text: &str) -> Option<&str> {
    if has_blocker(text) {
        return None;
    }
    let mut numbers: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        let mut start = None;
        for (i, c) in word
            .char_indices()
            .chain(std::iter::once((word.len(), ' ')))
        {
            match (start, c.is_ascii_digit()) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                    if bounded(word[..s].chars().last()) && bounded(word[i..].chars().next()) {
                        numbers.push(&word[s..i]);
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    let first = *numbers.first()?;
    numbers.iter().all(|n| *n == first).then_some(first)
}

/// Whether two one-word answers are paths to the same place once resolved against the
/// working folder (`./app.py` and `/app/app.py` under `WORKDIR /app`, `var/lib/mysql` and
/// `/var/lib/mysql` with none). A trailing `/` must agree: it makes a destination a folder.
fn same_path(a: &str, t: &str, workdir: &str) -> bool {
    let path_like = |s: &str| {
        !s.contains(char::is_whitespace)
            && !s.starts_with('-')
            && (s.contains('/')
                || s.rsplit_once('.').is_some_and(|(stem, ext)| {
                    !stem.is_empty() && !ext.is_empty() && ext.chars().all(char::is_alphabetic)
                }))
    };
    path_like(a)
        && path_like(t)
        && a.ends_with('/') == t.ends_with('/')
        && resolve(workdir, a) == resolve(workdir, t)
}

/// Whether a typed answer has the accepted one's words with at most one slip in each long
/// plain word (see [`one_slip_apart`]).
fn one_slip_each(accepted: &str, typed: &str) -> bool {
    let a: Vec<&str> = accepted.split_whitespace().collect();
    let t: Vec<&str> = typed.split_whitespace().collect();
    a.len() == t.len()
        && a.iter()
            .zip(&t)
            .all(|(x, y)| x == y || one_slip_apart(x, y))
}

/// Whether a plain accepted entry names a placeholder such as `<image>`, which stands for one
/// or more words of the answer.
fn has_placeholder(accepted: &str) -> bool {
    accepted.split_whitespace().any(|w| {
        let value = w.rsplit_once('=').map_or(w, |(_, v)| v);
        is_placeholder(value)
    })
}

fn is_placeholder(word: &str) -> bool {
    word.len() > 2 && word.starts_with('<') && word.ends_with('>')
}

/// One element of an accepted-answer pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    /// A word that must be there.
    Word(String),
    /// One of several runs of words (a run may be empty, which makes the group optional).
    OneOf(Vec<Vec<String>>),
    /// Any run of words, possibly none.
    Any,
    /// A placeholder such as `<image>`: one or more words.
    Some,
}

/// Reads a pattern: words, `(a|b c|)` groups of alternatives, `*` for any words.
fn pattern_elements(pattern: &str) -> Vec<Element> {
    let mut elements = Vec::new();
    let mut rest = pattern.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('(') {
            let end = inner.find(')').unwrap_or(inner.len());
            let options = inner[..end].split('|').map(loose_words).collect();
            elements.push(Element::OneOf(options));
            rest = inner.get(end + 1..).unwrap_or("").trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '(')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        if word == "*" {
            elements.push(Element::Any);
        } else if is_placeholder(word) {
            elements.push(Element::Some);
        } else {
            elements.extend(loose_words(word).into_iter().map(Element::Word));
        }
        rest = rest[end..].trim_start();
    }
    elements
}

/// The words of a text in loose form, filler words kept (a pattern says what it wants).
fn loose_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split_whitespace()
        .map(|w| tidy_word(w).to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether the typed text matches a pattern, word by word (see [`pattern_elements`]).
pub fn pattern_matches(pattern: &str, text: &str) -> bool {
    let elements = pattern_elements(pattern);
    let mut words = loose_words(text);
    // `--flag value` and `--flag=value` are the same answer in patterns too.
    words = words
        .into_iter()
        .flat_map(|w| match w.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") && !value.is_empty() => {
                vec![flag.to_owned(), value.to_owned()]
            }
            _ => vec![w],
        })
        .collect();
    let expanded: Vec<Element> = elements
        .into_iter()
        .flat_map(|e| match e {
            Element::Word(w) => match w.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") && !value.is_empty() => vec![
                    Element::Word(flag.to_owned()),
                    if is_placeholder(value) {
                        Element::Some
                    } else {
                        Element::Word(value.to_owned())
                    },
                ],
                _ => vec![Element::Word(w)],
            },
            other => vec![other],
        })
        .collect();
    match_from(&expanded, &words)
}

fn match_from(elements: &[Element], words: &[String]) -> bool {
    let Some((first, rest)) = elements.split_first() else {
        return words.is_empty();
    };
    match first {
        Element::Word(w) => {
            words.first().is_some_and(|word| word_matches(w, word)) && match_from(rest, &words[1..])
        }
        // What `*` or a placeholder stands for never turns the answer around.
        Element::Any | Element::Some => {
            let least = usize::from(*first == Element::Some);
            let most = words
                .iter()
                .position(|w| BLOCKERS.contains(&w.as_str()))
                .unwrap_or(words.len());
            (least..=most).any(|n| match_from(rest, &words[n..]))
        }
        Element::OneOf(options) => options.iter().any(|option| {
            words.len() >= option.len()
                && words[..option.len()] == option[..]
                && match_from(rest, &words[option.len()..])
        }),
    }
}

/// Whether a pattern word matches a typed word: equal, where each `#` of the pattern stands
/// for a non-zero whole number (`#:#` matches `10001:10001` but not `0:0`).
fn word_matches(pattern: &str, word: &str) -> bool {
    let Some((head, tail)) = pattern.split_once('#') else {
        return pattern == word;
    };
    let Some(rest) = word.strip_prefix(head) else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let number = &rest[..digits];
    (1..=digits).any(|n| {
        let candidate = &number[..n];
        !candidate.chars().all(|c| c == '0') && word_matches(tail, &rest[n..])
    })
}

/// An answer read as Dockerfile syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Meaning {
    /// A JSON list, as in exec form.
    List(Vec<String>),
    /// One instruction.
    Instruction {
        keyword: Keyword,
        flags: Vec<(String, Option<String>)>,
        args: Args,
        detail: Detail,
    },
}

/// Reads an answer as an exec-form list or as one instruction, with the analyzer's parser.
fn meaning(text: &str) -> Option<Meaning> {
    let text = text.trim().trim_matches('`').trim();
    // A stage first, so that the parser judges the answer and not its place in a file.
    let read = |line: String| {
        let parsed = parse(&format!("FROM scratch\n{line}\n"));
        let clean = !parsed.has_errors();
        (parsed, clean)
    };
    if text.starts_with('[') {
        let (parsed, clean) = read(format!("CMD {text}"));
        return match parsed.instructions.as_slice() {
            [_, one] if clean => match &one.args {
                Args::Exec(items) => Some(Meaning::List(items.clone())),
                Args::Shell(_) => None,
            },
            _ => None,
        };
    }
    let first = text.split_whitespace().next()?;
    if Keyword::from_word(first) == Keyword::Unknown {
        return None;
    }
    let (parsed, clean) = read(text.to_owned());
    match parsed.instructions.as_slice() {
        [_, one] if clean => {
            let mut flags: Vec<(String, Option<String>)> = one
                .flags
                .iter()
                .map(|f| (f.name.to_lowercase(), f.value.clone()))
                .collect();
            flags.sort();
            Some(Meaning::Instruction {
                keyword: one.keyword,
                flags,
                args: one.args.clone(),
                detail: one.detail.clone(),
            })
        }
        _ => None,
    }
}

/// Whether two exec-form items name the same thing: equal, or the same path once resolved
/// against the working folder (items with a `/` or a file extension are paths).
fn same_item(a: &str, b: &str, workdir: &str) -> bool {
    let is_path = |s: &str| {
        s.contains('/')
            || s.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && ext.chars().all(|c| c.is_ascii_alphanumeric())
                    && !ext.is_empty()
            })
    };
    a == b || (is_path(a) && is_path(b) && resolve(workdir, a) == resolve(workdir, b))
}

fn same_list(a: &[String], b: &[String], workdir: &str) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_item(x, y, workdir))
}

fn same_meaning(a: &Meaning, b: &Meaning, context: &Context) -> bool {
    let workdir = context.workdir.as_deref().unwrap_or("/");
    let list_of = |m: &Meaning| -> Option<Vec<String>> {
        match m {
            Meaning::List(items) => Some(items.clone()),
            Meaning::Instruction {
                keyword: Keyword::Cmd | Keyword::Entrypoint,
                flags,
                args: Args::Exec(items),
                ..
            } if flags.is_empty() => Some(items.clone()),
            _ => None,
        }
    };
    match (a, b) {
        (
            Meaning::Instruction {
                keyword: ka,
                flags: fa,
                args: aa,
                detail: da,
            },
            Meaning::Instruction {
                keyword: kb,
                flags: fb,
                args: ab,
                detail: db,
            },
        ) => {
            if ka != kb || fa != fb {
                return false;
            }
            match (da, db) {
                (
                    Detail::Copy {
                        sources: sa,
                        destination: xa,
                    },
                    Detail::Copy {
                        sources: sb,
                        destination: xb,
                    },
                ) => {
                    sa == sb
                        && (xa == xb
                            || (resolve(workdir, xa) == resolve(workdir, xb)
                                && xa.ends_with('/') == xb.ends_with('/')))
                }
                _ => match (aa, ab) {
                    (Args::Exec(x), Args::Exec(y)) => same_list(x, y, workdir),
                    (Args::Shell(x), Args::Shell(y)) => {
                        x.split_whitespace().eq(y.split_whitespace())
                    }
                    _ => false,
                },
            }
        }
        _ => match (list_of(a), list_of(b)) {
            (Some(x), Some(y)) => same_list(&x, &y, workdir),
            _ => false,
        },
    }
}

/// The right answer, in words, for the feedback after a wrong one.
pub fn right_answer(kind: &QuestionKind) -> String {
    use QuestionKind as K;
    match kind {
        K::Single { choices, answer } => choices.get(*answer).cloned().unwrap_or_default(),
        K::Multiple { choices, answers } => answers
            .iter()
            .filter_map(|&i| choices.get(i).cloned())
            .collect::<Vec<_>>()
            .join("; "),
        K::TrueFalse { correct } => if *correct { "True" } else { "False" }.into(),
        K::Short { accepted } => first_plain(accepted),
        K::Order { items } => items.join(" → "),
        K::SpotBug { line } => format!("line {line}"),
        K::FillBlank { blanks } => blanks
            .iter()
            .map(|b| first_plain(b))
            .collect::<Vec<_>>()
            .join("; "),
        K::Flashcard { model_answer } => model_answer.clone(),
        K::Lab(_) => "every goal of the lab passes".into(),
    }
}

/// The first accepted answer that is not a pattern (what to show as "the" answer).
fn first_plain(accepted: &[String]) -> String {
    accepted
        .iter()
        .find(|a| !a.trim_start().starts_with('~'))
        .or(accepted.first())
        .cloned()
        .unwrap_or_default()
}

/// A run of characters of a typed-answer comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The characters.
    pub text: String,
    /// Whether they are in both answers (otherwise they are extra in the typed answer, or
    /// missing from it in the expected one).
    pub same: bool,
}

/// The typed answer against the expected one, each split into runs that agree or differ
/// (Anki's typed-answer comparison), compared without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerDiff {
    /// What was typed: runs that are wrong have `same: false`.
    pub typed: Vec<Segment>,
    /// The expected answer: runs the typed answer lacks have `same: false`.
    pub expected: Vec<Segment>,
}

/// The longest answer compared character by character; longer ones are cut.
const DIFF_LIMIT: usize = 400;

/// Compares `typed` with `expected` character by character (a longest common subsequence,
/// ignoring case) and marks what differs on each side.
pub fn answer_diff(typed: &str, expected: &str) -> AnswerDiff {
    let a: Vec<char> = typed.trim().chars().take(DIFF_LIMIT).collect();
    let b: Vec<char> = expected.trim().chars().take(DIFF_LIMIT).collect();
    let eq = |x: char, y: char| x.to_lowercase().eq(y.to_lowercase());
    let mut lengths = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i][j] = if eq(a[i], b[j]) {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let mut in_a = vec![false; a.len()];
    let mut in_b = vec![false; b.len()];
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if eq(a[i], b[j]) {
            in_a[i] = true;
            in_b[j] = true;
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    AnswerDiff {
        typed: segments(&a, &in_a),
        expected: segments(&b, &in_b),
    }
}

fn segments(chars: &[char], same: &[bool]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (&c, &s) in chars.iter().zip(same) {
        match out.last_mut() {
            Some(last) if last.same == s => last.text.push(c),
            _ => out.push(Segment {
                text: c.to_string(),
                same: s,
            }),
        }
    }
    out
}

/// The accepted answer closest to what was typed (the one to compare it with), ignoring
/// patterns unless every accepted entry is one.
pub fn closest_accepted<'a>(accepted: &'a [String], typed: &str) -> Option<&'a str> {
    let plain: Vec<&String> = accepted
        .iter()
        .filter(|a| !a.trim_start().starts_with('~'))
        .collect();
    let pool = if plain.is_empty() {
        accepted.iter().collect()
    } else {
        plain
    };
    pool.into_iter()
        .max_by_key(|a| {
            let diff = answer_diff(typed, a);
            let common: usize = diff
                .expected
                .iter()
                .filter(|s| s.same)
                .map(|s| s.text.chars().count())
                .sum();
            // More in common first; then the shorter answer.
            (common, usize::MAX - a.chars().count())
        })
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn single_and_multiple() {
        let single = QuestionKind::Single {
            choices: s(&["a", "b"]),
            answer: 1,
        };
        assert_eq!(grade(&single, &Response::Choice(1)), Verdict::Correct);
        assert_eq!(grade(&single, &Response::Choice(0)), Verdict::Incorrect);
        let multiple = QuestionKind::Multiple {
            choices: s(&["a", "b", "c"]),
            answers: vec![0, 2],
        };
        assert_eq!(
            grade(&multiple, &Response::Choices(vec![2, 0])),
            Verdict::Correct
        );
        assert_eq!(
            grade(&multiple, &Response::Choices(vec![0])),
            Verdict::Incorrect
        );
        assert_eq!(
            grade(&multiple, &Response::Choices(vec![0, 1, 2])),
            Verdict::Incorrect
        );
    }

    #[test]
    fn typed_answers_are_normalised_and_never_empty() {
        let short = QuestionKind::Short {
            accepted: s(&["65532"]),
        };
        assert_eq!(
            grade(&short, &Response::Text(" `65532` ".into())),
            Verdict::Correct
        );
        let any = QuestionKind::Short { accepted: s(&[""]) };
        assert_eq!(grade(&any, &Response::Text("".into())), Verdict::Incorrect);
        let blanks = QuestionKind::FillBlank {
            blanks: vec![s(&["--from=build", "--from=0"]), s(&["USER"])],
        };
        assert_eq!(
            grade(&blanks, &Response::Blanks(s(&["--FROM=0", "user"]))),
            Verdict::Correct
        );
        assert_eq!(
            grade(&blanks, &Response::Blanks(s(&["--from=0"]))),
            Verdict::Incorrect
        );
    }

    #[test]
    fn order_spot_bug_and_flashcards() {
        let order = QuestionKind::Order {
            items: s(&["a", "b", "c"]),
        };
        assert_eq!(
            grade(&order, &Response::Order(vec![0, 1, 2])),
            Verdict::Correct
        );
        assert_eq!(
            grade(&order, &Response::Order(vec![1, 0, 2])),
            Verdict::Incorrect
        );
        assert_eq!(
            grade(&QuestionKind::SpotBug { line: 3 }, &Response::Line(3)),
            Verdict::Correct
        );
        let card = QuestionKind::Flashcard {
            model_answer: "x".into(),
        };
        assert_eq!(grade(&card, &Response::SelfGraded), Verdict::SelfGraded);
        assert_eq!(grade(&card, &Response::Truth(true)), Verdict::Incorrect);
    }

    #[test]
    fn independent_items_may_swap_within_their_group_only() {
        let groups = vec![vec![1, 2]];
        assert!(order_is_right(4, &[0, 1, 2, 3], &groups));
        assert!(order_is_right(4, &[0, 2, 1, 3], &groups));
        assert!(!order_is_right(4, &[1, 0, 2, 3], &groups));
        assert!(!order_is_right(4, &[0, 2, 2, 3], &groups));
        assert!(!order_is_right(4, &[0, 2, 1], &groups));
        let apart = vec![vec![0, 3]];
        assert!(order_is_right(4, &[3, 1, 2, 0], &apart));
    }

    #[test]
    fn loose_forms() {
        assert_eq!(loose("The `--target` flag."), "--target");
        assert_eq!(loose("--target test"), "--target=test");
        assert_eq!(loose("type = secret"), "type=secret");
        assert_eq!(loose("a layer"), "layer");
        assert_eq!(loose("the"), "the");
    }

    #[test]
    fn patterns_match_words() {
        assert!(pattern_matches("(cache|) (miss|missed|misses)", "missed"));
        assert!(!pattern_matches("(cache|) (miss|missed|misses)", "hit"));
        assert!(pattern_matches("--target *", "--target=test"));
        assert!(pattern_matches(
            "(the|) --target (flag|option|)",
            "the --target option"
        ));
        assert!(!pattern_matches("--target", "--targets"));
        assert!(pattern_matches("* 0 *", "the first stage is 0"));
        assert!(pattern_matches("#:#", "10001:10001") && pattern_matches("#", "1000"));
        assert!(
            !pattern_matches("#:#", "0:0")
                && !pattern_matches("#", "0")
                && !pattern_matches("#", "app")
        );
    }

    #[test]
    fn instructions_are_compared_by_meaning() {
        let context = Context {
            workdir: Some("/app".into()),
            ..Context::default()
        };
        let yes = |a: &str, t: &str| accepts(&s(&[a]), t, &context, None);
        assert!(yes("[\"/app/orders.jar\"]", "[\"./orders.jar\"]"));
        assert!(yes("[\"/app/orders.jar\"]", "CMD [ \"orders.jar\" ]"));
        assert!(yes(
            "COPY --from=build --chown=65532 /out/app /app",
            "copy --chown=65532 --from=build /out/app /app"
        ));
        assert!(yes(
            "COPY --from=build /out/app ./",
            "COPY --from=build /out/app /app/"
        ));
        assert!(!yes(
            "[\"/app/orders.jar\"]",
            "[\"java\", \"-jar\", \"orders.jar\"]"
        ));
        assert!(!yes("[\"app\"]", "[\"/app/app\"]"));
        assert!(!yes(
            "COPY --from=build /out/app /app",
            "COPY /out/app /app"
        ));
    }

    #[test]
    fn negations_never_pass_through_a_pattern_or_a_reading() {
        let context = Context::default();
        let yes = |a: &[&str], t: &str| accepts(&s(a), t, &context, None);
        let target = ["--target", "~ (the|) --target *"];
        assert!(yes(&target, "--target test") && yes(&target, "the --target flag"));
        assert!(!yes(&target, "--target is wrong here"));
        assert!(!yes(&target, "--target? no, --file"));
        assert!(!yes(&target, "do not use --target"));
        assert!(yes(&["args"], "the args field") && !yes(&["args"], "not the args field"));
        assert!(!yes(&["args"], "command, not args") && !yes(&["args"], "args or command"));
        assert!(!yes(&["65532"], "not 65532") && !yes(&["65532"], "65532 or 0"));
        assert!(yes(
            &["not_affected", "not affected"],
            "status: not affected"
        ));
    }

    #[test]
    fn dressed_answers_are_read_without_their_dressing() {
        let context = Context::default();
        let yes = |a: &str, t: &str| accepts(&s(&[a]), t, &context, None);
        assert!(yes("debug-nonroot", "the `debug-nonroot` tag"));
        assert!(yes("--read-only", "docker run --read-only"));
        assert!(yes("db", "the service name, db") && yes("db", "db (port 3306)"));
        assert!(yes("/bin/sh", "/bin/sh (the shell)"));
        assert!(yes("CGO_ENABLED=0", "set CGO_ENABLED to 0"));
        assert!(!yes("CGO_ENABLED=0", "set CGO_ENABLED to 1"));
        assert!(yes("65532", "uid=65532") && yes("8080", "8080/tcp"));
        assert!(!yes("8080", "8080:80") && !yes("13", "debian13"));
        assert!(yes("containers.args", "containers[].args"));
        assert!(yes("dhi.io", "https://dhi.io"));
        assert!(yes("--secret id=a,src=b", "--secret src=b,id=a"));
        assert!(yes("--from=assets", "--from = assets"));
        assert!(!yes("db", "mysql db") && !yes("db", "localhost, db"));
    }

    #[test]
    fn placeholders_stand_for_words_and_slips_are_forgiven_in_short_answers() {
        let context = Context::default();
        let inspect = s(&["docker manifest inspect <image>"]);
        assert!(accepts(
            &inspect,
            "docker manifest inspect nginx:1.30",
            &context,
            None
        ));
        assert!(accepts(
            &inspect,
            "docker manifest inspect --verbose api",
            &context,
            None
        ));
        assert!(!accepts(
            &inspect,
            "docker manifest inspect",
            &context,
            None
        ));
        assert!(!accepts(
            &inspect,
            "docker manifest inspect is not it",
            &context,
            None
        ));
        let word = s(&["invalidated"]);
        assert!(accepts(&word, "invalidatd", &context, None));
        let blank = Context {
            blank_prefixes: vec![String::new()],
            blank_suffixes: vec![String::new()],
            ..Context::default()
        };
        assert!(!accepts(&word, "invalidatd", &blank, Some(0)));
        assert!(!accepts(&s(&["timetzdat"]), "timetzdata", &blank, Some(0)));
    }

    #[test]
    fn paths_resolve_against_the_working_folder_and_keep_their_dots() {
        let app = Context {
            workdir: Some("/app".into()),
            ..Context::default()
        };
        let yes = |a: &str, t: &str, c: &Context| accepts(&s(&[a]), t, c, None);
        assert!(yes("app.py", "./app.py", &app) && yes("app.py", "/app/app.py", &app));
        assert!(!yes("app.py", "/app.py", &app));
        let root = Context::default();
        assert!(yes("/var/lib/mysql", "var/lib/mysql", &root));
        assert!(!yes("/var/lib/mysql/", "/var/lib/mysql", &root));
        assert!(!yes("go.mod go.sum", "go.mod go.sum .", &root));
        assert_eq!(loose("./app.py"), "./app.py");
        assert_eq!(loose("Invalidated."), "invalidated");
        assert_eq!(loose("/etc/ssl/certs/."), "/etc/ssl/certs/.");
    }

    #[test]
    fn a_stage_starts_without_the_previous_stage_workdir() {
        // The build stage has `WORKDIR /app`; the blank is in the nginx stage, which has none.
        let content = crate::content::ContentSet::embedded();
        let question = content.question("tier-fill-nginx-html").expect("question");
        let context = Context::of(question);
        assert_eq!(context.workdir, None);
        assert_eq!(context.blank_suffixes, [""]);
        let blanks = |t: &str| Response::Blanks(vec![t.to_owned()]);
        assert_eq!(
            grade_question(question, &blanks("usr/share/nginx/html")),
            Verdict::Correct
        );
        assert_eq!(
            grade_question(question, &blanks("/app/usr/share/nginx/html")),
            Verdict::Incorrect
        );
    }

    #[test]
    fn a_repeated_blank_suffix_is_allowed() {
        let context = Context {
            blank_prefixes: vec!["RUN ".into()],
            blank_suffixes: vec!["=0 go build -o /out/app .".into()],
            ..Context::default()
        };
        let ok = |t: &str| accepts(&s(&["CGO_ENABLED"]), t, &context, Some(0));
        assert!(ok("CGO_ENABLED") && ok("CGO_ENABLED=0") && ok("RUN CGO_ENABLED=0"));
        assert!(!ok("CGO_ENABLED=1") && !ok("=0"));
    }

    #[test]
    fn a_repeated_blank_prefix_is_allowed() {
        let context = Context {
            blank_prefixes: vec!["RUN --mount=type=".into()],
            blank_suffixes: vec![",id=npmrc npm ci".into()],
            ..Context::default()
        };
        let ok = |t: &str| accepts(&s(&["secret"]), t, &context, Some(0));
        assert!(ok("secret") && ok("type=secret") && ok("type = secret"));
        assert!(!ok("type=cache") && !ok("type="));
    }

    #[test]
    fn the_diff_marks_what_differs() {
        let diff = answer_diff("--targt test", "--target test");
        assert_eq!(
            diff.expected,
            vec![
                Segment {
                    text: "--targ".into(),
                    same: true
                },
                Segment {
                    text: "e".into(),
                    same: false
                },
                Segment {
                    text: "t test".into(),
                    same: true
                },
            ]
        );
        assert!(diff.typed.iter().all(|s| s.same));
        let diff = answer_diff("ENV", "ARG");
        assert!(diff.typed.iter().all(|s| !s.same) || diff.typed.len() > 1);
        assert_eq!(
            closest_accepted(&s(&["rebuilt", "invalidated"]), "invalidatd"),
            Some("invalidated")
        );
    }
}
