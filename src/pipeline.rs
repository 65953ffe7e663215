//! The build pipeline: load -> render -> write, with timings per stage and
//! every diagnostic of every stage collected before giving up.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceFile};
use crate::evidence::linking::{self, Citer, Documents, SourcePageCiter};
use crate::evidence::weigh;
use crate::evidence::{Bibliography, CitationStyle, Formatter, load_bibliography};
use crate::ids::{NoteId, PageId, SectionId, TiSlice, TiVec};
use crate::markdown::{
    self, AnchorIndex, CitationRenderer, LinkIndex, LinkTarget, MarkdownInput, Rendered,
};
use crate::output::{self, OutputError, OutputFile, OutputPlan, PlainTexts, SearchInput, Sink};
use crate::print::{self, PdfError};
use crate::render::strings::Strings;
use crate::render::{self, RenderJob, Templates, Theme};
use crate::site::{EvidenceData, RenderedNote, SiteData};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub pdf: bool,
    pub strict: bool,
    /// Parallel work (`--jobs`), e.g. PDFs printed at once; `None`: one per core.
    pub jobs: Option<usize>,
    /// Keep the reading figures of every page ([`Report::readability`]),
    /// which `sheaf check` prints; `build` and `serve` need only the
    /// warnings, which every build gives.
    pub reading_figures: bool,
}

impl BuildOptions {
    /// PDFs are asked for by `--pdf` or `[print] pdf = true`.
    pub fn wants_pdfs(&self, config: &Config) -> bool {
        self.pdf || config.print.pdf
    }
}

/// What a successful build or check did.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub sources: usize,
    pub pdfs: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, Duration)>,
    /// plain: reading grades per page (docs/plain-language.md), when
    /// [`BuildOptions::reading_figures`] asked for them.
    pub readability: crate::plain::Readability,
}

/// Why a build failed; each maps to an exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site has errors (exit 1).
    #[error("the site has {} error(s)", .diagnostics.iter().filter(|d| d.is_error()).count())]
    Site { diagnostics: Vec<Diagnostic> },
    /// The output folder cannot be written (exit 3).
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Something missing from the machine (exit 3).
    #[error("{message}")]
    Environment { message: String, help: String },
}

impl From<PdfError> for Error {
    fn from(e: PdfError) -> Self {
        Error::Environment {
            message: e.to_string(),
            help: e.help(),
        }
    }
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Site { .. } => 1,
            Error::Output(_) | Error::Environment { .. } => 3,
        }
    }
}

struct Timer {
    timings: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Timer {
    fn new() -> Self {
        Self {
            timings: Vec::new(),
            last: Instant::now(),
        }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.last));
        self.last = now;
    }
}

/// A failed build with every diagnostic, sorted.
pub fn fail(diags: Diagnostics) -> Error {
    Error::Site {
        diagnostics: diags.sorted(),
    }
}

/// A whole build held in memory: the site's data, the compiled templates,
/// the `@/` link index and the render jobs (what `serve` keeps to rebuild
/// incrementally), the output plan and the report.
pub struct Assembled {
    pub data: SiteData,
    pub templates: Templates,
    pub links: LinkIndex,
    /// Heading ids of every page and section, by content path.
    pub anchors: AnchorIndex,
    /// Every file the build rendered, with what it read.
    pub jobs: Vec<RenderJob>,
    /// The markdown stage's notes, in `content.notes` order (their
    /// citations count for backlinks).
    pub note_docs: TiVec<NoteId, Rendered>,
    pub plan: OutputPlan,
    pub report: Report,
}

/// Loads and renders the whole site into an output plan, without writing.
pub fn assemble(opts: &BuildOptions) -> Result<(SiteData, OutputPlan, Report), Error> {
    assemble_site(opts, false).map(|a| (a.data, a.plan, a.report))
}

