//! The render jobs: every file the build renders, each with what it reads.
//! [`jobs`] makes the list once per build; `sheaf build` renders all of it
//! ([`render_jobs`]), and `sheaf serve` renders again only the jobs whose
//! reads changed (see `crate::build` and docs/architecture.md).
//!
//! **Adding a kind of output page** is one change here: a [`Job`] variant,
//! its place in [`jobs`] with the [`Read`]s its template context uses, and
//! its arm in [`render_job`]. Nothing else lists pages.

use rayon::prelude::*;

use super::summaries::Summaries;
use super::{Templates, evidence_pages, listings};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::evidence::linking::source_path;
use crate::ids::{DocId, PageId, SectionId, SourceKey, TaxonomyId, TermId, TiVec};
use crate::output::{self, OutputPlan, alias_file, page_file};
use crate::print;
use crate::site::SiteData;

/// What one job renders.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Page(PageId),
    /// A section's listing page (section 0: the home page).
    Section(SectionId),
    /// `/<taxonomy>/`: the list of its terms.
    TaxonomyList(TaxonomyId),
    /// `/<taxonomy>/<term>/`.
    Term(TermId),
    /// The redirect page of a page's `aliases[alias]`.
    Alias {
        page: PageId,
        alias: usize,
    },
    /// `/evidence/<key>/`.
    Source(SourceKey),
    /// `/evidence/`.
    EvidenceIndex,
    /// `/evidence/levels/`.
    EvidenceLevels,
    /// `/evidence/map/`: evidence levels by outcome (issue 15).
    EvidenceMap,
    /// A page's `cite.bib`, `cite.ris` or `cite.json` (issue 15).
    CiteFile {
        page: PageId,
        format: evidence_pages::CiteFormat,
    },
    NotFound,
    Sitemap,
    /// Left out when the site has its own `static/robots.txt`.
    Robots,
    SearchIndex,
    /// `atom.xml`, when `[feed]` is enabled.
    Feed,
    /// The print booklet, `/print/`.
    Booklet,
    /// `/<tag>/print/`: the booklet of a language other than the default.
    BookletIn(String),
    /// `/glossary/`, when `content/glossary.toml` defines terms.
    Glossary,
    /// `/<tag>/404.html`, `/<tag>/search-index.json` and `/<tag>/atom.xml`
    /// of a language other than the default (src/i18n/).
    NotFoundIn(String),
    SearchIndexIn(String),
    FeedIn(String),
}

/// One thing a job's output depends on. A job lists every read its
/// template context makes; a rebuild renders a job again when the
/// fingerprint of any of its reads changed (`render::reads`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Read {
    /// `sheaf.toml`: every job reads it.
    Config,
    /// The theme's and site's templates: every job reads them.
    Templates,
    /// A page's own file: front matter, body, citations, print extras.
    Page(PageId),
    /// A page's title and URL (redirects, "Cited in").
    PageLink(PageId),
    /// The page before this one in its section: its title and URL.
    PreviousPage(PageId),
    /// The page after this one in its section: its title and URL.
    NextPage(PageId),
    /// What listings show of a page: title, summary, dates, level, terms.
    PageListing(PageId),
    /// A section's own file.
    Section(SectionId),
    /// A section's title and URL (breadcrumbs, navigation).
    SectionLink(SectionId),
    /// What a parent section shows of a subsection.
    SectionListing(SectionId),
    /// A term's name and slug.
    Term(TermId),
    /// A term's name, slug and page count.
    TermListing(TermId),
    /// A bibliography entry and its notes.
    Source(SourceKey),
    /// The documents citing a source, with their locators.
    CitedIn(SourceKey),
    /// Which sources have a page, in order.
    SourceList,
    /// Everything about every page: the site-wide files.
    AllPages,
}

impl From<crate::i18n::jobs::Read> for Read {
    fn from(read: crate::i18n::jobs::Read) -> Read {
        use crate::i18n::jobs::Read as Language;
        match read {
            Language::Page(p) => Read::Page(p),
            Language::PageLink(p) => Read::PageLink(p),
            Language::SectionLink(s) => Read::SectionLink(s),
        }
    }
}

/// One output file to render and what it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderJob {
    pub job: Job,
    /// Where it goes; `None` for an alias that is not a valid path (its
    /// render reports why).
    pub path: Option<String>,
    pub reads: Vec<Read>,
}

