//! Markdown to HTML with pulldown-cmark, as a series of passes over the
//! event stream: heading ids and the table of contents, `@/` internal links,
//! and citations. Every pass keeps source offsets so errors point at the
//! author's file, line and column.

pub mod citations;
pub mod cite_keys;
mod headings;
mod image_sizes;
pub mod links;
mod local_links;
pub mod sentences;
mod task_lists;
mod text_runs;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub use citations::Citation;
pub use headings::TocEntry;
pub use links::{AnchorCheck, ExternalLink, LinkIndex, LinkTarget};
pub use local_links::{LocalLink, check_local_links, locate_local_links};

use crate::diagnostics::{Diagnostic, SourceFile};

/// What the citation pass needs from the evidence stage.
pub trait CitationRenderer: Sync {
    /// Whether the bibliography has `key`.
    fn has_key(&self, key: &str) -> bool;
    /// The closest known keys, for "did you mean" help.
    fn suggest(&self, key: &str) -> Vec<String>;
    /// Where unknown keys were looked up, for the error label.
    fn bibliography_name(&self) -> String;
    /// The in-text citation as HTML, each item linking to `#<anchor(key)>`.
    fn render(&self, citation: &Citation) -> String;
    /// [`Self::render`], knowing the document's earlier citations (numeric
    /// styles number sources in the order a page first cites them).
    fn render_in_page(&self, citation: &Citation, _earlier: &[Citation]) -> String {
        self.render(citation)
    }
    /// The element ids the `n`th citation's HTML (1-based) holds, so the
    /// booklet can rename them with the rest.
    fn citation_ids(&self, _n: usize) -> Vec<String> {
        Vec::new()
    }
}

/// Everything one Markdown document needs to render.
pub struct MarkdownInput<'a> {
    pub file: &'a SourceFile,
    /// Byte offset of the body in `file.text`.
    pub body_offset: usize,
    pub links: &'a LinkIndex,
    pub citations: Option<&'a dyn CitationRenderer>,
}

/// A rendered document and what the later stages need to know about it.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub heading_ids: Vec<String>,
    pub anchor_checks: Vec<AnchorCheck>,
    /// Citations in document order, spans in file offsets.
    pub citations: Vec<Citation>,
    /// The sentences holding citations, for the wording lint and the
    /// sources' "Cited in" lists.
    pub sentences: Vec<sentences::CitedSentence>,
    /// Content paths this document links to with `@/`.
    pub links_to: Vec<String>,
    /// Relative and root-relative links and images, checked against the
    /// output once it is planned.
    pub local_links: Vec<LocalLink>,
    /// `http(s)://` links and images, for `sheaf check --external`.
    pub external_links: Vec<ExternalLink>,
    /// Plain text of the body, for the search index and word count.
    pub plain_text: String,
    /// The `id`s of the HTML's elements in document order (headings and
    /// footnotes), when sheaf wrote all of the HTML; `None` when the
    /// Markdown holds raw HTML, whose ids only an HTML parser can find.
    pub element_ids: Option<Vec<String>>,
    pub word_count: usize,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders one document.
pub fn render(input: &MarkdownInput<'_>) -> Rendered {
    render_with(input, |_| {})
}

