//! Hostile Markdown: documents built from the pieces an attacker or a broken editor would write
//! (terminal escape sequences, C0 and C1 controls, bidi overrides, zero-width joiners, combining
//! marks by the hundred, wide characters at the cut, tabs, lone carriage returns, lines of 100k
//! characters, nesting 1,000 deep, tables of 1 and 300 columns with ragged rows, unclosed
//! fences, hostile info strings, HTML blocks, footnotes, link reference definitions with
//! controls in their titles and URLs, headings whose anchors collide, empty documents).
//!
//! Every document is rendered at every width from 1 to 200 and drawn by the lesson reader on
//! ratatui's TestBackend down to one row, with its table of contents open and a search run. No
//! panic; no control or bidi character in any span, cell or printed line other than the
//! sequences stagecraft writes itself; every line within the width; the number of lines
//! bounded by a multiple of the input's length; anchors unique.

mod common;

use std::cell::RefCell;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use stagecraft::content::ContentSet;
use stagecraft::markdown::width::line_width;
use stagecraft::markdown::{MIN_WIDTH, RenderOptions, RenderedDoc, anchor, render, slides};
use stagecraft::sanitize::is_dangerous;
use stagecraft::tui::app::App;
use stagecraft::tui::lesson::LessonScreen;
use stagecraft::tui::screen::Screen;
use stagecraft::tui::search;

/// Most lines a document of `len` bytes may render to at the narrowest width. Every source
/// byte can end up on a line of its own (a character per line in a narrow nested column), and
/// each block adds a blank line and frame lines; nothing should multiply the input.
fn line_budget(len: usize) -> usize {
    8 * len + 64
}

/// Whether a character must never reach the terminal as text: C0 controls (newline, tab and
/// carriage return too, which only the renderer may place), DEL, C1 controls, and the Unicode
/// bidi controls (marks, embeddings, overrides and isolates), which reorder what is shown.
fn forbidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_dangerous(c)
}

/// The characters with the Unicode property `Bidi_Control`.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Checks one rendering of `markdown` at `width`.
fn check_render(markdown: &str, width: u16, color: bool) -> Result<RenderedDoc, TestCaseError> {
    let doc = render(markdown, RenderOptions::new(width, color));
    let limit = usize::from(width.max(MIN_WIDTH));
    prop_assert!(
        doc.lines.len() <= line_budget(markdown.len()),
        "{} lines from {} bytes at width {}",
        doc.lines.len(),
        markdown.len(),
        width
    );
    for (index, line) in doc.lines.iter().enumerate() {
        prop_assert!(
            line_width(line) <= limit,
            "line {index} is {} wide, limit {limit}",
            line_width(line)
        );
        for span in &line.spans {
            prop_assert!(
                !span.content.chars().any(forbidden),
                "control character in line {index}: {:?}",
                span.content
            );
        }
    }
    let mut anchors = std::collections::HashSet::new();
    for heading in &doc.headings {
        prop_assert!(heading.line < doc.lines.len().max(1));
        prop_assert!(!heading.title.chars().any(forbidden), "{:?}", heading.title);
        prop_assert!(
            anchors.insert(heading.anchor.clone()),
            "two headings share the anchor {:?}",
            heading.anchor
        );
        prop_assert_eq!(doc.heading_line(&heading.anchor), Some(heading.line));
    }
    for link in &doc.links {
        prop_assert!(!link.url.chars().any(forbidden), "{:?}", link.url);
        prop_assert!(!link.text.chars().any(forbidden), "{:?}", link.text);
        for span in &link.spans {
            prop_assert!(span.start <= span.end && span.line < doc.lines.len());
            prop_assert!(span.end <= line_width(&doc.lines[span.line]));
        }
    }
    for note in &doc.notes {
        prop_assert!(note.line <= doc.lines.len());
        prop_assert!(
            !note
                .text
                .chars()
                .any(|c| !matches!(c, '\n' | '\t') && forbidden(c))
        );
    }
    only_our_sequences(&doc.to_ansi(true))?;
    prop_assert!(!doc.to_plain().chars().any(|c| c != '\n' && forbidden(c)));
    Ok(doc)
}

