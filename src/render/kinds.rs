//! What each page calls itself: its front matter `kind`, else the nearest
//! section's `kind_label` or `kind`, else a factsheet; and what a list of
//! pages calls itself: their shared kind, or plain "pages" when kinds mix.

use crate::content::Content;

pub use super::strings::KindName;

/// The kind of a page that names none, in a section that names none.
pub const DEFAULT_KIND: &str = "factsheet";
/// The kind a list of pages of different kinds is counted in.
pub const MIXED_KIND: &str = "page";

/// The kind of page `index`.
pub fn page_kind(content: &Content, index: usize) -> KindName {
    let page = &content.pages[index];
    match &page.front.kind {
        Some(id) => KindName::Id(id.clone()),
        None => section_kind(content, page.section),
    }
}

/// The kind a section's pages are by default: its own `kind_label` or
/// `kind`, else its parent's, else a factsheet.
pub fn section_kind(content: &Content, section: usize) -> KindName {
    for s in content.ancestors(section).into_iter().rev() {
        let front = &content.sections[s].front;
        if let Some([one, other]) = &front.kind_label {
            return KindName::Label {
                one: one.clone(),
                other: other.clone(),
            };
        }
        if let Some(id) = &front.kind {
            return KindName::Id(id.clone());
        }
    }
    KindName::Id(DEFAULT_KIND.into())
}

/// The kind shared by every page listed, `page` when they differ, or
/// `otherwise` when there are none.
pub fn common_kind(
    content: &Content,
    pages: impl IntoIterator<Item = usize>,
    otherwise: KindName,
) -> KindName {
    let mut kinds = pages.into_iter().map(|p| page_kind(content, p));
    let Some(first) = kinds.next() else {
        return otherwise;
    };
    if kinds.all(|k| k == first) {
        first
    } else {
        KindName::Id(MIXED_KIND.into())
    }
}

/// Every page of a section and its subsections.
pub fn pages_under(content: &Content, section: usize) -> Vec<usize> {
    let mut out = content.sections[section].pages.clone();
    for &sub in &content.sections[section].subsections {
        out.extend(pages_under(content, sub));
    }
    out
}
