//! Typed ids for the things the build's stages pass between them, so a
//! page index cannot be used where a section index is meant. Each wraps
//! the position in the vector `content` keeps that kind of thing in; those
//! vectors are `TiVec<PageId, Page>` and the like (typed-index-collections),
//! so only the right id indexes them.
//! A leaf module: it imports nothing from the crate, so every stage can
//! use it without an import cycle.

use std::sync::Arc;

pub use typed_index_collections::{TiSlice, TiVec};

macro_rules! index_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);

        impl $name {
            /// The position in the vector the id indexes.
            pub fn index(self) -> usize {
                self.0
            }
        }

        // What `TiVec<$name, _>` needs to index with the id.
        impl From<usize> for $name {
            fn from(index: usize) -> Self {
                $name(index)
            }
        }

        impl From<$name> for usize {
            fn from(id: $name) -> usize {
                id.0
            }
        }
    };
}

index_id!(
    /// A page: its position in `content.pages`.
    PageId
);
index_id!(
    /// A section: its position in `content.sections` ([`SectionId::HOME`] is the home page).
    SectionId
);
impl SectionId {
    /// The home page's section: always first in `content.sections`.
    pub const HOME: SectionId = SectionId(0);
}

index_id!(
    /// The notes of one source: position in `content.notes`.
    NoteId
);
index_id!(
    /// A configured taxonomy: position in `content.taxonomies` (config order).
    TaxonomyId
);

/// One term of one taxonomy: position in that taxonomy's `terms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermId {
    pub taxonomy: TaxonomyId,
    pub term: usize,
}

/// A bibliography entry's citation key, as written in the bibliography.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceKey(pub Arc<str>);

impl SourceKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SourceKey {
    fn from(key: &str) -> Self {
        SourceKey(key.into())
    }
}

/// A document whose citations count: a page, a section body or the notes
/// of a source. Ordered pages first, then sections, then notes, as
/// "Cited in" lists break ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocId {
    Page(PageId),
    Section(SectionId),
    Note(NoteId),
}
