//! Rules about how the final image starts: its user, its CMD and ENTRYPOINT, and stages that
//! have no shell.

use super::Context;
use super::catalog::{
    CMD_GIVEN_TO_SHELL_ENTRYPOINT, FINAL_STAGE_RUNS_AS_ROOT, INTERPRETER_IN_CMD,
    NAMED_USER_ON_SCRATCH, NON_NUMERIC_USER, RUN_WITHOUT_SHELL, SHELL_FORM_COMMAND,
    SHELL_FORM_WITHOUT_SHELL, UNKNOWN_USER_ON_DISTROLESS,
};
use crate::dockerfile::facts::{self, User};
use crate::dockerfile::graph::Base;
use crate::dockerfile::image::{self, Interpreter};
use crate::dockerfile::image_catalog::ImageFacts;
use crate::dockerfile::lex::{self, Json, clip};
use crate::dockerfile::model::{Args, Detail, Health, Instruction, Keyword, Severity};
use crate::dockerfile::shell;

pub(super) fn check(cx: &mut Context<'_>) {
    root_user(cx);
    shell_form(cx);
    shell_form_command(cx);
    run_without_shell(cx);
    interpreter(cx);
    user_lookup(cx);
    cmd_to_shell_entrypoint(cx);
    non_numeric_user(cx);
}

/// Programs that start as root and switch to another user before running the service.
const PRIVILEGE_DROPPERS: &[&str] = &["gosu", "su-exec", "setpriv", "chpst", "setuidgid"];

/// The line where the final image's chain installs or runs a privilege-dropping program.
fn drops_privileges(cx: &Context<'_>, stage: usize) -> Option<usize> {
    facts::chain_instructions(cx.dockerfile, cx.graph, stage)
        .into_iter()
        .find(|(_, i)| {
            let commands = shell::run_commands(i);
            commands
                .iter()
                .flat_map(facts::installed_packages)
                .any(|p| PRIVILEGE_DROPPERS.contains(&p.as_str()))
                || commands
                    .iter()
                    .any(|c| PRIVILEGE_DROPPERS.contains(&c.program()))
                || (i.keyword == Keyword::Copy
                    && matches!(&i.detail, Detail::Copy { sources, .. }
                        if sources.iter().any(|s| PRIVILEGE_DROPPERS.iter().any(|d| s.ends_with(d)))))
        })
        .map(|(_, i)| i.span.start)
}

fn root_user(cx: &mut Context<'_>) {
    let target = cx.graph.final_stage();
    if target.export_only {
        // Nothing runs in a stage that only holds files to export.
        return;
    }
    let user = facts::effective_user(cx.dockerfile, cx.graph, target.index, cx.base(target.index));
    if !user.is_root() {
        return;
    }
    if let Some(line) = drops_privileges(cx, target.index) {
        cx.report_as(
            &FINAL_STAGE_RUNS_AS_ROOT,
            Severity::Info,
            target.line,
            format!(
                "the final stage {} starts as root; line {line} brings a tool that drops to another user, so the entrypoint presumably switches before the service starts",
                target.display_name()
            ),
        );
        return;
    }
    let runs_something = [Keyword::Cmd, Keyword::Entrypoint]
        .into_iter()
        .any(|k| facts::last_in_chain(cx.dockerfile, cx.graph, target.index, k).is_some());
    if !runs_something && matches!(user, User::Default { .. }) {
        // No command of its own: a stage built for its RUN steps (a check, a tool image), or a
        // base for other images. Worth knowing, not a finding about a service.
        let base = cx
            .graph
            .root_image(target.index)
            .unwrap_or("its base image");
        cx.report_as(
            &FINAL_STAGE_RUNS_AS_ROOT,
            Severity::Info,
            target.line,
            format!(
                "the final stage {} sets neither USER nor a command; whatever it runs runs as root (the default of `{}`)",
                target.display_name(),
                clip(base, 60)
            ),
        );
        return;
    }
    match user {
        User::Set { user, line } => cx.report(
            &FINAL_STAGE_RUNS_AS_ROOT,
            line,
            format!(
                "`USER {}` makes the final image run as root",
                clip(&user, 40)
            ),
        ),
        User::Default { .. } => {
            let base = cx
                .graph
                .root_image(target.index)
                .unwrap_or("its base image");
            cx.report(
                &FINAL_STAGE_RUNS_AS_ROOT,
                target.line,
                format!(
                    "the final stage {} sets no USER, so it runs as root (the default of `{}`)",
                    target.display_name(),
                    clip(base, 60)
                ),
            );
        }
    }
}

