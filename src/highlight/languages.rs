//! Which syntax highlights a code block: info-string names and their aliases.

use syntect::parsing::{SyntaxReference, SyntaxSet};

/// Names people write after the opening fence, mapped to the syntax that highlights them.
///
/// Anything not listed here is looked up by file extension, then by syntax name, so `xml`,
/// `sql`, `c`, `cpp`, `ruby` and the ~200 other syntaxes bundled by two-face work too.
const ALIASES: &[(&[&str], &str)] = &[
    // The bash-aware variant colours the shell commands after `RUN` as well as the instructions.
    (
        &["dockerfile", "docker", "containerfile"],
        "Dockerfile (with bash)",
    ),
    (
        &[
            "sh",
            "bash",
            "shell",
            "console",
            "shell-session",
            "shellsession",
            "terminal",
            "zsh",
            "ash",
        ],
        "Bourne Again Shell (bash)",
    ),
    (&["yaml", "yml"], "YAML"),
    (&["json", "jsonc", "json5"], "JSON"),
    (&["go", "golang"], "Go"),
    (&["gomod", "go.mod"], "Gomod"),
    (&["python", "py", "python3"], "Python"),
    (
        &["javascript", "js", "node", "nodejs", "mjs", "cjs"],
        "JavaScript",
    ),
    (&["typescript", "ts"], "TypeScript"),
    (&["java"], "Java"),
    (&["toml"], "TOML"),
    (&["rust", "rs"], "Rust"),
    (&["ini", "cfg", "editorconfig"], "INI"),
    (&["make", "makefile", "mk", "gnumakefile"], "Makefile"),
    (&["diff", "patch"], "Diff"),
    (&["hcl", "terraform", "tf"], "Terraform"),
    (&["env", "dotenv"], "DotENV"),
];

/// Info strings that explicitly ask for no highlighting.
const PLAIN: &[&str] = &["", "text", "txt", "plain", "plaintext", "none", "output"];

/// The language word of a fence info string: the first word, lower-cased, without decorations
/// such as `{.rust}`, a leading dot or `,ignore` suffixes.
pub fn language_word(info: &str) -> String {
    let first = info
        .trim()
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    first
        .trim_matches(|c: char| c == '{' || c == '}' || c == '.')
        .to_lowercase()
}

/// Whether the info string asks for no highlighting (`text`, `plain`, no language, ...).
pub fn is_plain(lang: &str) -> bool {
    PLAIN.contains(&language_word(lang).as_str())
}

/// The syntax name an alias stands for (`sh` → `Bourne Again Shell (bash)`), if it is one.
pub fn alias_target(lang: &str) -> Option<&'static str> {
    let word = language_word(lang);
    ALIASES
        .iter()
        .find(|(names, _)| names.contains(&word.as_str()))
        .map(|(_, syntax)| *syntax)
}

/// The syntax for a language name or alias (`dockerfile`, `sh`, `yml`, `golang`, ...), or
/// `None` for plain text and unknown languages.
pub fn find<'a>(set: &'a SyntaxSet, lang: &str) -> Option<&'a SyntaxReference> {
    let word = language_word(lang);
    if PLAIN.contains(&word.as_str()) {
        return None;
    }
    let by_alias = ALIASES
        .iter()
        .find(|(names, _)| names.contains(&word.as_str()))
        .and_then(|(_, syntax)| set.find_syntax_by_name(syntax));
    by_alias
        .or_else(|| set.find_syntax_by_token(&word))
        .filter(|syntax| syntax.name != "Plain Text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_word_strips_decorations() {
        assert_eq!(language_word("Dockerfile"), "dockerfile");
        assert_eq!(language_word("rust,ignore"), "rust");
        assert_eq!(language_word("{.python}"), "python");
        assert_eq!(language_word("  yaml title=compose.yaml"), "yaml");
        assert_eq!(language_word(""), "");
    }
}
