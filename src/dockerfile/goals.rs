//! Lab goals: the checks a lab runs on the learner's Dockerfile (see docs/authoring.md, "Lab
//! checks"). Every check reads the analyzer's model of the file (instructions, the stage graph,
//! the copies between stages, what is known about base images), never the raw text, and says
//! why it passes or fails.

use super::analysis::{Analysis, analyze};
use super::copies::{self, Origin, is_at_or_within};
use super::facts;
use super::graph::StageGraph;
use super::image::glob_match;
use super::image_catalog::{ImageFacts, Libc};
use super::model::{Args, Detail, Dockerfile, Instruction, Keyword};
use super::parse::parse;
use super::shell::{self, Command};

/// Which versions a [`LabCheck::VersionsMatch`] compares between the build and the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toolchain {
    /// Python `major.minor` (a venv and compiled wheels only work on the same minor version).
    Python,
    /// Java major version (class files of a newer Java do not load on an older one).
    Java,
    /// Node.js major version (native modules are built for one ABI).
    Node,
    /// The C library: a binary linked against a glibc runs only on the same or a newer one,
    /// and never on musl or no libc.
    Libc,
}

impl Toolchain {
    /// The name as written in YAML.
    pub fn name(self) -> &'static str {
        match self {
            Toolchain::Python => "python",
            Toolchain::Java => "java",
            Toolchain::Node => "node",
            Toolchain::Libc => "libc",
        }
    }

    /// Parses the YAML name.
    pub fn from_name(name: &str) -> Option<Toolchain> {
        [
            Toolchain::Python,
            Toolchain::Java,
            Toolchain::Node,
            Toolchain::Libc,
        ]
        .into_iter()
        .find(|t| t.name() == name)
    }
}

/// One lab check, written in YAML as `check: <name>` with an optional `value:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabCheck {
    /// The Dockerfile has at least this many stages.
    MinStages(usize),
    /// The final stage's base image matches one of these patterns (`*` matches any run of
    /// characters). A final stage built `FROM` another stage uses that stage's image.
    FinalBase(Vec<String>),
    /// The final stage runs as a user other than root.
    NonRoot,
    /// The final stage's user is a number (`USER 65532` or `USER 65532:65532`), or the base
    /// image's own default user, which is numeric for the images known to run as non-root.
    NumericUser,
    /// The container of the final stage (or of the named stage) starts right: every `CMD` and
    /// `ENTRYPOINT` it has is in exec form, and what runs is either its own command or one its
    /// base image provides correctly (nginx's `CMD`, a distroless interpreter that `CMD` feeds
    /// a script). A `:debug` distroless image's `/busybox/sh` entrypoint needs an `ENTRYPOINT`.
    ExecForm(Option<String>),
    /// No `RUN` in the final stage uses apt, apk, yum, dnf, pip or another package manager.
    NoPackageManager,
    /// The final stage copies something from another stage or image with `COPY --from`.
    CopyFrom,
    /// The file parses and the analyzer reports no error-level finding.
    NoErrors,
    /// The analyzer reports none of these rules (by id).
    NoFinding(Vec<String>),
    /// The final image receives a copy that places one of `paths` (any path when empty),
    /// from a source matching one of `source` (any when empty), taken from another stage or
    /// image when `from_build` is set.
    Ships(Ships),
    /// Neither the build context as a whole, nor a stage folder that received it, nor
    /// `.npmrc`/`.env` files, nor a `src` folder of the context reach the final image.
    NoSources,
    /// Every `node_modules` folder copied into the final image was installed without dev
    /// dependencies (`npm ci --omit=dev`, `--production`, `NODE_ENV=production`, or pruned).
    ProdNodeModules,
    /// The final image copies from a build stage a virtual environment (or `pip install
    /// --target`/`--prefix` folder) into which that stage's `pip install` went.
    PythonDepsCopied,
    /// A stage with this name exists, runs this command (program and leading words, e.g.
    /// `go test`), and is left out of a plain build: the final stage does not need it, so
    /// only `--target NAME` runs it.
    StageRuns {
        /// The stage name.
        stage: String,
        /// The command, as words.
        command: String,
    },
    /// A stage with this name exists and is based on an image matching one of the patterns.
    StageBase {
        /// The stage name.
        stage: String,
        /// Image patterns.
        images: Vec<String>,
    },
    /// The runtime of the final image has the same version as the stages it copies its
    /// build from.
    VersionsMatch(Toolchain),
    /// Every `go build` the final image needs has cgo off (`true`) or on (`false`).
    GoCgoDisabled(bool),
    /// The final image's command starts no development server (`manage.py runserver`,
    /// `flask run`, `npm start`, `ng serve`, ...).
    NoDevServer,
    /// The final image's effective `CMD` is exactly this list.
    CmdIs(Vec<String>),
    /// Every port the final image exposes or its command binds is 1024 or above.
    UnprivilegedPorts,
    /// No `ENV` or `ARG` of the final image gives a password, secret, token or key a value.
    NoSecrets,
}

/// The value of [`LabCheck::Ships`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ships {
    /// Paths in the image, any of which will do (`*` patterns allowed).
    pub paths: Vec<String>,
    /// Patterns the copied source must match.
    pub source: Vec<String>,
    /// Whether the copy must come from another stage or image (`COPY --from`).
    pub from_build: bool,
}

