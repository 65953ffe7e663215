//! Generated pages that list others: taxonomy term lists and term pages,
//! and the redirect pages written for `aliases`.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::context::PageSummary;
use super::{Templates, base_context};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{OutputPlan, alias_file, page_file};
use crate::site::SiteData;

#[derive(Serialize)]
struct TermSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    page_count: usize,
}

#[derive(Serialize)]
struct TaxonomyContext<'a> {
    name: &'a str,
    url: String,
    terms: Vec<TermSummary<'a>>,
}

#[derive(Serialize)]
struct TermContext<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    pages: Vec<PageSummary<'a>>,
}

pub fn render_taxonomies(
    data: &SiteData,
    templates: &Templates,
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) {
    let config = &data.config;
    for taxonomy in &data.content.taxonomies {
        let site_path = format!("{}/", taxonomy.name);
        let taxonomy_ctx = TaxonomyContext {
            name: &taxonomy.name,
            url: config.url_for(&site_path),
            terms: taxonomy
                .terms
                .iter()
                .map(|t| TermSummary {
                    name: &t.name,
                    slug: &t.slug,
                    url: config.url_for(&format!("{site_path}{}/", t.slug)),
                    page_count: t.pages.len(),
                })
                .collect(),
        };
        let origin = format!("taxonomy `{}` in sheaf.toml", taxonomy.name);
        let mut ctx = base_context(&taxonomy_ctx.url);
        ctx.insert("taxonomy", &taxonomy_ctx);
        match templates.render("taxonomy_list.html", &ctx) {
            Ok(html) => plan.add(page_file(&site_path), html.into_bytes(), &origin),
            Err(d) => diags.push(d),
        }
        let rendered: Vec<(String, Result<String, Diagnostic>)> = taxonomy
            .terms
            .par_iter()
            .map(|term| {
                let term_path = format!("{site_path}{}/", term.slug);
                let term_ctx = TermContext {
                    name: &term.name,
                    slug: &term.slug,
                    url: config.url_for(&term_path),
                    pages: term.pages.iter().map(|&p| data.page_summary(p)).collect(),
                };
                let mut ctx: Context = base_context(&term_ctx.url);
                ctx.insert("taxonomy", &taxonomy_ctx);
                ctx.insert("term", &term_ctx);
                (term_path, templates.render("taxonomy_single.html", &ctx))
            })
            .collect();
        for (term_path, result) in rendered {
            match result {
                Ok(html) => plan.add(page_file(&term_path), html.into_bytes(), &origin),
                Err(d) => diags.push(d),
            }
        }
    }
}

pub fn render_aliases(
    data: &SiteData,
    templates: &Templates,
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) {
    for page in &data.content.pages {
        for alias in &page.front.aliases {
            let span = page
                .source
                .text
                .find(alias.as_str())
                .map_or(0..0, |i| i..i + alias.len());
            let file = match alias_file(alias) {
                Ok(file) => file,
                Err(why) => {
                    diags.push(
                        Diagnostic::error(format!("alias `{alias}` {why}"))
                            .at_span(&page.source, span)
                            .help("write aliases as site paths such as \"/old/learning-at-home.html\" or \"/old/page/\""),
                    );
                    continue;
                }
            };
            let mut ctx = base_context(&data.config.url_for(&file));
            ctx.insert("redirect_to", &data.config.permalink_for(&page.site_path));
            match templates.render("redirect.html", &ctx) {
                Ok(html) => plan.add(file, html.into_bytes(), &page.source.display_path),
                Err(d) => diags.push(d),
            }
        }
    }
}
