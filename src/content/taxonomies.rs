//! Taxonomies: the terms pages are tagged with (`[taxonomies]` in front
//! matter), matched case-insensitively by slug, listed in the order
//! [`super::term_order`] gives.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use super::Page;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, closest, did_you_mean};
use crate::ids::{PageId, TaxonomyId, TiSlice, TiVec};

/// One configured taxonomy and its terms, in listing order.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub terms: Vec<Term>,
    /// Index into `terms` by slug: the listing order is not slug order.
    by_slug: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Term {
    /// The spelling used first (in file order).
    pub name: String,
    pub slug: String,
    /// Pages tagged with the term, by title.
    pub pages: Vec<PageId>,
}

impl Taxonomy {
    /// This taxonomy's [`taxonomy_path`].
    pub fn site_path(&self) -> String {
        taxonomy_path(&self.name)
    }

    /// The [`term_path`] of one of its terms.
    pub fn term_path(&self, term: &Term) -> String {
        term_path(&self.name, &term.slug)
    }

    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.position(slug).map(|i| &self.terms[i])
    }

    /// Where the term with this slug is in `terms`.
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }
}

/// The site path of a taxonomy's page, listing its terms: `outcomes/`.
/// Every URL and output path of taxonomy pages is built by this function
/// and [`term_path`], so the two can never disagree.
pub fn taxonomy_path(taxonomy: &str) -> String {
    format!("{taxonomy}/")
}

/// The site path of one term's page: `outcomes/reading/`.
pub fn term_path(taxonomy: &str, slug: &str) -> String {
    format!("{taxonomy}/{slug}/")
}

/// The most terms one page may have in one taxonomy. Every term page lists
/// its pages with all their terms, so a page's cost grows with the square of
/// its term count (one page with 10,000 terms took minutes to render); real
/// pages have a handful.
pub const MAX_TERMS_PER_PAGE: usize = 100;

/// Collects the terms of every page, fills `page.terms`, and reports unknown
/// taxonomy names, empty terms and differing spellings of one term.
pub fn collect(
    config: &Config,
    pages: &mut TiSlice<PageId, Page>,
    diags: &mut Diagnostics,
) -> TiVec<TaxonomyId, Taxonomy> {
    let mut by_name: TiVec<TaxonomyId, BTreeMap<String, Term>> =
        vec![BTreeMap::new(); config.taxonomies.len()].into();
    for (index, page) in pages.iter_mut_enumerated() {
        page.terms = vec![Vec::new(); config.taxonomies.len()].into();
        for (name, terms) in &page.front.taxonomies {
            let Some(t) = config
                .taxonomies
                .iter()
                .position(|n| n == name)
                .map(TaxonomyId)
            else {
                let span = super::front_matter::key_span(&page.source.text, name);
                let help =
                    did_you_mean(&closest(name, config.taxonomies.iter().map(String::as_str)))
                        .unwrap_or_else(|| {
                            format!(
                                "add \"{name}\" to `taxonomies` in sheaf.toml, or use one of: {}",
                                config.taxonomies.join(", ")
                            )
                        });
                diags.push(
                    Diagnostic::error(format!("unknown taxonomy `{name}`"))
                        .at_span(&page.source, span)
                        .help(help),
                );
                continue;
            };
            if terms.len() > MAX_TERMS_PER_PAGE {
                let span = crate::config::key_span(&page.source.text, name);
                diags.push(
                    Diagnostic::error(format!(
                        "this page has {} {name} terms; a page may have at most {MAX_TERMS_PER_PAGE}",
                        terms.len()
                    ))
                    .at_span(&page.source, span)
                    .help(format!(
                        "keep the terms readers browse by; only the first {MAX_TERMS_PER_PAGE} are used"
                    )),
                );
            }
            let mut seen: HashSet<String> = HashSet::new();
            for term in terms.iter().take(MAX_TERMS_PER_PAGE) {
                let slug = slug::slugify(term);
                if slug.is_empty() {
                    diags.push(
                        Diagnostic::error(format!(
                            "the {name} term `{term}` has no letters or digits"
                        ))
                        .at_span(&page.source, term_span(&page.source.text, term))
                        .help("terms become URLs; give the term a name with letters or digits"),
                    );
                    continue;
                }
                let entry = by_name[t].entry(slug.clone()).or_insert_with(|| Term {
                    name: term.trim().to_string(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                });
                if entry.name != term.trim() {
                    diags.push(
                        Diagnostic::warning(format!(
                            "the {name} term `{term}` is also spelled `{}` elsewhere; both are listed as `{}`",
                            entry.name, entry.name
                        ))
                        .at_span(&page.source, term_span(&page.source.text, term))
                        .help("use one spelling everywhere"),
                    );
                }
                if entry.pages.last() != Some(&index) {
                    entry.pages.push(index);
                }
                // The set, not `page.terms[t]`, answers "seen already?": a
                // scan of the list made a page's terms cost their square.
                if seen.insert(slug.clone()) {
                    page.terms[t].push(slug);
                }
            }
        }
    }
    // Each title lowercased once: a comparison that lowercased both sides
    // made sorting a 10,000-page site's terms a noticeable serial step.
    let titles: TiVec<PageId, String> = (pages.raw.par_iter())
        .map(|p| p.front.title.to_lowercase())
        .collect::<Vec<_>>()
        .into();
    config
        .taxonomies
        .iter()
        .zip(by_name)
        .map(|(name, terms)| {
            let mut terms: Vec<Term> = terms.into_values().collect();
            (terms.par_iter_mut()).for_each(|term| sort_term_pages(&titles, &mut term.pages));
            super::term_order::sort_terms(
                &mut terms,
                config.taxonomy_order.get(name).map(Vec::as_slice),
                &config.source,
                name,
                diags,
            );
            let by_slug = terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.clone(), i))
                .collect();
            Taxonomy {
                name: name.clone(),
                terms,
                by_slug,
            }
        })
        .collect()
}

/// Orders a term's pages by title (case-insensitively: `titles` holds each
/// page's lowercased title), then file order.
fn sort_term_pages(titles: &TiSlice<PageId, String>, term_pages: &mut [PageId]) {
    term_pages.sort_by(|&a, &b| titles[a].cmp(&titles[b]).then(a.cmp(&b)));
}

/// Where a term is written in the file (its first quoted occurrence).
fn term_span(text: &str, term: &str) -> std::ops::Range<usize> {
    for quote in ['"', '\''] {
        let needle = format!("{quote}{term}{quote}");
        if let Some(i) = text.find(&needle) {
            return i + 1..i + 1 + term.len();
        }
    }
    text.find(term).map_or(0..0, |i| i..i + term.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_and_term_pages_live_under_the_taxonomy_name() {
        let taxonomy = Taxonomy {
            name: "outcomes".into(),
            terms: vec![Term {
                name: "Reading".into(),
                slug: "reading".into(),
                pages: Vec::new(),
            }],
            by_slug: HashMap::from([("reading".to_string(), 0)]),
        };
        assert_eq!(taxonomy.site_path(), "outcomes/");
        assert_eq!(taxonomy.term_path(&taxonomy.terms[0]), "outcomes/reading/");
        assert_eq!(term_path("outcomes", "reading"), "outcomes/reading/");
    }
}
