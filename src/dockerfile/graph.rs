//! The stage graph: stages by index and name, what each stage is built from, which stages and
//! images it copies from, the final stage, and the stages the final stage does not need.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::Serialize;
use thiserror::Error;

use super::expand;
use super::image;
use super::model::{Detail, Dockerfile, Instruction, Keyword, Span};

/// A build platform, `os/arch[/variant]` as in `docker build --platform linux/arm64/v8`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Platform {
    /// `linux`, `windows` ...
    pub os: String,
    /// `amd64`, `arm64` ...
    pub arch: String,
    /// `v7`, `v8` ..., often empty.
    pub variant: String,
}

impl Platform {
    /// `linux/amd64`: what BuildKit builds for when no platform is asked for on a usual
    /// machine, and the platform the analysis assumes.
    pub fn linux_amd64() -> Platform {
        Platform {
            os: "linux".to_owned(),
            arch: "amd64".to_owned(),
            variant: String::new(),
        }
    }

    /// Reads `os/arch` or `os/arch/variant`.
    pub fn parse(text: &str) -> Result<Platform, String> {
        let parts: Vec<&str> = text.split('/').collect();
        let word = |p: &&str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        };
        match parts.as_slice() {
            [os, arch] if word(os) && word(arch) => Ok(Platform {
                os: os.to_ascii_lowercase(),
                arch: arch.to_ascii_lowercase(),
                variant: String::new(),
            }),
            [os, arch, variant] if word(os) && word(arch) && word(variant) => Ok(Platform {
                os: os.to_ascii_lowercase(),
                arch: arch.to_ascii_lowercase(),
                variant: variant.to_ascii_lowercase(),
            }),
            _ => Err(format!(
                "`{}` is not a platform; write os/arch or os/arch/variant, e.g. linux/arm64",
                super::lex::clip(text, 40)
            )),
        }
    }

    /// The value of an automatic platform argument: `prefix` is `TARGET` or `BUILD`.
    fn arg(&self, suffix: &str) -> Option<String> {
        match suffix {
            "PLATFORM" => Some(self.to_string()),
            "OS" => Some(self.os.clone()),
            "ARCH" => Some(self.arch.clone()),
            "VARIANT" => Some(self.variant.clone()),
            _ => None,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.arch)?;
        if !self.variant.is_empty() {
            write!(f, "/{}", self.variant)?;
        }
        Ok(())
    }
}

/// What a graph is built for: the stage to build and the platforms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// The stage to build, like `docker build --target`; `None` is the last stage.
    pub target: Option<String>,
    /// The platform built for (`TARGETPLATFORM` and friends).
    pub platform: Platform,
    /// The platform of the builder (`BUILDPLATFORM` and friends).
    pub build_platform: Platform,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            target: None,
            platform: Platform::linux_amd64(),
            build_platform: Platform::linux_amd64(),
        }
    }
}

impl BuildOptions {
    /// The value BuildKit gives an automatic platform argument (`TARGETARCH`, `BUILDOS` ...).
    pub fn platform_arg(&self, name: &str) -> Option<String> {
        if let Some(suffix) = name.strip_prefix("TARGET") {
            self.platform.arg(suffix)
        } else if let Some(suffix) = name.strip_prefix("BUILD") {
            self.build_platform.arg(suffix)
        } else {
            None
        }
    }
}

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
    /// Whether the stage only holds files to export (`--output`) or pass on to other
    /// stages: it is built on `scratch` and no `CMD` or `ENTRYPOINT` in its chain runs anything.
    pub export_only: bool,
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
    /// Whether the expanded default grew past [`expand::MAX_EXPANDED_LEN`] and was cut.
    pub too_long: bool,
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
    /// The platform the build is for, which gives `TARGETARCH` and friends their values.
    pub platform: Platform,
    /// For each stage, the stage at the bottom of its `FROM <stage>` chain.
    #[serde(skip)]
    roots: Vec<usize>,
}

impl StageGraph {
    /// Builds the graph of `dockerfile` for linux/amd64. `target` names the stage to build,
    /// like `docker build --target`; without it the last stage is the final one.
    pub fn new(dockerfile: &Dockerfile, target: Option<&str>) -> Result<StageGraph, GraphError> {
        let options = BuildOptions {
            target: target.map(str::to_owned),
            ..BuildOptions::default()
        };
        StageGraph::build(dockerfile, &options)
    }

