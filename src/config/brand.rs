//! `[brand]` and `[[menu]]` as sheaf.toml writes them, and their check on
//! load: the files they name exist under `static/`, the accent colours
//! read against white (WCAG 2 contrast, [`contrast`]), every link has a
//! name and a URL. What templates get from them is `crate::brand`'s;
//! docs/branding.md is the contract.

pub mod contrast;

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::text::key_span;

/// `[brand]` as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct BrandConfig {
    /// The author of every page's how-to-cite and citation metadata.
    pub organisation: Option<String>,
    /// A path under `static/`: `logo.svg`, `images/logo.png`.
    pub logo: Option<String>,
    pub logo_alt: Option<String>,
    /// Links and headings: must read on white.
    pub accent: Option<String>,
    /// The masthead and buttons: light text sits on it.
    pub accent_dark: Option<String>,
    /// A path under `static/`, instead of the theme's favicon.svg.
    pub favicon: Option<String>,
    pub search_placeholder: Option<String>,
    pub footer_text: Option<String>,
    pub footer_links: Vec<LinkConfig>,
    /// A stylesheet under `static/` linked after the theme's (default:
    /// `extra.css` when the site has one).
    pub css: Option<String>,
}

/// One `[[brand.footer_links]]` or `[[menu]]` entry as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinkConfig {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub weight: Option<i64>,
}

/// The checked settings the rest of sheaf uses (`Config::brand`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Brand {
    #[serde(flatten)]
    pub settings: BrandConfig,
    /// The stylesheet linked after the theme's, under `static/`.
    pub css: Option<String>,
    /// `[[menu]]` as written, in weight order; `@/` paths are resolved
    /// against the content by `crate::brand::resolve_menu`.
    #[serde(skip)]
    pub menu: Vec<LinkConfig>,
}

/// Checks `[brand]` and `[[menu]]` against the site at `root`.
pub fn check(
    root: &Path,
    source: &Arc<SourceFile>,
    settings: BrandConfig,
    mut menu: Vec<LinkConfig>,
) -> Result<Brand, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let at = |key: &str| key_in_table(&source.text, "brand", key);
    for (key, value) in [
        ("logo", &settings.logo),
        ("favicon", &settings.favicon),
        ("css", &settings.css),
    ] {
        if let Some(path) = value
            && let Some(why) = static_file_problem(root, path)
        {
            errors.push(
                Diagnostic::error(format!("`brand.{key}` names static/{path}, which {why}"))
                    .at_span(source, at(key))
                    .help(format!(
                        "put the file in the site's static/ folder and give its path under static/, e.g. {key} = \"{}\"",
                        example_for(key)
                    )),
            );
        }
    }
    for (key, value, against) in [
        ("accent", &settings.accent, "as text on white"),
        ("accent_dark", &settings.accent_dark, "behind white text"),
    ] {
        let Some(text) = value else { continue };
        match contrast::parse(text) {
            None => errors.push(
                Diagnostic::error(format!(
                    "`brand.{key}` = \"{text}\" is not an opaque CSS colour"
                ))
                .at_span(source, at(key))
                .help("write a colour such as \"#0b5e70\", \"rgb(11 94 112)\" or \"teal\""),
            ),
            Some(colour) => {
                let ratio = contrast::ratio(colour, contrast::WHITE);
                if ratio < contrast::MINIMUM_RATIO {
                    errors.push(
                        Diagnostic::error(format!(
                            "`brand.{key}` = \"{text}\" has a contrast of {} {against}; at least 4.5:1 is needed",
                            contrast::show(ratio)
                        ))
                        .at_span(source, at(key))
                        .help("choose a darker shade; a contrast checker such as WebAIM's shows the ratio as you adjust it"),
                    );
                }
            }
        }
    }
    for (i, link) in settings.footer_links.iter().chain(&menu).enumerate() {
        if link.name.trim().is_empty() || link.url.trim().is_empty() {
            let table = if i < settings.footer_links.len() {
                "brand.footer_links"
            } else {
                "menu"
            };
            errors.push(
                Diagnostic::error(format!("a `[[{table}]]` entry has an empty name or url"))
                    .at_span(source, key_span_of_table(&source.text, table))
                    .help(
                        "give each entry a name and a url: name = \"About\", url = \"@/about.md\"",
                    ),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // A stable sort: entries without a weight keep their written order, after weighted ones.
    menu.sort_by_key(|m| m.weight.map_or((1, 0), |w| (0, w)));
    let css = settings.css.clone().or_else(|| {
        root.join("static/extra.css")
            .is_file()
            .then(|| "extra.css".to_string())
    });
    Ok(Brand {
        settings,
        css,
        menu,
    })
}

fn example_for(key: &str) -> &'static str {
    match key {
        "logo" => "logo.svg",
        "favicon" => "favicon.png",
        _ => "brand.css",
    }
}

/// Why `static/<path>` cannot be the file a key names, if it cannot.
fn static_file_problem(root: &Path, path: &str) -> Option<&'static str> {
    let rel = Path::new(path.trim_start_matches('/'));
    if path.trim().is_empty() {
        return Some("is empty");
    }
    if super::outside_the_site(rel).is_some() {
        return Some("reaches outside static/");
    }
    let full = root.join("static").join(rel);
    if !full.is_file() {
        return Some("does not exist");
    }
    None
}

/// The span of `key = …` inside `[table]`, or the table header, or 0..0.
pub fn key_in_table(text: &str, table: &str, key: &str) -> std::ops::Range<usize> {
    let header = key_span_of_table(text, table);
    if header == (0..0) {
        return key_span(text, key);
    }
    let rest = &text[header.end..];
    // Only up to the next table header.
    let end = rest
        .match_indices("\n[")
        .next()
        .map_or(rest.len(), |(i, _)| i);
    let span = key_span(&rest[..end], key);
    if span == (0..0) {
        header
    } else {
        header.end + span.start..header.end + span.end
    }
}

/// The span of the first `[table]` or `[[table]]` header.
fn key_span_of_table(text: &str, table: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let name = trimmed.trim_start_matches('[').trim_end_matches(']').trim();
        if trimmed.starts_with('[') && name == table {
            let start = offset + (line.len() - line.trim_start().len());
            return start..start + trimmed.len();
        }
        offset += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_inside_its_table_not_elsewhere() {
        let text = "accent = 1\n[brand]\nlogo = \"x\"\naccent = \"#fff\"\n[print]\naccent = 2\n";
        let span = key_in_table(text, "brand", "accent");
        assert_eq!(&text[span.clone()], "accent");
        assert!(span.start > text.find("[brand]").unwrap());
        assert!(span.start < text.find("[print]").unwrap());
    }
}
