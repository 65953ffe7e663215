//! Citation syntax on built sites: citations hard-wrapped across lines in
//! every block that holds text, pandoc's key rules and braced keys,
//! warnings for what looks like a citation but is not one, and citations
//! in section bodies and evidence notes.

use crate::harness::{Site, select, text_of};

const WRAPPED: &str = "citations/wrapped";

/// The "Cited in" entries of a source's page, as text.
fn cited_in(site: &Site, segment: &str) -> Vec<String> {
    let doc = site.html(&format!("evidence/{segment}/index.html"));
    select(&doc, "main .cited-list > li")
        .iter()
        .map(text_of)
        .collect()
}

#[test]
fn wrapped_citations_render_as_citations_in_every_block() {
    let site = Site::fixture(WRAPPED);
    let run = site.build();
    let page = site.read("factsheets/wrapped/index.html");
    let doc = site.html("factsheets/wrapped/index.html");
    let main = text_of(&select(&doc, "main").remove(0));
    for literal in [
        "[@",
        "@senechal",
        "@malinowski",
        "@plus",
        "@{",
        "[see",
        "[p.",
    ] {
        assert!(
            !main.contains(literal),
            "literal `{literal}` left in the page: {main}\n{}",
            run.stderr
        );
    }
    let links =
        |key_segment: &str| select(&doc, &format!("main a[href=\"#ref-{key_segment}\"]")).len();
    // Paragraphs (two per line-broken group), narrative with a wrapped
    // locator, breaks after `[` and before `]`, a hard break, a list item,
    // a block quote, a footnote, a table cell and a prefix with emphasis.
    assert_eq!(links("senechal2008"), 5, "{page}");
    assert_eq!(links("senechal2002"), 3, "{page}");
    assert_eq!(links("malinowski26~3A_crime_custom_"), 2, "{page}");
    assert_eq!(links("plus~2B"), 3, "{page}");
    assert_eq!(links("odd~21key"), 1, "{page}");
    assert!(
        select(&doc, "blockquote a[href^=\"#ref-\"]").len() == 1
            && !select(&doc, "li a[href^=\"#ref-\"]").is_empty()
            && select(&doc, "td a[href^=\"#ref-\"]").len() == 1
            && select(&doc, ".footnote-definition a[href^=\"#ref-\"]").len() == 1,
        "{page}"
    );
    assert!(!run.stderr.contains("warning: `@`"), "{}", run.stderr);
}

#[test]
fn wrapped_locators_reach_the_sources_cited_in_list() {
    let site = Site::fixture(WRAPPED);
    site.build();
    let items = cited_in(&site, "senechal2008");
    assert_eq!(items.len(), 1, "{items:?}");
    for locator in ["p. 897", "p. 899", "p. 901", "p. 902", "p. 903"] {
        assert!(items[0].contains(locator), "{locator} missing: {items:?}");
    }
    let items = cited_in(&site, "senechal2002");
    assert!(
        items[0].contains("pp. 10–12") && items[0].contains("Chapter 3"),
        "{items:?}"
    );
    let items = cited_in(&site, "malinowski26~3A_crime_custom_");
    assert!(
        items[0].contains("p. 12") && items[0].contains("p. 40"),
        "{items:?}"
    );
    let items = cited_in(&site, "plus~2B");
    for locator in ["p. 3", "p. 8", "p. 9"] {
        assert!(items[0].contains(locator), "{locator} missing: {items:?}");
    }
    assert!(cited_in(&site, "odd~21key")[0].contains("p. 7"));
}

#[test]
fn section_bodies_and_notes_resolve_citations_and_count_as_cited() {
    let site = Site::fixture(WRAPPED);
    let run = site.build();
    assert!(!run.stderr.contains("never cited"), "{}", run.stderr);
    let section = site.html("factsheets/index.html");
    let links = select(
        &section,
        "main a.citation[href$=\"/evidence/sectioncited/\"]",
    );
    assert_eq!(links.len(), 1, "{}", site.read("factsheets/index.html"));
    assert!(!text_of(&select(&section, "main").remove(0)).contains("@sectioncited"));
    let items = cited_in(&site, "sectioncited");
    assert!(
        items.len() == 1 && items[0].contains("Factsheets") && items[0].contains("p. 4"),
        "{items:?}"
    );
    let source = site.html("evidence/senechal2002/index.html");
    let note_links = select(&source, "main a.citation[href$=\"/evidence/notecited/\"]");
    assert_eq!(
        note_links.len(),
        1,
        "{}",
        site.read("evidence/senechal2002/index.html")
    );
    let items = cited_in(&site, "notecited");
    assert!(items.len() == 1 && items[0].contains("p. 2"), "{items:?}");
}

#[test]
fn unknown_key_on_a_wrapped_second_line_reports_its_line_and_column() {
    let site = Site::fixture(WRAPPED);
    site.write(
        "content/factsheets/typo.md",
        "+++\ntitle = \"Typo\"\n+++\nFirst line [see @senechal2008, p. 1; and\n   @senechal2009, p. 2].\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("unknown citation key `senechal2009`")
            && run.stderr.contains("typo.md:5:4"),
        "{}",
        run.stderr
    );
}

#[test]
fn what_looks_like_a_citation_but_is_not_is_a_warning_with_its_place() {
    let site = Site::fixture(WRAPPED);
    site.write(
        "content/factsheets/odd.md",
        "+++\ntitle = \"Odd\"\n+++\nA bad key [@-senechal2008] here.\n\nAn open brace @{senechal2008 here.\n\nMeet @ noon, mail a@b.org.\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("`@` without a citation key") && run.stderr.contains("odd.md:4:12"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("braced citation key without its closing `}`")
            && run.stderr.contains("odd.md:6:15"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("odd.md:").count(), 2, "{}", run.stderr);
}
