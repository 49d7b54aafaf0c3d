//! The image catalog file of a content pack, `images.yaml` at the pack's root: reading it into
//! an [`ImageCatalog`] and checking each entry, with every problem located by line and column.
//!
//! The embedded pack's catalog is parsed once, on first use, by [`embedded`].

use std::sync::OnceLock;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::diagnostic::Diagnostic;
use super::yaml;
use crate::dockerfile::image_catalog::{ImageCatalog, ImageFacts, Status};

/// The file name of a pack's catalog, at the pack's root.
pub const FILE: &str = "images.yaml";

/// The embedded pack's catalog text.
pub const EMBEDDED_TEXT: &str = include_str!("../../images.yaml");

/// `images.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    images: Vec<Spanned<ImageFacts>>,
}

/// The embedded pack's catalog, parsed on first use. The embedded file is checked by the test
/// suite; were it ever unreadable, the catalog would be empty and the analyzer would treat every
/// image as unknown.
pub fn embedded() -> &'static ImageCatalog {
    static CATALOG: OnceLock<ImageCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| parse(FILE, EMBEDDED_TEXT).0)
}

/// Parses a catalog file. Entries with problems are left out and reported; the others load.
pub fn parse(path: &str, text: &str) -> (ImageCatalog, Vec<Diagnostic>) {
    let file: CatalogFile = match yaml::parse(text, path, 0) {
        Ok(file) => file,
        Err(diag) => return (ImageCatalog::default(), vec![diag]),
    };
    let mut problems = Vec::new();
    let mut images = Vec::new();
    for entry in file.images {
        let (line, col) = yaml::position(&entry.referenced, 0);
        let found = check_entry(&entry.value);
        if found.is_empty() {
            images.push(entry.value);
        }
        problems.extend(
            found
                .into_iter()
                .map(|message| Diagnostic::error(path, line, col, message)),
        );
    }
    (ImageCatalog::new(images), problems)
}

/// What is wrong with one entry, in words.
fn check_entry(entry: &ImageFacts) -> Vec<String> {
    let mut problems = Vec::new();
    let name = &entry.image;
    if name.trim().is_empty() {
        problems.push("`image` must name an image or a pattern".to_owned());
    } else if name.contains(':') && !name.contains('/') || name.contains('@') {
        problems.push(format!(
            "`image: {name}` must not hold a tag or digest; put tag patterns in `tags`"
        ));
    } else if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        problems.push(format!("`image: {name}` must not hold spaces"));
    }
    if entry.tags.iter().any(|t| t.trim().is_empty()) {
        problems.push("`tags` must not hold an empty pattern".to_owned());
    }
    if let Some(date) = &entry.end_of_life
        && !is_date(date)
    {
        problems.push(format!(
            "`end_of_life: {date}` must be a date written YYYY-MM or YYYY-MM-DD"
        ));
    }
    if let Some(date) = &entry.checked
        && !is_full_date(date)
    {
        problems.push(format!(
            "`checked: {date}` must be a date written YYYY-MM-DD"
        ));
    }
    if entry.status == Some(Status::EndOfLife) && entry.end_of_life.is_none() {
        problems.push("an `end-of-life` entry needs `end_of_life`, the date it ended".to_owned());
    }
    if entry.status.is_some() && entry.source.is_none() {
        problems.push(
            "an entry with a `status` needs `source`, what the status was checked against"
                .to_owned(),
        );
    }
    if let Some(shell) = &entry.shell
        && shell != "none"
        && !shell.starts_with('/')
    {
        problems.push(format!(
            "`shell: {shell}` must be an absolute path such as /bin/sh, or `none`"
        ));
    }
    problems
}

/// `YYYY-MM-DD`.
fn is_full_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3 && is_date(text)
}

