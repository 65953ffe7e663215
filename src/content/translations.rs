//! Places translations in the site tree once the source-language tree is
//! built: each translation is tied to its source, listed by a section of
//! its own language (the translated `_index.<tag>.md`, or one made from the
//! source section, which keeps its source-language title), and checked
//! against the source it was last marked against.

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::content::{Content, Page, Section};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::ids::{PageId, SectionId, TiVec};

use crate::i18n::status::{self, Status};

/// Which pages and sections translate which. Empty on a one-language site.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// Source page -> its translations as (tag, page), by tag.
    pub page_versions: HashMap<PageId, Vec<(String, PageId)>>,
    /// Translated page -> its source page.
    pub page_source: HashMap<PageId, PageId>,
    /// Source section -> its translations (file or made) as (tag, section).
    pub section_versions: HashMap<SectionId, Vec<(String, SectionId)>>,
    /// Translated section -> its source section.
    pub section_source: HashMap<SectionId, SectionId>,
    /// Translated sections that have a file of their own (`_index.vi.md`).
    pub section_has_file: std::collections::HashSet<SectionId>,
    /// Translations whose source changed since they were marked.
    pub stale_pages: std::collections::HashSet<PageId>,
    pub stale_sections: std::collections::HashSet<SectionId>,
}

impl Translations {
    /// The source-language page of `page` (itself for a source page).
    pub fn source_page(&self, page: PageId) -> PageId {
        self.page_source.get(&page).copied().unwrap_or(page)
    }

    pub fn source_section(&self, section: SectionId) -> SectionId {
        self.section_source
            .get(&section)
            .copied()
            .unwrap_or(section)
    }

    /// The `lang` version of section `source`, if there is one.
    pub fn section_in(&self, source: SectionId, lang: Option<&str>) -> Option<SectionId> {
        match lang {
            None => Some(source),
            Some(tag) => self
                .section_versions
                .get(&source)?
                .iter()
                .find(|(t, _)| t == tag)
                .map(|&(_, i)| i),
        }
    }
}

/// Ties translations to their sources (an error for one without), builds
/// the translated sections, and warns about out-of-date translations.
/// Does nothing on a one-language site.
pub fn attach(
    config: &Config,
    content: &mut Content,
    section_files: Vec<(String, Section)>,
    diags: &mut Diagnostics,
) {
    if !config.languages.is_multilingual() && section_files.is_empty() {
        return;
    }
    let mut translations = Translations::default();
    let page_by_path: HashMap<&str, PageId> = content
        .pages
        .iter_enumerated()
        .filter(|(_, p)| p.lang.is_none())
        .map(|(i, p)| (p.relative_path.as_str(), i))
        .collect();
    let draft_paths: std::collections::HashSet<&str> =
        content.drafts.iter().map(String::as_str).collect();
    let mut orphans = Vec::new();
    for (i, page) in content.pages.iter_enumerated() {
        let Some(tag) = &page.lang else { continue };
        let source = crate::i18n::source_path_of(&page.relative_path, tag).unwrap_or_default();
        match page_by_path.get(source.as_str()) {
            Some(&s) => {
                translations.page_source.insert(i, s);
                translations
                    .page_versions
                    .entry(s)
                    .or_default()
                    .push((tag.clone(), i));
            }
            // A translation of a draft is left out with it.
            None if draft_paths.contains(source.as_str()) => orphans.push(i),
            None => {
                diags.push(without_source(&page.source, &source, tag));
                orphans.push(i);
            }
        }
    }
    if !orphans.is_empty() {
        remove_pages(content, &orphans, &mut translations);
    }
    for versions in translations.page_versions.values_mut() {
        versions.sort();
    }
    build_sections(content, section_files, &mut translations, diags);
    content.translations = translations;
    arrange_translations(content);
    refresh_status(content, diags);
}

/// The site-wide order of translations, run after every (re)arrangement
/// of the source tree: term pages list the default language's pages (a
/// translation keeps its terms, linking there), and a translated section
/// lists its pages in its source section's order.
pub fn arrange_translations(content: &mut Content) {
    if content.translations.section_source.is_empty() {
        return;
    }
    for taxonomy in &mut content.taxonomies {
        for term in &mut taxonomy.terms {
            term.pages.retain(|&p| content.pages[p].lang.is_none());
        }
    }
    let translations = &content.translations;
    for (&made, &source) in &translations.section_source {
        let tag = content.sections[made].lang.clone();
        let pages: Vec<PageId> = content.sections[source]
            .pages
            .iter()
            .filter_map(|p| {
                translations
                    .page_versions
                    .get(p)?
                    .iter()
                    .find(|(t, _)| Some(t) == tag.as_ref())
                    .map(|&(_, i)| i)
            })
            .collect();
        let order: Vec<SectionId> = content.sections[source].subsections.clone();
        let section = &mut content.sections[made];
        section.pages = pages;
        section.subsections.sort_by_key(|s| {
            order
                .iter()
                .position(|o| *o == translations.source_section(*s))
        });
    }
}

fn without_source(file: &SourceFile, source: &str, tag: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "{} is a translation into `{tag}` of content/{source}, which does not exist",
        file.display_path
    ))
    .in_file(file.display_path.clone())
    .help(format!(
        "a translation sits beside its source with the same name plus `.{tag}`; add content/{source} or rename this file"
    ))
}

