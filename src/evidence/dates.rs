//! The publication date of a work as citation styles need it: a primary
//! year, an original year for reprints and translations ("1893/1984"), a
//! status for works not yet published ("in press"), or no date at all
//! ("n.d.").

use super::bibliography::Work;

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
    use crate::evidence::bibliography::WorkKind;

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
