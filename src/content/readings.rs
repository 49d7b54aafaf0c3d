//! Other readings of a typed answer: the same answer without the words that only dress it.
//!
//! Learners wrap a short answer in words that name what it is ("the `debug-nonroot` tag",
//! "at /var/lib/mysql", "`docker run --read-only`"), add an aside in parentheses or after a
//! comma ("db (port 3306)", "the service name, db"), or write "set X to 0" for `X=0`. The
//! grader compares each reading of this module with the accepted answers, as it compares the
//! answer itself.
//!
//! A reading never drops a word that turns an answer around: when anything dropped holds a
//! negation, a contrast or an alternative ("not", "without", "instead", "but", "or"...), the
//! answer has no other reading, so "not the args field" and "command, not args" stay wrong.

/// Words that turn an answer around, or offer another answer beside it.
pub const BLOCKERS: &[&str] = &[
    "not",
    "no",
    "never",
    "none",
    "nothing",
    "neither",
    "nor",
    "without",
    "cannot",
    "can't",
    "cant",
    "don't",
    "dont",
    "doesn't",
    "doesnt",
    "didn't",
    "didnt",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "wasn't",
    "wasnt",
    "won't",
    "wont",
    "shouldn't",
    "shouldnt",
    "instead",
    "rather",
    "but",
    "except",
    "or",
    "either",
    "unlike",
    "versus",
    "vs",
    "wrong",
    "incorrect",
    "false",
    "avoid",
    "remove",
    "removed",
    "drop",
    "dropped",
    "disable",
    "disabled",
    "off",
    "skip",
    "unset",
];

/// Words that only say what kind of thing the answer is, or carry no meaning, dropped from
/// the ends of an answer: "the `timetzdata` tag", "at /run/secrets/npmrc", "`args` field".
const DRESSING: &[&str] = &[
    // Function words.
    "the",
    "a",
    "an",
    "at",
    "in",
    "on",
    "under",
    "inside",
    "of",
    "it",
    "its",
    "it's",
    "is",
    "are",
    "be",
    "i",
    "you",
    "we",
    "would",
    "use",
    "using",
    "add",
    "set",
    "pass",
    "type",
    "called",
    "named",
    "each",
    "every",
    "all",
    "too",
    "also",
    "as",
    "well",
    "just",
    "answer",
    "here",
    // What a thing is.
    "tag",
    "image",
    "img",
    "flag",
    "option",
    "field",
    "key",
    "setting",
    "registry",
    "host",
    "hostname",
    "directory",
    "dir",
    "folder",
    "path",
    "file",
    "kernel",
    "feature",
    "mechanism",
    "module",
    "builder",
    "backend",
    "command",
    "instruction",
    "keyword",
    "variable",
    "var",
    "environment",
    "value",
    "name",
    "service",
    "port",
    "status",
    "condition",
    "user",
    "uid",
    "id",
    "number",
    "stage",
    "argument",
    "parameter",
    "program",
    "process",
    "binary",
    "docker",
    "container",
    "ctr",
];

/// Separators between the clauses of an answer ("the service name, db").
const CLAUSE_SEPARATORS: &[&str] = &[", ", "; ", ": ", " - ", " — ", " – "];

/// The words of a text, lower-cased, with surrounding punctuation and quotes removed.
fn plain_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| {
                matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '`' | '(' | ')'
                ) || "“”‘’".contains(c)
            })
            .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a text holds a word that turns an answer around (see [`BLOCKERS`]).
pub fn has_blocker(text: &str) -> bool {
    plain_words(text)
        .iter()
        .any(|w| BLOCKERS.contains(&w.replace('’', "'").as_str()))
}

fn is_dressing(word: &str) -> bool {
    DRESSING.contains(&word)
}

/// Whether every word of a text only dresses an answer (or it has none).
fn all_dressing(text: &str) -> bool {
    plain_words(text).iter().all(|w| is_dressing(w))
}

/// Whether a text looks like Dockerfile syntax or a JSON list, which readings leave alone.
fn is_syntax(text: &str) -> bool {
    text.contains(['[', ']', '{', '}', '"'])
}

/// The answer with its asides in parentheses removed: "db (port 3306)" reads "db". An aside
/// that holds a blocker ("sh (not node)") is kept, and so the answer has no such reading.
fn without_asides(text: &str) -> Option<String> {
    if is_syntax(text) {
        return None;
    }
    let mut out = String::new();
    let mut rest = text;
    let mut removed = false;
    while let Some(open) = rest.find('(') {
        let starts_aside = open == 0 || rest[..open].ends_with(char::is_whitespace);
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let aside = &rest[open + 1..close];
        if !starts_aside || has_blocker(aside) {
            return None;
        }
        out.push_str(&rest[..open]);
        rest = &rest[close + 1..];
        removed = true;
    }
    out.push_str(rest);
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (removed && !out.is_empty()).then_some(out)
}

