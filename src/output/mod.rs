//! The output stage: a plan of every file the build writes (checked for
//! collisions and unsafe paths), the generated site-wide files, and the
//! atomic write into the output directory.
//!
//! A plan records every file's path and origin; its [`Sink`] decides where
//! the contents go as they are added. `sheaf build` writes each file into
//! the staging folder the moment it is rendered, so the site is never held
//! in memory whole; `sheaf serve` keeps the contents to serve them; `sheaf
//! check` drops them.

mod feed;
mod layout;
mod mount;
mod paths;
mod removal;
mod search_index;
mod sitemap;
mod staging;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub use feed::{atom_feed, atom_feed_in};
pub use layout::{MARKER_FILE, Written};
pub use paths::{UnsafePath, alias_file, page_file, request_file, safe_relative_path};
pub use search_index::{
    PlainTexts, SearchInput, search_index_in, search_index_path, write_search_index,
};
pub use sitemap::{robots_txt, robots_txt_warning, sitemap_xml};
pub use staging::{OutputError, Staging, write_site, write_site_with};

use crate::diagnostics::Diagnostic;

/// What one output file holds.
#[derive(Debug, Clone)]
pub enum FileContent {
    Bytes(Vec<u8>),
    /// Copied from this file at write time.
    Copy(PathBuf),
    /// Handed to the plan's sink when added (written to the staging folder,
    /// or dropped by `sheaf check`): nothing is held.
    Written,
}

/// Where a plan's file contents go as files are added.
#[derive(Debug, Clone, Default)]
pub enum Sink {
    /// Kept in the plan: `sheaf serve` serves them from memory.
    #[default]
    Memory,
    /// Written into the staging folder at once, not kept: `sheaf build`.
    Staging(Arc<Staging>),
    /// Not kept: `sheaf check`, or a build that has failed already.
    Discard,
}

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output root, forward slashes: `factsheets/x/index.html`.
    pub path: String,
    pub content: FileContent,
    /// The input that produced it, named in collision errors.
    pub origin: String,
}

/// Every file a build will write.
#[derive(Debug, Clone, Default)]
pub struct OutputPlan {
    pub files: Vec<OutputFile>,
    sink: Sink,
}

/// A rendered file: its path, the input it came from (for collision and
/// deletion messages) and its bytes.
#[derive(Debug)]
pub struct RenderedFile {
    pub path: String,
    pub origin: String,
    pub bytes: Vec<u8>,
}

/// The most render jobs one task of [`OutputPlan::add_rendered`] runs in
/// turn.
const RENDER_PIECE: usize = 8;

impl OutputPlan {
    /// An empty plan whose contents go to `sink`.
    pub fn new(sink: Sink) -> Self {
        OutputPlan {
            files: Vec::new(),
            sink,
        }
    }

    /// An empty plan with this one's sink, to fill on another thread and
    /// [`append`](Self::append).
    pub fn sibling(&self) -> Self {
        OutputPlan::new(self.sink.clone())
    }

    /// Hands `content` to the sink; what the plan keeps of it. Safe to call
    /// from many threads at once. An unsafe path is never written: the
    /// plan's [`check`](Self::check) reports it and the build fails.
    pub fn store(&self, path: &str, content: FileContent) -> FileContent {
        match &self.sink {
            Sink::Memory => content,
            Sink::Discard => FileContent::Written,
            Sink::Staging(staging) => {
                if safe_relative_path(path).is_ok() {
                    staging.write(path, &content);
                }
                FileContent::Written
            }
        }
    }

    pub fn add(&mut self, path: String, bytes: Vec<u8>, origin: &str) {
        let content = self.store(&path, FileContent::Bytes(bytes));
        self.push(path, content, origin);
    }

    pub fn copy(&mut self, path: String, source: PathBuf, origin: &str) {
        let content = self.store(&path, FileContent::Copy(source));
        self.push(path, content, origin);
    }

    fn push(&mut self, path: String, content: FileContent, origin: &str) {
        self.files.push(OutputFile {
            path,
            content,
            origin: origin.to_string(),
        });
    }

