//! A light reading of the shell scripts in `RUN`: which programs run, with which arguments and
//! inline variable assignments. Enough to spot package managers, compilers and `go build`; not a
//! full shell parser.

use super::model::{Args, Instruction, Keyword};

/// One simple command: `VAR=x program arg ...`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    /// Assignments written before the program (`CGO_ENABLED=0 go build`), plus those made by an
    /// earlier `export` in the same script.
    pub assignments: Vec<(String, String)>,
    /// The program and its arguments, quotes removed.
    pub words: Vec<String>,
}

impl Command {
    /// The program's file name (`/usr/bin/apt-get` gives `apt-get`).
    pub fn program(&self) -> &str {
        self.words
            .first()
            .map(|w| w.rsplit('/').next().unwrap_or(w))
            .unwrap_or("")
    }

    /// The arguments after the program.
    pub fn args(&self) -> &[String] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// The first argument that is not an option.
    pub fn subcommand(&self) -> Option<&str> {
        self.args()
            .iter()
            .find(|a| !a.starts_with('-'))
            .map(String::as_str)
    }

    /// The value assigned to `name` for this command, if any.
    pub fn assigned(&self, name: &str) -> Option<&str> {
        self.assignments
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Nested `sh -c "..."` deeper than this is not followed.
const MAX_NESTING: usize = 4;

/// Words that start or join shell compound commands; the command proper comes after them.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "!",
    "{", "}", "(", ")", "time",
];

/// Programs that run the rest of their arguments as a command.
const WRAPPERS: &[&str] = &[
    "sudo", "env", "nice", "nohup", "exec", "command", "xargs", "time",
];

/// Reads the simple commands of a shell script.
pub fn commands(script: &str) -> Vec<Command> {
    let mut out = Vec::new();
    collect(script, 0, &mut out);
    out
}

fn collect(script: &str, depth: usize, out: &mut Vec<Command>) {
    let mut exported: Vec<(String, String)> = Vec::new();
    for tokens in split_commands(script) {
        let Some(command) = simple_command(tokens, &exported) else {
            continue;
        };
        if command.program() == "export" {
            for arg in command.args() {
                if let Some((name, value)) = assignment(arg) {
                    exported.push((name, value));
                }
            }
        }
        let program = command.program();
        let shell_c =
            matches!(program, "sh" | "bash" | "ash" | "dash" | "zsh") && depth < MAX_NESTING;
        if shell_c {
            let args = command.args();
            if let Some(i) = args
                .iter()
                .position(|a| a.starts_with('-') && a.contains('c'))
                && let Some(inner) = args.get(i + 1)
            {
                collect(inner, depth + 1, out);
            }
        }
        out.push(command);
    }
}

/// `NAME=value` with a valid variable name.
fn assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| (name.to_owned(), value.to_owned()))
}

/// Builds a command from its tokens: skips reserved words, leading assignments, redirections
/// and wrapper programs such as `sudo` or `env`.
fn simple_command(tokens: Vec<String>, exported: &[(String, String)]) -> Option<Command> {
    let mut assignments = exported.to_vec();
    let mut words = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    let mut skip_target = false;
    while let Some(token) = iter.next() {
        if skip_target {
            skip_target = false;
            continue;
        }
        if is_redirection(&token) {
            // `> file` takes the next word; `>file` does not.
            skip_target = token.trim_start_matches(|c: char| c.is_ascii_digit()).len() <= 2
                && token.ends_with(['<', '>']);
            continue;
        }
        if words.is_empty() {
            if RESERVED.contains(&token.as_str()) {
                continue;
            }
            if let Some(pair) = assignment(&token) {
                assignments.push(pair);
                continue;
            }
            let name = token.rsplit('/').next().unwrap_or(&token);
            if WRAPPERS.contains(&name) {
                // Skip the wrapper's own options (`sudo -E`, `env -i`).
                while iter.peek().is_some_and(|t| t.starts_with('-')) {
                    iter.next();
                }
                continue;
            }
        }
        words.push(token);
    }
    (!words.is_empty() || !assignments.is_empty()).then_some(Command { assignments, words })
}

fn is_redirection(token: &str) -> bool {
    let rest = token.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.starts_with('>') || rest.starts_with('<') || rest.starts_with("&>")
}

/// Splits a script into the token lists of its simple commands, on `;`, `&&`, `||`, `|`, `&`
/// and newlines, with quotes removed from the tokens.
fn split_commands(script: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = script.chars().peekable();
    let finish_word = |word: &mut String, in_word: &mut bool, tokens: &mut Vec<String>| {
        if *in_word {
            tokens.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                match chars.next() {
                    // A backslash-newline joins lines.
                    Some('\n') | None => {}
                    Some(next) => {
                        word.push(next);
                        in_word = true;
                    }
                }
            }
            '\'' => {
                in_word = true;
                for inner in chars.by_ref() {
                    if inner == '\'' {
                        break;
                    }
                    word.push(inner);
                }
            }
            '"' => {
                in_word = true;
                while let Some(inner) = chars.next() {
                    match inner {
                        '"' => break,
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                if !matches!(escaped, '"' | '\\' | '$' | '`' | '\n') {
                                    word.push('\\');
                                }
                                if escaped != '\n' {
                                    word.push(escaped);
                                }
                            }
                        }
                        other => word.push(other),
                    }
                }
            }
            '#' if !in_word => {
                // A comment runs to the end of the line.
                for inner in chars.by_ref() {
                    if inner == '\n' {
                        break;
                    }
                }
                finish_word(&mut word, &mut in_word, &mut tokens);
                if !tokens.is_empty() {
                    commands.push(std::mem::take(&mut tokens));
                }
            }
            ';' | '&' | '|' | '\n' | '(' | ')' | '`' => {
                if ch == '&' && word.ends_with(['>', '<']) {
                    // `2>&1` is a redirection, not a separator.
                    word.push(ch);
                    continue;
                }
                finish_word(&mut word, &mut in_word, &mut tokens);
                if matches!(ch, '&' | '|' | ';') && chars.peek() == Some(&ch) {
                    chars.next();
                }
                if !tokens.is_empty() {
                    commands.push(std::mem::take(&mut tokens));
                }
            }
            c if c.is_whitespace() => finish_word(&mut word, &mut in_word, &mut tokens),
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    finish_word(&mut word, &mut in_word, &mut tokens);
    if !tokens.is_empty() {
        commands.push(tokens);
    }
    commands
}

