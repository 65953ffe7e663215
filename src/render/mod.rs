//! Rendering: the site's data through Tera templates into HTML files for the
//! output plan. Rendering never reads content from disk.

pub mod context;
mod evidence_pages;
pub mod job_table;
pub mod jobs;
pub mod kinds;
mod listings;
pub mod reads;
pub mod strings;
mod summaries;
pub mod templates;
pub mod theme;
mod translate;

use tera::Context;

pub use evidence_pages::{CiteFormat, EVIDENCE_MAP_ORIGIN, render_evidence_map};
pub use evidence_pages::{
    EVIDENCE_INDEX_ORIGIN, render_evidence_index, render_source, source_keys,
};
pub use jobs::{Job, Read, RenderJob, jobs, render_job, render_jobs};
pub use listings::render_term;
pub use templates::Templates;
pub use theme::Theme;

use crate::diagnostics::Diagnostic;
use crate::i18n::alternates::{Doc, insert_language, lang_context};
use crate::ids::{PageId, SectionId};
use crate::site::SiteData;
use context::{ConfigContext, SiteContext};

/// How many source pages the build writes.
pub fn source_count(evidence: &crate::site::EvidenceData) -> usize {
    evidence_pages::source_keys(evidence).len()
}

/// The context every template shares: `config` and `site`.
pub fn global_context(data: &SiteData, stylesheet_hash: &str, live_reload: bool) -> Context {
    let mut ctx = Context::new();
    ctx.insert("config", &ConfigContext::new(&data.config));
    ctx.insert(
        "site",
        &SiteContext::new(&data.config, &data.content, stylesheet_hash),
    );
    ctx.insert("live_reload", &live_reload);
    // The strings table's language; a page in another language sets its own.
    ctx.insert("lang", &data.config.language);
    ctx.insert("language", &lang_context(data, Doc::Other, None));
    ctx
}

pub(crate) fn base_context(current_url: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("current_url", current_url);
    ctx
}

/// Which template renders page `index`: its own, its section's
/// `page_template`, or `page.html`.
fn page_template(data: &SiteData, index: PageId) -> &str {
    let page = &data.content.pages[index];
    page.front
        .template
        .as_deref()
        .or(data.content.sections[page.section]
            .front
            .page_template
            .as_deref())
        .unwrap_or("page.html")
}

/// Whether rendering page `index` may report an error quoting its source:
/// its template is missing, or one of its aliases is not a valid path.
/// `sheaf build` lets the other pages' sources go before rendering.
pub fn may_quote_source(data: &SiteData, templates: &Templates, index: PageId) -> bool {
    let page = &data.content.pages[index];
    !templates.has(page_template(data, index))
        || (page.front.aliases.iter()).any(|alias| crate::output::alias_file(alias).is_err())
}

fn check_template(
    templates: &Templates,
    name: &str,
    file: &crate::diagnostics::SourceFile,
) -> Option<Diagnostic> {
    if templates.has(name) {
        return None;
    }
    Some(
        Diagnostic::error(format!("template `{name}` does not exist"))
            .at_span(
                file,
                crate::content::front_matter::key_span(&file.text, "template").start
                    ..crate::content::front_matter::key_span(&file.text, "template")
                        .end
                        .max(1),
            )
            .help(format!(
                "add templates/{name} to the site, or remove the `template` key to use the default"
            )),
    )
}

/// Renders one page to HTML.
pub fn render_page(
    data: &SiteData,
    templates: &Templates,
    index: PageId,
) -> Result<String, Diagnostic> {
    let page = &data.content.pages[index];
    let name = page_template(data, index);
    if let Some(d) = check_template(templates, name, &page.source) {
        return Err(d);
    }
    let page_ctx = data.page_context(index);
    let mut ctx = base_context(&page_ctx.url);
    ctx.insert("page", &page_ctx);
    insert_language(&mut ctx, data, Doc::Page(index), page.lang.as_deref());
    templates.render(name, &ctx)
}

/// Renders one section (the home page with `index.html`).
pub fn render_section(
    data: &SiteData,
    templates: &Templates,
    summaries: &summaries::Summaries,
    index: SectionId,
) -> Result<String, Diagnostic> {
    let section = &data.content.sections[index];
    let default = if index == SectionId::HOME {
        "index.html"
    } else {
        "section.html"
    };
    let name = section.front.template.as_deref().unwrap_or(default);
    if let Some(d) = check_template(templates, name, &section.source) {
        return Err(d);
    }
    let section_ctx = data.section_context(index);
    let mut ctx = base_context(&section_ctx.url);
    ctx.insert_value(
        "section",
        summaries::with_pages(
            tera::Value::from_serializable(&section_ctx),
            summaries.list(data, &section.pages),
        ),
    );
    insert_language(&mut ctx, data, Doc::Section(index), section.lang.as_deref());
    templates.render(name, &ctx)
}
