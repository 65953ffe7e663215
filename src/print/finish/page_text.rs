//! What the printed HTML says that the PDF has lost: the text of each
//! heading (Chromium drops the space at a line wrap in outline titles)
//! and the text of each link (link annotations need a description).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use lol_html::{EndTagHandler, HtmlRewriter, Settings, doc_text, element};
use url::Url;

/// Headings and link texts of one printed page.
#[derive(Debug, Default, Clone)]
pub struct PageText {
    /// Heading texts with spaces collapsed, keyed by the text without any
    /// whitespace.
    pub headings: HashMap<String, String>,
    /// Link text by absolute target URL, the first link to it winning.
    pub links: HashMap<String, String>,
    /// Link text by the `#fragment` it points at inside the page.
    pub fragments: HashMap<String, String>,
}

/// Text with runs of whitespace made one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` without whitespace: how an outline title that lost its spaces
/// is matched to its heading.
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[derive(Default)]
struct Open {
    heading: Option<String>,
    link: Option<(String, String)>,
}

/// Reads the headings and links of `html`, resolving hrefs against
/// `page_url` (the live address the PDF's links now point to).
pub fn read_page_text(html: &str, page_url: &Url) -> PageText {
    let found = Rc::new(RefCell::new(PageText::default()));
    let open = Rc::new(RefCell::new(Open::default()));
    let (o1, o2, o3, f1, f2) = (
        open.clone(),
        open.clone(),
        open.clone(),
        found.clone(),
        found.clone(),
    );
    let base = page_url.clone();
    let settings = Settings::new()
        .append_element_content_handler(element!("h1, h2, h3, h4, h5, h6", move |el| {
            o1.borrow_mut().heading = Some(String::new());
            let (open, found) = (o1.clone(), f1.clone());
            if let Some(handlers) = el.end_tag_handlers() {
                let done: EndTagHandler<'static> = Box::new(move |_| {
                    if let Some(text) = open.borrow_mut().heading.take() {
                        let text = collapse(&text);
                        found.borrow_mut().headings.insert(squeezed(&text), text);
                    }
                    Ok(())
                });
                handlers.push(done);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("a[href]", move |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            o2.borrow_mut().link = Some((href, String::new()));
            let (open, found, base) = (o2.clone(), f2.clone(), base.clone());
            if let Some(handlers) = el.end_tag_handlers() {
                let done: EndTagHandler<'static> = Box::new(move |_| {
                    if let Some((href, text)) = open.borrow_mut().link.take() {
                        record_link(&mut found.borrow_mut(), &base, &href, &text);
                    }
                    Ok(())
                });
                handlers.push(done);
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |chunk| {
            let mut open = o3.borrow_mut();
            let piece = chunk.as_str();
            if let Some(heading) = &mut open.heading {
                heading.push_str(piece);
            }
            if let Some((_, link)) = &mut open.link {
                link.push_str(piece);
            }
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    if rewriter.write(html.as_bytes()).is_ok() {
        let _ = rewriter.end();
    }
    Rc::try_unwrap(found)
        .map(RefCell::into_inner)
        .unwrap_or_else(|rc| rc.borrow().clone())
}

fn record_link(found: &mut PageText, base: &Url, href: &str, text: &str) {
    let text = collapse(&decode_basic_entities(text));
    if text.is_empty() {
        return;
    }
    if let Some(fragment) = href.strip_prefix('#') {
        found.fragments.entry(fragment.to_string()).or_insert(text);
        return;
    }
    if let Ok(url) = base.join(href) {
        found.links.entry(url.to_string()).or_insert(text);
    }
}

/// Text chunks come as written in the HTML; the few entities the theme
/// and Markdown write are decoded so descriptions read as text.
fn decode_basic_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_links_are_read_with_their_text() {
        let base = Url::parse("https://example.org/families/x/").unwrap();
        let page = read_page_text(
            "<h1>Family-School Partnerships\n  Framework</h1><p><a href=\"#ref-a\">Adams\n(2010)</a> \
             <a href=\"../y/\">the <em>other</em> page</a> <a href=\"https://w.org/\">W &amp; Co</a></p>",
            &base,
        );
        assert_eq!(
            page.headings["Family-SchoolPartnershipsFramework"],
            "Family-School Partnerships Framework"
        );
        assert_eq!(page.fragments["ref-a"], "Adams (2010)");
        assert_eq!(
            page.links["https://example.org/families/y/"],
            "the other page"
        );
        assert_eq!(page.links["https://w.org/"], "W & Co");
    }
}
