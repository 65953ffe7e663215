//! Title capitalisation for APA 7: sentence case for titles of works,
//! title case for periodicals, following the BibTeX convention that text in
//! braces keeps its case.
//!
//! A Title Case title cannot say which of its capitalised words are proper
//! nouns ("Spain", "Linux", "December"). Instead of lowercasing them all as
//! citeproc does, a word is lowercased only when an English word list
//! (SCOWL, `case/words.txt`) knows it as a common word and not as a proper
//! noun; words the list knows both ways ("White", "Twitter") are lowercased
//! and reported as doubtful so `sheaf check` can suggest braces.

mod wordlist;

use wordlist::{is_common, words};

/// A piece of field text and whether BibTeX braces protect its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub protected: bool,
}

impl Piece {
    pub fn plain(text: impl Into<String>) -> Piece {
        Piece {
            text: text.into(),
            protected: false,
        }
    }
}

/// The joined text of `pieces`, case untouched.
pub fn joined(pieces: &[Piece]) -> String {
    pieces.iter().map(|p| p.text.as_str()).collect()
}

/// A title in sentence case, with the capitalised words it lowercased
/// although the word list also knows them as proper nouns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SentenceCase {
    pub text: String,
    pub doubtful: Vec<String>,
}

/// Minor words APA 7 title case leaves in lower case (§6.17).
const MINOR: &[&str] = &[
    "a", "an", "the", "and", "as", "but", "for", "if", "nor", "or", "so", "yet", "at", "by", "in",
    "of", "off", "on", "per", "to", "up", "via", "vs", "vs.", "v.",
];

/// Articles and prepositions of other languages in journal names
/// ("Revue Internationale de Statistique").
const FOREIGN_MINOR: &[&str] = &[
    "de", "la", "le", "les", "des", "du", "et", "der", "die", "das", "und", "für", "del", "y", "e",
];

/// Words that may stay lower case in a Title Case title ("of", "with").
fn is_minor_or_short(word: &str) -> bool {
    MINOR.contains(&word)
        || matches!(
            word,
            "with" | "from" | "into" | "onto" | "over" | "than" | "upon" | "versus" | "about"
        )
}

#[derive(Debug)]
enum Tok {
    Space(String),
    Word { text: String, protected: bool },
}

fn tokens(pieces: &[Piece]) -> Vec<Tok> {
    let mut out = Vec::new();
    for p in pieces {
        if p.protected {
            out.push(Tok::Word {
                text: p.text.clone(),
                protected: true,
            });
            continue;
        }
        let mut cur = String::new();
        let mut space = false;
        for c in p.text.chars() {
            if c.is_whitespace() != space && !cur.is_empty() {
                out.push(if space {
                    Tok::Space(std::mem::take(&mut cur))
                } else {
                    Tok::Word {
                        text: std::mem::take(&mut cur),
                        protected: false,
                    }
                });
            }
            space = c.is_whitespace();
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(if space {
                Tok::Space(cur)
            } else {
                Tok::Word {
                    text: cur,
                    protected: false,
                }
            });
        }
    }
    out
}

/// Whether the next word starts a title or subtitle: after a colon, an em
/// dash or end punctuation (APA 7 §6.17), but not after an ellipsis.
fn ends_clause(word: &str) -> bool {
    let w = word.trim_end_matches(['"', '\'', '’', '”', ')']);
    if w.ends_with("...") || w.ends_with('…') {
        return false;
    }
    w.ends_with([':', '?', '!', '—']) || (w.ends_with('.') && w.chars().count() > 3)
}

/// The letters of a word part without surrounding punctuation and a
/// possessive ending: "(America's" → "America".
fn core(part: &str) -> &str {
    let t = part.trim_matches(|c: char| !c.is_alphanumeric());
    t.strip_suffix("'s")
        .or_else(|| t.strip_suffix("’s"))
        .unwrap_or(t)
}

fn is_capitalised(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_uppercase())
        && chars.all(|c| !c.is_uppercase())
        && s.chars().any(char::is_alphabetic)
}

fn lower_first(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    let mut done = false;
    for c in part.chars() {
        if !done && c.is_uppercase() {
            out.extend(c.to_lowercase());
            done = true;
        } else {
            if c.is_alphabetic() {
                done = true;
            }
            out.push(c);
        }
    }
    out
}

/// Capitalises the first letter, when only opening quotes or brackets
/// stand before it ("“the" → "“The", but "<script>" stays).
fn upper_first(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut done = false;
    for c in word.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            if !done && !"\"'“‘([¿¡".contains(c) {
                done = true;
            }
            out.push(c);
        }
    }
    out
}

/// Whether a title is in Title Case: most of its major words (after the
/// first word of the title or subtitle, ignoring single letters, acronyms
/// and names with internal capitals) start with a capital. One with many
/// lower-case major words was written in sentence case already, and its
/// capitals are the author's (proper nouns), so they are kept; a few
/// lower-case words ("with R and knitr") are package names in a Title Case
/// title.
fn is_title_case(toks: &[Tok]) -> bool {
    let (mut upper, mut lower) = (0u32, 0u32);
    let mut start = true;
    for t in toks {
        if let Tok::Word { text, protected } = t {
            if !*protected && !start && !text.contains(['.', '/', '@']) {
                let c = core(text);
                let long_parts: Vec<&str> = c
                    .split(['-', '–'])
                    .filter(|p| p.chars().count() > 1)
                    .collect();
                let counted = !long_parts.is_empty()
                    && !is_minor_or_short(&c.to_lowercase())
                    && long_parts
                        .iter()
                        .all(|p| !p.chars().skip(1).any(char::is_uppercase));
                if counted {
                    if long_parts.iter().any(|p| p.starts_with(char::is_uppercase)) {
                        upper += 1;
                    } else if long_parts.iter().all(|p| p.starts_with(char::is_lowercase)) {
                        lower += 1;
                    }
                }
            }
            start = ends_clause(text);
        }
    }
    lower == 0 || upper * 10 >= (upper + lower) * 6
}

