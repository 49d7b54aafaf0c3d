//! `stagecraft class report` on 500 generated students' exports of the embedded course (made
//! by `stagecraft::class::sample` through the real scheduler and exporter, once, then reused
//! for 12 hours): reading and combining them, and rendering the HTML report.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use stagecraft::class::sample::write_class_exports;
use stagecraft::class::{CourseQuestion, ReportArgs, ReportFormat, make_report, render};
use stagecraft::content::ContentSet;

const STUDENTS: usize = 500;

/// The folder of generated exports, made if missing or older than 12 hours.
fn class_dir(course: &[CourseQuestion]) -> PathBuf {
    let dir = std::env::temp_dir().join("stagecraft-bench-class-500");
    let last = dir.join(format!("student-{STUDENTS:03}.json"));
    let fresh = std::fs::metadata(&last)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age < Duration::from_secs(12 * 3600));
    if !fresh {
        eprintln!("generating {STUDENTS} exports in {}", dir.display());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("bench folder");
        let ids: Vec<String> = course.iter().map(|q| q.id.clone()).collect();
        write_class_exports(&dir, &ids, STUDENTS, 7).expect("exports");
    }
    dir
}

fn class_report(c: &mut Criterion) {
    let course = CourseQuestion::from_content(&ContentSet::embedded());
    let dir = class_dir(&course);
    let args = ReportArgs {
        inputs: vec![dir],
        format: ReportFormat::Html,
        output: None,
        skip_invalid: false,
    };
    let mut group = c.benchmark_group("class_report");
    group.sample_size(10);
    group.bench_function("read_and_combine_500_exports", |b| {
        b.iter(|| black_box(make_report(&args, &course, &mut std::io::sink()).expect("report")))
    });
    let report = make_report(&args, &course, &mut std::io::sink()).expect("report");
    group.bench_function("render_html_500_students", |b| {
        b.iter(|| black_box(render(&report, ReportFormat::Html)))
    });
    group.finish();
}

criterion_group!(benches, class_report);
criterion_main!(benches);
