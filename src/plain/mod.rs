//! Plain language, checked: reading grades per page and paragraph, long
//! sentences and words to avoid as warnings, and the readers' glossary.
//! Everything here is computed from the loaded pages and the config, and
//! handed back as plain data ([`Readability`]) for `check`, `build` and
//! the author panel of `serve`.

pub mod avoid;
pub mod glossary;
pub mod glossary_page;
pub mod measure;
mod page;
pub mod panel;
#[cfg(test)]
mod reference;
pub mod report;
pub mod scan;
mod sentences;
pub mod settings;
mod syllables;
pub mod text;
mod words;

use serde::Serialize;

pub use avoid::AvoidList;
pub use page::analyse_page;
pub use settings::ReadingSettings;

use crate::config::Config;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::ids::PageId;

/// What the readability pass found on one page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageReadability {
    /// The page's file, as diagnostics show it (`content/factsheets/x.md`).
    pub file: String,
    pub url: String,
    pub title: String,
    /// The grade to stay at or below; `None` when the page is exempt
    /// (`reading_grade = false`) or no target is set.
    pub target: Option<f64>,
    /// The page or a section above it says `reading_grade = false`.
    pub exempt: bool,
    pub flesch_kincaid_grade: f64,
    pub smog_index: f64,
    pub coleman_liau_index: f64,
    pub words: usize,
    pub sentences: usize,
    pub longest_sentences: Vec<SentenceReport>,
    pub paragraphs: Vec<ParagraphReadability>,
    /// How many warnings the readability checks gave this page.
    pub warnings: usize,
}

/// One paragraph's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ParagraphReadability {
    pub line: usize,
    pub flesch_kincaid_grade: f64,
    pub smog_index: f64,
    pub coleman_liau_index: f64,
    pub words: usize,
    pub sentences: usize,
}

/// A sentence named in a report: where it starts, its length and grade.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SentenceReport {
    pub line: usize,
    pub words: usize,
    pub flesch_kincaid_grade: f64,
    pub text: String,
}

/// The whole site's readability: per page, in content order, and the
/// warnings (already counted into each page's `warnings`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Readability {
    pub pages: Vec<PageReadability>,
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

impl Readability {
    /// The page of `file`, if it was analysed.
    pub fn page(&self, file: &str) -> Option<&PageReadability> {
        self.pages.iter().find(|p| p.file == file)
    }
}

/// The readability pass as the build runs it: inside the Markdown stage's
/// task for each page, on the events that stage parsed, so no page is
/// parsed twice (docs/performance.md, "Readability").
pub struct PageReader<'a> {
    config: &'a Config,
    content: &'a Content,
    settings: ReadingSettings<'a>,
    avoid: AvoidList,
    /// Whether each page's figures are kept (for `sheaf check`) or only
    /// its warnings made.
    figures: bool,
}

impl<'a> PageReader<'a> {
    pub fn new(config: &'a Config, content: &'a Content, figures: bool) -> Self {
        let settings = ReadingSettings::from(&config.check);
        let avoid = settings.avoid_list();
        Self {
            config,
            content,
            settings,
            avoid,
            figures,
        }
    }

    /// One page's warnings, and its figures when they are kept, from its
    /// parsed events; `None` for a page not written in English.
    pub fn read(
        &self,
        page: &crate::content::Page,
        events: &[(pulldown_cmark::Event<'_>, std::ops::Range<usize>)],
    ) -> Option<(Option<PageReadability>, Vec<Diagnostic>)> {
        if !is_checked(self.config, page) {
            return None;
        }
        let target = settings::page_target(self.settings.reading_grade, self.content, page);
        let figures = self.figures.then(|| self.config.url_for(&page.site_path));
        Some(page::analyse_page_events(
            page,
            events,
            figures.as_deref(),
            target,
            &self.settings,
            &self.avoid,
        ))
    }
}

impl Readability {
    /// The site's readability from each page's result, in content order.
    pub fn collect(
        results: impl IntoIterator<Item = (Option<PageReadability>, Vec<Diagnostic>)>,
    ) -> Self {
        let mut out = Readability::default();
        for (page, diags) in results {
            out.pages.extend(page);
            out.diagnostics.extend(diags);
        }
        out
    }
}

/// One page's warnings again, for `serve`'s partial rebuilds.
pub fn analyse_one(config: &Config, content: &Content, index: PageId) -> Vec<Diagnostic> {
    let Some(page) = content.pages.get(index).filter(|p| is_checked(config, p)) else {
        return Vec::new();
    };
    let settings = ReadingSettings::from(&config.check);
    let avoid = settings.avoid_list();
    let target = settings::page_target(settings.reading_grade, content, page);
    analyse_page(page, None, target, &settings, &avoid).1
}

/// Whether `page` is checked: the site has not turned the check off
/// (`[check] plain_language = false`) and the page is written in English.
fn is_checked(config: &Config, page: &crate::content::Page) -> bool {
    config.check.plain_language && is_english(config, page)
}

/// Whether `page` is written in English: the grade formulas, syllable
/// rules and word lists are English ones, so pages in other languages
/// (translations, or a site whose language is not English) are not graded.
fn is_english(config: &Config, page: &crate::content::Page) -> bool {
    let tag = page.lang.as_deref().unwrap_or(&config.language);
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    primary.eq_ignore_ascii_case("en")
}

/// A grade as shown to authors: one decimal.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A target as written: "8", or "7.5".
pub fn show_target(t: f64) -> String {
    if t.fract() == 0.0 {
        format!("{t:.0}")
    } else {
        format!("{t}")
    }
}
