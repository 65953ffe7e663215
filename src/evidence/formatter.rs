//! The per-build citation formatter: every entry is formatted once up front
//! (author short forms, year with a/b letters, reference entry), so each
//! citation on each page is only string assembly.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::bibliography::Bibliography;
use super::csl::CslStyle;
use super::disambiguate::author_forms;
use super::intext::Family;
use super::names::{inverted_initials, sort_fold, title_sort_key};
use super::standin::Shown;
use super::style::CitationStyle;
use super::terms::Terms;
use super::work::Work;
use super::{apa_refs, references};
use crate::diagnostics::Diagnostic;
use crate::markdown::citations::{Citation, CiteItem};
use crate::text::escape_html_into;

/// One entry, formatted.
#[derive(Debug, Clone)]
struct Prepared {
    /// The author part and separator before the year: "Cox, ".
    lead_paren: Shown,
    short_narrative: Shown,
    /// Works with the same id have the same author list (so their years
    /// may share one author part).
    authors_id: usize,
    /// "2011a", "n.d.".
    year: String,
    reference_html: String,
    reference_text: String,
    /// Position in the style's reference-list order.
    rank: usize,
    /// Cite Them Right orders a citation's works by date.
    date_key: (u8, i64, i64),
}

/// Formats citations and references in one style for one bibliography.
#[derive(Debug, Clone)]
pub struct Formatter {
    family: Family,
    /// By key; looked up several times per citation, so with a fast hash.
    prepared: FxHashMap<String, Prepared>,
    /// A user CSL style, which then formats citations and references.
    csl: Option<Arc<CslStyle>>,
    /// The formatters of the site's other languages, by tag: a page cites
    /// in its own language's terms (see [`Formatter::in_language`]).
    translations: Vec<(String, Arc<Formatter>)>,
}

impl Formatter {
    /// The formatter of a site whose language is `locale`.
    pub fn new(
        bib: &Bibliography,
        style: &CitationStyle,
        locale: &str,
    ) -> Result<Formatter, Vec<Diagnostic>> {
        Formatter::for_language(bib, style, locale, locale)
    }

    /// The formatter for pages in `language` on a site in `site_language`:
    /// its terms ("et al.", "n.d.") come from the CSL locale of the page's
    /// language, then the site's, then English.
    pub fn for_language(
        bib: &Bibliography,
        style: &CitationStyle,
        language: &str,
        site_language: &str,
    ) -> Result<Formatter, Vec<Diagnostic>> {
        let terms = Terms::for_language(language, site_language);
        let locale = language;
        let family = match style {
            CitationStyle::Apa | CitationStyle::Csl(_) => Family::Apa,
            CitationStyle::ChicagoAuthorDate => Family::Chicago,
            CitationStyle::Harvard => Family::Harvard,
        };
        let order = reference_order(bib);
        let forms = author_forms(family, &order);
        let years = year_labels(bib, &order, &terms, |w| {
            let form = forms.get(&w.key).copied().unwrap_or_default();
            family.short_authors(w, false, form, &terms).text
        });
        let mut author_ids: HashMap<Vec<String>, usize> = HashMap::new();
        let mut prepared = FxHashMap::with_capacity_and_hasher(bib.len(), Default::default());
        for (rank, w) in order.iter().enumerate() {
            let year = family.year_label(years[&w.key].clone(), &terms);
            let form = forms.get(&w.key).copied().unwrap_or_default();
            let next_id = author_ids.len();
            let authors_id = *author_ids.entry(author_key(w)).or_insert(next_id);
            let reference = match style {
                CitationStyle::Apa | CitationStyle::Csl(_) => apa_refs::apa(w, &year, &terms),
                CitationStyle::ChicagoAuthorDate => references::chicago(w, &year, &terms),
                CitationStyle::Harvard => references::harvard(w, &year, &terms),
            };
            prepared.insert(
                w.key.clone(),
                Prepared {
                    lead_paren: family.lead(&family.short_authors(w, false, form, &terms), &year),
                    short_narrative: family.short_authors(w, true, form, &terms),
                    authors_id,
                    year,
                    reference_html: reference.to_html(),
                    reference_text: reference.to_text(),
                    rank,
                    date_key: w.date_sort_key(),
                },
            );
        }
        let mut csl = None;
        if let CitationStyle::Csl(path) = style {
            // A user style replaces the reference entries and their order;
            // it formats in-text citations too (see `cite_html_in_page`).
            let keys: Vec<&str> = order.iter().map(|w| w.key.as_str()).collect();
            let loaded = CslStyle::load(bib, &keys, path, locale)?;
            for (rank, r) in loaded.references().into_iter().enumerate() {
                if let Some(p) = prepared.get_mut(&r.key) {
                    p.reference_html = r.html;
                    p.reference_text = r.text;
                    p.rank = rank;
                }
            }
            csl = Some(Arc::new(loaded));
        }
        Ok(Formatter {
            family,
            prepared,
            csl,
            translations: Vec::new(),
        })
    }

