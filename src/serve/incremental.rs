//! Partial rebuilds: after edits to existing pages, render again only what
//! shows those pages. The rules (see docs/serve.md):
//!
//! - the page itself, always;
//! - when its listing data (title, summary, date, weight, evidence level)
//!   changes: its section listing, its taxonomy term pages, the pages whose
//!   previous/next links change, and the source pages that list it;
//! - when its citations change: the source pages of the old and new keys
//!   and the evidence index;
//! - when its heading ids change: the `#anchor` checks of pages linking to it.
//!
//! Anything else (a new, deleted or renamed file, a section, notes, a
//! template, the config, the bibliography, a static file, or a change of a
//! page's slug, draft, aliases or taxonomies) asks for a full rebuild.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::session::{ServedFile, State};
use crate::content::{self, Page};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::evidence::linking::{self, Backlink, Citer};
use crate::markdown::{self, CitationRenderer, MarkdownInput, links::check_anchors};
use crate::output::page_file;
use crate::pipeline::bibliography_name;
use crate::render;

/// The result of trying a partial rebuild.
pub(super) enum Partial {
    /// The changes need everything rebuilt.
    NeedsFull,
    /// The files hold what the build already used.
    Unchanged,
    /// Files rendered again, with the diagnostics of what was redone.
    Done {
        outputs: Vec<(String, Option<ServedFile>)>,
        pages: usize,
        diagnostics: Diagnostics,
    },
}

/// What must be rendered again.
#[derive(Default)]
struct Dirty {
    pages: BTreeSet<usize>,
    sections: BTreeSet<usize>,
    /// (taxonomy, term)
    terms: BTreeSet<(usize, usize)>,
    sources: BTreeSet<String>,
    evidence_index: bool,
    /// Pages whose cite.bib/.ris/.json change, and the evidence map.
    cite_files: BTreeSet<usize>,
    evidence_map: bool,
}

/// Rebuilds what edits to existing pages affect, updating `state`.
pub(super) fn rebuild(state: &mut State, root: &Path, changed: &[PathBuf]) -> Partial {
    let Some(edited) = edited_pages(state, root, changed) else {
        return Partial::NeedsFull;
    };
    let mut diags = Diagnostics::new();
    let mut dirty = Dirty::default();
    let mut any = false;
    for index in edited {
        match update_page(state, index, &mut dirty, &mut diags) {
            Step::Unchanged => {}
            Step::Updated => any = true,
            Step::NeedsFull => return Partial::NeedsFull,
        }
    }
    if !any && !diags.has_errors() {
        return Partial::Unchanged;
    }
    let (outputs, pages) = render_dirty(state, &dirty, &mut diags);
    Partial::Done {
        outputs,
        pages,
        diagnostics: diags,
    }
}

/// The indices of the changed pages, or `None` when any change is not an
/// edit to a page the last build had.
fn edited_pages(state: &State, root: &Path, changed: &[PathBuf]) -> Option<BTreeSet<usize>> {
    let content_dir = root.join("content");
    changed
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(&content_dir).ok()?;
            let rel = rel.to_str()?.replace('\\', "/");
            let index = *state.page_index.get(&rel)?;
            path.is_file().then_some(index)
        })
        .collect()
}

enum Step {
    Unchanged,
    Updated,
    NeedsFull,
}

