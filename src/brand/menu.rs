//! `[[menu]]` and `[[brand.footer_links]]` entries resolved to URLs: an
//! absolute `https://…` stays as written, `@/path.md` becomes the page's or
//! section's URL (an unknown path is an error at the entry, as for links in
//! Markdown), and a root-relative `/about/` gets the base path.

use serde::Serialize;

use crate::config::Config;
use crate::config::brand::LinkConfig;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, closest, did_you_mean};

/// A navigation entry as templates see it (`site.menu`, `site.footer_links`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
    /// True for links off the site.
    pub external: bool,
}

/// The menu and footer links with URLs, and an error for each `@/` path
/// that names no page or section.
pub fn resolve_menu(
    config: &Config,
    content: &Content,
) -> (Vec<MenuItem>, Vec<MenuItem>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut resolve = |links: &[LinkConfig], table: &str| -> Vec<MenuItem> {
        links
            .iter()
            .filter_map(|link| match resolve_url(config, content, &link.url) {
                Ok((url, external)) => Some(MenuItem {
                    name: link.name.clone(),
                    url,
                    external,
                }),
                Err(help) => {
                    diags.push(
                        Diagnostic::error(format!(
                            "`[[{table}]]` entry `{}` links to {}, which does not exist",
                            link.name, link.url
                        ))
                        .at_span(&config.source, entry_span(&config.source.text, &link.url))
                        .help(help),
                    );
                    None
                }
            })
            .collect()
    };
    let menu = resolve(&config.brand.menu, "menu");
    let footer = resolve(&config.brand.settings.footer_links, "brand.footer_links");
    (menu, footer, diags)
}

fn resolve_url(config: &Config, content: &Content, url: &str) -> Result<(String, bool), String> {
    let Some(rest) = url.strip_prefix("@/") else {
        if url.starts_with('/') && !url.starts_with("//") {
            return Ok((config.url_for(url.trim_start_matches('/')), false));
        }
        return Ok((url.to_string(), true));
    };
    let (path, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (rest, None),
    };
    let site_path = content
        .pages
        .iter()
        .find(|p| p.relative_path == path)
        .map(|p| p.site_path.as_str())
        .or_else(|| {
            content
                .sections
                .iter()
                .find(|s| s.relative_path == path)
                .map(|s| s.site_path.as_str())
        });
    match site_path {
        Some(site_path) => {
            let mut url = config.url_for(site_path);
            if let Some(anchor) = anchor {
                url.push('#');
                url.push_str(anchor);
            }
            Ok((url, false))
        }
        None => {
            let known = content
                .pages
                .iter()
                .map(|p| p.relative_path.as_str())
                .chain(content.sections.iter().map(|s| s.relative_path.as_str()));
            let suggestions = closest(path, known);
            Err(did_you_mean(&suggestions).unwrap_or_else(|| {
                "write the path of a file under content/, e.g. url = \"@/about.md\" or \"@/guides/_index.md\"".into()
            }))
        }
    }
}

/// The span of the `url = "…"` value naming `url`, for the message.
fn entry_span(text: &str, url: &str) -> std::ops::Range<usize> {
    let quoted = format!("\"{url}\"");
    match text.find(&quoted) {
        Some(start) => start..start + quoted.len(),
        None => 0..0,
    }
}
