//! Every analyzer rule links to a lesson section that exists in the embedded content.

use stagecraft::content::{ContentSet, LessonLink, Origin, validate};
use stagecraft::dockerfile::RULES;

#[test]
fn every_rule_links_to_an_existing_lesson_section() {
    let content = ContentSet::embedded();
    let origin = Origin::default();
    let mut broken = Vec::new();
    for rule in RULES {
        match LessonLink::parse(rule.lesson) {
            Some(link) if link.anchor.is_some() => {
                if let Some(problem) = validate::check_link(&link, &content.lessons, &origin) {
                    broken.push(format!("{}: {}", rule.id, problem.message));
                }
            }
            _ => broken.push(format!(
                "{}: `{}` names no section (lesson-id#anchor)",
                rule.id, rule.lesson
            )),
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
