//! Pages others can cite: `cite.bib`, `cite.ris` and `cite.json` (CSL-JSON)
//! beside each citable page, its Highwire `citation_*` values and
//! schema.org JSON-LD; and for each source page the work's JSON-LD and a
//! COinS span that reference managers (Zotero) detect.

use std::borrow::Cow;
use std::collections::HashMap;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::content::date::ContentDate;
use crate::evidence::{Bibliography, Work, WorkKind};

/// Who a page is by: the site's organisation. Until `[brand]
/// organisation` exists this is the site title; the one place to change.
pub fn organisation(config: &Config) -> &str {
    &config.title
}

/// What a page's citation says about it.
pub struct PageCitation<'a> {
    /// The cite files' entry key (the page's slug).
    pub id: &'a str,
    pub title: &'a str,
    pub organisation: &'a str,
    pub site_title: &'a str,
    pub permalink: &'a str,
    pub published: Option<&'a ContentDate>,
    pub updated: Option<&'a ContentDate>,
}

impl<'a> PageCitation<'a> {
    /// The citation of `page` at `permalink`, authored by the site's
    /// organisation: what its cite files and its metadata both describe.
    pub fn of_page(config: &'a Config, page: &'a crate::content::Page, permalink: &'a str) -> Self {
        PageCitation {
            id: &page.slug,
            title: &page.front.title,
            organisation: organisation(config),
            site_title: &config.title,
            permalink,
            published: page.front.date.as_ref(),
            updated: page.front.updated.as_ref(),
        }
    }
}

/// BibTeX-escapes text inside a braced field.
fn bib_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A key BibTeX reads as one token: letters, digits and `-_:.`.
fn bib_key(id: &str) -> String {
    let key: String = id
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    if key.is_empty() { "page".into() } else { key }
}

/// `cite.bib`: one `@online` entry.
pub fn bibtex(page: &PageCitation<'_>) -> String {
    let mut fields = vec![
        ("title", bib_escape(page.title)),
        ("author", format!("{{{}}}", bib_escape(page.organisation))),
        ("organization", bib_escape(page.site_title)),
        ("url", page.permalink.replace(['{', '}'], "")),
    ];
    if let Some(d) = page.published.or(page.updated) {
        fields.push(("year", d.year.to_string()));
        fields.push(("date", d.ymd()));
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("  {name} = {{{value}}}"))
        .collect();
    format!("@online{{{},\n{}\n}}\n", bib_key(page.id), body.join(",\n"))
}