/// Drops translations from `content.pages`, renumbering what refers to
/// pages by id (section lists, terms, the maps built so far).
fn remove_pages(content: &mut Content, remove: &[PageId], translations: &mut Translations) {
    let removed: std::collections::HashSet<PageId> = remove.iter().copied().collect();
    // Old id -> new id: the position among the pages kept.
    let mut new_index: TiVec<PageId, PageId> = TiVec::with_capacity(content.pages.len());
    let mut kept = 0;
    for i in content.pages.keys() {
        new_index.push(PageId::from(kept));
        kept += usize::from(!removed.contains(&i));
    }
    let old = std::mem::take(&mut content.pages);
    content.pages = (old.into_iter_enumerated())
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, page)| page)
        .collect();
    for section in &mut content.sections {
        for p in &mut section.pages {
            *p = new_index[*p];
        }
    }
    for taxonomy in &mut content.taxonomies {
        for term in &mut taxonomy.terms {
            term.pages.retain(|p| !removed.contains(p));
            for p in &mut term.pages {
                *p = new_index[*p];
            }
        }
    }
    translations.page_source = translations
        .page_source
        .iter()
        .map(|(&t, &s)| (new_index[t], new_index[s]))
        .collect();
    translations.page_versions = translations
        .page_versions
        .drain()
        .map(|(s, v)| {
            let v = v.into_iter().map(|(tag, t)| (tag, new_index[t])).collect();
            (new_index[s], v)
        })
        .collect();
}

/// Adds, per language, the sections its translated pages need: the
/// section's own translation when there is one, otherwise one made from the
/// source section, and every ancestor up to that language's home page.
fn build_sections(
    content: &mut Content,
    section_files: Vec<(String, Section)>,
    translations: &mut Translations,
    diags: &mut Diagnostics,
) {
    let by_dir: HashMap<String, SectionId> = content
        .sections
        .iter_enumerated()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    // (source section, tag) -> the translation file.
    let mut files: BTreeMap<(SectionId, String), Section> = BTreeMap::new();
    for (dir, section) in section_files {
        let tag = section.lang.clone().unwrap_or_default();
        match by_dir.get(&dir) {
            Some(&s) => {
                files.insert((s, tag), section);
            }
            None => {
                let source = crate::i18n::source_path_of(&section.relative_path, &tag)
                    .unwrap_or_else(|| section.relative_path.clone());
                diags.push(without_source(&section.source, &source, &tag));
            }
        }
    }
    // Which (section, tag) pairs are needed, with their ancestors.
    let mut needed: BTreeMap<(SectionId, String), ()> = BTreeMap::new();
    let wants = |section: SectionId, tag: &str, needed: &mut BTreeMap<(SectionId, String), ()>| {
        for s in content.ancestors(section) {
            needed.insert((s, tag.to_string()), ());
        }
    };
    for page in content.pages.iter().filter(|p| p.lang.is_some()) {
        wants(
            page.section,
            page.lang.as_deref().unwrap_or(""),
            &mut needed,
        );
    }
    for (s, tag) in files.keys() {
        wants(*s, tag, &mut needed);
    }
    // Ancestors come first in index order (a parent's folder sorts before
    // its children's), so each parent exists before its children.
    for (source, tag) in needed.into_keys() {
        let index = content.sections.next_key();
        let src = &content.sections[source];
        let parent = src
            .parent
            .and_then(|p| translations.section_in(p, Some(&tag)));
        let made = match files.remove(&(source, tag.clone())) {
            Some(mut own) => {
                if own.front.title.is_none() {
                    own.title = src.title.clone();
                }
                translations.section_has_file.insert(index);
                own
            }
            None => made_section(src, &tag),
        };
        let mut made = made;
        made.site_path = format!("{tag}/{}", src.site_path);
        made.dir = src.dir.clone();
        made.parent = parent;
        made.pages = Vec::new();
        made.subsections = Vec::new();
        made.lang = Some(tag.clone());
        content.sections.push(made);
        if let Some(p) = parent {
            content.sections[p].subsections.push(index);
        }
        translations.section_source.insert(index, source);
        translations
            .section_versions
            .entry(source)
            .or_default()
            .push((tag, index));
    }
    for versions in translations.section_versions.values_mut() {
        versions.sort();
    }
    for page in content.pages.iter_mut() {
        if let Some(tag) = page.lang.as_deref()
            && let Some(t) = translations.section_in(page.section, Some(tag))
        {
            page.section = t;
        }
    }
}

/// A translated section made for a language's pages when the section has
/// no `_index.<tag>.md`: the source's title and settings, no body.
fn made_section(src: &Section, tag: &str) -> Section {
    let relative_path = src
        .relative_path
        .strip_suffix(".md")
        .map_or_else(|| src.relative_path.clone(), |b| format!("{b}.{tag}.md"));
    Section {
        source: SourceFile::new(format!("content/{relative_path}"), ""),
        relative_path,
        front: src.front.clone(),
        body_offset: 0,
        title: src.title.clone(),
        site_path: String::new(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        dir: src.dir.clone(),
        lang: None,
    }
}

/// Compares each translation's recorded hash with its source's content
/// now; an out-of-date translation is a warning. Run at load and again by
/// `serve` after an edit.
pub fn refresh_status(content: &mut Content, diags: &mut Diagnostics) {
    let translations = &mut content.translations;
    translations.stale_pages.clear();
    translations.stale_sections.clear();
    for (&t, &s) in &translations.page_source {
        let (page, source): (&Page, &Page) = (&content.pages[t], &content.pages[s]);
        let status = status::status_of(page.front.source_hash.as_deref(), &source.source.text);
        if status != Status::UpToDate {
            translations.stale_pages.insert(t);
            diags.push(status::stale_warning(&page.source, &source.source, status));
        }
    }
    for &t in &translations.section_has_file {
        let s = translations.source_section(t);
        let (section, source) = (&content.sections[t], &content.sections[s]);
        let status = status::status_of(section.front.source_hash.as_deref(), &source.source.text);
        if status != Status::UpToDate {
            translations.stale_sections.insert(t);
            diags.push(status::stale_warning(
                &section.source,
                &source.source,
                status,
            ));
        }
    }
}
