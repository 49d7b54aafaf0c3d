//! Turning one logical line into an [`Instruction`]: keyword, flags, arguments and the
//! per-instruction checks Docker makes.

use super::lex::{self, FlagWord, Json};
use super::model::{
    ArgDecl, Args, Detail, Diagnostic, Flag, Health, Instruction, KeyValue, Keyword, Position, Span,
};
use super::source::LogicalLine;

/// A heredoc marker found on an instruction line; its body is read by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Delimiter word, quotes removed.
    pub name: String,
    /// `<<-`.
    pub chomp: bool,
    /// False when the delimiter was quoted.
    pub expand: bool,
    /// Descriptor before `<<`.
    pub fd: Option<u32>,
    /// Where `<<` (or the descriptor) starts.
    pub position: Position,
}

/// An instruction read from a line, plus the problems found and the heredocs to read.
#[derive(Debug)]
pub struct Parsed {
    /// The instruction (its `span.end` and `heredocs` are completed by the caller).
    pub instruction: Instruction,
    /// Problems with this instruction.
    pub diagnostics: Vec<Diagnostic>,
    /// Heredoc markers whose bodies follow the instruction.
    pub markers: Vec<Marker>,
}

/// How a flag takes its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagKind {
    /// `--name=value`; may be given once.
    Text,
    /// `--name=value`; may be repeated.
    Repeated,
    /// `--name`, `--name=true` or `--name=false`.
    Bool,
}

/// The flags each instruction accepts (BuildKit's current set).
fn allowed_flags(keyword: Keyword) -> &'static [(&'static str, FlagKind)] {
    use FlagKind::*;
    match keyword {
        Keyword::From => &[("platform", Text)],
        Keyword::Copy => &[
            ("from", Text),
            ("chown", Text),
            ("chmod", Text),
            ("link", Bool),
            ("parents", Bool),
            ("exclude", Repeated),
        ],
        Keyword::Add => &[
            ("chown", Text),
            ("chmod", Text),
            ("link", Bool),
            ("keep-git-dir", Bool),
            ("checksum", Text),
            ("exclude", Repeated),
            ("unpack", Bool),
        ],
        Keyword::Run => &[
            ("mount", Repeated),
            ("network", Text),
            ("security", Text),
            ("device", Repeated),
        ],
        Keyword::Healthcheck => &[
            ("interval", Text),
            ("timeout", Text),
            ("start-period", Text),
            ("start-interval", Text),
            ("retries", Text),
        ],
        _ => &[],
    }
}

/// Parses the instruction that starts at byte `start` of `line` (0 for a whole line; the
/// trigger of `ONBUILD` starts later). `span` covers the instruction's lines so far.
pub fn parse_instruction(
    line: &LogicalLine<'_>,
    start: usize,
    span: Span,
    escape: char,
    nested: bool,
) -> Parsed {
    let whole = &line.text[start..];
    let leading = whole.len() - whole.trim_start().len();
    let text_start = start + leading;
    let text = whole.trim();
    let (keyword_range, rest_offset) = lex::split_keyword(text);
    let keyword_text = &text[keyword_range];
    let keyword = Keyword::from_word(keyword_text);
    let rest = &text[rest_offset..];
    let (flag_words, args_offset) = lex::extract_flags(rest);
    let args_text = rest[args_offset..].trim();
    let args_start = text_start + rest_offset + args_offset;
    // Skip whitespace the trim removed so the position lands on the first argument.
    let args_start =
        args_start + (rest[args_offset..].len() - rest[args_offset..].trim_start().len());

    let mut parser = InstructionParser {
        line,
        escape,
        keyword,
        keyword_text,
        diagnostics: Vec::new(),
        position: line.position(text_start),
        args_position: line.position(args_start),
    };
    let flags = parser.read_flags(&flag_words, text_start + rest_offset);
    let (args, detail) = parser.read_args(args_text, args_start, span, nested);
    let markers = if parser.can_hold_heredocs(&args, &detail) {
        heredoc_markers(line, text_start, text)
    } else {
        Vec::new()
    };

    Parsed {
        instruction: Instruction {
            keyword,
            keyword_text: keyword_text.to_owned(),
            span,
            position: parser.position,
            args_position: parser.args_position,
            flags,
            args,
            heredocs: Vec::new(),
            detail,
            source: text.to_owned(),
        },
        diagnostics: parser.diagnostics,
        markers,
    }
}

