//! `/search-index.json`: what the default theme's search box searches.

use serde::Serialize;

use crate::site::SiteData;

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    summary: Option<&'a str>,
    headings: Vec<&'a str>,
    body: &'a str,
}

/// One entry per page and section, in content order. JSON escaping makes
/// the data safe wherever a theme loads it from.
pub fn search_index(data: &SiteData) -> String {
    search_index_in(data, None)
}

/// The index of one language's pages and sections (`None`: the default
/// language's), written to `/<tag>/search-index.json`.
pub fn search_index_in(data: &SiteData, lang: Option<&str>) -> String {
    let config = &data.config;
    let mut entries = Vec::with_capacity(data.content.pages.len() + data.content.sections.len());
    let pages = (data.content.pages.iter().zip(&data.page_docs))
        .filter(|(page, _)| page.lang.as_deref() == lang);
    for (page, doc) in pages {
        entries.push(Entry {
            title: &page.front.title,
            url: config.url_for(&page.site_path),
            summary: page.front.summary.as_deref(),
            headings: flatten(&doc.toc),
            body: &doc.plain_text,
        });
    }
    let sections = (data.content.sections.iter().zip(&data.section_docs))
        .filter(|(section, _)| section.lang.as_deref() == lang);
    for (section, doc) in sections {
        entries.push(Entry {
            title: &section.title,
            url: config.url_for(&section.site_path),
            summary: section.front.summary.as_deref(),
            headings: flatten(&doc.toc),
            body: &doc.plain_text,
        });
    }
    // `</` is escaped so the index can also be inlined in a <script>; the
    // index of a large site is tens of megabytes, so it is copied only
    // when there is something to escape.
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
    if json.contains("</") {
        json.replace("</", "<\\/")
    } else {
        json
    }
}

fn flatten(toc: &[crate::markdown::TocEntry]) -> Vec<&str> {
    let mut out = Vec::new();
    for entry in toc {
        out.push(entry.title.as_str());
        out.extend(flatten(&entry.children));
    }
    out
}
