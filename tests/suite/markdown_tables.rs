//! Tables right after a heading are named by it (`aria-labelledby`), so
//! screen readers announce them. Fixture: tests/fixtures/web_quality/tables.

use crate::harness::{Site, select};

#[test]
fn table_after_heading_is_labelled_by_it_and_others_are_not() {
    let site = Site::fixture("web_quality/tables");
    site.build();
    let doc = site.html("guides/tables/index.html");
    let tables = select(&doc, "table");
    assert_eq!(tables.len(), 2, "{}", site.read("guides/tables/index.html"));
    let label = tables[0].value().attr("aria-labelledby");
    assert_eq!(label, Some("sleep-by-age"));
    assert_eq!(select(&doc, "h2#sleep-by-age").len(), 1);
    assert_eq!(tables[1].value().attr("aria-labelledby"), None);
    assert!(
        !site
            .read("guides/tables/index.html")
            .contains("sheaf-table-label")
    );
}