struct InstructionParser<'l, 'a> {
    line: &'l LogicalLine<'a>,
    escape: char,
    keyword: Keyword,
    keyword_text: &'l str,
    diagnostics: Vec<Diagnostic>,
    position: Position,
    args_position: Position,
}

impl InstructionParser<'_, '_> {
    fn error(&mut self, position: Position, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(position, message));
    }

    fn args_error(&mut self, message: impl Into<String>) {
        self.error(self.args_position, message);
    }

    fn name(&self) -> &'static str {
        self.keyword.as_str()
    }

    /// Checks each flag against what the instruction accepts.
    fn read_flags(&mut self, words: &[FlagWord], base: usize) -> Vec<Flag> {
        let allowed = allowed_flags(self.keyword);
        let mut flags: Vec<Flag> = Vec::new();
        for word in words {
            let position = self.line.position(base + word.offset);
            let body = word.text.strip_prefix("--").unwrap_or(&word.text);
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (body, None),
            };
            if self.keyword == Keyword::Unknown {
                // The unknown keyword is reported once; its flags are not checked.
                flags.push(Flag {
                    name: name.to_owned(),
                    value,
                    position,
                });
                continue;
            }
            let shown = lex::clip(name, 40);
            let Some((_, kind)) = allowed.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) else {
                let message = if name.is_empty() {
                    format!("a flag needs a name after `--` (in {})", self.name())
                } else if allowed.is_empty() {
                    format!("{} takes no flags, but `--{shown}` was given", self.name())
                } else {
                    let known: Vec<String> =
                        allowed.iter().map(|(n, _)| format!("--{n}")).collect();
                    format!(
                        "unknown flag `--{shown}` for {}; expected one of {}",
                        self.name(),
                        known.join(", ")
                    )
                };
                self.error(position, message);
                continue;
            };
            let name = name.to_ascii_lowercase();
            match (kind, &value) {
                (FlagKind::Text | FlagKind::Repeated, None) => {
                    self.error(
                        position,
                        format!("`--{name}` needs a value: write `--{name}=<value>`"),
                    );
                    continue;
                }
                (FlagKind::Bool, Some(v))
                    if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") =>
                {
                    self.error(
                        position,
                        format!("`--{name}` is true or false, not `{}`", lex::clip(v, 40)),
                    );
                    continue;
                }
                _ => {}
            }
            if *kind != FlagKind::Repeated && flags.iter().any(|f| f.name == name) {
                self.error(position, format!("`--{name}` is given more than once"));
                continue;
            }
            flags.push(Flag {
                name,
                value,
                position,
            });
        }
        flags
    }

    /// Reads the arguments as `ADD`, `COPY` and `VOLUME` do: JSON or whitespace-separated.
    fn json_or_list(&mut self, text: &str) -> (Args, Vec<String>) {
        match lex::parse_json_array(text) {
            Json::Strings { trailing: true, .. } => {
                self.trailing_warning("a list of words");
                (Args::Shell(text.to_owned()), lex::split_plain(text))
            }
            Json::Strings { items, .. } => (Args::Exec(items.clone()), items),
            Json::NotStrings => {
                self.not_strings();
                (Args::Shell(text.to_owned()), Vec::new())
            }
            Json::NotJson => (Args::Shell(text.to_owned()), lex::split_plain(text)),
        }
    }

    /// Reads the arguments as `RUN`, `CMD`, `ENTRYPOINT` and `SHELL` do: JSON, or shell text.
    fn json_or_shell(&mut self, text: &str) -> Args {
        match lex::parse_json_array(text) {
            Json::Strings { trailing: true, .. } => {
                self.trailing_warning("shell form, run by /bin/sh");
                Args::Shell(text.to_owned())
            }
            Json::Strings { items, .. } => Args::Exec(items),
            Json::NotStrings => {
                self.not_strings();
                Args::Shell(text.to_owned())
            }
            Json::NotJson => Args::Shell(text.to_owned()),
        }
    }

    /// BuildKit parses the whole rest of the line as JSON; text after the array (even a
    /// comment) makes that fail, and the line is read as `reading` instead.
    fn trailing_warning(&mut self, reading: &str) {
        self.diagnostics.push(Diagnostic::warning(
            self.args_position,
            format!(
                "text after the JSON array of {} is not allowed, so Docker reads the whole line \
                 as {reading}; remove it (comments go on their own line)",
                self.name()
            ),
        ));
    }

    fn not_strings(&mut self) {
        self.args_error(format!(
            "the JSON array of {} must hold only strings, e.g. [\"executable\", \"arg\"]",
            self.name()
        ));
    }

    fn read_args(
        &mut self,
        text: &str,
        text_start: usize,
        span: Span,
        nested: bool,
    ) -> (Args, Detail) {
        let plain = || Args::Shell(text.to_owned());
        match self.keyword {
            Keyword::From => (plain(), self.read_from(text)),
            Keyword::Copy | Keyword::Add => {
                let (args, items) = self.json_or_list(text);
                let detail = self.read_copy(items);
                (args, detail)
            }
            Keyword::Volume => {
                let (args, items) = self.json_or_list(text);
                if text.is_empty() {
                    self.args_error("VOLUME needs at least one path");
                }
                (args, Detail::List { items })
            }
            Keyword::Expose => {
                let items = lex::split_plain(text);
                if items.is_empty() {
                    self.args_error("EXPOSE needs at least one port, e.g. EXPOSE 8080/tcp");
                }
                (plain(), Detail::List { items })
            }
            Keyword::Run => {
                let args = self.json_or_shell(text);
                if args.is_empty() && text.is_empty() {
                    self.args_error("RUN needs a command");
                }
                (args, Detail::None)
            }
            Keyword::Cmd | Keyword::Entrypoint => (self.json_or_shell(text), Detail::None),
            Keyword::Shell => {
                let args = self.json_or_shell(text);
                match &args {
                    Args::Exec(items) if items.is_empty() => self
                        .args_error("SHELL needs at least the shell, e.g. [\"/bin/sh\", \"-c\"]"),
                    Args::Exec(_) => {}
                    Args::Shell(_) => self.args_error(
                        "SHELL must use the JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]",
                    ),
                }
                (args, Detail::None)
            }
            Keyword::Env | Keyword::Label => (plain(), self.read_pairs(text)),
            Keyword::Arg => (plain(), self.read_arg(text)),
            Keyword::User => (plain(), self.read_user(text)),
            Keyword::Workdir | Keyword::Maintainer | Keyword::Stopsignal => {
                if text.is_empty() {
                    self.args_error(format!("{} needs exactly one argument", self.name()));
                }
                if self.keyword == Keyword::Stopsignal && lex::split_plain(text).len() > 1 {
                    self.args_error("STOPSIGNAL takes one signal, e.g. SIGTERM");
                }
                (plain(), Detail::None)
            }
            Keyword::Healthcheck => self.read_healthcheck(text),
            Keyword::Onbuild => (plain(), self.read_onbuild(text, text_start, span, nested)),
            Keyword::Unknown => {
                self.unknown_keyword();
                (plain(), Detail::None)
            }
        }
    }

    fn unknown_keyword(&mut self) {
        let word = self.keyword_text;
        let suggestion = if word.chars().count() <= 16 {
            Keyword::ALL
                .into_iter()
                .map(|k| (lex::edit_distance(word, k.as_str()), k))
                .filter(|(d, _)| *d <= 2)
                .min_by_key(|(d, _)| *d)
                .map(|(_, k)| k)
        } else {
            None
        };
        let shown = lex::clip(word, 40);
        let message = match suggestion {
            Some(k) => format!("unknown instruction `{shown}`; did you mean {k}?"),
            None => format!("unknown instruction `{shown}`"),
        };
        self.error(self.position, message);
    }

    fn read_from(&mut self, text: &str) -> Detail {
        let words = lex::split_plain(text);
        match words.as_slice() {
            [] => {
                self.args_error("FROM needs an image: FROM <image> [AS <name>]");
                Detail::None
            }
            [image] => Detail::From {
                image: image.clone(),
                alias: None,
            },
            [image, as_word, name] if as_word.eq_ignore_ascii_case("as") => {
                let lower = name.to_ascii_lowercase();
                let valid = lower.starts_with(|c: char| c.is_ascii_lowercase())
                    && lower
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
                if !valid {
                    self.args_error(format!(
                        "invalid stage name `{}`: start with a letter and use only letters, \
                         digits, `-`, `_` and `.`",
                        lex::clip(name, 40)
                    ));
                }
                Detail::From {
                    image: image.clone(),
                    alias: Some(name.clone()),
                }
            }
            _ => {
                self.args_error(
                    "FROM takes an image and optionally `AS <name>`: FROM <image> [AS <name>]",
                );
                match words.first() {
                    Some(image) => Detail::From {
                        image: image.clone(),
                        alias: None,
                    },
                    None => Detail::None,
                }
            }
        }
    }

    fn read_copy(&mut self, mut items: Vec<String>) -> Detail {
        if items.len() < 2 {
            self.args_error(format!(
                "{} needs at least one source and a destination",
                self.name()
            ));
            return Detail::None;
        }
        let destination = items.pop().unwrap_or_default();
        if destination.contains("<<") && heredoc_parts(&destination).is_some() {
            self.args_error(format!(
                "a heredoc cannot be the destination of {}",
                self.name()
            ));
        }
        Detail::Copy {
            sources: items,
            destination,
        }
    }

    fn read_pairs(&mut self, text: &str) -> Detail {
        let words = lex::parse_words(text, self.escape);
        let mut pairs = Vec::new();
        if words.is_empty() {
            self.args_error(format!(
                "{} needs at least one name=value pair",
                self.name()
            ));
        } else if !words[0].contains('=') {
            // The old form: `ENV NAME value with spaces`.
            let mut parts = text.splitn(2, lex::is_split_space);
            let key = parts.next().unwrap_or_default();
            match parts.next().map(str::trim_start) {
                Some(value) if !value.is_empty() => pairs.push(KeyValue {
                    key: key.to_owned(),
                    value: lex::unquote(value, self.escape),
                }),
                _ => self.args_error(format!(
                    "{} needs a value: write {} {}=value",
                    self.name(),
                    self.name(),
                    lex::clip(key, 40)
                )),
            }
        } else {
            for word in &words {
                match word.split_once('=') {
                    Some(("", _)) => {
                        self.args_error(format!("{} has a pair with an empty name", self.name()));
                    }
                    Some((key, value)) => pairs.push(KeyValue {
                        key: lex::unquote(key, self.escape),
                        value: lex::unquote(value, self.escape),
                    }),
                    None => self.args_error(format!(
                        "`{}` has no `=`: {} pairs are written name=value",
                        lex::clip(word, 40),
                        self.name()
                    )),
                }
            }
        }
        if self.keyword == Keyword::Env {
            Detail::Env { vars: pairs }
        } else {
            Detail::Label { labels: pairs }
        }
    }

    fn read_arg(&mut self, text: &str) -> Detail {
        let words = lex::parse_words(text, self.escape);
        if words.is_empty() {
            self.args_error("ARG needs a name: ARG NAME or ARG NAME=default");
        }
        let args = words
            .iter()
            .filter_map(|word| {
                let (name, default) = match word.split_once('=') {
                    Some((n, v)) => (n, Some(lex::unquote(v, self.escape))),
                    None => (word.as_str(), None),
                };
                if name.is_empty() {
                    self.args_error("ARG has a declaration with an empty name");
                    return None;
                }
                Some(ArgDecl {
                    name: name.to_owned(),
                    default,
                })
            })
            .collect();
        Detail::Arg { args }
    }

    fn read_user(&mut self, text: &str) -> Detail {
        if text.is_empty() {
            self.args_error("USER needs a user name or id, e.g. USER 65532 or USER app:app");
            return Detail::None;
        }
        let (user, group) = match text.split_once(':') {
            Some((u, g)) => (u, Some(g.to_owned())),
            None => (text, None),
        };
        Detail::User {
            user: user.to_owned(),
            group,
        }
    }

    fn read_healthcheck(&mut self, text: &str) -> (Args, Detail) {
        let end = text.find(char::is_whitespace).unwrap_or(text.len());
        let kind = &text[..end];
        let command = text[end..].trim_start();
        if kind.is_empty() {
            self.args_error("HEALTHCHECK needs CMD <command> or NONE");
            return (Args::Shell(String::new()), Detail::None);
        }
        if kind.eq_ignore_ascii_case("none") {
            if !command.is_empty() {
                self.args_error("HEALTHCHECK NONE takes no arguments");
            }
            return (
                Args::Shell(text.to_owned()),
                Detail::Healthcheck {
                    health: Health::None,
                },
            );
        }
        if !kind.eq_ignore_ascii_case("cmd") {
            self.args_error(format!(
                "HEALTHCHECK takes CMD or NONE, not `{}`",
                lex::clip(kind, 40)
            ));
            return (Args::Shell(text.to_owned()), Detail::None);
        }
        let args = self.json_or_shell(command);
        if args.is_empty() {
            self.args_error("HEALTHCHECK CMD needs a command");
        }
        (
            args.clone(),
            Detail::Healthcheck {
                health: Health::Cmd(args),
            },
        )
    }

    fn read_onbuild(&mut self, text: &str, text_start: usize, span: Span, nested: bool) -> Detail {
        if text.is_empty() {
            self.args_error("ONBUILD needs an instruction to run later, e.g. ONBUILD COPY . /app");
            return Detail::None;
        }
        if nested {
            // Only reached for `ONBUILD ONBUILD`, which the outer call reports.
            return Detail::None;
        }
        let parsed = parse_instruction(self.line, text_start, span, self.escape, true);
        match parsed.instruction.keyword {
            Keyword::Onbuild => {
                self.args_error("ONBUILD cannot trigger another ONBUILD");
                return Detail::None;
            }
            Keyword::From | Keyword::Maintainer => {
                self.args_error(format!(
                    "{} is not allowed as an ONBUILD trigger",
                    parsed.instruction.keyword
                ));
            }
            _ => {}
        }
        self.diagnostics.extend(parsed.diagnostics);
        Detail::Onbuild {
            trigger: Box::new(parsed.instruction),
        }
    }

    /// Heredocs are read for shell-form `RUN`, `COPY` and `ADD`, directly or under `ONBUILD`.
    fn can_hold_heredocs(&self, args: &Args, detail: &Detail) -> bool {
        match (self.keyword, detail) {
            (Keyword::Run | Keyword::Copy | Keyword::Add, _) => !args.is_exec(),
            (Keyword::Onbuild, Detail::Onbuild { trigger }) => {
                matches!(trigger.keyword, Keyword::Run | Keyword::Copy | Keyword::Add)
                    && !trigger.args.is_exec()
            }
            _ => false,
        }
    }
}

