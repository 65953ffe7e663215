//! Evidence linking on a fixture site: citations link to the page's
//! reference list, sources list exactly their citing pages, bibliography
//! text is escaped everywhere, and bad keys are reported with suggestions.

use crate::harness::{Site, normalise, select, text_of};

const XSS_TITLE: &str = "<script>alert(1)</script> & more";

fn built() -> Site {
    let site = Site::fixture("evidence/site");
    site.build();
    site
}

#[test]
fn citations_link_to_entries_of_the_page_reference_list() {
    let site = built();
    let doc = site.html("factsheets/alpha/index.html");
    let citations = select(&doc, "main a.citation");
    assert_eq!(citations.len(), 3, "three cited items");
    for c in &citations {
        let href = c.value().attr("href").unwrap();
        let id = href.strip_prefix('#').expect("in-page link");
        assert_eq!(
            select(&doc, &format!("li[id='{id}']")).len(),
            1,
            "{href} has a reference entry"
        );
    }
    let paragraph = text_of(&select(&doc, "main .prose p")[0]);
    assert_eq!(
        paragraph,
        // APA 7 §8.12: works in one citation are in reference-list order.
        "Parents matter (Australian Parents Council, 2009, p. 13; Harris & Goodall, 2007b). Escaping is hard (Smith, 2020)."
    );
}

#[test]
fn reference_list_is_sorted_and_letters_follow_title_order_site_wide() {
    let site = built();
    let doc = site.html("factsheets/beta/index.html");
    let entries: Vec<String> = select(&doc, "main ol.reference-list li")
        .iter()
        .map(text_of)
        .collect();
    assert!(
        entries[0].starts_with("Harris, A., & Goodall, J. (2007a). Apple studies"),
        "{entries:?}"
    );
    assert!(
        entries[1].starts_with("Harris, A., & Goodall, J. (2007b). Zebra studies"),
        "{entries:?}"
    );
    let prose = text_of(&select(&doc, "main .prose p")[0]);
    assert_eq!(
        prose,
        "Harris and Goodall (2007a, pp. 3–5) found the same; later work agrees (2007b)."
    );
}

#[test]
fn code_spans_code_blocks_emails_and_escapes_are_not_citations() {
    let site = built();
    let doc = site.html("factsheets/alpha/index.html");
    let codes: Vec<String> = select(&doc, "main code").iter().map(text_of).collect();
    assert!(codes.contains(&"[@xss2020]".to_string()), "{codes:?}");
    assert!(
        codes
            .iter()
            .any(|c| c.contains("[@goodall2007a] inside a code block")),
        "{codes:?}"
    );
    let second = text_of(&select(&doc, "main .prose p")[1]);
    assert!(second.contains("an escaped [@apc2009] bracket"), "{second}");
    assert!(second.contains("someone@example.org"), "{second}");
}

#[test]
fn source_page_lists_exactly_the_citing_pages_with_locators() {
    let site = built();
    let doc = site.html("evidence/goodall2007b/index.html");
    let main = select(&doc, "main")[0];
    let cited_in: Vec<String> = select(&doc, "main .cited-list > li > a")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(cited_in, ["Alpha", "Beta"], "{}", text_of(&main));
    let apc = site.html("evidence/apc2009/index.html");
    let items: Vec<String> = select(&apc, "main .cited-list > li")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(items.len(), 1);
    assert!(
        items[0].contains("Alpha") && items[0].contains("p. 13"),
        "{items:?}"
    );
    assert!(
        !site.public().join("evidence/unused2001").exists(),
        "uncited entries get no page"
    );
}

#[test]
fn evidence_index_counts_citing_pages() {
    let site = built();
    let doc = site.html("evidence/index.html");
    let items: Vec<String> = select(&doc, "main li").iter().map(text_of).collect();
    let item = |key_text: &str| {
        items
            .iter()
            .find(|i| i.contains(key_text))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        item("Zebra studies").contains("Cited in 2 pages"),
        "{items:?}"
    );
    assert!(
        item("Apple studies").contains("Cited in 1 page"),
        "{items:?}"
    );
    assert!(
        !items.iter().any(|i| i.contains("Never cited")),
        "unused entries are not listed"
    );
    assert!(site.public().join("evidence/levels/index.html").is_file());
}

#[test]
fn bibliography_markup_is_shown_as_text_everywhere() {
    let site = built();
    for page in [
        "factsheets/alpha/index.html",
        "evidence/xss2020/index.html",
        "evidence/index.html",
    ] {
        let doc = site.html(page);
        let main = select(&doc, "main")[0];
        assert!(
            text_of(&main).contains(XSS_TITLE),
            "{page} shows the title as text"
        );
        assert!(
            select(&doc, "main script, main b").is_empty(),
            "{page} has no injected elements"
        );
    }
    let source = site.html("evidence/xss2020/index.html");
    assert!(text_of(&select(&source, "main")[0]).contains("<b>meta-analysis</b>"));
}

#[test]
fn unknown_citation_key_reports_line_and_suggestion() {
    let site = Site::fixture("evidence/site");
    site.write(
        "content/factsheets/delta.md",
        "+++\ntitle = \"Delta\"\n+++\nGood parenting matters most [@goodal2007a, p. 4].\n",
    );
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1);
    let out = normalise(&run.stderr, site.root());
    assert!(out.contains("content/factsheets/delta.md:4:30"), "{out}");
    assert!(out.contains("did you mean `goodall2007a`"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unused_entries_warn_and_fail_under_strict() {
    let site = Site::fixture("evidence/site");
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("`unused2001` is never cited") && run.stderr.contains("refs.bib:32:10"),
        "{}",
        run.stderr
    );
    assert_eq!(site.sheaf(&["check", "--strict"]).code, 1);
}

#[test]
fn notes_for_an_unknown_key_are_an_error() {
    let site = Site::fixture("evidence/site");
    site.write(
        "content/evidence/xss2021.md",
        "+++\nsummary = \"typo in the file name\"\n+++\n",
    );
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("notes for `xss2021`") && run.stderr.contains("did you mean `xss2020`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_bibliography_is_reported_at_its_line() {
    let site = Site::fixture("evidence/site");
    site.write("refs.bib", "@article{ok2020,\n  title = {Fine},\n  year = {2020}\n}\n\n@article{broken,\n  title = {Unclosed\n");
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1);
    // The `{` that never closes, in the entry that opens it.
    assert!(run.stderr.contains("refs.bib:7:11"), "{}", run.stderr);
    assert!(run.stderr.contains("entry `broken`"), "{}", run.stderr);
}

#[test]
fn only_web_urls_from_the_bibliography_become_links() {
    let site = Site::fixture("evidence/site");
    site.edit("refs.bib", |bib| {
        bib.replace(
            "  doi     = {10.1000/xyz123}",
            "  url     = {javascript:alert(1)}",
        )
    });
    site.build();
    for page in [
        "factsheets/alpha/index.html",
        "evidence/xss2020/index.html",
        "evidence/index.html",
    ] {
        let doc = site.html(page);
        let bad: Vec<_> = select(&doc, "a[href]")
            .into_iter()
            .filter(|a| {
                a.value()
                    .attr("href")
                    .unwrap()
                    .to_ascii_lowercase()
                    .contains("javascript:")
            })
            .collect();
        assert!(bad.is_empty(), "{page} links to a javascript: URL");
    }
}
