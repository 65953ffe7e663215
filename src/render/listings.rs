//! Generated pages that list others: taxonomy term lists and term pages,
//! and the redirect pages written for `aliases`.

use serde::Serialize;
use tera::Context;

use super::kinds::{KindName, MIXED_KIND, common_kind};
use super::summaries::{Summaries, with_pages};
use super::{Templates, base_context};
use crate::content::{Page, Taxonomy};
use crate::diagnostics::Diagnostic;
use crate::ids::{TaxonomyId, TermId};
use crate::output::{alias_file, page_file};
use crate::site::SiteData;

#[derive(Serialize)]
struct TermSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    page_count: usize,
    /// What its pages are called (docs/branding.md).
    page_kind: KindName,
}

#[derive(Serialize)]
struct TaxonomyContext<'a> {
    name: &'a str,
    url: String,
    terms: Vec<TermSummary<'a>>,
}

/// The `taxonomy` of a term page: without the term list, which would make
/// every term page cost as much as the whole taxonomy (12,000 terms gave
/// 144 million list entries).
#[derive(Serialize)]
struct TaxonomyLink<'a> {
    name: &'a str,
    url: &'a str,
}

/// A term page's `term`; its `pages` are added from the shared entries.
#[derive(Serialize)]
struct TermContext<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    page_kind: KindName,
}

fn taxonomy_context<'a>(data: &'a SiteData, taxonomy: &'a Taxonomy) -> TaxonomyContext<'a> {
    let config = &data.config;
    let site_path = taxonomy.site_path();
    TaxonomyContext {
        name: &taxonomy.name,
        url: config.url_for(&site_path),
        terms: taxonomy
            .terms
            .iter()
            .map(|t| TermSummary {
                name: &t.name,
                slug: &t.slug,
                url: config.url_for(&taxonomy.term_path(t)),
                page_count: t.pages.len(),
                page_kind: common_kind(&data.content, t.pages.iter().copied(), mixed()),
            })
            .collect(),
    }
}

fn mixed() -> KindName {
    KindName::Id(MIXED_KIND.into())
}

fn taxonomy_origin(taxonomy: &Taxonomy) -> String {
    format!("taxonomy `{}` in sheaf.toml", taxonomy.name)
}

/// Renders the page of one term (`/<taxonomy>/<term>/`): its output path,
/// origin and HTML. Its `taxonomy` is the name and URL only, not the
/// term list (which would make each term page cost the whole taxonomy).
pub fn render_term(
    data: &SiteData,
    templates: &Templates,
    summaries: &Summaries,
    id: TermId,
) -> (String, String, Result<String, Diagnostic>) {
    let taxonomy = &data.content.taxonomies[id.taxonomy];
    let term = &taxonomy.terms[id.term];
    let taxonomy_url = data.config.url_for(&taxonomy.site_path());
    let term_path = taxonomy.term_path(term);
    let term_ctx = TermContext {
        name: &term.name,
        slug: &term.slug,
        url: data.config.url_for(&term_path),
        page_kind: common_kind(&data.content, term.pages.iter().copied(), mixed()),
    };
    let mut ctx: Context = base_context(&term_ctx.url);
    ctx.insert(
        "taxonomy",
        &TaxonomyLink {
            name: &taxonomy.name,
            url: &taxonomy_url,
        },
    );
    ctx.insert_value(
        "term",
        with_pages(
            tera::Value::from_serializable(&term_ctx),
            summaries.list(data, &term.pages),
        ),
    );
    (
        page_file(&term_path),
        taxonomy_origin(taxonomy),
        templates.render("taxonomy_single.html", &ctx),
    )
}

/// Renders `/<taxonomy>/`, the list of a taxonomy's terms: its origin
/// and HTML.
pub fn render_taxonomy_list(
    data: &SiteData,
    templates: &Templates,
    taxonomy: TaxonomyId,
) -> (String, Result<String, Diagnostic>) {
    let taxonomy = &data.content.taxonomies[taxonomy];
    let taxonomy_ctx = taxonomy_context(data, taxonomy);
    let mut ctx = base_context(&taxonomy_ctx.url);
    ctx.insert("taxonomy", &taxonomy_ctx);
    (
        taxonomy_origin(taxonomy),
        templates.render("taxonomy_list.html", &ctx),
    )
}

/// Renders the redirect page of one of `page`'s aliases.
pub fn render_alias(
    data: &SiteData,
    templates: &Templates,
    page: &Page,
    alias: &str,
) -> Result<String, Diagnostic> {
    let file = alias_file(alias).map_err(|why| {
        let span = page
            .source
            .text
            .find(alias)
            .map_or(0..0, |i| i..i + alias.len());
        Diagnostic::error(format!("alias `{alias}` {why}"))
            .at_span(&page.source, span)
            .help("write aliases as site paths such as \"/old/learning-at-home.html\" or \"/old/page/\"")
    })?;
    let mut ctx = base_context(&data.config.url_for(&file));
    ctx.insert("redirect_to", &data.config.permalink_for(&page.site_path));
    templates.render("redirect.html", &ctx)
}
