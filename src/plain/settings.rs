//! The reading settings as the checks use them: `[check] reading_grade`,
//! `max_sentence_words`, `avoid` and `avoid_builtin` from `sheaf.toml`, and
//! how a page's target is found (its own `reading_grade`, then its sections
//! outwards, then the site). The grade as written is
//! `crate::config::plain::ReadingGrade`.

use std::collections::BTreeMap;

use crate::config::CheckConfig;
use crate::config::plain::ReadingGrade;
use crate::content::{Content, Page};

/// The reading keys of `[check]`, borrowed from the config.
#[derive(Debug, Clone, Copy)]
pub struct ReadingSettings<'a> {
    pub reading_grade: Option<ReadingGrade>,
    pub max_sentence_words: usize,
    pub avoid: &'a BTreeMap<String, String>,
    pub avoid_builtin: bool,
}

impl<'a> From<&'a CheckConfig> for ReadingSettings<'a> {
    fn from(c: &'a CheckConfig) -> Self {
        Self {
            reading_grade: c.reading_grade,
            max_sentence_words: c.max_sentence_words,
            avoid: &c.avoid,
            avoid_builtin: c.avoid_builtin,
        }
    }
}

impl ReadingSettings<'_> {
    /// The words to avoid these settings name: the built-in list unless
    /// turned off, with the site's own entries.
    pub fn avoid_list(&self) -> super::avoid::AvoidList {
        super::avoid::AvoidList::new(
            self.avoid_builtin,
            self.avoid.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }
}

/// A page's target: its own `reading_grade`, else the nearest section's
/// (the page's section, then its parents), else the site's.
pub fn page_target(
    site: Option<ReadingGrade>,
    content: &Content,
    page: &Page,
) -> Option<ReadingGrade> {
    if let Some(own) = page.front.reading_grade {
        return Some(own);
    }
    let mut section = content.sections.get(page.section);
    while let Some(s) = section {
        if let Some(grade) = s.front.reading_grade {
            return Some(grade);
        }
        section = s.parent.and_then(|p| content.sections.get(p));
    }
    site
}