/// [`assemble`], keeping everything a later partial rebuild needs.
/// `live_reload` is passed to templates (true under `sheaf serve`).
pub fn assemble_site(opts: &BuildOptions, live_reload: bool) -> Result<Assembled, Error> {
    assemble_to(opts, live_reload, Destination::Memory)
}

/// Where [`assemble_to`] puts the contents of the files it renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// Kept in the plan (`sheaf serve`).
    Memory,
    /// Written into the staging folder of `opts.output` as each is
    /// rendered, and not kept (`sheaf build`).
    Staging,
}

/// [`assemble_site`], with the rendered files going to `destination`.
pub fn assemble_to(
    opts: &BuildOptions,
    live_reload: bool,
    destination: Destination,
) -> Result<Assembled, Error> {
    let mut timer = Timer::new();
    let mut config = Config::load(&opts.root).map_err(|d| fail(d.into_iter().collect()))?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url).map_err(|why| {
            fail(
                Diagnostic::error(format!("--base-url {why}"))
                    .help("pass a full URL such as https://example.org/families/")
                    .into(),
            )
        })?;
    }
    // The theme and its strings table come first: citations' popovers
    // are worded from the table, in each page's language.
    let theme = Theme::resolve(&config).map_err(|d| fail(d.into()))?;
    let strings = Strings::load(&theme.strings)
        .map(Arc::new)
        .map_err(|d| fail(d.into_iter().collect()))?;
    let popover_labels = strings.popover_label_set(&config.languages);
    // The bibliography does not depend on the content: parse it while the
    // content loads.
    let ((mut content, mut diags), (bibliography, bib_diags, bib_time)) = rayon::join(
        || content::load(&config, opts.drafts),
        || {
            let start = Instant::now();
            let mut diags = Diagnostics::default();
            let bibliography = load_evidence(&config, &mut diags);
            (bibliography, diags, start.elapsed())
        },
    );
    diags.extend(bib_diags.into_vec());
    // plain: the glossary is read, not published as a file.
    content.assets.retain(|a| a.dest != "glossary.toml");
    timer.lap("load");
    timer.timings.push(("bibliography", bib_time));

    let config_has_no_bibliography = config.bibliography.is_empty();

    let unloaded = unloaded_content(&diags);
    let mut links = link_index(&config, &content);
    stand_in_for_unloaded(&mut links, &unloaded);
    let strengths = crate::evidence::weigh::Strengths::new(&content.notes, &config.evidence);
    let citer = bibliography
        .as_ref()
        .map(|(bibliography, formatter)| Citer {
            bibliography,
            formatter,
            name: bibliography_name(&config),
            strengths: &strengths,
            config: &config,
            labels: &popover_labels,
            popover: popover_labels.get(None),
        });
    // Section bodies and notes have no reference list: their citations
    // link to the sources' pages.
    let source_citer = citer.as_ref().map(|citer| SourcePageCiter {
        citer,
        config: &config,
    });
    let reader = crate::plain::PageReader::new(&config, &content, opts.reading_figures);
    let (mut page_docs, mut section_docs, mut readability) = render_markdown(
        &content,
        &reader,
        &links,
        citer.as_ref(),
        source_citer.as_ref().map(|c| c as &dyn CitationRenderer),
    );
    let note_docs = match &source_citer {
        Some(citer) => render_notes(&content, &links, citer, &mut diags),
        None => TiVec::new(),
    };
    let anchors = anchor_index(&content, &page_docs, &section_docs);
    diags.extend(check_all_anchors(&content, &page_docs, &section_docs, &anchors).into_vec());
    let notes: BTreeMap<String, RenderedNote> = content
        .notes
        .iter_enumerated()
        .zip(&note_docs)
        .map(|((i, note), doc)| {
            let rendered = RenderedNote {
                id: i,
                html: doc.html.clone(),
            };
            (note.key.clone(), rendered)
        })
        .collect();
    timer.lap("markdown");
    drop(reader);
    // The site keeps the figures; its warnings join the build's.
    diags.extend(std::mem::take(&mut readability.diagnostics));
    timer.lap("plain");

    let (mut plan, output_error) = output_plan(opts, destination, &diags);
    // `sheaf build` writes the search indexes beside the evidence stage,
    // from the plain texts taken out of the documents (which only the
    // indexes read), and drops the texts once they are written.
    let texts = (destination == Destination::Staging)
        .then(|| PlainTexts::take(&mut page_docs, &mut section_docs));

    // print: which pages are printed, and their PDF links.
    let pdfs = opts.wants_pdfs(&config);
    let printed = print::select_pages(&config, &content, &mut diags);
    let pdf_links = print::pdf_links(&config, &content, &printed, pdfs);
    // Linking runs alongside the print stage's QR codes and "how to cite"
    // and the search indexes, which need nothing from it: its
    // single-threaded steps (collecting backlinks, sorting) and the
    // indexes' one stream each then leave no core idle.
    let evidence_stage = || {
        bibliography.map(|(bibliography, formatter)| {
            let docs = Documents {
                pages: &page_docs,
                sections: &section_docs,
                notes: &note_docs,
            };
            let linked = linking::link(&config, &content, docs, &bibliography, &formatter);
            let mut diags = Diagnostics::default();
            linking::check(&content.notes, &bibliography, &linked, &mut diags);
            let docs = [
                &page_docs.raw[..],
                &section_docs.raw[..],
                &note_docs.raw[..],
            ];
            diags.extend(weigh::weigh_site(&config, &content, docs, &strengths));
            let works_ld = weigh::cite_export::WorksLd::new(&bibliography);
            let page_meta = weigh::page_metadata(
                &config,
                &content,
                &bibliography,
                &strengths,
                &works_ld,
                &linked.pages,
            );
            if matches!(config.citation_style.parse(), Ok(CitationStyle::Apa)) {
                diags.extend(crate::evidence::title_case_warnings(&bibliography));
            }
            let evidence = Arc::new(EvidenceData {
                bibliography,
                formatter,
                linked,
                notes,
                strengths,
                works_ld,
                page_meta,
            });
            (evidence, diags)
        })
    };
    let ((evidence, print_extras), (search_indexes, index_diags)) = rayon::join(
        || {
            rayon::join(evidence_stage, || {
                print::all_page_extras(&config, &content.pages, &pdf_links)
            })
        },
        || {
            let mut diags = Diagnostics::default();
            let files = texts.map(|texts| {
                let input = SearchInput {
                    config: &config,
                    content: &content,
                    page_docs: &page_docs,
                    section_docs: &section_docs,
                    texts: Some(&texts),
                };
                write_search_indexes(input, &mut plan, &mut diags)
            });
            (files.unwrap_or_default(), diags)
        },
    );
    diags.extend(index_diags.into_vec());
    let evidence = evidence.map(|(evidence, mut evidence_diags)| {
        if !unloaded.is_empty() {
            // Citations in the pages that failed to load were never seen,
            // so "never cited" would be false: the load error comes first.
            let kept = evidence_diags.into_vec();
            evidence_diags = Diagnostics::default();
            for d in kept {
                if !d.message.ends_with("is never cited") {
                    evidence_diags.push(d);
                }
            }
        }
        diags.extend(evidence_diags.into_vec());
        evidence
    });
    if config_has_no_bibliography {
        for note in &content.notes {
            diags.push(
                Diagnostic::error(format!("notes for `{}`, but the site has no bibliography", note.key))
                    .in_file(note.source.display_path.clone())
                    .help("list your bibliography in sheaf.toml, e.g. bibliography = [\"references.bib\"]"),
            );
        }
    }
    // plain: the glossary's terms marked on first use in each page.
    let (glossary, glossary_diags) = crate::plain::glossary::load(&config);
    diags.extend(glossary_diags);
    let glossary_url = config.url_for(crate::plain::glossary_page::SITE_PATH);
    crate::plain::glossary_page::mark_pages(&glossary, &glossary_url, &content, &mut page_docs);
    let mut data = SiteData {
        print_extras,
        printed,
        pdfs,
        glossary: Arc::new(glossary),
        config,
        content,
        page_docs,
        section_docs,
        evidence,
    };
    timer.lap("evidence");

    if diags.has_errors() {
        // Errors found since the plan was made: render for more of them,
        // but write nothing.
        plan.stop_staging();
    }
    // brand: `@/` entries of [[menu]] and footer links must name content.
    diags.extend(crate::brand::resolve_menu(&data.config, &data.content).2);
    let stylesheet_hash = add_static_files(&data, &theme, &mut plan);
    let templates = match Templates::compile(
        &theme,
        strings,
        render::global_context(&data, &stylesheet_hash, live_reload),
    ) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d.into_vec());
            return Err(fail(diags));
        }
    };
    // Every page, listing, evidence page, site-wide file and the booklet:
    // one list, rendered in parallel.
    diags.extend(render::kinds::check_kinds(
        &data.content,
        &templates.strings,
        &data.config.language,
    ));
    let jobs = render::jobs(&data, plan.get("robots.txt").is_some());
    let link_locations = locate_local_links(&data);
    let jobs = match destination {
        Destination::Staging => {
            let_page_sources_go(&mut data, &templates);
            render_around_search_indexes(
                &data,
                &templates,
                jobs,
                search_indexes,
                &mut plan,
                &mut diags,
            )
        }
        Destination::Memory => {
            render::render_jobs(&data, &templates, &jobs, &mut plan, &mut diags);
            jobs
        }
    };
    // Only for a build that goes ahead: a failed one publishes nothing.
    if !diags.has_errors() && jobs.iter().any(|j| j.job == render::Job::Robots) {
        diags.extend(output::robots_txt_warning(&data.config));
    }
    timer.lap("render");

    diags.extend(plan.check());
    let outputs = plan.files.iter().map(|f| f.path.as_str()).collect();
    diags.extend(check_local_links(&data, &link_locations, &outputs));
    if opts.strict {
        diags.make_warnings_errors();
    }
    if diags.has_errors() {
        return Err(fail(diags));
    }
    if let Some(e) = output_error {
        return Err(e.into());
    }
    let report = Report {
        pages: plan.html_count(),
        sources: data.evidence.as_deref().map_or(0, render::source_count),
        files: plan.files.len(),
        warnings: diags.sorted(),
        timings: timer.timings,
        readability,
        ..Report::default()
    };
    Ok(Assembled {
        data,
        templates,
        links,
        anchors,
        jobs,
        note_docs,
        plan,
        report,
    })
}

