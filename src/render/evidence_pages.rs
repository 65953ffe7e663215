//! The evidence pages: `/evidence/` (every cited source), one page per
//! source with its notes and "Cited in" backlinks, and `/evidence/levels/`.

use serde::Serialize;

use super::{Templates, base_context};
use crate::diagnostics::Diagnostic;
use crate::evidence::levels::LEVELS;
use crate::evidence::linking::{Backlink, source_path};
use crate::ids::{DocId, PageId, TiSlice};
use crate::output::page_file;
use crate::site::{EvidenceData, SiteData};

#[derive(Serialize, Clone)]
struct CitedIn<'a> {
    title: std::borrow::Cow<'a, str>,
    url: &'a str,
    locators: &'a [String],
    /// The sentences citing the source, each linking to its citation.
    claims: &'a [crate::evidence::weigh::claims::Claim],
}

#[derive(Serialize)]
struct SourceContext<'a> {
    key: &'a str,
    url: String,
    permalink: String,
    reference_html: &'a str,
    title: String,
    design: Option<&'a str>,
    evidence_level: Option<&'static str>,
    summary: Option<&'a str>,
    notes: Option<&'a str>,
    doi_url: Option<String>,
    url_link: Option<&'a str>,
    cited_in: Vec<CitedIn<'a>>,
    /// `cited_in` by the citing pages' language, when any is a translation.
    cited_in_languages: Vec<crate::i18n::cited_in::LanguageGroup<'a, CitedIn<'a>>>,
    weigh: crate::evidence::weigh::cite_export::SourceMeta,
}

#[derive(Serialize)]
struct SourceSummary<'a> {
    key: &'a str,
    url: String,
    reference_html: &'a str,
    title: String,
    cited_by_count: usize,
}

fn source_context<'a>(
    data: &'a SiteData,
    evidence: &'a EvidenceData,
    key: &'a str,
) -> SourceContext<'a> {
    let config = &data.config;
    let site_path = source_path(key);
    let note = evidence.notes.get(key);
    let front = note.map(|n| &data.content.notes[n.id].front);
    let cited_in = evidence
        .linked
        .backlinks
        .by_key
        .get(key)
        .map(|links| {
            links
                .iter()
                .map(|b| CitedIn {
                    title: citing_title(data, evidence, b),
                    url: &b.url,
                    locators: &b.locators,
                    claims: &b.claims,
                })
                .collect()
        })
        .unwrap_or_default();
    let cited_in_languages = match evidence.linked.backlinks.by_key.get(key) {
        Some(links) if config.languages.is_multilingual() => {
            let items = links
                .iter()
                .zip(&cited_in)
                .map(|(b, c): (&Backlink, &CitedIn<'a>)| (citing_language(data, b), c.clone()))
                .collect();
            crate::i18n::cited_in::group_by_language(&config.languages, items)
        }
        _ => Vec::new(),
    };
    SourceContext {
        key,
        url: config.url_for(&site_path),
        permalink: config.permalink_for(&site_path),
        reference_html: evidence.formatter.reference_html(key).unwrap_or_default(),
        title: source_title(evidence, front.and_then(|f| f.title.as_deref()), key),
        design: front.and_then(|f| f.design.as_deref()),
        evidence_level: front.and_then(|f| f.evidence_level).map(|l| l.as_str()),
        summary: front.and_then(|f| f.summary.as_deref()),
        notes: note
            .map(|n| n.html.as_str())
            .filter(|h| !h.trim().is_empty()),
        doi_url: evidence.bibliography.doi_url(key),
        url_link: evidence.bibliography.url(key),
        cited_in,
        cited_in_languages,
        weigh: crate::evidence::weigh::cite_export::source_meta(
            config,
            evidence.bibliography.get(key),
            evidence.strengths.get(key),
            &|k| config.url_for(&source_path(k)),
        ),
    }
}

/// The title of what a backlink comes from: a page, a section, or the
/// notes of another source (that source's title).
fn citing_title<'a>(
    data: &'a SiteData,
    evidence: &EvidenceData,
    b: &Backlink,
) -> std::borrow::Cow<'a, str> {
    let content = &data.content;
    match b.from {
        DocId::Page(p) => content.pages[p].front.title.as_str().into(),
        DocId::Section(s) => content.sections[s].title.as_str().into(),
        DocId::Note(n) => {
            let note = &content.notes[n];
            source_title(evidence, note.front.title.as_deref(), &note.key).into()
        }
    }
}

/// The language of what a backlink comes from (`None`: the default).
fn citing_language<'a>(data: &'a SiteData, b: &Backlink) -> Option<&'a str> {
    match b.from {
        DocId::Page(p) => data.content.pages[p].lang.as_deref(),
        DocId::Section(s) => data.content.sections[s].lang.as_deref(),
        DocId::Note(_) => None,
    }
}

/// A source's title: its notes' `title`, else the work's own title, else
/// the reference as plain text.
fn source_title(evidence: &EvidenceData, note_title: Option<&str>, key: &str) -> String {
    note_title
        .map(str::to_string)
        .or_else(|| {
            evidence
                .bibliography
                .title(key)
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string)
        })
        .or_else(|| evidence.formatter.reference_text(key).map(str::to_string))
        .unwrap_or_else(|| key.to_string())
}

