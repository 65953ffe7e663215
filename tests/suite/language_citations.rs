//! Citations in the language of the page (issue 17): a translation's
//! in-text citations and reference list take "et al.", "n.d." and "and"
//! from its language's CSL locale, with the built-in APA formatter and with
//! a user CSL style; the shared source pages group "Cited in" by language.

use scraper::Html;

use crate::harness::{Site, select, text_of};

const FIXTURE: &str = "languages/citations";

/// A term of a bundled CSL locale, read from the file sheaf compiles in
/// (`form` "" is the long form): the test follows the locale, not a copy.
fn locale_term(file: &str, name: &str, form: &str) -> String {
    let path = format!(
        "{}/src/evidence/locales/locales-{file}.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    let xml = std::fs::read_to_string(&path).unwrap();
    let open = match form {
        "" => format!("<term name=\"{name}\">"),
        form => format!("<term name=\"{name}\" form=\"{form}\">"),
    };
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("{path} has {open}"))
        + open.len();
    let end = start + xml[start..].find("</term>").unwrap();
    xml[start..end].trim().to_string()
}

/// The terms a page in `file`'s locale should show.
struct Expected {
    et_al: String,
    no_date: String,
    and: String,
}

fn expected(file: &str) -> Expected {
    Expected {
        et_al: locale_term(file, "et-al", ""),
        no_date: locale_term(file, "no date", "short"),
        and: locale_term(file, "and", ""),
    }
}

/// The page's in-text citations and reference-list entries, as text.
fn citations_and_references(html: &Html) -> (Vec<String>, Vec<String>) {
    let cites = select(html, "span.cite").iter().map(text_of).collect();
    let refs = select(html, ".reference-list > li")
        .iter()
        .map(text_of)
        .collect();
    (cites, refs)
}

fn assert_terms(site: &Site, page: &str, terms: &Expected, narrative_and: bool) {
    let (cites, refs) = citations_and_references(&site.html(page));
    let three = format!("Lee {}", terms.et_al);
    assert!(
        cites.iter().any(|c| c.contains(&three)),
        "{page}: a three-author work is cited as `{three}`: {cites:?}"
    );
    let undated = format!("Parents Council, {}", terms.no_date);
    assert!(
        cites.iter().any(|c| c.contains(&undated)),
        "{page}: an undated work is cited as `{undated}`: {cites:?}"
    );
    if narrative_and {
        let two = format!("Hill {} Tyson", terms.and);
        assert!(
            cites.iter().any(|c| c.contains(&two)),
            "{page}: two authors in running text are `{two}`: {cites:?}"
        );
    }
    let in_list = format!("({})", terms.no_date);
    assert!(
        refs.iter()
            .any(|r| r.starts_with("Parents Council") && r.contains(&in_list)),
        "{page}: the reference list dates the undated work `{in_list}`: {refs:?}"
    );
}

#[test]
fn translations_cite_with_their_languages_locale_terms() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let english = Expected {
        et_al: "et al.".into(),
        no_date: "n.d.".into(),
        and: "and".into(),
    };
    assert_terms(&site, "factsheets/homework/index.html", &english, true);
    let vi = expected("vi-VN");
    assert_ne!(
        vi.et_al, english.et_al,
        "the Vietnamese locale has its own et al."
    );
    assert_terms(&site, "vi/factsheets/homework/index.html", &vi, true);
    assert_terms(
        &site,
        "ar/factsheets/homework/index.html",
        &expected("ar"),
        true,
    );
}

#[test]
fn a_user_csl_style_takes_the_page_languages_locale() {
    let site = Site::fixture(FIXTURE);
    let style =
        std::fs::read_to_string(crate::harness::fixtures().join("evidence/csl/apa.csl")).unwrap();
    site.write("apa.csl", &style);
    site.edit("sheaf.toml", |t| {
        t.replace(
            "bibliography = [\"references.bib\"]",
            "bibliography = [\"references.bib\"]\ncitation_style = \"apa.csl\"",
        )
    });
    site.build();
    // APA's CSL writes "&" between two names even in running text, so
    // only et al. and n.d. are the locale's here.
    let english = Expected {
        et_al: "et al.".into(),
        no_date: "n.d.".into(),
        and: String::new(),
    };
    assert_terms(&site, "factsheets/homework/index.html", &english, false);
    assert_terms(
        &site,
        "vi/factsheets/homework/index.html",
        &expected("vi-VN"),
        false,
    );
    assert_terms(
        &site,
        "ar/factsheets/homework/index.html",
        &expected("ar"),
        false,
    );
}

#[test]
fn source_pages_stay_in_the_default_language() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let html = site.html("evidence/council/index.html");
    let reference = text_of(&select(&html, ".reference-full")[0]);
    assert!(reference.contains("(n.d.)"), "{reference}");
}

