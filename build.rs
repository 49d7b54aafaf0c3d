//! Rebuilds the binary when the embedded content changes.

fn main() {
    for dir in ["lessons", "quizzes", "examples"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
