//! Every PDF sheaf writes, held to PDF/UA-1 by the checker in
//! `pdf_ua/checker.rs`, and the rest of what a printed booklet needs:
//! a bookmark tree of cover, contents, factsheets and references,
//! contents with the page each factsheet starts on, right-hand starts
//! with `[print] duplex`, pages that are not wasted, and PDFs that are
//! byte-for-byte the same from one build to the next.

pub(crate) mod checker;

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Dictionary, Document, Object, Stream};

use crate::harness::Site;
use crate::print::sheaf_env;
use checker::pdf_ua_problems;

pub(crate) fn tools_or_skip(test: &str) -> bool {
    let browser = sheaf::print::find_browser().is_ok();
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok();
    if browser && poppler {
        return true;
    }
    crate::harness::cannot_run(
        test,
        "Chromium or poppler-utils is not installed (apt install chromium poppler-utils fonts-dejavu-core)",
    );
    false
}

pub(crate) fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    found.sort();
    found
}

pub(crate) fn assert_conformant(pdfs: &[PathBuf]) {
    let mut all = Vec::new();
    for pdf in pdfs {
        let problems = pdf_ua_problems(&std::fs::read(pdf).unwrap());
        all.extend(
            problems
                .into_iter()
                .map(|p| format!("{}: {p}", pdf.display())),
        );
    }
    assert!(
        all.is_empty(),
        "{} PDF/UA problems, the first:\n{}",
        all.len(),
        all[..all.len().min(15)].join("\n")
    );
}

pub(crate) fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_count(pdf: &Path) -> usize {
    Document::load(pdf).unwrap().get_pages().len()
}

fn decode(bytes: &[u8]) -> String {
    match bytes {
        [0xfe, 0xff, rest @ ..] => String::from_utf16_lossy(
            &rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        ),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The outline as (depth, title), depth first.
fn outline(pdf: &Path) -> Vec<(usize, String)> {
    let doc = Document::load(pdf).unwrap();
    let mut out = Vec::new();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let first = doc.get_dictionary(root).unwrap().get(b"First").unwrap();
    let mut stack = vec![(first.as_reference().unwrap(), 0)];
    while let Some((id, depth)) = stack.pop() {
        let item = doc.get_dictionary(id).unwrap();
        let title = match item.get(b"Title") {
            Ok(Object::String(b, _)) => decode(b),
            _ => String::new(),
        };
        out.push((depth, title));
        if let Ok(next) = item.get(b"Next").and_then(Object::as_reference) {
            stack.push((next, depth));
        }
        if let Ok(child) = item.get(b"First").and_then(Object::as_reference) {
            stack.push((child, depth + 1));
        }
    }
    out
}

/// How far down its content area each page's text reaches (0 to 1), from
/// `pdftotext -bbox`: the area is the page less the theme's `@page`
/// margins (15 mm top, 17 mm bottom, where the page number sits).
fn page_fills(pdf: &Path) -> Vec<f64> {
    let html = pdftotext(pdf, &["-bbox"]);
    let (top, bottom) = (15.0 * 72.0 / 25.4, 17.0 * 72.0 / 25.4);
    html.split("<page ")
        .skip(1)
        .map(|page| {
            let attr = |s: &str, name: &str| -> f64 {
                s.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0.0)
            };
            let height = attr(page, "height");
            let lowest = page
                .split("<word ")
                .skip(1)
                .map(|w| attr(w, "yMax"))
                .filter(|y| *y < height - bottom)
                .fold(top, f64::max);
            (lowest - top) / (height - top - bottom)
        })
        .collect()
}

#[test]
fn the_checker_finds_untagged_drawing_missing_metadata_and_undescribed_links() {
    let mut doc = Document::with_version("1.4");
    let pages = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        Dictionary::new(),
        b"BT /F1 12 Tf 10 10 Td (x) Tj ET /P <</MCID 0>> BDC 0 0 5 5 re f EMC".to_vec(),
    ));
    let link = doc.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
    ]));
    let page = doc.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Page".to_vec())),
        ("Parent", Object::Reference(pages)),
        ("Contents", Object::Reference(content)),
        ("Annots", Object::Array(vec![Object::Reference(link)])),
    ]));
    doc.objects.insert(
        pages,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![Object::Reference(page)])),
            ("Count", Object::Integer(1)),
        ])),
    );
    let catalog = doc.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages)),
    ]));
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let problems = pdf_ua_problems(&bytes).join("\n");
    for expected in [
        "(PDF/UA-1 needs 1.7)",
        "no /Lang",
        "DisplayDocTitle",
        "no XMP metadata",
        "no outline",
        "no structure tree",
        "page 1: `Tj` drawn outside tagged or artifact content",
        "page 1: MCID 0 is not in the structure tree",
        "has no /Contents",
        "no OBJR",
    ] {
        assert!(
            problems.contains(expected),
            "`{expected}` not in:\n{problems}"
        );
    }
}

