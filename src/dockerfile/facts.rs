//! Facts about stages that rules and lab goals share: who the container runs as, which
//! package managers and compilers run, Go builds and their cgo setting, inherited settings.

use super::graph::StageGraph;
use super::image;
use super::image_catalog::{ImageCatalog, ImageFacts};
use super::model::{Detail, Dockerfile, Instruction, Keyword};
use super::shell::{self, Command};

/// The instructions of a stage and its ancestors (`FROM <stage>` chain), oldest first, as
/// `(instruction index, instruction)`. These are the instructions whose effects the stage
/// inherits.
pub fn chain_instructions<'d>(
    dockerfile: &'d Dockerfile,
    graph: &StageGraph,
    stage: usize,
) -> Vec<(usize, &'d Instruction)> {
    let mut chain = graph.chain(stage);
    chain.reverse();
    chain
        .into_iter()
        .flat_map(|s| graph.stages[s].instructions.clone())
        .filter_map(|i| dockerfile.instructions.get(i).map(|ins| (i, ins)))
        .collect()
}

/// The instructions of one stage (not its ancestors), with their indices.
pub fn stage_instructions<'d>(
    dockerfile: &'d Dockerfile,
    graph: &StageGraph,
    stage: usize,
) -> Vec<(usize, &'d Instruction)> {
    graph.stages[stage]
        .instructions
        .clone()
        .filter_map(|i| dockerfile.instructions.get(i).map(|ins| (i, ins)))
        .collect()
}

/// What the catalog knows about the root image of a stage's chain. `None` when the image is
/// unresolved or not in the catalog.
pub fn root_facts(catalog: &ImageCatalog, graph: &StageGraph, stage: usize) -> Option<ImageFacts> {
    graph
        .root_image(stage)
        .and_then(|image| catalog.lookup_reference(image))
}

/// Who a stage's processes run as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum User {
    /// Set by a `USER` instruction on `line`.
    Set {
        /// The user part (before `:`).
        user: String,
        /// The line of the `USER` instruction.
        line: usize,
    },
    /// No `USER`: the base image's default, which is non-root only for known images.
    Default {
        /// Whether the base image is known to default to a non-root user.
        nonroot: bool,
    },
}

impl User {
    /// Whether this is root. A value with variables is assumed not to be root.
    pub fn is_root(&self) -> bool {
        match self {
            User::Set { user, .. } => is_root_name(user),
            User::Default { nonroot } => !nonroot,
        }
    }
}

/// `root` or uid `0` (a group after `:` does not matter).
pub fn is_root_name(user: &str) -> bool {
    let user = user.split(':').next().unwrap_or(user).trim();
    user == "root" || (!user.is_empty() && user.chars().all(|c| c == '0'))
}

/// The user a stage runs as, following `USER` through its chain of stages; without one, the
/// default of `base`, the catalog's facts about the chain's root image.
pub fn effective_user(
    dockerfile: &Dockerfile,
    graph: &StageGraph,
    stage: usize,
    base: Option<&ImageFacts>,
) -> User {
    chain_instructions(dockerfile, graph, stage)
        .into_iter()
        .rev()
        .find_map(|(_, i)| match &i.detail {
            Detail::User { user, .. } => Some(User::Set {
                user: user.clone(),
                line: i.span.start,
            }),
            _ => None,
        })
        .unwrap_or_else(|| User::Default {
            nonroot: base.is_some_and(ImageFacts::nonroot_default),
        })
}

/// The last instruction with `keyword` in a stage's chain (e.g. the effective `CMD`).
pub fn last_in_chain<'d>(
    dockerfile: &'d Dockerfile,
    graph: &StageGraph,
    stage: usize,
    keyword: Keyword,
) -> Option<&'d Instruction> {
    chain_instructions(dockerfile, graph, stage)
        .into_iter()
        .rev()
        .find(|(_, i)| i.keyword == keyword)
        .map(|(_, i)| i)
}

/// The value a variable has for `RUN` at instruction `upto` of `stage`, from `ENV` or an `ARG`
/// default in the stage's chain.
pub fn env_value(
    dockerfile: &Dockerfile,
    graph: &StageGraph,
    stage: usize,
    upto: usize,
    name: &str,
) -> Option<String> {
    env_setting(dockerfile, graph, stage, upto, name).map(|(value, _)| value)
}

