//! Every rule: its stable id, severity, a one-line summary, a paragraph that explains it, and
//! the lesson that teaches it.

use serde::Serialize;

use crate::dockerfile::model::Severity;

/// A lint rule's fixed description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable kebab-case id, e.g. `unpinned-base-image`.
    pub id: &'static str,
    /// How bad a finding of this rule is.
    pub severity: Severity,
    /// One line: what the rule looks for.
    pub summary: &'static str,
    /// One paragraph: why it matters and how to fix it.
    pub explanation: &'static str,
    /// The lesson that teaches it: `lesson-id` or `lesson-id#anchor`.
    pub lesson: &'static str,
}

/// `FROM` (or `COPY --from`) an image without a tag, or with `:latest`.
pub const UNPINNED_BASE_IMAGE: Rule = Rule {
    id: "unpinned-base-image",
    severity: Severity::Warning,
    summary: "image without a version tag, or tagged latest",
    explanation: "An image named without a tag gets `:latest`, and `latest` is a label that moves: \
        the next build may pull a different operating system, a new runtime version or a fresh \
        set of vulnerabilities, and two machines can build different images from the same file. \
        Name a version (`python:3.12-slim`), and add the digest (`@sha256:...`) when the build \
        must be exactly reproducible. `scratch` and references to other stages need no tag.",
    lesson: "image-security#rebuild-to-patch",
};

/// A `FROM` image that depends on an ARG without a value.
pub const UNRESOLVED_BASE_IMAGE: Rule = Rule {
    id: "unresolved-base-image",
    severity: Severity::Warning,
    summary: "FROM uses a build argument that has no default",
    explanation: "The image of this stage is built from a variable that has no default value, \
        so it is only known when the build passes `--build-arg`. Without it the reference is \
        empty or incomplete and the build stops. Give the `ARG` before the first `FROM` a \
        sensible default, for example `ARG GO_VERSION=1.23`.",
    lesson: "dockerfile-instructions#env-and-arg",
};

/// `COPY --from` (or a mount `from=`) that matches no stage.
pub const COPY_FROM_UNKNOWN_STAGE: Rule = Rule {
    id: "copy-from-unknown-stage",
    severity: Severity::Error,
    summary: "COPY --from names no stage of this file",
    explanation: "`COPY --from` accepts a stage name, a stage index (counting from 0) or an \
        image reference. A plain word that matches no `AS` name is taken as an image to pull \
        from a registry, so a misspelt stage name becomes a pull of an image that most likely \
        does not exist, or worse, of someone else's image that does. An index must be the number \
        of an existing stage. Check the spelling against the stage names, or write the image \
        with an explicit tag (`busybox:1.38`) so the intent is clear.",
    lesson: "multi-stage-anatomy#copying-between-stages",
};

/// `COPY --from` the same stage or a stage further down.
pub const COPY_FROM_LATER_STAGE: Rule = Rule {
    id: "copy-from-later-stage",
    severity: Severity::Error,
    summary: "COPY --from refers to this stage or a later one",
    explanation: "A stage copies from stages built before it. Copying from the stage itself is a \
        cycle that no builder can resolve, and the classic builder rejects any reference to a \
        stage further down the file; BuildKit accepts it only when no cycle results, and readers \
        expect dependencies to point upwards. Move the stage you copy from above the stage that \
        copies.",
    lesson: "multi-stage-anatomy#copying-between-stages",
};

/// Two stages with the same name.
pub const DUPLICATE_STAGE_NAME: Rule = Rule {
    id: "duplicate-stage-name",
    severity: Severity::Error,
    summary: "two stages have the same name",
    explanation: "Stage names must be unique, and case does not count: a second `AS build` makes \
        `COPY --from=build` and `--target build` ambiguous, and Docker rejects the file. Give \
        every stage its own name, such as `deps`, `build`, `test` and `runtime`.",
    lesson: "multi-stage-anatomy#naming-stages-with-as",
};

/// A stage the final stage does not need.
pub const UNUSED_STAGE: Rule = Rule {
    id: "unused-stage",
    severity: Severity::Info,
    summary: "the final stage does not need this stage",
    explanation: "Nothing the final stage is built from uses this stage, neither as a base nor \
        through `COPY --from` or a mount. BuildKit skips it when it builds the final image (the \
        classic builder still builds it). That is intended for stages you build on purpose with \
        `--target`, such as a test or debug stage; otherwise it is dead code that misleads \
        readers and slows the classic builder.",
    lesson: "multi-stage-anatomy#buildkit-skips-stages-the-target-does-not-need",
};

