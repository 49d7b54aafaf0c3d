//! A Dockerfile's build as presenter mode walks a class through it: the stages the final
//! image needs, one step each in the order a build finishes them (a stage after the stages it
//! uses), the stages a `--target` leaves out shown as skipped, what each `COPY` brings into
//! its stage, and last the final image's layers. Built on the analyzer's stage graph
//! ([`crate::dockerfile::graph`]) and copies ([`crate::dockerfile::copies`]); no terminal types.

use crate::dockerfile::copies::{self, Origin};
use crate::dockerfile::facts::chain_instructions;
use crate::dockerfile::model::{Dockerfile, Keyword};
use crate::dockerfile::{self, Base, StageGraph};

/// One step of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkStep {
    /// A stage is built.
    Stage {
        /// The stage's index in the file.
        stage: usize,
        /// Its name, or `#index`.
        label: String,
        /// Its first and last line.
        lines: (usize, usize),
        /// What it starts from, as said to the class.
        base: String,
        /// What each of its `COPY`/`ADD` instructions brings, one sentence each.
        brings: Vec<String>,
    },
    /// The final image, layer by layer.
    Image {
        /// The final stage's name.
        label: String,
        /// The layers, bottom first: the base image's, then one per `RUN`, `COPY`, `ADD`.
        layers: Vec<String>,
        /// The lines of the instructions that make those layers.
        lines: Vec<usize>,
    },
}

/// A stage the build does not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its name, or `#index`.
    pub label: String,
    /// Its first and last line.
    pub lines: (usize, usize),
}

/// The walk through one Dockerfile's build.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuildWalk {
    /// The steps, in order.
    pub steps: Vec<WalkStep>,
    /// Stages the final stage does not need.
    pub skipped: Vec<Skipped>,
    /// The `--target` the walk was made for, if any.
    pub target: Option<String>,
}

impl BuildWalk {
    /// The walk for `text` built with `--target` (`None`: the last stage). A file without
    /// stages, or a target that names none, gives no steps.
    pub fn new(text: &str, target: Option<&str>) -> Self {
        let parsed = dockerfile::parse(text);
        let Ok(graph) = StageGraph::new(&parsed, target) else {
            return Self::default();
        };
        let mut steps: Vec<WalkStep> = build_order(&graph)
            .into_iter()
            .map(|stage| stage_step(&parsed, &graph, stage))
            .collect();
        steps.push(image_step(&parsed, &graph));
        let skipped = graph
            .unused_stages()
            .map(|s| Skipped {
                label: s.label(),
                lines: (s.span.start, s.span.end),
            })
            .collect();
        Self {
            steps,
            skipped,
            target: target.map(str::to_owned),
        }
    }

    /// The lines a step lights up.
    pub fn lines_of(&self, step: usize) -> Vec<usize> {
        match self.steps.get(step) {
            Some(WalkStep::Stage { lines, .. }) => (lines.0..=lines.1).collect(),
            Some(WalkStep::Image { lines, .. }) => lines.clone(),
            None => Vec::new(),
        }
    }

    /// Whether `line` belongs to a skipped stage.
    pub fn is_skipped(&self, line: usize) -> bool {
        self.skipped
            .iter()
            .any(|s| s.lines.0 <= line && line <= s.lines.1)
    }
}

/// The stages the final stage needs, each after every stage it uses (ties in file order).
fn build_order(graph: &StageGraph) -> Vec<usize> {
    fn visit(graph: &StageGraph, stage: usize, done: &mut Vec<bool>, out: &mut Vec<usize>) {
        if done[stage] {
            return;
        }
        done[stage] = true;
        let mut uses: Vec<usize> = graph
            .edges
            .iter()
            .filter(|e| e.to == stage && e.from != stage)
            .map(|e| e.from)
            .collect();
        uses.sort_unstable();
        for used in uses {
            visit(graph, used, done, out);
        }
        out.push(stage);
    }
    let mut done = vec![false; graph.stages.len()];
    let mut out = Vec::new();
    visit(graph, graph.target, &mut done, &mut out);
    out
}