    /// Renders `jobs` in parallel, each file handed to the sink from the
    /// task that rendered it (so a build never holds all its pages at
    /// once), and records them in job order. Returns the failures, in job
    /// order.
    pub fn add_rendered<T: Sync>(
        &mut self,
        jobs: &[T],
        render: impl Fn(&T) -> Result<RenderedFile, Diagnostic> + Sync + Send,
    ) -> Vec<Diagnostic> {
        let done: Vec<Result<OutputFile, Diagnostic>> = jobs
            .par_iter()
            // Small pieces: rayon splits a range only until each thread has
            // some, and runs a piece it did not split on one thread, so
            // with thousands of jobs to a piece the other cores sat idle
            // for its last few hundred milliseconds (docs/performance.md,
            // "Render pieces").
            .with_max_len(RENDER_PIECE)
            .map(|job| {
                let file = render(job)?;
                Ok(OutputFile {
                    content: self.store(&file.path, FileContent::Bytes(file.bytes)),
                    path: file.path,
                    origin: file.origin,
                })
            })
            .collect();
        let mut failed = Vec::new();
        for file in done {
            match file {
                Ok(file) => self.files.push(file),
                Err(d) => failed.push(d),
            }
        }
        failed
    }

    /// Adds a file written a piece at a time by `write`, which calls its
    /// argument with each piece: a file too large to hold (the print
    /// booklet) goes to the staging folder as it is made. When `write`
    /// fails, nothing is added and its error is returned.
    pub fn add_streamed(
        &mut self,
        path: String,
        origin: &str,
        write: impl FnOnce(&mut dyn FnMut(&[u8])) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let content = match &self.sink {
            Sink::Memory => {
                let mut bytes = Vec::new();
                write(&mut |piece| bytes.extend_from_slice(piece))?;
                FileContent::Bytes(bytes)
            }
            Sink::Staging(staging) if safe_relative_path(&path).is_ok() => {
                staging.write_streamed(&path, write)?;
                FileContent::Written
            }
            Sink::Staging(_) | Sink::Discard => {
                write(&mut |_| {})?;
                FileContent::Written
            }
        };
        self.push(path, content, origin);
        Ok(())
    }

    /// Writes nothing more, for a build that has failed: a staging folder
    /// is let go (and so removed). A plan kept in memory is unchanged.
    pub fn stop_staging(&mut self) {
        if matches!(self.sink, Sink::Staging(_)) {
            self.sink = Sink::Discard;
        }
    }

    /// The staging folder the files were written to, if any; the plan
    /// keeps no contents afterwards either way.
    pub fn take_staging(&mut self) -> Option<Arc<Staging>> {
        match std::mem::replace(&mut self.sink, Sink::Discard) {
            Sink::Staging(staging) => Some(staging),
            other => {
                self.sink = other;
                None
            }
        }
    }

    /// Adds every file of `other`, after this plan's.
    pub fn append(&mut self, mut other: OutputPlan) {
        self.files.append(&mut other.files);
    }

    pub fn html_count(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count()
    }

    pub fn get(&self, path: &str) -> Option<&OutputFile> {
        self.files.iter().find(|f| f.path == path)
    }

    /// Reports paths that are unsafe or written by two inputs.
    pub fn check(&self) -> Vec<Diagnostic> {
        // Each path's own checks in parallel; the collisions in one pass.
        let checked: Vec<_> = (self.files.par_iter())
            .map(|file| {
                (
                    safe_relative_path(&file.path),
                    paths::case_folded(&file.path),
                )
            })
            .collect();
        let mut seen: FxHashMap<&str, &OutputFile> =
            FxHashMap::with_capacity_and_hasher(self.files.len(), Default::default());
        let mut folded: FxHashMap<&str, &OutputFile> =
            FxHashMap::with_capacity_and_hasher(self.files.len(), Default::default());
        let mut errors = Vec::new();
        for (file, (safe, folded_path)) in self.files.iter().zip(&checked) {
            if let Err(why) = safe {
                errors.push(
                    Diagnostic::error(format!("output path `{}` {why}", file.path))
                        .in_file(file.origin.clone())
                        .help(
                            "rename the file, slug or alias so it stays inside the output folder",
                        ),
                );
                continue;
            }
            if let Some(first) = seen.insert(file.path.as_str(), file) {
                errors.push(
                    Diagnostic::error(format!(
                        "{} and {} would both be written to /{}",
                        first.origin, file.origin, file.path
                    ))
                    .in_file(file.origin.clone())
                    .help("give one of them another `slug`, or rename one of the files"),
                );
                continue;
            }
            if let Some(first) = folded.insert(folded_path, file)
                && first.path != file.path
            {
                errors.push(
                    Diagnostic::error(format!(
                        "{} and {} would be written to /{} and /{}, which differ only by case: one overwrites the other on macOS and Windows",
                        first.origin, file.origin, first.path, file.path
                    ))
                    .in_file(file.origin.clone())
                    .help("spell the slug, alias or file name the same way as the other, or give it another name"),
                );
            }
        }
        errors
    }
}

/// The Content-Type for an output path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "txt" | "md" | "bib" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "csv" => "text/csv; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}
