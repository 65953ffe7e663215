//! Translations (issue 17): files beside their sources, /<tag>/ output with
//! hreflang alternates, per-language listings, and `sheaf translations`
//! telling which translations have fallen behind their sources.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

use crate::harness::Site;

const FIXTURE: &str = "languages/site";
const BASE: &str = "https://example.org/families/";

/// `sheaf <args>` in `dir`, with stdout (the report) and stderr.
fn sheaf_output(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sheaf"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run sheaf");
    assert_ne!(out.status.code(), Some(101), "sheaf panicked");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// Every `hreflang` alternate of a page: tag -> absolute URL.
fn alternates(html: &Html) -> BTreeMap<String, String> {
    select(html, r#"link[rel="alternate"][hreflang]"#)
        .into_iter()
        .map(|l| {
            (
                l.value().attr("hreflang").unwrap().to_string(),
                l.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

/// The output file an absolute URL of the site is served from.
fn file_of(site: &Site, url: &str) -> std::path::PathBuf {
    let path = url.strip_prefix(BASE).expect("URL inside the site");
    site.public().join(path).join("index.html")
}

#[test]
fn hreflang_alternates_are_symmetric_and_every_one_exists() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        let mine = alternates(&html);
        if mine.is_empty() {
            continue;
        }
        let lang = select(&html, "html")[0]
            .value()
            .attr("lang")
            .unwrap()
            .to_string();
        let own = &mine[&lang];
        assert_eq!(
            file_of(&site, own),
            entry.path(),
            "{} lists itself under its own language",
            entry.path().display()
        );
        assert!(mine.contains_key("x-default"), "{}", entry.path().display());
        for (tag, url) in &mine {
            let file = file_of(&site, url);
            assert!(file.is_file(), "{tag} alternate {url} was not written");
            let theirs = alternates(&Html::parse_document(
                &std::fs::read_to_string(&file).unwrap(),
            ));
            assert_eq!(theirs, mine, "{url} lists other alternates than {own}");
        }
        checked += 1;
    }
    // Home (en, vi), factsheets section (en + 4 made), two pages in 4 + 2.
    assert!(checked >= 10, "only {checked} pages had alternates");
}

#[test]
fn arabic_pages_are_right_to_left_and_each_page_names_its_language() {
    let site = Site::fixture(FIXTURE);
    site.build();
    for (file, lang, dir) in [
        ("ar/factsheets/learning-at-home/index.html", "ar", "rtl"),
        ("ar/factsheets/reading-together/index.html", "ar", "rtl"),
        ("ar/index.html", "ar", "rtl"),
        ("vi/factsheets/learning-at-home/index.html", "vi", "ltr"),
        (
            "zh-CN/factsheets/learning-at-home/index.html",
            "zh-CN",
            "ltr",
        ),
        ("factsheets/learning-at-home/index.html", "en", "ltr"),
    ] {
        let html = site.html(file);
        let root = select(&html, "html")[0].value();
        assert_eq!(root.attr("lang"), Some(lang), "{file}");
        assert_eq!(root.attr("dir"), Some(dir), "{file}");
        // The page's schema.org metadata names the same language.
        for script in select(&html, r#"script[type="application/ld+json"]"#) {
            let ld: serde_json::Value =
                serde_json::from_str(&script.text().collect::<String>()).unwrap();
            if let Some(l) = ld.get("inLanguage") {
                assert_eq!(l.as_str(), Some(lang), "{file}: JSON-LD inLanguage");
            }
        }
    }
    let ar = site.html("ar/factsheets/learning-at-home/index.html");
    let h1 = select(&ar, "h1")[0].text().collect::<String>();
    assert_eq!(h1, "التعلّم في البيت");
}

#[test]
fn the_language_switcher_lists_the_versions_that_exist() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let html = site.html("factsheets/reading-together/index.html");
    let names: Vec<String> = select(&html, ".language-switcher li")
        .iter()
        .map(|li| li.text().collect::<String>())
        .collect();
    assert_eq!(names, ["English", "العربية"]);
    let current = select(&html, ".language-switcher [aria-current]");
    assert_eq!(current[0].text().collect::<String>(), "English");
    // A page with no translation has no switcher.
    let plain = site.html("factsheets/report-v2/index.html");
    assert!(select(&plain, ".language-switcher").is_empty());
}

#[test]
fn each_language_lists_its_own_pages() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let links = |file: &str| -> BTreeSet<String> {
        select(&site.html(file), "main a")
            .iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .filter(|h| h.contains("/factsheets/") && !h.ends_with("/factsheets/"))
            .collect()
    };
    let vi = links("vi/factsheets/index.html");
    assert_eq!(
        vi,
        BTreeSet::from(["/families/vi/factsheets/learning-at-home/".to_string()])
    );
    let en = links("factsheets/index.html");
    assert!(
        en.iter()
            .all(|h| !h.starts_with("/families/vi/") && !h.starts_with("/families/ar/")),
        "{en:?}"
    );
    assert!(en.contains("/families/factsheets/report-v2/"), "{en:?}");
    // The Vietnamese home page is the translated _index.vi.md; the Arabic
    // one, made for the Arabic pages, keeps the source title.
    let vi_home = site.html("vi/index.html");
    assert_eq!(
        select(&vi_home, "h1")[0].text().collect::<String>(),
        "Gia đình và việc học"
    );
    let ar_home = site.html("ar/index.html");
    assert_eq!(
        select(&ar_home, "h1")[0].text().collect::<String>(),
        "Families and Learning"
    );
    // Term pages list the default language's pages.
    let term = site.read("topics/home-learning/index.html");
    assert!(!term.contains("/vi/factsheets/"), "{term}");
}

#[test]
fn translations_report_marks_and_staleness() {
    let site = Site::fixture(FIXTURE);
    let (code, out, _) = sheaf_output(site.root(), &["translations"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("content/factsheets/learning-at-home.md  vi  out of date\n"),
        "{out}"
    );
    assert!(
        out.contains("content/factsheets/reading-together/index.md  vi  missing\n"),
        "{out}"
    );
    assert!(
        out.contains("content/factsheets/reading-together/index.md  ar  out of date\n"),
        "{out}"
    );

    // Marking, from inside content/, with a path relative to there.
    let before = std::fs::read_to_string(
        site.root()
            .join("content/factsheets/learning-at-home.vi.md"),
    )
    .unwrap();
    let (code, _, err) = sheaf_output(
        &site.root().join("content/factsheets"),
        &["translations", "mark", "learning-at-home.vi.md"],
    );
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(
        site.root()
            .join("content/factsheets/learning-at-home.vi.md"),
    )
    .unwrap();
    let added = after.lines().nth(1).unwrap();
    assert!(added.starts_with("source_hash = \""), "{after}");
    let without: String = after
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("source_hash"))
        .collect();
    assert_eq!(
        without, before,
        "marking changed more than the source_hash line"
    );
    let (_, out, _) = sheaf_output(site.root(), &["translations"]);
    assert!(
        out.contains("content/factsheets/learning-at-home.md  vi  up to date\n"),
        "{out}"
    );
    let build = site.build();
    assert!(
        !build.stderr.contains("learning-at-home.vi.md"),
        "{}",
        build.stderr
    );
    assert!(
        build.stderr.contains("learning-at-home.ar.md"),
        "{}",
        build.stderr
    );
    let vi = site.html("vi/factsheets/learning-at-home/index.html");
    assert!(select(&vi, ".translation-notice").is_empty());

    // Editing the source makes the translation out of date again.
    site.edit("content/factsheets/learning-at-home.md", |t| {
        t + "\nOne more sentence.\n"
    });
    let (_, out, _) = sheaf_output(site.root(), &["translations"]);
    assert!(
        out.contains("content/factsheets/learning-at-home.md  vi  out of date\n"),
        "{out}"
    );
    let build = site.build();
    assert!(
        build
            .stderr
            .contains("warning: this translation is out of date"),
        "{}",
        build.stderr
    );
    assert!(
        build
            .stderr
            .contains("content/factsheets/learning-at-home.vi.md:2:1"),
        "{}",
        build.stderr
    );
    let vi = site.html("vi/factsheets/learning-at-home/index.html");
    let notice = select(&vi, ".translation-notice a");
    assert_eq!(
        notice[0].value().attr("href"),
        Some("/families/factsheets/learning-at-home/")
    );

    // `--all` marks the rest; the report then has no out-of-date line.
    let (code, _, err) = sheaf_output(site.root(), &["translations", "mark", "--all"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = sheaf_output(site.root(), &["translations"]);
    assert!(!out.contains("out of date"), "{out}");
    let build = site.build();
    assert!(!build.stderr.contains("out of date"), "{}", build.stderr);
}

#[test]
fn a_translation_without_its_source_is_an_error_naming_the_file() {
    let site = Site::fixture(FIXTURE);
    site.write(
        "content/factsheets/homework.vi.md",
        "+++\ntitle = \"Bài tập\"\n+++\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/factsheets/homework.vi.md is a translation into `vi` of content/factsheets/homework.md, which does not exist"), "{}", run.stderr);
}

#[test]
fn a_language_suffix_the_site_does_not_publish_in_is_an_error() {
    let site = Site::fixture(FIXTURE);
    site.write(
        "content/factsheets/learning-at-home.fr.md",
        "+++\ntitle = \"Apprendre\"\n+++\n",
    );
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/factsheets/learning-at-home.fr.md ends in `.fr.md`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("add [languages.fr]"), "{}", run.stderr);
}

#[test]
fn dotted_names_that_are_not_languages_are_ordinary_pages() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let html = site.html("factsheets/report-v2/index.html");
    assert_eq!(
        select(&html, "h1")[0].text().collect::<String>(),
        "Report, second version"
    );
}

