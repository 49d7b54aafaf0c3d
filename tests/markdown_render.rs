//! Snapshot tests of every Markdown element at widths 40, 80 and 120.
//!
//! Each snapshot shows the plain text at the three widths, the styles at 80 columns
//! (`«text»{style}` marks a styled run) and the no-colour rendering at 80 columns, plus the
//! headings, links and notes found where an element has them.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use stagecraft::markdown::width::line_width;
use stagecraft::markdown::{RenderOptions, RenderedDoc, render};

const WIDTHS: [u16; 3] = [40, 80, 120];

fn color_name(color: Color) -> String {
    match color {
        Color::Indexed(n) => format!("#{n}"),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        named => format!("{named:?}").to_lowercase(),
    }
}

fn describe(style: Style) -> String {
    let mut parts = Vec::new();
    for (modifier, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underline"),
        (Modifier::CROSSED_OUT, "strike"),
        (Modifier::REVERSED, "reversed"),
    ] {
        if style.add_modifier.contains(modifier) {
            parts.push(name.to_owned());
        }
    }
    if let Some(fg) = style.fg {
        parts.push(color_name(fg));
    }
    if let Some(bg) = style.bg {
        parts.push(format!("on-{}", color_name(bg)));
    }
    parts.join(" ")
}

/// A line with its styled runs marked.
fn annotate(line: &Line<'_>) -> String {
    let mut out = String::new();
    for span in &line.spans {
        if span.style == Style::default() {
            out.push_str(&span.content);
        } else {
            let _ = write!(out, "«{}»{{{}}}", span.content, describe(span.style));
        }
    }
    out.trim_end().to_owned()
}

fn render_at(markdown: &str, width: u16, color: bool) -> RenderedDoc {
    let doc = render(markdown, RenderOptions::new(width, color));
    for (index, line) in doc.lines.iter().enumerate() {
        assert!(
            line_width(line) <= usize::from(width),
            "line {index} is wider than {width}: {line:?}"
        );
    }
    doc
}

/// The snapshot text of one element.
fn sheet(markdown: &str) -> String {
    let mut out = String::new();
    for width in WIDTHS {
        let doc = render_at(markdown, width, true);
        let _ = writeln!(out, "── plain, width {width} {}", "─".repeat(20));
        out.push_str(&doc.to_plain());
    }
    let doc = render_at(markdown, 80, true);
    let _ = writeln!(out, "── styles, width 80 {}", "─".repeat(20));
    for line in &doc.lines {
        let _ = writeln!(out, "{}", annotate(line));
    }
    let mono = render_at(markdown, 80, false);
    let _ = writeln!(out, "── no colour, width 80 {}", "─".repeat(20));
    for line in &mono.lines {
        let _ = writeln!(out, "{}", annotate(line));
    }
    if !doc.headings.is_empty() {
        let _ = writeln!(out, "── headings (width 80) {}", "─".repeat(20));
        for h in &doc.headings {
            let _ = writeln!(
                out,
                "h{} line {}: {} #{}",
                h.level, h.line, h.title, h.anchor
            );
        }
    }
    if !doc.links.is_empty() {
        let _ = writeln!(out, "── links (width 80) {}", "─".repeat(20));
        for link in &doc.links {
            let spans: Vec<String> = link
                .spans
                .iter()
                .map(|s| format!("{}:{}..{}", s.line, s.start, s.end))
                .collect();
            let _ = writeln!(
                out,
                "{:?} -> {} (hyperlink: {}) at {}",
                link.text,
                link.url,
                link.hyperlink.as_deref().unwrap_or("none"),
                spans.join(", ")
            );
        }
    }
    if !doc.notes.is_empty() {
        let _ = writeln!(out, "── speaker notes (width 80) {}", "─".repeat(20));
        for note in &doc.notes {
            let _ = writeln!(
                out,
                "line {} after #{}: {}",
                note.line,
                note.heading.as_deref().unwrap_or("-"),
                note.text
            );
        }
    }
    out
}

macro_rules! element {
    ($name:ident, $markdown:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), sheet($markdown));
        }
    };
}

element!(
    headings,
    "# Multi-stage builds\n\n## Why stages\n\n### The builder\n\n#### Caching\n\n##### Details\n\n###### Fine print\n\nSetext heading\n--------------\n\n# A very long first-level heading that has to wrap at narrow widths\n"
);

element!(
    paragraph_and_emphasis,
    "A *multi-stage* build uses **several** `FROM` lines, and only the ~~first~~ last stage ships. ***Both at once***, **bold with `code` inside**, and *emphasis that runs on long enough to wrap across lines at forty columns*.\n"
);

element!(
    wide_and_combining_characters,
    "Wide: 日本語のテキストはスペースなしで折り返されます and emoji 🐳🐳🐳 in a row. Combining: cafe\u{301} nai\u{308}ve re\u{301}sume\u{301}. A long word: supercalifragilisticexpialidocious-and-then-some-more-characters.\n"
);

element!(
    breaks,
    "Soft breaks\njoin lines\ninto one paragraph.\nA hard break with a backslash\\\nstarts a new line, and so do two spaces  \nat the end of a line.\n"
);

