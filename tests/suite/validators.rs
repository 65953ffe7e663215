//! Outside validators over real output: the W3C Nu HTML checker over the
//! example site and the web_quality fixture, pa11y with HTML_CodeSniffer at
//! WCAG2AA over one page of every type of the example site. Driven by
//! tests/browser/validate.js; the packages come from `npm ci --prefix
//! tests/browser` (.ci/run and the README's set-up), never from this test.
//! Missing tools fail the test unless `SHEAF_SKIP_BROWSER=1` asks to skip.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::harness::Site;

#[test]
fn nu_html_checker_and_pa11y_report_no_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let missing: Vec<&str> = [
        ("node_modules/vnu-jar/build/dist/vnu.jar", "npm vnu-jar"),
        ("node_modules/pa11y", "npm pa11y"),
        ("node_modules/puppeteer", "npm puppeteer"),
    ]
    .iter()
    .filter(|(rel, _)| !dir.join(rel).exists())
    .map(|(_, name)| *name)
    .collect();
    let java = Command::new("java").arg("-version").output().is_ok();
    if !missing.is_empty() || !java {
        let why = format!(
            "validators missing: {}{}; run `npm ci --prefix tests/browser` and install `default-jre-headless`",
            missing.join(", "),
            if java { "" } else { " java" }
        );
        if std::env::var_os("SHEAF_SKIP_BROWSER").is_some_and(|v| v == "1") {
            eprintln!("\n*** SKIPPED nu_html_checker_and_pa11y_report_no_errors: {why} ***\n");
            return;
        }
        panic!("{why} (set SHEAF_SKIP_BROWSER=1 to skip)");
    }
    let example = Site::example();
    let out = example.root().join("validated");
    let run = example.sheaf(&[
        "build",
        "--quiet",
        "--base-url",
        "http://127.0.0.1/",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixture = Site::fixture("web_quality/site");
    fixture.build();
    let output = Command::new("node")
        .arg(dir.join("validate.js"))
        .arg("--dir")
        .arg(&out)
        .arg("--dir")
        .arg(fixture.public())
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "validate.js failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("validate.js prints JSON");
    let vnu = report["vnu"].as_array().unwrap();
    assert!(
        vnu.is_empty(),
        "Nu HTML checker errors:\n{}",
        serde_json::to_string_pretty(vnu).unwrap()
    );
    let pages = report["pa11y"].as_array().unwrap();
    assert!(pages.len() >= 10, "pa11y checked {} pages", pages.len());
    let failing: Vec<&Value> = pages
        .iter()
        .filter(|p| !p["issues"].as_array().unwrap().is_empty())
        .collect();
    assert!(
        failing.is_empty(),
        "pa11y (HTML_CodeSniffer, WCAG2AA) errors:\n{}",
        serde_json::to_string_pretty(&failing).unwrap()
    );
}
