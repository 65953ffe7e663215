//! A preview session: the last good build held in memory (site data,
//! compiled templates, link and anchor indexes, every output file), and the
//! rebuild that follows a batch of changed files — partial when it can be,
//! full otherwise. Nothing here touches the network or `public/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::guard::guarded;
use crate::diagnostics::{Diagnostic, display_path};
use crate::output::{FileContent, OutputPlan};
use crate::pipeline::{self, BuildOptions, Error};
use crate::rebuild::{Change, Held};
use crate::render::jobs::Rendered;

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

    fn rendered(file: Rendered) -> Self {
        Self {
            body: Body::Bytes(Bytes::from(file.bytes)),
            origin: file.origin,
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
    /// search index, booklet) are out of date until
    /// [`Session::refresh_site_files`] is asked.
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

/// A preview session over one site.
pub struct Session {
    opts: BuildOptions,
    state: Option<Held>,
    /// False after a failed partial rebuild left `state` half-updated: the
    /// next rebuild is a full one.
    consistent: bool,
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
            crash: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
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
                let (state, plan) = Held::new(assembled);
                let pages = plan.html_count();
                self.state = Some(state);
                self.consistent = true;
                Outcome {
                    kind: Kind::Full,
                    pages,
                    elapsed: start.elapsed(),
                    errors: Vec::new(),
                    warnings,
                    update: Some(Update::Replace(file_map(plan))),
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
            (Some(state), true) => state.update(&self.opts.root, changed),
            _ => Change::NeedsFull,
        };
        let mut outcome = match partial {
            Change::NeedsFull => self.full_build(),
            Change::Unchanged => Outcome {
                kind: Kind::Unchanged,
                pages: 0,
                elapsed: start.elapsed(),
                errors: Vec::new(),
                warnings: Vec::new(),
                update: None,
                deleted: Vec::new(),
                css_only: false,
            },
            Change::Patch {
                outputs,
                pages,
                diagnostics,
            } => {
                let (errors, warnings): (Vec<_>, Vec<_>) =
                    diagnostics.sorted().into_iter().partition(|d| d.is_error());
                let outputs: Vec<(String, Option<ServedFile>)> = outputs
                    .into_iter()
                    .map(|(path, file)| (path, file.map(ServedFile::rendered)))
                    .collect();
                let update = if errors.is_empty() {
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
    /// cannot be made from a consistent build. Whoever serves the files
    /// keeps the one file map and its stale flag ([`super::http::Published`]).
    /// A panic while making them is kept for [`Session::take_crash`].
    pub fn refresh_site_files(&mut self) -> Option<Vec<(String, ServedFile)>> {
        if !self.consistent {
            return None;
        }
        match guarded("making the sitemap, feed and search index", || {
            self.refresh_site_files_unguarded()
        }) {
            Ok(files) => files,
            Err(crash) => {
                self.consistent = false;
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
        let (rendered, _) = state.render_deferred();
        let files: Vec<(String, ServedFile)> = rendered
            .into_iter()
            .map(|file| (file.path.clone(), ServedFile::rendered(file)))
            .collect();
        Some(files)
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
