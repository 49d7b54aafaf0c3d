//! Pack files: `stagecraft pack build` round trip (same content as the folder), loading with
//! `--content FILE` and `check FILE`, and hostile archives (path traversal, absolute paths,
//! links, duplicates, huge entries, compression bombs) refused with diagnostics that name the
//! entry inside the pack.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use stagecraft::content::pack_file::{Limits, MARKER_NAME, MARKER_TEXT, read_pack_bytes};
use stagecraft::content::{ContentSet, Pack, PackSource};

const PACK: &str = "tests/fixtures/packs/classroom";

fn stagecraft(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

fn build(dir: &str, output: &Path) -> (i32, String) {
    stagecraft(&["pack", "build", dir, "-o", &output.display().to_string()])
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A teacher's pack: the classroom fixture plus a copy of an embedded example (with its own id),
/// so it has lessons, quizzes and an example folder with several files.
fn teacher_pack(root: &Path) -> String {
    let pack = root.join("pack");
    copy_tree(Path::new(PACK), &pack);
    // The teacher's own image catalog travels with the pack.
    std::fs::copy(
        "tests/fixtures/packs/outdated/images.yaml",
        pack.join("images.yaml"),
    )
    .expect("catalog");
    let example = pack.join("examples/secrets-copy");
    copy_tree(Path::new("examples/build-secrets"), &example);
    let yaml = std::fs::read_to_string(example.join("example.yaml")).expect("yaml");
    std::fs::write(
        example.join("example.yaml"),
        yaml.replacen("id: build-secrets", "id: secrets-copy", 1),
    )
    .expect("write");
    pack.display().to_string()
}

#[test]
fn built_pack_loads_the_same_content_as_its_folder() {
    let out = tempfile::tempdir().expect("dir");
    let pack = teacher_pack(out.path());
    let file = out.path().join("course.stagecraft");
    let (code, text) = build(&pack, &file);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.starts_with(&format!("wrote {}: ", file.display())),
        "{text}"
    );

    let from_dir = Pack::read(&PackSource::Dir(pack.clone().into()));
    let from_file = Pack::read(&PackSource::File(file.clone()));
    assert!(from_file.problems.is_empty(), "{:?}", from_file.problems);
    let dir_files: Vec<_> = from_dir.files().collect();
    assert!(dir_files.len() > 3);
    assert_eq!(from_file.files().collect::<Vec<_>>(), dir_files);

    let a = ContentSet::load(&[PackSource::Embedded, PackSource::Dir(pack.clone().into())]);
    let b = ContentSet::load(&[PackSource::Embedded, PackSource::from_path(file.clone())]);
    assert!(!b.has_errors(), "{:?}", b.diagnostics);
    assert!(b.example("secrets-copy").is_some());
    assert!(dir_files.iter().any(|(rel, _)| *rel == "images.yaml"));
    let company_base = |set: &ContentSet| {
        set.images
            .lookup_reference("registry.example.com/acme/base:2")
            .and_then(|facts| facts.shell_path().map(str::to_owned))
    };
    assert_eq!(
        company_base(&b).as_deref(),
        Some("/bin/sh"),
        "the catalog loads back"
    );
    assert_eq!(company_base(&a), company_base(&b));
    let ids = |set: &ContentSet| {
        (
            set.lessons
                .iter()
                .map(|l| (l.id.clone(), l.body.clone()))
                .collect::<Vec<_>>(),
            set.questions
                .iter()
                .map(|q| q.id.clone())
                .collect::<Vec<_>>(),
            set.examples
                .iter()
                .map(|e| e.id.clone())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(ids(&a), ids(&b));
    // Origins name the file inside the pack file.
    let slides = b.lesson("slides-demo").expect("the pack's lesson");
    assert_eq!(
        slides.origin.path,
        format!("{}/lessons/slides.md", file.display())
    );

    // The same folder gives the same bytes.
    let again = out.path().join("again.stagecraft");
    assert_eq!(build(&pack, &again).0, 0);
    assert_eq!(std::fs::read(&file).ok(), std::fs::read(&again).ok());

    // `check FILE` and `--content FILE` take it like a folder.
    let (code, text) = stagecraft(&["check", &file.display().to_string()]);
    assert_eq!(code, 0, "{text}");
    let (_, listed_dir) = stagecraft(&[
        "--content",
        &pack,
        "--data-dir",
        &out.path().display().to_string(),
        "lessons",
    ]);
    let (code, listed_file) = stagecraft(&[
        "--content",
        &file.display().to_string(),
        "--data-dir",
        &out.path().display().to_string(),
        "lessons",
    ]);
    assert_eq!(code, 0, "{listed_file}");
    assert_eq!(listed_file, listed_dir);
}

#[test]
fn a_pack_with_errors_is_not_built() {
    let out = tempfile::tempdir().expect("dir");
    let file = out.path().join("bad.stagecraft");
    let (code, text) = build("tests/fixtures/packs/bad", &file);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains(": error: "), "{text}");
    assert!(
        text.contains("was not written: fix the errors above first"),
        "{text}"
    );
    assert!(!file.exists());
}

/// One raw entry of a hand-made archive.
struct Raw<'a> {
    name: &'a [u8],
    kind: tar::EntryType,
    data: &'a [u8],
    link: &'a [u8],
}

fn file_entry<'a>(name: &'a str, data: &'a [u8]) -> Raw<'a> {
    Raw {
        name: name.as_bytes(),
        kind: tar::EntryType::Regular,
        data,
        link: b"",
    }
}

/// A gzip-compressed tar written header by header, so names the `tar` builder would refuse
/// (`../x`, `/etc/x`) can be made.
fn archive(entries: &[Raw<'_>]) -> Vec<u8> {
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut builder = tar::Builder::new(encoder);
    for entry in entries {
        let mut header = tar::Header::new_old();
        {
            let old = header.as_old_mut();
            old.name[..entry.name.len()].copy_from_slice(entry.name);
            old.linkname[..entry.link.len()].copy_from_slice(entry.link);
        }
        header.set_entry_type(entry.kind);
        header.set_size(entry.data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append(&header, entry.data).expect("append");
    }
    builder.into_inner().expect("tar").finish().expect("gzip")
}

fn marker() -> Raw<'static> {
    file_entry(MARKER_NAME, MARKER_TEXT.as_bytes())
}

const LESSON: &[u8] = b"---\nid: ok\ntitle: Fine\norder: 1\n---\n# Fine\n\nText.\n";

fn problems(pack: &Pack) -> Vec<String> {
    pack.problems.iter().map(ToString::to_string).collect()
}

fn has(problems: &[String], needle: &str) -> bool {
    problems.iter().any(|p| p.contains(needle))
}

#[test]
fn traversal_absolute_paths_and_links_are_refused_by_entry() {
    let bytes = archive(&[
        marker(),
        file_entry("lessons/ok.md", LESSON),
        file_entry("../evil.md", LESSON),
        file_entry("lessons/../../evil2.md", LESSON),
        file_entry("/etc/evil.md", LESSON),
        file_entry("other/evil.md", LESSON),
        Raw {
            name: b"lessons/link.md",
            kind: tar::EntryType::Symlink,
            data: b"",
            link: b"../../../etc/passwd",
        },
        Raw {
            name: b"lessons/hard.md",
            kind: tar::EntryType::Link,
            data: b"",
            link: b"lessons/ok.md",
        },
        Raw {
            name: b"lessons/fifo.md",
            kind: tar::EntryType::Fifo,
            data: b"",
            link: b"",
        },
    ]);
    let pack = read_pack_bytes("c.stagecraft", &bytes, Limits::default());
    let found = problems(&pack);
    assert_eq!(
        pack.files().map(|(rel, _)| rel).collect::<Vec<_>>(),
        ["lessons/ok.md"]
    );
    for expected in [
        "c.stagecraft/../evil.md:1:1: error: `..` would leave the pack",
        "c.stagecraft/lessons/../../evil2.md:1:1: error: `..` would leave the pack",
        "c.stagecraft//etc/evil.md:1:1: error: absolute paths are not allowed",
        "c.stagecraft/other/evil.md:1:1: error: outside lessons/, quizzes/, examples/ and images.yaml",
        "c.stagecraft/lessons/link.md:1:1: error: links are not allowed in a pack file",
        "c.stagecraft/lessons/hard.md:1:1: error: links are not allowed in a pack file",
        "c.stagecraft/lessons/fifo.md:1:1: error: only files and folders",
    ] {
        assert!(has(&found, expected), "{expected}\n{found:#?}");
    }
    assert_eq!(found.len(), 7, "{found:#?}");
}

#[test]
fn duplicates_bad_text_and_huge_entries_are_refused() {
    let huge = vec![b'a'; 1024 * 1024 + 1];
    let bytes = archive(&[
        marker(),
        file_entry("lessons/twice.md", LESSON),
        file_entry("lessons/twice.md", b"---\nid: other\n---\n"),
        file_entry("lessons/bin.md", b"ok\n\xff\xfe"),
        file_entry("quizzes/nul.yaml", b"a: 1\0"),
        file_entry("quizzes/huge.yaml", &huge),
    ]);
    let pack = read_pack_bytes("c.stagecraft", &bytes, Limits::default());
    let found = problems(&pack);
    assert_eq!(pack.files().count(), 0, "{found:#?}");
    for expected in [
        "c.stagecraft/lessons/twice.md:1:1: error: the pack file holds this path more than once",
        "c.stagecraft/lessons/bin.md:2:1: error: the file is not valid UTF-8",
        "c.stagecraft/quizzes/nul.yaml:1:5: error: the file holds NUL bytes",
        "c.stagecraft/quizzes/huge.yaml:1:1: error: file is 1048577 bytes; content files may be at most 1048576 bytes",
    ] {
        assert!(has(&found, expected), "{expected}\n{found:#?}");
    }
}

#[test]
fn compression_bombs_and_entry_floods_stop_at_the_limits() {
    let block = vec![0u8; 1024 * 1024];
    let names: Vec<String> = (0..8).map(|n| format!("quizzes/zero{n}.yaml")).collect();
    let mut entries = vec![marker()];
    entries.extend(names.iter().map(|n| file_entry(n, &block)));
    let bytes = archive(&entries);
    assert!(bytes.len() < 100 * 1024, "compresses well: {}", bytes.len());
    let limits = Limits {
        expanded_bytes: 4 * 1024 * 1024,
        entries: 100,
    };
    let pack = read_pack_bytes("bomb.stagecraft", &bytes, limits);
    let found = problems(&pack);
    assert!(
        has(
            &found,
            "bomb.stagecraft:1:1: error: the pack file expands to more than 4194304 bytes"
        ),
        "{found:#?}"
    );

    let many: Vec<String> = (0..50).map(|n| format!("lessons/{n}.md")).collect();
    let mut entries = vec![marker()];
    entries.extend(many.iter().map(|n| file_entry(n, b"x")));
    let limits = Limits {
        expanded_bytes: 1 << 30,
        entries: 20,
    };
    let pack = read_pack_bytes("flood.stagecraft", &archive(&entries), limits);
    assert!(
        has(
            &problems(&pack),
            "flood.stagecraft:1:1: error: the pack file holds more than 20 entries"
        ),
        "{:#?}",
        problems(&pack)
    );
}

#[test]
fn files_that_are_not_pack_files_are_named_as_such() {
    let garbage = read_pack_bytes("x.stagecraft", b"hello, not gzip", Limits::default());
    assert!(
        has(
            &problems(&garbage),
            "x.stagecraft:1:1: error: not a stagecraft pack file"
        ),
        "{:#?}",
        problems(&garbage)
    );
    let unmarked = read_pack_bytes(
        "y.stagecraft",
        &archive(&[file_entry("lessons/ok.md", LESSON)]),
        Limits::default(),
    );
    assert!(
        has(
            &problems(&unmarked),
            "its first entry is not `.stagecraft-pack`"
        ),
        "{:#?}",
        problems(&unmarked)
    );
    let newer = read_pack_bytes(
        "z.stagecraft",
        &archive(&[file_entry(MARKER_NAME, b"stagecraft-pack 9\n")]),
        Limits::default(),
    );
    assert!(
        has(&problems(&newer), "update stagecraft"),
        "{:#?}",
        problems(&newer)
    );

    // A truncated file, through the binary's check.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("cut.stagecraft");
    let whole = archive(&[marker(), file_entry("lessons/ok.md", LESSON)]);
    std::fs::File::create(&file)
        .and_then(|mut f| f.write_all(&whole[..whole.len() / 2]))
        .expect("write");
    let (code, text) = stagecraft(&["check", &file.display().to_string()]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(&format!("{}:1:1: error:", file.display())),
        "{text}"
    );
}
