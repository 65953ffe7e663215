//! `--pdf` fetches nothing content names: while printing, Chromium may
//! load only sheaf's own print server. A page embedding an image and an
//! iframe from a local service on 127.0.0.1 makes no request to it and
//! gets a warning; `alert()` is dismissed; the time limit is
//! `[print] timeout` and a timeout names what the page was doing.

use std::time::Duration;

use super::external::server;
use crate::harness::{Run, Site, sheaf_with, skip_without_browser};

fn browser_or_skip(test: &str) -> bool {
    if sheaf::print::find_browser().is_ok() {
        return true;
    }
    skip_without_browser(test, "Chromium is not installed");
    false
}

/// The links fixture with one printed factsheet holding `body`.
fn factsheet(body: &str, print: &str) -> Site {
    let site = Site::fixture("links/site");
    site.edit("sheaf.toml", |t| format!("{t}\n[print]\n{print}\n"));
    site.write(
        "content/factsheets/_index.md",
        "+++\ntitle = \"Factsheets\"\n+++\n",
    );
    site.write(
        "content/factsheets/embeds.md",
        &format!("+++\ntitle = \"Embeds\"\n+++\n\n{body}\n"),
    );
    site
}

fn build_pdf(site: &Site) -> Run {
    sheaf_with(
        site.root(),
        &["build", "--pdf", "--jobs", "1"],
        &[],
        Duration::from_secs(120),
    )
}

#[test]
fn printing_makes_no_request_to_a_local_service_and_warns() {
    if !browser_or_skip("printing_makes_no_request_to_a_local_service_and_warns") {
        return;
    }
    let server = server();
    let site = factsheet(
        &format!(
            "![A chart](<{}>)\n\n<iframe src=\"{}\" title=\"Internal\"></iframe>\n",
            server.url("/ok"),
            server.url("/ok-2")
        ),
        "",
    );
    let run = build_pdf(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = server.log.lock().unwrap().clone();
    assert!(
        log.is_empty(),
        "the browser fetched from the local service: {log:?}"
    );
    let e = &run.stderr;
    for path in ["/ok", "/ok-2"] {
        assert!(
            e.contains(&format!(
                "the page asked for `{}`, which was blocked",
                server.url(path)
            )),
            "no warning for {path}:\n{e}"
        );
    }
    assert!(
        e.contains("while printing content/factsheets/embeds.md"),
        "the warning names the page:\n{e}"
    );
    assert!(site.public().join("factsheets/embeds/embeds.pdf").is_file());
}

#[test]
fn an_alert_in_a_page_is_dismissed_and_the_pdf_prints() {
    if !browser_or_skip("an_alert_in_a_page_is_dismissed_and_the_pdf_prints") {
        return;
    }
    let site = factsheet(
        "<script>alert(\"hello\")</script>\n\nText.",
        "timeout = \"20s\"",
    );
    let run = build_pdf(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.public().join("factsheets/embeds/embeds.pdf").is_file());
}

#[test]
fn a_page_that_never_loads_times_out_at_the_configured_limit_naming_why() {
    if !browser_or_skip("a_page_that_never_loads_times_out_at_the_configured_limit_naming_why") {
        return;
    }
    // 10 s, not less: on a loaded machine Chromium can take seconds just to
    // open a tab, and the message would then name that phase instead.
    let site = factsheet("<script>for (;;) {}</script>\n\nText.", "timeout = \"10s\"");
    let run = build_pdf(&site);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let e = &run.stderr;
    assert!(e.contains("took longer than 10 s"), "{e}");
    assert!(e.contains("still loading the page"), "{e}");
    assert!(e.contains("[print] timeout"), "{e}");
    assert!(!e.contains("network"), "no misleading network hint:\n{e}");
}
