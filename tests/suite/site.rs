//! The bundled example site and the basic fixture build into a whole site.

use crate::harness::{Site, select, text_of};

#[test]
fn example_site_builds_with_one_summary_line() {
    let site = Site::example();
    let run = site.build();
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("Built "), "summary line: {last}");
    assert!(
        last.contains(" pages, ") && last.ends_with("public/"),
        "summary line: {last}"
    );
    for page in [
        "index.html",
        "factsheets/index.html",
        "factsheets/learning-at-home/index.html",
        "factsheets/building-partnerships/index.html",
        "factsheets/building-partnerships/partnership-cycle.svg",
        "research/what-the-research-says/index.html",
        "outcomes/index.html",
        "outcomes/academic-achievement/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "search-index.json",
    ] {
        assert!(site.public().join(page).is_file(), "missing {page}");
    }
}

#[test]
fn pages_have_one_h1_landmarks_and_language() {
    let site = Site::example();
    site.build();
    for page in [
        "index.html",
        "factsheets/index.html",
        "factsheets/learning-at-home/index.html",
        "404.html",
    ] {
        let doc = site.html(page);
        assert_eq!(select(&doc, "h1").len(), 1, "{page} should have one h1");
        assert_eq!(select(&doc, "html[lang='en-AU']").len(), 1, "{page} lang");
        assert_eq!(select(&doc, "main#main").len(), 1, "{page} main landmark");
        assert!(
            !select(&doc, "a.skip-link[href='#main']").is_empty(),
            "{page} skip link"
        );
        assert!(
            select(
                &doc,
                "script[src^='http'], link[href^='http'][rel='stylesheet']"
            )
            .is_empty(),
            "{page} loads nothing external"
        );
    }
}

#[test]
fn internal_urls_honour_the_base_url_sub_path() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    let doc = site.html("index.html");
    let hrefs: Vec<String> = select(&doc, "a[href], link[href], script[src]")
        .iter()
        .filter_map(|e| {
            e.value()
                .attr("href")
                .or(e.value().attr("src"))
                .map(str::to_string)
        })
        .collect();
    assert!(!hrefs.is_empty());
    for href in hrefs {
        if href.starts_with('#') || href.starts_with("http") {
            continue;
        }
        assert!(href.starts_with("/sub/path/"), "{href} lacks the base path");
    }
    let guides = site.html("index.html");
    let link = select(&guides, "main a[href='/sub/path/guides/alpha/#tips']");
    assert_eq!(
        link.len(),
        1,
        "the @/ link with anchor resolves to the page URL"
    );
}

#[test]
fn section_lists_pages_in_weight_order_without_drafts() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    let doc = site.html("guides/index.html");
    let main = select(&doc, "main").into_iter().next().unwrap();
    let text = text_of(&main);
    let a = text.find("Alpha guide").expect("alpha listed");
    let b = text.find("Beta guide").expect("beta listed");
    let c = text.find("Bundle guide").expect("bundle listed");
    assert!(a < b && b < c, "weight order: {text}");
    assert!(!text.contains("Draft guide"));
    assert!(!site.public().join("guides/draft").exists());
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = Site::fixture("pipeline/basic");
    let run = site.sheaf(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.public().join("guides/draft/index.html").is_file());
}

#[test]
fn headings_get_unique_ids_and_custom_ids() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    let doc = site.html("guides/alpha/index.html");
    for id in ["tips", "tips-1", "my-anchor"] {
        assert_eq!(select(&doc, &format!("h2#{id}")).len(), 1, "heading #{id}");
    }
}

#[test]
fn bundle_assets_are_copied_and_aliases_redirect() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    assert!(
        site.public()
            .join("guides/bundle-page/diagram.svg")
            .is_file()
    );
    let doc = site.html("old/bundle.html");
    let canonical = select(&doc, "link[rel=canonical]");
    assert_eq!(
        canonical[0].value().attr("href"),
        Some("https://example.org/sub/path/guides/bundle-page/")
    );
    let refresh = select(&doc, "meta[http-equiv=refresh]");
    assert!(
        refresh[0]
            .value()
            .attr("content")
            .unwrap()
            .contains("https://example.org/sub/path/guides/bundle-page/")
    );
}

#[test]
fn taxonomy_terms_match_case_insensitively_with_a_warning() {
    let site = Site::fixture("pipeline/basic");
    let run = site.build();
    assert!(run.stderr.contains("also spelled"), "{}", run.stderr);
    let doc = site.html("topics/reading/index.html");
    let main = text_of(&select(&doc, "main")[0]);
    assert!(
        main.contains("Alpha guide") && main.contains("Beta guide"),
        "{main}"
    );
}

#[test]
fn yaml_front_matter_pages_render() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    let doc = site.html("guides/beta/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), "Beta guide");
    assert_eq!(select(&doc, "main table").len(), 1);
}

#[test]
fn sitemap_feed_and_search_index_use_absolute_and_base_urls() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/sub/path/guides/alpha/</loc>"));
    let feed = site.read("atom.xml");
    assert!(feed.contains("<id>https://example.org/sub/path/guides/beta/</id>"));
    let index: serde_json::Value = serde_json::from_str(&site.read("search-index.json")).unwrap();
    let urls: Vec<&str> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["url"].as_str().unwrap())
        .collect();
    assert!(urls.contains(&"/sub/path/guides/alpha/"));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/sub/path/sitemap.xml")
    );
}

#[test]
fn site_static_files_are_copied_to_the_root() {
    let site = Site::fixture("pipeline/basic");
    site.build();
    assert_eq!(site.read("robots-extra.txt"), "user static file\n");
    assert!(site.public().join("style.css").is_file());
}

#[test]
fn sheaf_new_scaffolds_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::harness::sheaf_in(dir.path(), &["new", "my-site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = dir.path().join("my-site");
    let run = crate::harness::sheaf_in(&root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        root.join("public/factsheets/reading-together/index.html")
            .is_file()
    );
    let again = crate::harness::sheaf_in(dir.path(), &["new", "my-site"]);
    assert_eq!(again.code, 2, "refuses a non-empty folder");
}

#[test]
fn no_site_found_is_a_usage_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::harness::sheaf_in(dir.path(), &["build"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("sheaf new"), "{}", run.stderr);
}
