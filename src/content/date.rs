//! Dates in front matter: a TOML date/datetime or a YAML string, checked to
//! be a real calendar date with an optional RFC 3339 time, and kept in a
//! normalised form so the feed and sitemap always get valid RFC 3339.
//!
//! The parser is strict and hand-written (a date crate would bring far more
//! than the one format front matter accepts): `YYYY-MM-DD`, optionally
//! followed by `T` (or a space) and `HH:MM[:SS[.fraction]]`, optionally
//! followed by `Z` or a `+HH:MM`/`-HH:MM` offset. Anything else is an error
//! that says which part is wrong; no input can make it panic.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date (and optional time) from front matter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContentDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// The time after the date, normalised by [`ContentDate::parse`]:
    /// empty, or `T` + `HH:MM:SS[.fraction]` + an optional `Z`/`±HH:MM`.
    pub time: String,
}

/// The format every error names, so the author sees what is accepted. It
/// goes on a second line: the diagnostic shows the first as its message.
const FORMAT_HELP: &str = "write it as YYYY-MM-DD, e.g. 2024-03-01, optionally followed by a time such as T09:30 or T09:30:00+10:00";

impl ContentDate {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bad = |why: &str| format!("`{text}` is not a date: {why}\n{FORMAT_HELP}");
        let bytes = text.as_bytes();
        let date_ok = bytes.len() >= 10
            && bytes[..10].iter().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !date_ok {
            return Err(bad("it does not start with a YYYY-MM-DD date"));
        }
        // The first ten bytes are ASCII, so slicing them is safe.
        let year: i32 = digits(&bytes[0..4]) as i32;
        let month = digits(&bytes[5..7]) as u8;
        let day = digits(&bytes[8..10]) as u8;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "`{text}` is not a real calendar date\n{FORMAT_HELP}"
            ));
        }
        let time = match &bytes[10..] {
            [] => String::new(),
            [b'T' | b't' | b' ', rest @ ..] => parse_time(rest).map_err(|why| bad(&why))?,
            _ => return Err(bad("only a time may follow the date, after a `T`")),
        };
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

    /// RFC 3339 for feeds and sitemaps; a bare date becomes midnight UTC, a
    /// time without an offset is taken as UTC.
    pub fn rfc3339(&self) -> String {
        if self.time.is_empty() {
            return format!("{}T00:00:00Z", self.ymd());
        }
        // After the date only an offset can hold `Z`, `+` or `-`.
        let has_zone = self.time.contains(['Z', '+', '-']);
        format!(
            "{}{}{}",
            self.ymd(),
            self.time,
            if has_zone { "" } else { "Z" }
        )
    }

    /// A long date for readers, e.g. "1 March 2024" (en-GB/en-AU style) or
    /// "March 1, 2024" (en-US).
    pub fn display(&self, language: &str) -> String {
        if let Some(text) = crate::i18n::dates::display(self.year, self.month, self.day, language) {
            return text;
        }
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

/// The value of a run of ASCII digits (at most 4, so it cannot overflow).
fn digits(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0, |n, b| n * 10 + u32::from(b.saturating_sub(b'0')))
}

/// Two ASCII digits at the start of `bytes`, at most `max`.
fn two_digits(bytes: &[u8], max: u32, what: &str) -> Result<u32, String> {
    match bytes {
        [a, b, ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            let n = digits(&[*a, *b]);
            if n > max {
                Err(format!(
                    "the {what} `{n:02}` is out of range (at most {max:02})"
                ))
            } else {
                Ok(n)
            }
        }
        _ => Err(format!("the {what} must be two digits")),
    }
}

/// Parses `HH:MM[:SS[.fraction]][Z|±HH:MM]` into its normalised form
/// `THH:MM:SS[.fraction][Z|±HH:MM]`.
fn parse_time(rest: &[u8]) -> Result<String, String> {
    let hour = two_digits(rest, 23, "hour")?;
    let rest = rest.get(2..).unwrap_or_default();
    let Some((b':', rest)) = rest.split_first() else {
        return Err("the time must be written HH:MM, e.g. T09:30".into());
    };
    let minute = two_digits(rest, 59, "minute")?;
    let mut rest = rest.get(2..).unwrap_or_default();
    let mut second = 0;
    let mut fraction = String::new();
    if let Some((b':', after)) = rest.split_first() {
        second = two_digits(after, 59, "second")?;
        rest = after.get(2..).unwrap_or_default();
        if let Some((b'.', after)) = rest.split_first() {
            let n = after.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return Err("a `.` after the seconds must be followed by digits".into());
            }
            fraction = format!(".{}", String::from_utf8_lossy(&after[..n]));
            rest = &after[n..];
        }
    }
    let zone = match rest {
        [] => String::new(),
        [b'Z' | b'z'] => "Z".into(),
        [sign @ (b'+' | b'-'), offset @ ..] => {
            let hours = two_digits(offset, 23, "offset's hour")?;
            let minutes = match offset.get(2..) {
                Some([b':', m @ ..]) if m.len() == 2 => two_digits(m, 59, "offset's minute")?,
                _ => return Err("a time offset must be written +HH:MM or -HH:MM".into()),
            };
            format!("{}{hours:02}:{minutes:02}", char::from(*sign))
        }
        _ => {
            return Err(format!(
                "`{}` after the time is not an offset (write Z, +HH:MM or -HH:MM)",
                String::from_utf8_lossy(rest)
            ));
        }
    };
    Ok(format!(
        "T{hour:02}:{minute:02}:{second:02}{fraction}{zone}"
    ))
}

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

    #[test]
    fn junk_after_a_date_is_refused_without_panicking() {
        for junk in [
            "2024-03-01 é",
            "2024-03-01é",
            "2024-03-01Tgarbage",
            "2024-03-01T10:00junk",
            "2024-03-01T10:00:00+1000",
            "2024-03-01T25:00",
            "2024-03-01T10:00:00.",
            "２０２４-03-01",
        ] {
            let err = ContentDate::parse(junk).expect_err(junk);
            assert!(err.contains("YYYY-MM-DD"), "{junk}: {err}");
        }
    }

    #[test]
    fn times_are_normalised_to_rfc3339() {
        let cases = [
            ("2024-03-01 10:30", "2024-03-01T10:30:00Z"),
            ("2024-03-01t10:30:05z", "2024-03-01T10:30:05Z"),
            (
                "2024-03-01T10:30:05.25-05:00",
                "2024-03-01T10:30:05.25-05:00",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(ContentDate::parse(text).unwrap().rfc3339(), want, "{text}");
        }
    }

    proptest::proptest! {
        /// No string makes the parser panic, and whatever it accepts gives
        /// RFC 3339 that the same parser reads back to the same date.
        #[test]
        fn no_string_panics_the_date_parser(text in "\\PC{0,40}", tail in "[0-9T:+\\-Z. é]{0,16}") {
            let _ = ContentDate::parse(&text);
            if let Ok(d) = ContentDate::parse(&format!("2024-03-01{tail}")) {
                let again = ContentDate::parse(&d.rfc3339()).unwrap();
                proptest::prop_assert_eq!(again.rfc3339(), d.rfc3339());
            }
        }
    }
}
