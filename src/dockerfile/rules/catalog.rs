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

/// An `ARG` whose name says it carries a credential.
pub const SECRET_IN_ARG: Rule = Rule {
    id: "secret-in-arg",
    severity: Severity::Warning,
    summary: "a build argument that looks like a credential",
    explanation: "Build arguments are not secret: the value passed with `--build-arg` is written \
        into the image's history for every `RUN` that uses it, and anyone who can pull the image \
        can read it with `docker history`. Pass credentials as BuildKit secrets instead: \
        `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` with \
        `docker build --secret id=npm_token,env=NPM_TOKEN`; the secret is there for that one \
        command and never stored in a layer.",
    lesson: "image-security#keep-secrets-out-of-layers",
};

/// An `ENV` that stores a credential in the image.
pub const SECRET_IN_ENV: Rule = Rule {
    id: "secret-in-env",
    severity: Severity::Error,
    summary: "ENV stores a credential in the image",
    explanation: "`ENV` values are part of the image configuration: every container started from \
        the image sees them and `docker inspect` prints them, long after the build. A password, \
        token or key set with ENV is published with the image. Give credentials to the container \
        at run time (an orchestrator secret, a mounted file, `docker run -e`), and for the build \
        use `RUN --mount=type=secret`.",
    lesson: "image-security#keep-secrets-out-of-layers",
};

/// `COPY` of a file that holds credentials.
pub const SECRET_FILE_COPIED: Rule = Rule {
    id: "secret-file-copied",
    severity: Severity::Warning,
    summary: "COPY brings a credentials file into the image",
    explanation: "Files such as `.npmrc`, `.pypirc`, `.netrc`, `.env`, `.aws/credentials` or an \
        SSH key usually hold tokens or passwords. Copied into a layer they stay in the image even \
        when a later instruction deletes them, because every layer is shipped. Mount them for \
        the one command that needs them: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
        npm ci`, or `RUN --mount=type=ssh` for SSH keys.",
    lesson: "image-security#keep-secrets-out-of-layers",
};

/// A `RUN` that writes a credential into a file.
pub const SECRET_IN_RUN: Rule = Rule {
    id: "secret-in-run",
    severity: Severity::Warning,
    summary: "RUN writes a credential into a file of the image",
    explanation: "Writing a token into a file during the build (`echo ...${NPM_TOKEN} > .npmrc`, \
        `git config ... https://${TOKEN}@...`) stores it in that layer, and removing the file \
        in a later step does not take it out of the image. The variable itself, a build \
        argument, is also recorded in the image history. Use `RUN --mount=type=secret` so the \
        credential only exists while that command runs.",
    lesson: "image-security#keep-secrets-out-of-layers",
};

/// Sources copied before the dependency install.
pub const COPY_BEFORE_INSTALL: Rule = Rule {
    id: "copy-before-install",
    severity: Severity::Warning,
    summary: "all sources are copied before the dependencies are installed",
    explanation: "Docker reuses a cached layer only while everything before it is unchanged. \
        When `COPY . .` comes before `npm ci`, `pip install -r requirements.txt` or \
        `go mod download`, editing any source file invalidates the install, and every build \
        downloads all dependencies again. Copy the dependency manifests first (`package.json` \
        and its lock file, `requirements.txt`, `go.mod` and `go.sum`), install, and only then \
        copy the rest.",
    lesson: "dockerfile-instructions#order-instructions-for-the-cache",
};

/// `apt-get update` in a `RUN` of its own.
pub const UPDATE_WITHOUT_INSTALL: Rule = Rule {
    id: "update-without-install",
    severity: Severity::Warning,
    summary: "the package index is updated in a RUN that installs nothing",
    explanation: "A `RUN apt-get update` on its own becomes a cached layer. Later, when the \
        install line below it changes, Docker reuses the old index from the cache and installs \
        versions that may no longer exist on the mirrors, so the build fails or installs stale \
        packages. Update and install in the same `RUN`: \
        `RUN apt-get update && apt-get install -y --no-install-recommends curl`.",
    lesson: "dockerfile-instructions#how-the-layer-cache-works",
};

