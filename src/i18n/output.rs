//! What each language other than the default has besides its pages:
//! `/<tag>/404.html`, `/<tag>/search-index.json` and `/<tag>/atom.xml`
//! (render jobs of their own, listed in `render::jobs`).

use crate::config::Config;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::ids::SectionId;
use crate::render::Templates;
use crate::site::SiteData;

use super::alternates::{Doc, insert_language};

/// The languages that have at least one page or section, by tag.
pub fn published(data: &SiteData) -> impl Iterator<Item = &str> {
    published_in(&data.config, &data.content)
}

/// [`published`], from the config and content alone (before the site's
/// data is assembled).
pub fn published_in<'a>(config: &'a Config, content: &'a Content) -> impl Iterator<Item = &'a str> {
    let t = &content.translations;
    (config.languages.others.iter())
        .map(|l| l.tag.as_str())
        .filter(|tag| t.section_in(SectionId::HOME, Some(tag)).is_some())
}

/// The theme's 404 page in language `tag`.
pub fn render_404(data: &SiteData, templates: &Templates, tag: &str) -> Result<String, Diagnostic> {
    let mut ctx = crate::render::base_context(&data.config.url_for(&format!("{tag}/404.html")));
    insert_language(&mut ctx, data, Doc::Other, Some(tag));
    templates.render("404.html", &ctx)
}
