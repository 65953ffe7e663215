//! A build held in memory, and its partial rebuild after edits to pages.
//! The partial rebuild runs the full build's own stage functions: each
//! per-document stage (front matter, Markdown, citations, print extras)
//! for the edited pages only, each site-wide stage (section and term
//! order, backlinks, anchor checks) again when what it reads of an edited
//! page changed, then the full build's render-job list, kept between
//! edits and patched for the jobs that read the edited pages
//! (`render::job_table`); it renders the jobs whose fingerprint of
//! recorded reads changed (`render::reads`). See docs/architecture.md.
//!
//! A change this cannot take asks for a full rebuild: anything but an
//! edit to an existing page (a new, deleted or renamed file, a section,
//! notes, a template, the config, the bibliography, a static file), an
//! edit that changes a page's URL or draft status (every document's
//! Markdown reads the `@/` link index), and an edit that adds or removes
//! an output file (only a full build checks outputs against each other).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{self, Page};
use crate::diagnostics::Diagnostics;
use crate::evidence::linking::{self, Citer, Documents};
use crate::evidence::weigh;
use crate::ids::{NoteId, PageId, TiVec};
use crate::markdown::{AnchorIndex, CitationRenderer, LinkIndex, Rendered, links::check_anchors};
use crate::output::OutputPlan;
use crate::pipeline::{self, Assembled, bibliography_name};
use crate::print;
use crate::render::job_table::JobTable;
use crate::render::{self, Templates, jobs::Rendered as RenderedFile};
use crate::site::SiteData;

/// The last good build, kept to rebuild part of it.
pub struct Held {
    pub data: SiteData,
    pub templates: Templates,
    links: LinkIndex,
    anchors: AnchorIndex,
    note_docs: TiVec<NoteId, Rendered>,
    /// The render jobs with their fingerprints, patched by each rebuild.
    table: JobTable,
    /// Which version of its file each page's data is; bumped on reload.
    revisions: TiVec<PageId, u64>,
    next_revision: u64,
    /// Page index by content path.
    page_index: HashMap<String, PageId>,
    /// Every output path of the build.
    outputs: HashSet<String>,
}

/// What a partial rebuild did.
pub enum Change {
    /// The changes need everything rebuilt.
    NeedsFull,
    /// The files hold what the build already used.
    Unchanged,
    /// Files rendered again (`None`: the file goes away), with the
    /// diagnostics of what was redone. Deferred (site-wide) files are out
    /// of date until [`Held::render_deferred`].
    Patch {
        outputs: Vec<(String, Option<RenderedFile>)>,
        pages: usize,
        diagnostics: Diagnostics,
    },
}

impl Held {
    /// Keeps a full build; returns its output plan.
    pub fn new(assembled: Assembled) -> (Held, OutputPlan) {
        let Assembled {
            data,
            templates,
            links,
            anchors,
            jobs,
            note_docs,
            plan,
            ..
        } = assembled;
        let revisions: TiVec<PageId, u64> = vec![0; data.content.pages.len()].into();
        let own_robots = !jobs.iter().any(|j| j.job == render::Job::Robots);
        let table = JobTable::of_jobs(&data, jobs, own_robots, &|p| revisions[p]);
        let page_index = (data.content.pages.iter_enumerated())
            .map(|(i, p)| (p.relative_path.clone(), i))
            .collect();
        let outputs = plan.files.iter().map(|f| f.path.clone()).collect();
        let held = Held {
            data,
            templates,
            links,
            anchors,
            note_docs,
            table,
            revisions,
            next_revision: 1,
            page_index,
            outputs,
        };
        (held, plan)
    }

    /// Renders the deferred jobs (sitemap, feed, search index, robots.txt,
    /// booklet) of the current data.
    pub fn render_deferred(&self) -> (Vec<RenderedFile>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let mut files = Vec::new();
        for job in self.table.jobs().iter().filter(|j| j.deferred()) {
            match render::render_job(&self.data, &self.templates, job) {
                Ok(file) => files.push(file),
                Err(d) => diags.push(d),
            }
        }
        (files, diags)
    }

