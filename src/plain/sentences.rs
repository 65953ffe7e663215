//! Splitting running text into sentences. A `.`, `!` or `?` (with any
//! closing quotes and brackets after it) ends a sentence when whitespace
//! and then something that can start one follow, or the text ends; a dot
//! after a known abbreviation ("e.g.", "Dr."), an initial ("J. Smith") or
//! inside a number ("2.5") does not.

use std::ops::Range;

/// Abbreviations whose dot does not end a sentence, lowercase, without
/// their final dot. Titles and Latin short forms: what factsheets use.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "sr", "jr", "rev", "hon", "vs", "e.g", "i.e",
    "cf", "al", "approx", "no", "nos", "vol", "vols", "fig", "figs", "p", "pp", "ch", "ed", "eds",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
    "ltd", "co", "dept", "est", "mt", "ft", "u.s", "u.k", "a.m", "p.m",
];

/// The byte ranges of the sentences of `text`, trimmed, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take the whole run of terminators and closing marks.
            let mut j = k + 1;
            while j < chars.len() && is_closing(chars[j].1) {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let next_is_space = chars.get(j).is_none_or(|&(_, n)| n.is_whitespace());
            let ends = next_is_space
                && starts_sentence(&chars[j..])
                && !(c == '.' && k + 1 == j && is_abbreviation(text, i));
            if ends && let Some(s) = start.take() {
                out.push(s..end);
            }
            k = j;
            continue;
        }
        k += 1;
    }
    if let Some(s) = start {
        let end = text.trim_end().len();
        if end > s {
            out.push(s..end);
        }
    }
    out
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
fn starts_sentence(rest: &[(usize, char)]) -> bool {
    match rest.iter().map(|&(_, c)| c).find(|c| !c.is_whitespace()) {
        None => true,
        Some(c) => !c.is_lowercase(),
    }
}

/// Whether the dot at `dot` closes an abbreviation or an initial.
fn is_abbreviation(text: &str, dot: usize) -> bool {
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
    fn a_lowercase_word_after_a_dot_continues_the_sentence() {
        assert_eq!(
            split("Meet at 3 p.m. every day. Thanks."),
            ["Meet at 3 p.m. every day.", "Thanks."]
        );
    }
}
