//! The rules that split running text into sentences. A `.`, `!`, `?` or
//! `…` (with any closing quotes and brackets after it) ends a sentence
//! when whitespace and then something that can start one follow (anything
//! but a lowercase letter), or the text ends; a dot after a known
//! abbreviation ("e.g.", "Dr."), an initial ("J. Smith") or inside a
//! number ("2.5") does not. The splitting itself is part of the one pass
//! over each paragraph, `plain::scan`.

/// Abbreviations whose dot does not end a sentence, lowercase, without
/// their final dot. Titles and Latin short forms: what factsheets use.
/// Sorted, for a binary search.
pub(super) const ABBREVIATIONS: &[&str] = &[
    "a.m", "al", "approx", "apr", "aug", "cf", "ch", "co", "dec", "dept", "dr", "e.g", "ed", "eds",
    "est", "feb", "fig", "figs", "ft", "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "ltd",
    "mar", "mr", "mrs", "ms", "mt", "mx", "no", "nos", "nov", "oct", "p", "p.m", "pp", "prof",
    "rev", "sep", "sept", "sr", "st", "u.k", "u.s", "vol", "vols", "vs",
];

/// Whether `c` ends a sentence when whitespace and something that can
/// start one follow it.
pub(super) fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Terminators, closing quotes and brackets: the run after a terminator
/// that stays with its sentence.
pub(super) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '"' | '\'' | '’' | '”' | ')' | ']' | '»'
    )
}

/// Whether the dot at `dot` closes an abbreviation or an initial.
pub(super) fn is_abbreviation(text: &str, dot: usize) -> bool {
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
        // Longer than any abbreviation: nearly every word before a dot.
        _ if word.len() > MAX_ABBREVIATION => false,
        _ => {
            let mut lower = [0u8; MAX_ABBREVIATION];
            let lower = &mut lower[..word.len()];
            lower.copy_from_slice(word);
            lower.make_ascii_lowercase();
            ABBREVIATIONS
                .binary_search_by(|a| a.as_bytes().cmp(lower))
                .is_ok()
        }
    }
}

/// The longest of [`ABBREVIATIONS`].
const MAX_ABBREVIATION: usize = 6;

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

    #[test]
    fn abbreviations_are_sorted_and_fit_their_buffer() {
        assert!(ABBREVIATIONS.is_sorted());
        assert_eq!(
            ABBREVIATIONS.iter().map(|a| a.len()).max(),
            Some(MAX_ABBREVIATION)
        );
    }
}
