//! Branding and wording (issue 18): the strings table, page kinds with
//! singular and plural names, and `[brand]` settings.

use scraper::{Html, Selector};

use crate::harness::Site;

/// The trimmed text of every element matching `selector`.
fn texts(html: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    html.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn counts_name_each_sections_kind_in_singular_and_plural() {
    let site = Site::fixture("brand/kinds");
    site.build();
    let home = site.html("index.html");
    let counts = texts(&home, ".card__count");
    assert_eq!(
        counts,
        ["2 factsheets", "1 how-to guide", "1 research summary"],
        "home page section cards"
    );
    let research = site.html("research/index.html");
    assert_eq!(texts(&research, "#pages-title"), ["1 research summary"]);
    let guides = site.html("guides/index.html");
    assert_eq!(texts(&guides, "#pages-title"), ["1 how-to guide"]);
}

#[test]
fn a_page_names_its_own_kind_in_how_to_cite_and_print_footer() {
    let site = Site::fixture("brand/kinds");
    site.build();
    let summary = site.html("research/summary/index.html");
    assert_eq!(
        texts(&summary, ".print-source__title"),
        ["Read this research summary online"]
    );
    let guide = site.html("guides/only/index.html");
    assert_eq!(
        texts(&guide, ".print-source__title"),
        ["Read this how-to guide online"]
    );
}

#[test]
fn a_term_with_mixed_kinds_counts_pages_and_a_single_kind_counts_that_kind() {
    let site = Site::fixture("brand/kinds");
    site.build();
    let reading = site.html("outcomes/reading/index.html");
    assert_eq!(
        texts(&reading, ".page-header .lead"),
        ["3 pages tagged “Reading”."]
    );
    let writing = site.html("outcomes/writing/index.html");
    assert_eq!(
        texts(&writing, ".page-header .lead"),
        ["1 how-to guide tagged “Writing”."]
    );
    let list = site.html("outcomes/index.html");
    assert_eq!(
        texts(&list, ".term-list__count"),
        ["3 pages", "1 how-to guide"]
    );
}

#[test]
fn breadcrumbs_say_home_on_every_kind_of_page() {
    let site = Site::fixture("brand/kinds");
    site.build();
    for page in [
        "factsheets/one/index.html",
        "research/index.html",
        "outcomes/index.html",
        "outcomes/reading/index.html",
        "evidence/index.html",
    ] {
        let first = texts(&site.html(page), ".breadcrumb li");
        assert_eq!(first.first().map(String::as_str), Some("Home"), "{page}");
    }
}

#[test]
fn a_site_strings_file_overrides_one_key_and_keeps_the_rest() {
    let site = Site::fixture("brand/kinds");
    site.write(
        "content/factsheets/long.md",
        "+++\ntitle = \"Long\"\n+++\n\n## A\n\n## B\n\n## C\n",
    );
    site.build();
    let page = site.html("factsheets/long/index.html");
    assert_eq!(texts(&page, "#toc-title"), ["In this page"]);
    assert_eq!(texts(&page, ".skip-link"), ["Skip to main content"]);
}

#[test]
fn a_broken_strings_file_is_an_error_at_its_line() {
    let site = Site::fixture("brand/kinds");
    site.write("strings/en.toml", "[page]\non_this_page = 3\n");
    let run = site.sheaf(&["build"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("strings/en.toml:2"), "{}", run.stderr);
    assert!(run.stderr.contains("page.on_this_page"), "{}", run.stderr);
}

#[test]
fn the_example_research_summary_says_so() {
    let site = Site::example();
    site.build();
    let home = site.html("index.html");
    assert!(
        texts(&home, ".card__count").contains(&"1 research summary".to_string()),
        "{:?}",
        texts(&home, ".card__count")
    );
    let page = site.html("research/what-the-research-says/index.html");
    assert_eq!(
        texts(&page, "#cite-title"),
        ["How to cite this research summary"]
    );
}
