//! The default theme in a real browser: axe-core on one page of every type,
//! sideways scrolling at 375 px, and the search box, all driven by
//! tests/browser/check.js (puppeteer-core against the system Chromium).
//!
//! Without Node, Chromium or the Node packages these tests fail, unless the
//! run asked to skip them (`SHEAF_SKIP_BROWSER=1`), when each is listed as
//! skipped. The packages are installed by the set-up, not by the tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::Site;

pub(crate) fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

pub(crate) fn chrome() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SHEAF_CHROME") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| on_path(name))
}

/// Runs `command` with a time limit; returns its stdout if it succeeded.
pub(crate) fn run_with_timeout(mut command: Command, limit: Duration) -> Result<String, String> {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).map(|_| s)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{command:?} timed out after {limit:?}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap().unwrap_or_default();
    let stderr = err.join().unwrap().unwrap_or_default();
    if status.success() {
        Ok(stdout)
    } else {
        Err(format!("{command:?} failed ({status}):\n{stderr}"))
    }
}

/// Runs `script` (a file in tests/browser) over `site` with this build's
/// sheaf and the system Chromium, `extra` arguments after the usual ones,
/// and returns the JSON report it prints. `Err` says which tool is missing
/// (the caller hands it to [`crate::harness::cannot_run`]); a script that
/// runs and fails panics with its stderr.
pub(crate) fn run_script(
    script: &str,
    site: &Site,
    extra: &[&str],
    limit: Duration,
) -> Result<Value, String> {
    let node = on_path("node").ok_or("`node` is not installed (apt-get install -y nodejs npm)")?;
    let chrome = chrome()
        .ok_or("no Chromium found (chromium, chromium-browser, google-chrome or SHEAF_CHROME)")?;
    let dir = browser_dir();
    // Installing needs the network, so it belongs to the set-up (README,
    // .ci/run), never to the test run.
    for package in ["puppeteer-core", "axe-core"] {
        if !dir.join("node_modules").join(package).is_dir() {
            return Err(format!(
                "the Node package {package} is not installed in tests/browser/node_modules: run `npm ci --prefix tests/browser` once (bash .ci/run does)"
            ));
        }
    }
    let mut command = Command::new(node);
    command
        .arg(dir.join(script))
        .arg("--sheaf")
        .arg(env!("CARGO_BIN_EXE_sheaf"))
        .arg("--root")
        .arg(site.root())
        .arg("--out")
        .arg(site.root().join("browser-out"))
        .arg("--chrome")
        .arg(&chrome)
        .args(extra)
        .env("NO_COLOR", "1");
    let stdout =
        run_with_timeout(command, limit).unwrap_or_else(|why| panic!("{script} failed: {why}"));
    Ok(serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{script} printed no JSON report ({e}):\n{stdout}")))
}

/// The report of one run of check.js over the example site, shared by the
/// tests below, or why the browser tools are missing.
fn shared_report() -> &'static Result<Value, String> {
    static REPORT: OnceLock<Result<Value, String>> = OnceLock::new();
    REPORT.get_or_init(|| run_script("check.js", &Site::example(), &[], Duration::from_secs(300)))
}

/// The shared report for `test`; `None` when the tools are missing and the
/// run asked to skip ([`crate::harness::cannot_run`] fails it otherwise).
fn report(test: &str) -> Option<&'static Value> {
    match shared_report() {
        Ok(report) => Some(report),
        Err(why) => {
            crate::harness::cannot_run(test, why);
            None
        }
    }
}

fn pages(report: &Value) -> impl Iterator<Item = &Value> {
    report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p.get("skipped").is_none())
}

