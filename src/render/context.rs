//! The typed contexts templates receive (documented in docs/templates.md).
//! They borrow from the build's data instead of copying it.

use serde::Serialize;

use super::kinds::{self, KindName};
use crate::config::Config;
use crate::content::{Content, Page, Section};
use crate::evidence::linking::{CitedSource, ReferenceEntry};
use crate::ids::{PageId, SectionId};
use crate::markdown::TocEntry;
use crate::print::extras::QrCode;
use crate::site::SiteData;

#[derive(Debug, Serialize)]
pub struct ConfigContext<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    pub language: &'a str,
    pub taxonomies: &'a [String],
    pub citation_style: &'a str,
    pub print: PrintContext<'a>,
    pub feed_enabled: bool,
    pub extra: &'a toml::Table,
    /// `[brand]` as written (docs/branding.md).
    pub brand: &'a crate::config::brand::Brand,
    /// `[brand] organisation`, else the title.
    pub organisation: &'a str,
}

#[derive(Debug, Serialize)]
pub struct PrintContext<'a> {
    pub paper: &'static str,
    pub booklet_title: String,
    pub sections: &'a [String],
}

impl<'a> ConfigContext<'a> {
    pub fn new(config: &'a Config) -> Self {
        Self {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            language: &config.language,
            taxonomies: &config.taxonomies,
            citation_style: &config.citation_style,
            print: PrintContext {
                paper: config.print.paper.as_str(),
                booklet_title: config.booklet_title(),
                sections: &config.print.sections,
            },
            feed_enabled: config.feed.enabled,
            extra: &config.extra,
            brand: &config.brand,
            organisation: crate::brand::organisation(config),
        }
    }
}

#[derive(Debug, Serialize, Clone)]
pub struct LinkContext<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct NamedLink {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct SiteContext<'a> {
    pub home_url: String,
    pub nav: Vec<LinkContext<'a>>,
    pub taxonomies: Vec<NamedLink>,
    pub stylesheet_url: String,
    pub search_js_url: String,
    pub search_index_url: String,
    pub feed_url: Option<String>,
    pub evidence_url: String,
    pub evidence_levels_url: String,
    pub print_url: String,
    /// `base_url` without its path: `origin ~ current_url` is the page's
    /// absolute URL (canonical link, `og:url`).
    pub origin: String,
    pub favicon_url: String,
    /// What the site's pages are called together (docs/branding.md).
    pub kind: KindName,
    #[serde(flatten)]
    pub brand: crate::brand::BrandContext,
}

impl<'a> SiteContext<'a> {
    pub fn new(config: &'a Config, content: &'a Content, stylesheet_hash: &str) -> Self {
        let home = &content.sections[SectionId::HOME];
        Self {
            home_url: config.url_for(""),
            nav: home
                .subsections
                .iter()
                .map(|&s| LinkContext {
                    title: &content.sections[s].title,
                    url: config.url_for(&content.sections[s].site_path),
                })
                .collect(),
            taxonomies: config
                .taxonomies
                .iter()
                .map(|t| NamedLink {
                    name: t.clone(),
                    url: config.url_for(&format!("{t}/")),
                })
                .collect(),
            stylesheet_url: format!("{}?h={stylesheet_hash}", config.url_for("style.css")),
            search_js_url: config.url_for("search.js"),
            search_index_url: config.url_for("search-index.json"),
            feed_url: config.feed.enabled.then(|| config.url_for("atom.xml")),
            evidence_url: config.url_for("evidence/"),
            evidence_levels_url: config.url_for("evidence/levels/"),
            print_url: config.url_for("print/"),
            origin: origin_of(&config.base_url),
            favicon_url: config.url_for(
                config
                    .brand
                    .settings
                    .favicon
                    .as_deref()
                    .unwrap_or("favicon.svg")
                    .trim_start_matches('/'),
            ),
            kind: kinds::common_kind(
                content,
                content.pages.keys(),
                KindName::Id(kinds::DEFAULT_KIND.into()),
            ),
            brand: crate::brand::BrandContext::new(config, content),
        }
    }
}

