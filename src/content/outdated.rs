//! The outdated-image check of `stagecraft check`: a warning, at `path:line:col`, for every image
//! that content recommends while the image catalog marks it deprecated or end-of-life.
//!
//! What counts as recommending: a lesson's code block, an example's "after" Dockerfile, a lab's
//! solution, and a question's accepted answer (the right choices, accepted short answers, the
//! items of an order question, the blanks and Dockerfile of a fill-in question, a flashcard's
//! model answer). Prose, "before" files and spot-the-bug Dockerfiles may name old images to say
//! why they are old. A deliberate bad example is marked: a code fence whose info string holds
//! the word `outdated-ok` (```` ```dockerfile outdated-ok ````), or a question with the tag
//! `outdated-ok`.

use super::diagnostic::{Diagnostic, Origin};
use super::model::{Example, Lesson, Question, QuestionKind};
use crate::dockerfile::image_catalog::{ImageCatalog, ImageFacts};
use crate::dockerfile::{Base, StageGraph, parse};

/// The word that marks a code block or question as a deliberate bad example.
pub const MARK: &str = "outdated-ok";

/// Every outdated image recommended by these lessons, questions and examples.
pub fn check(
    catalog: &ImageCatalog,
    lessons: &[Lesson],
    questions: &[Question],
    examples: &[Example],
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for lesson in lessons {
        warnings.extend(lesson_code_blocks(catalog, lesson));
    }
    for example in examples {
        let file = &example.after;
        warnings.extend(dockerfile_images(catalog, &file.text).into_iter().map(
            |(line, col, reference, facts)| {
                warning(
                    &file.path,
                    line,
                    col,
                    &reference,
                    &facts,
                    "an \"after\" file",
                )
            },
        ));
    }
    for question in questions {
        if question.tags.iter().any(|t| t == MARK) {
            continue;
        }
        warnings.extend(question_answers(catalog, question));
    }
    warnings
}

/// The warning for one image.
fn warning(
    path: &str,
    line: usize,
    col: usize,
    reference: &str,
    facts: &ImageFacts,
    place: &str,
) -> Diagnostic {
    let mut message = format!(
        "{place} recommends `{reference}`, which is {}",
        facts.status().as_str()
    );
    if let Some(date) = &facts.end_of_life {
        message.push_str(&format!(" since {date}"));
    }
    if let Some(replacement) = &facts.replacement {
        message.push_str(&format!("; use {replacement}"));
    }
    message.push_str(&format!(
        " (a deliberate bad example: mark it `{MARK}`, see docs/authoring.md)"
    ));
    Diagnostic::warning(path, line, col, message)
}

/// A fenced code block of a lesson.
struct CodeBlock {
    /// The line (in the lesson file) of the block's first line of code.
    first_line: usize,
    /// The fence's language word, lower case.
    language: String,
    /// Whether the info string holds [`MARK`].
    marked: bool,
    /// The code.
    text: String,
}

