//! "How to cite this factsheet": a reference for one of the site's own
//! pages, as a web page with the site as corporate author, in the site's
//! citation style.

use super::markup::Markup;
use super::style::CitationStyle;
use crate::content::date::ContentDate;

/// A page of the site, as a work to cite.
#[derive(Debug, Clone, Copy)]
pub struct WebPage<'a> {
    /// The corporate author: the site's title.
    pub author: &'a str,
    pub title: &'a str,
    /// Last updated, else published.
    pub date: Option<&'a ContentDate>,
    /// The page's permalink.
    pub url: &'a str,
}

fn month(d: &ContentDate) -> &'static str {
    crate::content::date::MONTHS[usize::from(d.month.clamp(1, 12) - 1)]
}

/// The reference as escaped HTML. A user CSL style gets the APA form:
/// in-text citations follow author-date rules for those too.
pub fn cite_webpage_html(style: &CitationStyle, page: &WebPage<'_>) -> String {
    let markup = match style {
        CitationStyle::Apa | CitationStyle::Csl(_) => apa(page),
        CitationStyle::ChicagoAuthorDate => chicago(page),
        CitationStyle::Harvard => harvard(page),
    };
    markup.to_html()
}

/// APA 7 §10.16, corporate author: "Author. (2025, February 10). *Title*. URL"
fn apa(page: &WebPage<'_>) -> Markup {
    let mut m = Markup::default();
    m.plain(page.author).period();
    match page.date {
        Some(d) => m.plain(format!(" ({}, {} {}). ", d.year, month(d), d.day)),
        None => m.plain(" (n.d.). "),
    };
    m.italic(page.title).period().plain(" ").link(page.url);
    m
}

/// Chicago 17 author-date: "Author. 2025. “Title.” February 10, 2025. URL."
fn chicago(page: &WebPage<'_>) -> Markup {
    let mut m = Markup::default();
    m.plain(page.author).period();
    match page.date {
        Some(d) => m.plain(format!(" {}. “", d.year)),
        None => m.plain(" n.d. “"),
    };
    m.plain(page.title).period().plain("” ");
    if let Some(d) = page.date {
        m.plain(format!("{} {}, {}. ", month(d), d.day, d.year));
    }
    m.link(page.url).plain(".");
    m
}

/// Harvard (Cite Them Right): "Author (2025) *Title*. Available at: URL."
/// The "Accessed" date is left for the reader: a build must not stamp
/// today's date into its output.
fn harvard(page: &WebPage<'_>) -> Markup {
    let mut m = Markup::default();
    m.plain(page.author);
    match page.date {
        Some(d) => m.plain(format!(" ({}) ", d.year)),
        None => m.plain(" (no date) "),
    };
    m.italic(page.title).period().plain(" Available at: ");
    m.link(page.url).plain(".");
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(date: Option<&ContentDate>) -> WebPage<'_> {
        WebPage {
            author: "Parent Engagement in Learning",
            title: "Learning at home",
            date,
            url: "https://example.org/families/factsheets/learning-at-home/",
        }
    }

    #[test]
    fn apa_webpage_with_corporate_author() {
        let d = ContentDate::parse("2025-02-10").unwrap();
        assert_eq!(
            cite_webpage_html(&CitationStyle::Apa, &page(Some(&d))),
            "Parent Engagement in Learning. (2025, February 10). <i>Learning at home</i>. \
             <a href=\"https://example.org/families/factsheets/learning-at-home/\">\
             https://example.org/families/factsheets/learning-at-home/</a>"
        );
        assert!(cite_webpage_html(&CitationStyle::Apa, &page(None)).contains("(n.d.)"));
    }

    #[test]
    fn chicago_and_harvard_webpages() {
        let d = ContentDate::parse("2025-02-10").unwrap();
        let c = cite_webpage_html(&CitationStyle::ChicagoAuthorDate, &page(Some(&d)));
        assert!(
            c.starts_with(
                "Parent Engagement in Learning. 2025. “Learning at home.” February 10, 2025. <a"
            ),
            "{c}"
        );
        let h = cite_webpage_html(&CitationStyle::Harvard, &page(Some(&d)));
        assert!(
            h.starts_with(
                "Parent Engagement in Learning (2025) <i>Learning at home</i>. Available at: <a"
            ),
            "{h}"
        );
    }

    #[test]
    fn titles_are_escaped() {
        let p = WebPage {
            title: "<b>Bold</b> & brave",
            ..page(None)
        };
        let html = cite_webpage_html(&CitationStyle::Apa, &p);
        assert!(
            html.contains("&lt;b&gt;Bold&lt;/b&gt; &amp; brave"),
            "{html}"
        );
    }
}
