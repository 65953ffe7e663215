//! Input written to hurt (issue 20): sizes that used to cost the square of
//! their length, a previous output sheaf cannot delete, closed pipes,
//! escape sequences in content, case-only output collisions, and paths
//! in sheaf.toml that point outside the site. Each test runs at a size
//! where the old quadratic cost would blow the harness's hang timeout;
//! none asserts a time.

use crate::harness::{Site, select, text_of};

fn page(title: &str, front: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{front}+++\n{body}")
}

/// 6,000 distinct terms over 3,000 pages: every term page used to carry the
/// whole term list (36 million entries here, minutes in a debug build).
#[test]
fn thousands_of_distinct_terms_build_each_term_page() {
    let site = Site::fixture("pipeline/basic");
    for p in 0..3_000 {
        site.write(
            &format!("content/many/p{p}.md"),
            &page(
                &format!("Page {p}"),
                &format!(
                    "[taxonomies]\ntopics = [\"term {}\", \"term {}\"]\n",
                    2 * p,
                    2 * p + 1
                ),
                "Text.\n",
            ),
        );
    }
    site.build();
    let doc = site.html("topics/term-5999/index.html");
    let cards: Vec<String> = select(&doc, ".card__title a").iter().map(text_of).collect();
    assert_eq!(cards, ["Page 2999"]);
    let list = site.html("topics/index.html");
    assert!(select(&list, "a").len() >= 6_000);
}

#[test]
fn a_page_with_too_many_terms_is_an_error_naming_it() {
    let site = Site::fixture("pipeline/basic");
    let terms: Vec<String> = (0..10_000).map(|t| format!("\"term {t}\"")).collect();
    site.write(
        "content/guides/tagged.md",
        &page(
            "Tagged",
            &format!("[taxonomies]\ntopics = [{}]\n", terms.join(", ")),
            "Text.\n",
        ),
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/guides/tagged.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("10000 topics terms; a page may have at most 100"),
        "{}",
        run.stderr
    );
}