/// `YYYY-MM` or `YYYY-MM-DD` with a month 1-12 and a day 1-31.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let in_range = |s: &str, max: u32| s.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v));
    match parts.as_slice() {
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && in_range(m, 12) && digits(d, 2) && in_range(d, 31)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::image::ImageName;
    use crate::dockerfile::image_catalog::Libc;

    #[test]
    fn the_embedded_catalog_is_clean() {
        let (catalog, problems) = parse(FILE, EMBEDDED_TEXT);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(catalog.images.len() > 40);
        assert_eq!(embedded(), &catalog);
    }

    #[test]
    fn problems_are_located_and_other_entries_load() {
        let text = "images:\n  - image: ok\n    status: current\n    source: x\n  - image: golang:1.22\n    status: end-of-life\n    source: y\n    checked: 2026-13-01\n";
        let (catalog, problems) = parse("images.yaml", text);
        assert_eq!(catalog.images.len(), 1);
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("images.yaml:5:5: error: `image: golang:1.22`")),
            "{shown:?}"
        );
        assert!(shown.iter().any(|p| p.contains("end_of_life")), "{shown:?}");
        assert!(
            shown.iter().any(|p| p.contains("checked: 2026-13-01")),
            "{shown:?}"
        );
        let (_, problems) = parse("images.yaml", "images:\n  - image: a\n    shel: /bin/sh\n");
        assert_eq!((problems[0].line, problems[0].col), (3, 5), "{problems:?}");
        assert!(problems[0].message.contains("shel"));
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-09") && is_date("2026-09-30") && is_full_date("2026-11-30"));
        assert!(!is_date("2026-9") && !is_date("Sept 2026") && !is_full_date("2026-09"));
    }

    fn facts(reference: &str) -> ImageFacts {
        embedded()
            .lookup(&ImageName::parse(reference))
            .unwrap_or_else(|| panic!("{reference} is not in the catalog"))
    }

    #[test]
    fn other_jdk_builds_know_their_java_version() {
        let java = |reference: &str| facts(reference).language_version("java").map(str::to_owned);
        assert_eq!(java("amazoncorretto:21").as_deref(), Some("21"));
        assert_eq!(java("amazoncorretto:21-al2023-jdk").as_deref(), Some("21"));
        assert_eq!(java("amazoncorretto:latest").as_deref(), Some("8"));
        assert_eq!(java("amazoncorretto:17.0.20").as_deref(), Some("17"));
        assert_eq!(
            java("sapmachine:25-jre-ubuntu-noble").as_deref(),
            Some("25")
        );
        assert_eq!(java("sapmachine:jre-alpine").as_deref(), Some("26"));
        assert_eq!(facts("amazoncorretto:21-alpine").libc(), Some(Libc::Musl));
        assert_eq!(facts("sapmachine:21").libc(), Some(Libc::Glibc));
    }

    #[test]
    fn distroless_facts() {
        let s = facts("gcr.io/distroless/static-debian13");
        assert_eq!(s.status(), Status::Current);
        assert_eq!(s.libc(), Some(Libc::None));
        assert!(!s.has_shell() && !s.nonroot_default());
        assert_eq!(s.entrypoint(), Some(&[][..]));
        assert_eq!(s.debian_release(), Some(13));
        assert_eq!(s.ca_certificates, Some(true));
        assert_eq!(s.tzdata, Some(true));
        let n = facts("gcr.io/distroless/static-debian13:nonroot");
        assert!(n.nonroot_default());
        assert_eq!(n.uid, Some(65532));
        for image in [
            "gcr.io/distroless/static-debian13:debug",
            "gcr.io/distroless/base-debian13:debug-nonroot",
            "gcr.io/distroless/cc-debian13:debug",
        ] {
            let d = facts(image);
            assert_eq!(d.shell_path(), Some("/busybox/sh"), "{image}");
            assert!(d.has_shell() && !d.has_bin_sh(), "{image}");
            assert_eq!(
                d.entrypoint(),
                Some(&["/busybox/sh".to_owned()][..]),
                "{image}"
            );
        }
        assert!(facts("gcr.io/distroless/base-debian13:debug-nonroot").nonroot_default());
        let p = facts("gcr.io/distroless/python3-debian13");
        assert_eq!(p.runtime_version(), Some("3.13"));
        assert_eq!(
            p.interpreter(),
            Some(crate::dockerfile::image::Interpreter::Python)
        );
        assert_eq!(p.glibc_version(), Some("2.41"));
        let pd = facts("gcr.io/distroless/python3-debian13:debug");
        assert_eq!(pd.shell_path(), Some("/busybox/sh"));
        assert_eq!(
            pd.interpreter(),
            Some(crate::dockerfile::image::Interpreter::Python)
        );
        let old = facts("gcr.io/distroless/static-debian12:nonroot");
        assert_eq!(old.status(), Status::EndOfLife);
        assert_eq!(old.glibc_version(), None);
        assert_eq!(
            facts("gcr.io/distroless/cc-debian12").glibc_version(),
            Some("2.36")
        );
        assert_eq!(
            facts("gcr.io/distroless/python3-debian12").status(),
            Status::EndOfLife
        );
        assert_eq!(
            facts("gcr.io/distroless/base-debian10").status(),
            Status::EndOfLife
        );
        assert!(
            facts("gcr.io/distroless/java21-debian13:nonroot")
                .interpreter()
                .is_some()
        );
        assert!(
            facts("gcr.io/distroless/java-base-debian13")
                .interpreter()
                .is_none()
        );
    }

    #[test]
    fn official_image_facts() {
        let scratch = facts("scratch");
        assert!(scratch.is_scratch() && !scratch.has_shell());
        assert_eq!(scratch.known_users(), Some(&[][..]));
        assert_eq!(scratch.ca_certificates, Some(false));
        assert_eq!(facts("alpine:3.24").libc(), Some(Libc::Musl));
        assert_eq!(facts("golang:1.27-alpine3.24").libc(), Some(Libc::Musl));
        let go = facts("golang:1.27-trixie");
        assert!(go.is_toolchain());
        assert_eq!(go.glibc_version(), Some("2.41"));
        assert_eq!(go.status(), Status::Current);
        assert_eq!(facts("golang:1.22").status(), Status::EndOfLife);
        assert_eq!(facts("golang:1.27-bookworm").debian_release(), Some(12));
        assert_eq!(facts("openjdk:17-slim").status(), Status::Deprecated);
        assert!(facts("maven:3.9-eclipse-temurin-21").is_toolchain());
        assert!(facts("eclipse-temurin:21-jdk-noble").is_toolchain());
        assert!(!facts("eclipse-temurin:21-jre-noble").is_toolchain());
        assert_eq!(
            facts("python:3.13-slim-trixie").runtime_version(),
            Some("3.13")
        );
        assert_eq!(facts("python:3.8-slim").status(), Status::EndOfLife);
        assert!(facts("nginxinc/nginx-unprivileged:1.30-alpine").nonroot_default());
        assert_eq!(
            facts("nginxinc/nginx-unprivileged:1.27-alpine").status(),
            Status::EndOfLife
        );
        assert!(!facts("nginx:1.30-alpine").nonroot_default());
        assert!(facts("mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled").nonroot_default());
        assert_eq!(
            facts("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled").uid,
            Some(1654)
        );
        assert!(facts("cgr.dev/chainguard/python:latest").nonroot_default());
        assert_eq!(
            facts("cgr.dev/chainguard/python:latest-dev").shell_path(),
            Some("/bin/sh")
        );
        assert_eq!(facts("busybox:1.38").shell_path(), Some("/bin/sh"));
        assert_eq!(facts("myorg/tool:1-alpine").libc(), Some(Libc::Musl));
    }
}
