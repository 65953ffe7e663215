//! APA 7 reference-list entries (Publication Manual, chapters 9 and 10),
//! written from the entry data: sentence case for titles of works, title
//! case for periodicals, expanded page ranges, the bracketed descriptions
//! and parenthetical details APA attaches to titles.

use super::bibliography::Bibliography;
use super::case::{self, Piece};
use super::markup::{Markup, ordinal_suffix, page_range};
use super::names::*;
use super::terms::Terms;
use super::work::{Name, Work, WorkKind};
use crate::diagnostics::Diagnostic;

fn apa_names(names: &[Name], terms: &Terms) -> String {
    // BibTeX's `and others` stands for authors the entry does not list.
    let (names, others): (&[Name], bool) = match names.split_last() {
        Some((last, rest)) if last.given.is_none() && last.family == "others" => (rest, true),
        _ => (names, false),
    };
    // "Mulligan, et al., G. M." (an "et al." typed into the name) is the
    // same: the entry lists one author of several.
    let typed_et_al = |s: &Option<String>| s.as_deref().is_some_and(|s| s.trim() == "et al.");
    let mut others = others;
    let cleaned: Vec<Name> = names
        .iter()
        .map(|n| {
            let mut n = n.clone();
            if typed_et_al(&n.given) {
                n.given = n.suffix.take();
                others = true;
            } else if typed_et_al(&n.suffix) {
                n.suffix = None;
                others = true;
            }
            n
        })
        .collect();
    let list: Vec<String> = cleaned.iter().map(|n| inverted_initials(n, true)).collect();
    if others {
        return format!("{}, {}", list.join(", "), terms.et_al);
    }
    if list.len() > 20 {
        // APA 7 §9.8: first 19, an ellipsis, then the last author.
        return format!("{}, . . . {}", list[..19].join(", "), list[list.len() - 1]);
    }
    let and = format!(", {} ", terms.and_symbol);
    join_names(&list, &and, ", ", &and)
}

fn apa_editors_in(names: &[Name], terms: &Terms) -> String {
    let list: Vec<String> = names.iter().map(|n| initials_first(n, true)).collect();
    let label = if names.len() == 1 { "Ed." } else { "Eds." };
    format!(
        "{} ({label})",
        join_names(
            &list,
            &format!(" {} ", terms.and_symbol),
            ", ",
            &format!(", {} ", terms.and_symbol)
        )
    )
}

/// The pieces of a title, or the plain title as one unprotected piece.
fn pieces_or(pieces: &[Piece], plain: &str) -> Vec<Piece> {
    if pieces.is_empty() && !plain.is_empty() {
        vec![Piece::plain(plain)]
    } else {
        pieces.to_vec()
    }
}

/// The work's title in sentence case (APA 7 §6.17).
pub(crate) fn title(w: &Work) -> case::SentenceCase {
    case::sentence_case(&pieces_or(&w.title_pieces, &w.title))
}

/// A journal or a conference (a proper name): title case. A book holding a
/// chapter: sentence case.
fn container(w: &Work) -> Option<String> {
    w.container.as_ref()?;
    let pieces = pieces_or(
        &w.container_pieces,
        w.container.as_deref().unwrap_or_default(),
    );
    let proper_name =
        w.kind == WorkKind::Article || w.bibtex_type.as_deref() == Some("inproceedings");
    Some(if proper_name {
        case::title_case(&pieces)
    } else {
        case::sentence_case(&pieces).text
    })
}

