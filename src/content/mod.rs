//! The site's content: finding the Markdown files under `content/`, their
//! front matter, and the tree of sections and pages with their URLs. Loading
//! reads the disk; nothing here writes it.

pub mod date;
pub mod front_matter;
pub mod images;
mod load;
pub mod taxonomies;
pub mod term_order;
pub mod translations;
mod tree;

use std::path::PathBuf;
use std::sync::Arc;

pub use load::{arrange, load, reload_page};
pub use taxonomies::{Taxonomy, Term};
pub use tree::compare_pages;

use crate::diagnostics::SourceFile;
use crate::ids::{NoteId, PageId, SectionId, TaxonomyId, TiVec};
use front_matter::{NoteFront, PageFront, SectionFront};

/// A page: one Markdown file (or the `index.md` of a page bundle).
#[derive(Debug, Clone)]
pub struct Page {
    pub source: Arc<SourceFile>,
    /// Path under `content/` with forward slashes: `factsheets/learning-at-home.md`.
    pub relative_path: String,
    pub front: PageFront,
    /// Byte offset of the Markdown body in `source.text`.
    pub body_offset: usize,
    pub slug: String,
    /// Site path of the page's directory: `factsheets/learning-at-home/`.
    pub site_path: String,
    /// The section that lists this page.
    pub section: SectionId,
    /// For each configured taxonomy (in config order), the slugs of its terms.
    pub terms: TiVec<TaxonomyId, Vec<String>>,
    /// The language of a translation (`x.vi.md`); `None` for the site's
    /// default language. See src/i18n/.
    pub lang: Option<String>,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }
}

/// A section: a directory with an `_index.md`. `sections[SectionId::HOME]` is the home page.
#[derive(Debug, Clone)]
pub struct Section {
    pub source: Arc<SourceFile>,
    pub relative_path: String,
    pub front: SectionFront,
    pub body_offset: usize,
    /// The section's title: its front matter title, or its directory name.
    pub title: String,
    /// `factsheets/`; the home section's is empty.
    pub site_path: String,
    pub parent: Option<SectionId>,
    /// Pages in the section's sort order.
    pub pages: Vec<PageId>,
    /// Child sections by weight, then title.
    pub subsections: Vec<SectionId>,
    /// Directory under `content/` (`factsheets`), used to match `[print] sections`.
    pub dir: String,
    /// The language of a translated section (`_index.vi.md`, or one sheaf
    /// made for a translated page); `None` for the default language.
    pub lang: Option<String>,
}

impl Section {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }
}

/// Notes about one bibliography entry (`content/evidence/<key>.md`).
#[derive(Debug, Clone)]
pub struct Note {
    pub source: Arc<SourceFile>,
    pub key: String,
    pub front: NoteFront,
    pub body_offset: usize,
}

impl Note {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_offset..]
    }
}

/// A non-Markdown file under `content/` copied to the output: page-bundle
/// siblings and files beside pages.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the output root.
    pub dest: String,
    /// The file, as authors see it, for error messages.
    pub origin: String,
    /// The page bundle folder (under `content/`) the file belongs to, if any;
    /// the file is published only when that page is.
    pub bundle: Option<String>,
}

/// Everything `content/` holds, ready for the Markdown stage.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub pages: TiVec<PageId, Page>,
    pub sections: TiVec<SectionId, Section>,
    pub notes: TiVec<NoteId, Note>,
    pub assets: Vec<Asset>,
    pub taxonomies: TiVec<TaxonomyId, Taxonomy>,
    /// Paths under `content/` of the draft pages left out of this build, so
    /// a link to one can say it is a draft.
    pub drafts: Vec<String>,
    /// The size of every bundle and static image, for `<img width height>`.
    pub images: Arc<images::ImageSizes>,
    /// Which pages and sections translate which (src/i18n/).
    pub translations: translations::Translations,
}

impl Content {
    /// The chain of sections from the home page down to `section`.
    pub fn ancestors(&self, mut section: SectionId) -> Vec<SectionId> {
        let mut chain = vec![section];
        while let Some(parent) = self.sections[section].parent {
            chain.push(parent);
            section = parent;
        }
        chain.reverse();
        chain
    }
}
