//! The counting and splitting rules stated plainly, as they were before
//! they were rewritten for speed (main 1843d8e), kept for tests only (the
//! syllable rules were not rewritten, so the count here calls them): the
//! one pass over each paragraph (`plain::scan`) must give exactly what
//! these give on any text, so every figure and warning stays as it was
//! (docs/performance.md, "Readability").

use std::ops::Range;

use proptest::prelude::*;

use super::measure::{Counts, clean_word};

/// Text that exercises every rule: words, contractions, abbreviations,
/// initials, numbers, citations, web addresses, closing quotes, other
/// whitespace and letters whose lowercase is longer or ASCII.
pub fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,12}",
        "[a-z]{2,9}(ing|ed|es|ly|ment|ness|le|ia|ious|ual|uo|ier|iet)",
        Just("e.g.".to_string()),
        Just("Dr.".to_string()),
        Just("U.K.".to_string()),
        Just("p.m.".to_string()),
        Just("J.".to_string()),
        Just("2.5".to_string()),
        Just("isn't".to_string()),
        Just("we’re".to_string()),
        Just("'much'".to_string()),
        Just("[@smith2020, p. 4]".to_string()),
        Just("@jones [p. 3]".to_string()),
        Just("https://x.org/a".to_string()),
        Just("http://y.org".to_string()),
        Just("http".to_string()),
        Just("prior to".to_string()),
        Just("in order to".to_string()),
        Just("in".to_string()),
        Just("In".to_string()),
        Just("with".to_string()),
        Just("regard to".to_string()),
        Just("order".to_string()),
        Just("the event that".to_string()),
        Just("Utilised".to_string()),
        Just("façade".to_string()),
        Just("École".to_string()),
        Just("\u{212a}".to_string()),
        Just("İs".to_string()),
        "[ .!?…\"“”‘’'()\\[\\]@:;,_/—-]{1,3}",
        "[ \n\t\u{a0}\u{2009}\u{0b}\u{0c}\r]{1,2}",
        "[a-z]{1,8}\u{a0}[a-z]{1,8}",
    ];
    // Pieces run together as often as a space parts them.
    let gap = prop_oneof![
        Just(" "),
        Just(""),
        Just("\n"),
        Just("\u{0b}"),
        Just("\u{a0}")
    ];
    prop::collection::vec((piece, gap), 0..40)
        .prop_map(|v| v.into_iter().map(|(p, g)| p + g).collect())
}

/// Counts of a stretch of text, as main counted them.
pub fn count_words(text: &str) -> Counts {
    let mut counts = Counts::default();
    let mut word = String::new();
    for token in text.split_whitespace() {
        if token.is_ascii() {
            // Nearly every token. What `clean_word` keeps of it is its
            // letters, digits and `_` (lowercased), and contractions'
            // apostrophes; the syllable rules read only its letters, so
            // the token is counted as it is, without making the word.
            let bytes = token.as_bytes();
            let kept = bytes
                .iter()
                .filter(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            let apostrophe = || {
                (bytes.iter().enumerate())
                    .any(|(k, &b)| b == b'\'' && is_contraction(&token[k + 1..]))
            };
            if kept == 0 && !apostrophe() {
                continue;
            }
            counts.words += 1;
            let n = super::syllables::count(token) as usize;
            counts.syllables += n;
            if n >= 3 {
                counts.polysyllables += 1;
            }
            counts.letters += kept;
            continue;
        }
        clean_word(token, &mut word);
        if word.is_empty() {
            continue;
        }
        counts.words += 1;
        let n = super::syllables::count(&word) as usize;
        counts.syllables += n;
        if n >= 3 {
            counts.polysyllables += 1;
        }
        counts.letters += word.chars().filter(|c| *c != '\'').count();
    }
    counts
}

fn is_contraction(next: &str) -> bool {
    next.starts_with(['t', 's', 'd'])
        || next.starts_with("ve")
        || next.starts_with("ll")
        || next.starts_with("re")
}

use super::sentences::ABBREVIATIONS;

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