/// The keys that get a source page: every cited one, plus any with notes.
pub fn source_keys(evidence: &EvidenceData) -> Vec<&str> {
    let mut keys: Vec<&str> = evidence
        .linked
        .backlinks
        .source_order
        .iter()
        .map(String::as_str)
        .collect();
    for key in evidence.notes.keys() {
        if evidence.bibliography.contains(key)
            && !evidence.linked.backlinks.by_key.contains_key(key)
        {
            keys.push(key);
        }
    }
    keys
}

/// Renders the page of one source (`/evidence/<key>/`): its output path,
/// origin and HTML.
pub fn render_source(
    data: &SiteData,
    evidence: &EvidenceData,
    templates: &Templates,
    key: &str,
) -> (String, String, Result<String, Diagnostic>) {
    let path = source_path(key);
    let source = source_context(data, evidence, key);
    let mut ctx = base_context(&source.url);
    ctx.insert("source", &source);
    let html = templates.render("evidence_source.html", &ctx);
    let origin = format!("bibliography entry {path}");
    (page_file(&path), origin, html)
}

/// Renders `/evidence/`, the list of every cited source.
pub fn render_evidence_index(data: &SiteData, templates: &Templates) -> Result<String, Diagnostic> {
    let config = &data.config;
    let evidence = data.evidence.as_deref();
    let keys = evidence.map(source_keys).unwrap_or_default();
    let sources: Vec<SourceSummary> = keys
        .iter()
        .filter_map(|key| Some((key, evidence?)))
        .map(|(key, evidence)| SourceSummary {
            key,
            url: config.url_for(&source_path(key)),
            reference_html: evidence.formatter.reference_html(key).unwrap_or_default(),
            title: source_title(
                evidence,
                evidence
                    .notes
                    .get(*key)
                    .and_then(|n| data.content.notes[n.id].front.title.as_deref()),
                key,
            ),
            cited_by_count: (evidence.linked.backlinks.by_key.get(*key)).map_or(0, Vec::len),
        })
        .collect();
    let mut ctx = base_context(&config.url_for("evidence/"));
    ctx.insert("sources", &sources);
    templates.render("evidence_list.html", &ctx)
}

/// The origin recorded for `/evidence/`.
pub const EVIDENCE_INDEX_ORIGIN: &str = "the evidence index";

/// Renders `/evidence/levels/`, what each evidence level means.
pub fn render_evidence_levels(
    data: &SiteData,
    templates: &Templates,
) -> Result<String, Diagnostic> {
    let mut ctx = base_context(&data.config.url_for("evidence/levels/"));
    ctx.insert("levels", &LEVELS);
    templates.render("evidence_levels.html", &ctx)
}

/// The origin recorded for `/evidence/map/`.
pub const EVIDENCE_MAP_ORIGIN: &str = "the evidence map";

/// Renders `/evidence/map/`.
pub fn render_evidence_map(data: &SiteData, templates: &Templates) -> Result<String, Diagnostic> {
    let config = &data.config;
    let empty = crate::evidence::weigh::Strengths::default();
    let (pages, strengths) = match data.evidence.as_deref() {
        Some(e) => (e.linked.pages.as_slice(), &e.strengths),
        None => (TiSlice::from_ref(&[][..]), &empty),
    };
    let evidence_map = crate::evidence::weigh::map::evidence_map(
        &data.content,
        pages,
        strengths,
        &config.evidence.map_taxonomy,
    );
    let mut ctx = base_context(&config.url_for("evidence/map/"));
    ctx.insert("map", &evidence_map);
    templates.render("evidence_map.html", &ctx)
}

/// The citation files a page offers: `cite.bib`, `cite.ris`, `cite.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CiteFormat {
    Bib,
    Ris,
    Json,
}

impl CiteFormat {
    pub const ALL: [CiteFormat; 3] = [CiteFormat::Bib, CiteFormat::Ris, CiteFormat::Json];

    /// The file's name beside the page's `index.html`.
    pub fn file_name(self) -> &'static str {
        match self {
            CiteFormat::Bib => "cite.bib",
            CiteFormat::Ris => "cite.ris",
            CiteFormat::Json => "cite.json",
        }
    }
}

/// Whether page `page` offers citation files: it has "how to cite" and
/// citable metadata (the site has a bibliography).
pub fn has_cite_files(data: &SiteData, page: PageId) -> bool {
    !data.print_extras[page].cite_as.is_empty() && !data.page_meta(page).cite_bib_url.is_empty()
}

/// The output path of a page's citation file.
pub fn cite_file_path(data: &SiteData, page: PageId, format: CiteFormat) -> String {
    let site_path = &data.content.pages[page].site_path;
    format!("{site_path}{}", format.file_name())
}

/// The text of a page's `cite.bib`, `cite.ris` or `cite.json`.
pub fn render_cite_file(data: &SiteData, page: PageId, format: CiteFormat) -> String {
    use crate::evidence::weigh::cite_export;
    let config = &data.config;
    let page = &data.content.pages[page];
    let permalink = config.permalink_for(&page.site_path);
    let citation = cite_export::PageCitation::of_page(config, page, &permalink);
    match format {
        CiteFormat::Bib => cite_export::bibtex(&citation),
        CiteFormat::Ris => cite_export::ris(&citation),
        CiteFormat::Json => cite_export::csl_json(&citation),
    }
}