impl RenderJob {
    fn new(job: Job, path: Option<String>, reads: Vec<Read>) -> Self {
        let mut all = vec![Read::Config, Read::Templates];
        all.extend(reads);
        RenderJob {
            job,
            path,
            reads: all,
        }
    }

    /// Site-wide files, which cover every page: `serve` makes them when a
    /// browser asks rather than on every save.
    pub fn deferred(&self) -> bool {
        self.reads.contains(&Read::AllPages)
    }
}

/// A rendered job: its path, the input it came from (for collision and
/// deletion messages) and its bytes.
pub use crate::output::RenderedFile as Rendered;

/// Every render job of the site, in the order their files are listed.
/// `own_robots`: the site ships its own `robots.txt`.
pub fn jobs(data: &SiteData, own_robots: bool) -> Vec<RenderJob> {
    let content = &data.content;
    let mut jobs = Vec::with_capacity(content.pages.len() * 2 + content.sections.len() + 16);
    // Each page's previous and next page in its section, found in one pass
    // (a search per page would cost the square of a section's size).
    let mut neighbours: TiVec<PageId, (Option<PageId>, Option<PageId>)> =
        vec![(None, None); content.pages.len()].into();
    for section in &content.sections {
        for (pos, &p) in section.pages.iter().enumerate() {
            let previous = pos.checked_sub(1).map(|n| section.pages[n]);
            neighbours[p] = (previous, section.pages.get(pos + 1).copied());
        }
    }
    // The per-page jobs, which are most of the list, in parallel (in order).
    jobs.par_extend(
        (neighbours.raw.par_iter().enumerate())
            .map(|(index, &neighbours)| page_job(data, PageId::from(index), neighbours)),
    );
    for (id, section) in content.sections.iter_enumerated() {
        let mut reads = vec![Read::Section(id)];
        reads.extend(content.ancestors(id).into_iter().map(Read::SectionLink));
        reads.extend(section.pages.iter().map(|&p| Read::PageListing(p)));
        reads.extend((section.subsections.iter()).map(|&s| Read::SectionListing(s)));
        reads.extend(
            crate::i18n::jobs::section_reads(data, id)
                .into_iter()
                .map(Read::from),
        );
        jobs.push(RenderJob::new(
            Job::Section(id),
            Some(page_file(&section.site_path)),
            reads,
        ));
    }
    for (taxonomy_id, taxonomy) in content.taxonomies.iter_enumerated() {
        let term_id = |term| TermId {
            taxonomy: taxonomy_id,
            term,
        };
        jobs.push(RenderJob::new(
            Job::TaxonomyList(taxonomy_id),
            Some(page_file(&taxonomy.site_path())),
            (0..taxonomy.terms.len())
                .map(|k| Read::TermListing(term_id(k)))
                .collect(),
        ));
        for (k, term) in taxonomy.terms.iter().enumerate() {
            let mut reads = vec![Read::Term(term_id(k))];
            reads.extend(term.pages.iter().map(|&p| Read::PageListing(p)));
            jobs.push(RenderJob::new(
                Job::Term(term_id(k)),
                Some(page_file(&taxonomy.term_path(term))),
                reads,
            ));
        }
    }
    jobs.par_extend(
        (0..content.pages.len())
            .into_par_iter()
            .flat_map_iter(|index| alias_jobs(data, PageId::from(index))),
    );
    if let Some(evidence) = data.evidence.as_deref() {
        let keys = evidence_pages::source_keys(evidence);
        for &key in &keys {
            let key_id = SourceKey::from(key);
            let mut reads = vec![Read::Source(key_id.clone()), Read::CitedIn(key_id.clone())];
            if let Some(links) = evidence.linked.backlinks.by_key.get(key) {
                reads.extend(links.iter().map(|b| match b.from {
                    DocId::Page(p) => Read::PageLink(p),
                    DocId::Section(s) => Read::SectionLink(s),
                    DocId::Note(n) => {
                        Read::Source(SourceKey::from(data.content.notes[n].key.as_str()))
                    }
                }));
            }
            jobs.push(RenderJob::new(
                Job::Source(key_id),
                Some(page_file(&source_path(key))),
                reads,
            ));
        }
        let mut reads = vec![Read::SourceList];
        for &key in &keys {
            reads.push(Read::Source(SourceKey::from(key)));
            reads.push(Read::CitedIn(SourceKey::from(key)));
        }
        jobs.push(RenderJob::new(
            Job::EvidenceIndex,
            Some(page_file("evidence/")),
            reads,
        ));
        // The map counts every page's cited sources by term.
        jobs.push(RenderJob::new(
            Job::EvidenceMap,
            Some(page_file("evidence/map/")),
            vec![Read::AllPages],
        ));
        jobs.par_extend(
            (0..content.pages.len())
                .into_par_iter()
                .flat_map_iter(|index| cite_jobs(data, PageId::from(index))),
        );
    } else {
        jobs.push(RenderJob::new(
            Job::EvidenceIndex,
            Some(page_file("evidence/")),
            vec![Read::SourceList],
        ));
    }
    jobs.push(RenderJob::new(
        Job::EvidenceLevels,
        Some(page_file("evidence/levels/")),
        Vec::new(),
    ));
    jobs.push(RenderJob::new(
        Job::NotFound,
        Some("404.html".into()),
        Vec::new(),
    ));
    let languages: Vec<&str> = crate::i18n::output::published(data).collect();
    for tag in &languages {
        jobs.push(RenderJob::new(
            Job::NotFoundIn(tag.to_string()),
            Some(format!("{tag}/404.html")),
            Vec::new(),
        ));
    }
    let mut site_file = |job: Job, path: &str| {
        jobs.push(RenderJob::new(job, Some(path.into()), vec![Read::AllPages]));
    };
    for tag in &languages {
        site_file(
            Job::SearchIndexIn(tag.to_string()),
            &output::search_index_path(Some(tag)),
        );
        if data.config.feed.enabled {
            site_file(Job::FeedIn(tag.to_string()), &format!("{tag}/atom.xml"));
        }
    }
    site_file(Job::Sitemap, "sitemap.xml");
    if !own_robots {
        site_file(Job::Robots, "robots.txt");
    }
    site_file(Job::SearchIndex, &output::search_index_path(None));
    if data.config.feed.enabled {
        site_file(Job::Feed, "atom.xml");
    }
    site_file(Job::Booklet, &page_file(print::BOOKLET_DIR));
    for tag in &languages {
        let path = page_file(&print::languages::booklet_dir(Some(tag)));
        site_file(Job::BookletIn(tag.to_string()), &path);
    }
    if !data.glossary.is_empty() {
        // The glossary reads only content/glossary.toml, whose edits rebuild
        // the whole site.
        jobs.push(RenderJob::new(
            Job::Glossary,
            Some(page_file(crate::plain::glossary_page::SITE_PATH)),
            Vec::new(),
        ));
    }
    jobs
}

