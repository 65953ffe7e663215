//! Nothing sheaf emits can inject markup: every field an author or a
//! bibliography supplies (titles, summaries, headings, taxonomy terms,
//! bibliography fields, notes front matter, the site title) is escaped for
//! where it lands: HTML text and attributes, the JSON search index, the Atom
//! feed and the sitemap. Raw HTML in a Markdown body is trusted and so is
//! not part of this test.

use crate::harness::{Site, select, text_of};

/// Breaks out of HTML text, a double-quoted attribute, CDATA and a script.
const PAYLOAD: &str = "<script>alert(1)</script>\"onmouseover=\"alert(2)\" ]]> <img src=x onerror=alert(3)> </script>";

/// The same, as Markdown text (so it is text, not the author's raw HTML).
const MD_PAYLOAD: &str = "\\<script\\>alert(1)\\</script\\>\"onmouseover=\"alert(2)\" ]]\\> \\<img src=x onerror=alert(3)\\> \\</script\\>";

fn hostile_site() -> Site {
    let site = Site::fixture("evidence/site");
    site.write(
        "sheaf.toml",
        &format!(
            "title = '{PAYLOAD}'\ndescription = '{PAYLOAD}'\nbase_url = \"https://example.org/ev/\"\n\
             bibliography = [\"refs.bib\"]\ntaxonomies = [\"topics\"]\n"
        ),
    );
    site.write(
        "content/factsheets/hostile.md",
        &format!(
            "+++\ntitle = '{PAYLOAD}'\nsummary = '{PAYLOAD}'\ndate = 2024-05-01\n\
             aliases = [\"/old/hostile.html\"]\nevidence_level = \"strong\"\n\
             [taxonomies]\ntopics = ['{PAYLOAD}', \"Plain\"]\n+++\n\
             ## {MD_PAYLOAD}\n\nBody text {MD_PAYLOAD} cites [@hostile2024, p. 3].\n"
        ),
    );
    // Characters XML 1.0 forbids even when escaped, via TOML escapes.
    site.write(
        "content/factsheets/bell.md",
        "+++\ntitle = \"Bell\\u0007 and \\u0001 and \\u001b[31m\"\nsummary = \"Form\\u000cfeed\"\ndate = 2024-04-01\n+++\nText.\n",
    );
    site.edit("refs.bib", |bib| {
        bib + &format!(
            "\n@book{{hostile2024,\n  author = {{{PAYLOAD} and {{{PAYLOAD}}}}},\n  title = {{{PAYLOAD}}},\n  \
             publisher = {{{PAYLOAD}}},\n  edition = {{{PAYLOAD}}},\n  year = {{2024}},\n  \
             url = {{javascript:alert(4)}},\n  note = {{{PAYLOAD}}}\n}}\n"
        )
    });
    site.write(
        "content/evidence/hostile2024.md",
        &format!(
            "+++\ntitle = '{PAYLOAD}'\ndesign = '{PAYLOAD}'\nsummary = '{PAYLOAD}'\n+++\nNotes.\n"
        ),
    );
    let run = site.build();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    site
}

