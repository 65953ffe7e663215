//! What a document's language context reads, for its render job: a
//! translation reads its source (whether it is out of date, and the link
//! to it), every version reads the others' URLs (hreflang, the switcher),
//! and the language's navigation reads its sections' titles.

use crate::ids::{PageId, SectionId};
use crate::site::SiteData;

/// One thing a language context reads; `render::jobs` turns each into its
/// `Read` (kept apart so this module need not know the job list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// A page's own file (a translation's source: is it out of date?).
    Page(PageId),
    /// A page's title and URL (a version in the switcher).
    PageLink(PageId),
    /// A section's title and URL (a version, the navigation).
    SectionLink(SectionId),
}

/// The reads of page `index`'s `lang` context beyond its own file.
pub fn page_reads(data: &SiteData, index: PageId) -> Vec<Read> {
    let t = &data.content.translations;
    if t.page_versions.is_empty() {
        return Vec::new();
    }
    let source = t.source_page(index);
    let mut reads = Vec::new();
    if source != index {
        reads.push(Read::Page(source));
    }
    reads.push(Read::PageLink(source));
    for &(_, p) in t.page_versions.get(&source).into_iter().flatten() {
        reads.push(Read::PageLink(p));
    }
    reads.extend(nav_reads(data));
    reads
}

/// The reads of section `index`'s `lang` context beyond its own file.
pub fn section_reads(data: &SiteData, index: SectionId) -> Vec<Read> {
    let t = &data.content.translations;
    if t.section_versions.is_empty() {
        return Vec::new();
    }
    let source = t.source_section(index);
    let mut reads = vec![Read::SectionLink(source)];
    for &(_, s) in t.section_versions.get(&source).into_iter().flatten() {
        reads.push(Read::SectionLink(s));
    }
    reads.extend(nav_reads(data));
    reads
}

/// The language's navigation shows each top-level section's translation.
fn nav_reads(data: &SiteData) -> impl Iterator<Item = Read> + '_ {
    let t = &data.content.translations;
    data.content.sections[SectionId::HOME]
        .subsections
        .iter()
        .flat_map(move |&s| {
            std::iter::once(Read::SectionLink(s)).chain(
                t.section_versions
                    .get(&s)
                    .into_iter()
                    .flatten()
                    .map(|&(_, v)| Read::SectionLink(v)),
            )
        })
}
