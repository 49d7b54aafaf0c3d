//! One Anki note type per question kind: its fields, its card template and its JSON as a
//! schema-11 collection stores it, and the field values of a question.
//!
//! The template puts the fields together the way [`crate::export::anki_cards`] builds the text
//! export's front and back (prompt, instruction, options, Dockerfile; then answer and
//! explanation), so a card looks the same whichever export it came from; the package adds the
//! lesson that teaches the answer.

use serde_json::{Value, json};

use crate::content::{Question, QuestionKind};
use crate::export::anki_cards;

/// The kinds of question that become notes (labs are done in the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteKind {
    /// One right choice.
    Single,
    /// Several right choices.
    Multiple,
    /// True or false.
    TrueFalse,
    /// A typed answer.
    Short,
    /// Items to put in order.
    Order,
    /// The wrong line of a Dockerfile.
    SpotBug,
    /// Blanks of a Dockerfile to fill.
    FillBlank,
    /// Recall and rate yourself.
    Flashcard,
}

/// Note type ids are fixed (so a second import updates the notes), below any current
/// timestamp in milliseconds (2024-12-01), one per kind.
const FIRST_NOTETYPE_ID: i64 = 1_733_011_200_000;

/// Styling shared by the note types.
const CSS: &str = ".card { font-family: sans-serif; font-size: 18px; text-align: left; \
                   color: black; background-color: white; }\n\
                   .nightMode.card { color: white; background-color: #222; }\n\
                   pre { white-space: pre-wrap; padding: 0.5em; border: 1px solid #888; }\n\
                   .lesson { font-size: 14px; opacity: 0.8; }\n";

impl NoteKind {
    /// Every kind, in note type id order.
    pub const ALL: [NoteKind; 8] = [
        NoteKind::Single,
        NoteKind::Multiple,
        NoteKind::TrueFalse,
        NoteKind::Short,
        NoteKind::Order,
        NoteKind::SpotBug,
        NoteKind::FillBlank,
        NoteKind::Flashcard,
    ];

    /// The note kind of a question kind; `None` for labs.
    pub fn of(kind: &QuestionKind) -> Option<NoteKind> {
        Some(match kind {
            QuestionKind::Single { .. } => NoteKind::Single,
            QuestionKind::Multiple { .. } => NoteKind::Multiple,
            QuestionKind::TrueFalse { .. } => NoteKind::TrueFalse,
            QuestionKind::Short { .. } => NoteKind::Short,
            QuestionKind::Order { .. } => NoteKind::Order,
            QuestionKind::SpotBug { .. } => NoteKind::SpotBug,
            QuestionKind::FillBlank { .. } => NoteKind::FillBlank,
            QuestionKind::Flashcard { .. } => NoteKind::Flashcard,
            QuestionKind::Lab(_) => return None,
        })
    }

    /// The note type's id.
    pub fn notetype_id(self) -> i64 {
        let index = NoteKind::ALL.iter().position(|k| *k == self).unwrap_or(0);
        FIRST_NOTETYPE_ID + index as i64
    }