/// Package manager caches left in a layer of the image.
pub const PACKAGE_CACHE_LEFT: Rule = Rule {
    id: "package-cache-left",
    severity: Severity::Info,
    summary: "a package install leaves its cache in the image",
    explanation: "Package managers keep the downloaded index and archives: apt in \
        `/var/lib/apt/lists`, apk in `/var/cache/apk`, dnf and yum in `/var/cache`. Left in \
        the layer, they add megabytes to every pull, and deleting them in a later `RUN` does not \
        help because the earlier layer still holds them. Clean up in the same `RUN` \
        (`&& rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `dnf clean all`), or use a cache \
        mount (`RUN --mount=type=cache,target=/var/cache/apt ...`).",
    lesson: "single-stage-problems#deleting-files-later-does-not-shrink-anything",
};

/// A pipe in `RUN` without `pipefail`.
pub const PIPE_WITHOUT_PIPEFAIL: Rule = Rule {
    id: "pipe-without-pipefail",
    severity: Severity::Warning,
    summary: "a pipe in RUN hides the failure of its first command",
    explanation: "A shell pipeline succeeds when its last command succeeds. In \
        `RUN curl -fsSL https://example.com/install.sh | sh`, a failed download passes an empty \
        script to `sh`, which happily does nothing, and the build goes on with a broken image. \
        Start the script with `set -o pipefail &&`, or make it the default for every `RUN` with \
        `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` on images that have bash.",
    lesson: "dockerfile-instructions#run",
};

/// `COPY --from=<stage> /` of a whole operating system.
pub const COPY_WHOLE_FILESYSTEM: Rule = Rule {
    id: "copy-whole-filesystem",
    severity: Severity::Warning,
    summary: "COPY --from copies the whole filesystem of another stage",
    explanation: "`COPY --from=build / /` takes everything the build stage holds: its operating \
        system, shell, package database, compilers, caches and sources. The small runtime image \
        then carries all of it, which defeats the point of a multi-stage build, and it can \
        overwrite the runtime's own files such as `/etc/passwd`. Copy only the artifacts, by \
        path. Copying `/` is fine from a stage built on `scratch` that only gathers files.",
    lesson: "multi-stage-anatomy#copying-between-stages",
};

/// A relative COPY destination with no WORKDIR.
pub const RELATIVE_DESTINATION_WITHOUT_WORKDIR: Rule = Rule {
    id: "relative-destination-without-workdir",
    severity: Severity::Warning,
    summary: "COPY or ADD to a relative path before any WORKDIR",
    explanation: "A relative destination such as `COPY app.py .` is taken relative to the \
        working directory, and with no `WORKDIR` in the file that is whatever the base image \
        chose, often `/`. The files land somewhere nobody reading the Dockerfile can tell, and a \
        new base image version can move them. Set `WORKDIR /app` first, or copy to an \
        absolute path.",
    lesson: "dockerfile-instructions#workdir",
};

/// Shell-form CMD or ENTRYPOINT where a shell exists.
pub const SHELL_FORM_COMMAND: Rule = Rule {
    id: "shell-form-command",
    severity: Severity::Warning,
    summary: "shell-form CMD or ENTRYPOINT: the program is not PID 1",
    explanation: "The shell form `CMD node server.js` runs `/bin/sh -c \"node server.js\"`. The \
        shell becomes PID 1 and does not pass `docker stop`'s SIGTERM on to the program, so the \
        container is killed after the ten-second grace period instead of shutting down cleanly, \
        and a shell-form ENTRYPOINT also ignores the CMD and the arguments of `docker run`. Use \
        the exec form `CMD [\"node\", \"server.js\"]`, or start the shell command with `exec`.",
    lesson: "cmd-entrypoint#pid-1-and-signals",
};

