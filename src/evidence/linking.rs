//! Linking claims to evidence across the site: the citation pass's view of
//! the bibliography, each page's cited sources and reference list, the
//! "cited in" backlinks of every source, and the checks that go with them
//! (notes for unknown keys, unused entries).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::weigh::claims::document_claims;
use super::weigh::strength::Strengths;
use super::weigh::strength::{PopoverInput, PopoverLabelSet, PopoverLabels, wrap_citation};
use super::{Bibliography, Formatter};
use crate::config::Config;
use crate::content::{Content, Note};
use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::ids::{DocId, NoteId, PageId, SectionId, TiSlice, TiVec};
use crate::markdown::cite_keys::{plain_form_reaches, uncitable};
use crate::markdown::{Citation, CitationRenderer, Rendered};
use crate::text::escape_html;

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

/// What linking gives one page: the sources it cites (first-cited order,
/// with locators) and its reference list. Templates see both as
/// `page.citations` and `page.references`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageCitations {
    pub citations: Vec<CitedSource>,
    pub references: Vec<ReferenceEntry>,
}

/// The bibliography and formatter as the Markdown citation pass sees them.
pub struct Citer<'a> {
    pub bibliography: &'a Bibliography,
    pub formatter: &'a Formatter,
    /// "references.bib" (or the list of files), for error labels.
    pub name: String,
    /// What each source can support, for the citations' popovers.
    pub strengths: &'a Strengths,
    pub config: &'a Config,
    /// The popovers' words in every language the site publishes in.
    pub labels: &'a PopoverLabelSet,
    /// Those of the language this citer's pages are in.
    pub popover: &'a PopoverLabels,
}

impl<'a> Citer<'a> {
    /// The same citer for pages in `language`, which cite in its terms.
    pub fn in_language(&self, language: Option<&str>) -> Citer<'a> {
        Citer {
            bibliography: self.bibliography,
            formatter: self.formatter.in_language(language),
            name: self.name.clone(),
            strengths: self.strengths,
            config: self.config,
            labels: self.labels,
            popover: self.labels.get(language),
        }
    }

    /// The in-text citation `cited` with its id and evidence popover.
    fn with_popover(&self, cited: &str, citation: &Citation, n: usize) -> String {
        let source_url = |key: &str| self.config.url_for(&source_path(key));
        let levels_url = self.config.url_for("evidence/levels/");
        let input = PopoverInput {
            formatter: self.formatter,
            strengths: self.strengths,
            source_url: &source_url,
            levels_url: &levels_url,
            labels: self.popover,
        };
        wrap_citation(cited, citation, n, &input)
    }
}

/// The anchor of a source in a page's reference list.
pub fn reference_id(key: &str) -> String {
    format!("ref-{}", key_segment(key))
}

/// The link from an in-text citation to [`reference_id`].
fn reference_href(key: &str) -> String {
    format!("#ref-{}", key_segment(key))
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
        let cited = self
            .formatter
            .cite_html_in_page(citation, earlier, &reference_href);
        self.with_popover(&cited, citation, earlier.len() + 1)
    }

    fn citation_ids(&self, n: usize) -> Vec<String> {
        let id = super::weigh::strength::citation_id(n);
        vec![format!("{id}-pop"), id]
    }
}

/// The citation pass for documents without a reference list of their own
/// (section bodies, evidence notes): each cited work links to its source
/// page instead of to `#ref-<key>`.
pub struct SourcePageCiter<'a> {
    pub citer: &'a Citer<'a>,
    pub config: &'a Config,
}

impl CitationRenderer for SourcePageCiter<'_> {
    fn has_key(&self, key: &str) -> bool {
        self.citer.has_key(key)
    }

    fn suggest(&self, key: &str) -> Vec<String> {
        self.citer.suggest(key)
    }

    fn bibliography_name(&self) -> String {
        self.citer.bibliography_name()
    }

    fn render(&self, citation: &Citation) -> String {
        let href = |key: &str| self.config.url_for(&source_path(key));
        self.citer.formatter.cite_html(citation, &href)
    }

    fn render_in_page(&self, citation: &Citation, earlier: &[Citation]) -> String {
        let cited = self.render(citation);
        self.citer.with_popover(&cited, citation, earlier.len() + 1)
    }
}

