//! Rules from the image catalog: images past their support, binaries built against a newer C
//! library than the runtime has, and interpreters or JREs whose versions differ between the
//! build stage and the runtime stage.

use std::collections::HashMap;

use super::Context;
use super::catalog::{GLIBC_NEWER_THAN_RUNTIME, OUTDATED_IMAGE, RUNTIME_VERSION_MISMATCH};
use crate::dockerfile::facts;
use crate::dockerfile::graph::{EdgeKind, Target};
use crate::dockerfile::image_catalog::{ImageFacts, Libc};
use crate::dockerfile::lex::clip;
use crate::dockerfile::model::Detail;
use crate::dockerfile::shell;

pub(super) fn check(cx: &mut Context<'_>) {
    outdated(cx);
    glibc_and_runtime_versions(cx);
}

fn outdated(cx: &mut Context<'_>) {
    // One catalog lookup per distinct image, however many stages use it.
    let mut looked_up: HashMap<&str, Option<ImageFacts>> = HashMap::new();
    let graph = cx.graph;
    for image in &graph.images {
        if image.kind == EdgeKind::Mount {
            continue;
        }
        let facts = looked_up
            .entry(image.reference.as_str())
            .or_insert_with(|| cx.catalog.lookup_reference(&image.reference));
        let Some(facts) = facts.clone() else {
            continue;
        };
        let status = facts.status();
        if !status.is_outdated() {
            continue;
        }
        let since = facts
            .end_of_life
            .as_deref()
            .map(|d| format!(" since {}", clip(d, 20)))
            .unwrap_or_default();
        let instead = facts
            .replacement
            .as_deref()
            .map(|r| format!("; use {}", clip(r, 80)))
            .unwrap_or_default();
        cx.report(
            &OUTDATED_IMAGE,
            image.line,
            format!(
                "`{}` is {}{since}: it gets no more security fixes{instead}",
                clip(&image.reference, 80),
                status.as_str()
            ),
        );
    }
}

/// Compares dotted versions numerically: `2.41` > `2.36`, `3.13` > `3.9`.
fn version_newer(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u32> {
        v.split(['.', '-'])
            .map_while(|p| p.parse::<u32>().ok())
            .collect()
    };
    parts(a) > parts(b)
}

/// The major (and for Python, minor) version that must match between build and runtime.
fn compatible_part(name: &str, version: &str) -> String {
    let keep = if name == "python" { 2 } else { 1 };
    version.split('.').take(keep).collect::<Vec<_>>().join(".")
}

/// Whether a COPY takes what a native build in `source` produced: a cgo Go binary or a Rust
/// binary linked against glibc.
fn copies_native_binary(cx: &Context<'_>, source: usize, sources: &[String]) -> Option<usize> {
    let go = facts::go_builds(cx.dockerfile, cx.graph, source)
        .into_iter()
        .filter(|g| !g.cgo_disabled && !g.static_link)
        .find(|g| match &g.output {
            Some(output) => sources.iter().any(|s| {
                let s = s.trim_end_matches('/');
                s == output || output.ends_with(&format!("/{}", s.rsplit('/').next().unwrap_or(s)))
            }),
            None => false,
        })
        .map(|g| g.line);
    if go.is_some() {
        return go;
    }
    let copies_target = sources
        .iter()
        .any(|s| s.contains("/target/release") || s.starts_with("target/release"));
    if !copies_target {
        return None;
    }
    facts::chain_instructions(cx.dockerfile, cx.graph, source)
        .into_iter()
        .find(|(_, i)| {
            shell::run_commands(i).iter().any(|c| {
                c.program() == "cargo"
                    && c.subcommand() == Some("build")
                    && !c.args().iter().any(|a| a.contains("musl"))
            })
        })
        .map(|(_, i)| i.span.start)
}

