//! Rules about image references: unpinned tags, unresolved variables.

use super::Context;
use super::catalog::{UNPINNED_BASE_IMAGE, UNRESOLVED_BASE_IMAGE};
use crate::dockerfile::graph::{Base, EdgeKind};
use crate::dockerfile::image::ImageName;
use crate::dockerfile::lex::clip;

pub(super) fn check(cx: &mut Context<'_>) {
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
