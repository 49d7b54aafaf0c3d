//! Key-point hints: which authored key points a typed answer already mentions.
//!
//! A hint, never a verdict: the learner ticks the points they covered. Matching works on
//! meaning-bearing words: text is lower-cased and split into words, stop words are dropped,
//! words are reduced by a light stemmer ("smaller" and "small", "patches" and "patch"), and a
//! few built-in synonym groups ("tiny" and "small", "intruder" and "attacker") map to one word.
//! A point is mentioned when every meaning word of one of its wordings (all but one when the
//! wording has four or more) appears in the answer **with the same polarity**: a word after
//! "not", "no", "without", "n't" or a removing verb ("remove", "drop", "strip", "lack") up to
//! the end of its clause is negated, and two negations cancel. So "there is no shell" and "it
//! removes the shell" mention "no shell for an attacker", while "it does not remove the shell"
//! and "it is no smaller" mention neither that point nor "smaller image".

use super::interview::KeyPoint;

/// Words that carry no meaning of their own for matching.
const STOP_WORDS: &[&str] = &[
    "a", "about", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been", "being",
    "both", "by", "can", "could", "did", "do", "does", "doing", "each", "for", "from", "get",
    "gets", "got", "had", "has", "have", "having", "he", "her", "here", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "let", "lets", "me", "might", "more",
    "most", "much", "must", "my", "of", "on", "one", "only", "or", "other", "our", "ours", "out",
    "over", "really", "same", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "thing", "things", "this", "those",
    "through", "to", "too", "up", "us", "use", "used", "uses", "using", "very", "was", "we",
    "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would",
    "you", "your",
];

/// Words that negate what follows in their clause.
const NEGATORS: &[&str] = &[
    "not", "no", "never", "none", "nothing", "neither", "nor", "without", "cannot", "cant", "dont",
    "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "wouldnt", "shouldnt",
    "couldnt", "hasnt", "havent", "hadnt", "nobody", "nowhere",
];

/// Verbs that say something is taken away: "removes the shell" means "no shell".
const PRIVATIVES: &[&str] = &[
    "remove",
    "removes",
    "removed",
    "removing",
    "drop",
    "drops",
    "dropped",
    "dropping",
    "strip",
    "strips",
    "stripped",
    "stripping",
    "lack",
    "lacks",
    "lacking",
    "lacked",
    "eliminate",
    "eliminates",
    "eliminated",
    "omit",
    "omits",
    "omitted",
    "exclude",
    "excludes",
    "excluded",
    "minus",
    "free",
];

/// Words that end a negation's reach: "no shell *for* an attacker" negates only the shell.
const CLAUSE_WORDS: &[&str] = &[
    "but", "however", "although", "though", "yet", "whereas", "for", "to", "in", "on", "at",
    "with", "by", "from", "so", "that", "which", "and", "or", "because", "since", "as", "into",
    "while", "when",
];

/// Groups of words that mean the same here; the first word stands for the group.
const SYNONYMS: &[&[&str]] = &[
    &[
        "small",
        "tiny",
        "little",
        "lean",
        "slim",
        "minimal",
        "compact",
        "lightweight",
    ],
    &["fast", "quick", "speedy", "rapid"],
    &["copy", "put", "add", "include"],
    &["few", "less", "fewer", "reduced", "reduce", "lower"],
    &["attacker", "intruder", "hacker", "adversary", "exploit"],
    &["shell", "sh", "bash", "ash"],
    &["vulnerability", "cve", "vuln", "advisory", "finding"],
    &["package", "pkg", "library", "dependency", "dependencies"],
    &["pull", "download", "fetch"],
    &["size", "footprint", "megabyte", "mb", "mib", "gb"],
    &["root", "uid0", "superuser"],
    &["nonroot", "unprivileged"],
    &["patch", "update", "upgrade"],
    &["debug", "troubleshoot", "inspect"],
    &["cache", "cached", "caching", "reuse"],
    &["layer", "layers"],
    &["build", "compile", "builder"],
    &["run", "runtime", "execute", "start"],
    &["secret", "credential", "password", "token", "key"],
    &["surface", "exposure"],
    &["signal", "sigterm"],
    &["certificate", "cert", "ca"],
];

/// The meaning words of a text, stemmed and mapped to their synonym group.
pub fn meaning_words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.word).collect()
}

/// One meaning word of a text and whether it is negated where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    word: String,
    negated: bool,
}

/// Splits text into meaning words with their polarity.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut negations = 0usize;
    let lower = text
        .to_lowercase()
        .replace(['\u{2019}', '\''], "")
        .replace("non-", "non");
    let mut word = String::new();
    let flush = |word: &mut String, negations: &mut usize, out: &mut Vec<Token>| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word);
        if NEGATORS.contains(&w.as_str()) || PRIVATIVES.contains(&w.as_str()) {
            *negations += 1;
        } else if CLAUSE_WORDS.contains(&w.as_str()) {
            *negations = 0;
        } else if !STOP_WORDS.contains(&w.as_str()) {
            out.push(Token {
                word: canonical(&w),
                negated: *negations % 2 == 1,
            });
            *negations = 0;
        }
    };
    for c in lower.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut negations, &mut out);
            if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '(' | ')') {
                negations = 0;
            }
        }
    }
    flush(&mut word, &mut negations, &mut out);
    out
}

/// A word reduced by the stemmer and mapped to its synonym group's first word.
fn canonical(word: &str) -> String {
    let stemmed = stem(word);
    SYNONYMS
        .iter()
        .find(|group| group.iter().any(|g| stem(g) == stemmed))
        .map_or(stemmed, |group| stem(group[0]))
}

