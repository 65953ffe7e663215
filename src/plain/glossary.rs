//! The readers' glossary: terms defined in `content/glossary.toml`
//! (`"term" = "definition"`), a definition on each term's first use on a
//! page, and the `/glossary/` page listing them all.
//!
//! A first use becomes a link to the term on `/glossary/` that holds a
//! `<dfn>`, described (`aria-describedby`) by a definition the theme's CSS
//! shows while the link has focus or the pointer: it works by keyboard,
//! with no hover, and with no JavaScript the link still leads to the
//! definition.

use std::ops::Range;

use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::text::escape_html;

/// Where the glossary lives, under the site root.
pub const FILE: &str = "content/glossary.toml";

/// One term and its definition.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Term {
    pub term: String,
    /// The term's anchor on `/glossary/`.
    pub slug: String,
    pub definition: String,
}

/// The site's terms, in alphabetical order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

impl Glossary {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Reads `content/glossary.toml` if the site has one.
pub fn load(config: &Config) -> (Glossary, Vec<Diagnostic>) {
    let path = config.root.join(FILE);
    let Ok(bytes) = std::fs::read(&path) else {
        return (Glossary::default(), Vec::new());
    };
    let Ok(text) = String::from_utf8(bytes) else {
        let d = Diagnostic::error(format!("{FILE} is not valid UTF-8"))
            .in_file(FILE)
            .help("save the file as UTF-8");
        return (Glossary::default(), vec![d]);
    };
    parse(&SourceFile::new(FILE, text))
}

/// Parses the glossary: every value a non-empty string.
pub fn parse(file: &SourceFile) -> (Glossary, Vec<Diagnostic>) {
    let help = "write one term per line, as in \"parent engagement\" = \"the interest families take in their child's learning\"";
    let table: toml::Table = match toml::from_str(&file.text) {
        Ok(t) => t,
        Err(e) => {
            return (
                Glossary::default(),
                vec![crate::config::toml_error(&e, file, 0, help)],
            );
        }
    };
    let mut diags = Vec::new();
    let mut terms = Vec::new();
    for (term, value) in table {
        let at = term_span(&file.text, &term);
        match value {
            toml::Value::String(definition)
                if !definition.trim().is_empty() && !term.trim().is_empty() =>
            {
                terms.push(Term {
                    slug: slug::slugify(&term),
                    term: term.trim().to_string(),
                    definition: definition.trim().to_string(),
                });
            }
            _ => diags.push(
                Diagnostic::error(format!(
                    "glossary term `{term}` needs a definition in quotes"
                ))
                .at_span(file, at)
                .help(help),
            ),
        }
    }
    terms.sort_by_key(|t| t.term.to_lowercase());
    (Glossary { terms }, diags)
}

/// Where `term` is written in the file, quoted or bare.
fn term_span(text: &str, term: &str) -> Range<usize> {
    let quoted = format!("\"{term}\"");
    text.find(&quoted)
        .map(|i| i..i + quoted.len())
        .or_else(|| text.find(term).map(|i| i..i + term.len()))
        .unwrap_or(0..0)
}

/// Elements whose text is never marked: links, code, headings, existing
/// definitions, citations and anything not running text.
const SKIPPED: &[&str] = &[
    "a", "abbr", "button", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "math", "pre",
    "samp", "script", "style", "sup", "svg", "textarea", "var",
];

/// `html` with the first use of each term marked up. `page_key` makes the
/// definitions' ids unique when pages are put together (the booklet).
pub fn mark_first_uses(
    html: &str,
    glossary: &Glossary,
    glossary_url: &str,
    page_key: &str,
) -> String {
    if glossary.is_empty() {
        return html.to_string();
    }
    let mut pending: Vec<(&Term, String)> = glossary
        .terms
        .iter()
        .map(|t| (t, t.term.to_lowercase()))
        .collect();
    let mut out = String::with_capacity(html.len() + 512);
    let mut skip: Vec<String> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            track(tag, &mut skip);
            out.push_str(tag);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..end];
        if skip.is_empty() && !pending.is_empty() {
            mark_text(text, &mut pending, glossary_url, page_key, &mut out);
        } else {
            out.push_str(text);
        }
        rest = &rest[end..];
    }
    out
}

/// Keeps the stack of open skipped elements.
fn track(tag: &str, skip: &mut Vec<String>) {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    if inner.starts_with('!') || inner.starts_with('?') || inner.ends_with('/') {
        return;
    }
    let (closing, name) = match inner.strip_prefix('/') {
        Some(n) => (true, n),
        None => (false, inner),
    };
    let name: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    // A popover (a citation's evidence details) is not running text; the
    // spans inside it are counted so its own `</span>` ends the skip.
    let in_popover = skip.iter().any(|n| n == "span");
    let popover = !closing
        && name == "span"
        && inner
            .split_ascii_whitespace()
            .any(|a| a == "popover" || a.starts_with("popover="));
    let skipped = SKIPPED.contains(&name.as_str()) || popover || (name == "span" && in_popover);
    if !skipped {
        return;
    }
    if closing {
        if let Some(at) = skip.iter().rposition(|n| *n == name) {
            skip.truncate(at);
        }
    } else {
        skip.push(name);
    }
}

