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
pub mod strength;
mod words;

use serde::{Deserialize, Serialize};

pub use strength::{Strength, Strengths};

/// `[evidence]` in sheaf.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WeighConfig {
    /// Study designs that can support causal claims, compared
    /// case-insensitively with surrounding whitespace ignored.
    pub causal_designs: Vec<String>,
    /// Causal wording, each entry in base or `-s` form ("cause", "leads
    /// to", "make … better"); inflections are matched too.
    pub causal_words: Vec<String>,
    /// Wording of certainty, allowed only when a cited source is strong.
    pub certainty_words: Vec<String>,
    /// A `reviewed` date older than this many months is a warning.
    pub review_after_months: u32,
    /// The taxonomy whose terms are the rows of `/evidence/map/`.
    pub map_taxonomy: String,
}

impl Default for WeighConfig {
    fn default() -> Self {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        WeighConfig {
            causal_designs: list(&[
                "randomised controlled trial",
                "quasi-experimental study",
                "regression discontinuity",
                "meta-analysis of experiments",
            ]),
            causal_words: list(&[
                "causes",
                "leads to",
                "results in",
                "improves",
                "increases",
                "boosts",
                "proves",
                "drives",
                "makes … better",
            ]),
            certainty_words: list(&["proves", "clear evidence", "strong evidence shows"]),
            review_after_months: 24,
            map_taxonomy: "outcomes".into(),
        }
    }
}

impl WeighConfig {
    /// Whether `design` is one of [`Self::causal_designs`].
    pub fn is_causal_design(&self, design: &str) -> bool {
        let design = design.trim();
        self.causal_designs.iter().any(|d| {
            d.trim().eq_ignore_ascii_case(design)
                || d.trim().to_lowercase() == design.to_lowercase()
        })
    }
}

/// A source's standing, from its notes' `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    #[default]
    Current,
    Corrected,
    Superseded,
    Retracted,
}

impl SourceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceStatus::Current => "current",
            SourceStatus::Corrected => "corrected",
            SourceStatus::Superseded => "superseded",
            SourceStatus::Retracted => "retracted",
        }
    }

    /// Retracted and superseded sources warn at every citation.
    pub fn warns(self) -> bool {
        matches!(self, SourceStatus::Superseded | SourceStatus::Retracted)
    }
}

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
    pages: &[crate::evidence::linking::PageCitations],
) -> Vec<cite_export::PageMeta> {
    use rayon::prelude::*;
    content
        .pages
        .par_iter()
        .zip(pages)
        .map(|(page, cited)| page_meta(config, page, bibliography, strengths, &cited.citations))
        .collect()
}

/// One page's [`cite_export::PageMeta`], from the sources it cites.
pub fn page_meta(
    config: &crate::config::Config,
    page: &crate::content::Page,
    bibliography: &crate::evidence::Bibliography,
    strengths: &Strengths,
    citations: &[crate::evidence::linking::CitedSource],
) -> cite_export::PageMeta {
    let permalink = config.permalink_for(&page.site_path);
    let citation = cite_export::PageCitation {
        id: &page.slug,
        title: &page.front.title,
        organisation: cite_export::organisation(config),
        site_title: &config.title,
        permalink: &permalink,
        published: page.front.date.as_ref(),
        updated: page.front.updated.as_ref(),
    };
    let works: Vec<&crate::evidence::Work> = citations
        .iter()
        .filter_map(|c| bibliography.get(&c.key))
        .collect();
    let reviewed = currency::last_reviewed(citations.iter().map(|c| &*c.key), strengths);
    cite_export::page_meta(
        &citation,
        &config.url_for(&page.site_path),
        &works,
        reviewed,
        &config.language,
    )
}