/// An expansion that grows past the limit.
pub const VARIABLE_EXPANSION_LIMIT: Rule = Rule {
    id: "variable-expansion-limit",
    severity: Severity::Warning,
    summary: "a build argument expands to an unreasonably long value",
    explanation: "Build arguments may refer to each other, and a chain in which each one repeats \
        the previous twice doubles at every step: thirty steps make a gigabyte. The analyzer \
        stops at 8 KiB, leaves the value unresolved and says where; Docker would try to build \
        the whole value. Nothing real is that long, so the chain is almost certainly a mistake \
        or a hostile file.",
    lesson: "dockerfile-instructions#env-and-arg",
};

/// An image from a registry that the project does not trust.
pub const UNTRUSTED_REGISTRY: Rule = Rule {
    id: "untrusted-registry",
    severity: Severity::Error,
    summary: "an image comes from a registry outside the configured list",
    explanation: "The project's configuration lists the registries its images may come from \
        (`trusted-registries`). An image from anywhere else is outside what the team reviews, \
        mirrors and scans, and a typing slip in a registry name can pull an attacker's image. \
        Use a trusted registry or add this one to the list on purpose.",
    lesson: "image-security#scan-every-image",
};

/// A finding of shellcheck on a `RUN` script.
pub const SHELLCHECK: Rule = Rule {
    id: "shellcheck",
    severity: Severity::Warning,
    summary: "shellcheck's finding on a RUN script (when shellcheck is installed)",
    explanation: "When the `shellcheck` program is on the PATH, the shell scripts of `RUN` \
        instructions are passed to it, and what it reports is shown at the line of the `RUN`, \
        with shellcheck's own code (SC2086 ...). Its errors are kept as warnings here, because \
        the build itself decides whether the script works. Without shellcheck these checks are \
        skipped, and the lint output says so once.",
    lesson: "dockerfile-instructions#run",
};

/// An image the catalog marks deprecated or end-of-life.
pub const OUTDATED_IMAGE: Rule = Rule {
    id: "outdated-image",
    severity: Severity::Warning,
    summary: "an image that is deprecated or past its end of life",
    explanation: "Images stop getting rebuilt when their operating system release or language \
        version reaches the end of its support: known vulnerabilities stay in them for good, and \
        deprecated image names (such as the `openjdk` images or distroless images without a \
        Debian suffix) stop being updated at all. The course's image catalog (`images.yaml`) says \
        which images are past support and what replaces them; move to the replacement and \
        rebuild regularly.",
    lesson: "image-security#rebuild-to-patch",
};

/// A glibc binary built on a newer C library than the runtime has.
pub const GLIBC_NEWER_THAN_RUNTIME: Rule = Rule {
    id: "glibc-newer-than-runtime",
    severity: Severity::Error,
    summary: "a binary linked against a newer glibc than the runtime image has",
    explanation: "A program linked dynamically against glibc (Go with cgo, Rust, C) needs at \
        least the glibc version it was built with. Built on Debian 13 (glibc 2.41) and run on a \
        Debian 12 image (glibc 2.36), it stops at start-up with `version GLIBC_2.38 not found`. \
        Build on the same Debian release as the runtime image (`golang:1.24-bookworm` with \
        `-debian12`, `-trixie` with `-debian13`), or link statically.",
    lesson: "language-recipes#choosing-the-runtime-image",
};

/// Different interpreter or JRE versions in the build and runtime stages.
pub const RUNTIME_VERSION_MISMATCH: Rule = Rule {
    id: "runtime-version-mismatch",
    severity: Severity::Warning,
    summary: "the build stage and the runtime use different versions of the language",
    explanation: "What a build stage prepares for an interpreter is tied to its version: a \
        Python virtual environment or compiled wheels belong to one Python minor version, and \
        classes compiled for Java 21 do not load on a Java 17 runtime. When the build image and \
        the runtime image carry different versions, the copied files fail at start-up or behave \
        differently. Pick images with the same version on both sides.",
    lesson: "language-recipes#matching-the-python-version",
};