    /// Builds the graph of `dockerfile` for a target stage and platform.
    ///
    /// Every step is linear in the size of the file (names are looked up in a map, chains
    /// are resolved once), so a file of 10,000 stages is as quick as its size.
    pub fn build(
        dockerfile: &Dockerfile,
        options: &BuildOptions,
    ) -> Result<StageGraph, GraphError> {
        let global_args = global_args(dockerfile, options);
        let mut stages = build_stages(dockerfile, &global_args, options);
        if stages.is_empty() {
            return Err(GraphError::NoStages);
        }
        let names = NameIndex::new(&stages);
        let target_index = match options.target.as_deref() {
            None => stages.len() - 1,
            Some(name) => names.first(name).ok_or_else(|| GraphError::UnknownTarget {
                name: name.to_owned(),
                available: stages.iter().filter_map(|s| s.name.clone()).collect(),
            })?,
        };
        let references = find_references(dockerfile, &stages, &names, &global_args, options);
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
        let roots = chain_roots(&stages);
        mark_export_only(dockerfile, &mut stages, &roots);
        Ok(StageGraph {
            stages,
            edges,
            references,
            images,
            global_args,
            target: target_index,
            explicit_target: options.target.is_some(),
            platform: options.platform.clone(),
            roots,
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
        // Stages hold consecutive, increasing ranges of instructions.
        let after = self
            .stages
            .partition_point(|s| s.instructions.start <= index);
        after
            .checked_sub(1)
            .map(|i| &self.stages[i])
            .filter(|s| s.instructions.contains(&index))
    }

    /// The stage whose span covers `line`.
    pub fn stage_at_line(&self, line: usize) -> Option<&Stage> {
        self.stages.iter().find(|s| s.span.contains(line))
    }

    /// The stage and the stages it is built on, nearest first: for `FROM build AS test`,
    /// `[test, build, ...]`.
    pub fn chain(&self, stage: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = (stage < self.stages.len()).then_some(stage);
        while let Some(index) = current {
            #[cfg(test)]
            work::CHAIN_STEPS.with(|steps| steps.set(steps.get() + 1));
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
        let last = self.stages.len().saturating_sub(1);
        let root = self.roots.get(stage).copied().unwrap_or(stage).min(last);
        &self.stages[root].base
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

    /// The stages that use `stage`: built on it, copying or mounting from it.
    pub fn users_of(&self, stage: usize) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(move |e| e.from == stage)
    }
}

/// A count of the steps taken down chains of stages, so that tests can check that the work of
/// an analysis grows linearly with the number of stages (a timed test would be flaky).
#[cfg(test)]
pub(crate) mod work {
    use std::cell::Cell;

    thread_local! {
        /// Steps taken by [`super::StageGraph::chain`] on this thread.
        pub(crate) static CHAIN_STEPS: Cell<usize> = const { Cell::new(0) };
    }
}

/// Stage names (lower-cased, as Docker compares them) to the indices that carry them.
struct NameIndex {
    indices: HashMap<String, Vec<usize>>,
}

impl NameIndex {
    fn new(stages: &[Stage]) -> NameIndex {
        let mut indices: HashMap<String, Vec<usize>> = HashMap::new();
        for stage in stages {
            if let Some(name) = &stage.name {
                indices
                    .entry(name.to_ascii_lowercase())
                    .or_default()
                    .push(stage.index);
            }
        }
        NameIndex { indices }
    }

    /// The first stage named `name`.
    fn first(&self, name: &str) -> Option<usize> {
        self.get(name).first().copied()
    }

    fn get(&self, name: &str) -> &[usize] {
        self.indices
            .get(&name.to_ascii_lowercase())
            .map_or(&[], Vec::as_slice)
    }
}

/// The `ARG`s before the first `FROM`, with defaults expanded in order.
fn global_args(dockerfile: &Dockerfile, options: &BuildOptions) -> Vec<GlobalArg> {
    let mut args: Vec<GlobalArg> = Vec::new();
    for instruction in &dockerfile.instructions {
        if instruction.keyword == Keyword::From {
            break;
        }
        let Detail::Arg { args: decls } = &instruction.detail else {
            continue;
        };
        for decl in decls {
            let mut too_long = false;
            let value = decl.default.as_ref().map(|default| {
                let lookup = |name: &str| lookup_global(&args, options, name);
                let expanded = expand::expand(default, dockerfile.escape, &lookup);
                too_long = expanded.too_long;
                expanded.value
            });
            args.retain(|a| a.name != decl.name);
            args.push(GlobalArg {
                name: decl.name.clone(),
                value,
                line: instruction.span.start,
                too_long,
            });
        }
    }
    args
}

/// A global variable's value. The automatic platform arguments always have theirs, as if the
/// build passed them with `--build-arg`.
fn lookup_global(args: &[GlobalArg], options: &BuildOptions, name: &str) -> Option<String> {
    if let Some(value) = options.platform_arg(name) {
        return Some(value);
    }
    args.iter().rev().find(|a| a.name == name)?.value.clone()
}

/// Expands a `FROM` image with the global args, as Docker does: a variable without a value
/// becomes empty. Returns the base and the variables that had no value.
fn resolve_base(
    written: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
    earlier: &HashMap<String, usize>,
) -> (Base, Vec<String>) {
    let expanded = expand::expand(written, escape, lookup);
    let missing = expanded.missing;
    if expanded.unsupported || expanded.too_long || expanded.value.is_empty() {
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
    let base = match earlier.get(&value.to_ascii_lowercase()) {
        Some(&index) => Base::Stage { index },
        None => Base::Image { reference: value },
    };
    (base, missing)
}

fn build_stages(dockerfile: &Dockerfile, args: &[GlobalArg], options: &BuildOptions) -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
    // The latest stage of each (lower-cased) name so far.
    let mut earlier: HashMap<String, usize> = HashMap::new();
    let lookup = |name: &str| lookup_global(args, options, name);
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
            resolve_base(&written, dockerfile.escape, &lookup, &earlier)
        };
        if let Some(name) = &name {
            earlier.insert(name.to_ascii_lowercase(), stages.len());
        }
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
            export_only: false,
        });
    }
    stages
}