fn update_page(
    state: &mut State,
    index: usize,
    dirty: &mut Dirty,
    diags: &mut Diagnostics,
) -> Step {
    let old = &state.data.content.pages[index];
    let mut page: Page = match content::reload_page(&state.data.config, &old.relative_path) {
        Ok(page) => page,
        Err(d) => {
            diags.push(d);
            return Step::Updated;
        }
    };
    if page.source.text == old.source.text {
        return Step::Unchanged;
    }
    let (a, b) = (&old.front, &page.front);
    if a.slug != b.slug
        || a.draft != b.draft
        || a.aliases != b.aliases
        || a.taxonomies != b.taxonomies
        || page.site_path != old.site_path
    {
        return Step::NeedsFull;
    }
    // cite.bib/.ris/.json carry the title and dates (issue 15).
    let cite_changed = a.title != b.title || a.date != b.date || a.updated != b.updated;
    let listing_changed = a.title != b.title
        || a.summary != b.summary
        || a.date != b.date
        || a.weight != b.weight
        || a.evidence_level != b.evidence_level
        || a.print != b.print;
    page.section = old.section;
    page.terms = old.terms.clone();
    state.data.content.pages[index] = page;
    // "How to cite" shows the title and date, which may have changed.
    state.data.page_extras[index].cite_as =
        crate::print::cite_as(&state.data.config, &state.data.content.pages[index]);
    dirty.pages.insert(index);

    if !render_page_markdown(state, index, diags) {
        return Step::NeedsFull;
    }
    if listing_changed {
        relist(state, index, dirty);
    }
    if relink(state, index, listing_changed, dirty).is_none() {
        return Step::NeedsFull;
    }
    if cite_changed {
        dirty.cite_files.insert(index);
    }
    // The page's JSON-LD and "last reviewed" follow its title, dates and sources.
    let data = &mut state.data;
    if let Some(e) = data.evidence.as_deref() {
        data.page_extras[index].weigh = crate::evidence::weigh::page_meta(
            &data.config,
            &data.content.pages[index],
            &e.bibliography,
            &e.strengths,
            &data.page_extras[index].citations,
        );
    }
    Step::Updated
}

/// Renders the page's Markdown again and redoes the anchor checks it is part
/// of. Returns false when the evidence data cannot be borrowed.
fn render_page_markdown(state: &mut State, index: usize, diags: &mut Diagnostics) -> bool {
    let data = &state.data;
    let page = &data.content.pages[index];
    let citer = data.evidence.as_deref().map(|e| Citer {
        bibliography: &e.bibliography,
        formatter: &e.formatter,
        name: bibliography_name(&data.config),
        strengths: &e.strengths,
        config: &data.config,
    });
    let doc = markdown::render(&MarkdownInput {
        file: &page.source,
        body_offset: page.body_offset,
        links: &state.links,
        citations: citer.as_ref().map(|c| c as &dyn CitationRenderer),
    });
    diags.extend(doc.diagnostics.iter().cloned());
    if let Some(e) = data.evidence.as_deref() {
        diags.extend(crate::evidence::weigh::lint::lint_document(
            &page.source,
            &doc,
            &e.strengths,
            &crate::evidence::weigh::lint::Wording::new(&data.config.evidence),
        ));
    }
    diags.extend(check_anchors(
        &page.source,
        &doc.anchor_checks,
        &state.anchors,
    ));
    let ids_changed = state.data.page_docs[index].heading_ids != doc.heading_ids;
    let path = page.relative_path.clone();
    state.data.page_docs[index] = doc;
    if ids_changed {
        state.anchors.insert(
            path.clone(),
            state.data.page_docs[index].heading_ids.clone(),
        );
        recheck_linkers(state, &path, diags);
    }
    true
}

/// Checks again the `#anchor`s of every document that links to `target`.
fn recheck_linkers(state: &State, target: &str, diags: &mut Diagnostics) {
    let data = &state.data;
    let files = data
        .content
        .pages
        .iter()
        .map(|p| &p.source)
        .chain(data.content.sections.iter().map(|s| &s.source));
    for (file, doc) in files.zip(data.page_docs.iter().chain(&data.section_docs)) {
        if doc.anchor_checks.iter().any(|c| c.target == target) {
            let checks: Vec<_> = doc
                .anchor_checks
                .iter()
                .filter(|c| c.target == target)
                .cloned()
                .collect();
            diags.extend(check_anchors(file, &checks, &state.anchors));
        }
    }
}

