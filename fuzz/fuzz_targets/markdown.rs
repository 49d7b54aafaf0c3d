//! Fuzz the Markdown renderer: any text at any width must lay out without a panic, no line may
//! be wider than the width asked for, and no control character may reach the terminal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::markdown::{MIN_WIDTH, RenderOptions, render, slides, width};

use stagecraft::sanitize::is_dangerous;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let width = u16::from(first) + 1;
    let doc = render(&text, RenderOptions::new(width, first % 2 == 0));
    let limit = usize::from(width.max(MIN_WIDTH));
    for line in &doc.lines {
        let mut columns = 0;
        for span in &line.spans {
            assert!(
                !span.content.chars().any(is_dangerous),
                "a control character reached the output: {:?}",
                span.content
            );
            columns += width::str_width(&span.content);
        }
        assert!(columns <= limit, "a line of {columns} columns at width {limit}: {line:?}");
    }
    let _ = doc.to_plain();
    let _ = doc.to_ansi(true);
    for heading in &doc.headings {
        assert!(heading.line <= doc.lines.len());
    }
    let _ = slides::split(&text);
});
