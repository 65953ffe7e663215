//! The files each language other than the default gets besides its pages:
//! `/<tag>/search-index.json`, `/<tag>/atom.xml` and `/<tag>/404.html`.

use crate::diagnostics::Diagnostics;
use crate::output::OutputPlan;
use crate::render::Templates;
use crate::site::SiteData;

use super::alternates::{Doc, lang_context};

/// The languages that have at least one page or section.
fn published(data: &SiteData) -> impl Iterator<Item = &str> {
    let t = &data.content.translations;
    (data.config.languages.others.iter())
        .map(|l| l.tag.as_str())
        .filter(|tag| t.section_in(0, Some(tag)).is_some())
}

/// Search index and feed per language.
pub fn add_language_files(data: &SiteData, plan: &mut OutputPlan) {
    for tag in published(data) {
        plan.add(
            format!("{tag}/search-index.json"),
            crate::output::search_index_in(data, Some(tag)).into_bytes(),
            "search index",
        );
        if data.config.feed.enabled {
            plan.add(
                format!("{tag}/atom.xml"),
                crate::output::atom_feed_in(data, Some(tag)).into_bytes(),
                "feed",
            );
        }
    }
}

/// The theme's 404 page in each language.
pub fn render_404s(
    data: &SiteData,
    templates: &Templates,
    plan: &mut OutputPlan,
    diags: &mut Diagnostics,
) {
    for tag in published(data) {
        let path = format!("{tag}/404.html");
        let mut ctx = crate::render::base_context(&data.config.url_for(&path));
        ctx.insert("lang", &lang_context(data, Doc::Other, Some(tag)));
        match templates.render("404.html", &ctx) {
            Ok(html) => plan.add(path, html.into_bytes(), "404.html template"),
            Err(d) => diags.push(d),
        }
    }
}