#[test]
fn cited_in_is_grouped_by_the_citing_pages_language() {
    let site = Site::fixture(FIXTURE);
    site.build();
    let html = site.html("evidence/lee2019/index.html");
    let groups = select(&html, ".source__cited .cited-group");
    let shown: Vec<(String, String, String, Vec<String>)> = groups
        .iter()
        .map(|g| {
            let heading = g
                .select(&scraper::Selector::parse("h3").unwrap())
                .next()
                .expect("each group has a heading");
            let links = g
                .select(&scraper::Selector::parse(".cited-list > li > a").unwrap())
                .map(|a| a.value().attr("href").unwrap().to_string())
                .collect();
            (
                text_of(&heading),
                heading.value().attr("lang").unwrap_or_default().to_string(),
                heading.value().attr("dir").unwrap_or_default().to_string(),
                links,
            )
        })
        .collect();
    let group = |name: &str, lang: &str, dir: &str, url: &str| {
        (
            name.to_string(),
            lang.to_string(),
            dir.to_string(),
            vec![url.to_string()],
        )
    };
    assert_eq!(
        shown,
        [
            group("English", "en", "ltr", "/families/factsheets/homework/"),
            group("العربية", "ar", "rtl", "/families/ar/factsheets/homework/"),
            group(
                "Tiếng Việt",
                "vi",
                "ltr",
                "/families/vi/factsheets/homework/"
            ),
        ]
    );
    // The groups' links go to pages that exist.
    for (_, _, _, links) in &shown {
        let path = links[0].strip_prefix("/families/").unwrap();
        assert!(
            site.public().join(path).join("index.html").is_file(),
            "{path}"
        );
    }
}

#[test]
fn a_source_cited_only_in_the_default_language_keeps_one_list() {
    let site = Site::fixture(FIXTURE);
    site.write(
        "content/factsheets/only-english.md",
        "+++\ntitle = \"Only in English\"\n+++\nA report on routines [@lee2019].\n",
    );
    // hill2009 is now cited only by the English page.
    site.edit("content/factsheets/homework.vi.md", |t| {
        t.replace("Như @hill2009 cho thấy, lời", "Lời")
    });
    site.edit("content/factsheets/homework.ar.md", |t| {
        t.replace("وكما وجد @hill2009، فإن", "إن")
    });
    site.build();
    let html = site.html("evidence/hill2009/index.html");
    assert!(select(&html, ".cited-group").is_empty());
    assert_eq!(select(&html, ".source__cited .cited-list > li").len(), 1);
}

/// `table.key` of the default theme's strings table for `lang`.
fn theme_string(lang: &str, table: &str, key: &str) -> String {
    let path = format!(
        "{}/themes/default/strings/{lang}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    value[table][key].as_str().unwrap().to_string()
}

#[test]
fn citation_popovers_are_worded_in_the_page_language() {
    let site = Site::fixture(FIXTURE);
    site.build();
    for (lang, page) in [
        ("en", "factsheets/homework/index.html"),
        ("vi", "vi/factsheets/homework/index.html"),
        ("ar", "ar/factsheets/homework/index.html"),
    ] {
        let html = site.html(page);
        let buttons = select(&html, "button.cite__more .visually-hidden");
        assert!(!buttons.is_empty(), "{page} has citation popovers");
        for b in &buttons {
            assert_eq!(
                b.text().collect::<String>(),
                theme_string(lang, "cite", "button"),
                "{page}"
            );
        }
        for pop in select(&html, ".cite__pop") {
            let label = pop.value().attr("aria-label").unwrap();
            assert_eq!(label, theme_string(lang, "cite", "group"), "{page}");
        }
        let source = theme_string(lang, "references", "about_source");
        let links = select(&html, ".cite__item > .cite__row > a:not(.badge)");
        assert!(!links.is_empty(), "{page} links its popovers' sources");
        for link in links {
            assert_eq!(link.text().collect::<String>(), source, "{page}");
        }
    }
}

#[test]
fn the_glossary_marks_default_language_pages_only() {
    // The glossary is written in the site's language: its English
    // definitions are not put into a Vietnamese or Arabic page, even where
    // an English word (a title in a reference) appears there.
    let site = Site::fixture(FIXTURE);
    site.write(
        "content/glossary.toml",
        "homework = \"Schoolwork done at home.\"\n",
    );
    for translation in ["vi", "ar"] {
        site.edit(
            &format!("content/factsheets/homework.{translation}.md"),
            |s| s + "\nhomework\n",
        );
    }
    site.build();
    let en = site.html("factsheets/homework/index.html");
    assert_eq!(select(&en, "main .glossary-term dfn").len(), 1);
    for page in [
        "vi/factsheets/homework/index.html",
        "ar/factsheets/homework/index.html",
    ] {
        let html = site.html(page);
        assert!(select(&html, ".glossary-term").is_empty(), "{page}");
    }
}
