//! Building an example's "before" and "after" for real and comparing them: the final image's
//! size and layers (like `docker history`), the size of the build stage it copies from (where
//! a lesson's "800 MB" lives), and which stages the builder really built, read from its
//! output.

use std::collections::BTreeMap;
use std::time::Duration;

use super::image::Layer;
use super::lab_build::{Progress, megabytes, seconds};
use super::{Engine, EngineError};
use crate::dockerfile::graph::{Base, EdgeKind, StageGraph};

/// One Dockerfile to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// What people call it: `before`, `after`.
    pub label: String,
    /// The Dockerfile.
    pub dockerfile: String,
    /// The stage to build, like `--target`.
    pub target: Option<String>,
}

/// Which builder ran a build, as its output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Builder {
    /// BuildKit (`#3 [build 1/4] FROM ...`): builds only the stages the target needs.
    BuildKit,
    /// Docker's classic builder (`Step 1/9 : FROM ...`): builds every stage up to the target.
    Classic,
    /// Podman's Buildah (`[1/2] STEP 1/3: FROM ...`): skips stages the target does not need.
    Buildah,
    /// The output named no stage.
    Unknown,
}

impl Builder {
    /// The builder's name for people.
    pub fn name(self) -> &'static str {
        match self {
            Builder::BuildKit => "BuildKit",
            Builder::Classic => "the classic builder",
            Builder::Buildah => "Buildah",
            Builder::Unknown => "the builder",
        }
    }
}

/// One stage of a build: whether the target needs it and whether the builder built it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StageRun {
    /// The stage's name, or `#index`.
    pub label: String,
    /// Whether the final image (or the target) needs it.
    pub needed: bool,
    /// Whether the build output shows the builder working on it.
    pub built: bool,
}

/// A build stage measured on its own: built up to it with `--target`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StageSize {
    /// The stage's name.
    pub label: String,
    /// The image's size up to that stage, in bytes.
    pub size: u64,
}

/// One variant built and measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    /// `before` or `after`.
    pub label: String,
    /// The image tag.
    pub tag: String,
    /// Whether it built.
    pub ok: bool,
    /// The build's last lines when it failed.
    pub detail: String,
    /// How long the build took.
    pub build_time: Duration,
    /// The final image's size in bytes.
    pub size: Option<u64>,
    /// The final image's layers, newest first.
    pub layers: Vec<Layer>,
    /// The builder, from its output.
    pub builder: Builder,
    /// Every stage: needed or not, built or not.
    pub stages: Vec<StageRun>,
    /// The stage the final image copies its files from, measured on its own.
    pub build_stage: Option<StageSize>,
}

impl Measured {
    /// The stages the builder did not build.
    pub fn skipped(&self) -> Vec<&str> {
        self.stages
            .iter()
            .filter(|s| !s.built)
            .map(|s| s.label.as_str())
            .collect()
    }
}

/// Everything a before/after build found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The engine, as [`Engine::describe`] says it.
    pub engine: String,
    /// One entry per variant, in the order given.
    pub images: Vec<Measured>,
}

/// The files of an example to build, "before" (when it has one) then "after", when the
/// example names a build context; `None` otherwise.
pub fn example_variants(example: &crate::content::model::Example) -> Option<Vec<Variant>> {
    example.context.as_ref()?;
    let variant = |label: &str, file: &crate::content::model::ExampleFile| Variant {
        label: label.to_owned(),
        dockerfile: file.text.clone(),
        target: file.target.clone(),
    };
    let mut variants = Vec::new();
    if let Some(before) = &example.before {
        variants.push(variant("before", before));
    }
    variants.push(variant("after", &example.after));
    Some(variants)
}

/// The image tag of an example's variant: `stagecraft-example/<id>-<label>`.
pub fn tag_for(example: &str, label: &str) -> String {
    super::image::tag_name("stagecraft-example", &format!("{example}-{label}"))
}

