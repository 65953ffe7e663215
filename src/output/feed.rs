//! `/atom.xml`: an Atom feed of the pages that have a date, newest first,
//! each with its summary, its whole body and its taxonomy terms.

use std::fmt::Write as _;

use super::sitemap::escape_xml;
use crate::content::taxonomies::taxonomy_path;
use crate::ids::PageId;
use crate::site::SiteData;

const FEED_LIMIT: usize = 50;

pub fn atom_feed(data: &SiteData) -> String {
    atom_feed_in(data, None)
}

/// The feed of one language's pages (`None`: the default language's), at
/// `/<tag>/atom.xml`.
pub fn atom_feed_in(data: &SiteData, lang: Option<&str>) -> String {
    let config = &data.config;
    let prefix = lang.map(|t| format!("{t}/")).unwrap_or_default();
    let language = lang.unwrap_or(&config.language);
    let mut dated: Vec<PageId> = (data.content.pages.keys())
        .filter(|&i| data.content.pages[i].front.date.is_some())
        .filter(|&i| data.content.pages[i].lang.as_deref() == lang)
        .collect();
    let newest = |i: PageId| {
        let f = &data.content.pages[i].front;
        f.updated.clone().or(f.date.clone())
    };
    dated.sort_by(|&a, &b| newest(b).cmp(&newest(a)).then(a.cmp(&b)));
    dated.truncate(FEED_LIMIT);
    let updated = dated
        .first()
        .and_then(|&i| newest(i))
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let feed_url = config.permalink_for(&format!("{prefix}atom.xml"));
    let home_url = config.permalink_for(&prefix);
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n",
        escape_xml(language),
        escape_xml(&config.title)
    );
    if let Some(description) = &config.description {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape_xml(description));
    }
    let _ = write!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{0}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{1}\"/>\n  <id>{1}</id>\n  <updated>{updated}</updated>\n  <author><name>{2}</name></author>\n  <generator uri=\"https://github.com/sheaf-ssg/sheaf\">sheaf</generator>\n",
        escape_xml(&feed_url),
        escape_xml(&home_url),
        escape_xml(&config.title),
    );
    for i in dated {
        let page = &data.content.pages[i];
        let link = config.permalink_for(&page.site_path);
        let published = page
            .front
            .date
            .as_ref()
            .map(|d| d.rfc3339())
            .unwrap_or_default();
        let entry_updated = newest(i).map(|d| d.rfc3339()).unwrap_or_default();
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{1}\"/>\n    <id>{1}</id>\n    <published>{published}</published>\n    <updated>{entry_updated}</updated>\n",
            escape_xml(&page.front.title),
            escape_xml(&link),
        );
        if let Some(summary) = &page.front.summary {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape_xml(summary));
        }
        // The whole body, as escaped HTML (RFC 4287 §3.1.1.2), so readers
        // show the page without a visit.
        let _ = writeln!(
            xml,
            "    <content type=\"html\">{}</content>",
            escape_xml(&data.page_docs[i].html)
        );
        for taxonomy in data.page_taxonomies(page) {
            for term in &taxonomy.terms {
                let _ = writeln!(
                    xml,
                    "    <category term=\"{}\" scheme=\"{}\" label=\"{}\"/>",
                    escape_xml(&term.slug),
                    escape_xml(&config.permalink_for(&taxonomy_path(&taxonomy.name))),
                    escape_xml(&term.name),
                );
            }
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
