//! Property tests: the library's parsers and passes called directly on
//! arbitrary and hostile text. None may panic, and every span they report
//! must lie inside the text it came from. Case counts are modest (see
//! `CASES`) so `cargo test` stays fast; the fuzz targets in fuzz/ run the
//! same entry points for as long as you like.

use std::collections::HashMap;
use std::path::{Component, Path};

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use sheaf::config::Config;
use sheaf::content::front_matter::{self, NoteFront, PageFront, SectionFront};
use sheaf::diagnostics::{Diagnostic, SourceFile};
use sheaf::evidence::{CitationStyle, Formatter, parse_bibliography};
use sheaf::markdown::{self, Citation, CitationRenderer, LinkIndex, LinkTarget, MarkdownInput};
use sheaf::output::{alias_file, safe_relative_path};

/// Cases per property. 256 each keeps the whole module to a few seconds.
const CASES: u32 = 256;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        // Failures are reproduced from the seed printed in the panic message;
        // no regression files are written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces of the syntaxes under test, so generated text reaches the
/// interesting branches far more often than uniform random text would.
const FRAGMENTS: &[&str] = &[
    "+++",
    "---",
    "\n",
    "\r\n",
    "\u{feff}",
    "title = \"T\"",
    "title: T",
    "date = 2024-03-01",
    "date = 2024-13-45",
    "weight = -1",
    "slug = \"../x\"",
    "aliases = [\"/a/\"]",
    "[taxonomies]",
    "outcomes = [\"A\"]",
    "[extra]",
    "x = 1",
    "\"",
    "'",
    "=",
    "[",
    "]",
    "{",
    "}",
    "@",
    "@key",
    "[@key]",
    "[@a; @b]",
    "[see @key, p. 4]",
    "[-@key]",
    "@key [p. 21]",
    "pp. 33-35",
    "chap.",
    "\\[@key]",
    "\\@",
    "\\",
    "`",
    "```\n",
    "~~~",
    "    ",
    "\t",
    "# ",
    "## H {#id}",
    "> ",
    "- ",
    "1. ",
    "* ",
    "|a|b|\n|-|-|\n",
    "[^1]",
    "[^1]: note",
    "[x](@/a.md)",
    "[x](@/a.md#h)",
    "[x](@/missing.md)",
    "![i](a.png)",
    "<div>",
    "</div>",
    "<script>",
    "&amp;",
    "é",
    "👍",
    "\u{0301}",
    "\u{200b}",
    "\0",
    "ß",
    "İ",
    "a",
    "key",
    " ",
    ",",
    ";",
    ".",
    ":",
    "-",
    "<!--",
    "-->",
    "]]>",
    "*",
    "_",
    "~~",
];

fn fragment_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..max).prop_map(|v| v.concat())
}

/// Half structured (fragments), half arbitrary Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        fragment_text(60),
        any::<String>(),
        (fragment_text(20), any::<String>(), fragment_text(20))
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

