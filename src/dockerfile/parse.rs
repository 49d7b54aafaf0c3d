//! The Dockerfile parser: parser directives, comments, line continuations, heredocs, and the
//! file-level checks (a `FROM` is needed; only `ARG` may come before it).
//!
//! It follows the rules of BuildKit's parser. It is total: any input gives a [`Dockerfile`]
//! with the instructions that could be read and a diagnostic for each problem.

use super::instruction::{self, Marker};
use super::model::{Comment, Diagnostic, Directive, Dockerfile, Heredoc, Keyword, Position, Span};
use super::source::{self, LogicalLine};

/// Parses a Dockerfile. Never panics; problems are in [`Dockerfile::diagnostics`].
pub fn parse(src: &str) -> Dockerfile {
    let lines = source::split_lines(src);
    let mut parser = Parser {
        lines: &lines,
        escape: '\\',
        directives: Vec::new(),
        instructions: Vec::new(),
        comments: Vec::new(),
        diagnostics: Vec::new(),
    };
    let first = parser.read_directives();
    parser.read_instructions(first);
    parser.check_file();
    let mut diagnostics = parser.diagnostics;
    diagnostics.sort_by_key(|d| d.position);
    Dockerfile {
        escape: parser.escape,
        directives: parser.directives,
        instructions: parser.instructions,
        comments: parser.comments,
        diagnostics,
        line_count: lines.len(),
    }
}

struct Parser<'a> {
    lines: &'a [&'a str],
    escape: char,
    directives: Vec<Directive>,
    instructions: Vec<super::model::Instruction>,
    comments: Vec<Comment>,
    diagnostics: Vec<Diagnostic>,
}

/// The names BuildKit accepts as parser directives.
const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// Reads `# name = value` (name: a letter then letters and digits; value: not empty).
fn directive_parts(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_prefix('#')?.trim_start();
    let name_end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = &body[..name_end];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let value = body[name_end..].trim_start().strip_prefix('=')?.trim();
    (!value.is_empty()).then_some((name, value))
}

fn is_comment(raw: &str) -> bool {
    raw.trim_start().starts_with('#')
}

