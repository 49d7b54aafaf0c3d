use std::collections::HashMap;

use super::*;
use crate::content::{ContentSet, PackSource};

/// Renders an Anki template the way Anki does for these templates: `{{#F}}...{{/F}}` kept
/// only when field F is not empty, `{{F}}` replaced by the field.
fn render(template: &str, fields: &HashMap<&str, String>) -> String {
    let mut out = template.to_owned();
    for (name, value) in fields {
        let open = format!("{{{{#{name}}}}}");
        let close = format!("{{{{/{name}}}}}");
        while let (Some(start), Some(end)) = (out.find(&open), out.find(&close)) {
            let inner = out[start + open.len()..end].to_owned();
            let kept = if value.is_empty() {
                String::new()
            } else {
                inner
            };
            out.replace_range(start..end + close.len(), &kept);
        }
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    out
}

#[test]
fn every_kind_has_its_own_note_type_with_fitting_fields() {
    let ids: std::collections::HashSet<i64> =
        NoteKind::ALL.iter().map(|k| k.notetype_id()).collect();
    assert_eq!(ids.len(), NoteKind::ALL.len());
    assert_eq!(
        NoteKind::Single.fields(),
        [
            "Prompt",
            "Options",
            "Dockerfile",
            "Answer",
            "Explanation",
            "Lesson",
            "Id"
        ]
    );
    assert_eq!(
        NoteKind::Order.fields(),
        [
            "Prompt",
            "Items",
            "Dockerfile",
            "Order",
            "Explanation",
            "Lesson",
            "Id"
        ]
    );
    assert_eq!(
        NoteKind::TrueFalse.fields(),
        [
            "Statement",
            "Dockerfile",
            "Answer",
            "Explanation",
            "Lesson",
            "Id"
        ]
    );
    assert_eq!(NoteKind::SpotBug.fields()[2], "Wrong line");
    assert_eq!(NoteKind::Flashcard.fields()[2], "Model answer");
    let json = NoteKind::Multiple.to_json("<p>x</p>", 5, 9);
    assert_eq!(json["id"], NoteKind::Multiple.notetype_id());
    assert_eq!(json["flds"].as_array().unwrap().len(), 7);
    assert_eq!(json["flds"][1]["name"], "Options");
    assert_eq!(json["flds"][1]["ord"], 1);
    assert_eq!(
        json["tmpls"][0]["qfmt"],
        "{{Prompt}}<p>x</p>{{Options}}{{Dockerfile}}"
    );
}

#[test]
fn the_cards_render_as_the_text_export_plus_the_lesson() {
    let content = ContentSet::load(&[PackSource::Embedded]);
    let mut kinds = std::collections::HashSet::new();
    for question in content.scheduled_questions() {
        let Some(kind) = NoteKind::of(&question.kind) else {
            continue;
        };
        kinds.insert(kind);
        let values = note_fields(question, kind, Some("A <title>"));
        let names = kind.fields();
        assert_eq!(values.len(), names.len(), "{}", question.id);
        assert!(
            values.iter().all(|v| !v.contains('\u{1f}')),
            "a field holds Anki's field separator: {}",
            question.id
        );
        let fields: HashMap<&str, String> = names.iter().copied().zip(values).collect();
        let front = render(
            &kind.question_template(anki_cards::instruction(&question.kind)),
            &fields,
        );
        assert_eq!(front, anki_cards::front(question), "{}", question.id);
        let mut with_front = fields.clone();
        with_front.insert("FrontSide", front.clone());
        let back = render(&kind.answer_template(), &with_front);
        let lesson = format!(
            "<p class=\"lesson\">Lesson: <i>A &lt;title&gt;</i>{}",
            question
                .lesson
                .anchor
                .as_ref()
                .map_or_else(String::new, |a| format!(", section <code>{a}</code>"))
        );
        assert_eq!(
            back.split_once(&lesson).map(|(before, _)| before),
            Some(format!("{front}<hr id=answer>{}", anki_cards::back(question)).as_str()),
            "{}",
            question.id
        );
        assert_eq!(fields["Id"], question.id);
    }
    assert!(
        kinds.len() >= 4,
        "the embedded pack covers few kinds: {kinds:?}"
    );
}