/// The jobs page `index` owns: its page, its alias redirects and its
/// citation files, as [`jobs`] lists them (a partial rebuild compares them
/// with the kept ones to tell whether an edit changed the list).
pub fn own_jobs(data: &SiteData, index: PageId) -> Vec<RenderJob> {
    let content = &data.content;
    let section = &content.sections[content.pages[index].section].pages;
    let neighbours = match section.iter().position(|&p| p == index) {
        Some(pos) => (
            pos.checked_sub(1).map(|n| section[n]),
            section.get(pos + 1).copied(),
        ),
        None => (None, None),
    };
    let mut jobs = vec![page_job(data, index, neighbours)];
    jobs.extend(alias_jobs(data, index));
    if data.evidence.is_some() {
        jobs.extend(cite_jobs(data, index));
    }
    jobs
}

/// The page job of page `index`, whose previous and next pages in its
/// section are `neighbours`.
fn page_job(
    data: &SiteData,
    index: PageId,
    (previous, next): (Option<PageId>, Option<PageId>),
) -> RenderJob {
    let content = &data.content;
    let page = &content.pages[index];
    let id = index;
    let mut reads = vec![Read::Page(id)];
    reads.extend(previous.map(Read::PreviousPage));
    reads.extend(next.map(Read::NextPage));
    reads.extend(
        content
            .ancestors(page.section)
            .into_iter()
            .map(Read::SectionLink),
    );
    reads.extend(page_terms(data, index).map(Read::Term));
    reads.extend(
        crate::i18n::jobs::page_reads(data, index)
            .into_iter()
            .map(Read::from),
    );
    RenderJob::new(Job::Page(id), Some(page_file(&page.site_path)), reads)
}

