//! The stage graph: stages by index and name, what each stage is built from, which stages and
//! images it copies from, the final stage, and the stages the final stage does not need.

use std::ops::Range;

use serde::Serialize;
use thiserror::Error;

use super::expand;
use super::image;
use super::model::{Detail, Dockerfile, Instruction, Keyword, Span};

/// Variables BuildKit defines for every build, usable in `FROM` without declaring them.
const PLATFORM_ARGS: [&str; 8] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// Why a stage graph cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GraphError {
    /// There is no `FROM`, so there are no stages.
    #[error("the Dockerfile has no FROM instruction, so it has no stages")]
    NoStages,
    /// `--target` names no stage.
    #[error("no stage is named `{name}`{}", available_list(.available))]
    UnknownTarget {
        /// The requested name.
        name: String,
        /// The stage names that exist.
        available: Vec<String>,
    },
}

fn available_list(names: &[String]) -> String {
    if names.is_empty() {
        "; the stages have no names (add `AS name` to a FROM)".to_owned()
    } else {
        format!("; named stages: {}", names.join(", "))
    }
}

/// What a stage starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Base {
    /// `FROM scratch`: an empty filesystem.
    Scratch,
    /// `FROM <earlier stage>`.
    Stage {
        /// The index of that stage.
        index: usize,
    },
    /// An image from a registry.
    Image {
        /// The reference after variable expansion.
        reference: String,
    },
    /// The reference is empty once variables are expanded, or uses a form of expansion that
    /// is not evaluated, so the image is not known.
    Unresolved {
        /// The variables that have no value.
        variables: Vec<String>,
    },
}

/// One stage: from its `FROM` to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// 0-based position among the stages (usable as `COPY --from=<index>`).
    pub index: usize,
    /// The name after `AS`, as written.
    pub name: Option<String>,
    /// The `FROM` line.
    pub line: usize,
    /// The lines from `FROM` to the end of the stage's last instruction.
    pub span: Span,
    /// Indices into [`Dockerfile::instructions`], starting with the `FROM`.
    pub instructions: Range<usize>,
    /// The image or stage as written after `FROM`.
    pub base_written: String,
    /// What the stage starts from.
    pub base: Base,
    /// Variables in the `FROM` image that have no value; Docker expands them to nothing unless
    /// the build passes `--build-arg`.
    pub unset_args: Vec<String>,
    /// The `--platform` value, if given.
    pub platform: Option<String>,
    /// Whether building the final stage needs this stage.
    pub needed: bool,
}

impl Stage {
    /// The name, or `#index` for an unnamed stage.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("#{}", self.index),
        }
    }

    /// How messages name the stage: `` `build` `` (with backticks) or `#1` when it has no name.
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(name) => format!("`{}`", super::lex::clip(name, 40)),
            None => format!("#{}", self.index),
        }
    }

    /// Whether `name` is this stage's name (stage names ignore case).
    pub fn is_named(&self, name: &str) -> bool {
        self.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    }
}

/// How one stage uses another stage or image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// `FROM <stage>`.
    Base,
    /// `COPY --from=<stage>`.
    Copy,
    /// `RUN --mount=...,from=<stage>`.
    Mount,
}

/// `to` depends on stage `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The stage that is used.
    pub from: usize,
    /// The stage that uses it.
    pub to: usize,
    /// How it is used.
    pub kind: EdgeKind,
    /// The line of the instruction that uses it.
    pub line: usize,
}

/// What a `--from` (or mount `from=`) value refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A stage of this file (possibly a later one, or the same one).
    Stage {
        /// Its index.
        index: usize,
    },
    /// A number that is not the index of any stage.
    MissingIndex {
        /// The number written.
        index: usize,
    },
    /// Not a stage: an image from a registry.
    Image {
        /// The reference after variable expansion.
        reference: String,
    },
    /// Uses variables without a value.
    Unresolved,
}

/// A `COPY --from` or `RUN --mount from=` in a stage, and what it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The stage the instruction is in.
    pub stage: usize,
    /// Index of the instruction in [`Dockerfile::instructions`].
    pub instruction: usize,
    /// The instruction's line.
    pub line: usize,
    /// `Copy` or `Mount`.
    pub kind: EdgeKind,
    /// The value as written.
    pub written: String,
    /// What it refers to.
    pub target: Target,
}

