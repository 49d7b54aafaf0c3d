//! Word-level reading of an instruction's text, following the rules of Docker's own parser:
//! the keyword, the `--flags`, whitespace- and quote-aware words, and JSON arrays.

/// The characters Docker splits plain arguments on (not newlines, not Unicode spaces).
pub fn is_split_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{b}' | '\u{c}' | '\r')
}

/// Splits `text` (already trimmed) into the keyword and the rest.
///
/// Returns the keyword's byte range and the byte offset where the rest starts (the end of the
/// text when there is no rest).
pub fn split_keyword(text: &str) -> (std::ops::Range<usize>, usize) {
    let end = text.find(is_split_space).unwrap_or(text.len());
    let rest = text[end..]
        .find(|c: char| !is_split_space(c))
        .map_or(text.len(), |i| end + i);
    (0..end, rest)
}

/// A `--flag` word read from the front of the arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagWord {
    /// The word with quotes and backslashes processed, e.g. `--from=build`.
    pub text: String,
    /// Byte offset of the word in the text given to [`extract_flags`].
    pub offset: usize,
}

/// Reads the `--flag` words at the start of `line` and returns them with the byte offset where
/// the remaining arguments start. A lone `--` ends the flags. Quotes group characters and a
/// backslash escapes the next one, as in Docker.
pub fn extract_flags(line: &str) -> (Vec<FlagWord>, usize) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut blank_ok = false;
    let mut chars = line.char_indices().peekable();
    loop {
        let Some((pos, ch)) = chars.next() else {
            if phase != Phase::Spaces && word != "--" && (blank_ok || !word.is_empty()) {
                words.push(FlagWord {
                    text: word,
                    offset: word_start,
                });
            }
            return (words, line.len());
        };
        match phase {
            Phase::Spaces => {
                if ch.is_whitespace() {
                    continue;
                }
                let next_is_dash = line[pos + ch.len_utf8()..].starts_with('-');
                if ch != '-' || !next_is_dash {
                    return (words, pos);
                }
                phase = Phase::Word;
                word_start = pos;
                word.push(ch);
            }
            Phase::Word => {
                if ch.is_whitespace() {
                    if word == "--" {
                        return (words, pos);
                    }
                    if blank_ok || !word.is_empty() {
                        words.push(FlagWord {
                            text: std::mem::take(&mut word),
                            offset: word_start,
                        });
                    }
                    word.clear();
                    blank_ok = false;
                    phase = Phase::Spaces;
                } else if ch == '\'' || ch == '"' {
                    blank_ok = true;
                    phase = Phase::Quote(ch);
                } else if ch == '\\' {
                    if let Some((_, escaped)) = chars.next() {
                        word.push(escaped);
                    }
                } else {
                    word.push(ch);
                }
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                } else if ch == '\\' {
                    match chars.next() {
                        Some((_, escaped)) => word.push(escaped),
                        None => phase = Phase::Word,
                    }
                } else {
                    word.push(ch);
                }
            }
        }
    }
}

/// Splits `rest` into words on whitespace, keeping quotes and escapes in the words (Docker's
/// `parseWords`, used by `ENV`, `LABEL` and `ARG`). `escape` is the file's escape character.
pub fn parse_words(rest: &str, escape: char) -> Vec<String> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut blank_ok = false;
    let mut chars = rest.chars().peekable();
    while let Some(ch) = chars.next() {
        if phase == Phase::Spaces {
            if ch.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
        }
        match phase {
            Phase::Spaces => {}
            Phase::Word => {
                if ch.is_whitespace() {
                    if blank_ok || !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                    blank_ok = false;
                    phase = Phase::Spaces;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    blank_ok = true;
                    phase = Phase::Quote(ch);
                    word.push(ch);
                    continue;
                }
                if ch == escape {
                    // An escape keeps itself and the next character; at the end it is dropped.
                    if let Some(next) = chars.next() {
                        word.push(ch);
                        word.push(next);
                    }
                    continue;
                }
                word.push(ch);
            }
            Phase::Quote(quote) => {
                if ch == quote {
                    phase = Phase::Word;
                    word.push(ch);
                    continue;
                }
                if ch == escape && quote != '\'' {
                    match chars.next() {
                        Some(next) => {
                            word.push(ch);
                            word.push(next);
                        }
                        None => phase = Phase::Word,
                    }
                    continue;
                }
                word.push(ch);
            }
        }
    }
    if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
        words.push(word);
    }
    words
}

