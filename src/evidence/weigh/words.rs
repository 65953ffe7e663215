//! Finding configured wording in a sentence: each entry is a phrase
//! ("leads to", "clear evidence"), its first word matched in all its
//! inflections ("lead", "leads", "led", "leading"), and `…` (or `...`)
//! standing for one to four words ("makes … better").

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;

/// A word of a phrase, or a gap of a few words.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Word(String),
    Gap,
}

#[derive(Debug, Clone)]
struct Phrase {
    /// The entry as configured, for messages.
    entry: String,
    /// The parts after the first word.
    rest: Vec<Part>,
}

/// A compiled list of wording.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    /// Every form of every phrase's first word -> the phrases it starts.
    first: FxHashMap<String, Vec<usize>>,
    phrases: Vec<Phrase>,
}

/// A match: the byte range of its first word in the text, and the entry.
pub type Found<'a> = (Range<usize>, &'a str);

impl WordList {
    pub fn new(entries: &[String]) -> Self {
        let mut list = WordList::default();
        for entry in entries {
            let mut parts = entry
                .split_whitespace()
                .map(|w| match w {
                    "…" | "..." => Part::Gap,
                    w => Part::Word(w.to_lowercase()),
                })
                .skip_while(|p| *p == Part::Gap);
            let Some(Part::Word(first)) = parts.next() else {
                continue;
            };
            let index = list.phrases.len();
            list.phrases.push(Phrase {
                entry: entry.trim().to_string(),
                rest: parts.collect(),
            });
            for form in inflections(&first) {
                let starts = list.first.entry(form).or_default();
                if !starts.contains(&index) {
                    starts.push(index);
                }
            }
        }
        list
    }

    /// Every match in `words`, in order.
    pub fn find<'a>(&'a self, words: &Words<'_>) -> Vec<Found<'a>> {
        if self.phrases.is_empty() {
            return Vec::new();
        }
        let words = &words.0;
        let mut out = Vec::new();
        for (i, (range, word)) in words.iter().enumerate() {
            let Some(starts) = self.first.get(word.as_ref()) else {
                continue;
            };
            if let Some(&p) = starts
                .iter()
                .find(|&&p| matches_rest(&self.phrases[p].rest, &words[i + 1..]))
            {
                out.push((range.clone(), self.phrases[p].entry.as_str()));
            }
        }
        out
    }
}

/// Whether `words` starts with `rest` (gaps taking one to four words).
fn matches_rest(rest: &[Part], words: &[(Range<usize>, Cow<'_, str>)]) -> bool {
    match rest.split_first() {
        None => true,
        Some((Part::Word(w), tail)) => words
            .first()
            .is_some_and(|(_, word)| word == w && matches_rest(tail, &words[1..])),
        Some((Part::Gap, tail)) => {
            (1..=4.min(words.len())).any(|skip| matches_rest(tail, &words[skip..]))
        }
    }
}

/// The words of a text, lower-cased, with their byte ranges: made once per
/// sentence and searched with each list (the causal and the certainty
/// wording), not once per list.
pub struct Words<'t>(Vec<(Range<usize>, Cow<'t, str>)>);

impl<'t> Words<'t> {
    pub fn of(text: &'t str) -> Self {
        let mut out = Vec::new();
        let mut start = None;
        let is_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-');
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (start, is_word(c)) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    let word = &text[s..i];
                    // Most words are lower-case ASCII already.
                    let lower = if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase())
                    {
                        Cow::Borrowed(word)
                    } else {
                        Cow::Owned(word.to_lowercase())
                    };
                    out.push((s..i, lower));
                    start = None;
                }
                _ => {}
            }
        }
        Words(out)
    }
}

/// Forms that irregular verbs take besides the regular ones.
const IRREGULAR: [(&str, &[&str]); 8] = [
    ("lead", &["led"]),
    ("drive", &["drove", "driven"]),
    ("make", &["made"]),
    ("prove", &["proven"]),
    ("show", &["shown"]),
    ("rise", &["rose", "risen"]),
    ("bring", &["brought"]),
    ("find", &["found"]),
];

/// A word and its inflections: `-s`/`-es`, `-ed`/`-d`, `-ing`, and the
/// irregular forms above. An entry written in its `-s` form ("causes")
/// counts as its base ("cause").
pub fn inflections(word: &str) -> Vec<String> {
    let word = word.to_lowercase();
    let mut bases = vec![word.clone()];
    if let Some(base) = word
        .strip_suffix('s')
        .filter(|b| !b.ends_with('s') && !b.is_empty())
    {
        bases.push(base.to_string());
    }
    if let Some(base) = word
        .strip_suffix("es")
        .filter(|b| b.ends_with(['s', 'x', 'h']))
    {
        bases.push(base.to_string());
    }
    let mut out = Vec::new();
    for base in bases {
        let stem = base.strip_suffix('e').filter(|_| !base.ends_with("ee"));
        out.push(base.clone());
        out.push(format!("{base}s"));
        if base.ends_with(['s', 'x']) || base.ends_with("sh") || base.ends_with("ch") {
            out.push(format!("{base}es"));
        }
        match stem {
            Some(stem) => {
                out.push(format!("{base}d"));
                out.push(format!("{stem}ing"));
            }
            None => {
                out.push(format!("{base}ed"));
                out.push(format!("{base}ing"));
            }
        }
        for (verb, forms) in IRREGULAR {
            if verb == base {
                out.extend(forms.iter().map(|f| f.to_string()));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> WordList {
        WordList::new(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn inflected_verbs_and_gapped_phrases_match_at_their_first_word() {
        let words = list(&["causes", "leads to", "makes … better"]);
        let text = "Reading caused gains, led to more, and made homework much better.";
        let found: Vec<&str> = words
            .find(&Words::of(text))
            .iter()
            .map(|(r, _)| &text[r.clone()])
            .collect();
        assert_eq!(found, ["caused", "led", "made"]);
        assert!(
            words
                .find(&Words::of("It leads nowhere; make it work."))
                .is_empty()
        );
        // Capitals and letters beyond ASCII are lower-cased as before.
        let text = "Homework CAUSES gains; ÉTUDES Lead To more.";
        let found: Vec<&str> = (list(&["causes", "études", "leads to"]).find(&Words::of(text)))
            .iter()
            .map(|(r, _)| &text[r.clone()])
            .collect();
        assert_eq!(found, ["CAUSES", "ÉTUDES", "Lead"]);
    }

    #[test]
    fn inflections_cover_regular_and_irregular_forms() {
        let forms = inflections("improves");
        for f in ["improve", "improves", "improved", "improving"] {
            assert!(forms.contains(&f.to_string()), "{f}");
        }
        assert!(inflections("drive").contains(&"driven".to_string()));
        assert!(inflections("boost").contains(&"boosted".to_string()));
    }
}
