//! The booklet's two chapter rewrites give the same bytes: lol_html's
//! ([`BookletLinks::rewrite_chapter`]), and the scan of HTML sheaf wrote
//! itself ([`BookletLinks::rewrite_sheaf_chapter`]), which the booklet
//! uses whenever the Markdown stage saw no raw HTML. The fixture
//! `tests/fixtures/print/rewrite_paths` holds every kind of id and link a
//! chapter can: headings (repeated, and one named `ref-…`), footnotes,
//! citations with their popovers and evidence-level badges, `@/`, relative,
//! root-relative, fragment, query, external and `mailto:` links, images,
//! a table named by its heading, task-list checkboxes, code that looks
//! like HTML; and raw HTML, both of a kind the scan reads and of a kind
//! only a parser can.

use std::path::PathBuf;

use super::booklet::prepare_booklet;
use super::rewrite::BookletLinks;
use crate::pipeline::{Assembled, BuildOptions, assemble_site};

fn assembled() -> Assembled {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/print/rewrite_paths");
    let opts = BuildOptions {
        output: root.join("never-written"),
        root,
        base_url: None,
        drafts: false,
        pdf: false,
        strict: false,
        jobs: None,
        reading_figures: false,
    };
    match assemble_site(&opts, false) {
        Ok(assembled) => assembled,
        Err(e) => panic!("the fixture builds: {e:?}"),
    }
}

/// Both rewrites of chapter `n`, with and without the citation links
/// skipped; `None` where the scan gave up.
fn both(links: &BookletLinks, html: &str, n: usize) -> Vec<(String, Option<String>)> {
    [true, false]
        .map(|unchanged| {
            let parsed = links.rewrite_chapter(html, n, unchanged).unwrap();
            (parsed, links.rewrite_sheaf_chapter(html, n, unchanged))
        })
        .into()
}

#[test]
fn the_scan_and_lol_html_rewrite_every_kind_of_chapter_alike() {
    let a = assembled();
    let data = &a.data;
    let booklet = prepare_booklet(data, &a.templates, &data.printed, false, None).unwrap();
    let links = booklet.links();
    let slug = |n: usize| data.content.pages[data.printed[n]].slug.as_str();
    let mut scanned = Vec::new();
    for (n, &p) in data.printed.iter().enumerate() {
        let doc = &data.page_docs[p];
        for (parsed, fast) in both(links, &doc.html, n) {
            match fast {
                Some(fast) => {
                    assert_eq!(fast, parsed, "chapter {}", slug(n));
                    scanned.push(slug(n));
                }
                None => assert!(doc.element_ids.is_none(), "gave up on {}", slug(n)),
            }
        }
    }
    scanned.dedup();
    // Everything but the raw HTML only a parser reads went through the scan.
    assert_eq!(scanned, ["every", "raw", "other", "bundle"]);

    let every = data
        .printed
        .iter()
        .position(|&p| data.content.pages[p].slug == "every");
    let every = &data.page_docs[data.printed[every.unwrap()]];
    assert!(every.element_ids.is_some(), "no raw HTML in every.md");
    for kind in [
        "popovertarget=\"",
        "<span class=\"cite__pop\" popover id=\"",
        "href=\"#ref-",
        "class=\"footnote-definition\" id=\"",
        "<sup class=\"footnote-reference\"><a href=\"#why\">",
        "<img src=\"bundle/square.svg\"",
        "<table aria-labelledby=\"",
        "aria-label=\"a done task\"",
        "href=\"mailto:",
        "badge--moderate\" href=\"",
        "<code>&lt;a id=\"x\"&gt;</code>",
    ] {
        assert!(every.html.contains(kind), "{kind} not in {}", every.html);
    }
}

