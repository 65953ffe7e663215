//! Reference-list entries for the built-in styles, written from the
//! entry data by the style manuals' rules (Chicago 17 author-date, Harvard
//! as in Cite Them Right; APA 7 lives in `apa_refs`).

use super::markup::{Markup, en_dash, ordinal_suffix};
use super::names::*;
use super::terms::Terms;
use super::work::{Name, Work, WorkKind};

/// "2" → "2nd ed."; "Revised" → "Revised ed."; Harvard uses "edn".
fn edition(ed: &str, abbrev: &str) -> String {
    match ed.parse::<u32>() {
        Ok(n) => {
            format!("{n}{} {abbrev}", ordinal_suffix(n))
        }
        Err(_) if ed.ends_with('.') || ed.contains(" ed") => ed.to_string(),
        Err(_) => format!("{ed} {abbrev}"),
    }
}

// ---------------------------------------------------- Chicago author-date

fn chicago_names(names: &[Name], terms: &Terms) -> String {
    let list: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i == 0 {
                inverted_full(n)
            } else {
                given_first_full(n)
            }
        })
        .collect();
    if list.len() > 6 {
        // CMOS 18 (and its official CSL): more than six authors, list
        // three then "et al."
        return format!("{}, {}", list[..3].join(", "), terms.et_al);
    }
    let and = format!(" {} ", terms.and);
    join_names(&list, &format!(",{and}"), ", ", &format!(",{and}"))
}

fn place_publisher(w: &Work) -> Option<String> {
    let p = w.distinct_publisher()?;
    Some(match &w.place {
        Some(place) => format!("{place}: {p}"),
        None => p.to_string(),
    })
}

pub(crate) fn chicago(w: &Work, year: &str, terms: &Terms) -> Markup {
    let mut m = Markup::default();
    if w.authors.is_empty() && !w.editors.is_empty() && w.kind == WorkKind::Book {
        let label = if w.editors.len() == 1 { "ed." } else { "eds." };
        m.plain(format!("{}, {label}", chicago_names(&w.editors, terms)));
    } else {
        m.plain(chicago_names(&w.authors, terms));
    }
    if m.last_char().is_some() {
        m.period().plain(" ");
    }
    m.plain(format!("{year}. "));
    match w.kind {
        WorkKind::Article | WorkKind::Chapter => {
            quoted_title(&mut m, &w.title, '“', '”', true);
        }
        _ => {
            m.italic(&w.title).period();
        }
    }
    m.plain(" ");
    match w.kind {
        WorkKind::Article => {
            m.italic(w.container.as_deref().unwrap_or_default());
            if let Some(v) = &w.volume {
                m.plain(format!(" {v}"));
            }
            if let Some(i) = &w.issue {
                m.plain(format!(" ({i})"));
            }
            if let Some(p) = &w.pages {
                m.plain(format!(": {}", en_dash(p)));
            }
            m.period().plain(" ");
        }
        WorkKind::Chapter => {
            m.plain("In ")
                .italic(w.container.as_deref().unwrap_or_default());
            if let Some(e) = &w.edition {
                m.plain(format!(", {}", edition(e, "ed.")));
            }
            if !w.editors.is_empty() {
                let eds: Vec<String> = w.editors.iter().map(given_first_full).collect();
                m.plain(format!(
                    ", edited by {}",
                    join_names(
                        &eds,
                        &format!(" {} ", terms.and),
                        ", ",
                        &format!(", {} ", terms.and),
                    )
                ));
            }
            if let Some(p) = &w.pages {
                m.plain(format!(", {}", en_dash(p)));
            }
            m.plain(". ");
            if let Some(pp) = place_publisher(w) {
                m.plain(pp).period().plain(" ");
            }
        }
        _ => {
            if let (WorkKind::Book, Some(e)) = (w.kind, &w.edition) {
                m.plain(edition(e, "ed.")).plain(" ");
            }
            if let (WorkKind::Report, Some(n)) = (w.kind, &w.number) {
                m.plain(format!("{} {n}. ", w.genre.as_deref().unwrap_or("Report")));
            }
            if let Some(pp) = place_publisher(w) {
                m.plain(pp).period().plain(" ");
            }
        }
    }
    if let Some(url) = w.link() {
        m.link(url).plain(".");
    }
    m.trimmed()
}

