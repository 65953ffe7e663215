//! User CSL styles on a fixture site: the official styles from
//! citation-style-language/styles (tests/fixtures/evidence/csl/SOURCES.md)
//! format both the in-text citations and the reference list, years
//! included; numeric styles number each page's sources in citation order;
//! note styles are refused with a message naming what to use instead.

use crate::harness::{Site, fixtures, select, text_of};

/// The fixture site with `style` (a file of tests/fixtures/evidence/csl)
/// as its citation style.
fn site_with(style: &str) -> Site {
    let site = Site::fixture("csl/site");
    let xml = std::fs::read_to_string(fixtures().join("evidence/csl").join(style)).unwrap();
    site.write("styles/style.csl", &xml);
    site
}

fn paragraph(site: &Site, page: &str) -> String {
    text_of(&select(&site.html(page), "main .prose p")[0])
}

fn list(site: &Site, page: &str) -> Vec<String> {
    let doc = site.html(page);
    select(&doc, ".reference-list li .reference-list__text")
        .iter()
        .map(text_of)
        .collect()
}

#[test]
fn official_apa_csl_gives_years_in_citations_and_references() {
    let site = site_with("apa.csl");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        paragraph(&site, "one/index.html"),
        "First (Adams & Brown, 2019; Clark, 2021). Then (Baker, 2015). Again (Adams & Brown, 2019, p. 50)."
    );
    assert_eq!(
        list(&site, "one/index.html"),
        [
            "Adams, R., & Brown, T. (2019). Reading at home. Journal of Literacy, 12(3), 45–67.",
            "Baker, L. (2015). Families and schools. Academic Press.",
            "Clark, A. (2021). Homework and sleep. Sleep Review, 4, 1–9.",
        ]
    );
}

#[test]
fn numeric_style_numbers_citations_in_citation_order_per_page() {
    let site = site_with("ieee.csl");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        paragraph(&site, "one/index.html"),
        "First [1], [2]. Then [3]. Again [2, p. 50]."
    );
    let one = list(&site, "one/index.html");
    assert_eq!(one.len(), 3);
    assert!(one[0].starts_with("[1] A. Clark"), "{one:?}");
    assert!(one[1].starts_with("[2] R. Adams"), "{one:?}");
    assert!(one[2].starts_with("[3] L. Baker"), "{one:?}");
    // Another page numbers its own sources from 1.
    assert_eq!(paragraph(&site, "two/index.html"), "Only [1].");
    assert!(list(&site, "two/index.html")[0].starts_with("[1] L. Baker"));
}

#[test]
fn superscript_numeric_style_writes_sup_elements() {
    let site = site_with("american-medical-association.csl");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = site.html("one/index.html");
    let sups: Vec<String> = select(&doc, "main .prose p sup")
        .iter()
        .map(text_of)
        .collect();
    assert!(!sups.is_empty(), "{}", site.read("one/index.html"));
    assert!(sups[0].starts_with('1'), "{sups:?}");
    assert!(list(&site, "one/index.html")[0].starts_with("1. Clark A"));
}

#[test]
fn vancouver_numbers_in_citation_order() {
    let site = site_with("elsevier-vancouver.csl");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = paragraph(&site, "one/index.html");
    assert!(text.starts_with("First [1,2]. Then [3]."), "{text}");
    let listed = list(&site, "one/index.html");
    assert!(listed[2].starts_with("[3] Baker L"), "{listed:?}");
}

#[test]
fn note_style_is_refused_naming_the_style_and_what_to_use() {
    let site = site_with("chicago-notes-bibliography.csl");
    let run = site.sheaf(&["build"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("style.csl"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Chicago Manual of Style"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is a note style"), "{}", run.stderr);
    assert!(run.stderr.contains("chicago-author-date"), "{}", run.stderr);
}