/// Like [`env_value`], with the line of the `ENV` or `ARG` that set the value.
pub fn env_setting(
    dockerfile: &Dockerfile,
    graph: &StageGraph,
    stage: usize,
    upto: usize,
    name: &str,
) -> Option<(String, usize)> {
    let mut value = None;
    for (index, instruction) in chain_instructions(dockerfile, graph, stage) {
        // Ancestors come before the stage, so indices only grow.
        if index >= upto {
            break;
        }
        let line = instruction.span.start;
        match &instruction.detail {
            Detail::Env { vars } => {
                if let Some(v) = vars.iter().rev().find(|v| v.key == name) {
                    value = Some((v.value.clone(), line));
                }
            }
            Detail::Arg { args } => {
                if let Some(default) = args
                    .iter()
                    .rev()
                    .find(|d| d.name == name)
                    .and_then(|d| d.default.clone())
                {
                    value = Some((default, line));
                }
            }
            _ => {}
        }
    }
    value
}

/// Whether a command removes packages: `apk del`, `apt-get purge`/`remove`/`autoremove`,
/// `apt-mark auto` (the first half of removing what a build installed), `dnf remove` ...
pub fn removes_packages(command: &Command) -> bool {
    let sub = command.subcommand().unwrap_or("");
    match command.program() {
        "apk" => sub == "del",
        "apt-get" | "apt" | "aptitude" => matches!(sub, "purge" | "remove" | "autoremove"),
        "apt-mark" => sub == "auto",
        "yum" | "dnf" | "microdnf" | "tdnf" | "zypper" => {
            matches!(sub, "remove" | "erase" | "autoremove" | "rm")
        }
        _ => false,
    }
}

/// Packages that a program needs at run time and that are normal in a final stage:
/// certificates, time zones, small init programs, and shared libraries (not their `-dev`
/// headers).
pub fn is_runtime_package(package: &str) -> bool {
    let name = package.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "ca-certificates"
            | "tzdata"
            | "tini"
            | "dumb-init"
            | "gosu"
            | "su-exec"
            | "locales"
            | "netbase"
            | "mailcap"
            | "media-types"
            | "musl"
            | "openssl"
    ) || (name.starts_with("lib")
        && !is_build_package(&name)
        && !["-bin", "-utils", "-tools", "-doc"]
            .iter()
            .any(|s| name.ends_with(s)))
}

/// The package manager a command runs, if any: apt, apt-get, apk, yum, dnf, microdnf,
/// zypper, or pip installing packages.
pub fn package_manager(command: &Command) -> Option<&'static str> {
    let program = command.program();
    let known = [
        "apt", "apt-get", "aptitude", "apk", "yum", "dnf", "microdnf", "zypper", "tdnf",
    ];
    if let Some(name) = known.iter().find(|k| **k == program) {
        return Some(name);
    }
    let is_pip = program == "pip"
        || program
            .strip_prefix("pip")
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'));
    if is_pip && command.subcommand() == Some("install") {
        return Some("pip");
    }
    let is_python = program.starts_with("python");
    let args = command.args();
    if is_python
        && args
            .windows(3)
            .any(|w| w[0] == "-m" && w[1] == "pip" && w[2] == "install")
    {
        return Some("pip");
    }
    None
}

/// The compiler or build tool a command runs, if any (e.g. `gcc`, `go build`, `mvn`).
pub fn compiler(command: &Command) -> Option<String> {
    let program = command.program();
    let sub = command.subcommand().unwrap_or("");
    // `javac --version` or `gcc -v` only checks the tool is there.
    let only_version = !command.args().is_empty()
        && command.args().iter().all(|a| {
            matches!(
                a.as_str(),
                "--version" | "-version" | "-v" | "version" | "-V"
            )
        });
    if only_version {
        return None;
    }
    match program {
        "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++" | "make" | "cmake" | "rustc"
        | "javac" | "mvn" | "mvnw" | "gradle" | "gradlew" => Some(program.to_owned()),
        "go" | "cargo" if matches!(sub, "build" | "install") => Some(format!("{program} {sub}")),
        "dotnet" if matches!(sub, "build" | "publish") => Some(format!("dotnet {sub}")),
        _ => None,
    }
}