/// One page (or section body, or evidence note) citing one source, for the
/// source's "Cited in" list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Backlink {
    pub from: DocId,
    /// The page's URL, shared by all its backlinks.
    pub url: Arc<str>,
    pub locators: Vec<String>,
    /// Each sentence citing the source, linking to its citation's id.
    pub claims: Vec<super::weigh::claims::Claim>,
}

/// What the evidence stage works out for the whole site.
#[derive(Debug, Default)]
pub struct Linked {
    /// Per page (by [`PageId`]): its citations and reference list.
    pub pages: TiVec<PageId, PageCitations>,
    pub backlinks: Backlinks,
    pub sources: SourceTable,
}

/// Every source's "Cited in" list, made from every document's citations.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Backlinks {
    /// Per cited key: the documents citing it, by title.
    pub by_key: BTreeMap<String, Vec<Backlink>>,
    /// Cited keys in reference-list order, for /evidence/.
    pub source_order: Vec<String>,
}

impl Linked {
    /// Page `page`'s citations and reference list.
    pub fn page(&self, page: PageId) -> &PageCitations {
        &self.pages[page]
    }
}

/// The strings every page citing a source shares (its key, reference-list
/// anchor, source-page URL and formatted reference), made once per build:
/// a page's citations and reference list then only share them.
#[derive(Debug, Default)]
pub struct SourceTable {
    by_key: FxHashMap<Arc<str>, SharedSource>,
    /// The same for each of the site's other languages, by tag: their
    /// references are formatted in the language's terms.
    translations: Vec<(String, SourceTable)>,
}

#[derive(Debug)]
struct SharedSource {
    key: Arc<str>,
    url: Arc<str>,
    reference: ReferenceEntry,
}

impl SourceTable {
    /// One entry per bibliography key, in every language of the site.
    pub fn new(config: &Config, bib: &Bibliography, formatter: &Formatter) -> Self {
        let mut table = SourceTable::in_one_language(config, bib, formatter);
        for language in &config.languages.others {
            let translated = formatter.in_language(Some(&language.tag));
            if !std::ptr::eq(translated, formatter) {
                let sources = SourceTable::in_one_language(config, bib, translated);
                table.translations.push((language.tag.clone(), sources));
            }
        }
        table
    }

    /// The table for pages in `language` (`None`: the site's own).
    pub fn in_language(&self, language: Option<&str>) -> &SourceTable {
        language
            .and_then(|tag| self.translations.iter().find(|(t, _)| t == tag))
            .map_or(self, |(_, table)| table)
    }

    fn in_one_language(config: &Config, bib: &Bibliography, formatter: &Formatter) -> Self {
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
        SourceTable {
            by_key,
            translations: Vec::new(),
        }
    }
}

/// Collects citations of every page into its reference list and into
/// the sources' backlinks.
pub fn link(
    config: &Config,
    content: &Content,
    docs: Documents<'_>,
    bib: &Bibliography,
    formatter: &Formatter,
) -> Linked {
    let sources = SourceTable::new(config, bib, formatter);
    let pages: TiVec<PageId, PageCitations> = docs
        .pages
        .raw
        .par_iter()
        .zip(&content.pages.raw)
        .map(|(doc, page)| {
            let language = page.lang.as_deref();
            let formatter = formatter.in_language(language);
            cite_page(sources.in_language(language), doc, formatter)
        })
        .collect::<Vec<_>>()
        .into();
    let backlinks = backlinks(config, content, docs, &pages, &sources, formatter);
    Linked {
        pages,
        backlinks,
        sources,
    }
}

