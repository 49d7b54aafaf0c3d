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
        if let Base::Unresolved { variables } = &stage.base {
            if stage.base_written.is_empty() {
                continue;
            }
            let message = if variables.is_empty() || variables[0] == stage.base_written {
                format!(
                    "the image `{}` cannot be worked out from the ARG defaults",
                    clip(&stage.base_written, 80)
                )
            } else {
                format!(
                    "the image `{}` needs {} from --build-arg: no default is declared before FROM",
                    clip(&stage.base_written, 80),
                    variables
                        .iter()
                        .map(|v| format!("`{}`", clip(v, 40)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            cx.report(&UNRESOLVED_BASE_IMAGE, stage.line, message);
        }
    }
}