/// A light stemmer: plural endings, then one of -ing, -ed, -er, -est, -ly, then a final -e.
fn stem(word: &str) -> String {
    let mut w = word.to_owned();
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.len() > 4
        && w.ends_with("es")
        && ["s", "x", "z", "ch", "sh"]
            .iter()
            .any(|end| w[..w.len() - 2].ends_with(end))
    {
        w.truncate(w.len() - 2);
    } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.truncate(w.len() - 1);
    }
    for (suffix, min) in [("ing", 6), ("est", 6), ("ed", 5), ("er", 5), ("ly", 5)] {
        if w.len() >= min && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            let bytes = w.as_bytes();
            let n = bytes.len();
            if n >= 2 && bytes[n - 1] == bytes[n - 2] && !b"aeiouls".contains(&bytes[n - 1]) {
                w.pop();
            }
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// Whether the answer mentions one wording of a point.
fn mentions(answer: &[Token], wording: &str) -> bool {
    let wanted = tokens(wording);
    if wanted.is_empty() {
        return false;
    }
    let found = wanted.iter().filter(|w| answer.contains(w)).count();
    let needed = if wanted.len() >= 4 {
        wanted.len() - 1
    } else {
        wanted.len()
    };
    found >= needed
}

/// For each key point, whether the typed answer already mentions it (a hint for the learner).
pub fn mentioned_points(answer: &str, points: &[KeyPoint]) -> Vec<bool> {
    let answer = tokens(answer);
    points
        .iter()
        .map(|point| point.wordings().any(|w| mentions(&answer, w)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(text: &str, synonyms: &[&str]) -> KeyPoint {
        KeyPoint {
            text: text.to_owned(),
            synonyms: synonyms.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn hit(answer: &str, text: &str, synonyms: &[&str]) -> bool {
        mentioned_points(answer, &[point(text, synonyms)])[0]
    }

    #[test]
    fn paraphrases_match() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("The image gets much smaller.", "smaller image", &[]),
            ("You end up with a tiny image", "smaller image", &[]),
            (
                "there are fewer packages you need to patch",
                "fewer packages to patch",
                &[],
            ),
            (
                "Less packages, so less patching work.",
                "fewer packages to patch",
                &[],
            ),
            (
                "An intruder finds no shell to use.",
                "no shell for an attacker",
                &[],
            ),
            (
                "it removes the shell, so an attacker cannot pop one",
                "no shell for an attacker",
                &[],
            ),
            (
                "Without bash an attacker is stuck",
                "no shell for an attacker",
                &[],
            ),
            ("Pulls are quicker", "faster pulls", &[]),
            ("downloads are fast on every node", "faster pulls", &[]),
            (
                "It runs as uid 65532",
                "runs as a non-root user",
                &["uid 65532"],
            ),
            (
                "Runs as an unprivileged user.",
                "runs as a non-root user",
                &[],
            ),
            (
                "Put the CA certificates in the final stage",
                "copy CA certificates",
                &[],
            ),
            (
                "The binary was linked against glibc but scratch has no libc",
                "scratch has no C library",
                &["no libc"],
            ),
            (
                "Scanners report fewer CVEs.",
                "fewer vulnerability findings",
                &[],
            ),
        ];
        for (answer, text, synonyms) in cases {
            assert!(
                hit(answer, text, synonyms),
                "{answer:?} should mention {text:?}"
            );
        }
    }

    #[test]
    fn unrelated_answers_do_not_match() {
        let cases: &[(&str, &str)] = &[
            ("The build is faster with a cache mount", "smaller image"),
            ("Use exec form for CMD", "no shell for an attacker"),
            ("It pulls the base image", "fewer packages to patch"),
            (
                "Tag the image with the git commit",
                "runs as a non-root user",
            ),
            ("", "smaller image"),
        ];
        for (answer, text) in cases {
            assert!(
                !hit(answer, text, &[]),
                "{answer:?} should not mention {text:?}"
            );
        }
    }

    #[test]
    fn negated_mentions_do_not_match() {
        let cases: &[(&str, &str)] = &[
            ("It does not remove the shell.", "no shell for an attacker"),
            (
                "Distroless doesn't remove the shell for an attacker",
                "no shell for an attacker",
            ),
            ("The image is no smaller", "smaller image"),
            ("It isn't a smaller image at all", "smaller image"),
            ("Pulls are not faster", "faster pulls"),
            (
                "It never runs as a non-root user",
                "runs as a non-root user",
            ),
            (
                "You can build without fewer packages",
                "fewer packages to patch",
            ),
        ];
        for (answer, text) in cases {
            assert!(
                !hit(answer, text, &[]),
                "{answer:?} must not mention {text:?}"
            );
        }
    }

    #[test]
    fn negation_ends_with_the_clause() {
        assert!(hit(
            "It is not magic, but the image is smaller",
            "smaller image",
            &[]
        ));
        assert!(hit("No. The image is smaller.", "smaller image", &[]));
    }

    #[test]
    fn synonyms_of_the_author_count() {
        assert!(hit(
            "the app has to tolerate SIGTERM",
            "handle the stop signal",
            &["tolerate sigterm"]
        ));
        assert!(!hit("the app ignores it", "handle the stop signal", &[]));
    }

    #[test]
    fn long_wordings_tolerate_one_missing_word() {
        assert!(hit(
            "copy the static binary into scratch",
            "copy the static Go binary into scratch",
            &[]
        ));
        assert!(!hit(
            "copy the binary",
            "copy the static Go binary into scratch",
            &[]
        ));
    }

    #[test]
    fn stop_word_only_points_have_no_meaning_words() {
        assert!(meaning_words("it is the one").is_empty());
        assert_eq!(
            meaning_words("Smaller images"),
            meaning_words("small image")
        );
    }
}
