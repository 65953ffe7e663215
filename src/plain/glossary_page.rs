//! `/glossary/`: every term of `content/glossary.toml` with its
//! definition, rendered with the theme's `glossary.html`, and the marking
//! of first uses in the pages' HTML.

use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::output::{OutputPlan, page_file};
use crate::render::Templates;
use crate::site::SiteData;

use super::glossary::{FILE, Glossary, mark_first_uses, page_key};

/// The site path of the glossary page.
pub const SITE_PATH: &str = "glossary/";

/// Marks the first use of each term in every page body.
pub fn mark_pages(
    glossary: &Glossary,
    glossary_url: &str,
    content: &Content,
    docs: &mut [Rendered],
) {
    if glossary.is_empty() {
        return;
    }
    for (page, doc) in content.pages.iter().zip(docs.iter_mut()) {
        doc.html = mark_first_uses(
            &doc.html,
            glossary,
            glossary_url,
            &page_key(&page.site_path),
        );
    }
}

/// Adds `/glossary/` to the plan when the site has terms.
pub fn add_page(
    glossary: &Glossary,
    data: &SiteData,
    templates: &Templates,
    plan: &mut OutputPlan,
    diags: &mut Vec<Diagnostic>,
) {
    if glossary.is_empty() {
        return;
    }
    let url = data.config.url_for(SITE_PATH);
    let mut ctx = tera::Context::new();
    ctx.insert("current_url", &url);
    ctx.insert("terms", &glossary.terms);
    match templates.render("glossary.html", &ctx) {
        Ok(html) => plan.add(page_file(SITE_PATH), html.into_bytes(), FILE),
        Err(d) => diags.push(d),
    }
}