/// The page's listing data changed: sort its section and terms again and
/// mark what lists it.
fn relist(state: &mut State, index: usize, dirty: &mut Dirty) {
    let content = &mut state.data.content;
    let s = content.pages[index].section;
    let sort_by = content.sections[s]
        .front
        .sort_by
        .unwrap_or(state.data.config.default_section_sort);
    let before = content.sections[s].pages.clone();
    let mut after = before.clone();
    let pages = &content.pages;
    after.sort_by(|&a, &b| content::compare_pages(&pages[a], &pages[b], sort_by));
    // Pages whose previous/next link changes: neighbours of the page before
    // and after, and any page whose neighbours moved.
    let neighbours = |order: &[usize], i: usize| {
        (
            i.checked_sub(1).and_then(|j| order.get(j)).copied(),
            order.get(i + 1).copied(),
        )
    };
    for order in [&before, &after] {
        if let Some(pos) = order.iter().position(|&p| p == index) {
            let (prev, next) = neighbours(order, pos);
            dirty.pages.extend(prev.into_iter().chain(next));
        }
    }
    for (pos, &p) in after.iter().enumerate() {
        let old_pos = before.iter().position(|&q| q == p);
        if old_pos.map(|o| neighbours(&before, o)) != Some(neighbours(&after, pos)) {
            dirty.pages.insert(p);
        }
    }
    content.sections[s].pages = after;
    dirty.sections.insert(s);

    let page_terms = content.pages[index].terms.clone();
    for (t, slugs) in page_terms.iter().enumerate() {
        for slug in slugs {
            let taxonomy = &mut content.taxonomies[t];
            let Ok(term) = taxonomy
                .terms
                .binary_search_by(|x| x.slug.as_str().cmp(slug))
            else {
                continue;
            };
            crate::content::taxonomies::sort_term_pages(
                &content.pages,
                &mut taxonomy.terms[term].pages,
            );
            dirty.terms.insert((t, term));
        }
    }
}

/// Updates the page's citations, reference list and the backlinks of the
/// sources it cites. `None` when the evidence data is shared elsewhere.
fn relink(state: &mut State, index: usize, title_changed: bool, dirty: &mut Dirty) -> Option<()> {
    let data = &mut state.data;
    let Some(evidence) = data.evidence.as_mut() else {
        return Some(());
    };
    let evidence = std::sync::Arc::get_mut(evidence)?;
    let (cited, references) = linking::cite_page(
        &evidence.linked.sources,
        &data.page_docs[index],
        &evidence.formatter,
    );
    let old_cited = &data.page_extras[index].citations;
    let mut claims = crate::evidence::weigh::claims::document_claims(
        &data.page_docs[index],
        &evidence.formatter,
    );
    // A sentence citing a source may change with the citations unchanged:
    // the sources' "Cited in" lists quote it.
    let claims_unchanged = cited.iter().all(|c| {
        let old = evidence.linked.backlinks.get(&*c.key).and_then(|links| {
            links
                .iter()
                .find(|b| b.page == index && b.from == linking::Citing::Page)
        });
        old.map(|b| &b.claims) == claims.get(&*c.key)
    });
    if cited == *old_cited && !title_changed && claims_unchanged {
        return Some(());
    }
    let old_keys: HashSet<&str> = old_cited.iter().map(|c| &*c.key).collect();
    let new_keys: HashSet<&str> = cited.iter().map(|c| &*c.key).collect();
    let key_set_changed = old_keys != new_keys;
    if key_set_changed {
        // The evidence map counts the pages' sources.
        dirty.evidence_map = true;
    }
    let affected: BTreeSet<String> = old_keys.union(&new_keys).map(|k| k.to_string()).collect();
    let linked = &mut evidence.linked;
    for key in &affected {
        if let Some(links) = linked.backlinks.get_mut(key) {
            links.retain(|b| b.page != index || b.from != linking::Citing::Page);
        }
    }
    let url: std::sync::Arc<str> = data
        .config
        .url_for(&data.content.pages[index].site_path)
        .into();
    for source in &cited {
        linked
            .backlinks
            .entry(source.key.to_string())
            .or_default()
            .push(Backlink {
                page: index,
                from: linking::Citing::Page,
                url: url.clone(),
                locators: source.locators.clone(),
                claims: claims.remove(&*source.key).unwrap_or_default(),
            });
    }
    linked.backlinks.retain(|_, links| !links.is_empty());
    for key in &affected {
        if let Some(links) = linked.backlinks.get_mut(key) {
            linking::sort_backlinks(&data.content, links);
        }
    }
    if key_set_changed {
        let mut order: Vec<String> = linked.backlinks.keys().cloned().collect();
        evidence.formatter.sort_keys(&mut order);
        linked.source_order = order;
        dirty.evidence_index = true;
    }
    data.page_extras[index].citations = cited;
    data.page_extras[index].references = references;
    dirty.sources.extend(affected);
    Some(())
}