/// The final image runs as root.
pub const FINAL_STAGE_RUNS_AS_ROOT: Rule = Rule {
    id: "final-stage-runs-as-root",
    severity: Severity::Warning,
    summary: "the final image runs as root",
    explanation: "A container runs as root unless its image says otherwise. If the application is \
        compromised, root inside the container makes breaking out or tampering with mounted files \
        easier, and many clusters refuse root containers outright. Set `USER` in the final stage, \
        preferably to a numeric id (`USER 65532:65532`), or start from an image whose default \
        user is not root, such as a distroless `:nonroot` tag.",
    lesson: "image-security#run-as-non-root",
};

/// Shell-form CMD/ENTRYPOINT/HEALTHCHECK on an image without a shell.
pub const SHELL_FORM_WITHOUT_SHELL: Rule = Rule {
    id: "shell-form-without-shell",
    severity: Severity::Error,
    summary: "shell-form CMD or ENTRYPOINT on an image that has no shell",
    explanation: "The shell form (`CMD app --port 8080`) runs as `/bin/sh -c \"app --port 8080\"`. \
        `scratch` and the distroless images contain no `/bin/sh`; their `:debug` tags add a \
        busybox shell, but at `/busybox/sh`, not `/bin/sh`. So the container fails to start \
        because the shell cannot be found. Use the exec form, `CMD [\"/app\", \"--port\", \"8080\"]`, which starts the program directly; it \
        also makes the program PID 1, so it receives the stop signal.",
    lesson: "cmd-entrypoint#what-shell-form-really-runs",
};

/// Shell-form RUN in a stage without a shell.
pub const RUN_WITHOUT_SHELL: Rule = Rule {
    id: "run-without-shell",
    severity: Severity::Error,
    summary: "shell-form RUN in a stage that has no shell",
    explanation: "A shell-form `RUN` needs `/bin/sh` in the stage where it runs. Stages based on \
        `scratch` or on a distroless image have none (a `:debug` tag's busybox lives at \
        `/busybox/sh`), so the build stops at this line. Do the work \
        in a build stage that has a shell and copy the result over with `COPY --from`, or use the \
        exec form with a program that really exists in the image.",
    lesson: "distroless-images#exec-form-only",
};

/// CMD starting with the interpreter on a distroless language image.
pub const INTERPRETER_IN_CMD: Rule = Rule {
    id: "interpreter-in-cmd",
    severity: Severity::Error,
    summary: "CMD repeats the interpreter that the distroless ENTRYPOINT already runs",
    explanation: "The distroless language images set their ENTRYPOINT to the interpreter: Python \
        for `python3-*`, `node` for `nodejs*` and `java -jar` for `java*`. CMD only adds arguments \
        to that entrypoint, so `CMD [\"python3\", \"app.py\"]` runs the interpreter on a file \
        called `python3`, which does not exist, and the container exits at once. Put only the \
        script or jar and its arguments in CMD: `CMD [\"app.py\"]`, `CMD [\"server.js\"]`, \
        `CMD [\"app.jar\"]`.",
    lesson: "distroless-images#entrypoints-the-interpreter-is-already-there",
};

/// A cgo-enabled Go binary copied into an image without glibc.
pub const GO_BUILD_WITH_CGO: Rule = Rule {
    id: "go-build-with-cgo",
    severity: Severity::Error,
    summary: "Go binary built with cgo is copied into scratch, distroless/static or Alpine",
    explanation: "Go turns cgo on by default when a C compiler is present, as it is in the \
        Debian-based `golang` images. A program that imports packages such as `net` or `os/user` \
        is then linked against the build image's glibc. Copied into `scratch` or distroless/static \
        (no C library at all) or into Alpine (musl, not glibc) it fails to start, usually with a \
        puzzling `no such file or directory`. Build with `CGO_ENABLED=0 go build ...` to get a \
        static binary.",
    lesson: "scratch-images#why-a-cgo-binary-fails-on-alpine-and-scratch",
};

/// A package manager in the final stage of a multi-stage build.
pub const PACKAGE_MANAGER_IN_FINAL_STAGE: Rule = Rule {
    id: "package-manager-in-final-stage",
    severity: Severity::Warning,
    summary: "a package manager runs in the final stage",
    explanation: "The final stage should hold only what the application needs at run time. \
        Running apt, apk, yum, dnf or pip there adds packages, caches and often the package \
        manager itself to the image you ship, with their size and their vulnerabilities. Install \
        in a build stage and copy only the results; if the runtime really needs a package, prefer \
        a base image that already has it.",
    lesson: "multi-stage-anatomy#common-mistakes",
};

