//! Fuzz the content loader: any bytes as a quiz file and as a lesson file must give
//! questions or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft::content::{lesson, quiz};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = quiz::parse("fuzz.yaml", &text);
    let _ = lesson::parse("fuzz.md", &text);
});
