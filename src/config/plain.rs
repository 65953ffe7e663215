//! `reading_grade`, in `[check]` of sheaf.toml and in front matter: a
//! school grade to stay at or below, or `false` for "no grade warnings
//! here". What the checks do with it is `crate::plain`'s
//! (docs/plain-language.md).

use serde::{Deserialize, Deserializer, Serialize};

/// A reading-grade target as written: a grade, or `false` for "no grade
/// warnings here" (research written for professionals).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ReadingGrade {
    Target(f64),
    #[serde(serialize_with = "exempt_as_false")]
    Exempt,
}

fn exempt_as_false<S: serde::Serializer>(s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bool(false)
}

impl<'de> Deserialize<'de> for ReadingGrade {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Switch(bool),
        }
        let wrong = || {
            serde::de::Error::custom(
                "`reading_grade` is a school grade from 1 to 18 (e.g. reading_grade = 8), or false to turn grade warnings off",
            )
        };
        match Raw::deserialize(d).map_err(|_: D::Error| wrong())? {
            Raw::Number(n) if (1.0..=18.0).contains(&n) => Ok(Self::Target(n)),
            Raw::Switch(false) => Ok(Self::Exempt),
            _ => Err(wrong()),
        }
    }
}

impl ReadingGrade {
    /// The grade to stay at or below, if any.
    pub fn target(self) -> Option<f64> {
        match self {
            Self::Target(n) => Some(n),
            Self::Exempt => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Front {
        reading_grade: ReadingGrade,
    }

    fn parse(text: &str) -> Result<ReadingGrade, String> {
        toml::from_str::<Front>(text)
            .map(|f| f.reading_grade)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reading_grade_is_a_number_or_false() {
        assert_eq!(parse("reading_grade = 8"), Ok(ReadingGrade::Target(8.0)));
        assert_eq!(parse("reading_grade = 6.5"), Ok(ReadingGrade::Target(6.5)));
        assert_eq!(parse("reading_grade = false"), Ok(ReadingGrade::Exempt));
        for wrong in [
            "reading_grade = true",
            "reading_grade = 0",
            "reading_grade = \"8\"",
        ] {
            let e = parse(wrong).unwrap_err();
            assert!(
                e.contains("or false to turn grade warnings off"),
                "{wrong}: {e}"
            );
        }
    }
}
