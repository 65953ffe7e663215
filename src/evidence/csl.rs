//! A user-supplied CSL style, through hayagriva's CSL engine: loading it
//! (with the built-in locales, without which the engine prints no dates;
//! the page's language picks one), refusing note styles, and the reference list. In-text citations
//! are in [`super::csl_cite`]; the engine's element tree is turned into
//! escaped HTML in [`super::csl_html`].

use std::path::Path;

use hayagriva::citationberg::{
    CitationFormat, IndependentStyle, Locale, LocaleCode, LocaleFile, StyleCategory, StyleClass,
};
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Entry};
use rustc_hash::FxHashMap;

use super::bibliography::Bibliography;
use super::csl_html::write_children;
use crate::diagnostics::Diagnostic;

/// A loaded style with the entries it formats.
#[derive(Debug)]
pub(crate) struct CslStyle {
    pub style: IndependentStyle,
    pub locales: Vec<Locale>,
    pub locale: LocaleCode,
    pub entries: Vec<Entry>,
    pub index: FxHashMap<String, usize>,
    /// Entries sharing a first author's family name and a year with the
    /// key's entry: cited beside it, so the engine's year letters and added
    /// names match the reference list.
    pub companions: FxHashMap<String, Vec<usize>>,
    /// Citations are numbers ("[1]", "¹"), in citation order per page.
    pub numeric: bool,
    /// Entry indices in sheaf's reference-list order (authors, date,
    /// title). hayagriva letters same-year works in the order they are
    /// first cited, so every driver cites them in this order first: the
    /// letters then follow titles, as APA 7 §8.19 asks, and agree between
    /// the text and the list.
    pub lettering: Vec<usize>,
    /// Each entry's position in `lettering`.
    pub lettering_rank: Vec<usize>,
    /// How the reference list writes entry 1 ("[1]", "1."), for numbering
    /// each page's list.
    first_label: String,
}

/// One reference-list entry in the style.
pub(crate) struct CslReference {
    pub key: String,
    pub html: String,
    pub text: String,
}

impl CslStyle {
    /// `order`: the keys in sheaf's reference-list order.
    pub fn load(
        bib: &Bibliography,
        order: &[&str],
        path: &Path,
        locale: &str,
    ) -> Result<CslStyle, Vec<Diagnostic>> {
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
        if style.settings.class == StyleClass::Note {
            return Err(vec![
                Diagnostic::error(format!(
                    "citation style `{shown}` ({}) is a note style: it puts citations in footnotes, which sheaf does not write",
                    style.info.title.value
                ))
                .in_file(shown)
                .help("use an author-date or numeric style: \"chicago-author-date\" for Chicago, or another .csl file whose <category citation-format> is author-date or numeric"),
            ]);
        }
        let numeric = style.info.category.iter().any(|c| {
            matches!(
                c,
                StyleCategory::CitationFormat {
                    format: CitationFormat::Numeric
                }
            )
        });
        let entries = bib.entries.clone();
        let index: FxHashMap<String, usize> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key().to_string(), i))
            .collect();
        let companions = companions(&entries);
        let lettering: Vec<usize> = order
            .iter()
            .filter_map(|k| index.get(*k).copied())
            .collect();
        let mut lettering_rank = vec![usize::MAX; entries.len()];
        for (rank, &i) in lettering.iter().enumerate() {
            lettering_rank[i] = rank;
        }
        let mut loaded = CslStyle {
            style,
            locales: locales(path),
            locale: LocaleCode(locale.to_string()),
            entries,
            index,
            companions,
            numeric,
            lettering,
            lettering_rank,
            first_label: String::new(),
        };
        if numeric {
            loaded.first_label = loaded.rendered_first_label();
        }
        Ok(loaded)
    }

    pub fn request<'a>(
        &'a self,
        items: Vec<CitationItem<'a, Entry>>,
    ) -> CitationRequest<'a, Entry> {
        CitationRequest::new(
            items,
            &self.style,
            Some(self.locale.clone()),
            &self.locales,
            None,
        )
    }

    pub fn bibliography_request(&self) -> BibliographyRequest<'_> {
        BibliographyRequest::new(&self.style, Some(self.locale.clone()), &self.locales)
    }

    /// Every entry in the style's reference-list order. A numeric style's
    /// number is left out: it belongs to the page the list is on.
    pub fn references(&self) -> Vec<CslReference> {
        let mut driver = BibliographyDriver::new();
        for &i in &self.lettering {
            driver.citation(self.request(vec![CitationItem::with_entry(&self.entries[i])]));
        }
        let rendered = driver.finish(self.bibliography_request());
        let items = rendered.bibliography.map(|b| b.items).unwrap_or_default();
        items
            .into_iter()
            .map(|item| {
                let (mut html, mut text) = (String::new(), String::new());
                let mut content = item.content;
                if self.numeric && item.first_field.is_none() {
                    // Without `second-field-align` the number is the
                    // first text of the entry.
                    strip_leading_number(&mut content.0);
                }
                write_children(&content, &mut html, &mut text, &|_| None);
                CslReference {
                    key: item.key,
                    html: html.trim().to_string(),
                    text: text.trim().to_string(),
                }
            })
            .collect()
    }

    /// The reference-list label of number `n`, as the style writes it
    /// ("[3]", "3.").
    pub fn list_label(&self, n: usize) -> String {
        number_label(&self.first_label, n)
    }

    /// The label of the first entry, found by rendering it.
    fn rendered_first_label(&self) -> String {
        let Some(first) = self.entries.first() else {
            return String::new();
        };
        let mut driver = BibliographyDriver::new();
        driver.citation(self.request(vec![CitationItem::with_entry(first)]));
        let rendered = driver.finish(self.bibliography_request());
        let label = rendered
            .bibliography
            .and_then(|b| b.items.into_iter().next())
            .map(|item| {
                let (mut html, mut text) = (String::new(), String::new());
                match item.first_field {
                    Some(f) => write_children(
                        &hayagriva::ElemChildren(vec![f]),
                        &mut html,
                        &mut text,
                        &|_| None,
                    ),
                    None => write_children(&item.content, &mut html, &mut text, &|_| None),
                }
                text
            })
            .unwrap_or_default();
        label.trim().to_string()
    }
}

