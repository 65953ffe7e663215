//! In-text citation rules of the author-date styles: how authors are
//! shortened, joined to the year, and how locators are labelled.

use super::markup::en_dash;
use super::names::initials_first;
use super::standin::{Shown, title_stand_in};
use super::terms::Terms;
use super::work::{Name, Work, WorkKind};
use crate::markdown::citations::{Locator, LocatorKind};
use crate::text::escape_html;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Apa,
    Chicago,
    Harvard,
}

impl Family {
    /// First author count that becomes "X et al.": APA 7 and Chicago 18
    /// (the current official CSL) from three authors, Cite Them Right from
    /// four.
    pub(crate) fn et_al_from(self) -> usize {
        match self {
            Family::Apa | Family::Chicago => 3,
            Family::Harvard => 4,
        }
    }

    /// Between the author and the year inside parentheses. Chicago writes
    /// "(Smith 2019)" but "(Smith, n.d.)" and "(Smith, forthcoming)".
    pub fn name_year_sep(self, year: &str) -> &'static str {
        match self {
            Family::Chicago if year.starts_with(|c: char| c.is_ascii_digit()) => " ",
            _ => ", ",
        }
    }

    /// The year label as the style writes it: Cite Them Right has "no date"
    /// where the others have "n.d." (`label` is in `terms` already).
    pub fn year_label(self, label: String, terms: &Terms) -> String {
        match (self, label.strip_prefix(terms.no_date.as_str())) {
            (Family::Harvard, Some(rest)) => format!("{}{rest}", terms.no_date_long),
            _ => label,
        }
    }

    /// The author part (or the title standing in for a missing author);
    /// `narrative` uses "and" where APA's parentheses use "&". `how` carries
    /// what the bibliography-wide disambiguation rules decided for the work.
    pub fn short_authors(self, w: &Work, narrative: bool, how: AuthorForm, terms: &Terms) -> Shown {
        let mut names = cited_names(w);
        // BibTeX's "and others" is an author list cut short: "X et al.".
        let cut_short =
            matches!(names, [.., last] if last.given.is_none() && last.family == "others");
        if cut_short {
            names = &names[..names.len() - 1];
        }
        if names.is_empty() {
            return title_stand_in(w);
        }
        let mut shown: Vec<String> = names.iter().map(Name::surname).collect();
        if how.first_initials {
            shown[0] = initials_first(&names[0], true);
        }
        let and = if self == Family::Apa && !narrative {
            format!(" {} ", terms.and_symbol)
        } else {
            format!(" {} ", terms.and)
        };
        let et_al = &terms.et_al;
        let serial = if self == Family::Harvard { "" } else { "," };
        let n = shown.len();
        let text = match (how.names_shown, shown.as_slice()) {
            (_, [first, ..]) if cut_short => format!("{first} {et_al}"),
            (_, [one]) => one.clone(),
            (_, [a, b]) => format!("{a}{and}{b}"),
            // APA 7 §8.18: as many names as tell the works apart, then
            // ", et al."; when only one would be left, it is written too.
            (Some(k), _) if k < n => format!("{}, {et_al}", shown[..k].join(", ")),
            (None, [first, ..]) if n >= self.et_al_from() => format!("{first} {et_al}"),
            (_, [init @ .., last]) => format!("{}{serial}{and}{last}", init.join(", ")),
            (_, []) => String::new(),
        };
        let tail = format!(" {et_al}");
        if self == Family::Harvard && text.ends_with(&tail) {
            // Cite Them Right italicises "et al.".
            let names = &text[..text.len() - tail.len()];
            return Shown {
                html: format!("{} <i>{}</i>", escape_html(names), escape_html(et_al)),
                text,
            };
        }
        Shown::plain(text)
    }

    /// The author part followed by the separator before the year. A quoted
    /// title takes the comma inside the quotes (APA 7 §8.14: ("Title," 2020)).
    pub fn lead(self, author: &Shown, year: &str) -> Shown {
        let sep = self.name_year_sep(year);
        match (author.text.strip_suffix('”'), sep.strip_suffix(' ')) {
            (Some(inner), Some(mark)) if !mark.is_empty() => Shown {
                html: format!(
                    "{}{mark}” ",
                    author.html.strip_suffix('”').unwrap_or(&author.html)
                ),
                text: format!("{inner}{mark}” "),
            },
            _ => Shown {
                html: format!("{}{sep}", author.html),
                text: format!("{}{sep}", author.text),
            },
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

/// The names an in-text citation shows: the authors, or the editors of an
/// edited book without authors.
pub(crate) fn cited_names(w: &Work) -> &[Name] {
    if w.authors.is_empty() && w.kind == WorkKind::Book {
        &w.editors
    } else {
        &w.authors
    }
}

/// What the bibliography-wide rules decided about one work's author part.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AuthorForm {
    /// Names written before "et al." (APA 7 §8.18); `None` is the style's
    /// default.
    pub names_shown: Option<usize>,
    /// The first author's initials, because another first author shares
    /// the surname (APA 7 §8.20).
    pub first_initials: bool,
}