/// Reads a heredoc marker word such as `<<EOF`, `<<-"EOF"` or `3<<EOF`: returns the
/// descriptor, chomp flag and delimiter text as written.
pub fn heredoc_parts(word: &str) -> Option<(Option<u32>, bool, &str)> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let fd = if digits == 0 {
        None
    } else {
        word[..digits].parse().ok()
    };
    Some((fd, chomp, rest))
}

/// Finds heredoc markers on an instruction line (`text` starts at byte `start` of `line`).
fn heredoc_markers(line: &LogicalLine<'_>, start: usize, text: &str) -> Vec<Marker> {
    if !text.contains("<<") {
        return Vec::new();
    }
    let Some(words) = lex::raw_shell_words(text) else {
        return Vec::new();
    };
    words
        .iter()
        .filter_map(|(word, offset)| {
            let (fd, chomp, rest) = heredoc_parts(word)?;
            let name = lex::unquote(rest, '\\');
            let expand = !rest.contains(['\'', '"']);
            Some(Marker {
                name,
                chomp,
                expand,
                fd,
                position: line.position(start + offset),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(text: &str) -> Parsed {
        let lines = [text];
        let mut logical = LogicalLine::new(&lines);
        logical.push(text, 0, 0);
        parse_instruction(&logical, 0, Span { start: 1, end: 1 }, '\\', false)
    }

    fn messages(parsed: &Parsed) -> Vec<String> {
        parsed
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn from_with_platform_and_alias_in_any_case() {
        let p = parse_one("from --platform=$BUILDPLATFORM golang:1.23 aS Build");
        assert_eq!(p.instruction.keyword, Keyword::From);
        assert_eq!(p.instruction.keyword_text, "from");
        assert_eq!(p.instruction.flag_value("platform"), Some("$BUILDPLATFORM"));
        assert_eq!(
            p.instruction.from_parts(),
            Some(("golang:1.23", Some("Build")))
        );
        assert_eq!(p.instruction.args_position, Position::new(1, 32));
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn from_errors() {
        assert!(
            messages(&parse_one("FROM"))
                .iter()
                .any(|m| m.contains("needs an image"))
        );
        assert!(
            messages(&parse_one("FROM a b"))
                .iter()
                .any(|m| m.contains("optionally `AS <name>`"))
        );
        assert!(
            messages(&parse_one("FROM a AS 1st"))
                .iter()
                .any(|m| m.contains("invalid stage name"))
        );
    }

    #[test]
    fn copy_flags_and_sources() {
        let p = parse_one("COPY --from=build --chown=65532:65532 --link /out/app /app");
        assert_eq!(p.instruction.copy_from(), Some("build"));
        assert_eq!(p.instruction.flag_value("chown"), Some("65532:65532"));
        assert_eq!(
            p.instruction.flag("link").map(|f| f.value.clone()),
            Some(None)
        );
        assert_eq!(
            p.instruction.detail,
            Detail::Copy {
                sources: vec!["/out/app".into()],
                destination: "/app".into()
            }
        );
        assert!(p.diagnostics.is_empty());
    }

    #[test]
    fn bad_flags_are_reported_at_the_flag() {
        let p = parse_one("COPY --form=build a b");
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].position, Position::new(1, 6));
        assert!(p.diagnostics[0].message.contains("unknown flag `--form`"));
        assert!(
            messages(&parse_one("COPY --from a b"))
                .iter()
                .any(|m| m.contains("needs a value"))
        );
        assert!(
            messages(&parse_one("COPY --link=maybe a b"))
                .iter()
                .any(|m| m.contains("true or false"))
        );
        assert!(
            messages(&parse_one("COPY --from=a --from=b a b"))
                .iter()
                .any(|m| m.contains("more than once"))
        );
        assert!(
            messages(&parse_one("WORKDIR --x=1 /a"))
                .iter()
                .any(|m| m.contains("takes no flags"))
        );
        assert!(
            messages(&parse_one("COPY --=1 a b"))
                .iter()
                .any(|m| m.contains("needs a name"))
        );
    }

    #[test]
    fn run_mounts_are_repeatable_and_expose_from() {
        let p = parse_one(
            "RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=deps,target=/d go build",
        );
        assert!(p.diagnostics.is_empty());
        assert_eq!(p.instruction.mount_sources(), vec!["deps"]);
        assert_eq!(p.instruction.args, Args::Shell("go build".into()));
    }

    #[test]
    fn exec_and_shell_forms() {
        assert_eq!(
            parse_one(r#"CMD ["python3", "app.py"]"#).instruction.args,
            Args::Exec(vec!["python3".into(), "app.py".into()])
        );
        assert_eq!(
            parse_one("CMD ['python3', 'app.py']").instruction.args,
            Args::Shell("['python3', 'app.py']".into())
        );
        let p = parse_one("ENTRYPOINT [1]");
        assert!(messages(&p).iter().any(|m| m.contains("only strings")));
        let p = parse_one(r#"CMD ["a"] b"#);
        assert_eq!(
            p.diagnostics[0].severity,
            super::super::model::Severity::Warning
        );
    }

    #[test]
    fn env_label_arg_user() {
        let p = parse_one(r#"ENV A=1 B="two words" C=x\ y"#);
        let Detail::Env { vars } = &p.instruction.detail else {
            panic!("not env: {:?}", p.instruction.detail);
        };
        let values: Vec<(&str, &str)> = vars
            .iter()
            .map(|v| (v.key.as_str(), v.value.as_str()))
            .collect();
        assert_eq!(values, vec![("A", "1"), ("B", "two words"), ("C", "x y")]);
        let p = parse_one("ENV PATH /usr/local/bin:$PATH");
        assert!(matches!(&p.instruction.detail, Detail::Env { vars } if vars[0].key == "PATH"));
        assert!(
            messages(&parse_one("ENV A"))
                .iter()
                .any(|m| m.contains("needs a value"))
        );
        assert!(
            messages(&parse_one("LABEL a=1 b"))
                .iter()
                .any(|m| m.contains("has no `=`"))
        );
        let p = parse_one("ARG GO=1.23 TARGETOS");
        assert_eq!(
            p.instruction.detail,
            Detail::Arg {
                args: vec![
                    ArgDecl {
                        name: "GO".into(),
                        default: Some("1.23".into())
                    },
                    ArgDecl {
                        name: "TARGETOS".into(),
                        default: None
                    }
                ]
            }
        );
        assert_eq!(
            parse_one("USER app:staff").instruction.detail,
            Detail::User {
                user: "app".into(),
                group: Some("staff".into())
            }
        );
    }

    #[test]
    fn healthcheck_and_onbuild() {
        let p = parse_one("HEALTHCHECK --interval=30s CMD [\"/app\", \"health\"]");
        assert!(p.diagnostics.is_empty());
        assert!(matches!(
            &p.instruction.detail,
            Detail::Healthcheck { health: Health::Cmd(Args::Exec(v)) } if v.len() == 2
        ));
        assert!(
            messages(&parse_one("HEALTHCHECK NONE x"))
                .iter()
                .any(|m| m.contains("no arguments"))
        );
        let p = parse_one("ONBUILD RUN make");
        assert!(matches!(
            &p.instruction.detail,
            Detail::Onbuild { trigger } if trigger.keyword == Keyword::Run
        ));
        assert!(
            messages(&parse_one("ONBUILD ONBUILD RUN x"))
                .iter()
                .any(|m| m.contains("another ONBUILD"))
        );
        assert!(
            messages(&parse_one("ONBUILD FROM x"))
                .iter()
                .any(|m| m.contains("not allowed"))
        );
    }

    #[test]
    fn unknown_instruction_suggests_a_keyword() {
        let p = parse_one("FORM alpine");
        assert_eq!(p.instruction.keyword, Keyword::Unknown);
        assert_eq!(
            messages(&p),
            vec!["unknown instruction `FORM`; did you mean FROM?"]
        );
    }

    #[test]
    fn heredoc_markers_are_found_in_shell_words() {
        let p = parse_one(r#"RUN <<EOF cat <<-"END" > 'x <<NO' 3<<A"#);
        let names: Vec<(&str, bool, bool, Option<u32>)> = p
            .markers
            .iter()
            .map(|m| (m.name.as_str(), m.chomp, m.expand, m.fd))
            .collect();
        assert_eq!(
            names,
            vec![
                ("EOF", false, true, None),
                ("END", true, false, None),
                ("A", false, true, Some(3))
            ]
        );
        assert!(parse_one(r#"RUN ["cat", "<<EOF"]"#).markers.is_empty());
        assert!(parse_one("CMD cat <<EOF").markers.is_empty());
        assert!(parse_one("RUN cat<<EOF").markers.is_empty());
        assert_eq!(parse_one("ONBUILD RUN <<EOF").markers.len(), 1);
    }

    #[test]
    fn heredoc_destination_is_an_error() {
        assert!(
            messages(&parse_one("COPY a <<EOF"))
                .iter()
                .any(|m| m.contains("destination"))
        );
    }
}
