//! What templates know about a document's language: its tag and
//! direction, every version of it (for `<link rel="alternate" hreflang>`
//! and the language switcher), its language's home page and navigation,
//! and whether readers should be told it is out of date.

use serde::Serialize;

use crate::ids::{PageId, SectionId};
use crate::site::SiteData;

/// One version of a document.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub tag: String,
    pub name: String,
    pub dir: &'static str,
    /// Root-relative, for links.
    pub url: String,
    /// Absolute, for `hreflang` and sitemaps.
    pub permalink: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

/// Set on a translation whose source changed since it was marked.
#[derive(Debug, Clone, Serialize)]
pub struct Outdated {
    pub source_url: String,
    pub source_lang: String,
}

/// The `lang` variable of every template.
#[derive(Debug, Clone, Serialize)]
pub struct LangContext {
    pub tag: String,
    pub name: String,
    pub dir: &'static str,
    pub is_default: bool,
    /// Every version including this one, default language first, when the
    /// document has more than one; empty otherwise.
    pub versions: Vec<Version>,
    /// The default-language version's absolute URL (`hreflang="x-default"`).
    pub x_default: Option<String>,
    pub home_url: String,
    pub search_index_url: String,
    /// The language's print booklet (`/<tag>/print/`; src/print/languages.rs).
    pub print_url: String,
    pub feed_url: Option<String>,
    /// The main navigation in this language (a section's translation where
    /// there is one, else the source section).
    pub nav: Vec<NavLink>,
    pub outdated: Option<Outdated>,
}

/// A document, by kind and index.
#[derive(Debug, Clone, Copy)]
pub enum Doc {
    Page(PageId),
    Section(SectionId),
    /// A page with no translations (taxonomy, evidence, 404 in `lang`).
    Other,
}

/// Puts a document's language in a template context: `language` (this
/// module's [`LangContext`]) and `lang` (its tag, which the strings table's
/// `t()` reads).
pub fn insert_language(ctx: &mut tera::Context, data: &SiteData, doc: Doc, lang: Option<&str>) {
    let language = lang_context(data, doc, lang);
    ctx.insert("lang", &language.tag);
    ctx.insert("language", &language);
}

/// The language context of a document in `lang` (`None`: the default).
pub fn lang_context(data: &SiteData, doc: Doc, lang: Option<&str>) -> LangContext {
    let config = &data.config;
    let languages = &config.languages;
    let language = languages.get(lang);
    let prefix = lang.map(|t| format!("{t}/")).unwrap_or_default();
    let versions = versions_of(data, doc);
    let x_default = versions
        .first()
        .filter(|_| versions.len() > 1)
        .map(|v| v.permalink.clone());
    let outdated = match doc {
        Doc::Page(i) if data.content.translations.stale_pages.contains(&i) => {
            Some(data.content.translations.source_page(i))
                .map(|s| config.url_for(&data.content.pages[s].site_path))
        }
        Doc::Section(i) if data.content.translations.stale_sections.contains(&i) => {
            Some(data.content.translations.source_section(i))
                .map(|s| config.url_for(&data.content.sections[s].site_path))
        }
        _ => None,
    }
    .map(|source_url| Outdated {
        source_url,
        source_lang: languages.default.tag.clone(),
    });
    let versions = if versions.len() > 1 {
        versions
            .into_iter()
            .map(|mut v| {
                v.current = Some(v.tag.as_str()) == lang.or(Some(&languages.default.tag));
                v
            })
            .collect()
    } else {
        Vec::new()
    };
    let translations = &data.content.translations;
    let home = &data.content.sections[SectionId::HOME];
    let nav = home
        .subsections
        .iter()
        .map(|&s| {
            let shown = translations.section_in(s, lang).unwrap_or(s);
            let section = &data.content.sections[shown];
            NavLink {
                title: section.title.clone(),
                url: config.url_for(&section.site_path),
            }
        })
        .collect();
    LangContext {
        tag: language.tag.clone(),
        name: language.name.clone(),
        dir: language.dir.as_str(),
        is_default: lang.is_none(),
        versions,
        x_default,
        home_url: config.url_for(&prefix),
        search_index_url: config.url_for(&format!("{prefix}search-index.json")),
        print_url: config.url_for(&crate::print::languages::booklet_dir(lang)),
        feed_url: config
            .feed
            .enabled
            .then(|| config.url_for(&format!("{prefix}atom.xml"))),
        nav,
        outdated,
    }
}

/// Every version of a document, the default language's first, then by tag.
pub fn versions_of(data: &SiteData, doc: Doc) -> Vec<Version> {
    let t = &data.content.translations;
    let languages = &data.config.languages;
    let content = &data.content;
    // The source's site path, then each translation's (tag, site path).
    let (source, others): (&str, Vec<(&str, &str)>) = match doc {
        Doc::Page(i) => {
            let s = t.source_page(i);
            let others = t.page_versions.get(&s).into_iter().flatten();
            let others =
                others.map(|(tag, p)| (tag.as_str(), content.pages[*p].site_path.as_str()));
            (content.pages[s].site_path.as_str(), others.collect())
        }
        Doc::Section(i) => {
            let s = t.source_section(i);
            let others = t.section_versions.get(&s).into_iter().flatten();
            let others =
                others.map(|(tag, x)| (tag.as_str(), content.sections[*x].site_path.as_str()));
            (content.sections[s].site_path.as_str(), others.collect())
        }
        Doc::Other => return Vec::new(),
    };
    let version = |tag: Option<&str>, path: &str| {
        let language = languages.get(tag);
        Version {
            tag: language.tag.clone(),
            name: language.name.clone(),
            dir: language.dir.as_str(),
            url: data.config.url_for(path),
            permalink: data.config.permalink_for(path),
            current: false,
        }
    };
    let mut out = vec![version(None, source)];
    for (tag, path) in others {
        out.push(version(Some(tag), path));
    }
    out
}

/// For the sitemap: each translated document's absolute URL -> every
/// version as (hreflang, URL), `x-default` last. Empty on a one-language site.
pub fn sitemap_alternates(
    data: &SiteData,
) -> std::collections::HashMap<String, Vec<(String, String)>> {
    let t = &data.content.translations;
    let mut out = std::collections::HashMap::new();
    let docs = (t.page_versions.keys().map(|&p| Doc::Page(p)))
        .chain(t.section_versions.keys().map(|&s| Doc::Section(s)));
    for doc in docs {
        let versions = versions_of(data, doc);
        if versions.len() < 2 {
            continue;
        }
        let mut list: Vec<(String, String)> = versions
            .iter()
            .map(|v| (v.tag.clone(), v.permalink.clone()))
            .collect();
        list.push(("x-default".into(), versions[0].permalink.clone()));
        for v in &versions {
            out.insert(v.permalink.clone(), list.clone());
        }
    }
    out
}
