//! Evidence readers can weigh (issue 15): what each cited source can
//! support (design, level, causal or not, currency), shown at every
//! citation and checked against the wording of the sentences citing it.
//! docs/weighing-evidence.md is the contract.
//!
//! - [`strength`]: the per-source table and the citation popovers;
//! - [`lint`]: causal and certainty wording against the cited sources;
//! - [`currency`]: retracted, superseded and stale sources;
//! - [`notices`]: Crossref's update notices, for `check --external`;
//! - [`map`]: the evidence map at `/evidence/map/`;
//! - [`cite_export`]: `cite.bib`, `cite.ris`, `cite.json` and page metadata.

pub mod cite_export;
pub mod claims;
pub mod currency;
pub mod lint;
pub mod map;
pub mod notices;
pub mod settings;
pub mod strength;
mod words;

pub use settings::{SourceStatus, WeighConfig};
pub use strength::{Strength, Strengths};

/// The wording lint and the currency checks of a whole site.
pub fn weigh_site(
    config: &crate::config::Config,
    content: &crate::content::Content,
    docs: [&[crate::markdown::Rendered]; 3],
    strengths: &Strengths,
) -> Vec<crate::diagnostics::Diagnostic> {
    let wording = lint::Wording::new(&config.evidence);
    let mut out = lint::lint_site(content, docs, strengths, &wording);
    let today = currency::today();
    out.extend(currency::check(
        content,
        docs,
        strengths,
        &config.evidence,
        today.as_ref(),
    ));
    out
}

/// The wording lint and the citations of retracted or superseded sources
/// of one document, as [`weigh_site`] makes them (for `serve`'s partial
/// rebuild of an edited page).
pub fn weigh_document(
    config: &crate::config::Config,
    file: &crate::diagnostics::SourceFile,
    doc: &crate::markdown::Rendered,
    strengths: &Strengths,
) -> Vec<crate::diagnostics::Diagnostic> {
    let wording = lint::Wording::new(&config.evidence);
    let mut out = Vec::new();
    if !doc.sentences.is_empty() {
        out.extend(lint::lint_document(file, doc, strengths, &wording));
    }
    out.extend(currency::citation_status(file, doc, strengths));
    out
}

/// Each page's citable metadata and "Evidence last reviewed" date, by
/// [`crate::ids::PageId`], once its cited sources are known.
pub fn page_metadata(
    config: &crate::config::Config,
    content: &crate::content::Content,
    bibliography: &crate::evidence::Bibliography,
    strengths: &Strengths,
    works_ld: &cite_export::WorksLd,
    pages: &crate::ids::TiSlice<crate::ids::PageId, crate::evidence::linking::PageCitations>,
) -> crate::ids::TiVec<crate::ids::PageId, cite_export::PageMeta> {
    use rayon::prelude::*;
    content
        .pages
        .raw
        .par_iter()
        .zip(&pages.raw)
        .map(|(page, cited)| {
            page_meta(
                config,
                page,
                bibliography,
                strengths,
                works_ld,
                &cited.citations,
            )
        })
        .collect::<Vec<_>>()
        .into()
}

/// One page's [`cite_export::PageMeta`], from the sources it cites.
pub fn page_meta(
    config: &crate::config::Config,
    page: &crate::content::Page,
    bibliography: &crate::evidence::Bibliography,
    strengths: &Strengths,
    works_ld: &cite_export::WorksLd,
    citations: &[crate::evidence::linking::CitedSource],
) -> cite_export::PageMeta {
    let permalink = config.permalink_for(&page.site_path);
    let citation = cite_export::PageCitation::of_page(config, page, &permalink);
    let works: Vec<&crate::evidence::Work> = citations
        .iter()
        .filter_map(|c| bibliography.get(&c.key))
        .collect();
    let reviewed = currency::last_reviewed(citations.iter().map(|c| &*c.key), strengths);
    cite_export::page_meta(
        &citation,
        &config.url_for(&page.site_path),
        &works,
        works_ld,
        reviewed,
        // A translation is in its own language.
        page.lang.as_deref().unwrap_or(&config.language),
    )
}