/// Builds the site into `opts.output`.
pub fn build(opts: &BuildOptions) -> Result<Report, Error> {
    let Assembled {
        data,
        mut plan,
        mut report,
        ..
    } = assemble_to(opts, false, Destination::Staging)?;
    // print: find the browser before writing anything; print PDFs from the
    // staged site, before it replaces the previous output.
    let pdfs = if opts.wants_pdfs(&data.config) {
        let jobs = opts.jobs.unwrap_or_else(rayon::current_num_threads);
        Some(print::PdfRenderer::new(&data, &data.printed, jobs)?)
    } else {
        None
    };
    let start = Instant::now();
    let mut pdf_time = Duration::ZERO;
    let print_pdfs = |staging: &std::path::Path| -> Result<(), Error> {
        if let Some(pdfs) = &pdfs {
            let start = Instant::now();
            let (count, blocked) = pdfs.render(staging)?;
            pdf_time = start.elapsed();
            report.pdfs = count;
            if opts.strict && !blocked.is_empty() {
                let mut diags: Diagnostics = blocked.into_iter().collect();
                diags.make_warnings_errors();
                return Err(fail(diags));
            }
            report.warnings.extend(blocked);
        }
        Ok(())
    };
    let written = match plan.take_staging() {
        // Dropping the staging folder releases the output's lock.
        Some(staging) => staging.finish(print_pdfs),
        None => output::write_site_with(&plan, &opts.output, print_pdfs),
    }?;
    report.warnings.extend(written.leftover_warnings());
    report.timings.push(("write", start.elapsed() - pdf_time));
    if pdfs.is_some() {
        report.timings.push(("pdf", pdf_time));
    }
    // Freeing a large site's millions of allocations takes a noticeable
    // share of the build; the report need not wait for it.
    drop(pdfs);
    std::thread::spawn(move || drop((data, plan)));
    Ok(report)
}

