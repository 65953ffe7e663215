//! One pass over a paragraph's text for the whole readability check: its
//! sentences with their counts, and the words to avoid in it.
//!
//! The text is read once, a whitespace-separated token at a time, because
//! every rule fits that shape: a sentence can only end where a token ends
//! (a terminator must have whitespace or the end after it), so a
//! sentence's counts are the sum of its tokens'; and a word to avoid never
//! spans whitespace. An ASCII token (nearly all of them) is read in one
//! loop over its bytes that gathers its letters for the syllable rules,
//! counts what the grade formulas count and marks the words the avoid
//! list may hold. The rules themselves are stated where they live:
//! [`super::sentences`], [`super::measure`], [`super::avoid`]; property
//! tests hold this pass to the plain statements of them.

use std::cell::Cell;
use std::ops::Range;

use super::avoid::{AvoidList, Use};
use super::measure::{Counts, Sentence, count_token, is_ascii_space, is_contraction};
use super::sentences::{is_abbreviation, is_closing, is_terminator};
use super::syllables;
use super::words::Words;

/// Reads paragraphs, keeping its buffers and this thread's token cache
/// from one to the next.
pub struct Scanner<'a> {
    avoid: &'a AvoidList,
    known: Known,
    lower: String,
}

impl Drop for Scanner<'_> {
    fn drop(&mut self) {
        KNOWN.set(std::mem::take(&mut self.known));
    }
}

/// An ASCII token as read, the same wherever it stands (a token holds
/// all a rule reads: an abbreviation's dot looks back only to the token's
/// start).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Read {
    /// What it adds to its sentence's counts: one word or none, its
    /// syllables, and its letters, digits and `_` (Coleman–Liau's
    /// letters).
    counts: Counts,
    /// Ends its sentence unless a lowercase word follows.
    may_end: bool,
    /// Which of its words start an entry of the avoid list, to be checked
    /// where the token stands (a phrase reads on).
    avoid: AvoidWords,
}

/// A kept token's [`Read`]: its counts packed, and whether anything but
/// its counts is to be done where it stands (nearly every token is only
/// counted).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Facts {
    add: Lanes,
    /// `may_end`, or a word to avoid.
    notable: bool,
    may_end: bool,
    avoid: AvoidWords,
}

impl Facts {
    /// The facts of a token not kept (too long, or its counts do not fit
    /// the lanes): its counts added to the sentence's at once.
    fn counted(read: &Read, state: &mut State) -> Self {
        state.counts.add(&read.counts);
        Self {
            add: Lanes::default(),
            notable: true,
            may_end: read.may_end,
            avoid: read.avoid,
        }
    }

    /// `None` when the counts do not fit the lanes (never, for a token
    /// short enough to be kept).
    fn of(read: &Read) -> Option<Self> {
        Some(Self {
            add: Lanes::of(&read.counts)?,
            notable: read.may_end || read.avoid != AvoidWords::None,
            may_end: read.may_end,
            avoid: read.avoid,
        })
    }
}

/// Counts four to a `u64`, 16 bits each (words, syllables, polysyllables,
/// letters), so a kept token is counted with one add. A kept token has at
/// most 15 bytes, so it adds at most 15 to a lane, and a token that adds
/// nothing to words adds nothing at all; [`State::add`] empties the lanes
/// into the sentence's counts every [`Lanes::ROOM`] words, before any can
/// fill.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Lanes(u64);

// `ROOM` tokens adding the most each still fit a lane.
const _: () = assert!(Lanes::MOST as u64 * Lanes::ROOM <= 0xffff);

impl Lanes {
    const ROOM: u64 = 4096;
    /// The most one token may add to a lane: `ROOM` of them fit in 16 bits.
    const MOST: usize = 15;

    fn of(c: &Counts) -> Option<Self> {
        let fits = c.words <= 1
            && c.sentences == 0
            && (c.words == 1 || (c.syllables, c.letters) == (0, 0))
            && c.syllables.max(c.polysyllables).max(c.letters) <= Self::MOST;
        let lane = |n: usize, at: u32| (n as u64) << at;
        fits.then(|| {
            Self(
                lane(c.words, 0)
                    | lane(c.syllables, 16)
                    | lane(c.polysyllables, 32)
                    | lane(c.letters, 48),
            )
        })
    }

