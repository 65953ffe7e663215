//! The words of running text for the words-to-avoid scan: runs of
//! letters, digits and inner apostrophes or hyphens, read straight off
//! the bytes without a list of them.

use std::ops::Range;

/// The words of a text, in order: runs of letters, digits and inner
/// apostrophes or hyphens. Reads ASCII a byte at a time and decodes only
/// other characters, and keeps no list (this runs on every paragraph of
/// every page); a clone reads ahead for phrases.
#[derive(Clone)]
pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::at(text, 0)
    }

    /// The words from byte `at` on (a word boundary).
    pub fn at(text: &'a str, at: usize) -> Self {
        Self { text, at }
    }

    fn char_at(&self, i: usize) -> Option<char> {
        let b = *self.text.as_bytes().get(i)?;
        if b.is_ascii() {
            Some(char::from(b))
        } else {
            self.text[i..].chars().next()
        }
    }
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        // Up to the first letter or digit: nothing else starts a word.
        let start = loop {
            match *bytes.get(i)? {
                b if b.is_ascii_alphanumeric() => break i,
                b if b.is_ascii() => i += 1,
                _ => {
                    let c = self.char_at(i)?;
                    if c.is_alphanumeric() {
                        break i;
                    }
                    i += c.len_utf8();
                }
            }
        };
        // Then on while letters, digits, or an apostrophe or hyphen with a
        // letter or digit after it.
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let Some(c) = self.char_at(i) else { break };
            let next = i + c.len_utf8();
            let inner = matches!(c, '\'' | '’' | '-')
                && self.char_at(next).is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || inner {
                i = next;
            } else {
                break;
            }
        }
        // The next word starts after the character that ended this one.
        self.at = i;
        Some(start..i)
    }
}