/// Everything `build` validates; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<Report, Error> {
    assemble(opts).map(|(_, _, report)| report)
}

/// For `sheaf build`: drops the text of every page source that nothing
/// will quote again (the links' places are found already; rendering quotes
/// a page only to report some errors), so the build does not hold every
/// source through the render stage. Each page keeps its file name.
fn let_page_sources_go(data: &mut SiteData, templates: &Templates) {
    let unquoted: Vec<PageId> = (data.content.pages.keys())
        .filter(|&index| !render::may_quote_source(data, templates, index))
        .collect();
    for index in unquoted {
        let page = &mut data.content.pages[index];
        page.source = page.source.name_only();
    }
}

/// For `sheaf build`, beside the evidence stage: writes every language's
/// search index, a piece at a time, from the plain texts taken out of the
/// documents ([`PlainTexts`]), so that they are gone before the render
/// stage. Returns the indexes' files, taken out of the plan for
/// [`render_around_search_indexes`] to put back in job order.
fn write_search_indexes(
    input: SearchInput<'_>,
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let first = plan.files.len();
    let languages = crate::i18n::output::published_in(input.config, input.content).map(Some);
    for lang in std::iter::once(None).chain(languages) {
        let path = output::search_index_path(lang);
        let written = plan.add_streamed(path, "search index", |out| {
            output::write_search_index(input, lang, out);
            Ok(())
        });
        diags.extend(written.err());
    }
    plan.files.split_off(first)
}

