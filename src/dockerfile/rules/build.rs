//! Rules about building: cgo binaries in images without glibc, and build tools where they do
//! not belong (the final stage, or a single-stage image).

use super::Context;
use super::catalog::{
    COMPILER_IN_FINAL_STAGE, GO_BUILD_WITH_CGO, PACKAGE_MANAGER_IN_FINAL_STAGE,
    SINGLE_STAGE_BUILD_TOOLS,
};
use crate::dockerfile::facts::{self, GoBuild};
use crate::dockerfile::graph::{EdgeKind, Target};
use crate::dockerfile::image_catalog::{ImageFacts, Libc};
use crate::dockerfile::lex::clip;
use crate::dockerfile::model::Detail;
use crate::dockerfile::shell;

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
        let destination = reference.stage;
        let (Some(build_image), Some(runtime_image)) =
            (graph.root_image(source), graph.root_image(destination))
        else {
            continue;
        };
        let build_has_c = facts::installs_c_toolchain(df, graph, source);
        let Some(problem) = cgo_problem(
            cx.base(source),
            build_has_c,
            cx.base(destination),
            runtime_image,
        ) else {
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
        let copied = |b: &GoBuild| match &b.output {
            Some(output) => sources.iter().any(|s| copies_output(s, output)),
            None => true,
        };
        for go in facts::go_builds(df, graph, source) {
            if go.cgo_disabled || go.static_link || !copied(&go) {
                continue;
            }
            if reported.contains(&(go.instruction, destination)) {
                continue;
            }
            reported.push((go.instruction, destination));
            cx.report(
                &GO_BUILD_WITH_CGO,
                go.line,
                format!(
                    "this Go build keeps cgo on (the default in `{}`), and line {} copies its output into {}; build with CGO_ENABLED=0",
                    clip(build_image, 60),
                    reference.line,
                    problem
                ),
            );
        }
    }
}

fn final_stage_tools(cx: &mut Context<'_>) {
    if cx.graph.stages.len() < 2 {
        return;
    }
    let target = cx.graph.final_stage();
    for (_, instruction) in facts::stage_instructions(cx.dockerfile, cx.graph, target.index) {
        let commands = shell::run_commands(instruction);
        if let Some(tool) = commands.iter().find_map(facts::package_manager) {
            cx.report(
                &PACKAGE_MANAGER_IN_FINAL_STAGE,
                instruction.span.start,
                format!(
                    "`{tool}` runs in the final stage {}; install in a build stage and copy the result",
                    target.display_name()
                ),
            );
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

fn single_stage(cx: &mut Context<'_>) {
    if cx.graph.stages.len() != 1 {
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
        let packages: Vec<String> = commands
            .iter()
            .flat_map(facts::installed_packages)
            .filter(|p| facts::is_build_package(p))
            .collect();
        let message = if !packages.is_empty() {
            let shown: Vec<String> = packages
                .iter()
                .take(4)
                .map(|p| format!("`{}`", clip(p, 30)))
                .collect();
            format!(
                "the only stage installs build tools ({}), which stay in the image",
                shown.join(", ")
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
