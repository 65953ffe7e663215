//! `/sitemap.xml` and `/robots.txt`.

use std::fmt::Write as _;

use crate::site::SiteData;

/// Escapes text for XML element content and attributes. Characters XML 1.0
/// forbids even as references (most C0 controls, U+FFFE/U+FFFF) are dropped,
/// or the whole document would be rejected by feed readers.
pub fn escape_xml(text: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
    };
    let text: std::borrow::Cow<'_, str> = if text.chars().all(allowed) {
        text.into()
    } else {
        text.chars()
            .filter(|&c| allowed(c))
            .collect::<String>()
            .into()
    };
    crate::diagnostics::escape_html(&text).replace("&#39;", "&apos;")
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

#[cfg(test)]
mod tests {
    #[test]
    fn escape_xml_drops_characters_xml_forbids() {
        assert_eq!(
            super::escape_xml("a\u{7}b\u{1b}c\u{fffe}<'\t"),
            "abc&lt;&apos;\t"
        );
    }
}
