//! Fuzz the Dockerfile analyzer: any text must parse (with diagnostics, never a panic), build a
//! stage graph or a graph error, pass through every rule and be explained line by line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::dockerfile::{StageGraph, explain, parse, rules};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let dockerfile = parse(&text);
    for diagnostic in &dockerfile.diagnostics {
        let line = diagnostic.position.line;
        assert!(line >= 1 && line <= dockerfile.line_count.max(1) + 1, "{diagnostic:?}");
    }
    let Ok(graph) = StageGraph::new(&dockerfile, None) else {
        return;
    };
    for finding in rules::check(&dockerfile, &graph) {
        assert!(finding.line >= 1);
    }
    for index in 0..dockerfile.instructions.len() {
        let _ = explain::in_file(&dockerfile, &graph, index);
    }
});