/// Writes `text` with the first use of any pending term marked; marked
/// terms leave `pending`.
fn mark_text(
    text: &str,
    pending: &mut Vec<(&Term, String)>,
    url: &str,
    page_key: &str,
    out: &mut String,
) {
    let lower = text.to_lowercase();
    // Lowercasing can change lengths outside ASCII; then positions would
    // not line up, so such text is left as it is.
    if lower.len() != text.len() {
        out.push_str(text);
        return;
    }
    let mut cursor = 0;
    loop {
        let next = pending
            .iter()
            .enumerate()
            .filter_map(|(k, (_, t))| find_word(&lower, t, cursor).map(|at| (at, k, t.len())))
            .min_by_key(|&(at, _, len)| (at, std::cmp::Reverse(len)));
        let Some((at, k, len)) = next else { break };
        let (term, _) = pending.remove(k);
        out.push_str(&text[cursor..at]);
        let id = format!("glossary-{page_key}-{}", term.slug);
        out.push_str(&format!(
            "<span class=\"glossary-term\"><a class=\"glossary-term__link\" href=\"{url}#{slug}\" aria-describedby=\"{id}\"><dfn>{shown}</dfn></a><span class=\"glossary-term__definition\" id=\"{id}\" role=\"tooltip\">{definition}</span></span>",
            slug = escape_html(&term.slug),
            shown = &text[at..at + len],
            definition = escape_html(&term.definition),
        ));
        cursor = at + len;
    }
    out.push_str(&text[cursor..]);
}

/// The first whole-word occurrence of `word` in `text` at or after `from`.
fn find_word(text: &str, word: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(i) = text.get(start..)?.find(word) {
        let at = start + i;
        let end = at + word.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        start = at + word.len().max(1);
    }
    None
}

/// A short, stable key for a page's site path.
pub fn page_key(site_path: &str) -> String {
    let mut h: u32 = 0x811c9dc5;
    for b in site_path.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x01000193);
    }
    format!("{h:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        parse(&SourceFile::new(
            FILE,
            "\"parent engagement\" = \"The interest you take <in> learning.\"\nwellbeing = \"Feeling well.\"\n",
        ))
        .0
    }

    #[test]
    fn only_the_first_use_outside_links_headings_and_code_is_marked() {
        let html = "<h2>Parent engagement</h2><p>See <a href=\"x\">parent engagement</a> and <code>wellbeing</code>.</p><p>Parent engagement matters. Parent engagement again; wellbeing too.</p>";
        let out = mark_first_uses(html, &glossary(), "/glossary/", "k");
        assert_eq!(out.matches("<dfn>").count(), 2, "{out}");
        assert!(out.contains("<h2>Parent engagement</h2>"));
        assert!(out.contains("<p><span class=\"glossary-term\"><a class=\"glossary-term__link\" href=\"/glossary/#parent-engagement\" aria-describedby=\"glossary-k-parent-engagement\"><dfn>Parent engagement</dfn></a><span class=\"glossary-term__definition\" id=\"glossary-k-parent-engagement\" role=\"tooltip\">The interest you take &lt;in&gt; learning.</span></span> matters."), "{out}");
        assert!(
            out.contains("Parent engagement again; <span class=\"glossary-term\">"),
            "{out}"
        );
    }

    #[test]
    fn text_inside_a_citation_popover_is_not_marked() {
        let html = "<p>Talk (<span class=\"cite\">Lee<span class=\"cite__pop\" popover id=\"c-pop\"><span class=\"cite__ref\">Parent engagement <span>in</span> wellbeing</span></span></span>) about parent engagement.</p>";
        let out = mark_first_uses(html, &glossary(), "/g/", "k");
        assert_eq!(out.matches("<dfn>").count(), 1, "{out}");
        assert!(
            out.contains(
                "<span class=\"cite__ref\">Parent engagement <span>in</span> wellbeing</span>"
            ),
            "{out}"
        );
        assert!(
            out.contains("about <span class=\"glossary-term\">"),
            "{out}"
        );
    }

    #[test]
    fn terms_match_whole_words_only() {
        let out = mark_first_uses(
            "<p>wellbeings and well-wellbeing</p>",
            &glossary(),
            "/g/",
            "k",
        );
        assert!(!out.contains("<dfn>"), "{out}");
    }

    #[test]
    fn a_term_without_a_definition_is_an_error_at_its_line() {
        let (g, diags) = parse(&SourceFile::new(
            FILE,
            "ok = \"Fine.\"\n\"empty\" = \"\"\nnumber = 3\n",
        ));
        assert_eq!(g.terms.len(), 1);
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].location.as_ref().unwrap().line, 2);
        assert!(diags[0].message.contains("`empty` needs a definition"));
    }
}
