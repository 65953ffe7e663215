//! Citation keys as pandoc reads them after an `@`: a plain key starts with
//! a letter, digit or `_` and holds internal punctuation `:.#$%&-+?<>~/`
//! (punctuation at its end is the sentence's), or a braced key `@{…}` holds
//! anything but whitespace, braces balanced.

use std::ops::Range;

/// A key read after an `@`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key's own bytes in the text (inside the braces when braced).
    pub span: Range<usize>,
    /// Where the text after the key starts (past the closing brace).
    pub end: usize,
}

/// Why the text after an `@` is not a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAKey {
    /// Nothing a key can start with follows the `@` (`@ `, `@-x`, `@`).
    Missing,
    /// `@{` without its closing brace, or with whitespace before it.
    UnclosedBrace,
}

/// Punctuation a plain key may hold between word characters.
const INTERNAL: &[char] = &[
    ':', '.', '#', '$', '%', '&', '-', '+', '?', '<', '>', '~', '/',
];

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Reads the key starting at `start` (just after the `@`). `escaped(i)`
/// says the byte at `i` came from a backslash escape: it ends a plain key.
/// `known` says whether the bibliography has a key: a plain key it lacks is
/// extended over the punctuation after it when that makes a known key, so
/// `@foo+` cites an entry `foo+` (pandoc would read `foo`).
pub fn read_key(
    text: &str,
    start: usize,
    escaped: &dyn Fn(usize) -> bool,
    known: &dyn Fn(&str) -> bool,
) -> Result<Key, NotAKey> {
    let rest = &text[start..];
    if rest.starts_with('{') && !escaped(start) {
        return braced(text, start);
    }
    let mut chars = rest.char_indices().peekable();
    match chars.next() {
        Some((_, c)) if word_char(c) && !escaped(start) => {}
        _ => return Err(NotAKey::Missing),
    }
    // `pandoc_end`: pandoc's key; `greedy_end`: every word character and
    // key punctuation in a row, for the fallback to a known longer key.
    let mut pandoc_end = rest.len();
    let mut greedy_end = rest.len();
    let mut pandoc_done = false;
    while let Some((i, c)) = chars.next() {
        let usable = !escaped(start + i);
        let next = chars.peek().map(|&(_, n)| n);
        if usable && word_char(c) {
            continue;
        }
        let internal = usable
            && INTERNAL.contains(&c)
            && (next.is_some_and(word_char) || (matches!(c, ':' | '/') && next == Some('/')));
        if !pandoc_done && !internal {
            pandoc_end = i;
            pandoc_done = true;
        }
        if !(usable && INTERNAL.contains(&c)) {
            greedy_end = i;
            break;
        }
    }
    let pandoc_end = pandoc_end.min(greedy_end);
    let plain = start..start + pandoc_end;
    if pandoc_end < greedy_end && !known(&text[plain.clone()]) {
        // The longest known candidate wins: it is the most specific.
        let mut candidates: Vec<usize> = rest[pandoc_end..greedy_end]
            .char_indices()
            .map(|(i, c)| pandoc_end + i + c.len_utf8())
            .collect();
        candidates.reverse();
        if let Some(end) = candidates.into_iter().find(|&end| known(&rest[..end])) {
            return Ok(Key {
                span: start..start + end,
                end: start + end,
            });
        }
    }
    Ok(Key {
        span: plain.clone(),
        end: plain.end,
    })
}

/// `{key}` at `open`: balanced braces, no whitespace (pandoc's rule).
fn braced(text: &str, open: usize) -> Result<Key, NotAKey> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    if i == 1 {
                        return Err(NotAKey::Missing);
                    }
                    return Ok(Key {
                        span: open + 1..open + i,
                        end: open + i + 1,
                    });
                }
            }
            c if c.is_whitespace() => return Err(NotAKey::UnclosedBrace),
            _ => {}
        }
    }
    Err(NotAKey::UnclosedBrace)
}

