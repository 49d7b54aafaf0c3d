//! stagecraft: learn multi-stage Docker builds and distroless images in the terminal.
//!
//! The library holds all logic; `main.rs` is a thin binary over [`cli`]. Data flows one way:
//! files -> [`content`] model -> screens; key press -> action -> state update -> draw.

pub mod class;
pub mod cli;
pub mod commands;
pub mod content;
pub mod dockerfile;
pub mod engine;
pub mod export;
pub mod highlight;
pub mod lab;
pub mod markdown;
pub mod regular_file;
pub mod sanitize;
pub mod srs;
pub mod store;
pub mod tui;
