//! Splitting running text into sentences. A `.`, `!` or `?` (with any
//! closing quotes and brackets after it) ends a sentence when whitespace
//! and then something that can start one follow, or the text ends; a dot
//! after a known abbreviation ("e.g.", "Dr."), an initial ("J. Smith") or
//! inside a number ("2.5") does not.

use std::ops::Range;

/// Abbreviations whose dot does not end a sentence, lowercase, without
/// their final dot. Titles and Latin short forms: what factsheets use.
pub(super) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "rev", "hon", "vs", "e.g", "i.e",
    "cf", "al", "approx", "no", "nos", "vol", "vols", "fig", "figs", "p", "pp", "ch", "ed", "eds",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
    "ltd", "co", "dept", "est", "mt", "ft", "u.s", "u.k", "a.m", "p.m",
];

/// The byte ranges of the sentences of `text`, trimmed, in order.
///
/// Scans bytes, not a vector of every char: this runs on every paragraph
/// of every page (docs/architecture.md, "Performance").
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    // A sentence starts at the first non-blank character.
    while let Some(start) = text[pos..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map(|(i, _)| pos + i)
    {
        pos = start;
        // Up to a terminator that ends it, or the end of the text.
        let mut ended = false;
        while let Some((i, c)) = next_terminator(text, pos) {
            let after = i + c.len_utf8();
            // Take the whole run of terminators and closing marks.
            let closing = text[after..]
                .char_indices()
                .find(|&(_, n)| !is_closing(n))
                .map_or(text.len() - after, |(k, _)| k);
            let end = after + closing;
            let rest = &text[end..];
            let next_is_space = rest.chars().next().is_none_or(char::is_whitespace);
            let ends = next_is_space
                && starts_sentence(rest)
                && !(c == '.' && closing == 0 && is_abbreviation(text, i));
            pos = end;
            if ends {
                out.push(start..end);
                ended = true;
                break;
            }
        }
        if !ended {
            let end = text.trim_end().len();
            if end > start {
                out.push(start..end);
            }
            break;
        }
    }
    out
}

/// The first `.`, `!`, `?` or `…` at or after byte `from`.
fn next_terminator(text: &str, from: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut k = from;
    while k < bytes.len() {
        match bytes[k] {
            b'.' => return Some((k, '.')),
            b'!' => return Some((k, '!')),
            b'?' => return Some((k, '?')),
            // `…` is E2 80 A6; E2 only ever starts a character.
            0xE2 if bytes[k..].starts_with("…".as_bytes()) => return Some((k, '…')),
            _ => k += 1,
        }
    }
    None
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '"' | '\'' | '’' | '”' | ')' | ']' | '»'
    )
}

/// Whether what follows the whitespace after a terminator can begin a
/// sentence: the end, or a capital, digit, quote or bracket. A lowercase
/// word goes on the same sentence ("about 3 p.m. every day").
fn starts_sentence(rest: &str) -> bool {
    match rest.chars().find(|c| !c.is_whitespace()) {
        None => true,
        Some(c) => !c.is_lowercase(),
    }
}

/// Whether the dot at `dot` closes an abbreviation or an initial.
fn is_abbreviation(text: &str, dot: usize) -> bool {
    match ascii_word_before(text.as_bytes(), dot) {
        Some(word) => is_ascii_abbreviation(word),
        None => is_abbreviation_chars(text, dot),
    }
}

/// The word that ends at `dot` when it and the character before it are
/// ASCII (nearly always): back to whitespace, `(`, `[` or `"`. `None` when
/// a non-ASCII byte comes first, for [`is_abbreviation_chars`] to read.
fn ascii_word_before(bytes: &[u8], dot: usize) -> Option<&[u8]> {
    let mut k = dot;
    while k > 0 {
        let b = bytes[k - 1];
        if !b.is_ascii() {
            return None;
        }
        if b.is_ascii_whitespace() || matches!(b, 0x0B | b'(' | b'[' | b'"') {
            break;
        }
        k -= 1;
    }
    Some(&bytes[k..dot])
}

/// [`is_abbreviation`] of an ASCII word, without lowercasing a copy of it.
fn is_ascii_abbreviation(word: &[u8]) -> bool {
    match word {
        [] => false,
        // A single capital letter: an initial.
        [first] if first.is_ascii_uppercase() => true,
        _ => ABBREVIATIONS
            .iter()
            .any(|a| a.len() == word.len() && a.as_bytes().eq_ignore_ascii_case(word)),
    }
}

/// [`is_abbreviation`] char by char, for words with other characters.
fn is_abbreviation_chars(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '‘'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let mut letters = word.chars();
    // A single capital letter: an initial.
    if let (Some(first), None) = (letters.next(), letters.next())
        && first.is_uppercase()
    {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_end_sentences() {
        assert_eq!(
            split("Talk with Dr. Lee, e.g. after school. It takes 2.5 hours! J. R. Smith agreed."),
            [
                "Talk with Dr. Lee, e.g. after school.",
                "It takes 2.5 hours!",
                "J. R. Smith agreed."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("She said “Read it.” Then she left. Did he (really)? Yes"),
            [
                "She said “Read it.”",
                "Then she left.",
                "Did he (really)?",
                "Yes"
            ]
        );
    }

    #[test]
    fn ellipses_and_text_around_other_characters_split_by_bytes() {
        assert_eq!(
            split("  Wait… Then “go” — now!\n\nÉcole starts. Last one"),
            ["Wait…", "Then “go” — now!", "École starts.", "Last one"]
        );
    }

    #[test]
    fn a_lowercase_word_after_a_dot_continues_the_sentence() {
        assert_eq!(
            split("Meet at 3 p.m. every day. Thanks."),
            ["Meet at 3 p.m. every day.", "Thanks."]
        );
    }
}
