//! Rules about building: cgo binaries in images without glibc, and build tools where they do
//! not belong (the final stage, or a single-stage image).

use super::Context;
use super::catalog::{
    COMPILER_IN_FINAL_STAGE, GO_BUILD_WITH_CGO, PACKAGE_MANAGER_IN_FINAL_STAGE,
    SINGLE_STAGE_BUILD_TOOLS,
};
use crate::dockerfile::facts::{self, GoBuild};
use crate::dockerfile::graph::{EdgeKind, StageGraph, Target};
use crate::dockerfile::image_catalog::{ImageFacts, Libc};
use crate::dockerfile::lex::clip;
use crate::dockerfile::model::{Args, Detail, Keyword, Severity};
use crate::dockerfile::shell::{self, Command};

pub(super) fn check(cx: &mut Context<'_>) {
    cgo(cx);
    final_stage_tools(cx);
    single_stage(cx);
}

/// The last path component, ignoring a trailing slash.
fn basename(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether a COPY source path takes the file a Go build wrote to `output`.
fn copies_output(source: &str, output: &str) -> bool {
    let source = source.trim_end_matches('/');
    let output = output.trim_end_matches('/');
    source == output
        || output
            .strip_prefix(source)
            .is_some_and(|rest| rest.starts_with('/'))
        || basename(source) == basename(output)
        || source.ends_with("/*")
}

/// Why a cgo binary from a build on `build` fails on `runtime` (named `runtime_image`), or
/// `None` when it works or the catalog does not know.
fn cgo_problem(
    build: Option<&ImageFacts>,
    build_has_c: bool,
    runtime: Option<&ImageFacts>,
    runtime_image: &str,
) -> Option<String> {
    let build_libc = build.and_then(ImageFacts::libc);
    if build_libc == Some(Libc::Musl) && !build_has_c {
        // No C compiler: Go turns cgo off by itself.
        return None;
    }
    let runtime = runtime?;
    if runtime.is_scratch() {
        Some("scratch, which has no C library".to_owned())
    } else if runtime.libc() == Some(Libc::None) {
        Some(format!(
            "`{}`, which has no C library",
            clip(runtime_image, 60)
        ))
    } else if runtime.libc() == Some(Libc::Musl) && build_libc != Some(Libc::Musl) {
        Some(format!(
            "`{}`, whose C library is musl, not glibc",
            clip(runtime_image, 60)
        ))
    } else {
        None
    }
}

/// Whether a COPY of `sources` takes the binary of this Go build.
fn copies_build(sources: &[&str], go: &GoBuild) -> bool {
    match &go.output {
        Some(output) => sources.iter().any(|s| copies_output(s, output)),
        // `go install` writes to $GOPATH/bin (/go/bin in the golang images) or $GOBIN.
        None if go.install => sources.iter().any(|s| {
            s.starts_with("/go/bin")
                || s.starts_with("/go/") && s.ends_with("/bin")
                || s.contains("GOPATH")
                || s.contains("GOBIN")
        }),
        // `go build` without -o writes into the working directory.
        None => true,
    }
}

/// The stages where files copied into `stage` run: the stage itself when it runs something
/// (or is not built on scratch), else the stages that take its files, following stages that
/// only pass files on. A stage that is only exported runs nowhere we can see.
fn runtimes(graph: &StageGraph, stage: usize) -> Vec<usize> {
    let mut found = Vec::new();
    let mut seen = vec![false; graph.stages.len()];
    let mut stack = vec![stage];
    while let Some(current) = stack.pop() {
        if current >= seen.len() || seen[current] {
            continue;
        }
        seen[current] = true;
        if !graph.stages[current].export_only {
            found.push(current);
            continue;
        }
        stack.extend(
            graph
                .users_of(current)
                .filter(|e| e.kind != EdgeKind::Mount)
                .map(|e| e.to),
        );
    }
    found
}

fn cgo(cx: &mut Context<'_>) {
    let graph = cx.graph;
    let df = cx.dockerfile;
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for reference in &graph.references {
        let Target::Stage { index: source } = reference.target else {
            continue;
        };
        if reference.kind != EdgeKind::Copy || source == reference.stage {
            continue;
        }
        let Some(build_image) = graph.root_image(source) else {
            continue;
        };
        let sources: Vec<&str> = match df
            .instructions
            .get(reference.instruction)
            .map(|i| &i.detail)
        {
            Some(Detail::Copy { sources, .. }) => sources.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        let builds: Vec<GoBuild> = facts::go_builds(df, graph, source)
            .into_iter()
            .filter(|go| !go.cgo_disabled && !go.static_link && copies_build(&sources, go))
            .collect();
        if builds.is_empty() {
            continue;
        }
        let build_has_c = facts::installs_c_toolchain(df, graph, source);
        for runtime_stage in runtimes(graph, reference.stage) {
            let Some(runtime_image) = graph.root_image(runtime_stage) else {
                continue;
            };
            let Some(problem) = cgo_problem(
                cx.base(source),
                build_has_c,
                cx.base(runtime_stage),
                runtime_image,
            ) else {
                continue;
            };
            let via = if runtime_stage == reference.stage {
                String::new()
            } else {
                format!(
                    " (through to stage {})",
                    graph.stages[runtime_stage].display_name()
                )
            };
            for go in &builds {
                if reported.contains(&(go.instruction, runtime_stage)) {
                    continue;
                }
                reported.push((go.instruction, runtime_stage));
                let why = match go.cgo_enabled_at {
                    Some(line) if line == go.line => "this Go build sets CGO_ENABLED=1".to_owned(),
                    Some(line) => {
                        format!("this Go build has cgo on (CGO_ENABLED=1 on line {line})")
                    }
                    None => format!(
                        "this Go build keeps cgo on (the default in `{}`)",
                        clip(build_image, 60)
                    ),
                };
                cx.report(
                    &GO_BUILD_WITH_CGO,
                    go.line,
                    format!(
                        "{why}, and line {} copies its output into {problem}{via}; build with CGO_ENABLED=0",
                        reference.line,
                    ),
                );
            }
        }
    }
}

/// The packages a RUN's commands install.
fn packages_of(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .flat_map(facts::installed_packages)
        .collect()
}

/// Up to four packages in backticks, for messages.
fn shown(packages: &[String]) -> String {
    let mut list: Vec<String> = packages
        .iter()
        .take(4)
        .map(|p| format!("`{}`", clip(p, 30)))
        .collect();
    if packages.len() > 4 {
        list.push("...".to_owned());
    }
    list.join(", ")
}

fn final_stage_tools(cx: &mut Context<'_>) {
    if cx.graph.stages.len() < 2 {
        return;
    }
    let target = cx.graph.final_stage();
    // A final image with no command of its own is a base or tool image (an SDK, a language
    // image): the tools it installs are what it is for.
    let tool_image = is_tool_image(cx, target.index);
    for (_, instruction) in facts::stage_instructions(cx.dockerfile, cx.graph, target.index) {
        let commands = shell::run_commands(instruction);
        let removed = commands.iter().any(facts::removes_packages);
        if let Some(tool) = commands.iter().find_map(facts::package_manager) {
            let packages = packages_of(&commands);
            let (severity, message) = if tool_image {
                (
                    Severity::Info,
                    format!(
                        "`{tool}` installs packages in the final stage {}, which runs no command of its own (a base or tool image); fine if they are what the image is for",
                        target.display_name()
                    ),
                )
            } else if tool == "pip" || packages.is_empty() && !removed {
                (
                    Severity::Warning,
                    format!(
                        "`{tool}` runs in the final stage {}; install in a build stage and copy the result",
                        target.display_name()
                    ),
                )
            } else if packages.iter().all(|p| facts::is_runtime_package(p)) {
                (
                    Severity::Info,
                    format!(
                        "the final stage {} installs runtime packages ({}): normal when the program needs them; keep the list short",
                        target.display_name(),
                        shown(&packages)
                    ),
                )
            } else if removed {
                (
                    Severity::Info,
                    format!(
                        "the final stage {} installs packages and removes them in the same RUN, so they do not stay in the image",
                        target.display_name()
                    ),
                )
            } else {
                let extra: Vec<String> = packages
                    .iter()
                    .filter(|p| !facts::is_runtime_package(p))
                    .cloned()
                    .collect();
                (
                    Severity::Warning,
                    format!(
                        "`{tool}` installs {} in the final stage {}; build with them in an earlier stage and copy the result",
                        shown(&extra),
                        target.display_name()
                    ),
                )
            };
            cx.report_as(
                &PACKAGE_MANAGER_IN_FINAL_STAGE,
                severity,
                instruction.span.start,
                message,
            );
        }
        if removed {
            continue;
        }
        if let Some(tool) = commands.iter().find_map(facts::compiler) {
            cx.report(
                &COMPILER_IN_FINAL_STAGE,
                instruction.span.start,
                format!(
                    "`{}` runs in the final stage {}; build in an earlier stage and copy the artifact",
                    clip(&tool, 40),
                    target.display_name()
                ),
            );
        }
    }
}

/// Programs that mean an interactive shell or a build tool is what the image runs.
const TOOL_PROGRAMS: &[&str] = &[
    "sh",
    "bash",
    "ash",
    "zsh",
    "powershell",
    "powershell.exe",
    "pwsh",
    "cmd",
    "cmd.exe",
];

/// Interpreters that, run with no script, open an interactive prompt: the default command of
/// a language image (`python3`, `irb`, `node`, `php -a`, `jshell`).
const REPL_PROGRAMS: &[&str] = &[
    "python", "python2", "python3", "irb", "node", "php", "jshell", "ghci", "erl", "iex", "R",
    "julia", "ruby", "perl",
];

/// Whether a single-stage image is a toolchain, language or development image, not an app:
/// it sets no CMD or ENTRYPOINT, what it runs is a shell, or it runs an interpreter's prompt.
fn is_tool_image(cx: &Context<'_>, stage: usize) -> bool {
    let words = |keyword| {
        facts::last_in_chain(cx.dockerfile, cx.graph, stage, keyword).map(|i| match &i.args {
            Args::Exec(items) => items.clone(),
            Args::Shell(text) => text.split_whitespace().map(str::to_owned).collect(),
        })
    };
    let Some(words) = words(Keyword::Entrypoint).or_else(|| words(Keyword::Cmd)) else {
        return true;
    };
    let Some(program) = words.first() else {
        return true;
    };
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let prompt = REPL_PROGRAMS.contains(&name) && words[1..].iter().all(|w| w.starts_with('-'));
    TOOL_PROGRAMS.contains(&name) || prompt
}

fn single_stage(cx: &mut Context<'_>) {
    if cx.graph.stages.len() != 1 || is_tool_image(cx, 0) {
        return;
    }
    let stage = &cx.graph.stages[0];
    if let Some(base) = cx.graph.root_image(0)
        && cx.base(0).is_some_and(ImageFacts::is_toolchain)
    {
        cx.report(
            &SINGLE_STAGE_BUILD_TOOLS,
            stage.line,
            format!(
                "the only stage is based on the toolchain image `{}`, which ships with the app",
                clip(base, 60)
            ),
        );
        return;
    }
    for (_, instruction) in facts::stage_instructions(cx.dockerfile, cx.graph, 0) {
        let commands = shell::run_commands(instruction);
        if commands.iter().any(facts::removes_packages) {
            // Build dependencies installed and removed in one RUN leave nothing behind.
            continue;
        }
        let packages: Vec<String> = packages_of(&commands)
            .into_iter()
            .filter(|p| facts::is_build_package(p))
            .collect();
        let message = if !packages.is_empty() {
            format!(
                "the only stage installs build tools ({}), which stay in the image",
                shown(&packages)
            )
        } else if let Some(tool) = commands.iter().find_map(facts::compiler) {
            format!(
                "the only stage runs `{}`, so the toolchain and sources stay in the image",
                clip(&tool, 40)
            )
        } else {
            continue;
        };
        cx.report(&SINGLE_STAGE_BUILD_TOOLS, instruction.span.start, message);
        return;
    }
}
