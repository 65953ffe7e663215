//! Linking claims to evidence across the site: the citation pass's view of
//! the bibliography, each page's cited sources and reference list, the
//! "cited in" backlinks of every source, and the checks that go with them
//! (notes for unknown keys, unused entries).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Bibliography, Formatter};
use crate::config::Config;
use crate::content::{Content, Note};
use crate::diagnostics::{Diagnostic, Diagnostics, closest, escape_html};
use crate::markdown::{Citation, CitationRenderer, Rendered};
use crate::site::{CitedSource, PageExtras, ReferenceEntry};

/// The bibliography and formatter as the Markdown citation pass sees them.
pub struct Citer<'a> {
    pub bibliography: &'a Bibliography,
    pub formatter: &'a Formatter,
    /// "references.bib" (or the list of files), for error labels.
    pub name: String,
}

/// The anchor of a source in a page's reference list.
pub fn reference_id(key: &str) -> String {
    format!("ref-{key}")
}

/// The link from an in-text citation to [`reference_id`].
fn reference_href(key: &str) -> String {
    format!("#ref-{key}")
}

impl CitationRenderer for Citer<'_> {
    fn has_key(&self, key: &str) -> bool {
        self.bibliography.contains(key)
    }

    fn suggest(&self, key: &str) -> Vec<String> {
        closest(key, self.bibliography.keys())
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    fn bibliography_name(&self) -> String {
        self.name.clone()
    }

    fn render(&self, citation: &Citation) -> String {
        self.formatter.cite_html(citation, &reference_href)
    }

    fn render_in_page(&self, citation: &Citation, earlier: &[Citation]) -> String {
        self.formatter
            .cite_html_in_page(citation, earlier, &reference_href)
    }
}

/// One page citing one source, for the source's "Cited in" list.
#[derive(Debug, Clone)]
pub struct Backlink {
    pub page: usize,
    /// The page's URL, shared by all its backlinks.
    pub url: Arc<str>,
    pub locators: Vec<String>,
}

/// What the evidence stage works out for the whole site.
#[derive(Debug, Default)]
pub struct Linked {
    /// Per cited key, in reference-list order: the pages citing it, by title.
    pub backlinks: BTreeMap<String, Vec<Backlink>>,
    /// Keys in reference-list order, for /evidence/.
    pub source_order: Vec<String>,
    pub sources: SourceTable,
}

/// The strings every page citing a source shares (its key, reference-list
/// anchor, source-page URL and formatted reference), made once per build:
/// a page's citations and reference list then only share them.
#[derive(Debug, Default)]
pub struct SourceTable {
    by_key: FxHashMap<Arc<str>, SharedSource>,
}

#[derive(Debug)]
struct SharedSource {
    key: Arc<str>,
    url: Arc<str>,
    reference: ReferenceEntry,
}

impl SourceTable {
    /// One entry per bibliography key.
    pub fn new(config: &Config, bib: &Bibliography, formatter: &Formatter) -> Self {
        let by_key = bib
            .keys()
            .map(|key| {
                let shared = Arc::<str>::from(key);
                let url = config.url_for(&source_path(key));
                let html = formatter.reference_html(key).unwrap_or_default();
                let source = SharedSource {
                    key: shared.clone(),
                    reference: ReferenceEntry::new(key, &reference_id(key), html, &url),
                    url: url.into(),
                };
                (shared, source)
            })
            .collect();
        SourceTable { by_key }
    }
}

/// Collects citations of every page into its reference list (stored in
/// `page_extras`, which templates read) and into the sources' backlinks.
pub fn link(
    config: &Config,
    content: &Content,
    page_docs: &[Rendered],
    bib: &Bibliography,
    formatter: &Formatter,
    page_extras: &mut [PageExtras],
) -> Linked {
    let sources = SourceTable::new(config, bib, formatter);
    let pages: Vec<_> = page_docs
        .par_iter()
        .map(|doc| cite_page(&sources, doc, formatter))
        .collect();
    let mut backlinks: FxHashMap<Arc<str>, Vec<Backlink>> = FxHashMap::default();
    for (index, (cited, references)) in pages.into_iter().enumerate() {
        let url: Arc<str> = config.url_for(&content.pages[index].site_path).into();
        for source in &cited {
            backlinks
                .entry(source.key.clone())
                .or_default()
                .push(Backlink {
                    page: index,
                    url: url.clone(),
                    locators: source.locators.clone(),
                });
        }
        page_extras[index].citations = cited;
        page_extras[index].references = references;
    }
    let mut order: Vec<String> = backlinks.keys().map(|k| k.to_string()).collect();
    formatter.sort_keys(&mut order);
    let titles: Vec<String> = content
        .pages
        .par_iter()
        .map(|p| p.front.title.to_lowercase())
        .collect();
    backlinks
        .par_iter_mut()
        .for_each(|(_, links)| links.sort_by(|a, b| by_title(&titles, a, b)));
    Linked {
        source_order: order,
        backlinks: backlinks
            .into_iter()
            .map(|(key, links)| (key.to_string(), links))
            .collect(),
        sources,
    }
}

