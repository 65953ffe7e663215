//! What sheaf does to each PDF Chromium prints, before it is written:
//! links moved from the print server to the live site, untagged drawing
//! marked as artifacts, link descriptions, outline titles repaired, XMP
//! and document metadata for PDF/UA-1, and a reproducible file (dates from
//! the content, an `/ID` from the bytes). See docs/printing.md.

mod artifacts;
mod fill;
mod metadata;
mod outline;
mod page_text;
mod relink;

use lopdf::{Document, Object, ObjectId};

pub use fill::{LastPage, PageLines, short_last_page};
pub use metadata::DocFacts;
pub use page_text::{PageText, read_page_text};
pub use relink::relink;

/// Everything the finishing pass needs to know about one PDF.
#[derive(Debug, Clone)]
pub struct Finish<'a> {
    /// `http://127.0.0.1:4567`, the print server.
    pub local_origin: &'a str,
    /// `https://example.org`, what it becomes.
    pub live_origin: &'a str,
    pub facts: DocFacts,
    /// Headings and links of the HTML that was printed.
    pub text: &'a PageText,
}

/// A finished PDF and what was measured on the way.
#[derive(Debug)]
pub struct Finished {
    pub pdf: Vec<u8>,
    /// The tagged text lines of each page.
    pub pages: Vec<PageLines>,
}

/// Applies every finishing step to `pdf`.
pub fn finish_pdf(pdf: &[u8], finish: &Finish<'_>) -> Result<Finished, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| format!("cannot read the PDF: {e}"))?;
    for object in doc.objects.values_mut() {
        relink::replace_in(
            object,
            finish.local_origin.as_bytes(),
            finish.live_origin.as_bytes(),
        );
    }
    let heights = fill::page_heights(&doc);
    let mut pages = vec![PageLines::default(); heights.len()];
    artifacts::mark_artifacts(&mut doc, |index, ops| {
        if let Some(&height) = heights.get(index) {
            pages[index] = fill::lines_of(ops, height);
        }
    })?;
    outline::describe_links(&mut doc, finish.text);
    outline::repair_outline(&mut doc, finish.text);
    let mut facts = finish.facts.clone();
    // Chromium's title is the page's `<title>`, its language the page's
    // `lang`: keep them, they are the page's own.
    if let Some(title) = info_string(&doc, b"Title") {
        facts.title = title;
    }
    if let Some(Object::String(lang, _)) = doc.catalog().ok().and_then(|c| c.get(b"Lang").ok()) {
        facts.lang = outline::decode_text(lang);
    }
    metadata::write_metadata(&mut doc, &facts)?;
    doc.prune_objects();
    metadata::reserve_id(&mut doc);
    doc.compress();
    let mut out = Vec::with_capacity(pdf.len() + 4096);
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    metadata::stamp_id(&mut out);
    Ok(Finished { pdf: out, pages })
}

/// Where each named destination of the PDF Chromium printed is (1-based
/// page), without finishing it: what numbering the booklet's contents
/// needs from a print that is printed again.
pub fn page_starts(pdf: &[u8]) -> Result<Vec<(String, usize)>, String> {
    let doc = Document::load_mem(pdf).map_err(|e| format!("cannot read the PDF: {e}"))?;
    Ok(destinations(&doc))
}

/// A string of the document information dictionary.
fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = match doc.trailer.get(b"Info").ok()? {
        Object::Reference(r) => doc.get_dictionary(*r).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    match info.get(key).ok()? {
        Object::String(bytes, _) => Some(outline::decode_text(bytes)).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// The named destinations of the catalog's `/Dests` and the page each is
/// on.
fn destinations(doc: &Document) -> Vec<(String, usize)> {
    let numbers: std::collections::HashMap<ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(n, id)| (id, n as usize))
        .collect();
    let Some(dests) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Dests").ok())
        .and_then(|d| match d {
            Object::Reference(r) => doc.get_dictionary(*r).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
    else {
        return Vec::new();
    };
    let mut found: Vec<(String, usize)> = dests
        .iter()
        .filter_map(|(name, dest)| {
            let dest = match dest {
                Object::Reference(r) => doc.get_object(*r).ok()?,
                other => other,
            };
            let array = match dest {
                Object::Dictionary(d) => d.get(b"D").ok()?.as_array().ok()?,
                other => other.as_array().ok()?,
            };
            let page = array.first()?.as_reference().ok()?;
            Some((
                String::from_utf8_lossy(name).into_owned(),
                *numbers.get(&page)?,
            ))
        })
        .collect();
    found.sort();
    found
}
