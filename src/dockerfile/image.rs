//! Image references (`registry/path:tag@digest`) and what is known about well-known images:
//! scratch, distroless variants, Alpine.

use serde::Serialize;

/// An image reference split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageName {
    /// The registry host, when the first path part names one (has `.` or `:`, or is
    /// `localhost`).
    pub registry: Option<String>,
    /// The path without registry, tag or digest, e.g. `distroless/static-debian12`.
    pub repository: String,
    /// The tag after `:`, if any.
    pub tag: Option<String>,
    /// The digest after `@`, if any.
    pub digest: Option<String>,
}

impl ImageName {
    /// Splits a reference. Anything is accepted; odd input gives odd but harmless parts.
    pub fn parse(reference: &str) -> ImageName {
        let (rest, digest) = match reference.split_once('@') {
            Some((r, d)) => (r, Some(d.to_owned())),
            None => (reference, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (path, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (
                &rest[..last_slash + i],
                Some(rest[last_slash + i + 1..].to_owned()),
            ),
            None => (rest, None),
        };
        let (registry, repository) = match path.split_once('/') {
            Some((first, remainder))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (Some(first.to_owned()), remainder.to_owned())
            }
            _ => (None, path.to_owned()),
        };
        ImageName {
            registry,
            repository,
            tag,
            digest,
        }
    }

    /// The last part of the repository path, e.g. `static-debian12`.
    pub fn basename(&self) -> &str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(&self.repository)
    }

    /// Whether the reference pins nothing: no digest, and no tag or the tag `latest`.
    pub fn is_unpinned(&self) -> bool {
        self.digest.is_none() && self.tag.as_deref().is_none_or(|t| t == "latest")
    }
}

/// Whether a base is the empty image.
pub fn is_scratch(reference: &str) -> bool {
    reference.eq_ignore_ascii_case("scratch")
}

/// The interpreter a distroless language image uses as its ENTRYPOINT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interpreter {
    /// `gcr.io/distroless/python3*`: ENTRYPOINT is the Python interpreter.
    Python,
    /// `gcr.io/distroless/nodejs*`: ENTRYPOINT is `node`.
    Node,
    /// `gcr.io/distroless/java*` (not `java-base`): ENTRYPOINT is `java -jar`.
    Java,
}

impl Interpreter {
    /// The program names that mean this interpreter when they start a CMD.
    pub fn matches_program(self, program: &str) -> bool {
        let name = program.rsplit('/').next().unwrap_or(program);
        match self {
            Interpreter::Python => {
                name == "python"
                    || name.strip_prefix("python").is_some_and(|v| {
                        !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.')
                    })
            }
            Interpreter::Node => name == "node" || name == "nodejs",
            Interpreter::Java => name == "java",
        }
    }

    /// What the image's ENTRYPOINT runs, for messages.
    pub fn entrypoint(self) -> &'static str {
        match self {
            Interpreter::Python => "the python3 interpreter",
            Interpreter::Node => "node",
            Interpreter::Java => "java -jar",
        }
    }
}

/// What is known about an image from its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageTraits {
    /// The empty image.
    pub scratch: bool,
    /// A `gcr.io/distroless/...` image.
    pub distroless: bool,
    /// A distroless `:debug` tag, which adds a busybox shell at `/busybox/sh` (not `/bin/sh`).
    pub debug: bool,
    /// The default user is not root (distroless `:nonroot` and `*-nonroot` tags).
    pub nonroot_default: bool,
    /// Built on Alpine Linux (musl libc).
    pub alpine: bool,
    /// Has no C library at all (scratch, distroless/static).
    pub no_libc: bool,
    /// Has a `/bin/sh` (unknown images are assumed to; distroless `:debug` has none there).
    pub has_shell: bool,
    /// The interpreter that is the image's ENTRYPOINT, for distroless language images.
    pub interpreter: Option<Interpreter>,
    /// The image's `/etc/passwd` is known to hold only these users (distroless).
    pub known_users: Option<&'static [&'static str]>,
}

/// Users present in every distroless image.
const DISTROLESS_USERS: &[&str] = &["root", "nonroot", "nobody"];

