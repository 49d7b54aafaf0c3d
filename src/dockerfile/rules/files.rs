//! Rules about where files go: a whole filesystem copied from another stage, and relative
//! destinations before any `WORKDIR`.

use super::Context;
use super::catalog::{COPY_WHOLE_FILESYSTEM, RELATIVE_DESTINATION_WITHOUT_WORKDIR};
use crate::dockerfile::facts;
use crate::dockerfile::graph::{Base, EdgeKind, Target};
use crate::dockerfile::image;
use crate::dockerfile::lex::clip;
use crate::dockerfile::model::{Detail, Keyword};

pub(super) fn check(cx: &mut Context<'_>) {
    whole_filesystem(cx);
    relative_destinations(cx);
}

/// Whether a COPY source is the root of the filesystem.
fn is_root(source: &str) -> bool {
    matches!(source, "/" | "/." | "/*" | "./" | ".")
}

fn whole_filesystem(cx: &mut Context<'_>) {
    let graph = cx.graph;
    for reference in &graph.references {
        let Target::Stage { index: source } = reference.target else {
            continue;
        };
        if reference.kind != EdgeKind::Copy || source == reference.stage {
            continue;
        }
        let Some(Detail::Copy { sources, .. }) = cx
            .dockerfile
            .instructions
            .get(reference.instruction)
            .map(|i| &i.detail)
        else {
            continue;
        };
        if !sources.iter().any(|s| is_root(s)) {
            continue;
        }
        // A stage built on scratch only gathers files; copying all of it is the point.
        let Some(root) = graph.root_image(source) else {
            continue;
        };
        if image::is_scratch(root) {
            continue;
        }
        // Without a RUN the stage is the image as pulled, often one made of files to copy
        // (cross-compilation helpers, binaries): a full OS is only certain when a shell ran.
        let ran = facts::chain_instructions(cx.dockerfile, graph, source)
            .iter()
            .any(|(_, i)| i.keyword == Keyword::Run);
        if !ran {
            continue;
        }
        let stage = &graph.stages[source];
        cx.report(
            &COPY_WHOLE_FILESYSTEM,
            reference.line,
            format!(
                "`COPY --from={}` copies the whole filesystem of stage {}, built on `{}`: its OS, tools and caches; copy only the artifacts",
                clip(&reference.written, 40),
                stage.display_name(),
                clip(root, 60)
            ),
        );
    }
}

/// Whether a destination is relative to the working directory.
fn is_relative(destination: &str) -> bool {
    let d = destination.trim_matches('"');
    !(d.is_empty()
        || d.starts_with('/')
        || d.starts_with('$')
        || d.starts_with('\\')
        || d.as_bytes().get(1) == Some(&b':'))
}

fn relative_destinations(cx: &mut Context<'_>) {
    let graph = cx.graph;
    // Whether a WORKDIR was set by the end of each stage (a stage built on it inherits it).
    let mut workdir_at_end = vec![false; graph.stages.len()];
    for stage in &graph.stages {
        let mut workdir = match stage.base {
            Base::Stage { index } if index < stage.index => workdir_at_end[index],
            _ => false,
        };
        let windows = graph.root_image(stage.index).is_some_and(image::is_windows);
        // On scratch the working directory is always `/`: nothing depends on a base image.
        let scratch = graph.root_image(stage.index).is_some_and(image::is_scratch);
        let mut reported = scratch;
        for (_, instruction) in facts::stage_instructions(cx.dockerfile, graph, stage.index) {
            match (&instruction.keyword, &instruction.detail) {
                (Keyword::Workdir, _) => workdir = true,
                (Keyword::Copy | Keyword::Add, Detail::Copy { destination, .. })
                    if !workdir && !windows && !reported && is_relative(destination) =>
                {
                    cx.report(
                        &RELATIVE_DESTINATION_WITHOUT_WORKDIR,
                        instruction.span.start,
                        format!(
                            "the destination `{}` is relative, and no WORKDIR is set: it depends on the base image's working directory; set WORKDIR first or use an absolute path",
                            clip(destination, 40)
                        ),
                    );
                    // Once per stage is enough to make the point.
                    reported = true;
                }
                _ => {}
            }
        }
        workdir_at_end[stage.index] = workdir;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert!(is_relative("."));
        assert!(is_relative("app/"));
        assert!(!is_relative("/app"));
        assert!(!is_relative("$HOME/x"));
        assert!(!is_relative("C:\\app"));
        assert!(!is_relative("c:/app"));
    }
}