/// RIS text: no line breaks inside a value.
fn ris_value(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `cite.ris`: one `ELEC` record.
pub fn ris(page: &PageCitation<'_>) -> String {
    let mut lines = vec![
        "TY  - ELEC".to_string(),
        format!("TI  - {}", ris_value(page.title)),
        format!("AU  - {}", ris_value(page.organisation)),
        format!("PB  - {}", ris_value(page.site_title)),
        format!("UR  - {}", ris_value(page.permalink)),
    ];
    if let Some(d) = page.published.or(page.updated) {
        lines.push(format!("PY  - {}", d.year));
        lines.push(format!("DA  - {:04}/{:02}/{:02}", d.year, d.month, d.day));
    }
    lines.push("ER  - ".into());
    lines.join("\r\n") + "\r\n"
}

fn date_parts(d: &ContentDate) -> Value {
    json!({ "date-parts": [[d.year, d.month, d.day]] })
}

/// `cite.json`: a CSL-JSON array of one item.
pub fn csl_json(page: &PageCitation<'_>) -> String {
    let mut item = json!({
        "id": page.id,
        "type": "webpage",
        "title": page.title,
        "author": [{ "literal": page.organisation }],
        "container-title": page.site_title,
        "URL": page.permalink,
    });
    if let Some(d) = page.published.or(page.updated) {
        item["issued"] = date_parts(d);
    }
    serde_json::to_string_pretty(&json!([item])).unwrap_or_default() + "\n"
}

/// JSON for inside `<script>`: `<`, `>` and `&` as `\u` escapes, so no
/// `</script>` or `<!--` can appear whatever the text holds.
pub fn script_json(value: &Value) -> String {
    let mut json = serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    // Each page's JSON-LD is kept until its page renders: without the
    // slack that growing it left.
    json.shrink_to_fit();
    json
}

/// A work as a schema.org item, for a page's `citation` list and its
/// source page.
pub fn work_json_ld(work: &Work) -> Value {
    let kind = match work.kind {
        WorkKind::Article => "ScholarlyArticle",
        WorkKind::Book => "Book",
        WorkKind::Chapter => "Chapter",
        WorkKind::Report => "Report",
        WorkKind::Thesis => "Thesis",
        WorkKind::Web => "WebPage",
        WorkKind::Other => "CreativeWork",
    };
    let mut item = json!({ "@type": kind, "name": work.title });
    let authors: Vec<Value> = work
        .authors
        .iter()
        .map(|a| match &a.given {
            Some(given) => {
                json!({ "@type": "Person", "givenName": given, "familyName": a.surname() })
            }
            None => json!({ "@type": "Organization", "name": a.family }),
        })
        .collect();
    if !authors.is_empty() {
        item["author"] = Value::Array(authors);
    }
    if let Some(year) = work.year {
        item["datePublished"] = json!(year.to_string());
    }
    if let Some(container) = &work.container {
        item["isPartOf"] = json!({ "@type": "Periodical", "name": container });
    }
    if let Some(publisher) = &work.publisher {
        item["publisher"] = json!({ "@type": "Organization", "name": publisher });
    }
    if let Some(doi) = &work.doi {
        item["identifier"] = json!({ "@type": "PropertyValue", "propertyID": "DOI", "value": doi });
        item["sameAs"] = json!(format!("https://doi.org/{doi}"));
    }
    if let Some(url) = &work.url {
        item["url"] = json!(url);
    }
    item
}

/// What a page's `<head>` carries, as `page.weigh` in templates.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageMeta {
    pub author: String,
    /// `YYYY/MM/DD`, as Highwire tags want.
    pub publication_date: Option<String>,
    pub online_date: Option<String>,
    /// The page's schema.org JSON-LD, escaped for `<script>`.
    pub json_ld: String,
    pub cite_bib_url: String,
    pub cite_ris_url: String,
    pub cite_json_url: String,
    /// "Evidence last reviewed": `YYYY-MM-DD` and as the site writes dates.
    pub reviewed: Option<String>,
    pub reviewed_display: Option<String>,
}

fn slash_date(d: &ContentDate) -> String {
    format!("{:04}/{:02}/{:02}", d.year, d.month, d.day)
}

/// Each work's schema.org item ([`work_json_ld`]) as JSON escaped for
/// `<script>`, made once per build: every page's JSON-LD lists the works it
/// cites, and a large site cites the same works thousands of times (making
/// each page's list afresh was 3 % of a 10,000-page build).
#[derive(Debug, Default)]
pub struct WorksLd(HashMap<String, String>);

impl WorksLd {
    pub fn new(bibliography: &Bibliography) -> Self {
        let works: Vec<&Work> = bibliography.works().collect();
        WorksLd(
            works
                .par_iter()
                .map(|w| (w.key.clone(), script_json(&work_json_ld(w))))
                .collect(),
        )
    }

    /// `work`'s JSON; made here if the work was not in the bibliography
    /// this was made from.
    fn get(&self, work: &Work) -> Cow<'_, str> {
        match self.0.get(&work.key) {
            Some(json) => Cow::Borrowed(json),
            None => Cow::Owned(script_json(&work_json_ld(work))),
        }
    }
}

