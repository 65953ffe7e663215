//! Reading the dates bibliography files write by hand: free-text years
//! ("[1893] 1984", "in press", "c. 1900"), spelled-out dates and month
//! fields, into the year, original year and status a [`Work`] keeps.
//!
//! [`Work`]: super::work::Work

use super::work::PublicationStatus;

/// What a free-text year field (`year = {[1893] 1984}`) was read as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LooseDate {
    pub year: Option<i32>,
    /// Month and day 1-based, when the text named them ("March 14, 2001").
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub original_year: Option<i32>,
    pub status: Option<PublicationStatus>,
    /// Why the reading is a guess, for a warning; `None` when the text is a
    /// form citation styles know ("n.d.", "in press", "[1893] 1984").
    pub guess: Option<String>,
}

/// Reads the year forms found in real bibliographies that BibLaTeX's date
/// syntax rejects. Never fails: text with no year becomes undated, with a
/// note saying so.
pub(crate) fn read_loose_year(text: &str) -> LooseDate {
    let lower = text.trim().to_lowercase();
    let squashed: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    let years = four_digit_years(&lower);
    let mut date = LooseDate::default();
    match squashed.as_str() {
        "" | "nd" | "sd" | "nodate" | "undated" | "sa" => return date,
        "inpress" | "accepted" | "imdruck" | "souspresse" => {
            date.status = Some(PublicationStatus::InPress);
            return date;
        }
        "forthcoming" | "toappear" => {
            date.status = Some(PublicationStatus::Forthcoming);
            return date;
        }
        _ => {}
    }
    // "[1893] 1984": original edition in brackets, then the edition used.
    if let Some(rest) = lower.strip_prefix('[')
        && let Some((inner, after)) = rest.split_once(']')
        && let (Some(original), Some(year)) = (whole_year(inner), whole_year(after))
    {
        date.original_year = Some(original);
        date.year = Some(year);
        return date;
    }
    if let Some((month, day, year)) = spelled_date(&lower) {
        (date.year, date.month, date.day) = (Some(year), Some(month), day);
        return date;
    }
    let circa = ["c.", "ca.", "circa", "ca"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .and_then(whole_year);
    if let Some(year) = circa.or_else(|| whole_year(&lower)) {
        date.year = Some(year);
        return date;
    }
    match years.as_slice() {
        [] => {
            date.guess = Some("has no year; it is cited as \"n.d.\"".to_string());
        }
        [year, rest @ ..] => {
            date.year = Some(*year);
            // "1990 [1890-1900]": a bracketed earlier year is the original.
            if lower.contains('[') {
                date.original_year = rest.iter().copied().find(|y| y < year);
            }
            date.guess = Some(format!("is read as the year {year}"));
        }
    }
    date
}

/// "March 2010", "March 14, 2001", "June 27th, 2002", "April 3rd 2001".
fn spelled_date(text: &str) -> Option<(u8, Option<u8>, i32)> {
    let words: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let (month, day, year) = match words.as_slice() {
        [m, y] => (*m, None, *y),
        [m, d, y] => (*m, Some(*d), *y),
        _ => return None,
    };
    if !month.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let month = read_month(month)?;
    let day = match day {
        Some(d) => {
            let digits = d.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix_ok = matches!(&d[digits.len()..], "" | "st" | "nd" | "rd" | "th");
            let n: u8 = digits
                .parse()
                .ok()
                .filter(|n| (1..=31).contains(n) && suffix_ok)?;
            Some(n)
        }
        None => None,
    };
    Some((month, day, whole_year(year)?))
}

/// `text` as a year when it is one, with nothing else but spaces.
fn whole_year(text: &str) -> Option<i32> {
    let t = text.trim();
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Every run of exactly four ASCII digits, in order.
fn four_digit_years(text: &str) -> Vec<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse().ok())
        .collect()
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month field as a number 1–12: `3`, `03`, `mar`, `March`, `Sept.`,
/// `March 29th`; the first month of a range (`Jan-Feb`, `Jan/Feb`).
/// `None` for anything else (seasons, page numbers typed into the wrong
/// field).
pub(crate) fn read_month(text: &str) -> Option<u8> {
    let lower = text.trim().to_lowercase();
    let first = lower
        .split(|c: char| c == '-' || c == '/' || c == '–' || c.is_whitespace())
        .find(|w| !w.is_empty())?
        .trim_end_matches('.');
    if first.bytes().all(|b| b.is_ascii_digit()) {
        let n: u8 = first.parse().ok()?;
        return (1..=12).contains(&n).then_some(n);
    }
    if first.len() < 3 || !first.is_ascii() {
        return None;
    }
    let index = MONTH_NAMES
        .iter()
        .position(|m| m.starts_with(first) || (first == "sept" && m.starts_with("sep")))?;
    u8::try_from(index + 1).ok()
}

/// True when BibLaTeX's date parser may be given `text`: only the ASCII
/// characters of its EDTF syntax. It unwraps integer parses of any
/// Unicode digit run, so anything else goes to [`read_loose_year`].
pub(crate) fn safe_for_biblatex(text: &str) -> bool {
    !text.trim().is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " -/.:+~?%XTZ".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn loose_years_cover_real_world_forms() {
        let read = |t: &str| read_loose_year(t);
        assert_eq!(read("n.d.").year, None);
        assert_eq!(read("n.d.").guess, None);
        assert_eq!(read("nd").guess, None);
        assert_eq!(read("in press").status, Some(PublicationStatus::InPress));
        assert_eq!(
            read("Forthcoming").status,
            Some(PublicationStatus::Forthcoming)
        );
        let reprint = read("[1893] 1984");
        assert_eq!(
            (reprint.original_year, reprint.year),
            (Some(1893), Some(1984))
        );
        assert_eq!(reprint.guess, None);
        assert_eq!(read("c. 1900").year, Some(1900));
        let spelled = read("June 27th, 2002");
        assert_eq!(
            (spelled.year, spelled.month, spelled.day),
            (Some(2002), Some(6), Some(27))
        );
        assert_eq!(spelled.guess, None);
        assert_eq!(read("March 2010").month, Some(3));
        let range = read("1990 [1890-1900]");
        assert_eq!((range.year, range.original_year), (Some(1990), Some(1890)));
        assert!(range.guess.is_some());
        let junk = read("19xx");
        assert_eq!(junk.year, None);
        assert!(junk.guess.unwrap().contains("n.d."));
    }

    #[test]
    fn months_read_names_numbers_and_ranges() {
        assert_eq!(read_month("Jan-Feb"), Some(1));
        assert_eq!(read_month("Sept."), Some(9));
        assert_eq!(read_month("March 29th"), Some(3));
        assert_eq!(read_month("11"), Some(11));
        assert_eq!(read_month("2181-2184"), None);
        assert_eq!(read_month("Winter"), None);
        assert_eq!(read_month("Marth 9th"), None);
    }

    #[test]
    fn only_ascii_edtf_reaches_biblatex() {
        assert!(safe_for_biblatex("2003-05/2004"));
        assert!(!safe_for_biblatex("٢٠٠٣"));
        assert!(!safe_for_biblatex("in press"));
    }
}