/// "2" → "2nd ed."; "Fourth edition" → "4th ed."; first editions and
/// printings ("4. print", "Nachdr.") are not editions APA names (§9.27).
fn apa_edition(ed: &str) -> Option<String> {
    let lower = ed.trim().trim_end_matches('.').to_lowercase();
    if ["print", "nachdr", "reprint", "druck"]
        .iter()
        .any(|p| lower.contains(p))
    {
        return None;
    }
    const ORDINALS: &[&str] = &[
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    let first_word = lower.split([' ', '-']).next().unwrap_or_default();
    let digits: String = first_word
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let n = ORDINALS
        .iter()
        .position(|o| *o == first_word)
        .map(|i| i as u32 + 1)
        .or_else(|| digits.parse().ok());
    let rest = lower
        .split_once(' ')
        .map(|(_, r)| r.trim())
        .unwrap_or_default();
    let only_edition = rest.is_empty() || rest.starts_with("ed");
    match n {
        Some(1) if only_edition => None,
        Some(n) if only_edition => Some(format!("{n}{} ed.", ordinal_suffix(n))),
        _ if lower.ends_with(" edition") => {
            // "Illustrated edition" → "Illustrated ed."
            Some(format!(
                "{} ed.",
                ed.trim()[..ed.trim().len() - " edition".len()].trim_end()
            ))
        }
        _ if lower.split([' ', '-']).any(|w| w.starts_with("ed")) => Some(ed.trim().to_string()),
        _ => Some(format!("{} ed.", ed.trim())),
    }
}

/// The version of software: "(Version 1.4)", or the R convention
/// "(R package version 0.3.1)" from a `note`.
fn version(w: &Work) -> Option<String> {
    if let Some(v) = &w.version {
        return Some(format!("Version {}", v.trim_start_matches(['v', 'V'])));
    }
    let note = w.note.as_deref()?;
    let lower = note.to_lowercase();
    lower
        .contains("package version")
        .then(|| note.trim_end_matches('.').to_string())
}

/// `@software`, an R package's `note = {R package version …}`, or Zotero's
/// `note = {Type: Software}`.
fn is_software(w: &Work) -> bool {
    w.bibtex_type.as_deref() == Some("software")
        || w.note.as_deref().is_some_and(|n| {
            let n = n.to_lowercase();
            n.contains("package version") || n.trim() == "type: software"
        })
}

fn is_unpublished(w: &Work) -> bool {
    w.bibtex_type.as_deref() == Some("unpublished")
        || w.note
            .as_deref()
            .is_some_and(|n| n.trim().eq_ignore_ascii_case("unpublished manuscript"))
}

/// "(Report No. 00-4769)"; a report number is an identifier, never a range.
fn report_number(w: &Work) -> Option<String> {
    let n = w.number.as_deref()?;
    let genre = w.genre.as_deref().unwrap_or("Report");
    Some(format!("{genre} No. {n}"))
}

/// An issue "1-2" is a range (a double issue); "00-4769" is not.
fn issue(i: &str) -> String {
    match i.split_once('-') {
        Some((a, b))
            if !a.starts_with('0')
                && matches!((a.parse::<u32>(), b.parse::<u32>()), (Ok(x), Ok(y)) if x < y) =>
        {
            format!("{a}–{b}")
        }
        _ => i.to_string(),
    }
}

pub(crate) fn apa(w: &Work, year: &str, terms: &Terms) -> Markup {
    let mut m = Markup::default();
    let title_first = w.authors.is_empty() && (w.editors.is_empty() || w.kind != WorkKind::Book);
    if !w.authors.is_empty() {
        m.plain(apa_names(&w.authors, terms)).period();
    } else if !w.editors.is_empty() && w.kind == WorkKind::Book {
        let label = if w.editors.len() == 1 { "Ed." } else { "Eds." };
        m.plain(format!("{} ({label}).", apa_names(&w.editors, terms)));
    } else {
        apa_title(&mut m, w);
    }
    m.plain(format!(" ({year}). "));
    if !title_first {
        apa_title(&mut m, w);
        m.plain(" ");
    }
    match w.kind {
        WorkKind::Article => article_source(&mut m, w),
        WorkKind::Chapter => chapter_source(&mut m, w, terms),
        // The bracketed description belongs to the title: "*Title* [Doctoral dissertation, University]."
        WorkKind::Thesis => {}
        _ => publisher(&mut m, w),
    }
    if let Some(url) = w.link() {
        m.link(url);
    }
    m.trimmed()
}

fn article_source(m: &mut Markup, w: &Work) {
    let Some(journal) = container(w) else {
        return;
    };
    m.italic(journal);
    if let Some(v) = &w.volume {
        m.plain(", ").italic(v);
    }
    if let Some(i) = &w.issue {
        m.plain(format!("({})", issue(i)));
    }
    if let Some(p) = &w.pages {
        m.plain(format!(", {}", page_range(p)));
    }
    m.period().plain(" ");
}

fn chapter_source(m: &mut Markup, w: &Work, terms: &Terms) {
    m.plain("In ");
    if !w.editors.is_empty() {
        m.plain(apa_editors_in(&w.editors, terms)).plain(", ");
    }
    // A container stored with a closing period ("Technology.") would
    // print ". (pp. 1–13)".
    let book = container(w).unwrap_or_default();
    m.italic(book.trim_end_matches('.'));
    let details: Vec<String> = [
        w.edition.as_deref().and_then(apa_edition),
        w.pages.as_deref().map(|p| {
            let pp = if p.contains(['-', '–', ',']) {
                "pp."
            } else {
                "p."
            };
            format!("{pp} {}", page_range(p))
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        m.plain(format!(" ({})", details.join(", ")));
    }
    m.period().plain(" ");
    publisher(m, w);
}

/// The publisher (APA 7 §9.29), or for a web page or other work the site
/// named in `howpublished` or `journal` ("New Scientist", §10.16).
fn publisher(m: &mut Markup, w: &Work) {
    let site = || {
        matches!(w.kind, WorkKind::Other | WorkKind::Web)
            .then_some(w.container.as_deref())
            .flatten()
    };
    let p = w
        .distinct_publisher()
        .or(w.howpublished.as_deref())
        .or_else(site)
        .filter(|p| !p.is_empty());
    if let Some(p) = p {
        m.plain(p).period().plain(" ");
    }
}

/// The title with what APA attaches to it: italics for stand-alone works,
/// edition, volume, report number or version in parentheses, and a
/// bracketed description (thesis, software, unpublished manuscript).
fn apa_title(m: &mut Markup, w: &Work) {
    let text = title(w).text;
    if text.is_empty() {
        // No title: nothing to print, and no lone period (". .").
        return;
    }
    let standalone = !matches!(w.kind, WorkKind::Article | WorkKind::Chapter);
    if standalone {
        m.italic(&text);
    } else {
        m.plain(&text);
    }
    let paren: Vec<String> = match w.kind {
        WorkKind::Book | WorkKind::Other | WorkKind::Web => [
            w.edition.as_deref().and_then(apa_edition),
            w.volume.as_deref().map(|v| format!("Vol. {v}")),
            version(w),
        ]
        .into_iter()
        .flatten()
        .collect(),
        WorkKind::Report => report_number(w).into_iter().collect(),
        _ => Vec::new(),
    };
    if !paren.is_empty() {
        m.plain(format!(" ({})", paren.join(", ")));
    }
    if w.kind == WorkKind::Thesis {
        let genre = w.genre.as_deref().unwrap_or("Thesis");
        match &w.publisher {
            Some(p) => m.plain(format!(" [{genre}, {p}]")),
            None => m.plain(format!(" [{genre}]")),
        };
    } else if is_unpublished(w) {
        m.plain(" [Unpublished manuscript]");
    } else if is_software(w) {
        m.plain(" [Computer software]");
    }
    m.period();
}

/// Warnings for titles whose sentence case lowercased a word the word list
/// also knows as a proper noun ("White", "Turkey"): the author may have
/// meant the name, and braces say so.
pub(crate) fn title_case_warnings(bib: &Bibliography) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // Sentence-casing every title is some 15 ms for 2,000 sources: in
    // parallel, in bibliography order.
    let works: Vec<&Work> = bib.works().collect();
    works
        .par_iter()
        .filter_map(|w| title_case_warning(bib, w))
        .collect()
}

fn title_case_warning(bib: &Bibliography, w: &Work) -> Option<Diagnostic> {
    let doubtful = title(w).doubtful;
    if doubtful.is_empty() {
        return None;
    }
    let words: Vec<String> = doubtful.iter().map(|d| format!("`{d}`")).collect();
    let braced: Vec<String> = doubtful.iter().map(|d| format!("{{{d}}}")).collect();
    let mut d = Diagnostic::warning(format!(
        "APA sentence case lowercased {} in the title of `{}`, which can also be a name",
        words.join(", "),
        w.key
    ))
    .help(format!(
        "if it is a name here, protect it with braces in the title: {}",
        braced.join(", ")
    ));
    if let Some(location) = bib.definition(&w.key) {
        d = d.at(location);
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::{apa_edition, issue};

    #[test]
    fn editions_as_apa_writes_them() {
        assert_eq!(apa_edition("2").as_deref(), Some("2nd ed."));
        assert_eq!(apa_edition("Fourth edition").as_deref(), Some("4th ed."));
        assert_eq!(apa_edition("3rd ed").as_deref(), Some("3rd ed."));
        assert_eq!(apa_edition("1st ed"), None);
        assert_eq!(apa_edition("4. print"), None);
        assert_eq!(apa_edition("Nachdr."), None);
        assert_eq!(apa_edition("Revised").as_deref(), Some("Revised ed."));
        assert_eq!(
            apa_edition("Illustrated edition").as_deref(),
            Some("Illustrated ed.")
        );
        assert_eq!(
            apa_edition("Fortieth-Anniversary Edition").as_deref(),
            Some("Fortieth-Anniversary ed.")
        );
    }

    #[test]
    fn only_real_issue_ranges_get_an_en_dash() {
        assert_eq!(issue("1-2"), "1–2");
        assert_eq!(issue("00-4769"), "00-4769");
        assert_eq!(issue("12"), "12");
    }
}
