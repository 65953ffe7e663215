//! What outside validators and crawlers check in the built HTML and XML:
//! head metadata (description, canonical, Open Graph), the favicon, the
//! search form's submit button and reserved space, task-list names, the
//! sitemap's coverage and the feed's content. Fixture:
//! tests/fixtures/web_quality/site (base URL under the sub-path `/sub/`).

use crate::harness::{Site, select};

fn built() -> Site {
    let site = Site::fixture("web_quality/site");
    site.build();
    site
}

/// Every HTML page of the fixture's output, by path.
const PAGES: &[&str] = &[
    "index.html",
    "guides/index.html",
    "guides/dated/index.html",
    "guides/undated/index.html",
    "tags/index.html",
    "tags/homework/index.html",
    "evidence/index.html",
    "evidence/levels/index.html",
    "evidence/harris2007/index.html",
    "print/index.html",
];

fn attr(site: &Site, page: &str, css: &str, name: &str) -> Option<String> {
    let doc = site.html(page);
    select(&doc, css)
        .first()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

#[test]
fn every_page_has_description_canonical_open_graph_and_icon() {
    let site = built();
    for page in PAGES {
        let url = format!(
            "https://example.org/sub/{}",
            page.trim_end_matches("index.html")
        );
        let description = attr(&site, page, "meta[name=description]", "content");
        assert!(
            description.as_deref().is_some_and(|d| !d.trim().is_empty()),
            "{page}: no meta description"
        );
        assert_eq!(
            attr(&site, page, "link[rel=canonical]", "href").as_deref(),
            Some(url.as_str()),
            "{page}: canonical link"
        );
        assert_eq!(
            attr(&site, page, "meta[property='og:url']", "content").as_deref(),
            Some(url.as_str()),
            "{page}: og:url"
        );
        for property in ["og:title", "og:type", "og:site_name", "og:description"] {
            let css = format!("meta[property='{property}']");
            assert!(
                attr(&site, page, &css, "content").is_some_and(|c| !c.is_empty()),
                "{page}: no {property}"
            );
        }
        assert_eq!(
            attr(&site, page, "meta[name='twitter:card']", "content").as_deref(),
            Some("summary"),
            "{page}: twitter card"
        );
        let icon = attr(&site, page, "link[rel=icon]", "href").expect("favicon link");
        assert_eq!(icon, "/sub/favicon.svg", "{page}");
    }
    assert!(site.public().join("favicon.svg").is_file());
    assert_eq!(
        attr(
            &site,
            "guides/dated/index.html",
            "meta[property='og:title']",
            "content"
        )
        .as_deref(),
        Some("Dated guide")
    );
}

#[test]
fn a_source_page_from_the_bibliography_alone_has_a_description() {
    let site = built();
    let description = attr(
        &site,
        "evidence/harris2007/index.html",
        "meta[name=description]",
        "content",
    )
    .expect("meta description");
    // Not the site-wide description: this page's own.
    assert!(
        description.contains("Engaging parents in raising achievement"),
        "{description}"
    );
}

#[test]
fn the_404_page_has_no_canonical_link() {
    let site = built();
    assert_eq!(attr(&site, "404.html", "link[rel=canonical]", "href"), None);
}

#[test]
fn the_search_form_has_a_submit_button_and_keeps_its_space_before_scripts_run() {
    let site = built();
    let doc = site.html("guides/index.html");
    let form = select(&doc, "form.site-search");
    let form = form.first().expect("search form");
    // `hidden` takes the form out of the layout; revealing it later pushes
    // <main> down (a layout shift on every phone page).
    assert_eq!(
        form.value().attr("hidden"),
        None,
        "the form must be laid out"
    );
    assert!(form.value().attr("data-pending").is_some());
    assert_eq!(
        select(&doc, "form.site-search button[type=submit]").len(),
        1,
        "HTML_CodeSniffer H32.2: a form needs a submit button"
    );
    let css = std::fs::read_to_string(site.public().join("style.css")).unwrap();
    assert!(css.contains(".site-search[data-pending] { visibility: hidden; }"));
}

#[test]
fn the_sitemap_lists_every_page_and_dates_undated_ones_from_what_they_list() {
    let site = built();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is XML");
    let urls: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect();
    for page in PAGES {
        let loc = format!(
            "https://example.org/sub/{}",
            page.trim_end_matches("index.html")
        );
        assert!(urls.iter().any(|(l, _)| *l == loc), "{loc} not in sitemap");
    }
    let lastmod = |loc: &str| {
        urls.iter()
            .find(|(l, _)| l == loc)
            .and_then(|(_, m)| m.clone())
    };
    // The section and the source take the date of the dated page in them.
    assert_eq!(
        lastmod("https://example.org/sub/guides/").as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(
        lastmod("https://example.org/sub/evidence/harris2007/").as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(lastmod("https://example.org/sub/guides/undated/"), None);
}

#[test]
fn feed_entries_carry_the_body_as_escaped_html_and_their_terms() {
    let site = built();
    let xml = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("feed is XML");
    let entry = doc
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .expect("an entry");
    let content = entry
        .children()
        .find(|c| c.has_tag_name("content"))
        .expect("<content>");
    assert_eq!(content.attribute("type"), Some("html"));
    // Escaped HTML: the markup is text of the element, not child elements.
    assert_eq!(content.children().filter(|c| c.is_element()).count(), 0);
    let html = content.text().unwrap();
    assert!(html.contains("<strong>together</strong>"), "{html}");
    let categories: Vec<_> = entry
        .children()
        .filter(|c| c.has_tag_name("category"))
        .map(|c| (c.attribute("term"), c.attribute("label")))
        .collect();
    assert_eq!(categories, [(Some("homework"), Some("homework"))]);
}

#[test]
fn task_list_checkboxes_are_named_by_their_item() {
    let site = built();
    let doc = site.html("guides/dated/index.html");
    let names: Vec<_> = select(&doc, "main input[type=checkbox]")
        .iter()
        .map(|e| e.value().attr("aria-label").map(str::to_string))
        .collect();
    assert_eq!(
        names,
        [
            Some("Read a book together".to_string()),
            Some("Ask about the school day".to_string())
        ]
    );
}