/// `label` ("[1]", "1.", "1. Author…") with its number replaced by `n`.
fn number_label(label: &str, n: usize) -> String {
    let Some(start) = label.find(|c: char| c.is_ascii_digit()).filter(|&s| s < 3) else {
        return format!("{n}.");
    };
    let digits = label[start..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(label.len() - start);
    let tail: String = label[start + digits..]
        .chars()
        .take_while(|c| !c.is_alphanumeric() && !c.is_whitespace())
        .collect();
    format!("{}{n}{tail}", &label[..start])
}

/// Drops "[1] " or "1. " from the start of an entry.
fn strip_leading_number(children: &mut [hayagriva::ElemChild]) {
    use hayagriva::ElemChild;
    let Some(first) = children.first_mut() else {
        return;
    };
    match first {
        ElemChild::Elem(e) => strip_leading_number(&mut e.children.0),
        ElemChild::Text(t) => {
            let trimmed = t.text.trim_start();
            let rest = trimmed
                .trim_start_matches(['[', '('])
                .trim_start_matches(|c: char| c.is_ascii_digit());
            if rest.len() < trimmed.trim_start_matches(['[', '(']).len() {
                t.text = rest
                    .trim_start_matches([']', ')', '.'])
                    .trim_start()
                    .to_string();
            }
        }
        _ => {}
    }
}

/// The built-in locales (English, Vietnamese, Arabic, Simplified
/// Chinese), then `locales-*.xml` files beside the style (which win, as
/// hayagriva takes the last match).
fn locales(style_path: &Path) -> Vec<Locale> {
    let mut all: Vec<Locale> = super::terms::built_in_locales();
    let Some(dir) = style_path.parent() else {
        return all;
    };
    let Ok(read) = std::fs::read_dir(dir) else {
        return all;
    };
    let mut names: Vec<_> = read
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("locales-") && name.ends_with(".xml")
        })
        .collect();
    names.sort();
    all.extend(
        names
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .filter_map(|xml| LocaleFile::from_xml(&xml).ok().map(Locale::from)),
    );
    all
}

fn companions(entries: &[Entry]) -> FxHashMap<String, Vec<usize>> {
    let ident = |e: &Entry| {
        let family = e
            .authors()
            .and_then(|a| a.first())
            .map(|p| p.name.to_lowercase())
            .unwrap_or_default();
        let year = e.date().map(|d| d.year);
        (family, year)
    };
    let mut groups: FxHashMap<(String, Option<i32>), Vec<usize>> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        groups.entry(ident(e)).or_default().push(i);
    }
    let mut out = FxHashMap::default();
    for group in groups.values().filter(|g| g.len() > 1) {
        for &i in group {
            out.insert(
                entries[i].key().to_string(),
                group.iter().copied().filter(|&j| j != i).collect(),
            );
        }
    }
    out
}