    fn words(self) -> u64 {
        self.0 & 0xffff
    }

    /// The lanes added to `counts`.
    fn empty_into(self, counts: &mut Counts) {
        let lane = |at: u32| ((self.0 >> at) & 0xffff) as usize;
        counts.words += lane(0);
        counts.syllables += lane(16);
        counts.polysyllables += lane(32);
        counts.letters += lane(48);
    }
}

/// The words of a token that start an entry of the avoid list.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum AvoidWords {
    #[default]
    None,
    /// One word, `len` bytes from byte `at` of the token, starting the
    /// entries of `group` ([`AvoidList::first_word`]): checked without
    /// being looked up again.
    One { at: u8, len: u8, group: u16 },
    /// More than one: each word is looked up where it stands.
    Several,
}

/// The facts of tokens already read. Running text repeats its tokens
/// ("the", "children,"), so nearly every token of a page is looked up here
/// instead of being read again (docs/performance.md, "Readability, sixth
/// session"). Each thread keeps one from page to page, for one avoid list
/// at a time.
///
/// A token's slot is fixed by its number ([`pack`], [`slot`]), as in a
/// direct-mapped cache: a lookup is one multiply and one compare, and a
/// token whose slot another took is read again (reading is exact, so only
/// the time differs). 16,384 slots (512 KiB a thread): a site's
/// vocabulary of a few thousand tokens fits with few clashes. A smaller
/// table (4,096 slots) was no faster on the 10,000-page corpus.
#[derive(Debug, Default)]
struct Known {
    /// The avoid list the facts were read against ([`AvoidList::id`]).
    list: u64,
    /// [`SLOTS`] of them once the first token is kept; a key of 0 (no
    /// token packs to it: a token has at least one byte) is an empty slot.
    slots: Vec<(u128, Facts)>,
}

const SLOT_BITS: u32 = 14;
const SLOTS: usize = 1 << SLOT_BITS;
// Two slots to a cache line.
const _: () = assert!(std::mem::size_of::<(u128, Facts)>() == 32);

/// The slot of a packed token: its two halves mixed by a multiply
/// (Fibonacci hashing), top bits kept.
#[inline(always)]
fn slot(key: u128) -> usize {
    let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(32);
    (mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SLOT_BITS)) as usize
}

/// A token of at most 15 bytes as a number: its bytes, and its length in
/// the top byte, so two tokens share a number only when they are the same.
/// Read as one load from `text` at `at` where 16 bytes are left.
#[inline]
fn pack(text: &[u8], at: usize, len: usize) -> Option<u128> {
    if len > 15 {
        return None;
    }
    let length = (len as u128) << 120;
    if let Some(sixteen) = text.get(at..at + 16) {
        let sixteen = u128::from_le_bytes(sixteen.try_into().unwrap_or_default());
        return Some((sixteen & LOW_BYTES[len]) | length);
    }
    let mut buf = [0u8; 16];
    buf[..len].copy_from_slice(&text[at..at + len]);
    Some(u128::from_le_bytes(buf) | length)
}

