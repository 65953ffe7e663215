//! Counting words, sentences, syllables and letters, and the two grade
//! formulas. Words are counted as Python's textstat 0.7.8 counts them (the
//! reference this module is tested against): whitespace-separated tokens
//! with punctuation removed, keeping apostrophes of contractions, so a
//! hyphenated word is one word.

use std::ops::Range;

use super::sentences::sentences;
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

/// The sentences of `text` with their counts; sentences without a word
/// (a stray "—") are dropped.
pub fn measure_sentences(text: &str) -> Vec<Sentence> {
    sentences(text)
        .into_iter()
        .filter_map(|span| {
            let mut counts = count_words(&text[span.clone()]);
            (counts.words > 0).then(|| {
                counts.sentences = 1;
                Sentence { span, counts }
            })
        })
        .collect()
}

/// Counts of a whole text.
pub fn measure(text: &str) -> Counts {
    let mut total = Counts::default();
    for s in measure_sentences(text) {
        total.add(&s.counts);
    }
    total
}

/// Words, syllables, polysyllables and letters of a stretch of text.
///
/// Runs on every word of every page, so it reads bytes: text between ASCII
/// whitespace that is all ASCII (nearly every token) is counted in one pass
/// over its bytes, with its letters gathered for the syllable rules on the
/// stack; anything else goes through [`count_token`], char by char.
pub fn count_words(text: &str) -> Counts {
    let bytes = text.as_bytes();
    let mut counts = Counts::default();
    let mut i = 0;
    while i < bytes.len() {
        if is_ascii_space(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() && !is_ascii_space(bytes[i]) {
            ascii &= bytes[i].is_ascii();
            i += 1;
        }
        let chunk = &text[start..i];
        if ascii {
            count_ascii_token(chunk, &mut counts);
        } else {
            // Other whitespace (a no-break space) may split it further.
            for token in chunk.split_whitespace() {
                count_token(token, &mut counts);
            }
        }
    }
    counts
}

/// The ASCII characters `char::is_whitespace` takes, so splitting on them
/// first and on the rest within a non-ASCII chunk is `split_whitespace`.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// An ASCII token: what `clean_word` keeps of it is its letters, digits
/// and `_` (lowercased), and contractions' apostrophes; the syllable rules
/// read only its letters, so the token is counted as it is, without making
/// the word.
fn count_ascii_token(token: &str, counts: &mut Counts) {
    let bytes = token.as_bytes();
    let mut letters = [0u8; syllables::MAX_LETTERS];
    let mut n_letters = 0;
    let mut kept = 0;
    for &b in bytes {
        if b.is_ascii_alphabetic() {
            kept += 1;
            if n_letters < letters.len() {
                letters[n_letters] = b.to_ascii_lowercase();
                n_letters += 1;
            }
        } else if b.is_ascii_digit() || b == b'_' {
            kept += 1;
        }
    }
    let apostrophe =
        || (bytes.iter().enumerate()).any(|(k, &b)| b == b'\'' && is_contraction(&token[k + 1..]));
    if kept == 0 && !apostrophe() {
        return;
    }
    counts.words += 1;
    let n = syllables::count_lowercase(&letters[..n_letters]) as usize;
    counts.syllables += n;
    if n >= 3 {
        counts.polysyllables += 1;
    }
    counts.letters += kept;
}

/// Any other token, through the word it counts as.
fn count_token(token: &str, counts: &mut Counts) {
    if token.is_ascii() {
        count_ascii_token(token, counts);
        return;
    }
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
pub fn clean_word(token: &str, out: &mut String) {
    out.clear();
    if token.is_ascii() {
        // Nearly every token: bytes, not chars (this runs on every word).
        for (k, &b) in token.as_bytes().iter().enumerate() {
            if b == b'\'' {
                if is_contraction(&token[k + 1..]) {
                    out.push('\'');
                }
            } else if b.is_ascii_alphanumeric() || b == b'_' {
                out.push(char::from(b.to_ascii_lowercase()));
            }
        }
        return;
    }
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
fn is_contraction(next: &str) -> bool {
    next.starts_with(['t', 's', 'd'])
        || next.starts_with("ve")
        || next.starts_with("ll")
        || next.starts_with("re")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_textstat_counts_them() {
        let c = count_words("Half-an-hour, we’re told — isn't 'much'.");
        // "halfanhour", "we're", "told", "isn't", "much"; the dash is no word.
        assert_eq!(c.words, 5);
    }

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
