//! How the binary reports a failed command: one line, each cause once, nothing a terminal
//! could act on; and a closed output pipe is not reported at all.

use std::error::Error;
use std::io;

use crate::sanitize::inert_line;

/// Whether the failure is a write to a closed pipe (`stagecraft export | head`): the reader
/// has what it wanted, so the command ends quietly and successfully.
pub fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes joined with `: `, leaving out a cause whose text is already in
/// the message (many errors print their cause themselves and also expose it as their
/// source), on one line with control characters made visible: a path or profile name can
/// hold escape sequences.
pub fn error_message(err: &anyhow::Error) -> String {
    joined(err.chain())
}

fn joined<'a>(chain: impl Iterator<Item = &'a (dyn Error + 'static)>) -> String {
    let mut message = String::new();
    for cause in chain {
        let text = cause.to_string();
        if text.is_empty() || message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    inert_line(&message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read {path}: {source}")]
    struct Repeats {
        path: String,
        source: io::Error,
    }

    #[derive(Debug, thiserror::Error)]
    #[error("cannot write the lesson")]
    struct Wraps(#[source] io::Error);

    fn not_found() -> io::Error {
        io::Error::from(io::ErrorKind::NotFound)
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let err = anyhow::Error::new(Repeats {
            path: "x.md".to_owned(),
            source: not_found(),
        });
        let cause = not_found().to_string();
        assert_eq!(error_message(&err), format!("cannot read x.md: {cause}"));
        // A cause the message does not show is still given.
        let err = anyhow::Error::new(Wraps(not_found()));
        assert_eq!(
            error_message(&err),
            format!("cannot write the lesson: {cause}")
        );
        let err = anyhow::Error::new(not_found()).context("opening the store");
        assert_eq!(error_message(&err), format!("opening the store: {cause}"));
    }

    #[test]
    fn control_characters_are_made_visible() {
        let err = anyhow::Error::new(Repeats {
            path: "evil\u{1b}]0;title\u{7}\n.md".to_owned(),
            source: not_found(),
        });
        let message = error_message(&err);
        assert!(!message.chars().any(|c| c.is_control()), "{message:?}");
        assert!(
            message.contains("evil\u{241b}]0;title\u{2407} .md"),
            "{message:?}"
        );
    }

    #[test]
    fn closed_pipes_are_found_anywhere_in_the_chain() {
        let pipe = || io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(is_closed_pipe(&anyhow::Error::new(pipe())));
        assert!(is_closed_pipe(&anyhow::Error::new(Wraps(pipe()))));
        assert!(is_closed_pipe(
            &anyhow::Error::new(Wraps(pipe())).context("export")
        ));
        assert!(!is_closed_pipe(&anyhow::Error::new(Wraps(not_found()))));
    }
}
