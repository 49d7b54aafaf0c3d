//! Rules about the stage graph: references to stages, duplicate names, unused stages.

use std::collections::HashMap;

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
                let names = graph.stages.iter().filter_map(|s| s.name.as_deref());
                let suggestion = nearest_name(image, names).map(str::to_owned);
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

/// How far a stage name is from a word that matches no stage: `0` when the word is one of
/// the name's dash-separated parts (`set` in `license-set`), else the edit distance plus one.
fn name_distance(word: &str, name: &str) -> usize {
    let word = word.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    if name.split(['-', '_', '.']).any(|part| part == word) {
        0
    } else {
        edit_distance(&word, &name) + 1
    }
}

/// The stage name closest to `word`, when one is close enough to be a likely slip: a name
/// containing the word as a part wins (the shortest such name), then the smallest edit
/// distance of at most two.
fn nearest_name<'a>(word: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    names
        .map(|n| (name_distance(word, n), n.len(), n))
        .filter(|(d, _, _)| *d <= 3)
        .min_by_key(|(d, len, _)| (*d, *len))
        .map(|(_, _, n)| n)
}

/// A bare word with no registry, path or tag: what a stage name looks like.
fn looks_like_stage_name(reference: &str) -> bool {
    !reference.contains(['/', ':', '@'])
}

fn duplicate_names(cx: &mut Context<'_>) {
    let graph = cx.graph;
    // The first stage of each name (names ignore case): one pass, not a search per stage.
    let mut first_of: HashMap<String, usize> = HashMap::new();
    for stage in &graph.stages {
        let Some(name) = stage.name.as_deref() else {
            continue;
        };
        let first = *first_of
            .entry(name.to_ascii_lowercase())
            .or_insert(stage.index);
        if first != stage.index {
            let first = &graph.stages[first];
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
        let message = if stage.export_only {
            format!(
                "stage {} only holds files (scratch, nothing to run): build it on its own with --target and --output to export them",
                stage.display_name()
            )
        } else if stage.index > target.index {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_name_prefers_a_name_holding_the_word() {
        let names = ["test", "license-set", "license-update", "build"];
        assert_eq!(
            nearest_name("set", names.iter().copied()),
            Some("license-set")
        );
        assert_eq!(nearest_name("biuld", names.iter().copied()), Some("build"));
        assert_eq!(nearest_name("tset", names.iter().copied()), Some("test"));
        assert_eq!(nearest_name("zzzzzz", names.iter().copied()), None);
    }
}