/// An image from a registry that the build uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExternalImage {
    /// The reference after variable expansion.
    pub reference: String,
    /// The stage that uses it.
    pub stage: usize,
    /// As a base (`FROM`), a copy source or a mount source.
    pub kind: EdgeKind,
    /// The line that uses it.
    pub line: usize,
}

/// An `ARG` before the first `FROM`, usable in `FROM` lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlobalArg {
    /// The name.
    pub name: String,
    /// The default after expansion, if any.
    pub value: Option<String>,
    /// The line it is declared on.
    pub line: usize,
}

/// The stages of a Dockerfile and how they depend on each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageGraph {
    /// The stages in order.
    pub stages: Vec<Stage>,
    /// Dependencies between stages (not including a stage's use of itself).
    pub edges: Vec<Edge>,
    /// Every `COPY --from` and mount source with what it resolves to.
    pub references: Vec<Reference>,
    /// Registry images used as bases, copy sources or mount sources.
    pub images: Vec<ExternalImage>,
    /// `ARG`s before the first `FROM`.
    pub global_args: Vec<GlobalArg>,
    /// The index of the final stage: the last, or the one named by `--target`.
    pub target: usize,
    /// Whether `--target` chose the final stage.
    pub explicit_target: bool,
}

impl StageGraph {
    /// Builds the graph of `dockerfile`. `target` names the stage to build, like
    /// `docker build --target`; without it the last stage is the final one.
    pub fn new(dockerfile: &Dockerfile, target: Option<&str>) -> Result<StageGraph, GraphError> {
        let global_args = global_args(dockerfile);
        let mut stages = build_stages(dockerfile, &global_args);
        if stages.is_empty() {
            return Err(GraphError::NoStages);
        }
        let target_index = match target {
            None => stages.len() - 1,
            Some(name) => stages
                .iter()
                .position(|s| s.is_named(name))
                .ok_or_else(|| GraphError::UnknownTarget {
                    name: name.to_owned(),
                    available: stages.iter().filter_map(|s| s.name.clone()).collect(),
                })?,
        };
        let references = find_references(dockerfile, &stages, &global_args);
        let mut edges = Vec::new();
        let mut images = Vec::new();
        for stage in &stages {
            match &stage.base {
                Base::Stage { index } => edges.push(Edge {
                    from: *index,
                    to: stage.index,
                    kind: EdgeKind::Base,
                    line: stage.line,
                }),
                Base::Image { reference } => images.push(ExternalImage {
                    reference: reference.clone(),
                    stage: stage.index,
                    kind: EdgeKind::Base,
                    line: stage.line,
                }),
                Base::Scratch | Base::Unresolved { .. } => {}
            }
        }
        for reference in &references {
            match &reference.target {
                Target::Stage { index } if *index != reference.stage => edges.push(Edge {
                    from: *index,
                    to: reference.stage,
                    kind: reference.kind,
                    line: reference.line,
                }),
                Target::Image { reference: image } => images.push(ExternalImage {
                    reference: image.clone(),
                    stage: reference.stage,
                    kind: reference.kind,
                    line: reference.line,
                }),
                _ => {}
            }
        }
        let needed = reachable(stages.len(), &edges, target_index);
        for (stage, needed) in stages.iter_mut().zip(needed) {
            stage.needed = needed;
        }
        Ok(StageGraph {
            stages,
            edges,
            references,
            images,
            global_args,
            target: target_index,
            explicit_target: target.is_some(),
        })
    }

    /// The final stage.
    pub fn final_stage(&self) -> &Stage {
        // `new` guarantees at least one stage and a valid target.
        &self.stages[self.target.min(self.stages.len().saturating_sub(1))]
    }

