//! `/sitemap.xml` and `/robots.txt`.

use std::fmt::Write as _;

use crate::diagnostics::Diagnostic;
use crate::ids::{DocId, PageId};
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
    crate::text::escape_html(&text).replace("&#39;", "&apos;")
}

/// Every HTML page the build writes (pages, sections, taxonomy pages, the
/// evidence pages and the booklet), sorted by URL. `lastmod` is a page's
/// `updated` or `date`; a page without its own date takes the newest date
/// of the pages it lists or is cited by (a section's pages, a source's
/// citing pages), and has no `lastmod` when none of those has one: a build
/// time would change on every build and tell crawlers nothing.
pub fn sitemap_xml(data: &SiteData, extra_paths: &[String]) -> String {
    let config = &data.config;
    let page_date = |i: PageId| {
        let front = &data.content.pages[i].front;
        front
            .updated
            .as_ref()
            .or(front.date.as_ref())
            .map(|d| d.ymd())
    };
    let newest = |pages: &mut dyn Iterator<Item = PageId>| pages.filter_map(page_date).max();
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for i in data.content.pages.keys() {
        let path = &data.content.pages[i].site_path;
        entries.push((config.permalink_for(path), page_date(i)));
    }
    for section in &data.content.sections {
        let lastmod = newest(&mut section.pages.iter().copied());
        entries.push((config.permalink_for(&section.site_path), lastmod));
    }
    for path in extra_paths {
        entries.push((config.permalink_for(path), None));
    }
    let all_newest = newest(&mut data.content.pages.keys());
    for path in ["evidence/", "evidence/levels/", "print/"] {
        entries.push((config.permalink_for(path), all_newest.clone()));
    }
    if let Some(evidence) = data.evidence.as_deref() {
        for key in crate::render::source_keys(evidence) {
            let lastmod = evidence.linked.backlinks.by_key.get(key).and_then(|links| {
                // Only pages carry dates.
                let pages = links.iter().filter_map(|b| match b.from {
                    DocId::Page(p) => Some(p),
                    _ => None,
                });
                newest(&mut pages.into_iter())
            });
            let path = crate::evidence::linking::source_path(key);
            entries.push((config.permalink_for(&path), lastmod));
        }
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    // A translated page's entry lists every version (src/i18n/).
    let alternates = crate::i18n::alternates::sitemap_alternates(data);
    let mut xml = String::from(if alternates.is_empty() {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    } else {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    });
    for (loc, lastmod) in entries {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", escape_xml(&loc));
        if let Some(date) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        for (tag, href) in alternates.get(&loc).into_iter().flatten() {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_xml(tag),
                escape_xml(href)
            );
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

/// Crawlers read robots.txt only at the host's root, so one written under
/// a sub-path base URL (`https://example.org/schools/robots.txt`) is never
/// read: say so, and where it went (docs/deployment.md#robotstxt).
pub fn robots_txt_warning(config: &crate::config::Config) -> Option<Diagnostic> {
    if config.base_path == "/" {
        return None;
    }
    let warning = Diagnostic::warning(format!(
        "robots.txt was written to {}, where crawlers never look: they read only /robots.txt at the host's root",
        config.permalink_for("robots.txt")
    ));
    // Point at `base_url` in sheaf.toml unless `--base-url` replaced it.
    let span = crate::config::key_span(&config.source.text, "base_url");
    let written = config.source.text[span.end..]
        .lines()
        .next()
        .unwrap_or_default();
    let warning = if written.contains(config.base_url.trim_end_matches('/')) {
        warning.at_span(&config.source, span)
    } else {
        warning
    };
    Some(
        warning.help(format!(
            "add its `Sitemap: {}` line to the robots.txt at the root of the host (see docs/deployment.md), or put your own robots.txt in static/ to take this one's place",
            config.permalink_for("sitemap.xml")
        )),
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