/// [`render`], handing `parsed` the events as parsed (ranges in file
/// offsets) before any pass edits them: another stage reads the same
/// parse instead of parsing the document again.
pub fn render_with(
    input: &MarkdownInput<'_>,
    parsed: impl FnOnce(&[(Event<'_>, Range<usize>)]),
) -> Rendered {
    let body = &input.file.text[input.body_offset..];
    let offset = input.body_offset;
    let mut events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + offset..r.end + offset))
        .collect();
    parsed(&events);
    let mut out = Rendered::default();

    let (toc, ids) = headings::assign_ids(&mut events);
    out.toc = toc;
    out.heading_ids = ids;
    let mut images = image_sizes::ImageMarkers::new(links::resolve(&mut events, input, &mut out));
    warn_missing_alt(&events, input.file, &mut out);
    let edits = match input.citations {
        Some(renderer) => text_runs::citation_edits(&events, input.file, renderer, &mut out),
        None => Vec::new(),
    };
    out.sentences = sentences::cited_sentences(&events, &out.citations);
    let sheaf_writes_all_html = !events.iter().any(|(event, _)| match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Heading { attrs, .. }) => attrs.iter().any(|(name, _)| &**name == "id"),
        _ => false,
    });
    task_lists::name_checkboxes(&mut events);
    // One pass over the edited events writes the HTML and gathers the
    // plain text and the element ids.
    // Sized so that neither grows on a typical page (the HTML comes to
    // about 1.7 times the Markdown, with the citations' popovers; the text
    // is shorter than the Markdown): growing them was a copy or two of
    // every page (`shrink` gives the slack back).
    let mut raw = String::with_capacity(body.len());
    let mut ids = Vec::new();
    let mut html = String::with_capacity(body.len() * 2);
    // A table right after a heading is named by it (`aria-labelledby`).
    // The HTML writer has no way to add attributes to `<table>`, so a
    // marker comment goes before it and is swapped for the attribute below.
    let mut table_labels: Vec<String> = Vec::new();
    let mut heading_id: Option<String> = None;
    let mut after_heading = false;
    let events = text_runs::into_edited(events, edits).flat_map(|event| {
        let mut marker = None;
        match &event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading_id = id.as_ref().map(|i| i.to_string())
            }
            Event::End(TagEnd::Heading(_)) => {}
            Event::Start(Tag::Table(_)) if after_heading => {
                if let Some(id) = heading_id.take() {
                    marker = Some(Event::Html(
                        format!("{}{}-->", TABLE_LABEL_MARKER, table_labels.len()).into(),
                    ));
                    table_labels.push(id);
                }
            }
            _ => {}
        }
        marker = marker.or_else(|| images.marker(&event));
        after_heading = matches!(event, Event::End(TagEnd::Heading(_)));
        marker.into_iter().chain(std::iter::once(event))
    });
    let events = events.inspect(|event| match event {
        Event::Text(t) | Event::Code(t) => raw.push_str(t),
        Event::SoftBreak | Event::HardBreak => raw.push(' '),
        Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
            raw.push(' ')
        }
        Event::Start(Tag::Heading { id: Some(id), .. } | Tag::FootnoteDefinition(id)) => {
            ids.push(id.to_string())
        }
        _ => {}
    });
    pulldown_cmark::html::push_html(&mut html, events);
    let html = images.apply(html);
    out.html = if table_labels.is_empty() {
        html
    } else {
        label_tables(&html, &table_labels)
    };
    if let Some(renderer) = input.citations {
        ids.extend((1..=out.citations.len()).flat_map(|n| renderer.citation_ids(n)));
    }
    out.element_ids = sheaf_writes_all_html.then_some(ids);
    collect_plain_text(&raw, &mut out);
    out.shrink();
    out
}

impl Rendered {
    /// Gives back what growing the buffers left unused (up to half of the
    /// HTML's allocation): every page's result is held until the render
    /// stage has written the page, its booklet chapter and its search entry.
    fn shrink(&mut self) {
        self.html.shrink_to_fit();
        self.plain_text.shrink_to_fit();
        self.toc.shrink_to_fit();
        self.heading_ids.shrink_to_fit();
        self.anchor_checks.shrink_to_fit();
        self.citations.shrink_to_fit();
        self.sentences.shrink_to_fit();
        self.links_to.shrink_to_fit();
        self.local_links.shrink_to_fit();
        self.external_links.shrink_to_fit();
        if let Some(ids) = &mut self.element_ids {
            ids.shrink_to_fit();
        }
        self.diagnostics.shrink_to_fit();
    }
}

