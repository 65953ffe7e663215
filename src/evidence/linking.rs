//! Linking claims to evidence across the site: the citation pass's view of
//! the bibliography, each page's cited sources and reference list, the
//! "cited in" backlinks of every source, and the checks that go with them
//! (notes for unknown keys, unused entries).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::{Bibliography, Formatter};
use crate::config::Config;
use crate::content::{Content, Note};
use crate::diagnostics::{Diagnostic, Diagnostics, closest};
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
}

/// One page citing one source, for the source's "Cited in" list.
#[derive(Debug, Clone)]
pub struct Backlink {
    pub page: usize,
    pub locators: Vec<String>,
}

/// What the evidence stage works out for the whole site.
#[derive(Debug, Default)]
pub struct Linked {
    /// Per cited key, in reference-list order: the pages citing it, by title.
    pub backlinks: BTreeMap<String, Vec<Backlink>>,
    /// Keys in reference-list order, for /evidence/.
    pub source_order: Vec<String>,
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
    let pages: Vec<_> = page_docs
        .par_iter()
        .map(|doc| cite_page(config, doc, bib, formatter))
        .collect();
    let mut backlinks: HashMap<String, Vec<Backlink>> = HashMap::new();
    for (index, (cited, references)) in pages.into_iter().enumerate() {
        for source in &cited {
            let link = Backlink {
                page: index,
                locators: source.locators.clone(),
            };
            match backlinks.get_mut(source.key.as_str()) {
                Some(links) => links.push(link),
                None => {
                    backlinks.insert(source.key.clone(), vec![link]);
                }
            }
        }
        page_extras[index].citations = cited;
        page_extras[index].references = references;
    }
    let mut order: Vec<String> = backlinks.keys().cloned().collect();
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
        backlinks: backlinks.into_iter().collect(),
    }
}

/// One page's cited sources (first-cited order, with locators) and its
/// reference list.
pub fn cite_page(
    config: &Config,
    doc: &Rendered,
    bib: &Bibliography,
    formatter: &Formatter,
) -> (Vec<CitedSource>, Vec<ReferenceEntry>) {
    let mut cited: Vec<CitedSource> = Vec::with_capacity(doc.citations.len());
    for citation in &doc.citations {
        for item in &citation.items {
            if !bib.contains(&item.key) {
                continue;
            }
            let position = match cited.iter().position(|c| c.key == item.key) {
                Some(p) => p,
                None => {
                    cited.push(CitedSource {
                        key: item.key.clone(),
                        url: config.url_for(&source_path(&item.key)),
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
    let mut order: Vec<usize> = (0..cited.len()).collect();
    order.sort_by_key(|&i| (formatter.rank(&cited[i].key), &cited[i].key));
    let references = order
        .iter()
        .map(|&i| {
            let source = &cited[i];
            ReferenceEntry {
                key: source.key.clone(),
                id: reference_id(&source.key),
                html: formatter
                    .reference_html_shared(&source.key)
                    .unwrap_or_default(),
                source_url: source.url.clone(),
            }
        })
        .collect();
    (cited, references)
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