/// A compiler in the final stage of a multi-stage build.
pub const COMPILER_IN_FINAL_STAGE: Rule = Rule {
    id: "compiler-in-final-stage",
    severity: Severity::Warning,
    summary: "a compiler or build tool runs in the final stage",
    explanation: "Compiling in the final stage means the toolchain and the source tree end up in \
        the image that ships. Build in a stage of its own (`FROM golang:1.23 AS build`) and copy \
        only the finished artifact into a small runtime stage with `COPY --from=build`.",
    lesson: "multi-stage-anatomy#common-mistakes",
};

/// A single-stage image with build tools.
pub const SINGLE_STAGE_BUILD_TOOLS: Rule = Rule {
    id: "single-stage-build-tools",
    severity: Severity::Warning,
    summary: "single-stage image that carries its build tools",
    explanation: "This image is built in one stage that also installs or runs build tools. \
        Everything used for the build, such as compilers, SDKs, headers, caches and sometimes \
        credentials, stays in the image that ships, which makes it large and gives an attacker \
        more to work with. Split it into a build stage and a small runtime stage that receives \
        only the artifact through `COPY --from`.",
    lesson: "single-stage-problems#what-ends-up-in-the-image",
};

/// `USER name` on scratch.
pub const NAMED_USER_ON_SCRATCH: Rule = Rule {
    id: "named-user-on-scratch",
    severity: Severity::Error,
    summary: "USER with a name on scratch, which has no /etc/passwd",
    explanation: "`scratch` is empty: there is no `/etc/passwd`, so a user name cannot be looked \
        up and the container fails to start with an error that the user cannot be found. Use a \
        numeric id (`USER 65532:65532`), or copy a passwd file in from a build stage.",
    lesson: "scratch-images#running-as-a-non-root-user-on-scratch",
};

/// `USER name` on distroless with a name it does not have.
pub const UNKNOWN_USER_ON_DISTROLESS: Rule = Rule {
    id: "unknown-user-on-distroless",
    severity: Severity::Error,
    summary: "USER names a user that distroless images do not have",
    explanation: "Distroless images ship an `/etc/passwd` with three users only: `root` (0), \
        `nonroot` (65532) and `nobody` (65534). Any other name cannot be looked up and the \
        container fails to start. Use one of those names, or a numeric id.",
    lesson: "distroless-images#default-user-and-working-directory",
};

/// Every rule, for listings and documentation.
pub const RULES: &[Rule] = &[
    UNPINNED_BASE_IMAGE,
    UNRESOLVED_BASE_IMAGE,
    COPY_FROM_UNKNOWN_STAGE,
    COPY_FROM_LATER_STAGE,
    DUPLICATE_STAGE_NAME,
    UNUSED_STAGE,
    FINAL_STAGE_RUNS_AS_ROOT,
    SHELL_FORM_WITHOUT_SHELL,
    RUN_WITHOUT_SHELL,
    INTERPRETER_IN_CMD,
    GO_BUILD_WITH_CGO,
    PACKAGE_MANAGER_IN_FINAL_STAGE,
    COMPILER_IN_FINAL_STAGE,
    SINGLE_STAGE_BUILD_TOOLS,
    NAMED_USER_ON_SCRATCH,
    UNKNOWN_USER_ON_DISTROLESS,
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_lessons_are_known() {
        let lessons = [
            "single-stage-problems",
            "multi-stage-anatomy",
            "dockerfile-instructions",
            "cmd-entrypoint",
            "distroless-images",
            "scratch-images",
            "language-recipes",
            "three-tier-apps",
            "image-security",
        ];
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.id
            );
            assert!(
                RULES[i + 1..].iter().all(|o| o.id != r.id),
                "duplicate {}",
                r.id
            );
            let lesson = r.lesson.split('#').next().unwrap_or("");
            assert!(lessons.contains(&lesson), "{} links to {}", r.id, r.lesson);
            assert!(r.explanation.len() > 100, "{} explanation too short", r.id);
        }
        assert_eq!(
            rule("unused-stage").map(|r| r.severity),
            Some(Severity::Info)
        );
        assert_eq!(rule("nope"), None);
    }
}
