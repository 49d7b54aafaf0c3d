//! What each subcommand does, as functions that write to a given output and return an exit code.

pub mod check;