fn glibc_and_runtime_versions(cx: &mut Context<'_>) {
    let graph = cx.graph;
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for reference in &graph.references {
        let Target::Stage { index: source } = reference.target else {
            continue;
        };
        let destination = reference.stage;
        if reference.kind != EdgeKind::Copy || source == destination {
            continue;
        }
        if reported.contains(&(source, destination)) {
            continue;
        }
        // Only pairs of images the catalog knows something relevant about are looked at
        // further (and their facts cloned).
        let relevant = |facts: Option<&ImageFacts>| {
            facts.is_some_and(|f| f.glibc_version().is_some() || f.runtime.is_some())
        };
        if !relevant(cx.base(source)) || !relevant(cx.base(destination)) {
            continue;
        }
        let (Some(build), Some(runtime)) =
            (cx.base(source).cloned(), cx.base(destination).cloned())
        else {
            continue;
        };
        let sources: Vec<String> = match cx
            .dockerfile
            .instructions
            .get(reference.instruction)
            .map(|i| &i.detail)
        {
            Some(Detail::Copy { sources, .. }) => sources.clone(),
            _ => continue,
        };
        let build_image = graph.root_image(source).unwrap_or("").to_owned();
        let runtime_image = graph.root_image(destination).unwrap_or("").to_owned();
        let releases_named = names_release(&build_image) && names_release(&runtime_image);
        let native = glibc_gap(&build, &runtime)
            .filter(|_| releases_named)
            .and_then(|gap| copies_native_binary(cx, source, &sources).map(|l| (gap, l)));
        if let Some(((b, r), build_line)) = native {
            cx.report(
                &GLIBC_NEWER_THAN_RUNTIME,
                build_line,
                format!(
                    "this binary is linked against glibc {b} of `{}`, and line {} copies it onto `{}`, which has glibc {r}: it fails with `GLIBC_{b}' not found`; build on the runtime's Debian release",
                    clip(&build_image, 60),
                    reference.line,
                    clip(&runtime_image, 60)
                ),
            );
            reported.push((source, destination));
            continue;
        }
        if let (Some(b), Some(r)) = (&build.runtime, &runtime.runtime)
            && b.name == r.name
            && matches!(b.name.as_str(), "python" | "java" | "node")
            && compatible_part(&b.name, &b.version) != compatible_part(&r.name, &r.version)
        {
            reported.push((source, destination));
            cx.report(
                &RUNTIME_VERSION_MISMATCH,
                reference.line,
                format!(
                    "stage {} builds with {} {} (`{}`) and this line copies its output onto {} {} (`{}`); use the same version on both sides",
                    graph.stages[source].display_name(),
                    b.name,
                    clip(&b.version, 12),
                    clip(&build_image, 60),
                    r.name,
                    clip(&r.version, 12),
                    clip(&runtime_image, 60)
                ),
            );
        }
    }
}

/// Whether a reference names its Debian release (`-bookworm`, `:12-slim`, `-debian13`), so the
/// catalog's glibc version is the image's and not the current default of an older tag.
fn names_release(reference: &str) -> bool {
    let name = crate::dockerfile::image::ImageName::parse(reference);
    let tag = name.tag.as_deref().unwrap_or("");
    let codenames = ["bookworm", "trixie", "bullseye", "buster", "forky"];
    codenames.iter().any(|c| tag.contains(c))
        || name.repository.contains("-debian")
        || (name.basename() == "debian"
            && tag
                .split(['-', '.'])
                .next()
                .is_some_and(|v| v.parse::<u32>().is_ok()))
}

/// `(build glibc, runtime glibc)` when the build image's glibc is newer than the runtime's.
fn glibc_gap(build: &ImageFacts, runtime: &ImageFacts) -> Option<(String, String)> {
    if build.libc() != Some(Libc::Glibc) || runtime.libc() != Some(Libc::Glibc) {
        return None;
    }
    let (b, r) = (build.glibc_version()?, runtime.glibc_version()?);
    version_newer(b, r).then(|| (b.to_owned(), r.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert!(version_newer("2.41", "2.36"));
        assert!(!version_newer("2.36", "2.36"));
        assert!(version_newer("3.13", "3.9"));
        assert_eq!(compatible_part("python", "3.13.1"), "3.13");
        assert_eq!(compatible_part("java", "21.0.2"), "21");
        assert!(names_release("golang:1.27-trixie"));
        assert!(names_release("gcr.io/distroless/base-debian12:nonroot"));
        assert!(names_release("debian:12-slim"));
        assert!(!names_release("rust:1.82"));
        assert!(!names_release("debian:stable-slim"));
    }
}
