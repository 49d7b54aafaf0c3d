//! Rendered documents kept per document, width and colour mode.
//!
//! A lesson is parsed once and laid out once per width; drawing a frame at the same width
//! costs a hash lookup. The source text is fingerprinted, so an edited lesson (live reload)
//! is parsed again under the same id.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use super::ast::Document;
use super::render::{RenderOptions, RenderedDoc};

/// How many layouts (width and colour combinations) are kept per document: enough for a
/// reader toggling a side panel or a presenter switching modes without re-rendering.
const LAYOUTS_PER_DOCUMENT: usize = 4;

#[derive(Debug)]
struct Entry {
    fingerprint: u64,
    document: Arc<Document>,
    /// Most recently used last.
    layouts: Vec<(RenderOptions, Arc<RenderedDoc>)>,
}

/// A cache of rendered documents keyed by (document id, width, colour mode).
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: HashMap<String, Entry>,
    renders: usize,
}

impl RenderCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The document `id` with source `markdown` rendered with `options`: from the cache if it
    /// was rendered before with the same source, width and colour mode.
    pub fn get(&mut self, id: &str, markdown: &str, options: RenderOptions) -> Arc<RenderedDoc> {
        let fingerprint = fingerprint(markdown);
        if self
            .entries
            .get(id)
            .is_none_or(|entry| entry.fingerprint != fingerprint)
        {
            let entry = Entry {
                fingerprint,
                document: Arc::new(Document::parse(markdown)),
                layouts: Vec::new(),
            };
            self.entries.insert(id.to_owned(), entry);
        }
        let Some(entry) = self.entries.get_mut(id) else {
            self.renders += 1;
            return Arc::new(super::render::render(markdown, options));
        };
        if let Some(position) = entry.layouts.iter().position(|(o, _)| *o == options) {
            let hit = entry.layouts.remove(position);
            let doc = Arc::clone(&hit.1);
            entry.layouts.push(hit);
            return doc;
        }
        let doc = Arc::new(entry.document.render(options));
        self.renders += 1;
        if entry.layouts.len() >= LAYOUTS_PER_DOCUMENT {
            entry.layouts.remove(0);
        }
        entry.layouts.push((options, Arc::clone(&doc)));
        doc
    }

    /// How many layouts have been computed (not served from the cache) so far.
    pub fn renders(&self) -> usize {
        self.renders
    }

    /// Forgets document `id`.
    pub fn remove(&mut self, id: &str) {
        self.entries.remove(id);
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

fn fingerprint(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = "# Lesson\n\nSome text that is long enough to wrap at narrow widths.\n";

    fn at(width: u16) -> RenderOptions {
        RenderOptions::new(width, true)
    }

    #[test]
    fn second_call_is_served_from_the_cache() {
        let mut cache = RenderCache::new();
        let first = cache.get("lesson", LESSON, at(80));
        let second = cache.get("lesson", LESSON, at(80));
        assert_eq!(cache.renders(), 1);
        assert!(Arc::ptr_eq(&first, &second));
    }

    #[test]
    fn a_new_width_or_colour_mode_renders_again() {
        let mut cache = RenderCache::new();
        cache.get("lesson", LESSON, at(80));
        let narrow = cache.get("lesson", LESSON, at(30));
        assert_eq!(cache.renders(), 2);
        assert_eq!(narrow.width, 30);
        cache.get("lesson", LESSON, RenderOptions::new(30, false));
        assert_eq!(cache.renders(), 3);
        // Back to a width seen recently: no work.
        cache.get("lesson", LESSON, at(80));
        assert_eq!(cache.renders(), 3);
    }

    #[test]
    fn documents_are_kept_apart_and_edits_are_noticed() {
        let mut cache = RenderCache::new();
        cache.get("a", LESSON, at(80));
        let b = cache.get("b", "# Other\n", at(80));
        assert_eq!(b.headings[0].title, "Other");
        assert_eq!(cache.renders(), 2);
        let edited = cache.get("a", "# Edited\n", at(80));
        assert_eq!(edited.headings[0].title, "Edited");
        assert_eq!(cache.renders(), 3);
    }

    #[test]
    fn old_layouts_are_dropped() {
        let mut cache = RenderCache::new();
        for width in 30..40 {
            cache.get("a", LESSON, at(width));
        }
        assert_eq!(cache.entries["a"].layouts.len(), LAYOUTS_PER_DOCUMENT);
        cache.remove("a");
        cache.get("a", LESSON, at(39));
        assert_eq!(cache.renders(), 11);
    }
}