/// The shell-form command of a CMD, ENTRYPOINT or HEALTHCHECK CMD, if it has one.
fn shell_command(instruction: &Instruction) -> Option<&str> {
    let args = match (&instruction.keyword, &instruction.detail) {
        (Keyword::Cmd | Keyword::Entrypoint, _) => &instruction.args,
        (
            Keyword::Healthcheck,
            Detail::Healthcheck {
                health: Health::Cmd(args),
            },
        ) => args,
        _ => return None,
    };
    match args {
        Args::Shell(text) if !text.is_empty() => Some(text),
        _ => None,
    }
}

/// The exec form of a simple shell command, when it is simple enough to convert.
fn exec_suggestion(text: &str) -> Option<String> {
    if text.contains(['"', '\'', '$', '&', '|', ';', '<', '>', '`', '\\', '*'])
        || text.starts_with('[')
    {
        return None;
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| format!("[{}]", words.join(", ")))
}

fn shell_form(cx: &mut Context<'_>) {
    let target = cx.graph.final_stage().index;
    let Some(facts) = cx.base(target) else {
        return;
    };
    if facts.has_bin_sh() || facts::shell_chosen(cx.dockerfile, cx.graph, target) {
        return;
    }
    let shell_hint = busybox_hint(facts);
    let base = cx.graph.root_image(target).unwrap_or("scratch").to_owned();
    // Under an exec-form ENTRYPOINT, a shell-form CMD only becomes its arguments
    // (`/bin/sh -c ...` as words): nothing runs /bin/sh.
    let exec_entrypoint =
        facts::last_in_chain(cx.dockerfile, cx.graph, target, Keyword::Entrypoint)
            .is_some_and(|e| e.args.is_exec() && !e.args.is_empty());
    for (_, instruction) in facts::chain_instructions(cx.dockerfile, cx.graph, target) {
        let Some(text) = shell_command(instruction) else {
            continue;
        };
        if instruction.keyword == Keyword::Cmd && exec_entrypoint {
            continue;
        }
        let keyword = instruction.keyword;
        let mut message = format!(
            "shell-form {keyword} needs /bin/sh, which `{}` does not have{shell_hint}",
            clip(&base, 60)
        );
        if let Json::Strings { trailing: true, .. } = lex::parse_json_array(text) {
            message.push_str(
                "; the text after the JSON array makes Docker read it as shell form: put comments on their own line",
            );
        } else if text.starts_with('[') {
            message.push_str("; this looks like JSON but is not valid JSON (use double quotes)");
        } else if let Some(exec) = exec_suggestion(text) {
            let head = if keyword == Keyword::Healthcheck {
                "HEALTHCHECK CMD"
            } else {
                keyword.as_str()
            };
            message.push_str(&format!("; write {head} {}", clip(&exec, 80)));
        }
        cx.report(&SHELL_FORM_WITHOUT_SHELL, instruction.span.start, message);
    }
}

