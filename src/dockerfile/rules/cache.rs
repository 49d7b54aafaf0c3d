//! Rules about the layer cache and what layers keep: sources copied before the dependency
//! install, `apt-get update` on its own, package caches left behind, and pipes whose failures
//! the shell hides.

use super::Context;
use super::catalog::{
    COPY_BEFORE_INSTALL, PACKAGE_CACHE_LEFT, PIPE_WITHOUT_PIPEFAIL, UPDATE_WITHOUT_INSTALL,
};
use crate::dockerfile::facts;
use crate::dockerfile::graph::Base;
use crate::dockerfile::image;
use crate::dockerfile::lex::clip;
use crate::dockerfile::model::{Args, Detail, Instruction, Keyword};
use crate::dockerfile::shell::{self, Command};

pub(super) fn check(cx: &mut Context<'_>) {
    copy_before_install(cx);
    update_without_install(cx);
    package_caches(cx);
    pipes(cx);
}

/// The dependency install a command runs, from the project's manifest, as it is written.
fn dependency_install(command: &Command) -> Option<String> {
    let program = command.program();
    let sub = command.subcommand().unwrap_or("");
    let args = command.args();
    let plain = |cmd: &str| Some(cmd.to_owned());
    // An install that names packages is not the manifest's install.
    let no_packages = || args.iter().filter(|a| !a.starts_with('-')).count() <= 1;
    match program {
        "npm" if sub == "ci" => plain("npm ci"),
        "npm" if matches!(sub, "install" | "i") && no_packages() => plain("npm install"),
        "yarn" if (sub.is_empty() || sub == "install") && no_packages() => plain("yarn install"),
        "pnpm" if matches!(sub, "install" | "i") && no_packages() => plain("pnpm install"),
        "bundle" if sub == "install" => plain("bundle install"),
        "composer" if sub == "install" => plain("composer install"),
        "poetry" if sub == "install" => plain("poetry install"),
        "pipenv" if sub == "install" => plain("pipenv install"),
        "uv" if sub == "sync" => plain("uv sync"),
        "go" if sub == "mod" && args.iter().any(|a| a == "download") => plain("go mod download"),
        "dotnet" if sub == "restore" => plain("dotnet restore"),
        "mvn" | "mvnw" if args.iter().any(|a| a.starts_with("dependency:")) => {
            plain("mvn dependency:...")
        }
        _ if facts::package_manager(command) == Some("pip")
            && args
                .iter()
                .any(|a| a == "-r" || a.starts_with("--requirement")) =>
        {
            plain("pip install -r")
        }
        _ => None,
    }
}

/// Whether a COPY or ADD from the build context copies the whole context (`.` or `./`).
fn copies_everything(instruction: &Instruction) -> bool {
    match &instruction.detail {
        Detail::Copy { sources, .. } if instruction.copy_from().is_none() => sources
            .iter()
            .any(|s| matches!(s.as_str(), "." | "./" | "./." | "*")),
        _ => false,
    }
}

fn copy_before_install(cx: &mut Context<'_>) {
    for stage in &cx.graph.stages {
        let mut copied_all: Option<usize> = None;
        let mut installed = false;
        for (_, instruction) in facts::stage_instructions(cx.dockerfile, cx.graph, stage.index) {
            if copies_everything(instruction) {
                copied_all.get_or_insert(instruction.span.start);
                continue;
            }
            let Some(install) = shell::run_commands(instruction)
                .iter()
                .find_map(dependency_install)
            else {
                continue;
            };
            match copied_all {
                Some(copy_line) if !installed => {
                    cx.report(
                        &COPY_BEFORE_INSTALL,
                        instruction.span.start,
                        format!(
                            "`{install}` runs after line {copy_line} copied all the sources, so any edit reinstalls every dependency; copy the manifests and install first"
                        ),
                    );
                    break;
                }
                _ => installed = true,
            }
        }
    }
}

/// The package manager a program is, seeing through cross-compilation wrappers such as
/// `xx-apt-get` and `xx-apk`.
fn manager(command: &Command) -> &str {
    let program = command.program();
    program.strip_prefix("xx-").unwrap_or(program)
}