/// For each stage, the stage at the bottom of its chain. A base stage always comes earlier,
/// so one pass in order suffices.
fn chain_roots(stages: &[Stage]) -> Vec<usize> {
    let mut roots: Vec<usize> = Vec::with_capacity(stages.len());
    for stage in stages {
        let root = match stage.base {
            Base::Stage { index } if index < stage.index => roots[index],
            _ => stage.index,
        };
        roots.push(root);
    }
    roots
}

/// Marks the stages that only hold files to export or pass on: built on `scratch`, with no
/// `CMD` or `ENTRYPOINT` anywhere in their chain, so there is nothing to run.
fn mark_export_only(dockerfile: &Dockerfile, stages: &mut [Stage], roots: &[usize]) {
    let mut runs = vec![false; stages.len()];
    for i in 0..stages.len() {
        let own = dockerfile
            .instructions
            .get(stages[i].instructions.clone())
            .unwrap_or(&[])
            .iter()
            .any(|ins| matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint));
        let inherited = match stages[i].base {
            Base::Stage { index } if index < i => runs[index],
            _ => false,
        };
        runs[i] = own || inherited;
        let root = roots.get(i).copied().unwrap_or(i);
        stages[i].export_only = !runs[i] && matches!(stages[root].base, Base::Scratch);
    }
}

/// Values of `ARG` and `ENV` visible at instruction `upto` of `stage`, for expanding `--from`.
fn stage_lookup(
    dockerfile: &Dockerfile,
    stage: &Stage,
    upto: usize,
    globals: &[GlobalArg],
    options: &BuildOptions,
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
                        .or_else(|| lookup_global(globals, options, name));
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
        lookup_global(globals, options, name)
    }
}