#[test]
fn example_pdfs_are_pdf_ua_with_a_bookmark_tree_numbered_contents_and_full_pages() {
    let test = "example_pdfs_are_pdf_ua_with_a_bookmark_tree_numbered_contents_and_full_pages";
    if !tools_or_skip(test) {
        return;
    }
    let site = Site::example();
    let run = sheaf_env(&site, &["build", "--pdf", "--jobs", "2"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("spills onto page"), "{}", run.stderr);
    let pdfs = pdfs_under(&site.public());
    // The booklet and four factsheets, and in Vietnamese and Arabic each
    // a booklet and two factsheets.
    assert_eq!(pdfs.len(), 11, "{pdfs:?}");
    for tag in ["vi", "ar"] {
        let booklet = format!("{tag}/print/family-school-partnerships-framework-factsheets.pdf");
        assert!(site.public().join(&booklet).is_file(), "no {booklet}");
    }
    assert_conformant(&pdfs);

    let booklet = site
        .public()
        .join("print/family-school-partnerships-framework-factsheets.pdf");
    let titles = [
        "Parent engagement",
        "Learning at home",
        "Family-school and community partnerships",
        "Building partnerships",
    ];
    // Bookmarks: cover, contents, each factsheet with its headings, the
    // references, all at the top level; no words run together.
    let tree = outline(&booklet);
    let top: Vec<&str> = tree
        .iter()
        .filter(|(d, _)| *d == 0)
        .map(|(_, t)| t.as_str())
        .collect();
    let mut expected = vec![
        "Family-School Partnerships Framework – Factsheets",
        "Contents",
    ];
    expected.extend(titles);
    expected.push("References");
    assert_eq!(top, expected, "{tree:?}");
    assert!(
        tree.iter()
            .any(|(d, t)| *d == 1 && t == "Why learning at home matters")
    );

    assert_contents_numbers(&booklet, &titles);

    for pdf in pdfs
        .iter()
        .filter(|p| !p.parent().is_some_and(|d| d.ends_with("print")))
    {
        let fills = page_fills(pdf);
        assert!(
            (1..=2).contains(&fills.len()),
            "{} has {} pages",
            pdf.display(),
            fills.len()
        );
        if fills.len() > 1 {
            for (n, fill) in fills.iter().enumerate() {
                assert!(
                    *fill >= 0.25,
                    "page {} of {} is {:.0} % empty",
                    n + 1,
                    pdf.display(),
                    (1.0 - fill) * 100.0
                );
            }
        }
    }
}

/// The contents page lists each title with a number, and that page of
/// the PDF has the title.
fn assert_contents_numbers(booklet: &Path, titles: &[&str]) {
    let contents = pdftotext(booklet, &["-layout", "-f", "2", "-l", "2"]);
    for title in titles {
        let line = contents
            .lines()
            .find(|l| {
                l.trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .trim_start()
                    .starts_with(title)
            })
            .unwrap_or_else(|| panic!("`{title}` not in the contents:\n{contents}"));
        let number: usize = line
            .split_whitespace()
            .last()
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("no page number on `{line}`"));
        let n = number.to_string();
        let page = pdftotext(booklet, &["-f", &n, "-l", &n]);
        assert!(
            page.lines().take(6).any(|l| l.trim() == *title),
            "contents say `{title}` is on page {number}, which starts:\n{}",
            page.lines().take(6).collect::<Vec<_>>().join("\n")
        );
    }
}

