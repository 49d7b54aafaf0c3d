//! Rules about image references: unpinned tags, unresolved variables.

use super::Context;
use super::catalog::{
    UNPINNED_BASE_IMAGE, UNRESOLVED_BASE_IMAGE, UNTRUSTED_REGISTRY, VARIABLE_EXPANSION_LIMIT,
};
use crate::dockerfile::graph::{Base, EdgeKind};
use crate::dockerfile::image::ImageName;
use crate::dockerfile::lex::clip;

pub(super) fn check(cx: &mut Context<'_>) {
    unpinned_and_unresolved(cx);
    expansion_limit(cx);
    trusted_registries(cx);
}

fn expansion_limit(cx: &mut Context<'_>) {
    for arg in cx.graph.global_args.iter().filter(|a| a.too_long) {
        cx.report(
            &VARIABLE_EXPANSION_LIMIT,
            arg.line,
            format!(
                "`ARG {}` expands to more than {} KiB (each step repeats the one before); the value is cut there and not used",
                clip(&arg.name, 40),
                crate::dockerfile::expand::MAX_EXPANDED_LEN / 1024
            ),
        );
    }
}

/// The full name of an image, with Docker Hub's implicit parts: `python:3.12` is
/// `docker.io/library/python`.
fn full_name(reference: &str) -> String {
    let name = ImageName::parse(reference);
    let registry = name.registry.as_deref().unwrap_or("docker.io");
    let registry = if registry == "index.docker.io" {
        "docker.io"
    } else {
        registry
    };
    if registry == "docker.io" && !name.repository.contains('/') {
        format!("docker.io/library/{}", name.repository)
    } else {
        format!("{registry}/{}", name.repository)
    }
}

/// Whether `full` (a full image name) is under `entry` (`docker.io`, `ghcr.io/acme` ...).
fn trusted_by(full: &str, entry: &str) -> bool {
    let entry = entry.trim_end_matches('/');
    full == entry
        || full
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn trusted_registries(cx: &mut Context<'_>) {
    let trusted = &cx.options.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    for image in &cx.graph.images {
        if image.reference.contains('$') {
            continue;
        }
        let full = full_name(&image.reference);
        if trusted.iter().any(|entry| trusted_by(&full, entry)) {
            continue;
        }
        let message = format!(
            "`{}` comes from `{}`, which is not among the trusted registries ({})",
            clip(&image.reference, 80),
            clip(full.split('/').next().unwrap_or(""), 40),
            clip(&trusted.join(", "), 80)
        );
        cx.report(&UNTRUSTED_REGISTRY, image.line, message);
    }
}

fn unpinned_and_unresolved(cx: &mut Context<'_>) {
    for image in &cx.graph.images {
        // Mount sources are tools, and a bare copy source is reported as an unknown stage.
        let bare = !image.reference.contains(['/', ':', '@']);
        if image.kind == EdgeKind::Mount || (image.kind == EdgeKind::Copy && bare) {
            continue;
        }
        let name = ImageName::parse(&image.reference);
        if !name.is_unpinned() || image.reference.contains('$') {
            continue;
        }
        let shown = clip(&image.reference, 80);
        let what = match image.kind {
            EdgeKind::Base => "base image",
            _ => "image copied from",
        };
        let message = if name.tag.is_some() {
            format!("{what} `{shown}` uses the moving `latest` tag; pin a version")
        } else {
            format!("{what} `{shown}` has no tag, so it means `latest`; pin a version")
        };
        cx.report(&UNPINNED_BASE_IMAGE, image.line, message);
    }
    for stage in &cx.graph.stages {
        if stage.unset_args.is_empty() && !matches!(stage.base, Base::Unresolved { .. }) {
            continue;
        }
        let written = clip(&stage.base_written, 80);
        let names = stage
            .unset_args
            .iter()
            .map(|v| format!("`{}`", clip(v, 40)))
            .collect::<Vec<_>>()
            .join(", ");
        let message = match &stage.base {
            Base::Unresolved { .. } if names.is_empty() => {
                format!("the image `{written}` cannot be worked out from the ARG defaults")
            }
            Base::Unresolved { .. } => format!(
                "the image `{written}` is empty unless the build passes {names} with --build-arg: \
                 no default is declared before FROM"
            ),
            Base::Image { reference } => format!(
                "{names} in `{written}` has no default, so without --build-arg the image is `{}`",
                clip(reference, 80)
            ),
            _ => format!("{names} in `{written}` has no default"),
        };
        cx.report(&UNRESOLVED_BASE_IMAGE, stage.line, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_and_trust() {
        assert_eq!(full_name("python:3.12"), "docker.io/library/python");
        assert_eq!(full_name("bitnami/redis:7"), "docker.io/bitnami/redis");
        assert_eq!(
            full_name("gcr.io/distroless/static-debian12:nonroot"),
            "gcr.io/distroless/static-debian12"
        );
        assert!(trusted_by("docker.io/library/python", "docker.io"));
        assert!(trusted_by("docker.io/library/python", "docker.io/library"));
        assert!(!trusted_by("docker.io/library/python", "docker.io/lib"));
        assert!(trusted_by(
            "gcr.io/distroless/static-debian12",
            "gcr.io/distroless/"
        ));
    }
}