    /// Rebuilds what the edits in `changed` (absolute paths) affect.
    pub fn update(&mut self, root: &Path, changed: &[PathBuf]) -> Change {
        let Some(edited) = self.edited_pages(root, changed) else {
            return Change::NeedsFull;
        };
        let mut diags = Diagnostics::new();
        let mut reloaded = Vec::new();
        for index in edited {
            match self.reload(index) {
                Ok(Some(page)) => reloaded.push((index, page)),
                Ok(None) => {}
                Err(Reload::NeedsFull) => return Change::NeedsFull,
                Err(Reload::Failed(d)) => diags.push(d),
            }
        }
        if diags.has_errors() {
            return Change::Patch {
                outputs: Vec::new(),
                pages: 0,
                diagnostics: diags,
            };
        }
        if reloaded.is_empty() {
            return Change::Unchanged;
        }
        let Some(restaged) = self.restage(reloaded, &mut diags) else {
            return Change::NeedsFull;
        };
        self.render_changed(restaged, diags)
    }

    /// The indices of the changed pages, or `None` when any change is not
    /// an edit to a page the last build had.
    fn edited_pages(&self, root: &Path, changed: &[PathBuf]) -> Option<BTreeSet<PageId>> {
        let content_dir = root.join("content");
        changed
            .iter()
            .map(|path| {
                let rel = path.strip_prefix(&content_dir).ok()?;
                let rel = rel.to_str()?.replace('\\', "/");
                let index = *self.page_index.get(&rel)?;
                path.is_file().then_some(index)
            })
            .collect()
    }

    /// Reads page `index` again: `None` when its file holds what the build
    /// used.
    fn reload(&self, index: PageId) -> Result<Option<Page>, Reload> {
        let old = &self.data.content.pages[index];
        let mut page =
            content::reload_page(&self.data.config, &old.relative_path).map_err(Reload::Failed)?;
        if page.source.text == old.source.text {
            return Ok(None);
        }
        // The `@/` link index (URLs, drafts) is read by every document.
        if page.site_path != old.site_path || page.front.draft != old.front.draft {
            return Err(Reload::NeedsFull);
        }
        page.section = old.section;
        page.terms = old.terms.clone();
        Ok(Some(page))
    }