fn stage_step(parsed: &Dockerfile, graph: &StageGraph, stage: usize) -> WalkStep {
    let s = &graph.stages[stage];
    let base = match &s.base {
        Base::Scratch => "starts from nothing (`scratch`)".to_owned(),
        Base::Stage { index } => format!(
            "starts from stage `{}`, with everything it holds",
            graph.stages[*index].label()
        ),
        Base::Image { reference } => format!("starts from the image `{reference}`"),
        Base::Unresolved { .. } => format!("starts from `{}`", s.base_written),
    };
    let brings = copies::copies(parsed, graph, stage)
        .into_iter()
        .filter(|c| s.instructions.contains(&c.instruction))
        .map(|c| {
            let from = match &c.origin {
                Origin::Context => "the build context".to_owned(),
                Origin::Stage(i) => format!("stage `{}`", graph.stages[*i].label()),
                Origin::Image(image) => format!("the image `{image}`"),
                Origin::Unknown => "an unknown source".to_owned(),
            };
            let what: Vec<String> = c
                .sources
                .iter()
                .map(|source| format!("`{source}` → `{}`", c.target_of(source)))
                .collect();
            format!("line {}: from {from}, {}", c.line, what.join(", "))
        })
        .collect();
    WalkStep::Stage {
        stage,
        label: s.label(),
        lines: (s.span.start, s.span.end),
        base,
        brings,
    }
}

fn image_step(parsed: &Dockerfile, graph: &StageGraph) -> WalkStep {
    let target = graph.target;
    let mut layers = vec![match graph.root_base(target) {
        Base::Scratch => "no base layers: `scratch` is empty".to_owned(),
        Base::Image { reference } => format!("the layers of `{reference}`"),
        _ => "the layers of an image the file does not name".to_owned(),
    }];
    let mut lines = Vec::new();
    for (_, instruction) in chain_instructions(parsed, graph, target) {
        if matches!(
            instruction.keyword,
            Keyword::Run | Keyword::Copy | Keyword::Add
        ) {
            layers.push(format!(
                "line {}: {}",
                instruction.span.start,
                clip(&instruction.source, 70)
            ));
            lines.extend(instruction.span.start..=instruction.span.end);
        }
    }
    WalkStep::Image {
        label: graph.stages[target].label(),
        layers,
        lines,
    }
}

/// `text` cut to `max` characters, with `…` when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
FROM build AS test
RUN go test ./...
FROM gcr.io/distroless/static-debian12:nonroot AS runtime
COPY --from=build /out/app /app
ENTRYPOINT [\"/app\"]
";

    fn labels(walk: &BuildWalk) -> Vec<String> {
        walk.steps
            .iter()
            .map(|s| match s {
                WalkStep::Stage { label, .. } => label.clone(),
                WalkStep::Image { label, .. } => format!("image {label}"),
            })
            .collect()
    }

    #[test]
    fn stages_light_up_in_build_order_and_the_unneeded_are_skipped() {
        let walk = BuildWalk::new(FILE, None);
        assert_eq!(labels(&walk), ["build", "runtime", "image runtime"]);
        assert_eq!(walk.skipped.len(), 1);
        assert_eq!(walk.skipped[0].label, "test");
        assert!(walk.is_skipped(6) && !walk.is_skipped(8));
        assert_eq!(walk.lines_of(0), [1, 2, 3, 4]);
    }

    #[test]
    fn a_target_changes_what_is_built_and_skipped() {
        let walk = BuildWalk::new(FILE, Some("test"));
        assert_eq!(labels(&walk), ["build", "test", "image test"]);
        assert_eq!(walk.skipped[0].label, "runtime");
        let WalkStep::Stage { base, .. } = &walk.steps[1] else {
            panic!("a stage");
        };
        assert!(base.contains("stage `build`"), "{base}");
        assert!(BuildWalk::new(FILE, Some("nope")).steps.is_empty());
    }

    #[test]
    fn copies_say_what_they_bring_and_the_image_lists_its_layers() {
        let walk = BuildWalk::new(FILE, None);
        let WalkStep::Stage { brings, .. } = &walk.steps[1] else {
            panic!("a stage");
        };
        assert_eq!(
            brings,
            &["line 8: from stage `build`, `/out/app` → `/app`".to_owned()]
        );
        let WalkStep::Image { layers, lines, .. } = &walk.steps[2] else {
            panic!("the image");
        };
        assert_eq!(
            layers,
            &[
                "the layers of `gcr.io/distroless/static-debian12:nonroot`".to_owned(),
                "line 8: COPY --from=build /out/app /app".to_owned(),
            ]
        );
        assert_eq!(lines, &[8]);
        assert_eq!(walk.lines_of(2), [8]);
    }
}