    /// The note type's name in Anki.
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Single => "stagecraft: single choice",
            NoteKind::Multiple => "stagecraft: multiple choice",
            NoteKind::TrueFalse => "stagecraft: true or false",
            NoteKind::Short => "stagecraft: short answer",
            NoteKind::Order => "stagecraft: ordering",
            NoteKind::SpotBug => "stagecraft: spot the bug",
            NoteKind::FillBlank => "stagecraft: fill in the blank",
            NoteKind::Flashcard => "stagecraft: flashcard",
        }
    }

    /// The field that holds the options, for the kinds that have one.
    fn options_field(self) -> Option<&'static str> {
        match self {
            NoteKind::Single | NoteKind::Multiple => Some("Options"),
            NoteKind::Order => Some("Items"),
            _ => None,
        }
    }

    /// The field that holds the prompt.
    fn prompt_field(self) -> &'static str {
        match self {
            NoteKind::TrueFalse => "Statement",
            _ => "Prompt",
        }
    }

    /// The field that holds the right answer.
    fn answer_field(self) -> &'static str {
        match self {
            NoteKind::Order => "Order",
            NoteKind::SpotBug => "Wrong line",
            NoteKind::Flashcard => "Model answer",
            _ => "Answer",
        }
    }

    /// The field names, in order (the first is the sort field).
    pub fn fields(self) -> Vec<&'static str> {
        let mut fields = vec![self.prompt_field()];
        fields.extend(self.options_field());
        fields.extend([
            "Dockerfile",
            self.answer_field(),
            "Explanation",
            "Lesson",
            "Id",
        ]);
        fields
    }

    /// The question side of the card template.
    pub fn question_template(self, instruction: &str) -> String {
        let options = self
            .options_field()
            .map_or_else(String::new, |name| format!("{{{{{name}}}}}"));
        format!(
            "{{{{{}}}}}{instruction}{options}{{{{Dockerfile}}}}",
            self.prompt_field()
        )
    }

    /// The answer side of the card template.
    pub fn answer_template(self) -> String {
        format!(
            "{{{{FrontSide}}}}<hr id=answer>{{{{{}}}}}\
             {{{{#Explanation}}}}<hr>{{{{Explanation}}}}{{{{/Explanation}}}}\
             {{{{#Lesson}}}}<p class=\"lesson\">Lesson: {{{{Lesson}}}}</p>{{{{/Lesson}}}}",
            self.answer_field()
        )
    }

    /// The note type as a schema-11 collection stores it in `col.models`; `instruction` is
    /// the kind's line from [`anki_cards::instruction`], `deck_id` the deck new notes go to,
    /// `mtime` the modification time in seconds.
    pub fn to_json(self, instruction: &str, deck_id: i64, mtime: i64) -> Value {
        let fields: Vec<Value> = self
            .fields()
            .iter()
            .enumerate()
            .map(|(ord, name)| {
                json!({
                    "name": name, "ord": ord, "sticky": false, "rtl": false,
                    "font": "Arial", "size": 20, "description": "",
                    "plainText": false, "collapsed": false, "excludeFromSearch": false,
                })
            })
            .collect();
        json!({
            "id": self.notetype_id(),
            "name": self.name(),
            "type": 0,
            "mod": mtime,
            "usn": -1,
            "sortf": 0,
            "did": deck_id,
            "tmpls": [{
                "name": "Card 1", "ord": 0,
                "qfmt": self.question_template(instruction),
                "afmt": self.answer_template(),
                "bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0,
            }],
            "flds": fields,
            "css": CSS,
            "latexPre": "",
            "latexPost": "",
            "latexsvg": false,
            "req": [[0, "any", [0]]],
            "tags": [],
            "vers": [],
        })
    }
}

/// The field values of a question's note, in the order of [`NoteKind::fields`]; `lesson_title`
/// is the title of the lesson the question links to, if it is loaded.
pub fn note_fields(question: &Question, kind: NoteKind, lesson_title: Option<&str>) -> Vec<String> {
    let mut fields = vec![anki_cards::prompt(question)];
    if kind.options_field().is_some() {
        fields.push(anki_cards::options(question));
    }
    fields.extend([
        anki_cards::dockerfile(question),
        anki_cards::answer(question),
        anki_cards::explanation(question),
        lesson_field(question, lesson_title),
        anki_cards::escape(&question.id),
    ]);
    fields
}

/// The lesson that teaches the answer: its title (or id), its section, and the command that
/// opens it.
fn lesson_field(question: &Question, title: Option<&str>) -> String {
    let link = &question.lesson;
    let mut html = format!(
        "<i>{}</i>",
        anki_cards::escape(title.unwrap_or(&link.lesson))
    );
    if let Some(anchor) = &link.anchor {
        html.push_str(&format!(
            ", section <code>{}</code>",
            anki_cards::escape(anchor)
        ));
    }
    html.push_str(&format!(
        " (<code>stagecraft read {}</code>)",
        anki_cards::escape(&link.lesson)
    ));
    html
}

#[cfg(test)]
mod tests;
