//! Dates in front matter: a TOML date/datetime or a YAML string, kept as the
//! author wrote it and checked to be a real calendar date.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date (and optional time) from front matter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContentDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// The text after the date (`T10:00:00+10:00`), as written.
    pub time: String,
}

impl ContentDate {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bad = || format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2024-03-01");
        let date_part = text.get(..10).ok_or_else(bad)?;
        let mut parts = date_part.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!("`{text}` is not a real calendar date"));
        }
        let time = text[10..].to_string();
        if !(time.is_empty() || time.starts_with('T') || time.starts_with(' ')) {
            return Err(bad());
        }
        Ok(Self {
            year,
            month,
            day,
            time,
        })
    }

    /// `2024-03-01`.
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// RFC 3339 for feeds and sitemaps; a bare date becomes midnight UTC.
    pub fn rfc3339(&self) -> String {
        let time = self.time.trim().trim_start_matches('T');
        if time.is_empty() {
            return format!("{}T00:00:00Z", self.ymd());
        }
        let has_zone = time.ends_with('Z') || time[1..].contains(['+', '-']);
        let mut hms = time.to_string();
        if hms.len() == 5 {
            hms.push_str(":00");
        }
        format!("{}T{hms}{}", self.ymd(), if has_zone { "" } else { "Z" })
    }

    /// A long date for readers, e.g. "1 March 2024" (en-GB/en-AU style) or
    /// "March 1, 2024" (en-US).
    pub fn display(&self, language: &str) -> String {
        let month = MONTHS[usize::from(self.month - 1)];
        if language.eq_ignore_ascii_case("en-US") {
            format!("{month} {}, {}", self.day, self.year)
        } else {
            format!("{} {month} {}", self.day, self.year)
        }
    }
}

/// English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Serialize for ContentDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}{}", self.ymd(), self.time))
    }
}

impl<'de> Deserialize<'de> for ContentDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = ContentDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2024-03-01")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ContentDate, E> {
                ContentDate::parse(v).map_err(E::custom)
            }
            // TOML dates arrive as a one-entry map holding the text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ContentDate, A::Error> {
                let Some((_, value)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date"));
                };
                ContentDate::parse(&value).map_err(de::Error::custom)
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_datetimes() {
        let d = ContentDate::parse("2024-03-01").unwrap();
        assert_eq!(d.display("en-AU"), "1 March 2024");
        assert_eq!(d.rfc3339(), "2024-03-01T00:00:00Z");
        let t = ContentDate::parse("2024-03-01T10:30:00+10:00").unwrap();
        assert_eq!(t.rfc3339(), "2024-03-01T10:30:00+10:00");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(ContentDate::parse("2023-02-29").is_err());
        assert!(ContentDate::parse("2024-13-01").is_err());
        assert!(ContentDate::parse("yesterday").is_err());
        assert!(ContentDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn toml_dates_deserialize() {
        #[derive(Deserialize)]
        struct F {
            date: ContentDate,
        }
        let f: F = toml::from_str("date = 2024-03-01").unwrap();
        assert_eq!(f.date.ymd(), "2024-03-01");
        let f: F = toml::from_str("date = 2024-03-01T09:00:00Z").unwrap();
        assert_eq!(f.date.rfc3339(), "2024-03-01T09:00:00Z");
    }
}
