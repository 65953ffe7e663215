//! Words to avoid: the site's `[check] avoid` table and a built-in starter
//! list, matched as whole words, any case, with their usual inflections
//! ("utilise", "utilised", "utilises", "utilising").

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::words::Words;

/// The built-in starter list: formal words with a plainer everyday
/// alternative, chosen from public plain-language guidance (the
/// Australian Government Style Manual, GOV.UK's style guide, the US
/// Federal Plain Language Guidelines). Documented in docs/plain-language.md.
pub const BUILTIN: &[(&str, &str)] = &[
    ("additionally", "also"),
    ("aforementioned", "this, that or these"),
    ("approximately", "about"),
    ("ascertain", "find out"),
    ("assist", "help"),
    ("commence", "start"),
    ("consequently", "so"),
    ("demonstrate", "show"),
    ("endeavour", "try"),
    ("endeavor", "try"),
    ("facilitate", "help"),
    ("furthermore", "also"),
    ("henceforth", "from now on"),
    ("in order to", "to"),
    ("in relation to", "about"),
    ("in the event that", "if"),
    ("leverage", "use"),
    ("nevertheless", "but, still"),
    ("notwithstanding", "despite, even if"),
    ("numerous", "many"),
    ("obtain", "get"),
    ("prior to", "before"),
    ("regarding", "about"),
    ("remuneration", "pay"),
    ("subsequently", "later"),
    ("sufficient", "enough"),
    ("terminate", "end"),
    ("utilise", "use"),
    ("utilize", "use"),
    ("with regard to", "about"),
];

/// The words of a text after a point, read as a phrase asks for them and
/// kept (the first few) for the next phrase to compare.
struct Ahead<'a> {
    text: &'a str,
    words: Words<'a>,
    read: [Range<usize>; 4],
    n: usize,
}

impl<'a> Ahead<'a> {
    fn new(text: &'a str, at: usize) -> Self {
        Self {
            text,
            words: Words::at(text, at),
            read: Default::default(),
            n: 0,
        }
    }

    /// The `k`th word after the point (from 0).
    fn get(&mut self, k: usize) -> Option<Range<usize>> {
        let kept = self.read.len();
        while self.n <= k.min(kept - 1) {
            self.read[self.n] = self.words.next()?;
            self.n += 1;
        }
        if k < kept {
            return Some(self.read[k].clone());
        }
        // A phrase longer than the words kept reads on past them.
        Words::at(self.text, self.read[kept - 1].end).nth(k - kept)
    }
}

/// One use of a word to avoid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// Byte range in the searched text.
    pub span: Range<usize>,
    /// The entry as listed ("utilise").
    pub word: String,
    pub instead: String,
}

/// The compiled list: every inflected form of every entry's first word,
/// with the entries that start with it.
#[derive(Debug, Default)]
pub struct AvoidList {
    /// Which list this is, for what is kept about words read against it.
    id: u64,
    /// Looked up once per word of every page: a fast hash, not SipHash
    /// (the keys are the site's own list, not attacker-chosen).
    by_first: FxHashMap<String, u32>,
    /// The entries that start with each first word, by the number
    /// `by_first` gives it.
    groups: Vec<Group>,
    /// The shortest and longest first word, to skip most words unread.
    lengths: (usize, usize),
    /// By byte length, a bit for each ASCII byte a listed first word of
    /// that length starts with, and one for each it ends with: an ASCII
    /// word that does not fit is skipped without lowercasing or hashing
    /// it (nearly every word).
    starts: Vec<u128>,
    ends: Vec<u128>,
    /// The same for the second byte.
    seconds: Vec<u128>,
}

/// The entries that start with one first word.
#[derive(Debug, Default)]
struct Group {
    /// The longest phrase first.
    entries: Vec<Entry>,
    /// A bit for each ASCII byte, lowercased, that the second word of one
    /// of these phrases starts with; every bit when one of them is a
    /// single word or a second word starts beyond ASCII. A word followed
    /// by a word that fits none is no use without reading on.
    seconds: u128,
}

#[derive(Debug)]
struct Entry {
    word: String,
    rest: Vec<String>,
    instead: String,
}