/// Shell-form CMD or ENTRYPOINT in a final image that has a shell: it works, but the shell is
/// PID 1.
fn shell_form_command(cx: &mut Context<'_>) {
    let target = cx.graph.final_stage();
    if target.export_only {
        return;
    }
    // Unknown images are assumed to have a shell, as Docker would find out at run time.
    let has_sh = cx.base(target.index).is_none_or(ImageFacts::has_bin_sh);
    let windows = cx
        .graph
        .root_image(target.index)
        .is_some_and(image::is_windows);
    if !has_sh || windows {
        return;
    }
    let entrypoint =
        facts::last_in_chain(cx.dockerfile, cx.graph, target.index, Keyword::Entrypoint);
    // With an ENTRYPOINT, CMD only gives it arguments; without one, CMD is what runs.
    let command = match entrypoint {
        Some(entrypoint) => Some(entrypoint),
        None => facts::last_in_chain(cx.dockerfile, cx.graph, target.index, Keyword::Cmd),
    };
    let Some(instruction) = command else {
        return;
    };
    let Args::Shell(text) = &instruction.args else {
        return;
    };
    let text = text.trim();
    if text.is_empty() || text.starts_with("exec ") {
        return;
    }
    if facts::chain_instructions(cx.dockerfile, cx.graph, target.index)
        .iter()
        .any(|(_, i)| i.keyword == Keyword::Shell)
    {
        // A chosen shell (PowerShell, bash with options) is a deliberate choice.
        return;
    }
    let keyword = instruction.keyword;
    let suggestion = exec_suggestion(text)
        .map(|exec| format!("write {keyword} {}", clip(&exec, 80)))
        .unwrap_or_else(|| "use the exec form, or start the command with `exec`".to_owned());
    cx.report(
        &SHELL_FORM_COMMAND,
        instruction.span.start,
        format!(
            "shell-form {keyword} makes /bin/sh PID 1, which does not pass SIGTERM on to `{}`; {suggestion}",
            clip(text.split_whitespace().next().unwrap_or(text), 40)
        ),
    );
}

fn run_without_shell(cx: &mut Context<'_>) {
    // Whether a SHELL instruction chose a shell by the end of each stage, for the stages built
    // on it: one pass in order instead of a walk down every chain.
    let mut chosen_at_end = vec![false; cx.graph.stages.len()];
    for stage in &cx.graph.stages {
        let inherited = match stage.base {
            Base::Stage { index } if index < stage.index => chosen_at_end[index],
            _ => false,
        };
        let own = facts::stage_instructions(cx.dockerfile, cx.graph, stage.index)
            .iter()
            .any(|(_, i)| i.keyword == Keyword::Shell);
        chosen_at_end[stage.index] = inherited || own;
    }
    for stage in &cx.graph.stages {
        let Some(facts) = cx.base(stage.index) else {
            continue;
        };
        let inherited = match stage.base {
            Base::Stage { index } if index < stage.index => chosen_at_end[index],
            _ => false,
        };
        if facts.has_bin_sh() || inherited {
            continue;
        }
        let shell_hint = busybox_hint(facts);
        let base = cx
            .graph
            .root_image(stage.index)
            .unwrap_or("scratch")
            .to_owned();
        for (_, instruction) in facts::stage_instructions(cx.dockerfile, cx.graph, stage.index) {
            if instruction.keyword == Keyword::Shell {
                // From here on the chosen shell runs RUN.
                break;
            }
            if instruction.keyword == Keyword::Run && !instruction.is_exec_form() {
                cx.report(
                    &RUN_WITHOUT_SHELL,
                    instruction.span.start,
                    format!(
                        "shell-form RUN in stage {} needs /bin/sh, which `{}` does not have{shell_hint}",
                        stage.display_name(),
                        clip(&base, 60)
                    ),
                );
            }
        }
    }
}

/// For an image whose only shell is elsewhere (a distroless `:debug` tag's `/busybox/sh`): how
/// to use it. Empty otherwise.
fn busybox_hint(facts: &ImageFacts) -> String {
    match facts.shell_path() {
        Some(path) if path != "/bin/sh" => {
            format!(" (its shell is {path}: use exec form, or SHELL [\"{path}\", \"-c\"])")
        }
        _ => String::new(),
    }
}

