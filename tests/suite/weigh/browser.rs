//! Citation popovers and the evidence map in a real browser (driven by
//! tests/browser/weigh.js): axe-core at 1280 and 375 px, and the popover
//! reached, opened and closed with the keyboard. The skip rule is
//! tests/suite/browser.rs's.

use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

use crate::browser::run_script;
use crate::harness::Site;

fn shared_report() -> &'static Result<Value, String> {
    static REPORT: OnceLock<Result<Value, String>> = OnceLock::new();
    REPORT.get_or_init(|| run_script("weigh.js", &Site::example(), &[], Duration::from_secs(300)))
}

fn report(test: &str) -> Option<&'static Value> {
    match shared_report() {
        Ok(report) => Some(report),
        Err(why) => {
            crate::harness::cannot_run(test, why);
            None
        }
    }
}

#[test]
fn axe_finds_no_serious_violation_on_popover_pages_and_the_map_at_both_widths() {
    let Some(report) =
        report("axe_finds_no_serious_violation_on_popover_pages_and_the_map_at_both_widths")
    else {
        return;
    };
    let mut failures = Vec::new();
    let pages = report["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 8, "four pages at two widths");
    for page in pages {
        for list in ["violations", "openViolations"] {
            for v in page[list].as_array().into_iter().flatten() {
                if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
                    failures.push(format!(
                        "{} at {} px ({list}): {v}",
                        page["type"], page["width"]
                    ));
                }
            }
        }
    }
    let opened = pages
        .iter()
        .filter(|p| p.get("openViolations").is_some())
        .count();
    assert_eq!(
        opened, 4,
        "the factsheet and research summary, at two widths, with a popover open"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(report["consoleErrors"], serde_json::json!([]));
}

#[test]
fn the_popover_is_reached_opened_and_closed_with_the_keyboard() {
    let Some(report) = report("the_popover_is_reached_opened_and_closed_with_the_keyboard") else {
        return;
    };
    let k = &report["keyboard"];
    assert!(
        k["reached"].is_object(),
        "Tab never reached the first citation's button: {k}"
    );
    assert_eq!(k["opened"]["open"], true, "Enter opens the popover: {k}");
    assert_eq!(
        k["inside"]["insidePopover"], true,
        "Tab moves into the open popover: {k}"
    );
    assert_eq!(k["closed"]["open"], false, "Escape closes it: {k}");
    assert_eq!(
        k["closed"]["target"], "cite-1-pop",
        "focus returns to the button: {k}"
    );
}
