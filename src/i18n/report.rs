//! `sheaf translations`: one line per source page or section and
//! configured language, saying whether its translation is up to date.

use crate::config::Config;
use crate::content::Content;
use crate::ids::SectionId;

use super::status::{Status, status_of};

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `content/factsheets/learning-at-home.md`.
    pub source: String,
    pub tag: String,
    pub status: Status,
    /// The translation's file, when there is one.
    pub translation: Option<String>,
}

impl std::fmt::Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}  {}  {}", self.source, self.tag, self.status.as_str())
    }
}

/// Every source page and section against every language other than the
/// default, sorted by source file and then tag.
pub fn report(config: &Config, content: &Content) -> Vec<Line> {
    let t = &content.translations;
    let mut lines = Vec::new();
    for (i, page) in content.pages.iter_enumerated() {
        if page.lang.is_some() {
            continue;
        }
        for language in &config.languages.others {
            let found = t
                .page_versions
                .get(&i)
                .and_then(|v| v.iter().find(|(tag, _)| *tag == language.tag))
                .map(|&(_, p)| &content.pages[p]);
            lines.push(Line {
                source: page.source.display_path.clone(),
                tag: language.tag.clone(),
                status: found.map_or(Status::Missing, |p| {
                    status_of(p.front.source_hash.as_deref(), &page.source.text)
                }),
                translation: found.map(|p| p.source.display_path.clone()),
            });
        }
    }
    for (i, section) in content.sections.iter_enumerated() {
        // The home page sheaf makes when there is no content/_index.md has
        // nothing to translate.
        if section.lang.is_some() || section.source.text.is_empty() && i == SectionId::HOME {
            continue;
        }
        for language in &config.languages.others {
            let found = t
                .section_in(i, Some(&language.tag))
                .filter(|s| t.section_has_file.contains(s))
                .map(|s| &content.sections[s]);
            lines.push(Line {
                source: section.source.display_path.clone(),
                tag: language.tag.clone(),
                status: found.map_or(Status::Missing, |s| {
                    status_of(s.front.source_hash.as_deref(), &section.source.text)
                }),
                translation: found.map(|s| s.source.display_path.clone()),
            });
        }
    }
    lines.sort_by(|a, b| (&a.source, &a.tag).cmp(&(&b.source, &b.tag)));
    lines
}
