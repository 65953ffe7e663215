//! Which pages are printed: the pages of the `[print] sections`, in the
//! order the sections are listed, each section's pages in its own sort
//! order followed by its subsections'. Drafts (a draft page, or a page
//! under a draft section, even with `--drafts`) and `print = false` pages
//! stay out.

use std::collections::HashSet;

use crate::config::{Config, key_span};
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics, closest, did_you_mean};
use crate::ids::{PageId, SectionId};

/// The booklet's pages, in booklet order.
pub fn printed_pages(config: &Config, content: &Content) -> Vec<PageId> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for name in &config.print.sections {
        let Some(section) = find_section(content, name) else {
            continue;
        };
        let under_draft = content
            .ancestors(section)
            .iter()
            .any(|&s| content.sections[s].front.draft);
        if !under_draft {
            collect(content, section, &mut seen, &mut out);
        }
    }
    out
}

/// Warns about `[print] sections` entries that name no section, when the
/// site sets the key itself (the default names `factsheets`, which a site
/// need not have).
pub fn check_sections(config: &Config, content: &Content, diags: &mut Diagnostics) {
    let span = key_span(&config.source.text, "sections");
    if span.is_empty() {
        return;
    }
    for name in &config.print.sections {
        if find_section(content, name).is_some() {
            continue;
        }
        let dirs = content
            .sections
            .iter()
            .map(|s| s.dir.as_str())
            .filter(|d| !d.is_empty());
        let help = did_you_mean(&closest(name, dirs)).unwrap_or_else(|| {
            "list folders under content/ that hold an _index.md, e.g. sections = [\"factsheets\"]"
                .into()
        });
        diags.push(
            Diagnostic::warning(format!(
                "[print] sections names `{name}`, which is not a section; the booklet leaves it out"
            ))
            .at_span(&config.source, span.clone())
            .help(help),
        );
    }
}

fn find_section(content: &Content, name: &str) -> Option<SectionId> {
    let name = name.trim().trim_matches('/');
    content
        .sections
        .position(|s| !s.dir.is_empty() && s.dir == name)
}

fn collect(
    content: &Content,
    section: SectionId,
    seen: &mut HashSet<PageId>,
    out: &mut Vec<PageId>,
) {
    let s = &content.sections[section];
    if s.front.draft {
        return;
    }
    for &page in &s.pages {
        let front = &content.pages[page].front;
        if front.print && !front.draft && seen.insert(page) {
            out.push(page);
        }
    }
    for &sub in &s.subsections {
        collect(content, sub, seen, out);
    }
}