    /// Adds the formatters of `languages` (the site's languages other than
    /// its own, `site_language`).
    pub fn with_translations<'t>(
        mut self,
        bib: &Bibliography,
        style: &CitationStyle,
        site_language: &str,
        languages: impl IntoIterator<Item = &'t str>,
    ) -> Result<Formatter, Vec<Diagnostic>> {
        for tag in languages {
            let formatter = Formatter::for_language(bib, style, tag, site_language)?;
            self.translations
                .push((tag.to_string(), Arc::new(formatter)));
        }
        Ok(self)
    }

    /// The formatter for a page in `language` (`None`: the site's own).
    pub fn in_language(&self, language: Option<&str>) -> &Formatter {
        language
            .and_then(|tag| self.translations.iter().find(|(t, _)| t == tag))
            .map_or(self, |(_, f)| f)
    }

    /// Whether citations are numbers in citation order (a numeric CSL
    /// style): each page's reference list is then numbered in the order its
    /// sources are first cited.
    pub fn numbered(&self) -> bool {
        self.csl.as_ref().is_some_and(|c| c.numeric)
    }

    /// The label of entry `n` in a numbered reference list ("[3]", "3.").
    pub fn list_label(&self, n: usize) -> String {
        match &self.csl {
            Some(c) => c.list_label(n),
            None => format!("{n}."),
        }
    }

    /// The in-text citation as HTML, knowing the citations before it in
    /// the same document (numeric styles number by them).
    pub fn cite_html_in_page(
        &self,
        c: &Citation,
        earlier: &[Citation],
        href: &dyn Fn(&str) -> String,
    ) -> String {
        match &self.csl {
            Some(csl) => csl.cite(c, earlier, Some(href)).0,
            None => self.cite_html(c, href),
        }
    }

    /// The in-text citation as HTML; each item's author/year part links to
    /// `href(key)`. All text is escaped.
    pub fn cite_html(&self, c: &Citation, href: &dyn Fn(&str) -> String) -> String {
        if let Some(csl) = &self.csl {
            return csl.cite(c, &[], Some(href)).0;
        }
        let mut out = CiteWriter {
            out: String::with_capacity(96 * c.items.len()),
            href: Some(href),
        };
        self.assemble(c, &mut out);
        out.out
    }

    /// The in-text citation as plain text.
    pub fn cite_text(&self, c: &Citation) -> String {
        if let Some(csl) = &self.csl {
            return csl.cite(c, &[], None).1;
        }
        let mut out = CiteWriter {
            out: String::with_capacity(48 * c.items.len()),
            href: None,
        };
        self.assemble(c, &mut out);
        out.out
    }

    pub fn reference_html(&self, key: &str) -> Option<&str> {
        self.prepared.get(key).map(|p| &*p.reference_html)
    }

    pub fn reference_text(&self, key: &str) -> Option<&str> {
        self.prepared.get(key).map(|p| p.reference_text.as_str())
    }

    /// The year as cited, with its disambiguation letter ("2011a").
    pub fn year_label(&self, key: &str) -> Option<&str> {
        self.prepared.get(key).map(|p| p.year.as_str())
    }

    /// A locator as the style writes it: "p. 13", "pp. 33–35".
    pub fn locator_text(&self, locator: &crate::markdown::citations::Locator) -> String {
        self.family.locator(locator)
    }

    /// Sorts keys into reference-list order; unknown keys go last, by key.
    pub fn sort_keys(&self, keys: &mut [String]) {
        keys.sort_by(|a, b| (self.rank(a), a).cmp(&(self.rank(b), b)));
    }

    /// A key's position in reference-list order; unknown keys go last.
    pub fn rank(&self, key: &str) -> usize {
        self.prepared.get(key).map_or(usize::MAX, |p| p.rank)
    }

    fn assemble(&self, c: &Citation, w: &mut CiteWriter<'_>) {
        if c.narrative {
            for (i, item) in c.items.iter().enumerate() {
                if i > 0 {
                    w.text("; ");
                }
                self.narrative(item, w);
            }
            return;
        }
        w.text("(");
        let items = self.group_order(c);
        let mut previous: Option<&CiteItem> = None;
        for (i, &(item, prefix)) in items.iter().enumerate() {
            let Some(p) = self.prepared.get(&item.key) else {
                if i > 0 {
                    w.text("; ");
                }
                w.text(&item.key);
                w.text("?");
                previous = None;
                continue;
            };
            if previous.is_some_and(|prev| self.collapses(prev, item, prefix)) {
                w.text(", ");
                w.link(&item.key, &[&p.year]);
            } else {
                if i > 0 {
                    w.text("; ");
                }
                if !prefix.is_empty() {
                    w.text(prefix);
                    w.text(" ");
                }
                if item.suppress_author {
                    w.link(&item.key, &[&p.year]);
                } else {
                    w.open(&item.key);
                    w.shown(&p.lead_paren);
                    w.text(&p.year);
                    w.close();
                }
            }
            self.tail(item, w);
            previous = Some(item);
        }
        w.text(")");
    }

    /// The items of a parenthetical citation in reference-list order (APA 7
    /// §8.12, CMOS), so works by one author come together and collapse; by
    /// date in Cite Them Right (as its official CSL sorts them). A prefix on the first item ("see") introduces
    /// the whole group and stays in front; prefixes on later items tie them
    /// to the author's order, which is then kept.
    fn group_order<'c>(&self, c: &'c Citation) -> Vec<(&'c CiteItem, &'c str)> {
        let mut items: Vec<(&CiteItem, &str)> =
            c.items.iter().map(|i| (i, i.prefix.as_str())).collect();
        if items.iter().skip(1).all(|(item, _)| item.prefix.is_empty()) {
            let lead = items.first().map_or("", |(_, p)| *p);
            if self.family == Family::Harvard {
                items.sort_by_key(|(item, _)| {
                    let p = self.prepared.get(&item.key);
                    (p.map(|p| p.date_key), self.rank(&item.key))
                });
            } else {
                items.sort_by_key(|(item, _)| self.rank(&item.key));
            }
            for (i, (_, prefix)) in items.iter_mut().enumerate() {
                *prefix = if i == 0 { lead } else { "" };
            }
        }
        items
    }

    /// Whether `item` continues `prev`'s author part: "(Jeynes, 2005, 2007)"
    /// for identical author lists only, and "(2000, 2002)" for years whose
    /// authors are both suppressed; never across a locator, suffix or prefix.
    fn collapses(&self, prev: &CiteItem, item: &CiteItem, prefix: &str) -> bool {
        if prev.locator.is_some() || !prev.suffix.is_empty() || !prefix.is_empty() {
            return false;
        }
        if prev.suppress_author || item.suppress_author {
            return prev.suppress_author && item.suppress_author;
        }
        match (self.prepared.get(&prev.key), self.prepared.get(&item.key)) {
            (Some(a), Some(b)) => a.authors_id == b.authors_id,
            _ => false,
        }
    }

    /// `Price-Mitchell (2009, p. 21)`, linked as a whole.
    fn narrative(&self, item: &CiteItem, w: &mut CiteWriter<'_>) {
        let Some(p) = self.prepared.get(&item.key) else {
            w.text(&item.key);
            w.text("?");
            return;
        };
        w.open(&item.key);
        w.shown(&p.short_narrative);
        w.text(" (");
        w.text(&p.year);
        self.tail(item, w);
        w.text(")");
        w.close();
    }

    /// ", p. 13, emphasis added" after the year.
    fn tail(&self, item: &CiteItem, w: &mut CiteWriter<'_>) {
        if let Some(loc) = &item.locator {
            w.text(", ");
            w.text(&self.family.locator(loc));
        }
        if !item.suffix.is_empty() {
            w.text(", ");
            w.text(&item.suffix);
        }
    }
}

