//! What each subcommand does, as functions that write to a given output.

pub mod read;
