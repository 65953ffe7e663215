//! The counting and splitting functions as they were before they were
//! rewritten for speed (main 1843d8e), kept for tests only: the fast ones
//! must give exactly what these give on any text, so every figure and
//! warning stays as it was (docs/performance.md, "Readability").

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
        Just("prior to".to_string()),
        Just("in order to".to_string()),
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
            let n = syllable_count(token) as usize;
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
        let n = syllable_count(&word) as usize;
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

pub fn syllable_count(word: &str) -> u32 {
    // Words are short: a buffer on the stack, no allocation per word.
    let mut buf = [0u8; 48];
    let mut len = 0;
    for b in word.bytes().filter(u8::is_ascii_alphabetic) {
        if len == buf.len() {
            break;
        }
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let w = &buf[..len];
    if w.len() <= 3 {
        return 1;
    }
    let n = vowel_groups(w) - silent(w) + extra(w);
    n.max(1) as u32
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Runs of vowels; a `y` that starts the word is a consonant ("year").
fn vowel_groups(w: &[u8]) -> i32 {
    let mut n = 0;
    let mut prev = false;
    for (i, &b) in w.iter().enumerate() {
        let v = is_vowel(b) && !(b == b'y' && i == 0);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    n
}

/// Vowel groups that are not heard: a final `e`, `-es` and `-ed` after
/// most consonants, and an `e` before a suffix ("engagement", "lovely").
fn silent(w: &[u8]) -> i32 {
    let len = w.len();
    let ends = |s: &str| w.ends_with(s.as_bytes());
    let at = |k: usize| w.get(len.wrapping_sub(k)).copied().unwrap_or(b' ');
    let mut n = 0;
    // "make", and "male" (but not "table", "free" or "toe").
    let silent_e = ends("e") && !["le", "ee", "ie", "ye", "oe"].iter().any(|s| ends(s));
    if silent_e || (ends("le") && is_vowel(at(3))) {
        n += 1;
    }
    if ends("es") && len > 4 {
        let sounded = ["ses", "xes", "zes", "ches", "shes", "ges", "ces", "ies"]
            .iter()
            .any(|s| ends(s))
            || (ends("les") && !is_vowel(at(4)));
        if !sounded {
            n += 1;
        }
    }
    if ends("ed") && len > 4 {
        let before = at(3);
        let sounded = matches!(before, b't' | b'd')
            || is_vowel(before)
            || (ends("led") && b"bcdfgkptz".contains(&at(4)));
        if !sounded {
            n += 1;
        }
    }
    for suffix in ["ment", "ments", "ly", "ful", "ness", "less"] {
        let Some(stem) = w.strip_suffix(suffix.as_bytes()) else {
            continue;
        };
        if stem.len() >= 2 && stem.ends_with(b"e") && !is_vowel(stem[stem.len() - 2]) {
            n += 1;
            break;
        }
    }
    n
}

/// Vowel pairs heard as two syllables ("me-di-a", "go-ing", "ac-tu-al",
/// "qui-et"), and `-ling` after a consonant ("dan-gling").
fn extra(w: &[u8]) -> i32 {
    let len = w.len();
    let mut n = 0;
    if len >= 4 && w.ends_with(b"ing") && is_vowel(w[len - 4]) {
        n += 1;
    }
    if len >= 5 && w.ends_with(b"ling") && b"bcdfgkptz".contains(&w[len - 5]) {
        n += 1;
    }
    let mut i = 0;
    while i < len {
        // Every pair below starts with `i` or `u`: skip other letters fast.
        if !matches!(w[i], b'i' | b'u') {
            i += 1;
            continue;
        }
        let rest = &w[i..];
        let prev = i.checked_sub(1).map(|k| w[k]);
        let after = |set: &[u8]| prev.is_some_and(|p| !set.contains(&p));
        let matched = if rest.starts_with(b"ia") && after(b"cgst") {
            2
        } else if rest.starts_with(b"ious") && after(b"cgtsx") {
            4
        } else if rest.starts_with(b"ium") || rest.starts_with(b"uous") {
            3 + usize::from(rest.starts_with(b"uous"))
        } else if rest.starts_with(b"ual") || rest.starts_with(b"uat") {
            3
        } else if rest.starts_with(b"uo") && after(b"gq") {
            2
        } else if rest == b"ier" || rest.starts_with(b"iet") {
            3
        } else {
            0
        };
        if matched > 0 {
            n += 1;
            i += matched;
        } else {
            i += 1;
        }
    }
    n
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn words_are_counted_as_before(text in tricky_text()) {
        prop_assert_eq!(super::measure::count_words(&text), count_words(&text));
    }

    #[test]
    fn syllables_are_counted_as_before(word in "[a-zA-Z'_0-9]{0,60}") {
        prop_assert_eq!(super::syllables::count(&word), syllable_count(&word));
    }

    #[test]
    fn sentences_split_as_before(text in tricky_text()) {
        prop_assert_eq!(super::sentences::sentences(&text), sentences(&text));
    }
}