element!(
    unordered_lists,
    "- Build stage: compile the program with the full toolchain and all of its dependencies\n- Runtime stage\n  - distroless\n  - scratch, which is completely empty and has no shell or libraries at all\n    - nothing at all\n- Final\n"
);

element!(
    ordered_lists,
    "7. seven\n8. eight\n9. nine\n10. ten\n11. eleven, long enough to wrap under its own text when the width is only forty columns\n\nA loose list with paragraphs:\n\n1. First item\n\n   Its second paragraph.\n\n2. Second item\n   - nested bullet\n   - another\n"
);

element!(
    task_lists,
    "- [x] Pin the base image by digest\n- [ ] Drop the shell from the runtime image so that an attacker has nothing to run\n- [ ] Run as `nonroot`\n\n1. [x] Numbered and done\n2. [ ] Numbered and open\n"
);

element!(
    block_quotes,
    "> A quote with **bold** text that is long enough to wrap inside its bar at narrow widths.\n>\n> > A nested quote.\n> > > And one more level.\n>\n> - a list in a quote\n> - second item\n>\n> ```sh\n> docker build .\n> ```\n"
);

element!(
    tables,
    "| Image | Size | Shell | Notes |\n|:------|-----:|:-----:|-------|\n| `golang:1.22` | 800 MB | yes | the full Go toolchain, for the build stage only |\n| `gcr.io/distroless/static-debian12` | 2 MB | no | CA certificates, tzdata and a nonroot user |\n| `scratch` | 0 B | no | empty |\n"
);

element!(
    table_too_wide_for_columns,
    "| a | b | c | d | e | f | g | h | i | j |\n|---|---|---|---|---|---|---|---|---|---|\n| one | two | three | four | five | six | seven | eight | nine | ten |\n"
);

element!(
    code_blocks,
    "```dockerfile\n# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nUSER nonroot:nonroot\nENTRYPOINT [\"/app\"]\n```\n\n```yaml\nservices:\n  app:\n    build: .\n    ports: [\"8080:8080\"]  # host:container\n```\n\n```json\n{\"image\": \"app\", \"size\": 2048, \"ok\": true}\n```\n\n```go\npackage main\n\nfunc main() {\n\tprintln(\"hello\")\n}\n```\n\n```python\ndef size(layers):\n    return sum(l.size for l in layers)\n```\n\n```sh\ndocker build --target build -t app:build . && docker images app\n```\n\n```\nno language: plain text\n```\n\n    indented code block\n"
);

element!(
    more_languages,
    "```javascript\nconst port = process.env.PORT ?? 8080;\n```\n\n```java\npublic class App { public static void main(String[] a) {} }\n```\n\n```toml\n[package]\nname = \"app\"\n```\n\n```bash\nexport CGO_ENABLED=0\n```\n\n```unknown-language\nshown as plain text\n```\n"
);

element!(
    rules,
    "Above the rule.\n\n---\n\nBetween rules.\n\n***\n\nBelow.\n"
);

element!(
    links,
    "See [the Dockerfile reference](https://docs.docker.com/reference/dockerfile/) and <https://docs.docker.com>. Mail <team@example.com>. A [reference link][ref]. Same text as target: [https://example.com](https://example.com). Another lesson: [caching](caching#order-for-the-cache).\n\n## A [linked](https://example.com) heading\n\n[ref]: https://example.com/ref \"Title\"\n"
);

element!(
    images,
    "An image: ![a whale carrying containers](whale.png). A linked image: [![badge](badge.svg)](https://example.com). No alt: ![](empty.png).\n"
);

element!(
    footnotes,
    "Distroless images are small[^size] and have no shell[^shell].\nSmall again[^size].\n\n[^shell]: So `docker exec -it app sh` fails: use a debug image instead.\n[^size]: About 2 MB for `static-debian12`.\n[^unused]: Defined but never referenced.\n"
);

element!(
    html_and_speaker_notes,
    "<!-- Speaker note before any heading. -->\n\n# Talk\n\nInline <kbd>Ctrl</kbd>+<kbd>C</kbd> shows the keys<!-- and this inline note does not -->.<br>A <b>line</b> break.\n\n<div class=\"warning\">\nA div shows its text.\n</div>\n\n<table><tr><td>Other HTML is shown as written.</td></tr></table>\n\n<details>\n<summary>A summary is a bold line</summary>\n\nThe details follow.\n\n</details>\n\n<p align=\"center\"><img src=\"logo.png\" alt=\"The logo\"></p>\n\n<!--\nA multi-line speaker note:\nask who has shipped a 1 GB image.\n-->\n\nLast paragraph.\n"
);

element!(
    control_characters,
    "Escape \u{1b}[31mred\u{1b}[0m, bell \u{7}, OSC 52 \u{1b}]52;c;aGk=\u{7}, C1 \u{9b}2J, bidi \u{202e}txet\u{202c}, tab\tstop.\n\n```sh\necho \u{1b}[2J\n```\n"
);

#[test]
fn fixture_document_without_colour() {
    let text = std::fs::read_to_string("tests/fixtures/markdown/elements.md").unwrap();
    let body = stagecraft::commands::read::strip_front_matter(&text);
    let doc = render_at(body, 80, false);
    let annotated: Vec<String> = doc.lines.iter().map(annotate).collect();
    insta::assert_snapshot!("fixture_no_colour_80", annotated.join("\n"));
}