/// CMD without the interpreter: drops the program and, for Java, a following `-jar`.
fn cmd_without_interpreter(interpreter: Interpreter, items: &[String]) -> String {
    let mut rest = items.get(1..).unwrap_or(&[]);
    if interpreter == Interpreter::Java && rest.first().is_some_and(|a| a == "-jar") {
        rest = &rest[1..];
    }
    let quoted: Vec<String> = rest
        .iter()
        .map(|w| format!("\"{}\"", clip(w, 40)))
        .collect();
    format!("[{}]", quoted.join(", "))
}

fn interpreter(cx: &mut Context<'_>) {
    let target = cx.graph.final_stage().index;
    let Some(interpreter) = cx.base(target).and_then(ImageFacts::interpreter) else {
        return;
    };
    if facts::last_in_chain(cx.dockerfile, cx.graph, target, Keyword::Entrypoint).is_some() {
        // An ENTRYPOINT of the Dockerfile replaces the interpreter; CMD feeds that instead.
        return;
    }
    let Some(cmd) = facts::last_in_chain(cx.dockerfile, cx.graph, target, Keyword::Cmd) else {
        return;
    };
    let Args::Exec(items) = &cmd.args else {
        return;
    };
    let Some(program) = items.first() else {
        return;
    };
    if !interpreter.matches_program(program) {
        return;
    }
    let base = cx.graph.root_image(target).unwrap_or("").to_owned();
    let message = format!(
        "CMD starts with `{}`, but the ENTRYPOINT of `{}` already is {}, which would be given a \
         file named `{}` to run; write CMD {}",
        clip(program, 40),
        clip(&base, 60),
        interpreter.entrypoint(),
        clip(program, 40),
        cmd_without_interpreter(interpreter, items)
    );
    cx.report(&INTERPRETER_IN_CMD, cmd.span.start, message);
}

/// A user name (not a number, not a variable).
fn is_name(user: &str) -> bool {
    !user.is_empty() && !user.chars().all(|c| c.is_ascii_digit()) && !user.contains('$')
}

fn user_lookup(cx: &mut Context<'_>) {
    let target = cx.graph.final_stage().index;
    let User::Set { user, line } =
        facts::effective_user(cx.dockerfile, cx.graph, target, cx.base(target))
    else {
        return;
    };
    if !is_name(&user) || facts::provides_passwd(cx.dockerfile, cx.graph, target) {
        return;
    }
    let Some(base) = cx.base(target) else {
        return;
    };
    if base.is_scratch() {
        cx.report(
            &NAMED_USER_ON_SCRATCH,
            line,
            format!(
                "`USER {}` on scratch cannot be looked up: there is no /etc/passwd; use a numeric id such as 65532",
                clip(&user, 40)
            ),
        );
    } else if let Some(known) = base.known_users()
        && !known.contains(&user)
    {
        cx.report(
            &UNKNOWN_USER_ON_DISTROLESS,
            line,
            format!(
                "`USER {}`: the /etc/passwd of `{}` only has {}",
                clip(&user, 40),
                clip(cx.graph.root_image(target).unwrap_or(""), 60),
                known.join(", ")
            ),
        );
    }
}

