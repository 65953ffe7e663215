//! `/sitemap.xml` and `/robots.txt`.

use std::fmt::Write as _;

use crate::site::SiteData;

/// Escapes text for XML element content and attributes.
pub fn escape_xml(text: &str) -> String {
    crate::diagnostics::escape_html(text).replace("&#39;", "&apos;")
}

/// Every page and section, sorted by URL, with `lastmod` from content dates.
pub fn sitemap_xml(data: &SiteData, extra_paths: &[String]) -> String {
    let config = &data.config;
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for page in &data.content.pages {
        let lastmod = page
            .front
            .updated
            .as_ref()
            .or(page.front.date.as_ref())
            .map(|d| d.ymd());
        entries.push((config.permalink_for(&page.site_path), lastmod));
    }
    for section in &data.content.sections {
        entries.push((config.permalink_for(&section.site_path), None));
    }
    for path in extra_paths {
        entries.push((config.permalink_for(path), None));
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", escape_xml(&loc));
        if let Some(date) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots_txt(data: &SiteData) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        data.config.permalink_for("sitemap.xml")
    )
}