    /// Runs the stages again for the reloaded pages. `None` when the
    /// evidence data is shared elsewhere.
    fn restage(
        &mut self,
        reloaded: Vec<(PageId, Page)>,
        diags: &mut Diagnostics,
    ) -> Option<Restaged> {
        let data = &mut self.data;
        let mut arrange = false;
        let mut relink = false;
        let mut anchors_moved = false;
        let changed: Vec<PageId> = reloaded.iter().map(|(i, _)| *i).collect();
        for (index, page) in reloaded {
            let old = &data.content.pages[index];
            arrange |= arrange_reads(old) != arrange_reads(&page);
            relink |= old.front.title != page.front.title;
            data.content.pages[index] = page;
            self.revisions[index] = self.next_revision;
            self.next_revision += 1;
        }
        // Per document: Markdown, then citations.
        let labels = (self.templates.strings).popover_label_set(&data.config.languages);
        let citer = data.evidence.as_deref().map(|e| Citer {
            bibliography: &e.bibliography,
            formatter: &e.formatter,
            name: bibliography_name(&data.config),
            strengths: &e.strengths,
            config: &data.config,
            labels: &labels,
            popover: labels.get(None),
        });
        let docs: Vec<Rendered> = changed
            .par_iter()
            .map(|&i| {
                let page = &data.content.pages[i];
                let citer = citer.as_ref().map(|c| c.in_language(page.lang.as_deref()));
                pipeline::render_document(
                    &page.source,
                    page.body_offset,
                    &self.links,
                    citer.as_ref().map(|c| c as &dyn CitationRenderer),
                )
            })
            .collect();
        drop(citer);
        let glossary_url = data.config.url_for(crate::plain::glossary_page::SITE_PATH);
        for (&index, mut doc) in changed.iter().zip(docs) {
            crate::plain::glossary_page::mark_page(
                &data.glossary,
                &glossary_url,
                &data.content.pages[index],
                &mut doc,
            );
            // plain: the page's readability warnings, as the full build makes them.
            diags.extend(crate::plain::analyse_one(
                &data.config,
                &data.content,
                index,
            ));
            anchors_moved |= data.page_docs[index].heading_ids != doc.heading_ids;
            relink |= reweigh(data, index, &doc, diags);
            data.page_docs[index] = doc;
        }
        // Site-wide: section and term order, when their reads changed.
        if arrange {
            content::arrange(&data.config, &mut data.content, diags);
        }
        // Translations of an edited source may have fallen behind it.
        crate::content::translations::refresh_status(&mut data.content, &mut Diagnostics::new());
        // Per document: print extras (the booklet is deferred).
        let printed = print::select_pages(&data.config, &data.content, &mut Diagnostics::new());
        let pdf_links = print::pdf_links(&data.config, &data.content, &printed, data.pdfs);
        let old_links = print::pdf_links(&data.config, &data.content, &data.printed, data.pdfs);
        data.printed = printed;
        let mut pages = changed.clone();
        for index in data.content.pages.keys() {
            let pdf_moved = pdf_links[index] != old_links[index];
            if pdf_moved && !changed.contains(&index) {
                pages.push(index);
            }
            if pdf_moved || changed.contains(&index) {
                data.print_extras[index] =
                    print::page_extras(&data.config, &data.content.pages[index], pdf_links[index]);
            }
        }
        // Anchors: the edited pages' checks, or everyone's when ids moved.
        for &index in &changed {
            let page = &data.content.pages[index];
            self.anchors.insert(
                page.relative_path.clone(),
                data.page_docs[index].heading_ids.clone(),
            );
        }
        if anchors_moved {
            let all = pipeline::check_all_anchors(
                &data.content,
                &data.page_docs,
                &data.section_docs,
                &self.anchors,
            );
            diags.extend(all.into_vec());
        } else {
            for &index in &changed {
                let (page, doc) = (&data.content.pages[index], &data.page_docs[index]);
                diags.extend(doc.diagnostics.iter().cloned());
                diags.extend(check_anchors(
                    &page.source,
                    &doc.anchor_checks,
                    &self.anchors,
                ));
            }
        }
        // The set of outputs costs a pass over the site: made only when an
        // edited page has a relative link to check against it.
        let outputs: HashSet<&str> =
            if (changed.iter()).any(|&i| !data.page_docs[i].local_links.is_empty()) {
                self.outputs.iter().map(String::as_str).collect()
            } else {
                HashSet::new()
            };
        for &index in &changed {
            let (page, doc) = (&data.content.pages[index], &data.page_docs[index]);
            diags.extend(pipeline::check_document_links(
                data,
                &page.source,
                &page.site_path,
                doc,
                &outputs,
            ));
        }
        // Citations per page, then backlinks when what they read changed.
        if let Some(evidence) = data.evidence.as_mut() {
            let evidence = Arc::get_mut(evidence)?;
            for &index in &changed {
                let language = data.content.pages[index].lang.as_deref();
                let cited = linking::cite_page(
                    evidence.linked.sources.in_language(language),
                    &data.page_docs[index],
                    evidence.formatter.in_language(language),
                );
                relink |= cited.citations != evidence.linked.pages[index].citations;
                evidence.linked.pages[index] = cited;
                evidence.page_meta[index] = weigh::page_meta(
                    &data.config,
                    &data.content.pages[index],
                    &evidence.bibliography,
                    &evidence.strengths,
                    &evidence.works_ld,
                    &evidence.linked.pages[index].citations,
                );
            }
            if relink {
                let docs = Documents {
                    pages: &data.page_docs,
                    sections: &data.section_docs,
                    notes: &self.note_docs,
                };
                evidence.linked.backlinks = linking::backlinks(
                    &data.config,
                    &data.content,
                    docs,
                    &evidence.linked.pages,
                    &evidence.linked.sources,
                    &evidence.formatter,
                );
            }
        }
        Some(Restaged {
            pages,
            site_wide: arrange || relink,
        })
    }