#[test]
fn a_badly_written_language_table_points_at_it() {
    let site = Site::fixture(FIXTURE);
    site.edit("sheaf.toml", |t| {
        t.replace("[languages.zh-CN]", "[languages.zh-cn]")
    });
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("sheaf.toml:16:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("write it as [languages.zh-CN]"),
        "{}",
        run.stderr
    );
}

#[test]
fn sitemap_entries_list_every_version_with_x_default() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap parses");
    let xhtml = "http://www.w3.org/1999/xhtml";
    let mut seen = 0;
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .unwrap();
        let links: BTreeMap<&str, &str> = url
            .children()
            .filter(|n| n.has_tag_name((xhtml, "link")))
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap(),
                    n.attribute("href").unwrap(),
                )
            })
            .collect();
        if loc.ends_with("/learning-at-home/") {
            seen += 1;
            assert_eq!(
                links.keys().copied().collect::<Vec<_>>(),
                ["ar", "en", "vi", "x-default", "zh-CN"],
                "{loc}"
            );
            assert_eq!(
                links["x-default"],
                format!("{BASE}factsheets/learning-at-home/")
            );
            assert!(links.values().any(|h| *h == loc), "{loc} lists itself");
        }
        if loc.ends_with("/report-v2/") {
            assert!(links.is_empty(), "an untranslated page has no alternates");
        }
    }
    assert_eq!(seen, 4, "one sitemap entry per version");
}

