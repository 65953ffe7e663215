//! Branding and wording (issue 18): the strings table, page kinds with
//! singular and plural names, and `[brand]` settings.

use scraper::{Html, Selector};

use crate::harness::Site;

/// The trimmed text of every element matching `selector`.
fn texts(html: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    html.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn counts_name_each_sections_kind_in_singular_and_plural() {
    let site = Site::fixture("brand/kinds");
    site.build();
    let home = site.html("index.html");
    let counts = texts(&home, ".card__count");
    assert_eq!(
        counts,
        ["2 factsheets", "1 how-to guide", "1 research summary"],
        "home page section cards"
    );
    let research = site.html("research/index.html");
    assert_eq!(texts(&research, "#pages-title"), ["1 research summary"]);
    let guides = site.html("guides/index.html");
    assert_eq!(texts(&guides, "#pages-title"), ["1 how-to guide"]);
}

#[test]
fn a_page_names_its_own_kind_in_how_to_cite_and_print_footer() {
    let site = Site::fixture("brand/kinds");
    site.build();
    let summary = site.html("research/summary/index.html");
    assert_eq!(
        texts(&summary, ".print-source__title"),
        ["Read this research summary online"]
    );
    let guide = site.html("guides/only/index.html");
    assert_eq!(
        texts(&guide, ".print-source__title"),
        ["Read this how-to guide online"]
    );
}

#[test]
fn a_term_with_mixed_kinds_counts_pages_and_a_single_kind_counts_that_kind() {
    let site = Site::fixture("brand/kinds");
    site.build();
    let reading = site.html("outcomes/reading/index.html");
    assert_eq!(
        texts(&reading, ".page-header .lead"),
        ["3 pages tagged “Reading”."]
    );
    let writing = site.html("outcomes/writing/index.html");
    assert_eq!(
        texts(&writing, ".page-header .lead"),
        ["1 how-to guide tagged “Writing”."]
    );
    let list = site.html("outcomes/index.html");
    assert_eq!(
        texts(&list, ".term-list__count"),
        ["3 pages", "1 how-to guide"]
    );
}

#[test]
fn breadcrumbs_say_home_on_every_kind_of_page() {
    let site = Site::fixture("brand/kinds");
    site.build();
    for page in [
        "factsheets/one/index.html",
        "research/index.html",
        "outcomes/index.html",
        "outcomes/reading/index.html",
        "evidence/index.html",
    ] {
        let first = texts(&site.html(page), ".breadcrumb li");
        assert_eq!(first.first().map(String::as_str), Some("Home"), "{page}");
    }
}

#[test]
fn a_site_strings_file_overrides_one_key_and_keeps_the_rest() {
    let site = Site::fixture("brand/kinds");
    site.write(
        "content/factsheets/long.md",
        "+++\ntitle = \"Long\"\n+++\n\n## A\n\n## B\n\n## C\n",
    );
    site.build();
    let page = site.html("factsheets/long/index.html");
    assert_eq!(texts(&page, "#toc-title"), ["In this page"]);
    assert_eq!(texts(&page, ".skip-link"), ["Skip to main content"]);
}

#[test]
fn a_broken_strings_file_is_an_error_at_its_line() {
    let site = Site::fixture("brand/kinds");
    site.write("strings/en.toml", "[page]\non_this_page = 3\n");
    let run = site.sheaf(&["build"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("strings/en.toml:2"), "{}", run.stderr);
    assert!(run.stderr.contains("page.on_this_page"), "{}", run.stderr);
}

#[test]
fn the_example_research_summary_says_so() {
    let site = Site::example();
    site.build();
    let home = site.html("index.html");
    assert!(
        texts(&home, ".card__count").contains(&"1 research summary".to_string()),
        "{:?}",
        texts(&home, ".card__count")
    );
    let page = site.html("research/what-the-research-says/index.html");
    assert_eq!(
        texts(&page, "#cite-title"),
        ["How to cite this research summary"]
    );
}

/// The attribute `attr` of the first element matching `selector`.
fn attr(html: &Html, selector: &str, attr: &str) -> Option<String> {
    let sel = Selector::parse(selector).unwrap();
    html.select(&sel)
        .next()
        .and_then(|e| e.value().attr(attr))
        .map(str::to_string)
}

/// WCAG 2 contrast of a `#rrggbb` colour against white, computed here
/// independently of sheaf's own code.
fn contrast_on_white(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    1.05 / (l + 0.05)
}

#[test]
fn brand_settings_appear_on_every_page() {
    let site = Site::fixture("brand/site");
    site.build();
    let page = site.html("guides/enrolling/index.html");
    assert_eq!(
        attr(&page, ".site-title__logo", "src").as_deref(),
        Some("/riverside/images/riverside-logo.svg")
    );
    assert_eq!(
        attr(&page, ".site-title__logo", "alt").as_deref(),
        Some("Riverside School District"),
        "logo_alt defaults to the organisation"
    );
    assert!(site.public().join("images/riverside-logo.svg").is_file());
    assert_eq!(
        attr(&page, "link[rel=icon]", "href").as_deref(),
        Some("/riverside/images/riverside-icon.png")
    );
    assert_eq!(
        attr(&page, "meta[name=author]", "content").as_deref(),
        Some("Riverside School District")
    );
    assert_eq!(
        attr(&page, ".site-search__input", "placeholder").as_deref(),
        Some("e.g. enrolment, buses")
    );
    assert_eq!(
        texts(&page, ".site-footer__text"),
        ["Riverside School District, 1 River Road."]
    );
    let footer = texts(&page, ".site-footer__nav a");
    assert!(
        footer.ends_with(&["Privacy".into(), "About us".into()]),
        "{footer:?}"
    );
}

#[test]
fn the_organisation_is_the_author_in_how_to_cite() {
    let site = Site::fixture("brand/site");
    site.build();
    let page = site.html("guides/enrolling/index.html");
    let cite = texts(&page, ".cite-box__text");
    assert!(
        cite[0].starts_with("Riverside School District. (2025, March 1)."),
        "{cite:?}"
    );
    assert_eq!(texts(&page, "#cite-title"), ["How to cite this guide"]);
}

#[test]
fn accent_colours_are_set_over_the_theme_and_read_on_white() {
    let site = Site::fixture("brand/site");
    site.build();
    let page = site.html("index.html");
    let style = texts(&page, "head style").join(" ");
    assert!(style.contains("--link: #8a2be2"), "{style}");
    assert!(style.contains("--primary: #3b1466"), "{style}");
    for colour in ["#8a2be2", "#3b1466"] {
        let ratio = contrast_on_white(colour);
        assert!(ratio >= 4.5, "{colour}: {ratio:.2}:1");
    }
}

#[test]
fn the_menu_is_in_weight_order_with_at_paths_resolved() {
    let site = Site::fixture("brand/site");
    site.build();
    let page = site.html("index.html");
    let sel = Selector::parse(".site-nav__list a").unwrap();
    let links: Vec<(String, String)> = page
        .select(&sel)
        .map(|a| {
            (
                a.text().collect::<String>().trim().to_string(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .take(3)
        .collect();
    assert_eq!(
        links,
        [
            ("Guides".to_string(), "/riverside/guides/".to_string()),
            ("About".to_string(), "/riverside/about/".to_string()),
            (
                "Contact".to_string(),
                "https://example.org/contact/".to_string()
            ),
        ]
    );
}

#[test]
fn extra_css_is_linked_after_the_theme_stylesheet() {
    let site = Site::fixture("brand/site");
    site.build();
    let html = site.read("index.html");
    let theme = html.find("/riverside/style.css").expect("theme stylesheet");
    let extra = html.find("/riverside/extra.css").expect("extra.css");
    assert!(theme < extra);
    assert!(
        site.read("style.css").len() > 10_000,
        "the theme stylesheet is kept"
    );
}

#[test]
fn a_site_style_css_still_replaces_the_theme_stylesheet() {
    let site = Site::fixture("brand/site");
    site.write("static/style.css", "body { color: black; }\n");
    site.build();
    assert_eq!(site.read("style.css"), "body { color: black; }\n");
}

#[test]
fn an_unreadable_accent_is_an_error_at_the_key_with_its_ratio() {
    let site = Site::fixture("brand/site");
    site.edit("sheaf.toml", |t| {
        t.replace("accent = \"#8a2be2\"", "accent = \"#ffff00\"")
    });
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("sheaf.toml:9:1"), "{}", run.stderr);
    assert!(run.stderr.contains("1.07:1"), "{}", run.stderr);
}

#[test]
fn a_light_accent_dark_is_an_error_too() {
    let site = Site::fixture("brand/site");
    site.edit("sheaf.toml", |t| {
        t.replace("accent_dark = \"#3b1466\"", "accent_dark = \"#9ab\"")
    });
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`brand.accent_dark`"), "{}", run.stderr);
    assert!(run.stderr.contains("behind white text"), "{}", run.stderr);
}

#[test]
fn a_missing_logo_is_an_error_at_the_key() {
    let site = Site::fixture("brand/site");
    site.edit("sheaf.toml", |t| {
        t.replace("images/riverside-logo.svg", "logo.png")
    });
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("sheaf.toml:8:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("static/logo.png, which does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_menu_entry_naming_no_page_is_an_error_with_a_suggestion() {
    let site = Site::fixture("brand/site");
    site.edit("sheaf.toml", |t| {
        t.replace(
            "url = \"@/about.md\"\nweight",
            "url = \"@/abuot.md\"\nweight",
        )
    });
    let run = site.sheaf(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("@/abuot.md"), "{}", run.stderr);
    assert!(run.stderr.contains("about.md"), "{}", run.stderr);
}