/// [`render::render_jobs`] for `sheaf build`, whose search indexes were
/// written already ([`write_search_indexes`]): renders the other jobs and
/// puts the indexes' files back among theirs, so files and jobs stay in
/// job order (what collision messages name first).
fn render_around_search_indexes(
    data: &SiteData,
    templates: &Templates,
    jobs: Vec<RenderJob>,
    indexes: Vec<OutputFile>,
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) -> Vec<RenderJob> {
    let first_file = plan.files.len();
    let (index_jobs, others): (Vec<_>, Vec<_>) = jobs
        .into_iter()
        .enumerate()
        .partition(|(_, job)| search_index_language(&job.job).is_some());
    let (positions, others): (Vec<usize>, Vec<RenderJob>) = others.into_iter().unzip();
    render::render_jobs(data, templates, &others, plan, diags);
    plan.files.extend(indexes);
    let mut jobs: Vec<(usize, RenderJob)> = index_jobs
        .into_iter()
        .chain(positions.into_iter().zip(others))
        .collect();
    jobs.sort_by_key(|(at, _)| *at);
    let order: rustc_hash::FxHashMap<&str, usize> = (jobs.iter())
        .filter_map(|(at, job)| Some((job.path.as_deref()?, *at)))
        .collect();
    // One lookup per file; the files are in order but for the indexes.
    plan.files[first_file..]
        .sort_by_cached_key(|f| order.get(f.path.as_str()).copied().unwrap_or(usize::MAX));
    jobs.into_iter().map(|(_, job)| job).collect()
}

/// The language of a search index job (`Some(None)`: the default
/// language's); `None` for any other job.
fn search_index_language(job: &render::Job) -> Option<Option<&str>> {
    match job {
        render::Job::SearchIndex => Some(None),
        render::Job::SearchIndexIn(tag) => Some(Some(tag)),
        _ => None,
    }
}

