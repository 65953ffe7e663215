//! Print per language: which translated pages a language's booklet at
//! `/<tag>/print/` holds, and which pages get a PDF of their own. A
//! language's booklet holds only that language: a printed page without a
//! translation in it is left out rather than printed in the source
//! language, so a family is handed one language (docs/printing.md).

use crate::config::Config;
use crate::content::Content;
use crate::ids::PageId;

/// The booklet's folder for language `tag` (`None`: the default language,
/// at the root).
pub fn booklet_dir(tag: Option<&str>) -> String {
    match tag {
        Some(tag) => format!("{tag}/{}", super::BOOKLET_DIR),
        None => super::BOOKLET_DIR.to_string(),
    }
}

/// The pages of language `tag`'s booklet, in the default booklet's order
/// (`printed`): each printed page's translation in `tag`, when it has one
/// that is printed (`print = false` in a translation leaves it out; a
/// draft translation stays out as drafts do).
pub fn printed_in(content: &Content, printed: &[PageId], tag: &str) -> Vec<PageId> {
    let versions = &content.translations.page_versions;
    printed
        .iter()
        .filter_map(|p| {
            let (_, t) = versions.get(p)?.iter().find(|(t, _)| t == tag)?;
            let front = &content.pages[*t].front;
            (front.print && !front.draft).then_some(*t)
        })
        .collect()
}

/// The languages other than the default that have a booklet (at least one
/// printed translation), in `[languages]` order, each with its pages.
pub fn booklets(
    config: &Config,
    content: &Content,
    printed: &[PageId],
) -> Vec<(String, Vec<PageId>)> {
    if content.translations.page_versions.is_empty() {
        return Vec::new();
    }
    config
        .languages
        .others
        .iter()
        .map(|l| (l.tag.clone(), printed_in(content, printed, &l.tag)))
        .filter(|(_, pages)| !pages.is_empty())
        .collect()
}

/// Every page that gets a PDF of its own: the printed pages and their
/// printed translations.
pub fn with_translations(config: &Config, content: &Content, printed: &[PageId]) -> Vec<PageId> {
    let mut all = printed.to_vec();
    for (_, pages) in booklets(config, content, printed) {
        all.extend(pages);
    }
    all
}