/// Every located diagnostic points inside its file: line 1..=lines, column
/// within that line (plus one for an end-of-line caret).
fn assert_located_within(diags: &[Diagnostic], text: &str) {
    let lines = text.split('\n').count();
    for d in diags {
        let _ = d.render(false);
        let _ = d.render(true);
        let Some(loc) = &d.location else { continue };
        let Some(source_line) = &loc.source_line else {
            continue;
        };
        assert!(
            loc.line >= 1 && loc.line <= lines,
            "line {} outside 1..={lines}: {d:?}",
            loc.line
        );
        assert!(
            loc.column >= 1 && loc.column <= source_line.chars().count() + 1,
            "column {} outside line {source_line:?}: {d:?}",
            loc.column
        );
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_parse_never_panics(text in hostile_text()) {
        let file = SourceFile::new("content/p.md", text.clone());
        match front_matter::parse::<PageFront>(&file, true, "help") {
            Ok(p) => {
                prop_assert!(p.body_offset <= text.len());
                prop_assert!(text.is_char_boundary(p.body_offset));
            }
            Err(d) => assert_located_within(&[d], &text),
        }
        if let Err(d) = front_matter::parse::<SectionFront>(&file, false, "help") {
            assert_located_within(&[d], &text);
        }
        if let Err(d) = front_matter::parse::<NoteFront>(&file, false, "help") {
            assert_located_within(&[d], &text);
        }
    }

    #[test]
    fn citation_spans_lie_inside_the_text(text in hostile_text(), escape_mask in any::<u64>()) {
        let escaped = |i: usize| escape_mask & (1 << (i % 64)) != 0;
        for c in markdown::citations::find_citations(&text, &escaped) {
            prop_assert!(c.span.start <= c.span.end && c.span.end <= text.len(), "{c:?}");
            prop_assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            prop_assert!(!c.items.is_empty());
            for item in &c.items {
                prop_assert!(item.key_span.end <= text.len());
                prop_assert!(c.span.start <= item.key_span.start && item.key_span.end <= c.span.end);
                prop_assert_eq!(&text[item.key_span.clone()], item.key.as_str());
            }
        }
        // No escapes at all, and everything escaped.
        let _ = markdown::citations::find_citations(&text, &|_| false);
        let _ = markdown::citations::find_citations(&text, &|_| true);
    }

    #[test]
    fn markdown_render_never_panics(
        front in prop::sample::select(vec!["", "+++\ntitle = \"T\"\n+++\n", "---\ntitle: T\n---\r\n"]),
        body in hostile_text(),
    ) {
        let text = format!("{front}{body}");
        let file = SourceFile::new("content/p.md", text.clone());
        let links = link_index();
        let stub = StubCiter;
        for citations in [None, Some(&stub as &dyn CitationRenderer)] {
            let out = markdown::render(&MarkdownInput {
                file: &file,
                body_offset: front.len(),
                links: &links,
                citations,
            });
            assert_located_within(&out.diagnostics, &text);
            for c in &out.citations {
                prop_assert!(c.span.end <= text.len() && c.span.start >= front.len(), "{c:?}");
                for item in &c.items {
                    prop_assert_eq!(&text[item.key_span.clone()], item.key.as_str());
                }
            }
            for check in &out.anchor_checks {
                prop_assert!(check.span.end <= text.len());
            }
            prop_assert_eq!(out.toc.len() <= out.heading_ids.len(), true);
            // Heading ids are unique in a document.
            let mut ids = out.heading_ids.clone();
            ids.sort();
            let before = ids.len();
            ids.dedup();
            prop_assert_eq!(before, ids.len(), "duplicate heading ids");
        }
    }

    #[test]
    fn bibtex_parse_never_panics(text in bib_text()) {
        check_bibliography("references.bib", &text);
    }

    #[test]
    fn yaml_bibliography_parse_never_panics(text in yaml_bib_text()) {
        check_bibliography("references.yml", &text);
    }

    #[test]
    fn config_parse_never_panics(text in config_text()) {
        let source = SourceFile::new("sheaf.toml", text.clone());
        match Config::parse(Path::new("/site"), source) {
            Ok(c) => {
                prop_assert!(c.base_url.ends_with('/'));
                prop_assert!(c.base_path.starts_with('/') && c.base_path.ends_with('/'));
            }
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                assert_located_within(&diags, &text);
            }
        }
    }

    #[test]
    fn locate_clamps_any_span(text in hostile_text(), a in any::<usize>(), b in any::<usize>(), small in 0usize..300, len in 0usize..40) {
        let file = SourceFile::new("f.md", text.clone());
        for span in [a..b, b..a, small..small + len, small..small.saturating_sub(len), 0..usize::MAX, std::ops::Range { start: usize::MAX, end: 0 }] {
            let loc = file.locate(span);
            assert_located_within(&[Diagnostic::error("x").at(loc.clone())], &text);
            prop_assert!(loc.width >= 1);
        }
    }

    #[test]
    fn accepted_output_paths_stay_inside_the_root(path in output_path()) {
        if safe_relative_path(&path).is_ok() {
            assert_inside(&path);
        }
        if let Ok(file) = alias_file(&path) {
            prop_assert!(safe_relative_path(&file).is_ok());
            assert_inside(&file);
        }
    }
}