/// Resolves a `--from` value seen in `stage`.
fn resolve_from(value: &str, count: usize, names: &NameIndex) -> Target {
    if let Some(index) = names.first(value) {
        return Target::Stage { index };
    }
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()) {
        return match value.parse::<usize>() {
            Ok(index) if index < count => Target::Stage { index },
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
    names: &NameIndex,
    globals: &[GlobalArg],
    options: &BuildOptions,
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
                    let lookup =
                        |name: &str| stage_lookup(dockerfile, stage, index, globals, options, name);
                    let expanded = expand::expand(written, dockerfile.escape, &lookup);
                    if expanded.is_complete() && !expanded.value.is_empty() {
                        resolve_from(&expanded.value, stages.len(), names)
                    } else {
                        Target::Unresolved
                    }
                } else {
                    resolve_from(written, stages.len(), names)
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
    let mut used_by: Vec<Vec<usize>> = vec![Vec::new(); count];
    for edge in edges {
        if let Some(list) = used_by.get_mut(edge.to) {
            list.push(edge.from);
        }
    }
    let mut seen = vec![false; count];
    let mut stack = vec![target];
    while let Some(stage) = stack.pop() {
        if stage >= count || seen[stage] {
            continue;
        }
        seen[stage] = true;
        stack.extend(used_by[stage].iter().copied());
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

    #[test]
    fn platform_args_have_the_builder_defaults() {
        let src = "\
FROM scratch AS build_amd64
FROM scratch AS build_arm64
FROM build_${TARGETARCH} AS build
FROM --platform=$BUILDPLATFORM alpine:3.20 AS tools-$BUILDOS
FROM binaries-$TARGETOS
";
        let g = graph(src, None);
        assert_eq!(g.stages[2].base, Base::Stage { index: 0 });
        assert!(g.stages[2].unset_args.is_empty());
        assert_eq!(g.stages[4].base_written, "binaries-$TARGETOS");
        assert_eq!(
            g.stages[4].base,
            Base::Image {
                reference: "binaries-linux".into()
            }
        );
        let arm = StageGraph::build(
            &parse(src),
            &BuildOptions {
                platform: Platform::parse("linux/arm64/v8").unwrap_or_else(|e| panic!("{e}")),
                ..BuildOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(arm.stages[2].base, Base::Stage { index: 1 });
        assert_eq!(arm.platform.to_string(), "linux/arm64/v8");
        // A declared global ARG of that name still gets the automatic value.
        let g = graph(
            "ARG TARGETOS\nARG TARGETARCH=arm64\nFROM img:$TARGETOS-$TARGETARCH\n",
            None,
        );
        assert_eq!(
            g.stages[0].base,
            Base::Image {
                reference: "img:linux-amd64".into()
            }
        );
    }

    #[test]
    fn platforms_parse_or_say_what_is_expected() {
        assert_eq!(
            Platform::parse("Linux/ARM64").map(|p| p.to_string()),
            Ok("linux/arm64".to_string())
        );
        assert!(Platform::parse("linux").is_err());
        assert!(Platform::parse("linux/").is_err());
        assert!(Platform::parse("a/b/c/d").is_err());
    }

    #[test]
    fn export_only_stages_are_scratch_with_nothing_to_run() {
        let src = "\
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM scratch AS binaries
COPY --from=build /out/app /
FROM binaries AS with-cmd
CMD [\"/app\"]
FROM scratch AS runs
COPY --from=build /out/app /
ENTRYPOINT [\"/app\"]
FROM alpine:3.20
";
        let g = graph(src, None);
        let export: Vec<bool> = g.stages.iter().map(|s| s.export_only).collect();
        assert_eq!(export, vec![false, true, false, false, false]);
    }

    #[test]
    fn doubling_arguments_are_cut_not_expanded() {
        let mut src = String::from("ARG A0=xxxxxxxx\n");
        for i in 1..40 {
            src.push_str(&format!("ARG A{i}=${{A{}}}${{A{}}}\n", i - 1, i - 1));
        }
        src.push_str("FROM img:$A39\n");
        let g = graph(&src, None);
        let long: Vec<usize> = g
            .global_args
            .iter()
            .filter(|a| a.too_long)
            .map(|a| a.line)
            .collect();
        assert_eq!(long.first(), Some(&12), "8 * 2^10 passes the limit first");
        assert!(g.global_args.iter().all(|a| {
            a.value
                .as_ref()
                .is_none_or(|v| v.len() <= expand::MAX_EXPANDED_LEN)
        }));
        assert!(matches!(g.stages[0].base, Base::Unresolved { .. }));
    }

    #[test]
    fn long_chains_resolve_names_roots_and_needs() {
        let mut src = String::from("FROM alpine:3.20 AS s0\n");
        for i in 1..10_000 {
            src.push_str(&format!("FROM s{} AS s{i}\n", i - 1));
        }
        let g = graph(&src, None);
        assert_eq!(g.stages.len(), 10_000);
        assert_eq!(g.root_image(9_999), Some("alpine:3.20"));
        assert_eq!(g.chain(9_999).len(), 10_000);
        assert!(g.stages.iter().all(|s| s.needed));
        assert_eq!(g.stage_of_instruction(5_000).map(|s| s.index), Some(5_000));
        assert!(g.stage_of_instruction(10_000).is_none());
    }
}