/// Writes a citation as HTML (escaped text, items linked to `href(key)`)
/// or as plain text, into one buffer.
struct CiteWriter<'a> {
    out: String,
    href: Option<&'a dyn Fn(&str) -> String>,
}

impl CiteWriter<'_> {
    fn text(&mut self, text: &str) {
        if self.href.is_some() {
            escape_html_into(&mut self.out, text);
        } else {
            self.out.push_str(text);
        }
    }

    /// Text that may carry markup (an italic title): its HTML form is
    /// escaped already.
    fn shown(&mut self, shown: &Shown) {
        if self.href.is_some() {
            self.out.push_str(&shown.html);
        } else {
            self.out.push_str(&shown.text);
        }
    }

    fn open(&mut self, key: &str) {
        if let Some(href) = self.href {
            self.out.push_str("<a class=\"citation\" href=\"");
            escape_html_into(&mut self.out, &href(key));
            self.out.push_str("\">");
        }
    }

    fn close(&mut self) {
        if self.href.is_some() {
            self.out.push_str("</a>");
        }
    }

    fn link(&mut self, key: &str, parts: &[&str]) {
        self.open(key);
        for part in parts {
            self.text(part);
        }
        self.close();
    }
}

/// Reference-list order: authors (surname, initials, one by one; fewer
/// authors first), then year (n.d. first), then title.
fn reference_order(bib: &Bibliography) -> Vec<&Work> {
    let mut works: Vec<&Work> = bib.works().collect();
    works.sort_by_cached_key(|w| {
        (
            author_key(w),
            w.date_sort_key(),
            title_sort_key(&w.title),
            w.key.clone(),
        )
    });
    works
}

