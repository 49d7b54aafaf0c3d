//! Where `COPY` and `ADD` put files: each copy's origin (the build context, a stage or an
//! image), its sources as absolute paths, and its destination resolved against `WORKDIR`.
//! Lab goals read these to tell which paths reach an image.

use super::graph::{StageGraph, Target};
use super::model::{Detail, Dockerfile, Keyword};

/// Where a copy reads from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The build context (no `--from`).
    Context,
    /// A stage of the file, by index.
    Stage(usize),
    /// An image from a registry.
    Image(String),
    /// A `--from` that names nothing known.
    Unknown,
}

/// One `COPY` or `ADD` of a stage's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// Index of the instruction.
    pub instruction: usize,
    /// Its line.
    pub line: usize,
    /// Where it reads from.
    pub origin: Origin,
    /// The sources: absolute and normalised for a stage or image; for the context, relative
    /// to it without a leading `./` (`.` for the whole context).
    pub sources: Vec<String>,
    /// The destination, absolute and normalised (no trailing `/`).
    pub destination: String,
    /// Whether the destination is a folder the sources go into (it ends in `/`, or there are
    /// several sources).
    pub into_folder: bool,
}

impl Copy {
    /// Where `source` lands: inside the destination folder under its own name, or at the
    /// destination itself.
    pub fn target_of(&self, source: &str) -> String {
        if self.into_folder {
            join(&self.destination, basename(source))
        } else {
            self.destination.clone()
        }
    }

    /// Whether this copy can put something at `path`: the file lands there, or a copied
    /// folder's contents include it.
    ///
    /// A source that names a file (its name ends in an extension of two to four letters, as
    /// `ca-certificates.crt` or `app.jar`) lands only where [`Copy::target_of`] puts it:
    /// copied into `/etc/ssl/` it is neither `/etc/ssl/certs/ca-certificates.crt` nor
    /// `/etc/ssl/cert.pem`. Any other source may be a folder, whose contents land inside the
    /// destination.
    pub fn places(&self, source: &str, path: &str) -> bool {
        let target = self.target_of(source);
        path == target
            || (!names_a_file(source)
                && (is_within(path, &target) || is_within(path, &self.destination)))
    }
}

/// Whether a source names one file: no pattern, no trailing `/`, and a name with an
/// extension of two to four letters (`python3.13` and `conf.d` may be folders).
fn names_a_file(source: &str) -> bool {
    !source.contains(['*', '?', '['])
        && !source.ends_with('/')
        && basename(source)
            .rsplit_once('.')
            .is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && (2..=4).contains(&ext.len())
                    && ext.chars().all(|c| c.is_ascii_alphabetic())
            })
}

/// Collapses `//`, `.` and `..` and drops a trailing `/`; the result starts with `/`.
pub fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `path` resolved against the folder `dir` (unless it is absolute), normalised.
pub fn resolve(dir: &str, path: &str) -> String {
    if path.starts_with('/') {
        normalise(path)
    } else {
        normalise(&format!("{dir}/{path}"))
    }
}

