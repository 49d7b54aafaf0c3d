//! `stagecraft lessons`: the lessons with their reading time and this profile's progress.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::content::ContentSet;
use crate::sanitize::inert_line;
use crate::store::LessonProgress;

/// Writes one line per lesson: id, title, minutes and how far it was read.
pub fn run(
    content: &ContentSet,
    progress: &HashMap<String, LessonProgress>,
    out: &mut impl Write,
) -> io::Result<()> {
    let id_width = content
        .lessons
        .iter()
        .map(|l| l.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let title_width = content
        .lessons
        .iter()
        .map(|l| l.title.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 60);
    writeln!(
        out,
        "{:id_width$}  {:title_width$}  {:>7}  progress",
        "id", "title", "minutes"
    )?;
    for lesson in &content.lessons {
        let read = match progress.get(&lesson.id) {
            Some(p) if p.percent >= 100.0 => "read".to_owned(),
            Some(p) => format!("{:.0}%", p.percent),
            None => "-".to_owned(),
        };
        let title: String = inert_line(&lesson.title)
            .chars()
            .take(title_width)
            .collect();
        writeln!(
            out,
            "{:id_width$}  {title:title_width$}  {:>7}  {read}",
            inert_line(&lesson.id),
            lesson.minutes
        )?;
    }
    Ok(())
}
