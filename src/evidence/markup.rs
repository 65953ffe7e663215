//! A tiny formatted-text model (plain, italic, link) so every style writes
//! one sequence and gets both escaped HTML and plain text from it.

use crate::text::escape_html;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Plain(String),
    Italic(String),
    Link(String),
}

/// Formatted text built piece by piece; field values are raw text and are
/// escaped only when rendered to HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Markup(Vec<Seg>);

impl Markup {
    pub fn plain(&mut self, s: impl AsRef<str>) -> &mut Self {
        let s = s.as_ref();
        if !s.is_empty() {
            match self.0.last_mut() {
                Some(Seg::Plain(prev)) => prev.push_str(s),
                _ => self.0.push(Seg::Plain(s.to_string())),
            }
        }
        self
    }

    pub fn italic(&mut self, s: impl AsRef<str>) -> &mut Self {
        if !s.as_ref().is_empty() {
            self.0.push(Seg::Italic(s.as_ref().to_string()));
        }
        self
    }

    pub fn link(&mut self, url: impl AsRef<str>) -> &mut Self {
        self.0.push(Seg::Link(url.as_ref().to_string()));
        self
    }

    /// The last visible character, to avoid doubled punctuation.
    pub fn last_char(&self) -> Option<char> {
        self.0.iter().rev().find_map(|s| match s {
            Seg::Plain(t) | Seg::Italic(t) | Seg::Link(t) => t.chars().next_back(),
        })
    }

    /// Adds `.` unless the text already ends with sentence punctuation.
    pub fn period(&mut self) -> &mut Self {
        if !matches!(self.last_char(), Some('.' | '?' | '!') | None) {
            self.plain(".");
        }
        self
    }

    /// Without trailing whitespace.
    pub fn trimmed(&mut self) -> Markup {
        if let Some(Seg::Plain(t)) = self.0.last_mut() {
            t.truncate(t.trim_end().len());
            if t.is_empty() {
                self.0.pop();
            }
        }
        std::mem::take(self)
    }

    pub fn to_html(&self) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Plain(t) => out.push_str(&escape_html(t)),
                Seg::Italic(t) => {
                    out.push_str("<i>");
                    out.push_str(&escape_html(t));
                    out.push_str("</i>");
                }
                Seg::Link(url) => {
                    let url = escape_html(url);
                    out.push_str(&format!("<a href=\"{url}\">{url}</a>"));
                }
            }
        }
        out
    }

    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Seg::Plain(t) | Seg::Italic(t) | Seg::Link(t) => t.as_str(),
            })
            .collect()
    }
}

/// Page and other numeric ranges use an en dash: "33-35" → "33–35".
pub(crate) fn en_dash(range: &str) -> String {
    range.replace("--", "–").replace('-', "–")
}

/// APA 7 page ranges (§9.27): an en dash between the numbers and the second
/// number written in full ("1376-83" → "1376–1383"). Only ranges change;
/// an article number ("e0123") or "n4" is printed as it is.
pub(crate) fn page_range(pages: &str) -> String {
    pages
        .split(',')
        .map(|part| one_range(part.trim()).unwrap_or_else(|| part.trim().to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn one_range(part: &str) -> Option<String> {
    let (a, b) = part
        .split_once("--")
        .or_else(|| part.split_once('–'))
        .or_else(|| part.split_once('-'))?;
    let (a, b) = (a.trim(), b.trim().trim_start_matches(['-', '–']));
    let split = |s: &str| {
        let i = s.find(|c: char| c.is_ascii_digit())?;
        let (prefix, digits) = s.split_at(i);
        digits
            .chars()
            .all(|c| c.is_ascii_digit())
            .then(|| (prefix.to_string(), digits.to_string()))
    };
    let (pa, da) = split(a)?;
    let (pb, db) = split(b)?;
    if !(pb.is_empty() || pb == pa) {
        return None;
    }
    let full = if db.len() < da.len() {
        // "1376-83": the second number reuses the first one's leading digits.
        format!("{}{db}", &da[..da.len() - db.len()])
    } else {
        db
    };
    if full == da {
        // "4-4": one page.
        return Some(format!("{pa}{da}"));
    }
    Some(format!("{pa}{da}–{pa}{full}"))
}

/// "st", "nd", "rd" or "th" for an edition number.
pub(crate) fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

#[cfg(test)]
mod tests {
    use super::page_range;

    #[test]
    fn page_ranges_are_expanded_and_en_dashed_and_identifiers_are_not() {
        assert_eq!(page_range("1376-83"), "1376–1383");
        assert_eq!(page_range("33--35"), "33–35");
        assert_eq!(page_range("4-4"), "4");
        assert_eq!(page_range("S2-S13"), "S2–S13");
        assert_eq!(page_range("e0123"), "e0123");
        assert_eq!(page_range("n4"), "n4");
        assert_eq!(page_range("1-5, 9-12"), "1–5, 9–12");
    }
}