fn output_files(site: &Site, ext: &str) -> Vec<String> {
    walkdir::WalkDir::new(site.public())
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| {
            e.path()
                .strip_prefix(site.public())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn no_field_injects_elements_or_attributes_into_any_page() {
    let site = hostile_site();
    let pages = output_files(&site, "html");
    assert!(pages.len() > 10, "{pages:?}");
    for rel in &pages {
        let doc = site.html(rel);
        for script in select(&doc, "script") {
            if script.attr("type") == Some("application/ld+json") {
                // sheaf's JSON-LD: every `<` is written `\u003c`, so no
                // text can end the script or open a comment.
                let json = script.inner_html();
                assert!(!json.contains('<'), "{rel}: `<` in JSON-LD {json:?}");
                let parsed: Result<serde_json::Value, _> = serde_json::from_str(&json);
                assert!(parsed.is_ok(), "{rel}: JSON-LD does not parse: {json:?}");
                continue;
            }
            let src = script.attr("src").unwrap_or("");
            assert!(
                src.ends_with(".js") && !src.starts_with("javascript:"),
                "{rel}: injected <script> {:?}",
                script.html()
            );
        }
        for el in select(&doc, "*") {
            for (name, value) in el.value().attrs() {
                assert!(
                    !name.starts_with("on") && !name.contains('"'),
                    "{rel}: injected attribute {name}={value:?} on <{}>",
                    el.value().name()
                );
                if matches!(name, "href" | "src" | "action") {
                    assert!(
                        !value
                            .trim_start()
                            .to_ascii_lowercase()
                            .starts_with("javascript:"),
                        "{rel}: javascript: URL in {name}"
                    );
                }
            }
        }
        assert!(
            select(&doc, "img[src=x]").is_empty(),
            "{rel}: injected <img>"
        );
    }
}

#[test]
fn injected_text_round_trips_as_text() {
    let site = hostile_site();
    let doc = site.html("factsheets/hostile/index.html");
    assert_eq!(text_of(&select(&doc, "h1")[0]), text_of_str(PAYLOAD));
    let title = text_of(&select(&doc, "title")[0]);
    assert!(title.contains(&text_of_str(PAYLOAD)), "{title}");
    let description = select(&doc, "meta[name=description]");
    if let Some(meta) = description.first() {
        assert_eq!(
            meta.attr("content").map(text_of_str),
            Some(text_of_str(PAYLOAD))
        );
    }
    // The taxonomy term and its pages.
    let terms = site.html("topics/index.html");
    assert!(text_of(&select(&terms, "main")[0]).contains(&text_of_str(PAYLOAD)));
    // The source page shows every bibliography field as text.
    let source = site.html("evidence/hostile2024/index.html");
    let main = text_of(&select(&source, "main")[0]);
    assert!(main.contains("alert(1)"), "{main}");
    // Redirect page.
    let redirect = site.html("old/hostile.html");
    assert_eq!(select(&redirect, "script").len(), 0);
}

fn text_of_str(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_search_index_is_json_that_round_trips_and_cannot_close_a_script() {
    let site = hostile_site();
    let raw = site.read("search-index.json");
    assert!(
        !raw.to_ascii_lowercase().contains("</script"),
        "`</script` appears literally in the search index"
    );
    assert!(
        !raw.contains("<!--"),
        "`<!--` appears literally in the search index"
    );
    let entries: Vec<serde_json::Value> = serde_json::from_str(&raw).expect("valid JSON");
    let hostile = entries
        .iter()
        .find(|e| e["url"] == "/ev/factsheets/hostile/")
        .expect("hostile page indexed");
    assert_eq!(hostile["title"], PAYLOAD);
    assert_eq!(hostile["summary"], PAYLOAD);
    let headings = hostile["headings"].as_array().unwrap();
    // Smart punctuation curls the quotes of Markdown text; the markup stays text.
    let heading = headings[0].as_str().unwrap();
    assert!(
        heading.starts_with("<script>alert(1)</script>") && heading.ends_with("</script>"),
        "{heading}"
    );
    assert!(
        hostile["body"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)")
    );
}

#[test]
fn feed_and_sitemap_are_well_formed_xml_with_the_text_intact() {
    let site = hostile_site();
    let feed = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed)
        .unwrap_or_else(|e| panic!("atom.xml is not well-formed XML: {e}\n{feed}"));
    let root = doc.root_element();
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    assert_eq!(child_text(root, "title").as_deref(), Some(PAYLOAD));
    assert_eq!(child_text(root, "subtitle").as_deref(), Some(PAYLOAD));
    let entries: Vec<_> = root
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    assert!(
        entries
            .iter()
            .any(|e| child_text(*e, "title").as_deref() == Some(PAYLOAD))
    );
    assert!(
        entries
            .iter()
            .any(|e| child_text(*e, "summary").as_deref() == Some(PAYLOAD))
    );
    let sitemap = site.read("sitemap.xml");
    roxmltree::Document::parse(&sitemap)
        .unwrap_or_else(|e| panic!("sitemap.xml is not well-formed XML: {e}"));
}