/// Packages named on an install command (`apt-get install`, `apk add`, `yum install` ...).
pub fn installed_packages(command: &Command) -> Vec<String> {
    let install_word = match command.program() {
        "apt" | "apt-get" | "aptitude" | "yum" | "dnf" | "microdnf" | "zypper" | "tdnf" => {
            "install"
        }
        "apk" => "add",
        _ => return Vec::new(),
    };
    let args = command.args();
    let Some(start) = args.iter().position(|a| a == install_word) else {
        return Vec::new();
    };
    args[start + 1..]
        .iter()
        .filter(|a| !a.starts_with('-') && !a.contains('$'))
        .map(|a| {
            // Drop version pins: `gcc=12.2`, `gcc~=12`, `gcc>1`.
            let end = a.find(['=', '~', '>', '<']).unwrap_or(a.len());
            a[..end].to_owned()
        })
        .filter(|a| !a.is_empty())
        .collect()
}

/// Whether a package is a compiler, build system or development files.
pub fn is_build_package(package: &str) -> bool {
    let name = package.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "build-essential"
            | "build-base"
            | "gcc"
            | "g++"
            | "clang"
            | "make"
            | "cmake"
            | "autoconf"
            | "automake"
            | "libtool"
            | "golang"
            | "golang-go"
            | "go"
            | "rust"
            | "cargo"
            | "rustc"
            | "maven"
            | "gradle"
            | "default-jdk"
    ) || name.ends_with("-dev")
        || name.ends_with("-devel")
        || name.ends_with("-jdk")
        || name.ends_with("-jdk-headless")
        || name.starts_with("gcc-")
}

/// Whether a stage's chain installs a C toolchain (so cgo can work on Alpine).
pub fn installs_c_toolchain(dockerfile: &Dockerfile, graph: &StageGraph, stage: usize) -> bool {
    chain_instructions(dockerfile, graph, stage)
        .into_iter()
        .flat_map(|(_, i)| shell::run_commands(i))
        .flat_map(|c| installed_packages(&c))
        .any(|p| {
            matches!(
                p.as_str(),
                "gcc" | "build-base" | "build-essential" | "clang" | "musl-dev"
            )
        })
}

/// A `go build` or `go install` in a `RUN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoBuild {
    /// Index of the `RUN` instruction.
    pub instruction: usize,
    /// Its line.
    pub line: usize,
    /// Whether `CGO_ENABLED=0` applies (inline, exported, `ENV`, `ARG` default or `go env -w`).
    pub cgo_disabled: bool,
    /// Whether the link is forced static (`-extldflags -static`).
    pub static_link: bool,
    /// The `-o` output path, if given.
    pub output: Option<String>,
    /// `go install` (writes to `$GOPATH/bin`) rather than `go build`.
    pub install: bool,
    /// The line that switched cgo on explicitly (`CGO_ENABLED=1` inline, in `ENV` or an `ARG`
    /// default), or `None` when it is on by default.
    pub cgo_enabled_at: Option<usize>,
}

/// The Go builds in a stage's chain.
pub fn go_builds(dockerfile: &Dockerfile, graph: &StageGraph, stage: usize) -> Vec<GoBuild> {
    let mut builds = Vec::new();
    let mut go_env_disabled = false;
    for (index, instruction) in chain_instructions(dockerfile, graph, stage) {
        for command in shell::run_commands(instruction) {
            if command.program() != "go" {
                continue;
            }
            let args = command.args();
            let sub = command.subcommand();
            if sub == Some("env")
                && args.iter().any(|a| a == "-w")
                && args.iter().any(|a| a == "CGO_ENABLED=0")
            {
                go_env_disabled = true;
            }
            if !matches!(sub, Some("build" | "install")) {
                continue;
            }
            let setting = match command.assigned("CGO_ENABLED") {
                Some(v) => Some((v.to_owned(), instruction.span.start)),
                None => env_setting(dockerfile, graph, stage, index, "CGO_ENABLED"),
            };
            let cgo_disabled = go_env_disabled || setting.as_ref().is_some_and(|(v, _)| v == "0");
            let cgo_enabled_at = setting.filter(|(v, _)| v == "1").map(|(_, line)| line);
            let joined = args.join(" ");
            let static_link = joined.contains("-extldflags") && joined.contains("-static");
            let output = args
                .iter()
                .position(|a| a == "-o")
                .and_then(|i| args.get(i + 1).cloned())
                .or_else(|| {
                    args.iter()
                        .find_map(|a| a.strip_prefix("-o=").map(str::to_owned))
                });
            builds.push(GoBuild {
                instruction: index,
                line: instruction.span.start,
                cgo_disabled,
                static_link,
                output,
                install: sub == Some("install"),
                cgo_enabled_at,
            });
        }
    }
    builds
}

