//! A preview session: the last good build held in memory (site data,
//! compiled templates, link and anchor indexes, every output file), and the
//! rebuild that follows a batch of changed files — partial when it can be,
//! full otherwise. Nothing here touches the network or `public/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::guard::guarded;
use super::incremental::{self, Partial};
use crate::diagnostics::{Diagnostic, display_path};
use crate::markdown::{AnchorIndex, LinkIndex};
use crate::output::{FileContent, OutputPlan};
use crate::pipeline::{self, Assembled, BuildOptions, Error};
use crate::render::Templates;
use crate::site::SiteData;

/// What one served file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Rendered in memory.
    Bytes(Bytes),
    /// A static file or content asset, read from its source when requested.
    Disk(PathBuf),
}

/// One file of the in-memory site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedFile {
    pub body: Body,
    /// The input that produced it (`content/factsheets/x.md`), so the
    /// outputs of a deleted source can be withdrawn.
    pub origin: String,
}

impl ServedFile {
    pub fn html(html: String, origin: &str) -> Self {
        Self {
            body: Body::Bytes(Bytes::from(html)),
            origin: origin.to_string(),
        }
    }
}

/// Output path (`factsheets/x/index.html`) to file.
pub type FileMap = HashMap<String, ServedFile>;

/// How a rebuild went about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Every file rendered again.
    Full,
    /// Only the files the changes affect.
    Partial,
    /// The changed files hold what the build already used.
    Unchanged,
}

/// The change to apply to the served files after a successful rebuild.
#[derive(Debug)]
pub enum Update {
    /// A new site: replace every file.
    Replace(FileMap),
    /// Some files rendered again; the site-wide files (sitemap, feed,
    /// search index) are out of date until [`Session::site_files`] is asked.
    Patch(Vec<(String, Option<ServedFile>)>),
}

/// What a rebuild did.
#[derive(Debug)]
pub struct Outcome {
    pub kind: Kind,
    /// HTML files rendered.
    pub pages: usize,
    pub elapsed: Duration,
    /// Errors (non-empty means the rebuild failed and nothing changed).
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// Present when the rebuild succeeded.
    pub update: Option<Update>,
    /// Shown paths of changed sources that no longer exist: their outputs
    /// are withdrawn even when the rebuild failed.
    pub deleted: Vec<String>,
    /// Every change was to a stylesheet: the browser may swap it in place.
    pub css_only: bool,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The last good build, kept to rebuild part of it.
pub(super) struct State {
    pub data: SiteData,
    pub templates: Templates,
    pub links: LinkIndex,
    /// Heading ids of every page and section, by content path.
    pub anchors: AnchorIndex,
    /// Page index by content path.
    pub page_index: HashMap<String, usize>,
}

impl State {
    fn new(assembled: Assembled) -> (Self, OutputPlan) {
        let Assembled {
            data,
            templates,
            links,
            plan,
            ..
        } = assembled;
        let mut anchors = AnchorIndex::new();
        for (page, doc) in data.content.pages.iter().zip(&data.page_docs) {
            anchors.insert(page.relative_path.clone(), doc.heading_ids.clone());
        }
        for (section, doc) in data.content.sections.iter().zip(&data.section_docs) {
            anchors.insert(section.relative_path.clone(), doc.heading_ids.clone());
        }
        let page_index = data
            .content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.relative_path.clone(), i))
            .collect();
        (
            Self {
                data,
                templates,
                links,
                anchors,
                page_index,
            },
            plan,
        )
    }
}

/// A preview session over one site.
pub struct Session {
    opts: BuildOptions,
    state: Option<State>,
    /// False after a failed partial rebuild left `state` half-updated: the
    /// next rebuild is a full one.
    consistent: bool,
    files: FileMap,
    site_files_stale: bool,
    /// A panic caught while regenerating the site-wide files on request,
    /// waiting to be shown in the overlay.
    crash: Option<Diagnostic>,
}