    /// Patches the job list (or makes it again after a site-wide stage ran)
    /// and renders the jobs whose fingerprint changed.
    fn render_changed(&mut self, restaged: Restaged, mut diags: Diagnostics) -> Change {
        let revisions = &self.revisions;
        let revision = |p: PageId| revisions[p];
        let patched = if restaged.site_wide {
            None
        } else {
            self.table.patch(&self.data, &restaged.pages, &revision)
        };
        let mut outputs = Vec::new();
        let dirty = match patched {
            Some(dirty) => {
                #[cfg(debug_assertions)]
                self.assert_table_fresh();
                dirty
            }
            None => {
                let own_robots = self.table.own_robots();
                let new = JobTable::new(&self.data, own_robots, &revision);
                if new.jobs().iter().any(|j| j.path.is_none()) {
                    return Change::NeedsFull;
                }
                let difference = self.table.replace(new);
                // A new file where another input already writes one: only
                // the full build's output checks say which.
                if (difference.added.iter()).any(|p| self.outputs.contains(p)) {
                    return Change::NeedsFull;
                }
                if !difference.added.is_empty() || !difference.removed.is_empty() {
                    for path in difference.removed {
                        self.outputs.remove(&path);
                        outputs.push((path, None));
                    }
                    self.outputs.extend(difference.added);
                    // Links to the files that came or went are checked again.
                    let paths: HashSet<&str> = self.outputs.iter().map(String::as_str).collect();
                    diags.extend(pipeline::check_local_links(
                        &self.data,
                        &pipeline::locate_local_links(&self.data),
                        &paths,
                    ));
                }
                difference.dirty
            }
        };
        let jobs = self.table.jobs();
        let rendered: Vec<_> = dirty
            .par_iter()
            .map(|&i| render::render_job(&self.data, &self.templates, &jobs[i]))
            .collect();
        let mut pages = 0;
        for result in rendered {
            match result {
                Ok(file) => {
                    pages += usize::from(file.path.ends_with(".html"));
                    outputs.push((file.path.clone(), Some(file)));
                }
                Err(d) => diags.push(d),
            }
        }
        Change::Patch {
            outputs,
            pages,
            diagnostics: diags,
        }
    }

    /// Debug builds (the differential test) check that the patched table
    /// is the one a fresh job list of the current data makes.
    #[cfg(debug_assertions)]
    fn assert_table_fresh(&self) {
        let revisions = &self.revisions;
        let own_robots = self.table.own_robots();
        let fresh = JobTable::new(&self.data, own_robots, &|p| revisions[p]);
        assert!(
            fresh == self.table,
            "the patched render-job table differs from a fresh one"
        );
    }
}

/// What [`Held::restage`] redid: the pages whose own data changed (edited,
/// or with a new PDF link), and whether a site-wide stage ran again.
struct Restaged {
    pages: Vec<PageId>,
    site_wide: bool,
}

/// weigh for edited page `index`, whose Markdown is now `doc`: its wording
/// lint, as the full build makes it. Returns whether the sentences the
/// sources' "Cited in" lists quote changed (backlinks are then remade).
fn reweigh(data: &SiteData, index: PageId, doc: &Rendered, diags: &mut Diagnostics) -> bool {
    let Some(evidence) = data.evidence.as_deref() else {
        return false;
    };
    let page = &data.content.pages[index];
    diags.extend(weigh::weigh_document(
        &data.config,
        &page.source,
        doc,
        &evidence.strengths,
    ));
    let claims = |d| weigh::claims::document_claims(d, &evidence.formatter);
    claims(&data.page_docs[index]) != claims(doc)
}

enum Reload {
    NeedsFull,
    Failed(crate::diagnostics::Diagnostic),
}

/// What [`content::arrange`] reads of a page: its terms and the fields
/// sections and terms sort by.
fn arrange_reads(page: &Page) -> impl PartialEq + '_ {
    let f = &page.front;
    (&f.title, f.weight, &f.date, &f.taxonomies)
}