/// By `n` (below 16), a mask of the low `n` bytes of a `u128`.
const LOW_BYTES: [u128; 16] = {
    let mut masks = [0u128; 16];
    let mut n = 1;
    while n < 16 {
        masks[n] = (1u128 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

/// Where the run of printable ASCII (`!` to DEL) that starts at `i` ends:
/// the first byte at or after `i` that is a space, a control character or
/// a byte of a character beyond ASCII, read eight bytes at a time (a
/// token's bytes are nearly all such a run, and the loop over the
/// paragraph then reads only the byte that stopped it).
#[inline(always)]
fn printable_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(eight) = bytes.get(i..i + 8) {
        let stop = stops(u64::from_le_bytes(eight.try_into().unwrap_or_default()));
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|b| (0x21..=0x7f).contains(b)) {
        i += 1;
    }
    i
}

/// A token's printable run and its number, read together: where the
/// run of printable ASCII that starts at `at` ends ([`printable_run_end`])
/// and, when the run is at most 15 bytes, the run packed as [`pack`] packs
/// it, from the same sixteen bytes that found its end (a token is nearly
/// always such a run, and short).
#[inline(always)]
fn printable_token(bytes: &[u8], at: usize) -> (usize, Option<u128>) {
    if let Some(sixteen) = bytes.get(at..at + 16) {
        // Both halves at once, without a branch on which holds the end
        // (a token is as often longer than eight bytes as not).
        let sixteen = u128::from_le_bytes(sixteen.try_into().unwrap_or_default());
        let stop =
            u128::from(stops(sixteen as u64)) | u128::from(stops((sixteen >> 64) as u64)) << 64;
        if stop == 0 {
            return (printable_run_end(bytes, at + 16), None);
        }
        let len = (stop.trailing_zeros() / 8) as usize;
        let key = (sixteen & LOW_BYTES[len & 15]) | (len as u128) << 120;
        return (at + len, Some(key));
    }
    let end = printable_run_end(bytes, at);
    (end, pack(bytes, at, end - at))
}

/// The top bit of each byte of `w` that is not printable ASCII: 0x80 or
/// more, or 0x20 or less (adding 0x5f to its low seven bits stays below
/// 0x80); no byte carries into the next.
#[inline(always)]
fn stops(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    (w & HIGH) | (!((w & !HIGH) + 0x5f5f_5f5f_5f5f_5f5f) & HIGH)
}

thread_local! {
    static KNOWN: Cell<Known> = Cell::new(Known::default());
}

/// Where the pass is in the paragraph.
#[derive(Default)]
struct State {
    /// Where the current sentence starts, once a token is in it.
    start: Option<usize>,
    /// The counts of the current sentence so far, but for `lanes`.
    counts: Counts,
    /// Kept tokens' counts not yet added to `counts`.
    lanes: Lanes,
    /// The end of the last token when that token may end the sentence:
    /// it does unless the next token starts with a lowercase letter.
    may_end: Option<usize>,
    /// Words before this offset were read as part of a listed phrase.
    skip_to: usize,
    /// Where the last token ended.
    last_end: usize,
}

impl State {
    #[inline(always)]
    fn add(&mut self, lanes: Lanes) {
        self.lanes.0 += lanes.0;
        if self.lanes.words() >= Lanes::ROOM {
            self.empty_lanes();
        }
    }

    fn empty_lanes(&mut self) {
        std::mem::take(&mut self.lanes).empty_into(&mut self.counts);
    }
}

impl<'a> Scanner<'a> {
    pub fn new(avoid: &'a AvoidList) -> Self {
        let mut known = KNOWN.take();
        if known.list != avoid.id() {
            known = Known {
                list: avoid.id(),
                slots: Vec::new(),
            };
        }
        Self {
            avoid,
            known,
            lower: String::new(),
        }
    }

    /// The sentences of `text` with their counts (sentences without a
    /// word dropped) onto `sentences`, and the words to avoid in it onto
    /// `uses`, both in order.
    pub fn paragraph(&mut self, text: &str, sentences: &mut Vec<Sentence>, uses: &mut Vec<Use>) {
        let bytes = text.as_bytes();
        let mut state = State::default();
        let mut i = 0;
        while i < bytes.len() {
            if BYTES[usize::from(bytes[i])] == SPACE {
                i += 1;
                continue;
            }
            let start = i;
            let key;
            (i, key) = printable_token(bytes, i);
            if bytes.get(i).is_none_or(|&b| BYTES[usize::from(b)] == SPACE) {
                // A printable run between whitespace: nearly every token.
                self.token(text, start..i, key, true, &mut state, sentences, uses);
                // Past the whitespace byte that ended it.
                i += 1;
                continue;
            }
            let mut seen = 0;
            while let Some(&b) = bytes.get(i) {
                let class = BYTES[usize::from(b)];
                if class == SPACE {
                    break;
                }
                seen |= class;
                i += 1;
            }
            if seen != OTHER {
                // A control character in it: ASCII still.
                let key = pack(bytes, start, i - start);
                self.token(text, start..i, key, true, &mut state, sentences, uses);
            } else {
                // Other whitespace (a no-break space) may split it further.
                let chunk = &text[start..i];
                for token in chunk.split_whitespace() {
                    let at = start + (token.as_ptr() as usize - chunk.as_ptr() as usize);
                    let range = at..at + token.len();
                    self.token(text, range, None, false, &mut state, sentences, uses);
                }
            }
        }
        if let Some(start) = state.start {
            // The text's last sentence ends with its last token.
            let end = state.last_end;
            close(&mut state, start, end, sentences);
        }
    }

    /// One token of `text`; `ascii` when it is all ASCII and stands
    /// between ASCII whitespace (nearly every token), and then `key` is
    /// its number when it has one ([`pack`]). Inlined into the loop over
    /// the paragraph, where its state stays in registers.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn token(
        &mut self,
        text: &str,
        token: Range<usize>,
        key: Option<u128>,
        ascii: bool,
        state: &mut State,
        sentences: &mut Vec<Sentence>,
        uses: &mut Vec<Use>,
    ) {
        if let Some(end) = state.may_end.take()
            && let Some(start) = state.start
            && !starts_lowercase(text, token.start)
        {
            close(state, start, end, sentences);
        }
        state.start.get_or_insert(token.start);
        state.last_end = token.end;
        if !(ascii || text.as_bytes()[token.clone()].is_ascii()) {
            let tok = &text[token.clone()];
            count_token(tok, &mut state.counts);
            for word in Words::new(tok) {
                let word = token.start + word.start..token.start + word.end;
                (self.avoid).check(text, word, &mut state.skip_to, &mut self.lower, uses);
            }
            if may_end_sentence(text, token.clone()) {
                state.may_end = Some(token.end);
            }
            return;
        }
        let facts = match key {
            Some(key) => self.kept(text, token.clone(), key, state),
            None => {
                let read = self.read(text, token.clone());
                Facts::counted(&read, state)
            }
        };
        state.add(facts.add);
        if facts.notable {
            self.mark(text, token, &facts, state, uses);
        }
    }

    /// What a token does besides being counted: it may end its sentence,
    /// or hold a word to avoid.
    fn mark(
        &mut self,
        text: &str,
        token: Range<usize>,
        facts: &Facts,
        state: &mut State,
        uses: &mut Vec<Use>,
    ) {
        match facts.avoid {
            AvoidWords::None => {}
            AvoidWords::One { at, len, group } => {
                let start = token.start + usize::from(at);
                let word = start..start + usize::from(len);
                let group = u32::from(group);
                (self.avoid).check_group(text, word, group, &mut state.skip_to, uses);
            }
            AvoidWords::Several => self.avoid_words(text, token.clone(), state, uses),
        }
        if facts.may_end {
            state.may_end = Some(token.end);
        }
    }

    /// The facts of an ASCII token that has a number (`key`: it stood
    /// between ASCII whitespace and is at most 15 bytes): kept from an
    /// earlier use, else read and kept.
    #[inline(always)]
    fn kept(&mut self, text: &str, token: Range<usize>, key: u128, state: &mut State) -> Facts {
        let at = slot(key);
        if let Some(&(kept, facts)) = self.known.slots.get(at)
            && kept == key
        {
            return facts;
        }
        self.keep(text, token, key, at, state)
    }

    /// A token met for the first time (or whose slot another took):
    /// read, and kept unless its counts do not fit the lanes.
    #[inline(never)]
    fn keep(
        &mut self,
        text: &str,
        token: Range<usize>,
        key: u128,
        at: usize,
        state: &mut State,
    ) -> Facts {
        let read = self.read(text, token);
        let Some(facts) = Facts::of(&read) else {
            return Facts::counted(&read, state);
        };
        if self.known.slots.is_empty() {
            self.known.slots = vec![(0, Facts::default()); SLOTS];
        }
        self.known.slots[at] = (key, facts);
        facts
    }

    /// An ASCII token read: counted as [`super::measure`] counts a word
    /// (its letters, digits and `_` kept, a contraction's apostrophe
    /// kept), and whether it may end its sentence or hold a word to avoid.
    fn read(&mut self, text: &str, token: Range<usize>) -> Read {
        let bytes = &text.as_bytes()[token.clone()];
        // A letter is a byte whose lowercase (`| 0x20`) is `a`..=`z`.
        let mut letters = [0u8; syllables::MAX_LETTERS];
        let mut n_letters = 0;
        let mut kept = 0usize;
        for &b in bytes {
            let lower = b | 0x20;
            let letter = lower.wrapping_sub(b'a') < 26;
            kept += usize::from(letter || b.is_ascii_digit() || b == b'_');
            if letter && n_letters < letters.len() {
                letters[n_letters] = lower;
                n_letters += 1;
            }
        }
        let apostrophe = || {
            (bytes.iter().enumerate())
                .any(|(k, &b)| b == b'\'' && is_contraction(&text[token.start + k + 1..token.end]))
        };
        let word = kept > 0 || apostrophe();
        let syllables = if word {
            syllables::count_lowercase(&letters[..n_letters])
        } else {
            0
        };
        let syllables = syllables as usize;
        Read {
            counts: Counts {
                words: usize::from(word),
                syllables,
                polysyllables: usize::from(syllables >= 3),
                letters: kept,
                sentences: 0,
            },
            may_end: may_end_sentence(text, token.clone()),
            avoid: self.avoid_words_of(bytes),
        }
    }

    /// Which words of an ASCII token start an entry of the avoid list.
    fn avoid_words_of(&mut self, bytes: &[u8]) -> AvoidWords {
        let mut found = AvoidWords::None;
        for w in ascii_words(bytes) {
            let Some(group) = self.avoid.first_word(&bytes[w.clone()], &mut self.lower) else {
                continue;
            };
            if found != AvoidWords::None {
                return AvoidWords::Several;
            }
            // A kept token is at most 15 bytes; a longer one is read each
            // time and its words looked up where they stand.
            found = match (
                u8::try_from(w.start),
                u8::try_from(w.len()),
                u16::try_from(group),
            ) {
                (Ok(at), Ok(len), Ok(group)) => AvoidWords::One { at, len, group },
                _ => AvoidWords::Several,
            };
        }
        found
    }

    /// The words of an ASCII token for the avoid list, which most words
    /// fail at a glance.
    fn avoid_words(
        &mut self,
        text: &str,
        token: Range<usize>,
        state: &mut State,
        uses: &mut Vec<Use>,
    ) {
        let bytes = &text.as_bytes()[token.clone()];
        // `check` filters each word with `AvoidList::may_list` first.
        for w in ascii_words(bytes) {
            let word = token.start + w.start..token.start + w.end;
            (self.avoid).check(text, word, &mut state.skip_to, &mut self.lower, uses);
        }
    }
}

/// The words of an ASCII token as [`Words`] reads them: runs of letters
/// and digits, with inner apostrophes and hyphens.
fn ascii_words(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut k = 0;
    std::iter::from_fn(move || {
        while k < bytes.len() && !bytes[k].is_ascii_alphanumeric() {
            k += 1;
        }
        if k == bytes.len() {
            return None;
        }
        let start = k;
        loop {
            while k < bytes.len() && bytes[k].is_ascii_alphanumeric() {
                k += 1;
            }
            let inner = k + 1 < bytes.len()
                && matches!(bytes[k], b'\'' | b'-')
                && bytes[k + 1].is_ascii_alphanumeric();
            if !inner {
                break;
            }
            k += 1;
        }
        Some(start..k)
    })
}

/// Classes of bytes for splitting tokens: ASCII whitespace (as
/// [`is_ascii_space`]), a byte of a character beyond ASCII, or other.
const SPACE: u8 = 1;
const OTHER: u8 = 2;
static BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b >= 0x80 {
            OTHER
        } else if is_ascii_space(b as u8) {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The counts of a whole text, by the same one pass over it the build
/// makes.
pub fn measure(text: &str) -> Counts {
    let avoid = AvoidList::new(false, []);
    let mut sentences = Vec::new();
    Scanner::new(&avoid).paragraph(text, &mut sentences, &mut Vec::new());
    let mut total = Counts::default();
    for s in &sentences {
        total.add(&s.counts);
    }
    total
}

/// Ends the sentence that started at `start` at `end`.
fn close(state: &mut State, start: usize, end: usize, sentences: &mut Vec<Sentence>) {
    state.empty_lanes();
    let mut counts = std::mem::take(&mut state.counts);
    state.start = None;
    if counts.words > 0 {
        counts.sentences = 1;
        sentences.push(Sentence {
            span: start..end,
            counts,
        });
    }
}

/// Whether the token at `at` starts with a lowercase letter, which
/// carries the sentence on ("about 3 p.m. every day").
fn starts_lowercase(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
        _ => text[at..].chars().next().is_some_and(char::is_lowercase),
    }
}

/// Whether the sentence may end with the token at `token`: the token ends
/// in a run of closing marks (terminators, quotes, brackets) whose first
/// terminator is not an abbreviation's or an initial's dot.
fn may_end_sentence(text: &str, token: Range<usize>) -> bool {
    let tok = &text[token.clone()];
    // Most tokens end in a letter: nothing to read.
    match tok.as_bytes().last() {
        Some(&b) if b.is_ascii() && !is_closing(char::from(b)) => return false,
        None => return false,
        _ => {}
    }
    let mut first = None;
    for (k, c) in tok.char_indices().rev() {
        if !is_closing(c) {
            break;
        }
        if is_terminator(c) {
            first = Some((k, c));
        }
    }
    let Some((k, c)) = first else {
        return false;
    };
    let last = k + c.len_utf8() == tok.len();
    !(c == '.' && last && is_abbreviation(text, token.start + k))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kept token's counts go through the packed lanes, which hold
    /// 65,535 a lane: a sentence of 10,000 fifteen-letter words (150,000
    /// letters) is counted exactly all the same.
    #[test]
    fn a_sentence_longer_than_the_lanes_hold_is_counted_exactly() {
        let text = "abcdefghijklmno ".repeat(10_000);
        let per = syllables::count_lowercase(b"abcdefghijklmno") as usize;
        let counts = measure(&text);
        assert_eq!(
            (counts.words, counts.letters, counts.sentences),
            (10_000, 150_000, 1)
        );
        assert_eq!(counts.syllables, per * 10_000);
        assert_eq!(counts.polysyllables, if per >= 3 { 10_000 } else { 0 });
    }

    /// The sentences and uses as the plain statements of the rules give
    /// them: sentences split, each counted, words to avoid found.
    fn plainly(text: &str, avoid: &AvoidList) -> (Vec<(Range<usize>, Counts)>, Vec<Use>) {
        let sentences = crate::plain::reference::sentences(text)
            .into_iter()
            .filter_map(|span| {
                let mut counts = crate::plain::reference::count_words(&text[span.clone()]);
                (counts.words > 0).then(|| {
                    counts.sentences = 1;
                    (span, counts)
                })
            })
            .collect();
        (sentences, avoid.find(text))
    }

    fn scanned(text: &str, avoid: &AvoidList) -> (Vec<(Range<usize>, Counts)>, Vec<Use>) {
        let mut sentences = Vec::new();
        let mut uses = Vec::new();
        Scanner::new(avoid).paragraph(text, &mut sentences, &mut uses);
        let sentences = sentences.into_iter().map(|s| (s.span, s.counts)).collect();
        (sentences, uses)
    }

    #[test]
    fn one_pass_gives_sentences_counts_and_words_to_avoid() {
        let avoid = AvoidList::new(true, [("modify", "change")]);
        let text = "Dr. Lee will assist, e.g. after school. It takes 2.5 hours! \
                    We modified it prior\nto bed (really)? Yes in order to rest";
        let (sentences, uses) = scanned(text, &avoid);
        let spans: Vec<&str> = sentences.iter().map(|(s, _)| &text[s.clone()]).collect();
        assert_eq!(
            spans,
            [
                "Dr. Lee will assist, e.g. after school.",
                "It takes 2.5 hours!",
                "We modified it prior\nto bed (really)?",
                "Yes in order to rest"
            ]
        );
        assert_eq!(sentences[0].1.words, 7);
        let found: Vec<&str> = uses.iter().map(|u| &text[u.span.clone()]).collect();
        assert_eq!(found, ["assist", "modified", "prior\nto", "in order to"]);
        assert_eq!((sentences, uses), plainly(text, &avoid));
    }

    /// One list for every case, so tokens are found in the kept facts of
    /// earlier cases as well as read.
    static AVOID: std::sync::LazyLock<AvoidList> = std::sync::LazyLock::new(|| {
        AvoidList::new(
            true,
            [("utilise", "use"), ("façade", "front"), ("much", "a lot")],
        )
    });

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        #[test]
        fn one_pass_agrees_with_the_rules_stated_plainly(
            text in crate::plain::reference::tricky_text()
        ) {
            proptest::prop_assert_eq!(scanned(&text, &AVOID), plainly(&text, &AVOID));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_printable_run_ends_where_a_byte_at_a_time_says(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![0x21u8..0x7f, proptest::num::u8::ANY], 0..40),
            start in 0usize..40,
        ) {
            let start = start.min(bytes.len());
            let expected = (start..bytes.len())
                .find(|&i| !(0x21..=0x7f).contains(&bytes[i]))
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(printable_run_end(&bytes, start), expected);
        }

        #[test]
        fn a_token_is_read_as_its_run_end_and_number_say(
            // Mostly printable, so runs of every length up to 40 occur.
            bytes in proptest::collection::vec(
                proptest::prop_oneof![12 => 0x21u8..0x7f, 1 => proptest::num::u8::ANY], 0..40),
            start in 0usize..40,
        ) {
            let start = start.min(bytes.len());
            let end = printable_run_end(&bytes, start);
            let expected = (end, pack(&bytes, start, end - start));
            proptest::prop_assert_eq!(printable_token(&bytes, start), expected);
        }

        #[test]
        fn a_token_packs_to_its_bytes_and_length(
            text in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            at in 0usize..40,
            len in 0usize..17,
        ) {
            let at = at.min(text.len());
            let len = len.min(text.len() - at);
            let mut plain = [0u8; 16];
            let packed = pack(&text, at, len);
            if len <= 15 {
                plain[..len].copy_from_slice(&text[at..at + len]);
                let expected = u128::from_le_bytes(plain) | (len as u128) << 120;
                proptest::prop_assert_eq!(packed, Some(expected));
            } else {
                proptest::prop_assert_eq!(packed, None);
            }
        }
    }

    #[test]
    fn tokens_pack_to_the_same_number_only_when_they_are_the_same() {
        let text = b"ab\0 ab ................ ab";
        assert_ne!(pack(text, 0, 3), pack(text, 4, 2));
        // One read in a single load, one copied near the end: alike.
        assert_eq!(pack(text, 4, 2), pack(text, text.len() - 2, 2));
        assert_eq!(pack(text, 7, 16), None);
    }

    #[test]
    fn phrases_are_found_where_their_second_word_follows_as_find_finds_them() {
        let list = AvoidList::new(true, []);
        let text = "In Order to rest, in—order to go, in time, with rain, with regard to it.";
        let (_, uses) = scanned(text, &list);
        assert_eq!(uses, list.find(text));
        assert_eq!(uses.len(), 3);
    }

    #[test]
    fn kept_facts_are_for_one_list() {
        let text = "We assist. We assist.";
        let builtin = AvoidList::new(true, []);
        let none = AvoidList::new(false, []);
        assert_eq!(scanned(text, &builtin).1.len(), 2);
        assert!(scanned(text, &none).1.is_empty());
        assert_eq!(scanned(text, &builtin).1.len(), 2);
    }

    #[test]
    fn words_are_counted_as_textstat_counts_them() {
        let c = measure("Half-an-hour, we’re told — isn't 'much'.");
        // "halfanhour", "we're", "told", "isn't", "much"; the dash is no word.
        assert_eq!(c.words, 5);
    }

    fn split(text: &str) -> Vec<&str> {
        let mut sentences = Vec::new();
        let avoid = AvoidList::new(false, []);
        Scanner::new(&avoid).paragraph(text, &mut sentences, &mut Vec::new());
        sentences.into_iter().map(|s| &text[s.span]).collect()
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