/// One page's cited sources (first-cited order, with locators) and its
/// reference list.
pub fn cite_page(
    sources: &SourceTable,
    doc: &Rendered,
    formatter: &Formatter,
) -> (Vec<CitedSource>, Vec<ReferenceEntry>) {
    let mut cited: Vec<CitedSource> = Vec::with_capacity(doc.citations.len());
    for citation in &doc.citations {
        for item in &citation.items {
            let Some(source) = sources.by_key.get(item.key.as_str()) else {
                continue;
            };
            let position = match cited.iter().position(|c| *c.key == *item.key) {
                Some(p) => p,
                None => {
                    cited.push(CitedSource {
                        key: source.key.clone(),
                        url: source.url.clone(),
                        locators: Vec::new(),
                    });
                    cited.len() - 1
                }
            };
            if let Some(locator) = &item.locator {
                let text = formatter.locator_text(locator);
                if !cited[position].locators.contains(&text) {
                    cited[position].locators.push(text);
                }
            }
        }
    }
    if formatter.numbered() {
        let references = numbered_references(sources, &cited, formatter);
        return (cited, references);
    }
    let mut order: Vec<usize> = (0..cited.len()).collect();
    order.sort_by_key(|&i| (formatter.rank(&cited[i].key), &cited[i].key));
    let references = order
        .iter()
        .filter_map(|&i| sources.by_key.get(&*cited[i].key))
        .map(|source| source.reference.clone())
        .collect();
    (cited, references)
}

/// A numeric style's reference list: the page's sources in the order it
/// first cites them, each with its number as the style writes it.
fn numbered_references(
    sources: &SourceTable,
    cited: &[CitedSource],
    formatter: &Formatter,
) -> Vec<ReferenceEntry> {
    cited
        .iter()
        .enumerate()
        .filter_map(|(n, c)| {
            let source = sources.by_key.get(&*c.key)?;
            let html = format!(
                "<span class=\"reference-list__number\">{}</span> {}",
                escape_html(&formatter.list_label(n + 1)),
                formatter.reference_html(&source.key).unwrap_or_default()
            );
            Some(ReferenceEntry::new(
                &source.key,
                &reference_id(&source.key),
                &html,
                &source.url,
            ))
        })
        .collect()
}

/// The site path of a source's page, `evidence/<key>/`.
pub fn source_path(key: &str) -> String {
    format!("evidence/{key}/")
}

/// Orders a source's "Cited in" list by page title.
pub fn sort_backlinks(content: &Content, links: &mut [Backlink]) {
    links.sort_by_cached_key(|b| (content.pages[b.page].front.title.to_lowercase(), b.page));
}

/// [`sort_backlinks`]'s order, with every page's title lowercased up front.
fn by_title(titles: &[String], a: &Backlink, b: &Backlink) -> std::cmp::Ordering {
    (&titles[a.page], a.page).cmp(&(&titles[b.page], b.page))
}

/// Notes for keys the bibliography lacks are errors; entries nobody cites
/// are warnings (errors under `--strict`).
pub fn check(notes: &[Note], bib: &Bibliography, linked: &Linked, diags: &mut Diagnostics) {
    for note in notes {
        if !bib.contains(&note.key) {
            let help = crate::diagnostics::did_you_mean(&closest(&note.key, bib.keys()))
                .map(|h| format!("{h} (a notes file is named after the citation key it describes)"))
                .unwrap_or_else(|| {
                    "name the file after a citation key in the bibliography, or add the entry"
                        .into()
                });
            diags.push(
                Diagnostic::error(format!(
                    "notes for `{}`, which is not in the bibliography",
                    note.key
                ))
                .at_span(&note.source, 0..0)
                .help(help),
            );
        }
    }
    let mut unused: Vec<&str> = bib
        .keys()
        .filter(|k| !linked.backlinks.contains_key(*k))
        .collect();
    unused.sort_unstable();
    for key in unused {
        let mut d = Diagnostic::warning(format!("bibliography entry `{key}` is never cited"))
            .help("cite it somewhere, or remove it from the bibliography");
        if let Some(location) = bib.definition(key) {
            d = d.at(location);
        }
        diags.push(d);
    }
}
