use std::collections::{HashMap, HashSet};

use super::*;
use crate::commands::{QuestionMeta, export_bytes};
use crate::content::{ContentSet, LessonLink, Origin, PackSource};
use crate::export::ExportFormat;
use crate::store::Store;

fn question(id: &str, kind: QuestionKind, dockerfile: Option<&str>) -> Question {
    Question {
        id: id.into(),
        prompt: "Which **stage**\nis final?".into(),
        dockerfile: dockerfile.map(str::to_owned),
        topic: "t".into(),
        tags: Vec::new(),
        lesson: LessonLink {
            lesson: "l".into(),
            anchor: None,
        },
        explanation: "The last `FROM`\nwins, <b>unless</b>:\n\n```dockerfile\nFROM a\nFROM b\n```"
            .into(),
        kind,
        independent: Vec::new(),
        origin: Origin::default(),
    }
}

#[test]
fn markdown_becomes_one_line_of_html_without_soft_breaks_or_raw_html() {
    let q = question("q", QuestionKind::TrueFalse { correct: true }, None);
    let front = front(&q);
    assert_eq!(
        front,
        "<p>Which <strong>stage</strong> is final?</p><p><i>True or false?</i></p>"
    );
    let back = back(&q);
    assert_eq!(
        back,
        "<p><b>True</b></p><hr><p>The last <code>FROM</code> wins, &lt;b&gt;unless&lt;/b&gt;:</p>\
         <pre><code class=\"language-dockerfile\">FROM a<br>FROM b<br></code></pre>"
    );
}

#[test]
fn choices_are_lettered_on_the_front_and_the_answer_names_its_letter() {
    let q = question(
        "q",
        QuestionKind::Single {
            choices: vec!["`scratch`".into(), "alpine <3.20>".into()],
            answer: 1,
        },
        None,
    );
    assert!(
        front(&q).ends_with(
            "<ol type=\"A\"><li><code>scratch</code></li><li>alpine &lt;3.20&gt;</li></ol>"
        ),
        "{}",
        front(&q)
    );
    assert!(
        back(&q).starts_with("<p><b>B. alpine &lt;3.20&gt;</b></p>"),
        "{}",
        back(&q)
    );
}

#[test]
fn ordering_items_are_shuffled_on_the_front_and_in_order_on_the_back() {
    for n in 2..8 {
        let items: Vec<String> = (0..n).map(|i| format!("step {i}")).collect();
        let q = question(
            &format!("order-{n}"),
            QuestionKind::Order {
                items: items.clone(),
            },
            None,
        );
        let in_order: String = items.iter().map(|i| format!("<li>{i}</li>")).collect();
        assert!(!front(&q).contains(&in_order), "{}", front(&q));
        for item in &items {
            assert!(front(&q).contains(&format!("<li>{item}</li>")));
        }
        assert!(
            back(&q).starts_with(&format!("<ol>{in_order}</ol>")),
            "{}",
            back(&q)
        );
    }
}

#[test]
fn spot_the_bug_numbers_the_lines_and_the_back_quotes_the_wrong_one() {
    let dockerfile =
        "FROM golang:1.23 AS build\nRUN go build -o /app\tx\nFROM scratch\nCOPY /app /app\n";
    let q = question("q", QuestionKind::SpotBug { line: 4 }, Some(dockerfile));
    assert!(
        front(&q).ends_with(
            "<pre>1  FROM golang:1.23 AS build<br>2  RUN go build -o /app&#9;x<br>\
             3  FROM scratch<br>4  COPY /app /app</pre>"
        ),
        "{}",
        front(&q)
    );
    assert!(back(&q).starts_with("<p><b>Line 4:</b></p><pre>COPY /app /app</pre>"));
    let short = question(
        "s",
        QuestionKind::Short {
            accepted: vec!["x".into()],
        },
        Some("FROM a\nRUN <b>"),
    );
    assert!(
        front(&short).ends_with("<pre>FROM a<br>RUN &lt;b&gt;</pre>"),
        "{}",
        front(&short)
    );
}

/// Reads an exported file the way Anki's text importer does: `#key:value` header lines up to
/// the first other line, then one record per line split on the separator, where a field that
/// starts with `"` would be a quoted field (so none may), and every record must have the
/// number of columns the header names. Returns the headers and the records.
fn parse_like_anki(text: &str) -> (HashMap<String, String>, Vec<Vec<String>>) {
    let mut headers = HashMap::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next_if(|l| l.starts_with('#')) {
        let (key, value) = line[1..].split_once(':').expect("a header is #key:value");
        headers.insert(key.to_owned(), value.to_owned());
    }
    assert_eq!(headers["separator"], "tab");
    let columns = headers["columns"].split('\t').count();
    let records: Vec<Vec<String>> = lines
        .map(|line| {
            let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
            assert_eq!(fields.len(), columns, "{line}");
            for field in &fields {
                assert!(!field.starts_with('"'), "a quoted field: {field}");
                assert!(
                    !field.chars().any(char::is_control),
                    "a control character: {field:?}"
                );
            }
            fields
        })
        .collect();
    (headers, records)
}

#[test]
fn the_embedded_questions_export_as_notes_anki_can_read() {
    let content = ContentSet::load(&[PackSource::Embedded]);
    let questions = QuestionMeta::from_content(&content);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), "default").unwrap();
    let bytes = export_bytes(
        &store,
        &questions,
        ExportFormat::AnkiTsv,
        chrono::Utc::now(),
    )
    .unwrap();
    let (headers, records) = parse_like_anki(&String::from_utf8(bytes).unwrap());
    assert_eq!(headers["html"], "true");
    assert_eq!(headers["notetype"], "Basic");
    assert_eq!(headers["deck"], "stagecraft");
    assert_eq!(headers["columns"], "Front\tBack\tTags\tGUID");
    assert_eq!(headers["tags column"], "3");
    assert_eq!(headers["guid column"], "4");
    assert_eq!(records.len(), questions.len());
    let guids: HashSet<&str> = records.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(guids.len(), records.len(), "guids are unique");

    let by_guid: HashMap<&str, &Vec<String>> = records.iter().map(|r| (r[3].as_str(), r)).collect();
    let mut kinds_seen = HashSet::new();
    for q in content.scheduled_questions() {
        let record = by_guid[format!("stagecraft-{}", q.id).as_str()];
        let (front, back) = (&record[0], &record[1]);
        match &q.kind {
            QuestionKind::Single { choices, .. } | QuestionKind::Multiple { choices, .. } => {
                assert!(front.contains("<ol type=\"A\">"), "{front}");
                assert_eq!(front.matches("<li>").count(), choices.len(), "{front}");
            }
            QuestionKind::Order { items } => {
                assert_eq!(front.matches("<li>").count(), items.len(), "{front}");
            }
            QuestionKind::SpotBug { .. } => {
                let numbered = front.split("<pre>").nth(1).unwrap_or("");
                assert!(numbered.trim_start().starts_with("1  "), "{front}");
            }
            _ => {}
        }
        if q.dockerfile.is_some() {
            assert!(front.contains("<pre>"), "{front}");
        }
        assert!(
            front.starts_with('<') && back.starts_with('<'),
            "{front} / {back}"
        );
        kinds_seen.insert(q.kind.name());
    }
    for kind in ["single", "order", "spot_bug"] {
        assert!(
            kinds_seen.contains(kind),
            "the embedded pack has no {kind} question"
        );
    }
}
