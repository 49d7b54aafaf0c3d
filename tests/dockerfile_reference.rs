//! A reference set of realistic multi-stage Dockerfiles (Go, Node, Python, Java, Rust, .NET,
//! C++, Ruby, PHP; heredocs, ARG in FROM, --platform, lowercase instructions, the backtick
//! escape, CRLF with a byte-order mark): the parser must find exactly the stages, names and base
//! images written here, with no parse error.

use std::fs;
use std::path::Path;

use stagecraft::dockerfile::{Base, Keyword, StageGraph, parse};

/// One expected stage: name, base as written, and the base after ARG expansion
/// (`image:<ref>`, `stage:<index>` or `scratch`).
type ExpectedStage = (Option<&'static str>, &'static str, &'static str);

struct Case {
    file: &'static str,
    stages: &'static [ExpectedStage],
    /// Total number of instructions, to catch mis-joined continuations and heredocs.
    instructions: usize,
}

const CASES: &[Case] = &[
    Case {
        file: "01-go-distroless.Dockerfile",
        stages: &[
            (
                Some("build"),
                "golang:${GO_VERSION}-bookworm",
                "image:golang:1.23-bookworm",
            ),
            (Some("test"), "build", "stage:0"),
            (
                Some("runtime"),
                "gcr.io/distroless/static-debian12:nonroot",
                "image:gcr.io/distroless/static-debian12:nonroot",
            ),
        ],
        instructions: 15,
    },
    Case {
        file: "02-node-alpine.Dockerfile",
        stages: &[
            (Some("deps"), "node:22-alpine", "image:node:22-alpine"),
            (Some("build"), "node:22-alpine", "image:node:22-alpine"),
            (None, "node:22-alpine", "image:node:22-alpine"),
        ],
        instructions: 18,
    },
    Case {
        file: "03-python-venv.Dockerfile",
        stages: &[
            (
                Some("build"),
                "python:${PYTHON}-slim",
                "image:python:3.11-slim",
            ),
            (
                None,
                "gcr.io/distroless/python3-debian12:nonroot",
                "image:gcr.io/distroless/python3-debian12:nonroot",
            ),
        ],
        instructions: 13,
    },
    Case {
        file: "04-java-maven.Dockerfile",
        stages: &[
            (
                Some("build"),
                "maven:3.9-eclipse-temurin-21",
                "image:maven:3.9-eclipse-temurin-21",
            ),
            (
                Some("jre"),
                "eclipse-temurin:21-jre-jammy",
                "image:eclipse-temurin:21-jre-jammy",
            ),
            (
                None,
                "gcr.io/distroless/java21-debian12:nonroot",
                "image:gcr.io/distroless/java21-debian12:nonroot",
            ),
        ],
        instructions: 13,
    },
    Case {
        file: "05-rust-musl.Dockerfile",
        stages: &[
            (Some("chef"), "rust:1.82-alpine", "image:rust:1.82-alpine"),
            (Some("planner"), "chef", "stage:0"),
            (Some("builder"), "chef", "stage:0"),
            (None, "scratch", "scratch"),
        ],
        instructions: 16,
    },
    Case {
        file: "06-heredocs.Dockerfile",
        stages: &[
            (Some("base"), "debian:12-slim", "image:debian:12-slim"),
            (Some("config"), "base", "stage:0"),
            (None, "base", "stage:0"),
        ],
        instructions: 10,
    },
    Case {
        file: "07-lowercase.Dockerfile",
        stages: &[
            (
                Some("Builder"),
                "golang:1.22-alpine",
                "image:golang:1.22-alpine",
            ),
            (None, "alpine:3.19", "image:alpine:3.19"),
        ],
        instructions: 9,
    },
    Case {
        file: "08-windows-escape.Dockerfile",
        stages: &[
            (
                Some("build"),
                "mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022",
                "image:mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022",
            ),
            (
                None,
                "mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022",
                "image:mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022",
            ),
        ],
        instructions: 11,
    },
    Case {
        file: "09-platform-args.Dockerfile",
        stages: &[
            (
                Some("xx"),
                "tonistiigi/xx:1.5.0",
                "image:tonistiigi/xx:1.5.0",
            ),
            (Some("frontend"), "${BASE}", "image:node:22-alpine3.20"),
            (
                Some("backend"),
                "golang:1.23-alpine${ALPINE_VERSION}",
                "image:golang:1.23-alpine3.20",
            ),
            (None, "alpine:${ALPINE_VERSION}", "image:alpine:3.20"),
        ],
        instructions: 21,
    },
    Case {
        file: "10-three-tier.Dockerfile",
        stages: &[
            (Some("web-build"), "node:22-slim", "image:node:22-slim"),
            (Some("web"), "nginx:1.27-alpine", "image:nginx:1.27-alpine"),
            (
                Some("api-build"),
                "python:3.12-slim",
                "image:python:3.12-slim",
            ),
            (
                Some("api"),
                "gcr.io/distroless/python3-debian12:nonroot",
                "image:gcr.io/distroless/python3-debian12:nonroot",
            ),
            (
                Some("db-migrations"),
                "postgres:16-alpine",
                "image:postgres:16-alpine",
            ),
        ],
        instructions: 21,
    },
    Case {
        file: "11-single-stage-legacy.Dockerfile",
        stages: &[(None, "ubuntu:22.04", "image:ubuntu:22.04")],
        instructions: 11,
    },
    Case {
        file: "12-cpp-cmake.Dockerfile",
        stages: &[
            (Some("build"), "gcc:14", "image:gcc:14"),
            (
                None,
                "gcr.io/distroless/cc-debian12:nonroot",
                "image:gcr.io/distroless/cc-debian12:nonroot",
            ),
        ],
        instructions: 8,
    },
    Case {
        file: "13-digest-and-index.Dockerfile",
        stages: &[
            (
                None,
                "golang:1.23.2@sha256:a7f2fc9834049c1f5df787690026a53738e55fc097cd8a4a93faa3e06c67ee32",
                "image:golang:1.23.2@sha256:a7f2fc9834049c1f5df787690026a53738e55fc097cd8a4a93faa3e06c67ee32",
            ),
            (
                Some("shell"),
                "busybox:1.36-musl",
                "image:busybox:1.36-musl",
            ),
            (None, "scratch", "scratch"),
        ],
        instructions: 11,
    },
    Case {
        file: "14-onbuild-shell.Dockerfile",
        stages: &[
            (
                Some("tools"),
                "mcr.microsoft.com/powershell:lts-debian-12",
                "image:mcr.microsoft.com/powershell:lts-debian-12",
            ),
            (Some("gems"), "ruby:3.3-slim", "image:ruby:3.3-slim"),
            (None, "ruby:3.3-slim", "image:ruby:3.3-slim"),
        ],
        instructions: 18,
    },
    Case {
        file: "15-variables-everywhere.Dockerfile",
        stages: &[
            (
                Some("composer-deps"),
                "${REGISTRY}/${IMAGE_NAME}:${PHP_VERSION}-cli",
                "image:docker.io/library/php:8.3-cli",
            ),
            (
                None,
                "${REGISTRY}/${IMAGE_NAME}:${PHP_VERSION}-fpm-alpine${RUNTIME_TAG:+-}${RUNTIME_TAG}",
                "image:docker.io/library/php:8.3-fpm-alpine",
            ),
        ],
        instructions: 13,
    },
    Case {
        file: "16-crlf-bom-tabs.Dockerfile",
        stages: &[
            (
                Some("build"),
                "node:20-bookworm-slim",
                "image:node:20-bookworm-slim",
            ),
            (
                None,
                "nginxinc/nginx-unprivileged:1.27-alpine",
                "image:nginxinc/nginx-unprivileged:1.27-alpine",
            ),
        ],
        instructions: 7,
    },
];

fn resolved(base: &Base) -> String {
    match base {
        Base::Scratch => "scratch".to_owned(),
        Base::Stage { index } => format!("stage:{index}"),
        Base::Image { reference } => format!("image:{reference}"),
        Base::Unresolved { variables } => format!("unresolved:{}", variables.join(",")),
    }
}

fn read(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dockerfiles/reference")
        .join(file);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn every_reference_file_is_listed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfiles/reference");
    let mut on_disk: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    assert_eq!(on_disk, listed);
    assert!(CASES.len() >= 15);
}

#[test]
fn stage_counts_names_and_base_images_match() {
    for case in CASES {
        let dockerfile = parse(&read(case.file));
        let errors: Vec<String> = dockerfile.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", case.file);
        assert_eq!(
            dockerfile.instructions.len(),
            case.instructions,
            "{}: instruction count",
            case.file
        );
        let graph =
            StageGraph::new(&dockerfile, None).unwrap_or_else(|e| panic!("{}: {e}", case.file));
        let actual: Vec<(Option<String>, String, String)> = graph
            .stages
            .iter()
            .map(|s| (s.name.clone(), s.base_written.clone(), resolved(&s.base)))
            .collect();
        let expected: Vec<(Option<String>, String, String)> = case
            .stages
            .iter()
            .map(|(n, w, r)| (n.map(str::to_owned), (*w).to_owned(), (*r).to_owned()))
            .collect();
        assert_eq!(actual, expected, "{}", case.file);
        assert_eq!(
            graph.target,
            case.stages.len() - 1,
            "{}: final stage",
            case.file
        );
        // Spans are ordered, inside the file, and every FROM starts a stage.
        let froms = dockerfile
            .instructions
            .iter()
            .filter(|i| i.keyword == Keyword::From)
            .count();
        assert_eq!(froms, graph.stages.len());
        let mut previous_end = 0;
        for instruction in &dockerfile.instructions {
            assert!(
                instruction.span.start > previous_end,
                "{}: overlapping spans",
                case.file
            );
            assert!(
                instruction.span.end <= dockerfile.line_count,
                "{}",
                case.file
            );
            previous_end = instruction.span.end;
        }
    }
}

#[test]
fn details_of_tricky_files() {
    // Heredocs: two on one RUN line, a chomped one with a quoted delimiter, one fed to python.
    let df = parse(&read("06-heredocs.Dockerfile"));
    let run = &df.instructions[1];
    assert_eq!(run.heredocs.len(), 1);
    assert!(run.heredocs[0].content.starts_with("set -eux\n"));
    let two = df
        .instructions
        .iter()
        .find(|i| i.heredocs.len() == 2)
        .unwrap_or_else(|| panic!("no RUN with two heredocs"));
    assert_eq!(two.heredocs[0].name, "SCRIPT");
    assert_eq!(two.heredocs[1].content, "built by stagecraft fixtures\n");
    // Backtick escape: the Windows path keeps its backslash and the backtick continues the line.
    let df = parse(&read("08-windows-escape.Dockerfile"));
    assert_eq!(df.escape, '`');
    let publish = &df.instructions[5];
    assert_eq!(publish.span.start, 8);
    assert_eq!(publish.span.end, 9);
    assert!(publish.source.contains(r"-o C:\app "));
    // CRLF, BOM and a tab after FROM.
    let df = parse(&read("16-crlf-bom-tabs.Dockerfile"));
    assert_eq!(df.instructions[0].keyword_text, "FROM");
    assert!(df.instructions.iter().all(|i| !i.source.contains('\r')));
    // ONBUILD triggers are parsed instructions.
    let df = parse(&read("14-onbuild-shell.Dockerfile"));
    let triggers = df
        .instructions
        .iter()
        .filter(|i| i.keyword == Keyword::Onbuild)
        .count();
    assert_eq!(triggers, 2);
    // COPY --from=0 and an external image.
    let df = parse(&read("13-digest-and-index.Dockerfile"));
    let graph = StageGraph::new(&df, None).unwrap_or_else(|e| panic!("{e}"));
    let copies: Vec<(usize, usize)> = graph.edges.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(copies, vec![(0, 2), (1, 2)]);
    assert!(graph.images.iter().any(|i| i.reference == "alpine:3.20"));
}
