//! Counting words, sentences, syllables and letters, and the two grade
//! formulas. Words are counted as Python's textstat 0.7.8 counts them (the
//! reference this module is tested against): whitespace-separated tokens
//! with punctuation removed, keeping apostrophes of contractions, so a
//! hyphenated word is one word.

use std::ops::Range;

use super::syllables;

/// The counts behind the formulas.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Words of three syllables or more (SMOG).
    pub polysyllables: usize,
    /// Letters and digits (Coleman–Liau).
    pub letters: usize,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
        self.polysyllables += other.polysyllables;
        self.letters += other.letters;
    }

    /// Flesch–Kincaid grade: 0.39 × words per sentence + 11.8 × syllables
    /// per word − 15.59.
    pub fn flesch_kincaid(&self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        0.39 * self.words as f64 / self.sentences as f64
            + 11.8 * self.syllables as f64 / self.words as f64
            - 15.59
    }

    /// SMOG: 1.043 × √(30 × polysyllables per sentence) + 3.1291.
    pub fn smog(&self) -> f64 {
        if self.sentences == 0 {
            return 0.0;
        }
        1.043 * (30.0 * self.polysyllables as f64 / self.sentences as f64).sqrt() + 3.1291
    }

    /// Coleman–Liau: 0.058 × letters per 100 words − 0.296 × sentences per
    /// 100 words − 15.8.
    pub fn coleman_liau(&self) -> f64 {
        if self.words == 0 {
            return 0.0;
        }
        let per100 = 100.0 / self.words as f64;
        0.058 * self.letters as f64 * per100 - 0.296 * self.sentences as f64 * per100 - 15.8
    }
}

/// A sentence and its counts.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte range in the paragraph's text.
    pub span: Range<usize>,
    pub counts: Counts,
}

/// The ASCII characters `char::is_whitespace` takes, so splitting on them
/// first and on the rest within a non-ASCII chunk is `split_whitespace`.
pub(super) const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// A token with characters other than ASCII, through the word it counts
/// as (`plain::scan` reads ASCII tokens, nearly all, straight off their
/// bytes, by the same rules).
pub(super) fn count_token(token: &str, counts: &mut Counts) {
    let mut word = String::new();
    clean_word(token, &mut word);
    if word.is_empty() {
        return;
    }
    counts.words += 1;
    let n = syllables::count(&word) as usize;
    counts.syllables += n;
    if n >= 3 {
        counts.polysyllables += 1;
    }
    counts.letters += word.chars().filter(|c| *c != '\'').count();
}

/// The word a token counts as: lowercase, letters, digits and `_` kept, an
/// apostrophe kept only before a contraction's ending (`'s`, `'t`, `'d`,
/// `'ve`, `'ll`, `'re`), all else removed.
pub(super) fn clean_word(token: &str, out: &mut String) {
    out.clear();
    for (k, c) in token.char_indices() {
        if c == '\'' || c == '’' {
            if is_contraction(&token[k + c.len_utf8()..]) {
                out.push('\'');
            }
        } else if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
}

/// Whether what follows an apostrophe is a contraction's ending.
pub(super) fn is_contraction(next: &str) -> bool {
    next.starts_with(['t', 's', 'd'])
        || next.starts_with("ve")
        || next.starts_with("ll")
        || next.starts_with("re")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_match_their_definitions() {
        let c = Counts {
            words: 100,
            sentences: 5,
            syllables: 150,
            polysyllables: 10,
            letters: 450,
        };
        assert!((c.flesch_kincaid() - (0.39 * 20.0 + 11.8 * 1.5 - 15.59)).abs() < 1e-9);
        assert!((c.smog() - (1.043 * 60f64.sqrt() + 3.1291)).abs() < 1e-9);
        assert!((c.coleman_liau() - (0.058 * 450.0 - 0.296 * 5.0 - 15.8)).abs() < 1e-9);
    }
}
