//! The evidence pages: `/evidence/` (every cited source), one page per
//! source with its notes and "Cited in" backlinks, and `/evidence/levels/`.

use rayon::prelude::*;
use serde::Serialize;

use super::{Templates, base_context};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::evidence::levels::LEVELS;
use crate::evidence::linking::{Backlink, Citing, source_path};
use crate::output::{OutputPlan, page_file};
use crate::site::{EvidenceData, SiteData};

#[derive(Serialize)]
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
    let front = note.map(|(n, _)| &data.content.notes[*n].front);
    let cited_in = evidence
        .linked
        .backlinks
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
            .map(|(_, html)| html.as_str())
            .filter(|h| !h.trim().is_empty()),
        doi_url: evidence.bibliography.doi_url(key),
        url_link: evidence.bibliography.url(key),
        cited_in,
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
        Citing::Page => content.pages[b.page].front.title.as_str().into(),
        Citing::Section => content.sections[b.page].title.as_str().into(),
        Citing::Note => {
            let note = &content.notes[b.page];
            source_title(evidence, note.front.title.as_deref(), &note.key).into()
        }
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
        .source_order
        .iter()
        .map(String::as_str)
        .collect();
    for key in evidence.notes.keys() {
        if evidence.bibliography.contains(key) && !evidence.linked.backlinks.contains_key(key) {
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
                    .and_then(|(n, _)| data.content.notes[*n].front.title.as_deref()),
                key,
            ),
            cited_by_count: evidence.linked.backlinks.get(*key).map_or(0, Vec::len),
        })
        .collect();
    let mut ctx = base_context(&config.url_for("evidence/"));
    ctx.insert("sources", &sources);
    templates.render("evidence_list.html", &ctx)
}

/// The origin recorded for `/evidence/`.
pub const EVIDENCE_INDEX_ORIGIN: &str = "the evidence index";

pub fn render_evidence_pages(
    data: &SiteData,
    templates: &Templates,
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) {
    let config = &data.config;
    let rendered: Vec<(String, String, Result<String, Diagnostic>)> = match data.evidence.as_deref()
    {
        Some(evidence) => source_keys(evidence)
            .par_iter()
            .map(|key| render_source(data, evidence, templates, key))
            .collect(),
        None => Vec::new(),
    };
    for (path, origin, result) in rendered {
        match result {
            Ok(html) => plan.add(path, html.into_bytes(), &origin),
            Err(d) => diags.push(d),
        }
    }
    match render_evidence_index(data, templates) {
        Ok(html) => plan.add(
            page_file("evidence/"),
            html.into_bytes(),
            EVIDENCE_INDEX_ORIGIN,
        ),
        Err(d) => diags.push(d),
    }
    render_weigh_pages(data, templates, plan, diags);
    let mut ctx = base_context(&config.url_for("evidence/levels/"));
    ctx.insert("levels", &LEVELS);
    match templates.render("evidence_levels.html", &ctx) {
        Ok(html) => plan.add(
            page_file("evidence/levels/"),
            html.into_bytes(),
            "the evidence levels page",
        ),
        Err(d) => diags.push(d),
    }
}

/// `/evidence/map/` and each citable page's `cite.bib`, `cite.ris` and
/// `cite.json` (docs/weighing-evidence.md).
fn render_weigh_pages(
    data: &SiteData,
    templates: &Templates,
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) {
    if data.evidence.is_none() {
        return;
    }
    match render_evidence_map(data, templates) {
        Ok(html) => plan.add(
            page_file("evidence/map/"),
            html.into_bytes(),
            EVIDENCE_MAP_ORIGIN,
        ),
        Err(d) => diags.push(d),
    }
    for index in 0..data.content.pages.len() {
        let origin = cite_files_origin(data, index);
        for (path, text) in cite_files(data, index) {
            plan.add(path, text.into_bytes(), &origin);
        }
    }
}

/// The origin recorded for `/evidence/map/`.
pub const EVIDENCE_MAP_ORIGIN: &str = "the evidence map";

/// Renders `/evidence/map/`.
pub fn render_evidence_map(data: &SiteData, templates: &Templates) -> Result<String, Diagnostic> {
    let config = &data.config;
    let strengths = data.evidence.as_deref().map(|e| &e.strengths);
    let empty = crate::evidence::weigh::Strengths::default();
    let evidence_map = crate::evidence::weigh::map::evidence_map(
        &data.content,
        &data.page_extras,
        strengths.unwrap_or(&empty),
        &config.evidence.map_taxonomy,
    );
    let mut ctx = base_context(&config.url_for("evidence/map/"));
    ctx.insert("map", &evidence_map);
    templates.render("evidence_map.html", &ctx)
}

/// The origin of a page's citation files.
pub fn cite_files_origin(data: &SiteData, index: usize) -> String {
    data.content.pages[index].source.display_path.clone()
}

/// A page's `cite.bib`, `cite.ris` and `cite.json` (output path, text);
/// none for a page without "how to cite".
pub fn cite_files(data: &SiteData, index: usize) -> Vec<(String, String)> {
    use crate::evidence::weigh::cite_export;
    let config = &data.config;
    let (page, extras) = (&data.content.pages[index], &data.page_extras[index]);
    if extras.cite_as.is_empty() || extras.weigh.cite_bib_url.is_empty() {
        return Vec::new();
    }
    let permalink = config.permalink_for(&page.site_path);
    let citation = cite_export::PageCitation {
        id: &page.slug,
        title: &page.front.title,
        organisation: cite_export::organisation(config),
        site_title: &config.title,
        permalink: &permalink,
        published: page.front.date.as_ref(),
        updated: page.front.updated.as_ref(),
    };
    vec![
        (
            format!("{}cite.bib", page.site_path),
            cite_export::bibtex(&citation),
        ),
        (
            format!("{}cite.ris", page.site_path),
            cite_export::ris(&citation),
        ),
        (
            format!("{}cite.json", page.site_path),
            cite_export::csl_json(&citation),
        ),
    ]
}