/// A shell script that a `RUN` gives to the shell, with where its lines are in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellScript {
    /// The script.
    pub text: String,
    /// The shell dialect that runs it: `sh` or `bash`.
    pub dialect: &'static str,
    /// The line of the `RUN`.
    pub run_line: usize,
    /// The file line of the script's first line, when its lines are the file's lines (a
    /// heredoc); `None` when continuations were joined into one line.
    pub first_line: Option<usize>,
}

impl ShellScript {
    /// The file line of the script's `line` (1-based).
    pub fn file_line(&self, line: usize) -> usize {
        match self.first_line {
            Some(first) => first + line.saturating_sub(1),
            None => self.run_line,
        }
    }
}

/// The shell scripts of every shell-form `RUN` that `/bin/sh` (or a `SHELL` chosen bash)
/// runs: the command line, and heredoc bodies fed to the shell. Stages on Windows images
/// or with another shell chosen (PowerShell, cmd) are left out.
pub fn shell_scripts(dockerfile: &Dockerfile, graph: &StageGraph) -> Vec<ShellScript> {
    let mut scripts = Vec::new();
    // The dialect at the end of each stage (`None`: not a POSIX shell), for stages built on it.
    let mut dialect_at_end: Vec<Option<&'static str>> = vec![Some("sh"); graph.stages.len()];
    for stage in &graph.stages {
        let windows = graph.root_image(stage.index).is_some_and(image::is_windows);
        let mut dialect = match stage.base {
            super::graph::Base::Stage { index } if index < stage.index => dialect_at_end[index],
            _ if windows => None,
            _ => Some("sh"),
        };
        for (_, instruction) in stage_instructions(dockerfile, graph, stage.index) {
            if instruction.keyword == Keyword::Shell {
                let program = match &instruction.args {
                    super::model::Args::Exec(words) => words.first().cloned().unwrap_or_default(),
                    super::model::Args::Shell(text) => text.clone(),
                };
                let name = program.rsplit('/').next().unwrap_or(&program).to_owned();
                dialect = match name.as_str() {
                    "bash" => Some("bash"),
                    "sh" | "ash" | "dash" => Some("sh"),
                    _ => None,
                };
                continue;
            }
            let (Some(dialect), Keyword::Run, super::model::Args::Shell(text)) =
                (dialect, instruction.keyword, &instruction.args)
            else {
                continue;
            };
            let run_line = instruction.span.start;
            // A line with heredoc markers is only whole with its bodies; those fed to the shell
            // are checked on their own below.
            if !text.trim().is_empty() && !text.contains("<<") {
                scripts.push(ShellScript {
                    text: text.clone(),
                    dialect,
                    run_line,
                    first_line: None,
                });
            }
            let fed_to_shell = text.trim_start().starts_with("<<")
                || shell::commands(text)
                    .first()
                    .is_some_and(|c| matches!(c.program(), "sh" | "bash" | "ash" | "dash"));
            if fed_to_shell {
                for heredoc in &instruction.heredocs {
                    scripts.push(ShellScript {
                        text: heredoc.text(),
                        dialect,
                        run_line,
                        first_line: Some(heredoc.body.start),
                    });
                }
            }
        }
        dialect_at_end[stage.index] = dialect;
    }
    scripts
}

/// Whether a `SHELL` instruction in the stage's chain chose a shell explicitly.
pub fn shell_chosen(dockerfile: &Dockerfile, graph: &StageGraph, stage: usize) -> bool {
    chain_instructions(dockerfile, graph, stage)
        .iter()
        .any(|(_, i)| i.keyword == Keyword::Shell)
}