    /// The stage named `name` (ignoring case).
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.is_named(name))
    }

    /// The stage that instruction `index` belongs to (`None` for ARGs before the first FROM).
    pub fn stage_of_instruction(&self, index: usize) -> Option<&Stage> {
        self.stages.iter().find(|s| s.instructions.contains(&index))
    }

    /// The stage whose span covers `line`.
    pub fn stage_at_line(&self, line: usize) -> Option<&Stage> {
        self.stages.iter().find(|s| s.span.contains(line))
    }

    /// The stage and the stages it is built on, nearest first: for `FROM build AS test`,
    /// `[test, build, ...]`.
    pub fn chain(&self, stage: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = Some(stage);
        while let Some(index) = current {
            if chain.contains(&index) || index >= self.stages.len() {
                break;
            }
            chain.push(index);
            current = match self.stages[index].base {
                // A base stage always comes earlier, so this ends.
                Base::Stage { index: parent } if parent < index => Some(parent),
                _ => None,
            };
        }
        chain
    }

    /// The image at the bottom of a stage's chain of `FROM <stage>`s.
    pub fn root_base(&self, stage: usize) -> &Base {
        let chain = self.chain(stage);
        let root = chain.last().copied().unwrap_or(stage);
        &self.stages[root.min(self.stages.len().saturating_sub(1))].base
    }

    /// The root image as text: `scratch`, the reference, or `None` when unresolved.
    pub fn root_image(&self, stage: usize) -> Option<&str> {
        match self.root_base(stage) {
            Base::Scratch => Some("scratch"),
            Base::Image { reference } => Some(reference),
            Base::Stage { .. } | Base::Unresolved { .. } => None,
        }
    }

    /// Stages the final stage does not need: BuildKit skips them.
    pub fn unused_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages.iter().filter(|s| !s.needed)
    }
}

/// The `ARG`s before the first `FROM`, with defaults expanded in order.
fn global_args(dockerfile: &Dockerfile) -> Vec<GlobalArg> {
    let mut args: Vec<GlobalArg> = Vec::new();
    for instruction in &dockerfile.instructions {
        if instruction.keyword == Keyword::From {
            break;
        }
        let Detail::Arg { args: decls } = &instruction.detail else {
            continue;
        };
        for decl in decls {
            let value = decl.default.as_ref().map(|default| {
                let lookup = |name: &str| lookup_global(&args, name);
                expand::expand(default, dockerfile.escape, &lookup).value
            });
            args.retain(|a| a.name != decl.name);
            args.push(GlobalArg {
                name: decl.name.clone(),
                value,
                line: instruction.span.start,
            });
        }
    }
    args
}

fn lookup_global(args: &[GlobalArg], name: &str) -> Option<String> {
    match args.iter().rev().find(|a| a.name == name) {
        Some(arg) => arg.value.clone(),
        None if PLATFORM_ARGS.contains(&name) => Some(format!("${{{name}}}")),
        None => None,
    }
}

/// Expands a `FROM` image with the global args, as Docker does: a variable without a value
/// becomes empty. Returns the base and the variables that had no value.
fn resolve_base(
    written: &str,
    escape: char,
    args: &[GlobalArg],
    earlier: &[Stage],
) -> (Base, Vec<String>) {
    let expanded = expand::expand(written, escape, &|name| lookup_global(args, name));
    let missing = expanded.missing;
    if expanded.unsupported || expanded.value.is_empty() {
        let variables = if missing.is_empty() {
            vec![written.to_owned()]
        } else {
            missing.clone()
        };
        return (Base::Unresolved { variables }, missing);
    }
    let value = expanded.value;
    if image::is_scratch(&value) {
        return (Base::Scratch, missing);
    }
    // `FROM name` refers to an earlier stage when one has that name.
    let base = match earlier.iter().rev().find(|s| s.is_named(&value)) {
        Some(stage) => Base::Stage { index: stage.index },
        None => Base::Image { reference: value },
    };
    (base, missing)
}

fn build_stages(dockerfile: &Dockerfile, args: &[GlobalArg]) -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        if instruction.keyword != Keyword::From {
            if let Some(stage) = stages.last_mut() {
                stage.instructions.end = index + 1;
                stage.span.end = stage.span.end.max(instruction.span.end);
            }
            continue;
        }
        let (written, name) = match instruction.from_parts() {
            Some((image, alias)) => (image.to_owned(), alias.map(str::to_owned)),
            None => (String::new(), None),
        };
        let (base, unset_args) = if written.is_empty() {
            (
                Base::Unresolved {
                    variables: Vec::new(),
                },
                Vec::new(),
            )
        } else {
            resolve_base(&written, dockerfile.escape, args, &stages)
        };
        stages.push(Stage {
            index: stages.len(),
            name,
            line: instruction.span.start,
            span: instruction.span,
            instructions: index..index + 1,
            base_written: written,
            base,
            unset_args,
            platform: instruction.flag_value("platform").map(str::to_owned),
            needed: false,
        });
    }
    stages
}

