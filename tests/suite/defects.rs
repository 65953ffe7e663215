//! Defects found from outside (issue 19): inputs that panicked, paths read
//! wrongly, errors at the wrong place or cascading into false ones.

use crate::harness::{Site, normalise, select};

#[test]
fn junk_after_a_date_is_an_error_at_the_value_not_a_panic() {
    let site = Site::fixture("defects/bad-date");
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = normalise(&run.stderr, site.root());
    assert!(out.contains("content/news.md:3:8"), "{out}");
    assert!(out.contains("`2024-03-01 é` is not a date"), "{out}");
    assert!(out.contains("YYYY-MM-DD"), "{out}");
}

#[test]
fn words_after_a_time_are_refused_instead_of_reaching_the_feed() {
    let site = Site::fixture("defects/bad-date");
    std::fs::remove_file(site.root().join("content/news.md")).unwrap();
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = normalise(&run.stderr, site.root());
    assert!(out.contains("content/junk.md:3:8"), "{out}");
    assert!(
        out.contains("` am` after the time is not an offset"),
        "{out}"
    );
}

#[test]
fn feed_dates_are_valid_rfc3339() {
    let site = Site::fixture("defects/bad-date");
    for bad in ["content/news.md", "content/junk.md"] {
        std::fs::remove_file(site.root().join(bad)).unwrap();
    }
    site.build();
    let feed = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed is XML");
    let updated: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("updated"))
        .filter_map(|n| n.text())
        .collect();
    assert!(!updated.is_empty(), "{feed}");
    for stamp in updated {
        assert_eq!(stamp, "2024-03-01T10:30:00Z", "{feed}");
    }
}

#[test]
fn a_folder_named_content_inside_content_keeps_its_name() {
    let site = Site::fixture("defects/nested-content");
    site.build();
    let nested = site.html("content/a/index.html");
    assert!(
        select(&nested, "main")
            .iter()
            .any(|m| m.text().collect::<String>().contains("content/content/")),
        "content/content/a.md was not built at /content/a/"
    );
    let top = site.html("a/index.html");
    assert!(
        top.root_element()
            .text()
            .collect::<String>()
            .contains("share the file name")
    );
    let home = site.html("index.html");
    let links: Vec<String> = select(&home, "main a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        links.iter().any(|h| h.ends_with("/content/a/")),
        "{links:?}"
    );
}

#[test]
fn a_base_url_that_is_not_http_exits_1_as_documented() {
    let site = Site::fixture("defects/nested-content");
    let run = site.sheaf(&["build", "--base-url", "ftp://x/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
}

#[test]
fn yaml_front_matter_errors_point_at_the_key() {
    let site = Site::fixture("defects/yaml-front");
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = normalise(&run.stderr, site.root());
    assert!(out.contains("unknown taxonomy `topic`"), "{out}");
    assert!(out.contains("content/tagged.md:4:3"), "{out}");
    assert!(
        out.contains("template `fancy.html` does not exist"),
        "{out}"
    );
    assert!(out.contains("content/tagged.md:5:1"), "{out}");
    assert!(!out.contains("content/tagged.md:1:1"), "{out}");
}

#[test]
fn one_front_matter_mistake_is_reported_once_without_false_link_or_citation_errors() {
    let site = Site::fixture("defects/cascade");
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = normalise(&run.stderr, site.root());
    assert!(out.contains("unknown key `sumary`"), "{out}");
    assert!(!out.contains("missing page"), "false link error:\n{out}");
    assert!(
        !out.contains("never cited"),
        "false citation warning:\n{out}"
    );
    assert_eq!(out.matches("error:").count(), 1, "{out}");
}

#[test]
fn a_link_to_a_draft_says_the_target_is_a_draft() {
    let site = Site::fixture("defects/draft-link");
    let run = site.sheaf(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = normalise(&run.stderr, site.root());
    assert!(out.contains("link to a draft page `@/plan.md`"), "{out}");
    assert!(out.contains("content/_index.md:4:"), "{out}");
    assert!(out.contains("--drafts"), "{out}");
    assert_eq!(site.sheaf(&["check", "--drafts"]).code, 0);
}
