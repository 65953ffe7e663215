//! The print version: the booklet at /print/ (unique ids, links that stay
//! inside it, section order, consolidated references, a reproducible date),
//! what each factsheet carries for paper, and the PDF environment errors.
//! PDFs rendered by a real Chromium are checked in `print/pdf.rs`.

mod pdf;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use scraper::Html;

use crate::harness::{Run, Site, select, snapshot_tree, text_of};

/// Runs sheaf with extra environment variables.
pub fn sheaf_env(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sheaf"));
    cmd.args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("SHEAF_CHROME");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run sheaf");
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

/// Every id is unique and every link is `#id` of an element in the
/// booklet or an absolute http(s) URL.
pub fn assert_self_contained(doc: &Html) {
    let mut ids = HashSet::new();
    for el in select(doc, "[id]") {
        let id = el.value().attr("id").unwrap_or_default();
        assert!(
            ids.insert(id.to_string()),
            "duplicate id `{id}` in the booklet"
        );
    }
    for el in select(doc, "a[href], area[href]") {
        let href = el.value().attr("href").unwrap_or_default();
        if let Some(fragment) = href.strip_prefix('#') {
            assert!(ids.contains(fragment), "`{href}` points at no element");
        } else {
            assert!(
                href.starts_with("https://") || href.starts_with("http://"),
                "`{href}` leaves the booklet but is not an absolute URL"
            );
        }
    }
}

fn chapter_titles(doc: &Html) -> Vec<String> {
    select(doc, "article.chapter h1")
        .iter()
        .map(text_of)
        .collect()
}

#[test]
fn example_booklet_has_unique_ids_and_only_internal_or_absolute_links() {
    let site = Site::example();
    site.build();
    let doc = site.html("print/index.html");
    assert_self_contained(&doc);
    assert_eq!(
        chapter_titles(&doc),
        [
            "Parent engagement",
            "Learning at home",
            "Family-school and community partnerships",
            "Building partnerships"
        ]
    );
    // The bundle's image still loads from inside the booklet.
    let img = select(&doc, "article.chapter img");
    assert_eq!(
        img[0].value().attr("src"),
        Some("/families/factsheets/building-partnerships/partnership-cycle.svg")
    );
}

#[test]
fn booklet_takes_printed_sections_in_order_without_drafts_or_print_false() {
    let site = Site::fixture("print/letter");
    let run = site.sheaf(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = site.html("print/index.html");
    assert_self_contained(&doc);
    assert_eq!(
        chapter_titles(&doc),
        ["Alpha guide", "Beta guide", "Bundle guide", "Gamma extra"]
    );
    let contents: Vec<String> = select(&doc, ".booklet-toc__list li a")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        contents,
        [
            "Alpha guide",
            "Beta guide",
            "Bundle guide",
            "Gamma extra",
            "References"
        ]
    );
    assert_eq!(
        select(&doc, ".booklet-cover__title").first().map(text_of),
        Some("Fixture Handbook".into())
    );
}

#[test]
fn booklet_links_point_inside_it_or_at_the_live_site() {
    let site = Site::fixture("print/letter");
    site.build();
    let doc = site.html("print/index.html");
    let hrefs: HashMap<String, String> = select(&doc, "#alpha a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap_or("").to_string()))
        .collect();
    let expect = [
        ("the details of Beta", "#beta-details"),
        ("the whole Beta guide", "#beta"),
        ("an unprinted note", "https://example.com/kb/notes/outside/"),
        ("a hidden guide", "https://example.com/kb/guides/hidden/"),
        ("relative link", "https://example.com/kb/notes/outside/"),
        ("this overview", "#alpha-overview"),
        ("download", "https://example.com/kb/guides/handout.txt"),
        ("an external site", "https://www.example.net/resource"),
        ("a self link", "#alpha-custom"),
        ("1", "#alpha-why"),
    ];
    for (text, href) in expect {
        assert_eq!(
            hrefs.get(text).map(String::as_str),
            Some(href),
            "link `{text}`"
        );
    }
    // Both pages have an "Overview" heading and a `why` footnote.
    assert_eq!(select(&doc, "#alpha-overview").len(), 1);
    assert_eq!(select(&doc, "#beta-overview").len(), 1);
    assert_eq!(select(&doc, "#beta-why").len(), 1);
    let back = select(&doc, "#bundle .prose a");
    assert_eq!(back[0].value().attr("href"), Some("#alpha-overview"));
    // Site navigation becomes absolute links to the live site.
    let nav = select(&doc, ".site-nav a");
    assert!(nav.iter().all(|a| {
        a.value()
            .attr("href")
            .unwrap()
            .starts_with("https://example.com/kb/")
    }));
}

#[test]
fn citations_point_at_one_consolidated_reference_list() {
    let site = Site::fixture("print/letter");
    site.build();
    let doc = site.html("print/index.html");
    let refs: Vec<String> = select(&doc, "#booklet-references li[id]")
        .iter()
        .map(|li| li.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(refs, ["ref-adams2010", "ref-moore2015", "ref-zhou2019"]);
    let cited: HashSet<&str> = select(&doc, "a.citation")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        cited,
        HashSet::from(["#ref-adams2010", "#ref-moore2015", "#ref-zhou2019"])
    );
    assert_eq!(select(&doc, ".references").len(), 1, "one reference list");
}

#[test]
fn citations_still_reach_the_references_when_a_chapter_has_ref_ids_of_its_own() {
    // A heading whose id looks like a reference anchor makes the booklet
    // rewrite every citation link rather than take its fast path.
    let site = Site::fixture("print/letter");
    site.edit("content/guides/alpha.md", |alpha| {
        format!("{alpha}\n## Ref zhou2019\n\nA heading that shares a name.\n")
    });
    site.build();
    let doc = site.html("print/index.html");
    let ids: HashSet<&str> = select(&doc, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let cited: Vec<&str> = select(&doc, "a.citation")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(!cited.is_empty());
    for href in cited {
        let id = href.strip_prefix('#').expect("an in-booklet link");
        assert!(ids.contains(id), "{href} names no element of the booklet");
    }
    assert!(ids.contains("alpha-ref-zhou2019"), "the heading is renamed");
}

#[test]
fn booklet_date_is_source_date_epoch_or_the_newest_content_date() {
    let site = Site::fixture("print/letter");
    site.build();
    let date = |site: &Site| {
        select(&site.html("print/index.html"), ".booklet-cover__date time")
            .first()
            .map(|t| t.value().attr("datetime").unwrap_or("").to_string())
    };
    assert_eq!(date(&site).as_deref(), Some("2025-01-15"));
    let run = sheaf_env(&site, &["build"], &[("SOURCE_DATE_EPOCH", "1739145600")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(date(&site).as_deref(), Some("2025-02-10"));
    let cover = text_of(&select(&site.html("print/index.html"), ".booklet-cover__date")[0]);
    assert_eq!(cover, "February 10, 2025");
}

#[test]
fn factsheets_carry_permalink_qr_code_and_how_to_cite() {
    let site = Site::example();
    site.build();
    let doc = site.html("factsheets/learning-at-home/index.html");
    let url = "https://example.org/families/factsheets/learning-at-home/";
    assert_eq!(text_of(&select(&doc, ".print-source__url")[0]), url);
    assert_eq!(select(&doc, ".print-source__qr svg path").len(), 1);
    let cite = text_of(&select(&doc, ".cite-box__text")[0]);
    assert_eq!(
        cite,
        format!("Parent Engagement in Learning. (2025, February 10). Learning at home. {url}")
    );
    assert_eq!(
        select(&doc, ".cite-box__text i").len(),
        1,
        "title in italics"
    );
    assert!(
        select(&doc, "a[download][href$=\".pdf\"]").is_empty(),
        "no PDF link without --pdf"
    );
}

#[test]
fn print_css_sets_paper_page_numbers_and_hides_navigation() {
    let site = Site::fixture("print/letter");
    site.build();
    assert!(
        site.read("guides/alpha/index.html")
            .contains("@page { size: Letter; }")
    );
    let css = site.read("style.css");
    for rule in [
        "counter(page) \" of \" counter(pages)",
        "@bottom-center",
        "break-after: avoid",
        "break-inside: avoid",
        "a[href^=\"http\"]::after",
    ] {
        assert!(css.contains(rule), "print CSS lacks {rule}");
    }
    let print = &css[css.find("@media print").expect("print media")..];
    for hidden in [".site-nav", ".site-search", ".skip-link"] {
        assert!(print.contains(hidden), "{hidden} not hidden in print");
    }
}

#[test]
fn missing_chromium_exits_3_with_install_commands_and_keeps_the_output() {
    let site = Site::fixture("print/letter");
    site.build();
    let before = snapshot_tree(&site.public());
    let run = sheaf_env(
        &site,
        &["build", "--pdf"],
        &[("SHEAF_CHROME", "/nonexistent")],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    for hint in [
        "SHEAF_CHROME",
        "sudo apt install chromium",
        "brew install --cask chromium",
        "winget install Google.Chrome",
    ] {
        assert!(run.stderr.contains(hint), "no `{hint}` in:\n{}", run.stderr);
    }
    assert_eq!(before, snapshot_tree(&site.public()));
}

#[cfg(unix)]
#[test]
fn a_crashing_browser_names_the_page_and_keeps_the_output() {
    let site = Site::fixture("print/letter");
    site.build();
    let before = snapshot_tree(&site.public());
    let fake = site.root().join("fake-chrome");
    std::fs::write(&fake, "#!/bin/sh\necho 'renderer crashed' >&2\nexit 7\n").unwrap();
    make_executable(&fake);
    let run = sheaf_env(
        &site,
        &["build", "--pdf"],
        &[("SHEAF_CHROME", fake.to_str().unwrap())],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("Chromium failed to print"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("renderer crashed"), "{}", run.stderr);
    assert_eq!(before, snapshot_tree(&site.public()));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind");
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The QR code on a printed factsheet decodes to its permalink (rendered by
/// Chromium, read back by zbarimg).
#[test]
fn qr_code_scans_back_to_the_permalink() {
    let (Some(chrome), true) = (sheaf::print::find_browser().ok(), which("zbarimg")) else {
        crate::harness::skip_without_browser(
            "qr_code_scans_back_to_the_permalink",
            "needs Chromium and zbarimg (zbar-tools)",
        );
        return;
    };
    let site = crate::harness::Site::example();
    site.build();
    let html = site.read("factsheets/learning-at-home/index.html");
    let start = html
        .find("<svg aria-hidden=\"true\" focusable=\"false\" xmlns")
        .expect("a QR code");
    let svg = &html[start..start + html[start..].find("</svg>").unwrap() + 6];
    let page = site.root().join("qr.html");
    std::fs::write(
        &page,
        format!(
            "<body style=\"margin:0\">{}</body>",
            svg.replacen("<svg ", "<svg style=\"width:400px;height:400px\" ", 1)
        ),
    )
    .unwrap();
    let png = site.root().join("qr.png");
    let shot = std::process::Command::new(&chrome.path)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--window-size=420,420",
        ])
        .arg(format!(
            "--user-data-dir={}",
            site.root().join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        png.is_file(),
        "screenshot failed: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let out = std::process::Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&png)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "https://example.org/families/factsheets/learning-at-home/"
    );
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(program).is_file()))
}

#[test]
fn check_lays_out_the_printed_pages_and_warns_of_a_last_page_of_a_few_lines() {
    let test = "check_lays_out_the_printed_pages_and_warns_of_a_last_page_of_a_few_lines";
    if !crate::pdf_ua::tools_or_skip(test) {
        return;
    }
    let site = Site::fixture("print/spill");
    let run = sheaf_env(&site, &["check"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    crate::pdf_ua::assert_spill_warning(&run.stderr);
    assert!(!run.stderr.contains("fits.md spills"), "{}", run.stderr);
    // check writes nothing, not even for the browser.
    assert!(!site.public().exists());
    // The warning is the site's only fault: --strict fails on it, and
    // passes when the check is left out on purpose.
    assert_eq!(sheaf_env(&site, &["check", "--strict"], &[]).code, 1);
    let off = sheaf_env(&site, &["check", "--strict", "--no-print"], &[]);
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert!(!off.stderr.contains("spills onto page"), "{}", off.stderr);
    assert!(!off.stderr.contains("print-fit"), "{}", off.stderr);
}

#[test]
fn check_without_chromium_says_the_print_fit_check_did_not_run_and_how_to_run_it() {
    let site = Site::fixture("print/spill");
    let missing = site.root().join("no-such-browser");
    let missing = missing.to_str().unwrap();
    let run = sheaf_env(&site, &["check"], &[("SHEAF_CHROME", missing)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "note: the print-fit check was not run: it lays the printed pages out in Chromium"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("sudo apt install chromium"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("pass --no-print"), "{}", run.stderr);
    assert!(!run.stderr.contains("spills onto page"), "{}", run.stderr);
    // Not a fault of the site: --strict does not fail on it.
    let strict = sheaf_env(&site, &["check", "--strict"], &[("SHEAF_CHROME", missing)]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
}
