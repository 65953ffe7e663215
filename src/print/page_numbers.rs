//! Page numbers in the booklet's contents. Chromium cannot print them
//! (no `target-counter`), so the booklet is printed, the page each
//! chapter starts on is read from the PDF's named destinations, the
//! numbers are written into the booklet's HTML, and it is printed again.
//! The theme marks where a number goes with an element carrying
//! `data-sheaf-page="<chapter anchor>"`.

use std::collections::HashMap;

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// The attribute that marks a page-number slot.
pub const PAGE_SLOT: &str = "data-sheaf-page";

/// Whether `html` has any page-number slot.
pub fn has_slots(html: &str) -> bool {
    html.contains(PAGE_SLOT)
}

/// `html` with each slot's content set to the page its anchor is on
/// (`pages`: anchor → 1-based page); slots whose anchor is not found are
/// emptied. Returns `None` if the HTML cannot be rewritten.
pub fn fill_slots(html: &str, pages: &HashMap<String, usize>) -> Option<String> {
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!(
            "[data-sheaf-page]",
            |el| {
                let anchor = el.get_attribute(PAGE_SLOT).unwrap_or_default();
                let number = pages.get(&anchor).map(ToString::to_string);
                el.set_inner_content(
                    number.as_deref().unwrap_or(""),
                    lol_html::html_content::ContentType::Text,
                );
                Ok(())
            }
        )),
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_get_their_page_and_unknown_ones_are_emptied() {
        let html = r##"<li><a href="#a">A</a> <span data-sheaf-page="a"></span></li><span data-sheaf-page="zz">9</span>"##;
        let pages = HashMap::from([("a".to_string(), 3)]);
        let out = fill_slots(html, &pages).unwrap();
        assert_eq!(
            out,
            r##"<li><a href="#a">A</a> <span data-sheaf-page="a">3</span></li><span data-sheaf-page="zz"></span>"##
        );
        assert!(has_slots(&out));
    }
}
