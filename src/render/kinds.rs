//! What each page calls itself: its front matter `kind`, else the nearest
//! section's `kind_label` or `kind`, else a factsheet (a plain page at the
//! top of the site); and what a list of
//! pages calls itself: their shared kind, or plain "pages" when kinds mix.

use crate::content::Content;
use crate::content::front_matter::key_span;
use crate::diagnostics::{Diagnostic, SourceFile, closest, did_you_mean};
use crate::ids::{PageId, SectionId};

use super::strings::Strings;

pub use super::strings::KindName;

/// The kind of a page that names none, in a section that names none.
pub const DEFAULT_KIND: &str = "factsheet";
/// The kind a list of pages of different kinds is counted in.
pub const MIXED_KIND: &str = "page";

/// The kind of page `index`.
pub fn page_kind(content: &Content, index: PageId) -> KindName {
    let page = &content.pages[index];
    match &page.front.kind {
        Some(id) => KindName::Id(id.clone()),
        None => section_kind(content, page.section),
    }
}

/// The kind a section's pages are by default: its own `kind_label` or
/// `kind`, else its parent's, else a factsheet — except pages at the top of
/// the site (About, Contact), which are plain pages.
pub fn section_kind(content: &Content, section: SectionId) -> KindName {
    for s in content.ancestors(section).into_iter().rev() {
        let front = &content.sections[s].front;
        if let Some([one, other]) = &front.kind_label {
            return KindName::Label {
                one: one.clone(),
                other: other.clone(),
            };
        }
        if let Some(id) = &front.kind {
            return KindName::Id(id.clone());
        }
    }
    let id = if section == SectionId::HOME {
        MIXED_KIND
    } else {
        DEFAULT_KIND
    };
    KindName::Id(id.into())
}

/// The kind shared by every page listed, `page` when they differ, or
/// `otherwise` when there are none.
pub fn common_kind(
    content: &Content,
    pages: impl IntoIterator<Item = PageId>,
    otherwise: KindName,
) -> KindName {
    let mut kinds = pages.into_iter().map(|p| page_kind(content, p));
    let Some(first) = kinds.next() else {
        return otherwise;
    };
    if kinds.all(|k| k == first) {
        first
    } else {
        KindName::Id(MIXED_KIND.into())
    }
}

/// Every page of a section and its subsections.
pub fn pages_under(content: &Content, section: SectionId) -> Vec<PageId> {
    let mut out = content.sections[section].pages.clone();
    for &sub in &content.sections[section].subsections {
        out.extend(pages_under(content, sub));
    }
    out
}

/// An error for each page or section whose `kind` names no `kind.<id>` in
/// the strings table, at the key, with the nearest known kind.
pub fn check_kinds(content: &Content, strings: &Strings, lang: &str) -> Vec<Diagnostic> {
    let known = strings.kinds(lang);
    let named = content
        .pages
        .iter()
        .map(|p| (&p.front.kind, &p.source))
        .chain(content.sections.iter().map(|s| (&s.front.kind, &s.source)));
    let mut out = Vec::new();
    for (kind, source) in named {
        let Some(id) = kind else { continue };
        if known.iter().any(|k| k == id) {
            continue;
        }
        out.push(unknown_kind(id, source, &known));
    }
    out
}

fn unknown_kind(id: &str, source: &SourceFile, known: &[String]) -> Diagnostic {
    let suggestions = closest(id, known.iter().map(String::as_str));
    let list = known.join(", ");
    let help = match did_you_mean(&suggestions) {
        Some(hint) => format!("{hint} The kinds are: {list}"),
        None => format!(
            "use one of {list}, add `[kind] {id} = {{ one = \"…\", other = \"…\" }}` to strings/en.toml, or name it in the section: kind_label = [\"…\", \"…\"]"
        ),
    };
    let span = key_span(&source.text, "kind");
    Diagnostic::error(format!("unknown page kind `{id}`"))
        .at_span(source, span.start..span.end.max(span.start + 1))
        .help(help)
}