impl Parser<'_> {
    /// Reads the parser directives at the top; returns the index of the first line after them.
    fn read_directives(&mut self) -> usize {
        let mut index = 0;
        while let Some(raw) = self.lines.get(index) {
            let line = raw.trim_start();
            let Some((name, value)) = directive_parts(line) else {
                break;
            };
            let name = name.to_ascii_lowercase();
            if !DIRECTIVES.contains(&name.as_str()) {
                // An unknown directive is an ordinary comment and ends the directives.
                break;
            }
            let position = Position::new(index + 1, raw.len() - line.len() + 1);
            if self.directives.iter().any(|d| d.name == name) {
                self.diagnostics.push(Diagnostic::error(
                    position,
                    format!("only one `{name}` parser directive is allowed"),
                ));
            } else {
                if name == "escape" {
                    match value {
                        "\\" => self.escape = '\\',
                        "`" => self.escape = '`',
                        other => self.diagnostics.push(Diagnostic::error(
                            position,
                            format!(
                                "invalid escape character `{}`: use \\ or `",
                                super::lex::clip(other, 20)
                            ),
                        )),
                    }
                }
                self.directives.push(Directive {
                    name,
                    value: value.to_owned(),
                    line: index + 1,
                });
            }
            index += 1;
        }
        index
    }

    /// Removes a line-continuation escape at the end of `line` (Docker's rule: the escape,
    /// then only spaces or tabs, and not itself escaped). Returns the text before it, or `None`
    /// when the line does not continue.
    fn strip_continuation<'s>(&self, line: &'s str) -> Option<&'s str> {
        let trimmed = line.trim_end_matches([' ', '\t']);
        let before = trimmed.strip_suffix(self.escape)?;
        if before.ends_with(self.escape) {
            None
        } else {
            Some(before)
        }
    }

    fn read_instructions(&mut self, mut index: usize) {
        while index < self.lines.len() {
            let raw = self.lines[index];
            let line = raw.trim_start();
            let start_index = index;
            index += 1;
            if let Some(comment) = line.strip_prefix('#') {
                self.comments.push(Comment {
                    line: start_index + 1,
                    text: comment.trim().to_owned(),
                });
                continue;
            }
            let mut logical = LogicalLine::new(self.lines);
            let first_offset = raw.len() - line.len();
            let mut continues = match self.strip_continuation(line) {
                Some(before) => {
                    logical.push(before, start_index, first_offset);
                    true
                }
                None => {
                    if line.is_empty() {
                        continue;
                    }
                    logical.push(line, start_index, first_offset);
                    false
                }
            };
            let mut end_index = start_index;
            let mut empty_continuation = None;
            while continues && index < self.lines.len() {
                let next = self.lines[index];
                end_index = index;
                index += 1;
                if is_comment(next) {
                    continue;
                }
                if next.trim().is_empty() {
                    empty_continuation.get_or_insert(end_index);
                    continue;
                }
                match self.strip_continuation(next) {
                    Some(before) => logical.push(before, end_index, 0),
                    None => {
                        logical.push(next, end_index, 0);
                        continues = false;
                    }
                }
            }
            if logical.text.trim().is_empty() {
                // Only continuation characters and blank or comment lines.
                continue;
            }
            if let Some(blank) = empty_continuation {
                self.diagnostics.push(Diagnostic::warning(
                    Position::new(blank + 1, 1),
                    "empty continuation line: the instruction goes on after this blank line",
                ));
            }
            let span = Span {
                start: start_index + 1,
                end: end_index + 1,
            };
            let parsed = instruction::parse_instruction(&logical, 0, span, self.escape, false);
            let mut instruction = parsed.instruction;
            self.diagnostics.extend(parsed.diagnostics);
            for marker in parsed.markers {
                let heredoc = self.read_heredoc(&marker, &mut index);
                instruction.span.end = instruction.span.end.max(heredoc.body.end);
                instruction.heredocs.push(heredoc);
            }
            self.instructions.push(instruction);
        }
    }

    /// Reads the body of a heredoc from line `*index` up to its delimiter.
    fn read_heredoc(&mut self, marker: &Marker, index: &mut usize) -> Heredoc {
        let start = *index;
        let mut content = String::new();
        loop {
            let Some(raw) = self.lines.get(*index) else {
                self.diagnostics.push(Diagnostic::error(
                    marker.position,
                    format!(
                        "unterminated heredoc: no line `{}` ends it",
                        super::lex::clip(&marker.name, 40)
                    ),
                ));
                let end = self.lines.len().max(start);
                return self.heredoc(marker, content, start, end);
            };
            *index += 1;
            let candidate = if marker.chomp {
                raw.trim_start_matches('\t')
            } else {
                raw
            };
            if candidate == marker.name {
                return self.heredoc(marker, content, start, *index);
            }
            content.push_str(raw);
            content.push('\n');
        }
    }

    /// A heredoc whose body runs from 0-based line `start` to 1-based line `end`.
    fn heredoc(&self, marker: &Marker, content: String, start: usize, end: usize) -> Heredoc {
        Heredoc {
            name: marker.name.clone(),
            chomp: marker.chomp,
            expand: marker.expand,
            fd: marker.fd,
            content,
            marker: marker.position,
            body: Span {
                start: (start + 1).min(end.max(1)),
                end: end.max(1),
            },
        }
    }

    /// File-level rules: at least one `FROM`, and nothing but `ARG` before the first.
    fn check_file(&mut self) {
        let first_from = self
            .instructions
            .iter()
            .position(|i| i.keyword == Keyword::From);
        let before = first_from.unwrap_or(self.instructions.len());
        for instruction in &self.instructions[..before] {
            if matches!(instruction.keyword, Keyword::Arg | Keyword::Unknown) {
                continue;
            }
            self.diagnostics.push(Diagnostic::error(
                instruction.position,
                format!(
                    "{} comes before the first FROM; only ARG may come before FROM",
                    instruction.keyword
                ),
            ));
        }
        if first_from.is_none() {
            let position = self
                .instructions
                .last()
                .map_or(Position::new(self.lines.len().max(1), 1), |i| i.position);
            let message = if self.instructions.is_empty() {
                "the file has no instructions; a Dockerfile needs at least one FROM"
            } else {
                "no FROM instruction; a Dockerfile needs at least one stage"
            };
            self.diagnostics.push(Diagnostic::error(position, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{Args, Detail, Severity};
    use super::*;

    fn errors(df: &Dockerfile) -> Vec<String> {
        df.errors().map(ToString::to_string).collect()
    }

    #[test]
    fn continuation_lines_are_joined_and_comments_inside_dropped() {
        let df =
            parse("FROM alpine\nRUN apk add \\\n# a comment\n    curl \\\n    git\nCMD [\"sh\"]\n");
        assert!(df.diagnostics.is_empty(), "{:?}", df.diagnostics);
        let run = &df.instructions[1];
        assert_eq!(run.args, Args::Shell("apk add     curl     git".into()));
        assert_eq!(run.span, Span { start: 2, end: 5 });
        assert_eq!(df.instructions[2].span, Span { start: 6, end: 6 });
        assert_eq!(df.line_count, 6);
    }

    #[test]
    fn escape_directive_switches_to_backtick() {
        let src = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir C:\\ `\n    && echo done\n";
        let df = parse(src);
        assert_eq!(df.escape, '`');
        assert_eq!(df.directive("escape"), Some("`"));
        assert_eq!(df.instructions.len(), 2);
        assert_eq!(df.instructions[1].span, Span { start: 3, end: 4 });
        assert_eq!(
            df.instructions[1].args,
            Args::Shell("dir C:\\     && echo done".into())
        );
    }

    #[test]
    fn directives_only_count_at_the_top() {
        let df = parse("# syntax=docker/dockerfile:1\n# check=skip=all\n\n# escape=`\nFROM a\n");
        assert_eq!(df.directives.len(), 2);
        assert_eq!(df.escape, '\\');
        assert_eq!(df.comments.len(), 1);
        let df = parse("# escape=x\nFROM a\n");
        assert!(errors(&df)[0].contains("invalid escape character"));
        let df = parse("# escape=`\n# escape=\\\nFROM a\n");
        assert!(errors(&df)[0].contains("only one `escape`"));
    }

    #[test]
    fn escaped_escape_does_not_continue() {
        let df = parse("FROM a\nRUN echo \\\\\nRUN b\n");
        assert_eq!(df.instructions.len(), 3);
    }

    #[test]
    fn crlf_bom_tabs_and_blank_lines() {
        let df = parse("\u{feff}FROM alpine:3.20 AS base\r\n\r\n\tRUN\techo hi\r\n");
        assert!(df.diagnostics.is_empty(), "{:?}", df.diagnostics);
        assert_eq!(df.instructions.len(), 2);
        assert_eq!(df.instructions[1].position, Position::new(3, 2));
        assert_eq!(df.instructions[1].args, Args::Shell("echo hi".into()));
    }

    #[test]
    fn heredocs_are_read_with_their_bodies() {
        let src = "FROM alpine\nRUN <<EOF\napk add curl\necho done\nEOF\nCOPY <<-\"CONF\" /etc/app.conf\n\tkey=1\n\tCONF\nCMD [\"/app\"]\n";
        let df = parse(src);
        assert!(df.diagnostics.is_empty(), "{:?}", df.diagnostics);
        let run = &df.instructions[1];
        assert_eq!(run.span, Span { start: 2, end: 5 });
        assert_eq!(run.heredocs[0].content, "apk add curl\necho done\n");
        assert_eq!(run.heredocs[0].body, Span { start: 3, end: 5 });
        let copy = &df.instructions[2];
        assert_eq!(copy.heredocs[0].name, "CONF");
        assert!(copy.heredocs[0].chomp && !copy.heredocs[0].expand);
        assert_eq!(copy.heredocs[0].text(), "key=1\n");
        assert_eq!(
            copy.detail,
            Detail::Copy {
                sources: vec!["<<-\"CONF\"".into()],
                destination: "/etc/app.conf".into()
            }
        );
        assert_eq!(df.instructions[3].span.start, 9);
    }

    #[test]
    fn several_heredocs_on_one_line_are_read_in_order() {
        let src = "FROM a\nRUN <<A cat <<B\none\nA\ntwo\nB\nRUN x\n";
        let df = parse(src);
        let run = &df.instructions[1];
        assert_eq!(run.heredocs.len(), 2);
        assert_eq!(run.heredocs[0].content, "one\n");
        assert_eq!(run.heredocs[1].content, "two\n");
        assert_eq!(run.span, Span { start: 2, end: 6 });
        assert_eq!(df.instructions[2].span.start, 7);
    }

    #[test]
    fn unterminated_heredoc_is_an_error_at_the_marker() {
        let df = parse("FROM a\nRUN cat <<EOF\nhello\n");
        let e = errors(&df);
        assert_eq!(
            e,
            vec!["2:9: error: unterminated heredoc: no line `EOF` ends it"]
        );
        assert_eq!(df.instructions[1].span, Span { start: 2, end: 3 });
    }

    #[test]
    fn instructions_before_from_and_missing_from() {
        let df = parse("ARG V=1\nRUN echo\nFROM a:$V\n");
        assert_eq!(
            errors(&df),
            vec!["2:1: error: RUN comes before the first FROM; only ARG may come before FROM"]
        );
        let df = parse("");
        assert_eq!(df.diagnostics.len(), 1);
        assert!(df.diagnostics[0].message.contains("no instructions"));
        let df = parse("# only a comment\n");
        assert_eq!(df.diagnostics[0].position, Position::new(1, 1));
        let df = parse("ARG X\n");
        assert!(errors(&df)[0].contains("no FROM"));
    }

    #[test]
    fn empty_continuation_line_is_a_warning() {
        let df = parse("FROM a\nRUN a \\\n\n  b\n");
        assert_eq!(df.diagnostics.len(), 1);
        assert_eq!(df.diagnostics[0].severity, Severity::Warning);
        assert_eq!(df.instructions[1].args, Args::Shell("a   b".into()));
    }

    #[test]
    fn positions_across_continuations() {
        let df = parse("FROM a\nCOPY \\\n  --from=b \\\n  --chown=1 x y\n");
        let copy = &df.instructions[1];
        assert_eq!(copy.flags[0].position, Position::new(3, 3));
        assert_eq!(copy.flags[1].position, Position::new(4, 3));
        assert_eq!(copy.args_position, Position::new(4, 13));
    }

    #[test]
    fn instruction_at_line_finds_spans() {
        let df = parse("FROM a\n\nRUN a \\\n b\nCMD x\n");
        assert_eq!(df.instruction_at_line(4).map(|(i, _)| i), Some(1));
        assert_eq!(df.instruction_at_line(2), None);
        assert_eq!(df.instruction_at_line(5).map(|(i, _)| i), Some(2));
    }

    #[test]
    fn a_huge_line_parses() {
        let src = format!("FROM a\nRUN echo {}\n", "x".repeat(1 << 20));
        let df = parse(&src);
        assert_eq!(df.instructions.len(), 2);
        let flags = "--mount=type=tmpfs,target=/t ".repeat(20_000);
        let df = parse(&format!("FROM a\nRUN {flags} true\n"));
        assert_eq!(df.instructions[1].flags.len(), 20_000);
    }
}