impl AvoidList {
    /// The built-in list (when `builtin`) with the site's entries, which
    /// win over built-in ones with the same word.
    pub fn new<'a>(builtin: bool, site: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut entries: BTreeMap<String, (String, String)> = BTreeMap::new();
        let listed: &[(&str, &str)] = if builtin { BUILTIN } else { &[] };
        for (word, instead) in listed.iter().copied().chain(site) {
            let key = word.trim().to_lowercase();
            if !key.is_empty() {
                entries.insert(key, (word.trim().to_string(), instead.to_string()));
            }
        }
        // One number per list made in this process; never 0, the id of
        // no list.
        static LISTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut list = Self {
            id: LISTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Self::default()
        };
        for (key, (word, instead)) in entries {
            let mut parts = key.split_whitespace().map(str::to_string);
            let Some(first) = parts.next() else { continue };
            let rest: Vec<String> = parts.collect();
            let seconds = match rest.first().map(|w| w.as_bytes()[0]) {
                Some(b) if b.is_ascii() => 1u128 << b.to_ascii_lowercase(),
                _ => u128::MAX,
            };
            for form in inflections(&first) {
                let next = list.groups.len() as u32;
                let group = *list.by_first.entry(form).or_insert(next);
                if group == next {
                    list.groups.push(Group::default());
                }
                let group = &mut list.groups[group as usize];
                group.seconds |= seconds;
                group.entries.push(Entry {
                    word: word.clone(),
                    rest: rest.clone(),
                    instead: instead.clone(),
                });
            }
        }
        list.lengths = (
            list.by_first.keys().map(String::len).min().unwrap_or(0),
            list.by_first.keys().map(String::len).max().unwrap_or(0),
        );
        list.starts = vec![0; list.lengths.1 + 1];
        list.ends = vec![0; list.lengths.1 + 1];
        list.seconds = vec![0; list.lengths.1 + 1];
        for form in list.by_first.keys() {
            let bytes = form.as_bytes();
            // A form with other characters at either end (`café`) is
            // looked up whatever the word's bytes there.
            let bit = |b: Option<&u8>| {
                b.filter(|b| b.is_ascii())
                    .map_or(u128::MAX, |&b| 1u128 << b)
            };
            list.starts[form.len()] |= bit(bytes.first());
            list.ends[form.len()] |= bit(bytes.last());
            list.seconds[form.len()] |= bit(bytes.get(1));
        }
        // The longest phrase first, so "in order to" wins over "in".
        for group in &mut list.groups {
            group
                .entries
                .sort_by_key(|e| std::cmp::Reverse(e.rest.len()));
        }
        list
    }

    /// This list's number, unique in the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Every use in `text`, in order: [`Self::check`] on each of its
    /// words. The build finds them in its one pass per paragraph
    /// (`plain::scan`); this is the plain statement of the same.
    #[cfg(test)]
    pub fn find(&self, text: &str) -> Vec<Use> {
        let mut found = Vec::new();
        let mut lower = String::new();
        let mut skip_to = 0;
        for span in Words::new(text) {
            self.check(text, span, &mut skip_to, &mut lower, &mut found);
        }
        found
    }

    /// Whether an ASCII word may be listed: most words are shorter or
    /// longer than any listed one, or have a first, second or last byte
    /// no listed word of their length has there, and are skipped here
    /// without lowercasing or hashing them.
    #[inline]
    pub fn may_list(&self, word: &[u8]) -> bool {
        let len = word.len();
        let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
            return false;
        };
        let bit = |b: u8| 1u128 << (b.to_ascii_lowercase() & 0x7f);
        // A one-byte word's second byte is none: every bit is set for it.
        let second = word.get(1).map_or(u128::MAX, |&b| bit(b));
        len >= self.lengths.0
            && len <= self.lengths.1
            && self.starts[len] & bit(first) != 0
            && self.ends[len] & bit(last) != 0
            && self.seconds[len] & second != 0
    }

    /// The group of an ASCII word, in any case, when it starts a listed
    /// word or phrase: what a token's kept facts hold (`plain::scan`), so
    /// the word is looked up once and checked by [`Self::check_group`]
    /// where it stands. `lower` is a buffer kept between calls, as for
    /// [`Self::check`].
    pub fn first_word(&self, word: &[u8], lower: &mut String) -> Option<u32> {
        if !self.may_list(word) {
            return None;
        }
        let word = std::str::from_utf8(word).ok()?;
        lower.clear();
        lower.push_str(word);
        lower.make_ascii_lowercase();
        self.by_first.get(lower.as_str()).copied()
    }

    /// One word of `text` (at `span`, words in order): when it starts a
    /// listed word or phrase, its use goes on `found`, and `skip_to` moves
    /// past a phrase's last word so the words it took are not read again.
    /// `lower` is a buffer kept between calls.
    pub fn check(
        &self,
        text: &str,
        span: Range<usize>,
        skip_to: &mut usize,
        lower: &mut String,
        found: &mut Vec<Use>,
    ) {
        if span.start < *skip_to || self.is_empty() {
            return;
        }
        let word = &text[span.clone()];
        lower.clear();
        if word.is_ascii() {
            if !self.may_list(word.as_bytes()) {
                return;
            }
            // A byte copy, not a char-by-char map.
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            if span.len() < self.lengths.0 || span.len() > self.lengths.1 {
                return;
            }
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        let Some(&group) = self.by_first.get(lower.as_str()) else {
            return;
        };
        self.check_group(text, span, group, skip_to, found);
    }

    /// [`Self::check`] for a word whose group [`Self::first_word`] gave.
    pub fn check_group(
        &self,
        text: &str,
        span: Range<usize>,
        group: u32,
        skip_to: &mut usize,
        found: &mut Vec<Use>,
    ) {
        if span.start < *skip_to {
            return;
        }
        let Some(group) = self.groups.get(group as usize) else {
            return;
        };
        if group.seconds != u128::MAX {
            // Only phrases: the next word must start with a byte one of
            // their second words starts with. Read up to it where the
            // text between is ASCII (else read on as `Words` does).
            let next = text.as_bytes()[span.end..]
                .iter()
                .find(|b| b.is_ascii_alphanumeric() || !b.is_ascii());
            match next {
                None => return,
                Some(&b) if b.is_ascii() && group.seconds & (1u128 << (b | 0x20)) == 0 => {
                    // `| 0x20` lowercases a letter and leaves a digit.
                    return;
                }
                _ => {}
            }
        }
        // The words after this one, read once for all the phrases that
        // start with it, and only as far as one of them reaches.
        let mut ahead = Ahead::new(text, span.end);
        let hit = group.entries.iter().find_map(|e| {
            let mut end = span.end;
            for (k, want) in e.rest.iter().enumerate() {
                let got = ahead.get(k)?;
                if !text[got.clone()].eq_ignore_ascii_case(want) {
                    return None;
                }
                end = got.end;
            }
            Some((e, end))
        });
        if let Some((e, end)) = hit {
            found.push(Use {
                span: span.start..end,
                word: e.word.clone(),
                instead: e.instead.clone(),
            });
            *skip_to = end;
        }
    }
}