/// The redirect pages of page `index`'s aliases.
fn alias_jobs(data: &SiteData, index: PageId) -> impl Iterator<Item = RenderJob> + '_ {
    let aliases = &data.content.pages[index].front.aliases;
    aliases.iter().enumerate().map(move |(n, alias)| {
        RenderJob::new(
            Job::Alias {
                page: index,
                alias: n,
            },
            alias_file(alias).ok(),
            vec![Read::PageLink(index)],
        )
    })
}

/// Page `index`'s `cite.bib`, `cite.ris` and `cite.json`, if it has them.
fn cite_jobs(data: &SiteData, page: PageId) -> impl Iterator<Item = RenderJob> + '_ {
    let formats = if evidence_pages::has_cite_files(data, page) {
        &evidence_pages::CiteFormat::ALL[..]
    } else {
        &[]
    };
    formats.iter().map(move |&format| {
        RenderJob::new(
            Job::CiteFile { page, format },
            Some(evidence_pages::cite_file_path(data, page, format)),
            vec![Read::Page(page)],
        )
    })
}

/// The terms of page `index`, as ids.
fn page_terms(data: &SiteData, index: PageId) -> impl Iterator<Item = TermId> + '_ {
    let page = &data.content.pages[index];
    page.terms.iter_enumerated().flat_map(move |(t, slugs)| {
        let taxonomy = &data.content.taxonomies[t];
        slugs.iter().filter_map(move |slug| {
            let term = taxonomy.position(slug)?;
            Some(TermId { taxonomy: t, term })
        })
    })
}

/// Renders one job.
pub fn render_job(
    data: &SiteData,
    templates: &Templates,
    job: &RenderJob,
) -> Result<Rendered, Diagnostic> {
    render_job_with(data, templates, &Summaries::new(data), job)
}

/// Renders one job, taking listed pages' entries from `summaries`, which
/// the jobs of one render share.
fn render_job_with(
    data: &SiteData,
    templates: &Templates,
    summaries: &Summaries,
    job: &RenderJob,
) -> Result<Rendered, Diagnostic> {
    let content = &data.content;
    let html = |path: &Option<String>, origin: &str, html: String| Rendered {
        path: path.clone().unwrap_or_default(),
        origin: origin.to_string(),
        bytes: html.into_bytes(),
    };
    let path = &job.path;
    Ok(match &job.job {
        Job::Page(id) => {
            let page = &content.pages[*id];
            html(
                path,
                &page.source.display_path,
                super::render_page(data, templates, *id)?,
            )
        }
        Job::Section(id) => {
            let section = &content.sections[*id];
            html(
                path,
                &section.source.display_path,
                super::render_section(data, templates, summaries, *id)?,
            )
        }
        Job::TaxonomyList(t) => {
            let (origin, out) = listings::render_taxonomy_list(data, templates, *t);
            html(path, &origin, out?)
        }
        Job::Term(id) => {
            let (_, origin, out) = listings::render_term(data, templates, summaries, *id);
            html(path, &origin, out?)
        }
        Job::Alias { page, alias } => {
            let page = &content.pages[*page];
            let out = listings::render_alias(data, templates, page, &page.front.aliases[*alias])?;
            html(path, &page.source.display_path, out)
        }
        Job::Source(key) => {
            let evidence = data.evidence.as_deref().expect("source jobs need evidence");
            let (_, origin, out) =
                evidence_pages::render_source(data, evidence, templates, key.as_str());
            html(path, &origin, out?)
        }
        Job::EvidenceIndex => html(
            path,
            evidence_pages::EVIDENCE_INDEX_ORIGIN,
            evidence_pages::render_evidence_index(data, templates)?,
        ),
        Job::EvidenceLevels => html(
            path,
            "the evidence levels page",
            evidence_pages::render_evidence_levels(data, templates)?,
        ),
        Job::EvidenceMap => html(
            path,
            evidence_pages::EVIDENCE_MAP_ORIGIN,
            evidence_pages::render_evidence_map(data, templates)?,
        ),
        Job::CiteFile { page, format } => html(
            path,
            &content.pages[*page].source.display_path,
            evidence_pages::render_cite_file(data, *page, *format),
        ),
        Job::NotFound => html(
            path,
            "404.html template",
            templates.render(
                "404.html",
                &super::base_context(&data.config.url_for("404.html")),
            )?,
        ),
        Job::Sitemap => {
            panic_for_tests(data);
            html(
                path,
                "sitemap",
                output::sitemap_xml(data, &taxonomy_paths(data)),
            )
        }
        Job::Robots => html(path, "robots.txt", output::robots_txt(data)),
        Job::SearchIndex => html(
            path,
            "search index",
            output::search_index_in(output::SearchInput::of(data), None),
        ),
        Job::Feed => html(path, "feed", output::atom_feed(data)),
        Job::Booklet => html(
            path,
            BOOKLET_ORIGIN,
            print::render_booklet(data, templates, &data.printed, data.pdfs)?,
        ),
        Job::BookletIn(tag) => html(
            path,
            BOOKLET_ORIGIN,
            print::render_booklet_in(data, templates, tag)?,
        ),
        Job::Glossary => html(
            path,
            crate::plain::glossary::FILE,
            crate::plain::glossary_page::render(&data.glossary, data, templates)?,
        ),
        Job::NotFoundIn(tag) => html(
            path,
            "404.html template",
            crate::i18n::output::render_404(data, templates, tag)?,
        ),
        Job::SearchIndexIn(tag) => html(
            path,
            "search index",
            output::search_index_in(output::SearchInput::of(data), Some(tag)),
        ),
        Job::FeedIn(tag) => html(path, "feed", output::atom_feed_in(data, Some(tag))),
    })
}