/// Starts the comment that marks a `<table>` to be named by a heading.
const TABLE_LABEL_MARKER: &str = "<!--sheaf-table-label:";

/// Swaps each `<!--sheaf-table-label:N--><table>` for
/// `<table aria-labelledby="labels[N]">`. A marker without a known index or
/// not followed by `<table>` is left as it is.
fn label_tables(html: &str, labels: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + labels.len() * 32);
    let mut rest = html;
    while let Some(at) = rest.find(TABLE_LABEL_MARKER) {
        out.push_str(&rest[..at]);
        let after = &rest[at + TABLE_LABEL_MARKER.len()..];
        let parsed = after.find("-->").and_then(|end| {
            let index: usize = after[..end].parse().ok()?;
            let tail = after[end + 3..].strip_prefix("<table>")?;
            Some((labels.get(index)?, tail))
        });
        match parsed {
            Some((id, tail)) => {
                out.push_str("<table aria-labelledby=\"");
                crate::text::escape_html_into(&mut out, id);
                out.push_str("\">");
                rest = tail;
            }
            None => {
                out.push_str(TABLE_LABEL_MARKER);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collapses the body's raw text for the search index (words joined by
/// single spaces) and counts its words.
fn collect_plain_text(raw: &str, out: &mut Rendered) {
    let (text, words) = if memchr::memchr3(b'\t', b'\r', b'\x0c', raw.as_bytes()).is_none() {
        collapse_spaces_and_newlines(raw)
    } else {
        collapse_whitespace(raw)
    };
    out.word_count = words;
    out.plain_text = text;
}

/// [`collapse_whitespace`] for text whose only whitespace is spaces and
/// newlines (nearly all of it): copies each run of words already one
/// space apart at once, stopping only at the separators that change,
/// instead of looking at every byte (that loop was 2.4 % of a
/// 10,000-page build).
fn collapse_spaces_and_newlines(raw: &str) -> (String, usize) {
    let bytes = raw.as_bytes();
    let n = bytes.len();
    let mut text = String::with_capacity(n);
    let skip_space = |mut i: usize| {
        while i < n && matches!(bytes[i], b' ' | b'\n') {
            i += 1;
        }
        i
    };
    let mut i = skip_space(0);
    while i < n {
        let start = i;
        loop {
            let Some(k) = memchr::memchr2(b' ', b'\n', &bytes[i..]) else {
                i = n;
                break;
            };
            i += k;
            // One space between two words stays as it is.
            if bytes[i] == b' ' && i + 1 < n && !matches!(bytes[i + 1], b' ' | b'\n') {
                i += 1;
                continue;
            }
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&raw[start..i]);
        i = skip_space(i);
    }
    let words = match text.is_empty() {
        true => 0,
        false => memchr::memchr_iter(b' ', text.as_bytes()).count() + 1,
    };
    (text, words)
}

/// Collapses every run of ASCII whitespace to one space, trims the ends,
/// and counts the words, in one byte-level pass.
fn collapse_whitespace(raw: &str) -> (String, usize) {
    let mut text = String::with_capacity(raw.len());
    let mut words = 0;
    let mut in_word = false;
    let mut start = 0;
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let space = b.is_ascii_whitespace();
        if space && in_word {
            if words > 0 {
                text.push(' ');
            }
            text.push_str(&raw[start..i]);
            words += 1;
            in_word = false;
        } else if !space && !in_word {
            start = i;
            in_word = true;
        }
    }
    if in_word {
        if words > 0 {
            text.push(' ');
        }
        text.push_str(&raw[start..]);
        words += 1;
    }
    (text, words)
}

/// Images without alt text are a warning: screen readers have nothing to
/// say for them (WCAG 1.1.1). One pass with a stack of open images, so
/// images nested in image text cost no more than flat ones.
fn warn_missing_alt(events: &[(Event<'_>, Range<usize>)], file: &SourceFile, out: &mut Rendered) {
    // Per open image: its range, and whether its text (nested images'
    // text included, as it is in the alt attribute) has anything to say.
    let mut open: Vec<(Range<usize>, bool)> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::Image { .. }) => open.push((range.clone(), false)),
            Event::End(TagEnd::Image) => {
                let Some((range, has_text)) = open.pop() else {
                    continue;
                };
                if !has_text {
                    out.diagnostics.push(
                        Diagnostic::warning("image without alt text")
                            .at_span(file, range)
                            .label("screen readers cannot describe this image")
                            .help("describe the image between the brackets: ![A diagram of the partnership cycle](cycle.svg)"),
                    );
                }
            }
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                // Innermost first: an image marked already has every image
                // around it marked too, so the marking stops there.
                for image in open.iter_mut().rev() {
                    if image.1 {
                        break;
                    }
                    image.1 = true;
                }
            }
            _ => {}
        }
    }
}