/// Renders every dirty file; returns the outputs and how many were HTML.
fn render_dirty(
    state: &State,
    dirty: &Dirty,
    diags: &mut Diagnostics,
) -> (Vec<(String, Option<ServedFile>)>, usize) {
    let data = &state.data;
    let templates = &state.templates;
    let mut jobs: Vec<Job> = Vec::new();
    jobs.extend(dirty.pages.iter().map(|&i| Job::Page(i)));
    jobs.extend(dirty.sections.iter().map(|&i| Job::Section(i)));
    jobs.extend(dirty.terms.iter().map(|&(t, i)| Job::Term(t, i)));
    jobs.extend(dirty.sources.iter().map(|k| Job::Source(k.as_str())));
    if dirty.evidence_index {
        jobs.push(Job::EvidenceIndex);
    }
    if dirty.evidence_map && data.evidence.is_some() {
        jobs.push(Job::EvidenceMap);
    }
    jobs.extend(dirty.cite_files.iter().map(|&i| Job::CiteFiles(i)));
    let results: Vec<Rendered> = jobs
        .par_iter()
        .flat_map_iter(|job| match *job {
            Job::CiteFiles(i) => render::cite_files(data, i)
                .into_iter()
                .map(|(path, text)| (path, render::cite_files_origin(data, i), Ok(Some(text))))
                .collect(),
            Job::EvidenceMap => vec![(
                page_file("evidence/map/"),
                render::EVIDENCE_MAP_ORIGIN.to_string(),
                render::render_evidence_map(data, templates).map(Some),
            )],
            _ => render_job(data, templates, job).into_iter().collect(),
        })
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut pages = 0;
    for (path, origin, result) in results {
        match result {
            Ok(Some(html)) => {
                pages += usize::from(path.ends_with(".html"));
                outputs.push((path, Some(ServedFile::html(html, &origin))));
            }
            Ok(None) => outputs.push((path, None)),
            Err(d) => diags.push(d),
        }
    }
    (outputs, pages)
}

/// One page-like job's output.
fn render_job(
    data: &crate::site::SiteData,
    templates: &crate::render::Templates,
    job: &Job<'_>,
) -> Option<Rendered> {
    match *job {
        Job::Page(i) => {
            let page = &data.content.pages[i];
            Some((
                page_file(&page.site_path),
                page.source.display_path.clone(),
                render::render_page(data, templates, i).map(Some),
            ))
        }
        Job::Section(i) => {
            let section = &data.content.sections[i];
            Some((
                page_file(&section.site_path),
                section.source.display_path.clone(),
                render::render_section(data, templates, i).map(Some),
            ))
        }
        Job::Term(t, i) => {
            let (path, origin, html) = render::render_term(data, templates, t, i);
            Some((path, origin, html.map(Some)))
        }
        Job::Source(key) => {
            let evidence = data.evidence.as_deref()?;
            // A key nobody cites any more keeps its page only if it has notes.
            if !render::source_keys(evidence).contains(&key) {
                return Some((
                    page_file(&linking::source_path(key)),
                    String::new(),
                    Ok(None),
                ));
            }
            let (path, origin, html) = render::render_source(data, evidence, templates, key);
            Some((path, origin, html.map(Some)))
        }
        Job::EvidenceIndex => Some((
            page_file("evidence/"),
            render::EVIDENCE_INDEX_ORIGIN.to_string(),
            render::render_evidence_index(data, templates).map(Some),
        )),
        Job::CiteFiles(_) | Job::EvidenceMap => None,
    }
}

/// An output path, its origin, and its HTML (`None`: the file goes away).
type Rendered = (String, String, Result<Option<String>, Diagnostic>);

enum Job<'a> {
    Page(usize),
    Section(usize),
    Term(usize, usize),
    Source(&'a str),
    EvidenceIndex,
    CiteFiles(usize),
    EvidenceMap,
}