/// `https://example.org/a/b/` -> `https://example.org`: the part of the
/// base URL that `url_for` paths (which start with the base path) follow.
fn origin_of(base_url: &str) -> String {
    match url::Url::parse(base_url) {
        Ok(url) => url.origin().ascii_serialization(),
        Err(_) => base_url.trim_end_matches('/').to_string(),
    }
}

#[derive(Debug, Serialize)]
pub struct TermLink {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct PageTaxonomy {
    pub name: String,
    pub url: String,
    pub terms: Vec<TermLink>,
}

/// A page as listed on sections and taxonomy pages.
#[derive(Debug, Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub url: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub evidence_level: Option<&'static str>,
    pub taxonomies: Vec<PageTaxonomy>,
    pub kind: KindName,
}

#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub word_count: usize,
    pub reading_minutes: usize,
    pub url: String,
    pub permalink: String,
    pub slug: &'a str,
    pub relative_path: &'a str,
    pub evidence_level: Option<&'static str>,
    pub taxonomies: Vec<PageTaxonomy>,
    // Linking's and print's results are named one by one rather than
    // flattened: `#[serde(flatten)]` makes the whole context a map with a
    // fresh key string per field, on every page.
    /// From linking ([`crate::evidence::linking::PageCitations`]).
    pub citations: &'a [CitedSource],
    pub references: &'a [ReferenceEntry],
    /// From print ([`crate::print::extras::PrintExtras`]).
    pub pdf_url: Option<&'a str>,
    pub cite_as: &'a str,
    pub qr_svg: &'a QrCode,
    /// From weigh: citable metadata and "Evidence last reviewed".
    pub weigh: &'a crate::evidence::weigh::cite_export::PageMeta,
    pub print: bool,
    pub section: Option<LinkContext<'a>>,
    pub ancestors: Vec<LinkContext<'a>>,
    pub previous: Option<LinkContext<'a>>,
    pub next: Option<LinkContext<'a>>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    pub kind: KindName,
}

#[derive(Debug, Serialize)]
pub struct SubsectionSummary<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub url: String,
    pub page_count: usize,
    pub page_kind: KindName,
}

#[derive(Debug, Serialize)]
pub struct SectionContext<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub content: &'a str,
    pub url: String,
    pub permalink: String,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    // `pages` is added from the shared entries (render::summaries).
    pub subsections: Vec<SubsectionSummary<'a>>,
    pub ancestors: Vec<LinkContext<'a>>,
    pub is_home: bool,
    pub page_kind: KindName,
}

