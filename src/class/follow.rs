//! How the audience view and the presenter view of one talk follow each other: a small JSON
//! file in the data directory (`present/<lesson>.json`) that says where the talk is. A view
//! writes it (atomically, by renaming a finished file into place) each time it moves, and
//! reads it on every tick of its event loop; no socket, no network.
//!
//! Each write carries a sequence number and the writer's name. A view applies any state whose
//! (sequence, writer) differs from the last it wrote or applied, so when both views move at
//! the same moment, the file keeps one of the two moves and both views end up showing it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::commands::write_atomically;

/// The version of the channel file's format.
pub const VERSION: u32 = 1;

/// A view joins a talk whose file was written less than this long ago; an older file is a
/// talk that is over, and the new view starts again from the first slide.
pub const JOIN_WITHIN: Duration = Duration::hours(2);

/// Where a talk is: the slide, the step of its Dockerfile walk, the question shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The slide, 0-based.
    pub slide: usize,
    /// The step of the slide's build walk-through, 0-based; `None` before the first.
    pub step: Option<usize>,
    /// The quiz question shown over the slides, if any.
    pub quiz: Option<QuizPosition>,
}

/// A quiz question as the class sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizPosition {
    /// The question's place among the lesson's questions, 0-based.
    pub index: usize,
    /// Whether the choices are shown (hidden while the class discusses the question).
    pub choices: bool,
    /// Whether the answer is shown.
    pub revealed: bool,
    /// The show of hands per choice, once the teacher has typed it (empty before).
    pub tally: Vec<u32>,
}

/// The channel file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Talk {
    /// [`VERSION`].
    pub version: u32,
    /// The lesson presented.
    pub lesson: String,
    /// When the talk began (the views' clocks count from here).
    #[serde(with = "crate::srs::time_serde::required")]
    pub started: DateTime<Utc>,
    /// When this state was written.
    #[serde(with = "crate::srs::time_serde::required")]
    pub updated: DateTime<Utc>,
    /// Which view wrote it (process id and view).
    pub writer: String,
    /// Increases with every write.
    pub seq: u64,
    /// Where the talk is.
    pub position: Position,
}

/// One view's end of the channel of a talk.
#[derive(Debug)]
pub struct Channel {
    path: PathBuf,
    lesson: String,
    writer: String,
    /// The (sequence, writer) last written or applied by this view.
    last: Option<(u64, String)>,
}

impl Channel {
    /// The channel of the talk on `lesson` in `data_dir`, for a view called `view`; creates
    /// the folder. Nothing is read or written yet.
    pub fn open(data_dir: &Path, lesson: &str, view: &str) -> io::Result<Self> {
        let dir = data_dir.join("present");
        fs::create_dir_all(&dir)?;
        Ok(Self {
            path: dir.join(format!("{}.json", file_stem(lesson))),
            lesson: lesson.to_owned(),
            writer: format!("{}-{view}", std::process::id()),
            last: None,
        })
    }

    /// The channel file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The talk to join when a view opens: the file's state when it is about this lesson and
    /// was written within [`JOIN_WITHIN`] of `now`.
    pub fn join(&mut self, now: DateTime<Utc>) -> Option<Talk> {
        let talk = self.read_file()?;
        if talk.lesson != self.lesson || now - talk.updated > JOIN_WITHIN {
            return None;
        }
        self.last = Some((talk.seq, talk.writer.clone()));
        Some(talk)
    }

    /// The state another view wrote since this one last wrote or applied one, if any.
    /// A missing, unreadable or foreign file means nothing new.
    pub fn poll(&mut self) -> Option<Talk> {
        let talk = self.read_file()?;
        if talk.lesson != self.lesson {
            return None;
        }
        let seen = (talk.seq, talk.writer.clone());
        if self.last.as_ref() == Some(&seen) {
            return None;
        }
        self.last = Some(seen);
        (talk.writer != self.writer).then_some(talk)
    }