/// The fenced code blocks of a lesson body.
fn code_blocks(lesson: &Lesson) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<(char, usize, CodeBlock)> = None;
    for (index, line) in lesson.body.lines().enumerate() {
        let line_number = lesson.body_line + index;
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence = trimmed
            .chars()
            .next()
            .filter(|c| matches!(c, '`' | '~'))
            .map(|c| (c, trimmed.chars().take_while(|x| *x == c).count()));
        match (&mut open, fence) {
            (None, Some((c, n))) if n >= 3 && indent < 4 => {
                let info = &trimmed[n..];
                let block = CodeBlock {
                    first_line: line_number + 1,
                    language: info
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    marked: info.split_whitespace().any(|w| w == MARK),
                    text: String::new(),
                };
                open = Some((c, n, block));
            }
            (Some((c, n, _)), Some((d, m)))
                if *c == d && m >= *n && trimmed[m..].trim().is_empty() =>
            {
                if let Some((_, _, block)) = open.take() {
                    blocks.push(block);
                }
            }
            (Some((_, _, block)), _) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

/// The outdated images in a piece of code, with their 1-based line and column in it: words
/// shaped like image references on every line and, for a Dockerfile, the stage bases after
/// `ARG` expansion.
fn outdated_in_code(
    catalog: &ImageCatalog,
    text: &str,
    is_dockerfile: bool,
) -> Vec<(usize, usize, String, ImageFacts)> {
    let mut found: Vec<(usize, usize, String, ImageFacts)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for (col, reference, facts) in outdated_in_line(catalog, line) {
            found.push((index + 1, col, reference, facts));
        }
    }
    if is_dockerfile {
        for hit in dockerfile_images(catalog, text) {
            if !found.iter().any(|f| f.0 == hit.0 && f.2 == hit.2) {
                found.push(hit);
            }
        }
    }
    found.sort_by_key(|f| (f.0, f.1));
    found
}

/// The images named in a lesson's code blocks, except in blocks marked [`MARK`].
fn lesson_code_blocks(catalog: &ImageCatalog, lesson: &Lesson) -> Vec<Diagnostic> {
    code_blocks(lesson)
        .into_iter()
        .filter(|block| !block.marked)
        .flat_map(|block| {
            let is_dockerfile = block.language == "dockerfile";
            outdated_in_code(catalog, &block.text, is_dockerfile)
                .into_iter()
                .map(move |(line, col, reference, facts)| {
                    warning(
                        &lesson.origin.path,
                        block.first_line + line - 1,
                        col,
                        &reference,
                        &facts,
                        "a code block",
                    )
                })
        })
        .collect()
}

/// The outdated images a question's accepted answers name.
fn question_answers(catalog: &ImageCatalog, question: &Question) -> Vec<Diagnostic> {
    let mut texts: Vec<&str> = Vec::new();
    let mut dockerfiles: Vec<&str> = Vec::new();
    match &question.kind {
        QuestionKind::Single { choices, answer } => {
            texts.extend(choices.get(*answer).map(String::as_str))
        }
        QuestionKind::Multiple { choices, answers } => texts.extend(
            answers
                .iter()
                .filter_map(|a| choices.get(*a))
                .map(String::as_str),
        ),
        QuestionKind::Short { accepted } => texts.extend(accepted.iter().map(String::as_str)),
        QuestionKind::Order { items } => texts.extend(items.iter().map(String::as_str)),
        QuestionKind::FillBlank { blanks } => {
            texts.extend(blanks.iter().flatten().map(String::as_str));
            dockerfiles.extend(question.dockerfile.as_deref());
        }
        QuestionKind::Flashcard { model_answer } => texts.push(model_answer),
        QuestionKind::Lab(lab) => dockerfiles.extend(lab.solution.as_deref()),
        QuestionKind::TrueFalse { .. } | QuestionKind::SpotBug { .. } => {}
    }
    let place = format!("question `{}`", question.id);
    let origin: &Origin = &question.origin;
    let mut found: Vec<(String, ImageFacts)> = Vec::new();
    let hits = texts
        .iter()
        .flat_map(|text| outdated_in_code(catalog, text, false))
        .chain(
            dockerfiles
                .iter()
                .flat_map(|text| outdated_in_code(catalog, text, true)),
        );
    for (_, _, reference, facts) in hits {
        if !found.iter().any(|(r, _)| *r == reference) {
            found.push((reference, facts));
        }
    }
    found
        .into_iter()
        .map(|(reference, facts)| {
            warning(
                &origin.path,
                origin.line,
                origin.col,
                &reference,
                &facts,
                &place,
            )
        })
        .collect()
}

/// The base images of a Dockerfile's stages (after ARG expansion) and the images `COPY --from`
/// reads, which the catalog marks outdated, with their line and column.
fn dockerfile_images(
    catalog: &ImageCatalog,
    text: &str,
) -> Vec<(usize, usize, String, ImageFacts)> {
    let dockerfile = parse(text);
    let Ok(graph) = StageGraph::new(&dockerfile, None) else {
        return Vec::new();
    };
    let lines: Vec<&str> = text.lines().collect();
    let column = |line: usize, needle: &str| {
        lines
            .get(line.wrapping_sub(1))
            .and_then(|l| l.find(needle).map(|i| l[..i].chars().count() + 1))
            .unwrap_or(1)
    };
    let mut found = Vec::new();
    for stage in &graph.stages {
        let Base::Image { reference } = &stage.base else {
            continue;
        };
        if let Some(facts) = outdated(catalog, reference) {
            let col = column(stage.line, &stage.base_written);
            found.push((stage.line, col, reference.clone(), facts));
        }
    }
    for instruction in &dockerfile.instructions {
        let Some(from) = instruction.flag_value("from") else {
            continue;
        };
        if !from.contains([':', '/', '@']) {
            continue;
        }
        if let Some(facts) = outdated(catalog, from) {
            let line = instruction.span.start;
            found.push((line, column(line, from), from.to_owned(), facts));
        }
    }
    found
}

/// The catalog's facts about `reference` when it is outdated.
fn outdated(catalog: &ImageCatalog, reference: &str) -> Option<ImageFacts> {
    catalog
        .lookup_reference(reference)
        .filter(|facts| facts.status().is_outdated())
}

/// The outdated image references in one line of a code block, with their 1-based columns: the
/// word after `FROM` and any word shaped like `name:tag` or `registry/path`.
fn outdated_in_line(catalog: &ImageCatalog, line: &str) -> Vec<(usize, String, ImageFacts)> {
    let mut found = Vec::new();
    let mut after_from = false;
    let mut offset = 0;
    for word in line.split_whitespace() {
        let start = line[offset..].find(word).map_or(offset, |i| offset + i);
        offset = start + word.len();
        if word.eq_ignore_ascii_case("from") {
            after_from = true;
            continue;
        }
        if after_from && word.starts_with("--") {
            continue;
        }
        let was_after_from = std::mem::take(&mut after_from);
        let value = word.strip_prefix("--from=").unwrap_or(word);
        let trimmed = value.trim_matches(|c: char| "\"'`,;()[]{}".contains(c));
        let shaped = trimmed.contains([':', '/']) || was_after_from;
        if !shaped || !looks_like_reference(trimmed) {
            continue;
        }
        if let Some(facts) = outdated(catalog, trimmed) {
            let lead = value.find(trimmed).unwrap_or(0) + (word.len() - value.len());
            let col = line[..start + lead].chars().count() + 1;
            found.push((col, trimmed.to_owned(), facts));
        }
    }
    found
}

/// Letters, digits and `._-/:@`, not a path or URL.
fn looks_like_reference(word: &str) -> bool {
    !word.is_empty()
        && !word.starts_with(['/', '.', '-', ':'])
        && !word.contains("://")
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/:@".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::images;

    fn words(line: &str) -> Vec<(usize, String)> {
        outdated_in_line(images::embedded(), line)
            .into_iter()
            .map(|(col, r, _)| (col, r))
            .collect()
    }

    #[test]
    fn finds_outdated_references_in_a_line() {
        assert_eq!(
            words("FROM gcr.io/distroless/python3-debian12"),
            vec![(6, "gcr.io/distroless/python3-debian12".to_owned())]
        );
        assert_eq!(
            words("  FROM --platform=$BUILDPLATFORM openjdk:17-slim AS build"),
            vec![(34, "openjdk:17-slim".to_owned())]
        );
        assert_eq!(
            words("COPY --from=nginx:1.27-alpine /etc/nginx /etc/nginx"),
            vec![(13, "nginx:1.27-alpine".to_owned())]
        );
        assert_eq!(
            words("docker run --rm \"golang:1.22\" go version"),
            vec![(18, "golang:1.22".to_owned())]
        );
        assert!(words("FROM gcr.io/distroless/static-debian13:nonroot").is_empty());
        assert!(words("FROM python:3.13-slim-trixie AS build").is_empty());
        assert!(words("COPY ./src /usr/src/app").is_empty());
        assert!(words("see https://gcr.io/distroless/base-debian10").is_empty());
    }

    #[test]
    fn dockerfile_blocks_expand_arg_defaults() {
        let text = "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-bookworm-slim\n";
        let found = outdated_in_code(images::embedded(), text, true);
        assert_eq!(
            found.len(),
            1,
            "{:?}",
            found.iter().map(|f| &f.2).collect::<Vec<_>>()
        );
        assert_eq!((found[0].0, found[0].1), (2, 6));
        assert_eq!(found[0].2, "node:20-bookworm-slim");
        assert!(outdated_in_code(images::embedded(), text, false).is_empty());
    }

    #[test]
    fn after_files_are_checked_stage_by_stage() {
        let text = "ARG BASE=gcr.io/distroless/base-debian11\nFROM golang:1.27-trixie AS build\nFROM ${BASE}\nCOPY --from=build /app /app\n";
        let found = dockerfile_images(images::embedded(), text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 3);
        assert_eq!(found[0].2, "gcr.io/distroless/base-debian11");
    }
}