impl LabCheck {
    /// The check's name as written in YAML, e.g. `min_stages`.
    pub fn name(&self) -> &'static str {
        match self {
            LabCheck::MinStages(_) => "min_stages",
            LabCheck::FinalBase(_) => "final_base",
            LabCheck::NonRoot => "non_root",
            LabCheck::NumericUser => "numeric_user",
            LabCheck::ExecForm(_) => "exec_form",
            LabCheck::NoPackageManager => "no_package_manager",
            LabCheck::CopyFrom => "copy_from",
            LabCheck::NoErrors => "no_errors",
            LabCheck::NoFinding(_) => "no_finding",
            LabCheck::Ships(_) => "ships",
            LabCheck::NoSources => "no_sources",
            LabCheck::ProdNodeModules => "prod_node_modules",
            LabCheck::PythonDepsCopied => "python_deps_copied",
            LabCheck::StageRuns { .. } => "stage_runs",
            LabCheck::StageBase { .. } => "stage_base",
            LabCheck::VersionsMatch(_) => "versions_match",
            LabCheck::GoCgoDisabled(_) => "go_cgo",
            LabCheck::NoDevServer => "no_dev_server",
            LabCheck::CmdIs(_) => "cmd_is",
            LabCheck::UnprivilegedPorts => "unprivileged_ports",
            LabCheck::NoSecrets => "no_secrets",
        }
    }

    /// The default checklist text: exactly what is checked.
    pub fn describe(&self) -> String {
        match self {
            LabCheck::MinStages(n) => format!("at least {n} stages"),
            LabCheck::FinalBase(patterns) => {
                format!("final image based on {}", patterns.join(" or "))
            }
            LabCheck::NonRoot => "the final stage runs as a non-root user".into(),
            LabCheck::NumericUser => "the final stage's user is a numeric uid".into(),
            LabCheck::ExecForm(None) => {
                "the container starts with an exec-form command (its own, or a correct one of its base image)".into()
            }
            LabCheck::ExecForm(Some(stage)) => format!(
                "stage `{stage}` starts with an exec-form command (its own, or a correct one of its base image)"
            ),
            LabCheck::NoPackageManager => "no package manager runs in the final stage".into(),
            LabCheck::CopyFrom => "the final stage copies artifacts with COPY --from".into(),
            LabCheck::NoErrors => "the analyzer reports no error".into(),
            LabCheck::NoFinding(rules) => format!("the analyzer reports no {}", rules.join(", ")),
            LabCheck::Ships(ships) => {
                let what = if ships.paths.is_empty() {
                    format!("a copy of {}", ships.source.join(" or "))
                } else {
                    ships.paths.join(" or ")
                };
                let from = if ships.from_build {
                    " copied from a build stage"
                } else {
                    ""
                };
                format!("the final image has {what}{from}")
            }
            LabCheck::NoSources => {
                "no source code, .npmrc or whole build context reaches the final image".into()
            }
            LabCheck::ProdNodeModules => {
                "node_modules in the final image hold production dependencies only".into()
            }
            LabCheck::PythonDepsCopied => {
                "pip installs into a venv (or --target folder) that the final image copies".into()
            }
            LabCheck::StageRuns { stage, command } => {
                format!("a stage named `{stage}` runs `{command}`, and a plain build skips it")
            }
            LabCheck::StageBase { stage, images } => {
                format!("stage `{stage}` is based on {}", images.join(" or "))
            }
            LabCheck::VersionsMatch(Toolchain::Libc) => {
                "the runtime's C library can run what the build stage linked (same libc, glibc not older)".into()
            }
            LabCheck::VersionsMatch(t) => {
                format!("build and runtime use the same {} version", t.name())
            }
            LabCheck::GoCgoDisabled(true) => "every go build has cgo off (CGO_ENABLED=0)".into(),
            LabCheck::GoCgoDisabled(false) => "the go build keeps cgo on".into(),
            LabCheck::NoDevServer => "the command starts no development server".into(),
            LabCheck::CmdIs(items) => format!("CMD is exactly {}", json_list(items)),
            LabCheck::UnprivilegedPorts => "every exposed or bound port is 1024 or above".into(),
            LabCheck::NoSecrets => "no ENV or ARG in the image holds a password, secret or token".into(),
        }
    }
}

/// Whether a goal passed, and why, in one sentence about this file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Whether the goal passes.
    pub passed: bool,
    /// Why, in one sentence.
    pub why: String,
}

fn pass(why: impl Into<String>) -> Outcome {
    Outcome {
        passed: true,
        why: why.into(),
    }
}

fn fail(why: impl Into<String>) -> Outcome {
    Outcome {
        passed: false,
        why: why.into(),
    }
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_default()
}

/// What a check looks at: the file, its analysis and the final stage.
struct Subject<'a> {
    dockerfile: &'a Dockerfile,
    analysis: &'a Analysis,
    graph: &'a StageGraph,
    target: usize,
}

/// Whether `dockerfile`, analysed as `analysis`, passes `check`.
pub fn check_goal(dockerfile: &Dockerfile, analysis: &Analysis, check: &LabCheck) -> bool {
    judge_goal(dockerfile, analysis, check).passed
}

