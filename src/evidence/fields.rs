//! Text fields of an entry where hayagriva's import loses what APA needs,
//! read again from the BibLaTeX parser's own entry: publishers with "and"
//! in their name (hayagriva splits them into a list), `howpublished` and
//! `note` both kept (hayagriva keeps one), report and issue numbers as
//! written (hayagriva turns `00-4769` into a range), institutions whole
//! ("Co-operation and Development"), URLs as written (and
//! `www.` addresses without a scheme), and the BibTeX entry type.

use hayagriva::types::{ChunkKind, FormatString};

use super::case::Piece;
use super::latex;
use super::work::Work;

/// hayagriva's chunks as [`Piece`]s: braced text is protected; leftover
/// LaTeX is resolved.
pub(crate) fn pieces(s: &FormatString) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut quotes = latex::Quotes::default();
    for chunk in &s.value.0 {
        let protected = !matches!(chunk.kind, ChunkKind::Normal);
        let text = quotes.apply(&latex::commands_to_text(&chunk.value));
        match out.last_mut() {
            Some(last) if last.protected == protected => last.text.push_str(&text),
            _ => out.push(Piece { text, protected }),
        }
    }
    // BibTeX values span lines: collapse whitespace, keep piece boundaries.
    let mut prev_space = true;
    for p in &mut out {
        let mut t = String::with_capacity(p.text.len());
        for c in p.text.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !prev_space {
                    t.push(' ');
                }
                prev_space = true;
            } else {
                t.push(c);
                prev_space = false;
            }
        }
        p.text = t;
    }
    if let Some(last) = out.last_mut() {
        last.text.truncate(last.text.trim_end().len());
    }
    out.retain(|p| !p.text.is_empty());
    out
}

fn raw_text(raw: &biblatex::Entry, field: &str) -> Option<String> {
    use biblatex::ChunksExt;
    let chunks = raw.get(field)?;
    let text = latex::to_text(&chunks.format_verbatim());
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// A web address, with `https://` added to a bare `www.` one. Only web
/// addresses become links: a `javascript:` URL must never reach an href.
pub(crate) fn web_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(url.to_string())
    } else if lower.starts_with("www.") && !url.contains(char::is_whitespace) {
        Some(format!("https://{url}"))
    } else {
        None
    }
}

/// Overrides and adds the fields hayagriva's import got wrong for `work`.
pub(crate) fn apply_bibtex(work: &mut Work, raw: &biblatex::Entry) {
    work.bibtex_type = Some(raw.entry_type.to_string().to_ascii_lowercase());
    let organisation = || {
        ["institution", "organization", "school"]
            .iter()
            .find_map(|f| raw_text(raw, f))
            .filter(|_| work.publisher.is_some())
    };
    if let Some(p) = raw_text(raw, "publisher").or_else(organisation) {
        // "{" O'Reilly Media, Inc."}" (Google Scholar exports) and
        // "Chapman and Hall/CRC" (hayagriva: "Chapman, Hall/CRC").
        let p = p.trim_matches(|c: char| c.is_whitespace() || "\"“”".contains(c));
        work.publisher = Some(p.to_string());
    }
    if let Some(n) = raw_text(raw, "number").or_else(|| raw_text(raw, "issue")) {
        if work.number.is_some() {
            work.number = Some(n);
        } else if work.issue.is_some() {
            work.issue = Some(n);
        }
    }
    if let Some(pages) = raw_text(raw, "pages") {
        work.pages = Some(pages);
    }
    if let Some(url) = raw_text(raw, "url").and_then(|u| web_url(&u)) {
        work.url = Some(url);
    }
    if let Some(how) = raw_text(raw, "howpublished") {
        match web_url(&how) {
            // `howpublished = {\url{…}}`: the address is the link.
            Some(url) => {
                if work.url.is_none() {
                    work.url = Some(url);
                }
            }
            None => work.howpublished = Some(how),
        }
    }
    if work.howpublished.is_none() && work.container.is_none() {
        // `@misc` with `journal = {Ed Glossary}`: the site a page is on.
        work.howpublished = raw_text(raw, "journal").or_else(|| raw_text(raw, "journaltitle"));
    }
    work.note = raw_text(raw, "note").or_else(|| raw_text(raw, "addendum"));
    work.version = raw_text(raw, "version");
}

#[cfg(test)]
mod tests {
    use super::web_url;

    #[test]
    fn bare_www_addresses_become_links_and_other_schemes_do_not() {
        assert_eq!(
            web_url("www.eddatadoneright.com").as_deref(),
            Some("https://www.eddatadoneright.com")
        );
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(web_url("HTTP://X.org/A").as_deref(), Some("HTTP://X.org/A"));
    }
}
