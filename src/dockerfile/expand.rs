//! Expansion of build variables (`$VAR`, `${VAR}`, `${VAR:-default}` ...) in a single word,
//! as Docker does for `FROM` images and `COPY --from` values.

/// The result of expanding a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The text after expansion, quotes removed.
    pub value: String,
    /// Variables that were used without a value (they expanded to nothing).
    pub missing: Vec<String>,
    /// Whether the word used a form this expander does not evaluate (such as `${VAR#pattern}`);
    /// the value is then not reliable.
    pub unsupported: bool,
    /// Whether the value grew past [`MAX_EXPANDED_LEN`] and was cut there: variables that
    /// repeat each other can double at every step, and nothing real is that long.
    pub too_long: bool,
}

impl Expanded {
    /// Whether the value is fully known: no missing variable and no unsupported form.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && !self.unsupported && !self.too_long
    }
}

/// The longest value an expansion produces, in bytes; longer values are cut and flagged.
pub const MAX_EXPANDED_LEN: usize = 8192;

/// Nesting deeper than this is not evaluated (it only appears in hostile input).
const MAX_DEPTH: usize = 16;

/// Expands variables in `word`. `lookup` returns a variable's value, or `None` when it is not
/// set. `escape` is the file's escape character.
pub fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Expanded {
    let mut state = Expander {
        escape,
        lookup,
        missing: Vec::new(),
        unsupported: false,
        too_long: false,
    };
    let chars: Vec<char> = word.chars().collect();
    let mut value = state.expand(&chars, 0);
    if value.len() > MAX_EXPANDED_LEN {
        state.too_long = true;
        let mut end = MAX_EXPANDED_LEN;
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        value.truncate(end);
    }
    Expanded {
        value,
        missing: state.missing,
        unsupported: state.unsupported,
        too_long: state.too_long,
    }
}

/// Whether `word` refers to any variable at all.
pub fn has_variables(word: &str) -> bool {
    word.contains('$')
}

