//! `stagecraft view ID|FILE`: what the viewer is asked to open, an example of the content by
//! id or any Dockerfile by path, and the error for an id that names neither.

use std::path::{Path, PathBuf};

/// What `view` was asked to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewRef {
    /// A Dockerfile on disk.
    File(PathBuf),
    /// An example of the loaded content, by id.
    Example(String),
}

impl ViewRef {
    /// A file when the argument names an existing file or contains a path separator; an
    /// example id otherwise.
    pub fn parse(arg: &Path) -> ViewRef {
        let has_separator = arg.components().count() > 1;
        // Anything there but a folder is the file meant (a pipe or a device too, so that it
        // is reported as what it is, not as an unknown example).
        let names_a_file = arg.exists() && !arg.is_dir();
        match arg.to_str() {
            Some(id) if !has_separator && !names_a_file => ViewRef::Example(id.to_owned()),
            _ => ViewRef::File(arg.to_path_buf()),
        }
    }
}

/// How many close ids an error suggests at most.
const SUGGESTIONS: usize = 5;

/// The message for an argument that is neither an example id nor a file: the ids closest to
/// it, or every id when none is close.
pub fn unknown_example(arg: &str, ids: &[&str]) -> String {
    let close = close_ids(arg, ids);
    let (label, listed) = if close.is_empty() {
        ("examples are", ids.to_vec())
    } else {
        ("did you mean", close)
    };
    format!(
        "no example with id `{arg}` and no file of that name; {label}: {}",
        listed.join(", ")
    )
}

/// The ids within a few edits of `arg`, or sharing a word with it, closest first.
pub fn close_ids<'a>(arg: &str, ids: &[&'a str]) -> Vec<&'a str> {
    let arg = arg.to_lowercase();
    let words: Vec<&str> = arg.split(['-', '_', ' ']).filter(|w| w.len() > 1).collect();
    let mut ranked: Vec<(usize, &'a str)> = ids
        .iter()
        .filter_map(|&id| {
            let distance = edit_distance(&arg, id);
            let shares_word = id.split('-').any(|part| words.contains(&part));
            let close = distance <= (arg.chars().count() / 3).max(2)
                || shares_word
                || id.contains(arg.as_str());
            close.then_some((distance, id))
        })
        .collect();
    ranked.sort();
    ranked
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, id)| id)
        .collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 4] = [
        "go-scratch",
        "go-cgo-glibc",
        "node-distroless",
        "three-tier",
    ];

    #[test]
    fn ids_and_paths() {
        assert_eq!(
            ViewRef::parse(Path::new("go-scratch")),
            ViewRef::Example("go-scratch".to_owned())
        );
        assert_eq!(
            ViewRef::parse(Path::new("dir/Dockerfile")),
            ViewRef::File(PathBuf::from("dir/Dockerfile"))
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Dockerfile");
        std::fs::write(&file, "FROM scratch\n").unwrap();
        assert_eq!(ViewRef::parse(&file), ViewRef::File(file.clone()));
    }

    #[test]
    fn close_ids_are_suggested_closest_first() {
        assert_eq!(close_ids("go-scrach", &IDS), ["go-scratch", "go-cgo-glibc"]);
        assert_eq!(close_ids("node", &IDS), ["node-distroless"]);
        assert_eq!(close_ids("zzzzzz", &IDS), Vec::<&str>::new());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_error_lists_close_ids_or_all() {
        assert_eq!(
            unknown_example("tree-tier", &IDS),
            "no example with id `tree-tier` and no file of that name; did you mean: three-tier"
        );
        assert!(
            unknown_example("zzzzzz", &IDS)
                .ends_with("examples are: go-scratch, go-cgo-glibc, node-distroless, three-tier")
        );
    }
}