/// Removes shell quoting from a word: quotes are dropped, `escape` makes the next character
/// literal (inside double quotes only before `"`, `$`, `` ` `` or the escape itself).
pub fn unquote(word: &str, escape: char) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    let mut in_double = false;
    while let Some(ch) = chars.next() {
        if ch == escape {
            match chars.peek().copied() {
                Some(next) if !in_double || matches!(next, '"' | '$' | '`') || next == escape => {
                    out.push(next);
                    chars.next();
                }
                Some(_) => out.push(ch),
                None => {}
            }
        } else if ch == '\'' && !in_double {
            for inner in chars.by_ref() {
                if inner == '\'' {
                    break;
                }
                out.push(inner);
            }
        } else if ch == '"' {
            in_double = !in_double;
        } else {
            out.push(ch);
        }
    }
    out
}

/// Splits on runs of Docker's split spaces, dropping empty words.
pub fn split_plain(rest: &str) -> Vec<String> {
    rest.split(is_split_space)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The result of reading arguments as a JSON array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// A JSON array of strings. `trailing` is true when text followed the array (Docker
    /// ignores it).
    Strings {
        /// The items.
        items: Vec<String>,
        /// Whether non-blank text followed the closing bracket.
        trailing: bool,
    },
    /// Valid JSON array with an item that is not a string: Docker rejects the instruction.
    NotStrings,
    /// Not a JSON array: the text is used as shell form.
    NotJson,
}

/// Reads `rest` as a JSON array the way Docker does: the first JSON value must be an array;
/// text after it is ignored.
pub fn parse_json_array(rest: &str) -> Json {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Json::NotJson;
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Vec<serde_json::Value>>();
    let Some(Ok(values)) = stream.next() else {
        return Json::NotJson;
    };
    let trailing = !rest[stream.byte_offset()..].trim().is_empty();
    let mut items = Vec::with_capacity(values.len());
    for value in values {
        match value {
            serde_json::Value::String(s) => items.push(s),
            _ => return Json::NotStrings,
        }
    }
    Json::Strings { items, trailing }
}

/// Splits a shell command line into words the way Docker looks for heredoc markers: quotes and
/// backslashes stay in the words. Returns each word with its byte offset, or `None` when a
/// quote is not closed.
pub fn raw_shell_words(line: &str) -> Option<Vec<(String, usize)>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut start = None;
    let mut chars = line.char_indices();
    while let Some((pos, ch)) = chars.next() {
        if ch.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((std::mem::take(&mut word), s));
            }
            continue;
        }
        start.get_or_insert(pos);
        word.push(ch);
        match ch {
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    word.push(next);
                }
            }
            '\'' => loop {
                let (_, inner) = chars.next()?;
                word.push(inner);
                if inner == '\'' {
                    break;
                }
            },
            '"' => loop {
                let (_, inner) = chars.next()?;
                word.push(inner);
                if inner == '\\' {
                    if let Some((_, escaped)) = chars.next() {
                        word.push(escaped);
                    }
                } else if inner == '"' {
                    break;
                }
            },
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((word, s));
    }
    Some(words)
}

