//! The site between stages: configuration, content, and each document's
//! rendered Markdown plus what the evidence and print stages add to it.
//! Plain data: the render stage reads it, nothing here touches the disk.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::evidence::linking::Linked;
use crate::evidence::{Bibliography, Formatter};

use crate::config::Config;
use crate::content::Content;
use crate::markdown::Rendered;

/// A source a page cites, for the page's `citations` context.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct CitedSource {
    pub key: Arc<str>,
    /// The source's page, `/evidence/<key>/`.
    pub url: Arc<str>,
    /// Locators as the citation style writes them, e.g. "pp. 33–35".
    pub locators: Vec<String>,
}

/// One entry of a page's reference list, `{key, id, html, source_url}` to
/// templates (`html` is the formatted reference, already escaped; `id` the
/// anchor in-text citations link to). Made once per source and shared by
/// every page citing it: it holds a ready Tera value, so putting it in a
/// page's context copies a pointer, not the entry.
#[derive(Debug, Clone)]
pub struct ReferenceEntry {
    value: tera::Value,
}

impl ReferenceEntry {
    pub fn new(key: &str, id: &str, html: &str, source_url: &str) -> Self {
        #[derive(Serialize)]
        struct Fields<'a> {
            key: &'a str,
            id: &'a str,
            html: &'a str,
            source_url: &'a str,
        }
        ReferenceEntry {
            value: tera::Value::from_serializable(&Fields {
                key,
                id,
                html,
                source_url,
            }),
        }
    }
}

impl Serialize for ReferenceEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// What the evidence and print stages add to a page's context.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageExtras {
    pub citations: Vec<CitedSource>,
    pub references: Vec<ReferenceEntry>,
    pub pdf_url: Option<String>,
    pub cite_as: String,
    pub qr_svg: String,
    /// Citable-page metadata and "Evidence last reviewed" (issue 15).
    pub weigh: crate::evidence::weigh::cite_export::PageMeta,
}

/// Everything the render stage needs.
#[derive(Debug, Clone)]
pub struct SiteData {
    pub config: Config,
    pub content: Content,
    pub page_docs: Vec<Rendered>,
    pub section_docs: Vec<Rendered>,
    pub page_extras: Vec<PageExtras>,
    /// Present when the site has a bibliography.
    pub evidence: Option<Arc<EvidenceData>>,
}

/// The bibliography, formatted once, and how the site cites it.
#[derive(Debug)]
pub struct EvidenceData {
    pub bibliography: Bibliography,
    pub formatter: Formatter,
    pub linked: Linked,
    /// Notes by key: index into `content.notes` and the rendered body.
    pub notes: BTreeMap<String, (usize, String)>,
    /// What each source can support, and how current it is.
    pub strengths: crate::evidence::weigh::Strengths,
}