/// The taxonomy list and term pages, for the sitemap.
fn taxonomy_paths(data: &SiteData) -> Vec<String> {
    data.content
        .taxonomies
        .iter()
        .flat_map(|t| {
            std::iter::once(t.site_path()).chain(t.terms.iter().map(move |term| t.term_path(term)))
        })
        .collect()
}

/// Renders `jobs` in parallel into `plan`, in list order; errors go to
/// `diags`. Each file goes to the plan's sink from the task that rendered
/// it (`sheaf build` writes it into the staging folder then), and the
/// booklet is written a piece at a time: a build never holds its whole
/// output. The booklet's end (one large template, one pass over the whole
/// document) runs on one core while the other jobs keep the rest busy.
pub fn render_jobs(
    data: &SiteData,
    templates: &Templates,
    jobs: &[RenderJob],
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) {
    let summaries = Summaries::new(data);
    let render = |job: &RenderJob| render_job_with(data, templates, &summaries, job);
    let Some(b) = jobs.iter().position(|j| j.job == Job::Booklet) else {
        diags.extend(plan.add_rendered(jobs, render));
        summaries.drop_aside();
        return;
    };
    let (before, after) = (&jobs[..b], &jobs[b + 1..]);
    let mut booklet = plan.sibling();
    let mut rest = plan.sibling();
    let (before_failed, (booklet_failed, after_failed)) = rayon::join(
        || plan.add_rendered(before, render),
        || {
            rayon::join(
                || write_booklet(data, templates, &jobs[b], &mut booklet),
                || rest.add_rendered(after, render),
            )
        },
    );
    plan.append(booklet);
    plan.append(rest);
    diags.extend(before_failed);
    diags.extend(booklet_failed);
    diags.extend(after_failed);
    summaries.drop_aside();
}

/// The booklet job, written into `plan` a piece at a time.
fn write_booklet(
    data: &SiteData,
    templates: &Templates,
    job: &RenderJob,
    plan: &mut OutputPlan,
) -> Option<Diagnostic> {
    let path = job.path.clone().unwrap_or_default();
    print::prepare_booklet(data, templates, &data.printed, data.pdfs, None)
        .and_then(|booklet| plan.add_streamed(path, BOOKLET_ORIGIN, |out| booklet.write(out)))
        .err()
}

/// The origin recorded for `/print/`.
const BOOKLET_ORIGIN: &str = "the print booklet";

/// Test-only, documented in docs/serve.md: when `SHEAF_TEST_PANIC` is set,
/// making the sitemap panics if a page contains its value, so the tests can
/// check that a bug cannot take `sheaf serve` down. No real input is known
/// to panic, and a test needs one.
fn panic_for_tests(data: &SiteData) {
    let Some(marker) = std::env::var("SHEAF_TEST_PANIC")
        .ok()
        .filter(|m| !m.is_empty())
    else {
        return;
    };
    if let Some(page) = data
        .content
        .pages
        .iter()
        .find(|p| p.source.text.contains(&marker))
    {
        panic!(
            "SHEAF_TEST_PANIC marker found in {}",
            page.source.display_path
        );
    }
}
