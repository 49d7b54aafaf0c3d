//! `stagecraft class report` on generated classes, through the real binary: the HTML report is
//! parsed and its tables and charts checked against the JSON report of the same exports; bad
//! exports are named with their position; hostile names stay text.

use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};
use stagecraft::class::html::BAR_WIDTH;
use stagecraft::class::sample::write_class_exports;
use stagecraft::class::{CourseQuestion, ReportArgs, ReportFormat, make_report};
use stagecraft::content::ContentSet;

fn stagecraft(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn course() -> Vec<CourseQuestion> {
    CourseQuestion::from_content(&ContentSet::embedded())
}

/// A folder of `students` generated exports of the embedded course.
fn class_dir(students: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let ids: Vec<String> = course().into_iter().map(|q| q.id).collect();
    write_class_exports(dir.path(), &ids, students, 42).expect("exports");
    dir
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    doc.select(&selector).collect()
}

fn cells(row: &scraper::ElementRef<'_>) -> Vec<String> {
    let td = Selector::parse("td").expect("selector");
    row.select(&td)
        .map(|c| c.text().collect::<String>())
        .collect()
}

fn json_report(dir: &Path) -> serde_json::Value {
    let (code, out, err) = stagecraft(&[
        "class",
        "report",
        &dir.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("the JSON report parses")
}

#[test]
fn html_report_is_self_contained_and_matches_the_json_report() {
    let dir = class_dir(30);
    let html_file = dir.path().join("report.html.out");
    let (code, out, err) = stagecraft(&[
        "class",
        "report",
        &dir.path().display().to_string(),
        "--format",
        "html",
        "-o",
        &html_file.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "the report went to the file: {out}");
    let json = json_report(dir.path());
    let html = std::fs::read_to_string(&html_file).expect("the report was written");
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);

    // Self-contained: inline style, no scripts, nothing loaded from elsewhere.
    assert!(select(&doc, "script").is_empty());
    assert!(select(&doc, "link, img, iframe, object, embed").is_empty());
    assert!(select(&doc, "[src], [href]").is_empty());
    assert_eq!(select(&doc, "head style").len(), 1);
    let style: String = select(&doc, "head style")[0].text().collect();
    assert!(
        !style.contains("url(") && !style.contains("@import"),
        "{style}"
    );

    let summary: String = select(&doc, "#summary")[0].text().collect();
    assert!(summary.starts_with("30 students"), "{summary}");

    // Topic table and chart: one row and one bar per topic, bars as long as the mastery.
    let topics = json["topics"].as_array().expect("topics");
    assert!(topics.len() > 5);
    let rows = select(&doc, "#topics tbody tr");
    assert_eq!(rows.len(), topics.len());
    let bars = select(&doc, "#chart-topic-mastery g.bar");
    assert_eq!(bars.len(), topics.len());
    let rect = Selector::parse("rect").expect("selector");
    for ((row, bar), topic) in rows.iter().zip(&bars).zip(topics) {
        let cells = cells(row);
        assert_eq!(cells[0], topic["topic"].as_str().expect("name"));
        let mastery = topic["mastery"].as_f64().expect("mastery");
        assert_eq!(cells[5], format!("{:.0}%", mastery * 100.0));
        let width: f64 = bar
            .select(&rect)
            .next()
            .and_then(|r| r.value().attr("width"))
            .and_then(|w| w.parse().ok())
            .expect("bar width");
        assert!(
            (width - mastery * BAR_WIDTH).abs() < 0.06,
            "{width} vs {mastery}"
        );
    }
    // Someone mastered something, and nobody everything: the bars differ.
    assert!(topics.iter().any(|t| t["mastery"].as_f64() > Some(0.0)));

    // Hardest questions, highest miss rate first, with the right answer and the plain note.
    let hardest = json["hardest"].as_array().expect("hardest");
    assert_eq!(hardest.len(), 10);
    let rows = select(&doc, "#hardest tbody tr");
    assert_eq!(rows.len(), 10);
    assert_eq!(select(&doc, "#chart-hardest g.bar").len(), 10);
    let first = cells(&rows[0]);
    assert_eq!(first[0], hardest[0]["id"].as_str().expect("id"));
    assert!(!first[3].is_empty(), "right answer shown");
    assert_eq!(first[4], "not recorded");
    let rates: Vec<f64> = hardest
        .iter()
        .map(|q| q["miss_rate"].as_f64().expect("rate"))
        .collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
    let note: String = select(&doc, "#choices-note")[0].text().collect();
    assert!(note.contains("not recorded"), "{note}");

    // Students: one row each, coverage as in the JSON.
    let rows = select(&doc, "#students tbody tr");
    assert_eq!(rows.len(), 30);
    let first = cells(&rows[0]);
    assert_eq!(first[0], "student-001");
    let student = &json["student_rows"][0];
    assert_eq!(
        first[2],
        format!(
            "{:.0}%",
            student["coverage"].as_f64().expect("coverage") * 100.0
        )
    );

    // Every answer of every export is counted once.
    let mut logged = 0;
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let export: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
            logged += export["review_log"].as_array().expect("log").len() as u64;
        }
    }
    let counted: u64 = json["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["answers"].as_u64().expect("answers"))
        .sum();
    assert_eq!(counted, logged);
    assert_eq!(
        select(&doc, "#questions tbody tr").len(),
        json["questions"].as_array().map_or(0, Vec::len)
    );
}

#[test]
fn hostile_student_names_and_content_stay_text() {
    let dir = class_dir(1);
    let hostile = "\"><img src=x onerror=alert(1)><script>alert(2)<\u{1b}]0;x";
    std::fs::rename(
        dir.path().join("student-001.json"),
        dir.path().join(format!("{hostile}.json")),
    )
    .expect("rename");
    let args = ReportArgs {
        inputs: vec![dir.path().to_path_buf()],
        format: ReportFormat::Html,
        output: None,
        skip_invalid: false,
    };
    let report = make_report(&args, &course(), &mut Vec::new()).expect("report");
    let html = stagecraft::class::html::render_html(&report);
    let doc = Html::parse_document(&html);
    assert!(select(&doc, "img, script").is_empty(), "{html}");
    assert!(!html.contains('\u{1b}'));
    let rows = select(&doc, "#students tbody tr");
    assert_eq!(
        cells(&rows[0])[0],
        hostile.replace('\u{1b}', "\u{241b}"),
        "the name is shown as text"
    );
}

#[test]
fn text_report_reaches_standard_output() {
    let dir = class_dir(3);
    let (code, out, err) = stagecraft(&["class", "report", &dir.path().display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Class report: 3 students, "), "{out}");
    assert!(out.contains("\nHardest questions\n"), "{out}");
    assert!(
        out.contains("Most chosen wrong answer: not recorded."),
        "{out}"
    );
    assert!(out.contains("student-003"), "{out}");
}

#[test]
fn broken_exports_are_named_with_their_position_and_can_be_skipped() {
    let dir = class_dir(2);
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": \"stagecraft-progress\",\n  \"version\": 1,\n  \"cards\": [\n",
    )
    .expect("write");
    let newer = dir.path().join("newer.json");
    std::fs::write(
        &newer,
        r#"{"format":"stagecraft-progress","version":99,"cards":[]}"#,
    )
    .expect("write");
    let path = dir.path().display().to_string();

    let (code, out, err) = stagecraft(&["class", "report", &path]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("2 of the exports cannot be read"), "{err}");
    assert!(
        err.contains(&format!("{}:5:1: EOF while parsing", broken.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: export format version 99", newer.display())),
        "{err}"
    );

    let (code, out, err) = stagecraft(&["class", "report", &path, "--skip-invalid"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Class report: 2 students"), "{out}");
    assert!(
        out.contains(&format!("Skipped {}", broken.display())),
        "{out}"
    );
    assert!(err.contains("stagecraft: skipped"), "{err}");

    let (code, _, err) = stagecraft(&[
        "class",
        "report",
        &broken.display().to_string(),
        "--skip-invalid",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("none of the exports can be read"), "{err}");

    let empty = tempfile::tempdir().expect("dir");
    let (code, _, err) = stagecraft(&["class", "report", &empty.path().display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("no exports found"), "{err}");
}

#[test]
fn real_exports_from_the_binary_read_back() {
    let data = tempfile::tempdir().expect("dir");
    let export = data.path().join("ann.json");
    let (code, _, err) = stagecraft(&[
        "--data-dir",
        &data.path().display().to_string(),
        "export",
        "--format",
        "json",
        "-o",
        &export.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = stagecraft(&[
        "class",
        "report",
        &export.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["students"], 1);
    assert_eq!(json["student_rows"][0]["name"], "ann");
    assert_eq!(json["student_rows"][0]["answered"], 0);
    assert_eq!(json["chosen_answers_recorded"], false);
}