/// The page's metadata; `cited` are the works it cites, `reviewed` the
/// oldest review among them.
pub fn page_meta(
    page: &PageCitation<'_>,
    url: &str,
    cited: &[&Work],
    works_ld: &WorksLd,
    reviewed: Option<&ContentDate>,
    language: &str,
) -> PageMeta {
    // serde_json writes an object's keys sorted, and "citation" sorts
    // after the first three keys and before the rest: the JSON-LD is those
    // two halves around the works' JSON made once ([`WorksLd`]), the same
    // bytes as the whole object written at once (a test checks).
    let head = json!({
        "@context": "https://schema.org",
        "@type": "Report",
        "author": { "@type": "Organization", "name": page.organisation },
    });
    let mut tail = json!({
        "name": page.title,
        "headline": page.title,
        "url": page.permalink,
        "publisher": { "@type": "Organization", "name": page.site_title },
        "inLanguage": language,
    });
    if let Some(d) = page.published {
        tail["datePublished"] = json!(d.ymd());
    }
    if let Some(d) = page.updated.or(page.published) {
        tail["dateModified"] = json!(d.ymd());
    }
    if let Some(d) = reviewed {
        tail["lastReviewed"] = json!(d.ymd());
    }
    let (head, tail) = (script_json(&head), script_json(&tail));
    let works: Vec<Cow<'_, str>> = cited.iter().map(|w| works_ld.get(w)).collect();
    let mut json_ld = String::with_capacity(
        head.len() + tail.len() + works.iter().map(|w| w.len() + 1).sum::<usize>() + 16,
    );
    // `{…head…` `,"citation":[…]` `,…tail…}`
    json_ld.push_str(&head[..head.len() - 1]);
    if !works.is_empty() {
        json_ld.push_str(",\"citation\":[");
        for (n, work) in works.iter().enumerate() {
            if n > 0 {
                json_ld.push(',');
            }
            json_ld.push_str(work);
        }
        json_ld.push(']');
    }
    json_ld.push(',');
    json_ld.push_str(&tail[1..]);
    PageMeta {
        author: page.organisation.to_string(),
        publication_date: page.published.or(page.updated).map(slash_date),
        online_date: page.updated.or(page.published).map(slash_date),
        json_ld,
        cite_bib_url: format!("{url}cite.bib"),
        cite_ris_url: format!("{url}cite.ris"),
        cite_json_url: format!("{url}cite.json"),
        reviewed: reviewed.map(ContentDate::ymd),
        reviewed_display: reviewed.map(|d| d.display(language)),
    }
}

