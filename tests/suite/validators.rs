//! Outside validators over real output: the W3C Nu HTML checker over the
//! example site and every fixture site that builds, pa11y with
//! HTML_CodeSniffer at WCAG2AA over one page of every type of the example
//! site and of a set of fixtures that between them have every page type
//! (driven by tests/browser/validate.js), and feedparser and the sitemaps.org XSD over
//! the feed and sitemap (tests/validators/feed_and_sitemap.py). The
//! packages come from `.ci/run` and the README's set-up (`npm ci --prefix
//! tests/browser`, `pip install feedparser lxml`), never from this test.
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
    let fixtures = buildable_fixtures();
    let mut node = Command::new("node");
    node.arg(dir.join("validate.js")).arg("--dir").arg(&out);
    for (name, site) in &fixtures {
        let flag = if PA11Y_FIXTURES.contains(&name.as_str()) {
            "--dir"
        } else {
            "--html-only"
        };
        node.arg(flag).arg(site.public());
    }
    let output = node.output().expect("node runs");
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
    let checked = |url: &str| pages.iter().any(|p| p["url"] == url);
    // Every page type: home, section, page, bundle, taxonomy list and
    // term, evidence index, source and levels, booklet, alias, 404.
    for url in [
        "",
        "factsheets/",
        "factsheets/building-partnerships/",
        "outcomes/",
        "evidence/",
        "evidence/levels/",
        "print/",
        "old/learning-at-home.html",
        "no-such-page/",
    ] {
        assert!(checked(url), "pa11y did not check /{url}");
    }
    for prefix in ["outcomes/", "evidence/", "guides/"] {
        assert!(
            pages
                .iter()
                .any(|p| p["url"].as_str().is_some_and(|u| u.starts_with(prefix)
                    && u.len() > prefix.len()
                    && u != "evidence/levels/")),
            "pa11y checked no page under /{prefix}"
        );
    }
    assert!(
        pages
            .iter()
            .filter(|p| p["url"] == "old/bundle.html")
            .count()
            == 1,
        "pa11y checked no fixture's alias redirect page"
    );
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

/// Skips (when asked) or fails when `python3` lacks feedparser or lxml.
fn python_validators_missing() -> bool {
    let probe = Command::new("python3")
        .args(["-c", "import feedparser, lxml.etree"])
        .output();
    if probe.is_ok_and(|o| o.status.success()) {
        return false;
    }
    let why = "python3 with feedparser and lxml is missing; run `pip install feedparser lxml`";
    if std::env::var_os("SHEAF_SKIP_BROWSER").is_some_and(|v| v == "1") {
        eprintln!(
            "\n*** SKIPPED feed_and_sitemap_pass_feedparser_and_the_sitemap_schema: {why} ***\n"
        );
        return true;
    }
    panic!("{why} (set SHEAF_SKIP_BROWSER=1 to skip)");
}

#[test]
fn feed_and_sitemap_pass_feedparser_and_the_sitemap_schema() {
    if python_validators_missing() {
        return;
    }
    let example = Site::example();
    example.build();
    // Dated pages with taxonomy terms: entries with content and categories.
    let terms = Site::fixture("term_order/site");
    terms.build();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validators");
    let output = Command::new("python3")
        .arg(dir.join("feed_and_sitemap.py"))
        .arg("--xsd")
        .arg(dir.join("sitemap.xsd"))
        .arg(example.public())
        .arg(terms.public())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "feed_and_sitemap.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value =
        serde_json::from_slice(&output.stdout).expect("feed_and_sitemap.py prints JSON");
    for (site, result) in report.as_object().unwrap() {
        let feed = &result["feed"];
        assert_eq!(
            feed["bozo"], 0,
            "{site}: feedparser: {}",
            feed["bozo_exception"]
        );
        assert_eq!(feed["version"], "atom10", "{site}");
        let entries = feed["entries"].as_array().unwrap();
        assert!(!entries.is_empty(), "{site}: the feed has no entries");
        for entry in entries {
            let title = &entry["title"];
            assert!(
                entry["content"][0]
                    .as_str()
                    .is_some_and(|c| c.contains("<p>")),
                "{site}: entry {title} has no HTML content: {entry}"
            );
            assert_eq!(entry["content_types"][0], "text/html", "{site}: {title}");
            assert_eq!(entry["updated_parsed"], true, "{site}: {title} updated");
            assert_eq!(entry["published_parsed"], true, "{site}: {title} published");
        }
        let errors = result["sitemap_errors"].as_array().unwrap();
        assert!(
            errors.is_empty(),
            "{site}: sitemap.xml against sitemap.xsd: {errors:?}"
        );
    }
    let terms_feed = &report[terms.public().to_str().unwrap()]["feed"]["entries"];
    let guide_4 = terms_feed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Guide 4")
        .expect("guide 4 is in the feed");
    assert_eq!(
        guide_4["categories"],
        serde_json::json!(["10-to-12", "wellbeing"])
    );
}

/// The fixtures pa11y opens page by page (the Nu checker reads every
/// fixture that builds): between them a bundle with images, taxonomies with
/// terms, evidence pages, tables, a print letter booklet and an alias.
const PA11Y_FIXTURES: &[&str] = &[
    "web_quality/site",
    "web_quality/tables",
    "images/site",
    "term_order/site",
    "links/site",
    "evidence/site",
    "print/letter",
    "pipeline/basic",
];

/// Every fixture site under tests/fixtures that builds, built for a local
/// address; the ones made to fail (bad dates, broken front matter) are
/// left out, since they write nothing.
fn buildable_fixtures() -> Vec<(String, Site)> {
    let root = crate::harness::fixtures();
    let mut names: Vec<String> = walkdir_sheaf_toml(&root)
        .into_iter()
        .map(|dir| {
            dir.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    names.sort();
    // print/rewrite_paths holds deliberately odd raw HTML, to check the
    // booklet's two chapter rewriters agree on it; it is not meant to be valid.
    names.retain(|name| name != "print/rewrite_paths");
    let built: Vec<(String, Site)> = names
        .into_iter()
        .filter_map(|name| {
            let site = Site::fixture(&name);
            let run = site.sheaf(&["build", "--quiet", "--base-url", "http://127.0.0.1/"]);
            (run.code == 0).then_some((name, site))
        })
        .collect();
    for name in PA11Y_FIXTURES {
        assert!(
            built.iter().any(|(n, _)| n == name),
            "fixture {name} no longer builds"
        );
    }
    built
}

/// Folders under `dir` holding a sheaf.toml (a site's own folders are not
/// searched further).
fn walkdir_sheaf_toml(dir: &Path) -> Vec<std::path::PathBuf> {
    if dir.join("sheaf.toml").is_file() {
        return vec![dir.to_path_buf()];
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|e| walkdir_sheaf_toml(&e.path()))
        .collect()
}