/// `“Title.”` (Chicago) or `'Title',` (Harvard): closing punctuation goes
/// inside double quotes, outside single ones.
fn quoted_title(m: &mut Markup, title: &str, open: char, close: char, period_inside: bool) {
    if period_inside {
        let end = if title.ends_with(['?', '!', '.']) {
            ""
        } else {
            "."
        };
        m.plain(format!("{open}{title}{end}{close}"));
    } else {
        m.plain(format!("{open}{title}{close},"));
    }
}

// ------------------------------------------------ Harvard (Cite Them Right)

fn harvard_names(names: &[Name], terms: &Terms) -> String {
    let list: Vec<String> = names.iter().map(|n| inverted_initials(n, false)).collect();
    let and = format!(" {} ", terms.and);
    join_names(&list, &and, ", ", &and)
}

/// The author part of a Cite Them Right entry: four or more authors are
/// the first one and an italic "et al." (as in its official CSL).
fn harvard_authors(m: &mut Markup, names: &[Name], terms: &Terms) {
    if names.len() >= 4 {
        m.plain(format!("{} ", inverted_initials(&names[0], false)))
            .italic(&terms.et_al)
            .plain(" ");
    } else {
        m.plain(format!("{} ", harvard_names(names, terms)));
    }
}

pub(crate) fn harvard(w: &Work, year: &str, terms: &Terms) -> Markup {
    let mut m = Markup::default();
    if w.authors.is_empty() && !w.editors.is_empty() && w.kind == WorkKind::Book {
        let label = if w.editors.len() == 1 { "ed." } else { "eds" };
        m.plain(format!("{} ({label}) ", harvard_names(&w.editors, terms)));
    } else if !w.authors.is_empty() {
        harvard_authors(&mut m, &w.authors, terms);
    }
    m.plain(format!("({year}) "));
    match w.kind {
        WorkKind::Article => {
            quoted_title(&mut m, &w.title, '‘', '’', false);
            m.plain(" ")
                .italic(w.container.as_deref().unwrap_or_default());
            if let Some(v) = &w.volume {
                m.plain(format!(", {v}"));
            }
            if let Some(i) = &w.issue {
                m.plain(format!("({i})"));
            }
            if let Some(p) = &w.pages {
                m.plain(format!(", pp. {}", en_dash(p)));
            }
            m.plain(". ");
        }
        WorkKind::Chapter => {
            quoted_title(&mut m, &w.title, '‘', '’', false);
            m.plain(" in ");
            if !w.editors.is_empty() {
                let label = if w.editors.len() == 1 { "ed." } else { "eds" };
                m.plain(format!("{} ({label}) ", harvard_names(&w.editors, terms)));
            }
            m.italic(w.container.as_deref().unwrap_or_default())
                .plain(". ");
            if let Some(e) = &w.edition {
                m.plain(format!("{}. ", edition(e, "edn")));
            }
            if let Some(pp) = place_publisher(w) {
                m.plain(pp);
            }
            if let Some(p) = &w.pages {
                m.plain(format!(", pp. {}", en_dash(p)));
            }
            m.period().plain(" ");
        }
        _ => {
            m.italic(&w.title).period().plain(" ");
            if let (WorkKind::Book, Some(e)) = (w.kind, &w.edition) {
                m.plain(format!("{}. ", edition(e, "edn")));
            }
            if w.kind == WorkKind::Thesis {
                // "PhD thesis. University of Leeds."
                m.plain(w.genre.as_deref().unwrap_or("Thesis"))
                    .period()
                    .plain(" ");
            }
            if let (WorkKind::Report, Some(n)) = (w.kind, &w.number) {
                m.plain(format!("{} {n}. ", w.genre.as_deref().unwrap_or("Report")));
            }
            if let Some(pp) = place_publisher(w) {
                m.plain(pp).period().plain(" ");
            }
        }
    }
    if let Some(url) = w.link() {
        m.plain("Available at: ").link(url).plain(".");
    }
    m.trimmed()
}