/// Runs `check` and says why it passes or fails.
pub fn judge_goal(dockerfile: &Dockerfile, analysis: &Analysis, check: &LabCheck) -> Outcome {
    let s = Subject {
        dockerfile,
        analysis,
        graph: &analysis.graph,
        target: analysis.graph.final_stage().index,
    };
    match check {
        LabCheck::MinStages(n) => {
            let count = s.graph.stages.len();
            let outcome = if count >= *n { pass } else { fail };
            outcome(format!("the file has {count} stage{}", plural(count)))
        }
        LabCheck::FinalBase(patterns) => match s.graph.root_image(s.target) {
            Some(image) if patterns.iter().any(|p| glob_match(p, image)) => {
                pass(format!("the final image is based on {image}"))
            }
            Some(image) => fail(format!("the final image is based on {image}")),
            None => fail("the final stage's base image cannot be resolved"),
        },
        LabCheck::NonRoot => {
            match facts::effective_user(dockerfile, s.graph, s.target, analysis.base(s.target)) {
                facts::User::Set { user, line } if facts::is_root_name(&user) => {
                    fail(format!("line {line} sets USER {user}, which is root"))
                }
                facts::User::Set { user, line } => pass(format!("line {line} sets USER {user}")),
                facts::User::Default { nonroot: true } => {
                    pass("the base image's default user is not root")
                }
                facts::User::Default { nonroot: false } => {
                    fail("no USER: the container runs as the base image's default user, root")
                }
            }
        }
        LabCheck::NumericUser => numeric_user(&s),
        LabCheck::ExecForm(stage) => match stage_index(&s, stage.as_deref()) {
            Ok(index) => start_command(&s, index),
            Err(outcome) => outcome,
        },
        LabCheck::NoPackageManager => {
            let found = facts::stage_instructions(dockerfile, s.graph, s.target)
                .into_iter()
                .find_map(|(_, i)| {
                    shell::run_commands(i)
                        .iter()
                        .find_map(facts::package_manager)
                        .map(|pm| (pm, i.span.start))
                });
            match found {
                Some((pm, line)) => fail(format!("line {line} runs {pm} in the final stage")),
                None => pass("the final stage runs no package manager"),
            }
        }
        LabCheck::CopyFrom => match facts::stage_instructions(dockerfile, s.graph, s.target)
            .iter()
            .find(|(_, i)| i.copy_from().is_some())
        {
            Some((_, i)) => pass(format!("line {} copies with --from", i.span.start)),
            None => fail("the final stage has no COPY --from"),
        },
        LabCheck::NoErrors => {
            if let Some(d) = dockerfile.errors().next() {
                fail(format!("line {}: {}", d.position.line, d.message))
            } else if let Some(f) = analysis.findings.iter().find(|f| f.is_error()) {
                fail(format!("line {}: {} [{}]", f.line, f.message, f.rule))
            } else {
                pass("no error")
            }
        }
        LabCheck::NoFinding(rules) => {
            match analysis
                .findings
                .iter()
                .find(|f| rules.iter().any(|r| r == f.rule))
            {
                Some(f) => fail(format!("line {}: {} [{}]", f.line, f.message, f.rule)),
                None => pass(format!("no {}", rules.join(", "))),
            }
        }
        LabCheck::Ships(ships) => ships_check(&s, ships),
        LabCheck::NoSources => no_sources(&s),
        LabCheck::ProdNodeModules => prod_node_modules(&s),
        LabCheck::PythonDepsCopied => python_deps(&s),
        LabCheck::StageRuns { stage, command } => stage_runs(&s, stage, command),
        LabCheck::StageBase { stage, images } => match s.graph.stage_named(stage) {
            None => fail(format!("no stage is named `{stage}`")),
            Some(st) => match s.graph.root_image(st.index) {
                Some(image) if images.iter().any(|p| glob_match(p, image)) => {
                    pass(format!("stage `{stage}` is based on {image}"))
                }
                Some(image) => fail(format!("stage `{stage}` is based on {image}")),
                None => fail(format!(
                    "the base image of stage `{stage}` cannot be resolved"
                )),
            },
        },
        LabCheck::VersionsMatch(toolchain) => versions_match(&s, *toolchain),
        LabCheck::GoCgoDisabled(disabled) => go_cgo(&s, *disabled),
        LabCheck::NoDevServer => no_dev_server(&s),
        LabCheck::CmdIs(items) => {
            match facts::last_in_chain(dockerfile, s.graph, s.target, Keyword::Cmd) {
                Some(cmd) => match &cmd.args {
                    Args::Exec(written) if written == items => pass(format!(
                        "line {} sets CMD {}",
                        cmd.span.start,
                        json_list(items)
                    )),
                    Args::Exec(written) => fail(format!(
                        "line {} sets CMD {}",
                        cmd.span.start,
                        json_list(written)
                    )),
                    Args::Shell(_) => {
                        fail(format!("line {} uses a shell-form CMD", cmd.span.start))
                    }
                },
                None => fail("the final image has no CMD of its own"),
            }
        }
        LabCheck::UnprivilegedPorts => unprivileged_ports(&s),
        LabCheck::NoSecrets => no_secrets(&s),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn stage_index(s: &Subject<'_>, name: Option<&str>) -> Result<usize, Outcome> {
    match name {
        None => Ok(s.target),
        Some(name) => s
            .graph
            .stage_named(name)
            .map(|st| st.index)
            .ok_or_else(|| fail(format!("no stage is named `{name}`"))),
    }
}

fn numeric_user(s: &Subject<'_>) -> Outcome {
    let numeric = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit());
    let set = facts::chain_instructions(s.dockerfile, s.graph, s.target)
        .into_iter()
        .rev()
        .find_map(|(_, i)| match &i.detail {
            Detail::User { user, group } => Some((user.clone(), group.clone(), i.span.start)),
            _ => None,
        });
    match set {
        Some((user, group, line)) => {
            let shown = match &group {
                Some(g) => format!("{user}:{g}"),
                None => user.clone(),
            };
            if numeric(&user) && group.as_deref().is_none_or(numeric) {
                if facts::is_root_name(&user) {
                    fail(format!("line {line} sets USER {shown}, which is root"))
                } else {
                    pass(format!("line {line} sets USER {shown}"))
                }
            } else {
                fail(format!(
                    "line {line} sets USER {shown}, a name the image must resolve in /etc/passwd"
                ))
            }
        }
        None => match s.analysis.base(s.target) {
            Some(t) if t.nonroot_default() => pass("the base image's own user is a numeric uid"),
            _ => fail("no USER: the container runs as root"),
        },
    }
}

/// Whether the container of `stage` starts right (see [`LabCheck::ExecForm`]).
fn start_command(s: &Subject<'_>, stage: usize) -> Outcome {
    let entrypoint = facts::last_in_chain(s.dockerfile, s.graph, stage, Keyword::Entrypoint);
    let cmd = facts::last_in_chain(s.dockerfile, s.graph, stage, Keyword::Cmd);
    let root = s.graph.root_image(stage).unwrap_or("").to_owned();
    let base = s.analysis.base(stage);
    let has_bin_sh = base.is_none_or(|b| b.has_bin_sh());
    // A base whose own ENTRYPOINT is a shell (distroless `:debug` tags run `/busybox/sh`)
    // hands a CMD to that shell as a script.
    let shell_entrypoint = base
        .and_then(|b| b.entrypoint())
        .and_then(|e| e.first())
        .is_some_and(|program| program.ends_with("/sh"));
    let interpreter = base.and_then(|b| b.interpreter());
    for instruction in [entrypoint, cmd].into_iter().flatten() {
        if let Args::Shell(_) = instruction.args {
            let why = if has_bin_sh {
                "is run by /bin/sh -c, so the app is not PID 1 and misses SIGTERM"
            } else {
                "needs /bin/sh, which the base image lacks"
            };
            return fail(format!(
                "line {}: the shell-form {} {why}",
                instruction.span.start, instruction.keyword
            ));
        }
        if instruction.args.is_empty() {
            return fail(format!(
                "line {}: the {} is empty",
                instruction.span.start, instruction.keyword
            ));
        }
    }
    let line = |i: &Instruction| i.span.start;
    if let Some(entry) = entrypoint {
        return pass(format!("line {} sets an exec-form ENTRYPOINT", line(entry)));
    }
    if shell_entrypoint && interpreter.is_none() {
        return fail(match cmd {
            Some(c) => format!(
                "line {}: the ENTRYPOINT of {root} is /busybox/sh, so this CMD is handed to the shell as a script; set an exec-form ENTRYPOINT",
                line(c)
            ),
            None => format!(
                "the ENTRYPOINT of {root} is /busybox/sh: the container would start a shell"
            ),
        });
    }
    if let Some(interpreter) = interpreter {
        return match cmd.map(|c| (c, &c.args)) {
            Some((c, Args::Exec(items)))
                if items
                    .first()
                    .is_some_and(|p| interpreter.matches_program(p)) =>
            {
                fail(format!(
                    "line {}: the ENTRYPOINT of {root} already is {}; CMD repeats it",
                    line(c),
                    interpreter.entrypoint()
                ))
            }
            Some((c, _)) => pass(format!(
                "line {}: CMD gives {} its arguments",
                line(c),
                interpreter.entrypoint()
            )),
            None => fail(format!(
                "no CMD: {} of {root} would start with nothing to run",
                interpreter.entrypoint()
            )),
        };
    }
    if let Some(c) = cmd {
        return pass(format!("line {} sets an exec-form CMD", line(c)));
    }
    match base.and_then(ImageFacts::service_command) {
        Some(command) => pass(format!("no CMD: {root} starts `{command}` by itself")),
        None => fail(format!(
            "no CMD or ENTRYPOINT, and {} gives none that runs the app",
            if root.is_empty() {
                "the base image"
            } else {
                &root
            }
        )),
    }
}

/// The copies of the final stage's chain.
fn final_copies(s: &Subject<'_>) -> Vec<copies::Copy> {
    copies::copies(s.dockerfile, s.graph, s.target)
}

fn ships_check(s: &Subject<'_>, ships: &Ships) -> Outcome {
    for copy in final_copies(s) {
        if ships.from_build && matches!(copy.origin, Origin::Context | Origin::Unknown) {
            continue;
        }
        for source in &copy.sources {
            let source_ok =
                ships.source.is_empty() || ships.source.iter().any(|p| glob_match(p, source));
            let path_ok = ships.paths.is_empty()
                || ships.paths.iter().any(|p| {
                    copy.places(source, p)
                        || (p.contains('*') && glob_match(p, &copy.target_of(source)))
                });
            if source_ok && path_ok {
                return pass(format!("line {} copies {source}", copy.line));
            }
        }
    }
    let what = if ships.paths.is_empty() {
        ships.source.join(" or ")
    } else {
        ships.paths.join(" or ")
    };
    fail(format!("no copy into the final image places {what}"))
}

fn no_sources(s: &Subject<'_>) -> Outcome {
    for copy in final_copies(s) {
        for source in &copy.sources {
            let name = source.rsplit('/').next().unwrap_or(source);
            if matches!(name, ".npmrc" | ".env" | ".yarnrc" | ".pypirc") {
                return fail(format!(
                    "line {} copies {source}, which holds secrets",
                    copy.line
                ));
            }
            match &copy.origin {
                Origin::Context if source == "." || source == "*" => {
                    return fail(format!(
                        "line {} copies the whole build context into the final image",
                        copy.line
                    ));
                }
                Origin::Context if name == "src" => {
                    return fail(format!("line {} copies the sources ({source})", copy.line));
                }
                Origin::Stage(stage) => {
                    let folders = copies::context_folders(s.dockerfile, s.graph, *stage);
                    if let Some(folder) = folders.iter().find(|f| is_at_or_within(f, source)) {
                        return fail(format!(
                            "line {} copies {source} from stage {}, which holds the whole build context copied into {folder}",
                            copy.line,
                            s.graph.stages[*stage].display_name()
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    pass("only build outputs reach the final image")
}

/// Whether a package-manager command installs dependencies, and whether it leaves out dev
/// ones; `None` when it does not install.
fn node_install(command: &Command, production_env: bool) -> Option<bool> {
    let program = command.program();
    let sub = command.subcommand().unwrap_or("");
    let args = command.args();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let omit_dev = flag("--omit=dev")
        || args.windows(2).any(|w| w[0] == "--omit" && w[1] == "dev")
        || flag("--production")
        || flag("--only=production")
        || flag("--only=prod")
        || flag("--prod");
    let production =
        omit_dev || production_env || command.assigned("NODE_ENV") == Some("production");
    match (program, sub) {
        ("npm", "ci" | "install" | "i") | ("yarn", "install") | ("pnpm", "install" | "i") => {
            Some(production)
        }
        ("yarn", "") => Some(production),
        ("npm" | "pnpm", "prune") if omit_dev => Some(true),
        _ => None,
    }
}

fn prod_node_modules(s: &Subject<'_>) -> Outcome {
    for copy in final_copies(s) {
        for source in &copy.sources {
            match &copy.origin {
                Origin::Context if source.rsplit('/').next() == Some("node_modules") => {
                    return fail(format!(
                        "line {} copies node_modules from the build context, dev dependencies included",
                        copy.line
                    ));
                }
                Origin::Stage(stage) => {
                    // Installs of the stage's chain, by the folder they fill; the last wins.
                    let mut folders: Vec<(String, bool, usize)> = Vec::new();
                    for (index, instruction) in
                        facts::chain_instructions(s.dockerfile, s.graph, *stage)
                    {
                        let env_production =
                            facts::env_value(s.dockerfile, s.graph, *stage, index, "NODE_ENV")
                                .as_deref()
                                == Some("production");
                        for command in shell::run_commands(instruction) {
                            if let Some(production) = node_install(&command, env_production) {
                                let dir =
                                    copies::workdir_before(s.dockerfile, s.graph, *stage, index);
                                let modules = copies::resolve(&dir, "node_modules");
                                folders.retain(|(f, ..)| *f != modules);
                                folders.push((modules, production, instruction.span.start));
                            }
                        }
                    }
                    if let Some((folder, _, line)) = folders
                        .iter()
                        .find(|(f, production, _)| !production && is_at_or_within(f, source))
                    {
                        return fail(format!(
                            "line {} copies {source}, whose {folder} was installed with dev dependencies on line {line}",
                            copy.line
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    pass("no node_modules with dev dependencies reaches the final image")
}

/// Folders of a stage's chain that `pip install` filled: venvs it installed into and
/// `--target`/`--prefix` folders.
fn pip_folders(s: &Subject<'_>, stage: usize) -> Vec<String> {
    let mut venvs: Vec<String> = Vec::new();
    let mut filled = Vec::new();
    for (index, instruction) in facts::chain_instructions(s.dockerfile, s.graph, stage) {
        let dir = copies::workdir_before(s.dockerfile, s.graph, stage, index);
        let path =
            facts::env_value(s.dockerfile, s.graph, stage, index, "PATH").unwrap_or_default();
        let virtual_env = facts::env_value(s.dockerfile, s.graph, stage, index, "VIRTUAL_ENV")
            .unwrap_or_default();
        let mut activated: Option<String> = None;
        for command in shell::run_commands(instruction) {
            let words = &command.words;
            let program = command.program();
            let args = command.args();
            // python -m venv DIR, virtualenv DIR, uv venv DIR
            let venv_at = if program.starts_with("python") {
                args.windows(3)
                    .find(|w| w[0] == "-m" && w[1] == "venv")
                    .and_then(|_| args.iter().rev().find(|a| !a.starts_with('-')).cloned())
            } else if program == "virtualenv"
                || (program == "uv" && command.subcommand() == Some("venv"))
            {
                args.iter()
                    .rfind(|a| !a.starts_with('-') && a.as_str() != "venv")
                    .cloned()
                    .or_else(|| (program == "uv").then(|| ".venv".to_owned()))
            } else {
                None
            };
            if let Some(v) = venv_at {
                venvs.push(copies::resolve(&dir, &v));
                continue;
            }
            if matches!(program, "." | "source")
                && let Some(script) = args.first()
            {
                let script = copies::resolve(&dir, script);
                activated = venvs
                    .iter()
                    .find(|v| script == format!("{v}/bin/activate"))
                    .cloned();
                continue;
            }
            if facts::package_manager(&command) != Some("pip") {
                continue;
            }
            let target = args.iter().enumerate().find_map(|(i, a)| {
                if matches!(a.as_str(), "--target" | "-t" | "--prefix") {
                    args.get(i + 1).cloned()
                } else {
                    a.strip_prefix("--target=")
                        .or_else(|| a.strip_prefix("--prefix="))
                        .map(str::to_owned)
                }
            });
            if let Some(folder) = target {
                filled.push(copies::resolve(&dir, &folder));
                continue;
            }
            let first = words.first().map(String::as_str).unwrap_or("");
            let into = venvs.iter().find(|v| {
                first.starts_with(&format!("{v}/bin/"))
                    || (!first.contains('/')
                        && (path
                            .split(':')
                            .any(|p| copies::normalise(p) == format!("{v}/bin"))
                            || copies::normalise(&virtual_env) == **v))
                    || activated.as_deref() == Some(v.as_str())
            });
            if let Some(v) = into {
                filled.push(v.clone());
            }
        }
    }
    filled
}

fn python_deps(s: &Subject<'_>) -> Outcome {
    let mut copied_from_builds = false;
    for copy in final_copies(s) {
        let Origin::Stage(stage) = copy.origin else {
            continue;
        };
        copied_from_builds = true;
        let folders = pip_folders(s, stage);
        for source in &copy.sources {
            if let Some(folder) = folders.iter().find(|f| is_at_or_within(f, source)) {
                return pass(format!(
                    "line {} copies {source}, where pip installed into {folder}",
                    copy.line
                ));
            }
        }
    }
    if copied_from_builds {
        fail(
            "no copy into the final image holds a venv or --target folder that pip installed into (system site-packages stay behind)",
        )
    } else {
        fail("the final image copies nothing from a build stage")
    }
}

fn stage_runs(s: &Subject<'_>, stage: &str, command: &str) -> Outcome {
    let Some(st) = s.graph.stage_named(stage) else {
        return fail(format!("no stage is named `{stage}`"));
    };
    let wanted: Vec<&str> = command.split_whitespace().collect();
    let Some((program, rest)) = wanted.split_first() else {
        return fail("the goal names no command");
    };
    for (_, instruction) in facts::stage_instructions(s.dockerfile, s.graph, st.index) {
        for c in shell::run_commands(instruction) {
            let words: Vec<&str> = c
                .args()
                .iter()
                .map(String::as_str)
                .filter(|a| !a.starts_with('-'))
                .collect();
            if c.program() == *program && words.starts_with(rest) {
                if st.needed {
                    return fail(format!(
                        "stage `{stage}` runs {command} (line {}), but it is the final stage or the final stage needs it, so every plain build runs it too",
                        instruction.span.start
                    ));
                }
                return pass(format!(
                    "line {}: stage `{stage}` runs {command}",
                    instruction.span.start
                ));
            }
        }
    }
    fail(format!("stage `{stage}` never runs `{command}`"))
}

/// Whether a command in a stage's chain uses the toolchain.
fn uses_toolchain(command: &Command, toolchain: Toolchain) -> bool {
    let program = command.program();
    match toolchain {
        Toolchain::Python => {
            program.starts_with("python")
                || program.starts_with("pip")
                || matches!(program, "virtualenv" | "uv" | "poetry")
        }
        Toolchain::Java => matches!(
            program,
            "mvn" | "mvnw" | "gradle" | "gradlew" | "javac" | "jar" | "java" | "jlink"
        ),
        Toolchain::Node => matches!(program, "npm" | "npx" | "node" | "yarn" | "pnpm"),
        Toolchain::Libc => {
            (facts::compiler(command).is_some() && program != "go")
                || (program == "go"
                    && matches!(command.subcommand(), Some("build" | "install"))
                    && command.assigned("CGO_ENABLED") != Some("0"))
        }
    }
}

fn versions_match(s: &Subject<'_>, toolchain: Toolchain) -> Outcome {
    let Some(runtime_image) = s.graph.root_image(s.target).map(str::to_owned) else {
        return fail("the final stage's base image cannot be resolved");
    };
    let runtime = s.analysis.base(s.target);
    let mut builds: Vec<usize> = final_copies(s)
        .into_iter()
        .filter_map(|c| match c.origin {
            Origin::Stage(i) => Some(i),
            _ => None,
        })
        .filter(|&i| {
            facts::chain_instructions(s.dockerfile, s.graph, i)
                .into_iter()
                .flat_map(|(_, ins)| shell::run_commands(ins))
                .any(|c| uses_toolchain(&c, toolchain))
        })
        .collect();
    if toolchain == Toolchain::Libc {
        // A cgo build with CGO_ENABLED=0 in ENV links no libc: leave those stages out.
        builds.retain(|&i| {
            let go = facts::go_builds(s.dockerfile, s.graph, i);
            go.is_empty() || go.iter().any(|b| !b.cgo_disabled)
        });
    }
    builds.sort_unstable();
    builds.dedup();
    if builds.is_empty() {
        return fail(format!(
            "the final image copies nothing from a stage that uses {}",
            toolchain.name()
        ));
    }
    for build in builds {
        let name = s.graph.stages[build].display_name();
        let Some(build_image) = s.graph.root_image(build).map(str::to_owned) else {
            return fail(format!("the base image of stage {name} cannot be resolved"));
        };
        let built = s.analysis.base(build);
        let verdict = match toolchain {
            Toolchain::Libc => libc_fits(built, runtime),
            _ => compare(toolchain, built, runtime),
        };
        if let Err(why) = verdict {
            return fail(format!(
                "stage {name} ({build_image}) vs {runtime_image}: {why}"
            ));
        }
    }
    pass(format!(
        "the build stages and {runtime_image} agree on {}",
        toolchain.name()
    ))
}

/// The part of a language's version that must be equal on both sides: `major.minor` for
/// Python (a venv and compiled wheels belong to one minor version), the major version for
/// Java and Node.js.
fn language_version(facts: Option<&ImageFacts>, toolchain: Toolchain) -> Option<String> {
    let version = facts?.language_version(toolchain.name())?;
    let keep = if toolchain == Toolchain::Python { 2 } else { 1 };
    Some(version.split('.').take(keep).collect::<Vec<_>>().join("."))
}

/// Compares the language versions the image catalog gives the build and runtime images.
fn compare(
    toolchain: Toolchain,
    build: Option<&ImageFacts>,
    runtime: Option<&ImageFacts>,
) -> Result<(), String> {
    let language = match toolchain {
        Toolchain::Python => "Python",
        Toolchain::Java => "Java",
        Toolchain::Node => "Node.js",
        Toolchain::Libc => "the C library",
    };
    match (
        language_version(build, toolchain),
        language_version(runtime, toolchain),
    ) {
        (Some(b), Some(r)) if b == r => Ok(()),
        (Some(b), Some(r)) => Err(format!("{language} {b} built, {language} {r} at run time")),
        (None, _) => Err(format!(
            "the image catalog does not know the build image's {language} version (pin a tag that names it)"
        )),
        (_, None) => Err(format!(
            "the image catalog does not know the runtime image's {language} version (pin a tag that names it)"
        )),
    }
}

/// The C library of an image, as messages name it: `glibc 2.41`, `musl`, `no C library`.
fn libc_label(facts: &ImageFacts) -> String {
    match (facts.libc(), facts.glibc_version()) {
        (Some(Libc::Glibc), Some(version)) => format!("glibc {version}"),
        (Some(Libc::Glibc), None) => "glibc".to_owned(),
        (Some(Libc::Musl), _) => "musl".to_owned(),
        (Some(Libc::None), _) => "no C library".to_owned(),
        (None, _) => "an unknown C library".to_owned(),
    }
}

/// Whether a binary linked on `build` runs on `runtime`: the same or a newer glibc, or musl on
/// both sides.
fn libc_fits(build: Option<&ImageFacts>, runtime: Option<&ImageFacts>) -> Result<(), String> {
    fn known(facts: Option<&ImageFacts>) -> Option<&ImageFacts> {
        facts.filter(|f| match f.libc() {
            Some(Libc::Glibc) => f.glibc_version().is_some(),
            Some(_) => true,
            None => false,
        })
    }
    let (Some(b), Some(r)) = (known(build), known(runtime)) else {
        let side = if known(build).is_none() {
            "build"
        } else {
            "runtime"
        };
        return Err(format!(
            "the image catalog does not know the {side} image's C library and its version (pin a tag that names the release)"
        ));
    };
    let fits = match (b.libc(), r.libc()) {
        (Some(Libc::Glibc), Some(Libc::Glibc)) => !version_newer(
            b.glibc_version().unwrap_or(""),
            r.glibc_version().unwrap_or(""),
        ),
        (Some(Libc::Musl), Some(Libc::Musl)) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "linked against {}, runs on {}",
            libc_label(b),
            libc_label(r)
        ))
    }
}

/// Compares dotted versions numerically: `2.41` is newer than `2.36`.
fn version_newer(a: &str, b: &str) -> bool {
    let parts =
        |v: &str| -> Vec<u32> { v.split('.').map_while(|p| p.parse::<u32>().ok()).collect() };
    parts(a) > parts(b)
}

fn go_cgo(s: &Subject<'_>, disabled: bool) -> Outcome {
    let builds: Vec<facts::GoBuild> = s
        .graph
        .stages
        .iter()
        .filter(|st| st.needed)
        .flat_map(|st| facts::go_builds(s.dockerfile, s.graph, st.index))
        .collect();
    if builds.is_empty() {
        return fail("the final image needs no go build");
    }
    let wrong = builds
        .iter()
        .find(|b| (b.cgo_disabled || b.static_link) != disabled);
    match (wrong, disabled) {
        (Some(b), true) => fail(format!(
            "line {}: go build runs with cgo on, so the binary needs the C library",
            b.line
        )),
        (Some(b), false) => fail(format!(
            "line {}: go build runs with cgo off, but the SQLite driver needs cgo",
            b.line
        )),
        (None, true) => pass("every go build sets CGO_ENABLED=0"),
        (None, false) => pass("the go build keeps cgo on"),
    }
}

/// The words the final container runs: its ENTRYPOINT and CMD as written.
fn command_words(s: &Subject<'_>) -> Vec<String> {
    [Keyword::Entrypoint, Keyword::Cmd]
        .into_iter()
        .filter_map(|k| facts::last_in_chain(s.dockerfile, s.graph, s.target, k))
        .flat_map(|i| match &i.args {
            Args::Exec(items) => items.clone(),
            Args::Shell(text) => shell::commands(text)
                .into_iter()
                .flat_map(|c| c.words)
                .collect(),
        })
        .collect()
}

/// Development servers, as runs of words in a command.
const DEV_SERVERS: &[&[&str]] = &[
    &["runserver"],
    &["flask", "run"],
    &["npm", "start"],
    &["npm", "run", "dev"],
    &["npm", "run", "start"],
    &["yarn", "start"],
    &["yarn", "dev"],
    &["ng", "serve"],
    &["react-scripts", "start"],
    &["next", "dev"],
    &["vite", "dev"],
    &["nodemon"],
    &["--reload"],
];

fn no_dev_server(s: &Subject<'_>) -> Outcome {
    let words = command_words(s);
    let names: Vec<&str> = words
        .iter()
        .map(|w| w.rsplit('/').next().unwrap_or(w))
        .collect();
    for server in DEV_SERVERS {
        if names.windows(server.len()).any(|w| w == *server) {
            return fail(format!(
                "the command runs `{}`, a development server",
                server.join(" ")
            ));
        }
    }
    if names.last() == Some(&"vite") {
        return fail("the command runs `vite`, a development server");
    }
    pass("the command starts no development server")
}

fn port_number(text: &str) -> Option<u32> {
    let digits = text.split('/').next()?.rsplit(':').next()?;
    digits.parse().ok()
}

fn unprivileged_ports(s: &Subject<'_>) -> Outcome {
    for (_, instruction) in facts::chain_instructions(s.dockerfile, s.graph, s.target) {
        if let (Keyword::Expose, Detail::List { items }) =
            (instruction.keyword, &instruction.detail)
            && let Some(port) = items
                .iter()
                .filter_map(|p| port_number(p))
                .find(|p| *p < 1024)
        {
            return fail(format!(
                "line {}: EXPOSE {port}, a port only root may bind",
                instruction.span.start
            ));
        }
    }
    let words = command_words(s);
    for (i, word) in words.iter().enumerate() {
        let bound = if word.contains(':') && !word.contains("://") {
            port_number(word)
        } else if matches!(word.as_str(), "--port" | "-p") {
            words.get(i + 1).and_then(|w| port_number(w))
        } else {
            word.strip_prefix("--port=").and_then(port_number)
        };
        if let Some(port) = bound.filter(|p| *p < 1024) {
            return fail(format!("the command binds port {port}, which needs root"));
        }
    }
    pass("every port is 1024 or above")
}

/// Whether a variable name says it holds a credential.
fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
    ]
    .iter()
    .any(|w| upper.contains(w))
        && !upper.ends_with("_FILE")
}

fn no_secrets(s: &Subject<'_>) -> Outcome {
    for (_, instruction) in facts::chain_instructions(s.dockerfile, s.graph, s.target) {
        let found = match &instruction.detail {
            Detail::Env { vars } => vars
                .iter()
                .find(|v| is_secret_name(&v.key) && !v.value.is_empty())
                .map(|v| v.key.clone()),
            Detail::Arg { args } => args
                .iter()
                .find(|a| {
                    is_secret_name(&a.name) && a.default.as_deref().is_some_and(|d| !d.is_empty())
                })
                .map(|a| a.name.clone()),
            _ => None,
        };
        if let Some(name) = found {
            return fail(format!(
                "line {}: {} {name} bakes a credential into the image, readable with docker inspect",
                instruction.span.start, instruction.keyword
            ));
        }
    }
    pass("no credential is stored in the image")
}

/// Parses and analyses `src` and runs every check; all fail when the file has no stage or the
/// target does not exist.
pub fn evaluate(src: &str, target: Option<&str>, checks: &[LabCheck]) -> Vec<bool> {
    judge(src, target, checks)
        .into_iter()
        .map(|o| o.passed)
        .collect()
}

/// Like [`evaluate`], with the reason of each verdict.
pub fn judge(src: &str, target: Option<&str>, checks: &[LabCheck]) -> Vec<Outcome> {
    let dockerfile = parse(src);
    match analyze(&dockerfile, target) {
        Ok(analysis) => checks
            .iter()
            .map(|c| judge_goal(&dockerfile, &analysis, c))
            .collect(),
        Err(error) => checks.iter().map(|_| fail(error.to_string())).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str =
        "FROM golang:1.27\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n";
    const SOLUTION: &str = "\
FROM golang:1.27-trixie AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .
FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=build /out/app /app
ENTRYPOINT [\"/app\"]
";

    fn all_checks() -> Vec<LabCheck> {
        vec![
            LabCheck::MinStages(2),
            LabCheck::FinalBase(vec!["gcr.io/distroless/static*".into(), "scratch".into()]),
            LabCheck::NonRoot,
            LabCheck::ExecForm(None),
            LabCheck::NoPackageManager,
            LabCheck::CopyFrom,
            LabCheck::NoErrors,
        ]
    }

    #[test]
    fn the_authoring_example_lab() {
        assert_eq!(
            evaluate(START, None, &all_checks()),
            vec![false, false, false, true, true, false, true]
        );
        assert_eq!(evaluate(SOLUTION, None, &all_checks()), vec![true; 7]);
    }

    #[test]
    fn each_check_fails_on_its_own_mistake() {
        let checks = all_checks();
        let exec = evaluate(
            &SOLUTION.replace("ENTRYPOINT [\"/app\"]", "ENTRYPOINT /app"),
            None,
            &checks,
        );
        assert!(!exec[3]);
        assert!(!exec[6], "shell form on distroless is an error finding too");
        let root = evaluate(&SOLUTION.replace(":nonroot", ""), None, &checks);
        assert!(!root[2] && root[1]);
        let apt = evaluate(
            &format!("{SOLUTION}RUN [\"pip\", \"install\", \"x\"]\n"),
            None,
            &checks,
        );
        assert!(!apt[4]);
        assert!(!evaluate("", None, &checks).iter().any(|ok| *ok));
        let none = evaluate(
            "FROM scratch\nCOPY app /app\n",
            None,
            &[LabCheck::ExecForm(None)],
        );
        assert_eq!(none, vec![false]);
    }

    #[test]
    fn the_start_command_may_come_from_the_base_image() {
        let nginx = "FROM nginx:1.30-alpine\nCOPY dist /usr/share/nginx/html\n";
        assert!(judge(nginx, None, &[LabCheck::ExecForm(None)])[0].passed);
        let python =
            "FROM gcr.io/distroless/python3-debian13\nCOPY app.py /app/\nCMD [\"/app/app.py\"]\n";
        assert!(judge(python, None, &[LabCheck::ExecForm(None)])[0].passed);
        let repeated = python.replace("[\"/app", "[\"python3\", \"/app");
        let outcome = &judge(&repeated, None, &[LabCheck::ExecForm(None)])[0];
        assert!(
            !outcome.passed && outcome.why.contains("repeats"),
            "{outcome:?}"
        );
        let debug = "FROM gcr.io/distroless/static-debian13:debug AS debug\nCOPY app /app\nCMD [\"/app\"]\nFROM scratch\n";
        let check = [LabCheck::ExecForm(Some("debug".into()))];
        let outcome = &judge(debug, None, &check)[0];
        assert!(
            !outcome.passed && outcome.why.contains("busybox"),
            "{outcome:?}"
        );
        let fixed = debug.replace("CMD [", "ENTRYPOINT [");
        assert!(judge(&fixed, None, &check)[0].passed);
    }

    #[test]
    fn versions_compare_build_and_runtime() {
        let java = |build: &str, run: &str| {
            format!(
                "FROM {build} AS build\nRUN mvn package\nFROM {run}\nCOPY --from=build /src/target/app.jar /app/app.jar\nCMD [\"/app/app.jar\"]\n"
            )
        };
        let check = [LabCheck::VersionsMatch(Toolchain::Java)];
        assert!(
            judge(
                &java(
                    "maven:3.9-eclipse-temurin-21",
                    "gcr.io/distroless/java21-debian13"
                ),
                None,
                &check
            )[0]
            .passed
        );
        let outcome = &judge(
            &java(
                "maven:3.9-eclipse-temurin-21",
                "gcr.io/distroless/java17-debian13",
            ),
            None,
            &check,
        )[0];
        assert!(
            !outcome.passed && outcome.why.contains("Java 21 built, Java 17"),
            "{outcome:?}"
        );
        let libc = [LabCheck::VersionsMatch(Toolchain::Libc)];
        let go = |build: &str, run: &str| {
            format!(
                "FROM {build} AS build\nRUN go build -o /out/app .\nFROM {run}\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n"
            )
        };
        assert!(
            judge(
                &go("golang:1.27-trixie", "gcr.io/distroless/base-debian13"),
                None,
                &libc
            )[0]
            .passed
        );
        assert!(
            judge(
                &go("golang:1.27-bookworm", "gcr.io/distroless/base-debian13"),
                None,
                &libc
            )[0]
            .passed
        );
        assert!(
            !judge(
                &go("golang:1.27-trixie", "gcr.io/distroless/base-debian12"),
                None,
                &libc
            )[0]
            .passed
        );
        assert!(!judge(&go("golang:1.27-trixie", "alpine:3.24"), None, &libc)[0].passed);
    }

    #[test]
    fn python_dependencies_must_be_in_a_copied_venv() {
        let check = [LabCheck::PythonDepsCopied];
        let venv = "FROM python:3.13-slim-trixie AS build\nRUN python -m venv /venv\nENV PATH=/venv/bin:$PATH\nRUN pip install -r requirements.txt\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=build /venv /venv\n";
        assert!(judge(venv, None, &check)[0].passed);
        let system = "FROM python:3.13-slim-trixie AS build\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=build /app /app\n";
        assert!(!judge(system, None, &check)[0].passed);
        let target = "FROM python:3.13-slim-trixie AS build\nRUN pip install --target=/deps flask\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=build /deps /deps\n";
        assert!(judge(target, None, &check)[0].passed);
        let activated = "FROM debian:trixie-slim AS build\nRUN python3 -m venv /opt/venv && . /opt/venv/bin/activate && pip install flask\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=build /opt /opt\n";
        assert!(judge(activated, None, &check)[0].passed);
    }

    #[test]
    fn a_stage_the_final_stage_needs_is_not_a_separate_stage() {
        let check = LabCheck::StageRuns {
            stage: "test".into(),
            command: "go test".into(),
        };
        let apart = "FROM golang:1.27-trixie AS base\nRUN go build -o /out/app .\nFROM base AS test\nRUN go test ./...\nFROM scratch\nCOPY --from=base /out/app /app\n";
        let needed = "FROM golang:1.27-trixie AS base\nFROM base AS test\nRUN go test ./... && go build -o /out/app .\nFROM scratch\nCOPY --from=test /out/app /app\n";
        let last = "FROM golang:1.27-trixie AS test\nRUN go test ./...\n";
        assert_eq!(evaluate(apart, None, std::slice::from_ref(&check)), [true]);
        assert_eq!(
            evaluate(needed, None, std::slice::from_ref(&check)),
            [false]
        );
        assert_eq!(evaluate(last, None, std::slice::from_ref(&check)), [false]);
        let why = &judge(needed, None, std::slice::from_ref(&check))[0];
        assert!(why.why.contains("every plain build runs it"), "{why:?}");
    }
}
