//! Page numbers in the booklet's contents. Chromium cannot print them
//! (no `target-counter`), so the booklet is printed, the page each
//! chapter starts on is read from the PDF's named destinations, the
//! numbers are written into the booklet's HTML, and it is printed again.
//! The theme marks where a number goes with an element carrying
//! `data-sheaf-page="<chapter anchor>"`.
//!
//! Printed on both sides (`[print] duplex`), each chapter should open on a
//! right-hand (odd) page. Chromium treats `break-before: right` as a
//! plain page break, so the theme puts an element with
//! `data-sheaf-recto="<chapter anchor>"` before each chapter, and sheaf
//! turns it into a blank page (class `booklet-recto--blank`) where the
//! chapter would otherwise start on an even page.

use std::collections::HashMap;

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// The attribute that marks a page-number slot.
pub const PAGE_SLOT: &str = "data-sheaf-page";
/// The attribute of the element before a chapter that can become a blank
/// left-hand page.
pub const RECTO: &str = "data-sheaf-recto";
const BLANK: &str = "booklet-recto--blank";

/// The chapters with a recto element, in order, and whether each has a
/// blank page before it now.
fn rectos(html: &str) -> Vec<(String, bool)> {
    let found = std::cell::RefCell::new(Vec::new());
    let _ = rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!(
            "[data-sheaf-recto]",
            |el| {
                let anchor = el.get_attribute(RECTO).unwrap_or_default();
                let blank = el
                    .get_attribute("class")
                    .is_some_and(|c| c.split_whitespace().any(|c| c == BLANK));
                found.borrow_mut().push((anchor, blank));
                Ok(())
            }
        )),
    );
    found.into_inner()
}

/// Where every anchor ends up once blank pages are put (or kept) before
/// the chapters that would start on an even page: (anchor → page, the
/// chapters that need a blank page). `pages` are as printed now.
fn plan_rectos(
    pages: &HashMap<String, usize>,
    rectos: &[(String, bool)],
) -> (HashMap<String, usize>, Vec<String>) {
    let mut blanks = Vec::new();
    let (mut had, mut added) = (0usize, 0usize);
    let mut moves: Vec<(usize, i64)> = Vec::new(); // (page now, shift from there on)
    for (anchor, blank) in rectos {
        let Some(&now) = pages.get(anchor) else {
            continue;
        };
        had += usize::from(*blank);
        let page = now.saturating_sub(had) + added;
        if page.is_multiple_of(2) {
            added += 1;
            blanks.push(anchor.clone());
        }
        moves.push((now, added as i64 - had as i64));
    }
    let moved = pages
        .iter()
        .map(|(anchor, &now)| {
            let shift = moves
                .iter()
                .rev()
                .find(|(at, _)| *at <= now)
                .map_or(0, |(_, shift)| *shift);
            (anchor.clone(), (now as i64 + shift).max(1) as usize)
        })
        .collect();
    (moved, blanks)
}

/// Whether `html` has any page-number slot.
pub fn has_slots(html: &str) -> bool {
    html.contains(PAGE_SLOT)
}

/// `html` with each slot's content set to the page its anchor is on
/// (`pages`: anchor → 1-based page); slots whose anchor is not found are
/// emptied. Returns `None` if the HTML cannot be rewritten.
pub fn fill_slots(html: &str, pages: &HashMap<String, usize>) -> Option<String> {
    let (pages, blanks) = plan_rectos(pages, &rectos(html));
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("[data-sheaf-page]", |el| {
                let anchor = el.get_attribute(PAGE_SLOT).unwrap_or_default();
                let number = pages.get(&anchor).map(ToString::to_string);
                el.set_inner_content(
                    number.as_deref().unwrap_or(""),
                    lol_html::html_content::ContentType::Text,
                );
                Ok(())
            }))
            .append_element_content_handler(element!("[data-sheaf-recto]", |el| {
                let anchor = el.get_attribute(RECTO).unwrap_or_default();
                let mut classes: Vec<String> = el
                    .get_attribute("class")
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter(|c| *c != BLANK)
                    .map(str::to_string)
                    .collect();
                if blanks.contains(&anchor) {
                    classes.push(BLANK.to_string());
                }
                el.set_attribute("class", &classes.join(" "))?;
                Ok(())
            })),
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

    #[test]
    fn duplex_puts_a_blank_page_before_chapters_on_even_pages_and_renumbers() {
        let html = r#"<span data-sheaf-page="a"></span><span data-sheaf-page="b"></span><span data-sheaf-page="c"></span><span data-sheaf-page="refs"></span><div class="booklet-recto" data-sheaf-recto="a"></div><div class="booklet-recto" data-sheaf-recto="b"></div><div class="booklet-recto" data-sheaf-recto="c"></div>"#;
        let printed = |pairs: &[(&str, usize)]| -> HashMap<String, usize> {
            pairs.iter().map(|(a, p)| (a.to_string(), *p)).collect()
        };
        // First print: a on 3, b on 4, c on 6, references on 7.
        let once =
            fill_slots(html, &printed(&[("a", 3), ("b", 4), ("c", 6), ("refs", 7)])).unwrap();
        assert!(once.contains(r#"data-sheaf-page="a">3<"#), "{once}");
        assert!(once.contains(r#"data-sheaf-page="b">5<"#), "{once}");
        assert!(once.contains(r#"data-sheaf-page="c">7<"#), "{once}");
        assert!(once.contains(r#"data-sheaf-page="refs">8<"#), "{once}");
        assert!(
            once.contains(r#"class="booklet-recto booklet-recto--blank" data-sheaf-recto="b""#)
        );
        assert!(once.contains(r#"class="booklet-recto" data-sheaf-recto="c""#));
        // Printed again with the blank page, the plan does not change.
        let twice = fill_slots(
            &once,
            &printed(&[("a", 3), ("b", 5), ("c", 7), ("refs", 8)]),
        )
        .unwrap();
        assert_eq!(once, twice);
    }
}