/// A word and its regular inflections: plural or third person (-s, -es,
/// -ies), past (-d, -ed, -ied, a doubled consonant) and -ing.
fn inflections(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    let mut add = |s: String| {
        if !forms.contains(&s) {
            forms.push(s);
        }
    };
    if word.len() < 3 || !word.chars().all(char::is_alphabetic) {
        return forms;
    }
    if let Some(stem) = word.strip_suffix('e') {
        add(format!("{word}s"));
        add(format!("{word}d"));
        add(format!("{stem}ing"));
    } else if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        add(format!("{stem}ies"));
        add(format!("{stem}ied"));
        add(format!("{word}ing"));
    } else {
        let es = word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh");
        add(format!("{word}{}", if es { "es" } else { "s" }));
        add(format!("{word}ed"));
        add(format!("{word}ing"));
        if let Some(last) = word.chars().last() {
            add(format!("{word}{last}ed"));
            add(format!("{word}{last}ing"));
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(list: &AvoidList, text: &str) -> Vec<String> {
        list.find(text)
            .into_iter()
            .map(|u| format!("{}→{}", &text[u.span], u.instead))
            .collect()
    }

    #[test]
    fn matches_whole_words_any_case_and_inflections() {
        let list = AvoidList::new(false, [("utilise", "use"), ("modify", "change")]);
        assert_eq!(
            found(
                &list,
                "Utilised well, she utilises and is utilising; modified, modifies. Utilisedness, reutilise."
            ),
            [
                "Utilised→use",
                "utilises→use",
                "utilising→use",
                "modified→change",
                "modifies→change"
            ]
        );
    }

    #[test]
    fn words_beside_other_characters_are_found() {
        let list = AvoidList::new(false, [("utilise", "use"), ("façade", "front")]);
        assert_eq!(
            found(&list, "We’ll utilise—café-goers’ Façade, UTILISE’s."),
            ["utilise→use", "Façade→front"]
        );
    }

    #[test]
    fn matches_phrases_across_line_breaks() {
        let list = AvoidList::new(true, []);
        assert_eq!(
            found(&list, "Read together prior\nto bed, in order to rest."),
            ["prior\nto→before", "in order to→to"]
        );
    }

    #[test]
    fn long_phrases_and_phrases_sharing_words_are_matched() {
        let list = AvoidList::new(
            false,
            [
                ("at this point in time of the day", "now"),
                ("at this point in time", "now"),
                ("at this", "here"),
            ],
        );
        assert_eq!(
            found(
                &list,
                "At this point in time of the day we read. At this point in time we rest. At this desk."
            ),
            [
                "At this point in time of the day→now",
                "At this point in time→now",
                "At this→here"
            ]
        );
        assert!(found(&list, "At").is_empty());
    }

    #[test]
    fn a_phrase_is_read_on_only_where_its_second_word_can_follow() {
        let list = AvoidList::new(true, []);
        assert_eq!(
            found(
                &list,
                "In Order to rest, in 2 ways, in—order to go, with regard to it, in the event that, in the end, within"
            ),
            [
                "In Order to→to",
                "in—order to→to",
                "with regard to→about",
                "in the event that→if"
            ]
        );
    }

    #[test]
    fn the_site_list_overrides_and_builtin_can_be_off() {
        let list = AvoidList::new(true, [("assist", "back up")]);
        assert_eq!(found(&list, "We assist."), ["assist→back up"]);
        let list = AvoidList::new(false, []);
        assert!(found(&list, "We assist.").is_empty());
    }

    /// The scan as it was before it read words without a list (main
    /// 1843d8e): the fast one must find exactly the same.
    impl AvoidList {
        fn find_as_before(&self, text: &str) -> Vec<Use> {
            if self.is_empty() {
                return Vec::new();
            }
            let words = words_as_before(text);
            let mut found = Vec::new();
            let mut lower = String::new();
            let same =
                |want: &str, span: &Range<usize>| text[span.clone()].eq_ignore_ascii_case(want);
            let mut k = 0;
            while k < words.len() {
                let span = &words[k];
                // Most words are shorter or longer than any listed one.
                if span.len() < self.lengths.0 || span.len() > self.lengths.1 {
                    k += 1;
                    continue;
                }
                lower.clear();
                let word = &text[span.clone()];
                if word.is_ascii() {
                    let first = word.as_bytes()[0].to_ascii_lowercase();
                    if self.starts[word.len()] & (1u128 << first) == 0 {
                        k += 1;
                        continue;
                    }
                    // A byte copy, not a char-by-char map.
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                } else {
                    lower.extend(word.chars().flat_map(char::to_lowercase));
                }
                let group = self.by_first.get(&lower).map(|&g| &self.groups[g as usize]);
                let hit = group.and_then(|group| {
                    group.entries.iter().find(|e| {
                        e.rest.len() < words.len() - k
                            && e.rest
                                .iter()
                                .zip(&words[k + 1..])
                                .all(|(want, got)| same(want, got))
                    })
                });
                if let Some(e) = hit {
                    let end = words[k + e.rest.len()].end;
                    found.push(Use {
                        span: span.start..end,
                        word: e.word.clone(),
                        instead: e.instead.clone(),
                    });
                    k += e.rest.len() + 1;
                } else {
                    k += 1;
                }
            }
            found
        }
    }

    fn words_as_before(text: &str) -> Vec<Range<usize>> {
        let char_at = |i: usize| -> Option<char> {
            let b = *text.as_bytes().get(i)?;
            if b.is_ascii() {
                Some(char::from(b))
            } else {
                text[i..].chars().next()
            }
        };
        let mut out = Vec::new();
        let mut start = None;
        let mut i = 0;
        while let Some(c) = char_at(i) {
            let next = i + c.len_utf8();
            let inner = matches!(c, '\'' | '’' | '-')
                && start.is_some()
                && char_at(next).is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || inner {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                out.push(s..i);
            }
            i = next;
        }
        if let Some(s) = start {
            out.push(s..text.len());
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]

        #[test]
        fn finds_what_the_list_scan_found(text in crate::plain::reference::tricky_text()) {
            let list = AvoidList::new(true, [("façade", "front"), ("in", "inside"), ("e", "E")]);
            proptest::prop_assert_eq!(list.find(&text), list.find_as_before(&text));
        }
    }
}