#[test]
fn search_indexes_and_feeds_are_per_language() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let titles = |file: &str| -> Vec<String> {
        let index: serde_json::Value = serde_json::from_str(&site.read(file)).unwrap();
        index
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_string())
            .collect()
    };
    let en = titles("search-index.json");
    assert!(en.contains(&"Learning at home".to_string()), "{en:?}");
    assert!(
        !en.iter().any(|t| t == "Học ở nhà" || t == "在家学习"),
        "{en:?}"
    );
    let zh = titles("zh-CN/search-index.json");
    assert!(zh.contains(&"在家学习".to_string()), "{zh:?}");
    assert!(!zh.contains(&"Learning at home".to_string()), "{zh:?}");
    // Each page's search box reads its own language's index.
    let vi = site.html("vi/factsheets/learning-at-home/index.html");
    let form = select(&vi, "form.site-search")[0].value();
    assert_eq!(
        form.attr("data-index"),
        Some("/families/vi/search-index.json")
    );

    let feed = site.read("vi/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("feed parses");
    let root = doc.root_element();
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("vi")
    );
    assert!(
        feed.contains("Học ở nhà") && !feed.contains("Learning at home"),
        "{feed}"
    );
    assert!(!site.read("atom.xml").contains("Học ở nhà"));
    // 404 in each published language.
    let vi404 = site.html("vi/404.html");
    assert_eq!(select(&vi404, "html")[0].value().attr("lang"), Some("vi"));
}