/// The shell programs a heredoc can be fed to and still be a shell script.
fn is_shell_program(program: &str) -> bool {
    matches!(program, "sh" | "bash" | "ash" | "dash" | "zsh" | "set")
}

/// The commands a `RUN` instruction executes: its shell text, its exec-form words, and the
/// bodies of heredocs that are run as shell scripts (`RUN <<EOF` or `RUN bash <<EOF`, but not
/// `RUN python3 <<EOF` or `RUN cat <<EOF > file`).
pub fn run_commands(instruction: &Instruction) -> Vec<Command> {
    if instruction.keyword != Keyword::Run {
        return Vec::new();
    }
    match &instruction.args {
        Args::Exec(words) => {
            let command = simple_command(words.clone(), &[]);
            let mut out = Vec::new();
            if let Some(command) = command {
                if is_shell_program(command.program()) {
                    let args = command.args();
                    if let Some(i) = args
                        .iter()
                        .position(|a| a.starts_with('-') && a.contains('c'))
                        && let Some(inner) = args.get(i + 1)
                    {
                        collect(inner, 1, &mut out);
                    }
                }
                out.push(command);
            }
            out
        }
        Args::Shell(text) => {
            let mut out = commands(text);
            if instruction.heredocs.is_empty() {
                return out;
            }
            // What reads the heredoc: the command whose words hold the marker.
            let feeds_shell = out.iter().all(|c| {
                let programs: Vec<&str> = c
                    .words
                    .iter()
                    .filter(|w| !w.contains("<<"))
                    .map(|w| w.rsplit('/').next().unwrap_or(w))
                    .collect();
                programs.first().is_none_or(|p| is_shell_program(p))
            });
            if feeds_shell {
                for heredoc in &instruction.heredocs {
                    out.extend(commands(&heredoc.text()));
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    fn programs(script: &str) -> Vec<String> {
        commands(script)
            .iter()
            .map(|c| c.program().to_owned())
            .collect()
    }

    #[test]
    fn splits_on_operators_and_skips_wrappers() {
        assert_eq!(
            programs(
                "set -eux; apt-get update && sudo -E apt-get install -y gcc || true | tee log"
            ),
            vec!["set", "apt-get", "apt-get", "true", "tee"]
        );
        assert_eq!(programs("if [ -f x ]; then make; fi"), vec!["[", "make"]);
        assert_eq!(
            programs("cd /src && GOOS=linux CGO_ENABLED=0 /usr/local/go/bin/go build ./..."),
            vec!["cd", "go"]
        );
    }

    #[test]
    fn assignments_and_exports_reach_the_command() {
        let cmds = commands("export CGO_ENABLED=0 GOOS=linux\ngo build -o /out/app .");
        let go = cmds.iter().find(|c| c.program() == "go");
        assert_eq!(go.and_then(|c| c.assigned("CGO_ENABLED")), Some("0"));
        assert_eq!(go.and_then(|c| c.subcommand()), Some("build"));
        let cmds = commands("env CGO_ENABLED=0 go build .");
        assert_eq!(cmds[0].assigned("CGO_ENABLED"), Some("0"));
    }

    #[test]
    fn quotes_comments_redirections_and_nested_shells() {
        assert_eq!(
            programs("echo 'a && b' > /x 2>&1 # apt-get\ncurl -o f url"),
            vec!["echo", "curl"]
        );
        assert_eq!(
            programs("sh -c \"apk add gcc && make\""),
            vec!["apk", "make", "sh"]
        );
        let cmds = commands("echo \"x\\\"y\" >>log");
        assert_eq!(cmds[0].words, vec!["echo", "x\"y"]);
        assert_eq!(programs("a \\\n && b"), vec!["a", "b"]);
    }

    #[test]
    fn run_commands_reads_heredocs_only_when_a_shell_runs_them() {
        let df = parse(
            "FROM a\nRUN <<EOF\napt-get update\nEOF\nRUN python3 <<EOF\nimport os\nEOF\nRUN [\"/bin/sh\", \"-c\", \"apk add make\"]\n",
        );
        let first: Vec<String> = run_commands(&df.instructions[1])
            .iter()
            .map(|c| c.program().into())
            .collect();
        assert_eq!(first, vec!["apt-get"]);
        let second: Vec<String> = run_commands(&df.instructions[2])
            .iter()
            .map(|c| c.program().into())
            .collect();
        assert_eq!(second, vec!["python3"]);
        let third: Vec<String> = run_commands(&df.instructions[3])
            .iter()
            .map(|c| c.program().into())
            .collect();
        assert_eq!(third, vec!["apk", "sh"]);
    }
}
