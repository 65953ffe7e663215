//! Reference lists in a user-supplied CSL style, through hayagriva's CSL
//! engine. hayagriva writes field text unescaped, so its element tree is
//! walked here and every text piece escaped.

use std::path::Path;

use hayagriva::citationberg::{
    FontStyle, FontWeight, IndependentStyle, Locale, LocaleCode, LocaleFile,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, ElemChildren,
};

use super::bibliography::Bibliography;
use crate::diagnostics::{Diagnostic, escape_html};

/// (key, html, text) for every entry, formatted by the CSL file at `path`.
/// Locale files named `locales-*.xml` beside the style are loaded too (CSL
/// styles get their terms, like "et al." and "pp.", from them).
pub(crate) fn references(
    bib: &Bibliography,
    path: &Path,
    locale: &str,
) -> Result<Vec<(String, String, String)>, Vec<Diagnostic>> {
    let shown = path.to_string_lossy().replace('\\', "/");
    let xml = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::error(format!("citation style `{shown}`: {e}"))
            .help("`citation_style` is \"apa\", \"chicago-author-date\", \"harvard\" or a .csl path relative to the site root")]
    })?;
    let style = IndependentStyle::from_xml(&xml).map_err(|e| {
        vec![Diagnostic::error(format!("could not read CSL style `{shown}`: {e}"))
            .in_file(shown.clone())
            .help("the file must be an independent CSL 1.0 style (a dependent style only points to another one)")]
    })?;
    let locales = sibling_locales(path);
    let mut driver = BibliographyDriver::new();
    for entry in &bib.entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &style,
            &locales,
        ));
    }
    let rendered = driver.finish(BibliographyRequest::new(
        &style,
        Some(LocaleCode(locale.to_string())),
        &locales,
    ));
    let items = rendered.bibliography.map(|b| b.items).unwrap_or_default();
    Ok(items
        .into_iter()
        .map(|item| {
            let (mut html, mut text) = (String::new(), String::new());
            write_children(&item.content, &mut html, &mut text);
            (item.key, html.trim().to_string(), text.trim().to_string())
        })
        .collect())
}

fn sibling_locales(style_path: &Path) -> Vec<Locale> {
    let Some(dir) = style_path.parent() else {
        return Vec::new();
    };
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    read.flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.starts_with("locales-") && name.ends_with(".xml")
        })
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|xml| LocaleFile::from_xml(&xml).ok().map(Locale::from))
        .collect()
}

fn write_children(children: &ElemChildren, html: &mut String, text: &mut String) {
    for child in &children.0 {
        match child {
            ElemChild::Text(f) => {
                let (open, close) = match (f.formatting.font_style, f.formatting.font_weight) {
                    (FontStyle::Italic, FontWeight::Bold) => ("<b><i>", "</i></b>"),
                    (FontStyle::Italic, _) => ("<i>", "</i>"),
                    (_, FontWeight::Bold) => ("<b>", "</b>"),
                    _ => ("", ""),
                };
                html.push_str(open);
                html.push_str(&escape_html(&f.text));
                html.push_str(close);
                text.push_str(&f.text);
            }
            ElemChild::Elem(e) => write_children(&e.children, html, text),
            ElemChild::Markup(m) => {
                html.push_str(&escape_html(m));
                text.push_str(m);
            }
            ElemChild::Link { text: t, url } => {
                html.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape_html(url),
                    escape_html(&t.text)
                ));
                text.push_str(&t.text);
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}