#[test]
fn interface_text_and_dates_follow_the_page_language() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let text = |file: &str, css: &str| -> String {
        select(&site.html(file), css)
            .first()
            .map(|e| e.text().collect::<String>())
            .unwrap_or_default()
    };
    assert_eq!(
        text(
            "vi/factsheets/learning-at-home/index.html",
            "#references-title"
        ),
        "Tài liệu tham khảo"
    );
    assert_eq!(
        text(
            "ar/factsheets/learning-at-home/index.html",
            "#references-title"
        ),
        "المراجع"
    );
    assert_eq!(
        text(
            "zh-CN/factsheets/learning-at-home/index.html",
            "#references-title"
        ),
        "参考文献"
    );
    assert_eq!(
        text(
            "factsheets/learning-at-home/index.html",
            "#references-title"
        ),
        "References"
    );
    assert_eq!(
        text("vi/factsheets/learning-at-home/index.html", "time"),
        "ngày 1 tháng 3 năm 2024"
    );
    assert_eq!(
        text("ar/factsheets/learning-at-home/index.html", "time"),
        "1 مارس 2024"
    );
    assert_eq!(
        text("factsheets/learning-at-home/index.html", "time"),
        "1 March 2024"
    );
    // The switcher is named in the page's language.
    let vi = site.html("vi/factsheets/learning-at-home/index.html");
    let nav = select(&vi, "nav.language-switcher")[0].value();
    assert_eq!(nav.attr("aria-label"), Some("Ngôn ngữ khác"));
}

#[test]
fn serve_updates_a_translations_notice_when_its_source_is_edited() {
    let site = Site::fixture(FIXTURE);
    let (code, _, err) = sheaf_output(site.root(), &["translations", "mark", "--all"]);
    assert_eq!(code, 0, "{err}");
    let mut preview = crate::serve::session(site.root());
    assert!(preview.full_build().ok());
    let page = "vi/factsheets/learning-at-home/index.html";
    let notice = |preview: &mut crate::serve::Preview| {
        let html = String::from_utf8(preview.snapshot()[page].clone()).unwrap();
        html.contains("translation-notice")
    };
    assert!(!notice(&mut preview), "marked translations have no notice");

    // Editing the source: its translations now tell readers.
    let source = site.root().join("content/factsheets/learning-at-home.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text + "\nA new paragraph.\n").unwrap();
    let done = preview.rebuild(std::slice::from_ref(&source));
    assert!(done.ok(), "{:?}", done.errors);
    assert!(
        notice(&mut preview),
        "the edit left the Vietnamese page without its notice"
    );
    let mut fresh = crate::serve::session(site.root());
    assert!(fresh.full_build().ok());
    assert_eq!(
        preview.snapshot()[page],
        fresh.snapshot()[page],
        "partial and full builds differ"
    );

    // Marking the translation again takes the notice away.
    let (code, _, err) = sheaf_output(
        site.root(),
        &[
            "translations",
            "mark",
            "content/factsheets/learning-at-home.vi.md",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let translation = site
        .root()
        .join("content/factsheets/learning-at-home.vi.md");
    let done = preview.rebuild(&[translation]);
    assert!(done.ok(), "{:?}", done.errors);
    assert!(!notice(&mut preview), "the mark did not clear the notice");
}
