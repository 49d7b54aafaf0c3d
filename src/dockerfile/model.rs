//! The parsed form of a Dockerfile: instructions with their positions, and diagnostics.

use std::fmt;

use serde::Serialize;

/// A place in the source: 1-based line and 1-based column (counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters; a tab counts as one.
    pub column: usize,
}

impl Position {
    /// A position from a 1-based line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

/// A range of whole lines, 1-based and inclusive at both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// First line.
    pub start: usize,
    /// Last line (equal to `start` for a one-line instruction).
    pub end: usize,
}

impl Span {
    /// Whether `line` lies inside the span.
    pub fn contains(&self, line: usize) -> bool {
        self.start <= line && line <= self.end
    }
}

/// How bad a diagnostic or finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Works, but is likely a mistake or a bad habit.
    Warning,
    /// The build or the container will fail, or the file cannot be read as a Dockerfile.
    Error,
}

impl Severity {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem found while parsing: where, how bad, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Where the problem is.
    pub position: Position,
    /// Errors make the file unbuildable; warnings are accepted by Docker.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `position`.
    pub fn error(position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            position,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning at `position`.
    pub fn warning(position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            position,
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `line:column: severity: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.position.line, self.position.column, self.severity, self.message
        )
    }
}

/// The instruction keywords Docker knows, plus `Unknown` for anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    /// `FROM`: starts a stage.
    From,
    /// `RUN`: runs a command at build time.
    Run,
    /// `CMD`: the default command or arguments of the container.
    Cmd,
    /// `LABEL`: metadata.
    Label,
    /// `EXPOSE`: documents a port.
    Expose,
    /// `ENV`: environment variables.
    Env,
    /// `ADD`: copies files, URLs, archives.
    Add,
    /// `COPY`: copies files.
    Copy,
    /// `ENTRYPOINT`: the executable of the container.
    Entrypoint,
    /// `VOLUME`: a mount point.
    Volume,
    /// `USER`: the user for later instructions and the container.
    User,
    /// `WORKDIR`: the working directory.
    Workdir,
    /// `ARG`: a build argument.
    Arg,
    /// `ONBUILD`: a trigger for images built on this one.
    Onbuild,
    /// `STOPSIGNAL`: the signal that stops the container.
    Stopsignal,
    /// `HEALTHCHECK`: how to test the container's health.
    Healthcheck,
    /// `SHELL`: the shell used by shell-form instructions.
    Shell,
    /// `MAINTAINER`: the deprecated author field.
    Maintainer,
    /// A word that is not an instruction.
    Unknown,
}

impl Keyword {
    /// Every real keyword, in the order Docker's reference lists them.
    pub const ALL: [Keyword; 18] = [
        Keyword::From,
        Keyword::Run,
        Keyword::Cmd,
        Keyword::Label,
        Keyword::Expose,
        Keyword::Env,
        Keyword::Add,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Volume,
        Keyword::User,
        Keyword::Workdir,
        Keyword::Arg,
        Keyword::Onbuild,
        Keyword::Stopsignal,
        Keyword::Healthcheck,
        Keyword::Shell,
        Keyword::Maintainer,
    ];

    /// The keyword for a word, ignoring case; `Unknown` when it is none.
    pub fn from_word(word: &str) -> Keyword {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(word))
            .unwrap_or(Keyword::Unknown)
    }

    /// The keyword in upper case, as Docker's documentation writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::From => "FROM",
            Keyword::Run => "RUN",
            Keyword::Cmd => "CMD",
            Keyword::Label => "LABEL",
            Keyword::Expose => "EXPOSE",
            Keyword::Env => "ENV",
            Keyword::Add => "ADD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Volume => "VOLUME",
            Keyword::User => "USER",
            Keyword::Workdir => "WORKDIR",
            Keyword::Arg => "ARG",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Shell => "SHELL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Unknown => "UNKNOWN",
        }
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The arguments of an instruction in one of Docker's two forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", content = "value", rename_all = "snake_case")]
pub enum Args {
    /// The JSON array form, `["executable", "arg"]`: run without a shell (the "exec form").
    Exec(Vec<String>),
    /// Plain text, trimmed. For `RUN`, `CMD` and `ENTRYPOINT` this is the "shell form", run by
    /// `/bin/sh -c`; for other instructions it is simply the text after the keyword and flags.
    Shell(String),
}

impl Args {
    /// Whether the arguments use the JSON (exec) form.
    pub fn is_exec(&self) -> bool {
        matches!(self, Args::Exec(_))
    }

    /// Whether there are no arguments at all.
    pub fn is_empty(&self) -> bool {
        match self {
            Args::Exec(items) => items.is_empty(),
            Args::Shell(text) => text.is_empty(),
        }
    }

    /// The arguments as one line of text: the shell text, or the JSON items joined by spaces.
    pub fn to_text(&self) -> String {
        match self {
            Args::Exec(items) => items.join(" "),
            Args::Shell(text) => text.clone(),
        }
    }
}

/// A `--name` or `--name=value` option written after the keyword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The name without the leading dashes, e.g. `from`.
    pub name: String,
    /// The text after `=`, if there was one (quotes removed).
    pub value: Option<String>,
    /// Where the flag starts (at its first dash).
    pub position: Position,
}

/// A here-document attached to `RUN`, `COPY` or `ADD` (`<<EOF` ... `EOF`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The delimiter word, quotes removed.
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and the delimiter line.
    pub chomp: bool,
    /// Whether variables in the body are expanded (false when the delimiter was quoted).
    pub expand: bool,
    /// The file descriptor written before `<<` (as in `3<<EOF`), if any.
    pub fd: Option<u32>,
    /// The body lines as written, each ending in a newline.
    pub content: String,
    /// Where the `<<` marker is.
    pub marker: Position,
    /// The body lines, from the line after the instruction to the delimiter line. When the body is
    /// empty, `start` is the delimiter line.
    pub body: Span,
}

impl Heredoc {
    /// The body as Docker uses it: with leading tabs removed for `<<-`.
    pub fn text(&self) -> String {
        if !self.chomp {
            return self.content.clone();
        }
        self.content
            .split_inclusive('\n')
            .map(|line| line.trim_start_matches('\t'))
            .collect()
    }
}

/// `KEY=value` from `ENV` or `LABEL`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    /// The name.
    pub key: String,
    /// The value with quotes and escapes removed (variables are not expanded).
    pub value: String,
}

/// One name declared by `ARG`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArgDecl {
    /// The name.
    pub name: String,
    /// The default value with quotes removed, if one is given.
    pub default: Option<String>,
}

/// What `HEALTHCHECK` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "command", rename_all = "snake_case")]
pub enum Health {
    /// `HEALTHCHECK NONE`: turn off a check inherited from the base image.
    None,
    /// `HEALTHCHECK CMD ...`: the test command.
    Cmd(Args),
}

/// The arguments of an instruction, split up the way that instruction reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    /// Nothing more than [`Instruction::args`] (or the instruction is malformed).
    None,
    /// `FROM image [AS name]`.
    From {
        /// The image (or stage name) as written, before any variable is expanded.
        image: String,
        /// The stage name after `AS`, as written.
        alias: Option<String>,
    },
    /// `COPY`/`ADD`: sources and destination (a heredoc source appears as `<<NAME`).
    Copy {
        /// What to copy.
        sources: Vec<String>,
        /// Where to put it.
        destination: String,
    },
    /// `ENV` pairs.
    Env {
        /// The variables in order.
        vars: Vec<KeyValue>,
    },
    /// `LABEL` pairs.
    Label {
        /// The labels in order.
        labels: Vec<KeyValue>,
    },
    /// `ARG` declarations.
    Arg {
        /// The names in order.
        args: Vec<ArgDecl>,
    },
    /// `USER user[:group]`.
    User {
        /// The user name or numeric id.
        user: String,
        /// The group name or id after `:`.
        group: Option<String>,
    },
    /// `EXPOSE` ports or `VOLUME` paths.
    List {
        /// The items in order.
        items: Vec<String>,
    },
    /// `HEALTHCHECK`.
    Healthcheck {
        /// The check.
        health: Health,
    },
    /// `ONBUILD <instruction>`.
    Onbuild {
        /// The instruction that runs when another image builds `FROM` this one.
        trigger: Box<Instruction>,
    },
}

/// One instruction: keyword, flags, arguments, and where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// Which instruction this is.
    pub keyword: Keyword,
    /// The keyword as written (any case), e.g. `from`.
    pub keyword_text: String,
    /// The lines it covers, from the keyword to the last continuation or heredoc line.
    pub span: Span,
    /// Where the keyword starts.
    pub position: Position,
    /// Where the arguments start (after the keyword and any flags).
    pub args_position: Position,
    /// The `--flags`, in order.
    pub flags: Vec<Flag>,
    /// The arguments in JSON (exec) or text (shell) form.
    pub args: Args,
    /// Here-documents, in the order their markers appear.
    pub heredocs: Vec<Heredoc>,
    /// The arguments split up for this kind of instruction.
    pub detail: Detail,
    /// The instruction as one logical line: continuations joined, comment lines inside dropped.
    pub source: String,
}

impl Instruction {
    /// The first flag called `name` (without dashes).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// The value of the first flag called `name`.
    pub fn flag_value(&self, name: &str) -> Option<&str> {
        self.flag(name).and_then(|f| f.value.as_deref())
    }

    /// Every value of flags called `name` (for repeatable flags such as `--mount`).
    pub fn flag_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.flags
            .iter()
            .filter(move |f| f.name == name)
            .filter_map(|f| f.value.as_deref())
    }

    /// The stage or image named by `--from` (for `COPY`).
    pub fn copy_from(&self) -> Option<&str> {
        if self.keyword == Keyword::Copy {
            self.flag_value("from")
        } else {
            None
        }
    }

    /// The `from=` sources of `RUN --mount` options, e.g. `--mount=type=cache,from=build`.
    pub fn mount_sources(&self) -> Vec<&str> {
        if self.keyword != Keyword::Run {
            return Vec::new();
        }
        self.flag_values("mount")
            .filter_map(|spec| {
                spec.split(',').find_map(|field| {
                    let (key, value) = field.split_once('=')?;
                    key.trim()
                        .eq_ignore_ascii_case("from")
                        .then(|| value.trim())
                })
            })
            .collect()
    }

    /// Whether the arguments use the JSON (exec) form.
    pub fn is_exec_form(&self) -> bool {
        self.args.is_exec()
    }

    /// For `FROM`: the image as written and the stage name.
    pub fn from_parts(&self) -> Option<(&str, Option<&str>)> {
        match &self.detail {
            Detail::From { image, alias } => Some((image.as_str(), alias.as_deref())),
            _ => None,
        }
    }
}

/// A parser directive from the top of the file, such as `# escape=`` ` ``.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// The directive's name in lower case: `syntax`, `escape` or `check`.
    pub name: String,
    /// Its value, trimmed.
    pub value: String,
    /// The line it is on.
    pub line: usize,
}

/// A comment line (`# ...`) that is not a parser directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The line it is on.
    pub line: usize,
    /// The text after `#`, trimmed.
    pub text: String,
}

/// A parsed Dockerfile. Parsing never fails: problems are listed in `diagnostics` and the
/// instructions that could be read are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dockerfile {
    /// The escape character: `\` unless the `escape` directive chose `` ` ``.
    pub escape: char,
    /// Parser directives at the top of the file.
    pub directives: Vec<Directive>,
    /// The instructions in order.
    pub instructions: Vec<Instruction>,
    /// Comment lines outside instructions and heredocs.
    pub comments: Vec<Comment>,
    /// Problems found while parsing, in line order.
    pub diagnostics: Vec<Diagnostic>,
    /// The number of lines in the file.
    pub line_count: usize,
}

impl Dockerfile {
    /// Whether any diagnostic is an error, which makes the file unbuildable.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The instruction whose span covers `line`, if any.
    pub fn instruction_at_line(&self, line: usize) -> Option<(usize, &Instruction)> {
        let index = self.instructions.partition_point(|i| i.span.end < line);
        self.instructions
            .get(index)
            .filter(|i| i.span.contains(line))
            .map(|i| (index, i))
    }

    /// The value of a parser directive, e.g. `directive("syntax")`.
    pub fn directive(&self, name: &str) -> Option<&str> {
        self.directives
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.value.as_str())
    }
}
