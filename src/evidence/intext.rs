//! In-text citation rules of the author-date styles: how authors are
//! shortened, joined to the year, and how locators are labelled.

use super::bibliography::{Name, Work, WorkKind};
use super::markup::en_dash;
use crate::markdown::citations::{Locator, LocatorKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Apa,
    Chicago,
    Harvard,
}

impl Family {
    /// First author count that becomes "X et al.": APA 7 from three authors,
    /// Chicago 17 and Cite Them Right from four.
    fn et_al_from(self) -> usize {
        match self {
            Family::Apa => 3,
            Family::Chicago | Family::Harvard => 4,
        }
    }

    /// Between the author and the year inside parentheses.
    pub fn name_year_sep(self) -> &'static str {
        match self {
            Family::Chicago => " ",
            Family::Apa | Family::Harvard => ", ",
        }
    }

    /// The author part: `narrative` uses "and" where APA's parentheses use "&".
    pub fn short_authors(self, w: &Work, narrative: bool) -> String {
        let names: &[Name] = if w.authors.is_empty() && w.kind == WorkKind::Book {
            &w.editors
        } else {
            &w.authors
        };
        let surnames: Vec<String> = names.iter().map(Name::surname).collect();
        let and = if self == Family::Apa && !narrative {
            " & "
        } else {
            " and "
        };
        match surnames.as_slice() {
            [] => format!("“{}”", short_title(&w.title)),
            [one] => one.clone(),
            [a, b] => format!("{a}{and}{b}"),
            [first, ..] if surnames.len() >= self.et_al_from() => format!("{first} et al."),
            [init @ .., last] => {
                let serial = if self == Family::Chicago { "," } else { "" };
                format!("{}{serial}{and}{last}", init.join(", "))
            }
        }
    }

    pub fn locator(self, loc: &Locator) -> String {
        let plural = loc.is_plural();
        let value = en_dash(&loc.value);
        let label = match (self, loc.kind) {
            (Family::Chicago, LocatorKind::Page) => return value,
            (_, LocatorKind::Page) => {
                if plural {
                    "pp."
                } else {
                    "p."
                }
            }
            (_, LocatorKind::Paragraph) => {
                if plural {
                    "paras."
                } else {
                    "para."
                }
            }
            (Family::Apa, LocatorKind::Chapter) => {
                if plural {
                    "Chapters"
                } else {
                    "Chapter"
                }
            }
            (Family::Apa, LocatorKind::Section) => {
                if plural {
                    "Sections"
                } else {
                    "Section"
                }
            }
            (Family::Apa, LocatorKind::Figure) => {
                if plural {
                    "Figures"
                } else {
                    "Figure"
                }
            }
            (Family::Chicago, LocatorKind::Chapter) => {
                if plural {
                    "chaps."
                } else {
                    "chap."
                }
            }
            (Family::Harvard, LocatorKind::Chapter) => {
                if plural {
                    "chs."
                } else {
                    "ch."
                }
            }
            (Family::Chicago, LocatorKind::Section) => {
                if plural {
                    "secs."
                } else {
                    "sec."
                }
            }
            (Family::Harvard, LocatorKind::Section) => {
                if plural {
                    "sects."
                } else {
                    "sect."
                }
            }
            (_, LocatorKind::Figure) => {
                if plural {
                    "figs."
                } else {
                    "fig."
                }
            }
        };
        format!("{label} {value}")
    }
}

/// A title used in place of a missing author: its first few words.
fn short_title(title: &str) -> String {
    let main = title.split([':', '.', '?']).next().unwrap_or(title).trim();
    let words: Vec<&str> = main.split_whitespace().collect();
    if words.len() <= 4 {
        main.to_string()
    } else {
        format!("{}…", words[..4].join(" "))
    }
}