/// Whether `path` is strictly inside the folder `dir` (both normalised).
pub fn is_within(path: &str, dir: &str) -> bool {
    dir == "/" && path != "/"
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether `path` is `dir` or inside it.
pub fn is_at_or_within(path: &str, dir: &str) -> bool {
    path == dir || is_within(path, dir)
}

fn join(dir: &str, name: &str) -> String {
    normalise(&format!("{dir}/{name}"))
}

fn basename(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

/// The working folder in effect before instruction `upto` of a stage's chain (`/` when no
/// `WORKDIR` was set).
pub fn workdir_before(
    dockerfile: &Dockerfile,
    graph: &StageGraph,
    stage: usize,
    upto: usize,
) -> String {
    let mut dir = "/".to_owned();
    for (index, instruction) in super::facts::chain_instructions(dockerfile, graph, stage) {
        if index >= upto {
            break;
        }
        if instruction.keyword == Keyword::Workdir {
            dir = resolve(&dir, instruction.args.to_text().trim());
        }
    }
    dir
}

/// The copies of a stage's chain, in order.
pub fn copies(dockerfile: &Dockerfile, graph: &StageGraph, stage: usize) -> Vec<Copy> {
    let mut out = Vec::new();
    for (index, instruction) in super::facts::chain_instructions(dockerfile, graph, stage) {
        if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add) {
            continue;
        }
        let Detail::Copy {
            sources,
            destination,
        } = &instruction.detail
        else {
            continue;
        };
        let origin = match instruction.flag_value("from") {
            None if instruction.keyword == Keyword::Copy || instruction.flag("from").is_none() => {
                Origin::Context
            }
            _ => graph
                .references
                .iter()
                .find(|r| r.instruction == index)
                .map_or(Origin::Unknown, |r| match &r.target {
                    Target::Stage { index } => Origin::Stage(*index),
                    Target::Image { reference } => Origin::Image(reference.clone()),
                    _ => Origin::Unknown,
                }),
        };
        let workdir = workdir_before(dockerfile, graph, stage, index);
        let sources = sources
            .iter()
            .map(|s| match origin {
                Origin::Context => {
                    let relative = normalise(s);
                    match relative.trim_start_matches('/') {
                        "" => ".".to_owned(),
                        rest => rest.to_owned(),
                    }
                }
                _ => normalise(s),
            })
            .collect::<Vec<_>>();
        out.push(Copy {
            instruction: index,
            line: instruction.span.start,
            origin,
            into_folder: destination.ends_with('/') || sources.len() > 1,
            destination: resolve(&workdir, destination),
            sources,
        });
    }
    out
}

/// The folders of a stage's chain into which the whole build context was copied
/// (`COPY . .`, `COPY . /app`).
pub fn context_folders(dockerfile: &Dockerfile, graph: &StageGraph, stage: usize) -> Vec<String> {
    copies(dockerfile, graph, stage)
        .into_iter()
        .filter(|c| c.origin == Origin::Context && c.sources.iter().any(|s| s == "." || s == "*"))
        .map(|c| c.destination)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    fn copies_of(src: &str) -> Vec<Copy> {
        let df = parse(src);
        let graph = StageGraph::new(&df, None).unwrap_or_else(|e| panic!("{e}"));
        copies(&df, &graph, graph.target)
    }

    #[test]
    fn destinations_follow_workdir_and_origins_resolve() {
        let c = copies_of(
            "FROM golang:1.27 AS build\nFROM scratch\nWORKDIR /app\nCOPY --from=build /out/app ./bin/\nCOPY . .\nCOPY --from=alpine:3.24 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n",
        );
        assert_eq!(c[0].origin, Origin::Stage(0));
        assert_eq!(c[0].target_of("/out/app"), "/app/bin/app");
        assert_eq!(c[1].origin, Origin::Context);
        assert_eq!(c[1].sources, vec!["."]);
        assert_eq!(c[1].destination, "/app");
        assert_eq!(c[2].origin, Origin::Image("alpine:3.24".into()));
        assert!(c[2].places(&c[2].sources[0], "/etc/ssl/certs/ca-certificates.crt"));
        assert!(!c[0].places("/out/app", "/etc/ssl/certs/ca-certificates.crt"));
    }

    #[test]
    fn a_file_lands_only_where_it_is_copied_to() {
        let c = copies_of(
            "FROM debian:trixie-slim AS build\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/\nCOPY --from=build /etc/ssl/certs /etc/ssl/certs\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n",
        );
        let bundle = "/etc/ssl/certs/ca-certificates.crt";
        assert!(!c[0].places(&c[0].sources[0], bundle));
        assert!(c[0].places(&c[0].sources[0], "/etc/ssl/ca-certificates.crt"));
        assert!(!c[0].places(&c[0].sources[0], "/etc/ssl/cert.pem"));
        assert!(c[1].places(&c[1].sources[0], bundle));
        assert!(c[2].places(&c[2].sources[0], bundle));
    }

    #[test]
    fn paths_normalise() {
        assert_eq!(normalise("./a//b/../c/"), "/a/c");
        assert_eq!(resolve("/app", "../x"), "/x");
        assert!(is_within("/a/b", "/a") && !is_within("/ab", "/a") && is_within("/x", "/"));
        assert!(is_at_or_within("/a", "/a"));
    }
}