fn author_key(w: &Work) -> Vec<String> {
    let names = if w.authors.is_empty() {
        &w.editors
    } else {
        &w.authors
    };
    if names.is_empty() {
        return vec![title_sort_key(&w.title)];
    }
    names
        .iter()
        .map(|n| sort_fold(&inverted_initials(n, true)))
        .collect()
}

/// "2011a"/"2011b" for works with the same authors and year, lettered in
/// title order (APA 7 §8.19) over the whole bibliography, so a work has the
/// same label on every page. Works whose in-text author part reads the same
/// (`cited_as`) although the lists differ in a way the citation does not
/// show ("Bolker, B." and "Bolker, B. M.") are lettered too, or their
/// citations could not be told apart. Labels that do not end in a digit
/// take a hyphen: "n.d.-a", "in press-b".
fn year_labels(
    bib: &Bibliography,
    order: &[&Work],
    terms: &Terms,
    cited_as: impl Fn(&Work) -> String,
) -> HashMap<String, String> {
    let mut groups: HashMap<(String, String), Vec<&Work>> = HashMap::new();
    for w in order {
        groups
            .entry((cited_as(w), terms.date_label(w.date_label())))
            .or_default()
            .push(w);
    }
    let mut labels = HashMap::with_capacity(bib.len());
    for ((_, base), works) in groups {
        let numeric = base.ends_with(|c: char| c.is_ascii_digit());
        for (i, w) in works.iter().enumerate() {
            let label = match (works.len(), numeric) {
                (1, _) => base.clone(),
                (_, true) => format!("{base}{}", letter(i)),
                (_, false) => format!("{base}-{}", letter(i)),
            };
            labels.insert(w.key.clone(), label);
        }
    }
    labels
}

/// a…z, then aa, ab…
fn letter(i: usize) -> String {
    let a = |n: usize| char::from(b'a' + (n % 26) as u8);
    if i < 26 {
        a(i).to_string()
    } else {
        format!("{}{}", a(i / 26 - 1), a(i))
    }
}
