//! PDFs from a real headless Chromium: paper size and title (pdfinfo),
//! chapters in order each on a new page and the references (pdftotext),
//! link annotations and no local addresses (lopdf). Without Chromium or
//! poppler-utils they fail, unless the run set SHEAF_SKIP_BROWSER=1.

use std::path::Path;
use std::process::Command;

use lopdf::{Document, Object};

use super::sheaf_env;
use crate::harness::{Site, select};

/// Whether the browser and poppler-utils are here; when not, the test fails
/// unless skipping was asked for (see [`crate::harness::cannot_run`]).
fn tools_or_skip(test: &str) -> bool {
    let browser = sheaf::print::find_browser().is_ok();
    let poppler = Command::new("pdfinfo").arg("-v").output().is_ok()
        && Command::new("pdftotext").arg("-v").output().is_ok();
    if browser && poppler {
        return true;
    }
    let missing = if browser { "poppler-utils" } else { "Chromium" };
    crate::harness::cannot_run(
        test,
        &format!(
            "{missing} is not installed (apt install chromium poppler-utils fonts-dejavu-core)"
        ),
    );
    false
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name).args(args).arg(pdf).arg("-").output();
    let out = out.unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(out.status.success(), "{name} failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    assert!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_paper(info: &str, width: f64, height: f64) {
    let line = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_else(|| panic!("no page size in {info}"));
    let nums: Vec<f64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        (nums[0] - width).abs() <= 1.0 && (nums[1] - height).abs() <= 1.0,
        "expected {width}×{height} pt, got {line}"
    );
}

fn assert_title(info: &str, title: &str) {
    let line = info.lines().find(|l| l.starts_with("Title:")).unwrap_or("");
    assert!(line.contains(title), "title `{title}` not in `{line}`");
}

/// Each title is the heading of a page of its own, in this order, and
/// the last page group holds the references.
fn assert_chapters_on_new_pages(text: &str, titles: &[&str], reference: &str) {
    let pages: Vec<Vec<&str>> = text
        .split('\u{c}')
        .map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
        .collect();
    let opens_with = |page: &[&str], title: &str| {
        (0..page.len().min(3)).any(|i| {
            page[i] == title
                || page
                    .get(i + 1)
                    .is_some_and(|next| format!("{} {next}", page[i]) == title)
        })
    };
    let mut last = 0;
    for title in titles {
        let found = (last + 1..pages.len()).find(|&i| opens_with(&pages[i], title));
        last = found
            .unwrap_or_else(|| panic!("`{title}` does not open a page after page {}", last + 1));
    }
    let refs = (last + 1..pages.len())
        .find(|&i| opens_with(&pages[i], "References"))
        .expect("a references page after the last chapter");
    assert!(
        pages[refs].join(" ").contains(reference),
        "`{reference}` not in references"
    );
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

/// (external URI links, internal links) among the link annotations.
fn link_annotations(pdf: &Path) -> (usize, usize) {
    let doc = Document::load(pdf).expect("lopdf loads the PDF");
    let (mut uri, mut internal) = (0, 0);
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
            continue;
        }
        if dict.has(b"Dest") {
            internal += 1;
        }
        if let Ok(action) = dict
            .get(b"A")
            .map(|a| deref(&doc, a))
            .and_then(Object::as_dict)
        {
            match action.get(b"S").and_then(Object::as_name) {
                Ok(b"URI") => uri += 1,
                Ok(b"GoTo") => internal += 1,
                _ => {}
            }
        }
    }
    (uri, internal)
}

fn assert_no_local_addresses(pdf: &Path) {
    let raw = std::fs::read(pdf).unwrap();
    let mut doc = Document::load_mem(&raw).expect("lopdf loads the PDF");
    doc.decompress();
    let mut expanded = Vec::new();
    doc.save_to(&mut expanded).unwrap();
    for bytes in [&raw, &expanded] {
        for needle in ["localhost", "127.0.0.1", "file://"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} contains `{needle}`",
                pdf.display()
            );
        }
    }
}

