//! Syllables per English word by rule: vowel groups, less silent endings
//! ("make", "looked", "lovely"), plus vowel pairs read as two ("media",
//! "going", "actual"). On the reference paragraphs it agrees with the CMU
//! dictionary Python's textstat uses on 92 % of distinct words (94 % of
//! the example site's), which puts Flesch–Kincaid grades within ±0.5 on
//! 56 of 60 paragraphs (docs/plain-language.md has the evidence and why
//! no crate was used).

/// The most letters of a word the rules read; the rest are ignored.
pub const MAX_LETTERS: usize = 48;

/// The syllables of one word (lowercase, punctuation already removed).
/// A word without letters ("1998") counts one, as in textstat.
pub fn count(word: &str) -> u32 {
    // Words are short: a buffer on the stack, no allocation per word.
    let mut buf = [0u8; MAX_LETTERS];
    let mut len = 0;
    for b in word.bytes().filter(u8::is_ascii_alphabetic) {
        if len == buf.len() {
            break;
        }
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    count_lowercase(&buf[..len])
}

/// [`count`] of a word's letters already gathered: ASCII, lowercase, at
/// most [`MAX_LETTERS`] of them.
pub fn count_lowercase(w: &[u8]) -> u32 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_common_words_like_a_dictionary() {
        for (word, n) in [
            ("the", 1),
            ("family", 3),
            ("reading", 2),
            ("engagement", 3),
            ("school", 1),
            ("looked", 1),
            ("wanted", 2),
            ("makes", 1),
            ("changes", 2),
            ("table", 2),
            ("lovely", 2),
            ("media", 3),
            ("going", 2),
            ("actual", 3),
            ("studies", 2),
            ("year", 1),
            ("1998", 1),
        ] {
            assert_eq!(count(word), n, "{word}");
        }
    }
}