/// An exec-form CMD handed to an image ENTRYPOINT that is a shell (distroless `:debug`).
pub const CMD_GIVEN_TO_SHELL_ENTRYPOINT: Rule = Rule {
    id: "cmd-given-to-shell-entrypoint",
    severity: Severity::Error,
    summary: "CMD on an image whose own ENTRYPOINT is a shell (the distroless :debug tags)",
    explanation: "When a Dockerfile sets `CMD` but no `ENTRYPOINT`, the base image's \
        `ENTRYPOINT` stays, and the `CMD` only becomes its arguments. The `:debug` tags of \
        distroless `static`, `base` and `cc` have `ENTRYPOINT [\"/busybox/sh\"]`, so \
        `CMD [\"/app\", \"--port\", \"8080\"]` starts `/busybox/sh /app --port 8080`: the shell reads \
        the binary as a script and exits with a syntax error, and the service never starts. The \
        same file works on the tag without `debug`, whose `ENTRYPOINT` is empty, which is why \
        the bug shows only in the debug build. Put the program in `ENTRYPOINT` (`ENTRYPOINT \
        [\"/app\"]`) and keep its default arguments in `CMD`; for a prompt, run the image with \
        `--entrypoint sh`.",
    lesson: "debugging-shell-less#the-debug-tags",
};

/// A user name (not a number) in the final image's USER, which `runAsNonRoot` cannot check.
pub const NON_NUMERIC_USER: Rule = Rule {
    id: "non-numeric-user",
    severity: Severity::Warning,
    summary: "the final image's USER is a name, which Kubernetes runAsNonRoot cannot verify",
    explanation: "With `runAsNonRoot: true` (required by the \"restricted\" Pod Security \
        Standard) the kubelet refuses a container unless it can see, before starting it, that \
        the user is not uid 0. It reads the image's `USER` but never the image's `/etc/passwd`, \
        so a name such as `app` or `nonroot` cannot be checked: unless the pod spec sets a \
        numeric `runAsUser`, the pod fails with \"image has non-numeric user, cannot verify \
        user is non-root\", although `docker run` works. \
        Write the user as its number, with the group: `USER 10001:10001` (the distroless \
        `nonroot` user is 65532). Keep the name in `/etc/passwd` for tools that print owners.",
    lesson: "dockerfile-to-kubernetes#runasnonroot-needs-a-numeric-user",
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
    SECRET_IN_ARG,
    SECRET_IN_ENV,
    SECRET_FILE_COPIED,
    SECRET_IN_RUN,
    COPY_BEFORE_INSTALL,
    UPDATE_WITHOUT_INSTALL,
    PACKAGE_CACHE_LEFT,
    PIPE_WITHOUT_PIPEFAIL,
    COPY_WHOLE_FILESYSTEM,
    RELATIVE_DESTINATION_WITHOUT_WORKDIR,
    SHELL_FORM_COMMAND,
    VARIABLE_EXPANSION_LIMIT,
    UNTRUSTED_REGISTRY,
    SHELLCHECK,
    OUTDATED_IMAGE,
    GLIBC_NEWER_THAN_RUNTIME,
    RUNTIME_VERSION_MISMATCH,
    CMD_GIVEN_TO_SHELL_ENTRYPOINT,
    NON_NUMERIC_USER,
];

/// The table of every rule in Markdown, as `docs/rules.md` shows it between its
/// `rules:begin` and `rules:end` markers: id, severity, what the rule checks, why, and the
/// lesson that teaches it.
pub fn rules_markdown() -> String {
    let mut out =
        String::from("| rule | severity | what it checks | why, and the fix | lesson |\n");
    out.push_str("|---|---|---|---|---|\n");
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | `{}` |\n",
            rule.id,
            rule.severity,
            rule.summary,
            rule.explanation.replace('|', "\\|"),
            rule.lesson
        ));
    }
    out
}

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
            "debugging-shell-less",
            "dockerfile-to-kubernetes",
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