/// The "Cited in" lists of every source, from the pages' citations (made
/// by [`cite_page`]) and the citations of section bodies and notes.
pub fn backlinks(
    config: &Config,
    content: &Content,
    docs: Documents<'_>,
    pages: &TiSlice<PageId, PageCitations>,
    sources: &SourceTable,
    formatter: &Formatter,
) -> Backlinks {
    let mut backlinks: FxHashMap<Arc<str>, Vec<Backlink>> = FxHashMap::default();
    let claims: Vec<_> = docs
        .pages
        .raw
        .par_iter()
        .zip(&content.pages.raw)
        .map(|(doc, page)| document_claims(doc, formatter.in_language(page.lang.as_deref())))
        .collect();
    for ((index, cited), mut claims) in pages.iter_enumerated().zip(claims) {
        if cited.citations.is_empty() {
            continue;
        }
        let url: Arc<str> = config.url_for(&content.pages[index].site_path).into();
        for source in &cited.citations {
            backlinks
                .entry(source.key.clone())
                .or_default()
                .push(Backlink {
                    from: DocId::Page(index),
                    url: url.clone(),
                    locators: source.locators.clone(),
                    claims: claims.remove(&*source.key).unwrap_or_default(),
                });
        }
    }
    // Section bodies and notes: backlinks only, they have no reference list.
    let sections = docs.sections.iter_enumerated().map(|(i, doc)| {
        let url = config.url_for(&content.sections[i].site_path);
        (DocId::Section(i), doc, url)
    });
    let notes = docs.notes.iter_enumerated().map(|(i, doc)| {
        let url = config.url_for(&source_path(&content.notes[i].key));
        (DocId::Note(i), doc, url)
    });
    for (from, doc, url) in sections.chain(notes) {
        if doc.citations.is_empty() {
            continue;
        }
        let url: Arc<str> = url.into();
        let mut claims = document_claims(doc, formatter);
        for source in cite_page(sources, doc, formatter).citations {
            let claims = claims.remove(&*source.key).unwrap_or_default();
            backlinks.entry(source.key).or_default().push(Backlink {
                from,
                url: url.clone(),
                locators: source.locators,
                claims,
            });
        }
    }
    let mut order: Vec<String> = backlinks.keys().map(|k| k.to_string()).collect();
    formatter.sort_keys(&mut order);
    let titles = Titles {
        pages: content
            .pages
            .raw
            .par_iter()
            .map(|p| p.front.title.to_lowercase())
            .collect::<Vec<_>>()
            .into(),
        sections: content
            .sections
            .iter()
            .map(|s| s.title.to_lowercase())
            .collect(),
        notes: content.notes.iter().map(note_sort_title).collect(),
    };
    backlinks
        .par_iter_mut()
        .for_each(|(_, links)| links.sort_by(|a, b| titles.order(a, b)));
    Backlinks {
        source_order: order,
        by_key: backlinks
            .into_iter()
            .map(|(key, links)| (key.to_string(), links))
            .collect(),
    }
}

/// One page's cited sources (first-cited order, with locators) and its
/// reference list.
pub fn cite_page(sources: &SourceTable, doc: &Rendered, formatter: &Formatter) -> PageCitations {
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
        return PageCitations {
            citations: cited,
            references,
        };
    }
    let mut order: Vec<usize> = (0..cited.len()).collect();
    order.sort_by_key(|&i| (formatter.rank(&cited[i].key), &cited[i].key));
    let references = order
        .iter()
        .filter_map(|&i| sources.by_key.get(&*cited[i].key))
        .map(|source| source.reference.clone())
        .collect();
    PageCitations {
        citations: cited,
        references,
    }
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
    format!("evidence/{}/", key_segment(key))
}

/// A citation key as a URL path segment, file name and HTML id. A key of
/// letters, digits and `_-.` is used as it is (so addresses stay what they
/// were); any other character (`:` too, which Windows file names and
/// relative URLs cannot hold), and `~` itself, becomes `~` and two hex
/// digits per UTF-8 byte, as does a `.` that starts the key or follows
/// another. Decoding `~XX` gives the key back, so two keys never share a
/// segment. `levels`, the name of a page of its own, gets a `~` after it.
pub fn key_segment(key: &str) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write;
    let mut previous = None;
    let safe = |c: char, previous: Option<char>| {
        c.is_alphanumeric()
            || matches!(c, '_' | '-')
            || (c == '.' && previous.is_some_and(|p| p != '.'))
    };
    let plain = key.chars().all(|c| {
        let ok = safe(c, previous);
        previous = Some(c);
        ok
    });
    if plain && key != "levels" {
        return key.into();
    }
    let mut segment = String::with_capacity(key.len() + 8);
    let mut previous = None;
    for c in key.chars() {
        if safe(c, previous) {
            segment.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(segment, "~{b:02X}");
            }
        }
        previous = Some(c);
    }
    if segment == "levels" {
        segment.push('~');
    }
    segment.into()
}

