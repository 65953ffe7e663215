//! Evidence formatting: loading bibliographies (.bib, hayagriva .yml) and
//! formatting in-text citations and reference lists (APA 7 by default,
//! Chicago author-date, Harvard, or a user CSL file).
//!
//! APA, Chicago and Harvard are written here from the entry data rather than
//! by hayagriva's CSL engine, whose APA output drops report institutions,
//! doubles chapter book titles, letters same-year works in citation order
//! and leaves text unescaped (see NOTES.md).

mod apa_refs;
mod bib_guard;
mod bibliography;
mod bibtex;
mod case;
mod csl;
mod csl_cite;
mod csl_html;
mod csl_json;
mod dates;
mod disambiguate;
mod fields;
mod formatter;
mod intext;
mod latex;
pub mod levels;
pub mod linking;
mod markup;
mod names;
mod references;
mod standin;
mod style;
mod terms;
pub mod webpage;
pub mod weigh;
mod work;

pub(crate) use apa_refs::title_case_warnings;
pub use bibliography::{Bibliography, load_bibliography, parse_bibliography};
pub use formatter::Formatter;
pub use style::CitationStyle;
pub use work::{Name, PublicationStatus, Work, WorkKind};

#[cfg(test)]
mod intext_tests;
#[cfg(test)]
mod tests;
