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
use crate::ids::{NoteId, TiSlice};
use crate::markdown::Citation;
use crate::text::escape_html_into;

/// One source's standing, from its notes (a source without notes has none
/// of it and cannot support causal claims).
#[derive(Debug, Clone)]
pub struct Strength {
    pub design: Option<String>,
    pub level: Option<EvidenceLevel>,
    /// Notes say `causal = true`, or the design is a causal one.
    pub causal: bool,
    pub status: SourceStatus,
    pub superseded_by: Option<String>,
    pub reviewed: Option<ContentDate>,
    /// The source's notes in `content.notes`.
    pub note: NoteId,
}

/// [`Strength`] per citation key that has notes.
#[derive(Debug, Default)]
pub struct Strengths {
    by_key: FxHashMap<String, Strength>,
}

impl Strengths {
    pub fn new(notes: &TiSlice<NoteId, Note>, config: &WeighConfig) -> Self {
        let by_key = notes
            .iter_enumerated()
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
    /// The words around the popover, in the page's language.
    pub labels: &'a PopoverLabels,
}

/// The words a popover prints, in one language (from the theme's strings
/// table, `[cite]`, `[badge]` and `references.about_source`). The default
/// is English, as the theme's own table has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopoverLabels {
    pub button: String,
    pub group: String,
    pub design: String,
    pub level: String,
    pub locator: String,
    pub status: String,
    pub source: String,
    /// Strong, moderate and emerging evidence, as the badges read.
    pub levels: [String; 3],
}

impl Default for PopoverLabels {
    fn default() -> Self {
        PopoverLabels {
            button: "About the evidence for this citation".into(),
            group: "About the evidence".into(),
            design: "Study design:".into(),
            level: "Evidence level:".into(),
            locator: "Where:".into(),
            status: "Status:".into(),
            source: "About this source".into(),
            levels: [
                EvidenceLevel::Strong,
                EvidenceLevel::Moderate,
                EvidenceLevel::Emerging,
            ]
            .map(|l| level_name(l).to_string()),
        }
    }
}

impl PopoverLabels {
    fn level(&self, level: EvidenceLevel) -> &str {
        match level {
            EvidenceLevel::Strong => &self.levels[0],
            EvidenceLevel::Moderate => &self.levels[1],
            EvidenceLevel::Emerging => &self.levels[2],
        }
    }
}

/// The popover words of every language a site publishes in.
#[derive(Debug, Clone, Default)]
pub struct PopoverLabelSet {
    /// The site's default language.
    pub default: PopoverLabels,
    /// Each other language, by tag.
    pub others: Vec<(String, PopoverLabels)>,
}

impl PopoverLabelSet {
    /// The words for pages in `language` (`None`: the default language).
    pub fn get(&self, language: Option<&str>) -> &PopoverLabels {
        language
            .and_then(|tag| self.others.iter().find(|(t, _)| t == tag))
            .map_or(&self.default, |(_, l)| l)
    }
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
    let labels = input.labels;
    out.push_str("-pop\"><span aria-hidden=\"true\">i</span><span class=\"visually-hidden\">");
    escape_html_into(&mut out, &labels.button);
    out.push_str("</span></button>");
    out.push_str("<span class=\"cite__pop\" popover id=\"");
    out.push_str(&id);
    out.push_str("-pop\" role=\"group\" aria-label=\"");
    escape_html_into(&mut out, &labels.group);
    out.push_str("\">");
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
    let labels = input.labels;
    let strength = input.strengths.get(key);
    out.push_str("<span class=\"cite__item\"><span class=\"cite__ref\">");
    out.push_str(input.formatter.reference_html(key).unwrap_or_default());
    out.push_str("</span>");
    if let Some(design) = strength.and_then(|s| s.design.as_deref()) {
        out.push_str("<span class=\"cite__row\"><span class=\"cite__label\">");
        escape_html_into(out, &labels.design);
        out.push_str("</span> ");
        escape_html_into(out, design);
        out.push_str("</span>");
    }
    if let Some(level) = strength.and_then(|s| s.level) {
        let (id, name) = (level.as_str(), labels.level(level));
        out.push_str("<span class=\"cite__row\"><span class=\"cite__label\">");
        escape_html_into(out, &labels.level);
        out.push_str("</span> <a class=\"badge badge--");
        out.push_str(id);
        out.push_str("\" href=\"");
        escape_html_into(out, input.levels_url);
        out.push('#');
        out.push_str(id);
        out.push_str("\"><span class=\"badge__bars\" aria-hidden=\"true\"><span></span><span></span><span></span></span><span class=\"badge__text\">");
        escape_html_into(out, name);
        out.push_str("</span></a></span>");
    }
    if let Some(locator) = &item.locator {
        out.push_str("<span class=\"cite__row\"><span class=\"cite__label\">");
        escape_html_into(out, &labels.locator);
        out.push_str("</span> ");
        escape_html_into(out, &input.formatter.locator_text(locator));
        out.push_str("</span>");
    }
    if let Some(status) = strength
        .map(|s| s.status)
        .filter(|s| *s != SourceStatus::Current)
    {
        out.push_str("<span class=\"cite__row cite__status\"><span class=\"cite__label\">");
        escape_html_into(out, &labels.status);
        out.push_str("</span> ");
        out.push_str(status.as_str());
        out.push_str("</span>");
    }
    out.push_str("<span class=\"cite__row\"><a href=\"");
    escape_html_into(out, &(input.source_url)(key));
    out.push_str("\">");
    escape_html_into(out, &labels.source);
    out.push_str("</a></span></span>");
}

/// The badge text of a level.
pub fn level_name(level: EvidenceLevel) -> &'static str {
    match level {
        EvidenceLevel::Strong => "Strong evidence",
        EvidenceLevel::Moderate => "Moderate evidence",
        EvidenceLevel::Emerging => "Emerging evidence",
    }
}