/// The documents whose citations count: pages (which get a reference
/// list), section bodies and evidence notes, each in `content` order.
#[derive(Clone, Copy)]
pub struct Documents<'a> {
    pub pages: &'a TiSlice<PageId, Rendered>,
    pub sections: &'a TiSlice<SectionId, Rendered>,
    pub notes: &'a TiSlice<NoteId, Rendered>,
}

/// A note's place in "Cited in" lists: by its title, else its key.
fn note_sort_title(note: &Note) -> String {
    note.front
        .title
        .as_deref()
        .unwrap_or(&note.key)
        .to_lowercase()
}

/// A "Cited in" list's order: by title (lowercased up front), then pages
/// before sections before notes, then content order.
struct Titles {
    pages: TiVec<PageId, String>,
    sections: TiVec<SectionId, String>,
    notes: TiVec<NoteId, String>,
}

impl Titles {
    fn of(&self, b: &Backlink) -> &str {
        match b.from {
            DocId::Page(p) => &self.pages[p],
            DocId::Section(s) => &self.sections[s],
            DocId::Note(n) => &self.notes[n],
        }
    }

    fn order(&self, a: &Backlink, b: &Backlink) -> std::cmp::Ordering {
        (self.of(a), a.from).cmp(&(self.of(b), b.from))
    }
}

/// Notes for keys the bibliography lacks are errors; entries nobody cites
/// are warnings (errors under `--strict`).
pub fn check(
    notes: &TiSlice<NoteId, Note>,
    bib: &Bibliography,
    linked: &Linked,
    diags: &mut Diagnostics,
) {
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
        .filter(|k| !linked.backlinks.by_key.contains_key(*k))
        .collect();
    unused.sort_unstable();
    for key in unused {
        let mut d = match uncitable(key) {
            Some(why) => Diagnostic::warning(format!(
                "bibliography entry `{}` cannot be cited: its key {why}",
                key.escape_debug()
            ))
            .help("rename the entry's key; a key holds no spaces, and punctuation other than `:.#$%&-+?<>~/` between words needs braces, as in [@{key,with;marks}]"),
            None if !plain_form_reaches(key) => {
                Diagnostic::warning(format!("bibliography entry `{key}` is never cited"))
                    .help(format!("its key needs braces to be cited: [@{{{key}}}] or @{{{key}}}; or remove the entry"))
            }
            None => Diagnostic::warning(format!("bibliography entry `{key}` is never cited"))
                .help("cite it somewhere, or remove it from the bibliography"),
        };
        if let Some(location) = bib.definition(key) {
            d = d.at(location);
        }
        diags.push(d);
    }
}

#[cfg(test)]
mod key_segment_tests {
    use super::key_segment;

    #[test]
    fn plain_keys_keep_their_address() {
        for key in ["smith2004", "doe2004.a", "under_score-key", "müller2010"] {
            assert_eq!(key_segment(key), key);
        }
        assert_eq!(key_segment("C:probe"), "C~3Aprobe");
    }

    #[test]
    fn unsafe_characters_are_encoded_without_collisions() {
        assert_eq!(key_segment("foo+"), "foo~2B");
        assert_eq!(key_segment("a/b?c#d"), "a~2Fb~3Fc~23d");
        assert_eq!(key_segment("~2B"), "~7E2B");
        assert_eq!(key_segment(".."), "~2E~2E");
        assert_eq!(key_segment("a..b"), "a.~2Eb");
        assert_eq!(key_segment("levels"), "levels~");
        assert_eq!(key_segment("a–b"), "a~E2~80~93b");
        let keys = [
            "foo+", "foo~2B", "foo~7E2B", "levels", "levels~", "a.b", "a~2Eb",
        ];
        let mut segments: Vec<String> = keys.iter().map(|k| key_segment(k).into_owned()).collect();
        segments.sort();
        segments.dedup();
        assert_eq!(segments.len(), keys.len());
    }
}