/// Fails unless every escape sequence in `text` is one stagecraft writes (SGR colours and OSC 8
/// links to clean targets), and no other control character is left.
fn only_our_sequences(text: &str) -> Result<(), TestCaseError> {
    let mut rest = text;
    while let Some(start) = rest.find('\u{1b}') {
        prop_assert!(
            !rest[..start].chars().any(|c| c != '\n' && forbidden(c)),
            "a control character in the printed text: {:?}",
            &rest[..start]
        );
        let tail = &rest[start..];
        if let Some(sgr) = tail.strip_prefix("\u{1b}[") {
            let end = sgr
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .unwrap_or(sgr.len());
            prop_assert_eq!(sgr.get(end..end + 1), Some("m"), "not SGR: {:?}", tail);
            rest = &sgr[end + 1..];
        } else if let Some(link) = tail.strip_prefix("\u{1b}]8;;") {
            let end = link.find("\u{1b}\\");
            prop_assert!(end.is_some(), "an unterminated OSC 8: {:?}", tail);
            let end = end.unwrap_or_default();
            let target = &link[..end];
            prop_assert!(
                !target.chars().any(|c| forbidden(c) || c.is_whitespace()),
                "a link target with controls: {:?}",
                target
            );
            rest = &link[end + 2..];
        } else {
            prop_assert!(false, "a sequence stagecraft never writes: {:?}", tail);
        }
    }
    prop_assert!(
        !rest.chars().any(|c| c != '\n' && forbidden(c)),
        "{:?}",
        rest
    );
    Ok(())
}

/// Searches every rendered line for `query` and highlights each match, as the reader does.
fn check_search(doc: &RenderedDoc, query: &str) -> Result<(), TestCaseError> {
    let matches = search::find(&doc.lines, query);
    for found in matches.iter().take(2_000) {
        let line = &doc.lines[found.line];
        let plain = search::plain(line);
        prop_assert!(found.start <= found.end && found.end <= plain.len());
        prop_assert!(
            plain.is_char_boundary(found.start) && plain.is_char_boundary(found.end),
            "match {found:?} cuts a character of {plain:?}"
        );
        let lit = search::highlight(line, &[(found.start, found.end)], Default::default());
        prop_assert_eq!(search::plain(&lit), plain);
    }
    Ok(())
}