    /// Writes where this view is, for the other view to follow.
    pub fn publish(
        &mut self,
        started: DateTime<Utc>,
        now: DateTime<Utc>,
        position: &Position,
    ) -> io::Result<()> {
        let seq = self.last.as_ref().map_or(0, |(seq, _)| seq + 1);
        let talk = Talk {
            version: VERSION,
            lesson: self.lesson.clone(),
            started,
            updated: now,
            writer: self.writer.clone(),
            seq,
            position: position.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&talk).map_err(io::Error::other)?;
        write_atomically(&self.path, &bytes)?;
        self.last = Some((seq, self.writer.clone()));
        Ok(())
    }

    fn read_file(&self) -> Option<Talk> {
        let bytes = fs::read(&self.path).ok()?;
        let talk: Talk = serde_json::from_slice(&bytes).ok()?;
        (talk.version == VERSION).then_some(talk)
    }
}

/// A lesson id made safe as a file name: letters, digits, `-` and `_` kept, anything else
/// `_`, so no id can name a path outside the folder.
pub fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() { "_".into() } else { stem }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).expect("time")
    }

    fn pos(slide: usize) -> Position {
        Position {
            slide,
            ..Position::default()
        }
    }

    #[test]
    fn one_view_follows_what_the_other_publishes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut audience = Channel::open(dir.path(), "multi-stage", "audience").expect("open");
        let mut notes = Channel::open(dir.path(), "multi-stage", "notes").expect("open");
        assert!(audience.poll().is_none(), "nothing written yet");
        notes.publish(at(0), at(5), &pos(3)).expect("publish");
        assert!(notes.poll().is_none(), "a view does not follow itself");
        let seen = audience.poll().expect("the move");
        assert_eq!(seen.position.slide, 3);
        assert_eq!(seen.started, at(0));
        assert!(audience.poll().is_none(), "applied once");
        // The other way round.
        audience.publish(at(0), at(9), &pos(4)).expect("publish");
        assert_eq!(notes.poll().expect("the move").position.slide, 4);
        assert!(audience.poll().is_none());
    }

    #[test]
    fn moves_at_the_same_moment_settle_on_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = Channel::open(dir.path(), "l", "a").expect("open");
        let mut b = Channel::open(dir.path(), "l", "b").expect("open");
        a.writer = "1-a".into();
        b.writer = "2-b".into();
        a.publish(at(0), at(1), &pos(1)).expect("a");
        b.publish(at(0), at(1), &pos(2)).expect("b");
        // The file holds b's move; a follows it, b has nothing new.
        assert_eq!(a.poll().expect("b's move").position.slide, 2);
        assert!(b.poll().is_none());
    }

    #[test]
    fn a_view_joins_a_recent_talk_on_its_lesson_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut first = Channel::open(dir.path(), "l", "audience").expect("open");
        first.publish(at(0), at(60), &pos(2)).expect("publish");
        let mut second = Channel::open(dir.path(), "l", "notes").expect("open");
        let joined = second.join(at(120)).expect("recent");
        assert_eq!((joined.position.slide, joined.started), (2, at(0)));
        assert!(second.poll().is_none(), "joining counts as seen");
        let mut late = Channel::open(dir.path(), "l", "notes").expect("open");
        assert!(
            late.join(at(60) + JOIN_WITHIN + Duration::seconds(1))
                .is_none()
        );
        let mut other = Channel::open(dir.path(), "other", "notes").expect("open");
        assert!(other.join(at(120)).is_none());
    }

    #[test]
    fn a_damaged_file_is_ignored_and_ids_stay_inside_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut view = Channel::open(dir.path(), "../x/y", "audience").expect("open");
        assert_eq!(
            view.path().parent(),
            Some(dir.path().join("present").as_path())
        );
        assert_eq!(file_stem("../x/y"), "___x_y");
        fs::write(view.path(), "{ not json").expect("write");
        assert!(view.poll().is_none());
        assert!(view.join(at(0)).is_none());
    }
}