/// Builders shared by every page type.
impl SiteData {
    pub fn page_taxonomies(&self, page: &Page) -> Vec<PageTaxonomy> {
        let config = &self.config;
        page.terms
            .iter_enumerated()
            .filter(|(_, slugs)| !slugs.is_empty())
            .map(|(t, slugs)| {
                let taxonomy = &self.content.taxonomies[t];
                PageTaxonomy {
                    name: taxonomy.name.clone(),
                    url: config.url_for(&taxonomy.site_path()),
                    terms: slugs
                        .iter()
                        .filter_map(|slug| taxonomy.term(slug))
                        .map(|term| TermLink {
                            name: term.name.clone(),
                            slug: term.slug.clone(),
                            url: config.url_for(&taxonomy.term_path(term)),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    pub fn page_summary(&self, index: PageId) -> PageSummary<'_> {
        let page = &self.content.pages[index];
        PageSummary {
            title: &page.front.title,
            summary: page.front.summary.as_deref(),
            url: self.config.url_for(&page.site_path),
            date: page.front.date.as_ref().map(|d| d.ymd()),
            date_display: page
                .front
                .date
                .as_ref()
                .map(|d| d.display(page.lang.as_deref().unwrap_or(&self.config.language))),
            evidence_level: page.front.evidence_level.map(|l| l.as_str()),
            taxonomies: self.page_taxonomies(page),
            kind: kinds::page_kind(&self.content, index),
        }
    }

    pub fn section_link(&self, index: SectionId) -> LinkContext<'_> {
        let section = &self.content.sections[index];
        LinkContext {
            title: &section.title,
            url: self.config.url_for(&section.site_path),
        }
    }

    pub fn page_link(&self, index: PageId) -> LinkContext<'_> {
        let page = &self.content.pages[index];
        LinkContext {
            title: &page.front.title,
            url: self.config.url_for(&page.site_path),
        }
    }

    pub fn page_context(&self, index: PageId) -> PageContext<'_> {
        let page = &self.content.pages[index];
        let doc = &self.page_docs[index];
        let config = &self.config;
        let siblings = &self.content.sections[page.section].pages;
        let position = siblings.iter().position(|&p| p == index);
        let neighbour = |offset: isize| {
            position
                .and_then(|p| p.checked_add_signed(offset))
                .and_then(|p| siblings.get(p))
                .map(|&p| self.page_link(p))
        };
        PageContext {
            title: &page.front.title,
            summary: page.front.summary.as_deref(),
            date: page.front.date.as_ref().map(|d| d.ymd()),
            date_display: page
                .front
                .date
                .as_ref()
                .map(|d| d.display(page.lang.as_deref().unwrap_or(&config.language))),
            updated: page.front.updated.as_ref().map(|d| d.ymd()),
            updated_display: page
                .front
                .updated
                .as_ref()
                .map(|d| d.display(page.lang.as_deref().unwrap_or(&config.language))),
            content: &doc.html,
            toc: &doc.toc,
            word_count: doc.word_count,
            reading_minutes: doc.word_count.div_ceil(200).max(1),
            url: config.url_for(&page.site_path),
            permalink: config.permalink_for(&page.site_path),
            slug: &page.slug,
            relative_path: &page.relative_path,
            evidence_level: page.front.evidence_level.map(|l| l.as_str()),
            taxonomies: self.page_taxonomies(page),
            citations: &self.citations(index).citations,
            references: &self.citations(index).references,
            pdf_url: self.print_extras[index].pdf_url.as_deref(),
            cite_as: &self.print_extras[index].cite_as,
            qr_svg: &self.print_extras[index].qr_svg,
            weigh: self.page_meta(index),
            print: page.front.print,
            section: Some(self.section_link(page.section)),
            ancestors: self
                .content
                .ancestors(page.section)
                .into_iter()
                .map(|s| self.section_link(s))
                .collect(),
            previous: neighbour(-1),
            next: neighbour(1),
            extra: &page.front.extra,
            kind: kinds::page_kind(&self.content, index),
        }
    }

    pub fn section_context(&self, index: SectionId) -> SectionContext<'_> {
        let section: &Section = &self.content.sections[index];
        let mut ancestors: Vec<SectionId> = self.content.ancestors(index);
        ancestors.pop();
        SectionContext {
            title: &section.title,
            summary: section.front.summary.as_deref(),
            content: &self.section_docs[index].html,
            url: self.config.url_for(&section.site_path),
            permalink: self.config.permalink_for(&section.site_path),
            extra: &section.front.extra,
            subsections: section
                .subsections
                .iter()
                .map(|&s| {
                    let sub = &self.content.sections[s];
                    SubsectionSummary {
                        title: &sub.title,
                        summary: sub.front.summary.as_deref(),
                        url: self.config.url_for(&sub.site_path),
                        page_count: sub.pages.len(),
                        page_kind: kinds::common_kind(
                            &self.content,
                            sub.pages.iter().copied(),
                            kinds::section_kind(&self.content, s),
                        ),
                    }
                })
                .collect(),
            ancestors: ancestors
                .into_iter()
                .map(|s| self.section_link(s))
                .collect(),
            is_home: index == SectionId::HOME,
            page_kind: kinds::common_kind(
                &self.content,
                section.pages.iter().copied(),
                kinds::section_kind(&self.content, index),
            ),
        }
    }
}
