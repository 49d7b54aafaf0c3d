//! Exporting progress: a JSON document with every card state and the full review log
//! ([`json`]), an Anki-importable tab-separated file of the questions ([`anki_tsv`]), and an
//! Anki package with the questions, their scheduling and the review log ([`apkg`]).

pub mod anki_cards;
pub mod anki_tsv;
pub mod apkg;
pub mod import;
pub mod json;

pub use anki_tsv::{ExportCard, write_anki_tsv};
pub use json::{ExportedLab, JsonExport, build_json_export, exported_labs};

/// Output formats of `stagecraft export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Card states and the full review log as JSON.
    Json,
    /// Flashcards for Anki's text importer: HTML front and back, tags and a guid per note.
    AnkiTsv,
    /// An Anki package (.apkg, needs --output or a redirect): a note type per question kind,
    /// a deck per topic, the learner's scheduling and review log.
    Apkg,
}