thread_local! {
    /// One app per test thread, for the reader's context (theme, caches, store).
    static APP: RefCell<App> = RefCell::new(common::tui::app_with(
        ContentSet::default(),
        &common::tui::data_dir(),
        true,
    ));
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Draws `screen` at `width` x `height` and fails if a cell holds a control character.
fn draw_inert(
    screen: &mut LessonScreen,
    app: &App,
    width: u16,
    height: u16,
    what: &str,
) -> Result<stagecraft::tui::screen::HitMap, TestCaseError> {
    let ctx = app.context();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let area = Rect::new(0, 0, width, height);
    let mut hits = None;
    terminal
        .draw(|frame| {
            hits = Some(screen.layout(area, ctx));
            screen.draw(frame, area, ctx);
        })
        .expect("draw");
    for cell in terminal.backend().buffer().content() {
        prop_assert!(
            !cell.symbol().chars().any(forbidden),
            "{what} at {width}x{height}: a control character reached a cell: {:?}",
            cell.symbol()
        );
    }
    Ok(hits.expect("layout ran"))
}

/// Opens `markdown` in the lesson reader at `width` x `height`: reads, scrolls to the end, opens
/// the table of contents and jumps, searches for `query` and steps through the matches.
fn check_reader(markdown: &str, query: &str, width: u16, height: u16) -> Result<(), TestCaseError> {
    APP.with(|app| {
        let app = app.borrow();
        let ctx = app.context();
        let mut screen = LessonScreen::from_markdown("hostile\u{1b}[2J\u{202e}", markdown);
        let mut hits = draw_inert(&mut screen, &app, width, height, "reader")?;
        let press = |screen: &mut LessonScreen, hits: &mut _, event: Event, what: &str| {
            let _ = screen.handle(&event, hits, ctx);
            *hits = draw_inert(screen, &app, width, height, what)?;
            Ok::<(), TestCaseError>(())
        };
        press(&mut screen, &mut hits, key(KeyCode::End), "end")?;
        press(&mut screen, &mut hits, key(KeyCode::Char('t')), "contents")?;
        press(&mut screen, &mut hits, key(KeyCode::Char('j')), "contents")?;
        press(&mut screen, &mut hits, key(KeyCode::Enter), "jump")?;
        press(
            &mut screen,
            &mut hits,
            key(KeyCode::Char('/')),
            "search bar",
        )?;
        for c in query.chars() {
            press(&mut screen, &mut hits, key(KeyCode::Char(c)), "typing")?;
        }
        press(&mut screen, &mut hits, key(KeyCode::Enter), "matches")?;
        press(
            &mut screen,
            &mut hits,
            key(KeyCode::Char('n')),
            "next match",
        )?;
        press(
            &mut screen,
            &mut hits,
            key(KeyCode::Char('N')),
            "previous match",
        )?;
        prop_assert!((0.0..=1.0).contains(&screen.fraction()));
        prop_assert!(screen.percent_read() <= 100);
        Ok(())
    })
}

/// Renders at every width from 1 to 200, searches, and opens the reader at sizes from 1x1.
fn check_everywhere(markdown: &str) {
    let result = (|| {
        // Every width below the minimum lays out as the minimum; bigger documents take a
        // sample of the others (odd and even, at and around the minimum and the maximum) to
        // keep the test quick.
        let widths: Vec<u16> = if markdown.len() <= 2_000 {
            (1..=200).collect()
        } else if markdown.len() <= 50_000 {
            (1..=25)
                .chain((26..199).step_by(9))
                .chain([199, 200])
                .collect()
        } else {
            vec![1, MIN_WIDTH - 1, MIN_WIDTH, MIN_WIDTH + 1, 37, 80, 199, 200]
        };
        for width in widths {
            let doc = check_render(markdown, width, width % 2 == 0)?;
            if width % 40 == 1 {
                for query in ["a", "x", "\u{1b}", "日", "İ"] {
                    check_search(&doc, query)?;
                }
            }
        }
        for (width, height) in [(1, 1), (2, 1), (1, 5), (7, 2), (20, 3), (40, 12), (80, 24)] {
            check_reader(markdown, "a", width, height)?;
        }
        let headings = anchor::headings(markdown);
        let unique: std::collections::HashSet<_> = headings.iter().map(|h| &h.anchor).collect();
        prop_assert_eq!(unique.len(), headings.len(), "anchors collide");
        let _ = slides::split(markdown);
        let _ = slides::reference_problems(markdown);
        Ok::<(), TestCaseError>(())
    })();
    if let Err(e) = result {
        let shown: String = markdown.chars().take(300).collect();
        panic!(
            "{e}\n--- markdown ({} bytes) ---\n{shown:?}",
            markdown.len()
        );
    }
}

/// A control character: C0 (newline included, it is layout), DEL or C1.
fn control() -> impl Strategy<Value = String> {
    prop_oneof![0u32..0x20, Just(0x7f), 0x80u32..0xa0]
        .prop_map(|c| char::from_u32(c).map(String::from).unwrap_or_default())
}

/// Terminal escape sequences and the characters that reorder or join text.
const SEQUENCES: &[&str] = &[
    "\u{1b}[2J",
    "\u{1b}[31;1m",
    "\u{1b}[H",
    "\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\",
    "\u{1b}]8;;https://evil.example\u{7}click\u{1b}]8;;\u{7}",
    "\u{1b}]52;c;cm0gLXJmIH4=\u{7}",
    "\u{1b}]0;window title\u{7}",
    "\u{1b}P1$qm\u{1b}\\",
    "\u{1b}P+q544e\u{9c}",
    "\u{9b}2J",
    "\u{9d}0;title\u{9c}",
    "\u{90}dcs\u{9c}",
    "\u{1b}c",
    "\u{202e}gnp.exe",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{202a}\u{202b}\u{202c}\u{202d}",
    "\u{200e}\u{200f}\u{61c}",
    "\u{200d}",
    "\u{200b}",
    "\u{feff}",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳\u{fe0f}\u{200d}🌈",
    "\u{200d}\u{200d}\u{200d}",
    "日本語のテキスト",
    "漢字",
    "🐳",
    "🇫🇷",
    "👍🏽",
    "ｶﾞ",
    "\t",
    "\t\t",
    "\r",
    "a\rb",
    "\r\n",
    "\u{2028}",
    "\u{85}",
];

/// Markdown syntax, hostile and plain.
const SYNTAX: &[&str] = &[
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "* [ ] ",
    "# ",
    "## ",
    "    ",
    "```",
    "~~~",
    "```dockerfile\u{1b}[2J\nFROM x\n",
    "```\u{202e}hs name=x\n",
    "```sh use=x\n```\n",
    "|",
    "| a |\n|---|\n| 1 |\n",
    "| a | b |\n|---|:-:|\n| 1 |\n| 1 | 2 | 3 |\n",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "[",
    "](http://x.io/\u{1b}[2J)",
    "](javascript:alert(1))",
    "![",
    "<http://a.b/\u{1b}]52;c;x\u{7}>",
    "<!-- ",
    " -->",
    "<div>\n",
    "</div>\n",
    "<script>alert(1)</script>\n",
    "<details><summary>s\u{1b}[2J</summary>\n",
    "<kbd>",
    "<img src=x alt=\"\u{1b}[2J\">",
    "[^1]",
    "[^1]: note \u{1b}[2J\n",
    "[^\u{1b}]",
    "[r]: http://x\u{1b}]52;c;Zm9v\u{7} \"t\u{1b}[2Jt\"\n",
    "[r]: <\u{9b}> '\u{202e}'\n",
    "[r]",
    "[t][r]",
    "---\n",
    "===\n",
    "\\\n",
    "&#27;[2J",
    "&#x9b;",
    "&#x202e;",
    "&#0;",
    "$x$",
];

/// One hostile piece of Markdown.
fn piece() -> impl Strategy<Value = String> {
    let anchor_names = prop::sample::select(vec!["a", "a-1", "A", "a 1", "", "-", "a-1-1", "á"]);
    // Weights out of 100: the costly pieces (long lines, deep nesting, big tables) are rare,
    // so that about one document in five has one.
    prop_oneof![
        30 => "[a-z ]{1,12}",
        20 => prop::sample::select(SYNTAX).prop_map(str::to_owned),
        20 => prop::sample::select(SEQUENCES).prop_map(str::to_owned),
        10 => control(),
        5 => any::<String>(),
        3 => (1usize..400, prop::sample::select(vec!['\u{301}', '\u{20dd}', '\u{36f}', '\u{e01ef}']))
            .prop_map(|(n, mark)| format!("a{}", mark.to_string().repeat(n))),
        5 => (1usize..=6, anchor_names).prop_map(|(level, name)| format!("\n{} {name}\n", "#".repeat(level))),
        2 => (1usize..1_000, prop::sample::select(vec!["> ", "- ", "1. ", "* ", ">- "]))
            .prop_map(|(n, marker)| format!("\n{}x\n", marker.repeat(n))),
        1 => (1usize..200).prop_map(|n| (0..n).map(|i| format!("{}- x\n", "  ".repeat(i))).collect()),
        3 => (1usize..300, prop::collection::vec(0usize..310, 0..12)).prop_map(|(columns, rows)| table(columns, &rows)),
        1 => (1_000usize..100_000, prop::sample::select(vec!["x", "日", "ab ", "🐳", "\t", "e\u{301}"]))
            .prop_map(|(n, unit)| unit.repeat(n / unit.len())),
    ]
}

/// A table of `columns` header cells and rows of the given lengths (ragged on purpose).
fn table(columns: usize, rows: &[usize]) -> String {
    let mut out = String::from("\n");
    out.push_str(&"| h ".repeat(columns));
    out.push_str("|\n");
    out.push_str(&"|---".repeat(columns));
    out.push_str("|\n");
    for &cells in rows {
        out.push_str(&"| c\u{1b}[2J ".repeat(cells));
        out.push_str("|\n");
    }
    out
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hostile_markdown_renders_inert_and_bounded(
        markdown in document(),
        width in 1u16..=200,
        color: bool,
        query in prop::sample::select(vec!["a", "x", "h", "日", "İ", "\u{1b}", "c"]),
    ) {
        let doc = check_render(&markdown, width, color)?;
        check_search(&doc, query)?;
        let headings = anchor::headings(&markdown);
        let unique: std::collections::HashSet<_> = headings.iter().map(|h| &h.anchor).collect();
        prop_assert_eq!(unique.len(), headings.len(), "anchors collide");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_reader_draws_hostile_markdown_inert_at_any_size(
        markdown in document(),
        width in 1u16..=200,
        height in 1u16..=60,
        query in prop::sample::select(vec!["a", "x", "日", "İ", "\u{1b}[2J"]),
    ) {
        check_reader(&markdown, query, width, height)?;
    }
}

#[test]
fn the_empty_document_and_blank_ones() {
    for markdown in [
        "",
        "\n",
        "\u{feff}",
        "   \n\t\n",
        "\r\r\r",
        "<!-- -->",
        "[r]: /x\n",
    ] {
        check_everywhere(markdown);
    }
}

#[test]
fn c0_c1_and_del_are_inert() {
    let mut markdown = String::new();
    for c in (0u32..0x20).chain([0x7f]).chain(0x80..0xa0) {
        let c = char::from_u32(c).expect("a character");
        markdown.push_str(&format!("x{c}y `{c}` **{c}** [{c}](http://a/{c}) {c}\n\n"));
    }
    markdown.push_str("# Title\u{7}\u{8}\u{1b}\n\n```\n\u{0}\u{1b}\u{9b}\u{7f}\n```\n");
    check_everywhere(&markdown);
}

#[test]
fn escape_sequences_are_inert() {
    let markdown: String = SEQUENCES
        .iter()
        .map(|s| format!("{s}\n\n> {s}\n\n- {s}\n\n`{s}`\n\n```sh\n{s}\n```\n\n# {s}\n\n| {s} |\n|---|\n| {s} |\n\n"))
        .collect();
    check_everywhere(&markdown);
    let doc = render(&markdown, RenderOptions::new(80, false));
    assert!(
        doc.to_plain().contains("␛]52;c;"),
        "the attempt stays visible"
    );
}

#[test]
fn bidi_controls_and_joiners_never_reach_a_cell() {
    let markdown = "# \u{202e}txt.exe\n\nA \u{2066}quoted\u{2069} \u{2067}word\u{2069} \u{200f}x\u{200e} \u{61c}y\n\n👨\u{200d}👩\u{200d}👧 a\u{200d}\u{200d}b \u{200b}\u{feff}\n";
    check_everywhere(markdown);
    let doc = render(markdown, RenderOptions::new(80, true));
    assert_eq!(doc.headings[0].title, "\u{fffd}txt.exe");
}

#[test]
fn combining_marks_stacked_by_the_hundred() {
    let zalgo = format!("a{}", "\u{301}\u{316}\u{36f}".repeat(300));
    let markdown =
        format!("# {zalgo}\n\n{zalgo} word {zalgo}\n\n```\n{zalgo}\n```\n\n| {zalgo} |\n|---|\n");
    check_everywhere(&markdown);
}

#[test]
fn wide_characters_at_the_cut_width() {
    let mut markdown = String::new();
    for shift in 0..4 {
        let pad = "a".repeat(shift);
        markdown.push_str(&format!("{pad}{}\n\n", "日🐳👍🏽🇫🇷".repeat(30)));
        markdown.push_str(&format!("```\n{pad}{}\n```\n\n", "漢".repeat(120)));
        markdown.push_str(&format!("- {pad}{}\n\n", "ｶﾞ日".repeat(40)));
    }
    check_everywhere(&markdown);
}

#[test]
fn tabs_and_lone_carriage_returns() {
    let markdown = "a\tb\t\tc\r> q\rline\r\r- x\ty\r\n```\n\tindented\r\tcode\t\r\n```\n\t\tcode\n";
    check_everywhere(markdown);
}

#[test]
fn lines_of_a_hundred_thousand_characters() {
    let long = "x".repeat(100_000);
    let words = "word ".repeat(20_000);
    let wide = "日".repeat(33_000);
    let markdown = format!(
        "{long}\n\n{words}\n\n{wide}\n\n```\n{long}\n```\n\n# {long}\n\n| {long} |\n|---|\n"
    );
    check_everywhere(&markdown);
}

#[test]
fn nesting_a_thousand_deep() {
    for marker in ["> ", "- ", "1. ", "* > ", "[^x]: "] {
        check_everywhere(&format!("{}deep\n", marker.repeat(1_000)));
    }
    let indented: String = (0..1_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    check_everywhere(&indented);
    let inline = format!("{}x{}", "*_".repeat(1_000), "_*".repeat(1_000));
    check_everywhere(&inline);
    let links = format!("{}x{}", "[".repeat(1_000), "](u)".repeat(1_000));
    check_everywhere(&links);
    let images = format!("{}x{}", "![".repeat(1_000), "](u)".repeat(1_000));
    check_everywhere(&images);
}

#[test]
fn tables_of_one_and_three_hundred_columns_with_ragged_rows() {
    check_everywhere(&table(1, &[0, 1, 2, 300]));
    check_everywhere(&table(300, &[0, 1, 299, 300, 301, 5]));
    check_everywhere("| a |\n|---|\n");
    check_everywhere("|\n|-|\n|\n");
}

#[test]
fn ragged_tables_do_not_multiply_their_rows() {
    // 300 header cells and 2,000 rows of one cell each: 25 kB of Markdown.
    for markdown in [table(300, &[1; 2_000]), table(300, &[0; 2_000])] {
        for width in [1, 20, 80, 200] {
            let doc = render(&markdown, RenderOptions::new(width, false));
            assert!(
                doc.lines.len() <= line_budget(markdown.len()),
                "{} lines from {} bytes at width {width}",
                doc.lines.len(),
                markdown.len()
            );
        }
    }
}

#[test]
fn unclosed_fences_and_hostile_info_strings() {
    for markdown in [
        "```",
        "```dockerfile\u{1b}[2J\nFROM scratch",
        "~~~~\u{202e}sh\necho\n~~~",
        "```\u{1b}]52;c;eA==\u{7} name=\u{1b}[2J\nx\n```\n```sh use=\u{1b}[2J\n```\n",
        "````\n```\n````",
        "   ```\n\t\u{9b}\n",
        "```dockerfile\u{0}\u{7f}\u{85}\nRUN x\n```",
        "``` \u{2066}\u{2069}\n```",
    ] {
        check_everywhere(markdown);
    }
    let doc = render(
        "```dockerfile\u{1b}[2J\nFROM x\n```",
        RenderOptions::new(40, false),
    );
    assert!(doc.lines[0].to_string().contains("dockerfile␛[2J"));
}

#[test]
fn html_blocks_and_footnotes() {
    let markdown = concat!(
        "<div>\n<script>\u{1b}]52;c;eA==\u{7}</script>\n</div>\n\n",
        "<details><summary>\u{9b}2J</summary>\n\nbody\n\n</details>\n\n",
        "<!-- \u{1b}[2J note -->\n\n",
        "<table><tr><td>\u{202e}x</td></tr></table>\n\n",
        "a[^1] b[^\u{1b}] c[^1] d[^missing]\n\n",
        "[^1]: one \u{1b}[2J\n[^\u{1b}]: escape\n[^1]: twice\n[^2]: [^2]\n",
    );
    check_everywhere(markdown);
}

#[test]
fn link_reference_definitions_with_controls() {
    let markdown = concat!(
        "[r]: http://x.example/\u{1b}]52;c;Zm9v\u{7} \"title \u{1b}[2J\"\n",
        "[s]: <javascript:\u{9b}alert(1)> '\u{202e}'\n",
        "[t]: https://ok.example/\u{202e}/\u{200f}\n\n",
        "[r] [s] [t] [text][r] [text][s] ![img][t] <https://a.example/\u{7f}>\n",
    );
    check_everywhere(markdown);
    let doc = render(markdown, RenderOptions::new(80, true));
    for link in &doc.links {
        let url = link.hyperlink.as_deref().unwrap_or_default();
        assert!(!url.chars().any(forbidden), "{url:?}");
    }
}

#[test]
fn repeated_link_references_do_not_multiply_the_text() {
    let url = format!("https://x.example/{}", "y".repeat(10_000));
    let markdown = format!("[r]: {url}\n\n{}\n", "[r] ".repeat(5_000));
    let doc = render(&markdown, RenderOptions::new(200, false));
    let shown: usize = doc.lines.iter().map(line_width).sum();
    assert!(
        shown <= 16 * markdown.len(),
        "{shown} columns from {} bytes",
        markdown.len()
    );
}

#[test]
fn colliding_heading_anchors_stay_unique() {
    let markdown = "# a\n\n# a\n\n# a-1\n\n# A\n\n# a 1\n\n# a-1\n\n# a-2\n\n# \n\n# -\n\n#\n";
    check_everywhere(markdown);
    let anchors: Vec<String> = anchor::headings(markdown)
        .into_iter()
        .map(|h| h.anchor)
        .collect();
    assert_eq!(
        anchors,
        [
            "a", "a-1", "a-1-1", "a-2", "a-1-2", "a-1-3", "a-2-1", "", "-", "-1"
        ]
    );
    // The renderer hands out the same anchors, so every heading can be jumped to.
    let doc = render(markdown, RenderOptions::new(80, true));
    let rendered: Vec<String> = doc.headings.iter().map(|h| h.anchor.clone()).collect();
    assert_eq!(rendered, anchors);
}

#[test]
fn a_block_shown_again_by_name_cannot_multiply_the_lesson() {
    // One named block of 100 kB shown again 2,000 times: 200 MB if expanded naively.
    let code = "RUN x\n".repeat(16_000);
    let markdown = format!(
        "```dockerfile name=big\n{code}```\n\n{}",
        "```dockerfile use=big\n```\n\n".repeat(2_000)
    );
    let expanded = slides::expand_references(&markdown);
    assert!(
        expanded.len() <= 4 * markdown.len() + 1_000_000,
        "{} bytes from {}",
        expanded.len(),
        markdown.len()
    );
    assert!(
        slides::reference_problems(&markdown)
            .iter()
            .any(|p| p.message.contains("shown again")),
        "the author is told"
    );
}

#[test]
fn everything_at_once() {
    let mut markdown: String = SYNTAX.concat();
    markdown.push_str(&SEQUENCES.concat());
    markdown.push_str(&SYNTAX.iter().rev().copied().collect::<String>());
    check_everywhere(&markdown);
}

#[test]
fn search_matches_stay_on_characters_when_lower_case_changes_lengths() {
    // `Ⱥ` grows by a byte when lower-cased and the Kelvin sign shrinks by two: the line keeps
    // its length, but offsets into the lower-cased text no longer fall on its characters.
    // `İ` lower-cases to two characters.
    let markdown = "ȺȺK x ȺȺK k\n\nİx İX\n";
    let doc = render(markdown, RenderOptions::new(80, false));
    for query in ["k", "x", "ⱥk", "i", "i\u{307}x"] {
        let found = search::find(&doc.lines, query);
        assert!(!found.is_empty(), "{query:?}");
        check_search(&doc, query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
    }
    let plain = search::plain(&doc.lines[0]);
    let shown: Vec<&str> = search::find(&doc.lines, "k")
        .iter()
        .map(|m| &plain[m.start..m.end])
        .collect();
    assert_eq!(shown, ["K", "K", "k"]);
    let plain = search::plain(&doc.lines[2]);
    let shown: Vec<&str> = search::find(&doc.lines, "x")
        .iter()
        .filter(|m| m.line == 2)
        .map(|m| &plain[m.start..m.end])
        .collect();
    assert_eq!(shown, ["x", "X"]);
}