/// The plan the render stage fills. A build writes into the staging folder
/// unless the site has errors already (then nothing is written, and if the
/// output folder cannot be written either, the site's errors still come
/// first: the output's error is returned only for a site without errors).
fn output_plan(
    opts: &BuildOptions,
    destination: Destination,
    diags: &Diagnostics,
) -> (OutputPlan, Option<OutputError>) {
    match destination {
        Destination::Memory => (OutputPlan::default(), None),
        Destination::Staging if diags.has_errors() => (OutputPlan::new(Sink::Discard), None),
        Destination::Staging => match output::Staging::open(&opts.output) {
            Ok(staging) => (OutputPlan::new(Sink::Staging(Arc::new(staging))), None),
            Err(e) => (OutputPlan::new(Sink::Discard), Some(e)),
        },
    }
}

/// Paths under `content/` of the Markdown files that failed to load (an
/// error in their front matter, an unreadable file): they exist, so links
/// to them and citations in them must not produce errors of their own.
fn unloaded_content(diags: &Diagnostics) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.location.as_ref())
        .filter_map(|l| l.file.strip_prefix("content/"))
        .filter(|path| path.ends_with(".md"))
        .map(str::to_string)
        .collect()
}

/// Makes `@/` links to files that failed to load resolve, so one mistake is
/// reported once. The build fails anyway, so the stand-in URL is never
/// written.
fn stand_in_for_unloaded(links: &mut LinkIndex, unloaded: &[String]) {
    for path in unloaded {
        links
            .targets
            .entry(path.clone())
            .or_insert_with(|| LinkTarget { url: "#".into() });
    }
}

/// Every content file an `@/` link may name, with its URL.
pub fn link_index(config: &Config, content: &Content) -> LinkIndex {
    let mut targets = HashMap::with_capacity(content.pages.len() + content.sections.len());
    for page in &content.pages {
        targets.insert(
            page.relative_path.clone(),
            LinkTarget {
                url: config.url_for(&page.site_path),
            },
        );
    }
    for section in &content.sections {
        targets.insert(
            section.relative_path.clone(),
            LinkTarget {
                url: config.url_for(&section.site_path),
            },
        );
    }
    LinkIndex {
        targets,
        base_path: config.base_path.clone(),
        drafts: content.drafts.iter().cloned().collect(),
        images: content.images.clone(),
    }
}

/// Every page and section (pages first) with its source and site path.
fn documents(data: &SiteData) -> impl Iterator<Item = ((&Arc<SourceFile>, &String), &Rendered)> {
    let pages = (data.content.pages.iter())
        .map(|p| (&p.source, &p.site_path))
        .zip(&data.page_docs);
    let sections = (data.content.sections.iter())
        .map(|s| (&s.source, &s.site_path))
        .zip(&data.section_docs);
    pages.chain(sections)
}

/// Where the relative and root-relative links of every page and section
/// are in their sources, for [`check_local_links`]: found before
/// rendering, while every source is still held.
pub fn locate_local_links(data: &SiteData) -> Vec<Vec<Location>> {
    documents(data)
        .map(|((file, _), doc)| markdown::locate_local_links(file, &doc.local_links))
        .collect()
}

/// Relative and root-relative links of every page and section, against
/// every path the build writes; `locations` from [`locate_local_links`].
pub fn check_local_links(
    data: &SiteData,
    locations: &[Vec<Location>],
    outputs: &std::collections::HashSet<&str>,
) -> Vec<Diagnostic> {
    documents(data)
        .zip(locations)
        .flat_map(|(((_, site_path), doc), locations)| {
            check_located_links(data, site_path, doc, locations, outputs)
        })
        .collect()
}

/// One document's relative and root-relative links, against `outputs`.
pub fn check_document_links(
    data: &SiteData,
    file: &SourceFile,
    site_path: &str,
    doc: &Rendered,
    outputs: &std::collections::HashSet<&str>,
) -> Vec<Diagnostic> {
    let locations = markdown::locate_local_links(file, &doc.local_links);
    check_located_links(data, site_path, doc, &locations, outputs)
}