/// Pieces of Markdown that write ids, links and images, raw HTML the scan
/// reads and raw HTML it must leave to lol_html.
const PIECES: &[&str] = &[
    "# Intro\n\n",
    "## Intro\n\n",
    "## Own {#own .wide data-k=\"v\"}\n\n",
    "## Ref list\n\n",
    "Text.[^n]\n\n[^n]: A note & [back](#intro).\n\n",
    "[self](#intro) [top](#) [gone](#nowhere) [enc](#%69ntro) ",
    "[ref](#ref-adams2010) [own ref](#ref-list) ",
    "[rel](../b/) [rel frag](../b/#intro) [root](/kb/guides/b/) [off](/other/) ",
    "[query](../b/?a=1&b=2) [quote](<../b/\"q\">) [ext](https://example.net/x) ",
    "[mail](mailto:a@example.com) [titled](../b/ \"T\") ",
    "![pic](pic.png) ![root pic](/kb/p.png \"t\") ![ext](https://example.net/i.png) ",
    "- [x] done\n- [ ] to do\n\n",
    "| a |\n|---|\n| b |\n\n",
    "`<a id=\"code\">` a < b & c > d \"q\" 'a'\n\n",
    "```\n<div id=\"fence\" href=\"#intro\">\n```\n\n",
    "<div id=\"raw\" aria-describedby=\"raw intro\">raw</div>\n\n",
    "<a href=\"#raw\">raw link</a> <img src=\"r.png\" alt=\"r\"> <br/> ",
    "<label for=\"raw\">l</label> <td headers=\"raw intro\">d</td> ",
    "<button popovertarget=\"raw\" aria-controls=\"raw\" aria-owns=\"x\">b</button> ",
    "<A HREF=\"#INTRO\" Id=\"Up\">caps</A> <input disabled> ",
    "<!-- a comment <a id=\"c\"> -->\n\n",
    "<a href='#raw'>single</a> <span id=bare>bare</span> ",
    "<svg><a href=\"#raw\"><rect id=\"r\"/></a></svg>\n\n",
    "<script>var a = '<a id=\"s\">';</script>\n\n",
    "<textarea><a id=\"t\"></textarea>\n\n",
    "<!--> <a id=\"y\"> -->\n\n",
    "<p>unclosed <a href=\"#intro\"",
    "Plain words.\n\n",
];

fn generated_links(html: &str) -> BookletLinks {
    use std::collections::HashMap;

    use super::rewrite::{ChapterLinks, collect_ids};
    use url::Url;

    let base = Url::parse("https://example.com/kb/").unwrap();
    let mut ids = HashMap::new();
    for id in collect_ids(html).unwrap_or_default() {
        let new = format!("a-{id}-{}", ids.len());
        ids.entry(id).or_insert(new);
    }
    let chapter = |anchor: &str, ids| ChapterLinks {
        anchor: anchor.into(),
        page_url: base.join(&format!("guides/{anchor}/")).unwrap(),
        ids,
    };
    BookletLinks {
        by_path: HashMap::from([("guides/a/".into(), 0), ("guides/b/".into(), 1)]),
        chapters: vec![chapter("a", ids), chapter("b", HashMap::new())],
        references: HashMap::from([("ref-adams2010".into(), "ref-adams2010-2".into())]),
        memo: Default::default(),
        base,
    }
}

proptest::proptest! {
    #[test]
    fn the_scan_agrees_with_lol_html_on_generated_markdown(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 1..24)
    ) {
        let doc = markdown(&pieces);
        let links = generated_links(&doc.html);
        for unchanged in [true, false] {
            let Ok(parsed) = links.rewrite_chapter(&doc.html, 0, unchanged) else {
                continue;
            };
            let fast = links.rewrite_sheaf_chapter(&doc.html, 0, unchanged);
            if doc.element_ids.is_some() {
                proptest::prop_assert!(fast.is_some(), "gave up on sheaf's own HTML: {}", doc.html);
            }
            if let Some(fast) = fast {
                proptest::prop_assert_eq!(fast, parsed, "{}", doc.html);
            }
        }
    }

    /// Link answers the booklet keeps (`print::href_memo`) are those of
    /// every chapter: a chapter rewritten after another gets what it would
    /// from a booklet that kept nothing yet.
    #[test]
    fn kept_link_answers_are_the_same_in_every_chapter(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 1..24)
    ) {
        let doc = markdown(&pieces);
        let shared = generated_links(&doc.html);
        for n in [0, 1, 0, 1] {
            let fresh = generated_links(&doc.html).rewrite_chapter(&doc.html, n, false).ok();
            proptest::prop_assert_eq!(
                shared.rewrite_chapter(&doc.html, n, false).ok(), fresh, "{}", doc.html
            );
        }
    }
}

fn markdown(pieces: &[&str]) -> crate::markdown::Rendered {
    use crate::diagnostics::SourceFile;
    use crate::markdown::{LinkIndex, MarkdownInput, render};

    let file = SourceFile::new("a.md", pieces.concat());
    render(&MarkdownInput {
        file: &file,
        body_offset: 0,
        links: &LinkIndex::default(),
        citations: None,
    })
}