/// Decides one hyphen-free part of a non-initial word in a Title Case
/// title: its lowered form, or `None` to keep it.
fn lowered(part: &str, next_part: Option<&str>, doubtful: &mut Vec<String>) -> Option<String> {
    let c = core(part);
    if !is_capitalised(c) {
        return None;
    }
    if c.chars().count() == 1 {
        // "A" is the article; "P-Values", "T-Test" are statistics symbols
        // capitalised by Title Case. "R", "C" and other letters stay.
        let symbol = next_part.is_some_and(|n| core(n).chars().count() > 1);
        return (c == "A" || symbol).then(|| lower_first(part));
    }
    let lower = c.to_lowercase();
    let proper = words().proper.contains(&lower);
    let common = if proper {
        words().common.contains(lower.as_str())
    } else {
        is_common(&lower)
    };
    // Verbs and short words that are names only rarely ("May", "Will",
    // "Be") would make the warning noise.
    const RARELY_NAMES: &[&str] = &[
        "be", "may", "will", "can", "ed", "art", "so", "do", "reading",
    ];
    if common && proper && !RARELY_NAMES.contains(&lower.as_str()) {
        doubtful.push(c.to_string());
    }
    common.then(|| lower_first(part))
}

/// APA 7 sentence case (§6.17) of a title stored in any case.
pub fn sentence_case(pieces: &[Piece]) -> SentenceCase {
    let toks = tokens(pieces);
    let title_case = is_title_case(&toks);
    let mut out = SentenceCase::default();
    let mut start = true;
    let mut first = true;
    for t in &toks {
        match t {
            Tok::Space(s) => out.text.push_str(s),
            Tok::Word {
                text,
                protected: true,
            } => {
                out.text.push_str(text);
                start = ends_clause(text);
            }
            Tok::Word { text, .. } => {
                // "Significance—A Comment": an em dash starts a clause
                // inside a token too.
                for word in text.split_inclusive('—') {
                    if start {
                        out.text
                            .push_str(&first_word(word, title_case, first, &mut out.doubtful));
                    } else if title_case && !word.contains("://") {
                        out.text.push_str(&lower_word(word, &mut out.doubtful));
                    } else {
                        out.text.push_str(word);
                    }
                    start = ends_clause(word);
                    first = false;
                }
            }
        }
    }
    out
}

/// The first word of a title or subtitle: capitalised, except a name
/// styled in lower case ("bookdown:", "tidyLPA") that the word list does
/// not know. Later parts of a compound follow the rest of the title
/// ("Expectancy–Value" → "Expectancy–value").
fn first_word(
    word: &str,
    title_case: bool,
    title_start: bool,
    doubtful: &mut Vec<String>,
) -> String {
    let c = core(word);
    if c.chars().skip(1).any(char::is_uppercase) && !c.contains(['-', '–']) {
        return word.to_string();
    }
    let styled_name = title_start
        && c.starts_with(char::is_lowercase)
        && (word.ends_with(':') || !word.contains(char::is_whitespace))
        && !is_common(&c.to_lowercase());
    if styled_name {
        return word.to_string();
    }
    let capitalised = upper_first(word);
    match capitalised.find(['-', '–']) {
        Some(i) if title_case => {
            let dash = capitalised[i..].chars().next().map_or(1, char::len_utf8);
            let (head, rest) = capitalised.split_at(i + dash);
            format!("{head}{}", lower_word(rest, doubtful))
        }
        _ => capitalised,
    }
}

fn lower_word(word: &str, doubtful: &mut Vec<String>) -> String {
    let parts: Vec<&str> = word.split_inclusive(['-', '–', '/']).collect();
    let mut out = String::with_capacity(word.len());
    for (i, part) in parts.iter().enumerate() {
        let next = parts.get(i + 1).copied();
        match lowered(part, next, doubtful) {
            Some(l) => out.push_str(&l),
            None => out.push_str(part),
        }
    }
    out
}

/// APA 7 title case (§6.17) for periodical and conference names: major
/// words and words of four letters or more capitalised, minor words lower
/// case unless they start the name or a subtitle.
pub fn title_case(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut start = true;
    for t in tokens(pieces) {
        match t {
            Tok::Space(s) => out.push_str(&s),
            Tok::Word { text, protected } => {
                let next_start = ends_clause(&text);
                if protected || text.contains(['/', '@', '=']) || text.contains("www.") {
                    out.push_str(&text);
                } else {
                    let parts: Vec<&str> = text.split_inclusive(['-', '–']).collect();
                    for (i, part) in parts.iter().enumerate() {
                        let c = core(part).to_lowercase();
                        let foreign = FOREIGN_MINOR.contains(&c.as_str());
                        // A capital letter alone is a name ("Series A").
                        let letter = core(part).chars().count() == 1
                            && core(part).starts_with(char::is_uppercase);
                        let minor = i == 0
                            && parts.len() == 1
                            && !letter
                            && (MINOR.contains(&c.as_str()) || foreign);
                        if minor && !start {
                            if is_capitalised(core(part)) {
                                out.push_str(&lower_first(part));
                            } else {
                                out.push_str(part);
                            }
                        } else if core(part).chars().next().is_some_and(char::is_lowercase) {
                            out.push_str(&upper_first(part));
                        } else {
                            out.push_str(part);
                        }
                    }
                }
                start = next_start;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