fn check_located_links(
    data: &SiteData,
    site_path: &str,
    doc: &Rendered,
    locations: &[Location],
    outputs: &std::collections::HashSet<&str>,
) -> Vec<Diagnostic> {
    if doc.local_links.is_empty() {
        return Vec::new();
    }
    markdown::check_local_links(
        &doc.local_links,
        locations,
        &data.config.url_for(site_path),
        &data.config.base_path,
        outputs,
    )
}

/// Renders one document's Markdown: the markdown stage of one page,
/// section or note, the same in a full build and a partial rebuild.
pub fn render_document(
    file: &crate::diagnostics::SourceFile,
    body_offset: usize,
    links: &LinkIndex,
    citations: Option<&dyn CitationRenderer>,
) -> Rendered {
    markdown::render(&MarkdownInput {
        file,
        body_offset,
        links,
        citations,
    })
}

/// The most pages one task of the Markdown stage renders in turn.
const MARKDOWN_PIECE: usize = 8;

/// Renders every page and section body in parallel.
/// plain's readability pass runs in each page's task, on the events the
/// Markdown stage parsed.
fn render_markdown(
    content: &Content,
    reader: &crate::plain::PageReader<'_>,
    links: &LinkIndex,
    citations: Option<&Citer<'_>>,
    section_citations: Option<&dyn CitationRenderer>,
) -> (
    TiVec<PageId, Rendered>,
    TiVec<SectionId, Rendered>,
    crate::plain::Readability,
) {
    let rendered: Vec<(Rendered, Option<_>)> = content
        .pages
        .raw
        .par_iter()
        // Small pieces, as for rendering (`OutputPlan::add_rendered`): a
        // piece of hundreds of pages left one core working alone at the end.
        .with_max_len(MARKDOWN_PIECE)
        .map(|p| {
            let mut read = None;
            let parsed = |events: &[(pulldown_cmark::Event<'_>, std::ops::Range<usize>)]| {
                read = reader.read(p, events)
            };
            let render = |citations: Option<&dyn CitationRenderer>| {
                let input = MarkdownInput {
                    file: &p.source,
                    body_offset: p.body_offset,
                    links,
                    citations,
                };
                markdown::render_with(&input, parsed)
            };
            let doc = match (citations, &p.lang) {
                // A translation cites in its own language's terms.
                (Some(citer), Some(lang)) => {
                    let citer = citer.in_language(Some(lang));
                    render(Some(&citer))
                }
                _ => render(citations.map(|c| c as &dyn CitationRenderer)),
            };
            (doc, read)
        })
        .collect();
    let mut page_docs = Vec::with_capacity(rendered.len());
    let mut read = Vec::with_capacity(rendered.len());
    for (doc, r) in rendered {
        page_docs.push(doc);
        read.extend(r);
    }
    let page_docs: TiVec<PageId, Rendered> = page_docs.into();
    let readability = crate::plain::Readability::collect(read);
    let section_docs: TiVec<SectionId, Rendered> = content
        .sections
        .raw
        .par_iter()
        .map(|s| render_document(&s.source, s.body_offset, links, section_citations))
        .collect::<Vec<_>>()
        .into();
    (page_docs, section_docs, readability)
}

/// Heading ids of every page and section, by content path.
pub fn anchor_index(
    content: &Content,
    page_docs: &TiSlice<PageId, Rendered>,
    section_docs: &TiSlice<SectionId, Rendered>,
) -> AnchorIndex {
    // The copies in parallel (rayon inserts them in order, on one thread).
    let pages = (content.pages.raw.par_iter()).zip(&page_docs.raw);
    let sections = (content.sections.raw.par_iter()).zip(&section_docs.raw);
    pages
        .map(|(page, doc)| (page.relative_path.clone(), doc.heading_ids.clone()))
        .chain(sections.map(|(s, doc)| (s.relative_path.clone(), doc.heading_ids.clone())))
        .collect()
}

/// Each page's and section's own diagnostics, and its `#anchor`s checked
/// against the heading ids of the whole site.
pub fn check_all_anchors(
    content: &Content,
    page_docs: &TiSlice<PageId, Rendered>,
    section_docs: &TiSlice<SectionId, Rendered>,
    anchors: &AnchorIndex,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let files = content
        .pages
        .iter()
        .map(|p| &p.source)
        .chain(content.sections.iter().map(|s| &s.source));
    for (file, doc) in files.zip(page_docs.iter().chain(section_docs)) {
        diags.extend(doc.diagnostics.iter().cloned());
        diags.extend(markdown::links::check_anchors(
            file,
            &doc.anchor_checks,
            anchors,
        ));
    }
    diags
}

/// Loads the bibliography and prepares the formatter, if the site has one.
fn load_evidence(config: &Config, diags: &mut Diagnostics) -> Option<(Bibliography, Formatter)> {
    if config.bibliography.is_empty() {
        return None;
    }
    let style = match config.citation_style.parse::<CitationStyle>() {
        Ok(CitationStyle::Csl(path)) => CitationStyle::Csl(config.root.join(path)),
        Ok(style) => style,
        Err(why) => {
            diags.push(
                Diagnostic::error(why)
                    .at_span(&config.source, crate::config::key_span(&config.source.text, "citation_style"))
                    .help("set citation_style to \"apa\", \"chicago-author-date\", \"harvard\" or a path to a .csl file"),
            );
            return None;
        }
    };
    let bibliography = match load_bibliography(&config.root, &config.bibliography) {
        Ok(b) => {
            diags.extend(b.warnings().iter().cloned());
            b
        }
        Err(errors) => {
            diags.extend(errors);
            return None;
        }
    };
    let others = config.languages.others.iter().map(|l| l.tag.as_str());
    let formatter = Formatter::new(&bibliography, &style, &config.language)
        .and_then(|f| f.with_translations(&bibliography, &style, &config.language, others));
    match formatter {
        Ok(formatter) => Some((bibliography, formatter)),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    }
}

/// The bibliography's file names, for error labels.
pub fn bibliography_name(config: &Config) -> String {
    config
        .bibliography
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders the notes of `content/evidence/<key>.md` (links and citations
/// resolved), in `content.notes` order.
fn render_notes(
    content: &Content,
    links: &LinkIndex,
    citations: &SourcePageCiter<'_>,
    diags: &mut Diagnostics,
) -> TiVec<NoteId, Rendered> {
    let docs: TiVec<NoteId, Rendered> = content
        .notes
        .raw
        .par_iter()
        .map(|note| {
            markdown::render(&MarkdownInput {
                file: &note.source,
                body_offset: note.body_offset,
                links,
                citations: Some(citations),
            })
        })
        .collect::<Vec<_>>()
        .into();
    for doc in &docs {
        diags.extend(doc.diagnostics.iter().cloned());
    }
    docs
}

/// Adds the theme's and site's static files and the content assets;
/// returns a short hash of the stylesheet for cache-busting.
fn add_static_files(data: &SiteData, theme: &Theme, plan: &mut OutputPlan) -> String {
    let mut hash = String::new();
    for (path, file) in &theme.statics {
        match &file.origin {
            render::theme::Origin::Disk(source) => {
                if path == "style.css" {
                    hash = std::fs::read(source)
                        .map(|b| short_hash(&b))
                        .unwrap_or_default();
                }
                plan.copy(path.clone(), source.clone(), &file.shown)
            }
            render::theme::Origin::BuiltIn(bytes) => {
                if path == "style.css" {
                    hash = short_hash(bytes);
                }
                plan.add(path.clone(), bytes.to_vec(), &file.shown)
            }
        }
    }
    for asset in &data.content.assets {
        plan.copy(asset.dest.clone(), asset.source.clone(), &asset.origin);
    }
    hash
}

/// FNV-1a, enough to tell two versions of a stylesheet apart.
fn short_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", h >> 32)
}