/// Whether `key` can be written as a plain `@key` (else only `@{key}`).
pub fn plain_form_reaches(key: &str) -> bool {
    let text = format!("{key} ");
    read_key(&text, 0, &|_| false, &|k| k == key).is_ok_and(|k| k.span == (0..key.len()))
}

/// Why no citation can reach `key`, if none can: braced keys hold
/// anything but whitespace, and control characters cannot be typed.
pub fn uncitable(key: &str) -> Option<&'static str> {
    if key.chars().any(char::is_control) {
        Some("holds a control character")
    } else if key.chars().any(char::is_whitespace) {
        Some("holds whitespace")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Option<&str> {
        read_key(text, 0, &|_| false, &|_| false)
            .ok()
            .map(|k| &text[k.span])
    }

    #[test]
    fn pandoc_keys_keep_internal_punctuation() {
        assert_eq!(
            key("malinowski26:_crime_custom_ x"),
            Some("malinowski26:_crime_custom_")
        );
        assert_eq!(key("doe:2004.a."), Some("doe:2004.a"));
        assert_eq!(
            key("a#b$c%d&e-f+g?h<i>j~k/l, more"),
            Some("a#b$c%d&e-f+g?h<i>j~k/l")
        );
        assert_eq!(key("_under"), Some("_under"));
        assert_eq!(key("2004smith"), Some("2004smith"));
        assert_eq!(key("müller2010;"), Some("müller2010"));
        assert_eq!(key("http://example.org"), Some("http://example.org"));
    }

    #[test]
    fn trailing_punctuation_is_the_sentences() {
        for text in [
            "smith2004.",
            "smith2004,",
            "smith2004:",
            "smith2004+",
            "smith2004--x",
        ] {
            assert_eq!(key(text), Some("smith2004"), "{text}");
        }
        assert_eq!(key("-x"), None);
        assert_eq!(key(".x"), None);
        assert_eq!(key(""), None);
    }

    #[test]
    fn an_unknown_key_extends_to_a_known_one() {
        let known = |k: &str| k == "foo+" || k == "a--b";
        let read = |text: &'static str| {
            read_key(text, 0, &|_| false, &known)
                .ok()
                .map(|k| &text[k.span])
        };
        assert_eq!(read("foo+ and"), Some("foo+"));
        assert_eq!(read("foo+."), Some("foo+"));
        assert_eq!(read("a--b]"), Some("a--b"));
        assert_eq!(read("bar+."), Some("bar"));
    }

    #[test]
    fn braced_keys_hold_anything_but_whitespace() {
        assert_eq!(key("{foo+}."), Some("foo+"));
        assert_eq!(key("{a,b;c]}"), Some("a,b;c]"));
        assert_eq!(key("{x{y}z}"), Some("x{y}z"));
        let end = read_key("{k}, p. 4", 0, &|_| false, &|_| false).map(|k| k.end);
        assert_eq!(end, Ok(3));
        assert_eq!(
            read_key("{unclosed more", 0, &|_| false, &|_| false),
            Err(NotAKey::UnclosedBrace)
        );
        assert_eq!(
            read_key("{}", 0, &|_| false, &|_| false),
            Err(NotAKey::Missing)
        );
    }

    #[test]
    fn an_escaped_character_ends_a_plain_key() {
        let k = read_key("key_ more", 0, &|i| i == 3, &|_| false).unwrap();
        assert_eq!(k.span, 0..3);
        assert!(read_key("_key", 0, &|i| i == 0, &|_| false).is_err());
    }

    #[test]
    fn which_keys_need_braces() {
        assert!(plain_form_reaches("malinowski26:_crime_custom_"));
        assert!(plain_form_reaches("foo+"));
        assert!(!plain_form_reaches("a,b"));
        assert!(!plain_form_reaches("-x"));
        assert_eq!(uncitable("a b"), Some("holds whitespace"));
        assert_eq!(uncitable("a\tb"), Some("holds a control character"));
        assert_eq!(uncitable("a,b"), None);
    }
}
