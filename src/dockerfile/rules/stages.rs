//! Rules about the stage graph: references to stages, duplicate names, unused stages.

use super::Context;
use super::catalog::{
    COPY_FROM_LATER_STAGE, COPY_FROM_UNKNOWN_STAGE, DUPLICATE_STAGE_NAME, UNUSED_STAGE,
};
use crate::dockerfile::graph::{EdgeKind, Target};
use crate::dockerfile::lex::{clip, edit_distance};

pub(super) fn check(cx: &mut Context<'_>) {
    references(cx);
    duplicate_names(cx);
    unused(cx);
}

/// How the reference is written in messages.
fn flag_text(kind: EdgeKind, written: &str) -> String {
    match kind {
        EdgeKind::Mount => format!("--mount from={}", clip(written, 60)),
        _ => format!("--from={}", clip(written, 60)),
    }
}

fn references(cx: &mut Context<'_>) {
    let graph = cx.graph;
    for reference in &graph.references {
        let shown = flag_text(reference.kind, &reference.written);
        match &reference.target {
            Target::Stage { index } if *index == reference.stage => {
                cx.report(
                    &COPY_FROM_LATER_STAGE,
                    reference.line,
                    format!("`{shown}` refers to the stage it is in, a cycle"),
                );
            }
            Target::Stage { index } if *index > reference.stage => {
                let stage = &graph.stages[*index];
                cx.report(
                    &COPY_FROM_LATER_STAGE,
                    reference.line,
                    format!(
                        "`{shown}` refers to stage {} defined later, on line {}",
                        stage.display_name(),
                        stage.line
                    ),
                );
            }
            Target::MissingIndex { index } => {
                let count = graph.stages.len();
                let message = if *index == usize::MAX {
                    format!("`{shown}` is not a valid stage index")
                } else {
                    format!(
                        "`{shown}` names stage {index}, but the file has {count} stage{} (0 to {})",
                        if count == 1 { "" } else { "s" },
                        count - 1
                    )
                };
                cx.report(&COPY_FROM_UNKNOWN_STAGE, reference.line, message);
            }
            Target::Image { reference: image } if looks_like_stage_name(image) => {
                let suggestion = graph
                    .stages
                    .iter()
                    .filter_map(|s| s.name.as_deref())
                    .map(|n| (edit_distance(n, image), n))
                    .filter(|(d, _)| *d <= 2)
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, n)| n.to_owned());
                let message = match suggestion {
                    Some(name) => format!(
                        "`{shown}` matches no stage; did you mean `{}`?",
                        clip(&name, 40)
                    ),
                    None => format!(
                        "`{shown}` matches no stage, so Docker would pull an image `{}:latest`",
                        clip(image, 60)
                    ),
                };
                cx.report(&COPY_FROM_UNKNOWN_STAGE, reference.line, message);
            }
            _ => {}
        }
    }
}

/// A bare word with no registry, path or tag: what a stage name looks like.
fn looks_like_stage_name(reference: &str) -> bool {
    !reference.contains(['/', ':', '@'])
}

fn duplicate_names(cx: &mut Context<'_>) {
    let graph = cx.graph;
    for (i, stage) in graph.stages.iter().enumerate() {
        let Some(name) = stage.name.as_deref() else {
            continue;
        };
        if let Some(first) = graph.stages[..i].iter().find(|s| s.is_named(name)) {
            cx.report(
                &DUPLICATE_STAGE_NAME,
                stage.line,
                format!(
                    "the stage name `{}` is already used on line {}",
                    clip(name, 40),
                    first.line
                ),
            );
        }
    }
}

fn unused(cx: &mut Context<'_>) {
    let graph = cx.graph;
    let target = graph.final_stage();
    for stage in graph.unused_stages() {
        let message = if stage.index > target.index {
            format!(
                "stage {} comes after the target {} and is not built",
                stage.display_name(),
                target.display_name()
            )
        } else {
            format!(
                "stage {} is not used by the final stage {}; BuildKit skips it",
                stage.display_name(),
                target.display_name()
            )
        };
        cx.report(&UNUSED_STAGE, stage.line, message);
    }
}