/// Classifies an image reference (after variable expansion).
pub fn traits(reference: &str) -> ImageTraits {
    if is_scratch(reference) {
        return ImageTraits {
            scratch: true,
            distroless: false,
            debug: false,
            nonroot_default: false,
            alpine: false,
            no_libc: true,
            has_shell: false,
            interpreter: None,
            known_users: Some(&[]),
        };
    }
    let name = ImageName::parse(reference);
    let tag = name.tag.as_deref().unwrap_or("latest");
    let distroless = name.repository.starts_with("distroless/")
        && name
            .registry
            .as_deref()
            .is_none_or(|r| r.ends_with("gcr.io"));
    let debug = distroless && tag.split('-').any(|part| part == "debug");
    let nonroot_default = (distroless && tag.split('-').any(|part| part == "nonroot"))
        || runs_unprivileged(&name, tag);
    let base = name.basename();
    let alpine = base == "alpine" || base.ends_with("-alpine") || tag.contains("alpine");
    let interpreter = if distroless {
        if base.starts_with("python") {
            Some(Interpreter::Python)
        } else if base.starts_with("nodejs") {
            Some(Interpreter::Node)
        } else if base.starts_with("java") && !base.starts_with("java-base") {
            Some(Interpreter::Java)
        } else {
            None
        }
    } else {
        None
    };
    ImageTraits {
        scratch: false,
        distroless,
        debug,
        nonroot_default,
        alpine,
        no_libc: distroless && base.starts_with("static"),
        has_shell: !distroless,
        interpreter,
        known_users: distroless.then_some(DISTROLESS_USERS),
    }
}

/// Well-known images, besides distroless, whose default user is not root.
fn runs_unprivileged(name: &ImageName, tag: &str) -> bool {
    let unprivileged_repos = ["nginxinc/nginx-unprivileged"];
    // Chainguard images run as `nonroot` except their `-dev` variants.
    let chainguard = name.registry.as_deref() == Some("cgr.dev") && !tag.contains("dev");
    // .NET's chiseled (Ubuntu) and distroless (Azure Linux) images run as `app` (uid 1654).
    let dotnet = name.repository.starts_with("dotnet/")
        && (tag.contains("chiseled") || tag.contains("distroless"));
    // Windows nanoserver runs as ContainerUser, not ContainerAdministrator.
    let nanoserver = tag.contains("nanoserver") || name.repository.ends_with("nanoserver");
    chainguard || dotnet || nanoserver || unprivileged_repos.contains(&name.repository.as_str())
}

/// Whether an image is a Windows image (servercore, nanoserver, windows), whose shell is
/// `cmd` or PowerShell.
pub fn is_windows(reference: &str) -> bool {
    let name = ImageName::parse(reference);
    let tag = name.tag.as_deref().unwrap_or("");
    name.repository.starts_with("windows/")
        || ["windowsservercore", "nanoserver", "servercore", "ltsc20"]
            .iter()
            .any(|w| tag.contains(w))
}

/// Images whose purpose is building: a compiler or build tool is their reason to exist.
pub fn is_toolchain_image(reference: &str) -> bool {
    let name = ImageName::parse(reference);
    let base = name.basename();
    let tag = name.tag.as_deref().unwrap_or("");
    matches!(
        base,
        "golang" | "rust" | "gcc" | "maven" | "gradle" | "buildpack-deps" | "sbt" | "clojure"
    ) || (matches!(base, "openjdk" | "eclipse-temurin" | "amazoncorretto") && tag.contains("jdk"))
        || base == "sdk" && name.repository.contains("dotnet")
}

