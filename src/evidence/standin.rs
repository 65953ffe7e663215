//! Text an in-text citation shows as both HTML and plain text, and the
//! title that stands in for a missing author (APA 7 §8.14): shortened, in
//! title case, italic for works italicised in the reference list (books,
//! reports, web pages), in double quotes for articles and chapters.

use super::work::{Work, WorkKind};
use crate::text::escape_html;

/// One piece of a citation, as escaped HTML and as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Shown {
    pub html: String,
    pub text: String,
}

impl Shown {
    pub fn plain(text: String) -> Shown {
        Shown {
            html: escape_html(&text),
            text,
        }
    }
}

/// The title in place of the author: `*Title*` or `“Title”`.
pub(crate) fn title_stand_in(w: &Work) -> Shown {
    let title = title_case(&short_title(&w.title));
    if matches!(w.kind, WorkKind::Article | WorkKind::Chapter) {
        Shown::plain(format!("“{title}”"))
    } else {
        Shown {
            html: format!("<i>{}</i>", escape_html(&title)),
            text: title,
        }
    }
}

/// The main title (before a subtitle), cut to its first four words when it
/// is longer than six; a cut never ends on a minor word. APA asks for "the
/// first few words" and no ellipsis.
fn short_title(title: &str) -> String {
    let main = title.split([':', '?']).next().unwrap_or(title).trim();
    let main = main.trim_end_matches('.');
    let words: Vec<&str> = main.split_whitespace().collect();
    if words.len() <= 6 {
        return main.to_string();
    }
    let mut cut = &words[..4];
    while let [init @ .., last] = cut {
        if init.is_empty() || !is_minor(last) {
            break;
        }
        cut = init;
    }
    cut.join(" ")
}

/// APA 7 §6.17: conjunctions, articles and prepositions of three letters or
/// fewer stay lowercase, except as the first word or after a colon.
fn is_minor(word: &str) -> bool {
    const MINOR: [&str; 22] = [
        "a", "an", "the", "and", "as", "but", "for", "if", "nor", "or", "so", "yet", "at", "by",
        "in", "of", "off", "on", "per", "to", "up", "via",
    ];
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
    MINOR.iter().any(|m| bare.eq_ignore_ascii_case(m))
}

/// APA title case: major words (and every word of four letters or more)
/// capitalised, both parts of a hyphenated major word too; words the title
/// already capitalises inside ("iPad", "McDonald") are kept.
pub(crate) fn title_case(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut start_of_phrase = true;
    for (i, word) in title.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if start_of_phrase || !is_minor(word) {
            let parts: Vec<String> = word.split('-').map(capitalise).collect();
            out.push_str(&parts.join("-"));
        } else {
            out.push_str(&word.to_lowercase());
        }
        start_of_phrase = word.ends_with([':', '—', '?', '!']) || word == "—";
    }
    out
}

/// The first letter uppercased, the rest as written.
fn capitalise(word: &str) -> String {
    if word.chars().skip(1).any(char::is_uppercase) {
        return word.to_string();
    }
    match word.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, c)) => {
            let rest = &word[i + c.len_utf8()..];
            format!("{}{}{rest}", &word[..i], c.to_uppercase())
        }
        None => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_case_follows_apa_minor_word_rule() {
        assert_eq!(
            title_case("the impact of parent involvement on self-esteem: a review"),
            "The Impact of Parent Involvement on Self-Esteem: A Review"
        );
        assert_eq!(title_case("learning with an iPad"), "Learning With an iPad");
    }

    #[test]
    fn long_titles_are_cut_without_ellipsis_or_trailing_minor_word() {
        assert_eq!(
            short_title("Understanding sensory memory: A review"),
            "Understanding sensory memory"
        );
        assert_eq!(
            short_title("Parents and teachers of the world working together for schools"),
            "Parents and teachers"
        );
        assert_eq!(
            short_title("Ten of the best ways to teach reading well"),
            "Ten of the best"
        );
    }
}