/// Case-insensitive edit distance, for "did you mean" suggestions on short words.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Shortens user text for a message: at most `max` characters, with `…` when cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag_texts(line: &str) -> (Vec<String>, &str) {
        let (flags, rest) = extract_flags(line);
        (
            flags.into_iter().map(|f| f.text).collect(),
            line[rest..].trim_start(),
        )
    }

    #[test]
    fn keyword_is_the_first_word() {
        let text = "COPY\t --from=a b c";
        let (kw, rest) = split_keyword(text);
        assert_eq!(&text[kw], "COPY");
        assert_eq!(&text[rest..], "--from=a b c");
        let (kw, rest) = split_keyword("CMD");
        assert_eq!(kw, 0..3);
        assert_eq!(rest, 3);
    }

    #[test]
    fn flags_stop_at_the_first_plain_word_or_a_lone_double_dash() {
        assert_eq!(
            flag_texts("--from=build --chown=1:1 /a /b"),
            (vec!["--from=build".into(), "--chown=1:1".into()], "/a /b")
        );
        assert_eq!(flag_texts("-- --not-a-flag x"), (vec![], "--not-a-flag x"));
        assert_eq!(
            flag_texts("--link -- src dst"),
            (vec!["--link".into()], "src dst")
        );
        assert_eq!(
            flag_texts(r#"--mount="type=cache,target=/root/.cache" go build"#),
            (
                vec!["--mount=type=cache,target=/root/.cache".into()],
                "go build"
            )
        );
        assert_eq!(flag_texts("-x y"), (vec![], "-x y"));
        assert_eq!(flag_texts("--link"), (vec!["--link".into()], ""));
    }

    #[test]
    fn flag_offsets_point_at_the_dashes() {
        let (flags, _) = extract_flags("  --a=1   --b x");
        let offsets: Vec<usize> = flags.iter().map(|f| f.offset).collect();
        assert_eq!(offsets, vec![2, 10]);
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        assert_eq!(
            parse_words(r#"A="x y" B=z\ w C='q'"#, '\\'),
            vec![r#"A="x y""#, r"B=z\ w", "C='q'"]
        );
        assert_eq!(parse_words("  a   b ", '\\'), vec!["a", "b"]);
        assert_eq!(parse_words("A=x` y", '`'), vec!["A=x` y"]);
    }

    #[test]
    fn unquote_removes_quotes_and_escapes() {
        assert_eq!(unquote(r#""x y""#, '\\'), "x y");
        assert_eq!(unquote(r"z\ w", '\\'), "z w");
        assert_eq!(unquote("'a\\b'", '\\'), "a\\b");
        assert_eq!(unquote(r#""a\"b""#, '\\'), "a\"b");
        assert_eq!(unquote(r#""C:\dir""#, '\\'), r"C:\dir");
    }

    #[test]
    fn json_arrays_of_strings_are_exec_form() {
        assert_eq!(
            parse_json_array(r#" ["a", "b c"]"#),
            Json::Strings {
                items: vec!["a".into(), "b c".into()],
                trailing: false
            }
        );
        assert_eq!(
            parse_json_array(r#"["a"] tail"#),
            Json::Strings {
                items: vec!["a".into()],
                trailing: true
            }
        );
        assert_eq!(parse_json_array("['a']"), Json::NotJson);
        assert_eq!(parse_json_array(r#"["a",]"#), Json::NotJson);
        assert_eq!(parse_json_array("echo [a]"), Json::NotJson);
        assert_eq!(parse_json_array("[1, 2]"), Json::NotStrings);
        assert_eq!(
            parse_json_array("[]"),
            Json::Strings {
                items: vec![],
                trailing: false
            }
        );
    }

    #[test]
    fn raw_shell_words_keep_quotes_and_fail_on_unclosed_ones() {
        let words = raw_shell_words(r#"cat <<"EOF" > 'a b'"#).unwrap_or_default();
        let texts: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(texts, vec!["cat", "<<\"EOF\"", ">", "'a b'"]);
        assert_eq!(words[1].1, 4);
        assert_eq!(raw_shell_words("echo 'oops"), None);
    }

    #[test]
    fn edit_distance_and_clip() {
        assert_eq!(edit_distance("FORM", "from"), 2);
        assert_eq!(edit_distance("COPPY", "COPY"), 1);
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
    }
}