/// Joining `rel` to a root never leaves it: no component but normal names.
fn assert_inside(rel: &str) {
    let root = Path::new("/srv/site/public");
    let joined = root.join(rel);
    assert!(joined.starts_with(root), "{rel:?} escapes to {joined:?}");
    for c in Path::new(rel).components() {
        assert!(
            matches!(c, Component::Normal(_)),
            "{rel:?} has a non-normal component {c:?}"
        );
    }
    assert!(!rel.contains('\0'), "{rel:?} has a NUL");
    // Lexically resolved, it is still under the root.
    let mut depth: i64 = 0;
    for part in rel.split('/') {
        match part {
            ".." => depth -= 1,
            "." | "" => {}
            _ => depth += 1,
        }
        assert!(depth >= 0, "{rel:?} climbs above the root");
    }
}

fn output_path() -> impl Strategy<Value = String> {
    const PARTS: &[&str] = &[
        "..",
        ".",
        "/",
        "//",
        "\\",
        "C:",
        "c:",
        "\0",
        "a",
        "b.html",
        "index.html",
        "%2e%2e",
        "..%2f",
        "~",
        " ",
        "é",
        "\u{202e}",
        "\n",
        "http://x/",
        "file:",
        ":",
        "...",
        ".a",
        "a.",
        "\u{ff0e}\u{ff0e}",
    ];
    prop_oneof![
        prop::collection::vec(prop::sample::select(PARTS), 0..8).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

fn bib_text() -> impl Strategy<Value = String> {
    const PARTS: &[&str] = &[
        "@article{",
        "@book{",
        "@techreport{",
        "@incollection{",
        "@misc{",
        "@string{",
        "@comment{",
        "key,",
        "key2,",
        "../x,",
        "a b,",
        "}",
        "{",
        "\n",
        "author = {",
        "author = {A and B},",
        "author = {{Corp}},",
        "title = {T},",
        "title = {<script>},",
        "year = {2003},",
        "year = {abc},",
        "date = {2024-03-01},",
        "date = {2024/99},",
        "pages = {33--35},",
        "doi = {10.1/x},",
        "url = {http://x},",
        "institution = {I},",
        "crossref = {key},",
        "editor = {E},",
        "booktitle = {B},",
        "=",
        ",",
        "\"",
        "#",
        "\\",
        "\\'e",
        "$",
        "%",
        "@",
        "é",
        "}}",
        "{{",
    ];
    prop_oneof![
        prop::collection::vec(prop::sample::select(PARTS), 0..50).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

fn yaml_bib_text() -> impl Strategy<Value = String> {
    const PARTS: &[&str] = &[
        "key:\n",
        "  type: article\n",
        "  type: report\n",
        "  type: nonsense\n",
        "  title: T\n",
        "  title: <script>\n",
        "  author: [\"A, B\", \"C\"]\n",
        "  author: A\n",
        "  date: 2003\n",
        "  date: 2003-99\n",
        "  date: x\n",
        "  page-range: 33-35\n",
        "  parent:\n",
        "    type: book\n",
        "    title: P\n",
        "  url: http://x\n",
        "  serial-number:\n",
        "    doi: 10.1/x\n",
        "- ",
        ": ",
        "\n",
        "  ",
        "'",
        "\"",
        "{",
        "}",
        "[",
        "]",
        "&a ",
        "*a",
        "!!binary ",
        "---\n",
        "...\n",
        "é",
        "#",
        "?",
        "|",
        ">",
    ];
    prop_oneof![
        prop::collection::vec(prop::sample::select(PARTS), 0..40).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

fn config_text() -> impl Strategy<Value = String> {
    const PARTS: &[&str] = &[
        "title = \"T\"\n",
        "title = \"\"\n",
        "base_url = \"https://e.org/a/b/\"\n",
        "base_url = \"e.org\"\n",
        "base_url = \"https://e.org/?q#f\"\n",
        "base_url = \"file:///x\"\n",
        "taxonomies = [\"outcomes\"]\n",
        "taxonomies = [\"../x\", \"evidence\", \"\"]\n",
        "language = \"en-AU\"\n",
        "citation_style = \"x.csl\"\n",
        "tittle = 1\n",
        "[print]\n",
        "paper = \"A4\"\n",
        "paper = \"A3\"\n",
        "sections = [\"factsheets\"]\n",
        "[feed]\n",
        "enabled = false\n",
        "[extra]\n",
        "x = 1\n",
        "default_section_sort = \"date\"\n",
        "\u{feff}",
        "\r\n",
        "=",
        "\"",
        "[",
        "]",
        "\n",
        "é",
        "bibliography = [\"/etc/passwd\"]\n",
    ];
    prop_oneof![
        prop::collection::vec(prop::sample::select(PARTS), 0..20).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

/// Parses `text` and, when it parses, formats every entry in every style.
fn check_bibliography(name: &str, text: &str) {
    match parse_bibliography(name, text) {
        Ok(bib) => {
            for style in [
                CitationStyle::Apa,
                CitationStyle::ChicagoAuthorDate,
                CitationStyle::Harvard,
            ] {
                let Ok(formatter) = Formatter::new(&bib, &style, "en-AU") else {
                    continue;
                };
                for key in bib.keys() {
                    let html = formatter.reference_html(key).unwrap_or_default();
                    assert!(!html.contains("<script"), "unescaped field in {html}");
                }
            }
        }
        Err(diags) => {
            assert!(!diags.is_empty());
            assert_located_within(&diags, text);
        }
    }
}

fn link_index() -> LinkIndex {
    let mut targets = HashMap::new();
    for path in ["a.md", "factsheets/_index.md", "factsheets/x.md"] {
        targets.insert(
            path.to_string(),
            LinkTarget {
                url: format!("/base/{}", path.trim_end_matches(".md")),
            },
        );
    }
    LinkIndex {
        targets,
        ..LinkIndex::default()
    }
}

/// Knows keys of even length; renders every citation as escaped text.
struct StubCiter;

impl CitationRenderer for StubCiter {
    fn has_key(&self, key: &str) -> bool {
        key.len().is_multiple_of(2)
    }
    fn suggest(&self, key: &str) -> Vec<String> {
        vec![format!("{key}x")]
    }
    fn bibliography_name(&self) -> String {
        "references.bib".into()
    }
    fn render(&self, citation: &Citation) -> String {
        let keys: Vec<&str> = citation.items.iter().map(|i| i.key.as_str()).collect();
        sheaf::text::escape_html(&keys.join("; "))
    }
}

/// What `markdown_render_never_panics` once found: a key written with an
/// entity read as a different key than its source span shows. Such a key
/// is left as text now, and every cited key is its own source text.
#[test]
fn a_key_written_with_an_entity_is_left_as_text() {
    for body in [
        "[@ke&amp;tl]",
        "@ke&amp;tl",
        "[see @a&amp;bc, p. 2]",
        "[@keyy]",
    ] {
        let file = SourceFile::new("content/p.md", body.to_string());
        let links = link_index();
        let out = markdown::render(&MarkdownInput {
            file: &file,
            body_offset: 0,
            links: &links,
            citations: Some(&StubCiter),
        });
        for c in &out.citations {
            for item in &c.items {
                assert_eq!(&body[item.key_span.clone()], item.key.as_str(), "{body}");
            }
        }
        if matches!(body, "[@keyy]" | "[@kee&tl]" | "[@{kee&tl}]") {
            assert_eq!(out.citations.len(), 1, "{body}: the key itself still cites");
        }
    }
}