/// An exec-form CMD with no ENTRYPOINT of the file's own, on a base whose ENTRYPOINT is a
/// shell (the distroless `:debug` tags of static, base and cc): the CMD becomes the shell's
/// arguments, so the shell reads the program as a script.
fn cmd_to_shell_entrypoint(cx: &mut Context<'_>) {
    let target = cx.graph.final_stage();
    if target.export_only {
        return;
    }
    let Some(shell) = cx
        .base(target.index)
        .and_then(ImageFacts::entrypoint)
        .and_then(|e| e.first())
        .filter(|program| program.ends_with("/sh") || program.as_str() == "sh")
        .cloned()
    else {
        return;
    };
    if facts::last_in_chain(cx.dockerfile, cx.graph, target.index, Keyword::Entrypoint).is_some() {
        return;
    }
    let Some(cmd) = facts::last_in_chain(cx.dockerfile, cx.graph, target.index, Keyword::Cmd)
    else {
        return;
    };
    // Shell form needs /bin/sh, which another rule reports; an empty CMD runs the shell alone.
    let Args::Exec(items) = &cmd.args else {
        return;
    };
    let Some(program) = items.first() else {
        return;
    };
    // `CMD ["-c", "..."]` hands the shell a script on purpose, and a CMD naming a shell
    // script is a script for that shell to read.
    if program.starts_with('-') || program.ends_with(".sh") {
        return;
    }
    let base = cx.graph.root_image(target.index).unwrap_or("").to_owned();
    let words: Vec<String> = items.iter().map(|w| clip(w, 40)).collect();
    let entrypoint_items: Vec<String> = items
        .iter()
        .take(1)
        .map(|w| format!("\"{}\"", clip(w, 40)))
        .collect();
    let rest: Vec<String> = items
        .iter()
        .skip(1)
        .map(|w| format!("\"{}\"", clip(w, 40)))
        .collect();
    let fix = if rest.is_empty() {
        format!("write ENTRYPOINT [{}] instead", entrypoint_items.join(", "))
    } else {
        format!(
            "write ENTRYPOINT [{}] and CMD [{}]",
            entrypoint_items.join(", "),
            rest.join(", ")
        )
    };
    let message = format!(
        "the ENTRYPOINT of `{}` is {}, so this CMD only gives it arguments: the container runs `{} {}`, and the shell reads `{}` as a script instead of starting it; {fix}",
        clip(&base, 60),
        clip(&shell, 40),
        clip(&shell, 40),
        clip(&words.join(" "), 80),
        clip(program, 40),
    );
    cx.report(&CMD_GIVEN_TO_SHELL_ENTRYPOINT, cmd.span.start, message);
}

/// A `USER` name (not a number) that the final image runs as: Kubernetes `runAsNonRoot`
/// cannot tell whether it is root.
fn non_numeric_user(cx: &mut Context<'_>) {
    let target = cx.graph.final_stage();
    if target.export_only
        || cx
            .graph
            .root_image(target.index)
            .is_some_and(image::is_windows)
    {
        return;
    }
    let User::Set { user, line } =
        facts::effective_user(cx.dockerfile, cx.graph, target.index, cx.base(target.index))
    else {
        return;
    };
    // Root is another rule's finding; a variable's value is not known here.
    if !is_name(&user) || facts::is_root_name(&user) {
        return;
    }
    // A name the image cannot resolve at all is reported by `user_lookup` as an error.
    let base = cx.base(target.index);
    let unresolvable = base.is_some_and(|b| {
        b.is_scratch() || b.known_users().is_some_and(|known| !known.contains(&user))
    });
    if unresolvable && !facts::provides_passwd(cx.dockerfile, cx.graph, target.index) {
        return;
    }
    let number = cx
        .base(target.index)
        .and_then(|b| b.uid_of(&user))
        .map(|uid| uid.to_string());
    let instead = match &number {
        Some(uid) => format!(
            "`{}` is uid {uid} in the /etc/passwd of `{}`, but the kubelet does not read that file: write USER {uid} (and the group as a number after a colon)",
            clip(&user, 40),
            clip(cx.graph.root_image(target.index).unwrap_or(""), 60)
        ),
        None => "write the user's numeric uid (and gid), e.g. USER 10001:10001".to_owned(),
    };
    cx.report(
        &NON_NUMERIC_USER,
        line,
        format!(
            "`USER {}` is a name, so Kubernetes `runAsNonRoot` cannot verify that the image does not run as root and refuses the pod unless it sets runAsUser; {instead}",
            clip(&user, 40)
        ),
    );
}
