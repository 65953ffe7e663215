//! In-text citations in a user CSL style, by hayagriva's engine. Each
//! citation is rendered in a small driver that also holds what changes its
//! form: for numeric styles the keys cited earlier on the same page (so
//! numbers follow citation order), for author-date styles the entries that
//! share its first author and year (so year letters and added names match
//! the reference list).

use hayagriva::citationberg::taxonomy::Locator as CslLocator;
use hayagriva::{
    BibliographyDriver, CitationItem, CitePurpose, ElemChildren, Entry, LocatorPayload,
    SpecificLocator,
};

use super::csl::CslStyle;
use super::csl_html::write_children;
use crate::markdown::citations::{Citation, CiteItem, LocatorKind};
use crate::text::escape_html;

/// Links an item's key to its reference-list entry.
pub(crate) type Href<'a> = Option<&'a dyn Fn(&str) -> String>;

impl CslStyle {
    /// The citation `c` as (HTML, text); `earlier` are the citations before
    /// it in the same document.
    pub fn cite(&self, c: &Citation, earlier: &[Citation], href: Href<'_>) -> (String, String) {
        let known: Vec<(&Entry, &CiteItem)> = c
            .items
            .iter()
            .filter_map(|i| Some((&self.entries[*self.index.get(&i.key)?], i)))
            .collect();
        let keys: Vec<&str> = known.iter().map(|(_, i)| i.key.as_str()).collect();
        let link = |i: usize| Some(href?(keys.get(i)?));
        let mut driver = BibliographyDriver::new();
        self.context(&mut driver, c, earlier);
        let affixes_at_ends = known.iter().enumerate().all(|(n, (_, item))| {
            (n == 0 || item.prefix.is_empty()) && (n + 1 == known.len() || item.suffix.is_empty())
        });
        // Year-only items lose the style's parentheses in hayagriva, so
        // they go the per-item way below, which adds them.
        let suppressed = known.iter().any(|(_, i)| i.suppress_author);
        if affixes_at_ends && !c.narrative && !suppressed {
            let items = known.iter().map(|(e, i)| self.item(e, i, false)).collect();
            driver.citation(self.request(items));
            let out = last_citations(driver, self, 1);
            let (mut html, mut text) = (String::new(), String::new());
            write_children(&out[0], &mut html, &mut text, &link);
            let first = known.first().map_or("", |(_, i)| i.prefix.as_str());
            let last = known.last().map_or("", |(_, i)| i.suffix.as_str());
            return (
                self.with_affixes(&html, first, last, true),
                self.with_affixes(&text, first, last, false),
            );
        }
        // One citation per item, joined as the style joins items, each
        // with its own prefix and suffix.
        for (e, i) in &known {
            driver.citation(self.request(vec![self.item(e, i, c.narrative)]));
        }
        let out = last_citations(driver, self, known.len());
        let layout = &self.style.citation.layout;
        let (open, close) = (
            layout.prefix.as_deref().unwrap_or(""),
            layout.suffix.as_deref().unwrap_or(""),
        );
        let delimiter = layout.delimiter.as_deref().unwrap_or("; ");
        let (mut html, mut text) = (Vec::new(), Vec::new());
        for (n, (children, (_, item))) in out.iter().zip(&known).enumerate() {
            let (mut h, mut t) = (String::new(), String::new());
            let one_link = |_: usize| link(n);
            write_children(children, &mut h, &mut t, &one_link);
            if !c.narrative {
                h = strip_affixes(&h, &escape_html(open), &escape_html(close));
                t = strip_affixes(&t, open, close);
            }
            html.push(affixed(
                &h,
                &escape_html(&item.prefix),
                &escape_html(&item.suffix),
            ));
            text.push(affixed(&t, &item.prefix, &item.suffix));
        }
        if c.narrative {
            return (html.join("; "), text.join("; "));
        }
        // "(2000, 2002)": years whose author is suppressed, nothing between.
        let joins: Vec<&str> = known
            .windows(2)
            .map(|pair| {
                let (a, b) = (pair[0].1, pair[1].1);
                let plain = a.locator.is_none() && a.suffix.is_empty() && b.prefix.is_empty();
                if a.suppress_author && b.suppress_author && plain {
                    ", "
                } else {
                    delimiter
                }
            })
            .collect();
        (
            format!(
                "{}{}{}",
                escape_html(open),
                interleave(&html, &joins, true),
                escape_html(close)
            ),
            format!("{open}{}{close}", interleave(&text, &joins, false)),
        )
    }

