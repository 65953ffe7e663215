//! Search per language in Chromium (issue 17): over a site with English,
//! Simplified Chinese (`zh-Hans`) and Arabic pages, tests/browser/check.js
//! types a query into each language's search box and reads the results.
//! Chinese has no spaces between words, Arabic readers leave out vowel
//! marks; both must still find their page.

use std::time::Duration;

use serde_json::Value;

use crate::browser::run_script;
use crate::harness::Site;

/// check.js's search report over the fixture, or why it cannot run.
fn search_report() -> Result<Value, String> {
    let site = Site::fixture("languages/search");
    let report = run_script(
        "check.js",
        &site,
        &["--search-only"],
        Duration::from_secs(180),
    )?;
    Ok(report["search"].clone())
}

#[test]
fn chinese_and_arabic_queries_find_their_pages_in_the_browser() {
    let search = match search_report() {
        Ok(search) => search,
        Err(why) => {
            crate::harness::cannot_run(
                "chinese_and_arabic_queries_find_their_pages_in_the_browser",
                &why,
            );
            return;
        }
    };
    let chinese = &search["chinese"];
    assert_eq!(chinese["tag"], "zh-Hans", "{search}");
    assert_eq!(chinese["results"][0]["title"], "在家学习", "{search}");
    assert_eq!(
        chinese["results"][0]["href"], "/zh-Hans/factsheets/learning-at-home/",
        "{search}"
    );
    // The other Chinese page shares no word pair with the query.
    let hrefs: Vec<&str> = chinese["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["href"].as_str())
        .collect();
    assert!(
        !hrefs.contains(&"/zh-Hans/factsheets/reading-together/"),
        "{search}"
    );
    let arabic = &search["arabic"];
    assert_eq!(arabic["results"][0]["title"], "التعلّم في البيت", "{search}");
    assert_eq!(
        arabic["results"][0]["href"], "/ar/factsheets/learning-at-home/",
        "{search}"
    );
    // The English box searches the English index only.
    assert_eq!(
        search["results"][0]["href"], "/factsheets/learning-at-home/",
        "{search}"
    );
}
