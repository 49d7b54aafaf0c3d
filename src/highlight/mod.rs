//! Syntax highlighting of code blocks with syntect.
//!
//! The syntaxes are two-face's extended set (bat's), which adds Dockerfile, TOML, TypeScript
//! and many more to syntect's defaults. Syntaxes and themes are loaded once, lazily, on first
//! use, so starting the program costs nothing; [`warm_up`] loads them ahead of time (e.g. on a
//! background thread while the home screen draws). See [`palette`] for the colour choice.
//!
//! The few syntaxes the lessons use (Dockerfile, bash, YAML, JSON) also come precompiled on
//! their own in `core-syntaxes.bin` (made by `tools/gen_syntaxes.rs` from two-face's set): it
//! loads in a fraction of a millisecond where the whole set takes several, and the whole set
//! is loaded only for another language.
//!
//! All text is made inert with [`crate::sanitize::inert`] before highlighting and tabs are
//! expanded to spaces, so the returned lines never carry a control character.

pub mod languages;
pub mod palette;

use std::sync::LazyLock;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use syntect::easy::HighlightLines;
use syntect::highlighting::Theme;
use syntect::parsing::{SyntaxReference, SyntaxSet};
use unicode_width::UnicodeWidthStr;

use crate::sanitize::inert;

/// Columns between tab stops when code contains tabs.
pub const TAB_WIDTH: usize = 4;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);
/// Dockerfile, bash, YAML and JSON from two-face's set, with what they embed; `None` if the
/// dump cannot be read (then the whole set serves every language).
static CORE: LazyLock<Option<SyntaxSet>> = LazyLock::new(|| {
    syntect::dumps::from_uncompressed_data(include_bytes!("core-syntaxes.bin")).ok()
});
static COLOR_THEME: LazyLock<Theme> = LazyLock::new(palette::color_theme);

/// Loads the syntaxes and themes now rather than on the first highlighted block.
pub fn warm_up() {
    LazyLock::force(&CORE);
    LazyLock::force(&SYNTAXES);
    LazyLock::force(&COLOR_THEME);
}

/// The name of the syntax used for `lang` (e.g. `"YAML"` for `yml`), or `None` when the
/// language is unknown or plain text and the code is shown unhighlighted.
pub fn syntax_name(lang: &str) -> Option<&'static str> {
    resolve(lang).map(|(_, syntax)| syntax.name.as_str())
}

/// The syntax for `lang` and the set it belongs to: the small precompiled set when it has the
/// syntax the alias names, else two-face's whole set.
fn resolve(lang: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    if languages::is_plain(lang) {
        return None;
    }
    if let Some(name) = languages::alias_target(lang)
        && let Some(core) = CORE.as_ref()
        && let Some(syntax) = core.find_syntax_by_name(name)
    {
        return Some((core, syntax));
    }
    languages::find(&SYNTAXES, lang).map(|syntax| (&*SYNTAXES, syntax))
}

/// Highlights `code` written in `lang` with colours; one line per source line.
///
/// `lang` is a fence info string or alias (`dockerfile`, `sh`, `yml`, `golang`, ...); unknown
/// languages give plain text.
pub fn highlight(code: &str, lang: &str) -> Vec<Line<'static>> {
    highlight_with(code, lang, true)
}

/// Like [`highlight`] with `color` true; with `color` false (`NO_COLOR`, `--color never`) the
/// code is not highlighted at all: the lines come back plain, and syntect is never run, which
/// matters for large files printed to a pipe.
pub fn highlight_with(code: &str, lang: &str, color: bool) -> Vec<Line<'static>> {
    let lines = source_lines(code);
    match resolve(lang).filter(|_| color) {
        Some((set, syntax)) => highlight_lines(&lines, set, syntax),
        None => lines.into_iter().map(Line::raw).collect(),
    }
}

/// The lines of `code`, made inert, with tabs expanded and line endings removed.
fn source_lines(code: &str) -> Vec<String> {
    let code = code.strip_suffix('\n').unwrap_or(code);
    if code.is_empty() {
        return Vec::new();
    }
    code.split('\n')
        .map(|line| expand_tabs(&inert(line.strip_suffix('\r').unwrap_or(line))))
        .collect()
}

