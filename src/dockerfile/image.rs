//! Image references (`registry/path:tag@digest`), the interpreters of language images, and the
//! pattern matching the image catalog and lab goals use. What is known about each image lives in
//! the catalog ([`super::image_catalog`]).

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

    /// The name the image catalog matches against: the registry and repository without tag or
    /// digest, with Docker Hub's `docker.io/` and `library/` left out (`golang`,
    /// `nginxinc/nginx-unprivileged`, `gcr.io/distroless/static-debian13`).
    pub fn catalog_name(&self) -> String {
        let hub = self.registry.as_deref().is_none_or(|r| {
            matches!(
                r,
                "docker.io"
                    | "index.docker.io"
                    | "registry-1.docker.io"
                    | "registry.hub.docker.com"
            )
        });
        if hub {
            let repository = self
                .repository
                .strip_prefix("library/")
                .unwrap_or(&self.repository);
            repository.to_ascii_lowercase()
        } else {
            format!(
                "{}/{}",
                self.registry.as_deref().unwrap_or_default(),
                self.repository
            )
            .to_ascii_lowercase()
        }
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
        assert_eq!(
            ImageName::parse("library/ubuntu:24.04").catalog_name(),
            "ubuntu"
        );
        assert_eq!(
            ImageName::parse("docker.io/nginxinc/nginx-unprivileged:1.30-alpine").catalog_name(),
            "nginxinc/nginx-unprivileged"
        );
        assert_eq!(
            ImageName::parse("gcr.io/distroless/static-debian13:nonroot").catalog_name(),
            "gcr.io/distroless/static-debian13"
        );
        assert_eq!(ImageName::parse("scratch").catalog_name(), "scratch");
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
    fn windows_images() {
        assert!(is_windows("mcr.microsoft.com/windows/servercore:ltsc2022"));
        assert!(is_windows("golang:1.23-windowsservercore-ltsc2022"));
        assert!(is_windows(
            "mcr.microsoft.com/dotnet/runtime:9.0-nanoserver-ltsc2022"
        ));
        assert!(!is_windows("golang:1.23"));
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