struct Expander<'a> {
    escape: char,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    missing: Vec<String>,
    unsupported: bool,
    too_long: bool,
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Expander<'_> {
    fn expand(&mut self, chars: &[char], depth: usize) -> String {
        if depth > MAX_DEPTH {
            self.unsupported = true;
            return chars.iter().collect();
        }
        let mut out = String::new();
        let mut i = 0;
        let mut in_double = false;
        while i < chars.len() {
            if out.len() > MAX_EXPANDED_LEN {
                // Every value looked up is at most this long, so `out` stays within twice it.
                self.too_long = true;
                break;
            }
            let c = chars[i];
            if c == self.escape {
                if let Some(&next) = chars.get(i + 1) {
                    if in_double && !matches!(next, '"' | '$') && next != self.escape {
                        out.push(c);
                    }
                    out.push(next);
                }
                i += 2;
            } else if c == '\'' && !in_double {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    out.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else if c == '"' {
                in_double = !in_double;
                i += 1;
            } else if c == '$' {
                i = self.dollar(chars, i, depth, &mut out);
            } else {
                out.push(c);
                i += 1;
            }
        }
        out
    }

    /// Handles a `$` at `chars[start]`; returns the index after what it consumed.
    fn dollar(&mut self, chars: &[char], start: usize, depth: usize, out: &mut String) -> usize {
        let mut i = start + 1;
        match chars.get(i) {
            Some(&'{') => {
                i += 1;
                let name_start = i;
                while i < chars.len() && is_name_char(chars[i]) {
                    i += 1;
                }
                let name: String = chars[name_start..i].iter().collect();
                // Find the matching close brace, allowing nested `${...}` in the default.
                let body_start = i;
                let mut level = 1;
                while i < chars.len() {
                    match chars[i] {
                        '{' if i > 0 && chars[i - 1] == '$' => level += 1,
                        '}' => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                if i >= chars.len() || name.is_empty() {
                    // Unclosed or nameless: not something Docker accepts either.
                    self.unsupported = true;
                    out.extend(&chars[start..i.min(chars.len())]);
                    return i.saturating_add(1).min(chars.len());
                }
                let modifier = &chars[body_start..i];
                self.substitute(&name, modifier, depth, out);
                i + 1
            }
            Some(&c) if is_name_start(c) => {
                let name_start = i;
                while i < chars.len() && is_name_char(chars[i]) {
                    i += 1;
                }
                let name: String = chars[name_start..i].iter().collect();
                self.substitute(&name, &[], depth, out);
                i
            }
            _ => {
                out.push('$');
                i
            }
        }
    }

    fn substitute(&mut self, name: &str, modifier: &[char], depth: usize, out: &mut String) {
        let value = (self.lookup)(name);
        let (colon, rest) = match modifier.first() {
            Some(':') => (true, &modifier[1..]),
            _ => (false, modifier),
        };
        let Some((&op, word)) = rest.split_first() else {
            if modifier.is_empty() {
                match value {
                    Some(v) => out.push_str(&v),
                    None => self.missing.push(name.to_owned()),
                }
            } else {
                self.unsupported = true;
            }
            return;
        };
        // With a colon an empty value counts as unset.
        let set = match &value {
            Some(v) => !(colon && v.is_empty()),
            None => false,
        };
        match op {
            '-' => {
                if set {
                    out.push_str(value.as_deref().unwrap_or(""));
                } else {
                    let word = self.expand(word, depth + 1);
                    out.push_str(&word);
                }
            }
            '+' => {
                if set {
                    let word = self.expand(word, depth + 1);
                    out.push_str(&word);
                }
            }
            '?' => {
                if set {
                    out.push_str(value.as_deref().unwrap_or(""));
                } else {
                    self.missing.push(name.to_owned());
                }
            }
            _ => self.unsupported = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "GO" => Some("1.23".into()),
            "EMPTY" => Some(String::new()),
            "BASE" => Some("alpine".into()),
            _ => None,
        }
    }

    fn run(word: &str) -> Expanded {
        expand(word, '\\', &env)
    }

    #[test]
    fn plain_and_braced_variables() {
        assert_eq!(run("golang:${GO}-alpine").value, "golang:1.23-alpine");
        assert_eq!(run("golang:$GO").value, "golang:1.23");
        assert!(run("golang:$GO").is_complete());
    }

    #[test]
    fn defaults_and_alternatives() {
        assert_eq!(run("${NOPE:-debian}").value, "debian");
        assert_eq!(run("${EMPTY:-x}").value, "x");
        assert_eq!(run("${EMPTY-x}").value, "");
        assert_eq!(run("${GO:+set}").value, "set");
        assert_eq!(run("${NOPE:+set}").value, "");
        assert_eq!(run("${NOPE:-${BASE}}:3").value, "alpine:3");
    }

    #[test]
    fn missing_variables_are_reported() {
        let e = run("${NOPE}/app");
        assert_eq!(e.value, "/app");
        assert_eq!(e.missing, vec!["NOPE".to_string()]);
        assert!(!e.is_complete());
    }

    #[test]
    fn unsupported_forms_and_garbage_do_not_panic() {
        assert!(run("${GO#1.}").unsupported);
        assert!(run("${GO").unsupported);
        assert!(run("${}").unsupported);
        assert_eq!(run("a$").value, "a$");
        assert_eq!(run("'$GO'").value, "$GO");
        assert_eq!(run(r"\$GO").value, "$GO");
        let deep = "${A:-".repeat(200) + &"}".repeat(200);
        let _ = run(&deep);
    }

    #[test]
    fn values_are_cut_at_the_limit() {
        let long = |name: &str| (name == "A").then(|| "x".repeat(MAX_EXPANDED_LEN));
        let e = expand(&"$A".repeat(1000), '\\', &long);
        assert!(e.too_long && !e.is_complete());
        assert_eq!(e.value.len(), MAX_EXPANDED_LEN);
        let e = expand("${A:-$A$A}", '\\', &long);
        assert!(!e.too_long, "one value of the limit's length fits");
        let short = expand("$A", '\\', &|_| Some("é".repeat(MAX_EXPANDED_LEN)));
        assert!(short.too_long && short.value.len() <= MAX_EXPANDED_LEN);
    }
}