fn highlight_lines(
    lines: &[String],
    set: &SyntaxSet,
    syntax: &SyntaxReference,
) -> Vec<Line<'static>> {
    let mut highlighter = HighlightLines::new(syntax, &COLOR_THEME);
    let mut failed = false;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        // The syntaxes expect each line to end with a newline.
        let with_newline = format!("{line}\n");
        let regions = if failed {
            None
        } else {
            highlighter.highlight_line(&with_newline, set).ok()
        };
        match regions {
            Some(regions) => out.push(to_line(
                regions
                    .into_iter()
                    .map(|(style, text)| (palette::convert(style), text)),
            )),
            None => {
                // A syntax error inside syntect: show the rest of the block plain.
                failed = true;
                out.push(Line::raw(line.clone()));
            }
        }
    }
    out
}

/// Builds a line from styled pieces, merging neighbours of equal style and dropping newlines.
fn to_line<'a>(pieces: impl Iterator<Item = (Style, &'a str)>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (style, text) in pieces {
        let text = text.trim_end_matches(['\n', '\r']);
        if text.is_empty() {
            continue;
        }
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(text),
            _ => spans.push(Span::styled(text.to_owned(), style)),
        }
    }
    Line::from(spans)
}

/// Replaces tabs with spaces up to the next multiple of [`TAB_WIDTH`] columns.
pub fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + TAB_WIDTH);
    let mut column = 0;
    for piece in line.split_inclusive('\t') {
        let text = piece.strip_suffix('\t');
        out.push_str(text.unwrap_or(piece));
        column += text.unwrap_or(piece).width();
        if text.is_some() {
            let pad = TAB_WIDTH - column % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', pad));
            column += pad;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    const DOCKERFILE: &str = "# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nUSER nonroot:nonroot\nENTRYPOINT [\"/app\"]\n";

    /// The style of the first span whose text starts with `word` on a line starting with it.
    fn style_of(lines: &[Line<'_>], word: &str) -> Vec<Style> {
        lines
            .iter()
            .filter_map(|line| line.spans.first())
            .filter(|span| span.content.starts_with(word))
            .map(|span| span.style)
            .collect()
    }

    #[test]
    fn dockerfile_instructions_are_coloured() {
        for alias in ["dockerfile", "Dockerfile", "docker", "containerfile"] {
            let lines = highlight(DOCKERFILE, alias);
            for instruction in ["FROM", "RUN", "COPY", "WORKDIR", "USER", "ENTRYPOINT"] {
                let styles = style_of(&lines, instruction);
                assert!(!styles.is_empty(), "{instruction} not found with {alias}");
                for style in styles {
                    assert!(
                        style.fg.is_some_and(|fg| fg != Color::Reset),
                        "{instruction} has no colour with {alias}: {style:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn dockerfile_comments_differ_from_instructions() {
        let lines = highlight(DOCKERFILE, "dockerfile");
        let comment = lines[0].spans[0].style;
        let from = style_of(&lines, "FROM")[0];
        assert_ne!(comment.fg, from.fg);
    }

    #[test]
    fn no_colour_mode_leaves_code_plain() {
        let lines = highlight_with(DOCKERFILE, "dockerfile", false);
        let plain: Vec<Line<'static>> = source_lines(DOCKERFILE)
            .into_iter()
            .map(Line::raw)
            .collect();
        assert_eq!(lines, plain);
    }

    #[test]
    fn text_survives_highlighting() {
        let lines = highlight(DOCKERFILE, "dockerfile");
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let expected: Vec<&str> = DOCKERFILE.trim_end().split('\n').collect();
        assert_eq!(text, expected);
    }

    #[test]
    fn aliases_resolve_to_syntaxes() {
        let cases = [
            ("dockerfile", "Dockerfile (with bash)"),
            ("sh", "Bourne Again Shell (bash)"),
            ("bash", "Bourne Again Shell (bash)"),
            ("shell", "Bourne Again Shell (bash)"),
            ("console", "Bourne Again Shell (bash)"),
            ("yaml", "YAML"),
            ("yml", "YAML"),
            ("json", "JSON"),
            ("go", "Go"),
            ("golang", "Go"),
            ("python", "Python"),
            ("py", "Python"),
            ("javascript", "JavaScript"),
            ("js", "JavaScript"),
            ("typescript", "TypeScript"),
            ("ts", "TypeScript"),
            ("java", "Java"),
            ("toml", "TOML"),
            ("rust", "Rust"),
            ("ini", "INI"),
            ("make", "Makefile"),
            ("Makefile", "Makefile"),
            ("sql", "SQL"),
            ("XML", "XML"),
        ];
        for (alias, name) in cases {
            assert_eq!(syntax_name(alias), Some(name), "{alias}");
        }
    }

    #[test]
    fn unknown_and_plain_languages_are_not_highlighted() {
        for lang in ["", "text", "no-such-language", "txt"] {
            assert_eq!(syntax_name(lang), None, "{lang}");
            let lines = highlight("FROM x\n", lang);
            assert_eq!(lines, vec![Line::raw("FROM x")]);
        }
    }

    #[test]
    fn each_language_colours_something() {
        let samples = [
            ("sh", "echo \"hello\" && exit 1"),
            ("yaml", "name: value # note"),
            ("json", "{\"a\": 1}"),
            ("go", "package main\nfunc main() {}"),
            ("python", "def f():\n    return 1"),
            ("javascript", "const x = \"a\";"),
            ("java", "public class A {}"),
            ("toml", "[package]\nname = \"x\""),
        ];
        for (lang, code) in samples {
            let lines = highlight(code, lang);
            assert!(
                lines
                    .iter()
                    .flat_map(|l| &l.spans)
                    .any(|s| s.style.fg.is_some()),
                "{lang} has no colour"
            );
        }
    }

    #[test]
    fn control_characters_never_reach_the_output() {
        let lines = highlight("RUN echo \u{1b}]52;c;aGk=\u{7}\u{9b}x\r\n", "dockerfile");
        let text: String = lines.iter().map(|l| l.to_string()).collect();
        assert!(!text.chars().any(crate::sanitize::is_dangerous), "{text:?}");
        assert!(text.contains('\u{241b}'));
        assert!(!text.contains('\r'));
    }

    #[test]
    fn tabs_expand_to_tab_stops() {
        assert_eq!(expand_tabs("a\tb"), "a   b");
        assert_eq!(expand_tabs("\tx"), "    x");
        assert_eq!(expand_tabs("abcd\te"), "abcd    e");
        assert_eq!(expand_tabs("日\tx"), "日  x");
        let lines = highlight("all:\n\tgo build\n", "make");
        assert_eq!(lines[1].to_string(), "    go build");
    }

    /// Every fenced block of the lessons and every example Dockerfile, with its language.
    fn content_code() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut blocks = Vec::new();
        for entry in std::fs::read_dir(root.join("lessons")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let mut open: Option<(String, String)> = None;
            for line in text.lines() {
                match (&mut open, line.trim_start().strip_prefix("```")) {
                    (None, Some(lang)) => open = Some((lang.to_owned(), String::new())),
                    (Some(_), Some(_)) => blocks.extend(open.take()),
                    (Some((_, code)), None) => {
                        code.push_str(line);
                        code.push('\n');
                    }
                    (None, None) => {}
                }
            }
        }
        for entry in std::fs::read_dir(root.join("examples")).unwrap() {
            for file in std::fs::read_dir(entry.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name.contains("Dockerfile") {
                    blocks.push((
                        "dockerfile".to_owned(),
                        std::fs::read_to_string(&path).unwrap(),
                    ));
                } else if name.ends_with(".yaml") {
                    blocks.push(("yaml".to_owned(), std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        blocks
    }

    #[test]
    fn the_precompiled_syntaxes_highlight_like_the_whole_set() {
        let core = CORE.as_ref().expect("core-syntaxes.bin loads");
        let mut compared = 0;
        let mut samples = content_code();
        samples.push(("json".to_owned(), "{\"a\": [1, true, null]}\n".to_owned()));
        for (lang, code) in samples {
            let Some(name) = languages::alias_target(&lang) else {
                continue;
            };
            let core_syntax = core
                .find_syntax_by_name(name)
                .expect("alias in the core set");
            let full_syntax = SYNTAXES
                .find_syntax_by_name(name)
                .expect("alias in two-face");
            let lines = source_lines(&code);
            assert_eq!(
                highlight_lines(&lines, core, core_syntax),
                highlight_lines(&lines, &SYNTAXES, full_syntax),
                "{lang}: {code}"
            );
            compared += 1;
        }
        assert!(compared > 40, "only {compared} blocks compared");
    }

    #[test]
    fn the_precompiled_set_holds_the_lessons_languages() {
        let core = CORE.as_ref().expect("core-syntaxes.bin loads");
        for lang in ["dockerfile", "sh", "yaml", "json"] {
            let name = languages::alias_target(lang).unwrap();
            assert!(core.find_syntax_by_name(name).is_some(), "{lang}");
        }
    }

    #[test]
    fn blank_lines_are_kept_and_the_final_newline_is_not_a_line() {
        let lines = highlight("a\n\nb\n", "text");
        assert_eq!(lines.len(), 3);
        assert!(highlight("", "go").is_empty());
    }
}
