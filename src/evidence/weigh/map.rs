//! The evidence map at `/evidence/map/`: one row per term of `[evidence]
//! map_taxonomy` (default "outcomes"), one column per evidence level, each
//! cell the number of distinct sources cited by the pages tagged with the
//! term that carry that level. An evidence gap map in table form: which
//! outcomes rest on strong evidence, which on emerging evidence only.

use serde::Serialize;

use super::Strengths;
use crate::content::Content;
use crate::content::front_matter::EvidenceLevel;
use crate::evidence::linking::PageCitations;
use crate::ids::{PageId, TiSlice};

/// The columns, strongest first.
pub const COLUMNS: [EvidenceLevel; 3] = [
    EvidenceLevel::Strong,
    EvidenceLevel::Moderate,
    EvidenceLevel::Emerging,
];

/// One row of the map.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MapRow {
    pub term: String,
    pub slug: String,
    /// Pages tagged with the term.
    pub pages: usize,
    /// Distinct sources per level, in [`COLUMNS`] order.
    pub counts: [usize; 3],
    /// Distinct sources the pages cite without a level in their notes.
    pub unrated: usize,
}

/// The whole map; `taxonomy` is `None` when the site has no such taxonomy.
#[derive(Debug, Clone, Serialize, Default)]
pub struct EvidenceMap {
    pub taxonomy: Option<String>,
    pub rows: Vec<MapRow>,
}

/// Counts the map from the pages' cited sources.
pub fn evidence_map(
    content: &Content,
    pages: &TiSlice<PageId, PageCitations>,
    strengths: &Strengths,
    taxonomy: &str,
) -> EvidenceMap {
    let Some(tax) = content.taxonomies.iter().find(|t| t.name == taxonomy) else {
        return EvidenceMap::default();
    };
    let rows = tax
        .terms
        .iter()
        .map(|term| {
            let mut keys: Vec<&str> = term
                .pages
                .iter()
                .filter_map(|&p| pages.get(p))
                .flat_map(|e| e.citations.iter().map(|c| &*c.key))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let mut counts = [0; 3];
            let mut unrated = 0;
            for key in keys {
                match strengths
                    .level(key)
                    .and_then(|l| COLUMNS.iter().position(|c| *c == l))
                {
                    Some(i) => counts[i] += 1,
                    None => unrated += 1,
                }
            }
            MapRow {
                term: term.name.clone(),
                slug: term.slug.clone(),
                pages: term.pages.len(),
                counts,
                unrated,
            }
        })
        .collect();
    EvidenceMap {
        taxonomy: Some(tax.name.clone()),
        rows,
    }
}