/// Whether a command refreshes a package index: `apt-get update`, `apk update`.
fn is_index_update(command: &Command) -> bool {
    matches!(manager(command), "apt-get" | "apt" | "apk") && command.subcommand() == Some("update")
}

/// Whether a command installs or upgrades packages with the system package manager.
fn is_system_install(command: &Command) -> bool {
    match manager(command) {
        "apt-get" | "apt" | "aptitude" => matches!(
            command.subcommand(),
            Some("install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "source")
        ),
        "apk" => matches!(command.subcommand(), Some("add" | "upgrade")),
        _ => false,
    }
}

fn update_without_install(cx: &mut Context<'_>) {
    for instruction in &cx.dockerfile.instructions {
        let commands = shell::run_commands(instruction);
        let Some(update) = commands.iter().find(|c| is_index_update(c)) else {
            continue;
        };
        if commands.iter().any(is_system_install) {
            continue;
        }
        cx.report(
            &UPDATE_WITHOUT_INSTALL,
            instruction.span.start,
            format!(
                "`{} update` runs in a RUN of its own: its cached index goes stale; update and install in the same RUN",
                update.program()
            ),
        );
    }
}

/// Whether the RUN mounts a cache over `path` (or a folder above it).
fn cache_mounted(instruction: &Instruction, path: &str) -> bool {
    instruction.flag_values("mount").any(|spec| {
        spec.contains("type=cache")
            && spec.split(',').any(|field| {
                field.split_once('=').is_some_and(|(k, v)| {
                    matches!(k.trim(), "target" | "dst" | "destination")
                        && path.starts_with(v.trim().trim_end_matches('/'))
                })
            })
    })
}

/// Whether any command removes files under `path`.
fn removes(commands: &[Command], path: &str) -> bool {
    commands
        .iter()
        .any(|c| c.program() == "rm" && c.args().iter().any(|a| a.contains(path)))
}

/// The cache a RUN leaves behind, as `(package manager, what to do)`.
fn left_cache(instruction: &Instruction) -> Option<(&'static str, &'static str)> {
    let commands = shell::run_commands(instruction);
    let apt = commands
        .iter()
        .any(|c| matches!(manager(c), "apt-get" | "apt") && c.subcommand() == Some("install"));
    // `apt-get dist-clean` (apt 2.7 and later) also empties the lists.
    let dist_clean = commands
        .iter()
        .any(|c| matches!(manager(c), "apt-get" | "apt") && c.subcommand() == Some("dist-clean"));
    if apt
        && !dist_clean
        && !removes(&commands, "/var/lib/apt/lists")
        && !cache_mounted(instruction, "/var/lib/apt/lists")
    {
        return Some((
            "apt",
            "add `&& rm -rf /var/lib/apt/lists/*` to the same RUN",
        ));
    }
    let apk = commands
        .iter()
        .find(|c| manager(c) == "apk" && c.subcommand() == Some("add"));
    if let Some(apk) = apk
        && !apk.args().iter().any(|a| a == "--no-cache")
        && !removes(&commands, "/var/cache/apk")
        && !cache_mounted(instruction, "/var/cache/apk")
    {
        return Some(("apk", "use `apk add --no-cache`"));
    }
    let rpm = commands.iter().find(|c| {
        matches!(c.program(), "dnf" | "yum" | "microdnf" | "tdnf")
            && c.subcommand() == Some("install")
    });
    if let Some(rpm) = rpm {
        let cleaned = commands
            .iter()
            .any(|c| c.program() == rpm.program() && c.args().iter().any(|a| a == "clean"))
            || removes(&commands, "/var/cache");
        if !cleaned && !cache_mounted(instruction, "/var/cache") {
            return Some((
                "dnf/yum",
                "add `&& dnf clean all` (or yum, microdnf) to the same RUN",
            ));
        }
    }
    None
}

fn package_caches(cx: &mut Context<'_>) {
    // Only the layers of the final image are shipped.
    let target = cx.graph.final_stage().index;
    for (_, instruction) in facts::chain_instructions(cx.dockerfile, cx.graph, target) {
        if let Some((manager, fix)) = left_cache(instruction) {
            cx.report(
                &PACKAGE_CACHE_LEFT,
                instruction.span.start,
                format!("this {manager} install leaves its package cache in the image; {fix}"),
            );
        }
    }
}

/// The byte offsets of the pipes `|` in a shell script that join two commands: not `||`, not
/// quoted, not escaped, not a `case` pattern such as `amd64|x86_64)`, not in a comment.
fn pipes_in(script: &str, escape: char) -> Vec<usize> {
    let mut found = Vec::new();
    let bytes: Vec<char> = script.chars().collect();
    let mut offsets = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for c in &bytes {
        offsets.push(at);
        at += c.len_utf8();
    }
    let mut i = 0;
    let mut single = false;
    let mut double = false;
    while i < bytes.len() {
        let c = bytes[i];
        if single {
            single = c != '\'';
        } else if c == escape || c == '\\' {
            i += 1;
        } else if c == '"' {
            double = !double;
        } else if double {
        } else if c == '\'' {
            single = true;
        } else if c == '#' && (i == 0 || bytes[i - 1].is_whitespace()) {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '|' {
            if bytes.get(i + 1) == Some(&'|') {
                i += 2;
                continue;
            }
            if i > 0 && bytes[i - 1] == '|' {
                i += 1;
                continue;
            }
            // A case pattern: `a|b)` with no space around the bar and a `)` ending the word.
            let before_tight = i > 0 && !bytes[i - 1].is_whitespace();
            let word_after: String = bytes[i + 1..]
                .iter()
                .take_while(|c| !c.is_whitespace() && **c != ';')
                .collect();
            let pattern = before_tight && word_after.contains(')') && !word_after.contains('(');
            let pattern = pattern || (before_tight && word_after.ends_with(')'));
            if !pattern && !word_after.starts_with(')') {
                found.push(offsets[i]);
            }
        }
        i += 1;
    }
    found
}

/// Whether the pipe at `offset` separates the patterns of a `case` branch
/// (`amd64 | x86_64) ...`): it is inside `case ... esac` and a `)` closes the pattern before
/// the line or the command ends.
fn in_case_pattern(script: &str, offset: usize) -> bool {
    let head = &script[..offset];
    let opened = head.rfind("case ").is_some_and(|at| {
        let after = &head[at..];
        after.contains(" in") && !after.contains("esac")
    });
    if !opened {
        return false;
    }
    let rest = &script[offset + 1..];
    match (rest.find(')'), rest.find(['\n', ';', '&'])) {
        (Some(close), Some(end)) => close < end,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The first pipe whose left-hand command can fail: not `echo`/`printf` and not a `{ ...; }`
/// group of them, which only print, and not a `case` pattern.
fn first_pipe(script: &str, escape: char) -> Option<usize> {
    pipes_in(script, escape).into_iter().find(|&offset| {
        if in_case_pattern(script, offset) {
            return false;
        }
        let head = &script[..offset];
        let start = head
            .rfind(['\n', ';', '&', '|', '(', '{'])
            .map_or(0, |i| i + 1);
        // The command proper comes after words such as `then` or `do`.
        let program = head[start..]
            .split_whitespace()
            .find(|w| !matches!(*w, "then" | "do" | "else" | "elif" | "if" | "!" | "time"))
            .unwrap_or("");
        let group = head.trim_end().ends_with('}');
        !(group || matches!(program, "echo" | "printf"))
    })
}

/// Whether `pipefail` is switched on in the script before `offset`.
fn pipefail_before(script: &str, offset: usize) -> bool {
    let head = &script[..offset.min(script.len())];
    head.contains("pipefail")
}

/// The shell text of a RUN that `/bin/sh` runs: the shell form, plus heredoc bodies fed to it.
fn shell_scripts(instruction: &Instruction) -> Vec<String> {
    let Args::Shell(text) = &instruction.args else {
        return Vec::new();
    };
    let mut scripts = vec![text.clone()];
    let head_runs_heredoc = text.trim_start().starts_with("<<")
        || shell::commands(text)
            .first()
            .is_some_and(|c| matches!(c.program(), "sh" | "bash" | "ash" | "dash"));
    if head_runs_heredoc {
        scripts.extend(instruction.heredocs.iter().map(|h| h.text()));
    }
    scripts
}

/// Whether a SHELL instruction leaves pipes safe: `pipefail` is on, or the shell is not a
/// POSIX shell (PowerShell, cmd).
fn shell_keeps_pipes_safe(instruction: &Instruction) -> bool {
    let words = match &instruction.args {
        Args::Exec(words) => words.join(" "),
        Args::Shell(text) => text.clone(),
    };
    words.contains("pipefail") || !words.contains("sh")
}

fn pipes(cx: &mut Context<'_>) {
    let escape = cx.dockerfile.escape;
    // Whether pipes are safe at the end of each stage, so a stage built on it starts there.
    let mut safe_at_end = vec![false; cx.graph.stages.len()];
    for stage in &cx.graph.stages {
        let mut safe = match stage.base {
            Base::Stage { index } if index < stage.index => safe_at_end[index],
            _ => false,
        };
        let windows = cx
            .graph
            .root_image(stage.index)
            .is_some_and(image::is_windows);
        for (_, instruction) in facts::stage_instructions(cx.dockerfile, cx.graph, stage.index) {
            if instruction.keyword == Keyword::Shell {
                safe = shell_keeps_pipes_safe(instruction);
                continue;
            }
            if instruction.keyword != Keyword::Run || safe || windows {
                continue;
            }
            for script in shell_scripts(instruction) {
                let Some(offset) = first_pipe(&script, escape) else {
                    continue;
                };
                if pipefail_before(&script, offset) {
                    continue;
                }
                let start = script[..offset]
                    .rfind(['\n', ';', '&'])
                    .map_or(0, |i| i + 1);
                let shown = clip(script[start..].trim(), 50);
                cx.report(
                    &PIPE_WITHOUT_PIPEFAIL,
                    instruction.span.start,
                    format!(
                        "`{shown}`: the pipe's result is its last command's, so a failure before `|` goes unnoticed; add `set -o pipefail &&` first"
                    ),
                );
                break;
            }
        }
        safe_at_end[stage.index] = safe;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_are_found_outside_quotes_cases_and_or_lists() {
        assert_eq!(first_pipe("curl -fsSL x | sh", '\\'), Some(13));
        assert_eq!(first_pipe("a || b", '\\'), None);
        assert_eq!(first_pipe("grep 'a|b' f", '\\'), None);
        assert_eq!(first_pipe("echo \"a|b\"", '\\'), None);
        assert_eq!(first_pipe("case $x in amd64|x86_64) a ;; esac", '\\'), None);
        assert_eq!(
            first_pipe("case $x in\n  amd64|x86_64) a ;;\n  arm64) b ;; esac", '\\'),
            None
        );
        assert_eq!(first_pipe("# a | b\necho", '\\'), None);
        assert_eq!(first_pipe("echo a\\|b", '\\'), None);
        assert_eq!(first_pipe("find . | xargs rm", '\\'), Some(7));
        assert_eq!(first_pipe("echo \"$sum *f\" | sha256sum -c -", '\\'), None);
        assert_eq!(first_pipe("{ echo a; echo b; } | tee f", '\\'), None);
        assert_eq!(first_pipe("echo a | tee f; curl x | sh", '\\'), Some(23));
        assert_eq!(
            first_pipe("case \"$a\" in\n  amd64 | i386 | x32) b=1 ;;\nesac", '\\'),
            None
        );
        assert_eq!(
            first_pipe("if true; then echo \"$s *f\" | sha256sum -c -; fi", '\\'),
            None
        );
        assert_eq!(
            first_pipe("case $a in x) y ;; esac; curl u | sh", '\\'),
            Some(32)
        );
        assert!(pipefail_before("set -eo pipefail; a | b", 19));
    }
}
