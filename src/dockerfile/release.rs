//! What an image reference says about the software inside: its C library and Debian or Ubuntu
//! release, and the Python, Java and Node.js versions it runs. Lab goals compare a build
//! stage with the runtime through these facts (a venv built for 3.13 needs a 3.13 runtime, a
//! binary linked against glibc 2.41 does not start on 2.36).
//!
//! Everything here is read from the reference alone, from tag conventions of the official
//! images and distroless (`-debian13`, `-trixie`, `python:3.13-...`, `java21-...`), as checked on
//! 2026-11-30 (see the pins in the repository's notes). This is the one place that holds such
//! version knowledge, so that a data catalog can replace it later.

use super::image::{self, ImageName};

/// The C library of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Libc {
    /// No C library at all (scratch, distroless static).
    None,
    /// musl (Alpine).
    Musl,
    /// glibc of this version, as `(major, minor)`.
    Glibc(u32, u32),
}

impl std::fmt::Display for Libc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Libc::None => f.write_str("no C library"),
            Libc::Musl => f.write_str("musl"),
            Libc::Glibc(major, minor) => write!(f, "glibc {major}.{minor}"),
        }
    }
}

/// What is known about the software of one image; `None` where the reference does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Release {
    /// The C library.
    pub libc: Option<Libc>,
    /// The distribution release, e.g. `Debian 13` (for messages).
    pub distro: Option<&'static str>,
    /// Python `(major, minor)`.
    pub python: Option<(u32, u32)>,
    /// Java major version.
    pub java: Option<u32>,
    /// Node.js major version.
    pub node: Option<u32>,
}

/// Debian and Ubuntu releases: code name or version as found in tags, name for people, glibc,
/// and the Python 3 minor version their `python3` package installs.
const DISTROS: &[(&[&str], &str, Libc, u32)] = &[
    (
        &["buster", "debian10", "10"],
        "Debian 10",
        Libc::Glibc(2, 28),
        7,
    ),
    (
        &["bullseye", "debian11", "11"],
        "Debian 11",
        Libc::Glibc(2, 31),
        9,
    ),
    (
        &["bookworm", "debian12", "12"],
        "Debian 12",
        Libc::Glibc(2, 36),
        11,
    ),
    (
        &["trixie", "debian13", "13"],
        "Debian 13",
        Libc::Glibc(2, 41),
        13,
    ),
    (&["focal", "20.04"], "Ubuntu 20.04", Libc::Glibc(2, 31), 8),
    (&["jammy", "22.04"], "Ubuntu 22.04", Libc::Glibc(2, 35), 10),
    (&["noble", "24.04"], "Ubuntu 24.04", Libc::Glibc(2, 39), 12),
    (
        &["resolute", "26.04"],
        "Ubuntu 26.04",
        Libc::Glibc(2, 43),
        14,
    ),
];

/// The Debian release that unsuffixed tags of the official language images follow today
/// (`golang:1.27`, `python:3.13-slim`, `node:24`, `rust:1.98`).
const CURRENT_DEBIAN: usize = 3;

/// The Ubuntu release that `eclipse-temurin` and `maven:*-eclipse-temurin-*` tags build on
/// when they name none.
const TEMURIN_UBUNTU: usize = 6;

/// Reads what a reference says about its software.
pub fn release(reference: &str) -> Release {
    let traits = image::traits(reference);
    if traits.scratch {
        return Release {
            libc: Some(Libc::None),
            ..Release::default()
        };
    }
    let name = ImageName::parse(reference);
    let base = name.basename().to_ascii_lowercase();
    let tag = name.tag.as_deref().unwrap_or("latest").to_ascii_lowercase();
    let words: Vec<&str> = base.split('-').chain(tag.split('-')).collect();
    let first_tag_word = tag.split('-').next().unwrap_or("");
    let mut distro = DISTROS.iter().position(|(names, ..)| {
        names.iter().any(|n| {
            if n.starts_with(|c: char| c.is_ascii_digit()) {
                // `debian:13`, `debian:12.8-slim`, `ubuntu:24.04` name the release by number.
                matches!(base.as_str(), "debian" | "ubuntu")
                    && (first_tag_word == *n || first_tag_word.starts_with(&format!("{n}.")))
            } else {
                words.contains(n)
            }
        })
    });
    let mut out = Release::default();
    if traits.alpine {
        out.libc = Some(Libc::Musl);
        out.distro = Some("Alpine");
    } else if traits.distroless && base.starts_with("static") {
        out.libc = Some(Libc::None);
    }
    let official_language = matches!(
        base.as_str(),
        "golang" | "python" | "node" | "rust" | "buildpack-deps" | "gcc"
    );
    let temurin = base == "eclipse-temurin" || (base == "maven" && tag.contains("eclipse-temurin"));
    if distro.is_none() && !traits.alpine && !traits.distroless {
        if official_language {
            distro = Some(CURRENT_DEBIAN);
        } else if temurin {
            distro = Some(TEMURIN_UBUNTU);
        }
    }
    if let Some(index) = distro
        && out.libc.is_none()
    {
        let (_, label, libc, python_minor) = DISTROS[index];
        out.libc = Some(libc);
        out.distro = Some(label);
        if matches!(base.as_str(), "debian" | "ubuntu")
            || (traits.distroless && base.starts_with("python3"))
        {
            out.python = Some((3, python_minor));
        }
    }
    match base.as_str() {
        "python" => {
            out.python = leading_version(&tag).and_then(|(major, minor)| Some((major, minor?)))
        }
        "node" => out.node = leading_version(&tag).map(|(major, _)| major),
        "eclipse-temurin" | "openjdk" | "amazoncorretto" | "sapmachine" => {
            out.java = leading_version(&tag).map(|(major, _)| major);
        }
        "maven" | "gradle" => {
            out.java = words.iter().rev().find_map(|w| {
                let digits = w.strip_prefix("jdk").unwrap_or(w);
                digits.parse::<u32>().ok().filter(|v| (8..=40).contains(v))
            });
        }
        _ if traits.distroless => {
            let head = base.split('-').next().unwrap_or("");
            if let Some(v) = head.strip_prefix("nodejs") {
                out.node = v.parse().ok();
            } else if let Some(v) = head.strip_prefix("java") {
                out.java = v.parse().ok();
            }
        }
        _ => {}
    }
    out
}