#[test]
fn axe_finds_no_serious_or_critical_violations_on_any_page_type() {
    let Some(report) = report("axe_finds_no_serious_or_critical_violations_on_any_page_type")
    else {
        return;
    };
    let mut summary = Vec::new();
    let mut failures = Vec::new();
    for page in report["pages"].as_array().unwrap() {
        let kind = page["type"].as_str().unwrap();
        if let Some(why) = page.get("skipped") {
            summary.push(format!("{kind}: skipped ({})", why.as_str().unwrap_or("")));
            continue;
        }
        let violations = page["violations"].as_array().unwrap();
        let counts = |impact: &str| violations.iter().filter(|v| v["impact"] == impact).count();
        summary.push(format!(
            "{kind}: {} critical, {} serious, {} moderate, {} minor",
            counts("critical"),
            counts("serious"),
            counts("moderate"),
            counts("minor")
        ));
        // The translated factsheets are checked at 375 px too.
        if kind.ends_with(" factsheet") && kind != "factsheet" {
            assert!(
                page["narrowViolations"].is_array(),
                "{kind}: axe-core did not run at 375 px"
            );
        }
        let narrow = page["narrowViolations"].as_array().into_iter().flatten();
        let all = violations
            .iter()
            .map(|v| (v, ""))
            .chain(narrow.map(|v| (v, " at 375 px")));
        for (v, width) in all {
            if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
                failures.push(format!(
                    "{kind}{width} ({}): [{}] {} — {}: {}",
                    page["url"].as_str().unwrap_or(""),
                    v["impact"].as_str().unwrap_or(""),
                    v["id"].as_str().unwrap_or(""),
                    v["help"].as_str().unwrap_or(""),
                    v["nodes"]
                ));
            }
        }
    }
    eprintln!("axe-core results:\n  {}", summary.join("\n  "));
    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_page_type_loads_and_the_404_page_is_served_with_404() {
    let Some(report) = report("every_page_type_loads_and_the_404_page_is_served_with_404") else {
        return;
    };
    let loaded: Vec<_> = pages(report).collect();
    assert!(loaded.len() >= 10, "{loaded:?}");
    for page in loaded {
        let expected = if page["type"] == "404" { 404 } else { 200 };
        assert_eq!(page["status"], expected, "{page}");
    }
    assert_eq!(
        report["consoleErrors"],
        serde_json::json!([]),
        "JavaScript errors"
    );
    assert_eq!(
        report["externalRequests"],
        serde_json::json!([]),
        "the theme made requests to other hosts"
    );
}

#[test]
fn no_page_scrolls_sideways_at_375_px() {
    let Some(report) = report("no_page_scrolls_sideways_at_375_px") else {
        return;
    };
    let mut wide = Vec::new();
    for page in pages(report) {
        let narrow = &page["narrow"];
        let (scroll, inner) = (
            narrow["scrollWidth"].as_u64().unwrap(),
            narrow["innerWidth"].as_u64().unwrap(),
        );
        assert_eq!(inner, 375);
        if scroll > inner {
            wide.push(format!(
                "{} is {scroll} px wide at 375 px: {}",
                page["type"], narrow["offenders"]
            ));
        }
    }
    assert!(wide.is_empty(), "{}", wide.join("\n"));
}

#[test]
fn typing_in_the_search_box_finds_the_right_page() {
    let Some(report) = report("typing_in_the_search_box_finds_the_right_page") else {
        return;
    };
    let search = &report["search"];
    assert_eq!(
        search["visible"], true,
        "the search form stays hidden with JavaScript on"
    );
    let first = &search["results"][0];
    assert_eq!(first["title"], "Learning at home", "{search}");
    assert_eq!(first["href"], "/factsheets/learning-at-home/", "{search}");
    assert_eq!(search["panelHidden"], false);
    assert!(
        search["summary"].as_str().unwrap().contains("results for"),
        "{search}"
    );
    assert_eq!(
        search["arrowDownFocuses"], "/factsheets/learning-at-home/",
        "ArrowDown should focus the first result"
    );
    assert_eq!(search["escapeCloses"], true);
    assert_eq!(search["noMatch"]["results"], serde_json::json!([]));
    assert!(
        search["noMatch"]["summary"]
            .as_str()
            .unwrap()
            .starts_with("No results")
    );
    // The Arabic home page's search box finds the Arabic factsheet.
    let arabic = &search["arabic"]["results"][0];
    assert_eq!(
        arabic["href"], "/ar/factsheets/learning-at-home/",
        "{search}"
    );
    assert_eq!(arabic["title"], "التعلّم في البيت", "{search}");
}