#[test]
fn example_pdfs_are_a4_titled_linked_and_free_of_local_addresses() {
    if !tools_or_skip("example_pdfs_are_a4_titled_linked_and_free_of_local_addresses") {
        return;
    }
    let site = Site::example();
    let run = sheaf_env(&site, &["build", "--pdf", "--jobs", "2"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Four factsheets and the booklet, and in Vietnamese and Arabic two
    // factsheets and a booklet each.
    assert!(run.stderr.contains(", 11 PDFs in "), "{}", run.stderr);
    let booklet = site
        .public()
        .join("print/family-school-partnerships-framework-factsheets.pdf");
    let info = pdfinfo(&booklet);
    assert_paper(&info, 595.0, 842.0);
    assert_title(&info, "Family-School Partnerships Framework – Factsheets");
    let titles = [
        "Parent engagement",
        "Learning at home",
        "Family-school and community partnerships",
        "Building partnerships",
    ];
    let plain = tool("pdftotext", &[], &booklet);
    assert!(plain.contains("Page 2 of"), "page numbers");
    // The cover has none.
    let cover = tool("pdftotext", &["-f", "1", "-l", "1"], &booklet);
    assert!(
        !cover.contains("Page 1 of"),
        "a number on the cover:\n{cover}"
    );
    assert_chapters_on_new_pages(&plain, &titles, "Desforges, C., & Abouchaar, A. (2003)");
    let (uri, internal) = link_annotations(&booklet);
    assert!(
        internal >= 4,
        "contents and citations link inside the PDF ({internal})"
    );
    assert!(uri >= 1, "external links survive ({uri})");
    assert_no_local_addresses(&booklet);

    let page = site
        .public()
        .join("factsheets/learning-at-home/learning-at-home.pdf");
    let info = pdfinfo(&page);
    assert_paper(&info, 595.0, 842.0);
    assert_title(&info, "Learning at home");
    let (uri, _) = link_annotations(&page);
    assert!(uri >= 1, "the factsheet PDF keeps its links");
    assert_no_local_addresses(&page);
    for pdf in ["parent-engagement", "partnerships", "building-partnerships"] {
        assert!(
            site.public()
                .join(format!("factsheets/{pdf}/{pdf}.pdf"))
                .is_file()
        );
    }
    // Pages and the booklet link to their PDFs.
    let doc = site.html("factsheets/learning-at-home/index.html");
    let link = select(&doc, "a[download]");
    assert_eq!(
        link[0].value().attr("href"),
        Some("/families/factsheets/learning-at-home/learning-at-home.pdf")
    );
    let doc = site.html("print/index.html");
    assert_eq!(
        select(&doc, "a[download]")[0].value().attr("href"),
        Some(
            "https://example.org/families/print/family-school-partnerships-framework-factsheets.pdf"
        )
    );
}

#[test]
fn fixture_pdfs_follow_the_configured_letter_paper() {
    if !tools_or_skip("fixture_pdfs_follow_the_configured_letter_paper") {
        return;
    }
    let site = Site::fixture("print/letter");
    let config = std::fs::read_to_string(site.root().join("sheaf.toml")).unwrap();
    site.write(
        "sheaf.toml",
        &config.replace("[print]\n", "[print]\npdf = true\n"),
    );
    let run = sheaf_env(&site, &["build"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let booklet = site.public().join("print/fixture-handbook.pdf");
    let info = pdfinfo(&booklet);
    assert_paper(&info, 612.0, 792.0);
    assert_title(&info, "Fixture Handbook");
    let text = tool("pdftotext", &[], &booklet);
    assert_chapters_on_new_pages(
        &text,
        &["Alpha guide", "Beta guide", "Bundle guide", "Gamma extra"],
        "Adams, A. (2010)",
    );
    assert!(!text.contains("Hidden guide") && !text.contains("Not for paper"));
    assert_no_local_addresses(&booklet);
    let alpha = site.public().join("guides/alpha/alpha.pdf");
    assert_paper(&pdfinfo(&alpha), 612.0, 792.0);
    assert_no_local_addresses(&alpha);
    assert!(!site.public().join("guides/hidden/hidden.pdf").exists());
    assert!(!site.public().join("notes/outside/outside.pdf").exists());
}
