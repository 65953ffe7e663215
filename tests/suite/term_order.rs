//! The order taxonomy terms are listed in (issue 18 item 5): natural order
//! by default, `[taxonomy_order]` first where a site gives one.

use crate::harness::{Site, select, text_of};

fn listed_terms(site: &Site, taxonomy: &str) -> Vec<String> {
    let doc = site.html(&format!("{taxonomy}/index.html"));
    select(&doc, ".term-list__name")
        .iter()
        .map(text_of)
        .collect()
}

#[test]
fn terms_are_listed_in_natural_order_numbers_first_by_value() {
    let site = Site::fixture("term_order/site");
    site.build();
    assert_eq!(
        listed_terms(&site, "audience"),
        [
            "5 to 8",
            "9 to 12",
            "10 to 12",
            "adolescents",
            "Birth to 5",
            "Early years"
        ]
    );
}

#[test]
fn taxonomy_order_lists_its_terms_first_then_the_rest_naturally() {
    let site = Site::fixture("term_order/site");
    site.build();
    assert_eq!(
        listed_terms(&site, "outcomes"),
        ["Wellbeing", "Reading", "Attendance", "maths"]
    );
    // The feed's categories and each page's own term links still resolve.
    let page = site.html("guides/guide-4/index.html");
    let links: Vec<String> = select(&page, "a[href*='/outcomes/wellbeing/']")
        .iter()
        .map(text_of)
        .collect();
    assert!(!links.is_empty(), "guide 4 links its outcome term");
}

#[test]
fn taxonomy_order_for_an_unknown_taxonomy_is_an_error_at_the_key() {
    let site = Site::fixture("term_order/site");
    site.edit("sheaf.toml", |t| t + "outcome = [\"Reading\"]\n");
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`[taxonomy_order]` names `outcome`, which is not in `taxonomies`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("sheaf.toml:9:1"), "{}", run.stderr);
}

#[test]
fn taxonomy_order_term_no_page_uses_is_a_warning_at_its_place() {
    let site = Site::fixture("term_order/site");
    site.edit("sheaf.toml", |t| {
        t.replace("\"Wellbeing\", \"Reading\"", "\"Wellbeing\", \"Readnig\"")
    });
    let run = site.build();
    assert!(
        run.stderr
            .contains("`[taxonomy_order]` lists the outcomes term `Readnig`, which no page uses"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("sheaf.toml:8:27"), "{}", run.stderr);
}
