//! What each source can support, gathered once from its notes, and the
//! popover every in-text citation carries: the full reference, design,
//! evidence level with its badge, locator and a link to the source page.
//!
//! The popover is plain HTML next to the citation (the native `popover`
//! attribute, opened by a `popovertarget` button): no script, so it opens
//! on click, tap or Enter/Space, Escape closes it and focus goes back to
//! the button. Without popover support the citation is still a link.

use rustc_hash::FxHashMap;

use super::settings::{SourceStatus, WeighConfig};
use crate::content::Note;
use crate::content::date::ContentDate;
use crate::content::front_matter::EvidenceLevel;
use crate::evidence::Formatter;
use crate::markdown::Citation;
use crate::text::escape_html_into;

/// One source's standing, from its notes (a source without notes has none
/// of it and cannot support causal claims).
#[derive(Debug, Clone, Default)]
pub struct Strength {
    pub design: Option<String>,
    pub level: Option<EvidenceLevel>,
    /// Notes say `causal = true`, or the design is a causal one.
    pub causal: bool,
    pub status: SourceStatus,
    pub superseded_by: Option<String>,
    pub reviewed: Option<ContentDate>,
    /// Index into `content.notes`.
    pub note: usize,
}

/// [`Strength`] per citation key that has notes.
#[derive(Debug, Default)]
pub struct Strengths {
    by_key: FxHashMap<String, Strength>,
}

impl Strengths {
    pub fn new(notes: &[Note], config: &WeighConfig) -> Self {
        let by_key = notes
            .iter()
            .enumerate()
            .map(|(i, note)| {
                let front = &note.front;
                let design_causal = front
                    .design
                    .as_deref()
                    .is_some_and(|d| config.is_causal_design(d));
                let strength = Strength {
                    design: front.design.as_deref().map(|d| d.trim().to_string()),
                    level: front.evidence_level,
                    causal: front.causal.unwrap_or(design_causal),
                    status: front.status.unwrap_or_default(),
                    superseded_by: front.superseded_by.clone(),
                    reviewed: front.reviewed.clone(),
                    note: i,
                };
                (note.key.clone(), strength)
            })
            .collect();
        Strengths { by_key }
    }

    pub fn get(&self, key: &str) -> Option<&Strength> {
        self.by_key.get(key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Strength)> {
        self.by_key.iter().map(|(k, s)| (k.as_str(), s))
    }

    /// Whether the source can support a causal claim.
    pub fn causal(&self, key: &str) -> bool {
        self.get(key).is_some_and(|s| s.causal)
    }

    pub fn level(&self, key: &str) -> Option<EvidenceLevel> {
        self.get(key).and_then(|s| s.level)
    }
}

/// The id of the `n`th citation of a page (1-based, document order).
pub fn citation_id(n: usize) -> String {
    format!("cite-{n}")
}

/// What a popover needs besides the citation.
pub struct PopoverInput<'a> {
    pub formatter: &'a Formatter,
    pub strengths: &'a Strengths,
    /// The source page of a key.
    pub source_url: &'a dyn Fn(&str) -> String,
    pub levels_url: &'a str,
}

/// Wraps the in-text citation `cited` (already HTML) with its id, the
/// button opening its popover and the popover itself.
pub fn wrap_citation(
    cited: &str,
    citation: &Citation,
    n: usize,
    input: &PopoverInput<'_>,
) -> String {
    let id = citation_id(n);
    let mut out = String::with_capacity(cited.len() + 600 * citation.items.len());
    out.push_str("<span class=\"cite\" id=\"");
    out.push_str(&id);
    out.push_str("\">");
    out.push_str(cited);
    out.push_str("<button type=\"button\" class=\"cite__more\" popovertarget=\"");
    out.push_str(&id);
    out.push_str("-pop\"><span aria-hidden=\"true\">i</span><span class=\"visually-hidden\">About the evidence for this citation</span></button>");
    out.push_str("<span class=\"cite__pop\" popover id=\"");
    out.push_str(&id);
    out.push_str("-pop\" role=\"group\" aria-label=\"About the evidence\">");
    for item in &citation.items {
        popover_item(&mut out, item, input);
    }
    out.push_str("</span></span>");
    out
}

/// One cited work in a popover, each part a `<span>` (a popover sits in a
/// paragraph, so only phrasing content is allowed).
fn popover_item(
    out: &mut String,
    item: &crate::markdown::citations::CiteItem,
    input: &PopoverInput<'_>,
) {
    let key = item.key.as_str();
    let strength = input.strengths.get(key);
    out.push_str("<span class=\"cite__item\"><span class=\"cite__ref\">");
    out.push_str(input.formatter.reference_html(key).unwrap_or_default());
    out.push_str("</span>");
    if let Some(design) = strength.and_then(|s| s.design.as_deref()) {
        out.push_str("<span class=\"cite__row\"><span class=\"cite__label\">Study design:</span> ");
        escape_html_into(out, design);
        out.push_str("</span>");
    }
    if let Some(level) = strength.and_then(|s| s.level) {
        let (id, name) = (level.as_str(), level_name(level));
        out.push_str("<span class=\"cite__row\"><span class=\"cite__label\">Evidence level:</span> <a class=\"badge badge--");
        out.push_str(id);
        out.push_str("\" href=\"");
        escape_html_into(out, input.levels_url);
        out.push('#');
        out.push_str(id);
        out.push_str("\"><span class=\"badge__bars\" aria-hidden=\"true\"><span></span><span></span><span></span></span><span class=\"badge__text\">");
        out.push_str(name);
        out.push_str("</span></a></span>");
    }
    if let Some(locator) = &item.locator {
        out.push_str("<span class=\"cite__row\"><span class=\"cite__label\">Where:</span> ");
        escape_html_into(out, &input.formatter.locator_text(locator));
        out.push_str("</span>");
    }
    if let Some(status) = strength
        .map(|s| s.status)
        .filter(|s| *s != SourceStatus::Current)
    {
        out.push_str(
            "<span class=\"cite__row cite__status\"><span class=\"cite__label\">Status:</span> ",
        );
        out.push_str(status.as_str());
        out.push_str("</span>");
    }
    out.push_str("<span class=\"cite__row\"><a href=\"");
    escape_html_into(out, &(input.source_url)(key));
    out.push_str("\">About this source</a></span></span>");
}

/// The badge text of a level.
pub fn level_name(level: EvidenceLevel) -> &'static str {
    match level {
        EvidenceLevel::Strong => "Strong evidence",
        EvidenceLevel::Moderate => "Moderate evidence",
        EvidenceLevel::Emerging => "Emerging evidence",
    }
}