/// Whether the chain copies a passwd file into the image (so user names can resolve).
pub fn provides_passwd(dockerfile: &Dockerfile, graph: &StageGraph, stage: usize) -> bool {
    chain_instructions(dockerfile, graph, stage)
        .iter()
        .any(|(_, i)| match &i.detail {
            Detail::Copy {
                sources,
                destination,
            } => {
                let dest = destination.trim_end_matches('/');
                dest.ends_with("/passwd")
                    || dest == "/etc"
                        && sources.iter().any(|s| {
                            let s = s.trim_end_matches('/');
                            s.ends_with("/passwd")
                                || s == "passwd"
                                || s.ends_with("/etc")
                                || s == "etc"
                        })
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::{StageGraph, parse};

    fn setup(src: &str) -> (Dockerfile, StageGraph) {
        let df = parse(src);
        let graph = StageGraph::new(&df, None).unwrap_or_else(|e| panic!("{e}"));
        (df, graph)
    }

    #[test]
    fn user_follows_the_chain_and_image_defaults() {
        let (df, g) = setup("FROM alpine:3 AS base\nUSER app\nFROM base\nCMD [\"x\"]\n");
        assert_eq!(
            effective_user(&df, &g, 1, None),
            User::Set {
                user: "app".into(),
                line: 2
            }
        );
        let (df, g) = setup("FROM gcr.io/distroless/static-debian13:nonroot\n");
        let catalog = crate::content::images::embedded();
        let base = root_facts(catalog, &g, 0);
        assert!(!effective_user(&df, &g, 0, base.as_ref()).is_root());
        let (df, g) = setup("FROM gcr.io/distroless/static-debian13\n");
        let base = root_facts(catalog, &g, 0);
        assert!(effective_user(&df, &g, 0, base.as_ref()).is_root());
        let (df, g) = setup("FROM alpine:3\nUSER 0:0\n");
        assert!(effective_user(&df, &g, 0, None).is_root());
        assert!(is_root_name("root:staff"));
        assert!(!is_root_name("1000"));
        assert!(!is_root_name("$UID"));
    }

    #[test]
    fn package_managers_and_compilers() {
        let cmds = shell::commands(
            "apt-get update && pip3 install -r r.txt && python -m pip install x && pip freeze && go build . && cargo test",
        );
        let pms: Vec<_> = cmds.iter().filter_map(package_manager).collect();
        assert_eq!(pms, vec!["apt-get", "pip", "pip"]);
        let compilers: Vec<_> = cmds.iter().filter_map(compiler).collect();
        assert_eq!(compilers, vec!["go build".to_string()]);
        let checks = shell::commands("javac -version && gcc --version && make");
        let compilers: Vec<_> = checks.iter().filter_map(compiler).collect();
        assert_eq!(
            compilers,
            vec!["make".to_string()],
            "version checks build nothing"
        );
        let cmds = shell::commands("apk add --no-cache build-base=0.5 libpq-dev curl");
        assert_eq!(
            installed_packages(&cmds[0]),
            vec!["build-base", "libpq-dev", "curl"]
        );
        assert!(is_build_package("build-base") && is_build_package("libpq-dev"));
        assert!(is_build_package("openjdk-17-jdk") && !is_build_package("curl"));
    }

    #[test]
    fn go_builds_see_cgo_settings_from_everywhere() {
        let (df, g) = setup(
            "FROM golang:1.23 AS a\nRUN go build -o /out/a .\nRUN CGO_ENABLED=0 go build -o=/out/b .\n\
             FROM golang:1.23 AS b\nENV CGO_ENABLED=0\nRUN go install ./cmd/x\n\
             FROM golang:1.23 AS c\nARG CGO_ENABLED=0\nRUN go build -ldflags '-extldflags \"-static\"' .\n",
        );
        let a = go_builds(&df, &g, 0);
        assert_eq!(a.len(), 2);
        assert!(!a[0].cgo_disabled && a[1].cgo_disabled);
        assert_eq!(a[0].output.as_deref(), Some("/out/a"));
        assert_eq!(a[1].output.as_deref(), Some("/out/b"));
        assert!(go_builds(&df, &g, 1)[0].cgo_disabled);
        let c = go_builds(&df, &g, 2);
        assert!(c[0].cgo_disabled && c[0].static_link);
    }

    #[test]
    fn env_value_respects_order() {
        let (df, g) = setup("FROM golang:1.23\nRUN go build .\nENV CGO_ENABLED=0\n");
        assert!(!go_builds(&df, &g, 0)[0].cgo_disabled);
    }

    #[test]
    fn passwd_copies_are_seen() {
        let (df, g) =
            setup("FROM alpine:3 AS b\nFROM scratch\nCOPY --from=b /etc/passwd /etc/passwd\n");
        assert!(provides_passwd(&df, &g, 1));
        let (df, g) = setup("FROM scratch\nCOPY app /app\n");
        assert!(!provides_passwd(&df, &g, 0));
    }
}
