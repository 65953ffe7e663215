//! `/search-index.json`: what the default theme's search box searches.

use std::io::{self, Write};

use serde::Serialize;

use crate::config::Config;
use crate::content::Content;
use crate::ids::{PageId, SectionId, TiSlice, TiVec};
use crate::markdown::Rendered;
use crate::site::SiteData;

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    summary: Option<&'a str>,
    headings: Vec<&'a str>,
    body: &'a str,
}

/// What the search indexes are made of: the content and the Markdown
/// stage's documents. All of it is known before the evidence stage, so
/// `sheaf build` writes the indexes then and lets the pages' plain text go
/// (docs/performance.md, "Search indexes before evidence").
#[derive(Clone, Copy)]
pub struct SearchInput<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub page_docs: &'a TiSlice<PageId, Rendered>,
    pub section_docs: &'a TiSlice<SectionId, Rendered>,
    /// The plain texts when they were taken out of the documents
    /// ([`PlainTexts::take`]); else the documents' own are read.
    pub texts: Option<&'a PlainTexts>,
}

impl<'a> SearchInput<'a> {
    pub fn of(data: &'a SiteData) -> Self {
        SearchInput {
            config: &data.config,
            content: &data.content,
            page_docs: &data.page_docs,
            section_docs: &data.section_docs,
            texts: None,
        }
    }

    fn page_text(&self, id: PageId) -> &'a str {
        match self.texts {
            Some(texts) => &texts.pages[id],
            None => &self.page_docs[id].plain_text,
        }
    }

    fn section_text(&self, id: SectionId) -> &'a str {
        match self.texts {
            Some(texts) => &texts.sections[id],
            None => &self.section_docs[id].plain_text,
        }
    }
}

/// Every page's and section's plain text, taken out of their documents:
/// `sheaf build` writes the search indexes from these while the evidence
/// stage reads the documents, and drops them once the indexes are written.
#[derive(Debug, Default)]
pub struct PlainTexts {
    pages: TiVec<PageId, String>,
    sections: TiVec<SectionId, String>,
}

impl PlainTexts {
    pub fn take(
        page_docs: &mut TiSlice<PageId, Rendered>,
        section_docs: &mut TiSlice<SectionId, Rendered>,
    ) -> Self {
        let take = |doc: &mut Rendered| std::mem::take(&mut doc.plain_text);
        PlainTexts {
            pages: page_docs.iter_mut().map(take).collect(),
            sections: section_docs.iter_mut().map(take).collect(),
        }
    }
}

/// Where language `lang`'s index goes (`None`: the default language's).
pub fn search_index_path(lang: Option<&str>) -> String {
    match lang {
        None => "search-index.json".to_string(),
        Some(tag) => format!("{tag}/search-index.json"),
    }
}

/// The index of one language's pages and sections (`None`: the default
/// language's), in content order. JSON escaping makes the data safe
/// wherever a theme loads it from.
pub fn search_index_in(input: SearchInput<'_>, lang: Option<&str>) -> String {
    let mut bytes = Vec::new();
    write_search_index(input, lang, &mut |piece| bytes.extend_from_slice(piece));
    // JSON is UTF-8, and the escaping only adds `\`.
    String::from_utf8(bytes).unwrap_or_else(|_| "[]".into())
}

/// [`search_index_in`], handed to `out` a piece at a time: the index of a
/// large site is tens of megabytes, and `sheaf build` need not hold it.
pub fn write_search_index(input: SearchInput<'_>, lang: Option<&str>, out: &mut dyn FnMut(&[u8])) {
    let SearchInput {
        config,
        content,
        page_docs,
        section_docs,
        ..
    } = input;
    let mut entries = Vec::with_capacity(content.pages.len() + content.sections.len());
    let pages = (content.pages.iter_enumerated().zip(page_docs))
        .filter(|((_, page), _)| page.lang.as_deref() == lang);
    for ((id, page), doc) in pages {
        entries.push(Entry {
            title: &page.front.title,
            url: config.url_for(&page.site_path),
            summary: page.front.summary.as_deref(),
            headings: flatten(&doc.toc),
            body: input.page_text(id),
        });
    }
    let sections = (content.sections.iter_enumerated().zip(section_docs))
        .filter(|((_, section), _)| section.lang.as_deref() == lang);
    for ((id, section), doc) in sections {
        entries.push(Entry {
            title: &section.title,
            url: config.url_for(&section.site_path),
            summary: section.front.summary.as_deref(),
            headings: flatten(&doc.toc),
            body: input.section_text(id),
        });
    }
    let mut writer = EscapeClosingTags {
        out,
        buf: Vec::with_capacity(PIECE),
        after_lt: false,
    };
    // Strings, options and lists cannot fail to serialize, and the writer
    // never fails.
    let _ = serde_json::to_writer(&mut writer, &entries);
    let _ = writer.flush();
}

/// How much [`EscapeClosingTags`] gathers before handing it on.
const PIECE: usize = 1 << 16;

/// Writes `</` as `<\/`, so the index can also be inlined in a
/// `<script>`; a `<` at the end of one write and a `/` at the start of the
/// next are escaped too.
struct EscapeClosingTags<'a> {
    out: &'a mut dyn FnMut(&[u8]),
    buf: Vec<u8>,
    /// Whether the last byte written was `<`.
    after_lt: bool,
}

impl Write for EscapeClosingTags<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for at in memchr::memchr_iter(b'/', bytes) {
            let after_lt = match at {
                0 => self.after_lt,
                _ => bytes[at - 1] == b'<',
            };
            if after_lt {
                self.buf.extend_from_slice(&bytes[start..at]);
                self.buf.push(b'\\');
                start = at;
            }
        }
        self.buf.extend_from_slice(&bytes[start..]);
        if let Some(&last) = bytes.last() {
            self.after_lt = last == b'<';
        }
        if self.buf.len() >= PIECE {
            (self.out)(&self.buf);
            self.buf.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            (self.out)(&self.buf);
            self.buf.clear();
        }
        Ok(())
    }
}

fn flatten(toc: &[crate::markdown::TocEntry]) -> Vec<&str> {
    let mut out = Vec::new();
    for entry in toc {
        out.push(entry.title.as_str());
        out.extend(flatten(&entry.children));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `pieces` one write each; what comes out, piece by piece.
    fn escaped(pieces: &[&str]) -> (String, usize) {
        let mut bytes = Vec::new();
        let mut handed = 0;
        let mut out = |piece: &[u8]| {
            bytes.extend_from_slice(piece);
            handed += 1;
        };
        let mut writer = EscapeClosingTags {
            out: &mut out,
            buf: Vec::new(),
            after_lt: false,
        };
        for piece in pieces {
            writer.write_all(piece.as_bytes()).unwrap();
        }
        writer.flush().unwrap();
        (String::from_utf8(bytes).unwrap(), handed)
    }

    #[test]
    fn closing_tags_are_escaped_as_replace_did() {
        let text = "a</script><b>/c<//d</";
        assert_eq!(escaped(&[text]).0, text.replace("</", "<\\/"));
    }

    #[test]
    fn a_closing_tag_split_between_writes_is_escaped() {
        assert_eq!(escaped(&["x<", "/y", "<", "", "/"]).0, "x<\\/y<\\/");
        assert_eq!(escaped(&["x/", "/"]).0, "x//");
    }

    #[test]
    fn a_large_index_is_handed_on_in_pieces() {
        let big = "</".repeat(PIECE);
        let (text, handed) = escaped(&[&big, &big]);
        assert_eq!(text, format!("{big}{big}").replace("</", "<\\/"));
        assert!(handed >= 2, "{handed}");
    }
}
