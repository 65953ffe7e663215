//! The output stage: a plan of every file the build writes (checked for
//! collisions and unsafe paths), the generated site-wide files, and the
//! atomic write into the output directory.

mod feed;
mod paths;
mod search_index;
mod sitemap;
mod staging;

use std::collections::HashMap;
use std::path::PathBuf;

pub use feed::{atom_feed, atom_feed_in};
pub use paths::{alias_file, page_file, safe_relative_path};
pub use search_index::{search_index, search_index_in};
pub use sitemap::{robots_txt, robots_txt_warning, sitemap_xml};
pub use staging::{MARKER_FILE, OutputError, Written, write_site, write_site_with};

use crate::diagnostics::Diagnostic;

/// What one output file holds.
#[derive(Debug, Clone)]
pub enum FileContent {
    Bytes(Vec<u8>),
    /// Copied from this file at write time.
    Copy(PathBuf),
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
}

impl OutputPlan {
    pub fn add(&mut self, path: String, bytes: Vec<u8>, origin: &str) {
        self.files.push(OutputFile {
            path,
            content: FileContent::Bytes(bytes),
            origin: origin.to_string(),
        });
    }

    pub fn copy(&mut self, path: String, source: PathBuf, origin: &str) {
        self.files.push(OutputFile {
            path,
            content: FileContent::Copy(source),
            origin: origin.to_string(),
        });
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
        let mut seen: HashMap<&str, &OutputFile> = HashMap::with_capacity(self.files.len());
        let mut folded: HashMap<String, &OutputFile> = HashMap::with_capacity(self.files.len());
        let mut errors = Vec::new();
        for file in &self.files {
            if let Err(why) = safe_relative_path(&file.path) {
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
            if let Some(first) = folded.insert(paths::case_folded(&file.path), file)
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