    /// What goes into the driver before the citation itself.
    fn context<'a>(
        &'a self,
        driver: &mut BibliographyDriver<'a, Entry>,
        c: &Citation,
        earlier: &[Citation],
    ) {
        if self.numeric {
            let mut seen: Vec<usize> = Vec::new();
            for item in earlier.iter().flat_map(|e| &e.items) {
                if let Some(&i) = self.index.get(&item.key)
                    && !seen.contains(&i)
                {
                    seen.push(i);
                }
            }
            if !seen.is_empty() {
                let items = seen
                    .iter()
                    .map(|&i| CitationItem::with_entry(&self.entries[i]))
                    .collect();
                driver.citation(self.request(items));
            }
            return;
        }
        // The cited entries and their companions, each cited alone in
        // lettering order, as the reference list's driver cites them.
        let mut context: Vec<usize> = Vec::new();
        for item in &c.items {
            let Some(&i) = self.index.get(&item.key) else {
                continue;
            };
            for j in std::iter::once(i).chain(
                self.companions
                    .get(&item.key)
                    .into_iter()
                    .flatten()
                    .copied(),
            ) {
                if !context.contains(&j) {
                    context.push(j);
                }
            }
        }
        if context.len() > 1 {
            context.sort_by_key(|&j| self.lettering_rank[j]);
            for j in context {
                driver.citation(self.request(vec![CitationItem::with_entry(&self.entries[j])]));
            }
        }
    }

    fn item<'a>(
        &self,
        entry: &'a Entry,
        item: &'a CiteItem,
        narrative: bool,
    ) -> CitationItem<'a, Entry> {
        let locator = item.locator.as_ref().map(|l| {
            let kind = match l.kind {
                LocatorKind::Page => CslLocator::Page,
                LocatorKind::Chapter => CslLocator::Chapter,
                LocatorKind::Section => CslLocator::Section,
                LocatorKind::Paragraph => CslLocator::Paragraph,
                LocatorKind::Figure => CslLocator::Figure,
            };
            SpecificLocator(kind, LocatorPayload::Str(&l.value))
        });
        let purpose = if narrative {
            Some(CitePurpose::Prose)
        } else if item.suppress_author && !self.numeric {
            Some(CitePurpose::Year)
        } else {
            None
        };
        CitationItem::new(entry, locator, None, false, purpose)
    }

    /// Puts a group's prefix after the style's opening mark ("(see …") and
    /// its suffix before the closing one ("…, emphasis added)").
    fn with_affixes(&self, out: &str, prefix: &str, suffix: &str, html: bool) -> String {
        let esc = |s: &str| if html { escape_html(s) } else { s.to_string() };
        let layout = &self.style.citation.layout;
        let open = esc(layout.prefix.as_deref().unwrap_or(""));
        let close = esc(layout.suffix.as_deref().unwrap_or(""));
        let inner = strip_affixes(out, &open, &close);
        let had_open = !open.is_empty() && out.starts_with(open.as_str());
        let had_close = !close.is_empty() && out.ends_with(close.as_str());
        format!(
            "{}{}{}",
            if had_open { open.as_str() } else { "" },
            affixed(&inner, &esc(prefix), &esc(suffix)),
            if had_close { close.as_str() } else { "" }
        )
    }
}

/// `parts` with `joins[i]` between part i and i + 1.
fn interleave(parts: &[String], joins: &[&str], html: bool) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            let join = joins.get(i - 1).copied().unwrap_or("; ");
            if html {
                out.push_str(&escape_html(join));
            } else {
                out.push_str(join);
            }
        }
        out.push_str(part);
    }
    out
}

fn strip_affixes(s: &str, open: &str, close: &str) -> String {
    let s = if open.is_empty() {
        s
    } else {
        s.strip_prefix(open).unwrap_or(s)
    };
    let s = if close.is_empty() {
        s
    } else {
        s.strip_suffix(close).unwrap_or(s)
    };
    s.to_string()
}

fn affixed(s: &str, prefix: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(s.len() + prefix.len() + suffix.len() + 3);
    if !prefix.is_empty() {
        out.push_str(prefix);
        out.push(' ');
    }
    out.push_str(s);
    if !suffix.is_empty() {
        out.push_str(", ");
        out.push_str(suffix);
    }
    out
}

/// The last `n` citations the driver rendered.
fn last_citations(
    driver: BibliographyDriver<'_, Entry>,
    style: &CslStyle,
    n: usize,
) -> Vec<ElemChildren> {
    let rendered = driver.finish(style.bibliography_request());
    let skip = rendered.citations.len().saturating_sub(n);
    rendered
        .citations
        .into_iter()
        .skip(skip)
        .map(|c| c.citation)
        .collect()
}
