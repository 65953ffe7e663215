//! One bibliography entry as plain data — names, kind, date, title,
//! container, identifiers — and what every citation style reads off it
//! the same way (its date label, its link, its publisher). Loading (`bibliography`,
//! `bibtex`, `csl_json`, `fields`, `dates`) writes these records; the
//! styles read them. A leaf of the evidence area: it knows neither side.

use super::case::Piece;

/// A person or organisation credited on a work. An organisation is a name
/// without a given name (`{Australian Parents Council}` in BibTeX).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub family: String,
    pub given: Option<String>,
    /// "van", "de" …
    pub particle: Option<String>,
    /// "Jr." …
    pub suffix: Option<String>,
}

impl Name {
    /// The family name with its particle: "van Gogh".
    pub fn surname(&self) -> String {
        match &self.particle {
            Some(p) => format!("{p} {}", self.family),
            None => self.family.clone(),
        }
    }
}

/// What kind of work an entry is, as far as citation styles care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WorkKind {
    Article,
    Book,
    /// A chapter or contribution inside an edited book.
    Chapter,
    Report,
    Thesis,
    Web,
    #[default]
    Other,
}

/// One bibliography entry as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Work {
    pub key: String,
    pub kind: WorkKind,
    pub authors: Vec<Name>,
    pub editors: Vec<Name>,
    /// The primary (publication or reprint) year; `None` when undated or
    /// not yet published. Use [`Work::date_label`] for what to print.
    pub year: Option<i32>,
    /// The year of the original publication of a reprint or translation
    /// (`origdate`, or `[1893] 1984` in a year field).
    pub original_year: Option<i32>,
    /// Set for works not yet published (`in press`, `forthcoming`).
    pub status: Option<PublicationStatus>,
    /// Plain text (BibTeX braces and commands resolved), not escaped.
    pub title: String,
    /// The title with BibTeX's case protection (braced text), for styles
    /// that change the case of titles.
    pub title_pieces: Vec<Piece>,
    /// Journal or book title.
    pub container: Option<String>,
    pub container_pieces: Vec<Piece>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub edition: Option<String>,
    pub publisher: Option<String>,
    pub place: Option<String>,
    /// Report type or thesis type as written ("Research Report").
    pub genre: Option<String>,
    /// Report number.
    pub number: Option<String>,
    /// Bare DOI ("10.1177/…").
    pub doi: Option<String>,
    pub url: Option<String>,
    /// BibTeX `howpublished` when it is not a URL (a site or publisher).
    pub howpublished: Option<String>,
    /// BibTeX `note` (or `addendum`).
    pub note: Option<String>,
    /// Software version.
    pub version: Option<String>,
    /// The BibTeX entry type as written, lower case ("unpublished").
    pub bibtex_type: Option<String>,
}

/// A work that has no publication year yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicationStatus {
    /// Accepted for publication (`in press`); APA 7 §9.14: "(in press)".
    InPress,
    /// Announced but not yet accepted (`forthcoming`). APA 7 also prints
    /// "(in press)" for this; Chicago prints "forthcoming".
    Forthcoming,
}

impl PublicationStatus {
    /// The status as APA writes it in place of a year.
    pub fn apa_label(self) -> &'static str {
        match self {
            PublicationStatus::InPress | PublicationStatus::Forthcoming => "in press",
        }
    }
}

impl Work {
    pub fn doi_url(&self) -> Option<String> {
        self.doi.as_ref().map(|d| format!("https://doi.org/{d}"))
    }

    /// Where the entry's reference links to: its DOI, else its URL.
    pub(crate) fn link(&self) -> Option<String> {
        self.doi_url().or_else(|| self.url.clone())
    }

    /// The publisher, unless it is the author (APA 7 §9.25 omits it then;
    /// Chicago and Harvard do the same).
    pub(crate) fn distinct_publisher(&self) -> Option<&str> {
        let p = self.publisher.as_deref()?;
        let same = self.authors.len() == 1
            && self.authors[0].given.is_none()
            && self.authors[0].family == p;
        (!same).then_some(p)
    }

    /// The date part of an author-date citation, before any a/b letter:
    /// "2003", "1893/1984" (original/reprint, APA 7 §9.41), "in press",
    /// or "n.d." when the entry has no usable date.
    pub fn date_label(&self) -> String {
        if let Some(status) = self.status {
            return status.apa_label().to_string();
        }
        match (self.original_year, self.year) {
            (Some(original), Some(year)) if original != year => format!("{original}/{year}"),
            (_, Some(year)) => year.to_string(),
            (Some(original), None) => original.to_string(),
            (None, None) => "n.d.".to_string(),
        }
    }

    /// True when the entry has neither a year nor a publication status
    /// (it is cited as "n.d.").
    pub fn is_undated(&self) -> bool {
        self.year.is_none() && self.original_year.is_none() && self.status.is_none()
    }

    /// Reference-list order among one author's works (APA 7 §9.46): undated
    /// works first, then by year (the primary year, then the original one),
    /// then works in press last.
    pub fn date_sort_key(&self) -> (u8, i64, i64) {
        if self.status.is_some() {
            return (2, 0, 0);
        }
        match (self.year.or(self.original_year), self.original_year) {
            (Some(year), original) => (1, i64::from(year), original.map_or(0, i64::from)),
            (None, _) => (0, 0, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(year: Option<i32>, original: Option<i32>, status: Option<PublicationStatus>) -> Work {
        Work {
            key: "k".into(),
            kind: WorkKind::Book,
            authors: Vec::new(),
            editors: Vec::new(),
            year,
            original_year: original,
            status,
            ..Work::default()
        }
    }

    #[test]
    fn date_label_gives_apa_forms() {
        assert_eq!(work(Some(2003), None, None).date_label(), "2003");
        assert_eq!(work(None, None, None).date_label(), "n.d.");
        assert_eq!(work(Some(1984), Some(1893), None).date_label(), "1893/1984");
        assert_eq!(work(Some(1984), Some(1984), None).date_label(), "1984");
        let press = Some(PublicationStatus::InPress);
        assert_eq!(work(None, None, press).date_label(), "in press");
        let forthcoming = Some(PublicationStatus::Forthcoming);
        assert_eq!(work(Some(2027), None, forthcoming).date_label(), "in press");
    }

    #[test]
    fn undated_sorts_first_and_in_press_last() {
        let mut works = [
            work(None, None, Some(PublicationStatus::InPress)),
            work(Some(2001), None, None),
            work(None, None, None),
            work(Some(1984), Some(1893), None),
        ];
        works.sort_by_key(Work::date_sort_key);
        let labels: Vec<String> = works.iter().map(Work::date_label).collect();
        assert_eq!(labels, ["n.d.", "1893/1984", "2001", "in press"]);
    }
}