/// The command an image starts by itself, for images whose own `CMD` is the right way to run
/// them (a web server serving files copied into it): `nginx -g daemon off;` for the nginx
/// images, `httpd-foreground` for Apache httpd, `caddy run` for Caddy.
pub fn default_command(reference: &str) -> Option<&'static str> {
    let name = ImageName::parse(reference);
    match name.repository.as_str() {
        "nginx" | "library/nginx" | "nginxinc/nginx-unprivileged" => Some("nginx -g 'daemon off;'"),
        "httpd" | "library/httpd" => Some("httpd-foreground"),
        "caddy" | "library/caddy" => Some("caddy run"),
        _ => None,
    }
}

/// The `major.minor` at the start of a tag such as `3.13-slim-trixie` or `21-jdk`.
fn leading_version(tag: &str) -> Option<(u32, Option<u32>)> {
    let head = tag.split('-').next()?;
    let mut parts = head.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|m| m.parse().ok());
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_and_glibc_from_tags() {
        assert_eq!(release("golang:1.27-trixie").libc, Some(Libc::Glibc(2, 41)));
        assert_eq!(release("golang:1.27").distro, Some("Debian 13"));
        assert_eq!(
            release("golang:1.24-bookworm").libc,
            Some(Libc::Glibc(2, 36))
        );
        assert_eq!(
            release("gcr.io/distroless/base-debian12:nonroot").libc,
            Some(Libc::Glibc(2, 36))
        );
        assert_eq!(
            release("gcr.io/distroless/cc-debian13").libc,
            Some(Libc::Glibc(2, 41))
        );
        assert_eq!(
            release("gcr.io/distroless/static-debian13").libc,
            Some(Libc::None)
        );
        assert_eq!(release("scratch").libc, Some(Libc::None));
        assert_eq!(release("alpine:3.24").libc, Some(Libc::Musl));
        assert_eq!(release("golang:1.27-alpine3.24").libc, Some(Libc::Musl));
        assert_eq!(release("debian:trixie-slim").libc, Some(Libc::Glibc(2, 41)));
        assert_eq!(release("debian:12-slim").distro, Some("Debian 12"));
        assert_eq!(release("ubuntu:24.04").distro, Some("Ubuntu 24.04"));
        assert_eq!(release("rust:1.98-slim-trixie").distro, Some("Debian 13"));
        assert_eq!(release("mystery/image:1").libc, None);
    }

    #[test]
    fn web_servers_have_their_own_command() {
        assert!(default_command("nginx:1.30-alpine").is_some());
        assert!(default_command("nginxinc/nginx-unprivileged:1.30-alpine").is_some());
        assert!(default_command("node:24-trixie-slim").is_none());
        assert!(default_command("gcr.io/distroless/static-debian13").is_none());
    }

    #[test]
    fn language_versions() {
        assert_eq!(release("python:3.13-slim-trixie").python, Some((3, 13)));
        assert_eq!(release("python:3-slim").python, None);
        assert_eq!(
            release("gcr.io/distroless/python3-debian13:nonroot").python,
            Some((3, 13))
        );
        assert_eq!(
            release("gcr.io/distroless/python3-debian12").python,
            Some((3, 11))
        );
        assert_eq!(release("debian:trixie-slim").python, Some((3, 13)));
        assert_eq!(release("ubuntu:24.04").python, Some((3, 12)));
        assert_eq!(release("maven:3.9-eclipse-temurin-21").java, Some(21));
        assert_eq!(release("eclipse-temurin:25-jdk-noble").java, Some(25));
        assert_eq!(release("openjdk:17-slim").java, Some(17));
        assert_eq!(
            release("gcr.io/distroless/java17-debian13:nonroot").java,
            Some(17)
        );
        assert_eq!(release("node:24-trixie-slim").node, Some(24));
        assert_eq!(
            release("gcr.io/distroless/nodejs22-debian13").node,
            Some(22)
        );
        assert_eq!(
            release("maven:3.9-eclipse-temurin-21").distro,
            Some("Ubuntu 24.04")
        );
    }
}