/// A COinS `title` (OpenURL key/value pairs, percent-encoded) for a work.
pub fn coins(work: &Work) -> String {
    let mut pairs: Vec<(&str, String)> = vec![("ctx_ver", "Z39.88-2004".into())];
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    match work.kind {
        WorkKind::Article => {
            pairs.push(("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal".into()));
            pairs.push(("rft.genre", "article".into()));
            pairs.push(("rft.atitle", enc(&work.title)));
            if let Some(c) = &work.container {
                pairs.push(("rft.jtitle", enc(c)));
            }
        }
        _ => {
            pairs.push(("rft_val_fmt", "info:ofi/fmt:kev:mtx:book".into()));
            let genre = if work.kind == WorkKind::Report {
                "report"
            } else {
                "book"
            };
            pairs.push(("rft.genre", genre.into()));
            pairs.push(("rft.btitle", enc(&work.title)));
        }
    }
    for a in &work.authors {
        pairs.push((
            "rft.au",
            enc(&match &a.given {
                Some(g) => format!("{}, {g}", a.surname()),
                None => a.family.clone(),
            }),
        ));
    }
    if let Some(y) = work.year {
        pairs.push(("rft.date", y.to_string()));
    }
    for (name, value) in [
        ("rft.volume", &work.volume),
        ("rft.issue", &work.issue),
        ("rft.pages", &work.pages),
        ("rft.pub", &work.publisher),
    ] {
        if let Some(v) = value {
            pairs.push((name, enc(v)));
        }
    }
    if let Some(doi) = &work.doi {
        pairs.push(("rft_id", enc(&format!("info:doi/{doi}"))));
    }
    if let Some(url) = &work.url {
        pairs.push(("rft_id", enc(url)));
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// What a source page adds for weighing and saving the source, as
/// `source.weigh` in templates.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SourceMeta {
    /// `current`, `corrected`, `superseded` or `retracted`.
    pub status: &'static str,
    pub superseded_by: Option<String>,
    pub superseded_by_url: Option<String>,
    pub reviewed: Option<String>,
    pub reviewed_display: Option<String>,
    /// The work's JSON-LD, escaped for `<script>`.
    pub json_ld: String,
    /// The COinS `title` (HTML-escaped by the template).
    pub coins: String,
}

/// A source page's [`SourceMeta`].
pub fn source_meta(
    config: &Config,
    work: Option<&Work>,
    strength: Option<&super::Strength>,
    source_url: &dyn Fn(&str) -> String,
) -> SourceMeta {
    let mut ld = work.map(work_json_ld).unwrap_or_else(|| json!({}));
    if work.is_some() {
        ld["@context"] = json!("https://schema.org");
    }
    let reviewed = strength.and_then(|s| s.reviewed.as_ref());
    SourceMeta {
        status: strength.map_or("current", |s| s.status.as_str()),
        superseded_by: strength.and_then(|s| s.superseded_by.clone()),
        superseded_by_url: strength
            .and_then(|s| s.superseded_by.as_deref())
            .map(source_url),
        reviewed: reviewed.map(ContentDate::ymd),
        reviewed_display: reviewed.map(|d| d.display(&config.language)),
        json_ld: if work.is_some() {
            script_json(&ld)
        } else {
            String::new()
        },
        coins: work.map(coins).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON-LD as one object written at once: what [`page_meta`]'s
    /// halves around the works must equal.
    fn whole_object(
        page: &PageCitation<'_>,
        cited: &[&Work],
        reviewed: Option<&ContentDate>,
        language: &str,
    ) -> String {
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "Report",
            "name": page.title,
            "headline": page.title,
            "url": page.permalink,
            "author": { "@type": "Organization", "name": page.organisation },
            "publisher": { "@type": "Organization", "name": page.site_title },
            "inLanguage": language,
        });
        if let Some(d) = page.published {
            ld["datePublished"] = json!(d.ymd());
        }
        if let Some(d) = page.updated.or(page.published) {
            ld["dateModified"] = json!(d.ymd());
        }
        if let Some(d) = reviewed {
            ld["lastReviewed"] = json!(d.ymd());
        }
        if !cited.is_empty() {
            ld["citation"] = Value::Array(cited.iter().map(|w| work_json_ld(w)).collect());
        }
        script_json(&ld)
    }

    #[test]
    fn page_json_ld_in_halves_is_the_whole_object() {
        let work = |key: &str, title: &str| Work {
            key: key.into(),
            title: title.into(),
            kind: WorkKind::Article,
            year: Some(2003),
            doi: Some("10.1/x<y>&z".into()),
            ..Work::default()
        };
        let works = [
            work("a2003", "A & <b>"),
            work("c2010", "\"Quoted\" </script>"),
        ];
        let date = |s: &str| ContentDate::parse(s).unwrap();
        let (published, updated, reviewed) =
            (date("2024-03-01"), date("2025-01-02"), date("2023-05-06"));
        let mut built = WorksLd::default();
        built
            .0
            .insert("a2003".into(), script_json(&work_json_ld(&works[0])));
        for (cited, published, updated, reviewed) in [
            (vec![], None, None, None),
            (vec![&works[0]], Some(&published), None, None),
            (
                vec![&works[0], &works[1]],
                Some(&published),
                Some(&updated),
                Some(&reviewed),
            ),
            (
                vec![&works[1], &works[0]],
                None,
                Some(&updated),
                Some(&reviewed),
            ),
        ] {
            let page = PageCitation {
                id: "p",
                title: "Reading <at> home & \"school\"",
                organisation: "Org & Co",
                site_title: "Site </script>",
                permalink: "https://example.org/p/",
                published,
                updated,
            };
            let meta = page_meta(&page, "/p/", &cited, &built, reviewed, "en");
            assert_eq!(meta.json_ld, whole_object(&page, &cited, reviewed, "en"));
        }
    }

    #[test]
    fn script_json_is_escaped_and_holds_no_slack() {
        let names: Vec<String> = (0..200).map(|i| format!("</script> & <!-- {i}")).collect();
        let json = script_json(&json!({ "name": names }));
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        assert!(json.contains("\\u003c/script\\u003e \\u0026 \\u003c!-- 7"));
        // Each page's JSON-LD is held until the page renders.
        assert_eq!(json.capacity(), json.len());
    }
}
