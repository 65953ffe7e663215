//! `/glossary/`: every term of `content/glossary.toml` with its
//! definition, rendered with the theme's `glossary.html`, and the marking
//! of first uses in the pages' HTML.

use crate::content::{Content, Page};
use crate::diagnostics::Diagnostic;
use crate::ids::{PageId, TiSlice};
use crate::markdown::Rendered;
use crate::render::Templates;
use crate::site::SiteData;

use super::glossary::{Glossary, mark_first_uses, page_key};

/// The site path of the glossary page.
pub const SITE_PATH: &str = "glossary/";

/// Marks the first use of each term in every page body.
pub fn mark_pages(
    glossary: &Glossary,
    glossary_url: &str,
    content: &Content,
    docs: &mut TiSlice<PageId, Rendered>,
) {
    if glossary.is_empty() {
        return;
    }
    for (page, doc) in content.pages.iter().zip(docs.iter_mut()) {
        mark_page(glossary, glossary_url, page, doc);
    }
}

/// Marks the first use of each term in one page body: the full build and
/// `serve`'s partial rebuild both call this after the markdown stage. The
/// glossary is written in the site's language, so translations are left
/// as they are.
pub fn mark_page(glossary: &Glossary, glossary_url: &str, page: &Page, doc: &mut Rendered) {
    if glossary.is_empty() || page.lang.is_some() {
        return;
    }
    doc.html = mark_first_uses(
        &doc.html,
        glossary,
        glossary_url,
        &page_key(&page.site_path),
    );
}

/// Renders `/glossary/` (the render job lists it only when the site has
/// terms).
pub fn render(
    glossary: &Glossary,
    data: &SiteData,
    templates: &Templates,
) -> Result<String, Diagnostic> {
    let url = data.config.url_for(SITE_PATH);
    let mut ctx = tera::Context::new();
    ctx.insert("current_url", &url);
    ctx.insert("terms", &glossary.terms);
    templates.render("glossary.html", &ctx)
}