/// Builds every variant with the files `context` as the build context and measures it.
/// Base images missing on the machine are named before anything is built (nothing is
/// pulled). A variant that does not build is reported, not an error.
pub fn run(
    engine: &Engine,
    example: &str,
    variants: &[Variant],
    context: &BTreeMap<String, String>,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Comparison, EngineError> {
    progress(Progress::Step(
        "looking for the base images on this machine",
    ));
    let mut missing = Vec::new();
    for variant in variants {
        for image in engine.missing_base_images(&variant.dockerfile)? {
            if !missing.contains(&image) {
                missing.push(image);
            }
        }
    }
    if !missing.is_empty() {
        return Err(EngineError::MissingImages {
            images: missing,
            program: engine.kind.program().to_owned(),
        });
    }
    let folder = super::workspace::BuildFolder::with_context(context)?;
    let mut images = Vec::new();
    for variant in variants {
        let file_name = format!("{}.Dockerfile", super::image::tag_name("", &variant.label));
        let path = folder.dockerfile(&file_name, &variant.dockerfile)?;
        let tag = tag_for(example, &variant.label);
        let step = format!("building {}", variant.label);
        progress(Progress::Step(&step));
        let mut output = Vec::new();
        let built = engine.build(
            &folder.context(),
            &path,
            &tag,
            variant.target.as_deref(),
            &mut |line| {
                output.push(line.to_owned());
                progress(Progress::Output(line));
            },
        )?;
        let (builder, stages) =
            stages_built(&variant.dockerfile, variant.target.as_deref(), &output);
        let mut measured = Measured {
            label: variant.label.clone(),
            tag: tag.clone(),
            ok: built.ok,
            detail: built.detail,
            build_time: built.elapsed,
            size: None,
            layers: Vec::new(),
            builder,
            stages,
            build_stage: None,
        };
        if built.ok {
            measured.size = Some(engine.inspect_image(&tag)?.size);
            measured.layers = engine.history(&tag)?;
            if let Some(stage) = copied_from(&variant.dockerfile, variant.target.as_deref()) {
                let step = format!("measuring the build stage `{stage}` of {}", variant.label);
                progress(Progress::Step(&step));
                let stage_tag = format!("{tag}-{}", super::image::tag_name("", &stage));
                let stage_built = engine.build(
                    &folder.context(),
                    &path,
                    &stage_tag,
                    Some(&stage),
                    &mut |line| progress(Progress::Output(line)),
                )?;
                if stage_built.ok {
                    measured.build_stage = Some(StageSize {
                        size: engine.inspect_image(&stage_tag)?.size,
                        label: crate::sanitize::inert_line(&stage),
                    });
                }
            }
        }
        images.push(measured);
    }
    Ok(Comparison {
        engine: engine.describe(),
        images,
    })
}

/// The named stage the target copies the most files from: the first stage that starts from
/// an image (not `scratch`) and that the target names in `COPY --from`. `None` for a
/// single-stage file.
pub fn copied_from(dockerfile: &str, target: Option<&str>) -> Option<String> {
    let parsed = crate::dockerfile::parse(dockerfile);
    let graph = StageGraph::new(&parsed, target).ok()?;
    graph
        .edges
        .iter()
        .filter(|edge| edge.to == graph.target && edge.kind == EdgeKind::Copy)
        .filter_map(|edge| graph.stages.get(edge.from))
        .find(|stage| matches!(&stage.base, Base::Image { reference } if !reference.eq_ignore_ascii_case("scratch")) || matches!(stage.base, Base::Stage { .. }))
        .and_then(|stage| stage.name.clone())
}

/// Which builder produced `output` and which stages of `dockerfile` it worked on. A stage
/// counts as built when the output shows a step of it (a cached step too).
pub fn stages_built(
    dockerfile: &str,
    target: Option<&str>,
    output: &[String],
) -> (Builder, Vec<StageRun>) {
    let parsed = crate::dockerfile::parse(dockerfile);
    let Ok(graph) = StageGraph::new(&parsed, target) else {
        return (Builder::Unknown, Vec::new());
    };
    let mut builder = Builder::Unknown;
    // BuildKit names a stage by its name or `stage-<index>`.
    let mut buildkit_seen: Vec<String> = Vec::new();
    // The classic builder and Buildah show each stage's FROM step, in order.
    let mut from_steps = 0usize;
    for line in output {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix('#')
            && let Some((_, after)) = rest.split_once(" [")
            && let Some((inside, _)) = after.split_once(']')
        {
            builder = Builder::BuildKit;
            let words: Vec<&str> = inside.split_whitespace().collect();
            // `[build 1/3]`, `[linux/amd64 build 1/3]`; never `[internal]`.
            if words.len() >= 2 && words[words.len() - 1].contains('/') {
                let name = words[words.len() - 2].to_ascii_lowercase();
                if !buildkit_seen.contains(&name) {
                    buildkit_seen.push(name);
                }
            }
        } else if let Some(rest) = line.strip_prefix("Step ")
            && let Some((_, instruction)) = rest.split_once(" : ")
        {
            builder = Builder::Classic;
            if instruction
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("FROM ")
            {
                from_steps += 1;
            }
        } else if let Some((_, step)) = line.split_once("] STEP ")
            && line.starts_with('[')
            && let Some((_, instruction)) = step.split_once(": ")
        {
            builder = Builder::Buildah;
            if instruction
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("FROM ")
            {
                from_steps += 1;
            }
        }
    }
    // The classic builder and Buildah build stages in file order; the FROM steps seen are the
    // stages built, in order, but Buildah may skip some: match them by name where it can.
    let buildah_names: Vec<String> = if builder == Builder::Buildah {
        output
            .iter()
            .filter_map(|l| l.split_once("] STEP ").map(|(_, s)| s))
            .filter_map(|s| s.split_once(": ").map(|(_, i)| i.trim()))
            .filter(|i| i.to_ascii_uppercase().starts_with("FROM "))
            .map(|i| {
                let words: Vec<&str> = i.split_whitespace().collect();
                match words.iter().position(|w| w.eq_ignore_ascii_case("as")) {
                    Some(at) => words.get(at + 1).unwrap_or(&"").to_ascii_lowercase(),
                    None => String::new(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let last = graph.target;
    let runs = graph
        .stages
        .iter()
        .filter(|stage| stage.index <= last)
        .map(|stage| {
            // The target is built whenever the build succeeds (with BuildKit, a target that
            // adds nothing to its base shows no step of its own).
            let built = stage.index == last
                || match builder {
                    Builder::BuildKit => {
                        let key = stage.name.as_deref().map_or_else(
                            || format!("stage-{}", stage.index),
                            str::to_ascii_lowercase,
                        );
                        buildkit_seen.contains(&key)
                    }
                    Builder::Classic => stage.index < from_steps,
                    // Buildah's output names a stage only by its `AS` name; an unnamed one
                    // is taken as built when the target needs it.
                    Builder::Buildah => match &stage.name {
                        Some(name) => buildah_names.contains(&name.to_ascii_lowercase()),
                        None => stage.needed,
                    },
                    Builder::Unknown => true,
                };
            StageRun {
                label: crate::sanitize::inert_line(&stage.label()),
                needed: stage.needed,
                built,
            }
        })
        .collect();
    (builder, runs)
}

impl Comparison {
    /// The findings for people, one line each: sizes and times, the difference, the build
    /// stage's size, and the stages each builder skipped or built needlessly.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for image in &self.images {
            lines.push(match image.size {
                Some(size) => format!(
                    "{}: {}, built in {}, {} layer{}",
                    image.label,
                    human_size(size),
                    seconds(image.build_time),
                    image.layers.len(),
                    if image.layers.len() == 1 { "" } else { "s" }
                ),
                None => format!(
                    "{}: did not build ({})",
                    image.label,
                    crate::sanitize::inert_line(&image.detail)
                ),
            });
        }
        if let [first, .., last] = self.images.as_slice()
            && let (Some(a), Some(b)) = (first.size, last.size)
        {
            let change = if b <= a {
                format!(
                    "{} is {} smaller than {} ({} of its size)",
                    last.label,
                    human_size(a - b),
                    first.label,
                    percent(b, a)
                )
            } else {
                format!(
                    "{} is {} larger than {}",
                    last.label,
                    human_size(b - a),
                    first.label
                )
            };
            lines.push(change);
        }
        for image in &self.images {
            if let (Some(stage), Some(size)) = (&image.build_stage, image.size) {
                lines.push(format!(
                    "{}: the build stage `{}` is {}; the final image is {} ({} of it)",
                    image.label,
                    stage.label,
                    human_size(stage.size),
                    human_size(size),
                    percent(size, stage.size)
                ));
            }
        }
        for image in self.images.iter().filter(|i| i.ok) {
            lines.extend(stage_sentences(
                &format!("{}: ", image.label),
                image.builder,
                &image.stages,
            ));
        }
        lines
    }
}

/// What the builder did with the stages the final image does not need, one sentence for the
/// skipped ones and one for those built anyway, each starting with `lead`.
pub fn stage_sentences(lead: &str, builder: Builder, stages: &[StageRun]) -> Vec<String> {
    let unneeded = |built: bool| -> Vec<&str> {
        stages
            .iter()
            .filter(|s| !s.needed && s.built == built)
            .map(|s| s.label.as_str())
            .collect()
    };
    let (skipped, built) = (unneeded(false), unneeded(true));
    let mut lines = Vec::new();
    if !skipped.is_empty() {
        lines.push(format!(
            "{lead}{} skipped {} (not needed by the final image)",
            builder.name(),
            skipped.join(", ")
        ));
    }
    if !built.is_empty() {
        lines.push(format!(
            "{lead}{} built {} although the final image does not need {}",
            builder.name(),
            built.join(", "),
            if built.len() == 1 { "it" } else { "them" }
        ));
    }
    lines
}

/// A size for people: bytes, kilobytes or megabytes (powers of 10), e.g. for layers.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{:.1} kB", bytes as f64 / 1_000.0)
    } else {
        megabytes(bytes)
    }
}

/// `part` as a share of `whole`: `42%`, or `1.4%` below ten, or `0.001%` below a tenth.
fn percent(part: u64, whole: u64) -> String {
    let share = if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    };
    if share >= 10.0 {
        format!("{share:.0}%")
    } else if share >= 0.1 || share == 0.0 {
        format!("{share:.1}%")
    } else {
        format!("{share:.3}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "FROM base AS build\nRUN x\nFROM base AS lint\nRUN y\nFROM scratch\nCOPY --from=build /x /x\n";

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn buildkit_output_shows_the_skipped_stage() {
        let output = lines(
            "#1 [internal] load build definition from Dockerfile\n#4 [build 1/2] FROM docker.io/library/base\n#4 CACHED\n#6 [build 2/2] RUN x\n#8 [stage-2 1/1] COPY --from=build /x /x\n",
        );
        let (builder, stages) = stages_built(FILE, None, &output);
        assert_eq!(builder, Builder::BuildKit);
        let built: Vec<(&str, bool, bool)> = stages
            .iter()
            .map(|s| (s.label.as_str(), s.needed, s.built))
            .collect();
        assert_eq!(
            built,
            [
                ("build", true, true),
                ("lint", false, false),
                ("#2", true, true)
            ]
        );
    }

    #[test]
    fn the_classic_builder_builds_every_stage() {
        let output = lines(
            "Step 1/6 : FROM base AS build\n ---> 1\nStep 2/6 : RUN x\nStep 3/6 : FROM base AS lint\nStep 4/6 : RUN y\nStep 5/6 : FROM scratch\nStep 6/6 : COPY --from=build /x /x\n",
        );
        let (builder, stages) = stages_built(FILE, None, &output);
        assert_eq!(builder, Builder::Classic);
        assert!(stages.iter().all(|s| s.built), "{stages:?}");
    }

    #[test]
    fn buildah_output_is_matched_by_stage_name() {
        let output = lines(
            "[1/2] STEP 1/2: FROM base AS build\n[1/2] STEP 2/2: RUN x\n[2/2] STEP 1/2: FROM scratch\n",
        );
        let (builder, stages) = stages_built(FILE, None, &output);
        assert_eq!(builder, Builder::Buildah);
        let skipped: Vec<&str> = stages
            .iter()
            .filter(|s| !s.built)
            .map(|s| s.label.as_str())
            .collect();
        assert_eq!(skipped, ["lint"]);
    }

    #[test]
    fn the_build_stage_is_the_one_the_final_image_copies_from() {
        assert_eq!(copied_from(FILE, None).as_deref(), Some("build"));
        assert_eq!(copied_from("FROM base\nRUN x\n", None), None);
        assert_eq!(copied_from(FILE, Some("build")), None);
    }

    fn measured(label: &str, size: u64, build_stage: Option<u64>) -> Measured {
        Measured {
            label: label.to_owned(),
            tag: tag_for("demo", label),
            ok: true,
            detail: String::new(),
            build_time: Duration::from_millis(2500),
            size: Some(size),
            layers: vec![Layer {
                size,
                created_by: "COPY /x /x".into(),
            }],
            builder: Builder::BuildKit,
            stages: vec![
                StageRun {
                    label: "build".into(),
                    needed: true,
                    built: true,
                },
                StageRun {
                    label: "lint".into(),
                    needed: false,
                    built: label == "before",
                },
            ],
            build_stage: build_stage.map(|size| StageSize {
                label: "build".into(),
                size,
            }),
        }
    }

    #[test]
    fn the_summary_states_sizes_the_difference_and_the_stages() {
        let comparison = Comparison {
            engine: "Docker 28".into(),
            images: vec![
                measured("before", 800_000_000, None),
                measured("after", 12_000_000, Some(850_000_000)),
            ],
        };
        let text = comparison.summary().join("\n");
        assert!(
            text.contains("before: 800.00 MB, built in 2.5 s, 1 layer"),
            "{text}"
        );
        assert!(
            text.contains("after is 788.00 MB smaller than before (1.5% of its size)"),
            "{text}"
        );
        assert!(text.contains("after: the build stage `build` is 850.00 MB; the final image is 12.00 MB (1.4% of it)"), "{text}");
        assert!(
            text.contains("after: BuildKit skipped lint (not needed by the final image)"),
            "{text}"
        );
        assert!(
            text.contains("before: BuildKit built lint although the final image does not need it"),
            "{text}"
        );
        assert_eq!(
            tag_for("go-scratch", "after"),
            "stagecraft-example/go-scratch-after"
        );
        assert_eq!(human_size(6), "6 B");
        assert_eq!(human_size(220_000), "220.0 kB");
        assert_eq!(human_size(7_090_000), "7.09 MB");
    }
}