impl Session {
    /// A session that builds with `opts` (whose `base_url` should be the
    /// local address). Nothing is built until [`Session::full_build`].
    pub fn new(opts: BuildOptions) -> Self {
        Self {
            opts,
            state: None,
            consistent: false,
            files: FileMap::new(),
            site_files_stale: false,
            crash: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// Every file of the last good build. Site-wide files may be stale: see
    /// [`Session::refresh_site_files`].
    pub fn files(&self) -> &FileMap {
        &self.files
    }

    /// The bibliography files and theme the last build used, for watching.
    pub fn bibliography(&self) -> Vec<PathBuf> {
        self.state
            .as_ref()
            .map(|s| {
                s.data
                    .config
                    .bibliography
                    .iter()
                    .map(|p| self.opts.root.join(p))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Builds everything again, in memory. A panic inside the build is
    /// reported as an internal error in the outcome, never passed on.
    pub fn full_build(&mut self) -> Outcome {
        let start = Instant::now();
        match guarded("building the site", || self.full_build_unguarded(start)) {
            Ok(outcome) => outcome,
            Err(crash) => self.crashed(start, crash),
        }
    }

    /// The outcome of a build that panicked: the last good build is still
    /// served, and the next rebuild is a full one.
    fn crashed(&mut self, start: Instant, crash: Diagnostic) -> Outcome {
        self.consistent = false;
        Outcome {
            kind: Kind::Full,
            pages: 0,
            elapsed: start.elapsed(),
            errors: vec![crash],
            warnings: Vec::new(),
            update: None,
            deleted: Vec::new(),
            css_only: false,
        }
    }

    /// Marks the last build unusable for partial rebuilds (after a panic
    /// elsewhere while the session was locked): the next one is full.
    pub fn invalidate(&mut self) {
        self.consistent = false;
    }

    fn full_build_unguarded(&mut self, start: Instant) -> Outcome {
        // The old build is not needed to make the new one; dropping it first
        // keeps peak memory near one build instead of two.
        self.state = None;
        match pipeline::assemble_site(&self.opts, true) {
            Ok(assembled) => {
                let warnings = assembled.report.warnings.clone();
                let (state, plan) = State::new(assembled);
                let pages = plan.html_count();
                self.files = file_map(plan);
                self.state = Some(state);
                self.consistent = true;
                self.site_files_stale = false;
                Outcome {
                    kind: Kind::Full,
                    pages,
                    elapsed: start.elapsed(),
                    errors: Vec::new(),
                    warnings,
                    update: Some(Update::Replace(self.files.clone())),
                    deleted: Vec::new(),
                    css_only: false,
                }
            }
            Err(e) => {
                self.consistent = false;
                Outcome {
                    kind: Kind::Full,
                    pages: 0,
                    elapsed: start.elapsed(),
                    errors: error_diagnostics(e),
                    warnings: Vec::new(),
                    update: None,
                    deleted: Vec::new(),
                    css_only: false,
                }
            }
        }
    }

    /// Rebuilds after `changed` (absolute paths) were created, modified or
    /// removed: only what they affect when every change is an edit to an
    /// existing page, everything otherwise.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        let start = Instant::now();
        match guarded("rebuilding the site", || {
            self.rebuild_unguarded(changed, start)
        }) {
            Ok(outcome) => outcome,
            Err(crash) => self.crashed(start, crash),
        }
    }

    fn rebuild_unguarded(&mut self, changed: &[PathBuf], start: Instant) -> Outcome {
        let deleted: Vec<String> = changed
            .iter()
            .filter(|p| !p.exists())
            .map(|p| display_path(&self.opts.root, p))
            .collect();
        let css_only = !changed.is_empty()
            && changed
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"));
        let partial = match (&mut self.state, self.consistent) {
            (Some(state), true) => incremental::rebuild(state, &self.opts.root, changed),
            _ => Partial::NeedsFull,
        };
        let mut outcome = match partial {
            Partial::NeedsFull => self.full_build(),
            Partial::Unchanged => Outcome {
                kind: Kind::Unchanged,
                pages: 0,
                elapsed: start.elapsed(),
                errors: Vec::new(),
                warnings: Vec::new(),
                update: None,
                deleted: Vec::new(),
                css_only: false,
            },
            Partial::Done {
                outputs,
                pages,
                diagnostics,
            } => {
                let (errors, warnings): (Vec<_>, Vec<_>) =
                    diagnostics.sorted().into_iter().partition(|d| d.is_error());
                let update = if errors.is_empty() {
                    for (path, file) in &outputs {
                        match file {
                            Some(file) => self.files.insert(path.clone(), file.clone()),
                            None => self.files.remove(path),
                        };
                    }
                    self.site_files_stale = true;
                    Some(Update::Patch(outputs))
                } else {
                    self.consistent = false;
                    None
                };
                Outcome {
                    kind: Kind::Partial,
                    pages,
                    elapsed: start.elapsed(),
                    errors,
                    warnings,
                    update,
                    deleted: Vec::new(),
                    css_only: false,
                }
            }
        };
        outcome.elapsed = start.elapsed();
        outcome.deleted = deleted;
        outcome.css_only = css_only && outcome.ok();
        outcome
    }

    /// Regenerates the sitemap, feed, robots.txt, search index and print
    /// booklet after
    /// partial rebuilds (they cover every page, so they are made when asked
    /// for rather than on every save). `None` when they are up to date or
    /// cannot be made from a consistent build.
    /// A panic while making them is kept for [`Session::take_crash`].
    pub fn refresh_site_files(&mut self) -> Option<Vec<(String, ServedFile)>> {
        if !self.site_files_stale || !self.consistent {
            return None;
        }
        match guarded("making the sitemap, feed and search index", || {
            self.refresh_site_files_unguarded()
        }) {
            Ok(files) => files,
            Err(crash) => {
                self.consistent = false;
                self.site_files_stale = false;
                self.crash = Some(crash);
                None
            }
        }
    }

    /// The internal error of a site-file refresh that panicked, once.
    pub fn take_crash(&mut self) -> Option<Diagnostic> {
        self.crash.take()
    }

    fn refresh_site_files_unguarded(&mut self) -> Option<Vec<(String, ServedFile)>> {
        let state = self.state.as_ref()?;
        let mut plan = OutputPlan::default();
        pipeline::add_site_files(&state.data, &mut plan);
        // The booklet gathers every printed page, so it is remade with them.
        let printed = crate::print::printed_pages(&state.data.config, &state.data.content);
        let mut diags = crate::diagnostics::Diagnostics::new();
        crate::print::add_booklet(
            &state.data,
            &state.templates,
            &printed,
            false,
            &mut plan,
            &mut diags,
        );
        let files: Vec<(String, ServedFile)> = file_map(plan).into_iter().collect();
        for (path, file) in &files {
            self.files.insert(path.clone(), file.clone());
        }
        self.site_files_stale = false;
        Some(files)
    }

    /// Whether the site-wide files are out of date.
    pub fn site_files_stale(&self) -> bool {
        self.site_files_stale
    }
}

/// Whether an output path is one of the site-wide files.
pub fn is_site_file(path: &str) -> bool {
    matches!(
        path,
        "sitemap.xml" | "robots.txt" | "search-index.json" | "atom.xml" | "print/index.html"
    )
}

fn file_map(plan: OutputPlan) -> FileMap {
    plan.files
        .into_iter()
        .filter_map(|f| {
            let body = match f.content {
                FileContent::Bytes(b) => Body::Bytes(Bytes::from(b)),
                FileContent::Copy(p) => Body::Disk(p),
                // Only a build's plan writes to disk; serve's keeps all.
                FileContent::Written => return None,
            };
            Some((
                f.path,
                ServedFile {
                    body,
                    origin: f.origin,
                },
            ))
        })
        .collect()
}

/// A failed build's diagnostics, whatever kind of failure it was.
pub fn error_diagnostics(error: Error) -> Vec<Diagnostic> {
    match error {
        Error::Site { diagnostics } => diagnostics,
        Error::Output(e) => vec![Diagnostic::error(e.to_string()).help(e.help())],
        Error::Environment { message, help } => vec![Diagnostic::error(message).help(help)],
    }
}