#[test]
fn duplex_booklets_start_each_factsheet_on_a_right_hand_page() {
    if !tools_or_skip("duplex_booklets_start_each_factsheet_on_a_right_hand_page") {
        return;
    }
    let site = Site::fixture("print/letter");
    let config = std::fs::read_to_string(site.root().join("sheaf.toml")).unwrap();
    site.write(
        "sheaf.toml",
        &config.replace("[print]\n", "[print]\npdf = true\nduplex = true\n"),
    );
    let run = sheaf_env(&site, &["build"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let booklet = site.public().join("print/fixture-handbook.pdf");
    let titles = ["Alpha guide", "Beta guide", "Bundle guide", "Gamma extra"];
    assert_contents_numbers(&booklet, &titles);
    let pages = page_count(&booklet);
    for n in 1..=pages {
        let n = n.to_string();
        let text = pdftotext(&booklet, &["-f", &n, "-l", &n]);
        if let Some(title) = titles
            .iter()
            .find(|t| text.lines().take(6).any(|l| l.trim() == **t))
        {
            assert!(
                n.parse::<usize>().unwrap() % 2 == 1,
                "`{title}` starts on page {n}"
            );
        }
    }
    assert_conformant(&pdfs_under(&site.public()));
}

#[test]
fn two_pdf_builds_are_byte_identical_and_dated_from_source_date_epoch() {
    if !tools_or_skip("two_pdf_builds_are_byte_identical_and_dated_from_source_date_epoch") {
        return;
    }
    let build = || {
        let site = Site::fixture("print/letter");
        let config = std::fs::read_to_string(site.root().join("sheaf.toml")).unwrap();
        site.write(
            "sheaf.toml",
            &config.replace("[print]\n", "[print]\npdf = true\n"),
        );
        let run = sheaf_env(&site, &["build"], &[("SOURCE_DATE_EPOCH", "1739145600")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        pdfs_under(&site.public())
            .into_iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect::<Vec<_>>()
    };
    let (first, second) = (build(), build());
    assert_eq!(first.len(), 5);
    for (a, b) in first.iter().zip(&second) {
        assert!(a == b, "two builds wrote different PDFs");
    }
    let doc = Document::load_mem(&first[0]).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    let text = |k: &[u8]| match info.get(k) {
        Ok(Object::String(b, _)) => decode(b),
        _ => String::new(),
    };
    assert_eq!(text(b"CreationDate"), "D:20250210000000Z");
    assert_eq!(text(b"ModDate"), "D:20250210000000Z");
    let version = format!("sheaf {}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        (text(b"Producer"), text(b"Creator")),
        (version.clone(), version)
    );
    assert!(doc.trailer.get(b"ID").is_ok(), "a document /ID");
}

#[test]
fn a_factsheet_running_a_few_lines_onto_a_last_page_is_a_warning_naming_page_and_lines() {
    let test =
        "a_factsheet_running_a_few_lines_onto_a_last_page_is_a_warning_naming_page_and_lines";
    if !tools_or_skip(test) {
        return;
    }
    let site = Site::fixture("print/spill");
    let run = sheaf_env(&site, &["build"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_spill_warning(&run.stderr);
    assert!(
        run.stderr.contains(" --> content/guides/spills.md"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("fits.md"), "{}", run.stderr);
    // With --strict it is an error, like every warning.
    let strict = sheaf_env(&site, &["build", "--strict"], &[]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
}

/// The print/spill fixture's warning in `stderr`: it names spills.md,
/// page 2 and a line count of a few lines.
pub(crate) fn assert_spill_warning(stderr: &str) {
    let warning = stderr
        .lines()
        .find(|l| l.contains("spills onto page"))
        .unwrap_or_else(|| panic!("no warning:\n{stderr}"));
    assert!(
        warning.starts_with("warning: the PDF of content/guides/spills.md spills onto page 2 by "),
        "{warning}"
    );
    let lines: usize = warning
        .split(" by ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line count in `{warning}`"));
    assert!((2..=15).contains(&lines), "{warning}");
}