/// Values of `ARG` and `ENV` visible at instruction `upto` of `stage`, for expanding `--from`.
fn stage_lookup(
    dockerfile: &Dockerfile,
    stage: &Stage,
    upto: usize,
    globals: &[GlobalArg],
    name: &str,
) -> Option<String> {
    let mut value = None;
    let mut declared = false;
    for instruction in &dockerfile.instructions[stage.instructions.start..upto] {
        match &instruction.detail {
            Detail::Arg { args } => {
                for decl in args.iter().filter(|d| d.name == name) {
                    declared = true;
                    value = decl
                        .default
                        .clone()
                        .or_else(|| lookup_global(globals, name));
                }
            }
            Detail::Env { vars } => {
                for var in vars.iter().filter(|v| v.key == name) {
                    declared = true;
                    value = Some(var.value.clone());
                }
            }
            _ => {}
        }
    }
    if declared {
        value
    } else {
        lookup_global(globals, name)
    }
}

/// Resolves a `--from` value seen in `stage`.
fn resolve_from(value: &str, stages: &[Stage]) -> Target {
    if let Some(stage) = stages.iter().find(|s| s.is_named(value)) {
        return Target::Stage { index: stage.index };
    }
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()) {
        return match value.parse::<usize>() {
            Ok(index) if index < stages.len() => Target::Stage { index },
            Ok(index) => Target::MissingIndex { index },
            Err(_) => Target::MissingIndex { index: usize::MAX },
        };
    }
    Target::Image {
        reference: value.to_owned(),
    }
}

fn find_references(
    dockerfile: &Dockerfile,
    stages: &[Stage],
    globals: &[GlobalArg],
) -> Vec<Reference> {
    let mut references = Vec::new();
    for stage in stages {
        for index in stage.instructions.clone() {
            let instruction: &Instruction = &dockerfile.instructions[index];
            let sources: Vec<(&str, EdgeKind)> = match instruction.copy_from() {
                Some(from) => vec![(from, EdgeKind::Copy)],
                None => instruction
                    .mount_sources()
                    .into_iter()
                    .map(|from| (from, EdgeKind::Mount))
                    .collect(),
            };
            for (written, kind) in sources {
                let target = if expand::has_variables(written) {
                    let lookup = |name: &str| stage_lookup(dockerfile, stage, index, globals, name);
                    let expanded = expand::expand(written, dockerfile.escape, &lookup);
                    if expanded.is_complete() && !expanded.value.is_empty() {
                        resolve_from(&expanded.value, stages)
                    } else {
                        Target::Unresolved
                    }
                } else {
                    resolve_from(written, stages)
                };
                references.push(Reference {
                    stage: stage.index,
                    instruction: index,
                    line: instruction.span.start,
                    kind,
                    written: written.to_owned(),
                    target,
                });
            }
        }
    }
    references
}