/// Matches `text` against a pattern where `*` stands for any run of characters.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    if parts.len() == 1 {
        return pattern == text;
    }
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references() {
        let n = ImageName::parse("gcr.io/distroless/static-debian12:nonroot");
        assert_eq!(n.registry.as_deref(), Some("gcr.io"));
        assert_eq!(n.repository, "distroless/static-debian12");
        assert_eq!(n.tag.as_deref(), Some("nonroot"));
        assert_eq!(n.basename(), "static-debian12");
        let n = ImageName::parse("localhost:5000/app@sha256:abc");
        assert_eq!(n.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(n.repository, "app");
        assert_eq!(n.tag, None);
        assert_eq!(n.digest.as_deref(), Some("sha256:abc"));
        assert!(!n.is_unpinned());
        assert!(ImageName::parse("ubuntu").is_unpinned());
        assert!(ImageName::parse("ubuntu:latest").is_unpinned());
        assert!(!ImageName::parse("ubuntu:24.04").is_unpinned());
        assert!(ImageName::parse("library/ubuntu").registry.is_none());
    }

    #[test]
    fn distroless_traits() {
        let t = traits("gcr.io/distroless/static-debian12:nonroot");
        assert!(t.distroless && t.nonroot_default && t.no_libc && !t.has_shell && !t.debug);
        let t = traits("gcr.io/distroless/base-debian12:debug-nonroot");
        assert!(t.debug && t.nonroot_default && !t.has_shell && !t.no_libc);
        let t = traits("gcr.io/distroless/python3-debian12");
        assert_eq!(t.interpreter, Some(Interpreter::Python));
        assert!(!t.nonroot_default);
        assert_eq!(
            traits("gcr.io/distroless/nodejs22-debian12").interpreter,
            Some(Interpreter::Node)
        );
        assert_eq!(
            traits("gcr.io/distroless/java21-debian12:nonroot").interpreter,
            Some(Interpreter::Java)
        );
        assert_eq!(
            traits("gcr.io/distroless/java-base-debian12").interpreter,
            None
        );
        assert!(traits("SCRATCH").scratch);
        assert!(traits("alpine:3.20").alpine);
        assert!(traits("golang:1.23-alpine").alpine);
        assert!(!traits("debian:12").alpine);
        assert!(traits("debian:12").has_shell);
        assert!(traits("nginxinc/nginx-unprivileged:1.27-alpine").nonroot_default);
        assert!(traits("cgr.dev/chainguard/python:latest").nonroot_default);
        assert!(!traits("cgr.dev/chainguard/python:latest-dev").nonroot_default);
        assert!(!traits("nginx:1.27").nonroot_default);
        assert!(traits("mcr.microsoft.com/dotnet/runtime-deps:9.0-noble-chiseled").nonroot_default);
        assert!(
            traits("mcr.microsoft.com/dotnet/aspnet:8.0-azurelinux3.0-distroless").nonroot_default
        );
        assert!(!traits("mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim").nonroot_default);
        assert!(traits("mcr.microsoft.com/windows/nanoserver:ltsc2022").nonroot_default);
        assert!(is_windows("mcr.microsoft.com/windows/servercore:ltsc2022"));
        assert!(is_windows("golang:1.23-windowsservercore-ltsc2022"));
        assert!(!is_windows("golang:1.23"));
    }

    #[test]
    fn interpreter_programs() {
        assert!(Interpreter::Python.matches_program("python3"));
        assert!(Interpreter::Python.matches_program("/usr/bin/python3.11"));
        assert!(Interpreter::Python.matches_program("python"));
        assert!(!Interpreter::Python.matches_program("pythonista"));
        assert!(Interpreter::Node.matches_program("/nodejs/bin/node"));
        assert!(Interpreter::Java.matches_program("java"));
        assert!(!Interpreter::Java.matches_program("app.jar"));
    }

    #[test]
    fn toolchains() {
        assert!(is_toolchain_image("golang:1.23"));
        assert!(is_toolchain_image("maven:3-eclipse-temurin-21"));
        assert!(is_toolchain_image("eclipse-temurin:21-jdk"));
        assert!(!is_toolchain_image("eclipse-temurin:21-jre"));
        assert!(!is_toolchain_image("node:22"));
    }

    #[test]
    fn glob() {
        assert!(glob_match(
            "gcr.io/distroless/static*",
            "gcr.io/distroless/static-debian12:nonroot"
        ));
        assert!(glob_match("scratch", "scratch"));
        assert!(!glob_match("scratch", "scratchy"));
        assert!(glob_match("*alpine*", "golang:1.23-alpine3.20"));
        assert!(glob_match("a*b*c", "abc"));
        assert!(!glob_match("a*b*c", "acb"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("ab*ba", "aba"));
    }
}
