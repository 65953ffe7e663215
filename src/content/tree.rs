//! Builds the section tree: which section lists which page, section
//! parents, drafts left out, and the order pages appear in.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::{Content, Page, Section};
use crate::config::{Config, SortBy};
use crate::diagnostics::SourceFile;
use crate::ids::{PageId, SectionId, TiVec};

/// The site path of a directory under `content/`: each part slugified.
pub fn dir_site_path(dir: &str) -> String {
    dir.split('/')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let s = slug::slugify(part);
            if s.is_empty() { "-".to_string() } else { s }
        })
        .map(|s| s + "/")
        .collect()
}

/// The nearest directory at or above `dir` that has a section.
fn nearest_section(dir: &str, by_dir: &BTreeMap<String, SectionId>) -> SectionId {
    let mut dir = dir;
    loop {
        if let Some(&i) = by_dir.get(dir) {
            return i;
        }
        match dir.rsplit_once('/') {
            Some((parent, _)) => dir = parent,
            None => dir = "",
        }
    }
}

pub(super) fn assemble(
    config: &Config,
    sections: Vec<(String, Section)>,
    pages: Vec<(String, Page)>,
    drafts: bool,
) -> Content {
    // A draft section hides itself and every page below it.
    let hidden_dirs: Vec<String> = sections
        .iter()
        .filter(|(dir, s)| !drafts && s.front.draft && !dir.is_empty())
        .map(|(dir, _)| format!("{dir}/"))
        .collect();
    let is_hidden = |dir: &str| {
        hidden_dirs
            .iter()
            .any(|h| format!("{dir}/").starts_with(h.as_str()))
    };
    let mut sections: Vec<(String, Section)> = sections
        .into_iter()
        .filter(|(dir, _)| !is_hidden(dir))
        .collect();
    if !sections.iter().any(|(dir, _)| dir.is_empty()) {
        sections.push((String::new(), synthetic_home(config)));
    }
    // Home first, then by directory, so indices are stable run to run.
    sections.sort_by(|a, b| (!a.0.is_empty(), &a.0).cmp(&(!b.0.is_empty(), &b.0)));
    let by_dir: BTreeMap<String, SectionId> = sections
        .iter()
        .enumerate()
        .map(|(i, (dir, _))| (dir.clone(), SectionId(i)))
        .collect();
    let mut sections: TiVec<SectionId, Section> = sections.into_iter().map(|(_, s)| s).collect();
    for i in (1..sections.len()).map(SectionId) {
        let dir = sections[i].dir.clone();
        let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
        let parent = nearest_section(parent_dir, &by_dir);
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
    let mut kept_pages = Vec::new();
    let mut left_out = Vec::new();
    let mut pages = pages;
    pages.sort_by(|a, b| a.1.relative_path.cmp(&b.1.relative_path));
    for (dir, mut page) in pages {
        if page.front.draft && !drafts {
            left_out.push(page.relative_path);
            continue;
        }
        if is_hidden(&dir) {
            continue;
        }
        page.section = nearest_section(&dir, &by_dir);
        kept_pages.push(page);
    }
    // Translations are listed by their own language's sections (src/i18n/).
    let kept_pages: TiVec<PageId, Page> = kept_pages.into();
    for (i, page) in kept_pages.iter_enumerated() {
        if page.lang.is_none() {
            sections[page.section].pages.push(i);
        }
    }
    Content {
        pages: kept_pages,
        sections,
        drafts: left_out,
        ..Content::default()
    }
}

fn synthetic_home(config: &Config) -> Section {
    Section {
        source: SourceFile::new("content/_index.md", ""),
        relative_path: "_index.md".into(),
        front: Default::default(),
        body_offset: 0,
        title: config.title.clone(),
        site_path: String::new(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        dir: String::new(),
        lang: None,
    }
}

/// Orders each section's pages and subsections.
pub(super) fn sort_sections(config: &Config, content: &mut Content) {
    let pages = &content.pages;
    let sections_snapshot: TiVec<SectionId, (Option<i64>, String)> = content
        .sections
        .iter()
        .map(|s| (s.front.weight, s.title.to_lowercase()))
        .collect();
    for section in &mut content.sections {
        let sort_by = section.front.sort_by.unwrap_or(config.default_section_sort);
        section
            .pages
            .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], sort_by));
        section.subsections.sort_by(|&a, &b| {
            let (wa, ta) = &sections_snapshot[a];
            let (wb, tb) = &sections_snapshot[b];
            wa.unwrap_or(i64::MAX)
                .cmp(&wb.unwrap_or(i64::MAX))
                .then_with(|| ta.cmp(tb))
                .then(a.cmp(&b))
        });
    }
}

/// The order of two pages in a section listing. Ties fall back to title and
/// then file path so the order never depends on the file system.
pub fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> Ordering {
    let by_title = || {
        a.front
            .title
            .to_lowercase()
            .cmp(&b.front.title.to_lowercase())
            .then_with(|| a.relative_path.cmp(&b.relative_path))
    };
    match sort_by {
        SortBy::Weight => a
            .front
            .weight
            .unwrap_or(i64::MAX)
            .cmp(&b.front.weight.unwrap_or(i64::MAX))
            .then_with(by_title),
        // Newest first; undated pages last.
        SortBy::Date => match (&a.front.date, &b.front.date) {
            (Some(x), Some(y)) => y.cmp(x).then_with(by_title),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => by_title(),
        },
        SortBy::Title => by_title(),
    }
}