/// Anchors each document defines, by content path, for checking `#anchor`s.
pub type AnchorIndex = HashMap<String, Vec<String>>;

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast path gives what the byte-level pass gives, for text
        /// of words, spaces and newlines (the only text it is used for).
        #[test]
        fn collapsing_spaces_and_newlines_agrees_with_the_byte_pass(
            raw in "[ \n]{0,3}([a-zé.]{0,4}[ \n]{0,3}){0,12}"
        ) {
            proptest::prop_assert_eq!(collapse_spaces_and_newlines(&raw), collapse_whitespace(&raw));
        }
    }

    #[test]
    fn an_image_without_alt_text_is_a_warning() {
        let file = SourceFile::new("a.md", "![](x.png) and ![A cat](cat.png)\n");
        let doc = render(&MarkdownInput {
            file: &file,
            body_offset: 0,
            links: &LinkIndex::default(),
            citations: None,
        });
        assert_eq!(doc.diagnostics.len(), 1);
        assert!(!doc.diagnostics[0].is_error());
        assert!(doc.diagnostics[0].render(false).contains("a.md:1:1"));
    }

    #[test]
    fn plain_text_collapses_whitespace_and_counts_words() {
        let file = SourceFile::new("a.md", "# Title\n\nOne  *two*\nthree `four`.\n\n- five\n");
        let doc = render(&MarkdownInput {
            file: &file,
            body_offset: 0,
            links: &LinkIndex::default(),
            citations: None,
        });
        assert_eq!(doc.plain_text, "Title One two three four. five");
        assert_eq!(doc.word_count, 6);
    }

    #[test]
    fn a_rendered_document_holds_no_slack() {
        // Every page's result is held through the render stage.
        let text = "# Title\n\n".to_string() + &"A paragraph with *some* words.\n\n".repeat(400);
        let file = SourceFile::new("a.md", text);
        let doc = render(&MarkdownInput {
            file: &file,
            body_offset: 0,
            links: &LinkIndex::default(),
            citations: None,
        });
        assert!(doc.html.len() > 10_000);
        assert_eq!(doc.html.capacity(), doc.html.len());
        assert_eq!(doc.plain_text.capacity(), doc.plain_text.len());
        assert_eq!(doc.heading_ids.capacity(), doc.heading_ids.len());
    }

    #[test]
    fn deeply_nested_images_are_checked_in_linear_time() {
        // Each image used to scan ahead to the innermost image's end.
        let depth = 50_000;
        let text = format!("{}x{}\n", "![a ".repeat(depth), "](i.png)".repeat(depth));
        let file = SourceFile::new("a.md", text);
        let doc = render(&MarkdownInput {
            file: &file,
            body_offset: 0,
            links: &LinkIndex::default(),
            citations: None,
        });
        assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics.first());
        let file = SourceFile::new("b.md", "![![](inner.png)](outer.png)\n");
        let doc = render(&MarkdownInput {
            file: &file,
            body_offset: 0,
            links: &LinkIndex::default(),
            citations: None,
        });
        assert_eq!(doc.diagnostics.len(), 2);
    }
}
