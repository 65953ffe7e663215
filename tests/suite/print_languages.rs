//! Print per language: a booklet at `/<tag>/print/` for each language,
//! holding that language's translations only, in its strings and
//! direction; and, with `--pdf`, its PDF and one per translated page, with
//! the language's `/Lang`, fonts that cover its script, extractable text
//! and nothing the PDF/UA checker objects to.

use std::path::Path;

use lopdf::{Document, Object};
use scraper::Html;

use crate::harness::{Site, select, text_of};
use crate::pdf_ua::{assert_conformant, pdfs_under, pdftotext, tools_or_skip};
use crate::print::{assert_self_contained, sheaf_env};

const FIXTURE: &str = "print/languages";

fn chapter_titles(doc: &Html) -> Vec<String> {
    select(doc, ".chapter__title").iter().map(text_of).collect()
}

#[test]
fn each_language_has_a_booklet_of_its_own_translations_only() {
    let site = Site::fixture(FIXTURE);
    let run = sheaf_env(&site, &["build"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let default = site.html("print/index.html");
    assert_eq!(
        chapter_titles(&default),
        [
            "Reading at bedtime",
            "Meeting the teacher",
            "A place for homework"
        ]
    );

    // Arabic: both translated factsheets, in the source's order; the
    // untranslated one is left out rather than printed in English.
    let arabic = site.html("ar/print/index.html");
    let html = select(&arabic, "html");
    assert_eq!(html[0].value().attr("lang"), Some("ar"));
    assert_eq!(html[0].value().attr("dir"), Some("rtl"));
    assert_eq!(
        chapter_titles(&arabic),
        ["القراءة قبل النوم", "لقاء المعلّم"]
    );
    assert_eq!(
        text_of(&select(&arabic, ".booklet-toc__title")[0]),
        "المحتويات"
    );
    // Its title is the Arabic home page's, with the translated edition.
    assert_eq!(
        text_of(&select(&arabic, ".booklet-cover__title")[0]),
        "البيت والمدرسة – نسخة للطباعة"
    );
    assert!(
        !site
            .read("ar/print/index.html")
            .contains("A place for homework")
    );
    assert_self_contained(&arabic);
    // Chapters link to the Arabic pages on the live site.
    let urls: Vec<String> = select(&arabic, ".print-source__url")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        urls,
        [
            "https://example.com/hs/ar/factsheets/reading/",
            "https://example.com/hs/ar/factsheets/meetings/"
        ]
    );

    // Vietnamese: `print = false` on a translation leaves it out.
    let vietnamese = site.html("vi/print/index.html");
    assert_eq!(
        select(&vietnamese, "html")[0].value().attr("lang"),
        Some("vi")
    );
    assert_eq!(chapter_titles(&vietnamese), ["Đọc sách trước giờ ngủ"]);

    // Pages link to the booklet of their own language.
    let page = site.html("ar/factsheets/reading/index.html");
    let print_links: Vec<&str> = select(&page, ".site-nav__print a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(print_links, ["/hs/ar/print/"]);
    let page = site.html("factsheets/reading/index.html");
    let print_links: Vec<&str> = select(&page, ".site-nav__print a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(print_links, ["/hs/print/"]);
}

/// Arabic text as pdftotext gives it may order a shadda before its letter
/// and split a word there: compare letters only.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !('\u{064B}'..='\u{065F}').contains(c))
        .collect()
}

fn catalog_lang(pdf: &Path) -> String {
    let doc = Document::load(pdf).unwrap();
    match doc.catalog().unwrap().get(b"Lang").unwrap() {
        Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        other => panic!("/Lang is {other:?}"),
    }
}

fn font_names(pdf: &Path) -> Vec<String> {
    let doc = Document::load(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font"))
        .filter_map(|d| d.get(b"BaseFont").and_then(Object::as_name).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

#[test]
fn language_booklet_and_page_pdfs_have_the_language_its_script_and_pass_the_checker() {
    let test = "language_booklet_and_page_pdfs_have_the_language_its_script_and_pass_the_checker";
    if !tools_or_skip(test) {
        return;
    }
    let site = Site::fixture(FIXTURE);
    let run = sheaf_env(&site, &["build", "--pdf", "--jobs", "2"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.public();
    let rel = |p: &Path| p.strip_prefix(&public).unwrap().display().to_string();
    let pdfs = pdfs_under(&public);
    let names: Vec<String> = pdfs.iter().map(|p| rel(p)).collect();
    assert_eq!(
        names,
        [
            "ar/factsheets/meetings/meetings.pdf",
            "ar/factsheets/reading/reading.pdf",
            "ar/print/home-and-school-print-edition.pdf",
            "factsheets/homework/homework.pdf",
            "factsheets/meetings/meetings.pdf",
            "factsheets/reading/reading.pdf",
            "print/home-and-school-print-edition.pdf",
            "vi/factsheets/reading/reading.pdf",
            "vi/print/home-and-school-print-edition.pdf",
        ]
    );
    assert_conformant(&pdfs);

    let booklet = public.join("ar/print/home-and-school-print-edition.pdf");
    assert_eq!(catalog_lang(&booklet), "ar");
    assert_eq!(
        catalog_lang(&public.join("vi/print/home-and-school-print-edition.pdf")),
        "vi"
    );
    assert_eq!(
        catalog_lang(&public.join("ar/factsheets/reading/reading.pdf")),
        "ar"
    );
    // The titles are text, in an Arabic font: searchable and copyable.
    let text = letters(&pdftotext(&booklet, &[]));
    for title in ["القراءة قبل النوم", "لقاء المعلّم", "المحتويات"]
    {
        assert!(
            text.contains(&letters(title)),
            "no `{title}` in the Arabic booklet"
        );
    }
    let cover = pdftotext(&booklet, &["-f", "1", "-l", "1"]);
    assert!(!cover.contains("الصفحة"), "a number on the cover:\n{cover}");
    assert!(
        font_names(&booklet).iter().any(|f| f.contains("Arabic")),
        "no Arabic font embedded: {:?}",
        font_names(&booklet)
    );
    // The Vietnamese booklet's text keeps its diacritics.
    let text = pdftotext(
        &public.join("vi/print/home-and-school-print-edition.pdf"),
        &[],
    );
    assert!(text.contains("Đọc sách trước giờ ngủ"), "{text}");
    // The pages link to their PDFs.
    let page = site.html("ar/factsheets/reading/index.html");
    assert!(
        select(&page, "a[href=\"/hs/ar/factsheets/reading/reading.pdf\"]").len() == 1,
        "no PDF link on the Arabic page"
    );
}
