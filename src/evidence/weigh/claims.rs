//! Claim-level backlinks: for each source a page cites, every sentence
//! citing it (as the reader sees it), its locator, and the id of the
//! citation on the page, for the source page's "Cited in" list.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::strength::citation_id;
use crate::evidence::Formatter;
use crate::markdown::Rendered;

/// One sentence citing a source.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Claim {
    pub text: String,
    pub locator: Option<String>,
    /// The citation's id on its page (`cite-3`).
    pub id: String,
}

/// Every claim of a document, by cited key, in document order.
pub fn document_claims<'a>(
    doc: &'a Rendered,
    formatter: &Formatter,
) -> FxHashMap<&'a str, Vec<Claim>> {
    let mut out: FxHashMap<&str, Vec<Claim>> = FxHashMap::default();
    if doc.citations.is_empty() {
        return out;
    }
    let narrative = |i: usize| {
        doc.citations
            .get(i)
            .filter(|c| c.narrative)
            .map(|c| formatter.cite_text(c))
    };
    let mut sentence = 0;
    for (n, citation) in doc.citations.iter().enumerate() {
        while sentence < doc.sentences.len() && doc.sentences[sentence].citations.end <= n {
            sentence += 1;
        }
        let text = doc
            .sentences
            .get(sentence)
            .filter(|s| s.citations.contains(&n))
            .map(|s| s.display(&narrative))
            .unwrap_or_default();
        for item in &citation.items {
            out.entry(item.key.as_str()).or_default().push(Claim {
                text: text.clone(),
                locator: item.locator.as_ref().map(|l| formatter.locator_text(l)),
                id: citation_id(n + 1),
            });
        }
    }
    out
}
