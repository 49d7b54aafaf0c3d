//! YAML parsing with serde-saphyr, turning its errors into located diagnostics.

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, SnippetMode};

use super::diagnostic::Diagnostic;

/// Parses `text` as `T`. `line_offset` is how many lines of the file come before `text`
/// (front matter starts after its `---` line). Aliases, nesting and size are bounded by
/// serde-saphyr's default budget, so an alias bomb is an error, not a hang.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|err| {
        let (line, col) = err
            .location()
            .filter(|loc| *loc != Location::UNKNOWN)
            .map_or((1, 1), |loc| (loc.line() as usize, loc.column() as usize));
        let options = serde_saphyr::render_options! { snippets: SnippetMode::Off };
        let rendered = err.render_with_options(options);
        Diagnostic::error(path, line + line_offset, col, plain_message(&rendered))
    })
}

/// The 1-based line and column of a location, shifted by `line_offset` lines.
pub fn position(location: &Location, line_offset: usize) -> (usize, usize) {
    if *location == Location::UNKNOWN {
        (1 + line_offset, 1)
    } else {
        (
            location.line() as usize + line_offset,
            location.column() as usize,
        )
    }
}

/// serde-saphyr appends "at line N, column M" to its messages; the diagnostic says that already.
fn plain_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
    let message = without_position(first).trim_end_matches(',');
    if message.contains("recursion limit exceeded") {
        return "the YAML is nested too deeply (recursion limit exceeded)".to_owned();
    }
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        return budget_message(breach);
    }
    if message.starts_with("multiple YAML documents") {
        return "expected one YAML document in the file, found a second after a `---` line; \
                move it to a file of its own"
            .to_owned();
    }
    // Name the expected type the way an author thinks of it.
    for (rust, human) in [
        ("u32", "a whole number"),
        ("u64", "a whole number"),
        ("usize", "a whole number"),
        ("i64", "a whole number"),
        ("bool", "true or false"),
    ] {
        if message == format!("invalid {rust}") {
            return format!("expected {human}");
        }
    }
    message.to_owned()
}

/// What a breach of serde-saphyr's budget (given as `Kind { count } at line N, column M
/// (defined at ...) (used at ...)`) means for an author, with where the alias was defined and
/// used when the parser says so.
fn budget_message(breach: &str) -> String {
    let kind: String = breach
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let explained = match kind.as_str() {
        "Depth" => "the YAML is nested too deeply",
        "Documents" => "expected one YAML document in the file",
        "InputBytes" => "the file is too large to read",
        "Anchors" => "the YAML defines too many anchors (`&name`)",
        "MergeKeys" => "the YAML has too many merge keys (`<<`)",
        _ => {
            "the YAML is too large once its aliases (`*name`) are expanded; it is refused \
             (write the values out, or repeat them fewer times)"
        }
    };
    let places: Vec<&str> = breach
        .match_indices(" (")
        .map(|(i, _)| &breach[i + 1..])
        .filter(|rest| rest.starts_with("(defined at") || rest.starts_with("(used at"))
        .map(|rest| rest.split_inclusive(')').next().unwrap_or(rest))
        .collect();
    if places.is_empty() {
        explained.to_owned()
    } else {
        format!("{explained} {}", places.join(" "))
    }
}

/// `message` without a trailing ` at line N, column M`; positions inside it (an alias's
/// definition, say) are kept.
fn without_position(message: &str) -> &str {
    let Some(i) = message.rfind(" at line ") else {
        return message;
    };
    let tail = &message[i + " at line ".len()..];
    let numbers: Vec<&str> = tail.split(", column ").collect();
    let is_position = numbers.len() == 2
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if is_position { &message[..i] } else { message }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_trailing_position_is_cut() {
        assert_eq!(super::without_position("bad at line 3, column 4"), "bad");
        assert_eq!(
            super::without_position("bad (defined at line 1, column 2) (used at line 3, column 4)"),
            "bad (defined at line 1, column 2) (used at line 3, column 4)"
        );
    }

    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Small {
        id: String,
        minutes: u32,
    }

    #[test]
    fn unknown_fields_are_located() {
        let err = parse::<Small>("id: a\nminutes: 3\nminuts: 4\n", "f.yaml", 0).unwrap_err();
        assert_eq!((err.line, err.col), (3, 1), "{err}");
        assert!(err.message.contains("minuts"), "{err}");
        assert!(!err.message.contains("at line"), "{err}");
    }

    #[test]
    fn wrong_types_are_located_with_offset() {
        let err = parse::<Small>("id: a\nminutes: many\n", "f.md", 1).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert_eq!(err.col, 10, "{err}");
    }

    #[test]
    fn budget_breaches_are_told_in_words() {
        assert_eq!(
            plain_message(
                "budget breached: Nodes { nodes: 250001 } at line 13, column 26 (defined at line 13, column 193) (used at line 13, column 243)"
            ),
            "the YAML is too large once its aliases (`*name`) are expanded; it is refused (write the values out, or repeat them fewer times) (defined at line 13, column 193) (used at line 13, column 243)"
        );
        assert_eq!(
            plain_message("budget breached: Depth { depth: 9000 } at line 1, column 2"),
            "the YAML is nested too deeply"
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut yaml =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let mut prev = 'a';
        for name in 'b'..='m' {
            yaml.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        let result = parse::<serde_json::Value>(&yaml, "bomb.yaml", 0);
        assert!(result.is_err());
    }
}