/// The answer without the dressing words at its ends: "the `args` field" reads "`args`".
fn without_dressing(text: &str) -> Option<String> {
    if is_syntax(text) {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let plain = |w: &str| plain_words(w).first().cloned().unwrap_or_default();
    let first = words.iter().position(|w| !is_dressing(&plain(w)))?;
    let last = words.iter().rposition(|w| !is_dressing(&plain(w)))?;
    if first == 0 && last + 1 == words.len() {
        return None;
    }
    Some(words[first..=last].join(" "))
}

/// The answer without a leading `docker run`, `docker build` or `docker buildx build` before
/// a flag: "docker run --read-only" reads "--read-only".
fn without_docker_command(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let skip = match lower
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["docker", "buildx", "build", ..] => 3,
        ["docker", "run" | "build" | "create", ..] => 2,
        _ => return None,
    };
    words
        .get(skip)
        .filter(|w| w.starts_with('-'))
        .map(|_| words[skip..].join(" "))
}

/// "set X to V" (or "X set to V") read as `X=V`.
fn set_to(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    match lower
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["set", _, "to", _] => Some(format!("{}={}", words[1], words[3])),
        [_, "set", "to", _] => Some(format!("{}={}", words[0], words[3])),
        _ => None,
    }
}

/// Other readings of an answer, each the answer with words that only dress it dropped, in
/// the order they are tried; none when the answer is Dockerfile syntax.
pub fn readings(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |reading: String, out: &mut Vec<String>| {
        if reading != text && !out.contains(&reading) {
            out.push(reading);
        }
    };
    let asides = without_asides(text).unwrap_or_else(|| text.to_owned());
    push(asides.clone(), &mut out);
    let flags = without_docker_command(&asides).unwrap_or_else(|| asides.clone());
    push(flags.clone(), &mut out);
    if let Some(bare) = without_dressing(&flags) {
        push(bare, &mut out);
    }
    if let Some(assignment) = set_to(&asides) {
        push(assignment, &mut out);
    }
    out
}

/// The clauses of an answer that say something, when it has two or more clauses and the
/// others only dress it: "the service name, db" gives `["db"]`, "a shell: /bin/sh" gives
/// `["a shell", "/bin/sh"]`. None when a clause holds a blocker, when the answer is
/// Dockerfile syntax, or when it has one clause.
pub fn clauses(text: &str) -> Option<Vec<String>> {
    if is_syntax(text) || has_blocker(text) {
        return None;
    }
    let mut parts = vec![text.trim().to_owned()];
    for separator in CLAUSE_SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(separator).map(str::to_owned).collect::<Vec<_>>())
            .collect();
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let saying: Vec<String> = parts.into_iter().filter(|p| !all_dressing(p)).collect();
    (!saying.is_empty()).then_some(saying)
}

/// Whether two words are one typing slip apart: one letter left out, added, changed, or two
/// neighbours swapped. Only words of six letters or more, letters only, count: a slip in a
/// flag, a tag, a path or a number changes what it names.
pub fn one_slip_apart(expected: &str, typed: &str) -> bool {
    let a: Vec<char> = expected.chars().collect();
    let b: Vec<char> = typed.chars().collect();
    let letters = |w: &[char]| w.iter().all(|c| c.is_alphabetic());
    if a.len() < 6 || !letters(&a) || !letters(&b) || a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (left_a, left_b) = (a.len() - head - tail, b.len() - head - tail);
    match (left_a, left_b) {
        (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => a[head] == b[head + 1] && a[head + 1] == b[head],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dressing_words_at_the_ends_are_dropped() {
        assert!(readings("the `timetzdata` tag").contains(&"`timetzdata`".to_owned()));
        assert!(readings("at /var/lib/mysql").contains(&"/var/lib/mysql".to_owned()));
        assert!(readings("docker run --read-only").contains(&"--read-only".to_owned()));
        assert!(readings("db (port 3306)").contains(&"db".to_owned()));
        assert!(readings("set CGO_ENABLED to 0").contains(&"CGO_ENABLED=0".to_owned()));
        // A word that says something stays.
        assert!(readings("mysql db").is_empty());
    }

    #[test]
    fn nothing_that_turns_the_answer_around_is_dropped() {
        assert_eq!(without_asides("sh (not node)"), None);
        assert!(readings("not the args field").iter().all(|r| r != "args"));
        assert_eq!(clauses("command, not args"), None);
        assert_eq!(clauses("args or command"), None);
        assert_eq!(clauses("the service name, db"), Some(vec!["db".to_owned()]));
        assert_eq!(
            clauses("a shell: /bin/sh"),
            Some(vec!["a shell".to_owned(), "/bin/sh".to_owned()])
        );
        assert!(has_blocker("it doesn't use --target") && !has_blocker("not_affected"));
    }

    #[test]
    fn syntax_is_left_alone() {
        assert!(readings("[\"java\", \"-jar\", \"app.jar\"]").is_empty());
        assert_eq!(clauses("[\"a\", \"b\"]"), None);
    }

    #[test]
    fn slips_in_long_plain_words_only() {
        assert!(one_slip_apart("invalidated", "invalidatd"));
        assert!(one_slip_apart("buildkit", "buildkti"));
        assert!(one_slip_apart("rebuilt", "rebiult"));
        assert!(!one_slip_apart("invalidated", "validated"));
        assert!(!one_slip_apart("shell", "shel"));
        assert!(!one_slip_apart("service_healthy", "service_heathy"));
        assert!(!one_slip_apart("buildkit", "buildkit"));
    }
}
