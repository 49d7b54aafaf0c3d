//! Rendering and analysis without the terminal: a lesson laid out at 80 and 200 columns
//! (the renderer itself, not its cache), syntax highlighting of a 200-line Dockerfile, and
//! parsing and analysing a Dockerfile, and files of 10,000 stages. Also the cost of loading the
//! embedded content.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stagecraft::content::ContentSet;
use stagecraft::dockerfile::{analyze, parse};
use stagecraft::highlight;
use stagecraft::markdown::{RenderOptions, render};

/// The longest lesson of the embedded content, without front matter.
fn longest_lesson(content: &ContentSet) -> (String, String) {
    content
        .lessons
        .iter()
        .max_by_key(|l| l.body.len())
        .map(|l| (l.id.clone(), l.body.clone()))
        .expect("the embedded content has lessons")
}

/// 200 lines made of the embedded examples' Dockerfiles, one after another.
fn dockerfile_200_lines(content: &ContentSet) -> String {
    let all: Vec<&str> = content
        .examples
        .iter()
        .flat_map(|e| e.after.text.lines())
        .collect();
    all.iter()
        .cycle()
        .take(200)
        .fold(String::new(), |mut s, l| {
            s.push_str(l);
            s.push('\n');
            s
        })
}

fn lesson(c: &mut Criterion) {
    let content = ContentSet::embedded();
    let (id, body) = longest_lesson(&content);
    // Load the syntaxes once so that the benchmark measures the layout only.
    highlight::warm_up();
    for width in [80u16, 200] {
        c.bench_function(&format!("render_lesson_{width}cols ({id})"), |b| {
            b.iter(|| black_box(render(black_box(&body), RenderOptions::new(width, true))))
        });
    }
}

fn dockerfile(c: &mut Criterion) {
    let content = ContentSet::embedded();
    let text = dockerfile_200_lines(&content);
    highlight::warm_up();
    c.bench_function("highlight_dockerfile_200_lines", |b| {
        b.iter(|| black_box(highlight::highlight(black_box(&text), "dockerfile")))
    });
    let example = content
        .examples
        .iter()
        .max_by_key(|e| e.after.text.len())
        .expect("the embedded content has examples");
    c.bench_function(&format!("parse_dockerfile ({})", example.id), |b| {
        b.iter(|| black_box(parse(black_box(&example.after.text))))
    });
    c.bench_function(
        &format!("parse_and_analyse_dockerfile ({})", example.id),
        |b| {
            b.iter(|| {
                let parsed = parse(black_box(&example.after.text));
                black_box(analyze(&parsed, None).ok())
            })
        },
    );
    c.bench_function("parse_and_analyse_dockerfile_200_lines", |b| {
        b.iter(|| {
            let parsed = parse(black_box(&text));
            black_box(analyze(&parsed, None).ok())
        })
    });
}

/// Files of `n` stages: each `FROM` the stage before with a `RUN` (one chain 10,000 deep), and
/// each on its own image copying from the stage before (10,000 `COPY --from` edges).
fn stage_chains(n: usize) -> [(&'static str, String); 2] {
    let mut from_chain = String::from("FROM busybox:1.38 AS s0\n");
    let mut copies = String::from("FROM alpine:3.24 AS s0\n");
    for i in 1..n {
        from_chain.push_str(&format!("FROM s{} AS s{i}\nRUN echo {i} > /f{i}\n", i - 1));
        copies.push_str(&format!(
            "FROM alpine:3.24 AS s{i}\nCOPY --from=s{} /x /x\n",
            i - 1
        ));
    }
    [("from_chain", from_chain), ("copy_chain", copies)]
}

fn pathological(c: &mut Criterion) {
    let mut group = c.benchmark_group("lint_10000_stages");
    group.sample_size(10);
    for (name, text) in stage_chains(10_000) {
        group.bench_function(name, |b| {
            b.iter(|| {
                let parsed = parse(black_box(&text));
                black_box(analyze(&parsed, None).ok())
            })
        });
    }
    group.finish();
}

fn content(c: &mut Criterion) {
    c.bench_function("load_embedded_content", |b| {
        b.iter(|| black_box(ContentSet::embedded()))
    });
}

criterion_group!(benches, lesson, dockerfile, pathological, content);
criterion_main!(benches);