/// Which stages `target` depends on, directly or not (including itself).
fn reachable(count: usize, edges: &[Edge], target: usize) -> Vec<bool> {
    let mut seen = vec![false; count];
    let mut stack = vec![target];
    while let Some(stage) = stack.pop() {
        if stage >= count || seen[stage] {
            continue;
        }
        seen[stage] = true;
        stack.extend(edges.iter().filter(|e| e.to == stage).map(|e| e.from));
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    fn graph(src: &str, target: Option<&str>) -> StageGraph {
        let df = parse(src);
        match StageGraph::new(&df, target) {
            Ok(g) => g,
            Err(e) => panic!("graph failed: {e}"),
        }
    }

    const GO: &str = "\
ARG GO_VERSION=1.23
ARG BASE=gcr.io/distroless/static-debian12
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS Build
RUN go build -o /out/app .
FROM build AS test
RUN go test ./...
FROM ${BASE}:nonroot
COPY --from=BUILD /out/app /app
COPY --from=busybox:1.36 /bin/busybox /busybox
ENTRYPOINT [\"/app\"]
";

    #[test]
    fn stages_bases_and_args() {
        let g = graph(GO, None);
        assert_eq!(g.stages.len(), 3);
        assert_eq!(g.global_args.len(), 2);
        assert_eq!(
            g.stages[0].base,
            Base::Image {
                reference: "golang:1.23-alpine".into()
            }
        );
        assert_eq!(g.stages[0].platform.as_deref(), Some("$BUILDPLATFORM"));
        assert_eq!(g.stages[1].base, Base::Stage { index: 0 });
        assert_eq!(
            g.stages[2].base,
            Base::Image {
                reference: "gcr.io/distroless/static-debian12:nonroot".into()
            }
        );
        assert_eq!(g.stages[0].span, Span { start: 3, end: 4 });
        assert_eq!(g.stages[2].instructions, 6..10);
        assert_eq!(g.target, 2);
    }

    #[test]
    fn edges_images_and_unused_stages() {
        let g = graph(GO, None);
        let edges: Vec<(usize, usize, EdgeKind)> =
            g.edges.iter().map(|e| (e.from, e.to, e.kind)).collect();
        assert_eq!(edges, vec![(0, 1, EdgeKind::Base), (0, 2, EdgeKind::Copy)]);
        let images: Vec<&str> = g.images.iter().map(|i| i.reference.as_str()).collect();
        assert_eq!(
            images,
            vec![
                "golang:1.23-alpine",
                "gcr.io/distroless/static-debian12:nonroot",
                "busybox:1.36"
            ]
        );
        let unused: Vec<usize> = g.unused_stages().map(|s| s.index).collect();
        assert_eq!(unused, vec![1]);
    }

    #[test]
    fn target_chooses_the_final_stage() {
        let g = graph(GO, Some("TEST"));
        assert_eq!(g.target, 1);
        assert!(g.explicit_target);
        let unused: Vec<usize> = g.unused_stages().map(|s| s.index).collect();
        assert_eq!(unused, vec![2]);
        assert_eq!(g.chain(1), vec![1, 0]);
        assert_eq!(g.root_image(1), Some("golang:1.23-alpine"));
        let err = StageGraph::new(&parse(GO), Some("nope"));
        assert_eq!(
            err.err().map(|e| e.to_string()),
            Some("no stage is named `nope`; named stages: Build, test".to_string())
        );
    }

    #[test]
    fn no_stages_is_an_error() {
        assert_eq!(StageGraph::new(&parse(""), None), Err(GraphError::NoStages));
    }

    #[test]
    fn references_by_index_later_stage_and_variables() {
        let src = "\
FROM alpine:3.20 AS a
COPY --from=b /x /x
COPY --from=5 /y /y
FROM alpine:3.20 AS b
ARG SRC=a
COPY --from=${SRC} /z /z
COPY --from=0 /w /w
RUN --mount=type=bind,from=a,target=/m true
COPY --from=$NOPE /v /v
";
        let g = graph(src, None);
        let targets: Vec<&Target> = g.references.iter().map(|r| &r.target).collect();
        assert_eq!(
            targets,
            vec![
                &Target::Stage { index: 1 },
                &Target::MissingIndex { index: 5 },
                &Target::Stage { index: 0 },
                &Target::Stage { index: 0 },
                &Target::Stage { index: 0 },
                &Target::Unresolved,
            ]
        );
        assert_eq!(g.references[4].kind, EdgeKind::Mount);
    }

    #[test]
    fn unresolved_and_scratch_bases() {
        let g = graph(
            "ARG BASE\nFROM $BASE\nFROM ${IMG:-scratch}\nARG T\nFROM php:8.3-fpm${T}\n",
            None,
        );
        assert_eq!(
            g.stages[0].base,
            Base::Unresolved {
                variables: vec!["BASE".into()]
            }
        );
        assert_eq!(g.stages[0].unset_args, vec!["BASE".to_string()]);
        assert_eq!(g.stages[1].base, Base::Scratch);
        assert!(g.stages[1].unset_args.is_empty());
        // Like Docker, a variable without a value expands to nothing.
        assert_eq!(
            g.stages[2].base,
            Base::Image {
                reference: "php:8.3-fpm".into()
            }
        );
        assert_eq!(g.stages[2].unset_args, vec!["T".to_string()]);
    }

    #[test]
    fn from_a_later_name_is_an_image() {
        let g = graph("FROM later AS first\nFROM alpine:3 AS later\n", None);
        assert_eq!(
            g.stages[0].base,
            Base::Image {
                reference: "later".into()
            }
        );
    }
}
