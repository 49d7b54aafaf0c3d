//! Fuzz the content loader: the input is cut into the files of a small pack (a lesson, a quiz,
//! an example and its Dockerfile) that is loaded as a whole, cross-checks included. Any bytes
//! must give content or diagnostics, never a panic, and every diagnostic has a position.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::content::{ContentSet, Pack};

const NAMES: [&str; 5] = [
    "lessons/fuzz.md",
    "quizzes/fuzz.yaml",
    "examples/fuzz/example.yaml",
    "examples/fuzz/Dockerfile",
    "lessons/second.md",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // A line holding only `%%` starts the next file.
    let files = text
        .split("\n%%\n")
        .zip(NAMES)
        .map(|(body, name)| (name.to_owned(), body.to_owned()));
    let set = ContentSet::from_packs(&[Pack::from_files(files)]);
    for diagnostic in &set.diagnostics {
        assert!(diagnostic.line >= 1 && diagnostic.col >= 1, "{diagnostic:?}");
    }
});
