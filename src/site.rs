//! The site between stages: configuration, content, and each stage's own
//! result, keyed by the ids in [`crate::ids`]. Plain data: the render stage
//! reads it and combines the stages' results into template contexts;
//! nothing here touches the disk.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Content;
use crate::evidence::linking::{Linked, PageCitations};
use crate::evidence::weigh::cite_export::PageMeta;
use crate::evidence::{Bibliography, Formatter};
use crate::ids::{NoteId, PageId, SectionId, TiVec};
use crate::markdown::Rendered;
use crate::print::extras::PrintExtras;

/// Everything the render stage needs.
#[derive(Debug, Clone)]
pub struct SiteData {
    pub config: Config,
    pub content: Content,
    /// The markdown stage: one per page, in `content.pages` order.
    pub page_docs: TiVec<PageId, Rendered>,
    /// The markdown stage: one per section, in `content.sections` order.
    pub section_docs: TiVec<SectionId, Rendered>,
    /// The print stage: one per page (QR code, "how to cite", PDF link).
    pub print_extras: TiVec<PageId, PrintExtras>,
    /// The pages in the booklet, in booklet order.
    pub printed: Vec<PageId>,
    /// Whether this build makes PDFs (pages link to theirs).
    pub pdfs: bool,
    /// Present when the site has a bibliography.
    pub evidence: Option<Arc<EvidenceData>>,
    /// plain: `content/glossary.toml`, for `/glossary/` and the first uses
    /// marked in each page.
    pub glossary: Arc<crate::plain::glossary::Glossary>,
}

/// The notes of one source, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedNote {
    /// Which of `content.notes`.
    pub id: NoteId,
    /// The notes' body as HTML.
    pub html: String,
}

/// The bibliography, formatted once, and how the site cites it.
#[derive(Debug)]
pub struct EvidenceData {
    pub bibliography: Bibliography,
    pub formatter: Formatter,
    pub linked: Linked,
    /// Notes by citation key.
    pub notes: BTreeMap<String, RenderedNote>,
    /// What each source can support, and how current it is.
    pub strengths: crate::evidence::weigh::Strengths,
    /// Per page (by [`PageId`]): its citable metadata and "Evidence last
    /// reviewed" date, made once its cited sources are known.
    pub page_meta: TiVec<PageId, PageMeta>,
    /// Each work's JSON-LD, for the pages' metadata (made again for a page
    /// `serve` rebuilds).
    pub works_ld: crate::evidence::weigh::cite_export::WorksLd,
}

/// A page without a bibliography cites nothing.
static NO_CITATIONS: PageCitations = PageCitations {
    citations: Vec::new(),
    references: Vec::new(),
};

/// A page of a site without a bibliography has no citable metadata.
static NO_PAGE_META: PageMeta = PageMeta {
    author: String::new(),
    publication_date: None,
    online_date: None,
    json_ld: String::new(),
    cite_bib_url: String::new(),
    cite_ris_url: String::new(),
    cite_json_url: String::new(),
    reviewed: None,
    reviewed_display: None,
};

impl SiteData {
    /// The weigh stage's citable metadata of `page` (issue 15).
    pub fn page_meta(&self, page: PageId) -> &PageMeta {
        match &self.evidence {
            Some(evidence) => &evidence.page_meta[page],
            None => &NO_PAGE_META,
        }
    }

    /// What linking found for `page`: its citations and reference list.
    pub fn citations(&self, page: PageId) -> &PageCitations {
        match &self.evidence {
            Some(evidence) => evidence.linked.page(page),
            None => &NO_CITATIONS,
        }
    }
}
